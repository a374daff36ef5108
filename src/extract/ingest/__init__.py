"""Ingest: a file path or URL → one normalised ``Document``.

``ingest(source)`` is the only entry point the pipeline uses. The kind is sniffed
from the bytes, with the file name only as a tie-breaker, and each kind has its
own module. Any defect becomes an ``IngestError`` whose ``kind`` and message end
up in an error record.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import stat
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..document import Document, IngestError

MAX_BYTES = 200 * 1024 * 1024  # --max-bytes: a file's size, a download's
MAX_PAGES = 2000  # --max-pages: a PDF with more pages is refused before any page is read
MAX_EXPANDED = 1024 * 1024 * 1024  # what one compressed part may expand to, without a memory limit
FETCH_TIMEOUT = 20.0  # seconds a server may stay silent


@dataclass(frozen=True)
class ReadLimits:
    """Limits on reading one input; the batch runner sets them per document (``reading``).

    ``max_expanded`` bounds what one compressed part of a file (a PDF stream, a member of a
    .docx zip) may expand to: a decompression bomb is refused before a reader library
    inflates it. Under a worker memory limit it is a quarter of that limit."""

    max_bytes: int | None = MAX_BYTES
    max_pages: int | None = MAX_PAGES
    max_expanded: int = MAX_EXPANDED
    memory_mb: int | None = None  # the --max-memory-mb that max_expanded derives from, for messages
    fetch_timeout: float = FETCH_TIMEOUT

    @classmethod
    def of(cls, *, max_bytes: int | None = MAX_BYTES, max_pages: int | None = MAX_PAGES,
           max_memory_mb: int | None = None, max_seconds: float | None = None) -> "ReadLimits":
        """The limits for a worker with these flags: a quarter of its memory for one expanded
        part, and a server's silence bounded by half the document's time."""
        expanded = max_memory_mb * 1024 * 1024 // 4 if max_memory_mb else MAX_EXPANDED
        timeout = min(FETCH_TIMEOUT, max(1.0, max_seconds / 2)) if max_seconds else FETCH_TIMEOUT
        return cls(max_bytes or None, max_pages or None, expanded, max_memory_mb or None, timeout)

    def expanded_message(self, what: str) -> str:
        """Why ``what`` (e.g. "a stream of the PDF") is refused for expanding too far, in words a user can act on."""
        size = f"{self.max_expanded / (1024 * 1024):g} MB"
        if self.memory_mb:
            return (f"{what} expands to more than {size} when decompressed (a decompression bomb, or a file too big "
                    f"for the worker memory: a quarter of --max-memory-mb {self.memory_mb}); not read. "
                    "If the file is genuine, raise --max-memory-mb")
        return f"{what} expands to more than {size} when decompressed (a decompression bomb?); not read"


_LIMITS: ContextVar[ReadLimits] = ContextVar("giamsat_read_limits", default=ReadLimits())


def limits() -> ReadLimits:
    """The limits in force for the input being read."""
    return _LIMITS.get()


@contextmanager
def reading(read_limits: ReadLimits) -> Iterator[ReadLimits]:
    """Read inputs under ``read_limits`` inside the block (this thread or task only)."""
    token = _LIMITS.set(read_limits)
    try:
        yield read_limits
    finally:
        _LIMITS.reset(token)


def over_bytes(size: int, limit: int, what: str = "the file") -> str:
    return (f"{what} is {size} bytes ({size / 1e6:.1f} MB), over --max-bytes {limit}; "
            "raise it with --max-bytes (0: no limit)")


def sniff(data: bytes, name: str = "") -> str:
    """The media type of ``data``: by magic bytes first, then by the name's extension."""
    head = data[:2048].lstrip()
    lower_name = name.lower()
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if data[:4] == b"PK\x03\x04":
        if lower_name.endswith(".docx") or b"word/" in data[:65536]:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return "application/zip"
    low = head[:512].lower()
    if lower_name.endswith((".html", ".htm")) or low.startswith((b"<!doctype html", b"<html")) or b"<html" in low:
        return "text/html"
    if lower_name.endswith(".pdf"):
        return "application/pdf"  # a .pdf without the magic: the PDF reader will say it is corrupt
    if lower_name.endswith(".docx"):
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return "text/plain"


def read_bytes(data: bytes, *, name: str = "", path: str | None = None, url: str | None = None,
               media_type: str | None = None, charset: str | None = None) -> Document:
    """Turn bytes of any supported kind into a Document (metadata filled in)."""
    if not data.strip():
        raise IngestError("empty", "the input is empty (no bytes, or only whitespace)")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # an OLE compound file: old Office, or encrypted
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise IngestError("encrypted", "the Office file is password-protected; save an unprotected copy")
        raise IngestError("unsupported", "an old Office file (.doc/.xls): save it as .docx or PDF")
    sniffed = sniff(data, name)
    # Magic bytes are certain where a server's Content-Type often is not (PDFs sent as text/html).
    has_magic = data[:2048].lstrip().startswith(b"%PDF-") or data[:4] == b"PK\x03\x04"
    kind = sniffed if has_magic or not media_type else media_type
    if kind == "application/pdf":
        from .pdf import read_pdf

        doc = read_pdf(data)
    elif kind.startswith("application/vnd.openxmlformats-officedocument.wordprocessingml"):
        from .docx import read_docx

        doc = read_docx(data)
    elif kind == "text/html":
        from .html import read_html

        doc = read_html(data, charset=charset, url=url)
    elif kind == "text/plain":
        from .text import read_text

        doc = read_text(data)
    else:
        raise IngestError("unsupported", f"unsupported kind of input: {kind}")
    doc.media_type = kind
    doc.sha256 = hashlib.sha256(data).hexdigest()
    doc.path = path
    doc.url = url
    _set_aside_junk(doc)
    if not doc.text.strip():
        raise IngestError("empty", f"no text could be read from this {kind} input (only blanks or invisible "
                                   "characters)")
    return doc


# A run of this many characters without a space is no text of any language written with
# spaces: base64 or binary data pasted into a document. Its block is kept in the text but
# set aside (kind "furniture"), so the tokenizer and the extractors do not spend minutes on it.
JUNK_RUN = 1000
_JUNK = re.compile(r"\S{%d,}" % JUNK_RUN)


def _set_aside_junk(doc: Document) -> None:
    starts = [b.start for b in doc.blocks]
    longest, count = 0, 0
    for m in _JUNK.finditer(doc.text):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and doc.blocks[i].end >= m.end() and doc.blocks[i].kind != "furniture":
            doc.blocks[i].kind = "furniture"
            count += 1
        longest = max(longest, m.end() - m.start())
    if count:
        doc.warnings.append(("junk", f"{count} block(s) hold a run of up to {longest} characters without a space "
                                     "(base64 or binary data pasted in?); kept in the text but not read for facts"))


def ingest(source: str | Path) -> Document:
    """Read a local file or an http(s) URL into a Document."""
    src = str(source)
    if src.startswith(("http://", "https://")):
        from .url import fetch

        data, media_type, charset = fetch(src)
        return read_bytes(data, name=src.split("?", 1)[0], url=src, media_type=media_type, charset=charset)
    path = Path(src)
    cap = limits().max_bytes
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device would be read forever
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a pipe, socket or device)"
            raise IngestError("unreadable", f"cannot read {src}: {kind}")
        if cap and info.st_size > cap:
            raise IngestError("limit", over_bytes(info.st_size, cap))
        with path.open("rb") as fh:  # at most the cap, even if the file grows meanwhile
            data = fh.read(cap + 1) if cap else fh.read()
        if cap and len(data) > cap:
            raise IngestError("limit", over_bytes(len(data), cap, "the file (still growing)"))
    except IngestError:
        raise
    except OSError as exc:
        raise IngestError("unreadable", f"cannot read {src}: {exc.strerror or exc}") from exc
    return read_bytes(data, name=path.name, path=src)


__all__ = ["ingest", "read_bytes", "sniff", "IngestError", "Document", "ReadLimits", "limits", "reading",
           "MAX_BYTES", "MAX_PAGES"]
