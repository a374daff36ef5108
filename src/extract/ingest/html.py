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
    # Nothing declared fits and it is not UTF-8: the plain-text decoder knows Windows-1258,
    # and reads UTF-8 with a few stray bytes (each replaced by U+FFFD, and said).
    from .text import decode_with_warnings

    try:
        text, name, repaired = decode_with_warnings(data)
    except IngestError:
        raise IngestError("encoding", "the web page's bytes match neither its declared charset nor "
                                      "UTF-8 or Windows-1258; save it again as UTF-8") from None
    return text, name, warnings + repaired


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


# libxml2's HTML parser drops everything nested deeper than 255 elements, silently: such a
# page is read by stripping its tags instead (``strip_tags``), and the record says so.
MAX_DEPTH = 240
_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)")
# elements that never hold others, or whose end tag HTML lets a page leave out
_NO_DEPTH = frozenset("area base br col embed hr img input link meta param source track wbr "
                      "p li dt dd tr td th option optgroup thead tbody tfoot colgroup rt rp".split())
_RAW = frozenset({"script", "style", "noscript", "template", "textarea", "title", "xmp", "iframe"})
_BLOCK = frozenset("address article aside blockquote br dd div dl dt fieldset figcaption figure footer form "
                   "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table td th tr ul".split())


_TAG_STOP = re.compile(r"[>\"']")


def _tag_end(text: str, pos: int) -> int:
    """Where a tag whose attributes start at ``pos`` ends (after its ">"; a ">" inside a quoted
    value does not end it), or -1."""
    while True:
        m = _TAG_STOP.search(text, pos)
        if m is None:
            return -1
        if m.group() == ">":
            return m.end()
        close = text.find(m.group(), m.end())
        if close < 0:  # a quote never closed: the next ">" ends the tag
            gt = text.find(">", m.end())
            return -1 if gt < 0 else gt + 1
        pos = close + 1


def _tags(text: str):
    """(start, end, kind, name) of each tag of an HTML text, in one linear pass with no parser:
    kind is "open", "close" or "void" (self-closed), "raw" for a script, style or title element
    (start to end of its closing tag), "comment" for a comment. An unclosed one runs to the end."""
    pos, n = 0, len(text)
    while True:
        i = text.find("<", pos)
        if i < 0:
            return
        if text.startswith("<!", i):  # a comment, or a doctype
            close = "-->" if text.startswith("<!--", i) else ">"
            j = text.find(close, i + 2)
            pos = n if j < 0 else j + len(close)
            yield i, pos, "comment", ""
            continue
        m = _NAME.match(text, i)
        if not m:
            pos = i + 1
            continue
        pos = _tag_end(text, m.end())
        if pos < 0:
            return
        name = m.group(2).lower()
        if m.group(1):
            yield i, pos, "close", name
        elif text[pos - 2] == "/":
            yield i, pos, "void", name
        elif name in _RAW:
            k = re.compile(r"</%s\b" % re.escape(name), re.IGNORECASE).search(text, pos)
            gt = text.find(">", k.end()) if k else -1
            pos = n if gt < 0 else gt + 1
            yield i, pos, "raw", name
        else:
            yield i, pos, "open", name


def nesting_depth(text: str, stop: int | None = None) -> int:
    """How deep elements nest in an HTML text (``stop``: return as soon as this depth is reached).
    Void elements and those whose end tag HTML lets a page leave out do not count."""
    depth = deepest = 0
    for _, _, kind, name in _tags(text):
        if name in _NO_DEPTH:
            continue
        if kind == "close":
            depth = max(0, depth - 1)
        elif kind == "open":
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop is not None and deepest >= stop:
                    return deepest
    return deepest


def strip_tags(text: str) -> tuple[list[str], str | None]:
    """The visible text of an HTML text, without parsing it into a tree (one item per line: a
    line break at each block element; scripts, styles and comments dropped, entities decoded),
    and its ``<title>``."""
    import html as html_lib

    parts: list[str] = []
    title = None
    pos = 0
    for start, end, kind, name in _tags(text):
        parts.append(text[pos:start])
        if kind == "raw" and name == "title" and title is None:
            title = clean(html_lib.unescape(re.sub(r"<[^>]*>", " ", text[start:end]))) or None
        parts.append("\n" if name in _BLOCK else " ")
        pos = end
    parts.append(text[pos:])
    visible = html_lib.unescape("".join(parts))
    return [line for line in (" ".join(part.split()) for part in visible.split("\n")) if line], title


def _read_stripped(text: str, encoding: str | None, warnings: list[tuple[str, str]], why: str) -> Document:
    builder = TextBuilder()
    legacy = Converter()
    lines, title = strip_tags(text)
    for line in lines:
        legacy.add(builder, line)
    if not builder.blocks:
        raise IngestError("empty", "no text content found in the web page")
    doc = builder.build(encoding=encoding)
    doc.title = legacy.convert(title) if title else None
    doc.warnings.extend(warnings)
    doc.warnings.append(("html", f"{why}; its text was read with the tags stripped, without telling the article "
                                 "from the menus and other page furniture"))
    doc.warnings.extend(legacy.warnings())
    return doc


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
    depth = nesting_depth(text, stop=MAX_DEPTH)
    if depth >= MAX_DEPTH:
        return _read_stripped(text, encoding, warnings, f"the page nests its elements more than {MAX_DEPTH} "
                                                        "levels deep, more than an HTML parser follows")
    options = dict(url=url, with_metadata=True, include_comments=False, include_tables=True,
                   include_formatting=False, include_links=False, include_images=False)
    builder = TextBuilder()
    legacy = Converter()  # old portals still serve pages typed in .VnTime (TCVN3) or VNI fonts
    try:
        result = trafilatura.bare_extraction(text, **options)
        if result is None or result.body is None or not len(result.body):
            # Short pages fall under trafilatura's size threshold: ask again, favouring recall.
            result = trafilatura.bare_extraction(text, favor_recall=True, **options)
        if result is not None and result.body is not None:
            _add_blocks(builder, result.body, legacy)
    except RecursionError:  # a structure too deep for trafilatura's recursive walks
        return _read_stripped(text, encoding, warnings, "the page is nested too deeply to parse")
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
