"""Core commands: eval, schema (extract lives in ``commands/extract.py``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from ..cli import app
from ..schema import SCHEMA_PATH, schema_json
from ._common import check_output, fail


@app.command("eval")
def evaluate_cmd(
    gold: Path = typer.Option(..., "--gold", help="folder of gold JSON files (ANNOTATION.md)"),
    docs: Path = typer.Option(..., "--docs", help="folder holding the documents the gold files name"),
    as_json: bool = typer.Option(False, "--json", help="print the scores as JSON"),
) -> None:
    """Precision, recall and F1 per field against gold files."""
    from ..evaluate import evaluate, format_scores

    for option, folder in (("--gold", gold), ("--docs", docs)):
        if not folder.is_dir():
            fail("eval", f"{option} {folder}: {'not a folder' if folder.exists() else 'no such folder'}")
    scores = evaluate(gold, docs)
    typer.echo(json.dumps(scores, ensure_ascii=False, indent=2) if as_json else format_scores(scores))


@app.command()
def schema(
    output: Optional[Path] = typer.Option(None, "-o", "--output", help=f"write here (e.g. {SCHEMA_PATH})"),
) -> None:
    """Print (or write) the JSON Schema generated from the pydantic models."""
    text = schema_json()
    if output:
        check_output("schema", output, [])
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            fail("schema", f"cannot write -o {output}: {exc.strerror or exc}")
    else:
        sys.stdout.write(text)
