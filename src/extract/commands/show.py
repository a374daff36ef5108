"""``giamsat show``: HTML review pages for documents or records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator, Optional

import typer

from ..cli import app

RECORD_SUFFIXES = {".jsonl", ".json"}


def read_records(path: Path) -> Iterator[tuple[dict, list[str]]]:
    """The records in a JSONL file (or concatenated JSON, as ``extract --pretty`` writes), each
    with the problems found validating it against the models; a record that does not validate
    is still shown, with its problems on the page."""
    from pydantic import TypeAdapter, ValidationError

    from ..models import Record

    adapter = TypeAdapter(Record)
    text = path.read_text(encoding="utf-8-sig")
    decoder = json.JSONDecoder()
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            return
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise typer.BadParameter(f"{path}: not JSON records ({exc})") from exc
        if not isinstance(value, dict):
            raise typer.BadParameter(f"{path}: a record must be a JSON object, found {type(value).__name__}")
        problems: list[str] = []
        try:
            adapter.validate_python(value)
        except ValidationError as exc:
            problems = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:10]]
        yield value, problems


def _record_name(record: dict, n: int) -> str:
    source = record.get("source") or {}
    return source.get("path") or source.get("url") or record.get("id") or f"record-{n}"


@app.command()
def show(
    source: str = typer.Argument(..., help="a document (file or URL), a folder of documents, or a .jsonl file of records"),
    output: Optional[Path] = typer.Option(
        None, "-o", "--output",
        help="the page to write (default view.html); for a folder or several records, the site folder (default site/)",
    ),
    title: str = typer.Option("giamsat review", "--title", help="heading of the index page"),
) -> None:
    """Write an HTML review page: the text with every extracted item highlighted, and its tables."""
    from ..pipeline import process
    from ..render import write_page, write_site
    try:  # the folder walk of `giamsat extract` (moved from core.py to extract.py)
        from .extract import expand_inputs
    except ImportError:
        from .core import expand_inputs

    path = Path(source)
    is_url = source.startswith(("http://", "https://"))
    items: list[tuple[str, Any, list[str]]] = []
    site = False
    if not is_url and path.is_dir():
        site = True
        for src in expand_inputs([source]):
            record = process(src)
            name = str(Path(src).relative_to(path)) if Path(src).is_relative_to(path) else src
            items.append((name, record, []))
            typer.echo(f"{record.status:5}  {src}", err=True)
    elif not is_url and path.suffix.lower() in RECORD_SUFFIXES:
        items = [(_record_name(r, i), r, p) for i, (r, p) in enumerate(read_records(path), start=1)]
        if not items:
            raise typer.BadParameter(f"{path}: no records")
        site = len(items) > 1
    else:
        items = [(source, process(source), [])]

    if site:
        folder = output or Path("site")
        if folder.suffix.lower() in {".html", ".htm"}:
            raise typer.BadParameter(f"{len(items)} documents make a site: give a folder to -o, not {folder}")
        entries = write_site(items, folder, title=title)
        typer.echo(f"wrote {folder / 'index.html'} and {len(entries)} page(s)", err=True)
    else:
        name, record, problems = items[0]
        page = output or Path("view.html")
        if page.is_dir():
            page = page / "view.html"
        write_page(record, page, problems=problems)
        status = record.status if hasattr(record, "status") else record.get("status")
        typer.echo(f"wrote {page}" + ("" if status == "ok" else f" (the input could not be read: {status})"), err=True)
