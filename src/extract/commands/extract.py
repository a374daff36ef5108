"""``giamsat extract``: files, folders and URLs → one record each, in parallel, to JSONL and/or a database."""

from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import Callable, Iterator, Optional

import typer

from ..batch import BatchError, Limits, Reporter, RunOptions, run_batch
from ..cli import app

DEFAULTS = Limits()
HIDDEN_FOLDERS = ("__MACOSX",)  # what unzipping on a Mac leaves beside the files


def _skip_note(path: str, why: str) -> None:
    print(f"giamsat: skipped {path}: {why}", file=sys.stderr, flush=True)


def expand_inputs(inputs: list[str], skipped: Callable[[str, str], None] = _skip_note) -> Iterator[str]:
    """Files as given, folders walked recursively (sorted), URLs as given.

    In a folder, files are chosen by what they hold, not by their suffix (``ingest.skip_reason``
    reads the first few KB of each): a .doc that is really a .docx, a file without a suffix, an
    image, Markdown are taken; anything else (a zip archive, an Excel workbook, data files,
    binary data, hidden files, editor and system leftovers such as ``~$x.docx`` or
    ``Thumbs.db``) is reported to ``skipped`` once, with why. Hidden folders are not entered.

    Links to folders are not followed (a link back up would loop forever); each is reported to
    ``skipped``, as is a folder that cannot be listed. A link to a file is followed once (the same
    file reached twice is read once); a broken or looping link is yielded, so that it becomes an
    error record that says so."""
    from ..ingest import skip_reason

    for item in inputs:
        if item.startswith(("http://", "https://")):
            yield item
            continue
        path = Path(item)
        if not path.is_dir():
            yield item
            continue
        found: list[Path] = []

        def unlisted(exc: OSError) -> None:
            skipped(str(exc.filename or item), f"cannot list this folder ({exc.strerror or exc})")

        for folder, dirs, files in os.walk(path, onerror=unlisted):  # links to folders: listed, not entered
            for name in sorted(dirs):
                where = os.path.join(folder, name)
                if os.path.islink(where):
                    skipped(where, "a link to a folder (not followed: it could loop)")
                elif name.startswith(".") or name in HIDDEN_FOLDERS:
                    skipped(where, "a hidden folder (not entered)")
            dirs[:] = [d for d in dirs if not (d.startswith(".") or d in HIDDEN_FOLDERS)]
            found.extend(Path(folder, name) for name in files)
        seen: set[Path] = set()
        for child in sorted(found):
            try:
                real = child.resolve(strict=True)
            except (OSError, RuntimeError):  # a broken link, a link loop: its error record says which
                yield str(child)
                continue
            if real in seen:
                continue
            if not real.is_file():
                skipped(str(child), "not a regular file (a pipe, socket or device)")
                continue
            seen.add(real)
            why = skip_reason(child)
            if why is not None:
                skipped(str(child), why)
                continue
            yield str(child)


class Engine(str, enum.Enum):
    local = "local"
    dask = "dask"


@app.command()
def extract(
    inputs: list[str] = typer.Argument(..., help="files, folders (recursive) or http(s) URLs"),
    output: Optional[Path] = typer.Option(
        None, "-o", "--output",
        help="write JSONL here (each record one append, never half written); '-' or absent: stdout, unless --db"),
    indent: bool = typer.Option(False, "--pretty", help="indented JSON (one record per document still)"),
    jobs: Optional[int] = typer.Option(
        None, "-j", "--jobs", min=1, show_default=False,
        help="documents processed at once, each in its own worker process (default: this machine's cores)"),
    resume: bool = typer.Option(
        False, "--resume", help="skip inputs whose id (sha256) is already in the output file or the database"),
    db: Optional[str] = typer.Option(
        None, "--db", metavar="URL",
        help="also write to a database: a SQLAlchemy URL (sqlite:///giamsat.db, "
             "postgresql+psycopg://user:password@host/name) or a SQLite file; tables are created or upgraded"),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local worker processes, or a Dask cluster"),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", metavar="ADDRESS", help="Dask scheduler (tcp://host:8786); a local cluster when absent"),
    max_seconds: float = typer.Option(DEFAULTS.max_seconds, "--max-seconds", min=0,
                                      help="time for one document before it is stopped and reported; 0: no limit"),
    max_memory_mb: int = typer.Option(DEFAULTS.max_memory_mb, "--max-memory-mb", min=0,
                                      help="memory (address space) of a local worker; 0: no limit"),
    max_bytes: int = typer.Option(DEFAULTS.max_bytes, "--max-bytes", min=0,
                                  help="size of one input file or download; larger ones become error records; "
                                       "0: no limit"),
    max_pages: int = typer.Option(DEFAULTS.max_pages, "--max-pages", min=0,
                                  help="pages of one PDF; a longer one becomes an error record before any page is "
                                       "read; 0: no limit"),
) -> None:
    """Extract one JSON record per document (JSONL); a summary goes to stderr.

    Exit status: 0 when every input became a record, 1 when some became error records (or could not be stored), 2 on a usage or setup error, 130/143 when interrupted (rerun with --resume to finish).
    """
    from ..sinks.jsonl import JsonlSink

    if scheduler and engine is not Engine.dask:
        raise typer.BadParameter("--scheduler goes with --engine dask", param_hint="--scheduler")
    to_stdout = output is None or str(output) == "-"
    if resume and to_stdout and not db:
        raise typer.BadParameter("--resume needs -o FILE or --db URL to know what is done", param_hint="--resume")
    sources = list(expand_inputs(inputs))
    sinks = []
    try:
        if not to_stdout or not db:
            sinks.append(JsonlSink(None if to_stdout else output, resume=resume))
            for note in sinks[-1].notes:
                typer.echo(f"giamsat: {note}", err=True)
        if db:
            from ..sinks.sql import SqlSink

            try:
                sinks.append(SqlSink(db, resume=resume))
            except Exception as exc:  # noqa: BLE001 - bad URL, server down, driver missing: a setup error
                typer.echo(f"giamsat: cannot use the database {db}: {type(exc).__name__}: {exc}", err=True)
                raise typer.Exit(2)
        options = RunOptions(
            jobs=jobs or os.cpu_count() or 1, engine=engine.value, scheduler=scheduler, resume=resume,
            indent=2 if indent else None,
            limits=Limits(max_seconds or None, max_memory_mb or None, max_bytes or None, max_pages=max_pages or None),
        )
        try:
            summary = run_batch(sources, sinks, options, Reporter())
        except BatchError as exc:
            typer.echo(f"giamsat: {exc}", err=True)
            raise typer.Exit(2)
        except KeyboardInterrupt:
            typer.echo("giamsat: stopped; rerun with --resume to finish", err=True)
            raise typer.Exit(130)
    finally:
        for sink in sinks:
            sink.close()
    typer.echo(f"giamsat extract: {summary.line()}", err=True)
    unstored = sum(getattr(s, "unstored", 0) for s in sinks)
    if unstored:
        typer.echo(f"giamsat: {unstored} error record(s) without an id (unreadable inputs) are in the output only, "
                   "not in the database", err=True)
    if summary.interrupted:
        raise typer.Exit(130 if summary.interrupted == "SIGINT" else 143)
    if summary.failed:
        failed = summary.errors + summary.skipped_errors
        typer.echo(f"giamsat: {failed} input(s) could not be read; see their error records", err=True)
        raise typer.Exit(1)
