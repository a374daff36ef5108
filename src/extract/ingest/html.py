"""Web pages: the article and its metadata, without the page around it.

trafilatura finds the main content (menus, ratings, polls, visitor counters and comment
boxes are not content) and the metadata: title, and the published date from
``article:published_time`` or wherever it finds one. Its XML output keeps the structure,
so headings, paragraphs, list items and table cells become blocks of their own.

Bytes are decoded here, not by trafilatura, so the encoding is known and reported:
the HTTP ``charset`` first, then a byte-order mark, then ``<meta charset>``, then UTF-8.
"""

from __future__ import annotations

import codecs
import re

from ..document import Document, IngestError, cell_labels
from ..legacy import Converter
from ..normalize import TextBuilder, clean

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_WESTERN = {"latin-1", "iso8859-1", "cp1252", "ascii", "iso8859-15"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _codec(name: str | None) -> str | None:
    """Python's codec for a declared charset name, or None if Python does not know it."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode_html(data: bytes, charset: str | None = None) -> tuple[str, str, list[tuple[str, str]]]:
    """(text, encoding used, warnings): declared charsets in order of authority, then UTF-8."""
    warnings: list[tuple[str, str]] = []
    candidates: list[tuple[str, str]] = []
    for bom, name in _BOMS:
        if data.startswith(bom):
            candidates.append((name, "byte-order mark"))
    declared = [(charset, "HTTP header")]
    m = _META_CHARSET.search(data[:8192])
    if m:
        declared.append((m.group(1).decode("ascii", "replace"), "<meta charset>"))
    for name, where in declared:
        if name and _codec(name) is None:
            warnings.append(("encoding", f"unknown charset {name!r} declared in the {where}; ignored"))
        elif name:
            candidates.append((_codec(name) or name, where))
    candidates.append(("utf-8", "default"))
    try:
        utf8_text = not data.isascii() and bool(data.decode("utf-8"))
    except UnicodeDecodeError:
        utf8_text = False
    for name, where in candidates:
        if utf8_text and name in _WESTERN:
            # Servers often default to Latin-1; bytes that are valid UTF-8 with Vietnamese
            # letters in them are UTF-8 (Latin-1 would turn "ệ" into "á»‡").
            warnings.append(("encoding", f"the {where} says {name} but the page is UTF-8; read as UTF-8"))
            continue
        if name in ("utf-16", "utf-16-le", "utf-16-be", "utf-32") and where != "byte-order mark":
            # A page read as bytes cannot really be UTF-16 unless it starts with a BOM: a
            # <meta charset=utf-16> found in ASCII bytes is a mistake of the page.
            continue
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            if where != "default":
                warnings.append(("encoding", f"the page is not valid {name} as its {where} says; "
                                             "tried the next choice"))
            continue
        return text.lstrip("\ufeff"), name, warnings
    # Nothing declared fits and it is not UTF-8: the plain-text decoder knows Windows-1258.
    from .text import decode

    try:
        text, name = decode(data)
    except IngestError:
        raise IngestError("encoding", "the web page's bytes match neither its declared charset nor "
                                      "UTF-8 or Windows-1258; save it again as UTF-8") from None
    return text, name, warnings


def _text_of(el) -> str:  # el: lxml element of trafilatura's XML
    """An element's text with ``<lb/>`` as a line break."""
    parts = [el.text or ""]
    for child in el:
        parts.append("\n" if child.tag == "lb" else _text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _add_blocks(builder: TextBuilder, body, legacy: Converter) -> None:
    for el in body:
        tag = el.tag
        if tag == "head":
            legacy.add(builder, _text_of(el), "heading")
        elif tag == "list":
            for item in el.iter("item"):
                legacy.add(builder, _text_of(item), "paragraph")
        elif tag == "table":
            rows = [[_text_of(cell) for cell in row.iter("cell")] for row in el.iter("row")]
            labels = cell_labels([[legacy.convert(c) for c in row] for row in rows])
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    block = legacy.add(builder, cell, "table_cell")
                    if block is not None:
                        block.label = labels[r][c]
        elif tag in ("graphic", "lb"):
            continue
        else:
            legacy.add(builder, _text_of(el), "paragraph")


def read_html(data: bytes | str, charset: str | None = None, url: str | None = None) -> Document:
    """A web page's main content as blocks, with title and published date (YYYY-MM-DD)."""
    import trafilatura

    if isinstance(data, bytes):
        text, encoding, warnings = decode_html(data, charset)
    else:
        text, encoding, warnings = data, None, []
    # lxml rejects a str that carries an XML encoding declaration; the text is decoded already.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        raise IngestError("empty", "the web page is empty")
    options = dict(url=url, with_metadata=True, include_comments=False, include_tables=True,
                   include_formatting=False, include_links=False, include_images=False)
    result = trafilatura.bare_extraction(text, **options)
    if result is None or result.body is None or not len(result.body):
        # Short pages fall under trafilatura's size threshold: ask again, favouring recall.
        result = trafilatura.bare_extraction(text, favor_recall=True, **options)
    builder = TextBuilder()
    legacy = Converter()  # old portals still serve pages typed in .VnTime (TCVN3) or VNI fonts
    if result is not None and result.body is not None:
        _add_blocks(builder, result.body, legacy)
    if not builder.blocks:
        baseline = trafilatura.baseline(text)
        if baseline and baseline[1].strip():
            warnings.append(("html", "no main content found; the page's whole visible text was used"))
            for para in baseline[1].split("\n"):
                legacy.add(builder, para)
    if not builder.blocks:
        raise IngestError("empty", "no text content found in the web page")
    doc = builder.build(encoding=encoding)
    doc.warnings.extend(warnings)
    doc.warnings.extend(legacy.warnings())
    if result is not None:
        doc.title = clean(legacy.convert(result.title or "")) or None
        date = (result.date or "")[:10]
        doc.published = date if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else None
    return doc
