"""What an input is, said once: a URL or a path, and the error record of one that could not be read.

Every stage asks these: the batch runner, the cluster's client and workers, the sinks (a URL
record is matched by its URL on ``--resume``), the commands. A URL is any ``scheme://…``;
http(s) ones are fetched by giamsat's own reader (``ingest.url``), the others read through fsspec
(``storage``).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat

from .models import ErrorInfo, ErrorRecord, Source

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(source: str) -> bool:
    """Any ``scheme://…`` (http, s3, gs, file, …), as opposed to a path."""
    return bool(_URL.match(source))


def is_web(source: str) -> bool:
    """An http(s) URL: fetched by ``ingest.url``, not by fsspec."""
    return source.startswith(("http://", "https://"))


def file_sha256(source: str, cap: int | None = None) -> str | None:
    """The sha256 of a local file's bytes (the record ``id``), read in chunks; None for URLs, unreadable
    files, what is no regular file (a pipe would be read forever) and a file over ``cap`` bytes."""
    if is_url(source):
        return None
    digest = hashlib.sha256()
    try:
        info = os.stat(source)
        if not stat.S_ISREG(info.st_mode) or (cap is not None and info.st_size > cap):
            return None
        with open(source, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def error_record(source: str, kind: str, message: str, data_id: str | None = None) -> ErrorRecord:
    """The record of an input that could not be read, whoever found out (the reader, the runner,
    a worker): the source as its URL or its path, a file name that is not UTF-8 escaped
    (``ingest.source_name``), in the source and in the message, so that the record can always be
    written."""
    from .ingest import source_name

    url = is_url(source)
    name = source_name(source)
    return ErrorRecord(
        id=data_id,
        source=Source(path=None if url else name, url=name if url else None, media_type="unknown"),
        error=ErrorInfo(kind=kind, message=source_name(message)),
    )
