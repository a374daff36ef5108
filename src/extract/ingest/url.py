"""Fetch an http(s) URL with limits: a timeout, a size cap and a bounded number of redirects.

A batch over thousands of URLs must not hang on one slow server nor fill the disk with
one huge file, so every limit ends in an ``IngestError`` the error record can report.
"""

from __future__ import annotations

import gzip
import http.client
import socket
import threading
import urllib.error
import urllib.request
import zlib
from typing import Callable, Mapping
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

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


def wire_url(url: str) -> str:
    """The URL as it goes on the wire: letters beyond ASCII in the path and query
    (``…/báo-cáo/tỉnh.html?q=giám+sát``) and spaces percent-encoded as UTF-8, a host name beyond
    ASCII in IDNA (``xn--…``); what is already percent-encoded stays as it is, the fragment is dropped."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if not netloc.isascii():
        userinfo, at, hostport = netloc.rpartition("@")
        host, colon, port = hostport.rpartition(":") if hostport.rsplit(":", 1)[-1].isdigit() else (hostport, "", "")
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise IngestError("fetch", f"{url}: the host name {host!r} cannot be written in IDNA ({exc})") from exc
        netloc = quote(userinfo, safe=_SAFE) + at + host + colon + port
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=_SAFE), quote(parts.query, safe=_SAFE + "?"), ""))


_SAFE = "/%:@!$&'()*+,;=~"  # quote() keeps letters, digits and _.-~ too


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows at most ``max_redirections`` redirects, and only to http(s)."""

    def __init__(self, limit: int, check: Callable[[str], None] | None = None):
        super().__init__()
        self.max_redirections = limit
        self.max_repeats = min(self.max_repeats, limit)
        self.check = check

    def http_error_302(self, req, fp, code, msg, headers):  # type: ignore[override]
        target = headers.get("Location") or headers.get("URI")
        if target and urlsplit(urljoin(req.full_url, target)).scheme not in ("http", "https"):
            # urllib refuses it too, but as an HTTPError 30x that reads like one redirect too many
            raise IngestError("fetch", f"{req.full_url} redirected to a non-web address ({target}); not followed")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[override]
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise IngestError("fetch", f"redirected to a non-web address ({newurl}); not followed")
        if self.check is not None:  # the caller's own rules (robots.txt, hosts allowed) before the request is made
            self.check(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Deadline:
    """The whole exchange's time limit: when it passes, every socket of the fetch is shut, which ends
    a read that would wait for ever (headers dripped a byte at a time, ``100 Continue`` without end,
    a TLS handshake that never finishes). Each socket's own timeout still bounds one silent wait."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def __enter__(self) -> "_Deadline":
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _watched(base: type, deadline: _Deadline) -> type:
    """``base`` (an HTTP(S)Connection class) whose sockets ``deadline`` can shut."""

    class Connection(base):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            create = self._create_connection

            def connect(*a, **k):
                sock = create(*a, **k)
                deadline.watch(sock)
                return sock

            self._create_connection = connect

    return Connection


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline):
        super().__init__()
        self.deadline = deadline

    def http_open(self, req):
        return self.do_open(_watched(http.client.HTTPConnection, self.deadline), req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline):
        super().__init__()
        self.deadline = deadline

    def https_open(self, req):
        return self.do_open(_watched(http.client.HTTPSConnection, self.deadline), req, context=self._context)


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


def _body(response, url: str, max_bytes: int | None, deadline: "_Deadline", late: str) -> bytes:
    """The whole body as sent, within ``max_bytes`` and the deadline; one shorter than its
    Content-Length (the connection dropped) is a fetch error, not half a document."""
    length = (response.headers.get("Content-Length") or "").strip()
    if max_bytes and length.isdigit() and int(length) > max_bytes:
        raise IngestError("limit", _over(url, f"is {int(length)} bytes (its Content-Length)", max_bytes))
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read1(CHUNK)  # what has arrived: a server dripping bytes cannot outlast the deadline
        if deadline.expired:
            raise IngestError("fetch", late)
        if not chunk:
            break
        size += len(chunk)
        if max_bytes and size > max_bytes:
            raise IngestError("limit", _over(url, f"sends more than {max_bytes} bytes (stopped reading there)", max_bytes))
        chunks.append(chunk)
    if length.isdigit() and size < int(length):
        raise IngestError("fetch", f"{url}: the server sent {size} of the {int(length)} bytes it announced "
                                   "(Content-Length), then stopped; a truncated download is not read")
    return b"".join(chunks)


def fetch(url: str, *, timeout: float | None = None, max_bytes: int | None = -1,
          max_redirects: int = MAX_REDIRECTS, headers: Mapping[str, str] | None = None,
          answer: dict | None = None, check_redirect: Callable[[str], None] | None = None,
          ) -> tuple[bytes, str | None, str | None]:
    """(body, media type or None, charset or None) of an http(s) URL.

    ``timeout`` bounds each network wait and the whole exchange, headers included, ``max_bytes``
    the body (None: no limit); both default to the limits in force (``ingest.limits()``:
    ``--max-bytes``, and half of ``--max-seconds`` up to 20 s). A body shorter than its
    Content-Length (the connection dropped) is a fetch error, not half a document. The charset
    comes from the Content-Type header (a page's ``<meta charset>`` is for ``read_html``).

    For a crawler (``giamsat pull``): ``headers`` are sent besides (or instead of) the defaults
    (``If-None-Match``, its own User-Agent); ``answer``, where given, is filled with the ``status``,
    final ``url`` and ``headers`` of the answer, also when an HTTP error status is raised as an
    ``IngestError`` (a 304 Not Modified, a 5xx to retry); ``check_redirect(url)`` is called before
    each redirect is followed and may refuse it by raising ``IngestError``.
    """
    from . import limits

    timeout = limits().fetch_timeout if timeout is None else timeout
    max_bytes = limits().max_bytes if max_bytes == -1 else max_bytes
    if urlsplit(url).scheme not in ("http", "https"):
        raise IngestError("fetch", f"not an http(s) URL: {url}")
    deadline = _Deadline(timeout)
    opener = urllib.request.build_opener(_Redirects(max_redirects, check_redirect), _HTTP(deadline), _HTTPS(deadline))
    request = urllib.request.Request(wire_url(url), headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity",
                                                             "Accept": "text/html,application/pdf,*/*;q=0.8",
                                                             **(headers or {})})
    late = f"{url}: the server took longer than {timeout:g} s to send its answer (timed out); gave up"
    try:
        with deadline, opener.open(request, timeout=timeout) as response:
            body = _body(response, url, max_bytes, deadline, late)
            got = response.headers
            content_type = got.get_content_type() if got.get("Content-Type") else None
            charset = got.get_content_charset()
            # a gzip bomb is bounded even with no byte limit: by what one compressed part may expand to
            body = _decompress(body, (got.get("Content-Encoding") or "").strip().lower(),
                               max_bytes or limits().max_expanded)
            if answer is not None:
                answer.update(status=response.status, url=response.geturl(), headers=got)
    except IngestError:
        raise
    except urllib.error.HTTPError as exc:
        if answer is not None:
            answer.update(status=exc.code, url=exc.geturl() or url, headers=exc.headers)
        if exc.code in (301, 302, 303, 307, 308):
            raise IngestError("fetch", f"{url}: more than {max_redirects} redirects; gave up") from exc
        raise IngestError("fetch", f"{url}: the server answered HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise IngestError("fetch", f"{url}: no answer within {timeout:g} s (timed out)") from exc
        if deadline.expired:
            raise IngestError("fetch", late) from exc
        raise IngestError("fetch", f"{url}: cannot connect ({reason})") from exc
    except (socket.timeout, TimeoutError) as exc:
        raise IngestError("fetch", f"{url}: no answer within {timeout:g} s (timed out)") from exc
    except http.client.IncompleteRead as exc:
        raise IngestError("fetch", f"{url}: the server stopped in the middle of its answer; a truncated download is "
                                   "not read") from exc
    except (OSError, ValueError, http.client.HTTPException) as exc:  # reset, bad status line, invalid URL
        if deadline.expired:
            raise IngestError("fetch", late) from exc
        raise IngestError("fetch", f"{url}: download failed ({type(exc).__name__}: {exc})") from exc
    return body, _KNOWN.get(content_type or ""), charset
