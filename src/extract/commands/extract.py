"""``giamsat extract``: files, folders and URLs → one record each, in parallel, to JSONL and/or a database."""

from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import Callable, Iterator, Optional

import typer

from ..batch import BatchError, Reporter, RunOptions, plural, run_batch
from ..inputs import is_url, is_web
from ..storage import list_folder_url
from ..cli import app
from ._common import MAX_BYTES, MAX_MEMORY_MB, MAX_PAGES, MAX_SECONDS, check_output, fail, limits_of

HIDDEN_FOLDERS = ("__MACOSX",)  # what unzipping on a Mac leaves beside the files


def _skip_note(path: str, why: str) -> None:
    print(f"giamsat: skipped {path}: {why}", file=sys.stderr, flush=True)


def expand_inputs(inputs: list[str], skipped: Callable[[str, str], None] = _skip_note,
                  follow_links: bool = False) -> Iterator[str]:
    """Files as given, folders walked recursively (sorted), URLs as given; each input once.

    In a folder, files are chosen by what they hold, not by their suffix (``ingest.skip_reason``
    reads the first few KB of each): a .doc that is really a .docx, a file without a suffix, an
    image, Markdown are taken; anything else (a zip archive, an Excel workbook, data files,
    binary data, hidden files, editor and system leftovers such as ``~$x.docx`` or
    ``Thumbs.db``) is reported to ``skipped`` once, with why. Hidden folders are not entered.

    Links to folders are not followed (a link back up would loop forever); each is reported to
    ``skipped``, as is a folder that cannot be listed. A link to a file is followed where it stays
    inside the folders given; one that leads out of them (to ``/etc/passwd``) is reported to
    ``skipped`` unless ``follow_links``. A broken or looping link is yielded, so that it becomes an
    error record that says so.

    An fsspec URL ending in ``/`` (``s3://bucket/reports/``) is a folder: its objects are listed here (with
    the filesystem's package installed on this machine too), each read where documents are read.

    The same file named several ways (``a.txt``, ``d/./a.txt``, the folder ``d`` holding it, a link
    or a hard link to it) is yielded once, under the first name met; the same URL likewise."""
    from ..ingest import skip_reason

    roots = [Path(item).resolve() for item in inputs if not _is_url(item) and os.path.isdir(item)]
    seen: set = set()

    def first_time(path: str) -> bool:
        try:
            info = os.stat(path)
            key: tuple = (info.st_dev, info.st_ino)
        except (OSError, ValueError):  # missing, broken, looping: known by its name
            key = ("name", os.path.normpath(os.path.abspath(path)))
        if key in seen:
            return False
        seen.add(key)
        return True

    for item in inputs:
        if _is_url(item):
            listed = list_folder_url(item) if item.endswith("/") and not is_web(item) else None
            for url in listed if listed is not None else [item]:
                if url not in seen:
                    seen.add(url)
                    yield url
            continue
        path = Path(item)
        if not path.is_dir():
            if first_time(item):
                yield item
            continue
        for child in _folder_files(path, skipped, item):
            try:
                real = child.resolve(strict=True)
            except (OSError, RuntimeError):  # a broken link, a link loop: its error record says which
                if first_time(str(child)):
                    yield str(child)
                continue
            if not follow_links and not any(real.is_relative_to(root) for root in roots):
                skipped(str(child), f"a link to a file outside the folders given ({real}; --follow-links reads it)")
                continue
            if not real.is_file():
                skipped(str(child), "not a regular file (a pipe, socket or device)")
                continue
            if not first_time(str(child)):
                continue
            why = skip_reason(child)
            if why is not None:
                skipped(str(child), why)
                continue
            yield str(child)


def _folder_files(path: Path, skipped: Callable[[str, str], None], given: str) -> list[Path]:
    """Every file under a folder, sorted; links to folders and hidden folders named, not entered."""
    found: list[Path] = []

    def unlisted(exc: OSError) -> None:
        skipped(str(exc.filename or given), f"cannot list this folder ({exc.strerror or exc})")

    for folder, dirs, files in os.walk(path, onerror=unlisted):  # links to folders: listed, not entered
        for name in sorted(dirs):
            where = os.path.join(folder, name)
            if os.path.islink(where):
                skipped(where, "a link to a folder (not followed: it could loop)")
            elif name.startswith(".") or name in HIDDEN_FOLDERS:
                skipped(where, "a hidden folder (not entered)")
        dirs[:] = [d for d in dirs if not (d.startswith(".") or d in HIDDEN_FOLDERS)]
        found.extend(Path(folder, name) for name in files)
    return sorted(found)


def _is_url(item: str) -> bool:
    """http(s) and fsspec URLs (``s3://…``, ``file://…``): passed on as they are, read where the document is read."""
    return is_url(item)


def skip_kind(why: str) -> str:
    """The reason a file was skipped, without its particulars: what the summary counts."""
    return why.split(" (", 1)[0].split(";", 1)[0]


class Engine(str, enum.Enum):
    local = "local"
    dask = "dask"


class PartFormat(str, enum.Enum):
    jsonl = "jsonl"
    parquet = "parquet"


@app.command()
def extract(
    inputs: list[str] = typer.Argument(..., help="files, folders (recursive), http(s) URLs, or fsspec URLs (s3://…, "
                                                 "gs://…, file://…; their fsspec package installed where they are read)"),
    output_arg: Optional[str] = typer.Option(
        None, "-o", "--output", metavar="PATH",
        help="write JSONL here (each record one append, never half written); '-' or absent: stdout, unless --db; "
             "a folder ending in / (out/) with --engine dask: the workers write the records there as parts, "
             "the client a manifest.jsonl"),
    indent: bool = typer.Option(False, "--pretty", help="indented JSON (one record per document still)"),
    jobs: Optional[int] = typer.Option(
        None, "-j", "--jobs", min=1, show_default=False,
        help="documents processed at once, each in its own worker process (default: this machine's cores)"),
    resume: bool = typer.Option(
        False, "--resume", help="skip inputs already in the output file (same id and path) or the database (same id)"),
    db: Optional[str] = typer.Option(
        None, "--db", metavar="URL",
        help="also write to a database: a SQLAlchemy URL (sqlite:///giamsat.db, "
             "postgresql+psycopg://user:password@host/name) or a SQLite file; tables are created or upgraded"),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local worker processes, or a Dask cluster"),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", metavar="ADDRESS", help="Dask scheduler (tcp://host:8786); a local cluster when absent"),
    part_format: PartFormat = typer.Option(
        PartFormat.jsonl, "--format", help="the parts' format, with -o DIR/ (Parquet: a row a record, the record as JSON)"),
    part_size: int = typer.Option(
        200, "--part-size", min=1, metavar="N", help="with -o DIR/: documents per Dask task, and per part"),
    follow_links: bool = typer.Option(
        False, "--follow-links", help="in folders, also read links to files outside the folders given (skipped "
                                      "with a note otherwise)"),
    max_seconds: float = MAX_SECONDS,
    max_memory_mb: int = MAX_MEMORY_MB,
    max_bytes: str = MAX_BYTES,
    max_pages: int = MAX_PAGES,
) -> None:
    """Extract one JSON record per document (JSONL); a summary goes to stderr.

    Exit status: 0 when every input became a record; 1 when some became error records (or could not be stored), or when nothing was read (a folder holding no document); 2 on a usage or setup error; 130/143 when interrupted (rerun with --resume to finish).
    """
    if scheduler and engine is not Engine.dask:
        fail("extract", "--scheduler goes with --engine dask")
    limits = limits_of("extract", max_seconds, max_memory_mb, max_bytes, max_pages)
    output = None if output_arg is None else Path(output_arg)
    parts = None
    if output_arg is not None and output_arg.endswith(("/", os.sep)):
        parts = _parts_of(output_arg, engine, db, part_format.value, part_size)
    elif part_format is not PartFormat.jsonl:
        fail("extract", "--format parquet is for parts: -o DIR/ with --engine dask")
    to_stdout = output is None or str(output) == "-"
    if resume and to_stdout and not db:
        fail("extract", "--resume needs -o FILE or --db URL to know what is done")
    passed_over: dict[str, int] = {}

    def skipped(path: str, why: str) -> None:
        _skip_note(path, why)
        passed_over[skip_kind(why)] = passed_over.get(skip_kind(why), 0) + 1

    sources = list(expand_inputs(inputs, skipped, follow_links=follow_links))
    if parts is not None:
        check_output("extract", output, sources, folder=True)
    elif not to_stdout:
        check_output("extract", output, sources)
        if resume and output.exists() and not output.is_file():
            fail("extract", f"--resume reads back what is done, and -o {output} is no regular file")
    if not sources:
        why = "; ".join(f"{reason}: {n}" for reason, n in sorted(passed_over.items()))
        fail("extract", "nothing to read" + (f": every file in the folders was skipped ({why})" if why else ""), 1)
    options = RunOptions(jobs=jobs or os.cpu_count() or 1, engine=engine.value, scheduler=scheduler,
                         resume=resume, indent=2 if indent else None, limits=limits, parts=parts)
    sinks: list = []
    try:
        summary = _run(sources, sinks, options, None if to_stdout else output, db)
    finally:
        for sink in sinks:
            try:
                sink.close()
            except OSError as exc:  # a full disk at the last flush: say so, do not hide the run's own outcome
                typer.echo(f"giamsat extract: could not finish writing {sink.name}: {exc.strerror or exc}", err=True)
    summary.passed_over = passed_over
    _report(summary, sinks)


def _open_sinks(sinks: list, output: Path | None, db: str | None, options: RunOptions) -> None:
    """Where the records go, into ``sinks`` (closed by the caller whatever happens): the parts'
    manifest, JSONL to the file or stdout (unless only --db), the database; a setup error in one line."""
    from ..sinks import StoreError, redact
    from ..sinks.jsonl import JsonlSink

    if options.parts is not None:
        sinks.append(_manifest(options.parts, options.resume))
    elif output is not None or not db:
        try:
            sinks.append(JsonlSink(output, resume=options.resume))
        except OSError as exc:
            fail("extract", f"cannot write -o {output}: {exc.strerror or exc}")
        for note in sinks[-1].notes:
            typer.echo(f"giamsat: {note}", err=True)
    if db:
        from ..sinks.sql import SqlSink

        try:
            sinks.append(SqlSink(db, resume=options.resume))
        except StoreError as exc:  # bad URL, server down or silent, driver missing: a setup error
            fail("extract", f"cannot use the database {redact(db)}: {exc}")


def _run(sources: list[str], sinks: list, options: RunOptions, output: Path | None, db: str | None):
    """The batch itself, into the sinks it opens; a stop or a batch that cannot go on in one line."""
    _open_sinks(sinks, output, db, options)
    parts = options.parts
    try:
        return run_batch(sources, sinks, options, Reporter())
    except BatchError as exc:
        fail("extract", str(exc))
    except KeyboardInterrupt:
        fail("extract", "stopped; rerun with --resume to finish", 130)
    finally:
        if parts is not None:  # parts of tasks cancelled by a stop: the manifest does not name them
            from ..sinks.parts import listed_parts, remove_unlisted

            sinks[0].close()
            remove_unlisted(parts, listed_parts(parts.manifest))


def _report(summary, sinks: list) -> None:
    """The summary line, what the database could not hold, and the exit status."""
    typer.echo(f"giamsat extract: {summary.line()}", err=True)
    unstored = sum(getattr(s, "unstored", 0) for s in sinks)
    if unstored:
        typer.echo(f"giamsat: {plural(unstored, 'error record')} without an id (unreadable inputs) "
                   f"{'is' if unstored == 1 else 'are'} in the output only, not in the database", err=True)
    if summary.interrupted:
        raise typer.Exit(130 if summary.interrupted == "SIGINT" else 143)
    if summary.failed:
        failed = summary.errors + summary.skipped_errors
        if failed:
            typer.echo(f"giamsat: {plural(failed, 'input')} could not be read; see their error records", err=True)
        raise typer.Exit(1)


def _parts_of(folder: str, engine: Engine, db: str | None, fmt: str, size: int):
    """-o DIR/: where and how the workers write parts; a one-line error where that cannot be."""
    from ..sinks.parts import PartsSpec, check_folder

    if engine is not Engine.dask:
        fail("extract", f"-o {folder} (a folder: the workers write the records there as parts) goes with --engine "
                        "dask; give a file for JSONL (-o records.jsonl)")
    if db:
        fail("extract", f"-o {folder} (parts written by the workers) and --db both: the records stay on the workers; "
                        "give -o FILE to have the client write JSONL beside the database")
    spec = PartsSpec(os.path.abspath(folder), fmt, size)
    why = check_folder(spec)
    if why:
        fail("extract", f"-o {folder}: {why}")
    return spec


def _manifest(parts, resume: bool):
    """The client's sink in parts mode: the manifest (a fresh run removes the parts of the last)."""
    from ..sinks.jsonl import JsonlSink
    from ..sinks.parts import listed_parts, remove_unlisted

    try:
        Path(parts.folder).mkdir(parents=True, exist_ok=True)
        remove_unlisted(parts, listed_parts(parts.manifest) if resume else set())
        sink = JsonlSink(parts.manifest, resume=resume)
    except OSError as exc:
        fail("extract", f"cannot write parts to {parts.folder}: {exc.strerror or exc}")
    sink.name = "manifest"
    for note in sink.notes:
        typer.echo(f"giamsat: {note}", err=True)
    return sink
