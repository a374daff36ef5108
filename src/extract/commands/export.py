"""``giamsat export``: the database's tables as CSV or Parquet files."""

from __future__ import annotations

from pathlib import Path

import typer

from ..cli import app
from ..sinks import DEFAULT_URL


@app.command()
def export(
    out: Path = typer.Argument(..., file_okay=False, help="folder to write one file per table into"),
    db: str = typer.Option(DEFAULT_URL, "--db", metavar="URL", help="SQLAlchemy URL or SQLite file written by extract --db"),
    fmt: str = typer.Option("csv", "--format", help="csv or parquet"),
) -> None:
    """Write the database's tables as CSV or Parquet files, one per table.

    Tables: documents, officials, official_titles, dates, figures, recommendations, warnings; each file is written whole, then renamed into place.
    """
    from ..export import ExportError, export as run_export

    try:
        written = run_export(db, fmt.lower(), out)
    except ExportError as exc:
        typer.echo(f"giamsat: {exc}", err=True)
        raise typer.Exit(2)
    for name, rows in written.items():
        typer.echo(f"{out / name}: {rows} rows")
