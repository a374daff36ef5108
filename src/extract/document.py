"""The hand-off from ingest to the rest of the pipeline: one ``Document``.

Ingesters turn bytes into a ``Document``; nothing downstream knows where it came
from. ``text`` is the normalised text (see ``normalize``) and every offset in the
pipeline, blocks included, points into it.
"""

from __future__ import annotations

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

    def page_at(self, offset: int) -> int | None:
        """The PDF page an offset falls on, or None where pages do not apply."""
        for block in self.blocks:
            if block.start <= offset < block.end:
                return block.page
        return None


class IngestError(Exception):
    """An input that cannot become a Document; ``kind`` is what an error record reports."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message
