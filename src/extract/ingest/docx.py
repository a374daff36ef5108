"""Word .docx: paragraphs and tables in document order.

Headings (styles "Heading N" and "Title") become ``heading`` blocks, and every table
cell a ``table_cell`` block, row by row: the reports' figures often live in tables. A
cell that holds a value carries its row and column labels (``Block.label``, from
``document.cell_labels``).

Documents typed in legacy fonts (``.VnTime``/``.VnTimeH`` for TCVN3, ``VNI-Times``) hold
Latin-1 look-alikes: runs in such a font are decoded by their font (the capitals font
gives the case TCVN3 cannot encode); other paragraphs go through per-block detection.

Pictures large enough to be a scanned page (``MIN_PICTURE_PIXELS``, ``MIN_PICTURE_SIDE``:
logos, signatures and stamps are smaller) are read by OCR, by the scanned PDF's path
(``image``: each picture a page of an image-only PDF read by the PDF reader); their blocks,
marked ``ocr``, follow the paragraph or table that holds the picture, and a warning names
the pictures read so. A Word file that holds only a scan gives its text this way.
"""

from __future__ import annotations

import bisect
import io
import re
import zipfile
from dataclasses import dataclass, field

from ..document import Block, Document, IngestError, cell_labels
from ..legacy import Converter, Encoding, decode, font_encoding
from ..normalize import TextBuilder, clean

_FONT_ATTR = re.compile(r'w:(?:ascii|hAnsi)="([^"]+)"')


def _style_name(paragraph) -> str:
    try:
        style = paragraph.style
        return (style.name or "") if style is not None else ""
    except (KeyError, AttributeError):  # a style id the styles part does not define
        return ""


def _is_heading(paragraph) -> bool:
    name = _style_name(paragraph).lower()
    return name.startswith(("heading", "title"))


def _rpr_font(rpr) -> str | None:
    """The font an ``w:rPr`` names for Latin text beyond ASCII (``hAnsi``), else for ASCII."""
    if rpr is None:
        return None
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        return None
    return fonts.get(qn("w:hAnsi")) or fonts.get(qn("w:ascii"))


MAX_STYLE_DEPTH = 64  # styles a style inherits from, at most; Word's own chains are a few long


def _style_font(style) -> str | None:
    """The font a style names, or the nearest style it is based on names. Inheritance that loops
    (styles based on each other in a cycle, which Word never writes but a file can hold) ends
    where a style comes round again."""
    seen: set[str] = set()
    while style is not None and len(seen) < MAX_STYLE_DEPTH:
        key = style.style_id or f"#{id(style.element)}"
        if key in seen:
            return None
        seen.add(key)
        font = _rpr_font(style.element.rPr) if getattr(style.element, "rPr", None) is not None else None
        if font:
            return font
        try:
            style = style.base_style
        except (KeyError, AttributeError):  # based on a style the styles part does not define
            return None
    return None


class _Fonts:
    """Resolves the font of a run: its own, its character style's, its paragraph style's,
    the document default. Only used when the document names a legacy font at all."""

    def __init__(self, document):
        from docx.oxml.ns import qn

        self.default = None
        styles = document.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is not None:
            rpr_default = defaults.find(qn("w:rPrDefault"))
            if rpr_default is not None:
                self.default = _rpr_font(rpr_default.find(qn("w:rPr")))
        self.cache: dict[str, str | None] = {}

    def _paragraph(self, paragraph) -> str | None:
        try:
            style = paragraph.style
        except (KeyError, AttributeError):
            return self.default
        key = style.style_id if style is not None else ""
        if key not in self.cache:
            self.cache[key] = _style_font(style) or self.default
        return self.cache[key]

    def of(self, run, paragraph) -> str | None:
        own = _rpr_font(run._r.rPr)
        if own:
            return own
        try:
            char_style = run.style
        except (KeyError, AttributeError):
            char_style = None
        return (_style_font(char_style) if char_style is not None and char_style.name != "Default Paragraph Font"
                else None) or self._paragraph(paragraph)


def _runs(paragraph):
    from docx.text.hyperlink import Hyperlink

    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            yield from item.runs
        else:
            yield item


def _paragraph_text(paragraph, fonts: _Fonts | None) -> tuple[str, Encoding | None]:
    """The paragraph's text, runs in a legacy font decoded by it; and that encoding, if any."""
    if fonts is None:
        return paragraph.text, None
    pieces: list[tuple[str, tuple[Encoding, str] | None]] = []
    for run in _runs(paragraph):
        legacy = font_encoding(fonts.of(run, paragraph))
        if pieces and pieces[-1][1] == legacy:
            pieces[-1] = (pieces[-1][0] + run.text, legacy)
        else:
            pieces.append((run.text, legacy))
    out = [decode(text, lg[0], lg[1]) if lg else text for text, lg in pieces]  # type: ignore[arg-type]
    found = next((lg[0] for (text, lg), new in zip(pieces, out) if lg and new != text), None)
    return "".join(out), found


def _add_table(builder: TextBuilder, table, fonts: _Fonts | None, legacy: Converter) -> None:
    from docx.table import Table

    rows = [list(row.cells) for row in table.rows]
    texts = []
    for row in rows:
        row_texts = []
        for cell in row:
            parts = [_paragraph_text(p, fonts) for p in cell.paragraphs]
            row_texts.append(("\n".join(t for t, _ in parts), next((e for _, e in parts if e), None)))
        texts.append(row_texts)
    labels = cell_labels([[legacy.convert(t) if e is None else t for t, e in row] for row in texts])
    seen: set[int] = set()  # a merged cell is returned once per grid position it covers
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text, enc = texts[r][c]
            block = legacy.add(builder, text, "table_cell", encoding=enc)
            if block is not None and r < len(labels) and c < len(labels[r]):
                block.label = labels[r][c]
            for inner in cell.tables:  # a table nested in a cell keeps its cells too
                if isinstance(inner, Table):
                    _add_table(builder, inner, fonts, legacy)


def _names_legacy_font(document) -> bool:
    xml = document.element.xml + document.styles.element.xml
    return any(font_encoding(name) for name in set(_FONT_ATTR.findall(xml)))


MAX_MEMBERS = 10_000  # parts in one .docx; Word writes dozens
BOMB_RATIO = 200  # a part over 1 MB inflating more than this is a zip bomb (Word's XML: about 5-30 times)


def check_zip(data: bytes) -> None:
    """Refuse a zip bomb before python-docx inflates it: the sizes its directory declares
    (zipfile never inflates a member past its declared size) must stay within
    ``ReadLimits.max_expanded`` in all, and no large part may inflate like a bomb."""
    from . import limits

    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # python-docx says it is damaged, in its words
    if len(members) > MAX_MEMBERS:
        raise IngestError("limit", f"the .docx holds {len(members)} parts (Word writes dozens; over {MAX_MEMBERS}): "
                                   "a zip bomb or not a Word document; not opened")
    for m in members:
        if m.file_size > 1024 * 1024 and m.file_size > BOMB_RATIO * max(m.compress_size, 1):
            raise IngestError("limit", f"the .docx part {m.filename!r} inflates {m.file_size // max(m.compress_size, 1)} "
                                       f"times ({m.compress_size} bytes to {m.file_size / 1e6:.0f} MB): a zip bomb, "
                                       "not a Word document; not opened")
    total = sum(m.file_size for m in members)
    if total > limits().max_expanded:
        raise IngestError("limit", limits().expanded_message(f"the .docx ({len(members)} parts, "
                                                             f"{total / 1e6:.0f} MB declared)"))


MIN_PICTURE_PIXELS = 750_000  # an A4 page scanned at 90 dpi; logos and stamps (a few hundred pixels square) are far smaller
MIN_PICTURE_SIDE = 600  # a signature is long but low

_PICTURE_REFS = None


def _picture_refs(element) -> list[str]:
    """The relationship ids of the pictures inside an element (DrawingML and VML)."""
    global _PICTURE_REFS
    if _PICTURE_REFS is None:
        from lxml import etree

        _PICTURE_REFS = etree.XPath(
            ".//a:blip/@r:embed | .//v:imagedata/@r:id",
            namespaces={"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
                        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                        "v": "urn:schemas-microsoft-com:vml"})
    return list(_PICTURE_REFS(element))


@dataclass
class _Picture:
    item: int  # index of the paragraph or table that holds it
    name: str  # its part, e.g. "word/media/image1.png"
    blocks: list[tuple[str, str, str | None, list[int]]] = field(default_factory=list)  # (text, kind, label, breaks)


def _scanned_pictures(document, items: list) -> tuple[list[_Picture], list[tuple[str, str]], str | None]:
    """The pictures of scanned pages, OCR'd: (pictures with their blocks, warnings, why OCR
    could not run where it could not)."""
    from . import image, limits, ocr

    if not _picture_refs(document.element.body):  # the usual case: one look, nothing to do
        return [], [], None
    seen: set[str] = set()
    chosen: list[tuple[_Picture, object]] = []
    refused: list[str] = []
    for i, item in enumerate(items):
        for rid in _picture_refs(item._element):
            part = document.part.related_parts.get(rid)
            name = str(getattr(part, "partname", "")).lstrip("/")
            if part is None or name in seen:
                continue
            seen.add(name)
            try:
                picture = image.open_image(part.blob, f"the picture {name}")
            except IngestError as exc:
                if exc.kind == "limit":
                    refused.append(exc.message)
                continue  # a vector drawing (EMF/WMF) or damaged data: nothing to OCR
            width, height = picture.size
            if width * height >= MIN_PICTURE_PIXELS and min(width, height) >= MIN_PICTURE_SIDE:
                chosen.append((_Picture(i, name), picture))
    warnings = [("ocr", f"{message}; not OCR'd") for message in refused]
    if not chosen:
        return [], warnings, None
    max_pages = limits().max_pages
    if max_pages and len(chosen) > max_pages:
        warnings.append(("limit", f"the Word file holds {len(chosen)} pictures of scanned pages; only the first "
                                  f"{max_pages} (--max-pages) were OCR'd"))
        chosen = chosen[:max_pages]
    names = ", ".join(p.name for p, _ in chosen)
    reason = ocr.status()
    if reason is not None:
        warnings.append(("ocr-unavailable", f"{_scans(len(chosen))} ({names}) could not be OCR'd: {reason}"))
        return [], warnings, reason
    pictures, pages = [], []
    for picture, opened in chosen:  # one decoded at a time, each made a page at once
        try:
            pages.append(image.page_pdf(image.grey(opened), image.page_dpi(opened)))
            pictures.append(picture)
        except Exception as exc:  # noqa: BLE001 - a vector drawing or damaged data Pillow cannot decode
            warnings.append(("ocr", f"the picture {picture.name} could not be decoded for OCR ({exc})"))
    if not pages:
        return [], warnings, None
    from .pdf import read_pdf

    names = ", ".join(p.name for p in pictures)
    try:
        scan = read_pdf(image.merge(pages))
    except IngestError as exc:
        warnings.append(("ocr", f"OCR found no text on {_count(pictures)} ({names})" if exc.kind == "empty"
                         else f"{_count(pictures)} ({names}) could not be OCR'd: {exc.message}"))
        return [], warnings, None
    breaks = sorted(getattr(scan, "line_breaks", ()) or ())
    for block in scan.blocks:
        if block.page and block.page <= len(pictures):
            inside = breaks[bisect.bisect_left(breaks, block.start):bisect.bisect_left(breaks, block.end)]
            pictures[block.page - 1].blocks.append((scan.text[block.start:block.end], block.kind, block.label,
                                                    [b - block.start for b in inside]))
    for code, message in scan.warnings:  # the PDF reader's words on pages, told of pictures
        failed = _PAGE_FAILED.match(message)
        if failed:
            message = f"the picture {pictures[int(failed.group(1)) - 1].name} {failed.group(2)}"
        elif _PAGES_SUMMARY.match(message):
            continue  # said below, with the pictures' names
        warnings.append((code, message))
    read = [p.name for p in pictures if p.blocks]
    empty = [p.name for p in pictures if not p.blocks]
    if read:
        warnings.append(("ocr", f"{_scans(len(read))} {'was' if len(read) == 1 else 'were'} read by OCR "
                                f"(Tesseract {ocr.LANGUAGE}): {', '.join(read)}"))
    if empty:
        warnings.append(("ocr", f"OCR found no text on {_count(empty)}: {', '.join(empty)}"))
    return pictures, warnings, None


_PAGE_FAILED = re.compile(r"page (\d+) has no text layer and (.*)", re.DOTALL)
_PAGES_SUMMARY = re.compile(r"pages? [\d, ]+ (?:was|were|has|have) ")


def _count(items: list) -> str:
    return "1 picture" if len(items) == 1 else f"{len(items)} pictures"


def _scans(n: int) -> str:
    return "1 picture of a scanned page" if n == 1 else f"{n} pictures of scanned pages"


def _add_scanned(builder: TextBuilder, picture: _Picture) -> None:
    """A picture's OCR'd blocks, after the item that holds it."""
    for text, kind, label, breaks in picture.blocks:
        block: Block | None = builder.add(text, kind)  # type: ignore[arg-type]
        if block is None:
            continue
        block.ocr = True
        block.label = label
        if breaks and block.end - block.start == len(text) and hasattr(builder, "line_breaks"):
            builder.line_breaks.extend(block.start + b for b in breaks)


def _soft_hyphens_as_text(document) -> None:
    """Word (and LibreOffice) write a U+00AD of the text as a ``w:softHyphen`` element, which
    python-docx leaves out; but in TCVN3 text U+00AD is the letter "ư". Each is put back as the
    character: ``clean`` drops it from Unicode text (a hyphenation hint), the legacy decoder
    reads it as "ư"."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for element in list(document.element.body.iter(qn("w:softHyphen"))):
        text = OxmlElement("w:t")
        text.text = "\u00ad"
        element.getparent().replace(element, text)


def read_docx(data: bytes) -> Document:
    """A .docx as heading, paragraph and table_cell blocks, in the order they appear; pictures of
    scanned pages OCR'd."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise IngestError("corrupt", f"the .docx file is damaged or not a Word document ({exc}); "
                                     "open it in Word and save it again") from exc
    except Exception as exc:  # lxml's XMLSyntaxError and the like: a broken part inside the zip
        raise IngestError("corrupt", f"the .docx file cannot be read ({type(exc).__name__}: {exc})") from exc
    _soft_hyphens_as_text(document)
    builder = TextBuilder()
    legacy = Converter()
    fonts = _Fonts(document) if _names_legacy_font(document) else None
    items = list(document.iter_inner_content())
    pictures, picture_warnings, no_ocr = _scanned_pictures(document, items)
    after: dict[int, list[_Picture]] = {}
    for picture in pictures:
        after.setdefault(picture.item, []).append(picture)
    for i, item in enumerate(items):
        if isinstance(item, Paragraph):
            text, enc = _paragraph_text(item, fonts)
            legacy.add(builder, text, "heading" if _is_heading(item) else "paragraph", encoding=enc)
        elif isinstance(item, Table):
            _add_table(builder, item, fonts, legacy)
        for picture in after.get(i, ()):
            _add_scanned(builder, picture)
    doc = builder.build()
    if no_ocr and not doc.text.strip():
        raise IngestError("ocr-unavailable", "the Word file holds no text, only pictures of scanned pages, and OCR "
                                             f"is not available: {no_ocr}")
    doc.warnings.extend(legacy.warnings())
    doc.warnings.extend(picture_warnings)
    try:
        doc.title = clean(legacy.convert(document.core_properties.title or "")) or None
    except Exception:  # core properties are optional metadata
        doc.title = None
    if doc.title is None:
        headings = [b for b in doc.blocks if b.kind == "heading" and not b.ocr]
        if headings:
            doc.title = doc.text[headings[0].start:headings[0].end].replace("\n", " ")
    return doc
