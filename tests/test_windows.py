"""extract.windows: scanning near digits only must find exactly what a scan of the whole
text finds (it exists only to be faster)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.extractors.dates import _RULES
from extract.normalize import fold
from extract.windows import Scanner, digit_windows, plan

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"

_EXTRA = [  # patterns with the constructs the analysis must get right
    r"\d+$", r"(?<!\w)năm\s+\d{4}(?!\w)", r"(?P<s>[/.-])\d\d(?P=s)", r"\bquý\s+(?:i|ii)\b", r"\d(?=,)",
    r"x\d|y", r"(?:tháng\s*){1,3}\d", r"ngày\s*\d+",
]


def _whole(patterns: list[re.Pattern[str]], text: str) -> list[tuple[int, tuple[int, int]]]:
    return [(i, m.span()) for i, p in enumerate(patterns) for m in p.finditer(text)]


def _scanned(scanner: Scanner, text: str) -> list[tuple[int, tuple[int, int]]]:
    return [(i, m.span()) for i, m in scanner.finditer(text)]


def test_plan_reads_what_the_pattern_needs() -> None:
    assert plan(re.compile(r"x\d|y")).width is None  # "y" needs no digit: scanned whole
    assert plan(re.compile(r"\d[a-z]*")).width is None  # unbounded: scanned whole
    assert plan(re.compile(r"tháng\s+\d{1,2}")).width == 7  # spaces are free, however many
    assert plan(re.compile(r"(?P<s>[/.-])\d(?P=s)")).width == 3  # a back reference is as wide as its group
    assert plan(re.compile(r"\d(?!\w|[.,]\d)")).lookahead == 2
    assert plan(re.compile(r"\d{1,4}$", re.M)).lookahead == 1  # "$" reads the next character
    # the words every match starts with: a text without them is not read at all
    assert plan(re.compile(r"(?<!\w)q(?:úy|uí)\s+(?:i|ii)")).openings == {"qúy", "quí"}
    assert plan(re.compile(r"(?:nửa|sáu\s+tháng)\s+đầu")).openings == {"nửa", "sáu"}
    assert not plan(re.compile(r"(?:buổi\s+)?sáng")).openings  # an optional first word: none
    assert not plan(re.compile(r"(?i)quý")).openings  # case-blind: a literal test would miss "QUÝ"
    assert not plan(re.compile(r"(?i:quý)\s+\d")).openings


def test_windows_hold_every_digit_and_what_surrounds_it() -> None:
    text = "a" * 100 + " 7 " + "b" * 100 + "\n\n\n   9 " + "c" * 50 + " 12 34"
    width, extra = 5, 2
    windows = digit_windows(text, width, extra)
    assert all(a < b <= c for (a, b), (c, _) in zip(windows, windows[1:]))  # in order, apart
    for m in re.finditer(r"\d+", text):
        lo, hi = next(w for w in windows if w[0] <= m.start() and m.end() <= w[1])
        before, after = text[lo:m.start()], text[m.end():hi]
        # at least `width` non-space characters each side, however many spaces lie among them
        assert lo == 0 or len("".join(before.split())) >= width, (m.group(), before)
        assert hi == len(text) or len("".join(after.split())) >= width and len(after) >= extra, (m.group(), after)
    assert len(windows) == 3  # "12" and "34" share one
    assert sum(b - a for a, b in windows) < len(text) / 2  # and the rest is not read
    assert digit_windows("7 8", 5) == [(0, 3)]  # windows that touch are one
    assert digit_windows("1abcxyz 2abc", 4) == [(0, 12)]


@pytest.mark.parametrize("pattern, text, expected", [
    (r"abcdefghij\s*\d", "xx abcdefghij 7", [(3, 15)]),  # the whole width before the digit is read
    (r"ngày\s+\d", "ngày" + "\n" * 50 + "7", [(0, 55)]),  # however many line breaks lie between
    (r"\d[a-z]{3}(?!xy)", "1abcxyzzzzzzzz 2abc", [(15, 19)]),  # a lookahead at a window's end sees the real text
    (r"\d[a-z]{3}", "1abcxyz 2abc", [(0, 4), (8, 12)]),  # windows that overlap are one: nothing twice
    (r"(?<!\w)\d{2}", "a12 34", [(4, 6)]),  # and a lookbehind at its start
])
def test_scanner_edges(pattern: str, text: str, expected: list[tuple[int, int]]) -> None:
    scanner = Scanner([re.compile(pattern)])
    assert scanner.plans[0].width is not None
    assert [m.span() for _, m in scanner.finditer(text)] == expected == [m.span() for m in re.finditer(pattern, text)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["ngày", "tháng", "năm", "quý", "i", "ii", "x", "y", "2021", "7", "12", "/", ".", "-",
                                 ",", "(", " ", "  ", "\n", "\n\n\n", "từ", "đến", "chiều", "hôm", "nay", "2.500",
                                 "qúy", "nửa", "đầu", "sáu", "iv"]),
                max_size=40).map("".join))
def test_scanning_near_digits_finds_what_the_whole_scan_finds(text: str) -> None:
    patterns = [p for p, _ in _RULES] + [re.compile(p, re.M) for p in _EXTRA]
    assert _scanned(Scanner(patterns), text) == _whole(patterns, text)


def _corpus_texts() -> list[str]:
    files = sorted((ROOT / "corpus" / "docs").glob("*.txt"))
    if SHARED.is_dir():
        files += sorted((SHARED / "dev").glob("*.txt")) + sorted((SHARED / "unlabeled").glob("*.txt"))
    return [f.read_text(encoding="utf-8", errors="replace") for f in files]


def test_date_rules_find_the_same_on_every_corpus_document() -> None:
    texts = _corpus_texts()
    if not texts:
        pytest.skip("no corpus documents")
    patterns = [p for p, _ in _RULES]
    scanner = Scanner(patterns)
    assert sum(p.width is not None for p in scanner.plans) >= 10  # most date rules need a digit
    found = 0
    for text in texts:
        key = fold(text)
        whole = _whole(patterns, key)
        assert _scanned(scanner, key) == whole
        found += len(whole)
    assert found > 100
