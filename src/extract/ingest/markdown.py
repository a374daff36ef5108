"""Markdown: the text a converter or a legal-text site exported, without its markup.

Markdown exports of Vietnamese documents are not Markdown as an author writes it: they keep
the source's hard-wrapped lines (so Markdown's own rule, "a single line break is a space",
would run a report's header lines and items together), carry HTML fragments (``<div>``,
``<br>``, ``<table>``) and placeholders for tables the export lost (``<jsontable …>``). So
the markup is read as Markdown — ATX and setext headings, pipe tables, lists, quotes,
emphasis, links, code — and the lines left are rebuilt into paragraphs by the same evidence
as any wrapped text (``reflow``).

Blocks: headings ``heading``, paragraphs ``paragraph``, every table cell its own
``table_cell`` labelled "row / column" (as PDF and DOCX tables are). Markup never reaches
the text, so offsets point into what a reader sees.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..document import Document, cell_labels
from ..legacy import Converter
from ..normalize import TextBuilder, clean
from . import reflow
from .columns import split_header_text
from .text import decode_with_warnings

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^ {0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTE = re.compile(r"^ {0,3}>\s?")
_BULLET = re.compile(r"^(\s*)[*+](\s+)")  # "* item" → "- item"; "-" and "+" items are written so in the documents
_DELIMITER = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_PLACEHOLDER = re.compile(r"<(jsontable|jsonimage|placeholder)\b[^>]*>.*?</\1\s*>|<(jsontable|jsonimage)\b[^>]*/>",
                          re.IGNORECASE | re.DOTALL)
_HTML_TABLE = re.compile(r"<table\b.*?</table\s*>", re.IGNORECASE | re.DOTALL)
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"</?(?:p|div|section|article|h[1-6]|li|ul|ol|tr|blockquote)\b[^>]*>", re.IGNORECASE)
_SUP = re.compile(r"<sup\b[^>]*>\s*\[?\d{1,3}\]?\s*</sup>", re.IGNORECASE)  # a footnote mark
_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s+[^<>]*)?/?>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

# inline markup, applied in this order
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_CODE = re.compile(r"(`+)(.+?)\1")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_EM_UNDER = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def inline(text: str) -> str:
    """One line's inline markup removed: emphasis, code, links (their text kept), images."""
    if not any(c in text for c in "*_`[!<~\\"):
        return text
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _CODE.sub(r"\2", text)
    for _ in range(2):  # "***x***" is strong inside em
        text = _STRONG.sub(r"\2", text)
    text = _EM_STAR.sub(r"\1", text)
    text = _EM_UNDER.sub(r"\1", text)
    text = _STRIKE.sub(r"\1", text)
    return _ESCAPE.sub(r"\1", text)


@dataclass
class _Part:
    kind: str  # "heading", "paragraph", "table"
    lines: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _html_table(fragment: str) -> list[list[str]]:
    """The cell texts of an HTML table, row by row (colspans repeated as blanks)."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml's ParserError on a broken fragment: its text is still read as lines
        return []
    rows = []
    for tr in root.iter("tr"):
        cells = []
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            cells.append(" ".join(cell.text_content().split()))
            cells.extend([""] * (int(cell.get("colspan", "1") or 1) - 1 if str(cell.get("colspan", "1")).isdigit() else 0))
        if cells:
            rows.append(cells)
    return rows


def _pipe_cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [inline(c.strip()) for c in re.split(r"(?<!\\)\|", body)]


def _is_row(line: str) -> bool:
    return line.count("|") >= 1 and bool(line.strip()) and not _FENCE.match(line)


def parse(text: str) -> tuple[list[_Part], list[tuple[str, str]]]:
    """Markdown text → headings, paragraphs (as lines) and tables, in order; and warnings."""
    warnings: list[tuple[str, str]] = []
    lost = len(_PLACEHOLDER.findall(text))
    text = _PLACEHOLDER.sub("\n\n", text)
    if lost:
        warnings.append(("table-lost", f"{lost} placeholder(s) of a table or picture the export lost "
                                       "(<jsontable …>) left out of the text"))
    text, tables = _without_html(text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return _Blocks(lines, tables).parts(), warnings


def _without_html(text: str) -> tuple[str, dict[str, list[list[str]]]]:
    """Inline HTML out of the text: comments, tags, <sup> marks; <br> and block tags as line
    breaks; each HTML table's rows kept aside, a placeholder line where it stood."""
    tables: dict[str, list[list[str]]] = {}

    def keep_table(m: re.Match[str]) -> str:
        rows = _html_table(m.group(0))
        if not rows:
            return "\n\n" + _TAG.sub(" ", m.group(0)) + "\n\n"
        key = f"\x00table{len(tables)}\x00"
        tables[key] = rows
        return f"\n\n{key}\n\n"

    text = _COMMENT.sub("", text)
    text = _HTML_TABLE.sub(keep_table, text)
    text = _SUP.sub("", text)
    text = _BREAK_TAG.sub("\n", text)
    text = _BLOCK_TAG.sub("\n\n", text)
    text = _TAG.sub("", text)
    return text, tables


class _Blocks:
    """Lines of Markdown read in order into parts: code blocks, tables (pipe or HTML), headings
    (ATX and setext), rules, and paragraphs of lines with their inline markup out."""

    def __init__(self, lines: list[str], tables: dict[str, list[list[str]]]):
        self.lines, self.tables = lines, tables
        self.out: list[_Part] = []
        self.current: _Part | None = None
        self.fence: str | None = None

    def close(self) -> None:
        if self.current is not None and (self.current.lines or self.current.rows):
            self.out.append(self.current)
        self.current = None

    def parts(self) -> list[_Part]:
        lines = self.lines
        i = 0
        while i < len(lines):
            line = html.unescape(lines[i])
            if self.fence is not None:  # inside a code block: its lines as written
                self.code_line(line)
            elif m := _FENCE.match(line):
                self.close()
                self.fence = m.group(1)
            else:
                stripped = _QUOTE.sub("", line)
                first = stripped.strip() in self.tables or not stripped.strip() or _ATX.match(stripped)
                if not first and _is_row(stripped) and i + 1 < len(lines) and _DELIMITER.match(lines[i + 1]) \
                        and "|" in lines[i + 1] + stripped:
                    i = self.pipe_table(stripped, i)
                    continue
                self.line(stripped)
            i += 1
        self.close()
        return self.out

    def code_line(self, line: str) -> None:
        if line.strip().startswith(self.fence or ""):
            self.fence = None
            self.close()
        else:
            self.current = self.current or _Part("paragraph")
            self.current.lines.append(line)

    def pipe_table(self, stripped: str, i: int) -> int:
        """A header row, its delimiter row and the rows after: one table; returns the next line."""
        lines = self.lines
        self.close()
        rows = [_pipe_cells(stripped)]
        i += 2
        while i < len(lines) and _is_row(html.unescape(lines[i])) and lines[i].strip():
            rows.append(_pipe_cells(html.unescape(lines[i])))
            i += 1
        self.out.append(_Part("table", rows=rows))
        return i

    def line(self, stripped: str) -> None:
        current = self.current
        if stripped.strip() in self.tables:
            self.close()
            self.out.append(_Part("table", rows=self.tables[stripped.strip()]))
        elif not stripped.strip():
            self.close()
        elif _ATX.match(stripped):
            self.close()
            title = inline(_ATX.match(stripped).group(2) or "")
            if title.strip():
                self.out.append(_Part("heading", [title]))
        elif (current is not None and current.kind == "paragraph" and len(current.lines) >= 1
              and _SETEXT.match(stripped) and not reflow.MARKER.match(current.lines[-1])):
            # "Title\n=====": the paragraph's last line is a heading
            title = current.lines.pop()
            self.close()
            self.out.append(_Part("heading", [title]))
        elif _RULE.match(stripped):
            self.close()
        else:
            self.current = current or _Part("paragraph")
            # a hard break ("  ", "\\" or <br> at the end) is a line break like any other: the
            # exports put them at the source's wrapped line ends, so reflow decides
            self.current.lines.append(inline(_BULLET.sub(r"\1-\2", stripped)).rstrip("\\"))


def read_markdown(data: bytes) -> Document:
    """A Markdown export as heading, paragraph and table_cell blocks."""
    text, encoding, warnings = decode_with_warnings(data)
    parts, found = parse(split_header_text(text))
    chunks = [[clean(line) for line in p.lines] for p in parts if p.kind == "paragraph"]
    profile = reflow.profile_text(chunks)
    builder = TextBuilder()
    legacy = Converter()
    last = ""
    for part in parts:
        if part.kind == "table":
            _add_table(builder, legacy, part.rows)
            last = ""
            continue
        segment = "\n".join(part.lines)
        options: dict = {"reflow": profile}
        if part.kind == "paragraph" and last and _continues(last, segment, profile):
            options["continues"] = True
        block = legacy.add(builder, segment, part.kind, **options)
        if block is not None:
            last = segment.rsplit("\n", 1)[-1] if part.kind == "paragraph" else ""
    doc = builder.build(encoding=encoding)
    _mark_furniture(doc)
    doc.warnings.extend(warnings + found + legacy.warnings())
    headings = [b for b in doc.blocks if b.kind == "heading"]
    if headings:
        doc.title = doc.text[headings[0].start:headings[0].end].replace("\n", " ")
    else:
        first = doc.text.strip().split("\n", 1)[0]
        doc.title = first if 0 < len(first) < 200 else None
    return doc


def _mark_furniture(doc: Document) -> None:
    """A page saved as Markdown keeps its furniture (ratings, counters, comment boxes) at the
    end: from the first furniture marker in the second half on, blocks are ``furniture``, as
    in plain text (``text._furniture_markers``)."""
    from ..normalize import fold
    from .text import _furniture_markers

    markers = _furniture_markers()
    half = len(doc.text) / 2
    for i, block in enumerate(doc.blocks):
        first = doc.text[block.start:block.end].split("\n", 1)[0].strip().rstrip(":").strip()
        if block.start > half and fold(first) in markers:
            for later in doc.blocks[i:]:
                later.kind = "furniture"
            return


def _continues(last: str, segment: str, profile: reflow.Profile) -> bool:
    from .text import _continues as text_continues

    return text_continues(last, segment, profile)


def _add_table(builder: TextBuilder, legacy: Converter, rows: list[list[str]]) -> None:
    width = max((len(r) for r in rows), default=0)
    grid = [[clean(c) for c in r] + [""] * (width - len(r)) for r in rows]
    labels = cell_labels(grid)
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            block = legacy.add(builder, cell, "table_cell")
            if block is not None:
                block.label = labels[r][c] if r < len(labels) and c < len(labels[r]) else None
