"""Figures: every reported quantity written in digits, with what it counts.

The rules work on characters (over ``fold(text)``, so case and tone placement do not
matter) and use the underthesea word tokens only to know where a word ends ("đồng"
is a unit, "đồng chí" is not). Reading one number (``_Scan.read``) goes:

1. the number itself, Vietnamese style ("363.424", "22,5"), possibly a range
   ("3-4", "700 - 800") or a ratio ("22/63") (``_Scan.chain``);
2. guards that say it is not a quantity (``not_a_quantity``, then ``dated_by_unit`` and
   ``named`` once the unit is read): a date ("ngày 07/4", "tháng 12/2021", a year), an
   identifying number ("mức độ 3", "Điều 5", "kỳ họp thứ 6", "quận 1, 2", "hẻm 53"), a
   document number ("333/2017/UBTVQH14"), a code ("Covid-19", "4G"), a phone or section
   number, a number of a name or a term ("SEA Games 31", "Trung ương 4 khóa XII");
3. a share written as one ratio (``share``): a fraction ("khoảng 1/3 thời gian": 1/3, unit
   "thời gian") or a rate over a round denominator ("3/100.000 dân");
4. a qualifier before it ("gần", "hơn", "khoảng"), multiplier words after it
   ("1,2 triệu", "15 vạn"), then its unit: "%", a noun from ``units.tsv`` (longest
   match; written capitalised too, "3 Thẩm phán", "9 Bộ, ngành"), or failing that the
   plain lower-case word that follows; a per-unit suffix stays with it, its denominator
   included ("đồng/người/tháng", "vụ/1.000 dân"); an amount with a multiplier and no unit
   is in the sentence's currency or đồng where the words say money ("cần 12.000 tỷ");
5. a label before it ("cấp huyện: 40", "cấp xã đạt 97%", "số hồ sơ đã giải quyết: 20.889"),
   which also gives the unit when none follows the number;
6. breakdowns: parts in brackets right after a figure, or after "trong đó", "gồm", … up to
   the end of the sentence, take the whole's unit and point to it with ``part_of``.

A number with no unit is dropped unless it is a part, has a label that names a unit,
or carries a multiplier word. The same value with the same unit becomes one figure
with several mentions. Table cells (``table_cells``) take their row and column labels.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache
from typing import Iterable, Sequence

from ..document import Block
from ..models import Figure
from ..normalize import fold
from ..registry import Context, extractor
from ..resources import lines, table
from ..shares import exceeds, is_change

# --------------------------------------------------------------------------- lexicons


@dataclass(frozen=True)
class _Lexicon:
    units: tuple[tuple[str, str, bool], ...]  # (folded phrase, category, written lower case), longest first
    multipliers: tuple[tuple[str, int], ...]
    qualifiers: tuple[str, ...]  # folded, longest first
    identifiers: tuple[str, ...]
    date_words: tuple[tuple[str, int], ...]
    not_units: frozenset[str]
    cues: tuple[str, ...]
    modifiers: tuple[str, ...]
    date_lead: tuple[str, ...]
    fraction_nouns: tuple[str, ...]
    money_cues: tuple[str, ...]

    @cached_property
    def not_unit_phrases(self) -> tuple[str, ...]:
        return tuple(w for w in sorted(self.not_units, key=len, reverse=True) if " " in w)

    @cached_property
    def units_by_first_char(self) -> dict[str, tuple[tuple[str, str, bool], ...]]:
        """The units by their first character, each group in the lexicon's order (longest first)."""
        groups: dict[str, list[tuple[str, str, bool]]] = {}
        for unit in self.units:
            groups.setdefault(unit[0][:1], []).append(unit)
        return {ch: tuple(group) for ch, group in groups.items()}

    def category(self, unit: str) -> str | None:
        key = fold(unit)
        for phrase, cat, _ in self.units:
            if phrase == key:
                return cat
        return None


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    """The figure lexicons from ``resources/`` (folded, longest first)."""

    def longest(items: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted({fold(i) for i in items}, key=len, reverse=True))

    # one entry per folded phrase; it is "written lower case" only if every spelling listed is
    written: dict[str, tuple[str, bool]] = {}
    for row in table("units.tsv"):
        phrase = fold(row[0])
        lower = row[0][:1].islower() and written.get(phrase, ("", True))[1]
        written[phrase] = (row[1], lower)
    units = sorted(((p, cat, lower) for p, (cat, lower) in written.items()), key=lambda u: (-len(u[0]), u[0]))
    return _Lexicon(
        units=tuple(units),
        multipliers=tuple(sorted(((fold(w), int(f)) for w, f in table("figure_multipliers.tsv")),
                                 key=lambda m: len(m[0]), reverse=True)),
        qualifiers=longest(lines("figure_qualifiers.txt")),
        identifiers=longest(lines("figure_identifiers.txt")),
        date_words=tuple(sorted(((fold(w), int(n)) for w, n in table("figure_date_words.tsv")),
                                key=lambda d: len(d[0]), reverse=True)),
        not_units=frozenset(fold(w) for w in lines("figure_not_units.txt")),
        cues=longest(lines("figure_breakdown_cues.txt")),
        modifiers=longest(lines("figure_unit_modifiers.txt")),
        date_lead=longest(lines("figure_date_lead.txt")),
        fraction_nouns=longest(lines("figure_fraction_nouns.txt")),
        money_cues=longest(lines("figure_money_cues.txt")),
    )


# --------------------------------------------------------------------------- numbers

_NUM = r"\d+(?:[.,]\d+)*"
_CHAIN = re.compile(rf"(?<!\w){_NUM}(?:(?:[ ]?[-–][ ]?|/){_NUM})*")
_PIECE = re.compile(rf"{_NUM}|[ ]?[-–][ ]?|/")


def _parse_decimal(raw: str) -> Decimal | None:
    """A number as Vietnamese writes it: "." groups thousands, "," marks decimals."""
    if len(raw) > 40:  # no amount has 40 digits (an identifier, a pasted blob; past 308 no float holds it)
        return None
    try:
        if "." in raw and "," in raw:
            if raw.rfind(",") > raw.rfind("."):  # 1.234,5
                return Decimal(raw.replace(".", "").replace(",", "."))
            return Decimal(raw.replace(",", ""))  # 1,234.5 (English style)
        if "." in raw:
            groups = raw.split(".")
            if all(len(g) == 3 for g in groups[1:]):  # 363.424; also a misplaced 3574.303
                return Decimal("".join(groups))
            if len(groups) == 2:  # 2.5 (a decimal point; versions are screened by context)
                return Decimal(raw)
            return None  # 1.2.3: a section or version number
        if "," in raw:
            groups = raw.split(",")
            if len(groups) == 2:
                return Decimal(raw.replace(",", "."))
            if all(len(g) == 3 for g in groups[1:]):  # 1,234,567 (English style)
                return Decimal("".join(groups))
            return None
        return Decimal(raw)
    except InvalidOperation:
        return None


def _plain(value: Decimal) -> int | float:
    """An int where the value is integral, else a float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def parse_number(raw: str) -> int | float | None:
    """Parse digits as Vietnamese writes them: "363.424" → 363424, "22,5" → 22.5, "97,1" → 97.1."""
    value = _parse_decimal(raw.strip())
    return None if value is None else _plain(value)


# --------------------------------------------------------------------------- results


@dataclass
class RawFigure:
    """One figure found at one place, before duplicates are merged."""

    start: int
    end: int
    value: int | float
    unit: str | None
    category: str
    label: str | None = None
    qualifier: str | None = None
    part_of: int | None = None  # index into the returned list


@dataclass
class _Cand:
    """A number being read: one end of a chain, and what surrounds the chain."""

    start: int  # evidence start (label or qualifier included)
    end: int  # evidence end (unit included)
    num_start: int
    num_end: int
    value: Decimal
    unit: str | None
    category: str
    label: str | None = None
    qualifier: str | None = None
    label_unit: tuple[str, str] | None = None  # (unit, category) named in the label
    has_multiplier: bool = False
    factor: int = 1
    part_of: int | None = None
    peers: list[int] = field(default_factory=list)


_RANK_MOVES = tuple(fold(w) for w in ("thăng", "tụt", "lên", "xuống", "tăng", "giảm"))
_RATE_DENOMINATOR = re.compile(r"\d{1,3}(?:\.\d{3})* (?=[^\W\d_])")
_SUPERSCRIPT = re.compile(r"(?<=\bm) [23](?![\w.,])|(?<=\bkm) 2(?![\w.,])")
_CLOCK_REST = re.compile(r" giờ(?: \d{1,2}(?: phút)?(?!\w))?")
_SENT_END = re.compile(r"[.!?…](?=\s|$)|\n")
_LETTER = re.compile(r"[^\W\d_]")


def _is_letter(ch: str) -> bool:
    return bool(_LETTER.match(ch))


@lru_cache(maxsize=64)
def _by_last_char(words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The words by their last character, each group in the order given."""
    groups: dict[str, list[str]] = {}
    for w in words:
        if w:
            groups.setdefault(w[-1], []).append(w)
    return {ch: tuple(group) for ch, group in groups.items()}


class _Reader:
    """Reads the figures of one text; holds the text, its folded key and word boundaries."""

    def __init__(self, text: str, tokens: Sequence[tuple[int, int]] | None, key: str | None = None):
        self.text = text
        self.key = fold(text) if key is None else key
        self.lex = lexicon()
        # Spaces inside a word token ("đồng chí", "người dân"): a unit may not end there.
        letter_at = _LETTER.match  # _is_letter(text[s]), without the slice and the call
        self.token_at: dict[int, int] = {s: e for s, e in tokens or () if s < e and letter_at(text, s)}
        self.joined: set[int] = set()
        find = text.find
        for s, e in self.token_at.items():
            i = find(" ", s, e) if e - s > 2 else -1  # "x y" is the shortest word with a space
            while i >= 0:
                self.joined.add(i)
                i = find(" ", i + 1, e)

    # ---- small helpers

    def word_end(self, e: int) -> bool:
        """True where a word may end at ``e``: not inside a longer word or token."""
        if e >= len(self.text):
            return True
        ch = self.text[e]
        return not (ch.isalnum() or ch in "²³") and e not in self.joined

    def word_start(self, s: int) -> bool:
        return s == 0 or not (self.text[s - 1].isalnum())

    def ends_with_word(self, pos: int, words: tuple[str, ...]) -> str | None:
        """The first of ``words`` written (folded) just before ``pos``, then one space."""
        if pos < 2 or self.key[pos - 1] != " ":
            return None
        for w in _by_last_char(words).get(self.key[pos - 2], ()):  # a number is read once per list, not per word
            s = pos - len(w) - 1
            if s >= 0 and self.key.startswith(w, s) and self.word_start(s):
                return w
        return None

    def unit_at(self, p: int, cats: set[str] | None = None, capital: bool = False) -> tuple[int, str] | None:
        """The longest lexicon unit starting at ``p``: (end, category).

        A noun the lexicon writes in lower case is not read where the text capitalises it
        ("… năm 2017 Điểm nhấn": a capital starts something new), unless ``capital`` (right after
        a number): then "3 Thẩm phán", "9 Bộ, ngành", "18.942 Phiếu lý lịch" are units, but a
        noun that opens a name or a reference ("9 Bộ Y tế", "1/6 Thông tư 12/2017") is not.
        """
        for phrase, cat, lower in self.lex.units_by_first_char.get(self.key[p:p + 1], ()):
            if cats is not None and cat not in cats:
                continue
            end = p + len(phrase)
            if self.key.startswith(phrase, p) and self.word_end(end):
                if lower and self.text[p].isupper() and not (capital and self._counted_capital(phrase, cat, end)):
                    return None
                return end, cat
        return None

    def _counted_capital(self, phrase: str, cat: str, end: int) -> bool:
        """A capitalised lexicon noun after a number counts, unless a capitalised word follows it
        (it opens a name); a coordination ("Bộ, ngành") or a position ("Phó Chủ tịch UBND") may be
        followed by one."""
        if "," in phrase or (cat == "people" and " " in phrase):
            return True
        after = self.text[end:end + 2]
        return not (len(after) == 2 and after[0] == " " and (after[1].isupper() or after[1].isdigit()))

    def plain_word_at(self, p: int) -> int | None:
        """End of an unlisted lower-case word at ``p`` that may serve as a unit, else None."""
        if p >= len(self.text) or not self.text[p].islower() or not _is_letter(self.text[p]):
            return None
        end = self.token_at.get(p)
        if end is None:
            m = re.compile(r"[^\W\d_]+").match(self.text, p)
            end = m.end() if m else p
        word = self.key[p:end]
        if not re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+){0,2}", word):
            return None
        if word in self.lex.not_units or word.split(" ")[0] in self.lex.not_units:
            return None
        for phrase in self.lex.not_unit_phrases:  # "từ hạng 2 trở xuống": the phrase is longer than the token
            if self.key.startswith(phrase, p) and self.word_end(p + len(phrase)):
                return None
        if any(word == m for m, _ in self.lex.multipliers):
            return None
        return end

    # ---- the unit after a number

    def read_unit(self, p: int) -> tuple[int, str | None, str] | None:
        """(end, unit, category) for the unit at ``p``; unit None when there is none.

        Returns None when the number is glued to letters that are not a unit ("4G", "8h30").
        """
        text, key = self.text, self.key
        if p < len(text) and _is_letter(text[p]):  # letters glued to the digits: "10km" or a code
            hit = self.unit_at(p)
            if hit and re.fullmatch(r"[a-z][a-z0-9²³]{0,3}", key[p:hit[0]]):
                return hit[0], text[p:hit[0]], hit[1]
            return None
        m = re.compile(r" ?%").match(text, p)
        if m:
            return m.end(), "%", "percent"
        if not key.startswith(" ", p):
            return p, None, "other"
        q = p + 1
        if key.startswith("phần trăm", q) and self.word_end(q + 9):
            return q + 9, text[q:q + 9], "percent"
        hit = self.unit_at(q, capital=True)
        if hit:
            end, cat = hit
            head = key[q:end]
            if head == "lượt" or head == "bộ":
                inner = self.unit_at(end + 1) if key.startswith(" ", end) else None
                if inner and (head == "lượt" or inner[1] == "dossiers"):
                    end, cat = inner
                    end = self._modifier(end) if cat == "people" else end
            elif cat == "people":
                end = self._modifier(end)
            end = self._coordinated(end, cat)
            end = self._rate(end)
            return end, text[q:end], cat
        end = self.plain_word_at(q)
        if end is not None:
            end = self._rate(end)
            return end, text[q:end], "other"
        return p, None, "other"

    def _modifier(self, end: int) -> int:
        if not self.key.startswith(" ", end):
            return end
        for mod in self.lex.modifiers:
            if self.key.startswith(mod, end + 1) and self.word_end(end + 1 + len(mod)):
                return end + 1 + len(mod)
        return end

    def _coordinated(self, end: int, cat: str) -> int:
        """ "7 bộ, ngành", "586 phản ánh, kiến nghị": a second noun of the same kind."""
        if not self.key.startswith(", ", end):
            return end
        hit = self.unit_at(end + 2, {cat})
        if not hit:
            return end
        after = self.text[hit[0]:hit[0] + 2]
        if len(after) == 2 and after[0] == " " and after[1].isupper():
            return end  # "4 xã, thị trấn Bút Sơn": the second noun starts a name
        return hit[0]

    def _rate(self, end: int) -> int:
        """ "167,8 vụ/năm", "đồng/người/khoá học", "0,05 vụ/1.000 dân": a per-unit suffix stays with
        the unit, a rate's denominator with it (it is not a figure of its own)."""
        while True:
            sup = _SUPERSCRIPT.match(self.key, end)
            if sup:  # "2.000 m 2": a superscript that lost its place
                end = sup.end()
            if not self.key.startswith("/", end):
                return end
            p = end + 1
            denominator = _RATE_DENOMINATOR.match(self.key, p)  # "vụ/1.000 dân", "đồng/01 đơn vị"
            if denominator:
                p = denominator.end()
            hit = self.unit_at(p)
            after = hit[0] if hit else self.plain_word_at(p)
            if after is None:
                return end
            end = after

    # ---- guards

    def is_identifier(self, pos: int) -> bool:
        word = self.ends_with_word(pos, self.lex.identifiers)
        if word is None:
            return False
        if word == "số" and self.ends_with_word(pos - 3, ("tổng",)):
            return False  # "tổng số 491 đại biểu" counts
        if word == "hạng" and self.ends_with_word(pos - len(word) - 1, _RANK_MOVES):
            return False  # "thăng hạng 9 bậc" counts places; "hạng 4 sao" names a class
        return True

    def date_word_limit(self, pos: int) -> int | None:
        for word, limit in self.lex.date_words:
            if self.ends_with_word(pos, (word,)):
                return limit
        return None


# How far back a label is looked for: labels are a few syllables ("cấp huyện", "số hồ sơ đã giải
# quyết"); a longer run of label characters is no label, and a number on a long line (a pasted
# blob, a text with no line breaks) is read without scanning the line back to its start.
_LABEL_REACH = 400


def _line_start(text: str, pos: int, reach: int = _LABEL_REACH) -> tuple[int, bool]:
    """Where the line holding ``pos`` starts, looked for at most ``reach`` characters back, and
    whether the line goes on before that (the window is cut)."""
    floor = max(0, pos - reach)
    i = text.rfind("\n", floor, pos)
    if i >= 0:
        return i + 1, False
    return floor, floor > 0 and text[floor - 1] != "\n"


def _opens_line(text: str, pos: int) -> bool:
    """Only whitespace stands between the line's start and ``pos``."""
    i = pos
    while i > 0 and text[i - 1].isspace() and text[i - 1] != "\n":
        i -= 1
    return i == 0 or text[i - 1] == "\n"


_NAME_OPENERS = frozenset("\"“‘'([-–")


def _sentence_start(key: str, pos: int, reach: int = 300) -> int:
    """Where the sentence holding ``pos`` starts (looked for at most ``reach`` characters back)."""
    floor = max(0, pos - reach)
    last = floor
    for m in _SENT_END.finditer(key, floor, pos):
        last = m.end()
    return last


def _after_name(text: str, pos: int) -> bool:
    """The number at ``pos`` follows a capitalised word inside a sentence ("SEA Games 31",
    "Block 2"), not a sentence's first word ("Có 3 vấn đề") nor a lower-case one."""
    if pos < 2 or text[pos - 1] != " ":
        return False
    s = pos - 1
    while s > 0 and (text[s - 1].isalnum() or text[s - 1] in "-'"):
        s -= 1
    if s == pos - 1 or not text[s].isupper():
        return False
    j = s
    while j > 0 and text[j - 1] == " ":
        j -= 1
    return j > 0 and text[j - 1] not in ".!?…:;\n" and text[j - 1] not in _NAME_OPENERS


def _syllables(s: str) -> int:
    return len(s.split())


_LIST_SEP = re.compile(r"\s*(?:,|và|hoặc|-|–|đến|tới)\s*$")
_LABEL_CHAR = r"(?:[^\n;:,.()\[\]!?]|\.(?=\S))"  # a label stops at punctuation (not at "12.5")
_LABEL_COLON = re.compile(rf"({_LABEL_CHAR}*?)\s*:\s*$")
_LABEL_VERB = re.compile(rf"({_LABEL_CHAR}*?)\s+(?:đạt|là|chiếm)\s+$", re.IGNORECASE)
_LABEL_TRIM = re.compile(r"^\s*(?:[-+*•]\s*)?", re.UNICODE)
_VERB_TAIL = re.compile(r"\s(?:đạt|là|chiếm)\s+$", re.IGNORECASE)
_LABEL_STOPS = ";:,()[]!?"


def _label_floor(pre: str, end: int) -> int:
    """A position at or before the earliest start of a label ending by ``end``.

    No label character is a stop (``;:,()[]!?``, or "." before a space), so a label starts
    after the last one. Searching from there finds the same match as searching from 0 (the
    label patterns look neither behind nor at ``^``), without rescanning a long line from
    every position for every number on it.
    """
    return 1 + max(max(pre.rfind(c, 0, end) for c in _LABEL_STOPS), pre.rfind(". ", 0, end))


def _label_colon(pre: str) -> re.Match[str] | None:
    """``_LABEL_COLON.search(pre)``, in time linear in the label."""
    colon = len(pre.rstrip()) - 1  # `\s` and str.isspace agree: the colon must end the text
    if colon < 0 or pre[colon] != ":":
        return None
    return _LABEL_COLON.search(pre, _label_floor(pre, colon))


def _label_verb(pre: str) -> re.Match[str] | None:
    """``_LABEL_VERB.search(pre)``, in time linear in the label."""
    if not _VERB_TAIL.search(pre, max(0, len(pre.rstrip()) - 6)):  # "chiếm" is the longest verb
        return None
    return _LABEL_VERB.search(pre, _label_floor(pre, len(pre)))


def _strip_label(label: str, lex: _Lexicon) -> tuple[int, str]:
    """Drop a leading cue ("trong đó", "gồm") or bullet from a label: (offset, label)."""
    off = len(_LABEL_TRIM.match(label).group(0))
    rest = label[off:]
    low = fold(rest)
    for cue in lex.cues:
        if low.startswith(cue) and (len(low) == len(cue) or not low[len(cue)].isalnum()):
            more = len(cue)
            while more < len(rest) and rest[more] in " :,":
                more += 1
            off += more
            rest = label[off:]
            break
    return off, rest.rstrip()


class _Skips:
    """Spans known to be something else (dates): whether a number starts in one or ends in one."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach: list[int] = []  # the furthest end among the first i + 1 spans
        furthest = -1
        for _, e in spans:
            furthest = max(furthest, e)
            self.reach.append(furthest)

    def hit(self, s: int, e: int) -> bool:
        """``any(ss <= s < se or ss < e <= se for ss, se in spans)``, in log time."""
        j = bisect.bisect_right(self.starts, s)  # spans with ss <= s
        if j and self.reach[j - 1] > s:
            return True
        i = bisect.bisect_left(self.starts, e)  # spans with ss < e
        return bool(i) and self.reach[i - 1] >= e


@dataclass
class _Chain:
    """Step 1: one number as written, possibly a range or a ratio ("363.424", "3-4", "22/63")."""

    start: int
    end: int
    raw: str
    nums: list[str]
    seps: list[str]
    values: list[Decimal]

    @cached_property
    def year_like(self) -> list[bool]:
        return [bool(_YEAR.fullmatch(n)) for n in self.nums]


_YEAR = re.compile(r"(19|20)\d\d")
_YEAR_AFTER = re.compile(r" (?:19|20)\d\d(?![\d.,/]|\s*[-–]\s*\d)")
_TERM_AFTER = re.compile(rf" (?:{fold('khóa')}|{fold('khoá')}) [ivxl]+(?!\w)")
_ROUND_DENOMINATORS = frozenset(str(10 ** n) for n in range(2, 7))
_DOT_DECIMAL_OK = re.compile(r" ?%| (?:nghìn|ngàn|triệu|tỷ|tỉ|vạn)\b")
_COMPOUND = re.compile(r" (\d+(?:,\d+)?) (nghìn|ngàn|triệu|trăm)(?!\w)")
_MINUTES = re.compile(r" \d{1,2}(?: phút)?(?!\w)")
_MONTHS_OF = re.compile(r" (?:đầu|cuối|năm|qua|gần đây|giêng|chạp)\b")
_CLOCK_AFTER = re.compile(r" (?:\d|sáng|chiều|tối|trưa|đêm|cùng|ngày|hôm)")
_CLOCK_BEFORE = ("lúc", "đến", "tới", "vào", "từ", "khoảng")


class _Scan:
    """Reads each number of a text in turn (steps 1 to 4), keeping what one number tells the next."""

    def __init__(self, reader: _Reader, skips: _Skips):
        self.reader = reader
        self.skips = skips
        self.cands: list[_Cand] = []
        self.prev_ident_end = -1  # end of the last identifying number, for "mức độ 3, 4"
        self.consumed = 0  # end of the last figure read: digits inside it ("m 2", "1 tỷ 200 triệu") are taken

    def read(self, m: re.Match[str]) -> None:
        """One chain of digits: a figure (or a range's or ratio's figures) added to ``cands``, or nothing."""
        reader, key = self.reader, self.reader.key
        s, e = m.start(), m.end()
        if s < self.consumed or self.skips.hit(s, e):
            return
        # identifying numbers, and the list that follows one ("quận 1, 2 và 3")
        if reader.is_identifier(s):
            self.prev_ident_end = e
            clock = _CLOCK_REST.match(key, e)  # "lúc 8 giờ 30 phút": the minutes go too
            self.consumed = clock.end() if clock else e
            return
        listed = self.prev_ident_end >= 0 and bool(_LIST_SEP.fullmatch(key[self.prev_ident_end:s]))
        chain = self.chain(m)
        if chain is None or self.not_a_quantity(chain):
            return
        share = self.share(chain)
        if share is not None:  # "1/3 thời gian", "3/100.000 dân": one figure
            scaled, u_end, unit, cat = [share[0]], share[1], reader.text[share[2]:share[1]], "other"
            has_mult, factor = False, 1
        else:
            scaled, factor, pos = self.multiplied(chain)
            has_mult = factor != 1
            unit_read = reader.read_unit(pos)
            if unit_read is None:
                return
            u_end, unit, cat = unit_read
            if listed and unit is None:
                self.prev_ident_end = e  # "mức độ 3, 4", "quận 1, 2 và 3"
                return
            if unit is None and has_mult:
                u_end = pos
                unit, cat = self.implied_money(chain, factor) or (None, "other")
            if self.dated_by_unit(chain, unit, cat, u_end) or self.named(chain, unit, cat, u_end):
                return
        ev_start, qualifier, label, label_unit = self.label(chain, unit, cat)
        self.consumed = max(u_end, e)
        base = len(self.cands)
        for i, v in enumerate(scaled):
            self.cands.append(_Cand(
                start=ev_start, end=max(u_end, e), num_start=s, num_end=e, value=v,
                unit=unit, category=cat if unit else "other",
                label=label, qualifier=qualifier if i == 0 else None, label_unit=label_unit,
                has_multiplier=has_mult, factor=factor,
            ))
        for i in range(base, len(self.cands)):
            self.cands[i].peers = [j for j in range(base, len(self.cands)) if j != i]

    # ---- step 1: the number

    def chain(self, m: re.Match[str]) -> _Chain | None:
        """The chain's numbers, or None where the digits are glued to a code or are not a number."""
        text = self.reader.text
        s, e = m.start(), m.end()
        # glued to a code: "Covid-19", "19-2017/NQ-CP", "39-NQ/TW", "U23"; "151⁄2017" (a scan's slash)
        if s >= 2 and text[s - 1] in "-/._⁄" and text[s - 2].isalnum():
            return None
        if e < len(text) - 1 and text[e] in "-/_." and _is_letter(text[e + 1]):
            return None
        if e < len(text) and text[e] in "/-" and e + 1 < len(text) and text[e + 1].isdigit():
            return None  # a chain cut short by the regex (odd shapes): leave it
        raw = m.group(0)
        pieces = _PIECE.findall(raw)
        nums = pieces[0::2]
        seps = [p.strip() for p in pieces[1::2]]
        if len(nums) > 2 or seps.count("/") > 1:
            return None  # 1/11/2016, 333/2017/UBTVQH14
        values = [_parse_decimal(n) for n in nums]
        if any(v is None for v in values):
            return None
        return _Chain(s, e, raw, nums, seps, values)  # type: ignore[arg-type]

    # ---- step 2: guards

    def not_a_quantity(self, c: _Chain) -> bool:
        """A phone, section, date or version number, told by the number and what stands before it."""
        reader, text, key = self.reader, self.reader.text, self.reader.key
        s, e, nums, values = c.start, c.end, c.nums, c.values
        digits = re.sub(r"\D", "", c.raw)
        if digits.startswith("0") and len(digits) >= 9:
            return True  # a phone number
        if _opens_line(text, s):  # a section number "1." "2)" "1.2"
            after = text[e:e + 2]
            if after[:1] in (".", ")") and (len(after) < 2 or after[1].isspace()):
                return True
            if "." in nums[0] and not all(len(g) == 3 for g in nums[0].split(".")[1:]):
                return True
        limit = reader.date_word_limit(s)
        day_month = len(nums) == 2 and values[0] <= 31 and values[1] <= 12 and "." not in c.raw and "," not in c.raw
        if limit is not None and (len(nums) > 1 or values[0] <= limit or "." in nums[0] or "," in nums[0]):
            return True
        if day_month and limit is None and reader.ends_with_word(s, reader.lex.date_lead):
            return True  # "có hiệu lực từ 1/6", "đến 30-4"
        if len(nums) == 2:
            if all(c.year_like):
                return True  # 2018 - 2021
            if c.seps[0] == "/" and c.year_like[1] and values[0] <= 12:
                return True  # 12/2021
        if len(nums) == 1 and not c.seps and "." in nums[0] and not all(len(g) == 3 for g in nums[0].split(".")[1:]):
            # a dot decimal ("2.5"): a version number unless a multiplier or % follows
            if not _DOT_DECIMAL_OK.match(key[e:e + 12]):
                return True
        return False

    def dated_by_unit(self, c: _Chain, unit: str | None, cat: str, u_end: int) -> bool:
        """A period, a clock time or a bare year, told by the unit after the number."""
        reader, key = self.reader, self.reader.key
        if unit and fold(unit) == "tháng" and _MONTHS_OF.match(key[u_end:u_end + 12]):
            return True  # "6 tháng đầu năm 2017" is a period, "10 tháng Giêng" a date
        if unit and fold(unit) in ("giờ", "h") and (
            reader.ends_with_word(c.start, _CLOCK_BEFORE) or _CLOCK_AFTER.match(key[u_end:u_end + 6])
        ):
            minutes = _MINUTES.match(key, u_end)
            self.consumed = minutes.end() if minutes else u_end
            return True  # a clock time: "đến 21 giờ cùng ngày", "lúc 8 giờ 30 phút"
        if len(c.nums) == 1 and c.year_like[0] and (unit is None or cat in ("organisations", "duration")
                                                     or reader.lex.category(unit) is None
                                                     or unit[:1].isupper() and not unit.isupper()):
            return True  # a bare year: "năm 2016 huyện …", "2017 các xã", "2017 Điểm nhấn"
        if unit and fold(unit) == "năm" and len(c.nums) == 1 and c.values[0] <= 12 and _YEAR_AFTER.match(key, u_end):
            return True  # "ngày 03 thắng 4 năm 2017": a month whose "tháng" a scan garbled, not 4 years
        return False

    def named(self, c: _Chain, unit: str | None, cat: str, u_end: int) -> bool:
        """A number that belongs to a name: "SEA Games 31 thành công", "Nghị quyết Trung ương 4
        khóa XII" (a term follows), "Block 2 tổ hợp" (an unlisted word after a capitalised name)."""
        reader = self.reader
        if _TERM_AFTER.match(reader.key, c.end):
            return True
        if unit is None or cat != "other" or reader.lex.category(unit) is not None:
            return False
        return _after_name(reader.text, c.start)

    # ---- shares: fractions and rates written as one ratio

    def share(self, c: _Chain) -> tuple[Decimal, int, int] | None:
        """(value, unit end, unit start) for a number that is one share of a whole, else None.

        A fraction is a small numerator over a small denominator (at most 10) before what is
        shared out: "khoảng 1/3 thời gian", "2/3 diện tích", or "số"/"tổng số" and a counted noun
        ("2/3 số hộ"). Its value is the fraction (1/3 → 0.333…), its unit the words after it as
        written ("thời gian", "số hộ"), category "other". Before a counted noun alone ("3/5 xã",
        "22/63 địa phương") the two numbers stay a ratio: two figures.

        A rate is a count over a round denominator (100, 1.000, … 1.000.000) before a counted
        noun: "3/100.000 dân" is 3 with the unit "/100.000 dân"; the denominator is no figure.
        """
        if len(c.nums) != 2 or c.seps[0] != "/" or "," in c.raw:
            return None
        reader, key = self.reader, self.reader.key
        a, b = c.values
        if a != a.to_integral_value() or b != b.to_integral_value() or not 0 < a < b:
            return None
        if not key.startswith(" ", c.end):
            return None
        q = c.end + 1
        if b <= 10:
            end = None
            for lead in ("tổng số ", "số "):
                if key.startswith(lead, q):
                    p = q + len(lead)
                    hit = reader.unit_at(p)
                    end = hit[0] if hit else reader.plain_word_at(p)
                    break
            else:
                for noun in reader.lex.fraction_nouns:
                    if key.startswith(noun, q) and reader.word_end(q + len(noun)):
                        end = q + len(noun)
                        break
            return (a / b, end, q) if end is not None else None
        if str(b) in _ROUND_DENOMINATORS:
            hit = reader.unit_at(q)
            end = hit[0] if hit else reader.plain_word_at(q)
            if end is not None:
                return a, end, c.start + len(c.nums[0])
        return None

    # ---- an amount with a multiplier and no unit

    def implied_money(self, c: _Chain, factor: int) -> tuple[str, str] | None:
        """The unit of "cần 12.000 tỷ", "hỗ trợ 2 triệu": the currency of the sentence's last amount
        ("4,9 tỷ peso, … chỉ 1,7 tỷ" is peso), else đồng for "tỷ" alone or after a money word
        (figure_money_cues.txt); None where nothing says money ("110 nghìn" doanh nghiệp)."""
        reader, key = self.reader, self.reader.key
        sentence = _sentence_start(key, c.start)
        for prev in reversed(self.cands):
            if prev.num_end <= sentence:
                break
            if prev.category == "money" and prev.unit:
                return prev.unit.split("/")[0], "money"
        if factor >= 10 ** 9:
            return "đồng", "money"
        clause = max(sentence, c.start - 80, *(key.rfind(ch, max(0, c.start - 80), c.start) + 1 for ch in ";:("))
        words = key[clause:c.start]
        for cue in reader.lex.money_cues:
            i = words.find(cue)
            while i >= 0:
                j = i + len(cue)
                if (i == 0 or not words[i - 1].isalnum()) and (j == len(words) or not words[j].isalnum()):
                    return "đồng", "money"
                i = words.find(cue, i + 1)
        return None

    # ---- step 3: multipliers (the qualifier and the unit are read by ``label`` and ``_Reader.read_unit``)

    def multiplied(self, c: _Chain) -> tuple[list[Decimal], int, int]:
        """The values scaled by multiplier words after the number ("1,2 triệu", "2 nghìn tỷ",
        "1 tỷ 200 triệu"), the factor, and where the unit may start."""
        key, lex = self.reader.key, self.reader.lex
        factor = 1
        pos = c.end
        while True:
            for word, f in lex.multipliers:
                after = pos + 1 + len(word)
                if key.startswith(" " + word, pos) and (after >= len(key) or not key[after].isalnum()):
                    factor *= f
                    pos += 1 + len(word)
                    break
            else:
                break
        scaled = [v * factor for v in c.values]
        if pos != c.end and len(c.nums) == 1:
            cm = _COMPOUND.match(key, pos)
            if cm:
                small = dict(lex.multipliers)[cm.group(2)]
                extra = _parse_decimal(cm.group(1))
                if extra is not None and small < factor and extra * small < factor:
                    scaled = [scaled[0] + extra * small]
                    pos = cm.end()
        return scaled, factor, pos

    # ---- step 4: qualifier and label

    def label(self, c: _Chain, unit: str | None, cat: str) -> tuple[int, str | None, str | None, tuple[str, str] | None]:
        """(evidence start, qualifier, label, the unit the label names) for the words before the number."""
        reader, text, lex = self.reader, self.reader.text, self.reader.lex
        s = c.start
        ev_start = s
        qualifier = None
        q = reader.ends_with_word(s, lex.qualifiers)
        if q:
            ev_start = s - len(q) - 1
            qualifier = text[ev_start:s - 1]
        label = None
        line_start, cut = _line_start(text, ev_start)
        pre = text[line_start:ev_start]
        lm = _label_colon(pre)
        if lm and not (cut and lm.start(1) == 0):  # a label longer than the reach is none
            off, lab = _strip_label(lm.group(1), lex)
            if lab and _syllables(lab) <= 6 and (unit is None or _syllables(lab) <= 4):
                label = lab
                ev_start = line_start + lm.start(1) + off
        if label is None and (cat == "percent" or unit is None):
            vm = _label_verb(pre)
            if vm and cut and vm.start(1) == 0:
                vm = None
            if vm and (cat == "percent") == (fold(vm.group(0).split()[-1]) != "là"):
                off, lab = _strip_label(vm.group(1), lex)
                if lab and _syllables(lab) <= 4 and not lab[:1].isdigit():
                    label = lab
                    ev_start = line_start + vm.start(1) + off
        if label is None and reader.ends_with_word(ev_start, ("tỷ lệ",)):
            ev_start -= len("tỷ lệ ")
        label_unit = _unit_in_label(reader, ev_start, ev_start + len(label)) if label else None
        return ev_start, qualifier, label, label_unit


def find_figures(
    text: str,
    skip_spans: Iterable[tuple[int, int]] = (),
    tokens: Sequence[tuple[int, int]] | None = None,
    ranges: Iterable[tuple[int, int]] | None = None,
    key: str | None = None,
) -> list[RawFigure]:
    """Every figure in ``text``, in text order, one per place written.

    ``skip_spans`` are spans already known to be something else (dates); ``tokens`` are
    word token offsets (better unit boundaries); ``ranges`` limit reading to content;
    ``key`` is ``fold(text)`` where the caller has it.
    """
    reader = _Reader(text, tokens, key)
    scan = _Scan(reader, _Skips(skip_spans))
    for a_start, a_end in (list(ranges) if ranges is not None else [(0, len(text))]):
        for m in _CHAIN.finditer(text, a_start, a_end):
            scan.read(m)
    cands = scan.cands
    _open_ranges(reader.key, cands)  # step 5
    _breakdowns(text, reader.key, reader.lex, cands)
    return _kept(cands)


def _kept(cands: list[_Cand]) -> list[RawFigure]:
    """The figures to report: a number with no unit only as a part, with a label that names a
    unit, or with a multiplier word."""
    out: list[RawFigure] = []
    index: dict[int, int] = {}
    for i, c in enumerate(cands):
        unit, cat = c.unit, c.category
        if unit is None and c.part_of is None:
            if c.label_unit:
                unit, cat = c.label_unit
            elif not c.has_multiplier:
                continue
        value = _plain(c.value)
        if isinstance(value, float) and not math.isfinite(value):
            continue
        index[i] = len(out)
        out.append(RawFigure(c.start, c.end, value, unit, cat, c.label, c.qualifier, c.part_of))
    for f in out:
        if f.part_of is not None:
            f.part_of = index.get(f.part_of)
    return out


def _unit_in_label(reader: _Reader, start: int, end: int) -> tuple[str, str] | None:
    """The counted noun a label names ("TTHC mức độ 3", "số hồ sơ đã giải quyết")."""
    for p in range(start, end):
        if not reader.word_start(p) or not reader.text[p].isalnum():
            continue
        if reader.key.startswith("cấp ", p - 4) or reader.key.startswith("trong ", p - 6) \
                or reader.key.startswith("mỗi ", p - 4):
            continue
        hit = reader.unit_at(p)
        if hit and hit[0] <= end and hit[1] not in ("duration", "percent"):
            return reader.text[p:hit[0]], hit[1]
    return None


def _open_ranges(key: str, cands: list[_Cand]) -> None:
    """ "từ 1,5 đến 1,8 triệu lượt khách": the first end takes the unit of the second."""
    for c, nxt in zip(cands, cands[1:]):
        if c.unit is not None or c.peers or not key.startswith("từ ", c.num_start - 3):
            continue
        if nxt.unit is None or not re.fullmatch(r"\s*(?:đến|tới|-|–)\s*", key[c.num_end:nxt.num_start]):
            continue
        c.unit, c.category = nxt.unit, nxt.category
        if not c.has_multiplier and nxt.has_multiplier:
            c.value *= nxt.factor
        c.end = nxt.end


class _Marks:
    """Sorted places of one kind in a text (sentence ends, newlines, ")"), found in one pass when
    first asked for: the next one after a position in log time, where a search from every
    figure would rescan a long line once per figure."""

    def __init__(self, finder):
        self._finder = finder
        self._places: list[int] | None = None

    def next(self, pos: int, default: int) -> int:
        if self._places is None:
            self._places = list(self._finder())
        i = bisect.bisect_left(self._places, pos)
        return self._places[i] if i < len(self._places) else default

    def last_before(self, pos: int) -> int | None:
        if self._places is None:
            self._places = list(self._finder())
        i = bisect.bisect_left(self._places, pos)
        return self._places[i - 1] if i else None


def _places_of(text: str, ch: str):
    i = text.find(ch)
    while i >= 0:
        yield i
        i = text.find(ch, i + 1)


def _unit_of(c: _Cand) -> tuple[str, str] | None:
    if c.unit:
        return c.unit, c.category
    return c.label_unit


_OPEN_BRACKET = re.compile(r"\s*\(")


# How far a breakdown reaches: its parts lie within this many characters after the cue (the
# longest in the corpora is under 200), and the whole it may go back to (after a change or a
# comparison) within this many before the nearest figure. A text of one endless sentence is then
# read in time linear in its figures.
_PARTS_REACH = 1000
_WHOLE_REACH = 300
_PART_SEP = re.compile(r"[,;](?=\s)")  # between parts ("98,75" is a number)


def _breakdowns(text: str, key: str, lex: _Lexicon, cands: list[_Cand]) -> None:
    """Link parts to wholes: "48 (cấp huyện: 40; cấp xã: 8)", "… hồ sơ, trong đó: …".

    Parts are the figures in the scope (the brackets, or from the cue to the sentence's end)
    that have the whole's unit, or none and a label. Shapes that end a breakdown before that:

    - parts listed with commas end at a semicolon ("Đã giải quyết 211.890 hồ sơ, trong đó …
      209.248 hồ sơ, đạt 98,75%, quá hạn 2.642 hồ sơ; đang giải quyết 2.683 hồ sơ": the last is
      a clause of its own); listed with semicolons, they go on;
    - parts fit in their whole: read in order, the first that would take their sum past it
      ends the breakdown (the check ``giamsat validate`` makes, ``shares.exceeds``).

    The whole is the figure the cue follows, but after a change or a comparison ("31 xã …, tăng
    9 xã so với năm 2019; trong đó 8 xã … và 2 xã …", ``shares.is_change``), or where the parts do
    not fit in it, the nearest figure before it in its sentence and unit that holds them all.

    In time linear in the figures (and their parts): cands are in text order, so a scope's
    figures are found by bisection, and the sentence ends, newlines and ")" are listed once."""
    if cands:
        _Breakdowns(text, key, cands).find(lex)


class _Breakdowns:
    """The state of one document's breakdown search (see ``_breakdowns``)."""

    def __init__(self, text: str, key: str, cands: list[_Cand]):
        self.text, self.key, self.cands = text, key, cands
        self.ends = _Marks(lambda: (m.start() for m in _SENT_END.finditer(key)))
        self.newlines = _Marks(lambda: _places_of(text, "\n"))
        self.closers = _Marks(lambda: _places_of(text, ")"))
        self.starts = [c.num_start for c in cands]
        self.in_order = all(a <= b for a, b in zip(self.starts, self.starts[1:]))
        self.totals: dict[int, Decimal] = {}  # the parts' sum of each whole so far

    def find(self, lex: _Lexicon) -> None:
        for i, w in enumerate(self.cands):  # "48 (cấp huyện: 40; cấp xã: 8)"
            if not (w.peers and i > min(w.peers)):  # one whole per chain
                self.bracket(i, w)
        for i, w in enumerate(self.cands):  # "… hồ sơ, trong đó: …"
            if not (w.peers and i > min(w.peers)):
                self.cue(i, w, lex)

    def bracket(self, i: int, w: _Cand) -> None:
        pm = _OPEN_BRACKET.match(self.text, w.end)
        if pm:
            close = self.closers.next(pm.end(), -1)
            nl = self.newlines.next(pm.end(), -1)
            if close > 0 and (nl < 0 or close < nl):
                self.link(i, (pm.end(), close), True)

    def cue(self, i: int, w: _Cand, lex: _Lexicon) -> None:
        """A cue word ("trong đó", "gồm") right after the figure opens its parts, to the sentence's end."""
        cands, key = self.cands, self.key
        j = i + 1
        while j < len(cands) and cands[j].num_start <= w.num_end:
            j += 1
        nxt = cands[j].num_start if j < len(cands) else len(self.text)
        window = key[w.end:min(w.end + 60, nxt)]
        for cue in lex.cues:
            if cue not in window:  # the cheap test first: most windows hold no cue
                continue
            cm = re.search(rf"(?<!\w){re.escape(cue)}(?!\w)", window)
            if cm and "(" in window[:cm.start()]:
                return  # "(đã bao gồm …)": a remark in brackets, not a breakdown
            if cm:
                start = w.end + cm.end()
                if self.ends.next(w.end, len(key)) < start:
                    return
                self.link(i, (start, self.ends.next(start, len(key))), False)
                return

    def in_scope(self, scope: tuple[int, int]) -> Iterable[int]:
        if not self.in_order:
            return (j for j, c in enumerate(self.cands) if scope[0] <= c.num_start < scope[1])
        return range(bisect.bisect_left(self.starts, scope[0]), bisect.bisect_left(self.starts, scope[1]))

    @staticmethod
    def same_unit(folded: str, b: tuple[str, str] | None) -> bool:
        return b is not None and b[1] != "percent" and fold(b[0]) == folded

    def parts(self, whole: int, w_unit: tuple[str, str], scope: tuple[int, int],
              bracket: bool) -> list[tuple[int, tuple[str, str]]]:
        """The figures in the scope that may be parts of the whole: its unit, or none and a label."""
        cands, w = self.cands, self.cands[whole]
        w_folded = fold(w_unit[0])
        parts: list[tuple[int, tuple[str, str]]] = []
        for j in self.in_scope((scope[0], min(scope[1], scope[0] + _PARTS_REACH))):
            c = cands[j]
            if j == whole or j in w.peers or c.part_of is not None:
                continue
            own = _unit_of(c)
            if own is None and (c.label or bracket and not c.has_multiplier):  # "(cấp huyện: 40; …)"
                parts.append((j, w_unit))
            elif own is not None and self.same_unit(w_folded, own):
                parts.append((j, own))
        if parts and not bracket:
            # parts listed with commas end at a semicolon: "trong đó 209.248 hồ sơ đúng hạn, 2.642 hồ
            # sơ quá hạn; đang giải quyết 2.683 hồ sơ" (listed with semicolons, "trong đó: cấp huyện
            # 40; cấp xã 8", they go on to the sentence's end)
            first_end = cands[parts[0][0]].end
            sep = _PART_SEP.search(self.key, first_end, scope[1])
            semi = self.key.find(";", first_end, scope[1]) if sep and sep.group() == "," else -1
            if semi >= 0:
                parts = [p for p in parts if cands[p[0]].num_start < semi]
        return parts

    def fitting(self, k: int, parts: list[tuple[int, tuple[str, str]]]) -> int:
        """How many of the parts, in order, fit in cands[k]."""
        total, limit = self.totals.get(k, Decimal(0)), self.cands[k].value
        for n, (j, _) in enumerate(parts):
            total += self.cands[j].value
            if total > limit:
                return n
        return len(parts)

    def holder(self, whole: int, parts: list[tuple[int, tuple[str, str]]]) -> tuple[int, int]:
        """The whole the parts go to, and how many: the amount before a change, or one that holds
        the parts the nearest cannot, in the same sentence and unit."""
        cands, w = self.cands, self.cands[whole]
        chosen, count = whole, self.fitting(whole, parts)
        if count < len(parts) or is_change(self.text, w.start, w.end):
            w_folded = fold(_unit_of(w)[0])
            first = self.ends.last_before(w.num_start)
            sentence = max(0 if first is None else first + 1, w.num_start - _WHOLE_REACH)
            for k in range(whole - 1, -1, -1):
                c = cands[k]
                if c.num_start < sentence:
                    break
                if k not in w.peers and self.same_unit(w_folded, _unit_of(c)) and self.fitting(k, parts) == len(parts) \
                        and not is_change(self.text, c.start, c.end):
                    return k, len(parts)
        return chosen, count

    def link(self, whole: int, scope: tuple[int, int], bracket: bool) -> None:
        w_unit = _unit_of(self.cands[whole])
        if w_unit is None or w_unit[1] == "percent":
            return
        parts = self.parts(whole, w_unit, scope, bracket)
        if not parts:
            return
        chosen, count = (whole, self.fitting(whole, parts)) if bracket else self.holder(whole, parts)
        for j, unit in parts[:count]:
            c = self.cands[j]
            c.unit, c.category = unit
            c.part_of = chosen
            self.totals[chosen] = self.totals.get(chosen, Decimal(0)) + c.value


# --------------------------------------------------------------------------- extractor


def _date_spans(found: object) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for item in found or []:  # type: ignore[union-attr]
        for m in [item] + list(getattr(item, "mentions", []) or []):
            sp = getattr(m, "span", None)
            if sp is not None:
                spans.append((sp.start, sp.end))
    return spans


def merge(ctx: Context, raws: list[RawFigure]) -> list[Figure]:
    """One Figure per (value, unit), with every place it is written, ids in text order."""
    figures: list[Figure] = []
    by_key: dict[tuple[float, str], int] = {}
    of_raw: dict[int, int] = {}
    written: set[tuple[int, int, int]] = set()  # (figure, start, end): a place is one mention
    for r_i, r in enumerate(raws):
        k = (float(r.value), fold(r.unit or ""))
        if k in by_key:
            index = by_key[k]
            if (index, r.start, r.end) not in written:
                written.add((index, r.start, r.end))
                figures[index].mentions.append(ctx.mention(r.start, r.end))
            of_raw[r_i] = index
            continue
        mention = ctx.mention(r.start, r.end)
        written.add((len(figures), r.start, r.end))
        by_key[k] = len(figures)
        of_raw[r_i] = len(figures)
        figures.append(Figure(
            id=f"f{len(figures) + 1}", text=mention.text, value=r.value, unit=r.unit,
            category=r.category, span=mention.span, label=r.label, qualifier=r.qualifier,
            mentions=[mention],
        ))
    # A whole written twice is one figure: the parts of both places must still fit in it (the
    # same check ``giamsat validate`` makes), so a part that would take their sum past it is
    # left unlinked.
    totals: dict[int, float] = {}
    for r_i, r in enumerate(raws):
        if r.part_of is not None:
            f_i, w_i = of_raw[r_i], of_raw[r.part_of]
            fig, whole = figures[f_i], figures[w_i]
            if fig.part_of is not None or whole is fig:
                continue
            if fig.category == whole.category:
                total = totals.get(w_i, 0.0) + float(fig.value)
                if exceeds(total, float(whole.value)):
                    continue
                totals[w_i] = total
            fig.part_of = whole.id
    return figures


_CELL_NUMBER = re.compile(rf"({_NUM})\s*(%?)")
_COLUMN_UNIT = re.compile(r"\(([^()]{1,30})\)\s*$")


def _column_unit(column: str) -> tuple[str | None, str, int]:
    """(unit, category, multiplier) a column heading gives its cells: "Tỷ lệ (%)" → %,
    "Vốn (triệu đồng)" → đồng × 1.000.000, "Nhà ở (hộ)" → hộ, "Số học sinh" → học sinh."""
    lex = lexicon()
    m = _COLUMN_UNIT.search(column)
    if m:
        unit = m.group(1).strip()
        if unit == "%":
            return "%", "percent", 1
        factor = 1
        for word, f in lex.multipliers:
            if fold(unit).startswith(word + " "):
                unit, factor = unit[len(word) + 1:].strip(), f
                break
        return unit, lex.category(unit) or "other", factor
    if "%" in column:
        return "%", "percent", 1
    # a heading starts with a capital ("Hồ sơ tiếp nhận"); units are read in lower case
    reader = _Reader(column[:1].lower() + column[1:], None)
    for p in range(len(column)):
        if reader.word_start(p) and column[p].isalpha():
            hit = reader.unit_at(p)
            if hit and hit[1] not in ("duration", "percent"):
                return column[p:hit[0]], hit[1], 1
    return None, "other", 1


_ROW_NUMBER_COLUMN = re.compile(rf"(?:stt|tt|{fold('số tt')}|{fold('số thứ tự')})(?!\w)")
_ROW_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,2})*")


def _cell_text(text: str, block: Block) -> str:
    return " ".join(text[block.start:block.end].split())


def _label_parts(text: str, blocks: Sequence[Block], i: int) -> tuple[str | None, str | None]:
    """(row label, column label) of the labelled cell ``blocks[i]``.

    A label is "row / column", or one of the two alone: it is the row's where a cell of the
    row next to this one holds that text (a table whose header rows were lost, at a page break)."""
    label = blocks[i].label or ""
    if " / " in label:
        row, column = label.rsplit(" / ", 1)
        return row, column
    for j in range(max(0, i - 8), min(len(blocks), i + 3)):
        if j != i and blocks[j].kind == "table_cell" and blocks[j].label is None and _cell_text(text, blocks[j]) == label:
            return label, None
    return None, label


def _row_number(text: str, blocks: Sequence[Block], i: int, row: str | None, column: str | None) -> bool:
    """A cell that numbers its row ("1", "1.1", "26.4"): under an "STT" heading, or, with no
    heading, a number standing before its row's label."""
    if not _ROW_NUMBER.fullmatch(_cell_text(text, blocks[i])):
        return False
    if column is not None:
        return bool(_ROW_NUMBER_COLUMN.match(fold(column)))
    nxt = next((b for b in blocks[i + 1:i + 2] if b.kind == "table_cell"), None)
    return nxt is not None and row is not None and _cell_text(text, nxt) == row


_TABLE_GAP = 3  # lines between two parts of one table (a page's foot, a row the table reader missed)


def table_cells(ctx: Context, raws: list[RawFigure]) -> list[RawFigure]:
    """Figures in labelled table cells take the cell's row and column labels and the cell as
    their span; a cell holding a bare number ("68.940", "99,38") is a figure with the unit
    (and multiplier) its column names; a cell that numbers its row is no figure.

    A cell whose label names only its row (a table whose header a page break cut off) takes the
    unit every named column of its table agrees on ("%" throughout a table of shares), else none."""
    out = list(raws)
    starts = [r.start for r in raws]  # find_figures gives them in text order
    text, blocks = ctx.text, ctx.document.blocks
    Unit = tuple[str | None, str, int]
    run: list[tuple[Block, Decimal, Unit | None]] = []  # the bare-number cells of one table (a run of cells)

    def close() -> None:
        named = {u for _, _, u in run if u is not None}
        shared = next(iter(named)) if len(named) == 1 else (None, "other", 1)
        for block, value, u in run:
            unit, category, factor = u if u is not None else shared
            out.append(RawFigure(block.start, block.end, _plain(value * factor), unit, category, label=block.label))
        run.clear()

    between = 0  # blocks since the last cell: a table goes on past a few lines a page break left
    for i, block in enumerate(blocks):
        if block.kind != "table_cell":
            between += 1
            if block.kind == "heading" or between > _TABLE_GAP:
                close()
            continue
        between = 0
        if not block.label:
            continue
        inside = raws[bisect.bisect_left(starts, block.start):bisect.bisect_left(starts, block.end)]
        for r in inside:
            r.label = block.label
            if len(inside) == 1:
                r.start, r.end = block.start, block.end
        if inside:
            continue
        m = _CELL_NUMBER.fullmatch(text, block.start, block.end)
        value = _parse_decimal(m.group(1)) if m else None
        if value is None:
            continue
        row, column = _label_parts(text, blocks, i)
        if _row_number(text, blocks, i, row, column):
            continue
        if m.group(2):  # type: ignore[union-attr]
            run.append((block, value, ("%", "percent", 1)))
        else:
            run.append((block, value, _column_unit(column) if column else None))
    close()
    order = sorted(range(len(out)), key=lambda i: out[i].start)  # ids stay in text order
    where = {old: new for new, old in enumerate(order)}
    for r in out:
        if r.part_of is not None:
            r.part_of = where[r.part_of]
    return [out[i] for i in order]


@extractor("figures", requires=("dates",))
def figures(ctx: Context) -> list[Figure]:
    """Every quantity in the content, merged by value and unit."""
    tokens = [(s, e) for s, e, space in ctx.token_spans if not space]
    raws = find_figures(ctx.text, _date_spans(ctx.found.get("dates")), tokens, ctx.content, ctx.key)
    return merge(ctx, table_cells(ctx, raws))
