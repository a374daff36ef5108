"""Finding documents in what a portal serves: feeds, sitemaps, listing pages, attached files.

The parsing is trafilatura's (``feeds``, ``sitemaps``, ``spider``), given text the polite client
already fetched: none of its functions that download is called here. What trafilatura leaves out
is added: the dates of feed items and sitemap entries (for ``--since``), a portal's own ways of
numbering listing pages (``?page=2``, ``/trang-2``), and the PDF/Word files a page attaches
(trafilatura's link filter drops them on purpose, being after web pages).

trafilatura (through courlan) takes links on named hosts only: a portal at a bare IP address
yields no links from a feed, a sitemap or a listing page.
"""

from __future__ import annotations

import re
import urllib.robotparser
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree, html as lxml_html

ATTACHMENT = re.compile(r"\.(?:pdf|docx?|rtf|odt)(?:$|[?#&;])", re.IGNORECASE)
# listing pages numbered as Vietnamese portals number them, besides trafilatura's /page/2/ and ?p=2
PAGE_NUMBER = re.compile(r"[?&](?:page|trang|p|pageindex|pagenumber)=\d+|/(?:trang|page|p)[-/]?\d+(?:\.html?)?/?$",
                         re.IGNORECASE)
SITEMAP_ROOT = re.compile(r"<(?:[\w.-]+:)?(?:urlset|sitemapindex)\b")


@dataclass
class Link:
    url: str
    date: date | None = None  # what the feed or sitemap says of it (published, updated, lastmod)


def text_of(body: bytes, charset: str | None) -> str:
    """Bytes as text for the parsers: the declared charset, else UTF-8 (a BOM honoured), bad bytes replaced."""
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", "replace")
    try:
        return body.decode(charset or "utf-8", "replace")
    except LookupError:
        return body.decode("utf-8", "replace")


def kind_of(text: str) -> str:
    """``sitemap``, ``feed`` or ``page``: what a source holds, by its content."""
    from trafilatura import feeds

    head = text.lstrip()[:2000]
    if SITEMAP_ROOT.search(head) and "<html" not in head[:200].lower():
        return "sitemap"
    if feeds.is_potential_feed(text.lstrip()) or (head.startswith("{") and '"items"' in text):
        return "feed"
    return "page"


def parse_date(value: str | None) -> date | None:
    """A feed's or sitemap's date: RFC 822 (``Mon, 06 Apr 2026 08:00:00 +0700``) or ISO 8601."""
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def _key(url: str) -> str:
    from courlan import clean_url

    return clean_url(url) or url


def _is_site_root(url: str) -> bool:
    return urlsplit(url).path in ("", "/")


def _xml(text: str):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        return etree.fromstring(text.strip().encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        return None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def feed_links(text: str, url: str) -> list[Link]:
    """The items of an RSS, Atom or JSON feed (trafilatura.feeds), with their dates where given."""
    from courlan import get_hostinfo
    from trafilatura import feeds

    domain, base = get_hostinfo(url)
    if domain is None:
        return []
    found = feeds.extract_links(text, feeds.FeedParameters(base, domain, url))
    dates: dict[str, date] = {}
    files: list[str] = []  # items that are a PDF or Word file themselves: trafilatura's filter drops them
    root = _xml(text) if not text.lstrip().startswith("{") else None
    if root is not None:
        for item in root.iter():
            if _local(item.tag) not in ("item", "entry"):
                continue
            link, when = None, None
            for child in item:
                name = _local(child.tag)
                if name == "link" and link is None:
                    link = child.get("href") or (child.text or "").strip() or None
                elif name in ("pubdate", "published", "updated", "date", "modified") and when is None:
                    when = parse_date(child.text)
            if link and ATTACHMENT.search(link):
                files.append(urljoin(url, link))
            if link and when:
                dates[_key(urljoin(url, link))] = when
    links = list(dict.fromkeys([u for u in found if not _is_site_root(u)] + files))
    return [Link(u, dates.get(_key(u))) for u in links]


def sitemap_links(text: str, url: str) -> tuple[list[Link], list[str]]:
    """(pages with their lastmod, further sitemaps) of a sitemap or sitemap index (trafilatura.sitemaps)."""
    from courlan import get_hostinfo
    from trafilatura import sitemaps

    domain, base = get_hostinfo(url)
    if domain is None:
        return [], []
    sitemap = sitemaps.SitemapObject(base, domain, [])
    sitemap.current_url, sitemap.content = url, text
    sitemap.process()
    dates: dict[str, date] = {}
    root = _xml(text)
    if root is not None:
        for entry in root.iter():
            if _local(entry.tag) not in ("url", "sitemap"):
                continue
            loc = next((c.text.strip() for c in entry if _local(c.tag) == "loc" and c.text), None)
            when = next((parse_date(c.text) for c in entry if _local(c.tag) == "lastmod"), None)
            if loc and when:
                dates[_key(urljoin(url, loc))] = when
    pages = [Link(u, dates.get(_key(u))) for u in dict.fromkeys(sitemap.urls)]
    return pages, list(dict.fromkeys(sitemap.sitemap_urls))


def listing_links(text: str, url: str, pattern: re.Pattern | None = None) -> tuple[list[str], list[str]]:
    """(article links, further listing pages) of a listing page, as trafilatura.spider finds a page's
    links: on the page's host and under its section, navigation first. With ``pattern``, the articles
    are the links it matches; without, every link that is not navigation. robots.txt is left to the
    client, which refuses a forbidden link (and says so in its error record)."""
    from courlan import UrlStore
    from trafilatura import spider

    allow_all = urllib.robotparser.RobotFileParser()
    allow_all.allow_all = True
    params = spider.CrawlParameters(url, rules=allow_all)  # rules given: spider fetches no robots.txt itself
    # process_links files what it finds in the module's URL_STORE: a store of its own for each page
    store, saved = UrlStore(compressed=False, strict=False), spider.URL_STORE
    spider.URL_STORE = store
    try:
        spider.process_links(text, params, url)
    finally:
        spider.URL_STORE = saved
    found = [u for u in store.find_unvisited_urls(params.base) if u != url]
    pages = [u for u in found if PAGE_NUMBER.search(u) or spider.is_navigation_page(u)]
    if pattern is not None:
        articles = [u for u in found if pattern.search(u) and u not in pages]
    else:
        articles = [u for u in found if u not in pages]
    if pattern is not None:  # a listing page's navigation links to other sections: only its own numbered pages
        pages = [u for u in pages if PAGE_NUMBER.search(u)]
    return articles, pages


def attachments(text: str, url: str) -> list[str]:
    """The PDF and Word files a page links (``<a href>``, ``<embed>``, ``<iframe>``, ``<object>``), absolute."""
    try:
        tree = lxml_html.fromstring(text)
    except (etree.ParserError, ValueError):
        return []
    base = next(iter(tree.xpath("//base/@href")), None)
    base = urljoin(url, base) if base else url
    found: list[str] = []
    for element in tree.iter("a", "embed", "iframe", "object", "source"):
        target = element.get("href") or element.get("src") or element.get("data")
        if not target or not target.strip():
            continue
        link = urljoin(base, target.strip()).split("#", 1)[0]
        if ATTACHMENT.search(urlsplit(link).path + ("?" + urlsplit(link).query if urlsplit(link).query else "")):
            found.append(link)
    return list(dict.fromkeys(found))


def page_date(text: str) -> date | None:
    """The date a web page shows for itself (trafilatura's metadata, htmldate), for ``--since``."""
    from trafilatura import extract_metadata

    try:
        meta = extract_metadata(text)
    except Exception:  # noqa: BLE001 - a page whose metadata cannot be read just has no date
        return None
    return parse_date(meta.date) if meta is not None and meta.date else None
