"""Ingest: a file path or URL → one normalised ``Document``.

``ingest(source)`` is the only entry point the pipeline uses. The kind is sniffed
from the bytes, with the file name only as a tie-breaker, and each kind has its
own module. Any defect becomes an ``IngestError`` whose ``kind`` and message end
up in an error record.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..document import Document, IngestError

MAX_BYTES = 200 * 1024 * 1024


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
    if not doc.text.strip():
        raise IngestError("empty", f"no text could be read from this {kind} input")
    return doc


def ingest(source: str | Path) -> Document:
    """Read a local file or an http(s) URL into a Document."""
    src = str(source)
    if src.startswith(("http://", "https://")):
        from .url import fetch

        data, media_type, charset = fetch(src)
        return read_bytes(data, name=src.split("?", 1)[0], url=src, media_type=media_type, charset=charset)
    path = Path(src)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise IngestError("limit", f"file is {size} bytes, over the limit of {MAX_BYTES} bytes")
        data = path.read_bytes()
    except IngestError:
        raise
    except OSError as exc:
        raise IngestError("unreadable", f"cannot read {src}: {exc.strerror or exc}") from exc
    return read_bytes(data, name=path.name, path=src)


__all__ = ["ingest", "read_bytes", "sniff", "IngestError", "Document"]
