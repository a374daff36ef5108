"""``giamsat export``: the database's tables as CSV or Parquet files."""

from __future__ import annotations

import enum
from pathlib import Path

import typer

from ..cli import app
from ..sinks import DEFAULT_URL, redact, scrub
from ._common import fail

# Every table export writes, as the help lists them; tests/sinks/test_db.py holds this to the schema's tables.
TABLES = ("documents", "officials", "official_titles", "dates", "figures", "recommendations", "warnings",
          "people", "document_people", "bodies", "document_bodies", "places", "document_places")


class Format(str, enum.Enum):
    csv = "csv"
    parquet = "parquet"


@app.command()
def export(
    out: Path = typer.Argument(..., help="folder to write one file per table into (made if missing)"),
    db: str = typer.Option(DEFAULT_URL, "--db", metavar="URL", help="SQLAlchemy URL or SQLite file written by extract --db"),
    fmt: Format = typer.Option(Format.csv, "--format", case_sensitive=False, help="the files' format"),
) -> None:
    """Write the database's tables as CSV or Parquet files, one per table.

    Tables: documents, officials, official_titles, dates, figures, recommendations, warnings; people, document_people, bodies, document_bodies, places, document_places (the linking tables). Each file is written whole, then renamed into place. Exit status 2 when the database cannot be read or the folder written.
    """
    from ..export import ExportError, export as run_export

    if out.exists() and not out.is_dir():
        fail("export", f"{out} is a file; give a folder for the tables")
    try:
        written = run_export(db, fmt.value, out)
    except ExportError as exc:
        fail("export", (scrub(str(exc), db).strip().splitlines() or ["?"])[0])  # the driver's first line says it
    except OSError as exc:
        fail("export", f"cannot write into {out}: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - the database failing half-way: in words, without the password
        fail("export", f"reading {redact(db)} failed: {scrub(f'{type(exc).__name__}: {exc}', db).splitlines()[0]}")
    for name, rows in written.items():
        typer.echo(f"{out / name}: {rows} rows")
