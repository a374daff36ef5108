"""Word .docx: paragraphs and tables in document order.

Headings (styles "Heading N" and "Title") become ``heading`` blocks, and every table
cell a ``table_cell`` block, row by row: the reports' figures often live in tables.
"""

from __future__ import annotations

import io
import zipfile

from ..document import Document, IngestError
from ..normalize import TextBuilder, clean


def _style_name(paragraph) -> str:
    try:
        style = paragraph.style
        return (style.name or "") if style is not None else ""
    except (KeyError, AttributeError):  # a style id the styles part does not define
        return ""


def _is_heading(paragraph) -> bool:
    name = _style_name(paragraph).lower()
    return name.startswith(("heading", "title"))


def _add_table(builder: TextBuilder, table) -> None:
    from docx.table import Table

    for row in table.rows:
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column it spans
                continue
            seen.add(id(cell._tc))
            builder.add("\n".join(p.text for p in cell.paragraphs), "table_cell")
            for inner in cell.tables:  # a table nested in a cell keeps its cells too
                if isinstance(inner, Table):
                    _add_table(builder, inner)


def read_docx(data: bytes) -> Document:
    """A .docx as heading, paragraph and table_cell blocks, in the order they appear."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise IngestError("corrupt", f"the .docx file is damaged or not a Word document ({exc}); "
                                     "open it in Word and save it again") from exc
    except Exception as exc:  # lxml's XMLSyntaxError and the like: a broken part inside the zip
        raise IngestError("corrupt", f"the .docx file cannot be read ({type(exc).__name__}: {exc})") from exc
    builder = TextBuilder()
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            builder.add(item.text, "heading" if _is_heading(item) else "paragraph")
        elif isinstance(item, Table):
            _add_table(builder, item)
    doc = builder.build()
    try:
        doc.title = clean(document.core_properties.title or "") or None
    except Exception:  # core properties are optional metadata
        doc.title = None
    if doc.title is None:
        headings = [b for b in doc.blocks if b.kind == "heading"]
        if headings:
            doc.title = doc.text[headings[0].start:headings[0].end].replace("\n", " ")
    return doc
