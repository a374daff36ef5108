"""``giamsat pull``: new and changed reports from the portals that publish them (feeds, sitemaps,
listing pages) → records, as ``extract`` makes them; a second run fetches only what changed."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Optional

import typer

from ..batch import Reporter, plural
from ..cli import app
from ..inputs import is_web
from ._common import MAX_BYTES, MAX_MEMORY_MB, MAX_PAGES, MAX_SECONDS, check_output, fail, limits_of


def state_url(output: Path | None, db: str | None, state: str | None) -> str | None:
    """Where the pull's state lives: ``--state``, else the ``--db`` database, else beside ``-o``."""
    from ..sinks.sql import database_url

    if state:
        return database_url(state)
    if db:
        return database_url(db)
    if output is not None:
        return f"sqlite:///{output}.pull.sqlite"
    return None


@app.command()
def pull(
    sources: list[str] = typer.Argument(..., help="http(s) URLs of RSS/Atom feeds, sitemaps or listing pages"),
    output: Optional[Path] = typer.Option(
        None, "-o", "--output", help="append records to this JSONL file (a changed document's record replaces its "
                                     "former one); '-' for stdout, with --state"),
    db: Optional[str] = typer.Option(
        None, "--db", metavar="URL", help="also write to a database (a SQLAlchemy URL or a SQLite file), as extract "
                                          "does; the pull's state is kept there too"),
    state: Optional[str] = typer.Option(
        None, "--state", metavar="FILE_OR_URL",
        help="where to remember what was fetched (default: the --db database, else OUT.jsonl.pull.sqlite)"),
    links: Optional[str] = typer.Option(
        None, "--links", metavar="REGEX",
        help="on listing pages, the links to follow as articles (a regular expression searched in each URL); "
             "default: every link in the listing's section that is not navigation"),
    since: Optional[str] = typer.Option(
        None, "--since", metavar="YYYY-MM-DD",
        help="leave out items dated before this day (feed and sitemap dates, a page's own date); on a listing, "
             "stop at the first older article"),
    delay: float = typer.Option(1.0, "--delay", min=0, metavar="S",
                                help="seconds between two requests to one host (robots.txt's Crawl-delay if longer)"),
    timeout: float = typer.Option(20.0, "--timeout", min=0.1, metavar="S", help="seconds for one request's whole answer"),
    retries: int = typer.Option(3, "--retries", min=0, metavar="N", help="tries again after a 5xx or 429 answer"),
    backoff: float = typer.Option(2.0, "--backoff", min=0, metavar="S",
                                  help="seconds before the first retry, doubled for each next one"),
    allow_host: list[str] = typer.Option(
        [], "--allow-host", metavar="HOST", help="a host besides the sources' own that may be fetched (attachments "
                                                 "on a file server); repeatable"),
    max_listing_pages: int = typer.Option(20, "--max-listing-pages", min=1, metavar="N",
                                          help="pages of one listing followed (page 2, 3, …)"),
    jobs: Optional[int] = typer.Option(None, "-j", "--jobs", min=1, show_default=False,
                                       help="documents read at once (default: this machine's cores)"),
    indent: bool = typer.Option(False, "--pretty", help="indented JSON"),
    max_seconds: float = MAX_SECONDS,
    max_memory_mb: int = MAX_MEMORY_MB,
    max_bytes: str = MAX_BYTES,
    max_pages: int = MAX_PAGES,
) -> None:
    """Fetch what portals published since the last pull and extract it; a summary goes to stderr.

    Exit status: 0 when every new or changed URL became a record; 1 when some became error records; 2 on a usage or setup error; 130 when interrupted (pull again to finish).
    """
    from ..pull.run import PullOptions, Puller, compact_jsonl
    from ..pull.state import State
    from ..sinks import StoreError, redact

    bad = [s for s in sources if not is_web(s)]
    if bad:
        fail("pull", f"{bad[0]} is no http(s) URL: give the URLs of feeds, sitemaps or listing pages "
                     "(local files go to giamsat extract)")
    to_stdout = output is not None and str(output) == "-"
    where = state_url(None if to_stdout else output, db, state)
    if where is None:
        fail("pull", "give -o OUT.jsonl, --db URL or --state FILE: a pull remembers there what it fetched")
    try:
        pattern = re.compile(links) if links else None
    except re.error as exc:
        fail("pull", f"--links {links!r} is no regular expression ({exc})")
    try:
        not_before = date.fromisoformat(since) if since else None
    except ValueError:
        fail("pull", f"--since {since!r} is no date: give YYYY-MM-DD")
    limits = limits_of("pull", max_seconds, max_memory_mb, max_bytes, max_pages)
    if output is not None and not to_stdout:
        check_output("pull", output, [])
    options = PullOptions(delay=delay, timeout=timeout, retries=retries, backoff=backoff, since=not_before,
                          links=pattern, allow_hosts=tuple(allow_host), max_listing_pages=max_listing_pages,
                          jobs=jobs or os.cpu_count() or 1, indent=2 if indent else None, limits=limits)
    sinks: list = []
    store = puller = None
    try:
        try:
            store = State(where)
        except Exception as exc:  # noqa: BLE001 - a database that cannot be reached: a setup error, in words
            fail("pull", f"cannot keep the pull's state in {redact(where)}: {StoreError.of(exc, where)}")
        _open_sinks(sinks, output, to_stdout, db)
        puller = Puller(sources, sinks, store, options, Reporter())
        try:
            summary = puller.run()
        except KeyboardInterrupt as exc:
            stopped = getattr(exc, "signal", "SIGINT")
            fail("pull", f"stopped by {stopped}; what was done is kept: pull again to finish",
                 143 if stopped == "SIGTERM" else 130)
    finally:
        for sink in sinks:
            try:
                sink.close()
            except OSError as exc:
                typer.echo(f"giamsat pull: could not finish writing {sink.name}: {exc.strerror or exc}", err=True)
        if store is not None:
            store.close()
        if puller is not None and output is not None and not to_stdout:
            try:
                compact_jsonl(output, puller.rewritten, puller.failed)
            except OSError as exc:
                typer.echo(f"giamsat pull: could not drop the replaced records from {output}: "
                           f"{exc.strerror or exc}", err=True)
    _report(summary)


def _open_sinks(sinks: list, output: Path | None, to_stdout: bool, db: str | None) -> None:
    """JSONL (appended to: a pull adds to what the last one wrote) and the database, into ``sinks``."""
    from ..sinks import StoreError, redact
    from ..sinks.jsonl import JsonlSink

    if output is not None or not db:
        try:
            sinks.append(JsonlSink(None if to_stdout or output is None else output, resume=True))
        except OSError as exc:
            fail("pull", f"cannot write -o {output}: {exc.strerror or exc}")
        for note in sinks[-1].notes:  # what appending found in the file (lines that are no records)
            typer.echo(f"giamsat: {note}", err=True)
    if db:
        from ..sinks.sql import SqlSink

        try:
            sinks.append(SqlSink(db))
        except StoreError as exc:
            fail("pull", f"cannot use the database {redact(db)}: {exc}")


def _report(summary) -> None:
    """The summary line and the exit status (1: something failed anew)."""
    typer.echo(f"giamsat pull: {summary.line()}", err=True)
    if summary.batch.interrupted:
        raise typer.Exit(130 if summary.batch.interrupted == "SIGINT" else 143)
    if summary.failed:
        if summary.errors:
            typer.echo(f"giamsat: {plural(summary.errors, 'URL')} could not be read; see their error records",
                       err=True)
        raise typer.Exit(1)
