"""Core commands: schema, eval (extract lives in ``commands/extract.py``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from ..cli import app
from ..schema import SCHEMA_PATH, schema_json


@app.command()
def schema(
    output: Optional[Path] = typer.Option(None, "-o", "--output", help=f"write here (e.g. {SCHEMA_PATH})"),
) -> None:
    """Print (or write) the JSON Schema generated from the pydantic models."""
    text = schema_json()
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@app.command("eval")
def evaluate_cmd(
    gold: Path = typer.Option(..., "--gold", help="folder of gold JSON files (ANNOTATION.md)"),
    docs: Path = typer.Option(..., "--docs", help="folder holding the documents the gold files name"),
    as_json: bool = typer.Option(False, "--json", help="print the scores as JSON"),
) -> None:
    """Precision, recall and F1 per field against gold files."""
    from ..evaluate import evaluate, format_scores

    scores = evaluate(gold, docs)
    typer.echo(json.dumps(scores, ensure_ascii=False, indent=2) if as_json else format_scores(scores))

