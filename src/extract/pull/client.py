"""The one way ``giamsat pull`` reaches a portal: a polite HTTP client.

Every request of a pull goes through ``PoliteClient.get``, discovery's included (trafilatura is
handed what was fetched here, never a URL to fetch itself), so the rules hold for all of them:

- only hosts of the sources (and those allowed with ``--allow-host``), redirects included;
- robots.txt obeyed (``urllib.robotparser``; its ``Crawl-delay`` raises the delay);
- one request at a time, and ``delay`` seconds between two requests to the same host;
- a User-Agent naming the tool; the time limit, size cap and redirect rules of ``ingest.url.fetch``,
  which does the transfer;
- conditional requests (``If-None-Match``, ``If-Modified-Since``) so that an unchanged page costs
  a 304 and no body;
- retries with exponential backoff on 5xx and 429 (``Retry-After`` honoured up to a minute).
"""

from __future__ import annotations

import time
import urllib.robotparser
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit

from ..document import IngestError
from ..ingest.url import fetch

MAX_RETRY_AFTER = 60.0  # seconds of a server's Retry-After we wait at most
RETRIED = {429, 500, 502, 503, 504}


def user_agent() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        number = version("giamsat")
    except PackageNotFoundError:  # a checkout never installed
        number = "0"
    return f"giamsat/{number} (supervision report collector; +https://pypi.org/project/giamsat/)"


def host_of(url: str) -> str:
    """The host (and port) requests are counted by: ``hdnd.thanhhoa.gov.vn``, ``127.0.0.1:8080``."""
    return urlsplit(url).netloc.rpartition("@")[2].lower()


@dataclass
class Answer:
    """What a GET brought back: a body (status 200), or ``not_modified`` (304) and no body."""

    url: str  # the final URL, after redirects
    status: int
    body: bytes = b""
    media_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class PoliteClient:
    hosts: set[str]  # hosts that may be asked (host_of form)
    delay: float = 1.0  # seconds between two requests to one host
    timeout: float = 20.0  # one request's whole exchange
    max_bytes: int | None = None
    retries: int = 3  # further tries after a 5xx
    backoff: float = 2.0  # seconds before the first retry, doubled for each next one
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0  # requests made (robots.txt included)
    agent: str = field(default_factory=user_agent)
    _last: dict[str, float] = field(default_factory=dict)  # host → when its last request ended
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _unread: dict[str, str] = field(default_factory=dict)  # host → why its robots.txt could not be read

    # ------------------------------------------------------------------ the rules

    def refusal(self, url: str) -> str | None:
        """Why ``url`` may not be requested (another host, robots.txt), or None."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return f"{url}: not an http(s) URL; not fetched"
        host = host_of(url)
        if host not in self.hosts:
            return (f"{url}: {host} is none of the sources' hosts; not fetched (--allow-host {parts.hostname} "
                    "allows it)")
        rules = self._rules(parts.scheme, host)
        if rules is not None and not rules.can_fetch(self.agent, url):
            unread = self._unread.get(host)
            if unread:
                return f"{url}: the robots.txt of {host} could not be read ({unread}), so nothing there is fetched"
            return f"{url}: the robots.txt of {host} forbids it; not fetched"
        return None

    def _rules(self, scheme: str, host: str) -> urllib.robotparser.RobotFileParser | None:
        """The host's robots.txt, fetched once a run; None where it has none (everything allowed)."""
        if host in self._robots:
            return self._robots[host]
        robots_url = f"{scheme}://{host}/robots.txt"
        self._robots[host] = None
        rules = urllib.robotparser.RobotFileParser(robots_url)
        try:
            answer = self._get(robots_url, {})
        except IngestError as exc:
            status = getattr(exc, "status", None)
            if status in (401, 403) or (status is not None and status >= 500) or status is None:
                # forbidden to read the rules, the server failing, or unreachable: nothing is fetched there
                rules.disallow_all = True
                self._unread[host] = exc.message
            else:  # 404 and the like: no rules, everything allowed
                rules.allow_all = True
        else:
            rules.parse(answer.body.decode("utf-8", "replace").splitlines())
        self._robots[host] = rules
        return rules

    def crawl_delay(self, host: str) -> float:
        rules = self._robots.get(host)
        asked = rules.crawl_delay(self.agent) if rules is not None else None
        return max(self.delay, float(asked or 0))

    # ------------------------------------------------------------------ requests

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Answer:
        """GET ``url`` within the rules; raises ``IngestError`` (with ``status`` where the server gave
        one) for a refusal, a failure after the retries, or a limit."""
        why = self.refusal(url)
        if why is not None:
            raise IngestError("fetch", why)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers)

    def _check_redirect(self, url: str) -> None:
        why = self.refusal(url)
        if why is not None:
            raise IngestError("fetch", f"redirected to {why}")

    def _get(self, url: str, headers: dict[str, str]) -> Answer:
        host = host_of(url)
        attempt = 0
        while True:
            self._wait(host)
            answer: dict = {}
            try:
                self.requests += 1
                body, media_type, charset = fetch(
                    url, timeout=self.timeout, max_bytes=self.max_bytes, headers={"User-Agent": self.agent, **headers},
                    answer=answer, check_redirect=self._check_redirect)
            except IngestError as exc:
                status = answer.get("status")
                exc.status = status  # type: ignore[attr-defined]
                if status == 304:
                    return self._answer(url, answer, 304)
                if status in RETRIED and attempt < self.retries:
                    self._last[host] = time.monotonic()
                    self.sleep(self._pause(attempt, answer))
                    attempt += 1
                    continue
                if status in RETRIED and attempt:
                    tried = IngestError(exc.kind, f"{exc.message} ({attempt + 1} tries)")
                    tried.status = status  # type: ignore[attr-defined]
                    raise tried from exc
                raise
            finally:
                self._last[host] = time.monotonic()
            result = self._answer(url, answer, answer.get("status") or 200)
            result.body, result.media_type, result.charset = body, media_type, charset
            return result

    def _pause(self, attempt: int, answer: dict) -> float:
        pause = self.backoff * (2 ** attempt)
        headers = answer.get("headers")
        after = headers.get("Retry-After") if headers is not None else None
        if after and str(after).strip().isdigit():
            pause = max(pause, min(float(after), MAX_RETRY_AFTER))
        return pause

    @staticmethod
    def _answer(url: str, answer: dict, status: int) -> Answer:
        headers = answer.get("headers")
        return Answer(url=answer.get("url") or url, status=status,
                      etag=headers.get("ETag") if headers is not None else None,
                      last_modified=headers.get("Last-Modified") if headers is not None else None)

    def _wait(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            left = self.crawl_delay(host) - (time.monotonic() - last)
            if left > 0:
                self.sleep(left)
