"""``giamsat places``: the administrative units of many records, one row per unit, with counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from ..cli import app
from .people import load, show


@app.command()
def places(
    source: Optional[Path] = typer.Argument(None, help="JSONL of records (giamsat extract output)"),
    db: Optional[str] = typer.Option(None, "--db", metavar="URL", help="read the database written by extract --db"),
    limit: int = typer.Option(0, "--limit", help="show the first N places only (0: all)"),
    as_json: bool = typer.Option(False, "--json", help="print JSON lines instead of a table"),
) -> None:
    """List the administrative units the records name, linked to their official codes, with counts."""
    found = load(source, db, "places")
    shown = found[:limit] if limit else found
    if as_json:
        for p in shown:
            typer.echo(json.dumps({"key": p.key, "name": p.name, "level": p.level, "code": p.code,
                                   "province_code": p.province_code, "set": p.set, "path": p.path,
                                   "documents": len(p.documents), "mentions": p.mentions}, ensure_ascii=False))
        return
    show(f"{len(found)} places", ["key", "name", "level", "code", "province", "docs", "mentions"],
         [[p.key, p.name, p.level, p.code, p.province_code, str(len(p.documents)), str(p.mentions)] for p in shown])
