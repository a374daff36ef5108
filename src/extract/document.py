"""The hand-off from ingest to the rest of the pipeline: one ``Document``.

Ingesters turn bytes into a ``Document``; nothing downstream knows where it came
from. ``text`` is the normalised text (see ``normalize``) and every offset in the
pipeline, blocks included, points into it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "table_cell", "furniture", "line"]


@dataclass
class Block:
    """A stretch of ``Document.text``: a paragraph, heading, table cell or page furniture."""

    start: int
    end: int
    kind: BlockKind = "paragraph"
    page: int | None = None
    # A table cell's "row label / column label" (None for headers, row labels, row numbers).
    label: str | None = None
    ocr: bool = False  # read by OCR from a page image


@dataclass
class Document:
    text: str
    blocks: list[Block] = field(default_factory=list)
    media_type: str = "text/plain"
    sha256: str = ""
    path: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    encoding: str | None = None
    pages: int | None = None
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (code, message)
    # Offsets of spaces in ``text`` that stand for a line break of the source (joined by reflow).
    line_breaks: list[int] = field(default_factory=list)
    # (offset, page) where each page's text starts, for readers whose paragraphs cross pages;
    # empty where blocks carry the page alone.
    page_starts: list[tuple[int, int]] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """The PDF page an offset falls on, or None where pages do not apply."""
        if self.page_starts:
            import bisect

            i = bisect.bisect_right(self.page_starts, (offset, float("inf"))) - 1
            return self.page_starts[i][1] if i >= 0 else None
        for block in self.blocks:
            if block.start <= offset < block.end:
                return block.page
        return None


_NUMERIC_CELL = re.compile(r"[-+(]?\d[\d.,\s]*%?\)?")
_INDEX_HEADERS = {"stt", "tt", "số tt", "số thứ tự", "thứ tự", "no", "no.", "#"}


def _numeric(cell: str) -> bool:
    return bool(_NUMERIC_CELL.fullmatch(cell.strip()))


def _index_column(grid: list[list[str]], col: int, first: int) -> bool:
    """A row-number column: headed "STT"/"TT", or numbering its rows 1, 2, 3, … (or I, II, a, b)."""
    header = " ".join(grid[r][col] for r in range(first)).strip().lower()
    if header in _INDEX_HEADERS:
        return True
    values = [v.rstrip(".") for v in (grid[r][col].strip() for r in range(first, len(grid))) if v]
    if not values or len(set(values)) != len(values):
        return False
    if all(v.isdigit() for v in values):
        start = int(values[0])
        return [int(v) for v in values] == list(range(start, start + len(values))) and start <= 1
    return all(re.fullmatch(r"[IVXLC]{1,6}|[a-zđ]", v) for v in values)


def header_rows(grid: list[list[str]]) -> int:
    """How many leading rows of a table are its header: rows with no numeric cell, or a first
    row of years ("Năm | 2021 | 2022")."""
    first = 0
    while first < len(grid) and not any(_numeric(c) for c in grid[first]):
        first += 1
    if first == 0 and len(grid) > 1 and all(re.fullmatch(r"(?:19|20)\d\d", c.strip()) for c in grid[0] if _numeric(c)):
        first = 1
    return first if first < len(grid) else len(grid)


def cell_labels(grid: list[list[str]], header: list[list[str]] | None = None) -> list[list[str | None]]:
    """Each cell's "row label / column label", None for cells that are labels themselves.

    ``grid`` is a table's cell texts, row by row (rows padded to one width). Header rows
    (``header_rows``) are the leading rows with no numeric cell; their texts, joined down each column, label
    the columns. A row-number column ("STT", or 1, 2, 3, …) is skipped; the row label is the
    row's first text cell after it. A table without numbers labels nothing.

    ``header``: the header rows of the table's earlier part, for a table that a page break
    cut; used when ``grid`` has no header of its own and is as wide.
    """
    if not grid:
        return []
    width = max(len(r) for r in grid)
    if header and header_rows(grid) == 0 and max(len(r) for r in header) == width:
        return cell_labels([list(r) for r in header] + [list(r) for r in grid])[len(header):]
    grid = [[(c or "").strip() for c in r] + [""] * (width - len(r)) for r in grid]
    first = header_rows(grid)
    out: list[list[str | None]] = [[None] * width for _ in grid]
    if first == len(grid):
        return out
    columns = []
    for c in range(width):
        parts: list[str] = []
        for r in range(first):
            text = " ".join(grid[r][c].split())
            if text and text not in parts:
                parts.append(text)
        columns.append(" ".join(parts) or None)
    index = {c for c in range(width) if _index_column(grid, c, first)}
    for r in range(first, len(grid)):
        row_label = next((" ".join(grid[r][c].split()) for c in range(width)
                          if c not in index and grid[r][c] and not _numeric(grid[r][c])), None)
        for c in range(width):
            cell = grid[r][c]
            if c in index or not cell or (not _numeric(cell) and " ".join(cell.split()) == row_label):
                continue
            parts = [p for p in (row_label, columns[c]) if p]
            out[r][c] = " / ".join(parts) or None
    return out


class IngestError(Exception):
    """An input that cannot become a Document; ``kind`` is what an error record reports, one of
    ``models.ERROR_KINDS`` (another is a bug, refused here rather than in the record's validation)."""

    def __init__(self, kind: str, message: str):
        from .models import ERROR_KINDS

        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown error kind {kind!r}; the kinds are {', '.join(ERROR_KINDS)}")
        super().__init__(message)
        self.kind = kind
        self.message = message
