"""What an input is, said once: a URL or a path, and the error record of one that could not be read.

Every stage asks these: the batch runner, the cluster's client and workers, the sinks (a URL
record is matched by its URL on ``--resume``), the commands. A URL is any ``scheme://…``;
http(s) ones are fetched by giamsat's own reader (``ingest.url``), the others read through fsspec
(``storage``).
"""

from __future__ import annotations

import re

from .models import ErrorInfo, ErrorRecord, Source

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(source: str) -> bool:
    """Any ``scheme://…`` (http, s3, gs, file, …), as opposed to a path."""
    return bool(_URL.match(source))


def is_web(source: str) -> bool:
    """An http(s) URL: fetched by ``ingest.url``, not by fsspec."""
    return source.startswith(("http://", "https://"))


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
