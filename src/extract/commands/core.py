"""Core commands: extract, schema, eval."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterator, Optional

import typer

from ..cli import app
from ..schema import SCHEMA_PATH, schema_json


SUFFIXES = {".txt", ".html", ".htm", ".pdf", ".docx"}


def expand_inputs(inputs: list[str]) -> Iterator[str]:
    """Files as given, folders walked recursively (sorted, supported suffixes), URLs as given."""
    for item in inputs:
        if item.startswith(("http://", "https://")):
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            seen: set[Path] = set()
            for child in sorted(path.rglob("*")):
                try:
                    real = child.resolve()
                except (OSError, RuntimeError):  # a symlink loop: report it, keep going
                    yield str(child)
                    continue
                if child.is_file() and child.suffix.lower() in SUFFIXES and real not in seen:
                    seen.add(real)
                    yield str(child)
        else:
            yield item


@app.command()
def extract(
    inputs: list[str] = typer.Argument(..., help="files, folders (recursive) or http(s) URLs"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="write JSONL here instead of stdout"),
    indent: bool = typer.Option(False, "--pretty", help="indented JSON (one record per document still)"),
) -> None:
    """Extract one JSON record per document (JSONL)."""
    from ..pipeline import process

    out = output.open("w", encoding="utf-8") if output else sys.stdout
    failed = 0
    try:
        for src in expand_inputs(inputs):
            record = process(src)
            failed += record.status == "error"
            out.write(record.model_dump_json(indent=2 if indent else None) + "\n")
            out.flush()
    finally:
        if output:
            out.close()
    if failed:
        typer.echo(f"{failed} input(s) could not be read; see their error records", err=True)
        raise typer.Exit(1)


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

