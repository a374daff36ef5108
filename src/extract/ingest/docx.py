"""Word .docx: paragraphs and tables in document order.

Headings (styles "Heading N" and "Title") become ``heading`` blocks, and every table
cell a ``table_cell`` block, row by row: the reports' figures often live in tables. A
cell that holds a value carries its row and column labels (``Block.label``, from
``document.cell_labels``).

Documents typed in legacy fonts (``.VnTime``/``.VnTimeH`` for TCVN3, ``VNI-Times``) hold
Latin-1 look-alikes: runs in such a font are decoded by their font (the capitals font
gives the case TCVN3 cannot encode); other paragraphs go through per-block detection.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..document import Document, IngestError, cell_labels
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


def _style_font(style) -> str | None:
    while style is not None:
        font = _rpr_font(style.element.rPr) if getattr(style.element, "rPr", None) is not None else None
        if font:
            return font
        style = style.base_style
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


def read_docx(data: bytes) -> Document:
    """A .docx as heading, paragraph and table_cell blocks, in the order they appear."""
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
    builder = TextBuilder()
    legacy = Converter()
    fonts = _Fonts(document) if _names_legacy_font(document) else None
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text, enc = _paragraph_text(item, fonts)
            legacy.add(builder, text, "heading" if _is_heading(item) else "paragraph", encoding=enc)
        elif isinstance(item, Table):
            _add_table(builder, item, fonts, legacy)
    doc = builder.build()
    doc.warnings.extend(legacy.warnings())
    try:
        doc.title = clean(legacy.convert(document.core_properties.title or "")) or None
    except Exception:  # core properties are optional metadata
        doc.title = None
    if doc.title is None:
        headings = [b for b in doc.blocks if b.kind == "heading"]
        if headings:
            doc.title = doc.text[headings[0].start:headings[0].end].replace("\n", " ")
    return doc
