"""The two header columns of a formal document, put back apart where a reader merged them.

Every Vietnamese administrative document opens with two columns: the issuing body on the
left ("HĐND TỈNH X" / "BAN PHÁP CHẾ"), the national motto on the right ("CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM" / "Độc lập - Tự do - Hạnh phúc"), then "Số: …" on the left and "<Place>,
ngày … tháng … năm …" on the right. OCR, some PDF text layers and exports read across both
columns and merge each row into one line ("BAN CHỈ ĐẠO CẢI CÁCH CỘNG HÒA XÃ HỘI CHỦ NGHĨA
VIỆT NAM", "Số: 79/TB-VPCP Hà Nội, ngày 5 tháng 3 năm 2024"), which puts the issuer's lines
between the motto's and glues the number to the place.

``split_header`` finds the motto and the place-and-date by their own words (tolerant of
OCR's lost marks) in the first lines, cuts each merged line where the right column starts,
and gives the left column's lines first, then the right column's, then the rest unchanged.
A header whose columns already stand on lines of their own is returned as it was.
"""

from __future__ import annotations

import re

from ..normalize import fold, strip_marks

HEADER_LINES = 14  # the header block is within a document's (or an appendix page's) first lines

# Over strip_marks(fold(line)), which keeps every offset of the line itself; OCR's usual
# confusions (0/o, 1/l/i) allowed.
_MOTTO = re.compile(r"c\s?[o0]\s?ng\s+h\s?[o0]a\s+x\s?a\s+h\s?[o0]i\s+ch\s?u\s+ngh\s?[i1l]a\s+v\s?[i1l]\s?e\s?t\s+nam")
_MOTTO_2 = re.compile(r"d\s?[o0]\s?c\s+l\s?a\s?p\s*[-–—]\s*t\s?u\s+d\s?[o0]\s*[-–—]\s*h\s?a\s?nh\s+ph\s?u\s?c")
_NUMBER = re.compile(r"^\s*s[o0]\s*[:.]")
# "<Place>, ngày": one to four capitalised words right before ", ngày" (on the original line)
_PLACE_DATE = re.compile(r"(?<!\S)((?:[A-ZĐ][\w.'’-]*\s+){0,3}[A-ZĐ][\w.'’-]*)\s*,\s*(?:ngày|ngay)\b", re.IGNORECASE)
_RULE = re.compile(r"^[\s\-–—_=*.]{3,}$")


def _right_start(line: str) -> int | None:
    """Where the right column starts in a merged header line, or None."""
    if len(line) > 220:
        return None  # a header row is short; a paragraph of a news text is not one
    key = strip_marks(fold(line))
    for pattern in (_MOTTO, _MOTTO_2):
        m = pattern.search(key)
        if m and (m.start() > 0 and line[:m.start()].strip(" -–—|") or line[m.end():].strip(" -–—|")):
            # a header row: what stands beside the motto is a short name in capitals (the
            # issuer), not a sentence that names the republic
            beside = (line[:m.start()] + " " + line[m.end():]).strip(" -–—|")
            if len(beside) <= 90 and _mostly_capitals(beside):
                return m.start()
    if _NUMBER.match(key):
        for m in _PLACE_DATE.finditer(line):
            place = m.group(1)
            if not place[:1].isupper():
                continue
            return m.start(1) if line[:m.start(1)].strip() else None
    return None


def _mostly_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def split_header(lines: list[str]) -> list[tuple[int, str]]:
    """(index of the source line, text) of ``lines`` with merged header rows cut into their
    columns, the left column's pieces first; lines past the header come as they were."""
    top = []
    for i, line in enumerate(lines[:HEADER_LINES]):
        if line.strip():
            top.append(i)
    cuts: dict[int, int] = {}
    for i in top:
        cut = _right_start(lines[i])
        if cut is not None:
            cuts[i] = cut
    if not cuts:
        return list(enumerate(lines))
    first_motto = min(cuts)
    last = max(cuts)
    left: list[tuple[int, str]] = []
    right: list[tuple[int, str]] = []
    for i in range(0, last + 1):
        line = lines[i]
        if i in cuts:
            a, b = line[:cuts[i]].rstrip(" |"), line[cuts[i]:]
            if _NUMBER.match(strip_marks(fold(line))):
                # "Số: …" and the place-and-date: both stay below the two columns, in order
                right.append((i, a))
                right.append((i, b))
            else:
                key = strip_marks(fold(b))
                m = _MOTTO.match(key) or _MOTTO_2.match(key)
                tail = b[m.end():] if m else ""
                if a.strip():
                    left.append((i, a))
                right.append((i, b[:len(b) - len(tail)].rstrip() if tail.strip() else b))
                if tail.strip(" -–—|"):  # the issuer's next line, read after the motto on its row
                    left.append((i, tail.strip()))
        elif i < first_motto or not line.strip() or _RULE.match(line):
            (left if i < first_motto else right).append((i, line))
        else:
            # a line of one column between merged rows: the issuer's (capitals) or the motto's
            key = strip_marks(fold(line))
            is_right = bool(_MOTTO.search(key) or _MOTTO_2.search(key) or _NUMBER.match(key))
            (right if is_right else left).append((i, line))
    return left + right + [(i, lines[i]) for i in range(last + 1, len(lines))]


def split_header_text(text: str) -> str:
    """``split_header`` over a whole text's first lines (the rest untouched)."""
    head = text.split("\n", HEADER_LINES + 1)
    rest = head.pop() if len(head) > HEADER_LINES + 1 else None
    fixed = [t for _, t in split_header(head)]
    if fixed == head:
        return text
    return "\n".join(fixed + ([rest] if rest is not None else []))


def is_motto(line: str) -> bool:
    """The line opens with one of the national motto's two lines."""
    key = strip_marks(fold(line.strip()))
    return bool(_MOTTO.match(key) or _MOTTO_2.match(key))
