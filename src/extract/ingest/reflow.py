"""Reflow: paragraphs rebuilt from hard-wrapped lines, for every kind of input that has them.

Text exported from PDFs, portals and legal-text sites, Markdown exports and OCR output break
lines every 60–80 characters, inside names, organisations and dates ("…Hội\\nđồng nhân dân",
"ngày 09 tháng\\n12 năm 2016"), often with no blank line between paragraphs. The tokenizer
reads line by line, so a line break left inside a sentence cuts a request at the line's end
and a title off its organisation. This module decides, for each line break, whether it is a
*wrap* (the two lines are one paragraph: joined with a space) or a *break* (kept).

The decision reads only evidence that holds in any document of these kinds:

* the end of the line before: sentence punctuation (``. ; : ! ?``) ends a paragraph or an
  item; a comma, a hyphen or a word that cannot end a phrase ("của", "và", "ngày", "đồng
  chí": ``resources/reflow_continue.txt``) does not;
* the start of the line after: a lower-case letter, a closing bracket or punctuation
  continues; a list marker (``1.``, ``a)``, ``-``, ``+``, ``Điều 2.``) opens an item, unless
  the line before is cut mid-phrase; a line in capitals is a heading;
* the document's own line lengths (``Profile``): where lines that clearly continue all stop
  near one width, the text is wrapped at that width, and a line that stops short of it
  before a capitalised start ended its paragraph — unless the document's short lines are
  themselves mostly continued (an export that indents first lines into a narrow column);
* in PDFs and OCR output, the geometry the reader measured instead of character counts
  (``full``/``short`` from the right edge).

A join is a one-for-one exchange of the line break for a space, so text offsets do not move,
and ``TextBuilder`` records where each joined break was (``Document.line_breaks``): a
reviewer can still see the source's lines.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from ..resources import lines as resource_lines

# A line that opens a list item or a numbered heading.
MARKER = re.compile(
    r"""^(?:
        (?:[IVX]{1,6}|\d{1,2}(?:\.\d{1,2})*)[.)](?:\s|$)     # I.  1.  1.2.  3)  ("C." or "L." alone is a letter)
      | \d{1,2}\.\d{1,2}(?:\.\d{1,2})*\s                  # 1.2 (no final dot)
      | \(\d{1,2}\)\s                                     # (1)
      | [a-zđ][.)]\s                                      # a)  b.
      | [-–—•+*·]\s                                       # dashes and bullets
      | (?:Điều|Chương|Mục|Phần|Khoản)\s+[\dIVXLC]+\b     # Điều 3, Chương II
      | (?:Nơi\s+nhận|TM\.|KT\.|TL\.|TUQ\.|Q\.|Số\s*:)    # the closing and heading lines of a report
    )""",
    re.VERBOSE,
)
_DASH_MARKER = re.compile(r"^[-–—•+*·]\s")
_NUMBER_MARKER = re.compile(r"^\d{1,2}(?:[.,]\d{1,3})*[.)]?\s")
_CLAUSE_MARKER = re.compile(r"^(?:Điều|Chương|Mục|Phần|Khoản)\s")
SENTENCE_END = (".", "!", "?", ":", ";", "…")
_CLOSERS = "\"'”’»)]"
# A line that is only a page number ("3", "- 3 -", "Trang 3", "3/12").
PAGE_NUMBER = re.compile(r"^(?:trang|page|tr\.)?\s*[-–—(\[]?\s*(\d{1,4})\s*(?:(?:/|of|trên)\s*\d{1,4})?\s*[-–—)\]]?$",
                         re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^\d{1,4}$")


@lru_cache(maxsize=1)
def _continuers() -> tuple[frozenset[str], int]:
    """Words after which a phrase cannot end (folded), and the most syllables one has."""
    from ..normalize import fold

    found = frozenset(fold(w) for w in resource_lines("reflow_continue.txt"))
    return found, max((w.count(" ") + 1 for w in found), default=1)


def is_caps(text: str) -> bool:
    """A line in capitals of two words or more ("BÁO CÁO", "I. KẾT QUẢ GIÁM SÁT"): a heading
    or a header line; one word in capitals ("COVID-19", "UBND") is an abbreviation."""
    letters = 0
    marked = False
    for c in text:  # stops at the first lower-case letter: most lines are prose
        if c.isalpha():
            if not c.isupper():
                return False
            letters += 1
            marked = marked or not c.isascii()
    if letters < 4:
        return False
    words = sum(1 for w in text.split() if any(c.isalpha() for c in w))
    # Vietnamese words in capitals carry marks ("BÁO CÁO"); "BHXH, BHYT" is a list of abbreviations
    return words >= 3 or (words == 2 and marked)


@lru_cache(maxsize=1)
def _dateline() -> re.Pattern[str]:
    """A line that opens with a time and a date, as a news paragraph does ("Sáng 15/3, …",
    "Thứ Tư, 11/10/2023", "Ngày 5/9/2022, …"): never the rest of a sentence when capitalised."""
    from . import reflow as _  # noqa: F401  (resources are read lazily)
    from ..resources import alternation

    words = [w for w in resource_lines("dates_parts_of_day.txt") + resource_lines("dates_weekdays.txt")]
    words += ["ngày", "đêm"]
    head = alternation(sorted(set(words)), space=r"\s+")
    # a capital first, then a time word and a day/month ("Thứ ba, khi…" is an ordinal, not a date)
    return re.compile(rf"^(?:\(\w+\)\s*[-–]\s*)?(?=[A-ZĐÀ-Ỹ])(?i:{head})\b[\s,]*(?i:ngày\s+)?\(?\d{{1,2}}[/.\-]\d{{1,2}}")


def opens_dateline(text: str) -> bool:
    return bool(_dateline().match(text.lstrip()))


def ends_sentence(text: str) -> bool:
    """The line ends with sentence or item punctuation (closing quotes and brackets aside)."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return stripped.endswith(SENTENCE_END)


def ends_mid_phrase(text: str) -> bool:
    """The line stops where no phrase can end: after a comma, a hyphen, an opening bracket,
    or a word like "của", "và", "ngày", "đồng chí" (``resources/reflow_continue.txt``)."""
    from ..normalize import fold

    stripped = text.rstrip()
    if not stripped:
        return False
    if not any(c.isalnum() for c in stripped):
        return False  # a rule line ("-------") ends nothing and continues nothing
    if stripped[-1] in ",-–(/&“‘" or stripped.endswith(("Số", "số")):
        return True
    words, longest = _continuers()
    tail = fold(stripped[-40:]).split()[1:] if len(stripped) > 40 else fold(stripped).split()  # its last words
    for n in range(min(longest, len(tail)), 0, -1):
        if " ".join(tail[-n:]) in words:
            return True
    return False


@lru_cache(maxsize=1)
def _qualifiers() -> frozenset[str]:
    from ..normalize import fold

    return frozenset(fold(w) for w in resource_lines("figure_qualifiers.txt"))


def _qualifies_number(text: str) -> bool:
    """The line ends with a word written before a number ("hơn", "khoảng", "gần"): a number
    starting the next line is its own."""
    from ..normalize import fold

    end = text.rstrip()
    tail = fold(end[-30:]).split()[1:] if len(end) > 30 else fold(end).split()
    return any(" ".join(tail[-n:]) in _qualifiers() for n in (2, 1) if len(tail) >= n)


def opens_continuation(text: str) -> bool:
    """The line can only continue the one before: it starts with a lower-case letter, a
    closing bracket or punctuation that never starts a sentence."""
    first = text.lstrip()[:1]
    if not first or MARKER.match(text.lstrip()):
        return False
    if first.isalpha():
        return first.islower()
    return first in ",.;:)]”’%"


@dataclass(frozen=True)
class Profile:
    """What a document's lines say about how it was wrapped.

    ``width``: the length (characters, or PDF units for geometry) lines stop near when the
    text wraps; None where the text is not wrapped (one paragraph a line). ``short_continues``:
    the document's short lines are more often continued than not (a narrow first column).
    ``blank_lines_wrap``: blank lines stand between wrapped lines too (a double-spaced
    export), so they are no evidence of a paragraph end.
    """

    width: float | None = None
    short_continues: bool = False
    blank_lines_wrap: bool = False

    @property
    def wrapped(self) -> bool:
        return self.width is not None


UNWRAPPED = Profile()

_MIN_WRAPS = 3  # continued lines needed before a document is taken as wrapped
_MAX_WIDTH = 160  # characters: longer "lines" are paragraphs, not wrapped lines
_FULL = 0.97  # a line this share of the width or more is full, whatever the next word
_SHORT = 0.6  # a line under this share of the width stopped short


def _first_word(text: str) -> str:
    parts = text.split(None, 1)
    return parts[0] if parts else ""


def char_full(prev: str, nxt: str, width: float | None) -> tuple[bool | None, bool | None]:
    """(full, short) of ``prev`` by character counts: full where the next line's first word
    would not have fitted after it (what a wrapping program tests) or it nearly fills the
    width; short where it stopped well before."""
    if width is None:
        return None, None
    n = len(prev)
    full = n >= _FULL * width or n + 1 + len(_first_word(nxt)) > width
    return full, (not full and n < _SHORT * width)


def profile_text(chunks: Sequence[Sequence[str]]) -> Profile:
    """The ``Profile`` of a plain text given as blank-line-separated chunks of cleaned lines."""
    lengths: list[int] = []
    singles = 0
    for chunk in chunks:
        singles += len(chunk) == 1
        for a, b in zip(chunk, chunk[1:]):
            if a and b and not ends_sentence(a) and opens_continuation(b) and not MARKER.match(b):
                lengths.append(len(a))
    across: list[int] = []
    for a, b in zip(chunks, chunks[1:]):
        if a and b and a[-1] and b[0] and not ends_sentence(a[-1]) and opens_continuation(b[0]):
            across.append(len(a[-1]))
    blank_wrap = len(chunks) > 6 and singles >= 0.8 * len(chunks) and len(across) >= max(_MIN_WRAPS, len(chunks) // 10)
    if blank_wrap:
        lengths += across
    width = _width(lengths, [len(line) for chunk in chunks for line in chunk if line])
    if width is None:
        return UNWRAPPED
    flat = [line for chunk in chunks for line in chunk] if not blank_wrap else \
        [chunk[0] for chunk in chunks if chunk]
    pairs = list(zip(flat, flat[1:])) if blank_wrap else \
        [(a, b) for chunk in chunks for a, b in zip(chunk, chunk[1:])]
    shorts = [(a, b, len(a) < _SHORT * width) for a, b in pairs]
    return Profile(width=width, short_continues=short_continues(shorts), blank_lines_wrap=blank_wrap)


def _width(lengths: list[float], every: list[float] = ()) -> float | None:
    """The wrap width: where the lines of a text that clearly wraps (``lengths``: the lines
    that are continued) stop, at the most; the long lines of the whole text (``every``) where
    they say more (a text whose continued lines are mostly short first lines)."""
    if len(lengths) < _MIN_WRAPS:
        return None
    ordered = sorted(lengths)
    width = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    median = statistics.median(ordered)
    if width > _MAX_WIDTH or median < 0.5 * width:
        return None
    if every:
        long = sorted(every)[min(len(every) - 1, int(len(every) * 0.75))]
        if width < long <= _MAX_WIDTH:
            width = long
    return float(width)


def short_continues(pairs: Sequence[tuple[str, str, bool]]) -> bool:
    """Whether short lines without final punctuation are continued more often than they end a
    paragraph, judged where the next line says which (lower case: continued; capitals or a
    marker: ended, as far as anything tells). ``pairs``: (line, next line, line is short)."""
    continued = ended = 0
    for a, b, short in pairs:
        if not a or not b or not short or ends_sentence(a) or is_caps(a):
            continue
        if opens_continuation(b) and not MARKER.match(b):
            continued += 1
        elif b[:1].isupper() and not is_caps(b):
            ended += 1
    return continued >= 2 and continued >= ended


def joins(prev: str, nxt: str, profile: Profile = UNWRAPPED, *, full: bool | None = None,
          short: bool | None = None, item: str | None = None, headings_join: bool = False) -> bool:
    """Whether the break between line ``prev`` and line ``nxt`` is a wrap (join them).

    ``full``/``short``: whether ``prev`` reached the right margin or stopped well short of it,
    where the reader measured it (PDF geometry); by default from character counts and the
    profile. ``item``: the first line of the paragraph ``prev`` belongs to (a dash item's
    continuation is not a new item). ``headings_join``: two lines in capitals with nothing
    between them are one heading (PDF titles); in plain text their lines are kept, since the
    header block of a report is read line by line.
    """
    prev, nxt = prev.strip(), nxt.strip()
    if not prev or not nxt:
        return False
    if full is None and short is None:
        full, short = char_full(prev, nxt, profile.width)
    caps_prev, caps_next = is_caps(prev), is_caps(nxt)
    if caps_prev or caps_next:
        if not (caps_prev and caps_next) or MARKER.match(nxt) or ends_sentence(prev):
            return False
        return headings_join or ends_mid_phrase(prev) or bool(full)
    if MARKER.match(nxt):
        return _marker_continues(prev, nxt, profile, full, item)
    if opens_dateline(nxt) and not opens_continuation(nxt):
        return False
    if ends_sentence(prev):
        # a sentence may end anywhere in a wrapped line: only a line that stopped where the next
        # word would not have fitted is read as wrapped after one
        return bool(full) and profile.wrapped
    if ends_mid_phrase(prev) or opens_continuation(nxt):
        return True
    if nxt[:1].isdigit():
        return profile.wrapped or bool(full) or _qualifies_number(prev)
    # a capitalised start after a line without final punctuation
    if full:
        return True
    if full is None:  # no width to judge by: one paragraph a line
        return False
    return profile.short_continues  # it stopped before the margin: a paragraph end, unless this text's short lines go on


def _marker_continues(prev: str, nxt: str, profile: Profile, full: bool | None, item: str | None) -> bool:
    """A line starting like a list item that is really the rest of a sentence: "tại\\nĐiều 3
    của Luật" (a clause named mid-phrase), "hơn\\n3.2 tỉ đồng" (a number), "đồng chí Lê Văn A\\n- Ủy viên Ban Thường vụ" (a
    dash of apposition after a full line of a wrapped text, in a paragraph that is no dash
    item itself)."""
    if ends_sentence(prev):
        return False
    if _CLAUSE_MARKER.match(nxt):
        return ends_mid_phrase(prev)
    m = _NUMBER_MARKER.match(nxt)
    if m:  # "hơn\n3.2 tỉ đồng": a number going on in lower case is no item
        return nxt[m.end():].lstrip()[:1].islower()
    if not _DASH_MARKER.match(nxt) or prev.rstrip()[-1:] in "-–—":
        return False
    if ends_mid_phrase(prev):
        return True
    in_dash_item = bool(_DASH_MARKER.match((item or prev).lstrip()))
    return bool(full) and profile.wrapped and not in_dash_item


def decide(lines: Sequence[str], profile: Profile, headings_join: bool = False, first: bool = False) -> list[bool]:
    """For consecutive ``lines`` of one chunk, whether each break (between line i and i+1) joins.

    ``first``: the chunk opens the document, whose first line is its title or header (unless
    it opens with a dateline): a full first line goes on into a capitalised second line only
    where that one ends the title (stops short, without final punctuation), not where it is
    the first line of the body."""
    out: list[bool] = []
    item = lines[0] if lines else ""
    for i, (a, b) in enumerate(zip(lines, lines[1:])):
        join = joins(a, b, profile, item=item, headings_join=headings_join)
        if join and first and i == 0 and not opens_continuation(b) and not ends_mid_phrase(a) \
                and not opens_dateline(a):
            after = lines[i + 2] if i + 2 < len(lines) else ""
            full_b, _ = char_full(b.strip(), after.strip(), profile.width) if after else (False, None)
            join = not full_b and not ends_sentence(b)
        out.append(join)
        if not join:
            item = b
    return out


def page_number_lines(lines: Sequence[str]) -> set[int]:
    """Indexes of lines that are page numbers. "Trang 3" and "- 3 -" always; a bare number or
    "3/12" only where such lines run on as pages do (2, 3, 4, … each some lines after the
    last), since a lone "100" may be a table cell and "5/23" a ratio wrapped onto its own line."""
    found: set[int] = set()
    loose: list[tuple[int, int]] = []  # (line index, value)
    for i, line in enumerate(lines):
        text = line.strip()
        if not text or len(text) > 16:
            continue
        m = PAGE_NUMBER.match(text)
        if not m:
            continue
        if text.lower().startswith(("trang", "page", "tr.")) or re.fullmatch(r"[-–—]\s*\d{1,4}\s*[-–—]", text):
            found.add(i)
        elif re.fullmatch(r"\d{1,4}(?:\s*/\s*\d{1,4})?", text):
            loose.append((i, int(m.group(1))))
    best: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for entry in loose:  # the longest run going up by one, in text order
        run = run + [entry] if run and entry[1] == run[-1][1] + 1 else [entry]
        if len(run) > len(best):
            best = run
    if len(best) >= 2 and min(b[0] - a[0] for a, b in zip(best, best[1:])) >= 5:
        found.update(i for i, _ in best)  # pages hold more than a few lines; a column of cells does not
    return found
