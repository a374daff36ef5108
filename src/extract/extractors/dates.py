"""Dates: every calendar expression, normalised to ISO 8601 (ANNOTATION.md "dates").

Matching is on characters, over the folded key (``fold``: same length as the text,
lower case, canonical tone placement), so offsets are offsets into the text itself.

Three steps:

1. *rules* each find one form of calendar expression ("ngày 15 tháng 5 năm 2022",
   "chiều 23/6", "tháng 12/2021", "quý I/2017", "giai đoạn 2018 - 2021", …). A form
   that a number alone could be mistaken for ("4/5 xã", "132/203 thủ tục", "2017")
   needs a *date context* before it: a day word (ngày, sáng, chiều, hôm…), a month
   or year word (tháng, năm, quý), a period word (giai đoạn, nhiệm kỳ…) or a
   preposition (từ, đến, trước…) — the last only when what follows is not a counted
   noun;
2. overlapping finds are resolved longest first (a period beats the year inside it);
3. two dates joined by "đến", "tới" or a dash ("từ 10/6 đến 15/6", "27/7/1947 -
   27/7/2017"), or by a verb of lasting ("khai mạc ngày 8/7, kéo dài đến 11/7", "từ ngày
   8/7 và kéo dài đến hết 11/7", "… và bế mạc ngày 11/7") become one period ``START/END``;
   a side without a year takes the other side's year;
4. a part of a year written without one ("6 tháng đầu năm", "quý II", "nửa cuối năm",
   "cuối năm") takes the document's year (``document_year``: its published date, its
   header's date line or a dateline). Where the document gives none, the periods stay
   year-less ("--01/--06") and a bare "cuối năm" is no date.

Choices where the guide is silent:
- "từ năm 2018 đến nay" is the year ``2018``: an open end ("nay") has no calendar
  anchor and ``START/END`` needs both ends;
- "cuối năm 2017", "đầu tháng 3/2017", "nửa đầu tháng 5/2017" are the year or the
  month (the modifier is kept in the evidence); "6 tháng đầu năm 2017" and
  "nửa đầu năm 2017" are month periods;
- "ngày 14 và 15/5" is two days, "ngày 8 - 13/7" one period.
- Prepositions (từ, đến, trước…) are not part of the evidence of a single date; a
  period's evidence starts at its "từ" (and a period word before it).
- A year that ends a festival's or event's name ("Tết Giáp Thìn 2024", "lễ hội Xuân Yên
  Tử 2017", "World Cup 2022") is that year, the name its evidence; "SEA Games 31" is no year.
- "6 tháng và cả năm 2018" is 2018-01/2018-06 ("6 tháng") and 2018 ("năm 2018").
- A scan's full date is read through its commonest misreadings ("tháng l1", "thắng 4"),
  but only with its year written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Callable, Iterator, Optional

from .. import resources, windows
from ..models import DateItem
from ..normalize import fold
from ..registry import Context, extractor

Parts = tuple[Optional[int], Optional[int], Optional[int]]  # (year, month, day); None = not written


# ---------------------------------------------------------------- lexicons → regex pieces

def _alt(words: tuple[str, ...] | list[str]) -> str:
    """An alternation of folded words, longest first, spaces matching any whitespace."""
    return resources.alternation({" ".join(fold(w).split()) for w in words}, r"\s+")


def _kw(word: str) -> str:
    return _alt([word])


_D = r"(?:3[01]|[12]\d|0?[1-9])"
_M = r"(?:1[0-2]|0?[1-9])"
_Y = r"(?:19\d\d|20\d\d|2100)"
_START = r"(?<![\w.,/-])"  # a number not glued to another number or code
_END = r"(?!\w|[.,/-]\d|[/-][^\W\d_])"  # not followed by more digits or a code ("/QĐ-UBND")
_END_FULL = r"(?!\w|[.,/]\d|[/-][^\W\d_])"  # a full date may be followed by "-" and the end of a range

_TOD = _alt(resources.lines("dates_parts_of_day.txt"))
_REL = _alt(resources.lines("dates_relative.txt"))
_WEEKDAY = _alt(resources.lines("dates_weekdays.txt"))
_PREP = _alt(resources.lines("dates_prepositions.txt"))
_MOD = _alt(resources.lines("dates_modifiers.txt"))
_PERIOD = _alt(resources.lines("dates_period_words.txt"))
_QUARTERS = {fold(row[0]): int(row[1]) for row in resources.table("dates_quarters.txt")}
_Q = resources.alternation(_QUARTERS)
_AFTER = frozenset(fold(w) for w in resources.lines("dates_after.txt"))
_NOT_AFTER = frozenset(fold(w) for w in resources.lines("dates_not_after.txt"))
_NAME_BEFORE = re.compile(rf"(?:{_alt(resources.lines('dates_name_before.txt'))})\s+$")
_YEAR_WORD = _alt(resources.lines("dates_year_words.txt"))

_NGAY, _THANG, _NAM, _HOM = _kw("ngày"), _kw("tháng"), _kw("năm"), _kw("hôm")
_DEN, _TOI, _VA = _kw("đến"), _kw("tới"), _kw("và")

# "chiều", "buổi sáng ngày", "sáng nay", "ngày hôm qua", "hôm": words that make a d/m a date.
_DAYPREFIX = (
    rf"(?:(?:{_kw('buổi')}\s+)?(?:{_TOD})(?:\s+(?:{_REL}))?(?:\s+(?:{_NGAY}|{_HOM}))?"
    rf"|(?:{_NGAY}|{_HOM})(?:\s+(?:{_REL}))?)"
)
# between the day words and the number: a space, or ", " / " (" ("ngày hôm nay, 9.6")
_JOIN = r"(?P<join>\s*[,(]\s*|\s+)"


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.M)


# ---------------------------------------------------------------- candidates

@dataclass
class Cand:
    """One date found: its evidence range and either parts (a single date) or a period."""

    start: int
    end: int
    parts: Parts | None = None
    period: tuple[Parts, Parts] | None = None
    of_year: bool = False  # a part of a year with no year written ("6 tháng đầu năm", "quý II", "cuối năm")

    @property
    def value(self) -> str:
        if self.period:
            return f"{_fmt(self.period[0])}/{_fmt(self.period[1])}"
        assert self.parts is not None
        return _fmt(self.parts)

    def in_year(self, year: int | None) -> Cand | None:
        """This date with ``year`` given to a part of a year that has none (None where there is
        nothing to give: "cuối năm" alone is no date without a year)."""
        if not self.of_year:
            return self
        if year is None:
            return self if self.parts is None or self.parts[0] is not None else None
        def fill(p: Parts) -> Parts:
            return (year, p[1], p[2]) if p[0] is None else p

        if self.period:
            return Cand(self.start, self.end, period=(fill(self.period[0]), fill(self.period[1])))
        return Cand(self.start, self.end, parts=fill(self.parts))  # type: ignore[arg-type]


def _fmt(p: Parts) -> str:
    y, m, d = p
    if d is not None:
        return f"{y:04d}-{m:02d}-{d:02d}" if y is not None else f"--{m:02d}-{d:02d}"
    if m is not None:
        return f"{y:04d}-{m:02d}" if y is not None else f"--{m:02d}"
    return f"{y:04d}"


def _valid(p: Parts) -> bool:
    y, m, d = p
    if y is not None and not 1900 <= y <= 2100:
        return False
    if m is not None and not 1 <= m <= 12:
        return False
    if d is not None:
        try:
            date(y if y is not None else 2000, m or 1, d)  # 2000: 29 February exists
        except ValueError:
            return False
    return True


def _int(s: str | None) -> int | None:
    return int(s) if s else None


def _next_word(text: str, key: str, end: int) -> tuple[str, str]:
    """The next non-space character and the (folded) word after ``end``."""
    m = re.compile(r"\s*(\S?)(\w*)").match(key, end)
    assert m
    first = text[m.start(1):m.end(1)]
    return first, m.group(1) + m.group(2)


def _follow_ok(text: str, key: str, end: int) -> bool:
    """After a date known only through a preposition: punctuation, a capital or a listed word."""
    first, word = _next_word(text, key, end)
    if not first:
        return True
    if first == "%":
        return False
    if not first.isalnum():
        return True
    if first.isupper():
        return True
    return word in _AFTER


_COUNT_RANGE_END = re.compile(r"\s*(?:[-–]|" + fold("đến") + "|" + fold("tới") + r")\s*\d[\d.,]*")


def _prep_follow_ok(text: str, key: str, end: int) -> bool:
    """``_follow_ok``, and not the first end of a range of counts ("từ 1999 đến 2005 hộ")."""
    if not _follow_ok(text, key, end):
        return False
    m = _COUNT_RANGE_END.match(key, end)
    return m is None or _follow_ok(text, key, m.end())


def _not_quantity(text: str, key: str, end: int) -> bool:
    """After a date with a day word: anything but a unit ("ngày 2.5 triệu")."""
    first, word = _next_word(text, key, end)
    return first != "%" and word not in _NOT_AFTER


def _in_name(key: str, start: int) -> bool:
    """"Cách mạng Tháng 10", "đường Tháng 8": a name, not a month."""
    return bool(_NAME_BEFORE.search(key, max(0, start - 30), start))


def _word_before(key: str, start: int) -> str:
    m = re.search(r"(\w+)\W*$", key[max(0, start - 40):start])
    return m.group(1) if m else ""


# ---------------------------------------------------------------- rules
# Each rule: a pattern over the key and a handler that turns a match into candidates.

Handler = Callable[[re.Match[str], str, str], list[Cand]]
_RULES: list[tuple[re.Pattern[str], Handler]] = []


def rule(pattern: str) -> Callable[[Handler], Handler]:
    def add(fn: Handler) -> Handler:
        _RULES.append((_c(pattern), fn))
        return fn

    return add


def _one(start: int, end: int, parts: Parts) -> list[Cand]:
    return [Cand(start, end, parts=parts)] if _valid(parts) else []


def _evidence_start(m: re.Match[str]) -> int:
    """Day words are evidence unless a comma or bracket separates them from the number."""
    if m.group("pre") is None:
        return m.start("d")
    join = m.group("join") if "join" in m.re.groupindex else None
    if join and ("," in join or "(" in join):
        return m.start("d")
    return m.start("pre")


@rule(rf"(?<!\w)(?:(?P<pre>{_DAYPREFIX}){_JOIN})?{_START}(?P<d>{_D})(?P<s>[/.-])(?P<m>{_M})(?P=s)(?P<y>{_Y}){_END_FULL}")
def _numeric_full(m: re.Match[str], text: str, key: str) -> list[Cand]:
    """15/5/2022, 15-5-2022, 15.5.2022, with or without "ngày": unambiguous on its own."""
    return _one(_evidence_start(m), m.end(), (int(m["y"]), int(m["m"]), int(m["d"])))


_SCAN_DIGITS = str.maketrans({"l": "1", "i": "1", "ì": "1", "í": "1", "o": "0"})
_SCAN_NUMBER = r"(?:\d[\dliìío]?|[liìío]\d)"  # a digit in each, so the rule is still read near digits only


@rule(
    rf"(?<!\w)(?:(?P<tod>(?:{_kw('buổi')}\s+)?(?:{_TOD})(?:\s+(?:{_REL}))?)\s+)?{_NGAY}\s+"
    rf"(?:(?P<d1>{_D})(?P<c>\s*[-–]\s*|\s+(?:{_DEN}|{_TOI}|{_VA})\s+)(?:{_NGAY}\s+)?)?"
    rf"(?P<d>{_SCAN_NUMBER})\s+(?P<th>{_THANG}|th[^\W\d_]ng)\s+"
    rf"(?P<m>{_SCAN_NUMBER})(?:\s*(?:,\s*)?(?:{_NAM}\s+|[/.-])(?P<y>{_Y}))?{_END}"
)
def _words_full(m: re.Match[str], text: str, key: str) -> list[Cand]:
    """ngày 15 tháng 5 năm 2022; ngày 15 tháng 5; từ ngày 09 đến ngày 20 tháng 9 năm 2024 (a
    period), ngày 14 và 15 tháng 5 (two days).

    A full date as a scan reads it, "ngày 22 tháng l1 năm 2019", "ngày 03 thắng 4 năm 2017" (OCR
    takes 1 for l or I, 0 for O, and moves tone marks), only with its year, the context that makes
    it a date."""
    d, mo = m["d"], m["m"]
    if not (d.isdigit() and mo.isdigit() and m["th"] == fold("tháng")):
        if m["y"] is None or m["d1"]:
            return []
        d, mo = d.translate(_SCAN_DIGITS), mo.translate(_SCAN_DIGITS)
    y, month, day = _int(m["y"]), int(mo), int(d)
    if m["d1"] is None:
        return _one(m.start(), m.end(), (y, month, day))
    a, b = (y, month, int(m["d1"])), (y, month, day)
    if not (_valid(a) and _valid(b)) or a[2] >= b[2]:  # type: ignore[operator]
        return []
    if fold(m["c"]).strip() == fold("và"):
        return [Cand(m.start(), m.end("d1"), parts=a), Cand(m.start("d"), m.end(), parts=b)]
    start = m.start()
    if f := _FROM.search(key, max(0, start - 40), start):
        start = f.start()  # "từ ngày 09 đến ngày 20 tháng 9": the period starts at "từ"
    return [Cand(start, m.end(), period=(a, b))]


@rule(
    rf"(?<!\w)(?P<pre>(?:{_kw('từ')}\s+)?(?:{_DAYPREFIX})\s+(?:{_kw('từ')}\s+)?|{_kw('từ')}\s+){_START}(?P<d1>{_D})"
    rf"(?P<c>\s*[-–]\s*|\s+(?:{_DEN}|{_TOI}|{_VA})\s+(?:{_NGAY}\s+)?)"
    rf"(?P<d>{_D})(?P<s>[/.-])(?P<m>{_M})(?:(?P=s)(?P<y>{_Y}))?{_END}"
)
def _day_range(m: re.Match[str], text: str, key: str) -> list[Cand]:
    """ngày 8 - 13/7, từ ngày 26 đến 28/6/2017 (a period); ngày 14 và 15/5 (two days)."""
    y, mo = _int(m["y"]), int(m["m"])
    a, b = (y, mo, int(m["d1"])), (y, mo, int(m["d"]))
    if not (_valid(a) and _valid(b)) or a[2] >= b[2]:  # type: ignore[operator]
        return []
    if fold(m["c"]).strip() == fold("và"):
        return [Cand(m.start(), m.end("d1"), parts=a), Cand(m.start("d"), m.end(), parts=b)]
    return [Cand(m.start(), m.end(), period=(a, b))]


_DM_MORE = _c(rf"\s+{_VA}\s+(?P<d>{_D})[/.-](?P<m>{_M}){_END}")


@rule(rf"(?<!\w)(?P<pre>{_DAYPREFIX}){_JOIN}{_START}(?P<d>{_D})(?P<s>[/.-])(?P<m>{_M}){_END}")
def _day_month(m: re.Match[str], text: str, key: str) -> list[Cand]:
    """chiều 23/6, sáng 22.5, hôm 18-6, sáng nay 29/5, buổi sáng ngày 1/6; "ngày 5/6 và 31/5" is two."""
    if not _not_quantity(text, key, m.end()):
        return []
    if m["join"].strip() and not _follow_ok(text, key, m.end()):
        return []  # "Sáng mai, 2/3 số đại biểu": after a comma the number may start a new phrase
    out = _one(_evidence_start(m), m.end(), (None, int(m["m"]), int(m["d"])))
    more = _DM_MORE.match(key, m.end())
    if out and more and _follow_ok(text, key, more.end()):  # not "sáng 5/6 và 2/3 số đại biểu"
        out += _one(more.start("d"), more.end(), (None, int(more["m"]), int(more["d"])))
    return out


@rule(rf"(?<!\w)(?:{_WEEKDAY})\s*[,(]?\s*{_START}(?P<d>{_D})(?P<s>[/.-])(?P<m>{_M}){_END}")
def _weekday_day_month(m: re.Match[str], text: str, key: str) -> list[Cand]:
    """thứ Hai (5/6), Thứ 6, 12/5: the weekday is context, not evidence."""
    if not _not_quantity(text, key, m.end()):
        return []
    return _one(m.start("d"), m.end(), (None, int(m["m"]), int(m["d"])))


@rule(rf"(?<!\w)(?:{_PREP})\s+{_START}(?P<d>{_D})(?P<s>[/-])(?P<m>{_M}){_END}")
def _prep_day_month(m: re.Match[str], text: str, key: str) -> list[Cand]:
    """từ 10/6, trước 30/6 — only when no counted noun follows ("đến 4/5 xã" is a ratio)."""
    if not _prep_follow_ok(text, key, m.end()):
        return []
    return _one(m.start("d"), m.end(), (None, int(m["m"]), int(m["d"])))


@rule(rf"(?:^|(?<=[.!?;:]\s)|(?<=[)\]]\s))(?P<d>{_D})(?P<s>[/.-])(?P<m>{_M})(?=,)")
def _sentence_day_month(m: re.Match[str], text: str, key: str) -> list[Cand]:
    """A sentence opening "21-6, …" (news style)."""
    return _one(m.start(), m.end(), (None, int(m["m"]), int(m["d"])))


@rule(
    rf"(?<!\w)(?:(?P<mod>{_MOD})\s+)?{_THANG}\s+(?P<m1>{_M})\s*[-–]\s*(?:{_THANG}\s+)?(?P<m>{_M})"
    rf"(?:\s*[/.-]\s*|\s+{_NAM}\s+)(?P<y>{_Y}){_END}"
)
def _month_range(m: re.Match[str], text: str, key: str) -> list[Cand]:
    """tháng 5-6/2017."""
    y = int(m["y"])
    a, b = (y, int(m["m1"]), None), (y, int(m["m"]), None)
    if a[1] >= b[1]:  # type: ignore[operator]
        return []
    return [Cand(m.start(), m.end(), period=(a, b))]


@rule(rf"(?<!\w)(?:(?P<mod>{_MOD})\s+)?{_THANG}\s*(?P<m>{_M})(?:\s*[/.-]\s*|\s*,?\s+{_NAM}\s+)(?P<y>{_Y}){_END}")
def _month_year(m: re.Match[str], text: str, key: str) -> list[Cand]:
    """tháng 12/2021, Đầu tháng 1/2017, tháng 5 năm 2022, Tháng 10.2016, tháng 11-2009; tháng7/1931 (glued)."""
    if re.search(r"\d\s*$", key[max(0, m.start() - 3):m.start()]) or _in_name(key, m.start()):
        return []  # "2 năm 3 tháng 5/…": a duration
    return _one(m.start(), m.end(), (int(m["y"]), int(m["m"]), None))


@rule(rf"(?<!\w)(?:(?P<mod>{_MOD})\s+)?{_THANG}\s+(?P<m>{_M}){_END}")
def _month(m: re.Match[str], text: str, key: str) -> list[Cand]:
    """tháng 5 (no year written): --05. Not "3 tháng 5 ngày" (a duration)."""
    if re.search(r"\d\s*$", key[max(0, m.start() - 3):m.start()]) or _in_name(key, m.start()):
        return []
    first, word = _next_word(text, key, m.end())
    if word in _NOT_AFTER or word == fold("ngày"):
        return []
    return _one(m.start(), m.end(), (None, int(m["m"]), None))


@rule(rf"(?<!\w)(?:{_PREP})\s+{_START}(?P<m>{_M})(?P<s>[/-])(?P<y>{_Y}){_END}")
def _prep_month_year(m: re.Match[str], text: str, key: str) -> list[Cand]:
    """từ 01/2018, đến 12/2021 (without "tháng")."""
    if not _prep_follow_ok(text, key, m.end()):
        return []
    return _one(m.start("m"), m.end(), (int(m["y"]), int(m["m"]), None))


_NUMBER_WORDS = {fold(row[0]): int(row[1]) for row in resources.table("dates_number_words.tsv")}
_MONTH_WORDS_BEFORE = _c(rf"(?<!\w)(?P<n>{_alt(list(_NUMBER_WORDS))})\s+{_THANG}\s+$")
_MONTHS_AND_BEFORE = _c(rf"(?<!\w)(?P<n>1[0-2]|0?[1-9])\s+(?P<th>{_THANG})\s+{_VA}\s+(?:{_kw('cả')}\s+)?$")
_YEAR_MORE = _c(rf"(?:\s*,\s*|\s+(?:{_VA}|{_kw('hoặc')})\s+)(?:{_NAM}\s+)?{_START}(?P<y>{_Y}){_END}")


@rule(rf"(?<!\w)(?:(?P<mod>{_MOD})\s+)?(?:{_NAM}|{_YEAR_WORD})\s+{_START}(?P<y>{_Y}){_END}")
def _year(m: re.Match[str], text: str, key: str) -> list[Cand]:
    """năm 2016, cuối năm 2017; a list "năm 2016, 2017 và 2018" gives each year."""
    start = m.start("mod") if m["mod"] else m.start()
    if _word_before(key, start) in {fold("mỗi"), fold("hàng"), fold("hằng")} or key[start - 1:start] == "/":
        return []  # "mỗi năm 2000 …" is a rate
    y = int(m["y"])
    if m["mod"] is None and key.endswith((fold(" và "), fold(" cả ")), 0, start) and (
            both := _MONTHS_AND_BEFORE.search(key, max(0, start - 24), start)):
        # "6 tháng và cả năm 2018": 2018-01/2018-06 ("6 tháng", the year named after both) and 2018
        months = _one_period(both.start(), both.end("th"), (y, 1, None), (y, int(both["n"]), None))
        return months + _one(start, m.end(), (y, None, None))
    if m["mod"] and fold(m["mod"]) in {fold("đầu"), fold("cuối")} and (
            w := _MONTH_WORDS_BEFORE.search(key, max(0, start - 24), start)):
        n = _NUMBER_WORDS[" ".join(w["n"].split())]  # "năm tháng đầu năm 2017": five months
        a, b = ((y, 13 - n, None), (y, 12, None)) if fold(m["mod"]) == fold("cuối") else ((y, 1, None), (y, n, None))
        return _one_period(w.start(), m.end(), a, b)
    out = _one(start, m.end(), (y, None, None))
    pos = m.end()
    while more := _YEAR_MORE.match(key, pos):
        out += _one(more.start("y"), more.end(), (int(more["y"]), None, None))
        pos = more.end()
    return out


@rule(
    rf"(?<!\w)(?:(?P<per>{_PERIOD})\s+(?:{_kw('từ')}\s+)?)?{_START}(?P<y1>{_Y})"
    rf"(?P<c>\s*[-–—]\s*|\s+(?:{_DEN}|{_TOI})\s+(?:{_NAM}\s+)?)(?P<y>{_Y}){_END}"
)
def _year_range(m: re.Match[str], text: str, key: str) -> list[Cand]:
    """giai đoạn 2018 - 2021, năm học 2017-2018, nhiệm kỳ 2016-2021, (2011-2015)."""
    y1, y2 = int(m["y1"]), int(m["y"])
    if not (y1 < y2 <= y1 + 100):
        return []
    if m["per"] is None:
        if _word_before(key, m.start()) in {fold("số"), fold("mã"), fold("hiệu")}:
            return []
        if "-" not in m["c"] and "–" not in m["c"] and "—" not in m["c"]:
            return []  # "2016 đến 2020" alone: left to the "từ … đến" joining step
    start = m.start()
    if f := _FROM.search(key, max(0, start - 40), start):
        start = f.start()  # "từ năm 2002 đến 2009": the period starts at "từ"
    return _one_period(start, m.end(), (y1, None, None), (y2, None, None))


def _one_period(start: int, end: int, a: Parts, b: Parts) -> list[Cand]:
    return [Cand(start, end, period=(a, b))] if _valid(a) and _valid(b) else []


def _of_year(cands: list[Cand]) -> list[Cand]:
    """Mark the periods without a year: parts of the year the document is about."""
    for c in cands:
        c.of_year = bool(c.period) and c.period[0][0] is None and c.period[1][0] is None  # type: ignore[index]
    return cands


@rule(
    rf"(?<!\w)(?P<n>1[0-2]|0?[1-9])\s+{_THANG}\s+(?:(?P<pos>{_kw('đầu')}|{_kw('cuối')})\s+)?{_NAM}"
    rf"(?:\s+(?P<y>{_Y}))?{_END}"
)
def _months_of_year(m: re.Match[str], text: str, key: str) -> list[Cand]:
    """6 tháng đầu năm 2017 → 2017-01/2017-06; 6 tháng cuối năm → --07/--12; 9 tháng năm 2017."""
    n, y = int(m["n"]), _int(m["y"])
    pos = fold(m["pos"] or "")
    if y is None and not pos:
        return []  # "3 tháng năm …" without a year: not a calendar span
    if y is None and _next_word(text, key, m.end())[1] in {fold("học"), fold("tài")}:
        return []  # "6 tháng đầu năm học": a school year, not a calendar year
    if pos == fold("cuối"):
        a, b = (y, 13 - n, None), (y, 12, None)
    else:
        a, b = (y, 1, None), (y, n, None)
    return _of_year(_one_period(m.start(), m.end(), a, b))


@rule(
    rf"(?<!\w)(?P<half>{_kw('nửa')}|{_kw('sáu tháng')})\s+(?P<pos>{_kw('đầu')}|{_kw('cuối')}|{_kw('sau')}|{_kw('trước')})\s+"
    rf"(?:{_NAM}(?:\s+(?P<y>{_Y}))?|(?P<y2>{_Y})){_END}"
)
def _half_year(m: re.Match[str], text: str, key: str) -> list[Cand]:
    """nửa đầu năm 2017, nửa đầu 2017 → 2017-01/2017-06; nửa cuối năm → --07/--12."""
    y = _int(m["y"] or m["y2"])
    if y is None and _next_word(text, key, m.end())[1] in {fold("học"), fold("tài")}:
        return []
    first = fold(m["pos"]) in {fold("đầu"), fold("trước")}
    a, b = ((y, 1, None), (y, 6, None)) if first else ((y, 7, None), (y, 12, None))
    return _of_year(_one_period(m.start(), m.end(), a, b))


@rule(
    rf"(?<!\w)(?:{_kw('quý')}|{_kw('quí')})\s+(?P<q>{_Q})(?!\w)(?:\s*(?:[-–]|,|{_VA}|{_DEN})\s*(?:(?:{_kw('quý')}|{_kw('quí')})\s+)?"
    rf"(?P<q2>{_Q})(?!\w))?(?:\s*(?:[/.-]|,?\s*{_NAM})\s*(?P<y>{_Y}))?{_END}"
)
def _quarter(m: re.Match[str], text: str, key: str) -> list[Cand]:
    """quý I/2017 → 2017-01/2017-03; quý II-III/2016 → 2016-04/2016-09; quý IV → --10/--12."""
    q1 = _QUARTERS[m["q"]]
    q2 = _QUARTERS[m["q2"]] if m["q2"] else q1
    if q2 < q1:
        return []
    y = _int(m["y"])
    between = key[m.end("q"):m.start("q2")] if m["q2"] else ""
    if m["q2"] and y is None and fold("quý") not in between and fold("quí") not in between:
        return _of_year(_one_period(m.start(), m.end("q"), (None, 3 * q1 - 2, None), (None, 3 * q1, None)))  # "quý I, 2 …"
    if "," in between or fold("và") in between:
        # "quý I và quý II/2017": two quarters
        return _of_year(_one_period(m.start(), m.end("q"), (y, 3 * q1 - 2, None), (y, 3 * q1, None)) + _one_period(
            m.start("q2"), m.end(), (y, 3 * q2 - 2, None), (y, 3 * q2, None)))
    return _of_year(_one_period(m.start(), m.end(), (y, 3 * q1 - 2, None), (y, 3 * q2, None)))


@rule(rf"(?<!\w)(?:(?P<mod>{_MOD})|(?P<per>{_PERIOD})|{_PREP})\s+{_START}(?P<y>{_Y}){_END}")
def _context_year(m: re.Match[str], text: str, key: str) -> list[Cand]:
    """Last, so that a period of the same length wins: cuối 2017, từ 2018, giai đoạn 2018 (đến nay): a bare year only after such words."""
    if not _prep_follow_ok(text, key, m.end()):
        return []
    start = m.start() if (m["mod"] or m["per"]) else m.start("y")
    return _one(start, m.end(), (int(m["y"]), None, None))


_EVENT = _alt(resources.lines("dates_event_words.txt"))
_EVENT_ENDS = frozenset(fold(w).split()[-1] for w in resources.lines("dates_event_words.txt"))
_GIVEN_NAMES = {fold("xuân")}  # event words that are also given names: not after a family name
_SURNAMES = frozenset(fold(w) for w in resources.lines("surnames.txt"))


_EVENT_BEFORE = _c(
    rf"(?<!\w)(?P<ev>{_EVENT})(?P<name>(?:[ \t]+(?:[^\W\d_][\w'’]{{0,15}}(?:-\w{{1,12}})?|[-–])){{0,5}})[ \t]+$"
)


@rule(rf"(?<=[ \t]){_START}(?P<y>{_Y}){_END}")
def _event_year(m: re.Match[str], text: str, key: str) -> list[Cand]:
    """Tết Giáp Thìn 2024, Tết Nguyên đán 2025, lễ hội Xuân Yên Tử 2017, World Cup 2022: the year
    that ends a festival's or an event's name (dates_event_words.txt). The event word is written
    capitalised, or the name after it is; every word of the name is capitalised ("Tết có 2025 …"
    is no name). Read from the year back, so the rule costs a look only where a year stands."""
    i = m.start() - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    j = i
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    if i < 0 or not (text[j].isupper() or key[j:i + 1] in _EVENT_ENDS):
        return []  # the quick test first: a name's last word is capitalised, or an event word ends there
    ev = _EVENT_BEFORE.search(key, max(0, m.start() - 90), m.start())
    if ev is None:
        return []
    words = [w for w in text[ev.end("ev"):m.start()].split() if w not in "-–"]
    if not all(w[:1].isupper() for w in words):
        return []
    if not (text[ev.start("ev")].isupper() or words) or not _not_quantity(text, key, m.end()):
        return []
    if ev["ev"] in _GIVEN_NAMES and _word_before(key, ev.start()) in _SURNAMES:
        return []  # "Nguyễn Xuân Phúc 2016": a person's name, not the spring
    return _one(ev.start(), m.end(), (int(m["y"]), None, None))


# ---------------------------------------------------------------- joining "từ A đến B"

_CONNECT = _c(
    rf"\s*[-–—]\s*|\s+(?:{_DEN}\s+{_kw('hết')}|{_kw('cho')}\s+{_DEN}|{_DEN}|{_TOI})\s+"
    # "khai mạc ngày 8/7, kéo dài đến 11/7", "từ ngày 8/7 và kéo dài đến hết 11/7", "… và bế mạc ngày 11/7"
    rf"|\s*,?\s+(?:{_VA}\s+)?(?:(?:{_alt(['kéo dài', 'diễn ra', 'tiếp tục'])})\s+(?:{_kw('liên tục')}\s+)?"
    rf"(?:{_DEN}|{_TOI})(?:\s+{_kw('hết')})?|(?:{_alt(['kết thúc', 'bế mạc'])})(?:\s+{_kw('vào')})?)\s+"
    rf"|\s+{_VA}\s+(?:{_DEN}|{_TOI})(?:\s+{_kw('hết')})?\s+"
)
_FROM = _c(rf"(?:(?:{_PERIOD})\s+)?(?:{_kw('kể')}\s+)?{_kw('từ')}\s+$")
_BARE = {
    "day": _c(rf"(?P<d>{_D})(?P<s>[/.-])(?P<m>{_M})(?:(?P=s)(?P<y>{_Y}))?{_END}"),
    "month": _c(rf"(?:{_THANG}\s+)?(?P<m>{_M})(?:\s*[/.-]\s*(?P<y>{_Y}))?{_END}"),
    "year": _c(rf"(?:{_NAM}\s+)?(?P<y>{_Y}){_END}"),
}


def _grain(p: Parts) -> str:
    return "day" if p[2] is not None else "month" if p[1] is not None else "year"


def _bare(text: str, key: str, pos: int, grain: str) -> Cand | None:
    """The end of a period written without its own date words ("từ năm 2002 đến 2009")."""
    m = _BARE[grain].match(key, pos)
    if not m or not (_follow_ok if grain == "year" else _not_quantity)(text, key, m.end()):
        return None  # "từ 1999 đến 2005 hộ": a count
    gd = m.groupdict()
    parts = (_int(gd.get("y")), _int(gd.get("m")), _int(gd.get("d")))
    return Cand(m.start(), m.end(), parts=parts) if _valid(parts) else None


def _join(a: Parts, b: Parts) -> tuple[Parts, Parts] | None:
    """A period from two dates of one grain, a missing year taken from the other side."""
    (ya, ma, da), (yb, mb, db) = a, b
    later = (ma or 0, da or 0) > (mb or 0, db or 0)
    if ya is None and yb is not None:
        ya = yb - 1 if later else yb
    elif yb is None and ya is not None:
        yb = ya + 1 if later else ya
    elif ya is None and yb is None and later:
        return None
    a2, b2 = (ya, ma, da), (yb, mb, db)
    if not (_valid(a2) and _valid(b2)):
        return None
    if ya is not None and yb is not None and (ya, ma or 0, da or 0) >= (yb, mb or 0, db or 0):
        return None
    return a2, b2


def _periods(cands: list[Cand], text: str, key: str) -> list[Cand]:
    """Join "A đến B", "A - B" into periods when A is a date and B one of the same grain."""
    out: list[Cand] = []
    by_start = {c.start: c for c in cands}
    used: set[int] = set()
    for c in cands:
        if id(c) in used:
            continue
        if c.parts is None:
            out.append(c)
            continue
        conn = _CONNECT.match(key, c.end)
        b: Cand | None = None
        if conn:
            b = by_start.get(conn.end())
            if b is not None and (b.parts is None or _grain(b.parts) != _grain(c.parts)):
                b = None
            if b is None and conn.end() not in by_start:
                b = _bare(text, key, conn.end(), _grain(c.parts))
        joined = _join(c.parts, b.parts) if b and b.parts else None
        if b is None or joined is None:
            out.append(c)
            continue
        used.add(id(b))
        start = c.start
        if f := _FROM.search(key, max(0, start - 40), start):
            start = f.start()
        out.append(Cand(start, b.end, period=joined))
    return out


# ---------------------------------------------------------------- the finder

def _resolve(found: list[tuple[int, int, int, list[Cand]]]) -> list[Cand]:
    """Keep non-overlapping matches: longest first, then a period ("nửa đầu năm 2023" is half
    a year, not the year), then by rule order."""
    taken: list[tuple[int, int]] = []
    keep: list[Cand] = []

    def rank(f: tuple[int, int, int, list[Cand]]) -> tuple[int, bool, int, int]:
        return -(f[1] - f[0]), not any(c.period for c in f[3]), f[2], f[0]

    for s, e, _, cands in sorted(found, key=rank):
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        keep += cands
    return sorted(keep, key=lambda c: c.start)


@lru_cache(maxsize=1)
def _scanner() -> windows.Scanner:
    """The rules' patterns; most can only match near a digit, and are read only there."""
    return windows.Scanner([pattern for pattern, _ in _RULES])


def _candidates(text: str, key: str) -> Iterator[tuple[int, int, int, list[Cand]]]:
    for i, m in _scanner().finditer(key):
        cands = _RULES[i][1](m, text, key)
        if cands:  # a list ("năm 2015, 2016 và 2017") reaches past the match
            yield min(m.start(), cands[0].start), max(m.end(), cands[-1].end), i, cands


def _found(text: str, key: str) -> list[Cand]:
    found = _periods(_resolve(list(_candidates(text, key))), text, key)
    if "ngày" not in key:
        return found
    unreadable = [m.span() for m in _DAY_UNREADABLE.finditer(key)]
    return [c for c in found if not any(s <= c.start < e for s, e in unreadable)] if unreadable else found


# A whole date whose day a scan misread ("ngày 2Š tháng 02 năm 2025", "ngày f6 tháng? năm 2021"): digits and
# other marks in one short token. Its month and year alone are not the date written: nothing is read of it.
_DAY_UNREADABLE = re.compile(r"(?<!\w)ngày\s+(?=\S{0,2}\d)(?=\S{0,2}[^\d\s\-–/.,])\S{2,3}\s+tháng\s*\S{1,3}\s+năm\s+\d{4}(?!\d)")


_YEAR_PARTS = _c(rf"(?<!\w)(?:{_alt(resources.lines('dates_year_parts.txt'))})(?:\s+{_kw('nay')})?(?!\w)(?!\s*\d)")
_YEAR_PARTS_NOT_BEFORE = _c(rf"\s+(?:{_alt(resources.lines('dates_year_parts_not_before.txt'))})(?!\w)")


def _year_parts(text: str, key: str, taken: list[Cand]) -> list[Cand]:
    """"cuối năm", "đầu năm nay", "giữa năm" where no other date covers them: the document's
    year, once it is known (``Cand.in_year``)."""
    out = []
    for m in _YEAR_PARTS.finditer(key):
        if _YEAR_PARTS_NOT_BEFORE.match(key, m.end()) or any(c.start < m.end() and m.start() < c.end for c in taken):
            continue
        out.append(Cand(m.start(), m.end(), parts=(None, None, None), of_year=True))
    return out


def _evidence(text: str, c: Cand) -> tuple[int, int]:
    """Evidence never starts or ends on a space (joins strip to the words)."""
    s, e = c.start, c.end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _dated(text: str, key: str, cands: list[Cand], year: int | None) -> Iterator[tuple[int, int, str]]:
    """(start, end, value) of each date, parts of a year given ``year`` (see ``find_dates``)."""
    if year is not None:
        cands = sorted(cands + _year_parts(text, key, cands), key=lambda c: c.start)
    for c in cands:
        dated = c.in_year(year)
        s, e = _evidence(text, c)
        if dated is not None and e > s:
            yield s, e, dated.value


def find_dates(text: str, key: str | None = None, year: int | None = None) -> list[tuple[int, int, str]]:
    """Every calendar expression in ``text`` as (start, end, ISO 8601 value), in text order.

    Pure and reusable: other extractors call it to know where dates stand. ``key`` is
    ``fold(text)`` where the caller has it. ``year``, where given, is the year of the document
    (``document_year``): a part of a year written without one ("6 tháng đầu năm", "quý II",
    "cuối năm") takes it. Without it they stay year-less ("--01/--06", "--04/--06") and a bare
    "cuối năm" is no date, as the guide has it for expressions with no year written.
    """
    key = fold(text) if key is None else key
    return list(_dated(text, key, _found(text, key), year))


# the head of a header's place-and-date line, up to its date: "Hà Tĩnh, ", "Hà Nội, ngày   tháng " (blanks
# a form field or a hand fills in), after a number a scan ran into it ("Số: /2024/QĐ-UBND Hà Nội, ")
_PLACE_COMMA = re.compile(r"\s*[A-ZĐ][^\n,]{1,60},\s*(?:[Nn]gày[\s\d.]*(?:[Tt]háng[\s\d.]*)?)?$")


def document_year(text: str, dates: list[tuple[int, int, str]], published: str | None = None) -> int | None:
    """The year a document is dated in: its published date (a web page's metadata), else the
    date of its header's place-and-date line ("Hà Tĩnh, ngày 20 tháng 6 năm 2023", or "Hà Nội,
    ngày   tháng   năm 2024" with the day and month left for a hand to fill in) in its first
    1,500 characters, else a dateline (a short line among the first four that is only a full
    date, a weekday and a time: "Thứ Tư, 11/10/2023 - 16:45"). None where it gives none; a year
    only a body sentence names ("thông qua ngày 14 tháng 7 năm 2017") is not the document's."""
    if published and re.match(r"\d{4}", published):
        return int(published[:4])
    for s, e, v in dates:
        if s >= 1500:
            break
        line_start = text.rfind("\n", 0, s) + 1
        if v[:4].isdigit() and "/" not in v and _PLACE_COMMA.fullmatch(text, line_start, s):
            return int(v[:4])
    full = [(s, e, v) for s, e, v in dates if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v)]
    head = text[:400].split("\n")[:4]
    offset = 0
    for line in head:
        lead = len(line) - len(line.lstrip())
        for s, e, v in full:
            if offset + lead <= s and e <= offset + len(line) and len(line.strip()) <= 60:
                rest = (line[:s - offset] + line[e - offset:]).strip(" ,-–|")
                if len(re.findall(r"[^\W\d_]+", rest)) <= 3:
                    return int(v[:4])
        offset += len(line) + 1
    return None


@extractor("dates")
def dates(ctx: Context) -> list[DateItem]:
    """One DateItem per distinct value; text/span the first place, mentions every place.

    Parts of a year with no year written take the document's year (``document_year``), where
    it has one."""
    text, key = ctx.text, ctx.key
    blocks: list[tuple[int, str, str, list[Cand], list[tuple[int, int, str]]]] = []
    for cs, ce in ctx.content:
        block = text[cs:ce]
        # fold() looks one character past a syllable: a block that ends inside a word is folded alone
        block_key = key[cs:ce] if ce >= len(text) or not text[ce].isalpha() else fold(block)
        cands = _found(block, block_key)
        blocks.append((cs, block, block_key, cands, list(_dated(block, block_key, cands, None))))
    plain = [(s + cs, e + cs, v) for cs, _, _, _, found in blocks for s, e, v in found]
    year = document_year(text, plain, ctx.document.published)
    items: dict[str, DateItem] = {}
    for cs, block, block_key, cands, found in blocks:
        for s, e, value in found if year is None else _dated(block, block_key, cands, year):
            mention = ctx.mention(s + cs, e + cs)
            if value in items:
                items[value].mentions.append(mention)
            else:
                items[value] = DateItem(text=mention.text, value=value, span=mention.span, mentions=[mention])
    return sorted(items.values(), key=lambda d: d.span.start)
