"""``giamsat apply``: records corrected by a reviewer's corrections (or gold) files."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..cli import app
from ._common import check_output, fail


@app.command()
def apply(
    records: Path = typer.Argument(..., help="the records (JSONL, as giamsat extract -o writes)"),
    corrections: list[Path] = typer.Argument(
        ..., help="corrections files saved from a giamsat show page, or gold files (ANNOTATION.md), or folders of them"),
    output: Path = typer.Option(..., "-o", "--output", help="the corrected records (JSONL); records without corrections are copied"),
    db: Optional[str] = typer.Option(None, "--db", help="also store the reviewed records in this database (SQLAlchemy URL); "
                                                        "it keeps the machine's record beside each"),
    by: Optional[str] = typer.Option(None, "--by", help="who reviewed (else the corrections file's review.by)"),
    at: Optional[str] = typer.Option(None, "--at", help="when, ISO 8601 (else the corrections file's review.at)"),
) -> None:
    """Write the records with the reviewers' corrections applied, each marked as reviewed.

    A corrections file belongs to the record of its ``id`` (or, in a plain gold file, of its ``doc`` file name or its own name). Every item is grounded in the record's text: a span given is kept where it holds the item, else the item is looked for in the text; an item found nowhere is named on stderr and left out. Exit status: 0 done; 1 some corrections file matched no record, could not be read, or left items out; 2 a usage error.
    """
    from pydantic import TypeAdapter, ValidationError

    from .. import corrections as corr
    from ..models import Record, Report
    from .show import NotRecords, read_records

    if not records.is_file():
        fail("apply", f"{records}: {'not a file' if records.exists() else 'no such file'}")
    for c in corrections:
        if not c.exists():
            fail("apply", f"{c}: no such file or folder")
    check_output("apply", output, [str(records), *map(str, corr.files(corrections))])
    try:
        found = list(read_records(records))
    except NotRecords as exc:
        fail("apply", str(exc))
    adapter = TypeAdapter(Record)
    problems = 0
    golds: list[tuple[Path, dict]] = []
    for path in corr.files(corrections):
        try:
            golds.append((path, corr.read(path)))
        except corr.CorrectionsError as exc:
            typer.echo(f"giamsat apply: {exc}", err=True)
            problems += 1
    used: set[Path] = set()
    out_lines: list[str] = []
    reviewed: list[dict] = []
    for record, _problems, line in found:
        mine = [(p, g) for p, g in golds if corr.belongs(g, p.stem, record)]
        if not mine or record.get("status") != "ok":
            out_lines.append(_dump(record))
            continue
        try:
            report = adapter.validate_python(record)
        except ValidationError as exc:
            typer.echo(f"giamsat apply: {records}:{line}: not a valid record ({exc.errors()[0].get('msg')}); "
                       "left as it is", err=True)
            problems += 1
            out_lines.append(_dump(record))
            continue
        assert isinstance(report, Report)
        path, gold = mine[-1]  # several for one record: the last named wins
        if len(mine) > 1:
            typer.echo(f"giamsat apply: {len(mine)} corrections files for {records}:{line}; applying {path}", err=True)
        used.update(p for p, _ in mine)
        fixed = corr.apply(report, gold, by=by, at=at, name=path.name)
        for item in fixed.review.not_found:
            typer.echo(f"giamsat apply: {path}: {item}; left out", err=True)
        problems += bool(fixed.review.not_found)
        data = fixed.model_dump(mode="json")
        reviewed.append((data, record))
        out_lines.append(fixed.model_dump_json())
    for path, _ in golds:
        if path not in used:
            typer.echo(f"giamsat apply: {path}: no record in {records} is this document's", err=True)
            problems += 1
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text("".join(line + "\n" for line in out_lines), encoding="utf-8")
    except OSError as exc:
        fail("apply", f"cannot write -o {output}: {exc.strerror or exc}")
    if db:
        _store(db, reviewed)
    typer.echo(f"wrote {output}: {len(reviewed)} reviewed record(s) of {len(found)}", err=True)
    if problems:
        raise typer.Exit(1)


def _dump(record: dict) -> str:
    import json

    return json.dumps(record, ensure_ascii=False)


def _store(url: str, reviewed: list[tuple[dict, dict]]) -> None:
    """The reviewed records into the database, each with the machine's record it corrects kept beside it."""
    from ..sinks import StoreError, redact

    try:
        from sqlalchemy.exc import SQLAlchemyError

        from ..sinks.sql import SqlSink

        sink = SqlSink(url)
        try:
            for record, machine in reviewed:
                sink.write_record(record, machine)
        except SQLAlchemyError as exc:
            raise StoreError.of(exc, url) from None
        finally:
            sink.close()
    except StoreError as exc:
        fail("apply", f"cannot use the database {redact(url)}: {exc}")
