"""Reading the inputs fsspec reaches (``s3://``, ``gs://``, ``file://``…).

http(s) URLs are fetched by giamsat's own reader (``ingest.url``: its timeouts, size cap and
content types). Any other ``scheme://`` goes through fsspec, whose matching package must be
installed where the document is read (on each Dask worker for ``--engine dask``): ``s3fs``
for ``s3://``, ``gcsfs`` for ``gs://``; fsspec itself reads ``file://``. A missing package is
the input's error record, naming the package, not a failed run.
"""

from __future__ import annotations


class StorageError(Exception):
    """An fsspec URL that cannot be read: ``kind`` and message for its error record."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind, self.message = kind, message


def read_url(url: str, cap: int | None) -> bytes:
    """The bytes behind an fsspec URL; one over ``cap`` is read only as far as the cap, and refused."""
    scheme = url.split("://", 1)[0].lower()
    try:
        import fsspec
    except ImportError as exc:
        raise StorageError("unsupported", f"reading {scheme}:// URLs needs the fsspec package where the document "
                                          "is read (on the Dask workers): pip install fsspec") from exc
    try:
        fsspec.get_filesystem_class(scheme)
    except ImportError as exc:  # fsspec knows the scheme, its package is absent: "Install s3fs to access S3"
        raise StorageError("unsupported", f"reading {scheme}:// URLs needs another package where the document is "
                                          f"read (on the Dask workers): {exc}") from exc
    except ValueError as exc:
        raise StorageError("unsupported", f"no fsspec filesystem reads {scheme}:// URLs ({exc})") from exc
    try:
        with fsspec.open(url, "rb") as fh:
            data = fh.read(cap + 1) if cap else fh.read()
    except FileNotFoundError as exc:
        raise StorageError("fetch", f"cannot read {url}: no such file or object") from exc
    except IsADirectoryError as exc:
        raise StorageError("fetch", f"cannot read {url}: a folder") from exc
    except Exception as exc:  # noqa: BLE001 - credentials, network, a bucket gone: that input's error record
        first = (str(exc).strip().splitlines() or [""])[0]
        raise StorageError("fetch", f"cannot read {url}: {type(exc).__name__}: {first}") from exc
    if cap and len(data) > cap:  # its size is not known: read only as far as the limit
        raise StorageError("limit", f"the object is over --max-bytes {cap}; raise it with --max-bytes (0: no limit)")
    return data


def list_folder_url(url: str) -> list[str] | None:
    """The objects under an fsspec folder URL (one ending in ``/``: ``s3://bucket/reports/``), as URLs,
    sorted, hidden names (``.…``) left out; None where it cannot be listed here or holds nothing (no
    fsspec, not its package, no such folder: the URL is then read as one input, and its error record
    says what is wrong)."""
    try:
        import fsspec

        fs, path = fsspec.core.url_to_fs(url)
        found = fs.find(path)
    except (ImportError, ValueError, OSError):
        return None
    if not found:  # nothing there (or no such folder): the URL itself, whose error record says so
        return None
    return [fs.unstrip_protocol(name) for name in sorted(found)
            if not any(part.startswith(".") for part in name[len(path.rstrip("/")):].split("/"))]
