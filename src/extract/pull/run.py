"""One pull: sources → the URLs they list → what is new or changed → records.

Two phases. First the polite client walks the sources one request at a time: a feed's items, a
sitemap's pages (and nested sitemaps), a listing page's articles (and its further numbered
pages), and every PDF/Word file an article page attaches; each URL is asked with the ETag and
Last-Modified it last had, so an unchanged one answers 304, and one whose bytes hash as before is
unchanged too. What is new or changed is saved to a temporary folder. Then ``run_batch`` reads
those files exactly as ``extract`` does (worker processes, limits, progress bar), and each record
is given back its URL (and, for an attachment, the page that linked it) before it is written.

Every URL ends as a record, an error record (refused by robots.txt or the hosts allowed, failed
after the retries, over a limit, unreadable), or unchanged (nothing written). A URL that fails as
it failed last time is unchanged too. A changed document replaces its record: in the database the
row of its former bytes goes (unless another URL still serves them), in a JSONL output the former
record of that URL is dropped when the run ends (``compact_jsonl``).
"""

from __future__ import annotations

import json
import os
import re
import signal
import tempfile
import threading
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..batch import Limits, Reporter, Result, RunOptions, Summary, error_result, plural, run_batch
from ..document import IngestError
from ..inputs import digest
from .client import Answer, PoliteClient, host_of
from .discover import attachments, feed_links, kind_of, listing_links, page_date, sitemap_links, text_of
from .state import Entry, State

MAX_SITEMAPS = 100  # nested sitemaps followed from one source


@dataclass
class PullOptions:
    delay: float = 1.0
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 2.0
    since: date | None = None
    links: re.Pattern | None = None  # which links of a listing page are articles
    allow_hosts: tuple[str, ...] = ()
    max_listing_pages: int = 20  # pages of one listing followed (page 2, 3, …)
    jobs: int = 1
    indent: int | None = None
    limits: Limits = field(default_factory=Limits)


@dataclass
class PullSummary:
    urls: int = 0  # URLs that ended this run (records, errors, unchanged)
    unchanged: int = 0
    unchanged_errors: int = 0  # of those, failing as they failed last time
    older: int = 0  # left out by --since
    fetch_errors: int = 0  # error records written before extraction (refused, failed, over a limit)
    requests: int = 0
    batch: Summary = field(default_factory=Summary)
    seconds: float = 0.0

    @property
    def records(self) -> int:
        return self.batch.records

    @property
    def errors(self) -> int:
        return self.batch.errors + self.fetch_errors

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.batch.sink_errors)

    def line(self) -> str:
        parts = [plural(self.urls, "URL"), plural(self.records, "record"), plural(self.errors, "error"),
                 plural(self.batch.warnings, "warning"),
                 f"{self.unchanged} unchanged" + (f" ({self.unchanged_errors} failing as before)"
                                                  if self.unchanged_errors else "")]
        if self.older:
            parts.append(f"{self.older} older than --since")
        if self.batch.sink_errors:
            parts.append(f"{self.batch.sink_errors} not stored")
        parts.append(f"{plural(self.requests, 'request')}, {self.seconds:.1f} s")
        text = ", ".join(parts)
        if self.batch.interrupted:
            text += f"; interrupted by {self.batch.interrupted}: pull again to finish"
        return text


class Stopped(KeyboardInterrupt):
    """The pull was stopped by a signal (``signal``: SIGINT or SIGTERM) while it was fetching."""

    def __init__(self, signal_name: str):
        super().__init__(signal_name)
        self.signal = signal_name


@contextmanager
def _stop_on_signals():
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise Stopped(signal.Signals(signum).name)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@dataclass
class _Pending:
    """A URL whose bytes are new or changed, saved to ``path`` for extraction."""

    url: str
    linked_from: str | None
    path: str
    entry: Entry  # its state once its record is written
    previous: str | None  # the sha256 its record had before, if any


@dataclass
class _Listing:
    """One listing's walk through its numbered pages."""

    pages: set[str] = field(default_factory=set)  # its pages queued so far, the first included
    stop: bool = False  # an article older than --since was met: no further pages


class Puller:
    def __init__(self, sources: list[str], sinks: list, state: State, options: PullOptions,
                 reporter: Reporter | None = None):
        self.sources = list(dict.fromkeys(sources))
        self.sinks = sinks
        self.state = state
        self.options = options
        self.reporter = reporter or Reporter()
        hosts = {host_of(s) for s in self.sources} | {h.lower() for h in options.allow_hosts}
        self.client = PoliteClient(hosts=hosts, delay=options.delay, timeout=options.timeout,
                                   max_bytes=options.limits.max_bytes, retries=options.retries, backoff=options.backoff)
        self.summary = PullSummary()
        self.rewritten: set[str] = set()  # URLs whose document's record was written this run (compact_jsonl)
        self.failed: set[str] = set()  # URLs that gave no bytes this run, and got an error record
        self._seen: set[str] = set()
        self._pending: dict[str, _Pending] = {}
        self._queue: deque = deque()

    # ------------------------------------------------------------------ the run

    def run(self) -> PullSummary:
        """The pull; SIGINT or SIGTERM while fetching raise ``Stopped`` between two steps (what was done is
        kept: the next pull goes on from there); while reading, ``run_batch`` stops between documents."""
        started = time.monotonic()
        with _stop_on_signals(), tempfile.TemporaryDirectory(prefix="giamsat-pull-") as folder:
            self._folder = Path(folder)
            for source in self.sources:
                self._queue.append(("source", source, None, None))
            self._shown = _FetchProgress(self.reporter)
            steps = 0
            try:
                while self._queue:
                    task, url, linked_from, listing = self._queue.popleft()
                    if task == "source":
                        self._source(url, listing)
                    else:
                        self._page(url, linked_from, listing)
                    steps += 1
                    self._shown.update(steps, steps + len(self._queue), self._counts())
            finally:
                self._shown.stop()  # before run_batch forks its workers, and its own bar starts
            pending = list(self._pending)
            if pending:
                self.reporter.note(f"{plural(len(pending), 'document')} new or changed; reading them")
            self.summary.batch = run_batch(pending, [_Rewriter(self)], RunOptions(
                jobs=self.options.jobs, limits=self.options.limits, indent=self.options.indent), self.reporter)
        self.summary.urls += self.summary.batch.processed
        self.summary.requests = self.client.requests
        self.summary.seconds = time.monotonic() - started
        return self.summary

    def _counts(self) -> str:
        return (f"{plural(self.client.requests, 'request')}, {len(self._pending)} new or changed, "
                f"{self.summary.unchanged} unchanged, {plural(self.summary.fetch_errors, 'error')}")

    def _first_time(self, url: str) -> bool:
        if url in self._seen:
            return False
        self._seen.add(url)
        return True

    # ------------------------------------------------------------------ sources

    def _source(self, url: str, listing: _Listing | None) -> None:
        """A feed, sitemap or listing page: its links are queued (from the last run's when unchanged)."""
        if not self._first_time(url) or (listing is not None and listing.stop):
            return
        before = self.state.get(url)
        try:
            answer = self.client.get(url, before and before.etag, before and before.last_modified)
        except IngestError as exc:
            self._failed(url, None, exc, before)
            return
        if answer.not_modified and before is not None and before.outcome == "source":
            kind, links = before.links[0], before.links[1:]
        elif answer.not_modified and before is not None and (before.outcome in ("ok", "error") or
                                                              self._still_old(before)):
            self._page_unchanged(url, before)  # a document given as a source, as it was
            return
        else:
            if answer.not_modified:  # a 304 for what we never stored: ask again, unconditionally
                try:
                    answer = self.client.get(url)
                except IngestError as exc:
                    self._failed(url, None, exc, before)
                    return
            text = text_of(answer.body, answer.charset)
            kind = kind_of(text)
            if kind == "page" and not _is_page(url, answer.body, answer.media_type):
                self._document(url, None, None, answer, before)  # a report given as a source: read it
                return
            links = self._discover(kind, text, answer.url)
            self.state.put(Entry(url, answer.etag, answer.last_modified, digest(answer.body), "source",
                                 links=[kind, *links]))
        self._follow(url, kind, links, listing)

    def _discover(self, kind: str, text: str, url: str) -> list:
        if kind == "feed":
            return [[link.url, link.date and link.date.isoformat(), "page"] for link in feed_links(text, url)]
        if kind == "sitemap":
            pages, nested = sitemap_links(text, url)
            return ([[link.url, link.date and link.date.isoformat(), "page"] for link in pages]
                    + [[u, None, "sitemap"] for u in nested[:MAX_SITEMAPS]])
        articles, more = listing_links(text, url, self.options.links)
        return [[u, None, "page"] for u in articles] + [[u, None, "listing"] for u in more]

    def _follow(self, url: str, kind: str, links: list, listing: _Listing | None) -> None:
        since = self.options.since
        if kind == "page":
            listing = listing or _Listing({url})
        for target, when, what in links:
            if what == "page":
                if since and when and date.fromisoformat(when) < since:
                    if self._first_time(target):
                        self.summary.older += 1
                    continue
                self._queue.append(("page", target, None, listing if kind == "page" else None))
            elif what == "sitemap":
                self._queue.append(("source", target, None, None))
            elif (what == "listing" and listing is not None and target not in listing.pages
                  and len(listing.pages) < self.options.max_listing_pages):  # page 2 links back to page 1
                listing.pages.add(target)
                self._queue.append(("source", target, None, listing))

    # ------------------------------------------------------------------ pages and attachments

    def _page(self, url: str, linked_from: str | None, listing: _Listing | None) -> None:
        if not self._first_time(url):
            return
        if listing is not None and listing.stop:
            self.summary.older += 1
            return
        before = self.state.get(url)
        known = before is not None and (before.outcome in ("ok", "error") or self._still_old(before))
        try:
            answer = self.client.get(url, known and before.etag or None, known and before.last_modified or None)
        except IngestError as exc:
            self._failed(url, linked_from, exc, before)
            return
        if answer.not_modified and known:
            self._page_unchanged(url, before)
            return
        if answer.not_modified:
            try:
                answer = self.client.get(url)
            except IngestError as exc:
                self._failed(url, linked_from, exc, before)
                return
        self._document(url, linked_from, listing, answer, before)

    def _document(self, url: str, linked_from: str | None, listing: _Listing | None, answer: Answer,
                  before: Entry | None) -> None:
        """Bytes a URL served: unchanged, older than --since, or saved to be read; a page's attachments queued."""
        sha = digest(answer.body)
        links: list[str] = []
        is_page = linked_from is None and _is_page(url, answer.body, answer.media_type)
        if is_page:
            text = text_of(answer.body, answer.charset)
            if self.options.since:
                shown = page_date(text)
                if shown and shown < self.options.since:
                    self.summary.older += 1
                    if listing is not None:
                        listing.stop = True
                    self.state.put(Entry(url, answer.etag, answer.last_modified, sha, "old", dated=shown.isoformat()))
                    return
            links = attachments(text, answer.url)
        entry = Entry(url, answer.etag, answer.last_modified, sha, None, links=links)
        if before is not None and before.sha256 == sha and before.outcome in ("ok", "error"):
            entry.outcome, entry.error = before.outcome, before.error
            self.state.put(entry)
            self._unchanged(before)
        else:
            path = self._folder / _file_name(len(self._pending), answer.url, answer.media_type)
            path.write_bytes(answer.body)
            self._pending[str(path)] = _Pending(url, linked_from, str(path), entry,
                                                before.sha256 if before is not None else None)
        for link in links:
            self._queue.append(("page", link, url, None))

    def _still_old(self, before: Entry) -> bool:
        """A page left out as older than --since that this run's --since leaves out too."""
        since = self.options.since
        return before.outcome == "old" and bool(since and before.dated) and date.fromisoformat(before.dated) < since

    def _page_unchanged(self, url: str, before: Entry) -> None:
        """A 304 for a document we have: unchanged (or still older than --since); its attachments are asked."""
        if before.outcome == "old":
            self.summary.older += 1
        else:
            self._unchanged(before)
        for link in before.links:  # they may have changed all the same
            self._queue.append(("page", link, url, None))

    def _unchanged(self, before: Entry) -> None:
        self.summary.urls += 1
        self.summary.unchanged += 1
        self.summary.unchanged_errors += before.outcome in ("error", "failed")

    def _failed(self, url: str, linked_from: str | None, exc: IngestError, before: Entry | None) -> None:
        """A URL that gave no bytes: an error record, unless it failed the same way last time."""
        said = f"{exc.kind}: {exc.message}"
        if before is not None and before.outcome == "failed" and _same_failure(before.error, said):
            self._unchanged(before)
            return
        result = error_result(url, exc.kind, exc.message, indent=self.options.indent)
        result = _with_source(result, url, linked_from, None, self.options.indent)
        self._shown.note(f"error: {url}: {exc.kind}: {exc.message.splitlines()[0]}")
        self.summary.urls += 1
        self.summary.fetch_errors += 1
        for sink in self.sinks:
            try:
                sink.write(result)
            except Exception as failure:  # noqa: BLE001 - as run_batch: one record a sink rejects is counted
                self.summary.batch.sink_errors += 1
                self._shown.note(f"{sink.name}: could not store {url}: {failure}")
        self.failed.add(url)
        kept = before.links if before is not None else []  # a page's attachments are still asked next time
        self.state.put(Entry(url, None, None, before.sha256 if before is not None else None, "failed", said,
                             links=kept))

    # ------------------------------------------------------------------ records written

    def written(self, pending: _Pending, result: Result) -> None:
        """The record of a new or changed document is stored: drop its former row, remember its state."""
        if pending.previous and pending.previous != result.id and not self.state.holders(pending.previous, pending.url):
            for sink in self.sinks:
                drop = getattr(sink, "engine", None)
                if drop is not None:
                    _drop_document(drop, pending.previous)
        self.rewritten.add(pending.url)
        entry = replace(pending.entry, outcome=result.status,
                        error=f"{result.error_kind}: {result.error_message}" if result.status == "error" else None)
        if result.id and result.id != entry.sha256:
            entry.sha256 = result.id
        self.state.put(entry)


class _FetchProgress:
    """Progress while fetching, as ``Reporter`` shows reading: a live bar in a terminal (steps done of
    those known so far: the sources' links are found as it goes), a line every ``every`` seconds
    otherwise; notes (errors) above the bar."""

    def __init__(self, reporter: Reporter):
        self.reporter = reporter
        self._last = time.monotonic()
        self._bar = None
        if reporter.tty:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._bar = Progress(TextColumn("[bold]pull"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[counts]}"), console=Console(file=reporter.stream),
                                 auto_refresh=False)  # no refresh thread: run_batch forks after this
            self._bar.start()
            self._task = self._bar.add_task("pull", total=None, counts="")
            self._bar.refresh()

    def update(self, done: int, known: int, counts: str) -> None:
        if self._bar is not None:
            self._bar.update(self._task, completed=done, total=known, counts=counts, refresh=True)
        elif time.monotonic() - self._last >= self.reporter.every:
            self._last = time.monotonic()
            self.reporter.note(f"{done}/{known} URLs so far: {counts}")

    def note(self, text: str) -> None:
        if self._bar is not None:
            self._bar.console.print(text, markup=False, highlight=False, soft_wrap=True)  # a URL stays whole
        else:
            self.reporter.note(text)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


class _Rewriter:
    """The sink ``run_batch`` writes to: each record gets its URL back, then goes to the real sinks."""

    name = "output"

    def __init__(self, puller: Puller):
        self.puller = puller

    def has(self, data_id, source) -> bool:
        return False

    def status_of(self, data_id, source) -> str | None:
        return None

    def write(self, result: Result) -> None:
        pending = self.puller._pending[result.source]
        result = _with_source(result, pending.url, pending.linked_from, pending.path, self.puller.options.indent)
        for sink in self.puller.sinks:
            sink.write(result)
        self.puller.written(pending, result)

    def close(self) -> None:
        pass


def _with_source(result: Result, url: str, linked_from: str | None, path: str | None, indent: int | None) -> Result:
    """``result`` as the record of ``url``: source.url set, no local path, the linking page named."""
    record = json.loads(result.text)
    source = record.get("source") or {}
    source.update(path=None, url=url, linked_from=linked_from)
    record["source"] = source
    error = record.get("error")
    message = result.error_message
    if path and error and isinstance(error.get("message"), str):
        error["message"] = error["message"].replace(path, url)
        message = error["message"]
    text = json.dumps(record, ensure_ascii=False, indent=indent, separators=None if indent else (",", ":"))
    return replace(result, source=url, text=text, error_message=message)


def _same_failure(before: str | None, now: str) -> bool:
    """Whether a URL failed as it did last time: the same words, or timed out both times (one time by a
    silent socket, the other by the deadline of the whole answer, the words differ)."""
    if before == now:
        return True
    return before is not None and "(timed out)" in before and "(timed out)" in now


def _drop_document(engine, doc_id: str) -> None:
    """The database rows of a document a URL no longer serves (its new bytes have their own)."""
    from sqlalchemy import delete

    from ..sinks.sql import CHILDREN, DocumentRow

    with engine.begin() as connection:
        for model in CHILDREN:
            connection.execute(delete(model).where(model.document_id == doc_id))
        connection.execute(delete(DocumentRow).where(DocumentRow.id == doc_id))


def _is_page(url: str, body: bytes, media_type: str | None) -> bool:
    """Whether a URL served a web page: the kind ``extract`` reads its bytes as (``ingest.declared_kind``:
    the bytes over the server's header), so that what pull follows as a page is what is read as one."""
    from ..ingest import declared_kind

    name = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    return declared_kind(body, name, media_type) == "text/html"


_SUFFIXES = {"text/html": ".html", "application/pdf": ".pdf", "text/plain": ".txt",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}


def _file_name(index: int, url: str, media_type: str | None) -> str:
    """A safe file name for a download that keeps its URL's suffix (``00003-bao-cao.pdf``)."""
    name = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]) or "index"
    name = re.sub(r"[^\w.-]+", "-", name, flags=re.ASCII).strip(".-")[:80] or "index"
    if "." not in name and media_type in _SUFFIXES:
        name += _SUFFIXES[media_type]
    return f"{index:05d}-{name}"


def compact_jsonl(path: Path, rewritten: set[str], failed: set[str] = frozenset()) -> int:
    """Drop from a JSONL output the records a run superseded: of a URL in ``rewritten`` (its document
    read anew), every record but the last; of a URL in ``failed`` (no bytes this time), its former
    error records (its last good record stays beside the new error record). Every other line is kept
    as it is. Returns how many records were dropped."""
    from ..sinks.jsonl import scan

    if not (rewritten or failed) or not path.is_file():
        return 0
    with path.open("rb") as fh:
        items = list(scan(fh))

    def url_of(item) -> str | None:
        source = (item.record or {}).get("source")
        return source.get("url") if isinstance(source, dict) else None

    last = {url_of(item): i for i, item in enumerate(items) if url_of(item) in rewritten | failed}
    drop = set()
    for i, item in enumerate(items):
        url = url_of(item)
        if url not in last or last[url] == i:
            continue
        if url in rewritten or item.record.get("status") == "error":
            drop.add(i)
    if not drop:
        return 0
    data = path.read_bytes()
    tmp = path.with_name(path.name + ".tmp")
    start = 0
    with tmp.open("wb") as out:
        for i, item in enumerate(items):
            if i not in drop:
                out.write(data[start:item.end])
            start = item.end
        out.write(data[start:])
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    return len(drop)
