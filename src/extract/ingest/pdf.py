"""PDF: the text layer page by page, rebuilt into paragraphs.

pypdfium2 gives each page's text as lines (fast; pdfplumber stays for tables and layout).
A PDF has no paragraphs, only positioned lines, so they are rebuilt here:

* running headers and page numbers (lines repeated at the top or bottom of most pages,
  "Trang 2", "- 3 -", "2/5") are dropped: they would split sentences and pollute matches;
* a word hyphen-split across lines is joined (PDFium reports that hyphen as U+FFFE);
* lines of one paragraph are joined, while headings and list items ("1.", "a)", "-")
  start blocks of their own: formal reports carry their structure in that layout.

Blocks never cross a page boundary, so every block's ``page`` is exact.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..document import Document, IngestError
from ..normalize import TextBuilder, clean, fold

# PDFium's error codes on loading (fpdfview.h): FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY.
_ERR_PASSWORD = 4
_ERR_SECURITY = 6

# Marks that begin a list item or a numbered heading; such a line starts a new block.
_MARKER = re.compile(
    r"""^(?:
        (?:[IVXLC]+|\d{1,2}(?:\.\d{1,2})*)[.)](?:\s|$)   # I.  1.  1.2.  3)
      | \d{1,2}\.\d{1,2}(?:\.\d{1,2})*\s                  # 1.2 (no final dot)
      | [a-zđ][.)]\s                                      # a)  b.
      | [-–—•+*·]\s                                       # dashes and bullets
      | (?:Điều|Chương|Mục|Phần)\s+[\dIVXLC]+\b           # Điều 3, Chương II
      | (?:Nơi\s+nhận|TM\.|KT\.|TL\.|Số:)                 # the closing and heading lines of a report
    )""",
    re.VERBOSE,
)
_ROMAN_HEADING = re.compile(r"^[IVXLC]+[.)]\s")
_PAGE_NUMBER = re.compile(
    r"^(?:trang|page|tr\.)?\s*[-–—(\[]?\s*(\d{1,4})\s*(?:(?:/|of|trên|trong)\s*(\d{1,4}))?\s*[-–—)\]]?$",
    re.IGNORECASE,
)
_SENTENCE_END = (".", "!", "?", ":", ";", "…")
_EDGE = 3  # lines at each end of a page that may be running headers or footers


@dataclass
class _Line:
    text: str
    top: float | None = None  # PDF units, y grows upwards
    bottom: float | None = None
    left: float | None = None
    right: float | None = None


def _open(data: bytes):  # -> pdfium.PdfDocument
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (_ERR_PASSWORD, _ERR_SECURITY):
            raise IngestError(
                "encrypted", "the PDF is password-protected; save an unprotected copy and try again"
            ) from exc
        raise IngestError(
            "corrupt", f"the PDF cannot be read ({exc}); it may be truncated or damaged: download it again"
        ) from exc


def _page_lines(page) -> list[_Line]:
    """A page's text lines with their boxes (None where PDFium gives no box)."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        # PDFium counts UTF-16 code units: a character beyond the BMP takes two indices.
        index: list[int] = []
        unit = 0
        for ch in text:
            index.append(unit)
            unit += 2 if ord(ch) > 0xFFFF else 1
        boxes_ok = unit == textpage.count_chars()
        lines: list[_Line] = []
        for m in re.finditer(r"[^\r\n]+", text):
            raw = m.group(0)
            line = _Line(raw)
            if boxes_ok:
                first = m.start() + (len(raw) - len(raw.lstrip()))
                last = m.start() + len(raw.rstrip()) - 1
                if first <= last:
                    _place(line, textpage, [index[i] for i in range(first, last + 1)
                                            if not text[i].isspace()])
            if raw.strip():
                lines.append(line)
        return lines
    finally:
        textpage.close()


def _place(line: _Line, textpage, chars: list[int]) -> None:
    """Box a line from a sample of its characters: the median bottom is the baseline
    (robust to descenders and x-height letters), the first and last give left and right."""
    step = max(1, len(chars) // 12)
    sample = chars[::step][:13]
    boxes = [textpage.get_charbox(i) for i in sample]
    bottoms = sorted(b[1] for b in boxes)
    line.bottom = bottoms[len(bottoms) // 2]
    line.top = max(b[3] for b in boxes)
    line.left = textpage.get_charbox(chars[0])[0]
    line.right = textpage.get_charbox(chars[-1])[2]


def _edge_key(text: str) -> str:
    """A running header's identity: folded, digits masked (so "Trang 2" and "Trang 3" match)."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", fold(clean(text))))


def _is_page_number(text: str, page_no: int) -> bool:
    m = _PAGE_NUMBER.match(clean(text))
    return bool(m) and int(m.group(1)) == page_no


def _strip_running(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Drop lines repeated at the top or bottom of most pages, and page numbers.

    A running header is the first line of its page, or follows other running lines,
    and sits at the same height on every page. Body text that merely recurs (the same
    sentence on several pages) fails one of those tests, so it is kept.
    """
    n = len(pages)
    if n < 2:
        return pages
    needed = max(2, math.ceil(n / 2))
    offset = _label_offset(pages)
    tops = _strip_edge(pages, needed, reverse=False, offset=offset)
    bottoms = _strip_edge(pages, needed, reverse=True, offset=offset)
    return [lines[t:len(lines) - b] if t < len(lines) - b else []
            for lines, t, b in zip(pages, tops, bottoms)]


_EDGE_NUMBER = re.compile(r"^(\d{1,4})\s+\D|\s(\d{1,4})$")


def _edge_numbers(text: str) -> list[int]:
    """Numbers a header or footer line may carry as its page label: a bare page number,
    or a number standing at either end of a running title ("Chương 2: Kết quả 14")."""
    text = clean(text)
    m = _PAGE_NUMBER.match(text)
    if m:
        return [int(m.group(1))]
    if len(text) > 80:  # a running title is short; a long line ending in "Điều 3" is body text
        return []
    m = _EDGE_NUMBER.search(text)
    return [int(g) for g in m.groups() if g] if m else []


def _label_offset(pages: list[list[_Line]]) -> int | None:
    """Printed page label minus physical page number, where edge lines agree on one
    (front matter makes page 7 print "4"); None if no offset recurs on enough pages."""
    votes: Counter[int] = Counter()
    for page_no, lines in enumerate(pages, start=1):
        offsets = {num - page_no for line in lines[:1] + lines[-1:] for num in _edge_numbers(line.text)}
        votes.update(offsets)
    if not votes:
        return None
    best, count = votes.most_common(1)[0]
    return best if count >= max(2, math.ceil(len(pages) / 3)) else None


def _strip_edge(pages: list[list[_Line]], needed: int, reverse: bool, offset: int | None) -> list[int]:
    """How many lines to drop at one end (top, or bottom if ``reverse``) of each page."""
    cut = [0] * len(pages)
    done = [False] * len(pages)
    for _rank in range(_EDGE):
        # The next line inward on every page whose outer lines were all furniture so far.
        seen: dict[str, dict[int, float | None]] = defaultdict(dict)
        for i, lines in enumerate(pages):
            if done[i] or cut[i] >= len(lines):
                continue
            line = lines[-1 - cut[i]] if reverse else lines[cut[i]]
            seen[_edge_key(line.text)][i] = line.top
        running = set()
        for key, where in seen.items():
            known = [t for t in where.values() if t is not None]
            middle = statistics.median(known) if known else None
            same_place = sum(1 for t in where.values() if t is None or middle is None or abs(t - middle) <= 3)
            if same_place >= needed:
                running.add(key)
        for i, lines in enumerate(pages):
            if done[i] or cut[i] >= len(lines):
                done[i] = True
                continue
            line = lines[-1 - cut[i]] if reverse else lines[cut[i]]
            labelled = offset is not None and cut[i] == 0 and (i + 1 + offset) in _edge_numbers(line.text)
            if _edge_key(line.text) in running or _is_page_number(line.text, i + 1) or labelled:
                cut[i] += 1
            else:
                done[i] = True
    return cut


def _is_caps_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _is_heading(text: str) -> bool:
    """Upper-case lines ("BÁO CÁO", "I. KẾT QUẢ") and short roman-numbered section titles."""
    return _is_caps_heading(text) or (bool(_ROMAN_HEADING.match(text)) and len(text) < 120
                                      and not text.endswith((".", ";")))


def _join(left: str, right: str) -> str:
    """Join two lines of one paragraph, mending a word split by a hyphen."""
    left = left.rstrip()
    right = right.lstrip()
    if left.endswith(("-", "\ufffe", "\u00ad", "\x02")) and len(left) > 1 and left[-2].isalnum():
        return left[:-1] + "-" + right if _keep_hyphen(left[:-1], right) else left[:-1] + right
    return left + " " + right


def _keep_hyphen(left: str, right: str) -> bool:
    """Whether a line-end hyphen is a real one ("kinh tế-xã hội", "COVID-19") or a word break.

    Vietnamese does not break syllables across lines, so only a split word of plain
    Latin letters continuing in lower case ("inter-national") loses its hyphen.
    """
    word = re.split(r"\s", left)[-1]
    if not right or not right[0].isalpha() or not right[0].islower():
        return True
    return not (word.isascii() and word.isalpha() and right[0].isascii())


def _fix_hyphens(text: str) -> str:
    """PDFium joins a line-end hyphen's two lines itself, marking it U+FFFE: mend it the same way."""
    return re.sub(r"(\S+)\ufffe(\S*)",
                  lambda m: m.group(1) + ("-" if _keep_hyphen(m.group(1), m.group(2)) else "") + m.group(2),
                  text)


def _paragraphs(lines: list[_Line], pitch: float | None, right_edge: float | None,
                width: float | None) -> list[tuple[str, str]]:
    """Group a page's lines into (kind, text) blocks."""
    blocks: list[tuple[str, list[_Line]]] = []
    prev: _Line | None = None
    for line in lines:
        text = line.text.strip()
        heading = _is_heading(text)
        new = prev is None or bool(_MARKER.match(text))
        if prev is not None and not new:
            prev_text = prev.text.strip()
            prev_heading = blocks[-1][0] == "heading"
            if heading != prev_heading:
                new = True  # a heading neither swallows nor is swallowed by body text
            elif prev_heading:
                new = False  # a title running over two lines stays one heading
            elif prev_text.endswith(_SENTENCE_END) and (text[:1].isupper() or text[:1].isdigit()):
                new = True
            elif (pitch and prev.bottom is not None and line.bottom is not None
                  and prev.bottom - line.bottom > pitch * 1.25):
                new = True  # a vertical gap wider than the line spacing
            elif (right_edge and width and prev.right is not None
                  and prev.right < right_edge - 0.15 * width):
                new = True  # the previous line stopped short: its paragraph ended there
        if new:
            blocks.append(("heading" if heading else "paragraph", [line]))
        else:
            blocks[-1][1].append(line)
        prev = line
    out = []
    for kind, group in blocks:
        text = group[0].text.strip()
        for line in group[1:]:
            text = _join(text, line.text)
        out.append((kind, _fix_hyphens(text)))
    return out


def _layout(pages: list[list[_Line]]) -> tuple[float | None, float | None, float | None]:
    """Typical baseline-to-baseline pitch, right text edge and text width over the document."""
    heights = [ln.top - ln.bottom for lines in pages for ln in lines
               if ln.top is not None and ln.bottom is not None]
    rights = sorted(ln.right for lines in pages for ln in lines if ln.right is not None)
    lefts = sorted(ln.left for lines in pages for ln in lines if ln.left is not None)
    if not heights or len(rights) < 3:
        return None, None, None
    height = statistics.median(heights)
    steps = [a.bottom - b.bottom for lines in pages for a, b in zip(lines, lines[1:])
             if a.bottom is not None and b.bottom is not None and 0 < a.bottom - b.bottom < 4 * height]
    pitch = statistics.median(steps) if len(steps) >= 3 else None
    right_edge = rights[int(len(rights) * 0.8)]
    width = right_edge - lefts[len(lefts) // 10]
    return pitch, right_edge, (width if width > 0 else None)


def read_pdf(data: bytes) -> Document:
    """A PDF's text layer as blocks with 1-based ``page``; pages without text are warned about."""
    pdf = _open(data)
    warnings: list[tuple[str, str]] = []
    try:
        try:
            title = clean(pdf.get_metadata_dict().get("Title", "")) or None
        except Exception:  # metadata is a nicety; a damaged info dictionary is not an error
            title = None
        count = len(pdf)
        raw_pages: list[list[_Line]] = []
        for i in range(count):
            try:
                page = pdf[i]
                try:
                    lines = _page_lines(page)
                finally:
                    page.close()
            except Exception as exc:  # one damaged page must not lose the others
                warnings.append(("corrupt", f"page {i + 1} could not be read: {exc}"))
                lines = []
            else:
                if not lines:
                    warnings.append(("ocr", f"page {i + 1} has no text layer (a scan?); its text is "
                                            "missing until OCR is available"))
            raw_pages.append(lines)
    finally:
        pdf.close()
    if count == 0:
        raise IngestError("corrupt", "the PDF has no pages")
    if all(not lines for lines in raw_pages):
        raise IngestError("empty", f"none of the PDF's {count} pages has a text layer (a scanned "
                                   "document?); OCR is not available yet")
    pages = _strip_running(raw_pages)
    pitch, right_edge, width = _layout(pages)
    builder = TextBuilder()
    for page_no, lines in enumerate(pages, start=1):
        for kind, text in _paragraphs(lines, pitch, right_edge, width):
            builder.add(text, kind, page=page_no)  # type: ignore[arg-type]
    doc = builder.build(pages=count)
    doc.warnings.extend(warnings)
    doc.title = title
    return doc
