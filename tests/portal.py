"""A small HĐND portal served from 127.0.0.1, for ``giamsat pull`` (tests/test_pull.py).

It holds what such portals publish: an RSS feed, a sitemap index with a nested sitemap, a
listing of supervision news in two numbered pages, article pages (the project's own news texts,
``corpus/docs``) attaching the project's own reports as PDF, ``.doc`` and ``.docx``, a robots.txt
forbidding ``/noi-bo/``, a page that answers 500 twice before it answers, and a page too slow to
wait for. Every request is logged (host, path, status, whether it was conditional), so a test can
prove what was asked and what was not.

The portal is named ``hdnd.portal.test`` and the server is reached as its HTTP proxy
(``http_proxy=http://127.0.0.1:PORT``): trafilatura's link filters (courlan) keep links on named
hosts only, as real portals are, and drop links to a bare IP address.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

HOST = "hdnd.portal.test"
BASE = f"http://{HOST}"
OWN = Path(__file__).resolve().parents[1] / "corpus" / "docs"

ROBOTS = "User-agent: *\nDisallow: /noi-bo/\n"
SLOW_SECONDS = 3.0  # the slow page's wait before it answers (tests time out well before)


@dataclass
class Hit:
    host: str
    path: str  # path and query
    status: int
    conditional: bool  # sent If-None-Match or If-Modified-Since
    agent: str
    run: int  # which pull it belongs to (Portal.run, set by the test)


class Portal:
    """Resources by path: bytes, content type, and whether they carry an ETag (else Last-Modified only)."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, str, bool]] = {}
        self.modified: dict[str, float] = {}
        self.hits: list[Hit] = []
        self.run = 1
        self.failures_left: dict[str, int] = {}  # path → 500s still to answer
        self.slow: set[str] = set()
        self.redirects: dict[str, str] = {}  # path → where it redirects (302)
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    def put(self, path: str, data: bytes | str, content_type: str, etag: bool = True) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        with self.lock:
            self.files[path] = (data, content_type, etag)
            # distinct whole seconds: Last-Modified has a resolution of one second
            stamp = max([time.time(), *[t + 1 for t in self.modified.values()]])
            self.modified[path] = float(int(stamp))

    def url(self, path: str) -> str:
        return BASE + path

    @property
    def proxy(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def hits_of(self, run: int) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.run == run]

    # ------------------------------------------------------------------ serving

    def start(self, port: int = 0) -> "Portal":
        portal = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # the log is Portal.hits
                pass

            def do_GET(self) -> None:  # noqa: N802 - the http.server name
                portal._answer(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        target = urlsplit(handler.path)  # a proxy's request line holds the whole URL
        host = (target.netloc or handler.headers.get("Host") or "").lower()
        path = target.path + (f"?{target.query}" if target.query else "")
        conditional = bool(handler.headers.get("If-None-Match") or handler.headers.get("If-Modified-Since"))

        logged = False

        def send(status: int, body: bytes = b"", headers: dict | None = None) -> None:
            if not logged:
                with self.lock:
                    self.hits.append(Hit(host, path, status, conditional, handler.headers.get("User-Agent", ""),
                                         self.run))
            try:
                handler.send_response(status)
                for name, value in (headers or {}).items():
                    handler.send_header(name, value)
                handler.send_header("Content-Length", str(len(body)))
                handler.end_headers()
                if body:
                    handler.wfile.write(body)
            except OSError:  # the client gave up (the slow page)
                handler.close_connection = True

        if host != HOST:
            send(502, b"unknown host")
            return
        if path == "/robots.txt":
            send(200, ROBOTS.encode(), {"Content-Type": "text/plain"})
            return
        if path in self.redirects:
            send(302, b"", {"Location": self.redirects[path]})
            return
        if path in self.slow:  # logged as asked (status 0), before the wait the client will not sit out
            with self.lock:
                self.hits.append(Hit(host, path, 0, conditional, handler.headers.get("User-Agent", ""), self.run))
            logged = True
            time.sleep(SLOW_SECONDS)
        with self.lock:
            left = self.failures_left.get(path, 0)
            if left:
                self.failures_left[path] = left - 1
        if left:
            send(500, b"Internal Server Error", {"Content-Type": "text/plain"})
            return
        found = self.files.get(path)
        if found is None:
            send(404, b"not found", {"Content-Type": "text/plain"})
            return
        data, content_type, with_etag = found
        etag = f'"{hashlib.sha256(data).hexdigest()[:16]}"'
        last_modified = formatdate(self.modified[path], usegmt=True)
        headers = {"Content-Type": content_type, "Last-Modified": last_modified}
        if with_etag:
            headers["ETag"] = etag
        asked_etag = handler.headers.get("If-None-Match")
        asked_date = handler.headers.get("If-Modified-Since")
        if (with_etag and asked_etag == etag) or (not with_etag and asked_date == last_modified):
            send(304, b"", headers)
            return
        send(200, data, headers)


# ---------------------------------------------------------------------- the portal's content

PDF = "application/pdf"
DOC = "application/msword"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html; charset=utf-8"


def _paragraphs(name: str) -> tuple[str, list[str]]:
    lines = [line.strip() for line in (OWN / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[0], lines[1:]


def article(name: str, published: str, attached: list[tuple[str, str]] = (), extra: str = "") -> str:
    """An article page of the portal: a news text of corpus/docs, its attachments linked below it."""
    from render import make_html

    title, body = _paragraphs(name)
    page = make_html(title, body + ([extra] if extra else []), published)
    if attached:
        links = "".join(f'<p><a href="{href}">{label}</a></p>' for href, label in attached)
        page = page.replace("</div></article>", f'<div class="attachments">Tệp đính kèm: {links}</div></div></article>')
    return page


def rss(items: list[tuple[str, str]]) -> str:
    entries = "".join(f"<item><title>{path}</title><link>{BASE}{path}</link><pubDate>{when}</pubDate></item>"
                      for path, when in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin hoạt động</title>'
            f"<link>{BASE}/</link>{entries}</channel></rss>")


def sitemap(paths: list[tuple[str, str | None]]) -> str:
    urls = "".join(f"<url><loc>{BASE}{p}</loc>" + (f"<lastmod>{d}</lastmod>" if d else "") + "</url>"
                   for p, d in paths)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


def sitemap_index(paths: list[str]) -> str:
    maps = "".join(f"<sitemap><loc>{BASE}{p}</loc></sitemap>" for p in paths)
    return (f'<?xml version="1.0" encoding="UTF-8"?>'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}</sitemapindex>')


def listing(articles: list[str], next_page: str | None) -> str:
    from render import make_html

    page = make_html("Tin giám sát", ["Tin hoạt động giám sát của Hội đồng nhân dân tỉnh."])
    links = "".join(f'<li><a href="{a}">{a}</a></li>' for a in articles)
    more = f'<a class="next" href="{next_page}">Trang sau</a>' if next_page else ""
    return page.replace("</div></article>", f"<ul class='news'>{links}</ul>{more}</div></article>")


def build(documents: dict[str, bytes]) -> Portal:
    """The portal, with ``documents`` (path → bytes of a PDF, .doc or .docx) as its attachments."""
    portal = Portal()
    for path, data in documents.items():
        kind = PDF if path.endswith(".pdf") else DOC if path.endswith(".doc") else DOCX
        portal.put(path, data, kind, etag=not path.endswith(".doc"))  # the .doc: Last-Modified only
    portal.put("/rss.xml", rss([
        ("/tin/giam-sat-nong-thon-moi.html", "Sun, 15 Mar 2026 08:00:00 +0700"),
        ("/tin/doan-dbqh-tiep-xuc.html", "Tue, 10 Mar 2026 08:00:00 +0700"),
        ("/noi-bo/du-thao-bao-cao.html", "Mon, 09 Mar 2026 08:00:00 +0700"),
        ("/tin/may-chu-qua-tai.html", "Sun, 08 Mar 2026 08:00:00 +0700"),
        ("/tin/hoi-nghi-cu.html", "Fri, 05 Jan 2024 08:00:00 +0700"),
    ]), "application/rss+xml")
    portal.put("/sitemap.xml", sitemap_index(["/sitemap-van-ban.xml"]), "application/xml")
    portal.put("/sitemap-van-ban.xml", sitemap([
        ("/van-ban/bao-cao-giam-sat-ha-tinh.pdf", "2026-02-20"),
        ("/tin/giam-sat-nong-thon-moi.html", "2026-03-15"),
    ]), "application/xml")
    portal.put("/tin-giam-sat", listing(["/tin-giam-sat/giam-sat-xa-lao-cai.html", "/noi-bo/danh-sach.html"],
                                        "/tin-giam-sat?page=2"), HTML)
    portal.put("/tin-giam-sat?page=2", listing(["/tin-giam-sat/trang-cham.html"], None), HTML)
    portal.put("/tin/giam-sat-nong-thon-moi.html", article(
        "tin-giam-sat-nghe-an.txt", "2026-03-15",
        [("/files/bao-cao-giam-sat-dak-lak.pdf", "Báo cáo (PDF)"), ("/files/bao-cao-hdnd-binh-duong.doc", "Báo cáo (Word)"),
         ("/noi-bo/bien-ban.pdf", "Biên bản (nội bộ)"), ("http://cdn.khac.test/tai-lieu.pdf", "Tài liệu")]), HTML)
    portal.put("/tin/doan-dbqh-tiep-xuc.html", article(
        "tin-dbqh-quang-ninh.txt", "2026-03-10", [("/files/bao-cao-doan-dbqh-thai-binh.docx", "Báo cáo (docx)")]), HTML)
    portal.put("/tin/may-chu-qua-tai.html", article("seed-hoang-hoa.txt", "2026-03-08"), HTML)
    portal.put("/tin/hoi-nghi-cu.html", article("tin-giam-sat-xa-lao-cai.txt", "2024-01-05"), HTML)
    portal.put("/tin-giam-sat/giam-sat-xa-lao-cai.html", article("tin-giam-sat-xa-lao-cai.txt", "2026-03-01"), HTML,
               etag=False)
    portal.put("/tin-giam-sat/trang-cham.html", article("tin-giam-sat-xa-lao-cai.txt", "2026-02-01"), HTML)
    portal.put("/noi-bo/du-thao-bao-cao.html", "<html><body>nội bộ</body></html>", HTML)
    portal.failures_left["/tin/may-chu-qua-tai.html"] = 2
    portal.slow.add("/tin-giam-sat/trang-cham.html")
    return portal


def documents() -> dict[str, bytes]:
    """The portal's attachments: reports of corpus/docs as PDF, .docx and .doc (LibreOffice)."""
    from render import report_doc, report_docx, report_pdf

    def text(name: str) -> str:
        return (OWN / name).read_text(encoding="utf-8")

    return {
        "/files/bao-cao-giam-sat-dak-lak.pdf": report_pdf(text("bao-cao-giam-sat-dak-lak.txt")),
        "/van-ban/bao-cao-giam-sat-ha-tinh.pdf": report_pdf(text("bao-cao-giam-sat-ha-tinh.txt")),
        "/files/bao-cao-doan-dbqh-thai-binh.docx": report_docx(text("bao-cao-doan-dbqh-thai-binh.txt")),
        "/files/bao-cao-hdnd-binh-duong.doc": report_doc(text("bao-cao-hdnd-binh-duong.txt")),
    }


if __name__ == "__main__":  # python3 tests/portal.py [PORT]: the test portal, to try giamsat pull by hand
    import sys

    served = build(documents()).start(int(sys.argv[1]) if len(sys.argv) > 1 else 8765)
    print(f"{BASE} is served as its own proxy at {served.proxy}: export http_proxy={served.proxy}; Ctrl-C stops",
          flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        served.stop()
