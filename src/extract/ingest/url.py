"""Fetch an http(s) URL with limits: a timeout, a size cap and a bounded number of redirects.

A batch over thousands of URLs must not hang on one slow server nor fill the disk with
one huge file, so every limit ends in an ``IngestError`` the error record can report.
"""

from __future__ import annotations

import gzip
import socket
import time
import urllib.error
import urllib.request
import zlib
from urllib.parse import urlsplit

from ..document import IngestError

MAX_REDIRECTS = 5
CHUNK = 64 * 1024
USER_AGENT = "giamsat/0.1 (supervision report extractor; +https://pypi.org/project/giamsat/)"

# Media types the readers understand; anything else is left to sniffing from the bytes.
_KNOWN = {
    "text/html": "text/html",
    "application/xhtml+xml": "text/html",
    "text/plain": "text/plain",
    "application/pdf": "application/pdf",
    "application/x-pdf": "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows at most ``max_redirections`` redirects, and only to http(s)."""

    def __init__(self, limit: int):
        super().__init__()
        self.max_redirections = limit
        self.max_repeats = min(self.max_repeats, limit)

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[override]
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise IngestError("fetch", f"redirected to a non-web address ({newurl}); not followed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _over(url: str, size: str, max_bytes: int) -> str:
    return f"{url} {size}, over --max-bytes {max_bytes}; raise it with --max-bytes (0: no limit)"


def _decompress(data: bytes, encoding: str, max_bytes: int | None) -> bytes:
    """Undo a Content-Encoding the server applied though we asked for none, within the cap."""
    if encoding in ("gzip", "x-gzip"):
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        d = zlib.decompressobj()
    else:
        return data
    try:
        out = d.decompress(data, max_bytes + 1) if max_bytes else d.decompress(data)
    except (zlib.error, gzip.BadGzipFile) as exc:
        raise IngestError("fetch", f"the server sent damaged {encoding} data: {exc}") from exc
    if max_bytes and len(out) > max_bytes:
        raise IngestError("limit", _over("the response", f"expands to more than {max_bytes} bytes ({encoding})",
                                         max_bytes))
    return out


def fetch(url: str, *, timeout: float | None = None, max_bytes: int | None = -1,
          max_redirects: int = MAX_REDIRECTS) -> tuple[bytes, str | None, str | None]:
    """(body, media type or None, charset or None) of an http(s) URL.

    ``timeout`` bounds each network wait and the whole download, ``max_bytes`` the body (None:
    no limit); both default to the limits in force (``ingest.limits()``: ``--max-bytes``, and
    half of ``--max-seconds`` up to 20 s). The charset comes from the Content-Type header (a
    page's ``<meta charset>`` is for ``read_html``).
    """
    from . import limits

    timeout = limits().fetch_timeout if timeout is None else timeout
    max_bytes = limits().max_bytes if max_bytes == -1 else max_bytes
    if urlsplit(url).scheme not in ("http", "https"):
        raise IngestError("fetch", f"not an http(s) URL: {url}")
    opener = urllib.request.build_opener(_Redirects(max_redirects))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity",
                                                   "Accept": "text/html,application/pdf,*/*;q=0.8"})
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            length = (response.headers.get("Content-Length") or "").strip()
            if max_bytes and length.isdigit() and int(length) > max_bytes:
                raise IngestError("limit", _over(url, f"is {int(length)} bytes (its Content-Length)", max_bytes))
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() > deadline:
                    raise IngestError("fetch", f"downloading {url} took longer than {timeout:g} s; gave up")
                chunk = response.read1(CHUNK)  # what has arrived: a server dripping bytes cannot outlast the deadline
                if not chunk:
                    break
                size += len(chunk)
                if max_bytes and size > max_bytes:
                    raise IngestError("limit", _over(url, f"sends more than {max_bytes} bytes (stopped reading there)",
                                                     max_bytes))
                chunks.append(chunk)
            body = b"".join(chunks)
            headers = response.headers
            content_type = headers.get_content_type() if headers.get("Content-Type") else None
            charset = headers.get_content_charset()
            # a gzip bomb is bounded even with no byte limit: by what one compressed part may expand to
            body = _decompress(body, (headers.get("Content-Encoding") or "").strip().lower(),
                               max_bytes or limits().max_expanded)
    except IngestError:
        raise
    except urllib.error.HTTPError as exc:
        if exc.code in (301, 302, 303, 307, 308):
            raise IngestError("fetch", f"{url}: more than {max_redirects} redirects; gave up") from exc
        raise IngestError("fetch", f"{url}: the server answered HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise IngestError("fetch", f"{url}: no answer within {timeout:g} s (timed out)") from exc
        raise IngestError("fetch", f"{url}: cannot connect ({reason})") from exc
    except (socket.timeout, TimeoutError) as exc:
        raise IngestError("fetch", f"{url}: no answer within {timeout:g} s (timed out)") from exc
    except (OSError, ValueError) as exc:  # connection reset, bad status line, invalid URL
        raise IngestError("fetch", f"{url}: download failed ({type(exc).__name__}: {exc})") from exc
    return body, _KNOWN.get(content_type or ""), charset
