"""``giamsat people``: the officials of many records, one row per person key, with counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from ..cli import app
from ._common import fail


def load(source: Optional[Path], db: Optional[str], what: str) -> list:
    """People or places from a JSONL file of records or from the database written by ``extract --db``;
    a file that holds no records, or a database that cannot be read, ends the command with one line
    saying what and where (exit 2), the database's password never shown."""
    from ..linking import catalog
    from ..sinks import StoreError

    if (source is None) == (db is None):
        fail(what, "give a JSONL file of records or --db URL (one of them)")
    try:
        if db is not None:
            return catalog.people_in_db(db) if what == "people" else catalog.places_in_db(db)
        if not source.exists():
            fail(what, f"{source}: {'a broken link' if source.is_symlink() else 'no such file'}")
        if not source.is_file():
            fail(what, f"{source}: not a file")
        records = list(catalog.read_records(source))
    except StoreError as exc:  # bad URL, server down, no giamsat tables: the message has no password
        fail(what, str(exc))
    except catalog.NotRecords as exc:
        fail(what, str(exc))
    except OSError as exc:
        fail(what, f"{source}: cannot read it ({exc.strerror or exc})")
    return catalog.people_of(records) if what == "people" else catalog.places_of(records)


def show(title: str, columns: list[str], rows: list[list[str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for name in columns:
        table.add_column(name, overflow="fold", justify="right" if name in ("docs", "mentions") else "left")
    for row in rows:
        table.add_row(*row)
    Console(width=200).print(table)


@app.command()
def people(
    source: Optional[Path] = typer.Argument(None, help="JSONL of records (giamsat extract output)"),
    db: Optional[str] = typer.Option(None, "--db", metavar="URL", help="read the database written by extract --db"),
    limit: int = typer.Option(0, "--limit", help="show the first N people only (0: all)"),
    as_json: bool = typer.Option(False, "--json", help="print JSON lines instead of a table"),
) -> None:
    """List people (one key per official across reports) with the documents and mentions that name them."""
    found = load(source, db, "people")
    shown = found[:limit] if limit else found
    if as_json:
        for p in shown:
            typer.echo(json.dumps({"key": p.key, "names": sorted(p.names), "documents": len(p.documents),
                                   "mentions": p.mentions, "positions": p.positions}, ensure_ascii=False))
        return
    show(f"{len(found)} people", ["key", "name", "docs", "mentions", "positions"],
         [[p.key, "; ".join(sorted(p.names)), str(len(p.documents)), str(p.mentions), "; ".join(p.positions[:3])]
          for p in shown])
