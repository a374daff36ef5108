"""What an input is, said once: a URL or a path, its size and id, and the error record of one that
could not be read.

Every stage asks these: the reader, the batch runner, the cluster's client and workers, the sinks (a
URL record is matched by its URL on ``--resume``), the commands. A URL is any ``scheme://…``;
http(s) ones are fetched by giamsat's own reader (``ingest.url``), the others read through fsspec
(``storage``). An ``Input`` is made once for an input and handed on: whoever needs its size (the
``--max-bytes`` rule, ``Input.over``) or its id (the sha256 of its bytes, ``Input.id``) asks it, so
both are worked out at most once and by one rule.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .models import ErrorInfo, ErrorRecord, Source

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(source: str) -> bool:
    """Any ``scheme://…`` (http, s3, gs, file, …), as opposed to a path."""
    return bool(_URL.match(source))


def is_web(source: str) -> bool:
    """An http(s) URL: fetched by ``ingest.url``, not by fsspec."""
    return source.startswith(("http://", "https://"))


def digest(data: bytes) -> str:
    """A record's ``id``: the sha256 of the input's bytes, as hex."""
    return hashlib.sha256(data).hexdigest()


def over_bytes(size: int, limit: int, what: str = "the file") -> str:
    """What an error record says of an input over ``--max-bytes``."""
    return (f"{what} is {size} bytes ({size / 1e6:.1f} MB), over --max-bytes {limit}; "
            "raise it with --max-bytes (0: no limit)")


@dataclass(frozen=True, eq=False)
class Input:
    """One input, as every stage sees it: what it is called and where its bytes are.

    ``source`` names it in its record (a path as the user gave it, or a URL). Its bytes are ``data``
    where they were read elsewhere (shipped to a cluster worker, read through fsspec), else read by the
    reader from ``path`` (a cluster worker reads the client's absolute path), else from ``source``.
    It travels to Dask workers as it is (it pickles); size and id are worked out on first use."""

    source: str
    data: bytes | None = field(default=None, repr=False)
    path: str | None = None

    def __str__(self) -> str:
        return self.source

    @classmethod
    def of(cls, source: str | Path | Input, data: bytes | None = None) -> Input:
        if isinstance(source, Input):
            return source if data is None else cls(source.source, data, source.path)
        return cls(str(source), data)

    @property
    def kind(self) -> str:
        """``web`` (an http(s) URL), ``url`` (any other scheme, read through fsspec) or ``file``."""
        return "web" if is_web(self.source) else "url" if is_url(self.source) else "file"

    @property
    def where(self) -> str:
        """Where a local file's bytes are read."""
        return self.path or self.source

    @cached_property
    def file(self) -> os.stat_result | None:
        """A local file's ``stat`` (None for a URL, bytes in hand, or a file that cannot be looked at)."""
        if self.data is not None or self.kind != "file":
            return None
        try:
            return os.stat(self.where)
        except OSError:
            return None

    @property
    def regular(self) -> bool:
        """A regular file here (a pipe or a device would be read forever; a folder is no input)."""
        return self.file is not None and stat.S_ISREG(self.file.st_mode)

    @property
    def size(self) -> int | None:
        """Its bytes: the data's length, a regular file's size; None where not known before reading."""
        if self.data is not None:
            return len(self.data)
        return self.file.st_size if self.regular else None

    def over(self, limit: int | None) -> str | None:
        """The ``--max-bytes`` rule, the one place it is said: why this input is over ``limit``, or None."""
        size = self.size
        if not limit or size is None or size <= limit:
            return None
        return over_bytes(size, limit, "the file" if self.kind == "file" else "the object")

    @cached_property
    def id(self) -> str | None:
        """The record's ``id``: the sha256 of the bytes (a local file's read in chunks, however big it
        is, so that a record over --max-bytes still has one); None where they cannot be read here."""
        if self.data is not None:
            return digest(self.data)
        if not self.regular:
            return None
        return _file_digest(self.where)

    def error(self, kind: str, message: str) -> ErrorRecord:
        """The error record of this input."""
        return error_record(self.source, kind, message, self.id)


def _file_digest(path: str) -> str | None:
    sha = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                sha.update(chunk)
    except OSError:
        return None
    return sha.hexdigest()


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
