"""``giamsat show``: HTML review pages for documents or records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator, Optional

import typer

from ..cli import app
from ..inputs import is_web
from ._common import MAX_BYTES, MAX_MEMORY_MB, MAX_PAGES, MAX_SECONDS, check_output, fail, limits_of

RECORD_SUFFIXES = {".jsonl", ".json"}
MAX_FIXES = 3  # rounds of taking out what does not validate, before a record is shown as it is


class NotRecords(ValueError):
    """The file is no file of records (not UTF-8, not JSON, not objects): what and where, in one line."""


def read_records(path: Path) -> Iterator[tuple[dict, list[str], int]]:
    """The records in a JSONL file (or concatenated JSON, as ``extract --pretty`` writes), each
    with the problems found validating it against the models and the line it starts on. A record
    that does not validate is still shown, with its problems on the page, and what does not
    validate taken out of it (``renderable``). Raises ``NotRecords`` for a file that holds no
    records: invalid UTF-8, text that is not JSON, JSON nested too deeply, values that are not
    objects."""
    from pydantic import TypeAdapter

    from ..models import Record

    adapter = TypeAdapter(Record)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise NotRecords(f"{path}:{line}: byte {exc.start} is not UTF-8 (records are UTF-8 JSON)") from None
    decoder = json.JSONDecoder()
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            return
        line = text.count("\n", 0, pos) + 1
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise NotRecords(f"{path}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg})") from None
        except RecursionError:
            raise NotRecords(f"{path}:{line}: JSON nested too deeply to be a record") from None
        if not isinstance(value, dict):
            raise NotRecords(f"{path}:{line}: a record is a JSON object, this is {type(value).__name__}")
        yield value, renderable(value, adapter), line


_GONE = object()


def _errors(value: dict, adapter) -> list[dict]:
    from pydantic import ValidationError

    try:
        adapter.validate_python(value)
    except ValidationError as exc:
        return exc.errors()
    except RecursionError:
        return [{"loc": (), "msg": "nested too deeply to validate"}]
    return []


def renderable(record: dict, adapter) -> list[str]:
    """The problems of ``record`` against the models; what does not validate is taken out of it in
    place (a list item holding the fault, or the field's value), so that the page shows the rest."""
    problems: list[str] = []
    for _ in range(MAX_FIXES):
        errors = _errors(record, adapter)
        if not errors:
            break
        fixed = False
        for e in errors:
            loc = list(e.get("loc") or ())
            if loc and loc[0] in ("ok", "error"):  # the tag of the record's kind (its status)
                loc = loc[1:]
            where = ".".join(map(str, loc)) or "(record)"
            problem = f"{where}: {e.get('msg')}"
            if problem not in problems:
                problems.append(problem)
            fixed |= _take_out(record, loc)
        lists = [record]
        while lists:  # the items marked gone leave their lists
            node = lists.pop()
            children = node.values() if isinstance(node, dict) else node
            for child in children:
                if isinstance(child, list):
                    child[:] = [x for x in child if x is not _GONE]
                if isinstance(child, (dict, list)):
                    lists.append(child)
        if not fixed:
            break
    return problems[:20]


def _take_out(record: dict, loc: list) -> bool:
    """Take out what ``loc`` points at: the innermost list item on the way, else the field's value (None)."""
    node: Any = record
    last_list: tuple[list, int] | None = None
    parents: list[tuple[Any, Any]] = []
    for key in loc:
        if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            last_list = (node, key)
        elif not (isinstance(node, dict) and key in node):
            break
        parents.append((node, key))
        node = node[key]
    else:
        if last_list is not None:
            items, i = last_list
            items[i] = _GONE
            return True
        if parents:
            container, key = parents[-1]
            if isinstance(container, dict) and container[key] is not None:
                container[key] = None  # the page shows an absent value; a missing key would break it
                return True
        return False
    if last_list is not None:  # the fault is a missing field inside a list item
        items, i = last_list
        items[i] = _GONE
        return True
    return False


def _record_name(record: dict, n: int) -> str:
    source = record.get("source") if isinstance(record.get("source"), dict) else {}
    for value in (source.get("path"), source.get("url"), record.get("id")):
        if isinstance(value, str) and value:
            return value
    return f"record-{n}"


def _read_golds(folder: Path) -> list[tuple[str, dict]]:
    """The gold (or corrections) files of a folder, as (name, gold); a usage error if none can be read."""
    from ..corrections import CorrectionsError, read

    if not folder.is_dir():
        fail("show", f"--gold {folder}: {'not a folder' if folder.exists() else 'no such folder'}")
    out = []
    for path in sorted(folder.glob("*.json")):
        try:
            out.append((path.stem, read(path)))
        except CorrectionsError as exc:
            typer.echo(f"giamsat show: {exc}; skipped", err=True)
    if not out:
        fail("show", f"--gold {folder}: no gold file (*.json) in it")
    return out


def _gold_of(golds: list[tuple[str, dict]], record: dict) -> dict | None:
    from ..corrections import belongs

    if record.get("status") != "ok":
        return None
    return next((g for name, g in golds if belongs(g, name, record)), None)


def _shown_records(path: Path, items: list, source: str) -> int:
    """The records of a .jsonl file into ``items``; one that does not validate is shown with its
    problems where what is left makes a page. Returns how many did not validate."""
    from ..render import render_page

    failed = 0
    try:
        found = list(read_records(path))
    except NotRecords as exc:
        fail("show", str(exc))
    except OSError as exc:
        fail("show", f"{source}: cannot read it ({exc.strerror or exc})")
    if not found:
        fail("show", f"{path}: no records")
    for i, (record, problems, line) in enumerate(found, start=1):
        if problems:
            failed += 1
            more = f"; {len(problems) - 1} more" if len(problems) > 1 else ""
            try:  # what is left of it must still make a page
                render_page(record, problems=problems)
            except Exception as exc:  # noqa: BLE001 - one record that cannot be shown costs that record only
                typer.echo(f"giamsat show: {path}:{line}: not a valid record ({problems[0]}{more}); not shown "
                           f"({type(exc).__name__}: {exc})", err=True)
                continue
            typer.echo(f"giamsat show: {path}:{line}: not a valid record ({problems[0]}{more}); shown with its "
                       "problems, what does not validate left out", err=True)
        items.append((_record_name(record, i), record, problems))
    return failed


def _matched_gold(items: list, golds: Any, gold: Path) -> dict:
    """Each item's gold, by its position; a document without one is named (a folder of gold about
    none of them is an error)."""
    matched = {n: g for n, (_, record, _) in enumerate(items) if (g := _gold_of(golds, record)) is not None}
    if not matched:
        fail("show", f"--gold {gold}: no gold file is about any of these documents", 1)
    for n, (name, record, _) in enumerate(items):
        if n not in matched and record.get("status") == "ok":
            typer.echo(f"giamsat show: {name}: no gold file in {gold}; shown without", err=True)
    return matched


@app.command()
def show(
    source: str = typer.Argument(..., help="a document (file or URL), a folder of documents, or a .jsonl file of records"),
    output: Optional[Path] = typer.Option(
        None, "-o", "--output",
        help="the page to write (default view.html); for a folder or several records, the site folder (default site/)",
    ),
    title: str = typer.Option("giamsat review", "--title", help="heading of the index page"),
    gold: Optional[Path] = typer.Option(
        None, "--gold", help="a folder of gold (or corrections) files: each page shows its record against its document's "
                             "gold, items matched, spurious and missed in three colours, with the scores eval gives it"),
    jobs: Optional[int] = typer.Option(
        None, "-j", "--jobs", min=1, show_default=False,
        help="documents of a folder read at once, each in its own worker process (default: this machine's cores)"),
    follow_links: bool = typer.Option(
        False, "--follow-links", help="in a folder, also read links to files outside it (skipped with a note otherwise)"),
    max_seconds: float = MAX_SECONDS,
    max_memory_mb: int = MAX_MEMORY_MB,
    max_bytes: str = MAX_BYTES,
    max_pages: int = MAX_PAGES,
) -> None:
    """Write an HTML review page: the text with every extracted item highlighted, and its tables.

    Documents are read as `giamsat extract` reads them, under the same limits. Exit status: 0 when every page shows a record; 1 when an input could not be read (a missing file, a damaged one) or a record is not valid: its page says why; 2 on a usage error (a file that holds no records, an output that cannot be written).
    """
    import os

    from ..batch import run_local
    from ..render import write_page, write_site
    from .extract import expand_inputs

    limits = limits_of("show", max_seconds, max_memory_mb, max_bytes, max_pages)
    golds = _read_golds(gold) if gold is not None else None
    path = Path(source)
    url = is_web(source)
    items: list[tuple[str, Any, list[str]]] = []
    failed = 0
    site = False
    if not url and path.is_dir():
        site = True
        sources = list(expand_inputs([source], follow_links=follow_links))
        if not sources:
            fail("show", f"{source}: no document to show in this folder", 1)
    elif not url and path.suffix.lower() in RECORD_SUFFIXES and path.exists():
        sources = []
        failed += _shown_records(path, items, source)
        if not items:
            fail("show", f"{path}: no record could be shown", 1)
        site = len(items) > 1
    else:
        sources = [source]
    folder = (output or Path("site")) if site else None
    page = None if site else (output or Path("view.html"))
    if page is not None and page.is_dir():
        page = page / "view.html"
    if folder is not None and folder.suffix.lower() in {".html", ".htm"}:
        fail("show", f"{len(items) or len(sources)} documents make a site: give a folder to -o, not {folder}")
    check_output("show", folder or page, sources or [source], folder=folder is not None)
    if sources:
        results = dict(run_local(list(enumerate(sources)), jobs or os.cpu_count() or 1, limits))
        for index, src in enumerate(sources):
            record = results[index].record()
            items.append((src, record, []))
            failed += record.get("status") != "ok"
            if site:
                typer.echo(f"{record.get('status', '?'):5}  {src}", err=True)
    matched = _matched_gold(items, golds, gold) if golds is not None else {}
    try:
        if site:
            entries = write_site(items, folder, title=title, golds=matched)
            typer.echo(f"wrote {folder / 'index.html'} and {len(entries)} page(s)", err=True)
        else:
            _, record, problems = items[0]
            write_page(record, page, problems=problems, gold=matched.get(0))
            error = record.get("error") if isinstance(record.get("error"), dict) else {}
            message = str(error.get("message") or "").strip().splitlines()
            why = f"{error.get('kind', '?')}: {message[0]}" if message else str(error.get("kind", "?"))
            typer.echo(f"wrote {page}" + ("" if record.get("status") == "ok" else f" (the input could not be read: {why})"),
                       err=True)
    except OSError as exc:
        fail("show", f"cannot write {folder or page}: {exc.strerror or exc}")
    if failed:
        raise typer.Exit(1)
