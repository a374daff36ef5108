"""Ingest: a file path or URL → one normalised ``Document``.

``ingest(source)`` is the only entry point the pipeline uses. The kind is sniffed
from the bytes, with the file name only as a tie-breaker, and each kind has its
own module. Any defect becomes an ``IngestError`` whose ``kind`` and message end
up in an error record.
"""

from __future__ import annotations

import bisect
import io
import os
import re
import stat
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..document import Document, IngestError
from ..inputs import Input, digest, over_bytes

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
    max_seconds: float | None = None  # --max-seconds: bounds a converter's run (``office``)

    @classmethod
    def of(cls, *, max_bytes: int | None = MAX_BYTES, max_pages: int | None = MAX_PAGES,
           max_memory_mb: int | None = None, max_seconds: float | None = None) -> "ReadLimits":
        """The limits for a worker with these flags: a quarter of its memory for one expanded
        part, and a server's silence bounded by half the document's time."""
        expanded = max_memory_mb * 1024 * 1024 // 4 if max_memory_mb else MAX_EXPANDED
        timeout = min(FETCH_TIMEOUT, max(1.0, max_seconds / 2)) if max_seconds else FETCH_TIMEOUT
        return cls(max_bytes or None, max_pages or None, expanded, max_memory_mb or None, timeout, max_seconds or None)

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


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
ENCRYPTED = "application/x-encrypted-office"  # a password-protected Office file (.doc, or new Office in OLE)
OFFICE = ("application/msword", "application/rtf", ODT)  # read through LibreOffice (``office``)

# What a kind that is no document is called when it is refused or skipped.
NOT_DOCUMENTS = {
    "application/zip": "a zip archive",
    "application/vnd.ms-excel": "an old Excel workbook (.xls)",
    "application/vnd.ms-powerpoint": "an old PowerPoint file (.ppt)",
    "application/x-ole-storage": "an OLE compound file that is not a Word document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "an Excel workbook (.xlsx)",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "a PowerPoint file (.pptx)",
    "application/octet-stream": "binary data",
}
_OLE_KINDS = {"doc": "application/msword", "damaged": "application/msword", "doc-encrypted": ENCRYPTED,
              "encrypted": ENCRYPTED, "excel": "application/vnd.ms-excel",
              "powerpoint": "application/vnd.ms-powerpoint", "other": "application/x-ole-storage"}
_ZIP_KINDS = (("word/document.xml", DOCX), ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
              ("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation"))

# Markdown, for a name without a suffix: ATX headings and pipe-table delimiter rows or bold.
_MD_HEADING = re.compile(rb"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE)
_MD_DELIMITER = re.compile(rb"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*\|[ \t]*:?-{3,}", re.MULTILINE)
_MD_BOLD = re.compile(rb"\*\*[^*\n]{1,200}\*\*")
MARKDOWN_SUFFIXES = (".md", ".markdown")


def looks_like_markdown(head: bytes) -> bool:
    """Clearly Markdown: a ``#`` heading, and a pipe table's delimiter row or two ``**bold**``
    spans. Plain-text reports have neither ``#`` headings nor delimiter rows."""
    if not _MD_HEADING.search(head):
        return False
    return bool(_MD_DELIMITER.search(head)) or len(_MD_BOLD.findall(head, 0, 16384)) >= 2


def _zip_kind(head: bytes, lower_name: str, names) -> str:
    """What a zip holds: a .docx, an .odt, an .xlsx or .pptx, or a zip archive. ``names()``
    lists its parts from the central directory (at the end), asked only where the first
    parts do not tell."""
    if lower_name.endswith(".docx") or b"word/" in head[:65536]:
        return DOCX
    if head[30:38] == b"mimetype" and head[38:77] == ODT.encode():
        return ODT
    import zipfile

    try:
        found = names()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return "application/zip"
    return next((kind for part, kind in _ZIP_KINDS if part in found), "application/zip")


def by_magic(data: bytes, name: str = "", source: Path | None = None) -> str | None:
    """The media type the bytes themselves prove (PDF, zip and what it holds, OLE and what it
    holds, images, RTF), else None. With ``source``, ``data`` is only the file's first bytes, and
    the directory of a zip or OLE file is read from the file where it lies."""
    import zipfile

    from . import image, ole

    head = data[:2048].lstrip()
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if data[:4] == b"PK\x03\x04":
        if source is None:
            return _zip_kind(data, name.lower(), lambda: set(zipfile.ZipFile(io.BytesIO(data)).namelist()))

        def names() -> set[str]:
            with source.open("rb") as fh:
                return set(zipfile.ZipFile(fh).namelist())

        return _zip_kind(data, name.lower(), names)
    if data[:8] == ole.MAGIC:
        if source is None:
            found = ole.kind_of_bytes(data)
            if found == "damaged" and "EncryptedPackage".encode("utf-16-le") in data:
                found = "encrypted"
        else:
            with source.open("rb") as fh:
                def read(offset: int, n: int) -> bytes:
                    fh.seek(offset)
                    return fh.read(n)

                found = ole.kind(read, os.fstat(fh.fileno()).st_size)
        return _OLE_KINDS[found]
    found = image.image_type(data[:32])
    if found:
        return found
    if head.startswith(b"{\\rtf"):
        return "application/rtf"
    return None


def sniff(data: bytes, name: str = "") -> str:
    """The media type of ``data``: by magic bytes first, then by the name's extension."""
    found = by_magic(data, name)
    if found:
        return found
    head = data[:2048].lstrip()
    lower_name = name.lower()
    low = head[:512].lower()
    if lower_name.endswith((".html", ".htm")) or low.startswith((b"<!doctype html", b"<html")):
        return "text/html"
    if lower_name.endswith(MARKDOWN_SUFFIXES):
        return "text/markdown"
    if b"<html" in low:
        return "text/html"
    if lower_name.endswith(".pdf"):
        return "application/pdf"  # a .pdf without the magic: the PDF reader will say it is corrupt
    if lower_name.endswith(".docx"):
        return DOCX
    if not Path(lower_name.rsplit("/", 1)[-1]).suffix and looks_like_markdown(data[:16384]):
        return "text/markdown"
    return "text/plain"


_MEDIA_ALIASES = {"text/x-markdown": "text/markdown", "application/x-rtf": "application/rtf", "text/rtf":
                  "application/rtf"}
_HTML_TAG = re.compile(rb"<(?:!doctype\s+html|html|head|body|title|meta|link|div|p|br|hr|table|tr|td|span|a|img|"
                       rb"h[1-6]|ul|ol|li|script|style|article|section|header|footer|nav|main|form|b|i|strong|em)"
                       rb"(?=[\s>/])", re.IGNORECASE)


def looks_like_html(data: bytes) -> bool:
    """Markup in the first 64 KB: a doctype or one of the common HTML tags (plain-text reports hold none)."""
    return _HTML_TAG.search(data, 0, 65536) is not None


def declared_kind(data: bytes, name: str, media_type: str | None) -> str:
    """The kind of bytes without magic (``by_magic`` found none) that a server declared as ``media_type``:
    the bytes are trusted over the header. A PDF, Word file or image without its magic bytes is not one
    (an error page sent as ``application/pdf``); "HTML" without a tag is text, and text that opens as a
    web page is one."""
    found = sniff(data, name)
    declared = _MEDIA_ALIASES.get(media_type, media_type) if media_type else None
    if declared is None or declared in ("application/pdf", DOCX, *OFFICE) or declared.startswith("image/"):
        return found  # the magic bytes that would prove the declared kind are not there
    if declared == "text/html" and not looks_like_html(data):
        return "text/plain"
    if declared == "text/plain" and found == "text/html" and looks_like_html(data):
        return "text/html"
    return declared


def source_name(source: str) -> str:
    """A path (or URL) as a record can hold it: the bytes of a file name that are not UTF-8, which
    Python holds as lone surrogates (``b'0-\\xc2\\xe1.txt'`` is ``'0-\\udcc2\\udce1.txt'``), written as
    ``\\xNN`` escapes; any other name is returned as it is."""
    try:
        source.encode("utf-8")
        return source
    except UnicodeEncodeError:
        try:
            return os.fsencode(source).decode("utf-8", "backslashreplace")
        except UnicodeError:
            return source.encode("utf-8", "backslashreplace").decode("utf-8")


def read_bytes(data: bytes, *, name: str = "", path: str | None = None, url: str | None = None,
               media_type: str | None = None, charset: str | None = None) -> Document:
    """Turn bytes of any supported kind into a Document (metadata filled in)."""
    if not data.strip():
        raise IngestError("empty", "the input is empty (no bytes, or only whitespace)")
    # Magic bytes are certain where a server's Content-Type often is not (PDFs sent as text/html).
    magic = by_magic(data, name)
    kind = magic or declared_kind(data, name, media_type)
    if kind == "application/pdf":
        from .pdf import read_pdf

        doc = read_pdf(data)
    elif kind.startswith("application/vnd.openxmlformats-officedocument.wordprocessingml"):
        from .docx import read_docx

        doc = read_docx(data)
    elif kind in OFFICE:
        from .office import read_office

        doc = read_office(data, kind)
    elif kind.startswith("image/") and magic:
        from .image import read_image

        doc = read_image(data, kind)
    elif kind == "text/html":
        from .html import read_html

        doc = read_html(data, charset=charset, url=url)
    elif kind == "text/markdown":
        from .markdown import read_markdown

        doc = read_markdown(data)
    elif kind == "text/plain":
        from .text import read_text

        doc = read_text(data)
    elif kind == ENCRYPTED:
        raise IngestError("encrypted", "the Office file is password-protected; save an unprotected copy")
    elif kind in NOT_DOCUMENTS and kind != "application/octet-stream":
        raise IngestError("unsupported", f"{NOT_DOCUMENTS[kind]}, not a document giamsat reads; save the document "
                                         "in it as PDF or .docx")
    else:
        raise IngestError("unsupported", f"unsupported kind of input: {kind}")
    doc.media_type = kind
    doc.sha256 = digest(data)
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


# ------------------------------------------------------------------ choosing files in a folder

HEAD_BYTES = 16384  # what is read of each file of a folder to tell its kind
# A file named as a document is always taken: if it is damaged or not what its name says,
# its error record tells the user so. Other files are taken by content.
DOCUMENT_SUFFIXES = frozenset(
    ".txt .text .htm .html .xhtml .pdf .docx .doc .dot .rtf .odt .md .markdown .png .jpg .jpeg .tif .tiff .bmp .gif "
    ".webp".split())
# Files a text reader would take but that are data or code, not documents: text with one
# of these suffixes is skipped in a folder (a file given by name is always read).
DATA_SUFFIXES = frozenset(
    ".json .jsonl .ndjson .csv .tsv .xml .yaml .yml .toml .ini .cfg .conf .log .py .js .ts .css .sh .bat .ps1 .sql "
    ".c .h .java .go .rs .rb .php .tex .bib .srt .vtt .svg .xsl .xslt .rss .atom .lock .pem .key .crt".split())
_LEFTOVERS = {".ds_store": "a macOS folder index", "thumbs.db": "a Windows thumbnail cache",
              "ehthumbs.db": "a Windows thumbnail cache", "desktop.ini": "a Windows folder setting"}


def _leftover(name: str) -> str | None:
    """Why a file name is an editor's or a system's leftover, or None."""
    lower = name.lower()
    if lower in _LEFTOVERS:
        return _LEFTOVERS[lower]
    if name.startswith("~$"):
        return "an Office lock file of an open document"
    if name.startswith(".~lock.") or (name.startswith("#") and name.endswith("#")) or name.endswith("~"):
        return "an editor's lock or backup file"
    if name.startswith("."):
        return "a hidden file"
    return None


def _looks_like_text(head: bytes) -> bool:
    """Text in some encoding: a UTF-16 byte-order mark or pattern, or bytes with next to no
    control characters (TCVN3/VNI/Windows-1258 text is single bytes, many of them high)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = head[:4096]
    if b"\x00" in sample:
        even, odd = sample[0::2], sample[1::2]
        return (odd.count(0) > 0.3 * len(odd) and even.count(0) == 0) or (even.count(0) > 0.3 * len(even)
                                                                           and odd.count(0) == 0)
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27)) + sample.count(127)
    return control <= 0.01 * len(sample)


def skip_reason(path: Path) -> str | None:
    """Why a file met in a folder is no input giamsat reads, or None to read it.

    A file named as a document (``DOCUMENT_SUFFIXES``) is read, whatever it holds; any other is
    told by content, from its first ``HEAD_BYTES``: a file without a suffix, or with another one,
    is read when it holds a document (Word, PDF, an image, Markdown, text), and skipped when it
    holds something else (a zip archive, a workbook, binary data) or text in a data or code
    file (``DATA_SUFFIXES``). Hidden files and editors' and systems' leftovers are skipped."""
    leftover = _leftover(path.name)
    if leftover:
        return leftover
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        return None
    try:
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
        if not head.strip():
            return None  # an empty file: its error record says so
        kind = by_magic(head, path.name, source=path) or sniff(head, path.name)
    except OSError:
        return None  # unreadable: its error record says why
    if kind in NOT_DOCUMENTS:
        return f"not a document giamsat reads ({NOT_DOCUMENTS[kind]})"
    if kind in ("text/plain", "text/markdown", "text/html"):
        if not _looks_like_text(head):
            return "not a document giamsat reads (binary data of no kind it knows)"
        suffix = path.suffix.lower()
        if suffix in DATA_SUFFIXES:
            return f"not a document giamsat reads (text, but a {suffix} file is data or code)"
    return None


def ingest(source: str | Path | Input) -> Document:
    """Read a local file or an http(s) URL into a Document (an ``Input``'s bytes, where it has them).

    The record names the input by its ``source``; a local file is read from ``Input.where`` (a
    cluster worker reads the client's absolute path), at most ``--max-bytes`` of it (``Input.over``)."""
    item = Input.of(source)
    src = item.source
    cap = limits().max_bytes
    if item.data is not None:  # bytes read elsewhere are held to --max-bytes too
        if why := item.over(cap):
            raise IngestError("limit", why)
        if item.kind == "file":
            return read_bytes(item.data, name=Path(src).name, path=src)
        return read_bytes(item.data, name=src.split("?", 1)[0].rsplit("/", 1)[-1], url=src)
    if item.kind == "web":
        from .url import fetch

        data, media_type, charset = fetch(src)
        return read_bytes(data, name=src.split("?", 1)[0], url=src, media_type=media_type, charset=charset)
    try:
        info = item.file or os.stat(item.where)  # os.stat raises the reason it cannot be looked at
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device would be read forever
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a pipe, socket or device)"
            raise IngestError("unreadable", f"cannot read {src}: {kind}")
        if why := item.over(cap):
            raise IngestError("limit", why)
        with Path(item.where).open("rb") as fh:  # at most the cap, even if the file grows meanwhile
            data = fh.read(cap + 1) if cap else fh.read()
        if cap and len(data) > cap:
            raise IngestError("limit", over_bytes(len(data), cap, "the file (still growing)"))
    except IngestError:
        raise
    except OSError as exc:
        raise IngestError("unreadable", f"cannot read {src}: {exc.strerror or exc}") from exc
    return read_bytes(data, name=Path(src).name, path=src)


__all__ = ["ingest", "read_bytes", "sniff", "skip_reason", "by_magic", "IngestError", "Document", "ReadLimits", "limits", "reading",
           "MAX_BYTES", "MAX_PAGES", "over_bytes", "source_name", "declared_kind", "looks_like_html"]
