"""``giamsat validate``: check JSONL records against the schema and the reviewer's checks."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ..cli import app
from ._common import fail


def _shown(value) -> str | None:
    """An id or source as the report shows it: a string as it is; another JSON value (a record's
    ``id`` written as a number, say) as its JSON, so that the report still names it."""
    if value is None or isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False)[:80]
    except (TypeError, ValueError, RecursionError):
        return type(value).__name__


@app.command()
def validate(
    files: list[Path] = typer.Argument(..., help="JSONL files written by giamsat extract (-o), --pretty ones too"),
    as_json: bool = typer.Option(False, "--json", help="print the findings as one JSON document instead of tables"),
) -> None:
    """Check records against the JSON Schema and a reviewer's checks (spans, dates, percentages, breakdowns).

    Prints the findings as a table and a verdict per file (or, with --json, one JSON document: per file its records, valid and invalid counts and every finding with its line); exit status 1 when any record is invalid (has an error-level finding), 0 otherwise (warnings alone do not fail), 2 when a file cannot be read.
    """
    from rich.console import Console

    from ..validate import check_file, report_table

    for path in files:
        if not path.exists():
            fail("validate", f"{path}: {'a broken link' if path.is_symlink() else 'no such file'}")
        if not path.is_file():
            fail("validate", f"{path}: not a file")
    console = Console(highlight=False, soft_wrap=False)
    invalid = 0
    report = []
    for path in files:
        try:
            checked = check_file(path)
        except OSError as exc:
            fail("validate", f"{path}: cannot read it ({exc.strerror or exc})")
        except RecursionError:
            fail("validate", f"{path}: a record nested too deeply to check")
        for c in checked:  # values of the wrong type (an id that is a number) still name their record
            c.id, c.source = _shown(c.id), _shown(c.source)
        if as_json:
            bad = sum(not c.valid for c in checked)
            report.append({"file": str(path), "records": len(checked), "valid": len(checked) - bad, "invalid": bad,
                           "findings": [{"line": c.line, "id": c.id, "source": c.source, "status": _shown(c.status),
                                         "level": f.level, "check": f.code, "message": f.message}
                                        for c in checked for f in c.findings]})
        else:
            _, bad = report_table(path, checked, console)
        invalid += bad
    if as_json:
        typer.echo(json.dumps({"files": report, "invalid": invalid}, ensure_ascii=False, indent=2))
    if invalid:
        raise typer.Exit(1)
