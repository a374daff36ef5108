"""``giamsat validate``: check JSONL records against the schema and the reviewer's checks."""

from __future__ import annotations

from pathlib import Path

import typer

from ..cli import app


@app.command()
def validate(
    files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, readable=True,
                                       help="JSONL files written by giamsat extract (-o), --pretty ones too"),
) -> None:
    """Check records against the JSON Schema and a reviewer's checks (spans, dates, percentages, breakdowns).

    Prints the findings as a table and a verdict per file; exit status 1 when any record is invalid (has an error-level finding), 0 otherwise (warnings alone do not fail).
    """
    from rich.console import Console

    from ..validate import check_file, report_table

    console = Console(highlight=False, soft_wrap=False)
    invalid = 0
    for path in files:
        _, bad = report_table(path, check_file(path), console)
        invalid += bad
    if invalid:
        raise typer.Exit(1)
