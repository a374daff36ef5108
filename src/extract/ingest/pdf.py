"""PDF: the text layer page by page, rebuilt into paragraphs.

pypdfium2 gives each page's text as lines (fast; pdfplumber stays for tables and layout).
A PDF has no paragraphs, only positioned lines, so they are rebuilt here:

* running headers and page numbers (lines repeated at the top or bottom of most pages,
  "Trang 2", "- 3 -", "2/5") are dropped: they would split sentences and pollute matches;
* a word hyphen-split across lines is joined (PDFium reports that hyphen as U+FFFE);
* lines of one paragraph are joined, while headings and list items ("1.", "a)", "-")
  start blocks of their own: formal reports carry their structure in that layout. The
  evidence is ``reflow``'s, shared with wrapped text, read here with the page's geometry
  (right margin, first-line indents, vertical gaps).

A paragraph a page break cuts goes on in one block (``Document.page_starts`` says where
each page begins, so every item's ``page`` stays exact); line breaks joined into spaces are
kept in ``Document.line_breaks``.

Three kinds of page take a slower path, each only where it is needed:

* a page with no text layer (a scan) is OCR'd (``ocr``): its lines, with boxes, go through
  the same paragraph rebuilding, and the record says which pages were read that way;
* a page that draws enough lines to hold a table is given to pdfplumber's table finder;
  each table cell becomes a ``table_cell`` block with its row and column labels, and the
  text lines inside the table are not read twice;
* a page whose text is drawn in a legacy Vietnamese font (``.VnTime``, ``VNI-Times``)
  is decoded character by character with its font (``legacy``); other text goes through
  per-block legacy detection.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..document import Document, IngestError, cell_labels, header_rows
from ..legacy import Converter, decode, detect, font_encoding
from ..normalize import TextBuilder, clean, fold
from . import reflow
from .columns import is_motto

# PDFium's error codes on loading (fpdfview.h): FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY.
_ERR_PASSWORD = 4
_ERR_SECURITY = 6

# Marks that begin a list item or a numbered heading: ``reflow.MARKER``.
_MARKER = reflow.MARKER
_ROMAN_HEADING = re.compile(r"^[IVXLC]+[.)]\s")
_PAGE_NUMBER = re.compile(
    r"^(?:trang|page|tr\.)?\s*[-–—(\[]?\s*(\d{1,4})\s*(?:(?:/|of|trên|trong)\s*(\d{1,4}))?\s*[-–—)\]]?$",
    re.IGNORECASE,
)
_EDGE = 3  # lines at each end of a page that may be running headers or footers
_TABLE_PATHS = 4  # a page drawing fewer path objects than this has no ruled table
_SCAN_IMAGE = 0.5  # an image covering this share of a page with
_SCAN_TEXT = 40  # fewer characters of text than this is a scanned page: it is OCR'd


@dataclass
class _Line:
    text: str
    top: float | None = None  # PDF units, y grows upwards
    bottom: float | None = None
    left: float | None = None
    right: float | None = None
    legacy: str | None = None  # the legacy encoding its font said, already decoded
    ocr: bool = False
    column: str | None = None  # which header column a merged row's piece belongs to (``_split_columns``)


@dataclass
class _Cell:
    text: str
    label: str | None
    legacy: str | None


@dataclass
class _Table:
    """A table found on a page: its vertical extent (PDF units, y up) and its cells' texts
    row by row, each with the legacy encoding its font said (None where it said none)."""

    top: float
    bottom: float
    rows: list[list[tuple[str, str | None]]]
    present: list[list[bool]] | None = None  # False where a merged cell repeats
    ocr: bool = False

    def grid(self, convert=lambda t: detect(t)[1]) -> list[list[str]]:
        """Cell texts, decoded where they are legacy (by ``convert``), for labelling."""
        return [[convert(t) if enc is None else t for t, enc in row] for row in self.rows]

    def cells(self, header: list[list[str]] | None = None, convert=lambda t: detect(t)[1]) -> list[_Cell]:
        """The cells with their labels (``header``: the header rows of the table's part on the
        page before, for a table a page break cut)."""
        labels = cell_labels(self.grid(convert), header)
        return [_Cell(t, labels[r][c], enc) for r, row in enumerate(self.rows) for c, (t, enc) in enumerate(row)
                if self.present is None or self.present[r][c]]

    def header(self, convert=lambda t: detect(t)[1]) -> list[list[str]]:
        grid = self.grid(convert)
        return grid[:header_rows(grid)]


# ------------------------------------------------------------------ decompression bombs
#
# PDFium inflates a page's content stream whole before reading it, and aborts the process
# when memory runs out: a 1 MB PDF whose stream inflates to gigabytes would kill the worker.
# So every compressed stream is inflated here first, streaming and counting, never keeping
# the output, and a PDF with one that expands past ``ReadLimits.max_expanded`` is refused.

_STREAM = re.compile(rb"(?<!end)stream[ \t]*(?:\r\n|\n|\r)")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+|\d+\s+\d+\s+R)")
_FILTER_NAMES = {b"Fl": b"FlateDecode", b"LZW": b"LZWDecode", b"RL": b"RunLengthDecode",
                 b"AHx": b"ASCIIHexDecode", b"A85": b"ASCII85Decode"}
_CHUNK = 1 << 20


class _TooBig(Exception):
    pass


def _zlib_header(data: bytes) -> bool:
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def _inflate(chunks, cap: int):
    """Inflate a zlib stream given as chunks, yielding output chunks; ``_TooBig`` past ``cap``."""
    import zlib

    d = zlib.decompressobj()
    total = 0
    for chunk in chunks:
        while chunk and not d.eof:
            try:
                out = d.decompress(chunk, _CHUNK)
            except zlib.error:
                return  # damaged data: PDFium's own business, not a bomb
            total += len(out)
            if total > cap:
                raise _TooBig()
            if out:
                yield out
            chunk = d.unconsumed_tail
        if d.eof:
            return


def _lzw_length(data: bytes, cap: int, early: int = 1) -> int:
    """The length LZWDecode would produce (codes' lengths only, no output kept)."""
    lengths = [1] * 258
    total, bits, buf, nbits, prev = 0, 9, 0, 0, None
    for byte in data:
        buf, nbits = (buf << 8) | byte, nbits + 8
        while nbits >= bits:
            nbits -= bits
            code = (buf >> nbits) & ((1 << bits) - 1)
            if code == 256:
                lengths, bits, prev = [1] * 258, 9, None
                continue
            if code == 257:
                return total
            size = lengths[code] if code < len(lengths) else (lengths[prev] + 1 if prev is not None else 1)
            if prev is not None and len(lengths) < 4096:
                lengths.append(lengths[prev] + 1)
            total += size
            if total > cap:
                raise _TooBig()
            prev = code
            if len(lengths) + early >= (1 << bits) and bits < 12:
                bits += 1
    return total


def _runlength_length(data: bytes, cap: int) -> int:
    total, i = 0, 0
    while i < len(data):
        n = data[i]
        if n == 128:
            break
        total += n + 1 if n < 128 else 257 - n
        i += n + 2 if n < 128 else 2
        if total > cap:
            raise _TooBig()
    return total


def _filters(head: bytes) -> list[bytes] | None:
    """The filter chain a stream's dictionary names; None where it is an indirect reference."""
    m = _FILTER.search(head)
    if not m:
        return []
    if m.group(1).endswith(b"R"):
        return None
    return [_FILTER_NAMES.get(n, n) for n in re.findall(rb"/([A-Za-z0-9]+)", m.group(1))]


def _expands_too_far(data: bytes, start: int, head: bytes, cap: int) -> bool:
    """Whether the stream starting at ``start`` (its dictionary ``head``) decodes past ``cap`` bytes."""
    import base64
    import binascii

    chain = _filters(head)
    if chain is None:  # /Filter 12 0 R: unknown here; PDFium may still inflate it
        chain = [b"FlateDecode"] if _zlib_header(data[start:start + 2]) else []
    if not chain:
        return False
    # zlib finds the end of its own data (a bomb may hold the bytes "endstream"); the rest end there
    end = data.find(b"endstream", start)
    buffer = memoryview(data)[start:] if chain[0] == b"FlateDecode" else data[start:end if end >= 0 else len(data)]
    try:
        for n, name in enumerate(chain):
            last = n == len(chain) - 1
            if name == b"FlateDecode":
                pieces = _inflate((buffer[i:i + _CHUNK] for i in range(0, len(buffer), _CHUNK)), cap)
                if last:
                    for _ in pieces:
                        pass
                    return False
                buffer = b"".join(pieces)
            elif name == b"LZWDecode" and last:
                _lzw_length(buffer, cap)
            elif name == b"RunLengthDecode" and last:
                _runlength_length(buffer, cap)
            elif name == b"ASCIIHexDecode" and not last:
                text = re.sub(rb"\s", b"", bytes(buffer).split(b">", 1)[0])
                buffer = binascii.unhexlify(text + b"0" * (len(text) % 2))
            elif name == b"ASCII85Decode" and not last:
                text = re.sub(rb"\s|\x00", b"", bytes(buffer).split(b"~>", 1)[0])
                buffer = base64.a85decode(text + b"~>", adobe=True)
            else:  # image codecs (decoded only to draw a page), or nothing more to expand
                return False
    except _TooBig:
        return True
    except (ValueError, binascii.Error):  # damaged encoding: nothing to expand
        return False
    return False


def check_expansion(data: bytes, cap: int) -> int | None:
    """The offset of the first stream that decodes past ``cap`` bytes, or None."""
    for m in _STREAM.finditer(data):
        obj = data.rfind(b"obj", max(0, m.start() - 65536), m.start())  # "12 0 obj": the dictionary follows
        head = data[obj + 3 if obj >= 0 else max(0, m.start() - 4096):m.start()]
        if _expands_too_far(data, m.end(), head, cap):
            return m.start()
    return None


def _open(data: bytes):  # -> pdfium.PdfDocument
    import pypdfium2 as pdfium

    from . import limits

    cap = limits().max_expanded
    where = check_expansion(data, cap)
    if where is not None:
        raise IngestError("limit", limits().expanded_message(f"a stream of the PDF (at byte {where})"))
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


def _has_widgets(page) -> bool:
    """Whether the page carries form fields (widget annotations) whose appearance may hold text."""
    import pypdfium2.raw as raw

    for j in range(raw.FPDFPage_GetAnnotCount(page.raw)):
        annot = raw.FPDFPage_GetAnnot(page.raw, j)
        try:
            if raw.FPDFAnnot_GetSubtype(annot) == raw.FPDF_ANNOT_WIDGET:
                return True
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    return False


def _flatten(pdf, i: int, page):
    """The page with its form fields drawn into its content (what a reader sees), and where
    their text starts in the page's text; the page as it was where flattening fails."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        before = textpage.count_chars()
    finally:
        textpage.close()
    if raw.FPDFPage_Flatten(page.raw, raw.FLAT_NORMALDISPLAY) != raw.FLATTEN_SUCCESS:
        return page, None
    page.close()
    return pdf[i], before


def _page_objects(page) -> tuple[bool, int, float]:
    """(draws text in a legacy font, number of path objects, share of the page an image
    covers) of a page: a cheap look at its objects decides whether the slow paths (fonts per
    character, table finder, OCR) are needed."""
    import ctypes

    import pypdfium2.raw as raw

    legacy = False
    paths = 0
    image = 0.0
    area = max(page.get_width() * page.get_height(), 1.0)
    seen: dict[int, bool] = {}
    buf = ctypes.create_string_buffer(256)
    for obj in page.get_objects():
        if obj.type == raw.FPDF_PAGEOBJ_PATH:
            paths += 1
        elif obj.type == raw.FPDF_PAGEOBJ_IMAGE:
            left, bottom, right, top = obj.get_bounds()
            image = max(image, (right - left) * (top - bottom) / area)
        elif obj.type == raw.FPDF_PAGEOBJ_TEXT and not legacy:
            font = raw.FPDFTextObj_GetFont(obj.raw)
            key = ctypes.cast(font, ctypes.c_void_p).value or 0
            if key not in seen:
                n = raw.FPDFFont_GetBaseFontName(font, buf, len(buf)) if font else 0
                seen[key] = font_encoding(buf.value.decode("utf-8", "replace") if n else None) is not None
            legacy = seen[key]
    return legacy, paths, image


class _Fonts:
    """The legacy (encoding, case) of each character of a text page, from its font's name."""

    def __init__(self, textpage):
        import ctypes

        self.textpage = textpage
        self.buf = ctypes.create_string_buffer(256)
        self.flags = ctypes.c_int()
        self.cache: dict[int, tuple[str, str] | None] = {}

    def __call__(self, index: int):
        if index not in self.cache:
            import ctypes

            import pypdfium2.raw as raw

            n = raw.FPDFText_GetFontInfo(self.textpage, index, self.buf, len(self.buf), ctypes.byref(self.flags))
            self.cache[index] = font_encoding(self.buf.value.decode("utf-8", "replace") if n else None)
        return self.cache[index]


def _decode_runs(chars: list[tuple[str, tuple[str, str] | None]]) -> tuple[str, str | None]:
    """Characters with their font's (encoding, case) → text, legacy runs decoded by font."""
    out: list[str] = []
    found = None
    run: list[str] = []
    key = None
    for ch, k in chars + [("", ("end", ""))]:
        if ch.isspace() and key is not None:
            k = key  # a space continues the run it stands in
        if k != key and run:
            raw = "".join(run)
            if key and key[0] == "tcvn3":  # PDFium joined a line ending in U+00AD ("ư") as if hyphenated
                raw = raw.replace("\ufffe", "\u00ad ")
            out.append(decode(raw, key[0], key[1]) if key else raw)  # type: ignore[arg-type]
            found = found or (key[0] if key and out[-1] != raw else None)
            run = []
        key = k
        run.append(ch)
    return "".join(out), found


def _page_lines(page, *, fonts: bool = False, tables: list[tuple[tuple, list[list[tuple | None]]]] = (),
                widgets_from: int | None = None) -> tuple[list[_Line], list[_Table]]:
    """A page's text lines with their boxes (None where PDFium gives no box), and the text
    of the given tables' cells (``tables``: pdfplumber bboxes, top-down, of each table and
    of its cells row by row); lines inside a table are left to the table.

    ``fonts``: decode characters drawn in a legacy font by that font. ``widgets_from``: the
    text from this character on was drawn by form fields flattened into the page (a number
    or a date filled in by a signing service): each piece is put where it stands on the page.
    Lines are given in reading order (top to bottom) where the content stream draws them in
    another; footnote marks glued to words ("thành phố1") are left out.
    """
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
        font_of = _Fonts(textpage) if fonts and boxes_ok else None
        height = page.get_height()
        lines: list[_Line] = []
        spans: dict[int, tuple[int, int]] = {}  # id(line) → its characters in ``text``
        widget_lines: list[_Line] = []
        for m in re.finditer(r"[^\r\n]+", text):
            raw = m.group(0)
            line = _Line(raw)
            if boxes_ok:
                first = m.start() + (len(raw) - len(raw.lstrip()))
                last = m.start() + len(raw.rstrip()) - 1
                if first <= last:
                    _place(line, textpage, [index[i] for i in range(first, last + 1)
                                            if not text[i].isspace()])
                if font_of is not None:
                    line.text, line.legacy = _decode_runs([(text[i], font_of(index[i]))
                                                           for i in range(m.start(), m.end())])
                else:
                    line.text = _drop_footnote_marks(line.text, m.start(), textpage, index)
                    spans[id(line)] = (m.start(), m.end())
            if widgets_from is not None and boxes_ok and index[m.start()] >= widgets_from:
                spans[id(line)] = (m.start(), m.end())
                widget_lines.append(line)
            else:
                lines.append(line)
        if widget_lines:
            lines = _place_widgets(lines, widget_lines, spans, text, index, textpage)
        if boxes_ok:
            lines = _reading_order(lines, height)
        found: list[_Table] = []
        kept = []
        for bbox, rows in tables if boxes_ok else ():
            table = _read_table(text, index, textpage, font_of, bbox, rows, height)
            if header_rows(table.grid()) < len(table.rows):  # a ruled box of text is no table of figures
                found.append(table)
                kept.append((bbox, rows))
        return [ln for ln in lines if ln.text.strip() and not (kept and _inside(ln, kept, height))], found
    finally:
        textpage.close()


_FOOTNOTE = re.compile(r"(?<=[^\W\d_])\d{1,2}(?=[\s,.;:)”\"]|$)")


def _drop_footnote_marks(line: str, offset: int, textpage, index: list[int]) -> str:
    """``line`` without footnote marks glued to a word ("thành phố1", "quy định2;"): digits
    after a letter drawn smaller than it or raised above its baseline. A number written
    into a word ("COVID19") is drawn like the word and stays."""
    import pypdfium2.raw as raw

    if not _FOOTNOTE.search(line):
        return line
    out, last = [], 0
    for m in _FOOTNOTE.finditer(line):
        letter = offset + m.start() - 1
        digit = offset + m.start()
        try:
            size_l = raw.FPDFText_GetFontSize(textpage.raw, index[letter])
            size_d = raw.FPDFText_GetFontSize(textpage.raw, index[digit])
            l_box = textpage.get_charbox(index[letter])
            d_box = textpage.get_charbox(index[digit])
        except Exception:  # a box PDFium cannot give: keep the text as read
            continue
        letter_h = max(l_box[3] - l_box[1], 1e-6)
        raised = d_box[1] > l_box[1] + 0.25 * letter_h
        if (size_d and size_l and size_d < 0.8 * size_l) or raised:
            out.append(line[last:m.start()])
            last = m.end()
    out.append(line[last:])
    return "".join(out)


def _place_widgets(lines: list[_Line], widgets: list[_Line], spans: dict[int, tuple[int, int]],
                   text: str, index: list[int], textpage) -> list[_Line]:
    """Form-field text (a filled-in number or date) put into the line it is drawn on, at its
    place along it ("Số: " + "69" + "/2024/QĐ-UBND"), or kept as a line of its own. PDFium
    reads fields side by side as one line: it is cut where the gap between two characters is
    wider than two of them."""
    pieces: list[tuple[float, float, float, str]] = []  # (left, right, bottom, text)
    for widget in widgets:
        start, end = spans.get(id(widget), (None, None))
        if start is None:
            continue
        run: list[tuple[str, tuple]] = []
        for i in range(start, end + 1):
            box = textpage.get_charbox(index[i]) if i < end and not text[i].isspace() else None
            if run and (box is None and i == end or box is not None and
                        box[0] - run[-1][1][2] > 2 * max(box[3] - box[1], 1.0)):
                pieces.append((run[0][1][0], run[-1][1][2], min(b[1] for _, b in run), "".join(c for c, _ in run)))
                run = []
            if box is not None:
                if run and text[i - 1].isspace():
                    run.append((" ", run[-1][1]))
                run.append((text[i], box))
    inserts: dict[int, list[tuple[int, str, bool]]] = {}
    for left, right, bottom, piece in pieces:
        row = None
        for line in lines:
            if line.bottom is None or line.top is None or id(line) not in spans:
                continue
            if abs(line.bottom - bottom) < 0.6 * max(line.top - line.bottom, 1.0):
                row = line
                break
        if row is None:
            lines.append(_Line(piece, top=bottom + 10, bottom=bottom, left=left, right=right))
            continue
        start, end = spans[id(row)]
        cut = end - start
        for i in range(start, end):
            if not text[i].isspace() and textpage.get_charbox(index[i])[0] >= left:
                cut = i - start
                break
        # a word follows after a space; "/2024" or "," follows the filled-in number directly
        following = row.text[cut:].lstrip()[:1]
        gap_after = following.isalnum()
        inserts.setdefault(id(row), []).append((cut, piece.strip(), gap_after))
    for line in lines:
        if id(line) not in inserts:
            continue
        start, end = spans[id(line)]
        if line.text != text[start:end]:
            continue  # the row's text was rewritten (footnote marks): do not guess a place
        out, last = [], 0
        for cut, piece, gap_after in sorted(inserts[id(line)]):
            before = line.text[last:cut]
            out.append(before.rstrip() + (" " if before.strip() else "") + piece + (" " if gap_after else ""))
            last = cut
            while last < len(line.text) and line.text[last] == " " and not gap_after:
                last += 1
        out.append(line.text[last:].lstrip() if out and out[-1].endswith(" ") else line.text[last:])
        line.text = "".join(out)
    return lines


def _reading_order(lines: list[_Line], height: float) -> list[_Line]:
    """Lines top to bottom where the page draws a block out of order (a header drawn last,
    form fields flattened in): the text is cut into runs where it jumps back up more than a
    sixth of the page (no column of a page does), and the runs put in order of their tops.
    Inside a run, and for the columns of a signature block, the drawing order stands."""
    runs: list[list[_Line]] = []
    for line in lines:
        prev = next((ln for ln in reversed(runs[-1]) if ln.top is not None), None) if runs else None
        if prev is None or line.top is None or line.top - prev.top <= height / 6:
            if runs:
                runs[-1].append(line)
            else:
                runs.append([line])
        else:
            runs.append([line])
    if len(runs) == 1:
        return lines

    def top(run: list[_Line]) -> float:
        return max((ln.top for ln in run if ln.top is not None), default=0.0)

    return [ln for run in sorted(runs, key=lambda r: -top(r)) for ln in run]


def _inside(line: _Line, tables, height: float) -> bool:
    """Whether a line's middle lies inside one of the tables (pdfplumber boxes, top-down)."""
    if line.top is None or line.bottom is None or line.left is None or line.right is None:
        return False
    x = (line.left + line.right) / 2
    y = height - (line.top + line.bottom) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for (x0, top, x1, bottom), _ in tables)


def _read_table(text: str, index: list[int], textpage, font_of, bbox, rows, height: float) -> _Table:
    """The text of each cell of one table, from the characters whose middle falls in it."""
    grid: list[list[tuple | None]] = rows
    where: dict[tuple[int, int], list[int]] = {}
    boxes = [(r, c, cell) for r, row in enumerate(grid) for c, cell in enumerate(row) if cell]
    tx0, ttop, tx1, tbottom = bbox
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        left, bottom, right, top = textpage.get_charbox(index[i])
        x, y = (left + right) / 2, height - (top + bottom) / 2
        if not (tx0 <= x <= tx1 and ttop <= y <= tbottom):
            continue
        for r, c, (x0, t0, x1, b0) in boxes:
            if x0 <= x <= x1 and t0 <= y <= b0:
                where.setdefault((r, c), []).append(i)
                break
    texts: list[list[tuple[str, str | None]]] = []
    for r, row in enumerate(grid):
        out_row = []
        for c in range(len(row)):
            chars: list[tuple[str, tuple[str, str] | None]] = []
            prev = None
            for i in where.get((r, c), []):
                if prev is not None and i > prev + 1:  # spaces, a wrapped line or other cells' text
                    chars.append((" ", None))
                chars.append((text[i], font_of(index[i]) if font_of else None))
                prev = i
            out_row.append(_decode_runs(chars))
        texts.append(out_row)
    present = [[grid[r][c] is not None for c in range(len(row))] for r, row in enumerate(grid)]
    return _Table(top=height - ttop, bottom=height - tbottom, rows=texts, present=present)


def _find_tables(plumber_page) -> list[tuple[tuple, list[list[tuple | None]]]]:
    """pdfplumber's ruled tables on a page: (bbox, cell bboxes row by row), top-down units."""
    found = []
    for table in plumber_page.find_tables():
        rows = [list(row.cells) for row in table.rows]
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            found.append((tuple(table.bbox), rows))
    return found


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


# Where two lines of a paragraph were joined: a character the legacy decoders read as a space
# and ``TextBuilder.add(join=True)`` turns into one, keeping its offset in ``line_breaks``.
WRAP = "\u2028"


def _join(left: str, right: str, soft_hyphen: bool = True) -> str:
    """Join two lines of one paragraph, mending a word split by a hyphen.

    ``soft_hyphen=False`` on TCVN3 pages, where U+00AD is the letter "ư", not a hyphen.
    """
    left = left.rstrip()
    right = right.lstrip()
    hyphens = ("-", "\ufffe", "\u00ad", "\x02") if soft_hyphen else ("-", "\ufffe", "\x02")
    if left.endswith(hyphens) and len(left) > 1 and left[-2].isalnum():
        return left[:-1] + "-" + right if _keep_hyphen(left[:-1], right) else left[:-1] + right
    return left + WRAP + right  # a wrap: the builder makes it a space and keeps where it was


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


@dataclass(frozen=True)
class _Geometry:
    """The document's line layout: baseline pitch, right text edge, text width and left edge
    (PDF units), and the reflow ``Profile`` its lines give."""

    pitch: float | None
    right_edge: float | None
    width: float | None
    left_edge: float | None = None
    profile: reflow.Profile = reflow.Profile(width=1.0)

    def fullness(self, line: _Line) -> tuple[bool | None, bool | None]:
        """(full, short): the line reaches the right margin, or stopped well before it."""
        if not self.right_edge or not self.width or line.right is None:
            return None, None
        full = line.right >= self.right_edge - 0.15 * self.width
        return full, not full

    def indented(self, line: _Line) -> bool:
        """The line starts further right than the text's left edge: a paragraph's first line."""
        return (self.left_edge is not None and self.width is not None and line.left is not None
                and line.left > self.left_edge + 0.03 * self.width)

    def gap(self, prev: _Line, line: _Line) -> bool:
        """A vertical gap wider than the line spacing between two lines of one page."""
        return bool(self.pitch and prev.bottom is not None and line.bottom is not None
                    and prev.bottom - line.bottom > self.pitch * 1.25)

    def joins(self, prev: _Line, line: _Line, item: _Line | None) -> bool:
        """Whether ``line`` goes on the paragraph of ``prev`` (``item``: that paragraph's first line)."""
        before, text = prev.text.strip(), line.text.strip()
        full, short = self.fullness(prev)
        if full is None:  # no box to judge by: character counts mean nothing in PDF units
            full = short = False
        if self.indented(line) and not reflow.opens_continuation(text) and not reflow.ends_mid_phrase(before):
            return False  # an indented first line opens a paragraph
        if reflow.ends_sentence(before) and not reflow.opens_continuation(text):
            return False  # in a PDF a sentence ending a line before a capital ends its paragraph
        return reflow.joins(before, text, self.profile, full=full, short=short,
                            item=item.text if item is not None else None, headings_join=True)


def _paragraphs(lines: list[_Line], geometry: _Geometry, soft_hyphen: bool = True) -> list[tuple[str, str, list[_Line]]]:
    """Group a page's lines into (kind, text, lines) blocks, by ``reflow``'s evidence read with
    the page's geometry (right margin, indents, vertical gaps)."""
    blocks: list[tuple[str, list[_Line]]] = []
    prev: _Line | None = None
    for line in lines:
        text = line.text.strip()
        heading = _is_heading(text)
        new = prev is None
        if not new:
            prev_heading = blocks[-1][0] == "heading"
            if (prev.column or line.column) and prev.column != line.column:
                new = True  # the pieces of a merged header row stay in their columns
            elif is_motto(text) or is_motto(prev.text):
                new = True  # the national motto is a line of its own, never the issuer's
            elif heading != prev_heading:
                new = True  # a heading neither swallows nor is swallowed by body text
            elif prev_heading:
                new = bool(_MARKER.match(text))  # a title running over two lines stays one heading
            elif geometry.gap(prev, line):
                new = not (reflow.ends_mid_phrase(prev.text) or reflow.opens_continuation(text))
            else:
                new = not geometry.joins(prev, line, blocks[-1][1][0])
        if new:
            blocks.append(("heading" if heading else "paragraph", [line]))
        else:
            blocks[-1][1].append(line)
        prev = line
    out = []
    for kind, group in blocks:
        text = group[0].text.strip()
        for line in group[1:]:
            text = _join(text, line.text, soft_hyphen)
        out.append((kind, _fix_hyphens(text), group))
    return out


def _layout(pages: list[list[_Line]]) -> _Geometry:
    """Typical baseline-to-baseline pitch, right and left text edges and text width over the
    document, and the reflow profile its lines give."""
    heights = [ln.top - ln.bottom for lines in pages for ln in lines
               if ln.top is not None and ln.bottom is not None]
    rights = sorted(ln.right for lines in pages for ln in lines if ln.right is not None)
    lefts = sorted(ln.left for lines in pages for ln in lines if ln.left is not None)
    if not heights or len(rights) < 3:
        return _Geometry(None, None, None)
    height = statistics.median(heights)
    steps = [a.bottom - b.bottom for lines in pages for a, b in zip(lines, lines[1:])
             if a.bottom is not None and b.bottom is not None and 0 < a.bottom - b.bottom < 4 * height]
    pitch = statistics.median(steps) if len(steps) >= 3 else None
    right_edge = rights[int(len(rights) * 0.8)]
    left_edge = lefts[len(lefts) // 10]
    width = right_edge - left_edge
    if width <= 0:
        return _Geometry(pitch, right_edge, None)
    geometry = _Geometry(pitch, right_edge, width, left_edge)
    pairs = [(a.text.strip(), b.text.strip(), geometry.fullness(a)[1] is True)
             for lines in pages for a, b in zip(lines, lines[1:])]
    profile = reflow.Profile(width=width, short_continues=reflow.short_continues(pairs))
    return _Geometry(pitch, right_edge, width, left_edge, profile)


def _ocr(pdf, missing: list[int], raw_pages: list[list[_Line]], tables: dict[int, list[_Table]],
         warnings: list[tuple[str, str]]) -> str | None:
    """Read the pages without a text layer by OCR, in place, and warn which were; returns why
    OCR could not run (then it warns that those pages stay unread), else None."""
    from . import ocr

    reason = ocr.status()
    if reason is not None:
        warnings.append(("ocr-unavailable", f"{_pages(missing, 'has', 'have')} no text layer and could not "
                                            f"be OCR'd: {reason}"))
        return reason
    done, empty = [], []
    for i, result in sorted(ocr.ocr_pages(pdf, missing).items()):
        if isinstance(result, str):
            warnings.append(("ocr", f"page {i + 1} has no text layer and {result}"))
            continue
        raw_pages[i] = [_Line(ln.text, top=ln.top, bottom=ln.bottom, left=ln.left, right=ln.right, ocr=True)
                        for ln in result.lines if ln.text.strip()]
        tables[i] = [_Table(t.top, t.bottom, [[(c, None) for c in row] for row in t.rows], ocr=True)
                     for t in result.tables]
        (done if raw_pages[i] or tables[i] else empty).append(i)
    if done:
        warnings.append(("ocr", f"{_pages(done, 'was', 'were')} read by OCR (Tesseract {ocr.LANGUAGE})"))
    if empty:
        warnings.append(("ocr", f"{_pages(empty, 'has', 'have')} no text layer and OCR found no text on "
                                f"{'it' if len(empty) == 1 else 'them'}"))
    return None


def _pages(indices: list[int], singular: str, plural: str) -> str:
    """[0, 1] → "pages 1, 2 have"; [2] → "page 3 has"."""
    numbers = ", ".join(str(i + 1) for i in indices)
    return f"page {numbers} {singular}" if len(indices) == 1 else f"pages {numbers} {plural}"


def read_pdf(data: bytes) -> Document:
    """A PDF's text layer as blocks with 1-based ``page``; scans OCR'd, tables as labelled cells."""
    pdf = _open(data)
    max_pages = _limits().max_pages
    if max_pages and len(pdf) > max_pages:
        count = len(pdf)
        pdf.close()
        raise IngestError("limit", f"the PDF has {count} pages, over --max-pages {max_pages}; raise it with "
                                   "--max-pages (0: no limit), or split the file")
    read = _read_pages(pdf, data)
    if read.count == 0:
        raise IngestError("corrupt", "the PDF has no pages")
    if all(not lines for lines in read.lines) and not any(read.tables.values()):
        if read.unavailable:
            raise IngestError("ocr-unavailable", f"none of the PDF's {read.count} pages has a text layer (a "
                                                 f"scanned document?) and OCR is not available: {read.unavailable}")
        raise IngestError("empty", f"none of the PDF's {read.count} pages has a text layer (a scanned "
                                   "document?), and OCR found no text on them")
    pages = [_split_columns(lines) for lines in _strip_running(read.lines)]
    _repair_numerals(pages)
    legacy = Converter()
    doc = _build(pages, read.tables, legacy).build(pages=read.count)
    doc.warnings.extend(read.warnings)
    doc.warnings.extend(legacy.warnings())
    doc.title = legacy.convert(read.title) if read.title else None
    return doc


def _limits():
    from . import limits

    return limits()


@dataclass
class _Pages:
    """What is read off each page: its lines (OCR'd for scans), its tables, and what went wrong."""

    count: int = 0
    title: str | None = None
    lines: list[list[_Line]] = field(default_factory=list)
    tables: dict[int, list[_Table]] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    unavailable: str | None = None  # why OCR could not run, where scans needed it


def _read_pages(pdf, data: bytes) -> _Pages:
    """Every page's lines and tables; a damaged page is a warning, a scan goes to OCR. Closes ``pdf``."""
    read = _Pages()
    plumber = None
    try:
        try:
            read.title = clean(pdf.get_metadata_dict().get("Title", "")) or None
        except Exception:  # metadata is a nicety; a damaged info dictionary is not an error
            read.title = None
        read.count = len(pdf)
        missing: list[int] = []
        for i in range(read.count):
            try:
                page = pdf[i]
                widgets_from = None
                if _has_widgets(page):
                    page, widgets_from = _flatten(pdf, i, page)
                try:
                    legacy_fonts, paths, image = _page_objects(page)
                    found = []
                    if paths >= _TABLE_PATHS:
                        plumber = plumber or _plumber(data)
                        found = _find_tables(plumber.pages[i]) if plumber is not None else []
                    lines, read.tables[i] = _page_lines(page, fonts=legacy_fonts, tables=found, widgets_from=widgets_from)
                finally:
                    page.close()
            except Exception as exc:  # one damaged page must not lose the others
                read.warnings.append(("corrupt", f"page {i + 1} could not be read: {exc}"))
                lines = []
            else:
                # a scan: no text layer, or a page-sized image under a stamp or a page number
                # (the page's own text: a form field's, flattened in, is drawn on the scan too)
                own = widgets_from if widgets_from is not None else sum(len(ln.text.strip()) for ln in lines)
                scan = image >= _SCAN_IMAGE and own < _SCAN_TEXT
                if (not lines and not read.tables[i]) or (scan and not read.tables[i]):
                    missing.append(i)
            read.lines.append(lines)
        if missing:
            read.unavailable = _ocr(pdf, missing, read.lines, read.tables, read.warnings)
    finally:
        if plumber is not None:
            plumber.close()
        pdf.close()
    return read


def _build(pages: list[list[_Line]], tables: dict[int, list[_Table]], legacy: Converter) -> TextBuilder:
    """The pages' paragraphs and table cells in reading order, into one text: a paragraph a page
    break cuts goes on from the page before, and so does a table, without its header."""
    builder = TextBuilder()
    geometry = _layout(pages)
    previous: _Table | None = None  # the last table of the page before
    last: tuple[str, _Line, _Line] | None = None  # (kind, first line, last line) of the last paragraph read
    for page_no, lines in enumerate(pages, start=1):
        page_tables = sorted(tables.get(page_no - 1, []), key=lambda t: -t.top)
        soft = not _tcvn3_page(lines)
        top_of_page = True
        for segment, table in _segments(lines, page_tables):
            for kind, text, group in _paragraphs(segment, geometry, soft):
                enc = next((ln.legacy for ln in group if ln.legacy), None)
                # a paragraph a page break cut goes on from the page before
                continues = (top_of_page and last is not None and kind == "paragraph" == last[0]
                             and geometry.joins(last[2], group[0], last[1]))
                top_of_page = False
                block = legacy.add(builder, text, kind, page=page_no, encoding=enc, join=True,  # type: ignore[arg-type]
                                   continues=continues)
                if block is not None and group[0].ocr:
                    block.ocr = True
                if block is not None:
                    last = (kind, last[1] if continues and last else group[0], group[-1])
            if table is None:
                continue
            last, top_of_page = None, False
            # a table a page break cut goes on at the top of the next page without its header
            header = previous.header(legacy.convert) if previous is not None and table is page_tables[0] else None
            for cell in table.cells(header, legacy.convert):
                block = legacy.add(builder, cell.text, "table_cell", page=page_no, encoding=cell.legacy)  # type: ignore[arg-type]
                if block is not None:
                    block.label = cell.label
                    block.ocr = table.ocr
        previous = page_tables[-1] if page_tables else None
    return builder


def _repair_numerals(pages: list[list[_Line]]) -> None:
    """OCR'd section numerals misread ("TH." for "III."), mended in order (``numerals``)."""
    from .numerals import repair

    read = [ln for lines in pages for ln in lines if ln.ocr]
    if not read:
        return
    for line, text in zip(read, repair([ln.text for ln in read])):
        line.text = text


_RECIPIENTS = re.compile(r"^\s*N[ơo]i\s*nh[ậâa][nm]\b", re.IGNORECASE)


def _side_by_side(a: _Line, b: _Line) -> bool:
    """Two lines on one baseline, ``b`` right of ``a``: one row of two columns."""
    if None in (a.bottom, b.bottom, a.right, b.left, a.top):
        return False
    tall = max(a.top - a.bottom, (b.top or b.bottom) - b.bottom, 1.0)  # type: ignore[operator]
    # (a gap of columns, wider than the line's height: runs of one line in other fonts
    # — a bold word, a footnote mark — stand closer)
    return abs(a.bottom - b.bottom) < 0.8 * tall and b.left - a.right > tall  # type: ignore[operator]


def _by_column(zone: list[_Line]) -> list[_Line] | None:
    """A two-column block's lines, the left column's first (each marked with its column): the
    block runs from its first row of two lines side by side to its last; lines in between go
    to the column whose side of the gap they keep to (or, reaching over it, where they start). Lines before and after stay where they
    are (a stamp above, the centred title below). None where no two lines stand side by side."""
    rows = [i for i, (a, b) in enumerate(zip(zone, zone[1:])) if _side_by_side(a, b)]
    if not rows:
        return None
    first, last = rows[0], rows[-1] + 1
    left_edge = max(zone[i].right for i in rows)  # type: ignore[type-var]
    right_edge = min(zone[i + 1].left for i in rows)  # type: ignore[type-var]
    left: list[_Line] = []
    right: list[_Line] = []
    for line in zone[first:last + 1]:
        if line.left is None or line.right is None:
            return None
        if line.right <= right_edge:
            left.append(line)
        elif line.left >= left_edge:
            right.append(line)
        else:  # long enough to reach over the gap where nothing stands beside it: its start tells
            (left if line.left < right_edge else right).append(line)
    for line in left:
        line.column = line.column or "left"
    for line in right:
        line.column = line.column or "right"
    return zone[:first] + left + right + zone[last + 1:]


def _geometry_columns(lines: list[_Line]) -> list[_Line]:
    """A page's two-column blocks read column by column: the header (issuer | motto, number |
    place and date) and the closing block ("Nơi nhận:" | signature), where the reader gave
    their lines row by row. Only lines with boxes take part; a page without such rows is as it was."""
    head = _by_column(lines[:10])
    if head is not None:
        lines = head + lines[10:]
    start = next((i for i, ln in enumerate(lines) if _RECIPIENTS.match(ln.text)), None)
    if start is not None:
        tail = _by_column(lines[start:])
        if tail is not None:
            lines = lines[:start] + tail
    return lines


def _split_columns(lines: list[_Line]) -> list[_Line]:
    """A page's header rows that OCR or the text layer merged across the two columns, cut
    apart (``columns.split_header``); a cut piece keeps its row's height, not its ends. Rows
    read as separate lines are put column by column (``_geometry_columns``)."""
    from .columns import split_header

    lines = _geometry_columns(lines)
    texts = [ln.text for ln in lines]
    order = split_header(texts)
    if [t for _, t in order] == texts:
        return lines
    out = []
    pieces: dict[int, int] = {}
    for i, text in order:
        src = lines[i]
        whole = text == src.text
        pieces[i] = pieces.get(i, -1) + 1
        out.append(_Line(text, top=src.top, bottom=src.bottom, left=src.left if whole else None,
                         right=src.right if whole else None, legacy=src.legacy, ocr=src.ocr,
                         column=None if whole else f"{i}:{pieces[i]}"))
    for line in out:  # the left pieces of merged rows are one column: the issuer over two rows
        if line.column is not None and line.column.endswith(":0") and not _is_number_row(line.text):
            line.column = "left"
    return out


def _is_number_row(text: str) -> bool:
    return bool(re.match(r"\s*S[ốoố0]\s*[:.]", text, re.IGNORECASE))


def _tcvn3_page(lines: list[_Line]) -> bool:
    """Whether a page's text (not decoded by its fonts) is TCVN3, which writes "ư" as U+00AD:
    there a line-final U+00AD is a letter, not a hyphen, and where PDFium took it for one
    and joined the lines (marking U+FFFE), the letter and the line break are put back."""
    text = " ".join(ln.text for ln in lines if not ln.legacy)
    if "\u00ad" not in text and "\ufffe" not in text:
        return False
    if detect(text.replace("\ufffe", "\u00ad "))[0] != "tcvn3":
        return False
    for ln in lines:
        if not ln.legacy:
            ln.text = ln.text.replace("\ufffe", "\u00ad ")
    return True


def _segments(lines: list[_Line], tables: list[_Table]) -> list[tuple[list[_Line], _Table | None]]:
    """A page's lines split around its tables (top to bottom): (lines above, table) pairs,
    then (lines below the last table, None)."""
    out: list[tuple[list[_Line], _Table | None]] = []
    rest = lines
    for table in tables:
        above = [ln for ln in rest if ln.bottom is None or ln.bottom >= table.bottom]
        taken = {id(ln) for ln in above}
        out.append((above, table))
        rest = [ln for ln in rest if id(ln) not in taken]
    out.append((rest, None))
    return out


def _plumber(data: bytes):
    """The same PDF opened by pdfplumber (for its table finder), or None if it cannot."""
    import io

    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception:  # pdfplumber is stricter than PDFium on some files: no tables then
        return None
