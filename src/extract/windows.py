"""Scan a text with a rule only where the rule can match: near its digits.

Python's ``re`` costs some 20 ns per character per pattern, whatever the pattern, so the
seventeen date rules spent more time walking over prose than anything else in extraction.
Most of them cannot match without a digit, and a match of each holds a bounded number of
characters other than whitespace. Such a rule, run only within that many non-space
characters of a digit, finds exactly what it finds over the whole text: every match it has
contains a digit and so lies inside a window, and windows that touch are merged, so a scan
enters each window with nothing carried over from before it.

Both facts are read off the pattern's parse tree (``_without_digit``, ``_solid``) rather than
declared by the rule's author, and a rule whose facts cannot be shown (a digit-free match is
possible, a repeat is unbounded, an unknown construct) is scanned whole. Lookbehinds see the
text before a window (``re`` reads behind ``pos``); lookaheads at a window's end would see the
end of the string, so windows reach ``lookahead`` characters past the widest match. And a
pattern every match of which starts with one of a few words ("quý", "nửa") is not run at all
over a text that has none of them (``_openings``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator
from re import _parser as sre  # the parse tree of a pattern: the public re has no other

_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s")
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}


class _Unknown(Exception):
    """A construct the analysis does not model: the rule is scanned whole."""


def _set_chars(items) -> tuple[bool, bool]:
    """(may match a non-digit, may match a non-space) for the items of a character set."""
    non_digit = non_space = False
    for op, av in items:
        if op is sre.LITERAL:
            ch = chr(av)
            non_digit |= not _DIGIT.match(ch)
            non_space |= not _SPACE.match(ch)
        elif op is sre.RANGE:
            lo, hi = av
            chars = [chr(c) for c in range(lo, hi + 1)] if hi - lo < 2000 else ["a"]
            non_digit |= any(not _DIGIT.match(c) for c in chars)
            non_space |= any(not _SPACE.match(c) for c in chars)
        elif op is sre.CATEGORY:
            non_digit |= av is not sre.CATEGORY_DIGIT and av is not sre.CATEGORY_UNI_DIGIT
            non_space |= av is not sre.CATEGORY_SPACE and av is not sre.CATEGORY_UNI_SPACE
        else:  # NEGATE and anything else: assume it can match anything
            return True, True
    return non_digit, non_space


def _without_digit(items) -> bool:
    """Whether the sequence can match a string with no digit (assertions assumed to hold)."""
    for op, av in items:
        if op is sre.LITERAL:
            ok = not _DIGIT.match(chr(av))
        elif op in (sre.NOT_LITERAL, sre.ANY, sre.GROUPREF, sre.GROUPREF_EXISTS) or op in _ZERO_WIDTH:
            ok = True
        elif op is sre.IN:
            ok = _set_chars(av)[0]
        elif op is sre.BRANCH:
            ok = any(_without_digit(branch) for branch in av[1])
        elif op is sre.SUBPATTERN:
            ok = _without_digit(av[-1])
        elif op in _REPEATS:
            ok = av[0] == 0 or _without_digit(av[2])
        else:
            ok = True
        if not ok:
            return False
    return True


def _solid(items, groups: dict[int, int]) -> int:
    """Most characters other than whitespace the sequence can match; _Unknown if unbounded."""
    total = 0
    for op, av in items:
        if op is sre.LITERAL:
            total += 0 if _SPACE.match(chr(av)) else 1
        elif op in (sre.NOT_LITERAL, sre.ANY):
            total += 1
        elif op is sre.IN:
            total += 1 if _set_chars(av)[1] else 0
        elif op in _ZERO_WIDTH:
            pass
        elif op is sre.BRANCH:
            total += max(_solid(branch, groups) for branch in av[1])
        elif op is sre.SUBPATTERN:
            width = _solid(av[-1], groups)
            if av[0] is not None:
                groups[av[0]] = width
            total += width
        elif op is sre.GROUPREF:
            if av not in groups:
                raise _Unknown("a reference to a group not seen before it")
            total += groups[av]
        elif op in _REPEATS:
            lo, hi, sub = av
            width = _solid(sub, groups)
            if width and hi is sre.MAXREPEAT:
                raise _Unknown("an unbounded repeat of more than whitespace")
            total += width * (hi if width else 0)
        else:
            raise _Unknown(f"{op} is not modelled")
    return total


def _lookahead(items) -> int:
    """The furthest a lookahead inside the sequence reads past where it stands."""
    furthest = 0
    for op, av in items:
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            width = av[1].getwidth()[1] if av[0] == 1 else 0  # a lookbehind reads behind, but may hold a lookahead
            if width >= sre.MAXREPEAT:
                raise _Unknown("an unbounded lookahead")
            furthest = max(furthest, width + _lookahead(av[1]))
        elif op is sre.AT:
            furthest = max(furthest, 1)  # "$" and "\b" read the character after them
        elif op is sre.BRANCH:
            furthest = max([furthest] + [_lookahead(branch) for branch in av[1]])
        elif op is sre.SUBPATTERN:
            furthest = max(furthest, _lookahead(av[-1]))
        elif op in _REPEATS:
            furthest = max(furthest, _lookahead(av[2]))
    return furthest


def _openings(items) -> set[str] | None:
    """The literal words one of which every match starts with (after zero-width assertions),
    when the pattern shows them ("qúy", "quí"); None when it does not."""
    seq = list(items)
    for k, (op, av) in enumerate(seq):
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL:
            j = k
            while j < len(seq) and seq[j][0] is sre.LITERAL:
                j += 1
            word = "".join(chr(av2) for _, av2 in seq[k:j])
            more = _openings(seq[j:j + 1]) if j < len(seq) and seq[j][0] in (sre.BRANCH, sre.SUBPATTERN) else None
            return {word + m for m in more} if more else {word}  # "q" then "úy" or "uí"
        if op is sre.BRANCH:
            found: set[str] = set()
            for branch in av[1]:
                words = _openings(branch)
                if not words:
                    return None
                found |= words
            return found
        if op is sre.SUBPATTERN:
            return None if av[1] & re.IGNORECASE else _openings(av[-1])  # "(?i:…)" matches other cases
        return None
    return None


@dataclass(frozen=True)
class Plan:
    """How to scan with one pattern: whole (``width`` None) or in windows around digits, and
    not at all in a text without any of ``openings`` (the words every match starts with)."""

    pattern: re.Pattern[str]
    width: int | None  # most non-space characters in a match, when every match has a digit
    lookahead: int = 0
    openings: frozenset[str] = frozenset()


def plan(pattern: re.Pattern[str]) -> Plan:
    """Read off the pattern whether it may be scanned near digits only, and how far."""
    try:
        tree = sre.parse(pattern.pattern, pattern.flags)
    except (RecursionError, re.error):
        return Plan(pattern, None)
    openings = frozenset() if pattern.flags & re.IGNORECASE else frozenset(_openings(tree) or ())
    try:
        if _without_digit(tree):
            return Plan(pattern, None, openings=openings)
        return Plan(pattern, _solid(tree, {}), _lookahead(tree), openings)
    except (_Unknown, RecursionError, AttributeError, TypeError):
        return Plan(pattern, None, openings=openings)


def _solid_count(piece: str) -> int:
    return len("".join(piece.split()))  # str.split() splits where \s matches


# Prose is about one character in six a space: a stretch half as long again as the count of
# non-space characters wanted nearly always holds them, so one slice is read, not several.
_SLACK = 3 / 2


def _back(text: str, pos: int, count: int, floor: int) -> int:
    """A start before ``pos`` with at least ``count`` non-space characters between (or ``floor``)."""
    while count > 0 and pos > floor:
        start = max(floor, pos - int(count * _SLACK) - 1)
        count -= _solid_count(text[start:pos])
        pos = start
    return pos


def _forward(text: str, pos: int, count: int, ceiling: int) -> int:
    """An end after ``pos`` with at least ``count`` non-space characters between (or ``ceiling``)."""
    while count > 0 and pos < ceiling:
        end = min(ceiling, pos + int(count * _SLACK) + 1)
        count -= _solid_count(text[pos:end])
        pos = end
    return pos


def digit_windows(text: str, width: int, extra: int = 0) -> list[tuple[int, int]]:
    """Merged ranges of ``text`` that hold every match of at most ``width`` non-space characters
    containing a digit, and ``extra`` characters after it for lookaheads.

    A window reaches at least ``width`` characters past its last digit, so a digit that close
    joins it without a look either way; the reach is worked out only where a window may end.
    """
    windows: list[tuple[int, int]] = []
    end = len(text)
    lo = last = -1  # the open window's start, and the end of its last digit
    for m in _DIGITS.finditer(text):
        a, b = m.span()
        if lo >= 0:
            if a <= last + width:
                last = b
                continue
            hi = min(end, _forward(text, last, width, end) + extra)
            start = _back(text, a, width, 0) if a > hi else a
            if start <= hi:
                last = b
                continue
            windows.append((lo, hi))
            lo, last = start, b
            continue
        lo, last = _back(text, a, width, 0), b
    if lo >= 0:
        windows.append((lo, min(end, _forward(text, last, width, end) + extra)))
    return windows


def _rung(width: int) -> int:
    """The width windows are cut to for a rule ``width`` wide: the next of 18, 54, 162, …
    Narrow rules (most) read less than the widest would, and few sets of windows are cut
    (cutting them costs about what reading them saves)."""
    rung = 18
    while rung < width:
        rung *= 3
    return rung


class Scanner:
    """Several patterns over one text, each read whole or only in the windows around digits."""

    def __init__(self, patterns: list[re.Pattern[str]]):
        self.plans = [plan(p) for p in patterns]
        self.lookahead = max((p.lookahead for p in self.plans if p.width is not None), default=0)

    def finditer(self, text: str) -> Iterator[tuple[int, re.Match[str]]]:
        """(pattern index, match) for each pattern in turn: the matches of ``pattern.finditer(text)``."""
        windows: dict[int, list[tuple[int, int]]] = {}
        for i, p in enumerate(self.plans):
            if p.openings and not any(word in text for word in p.openings):
                continue  # every match starts with one of these words, and the text has none
            if p.width is None:
                for m in p.pattern.finditer(text):
                    yield i, m
                continue
            rung = _rung(p.width)
            if rung not in windows:
                windows[rung] = digit_windows(text, rung, self.lookahead)
            for lo, hi in windows[rung]:
                for m in p.pattern.finditer(text, lo, hi):
                    yield i, m
