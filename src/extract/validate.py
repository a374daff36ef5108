"""``giamsat validate``: each record against the JSON Schema and the checks a reviewer makes.

The schema is the one ``giamsat schema`` generates from the models, which
``schemas/report.schema.json`` must equal (a test holds them together). A record that
passes the schema is read into the models and given ``checks.check_report``: spans
inside the text and equal to their evidence, ISO dates that exist, shares within 0–100 %,
breakdown parts that do not exceed their whole. Each check, these and the file's own (schema,
JSON, duplicates), is defined once in ``checks.CHECKS`` with its level, the one ``giamsat
extract`` goes by: an error makes a record invalid (extract never writes one), a warning only
asks for a look (extract writes it into the record's ``warnings``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from .checks import check_report, level
from .sinks.jsonl import scan

MAX_MESSAGE = 240
# A record nests under ten levels (figures → mentions → span: 5); one nested far deeper is no record, and
# checking it would take the schema's messages (``repr``) past Python's recursion limit.
MAX_DEPTH = 64


@dataclass
class Finding:
    level: str  # error | warning
    code: str  # schema, json, span, date, percent, figure, breakdown, id, duplicate, model
    message: str


@dataclass
class Checked:
    """One record (or one place in the file that should have held one) and what was found."""

    line: int
    id: str | None = None
    source: str | None = None
    status: str | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not any(f.level == "error" for f in self.findings)


@lru_cache(maxsize=1)
def schema() -> dict:
    from .schema import schema_json

    return json.loads(schema_json())


@lru_cache(maxsize=None)
def _validator(status: str | None = None):
    """The whole schema's validator, or the branch the discriminator ``status`` picks (clearer messages)."""
    from jsonschema import Draft202012Validator

    whole = schema()
    target = (whole.get("discriminator") or {}).get("mapping", {}).get(status)
    if target is None:
        Draft202012Validator.check_schema(whole)
        chosen = whole
    else:
        chosen = {"$schema": whole.get("$schema"), "$defs": whole.get("$defs", {}), "$ref": target}
    return Draft202012Validator(chosen, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _short(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def shown(value) -> str | None:
    """An id, source or status as a report shows it: a string as it is; another JSON value (an
    ``id`` written as a number, a ``source.path`` that is an object) as its JSON, cut short, so that
    the report still names the record (the schema's finding says what is wrong with it)."""
    if value is None or isinstance(value, str):
        return value
    try:
        return _short(json.dumps(value, ensure_ascii=False))[:80]
    except (TypeError, ValueError, RecursionError):
        return type(value).__name__


def too_deep(value, limit: int = MAX_DEPTH) -> str | None:
    """Where ``value`` nests deeper than ``limit`` levels ("text/0/0/…"), or None; iterative, so that
    any depth json can read is measured without recursion."""
    stack: list[tuple[object, int, tuple]] = [(value, 0, ())]
    while stack:
        node, depth, path = stack.pop()
        if depth > limit:
            return "/".join(map(str, path[:3])) + "/…"
        if isinstance(node, dict):
            items = node.items()
        elif isinstance(node, list):
            items = enumerate(node)
        else:
            continue
        for key, child in items:
            if isinstance(child, (dict, list)):
                stack.append((child, depth + 1, path + (key,) if len(path) < 3 else path))
    return None


def check_record(record: dict) -> list[Finding]:
    """Findings for one record (a dict as read from JSONL); a record too deeply nested to check is one
    schema finding that says where, never a RecursionError."""
    where = too_deep(record)
    if where is not None:
        return [Finding(level("schema"), "schema",
                        f"{where}: nested more than {MAX_DEPTH} levels deep (no record nests so deep); not checked")]
    try:
        return _check_record(record)
    except RecursionError:  # called with little stack left: still one finding, not a crash
        return [Finding(level("schema"), "schema", "(record): nested too deeply to check")]


def _check_record(record: dict) -> list[Finding]:
    status = record.get("status")
    errors = sorted(_validator(status if isinstance(status, str) else None).iter_errors(record),
                    key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        return [Finding(level("schema"), "schema", _short(f"{'/'.join(str(p) for p in e.absolute_path) or '(record)'}: {e.message}"))
                for e in errors]
    if record.get("status") != "ok":
        return []
    from pydantic import ValidationError

    from .models import Report

    try:
        report = Report.model_validate(record)
    except ValidationError as exc:  # the schema and the models disagree: a bug, but say it
        return [Finding(level("model"), "model", _short(str(exc)))]
    return [Finding(level(w.code), w.code, _short(w.message)) for w in check_report(report)]


def check_stream(stream) -> Iterator[Checked]:
    """Every record of a JSONL (or ``--pretty``) binary stream, checked."""
    first_line: dict[str, int] = {}
    for item in scan(stream):
        if item.record is None:
            yield Checked(item.line, findings=[Finding(level("json"), "json", _short(item.problem or "not a record"))])
            continue
        record = item.record
        source = record.get("source") if isinstance(record.get("source"), dict) else {}
        named = [v for v in (source.get("path"), source.get("url")) if v is not None and v != ""]
        where = next((v for v in named if isinstance(v, str)), named[0] if named else None)
        checked = Checked(item.line, shown(record.get("id")), shown(where), shown(record.get("status")),
                          check_record(record))
        if isinstance(checked.id, str):
            if checked.id in first_line:
                checked.findings.append(Finding(level("duplicate"), "duplicate",
                                                f"id also on line {first_line[checked.id]} (the same document twice)"))
            else:
                first_line[checked.id] = item.line
        yield checked


def check_file(path: Path) -> list[Checked]:
    with path.open("rb") as fh:
        return list(check_stream(fh))


def report_table(path: Path, checked: Iterable[Checked], console) -> tuple[int, int]:
    """Print the findings as a table; return (records, invalid records). Ids and sources of any
    type are shown (as ``shown`` writes them), never a crash."""
    from rich.markup import escape
    from rich.table import Table

    from .batch import plural

    checked = list(checked)
    invalid = sum(not c.valid for c in checked)
    errors = sum(f.level == "error" for c in checked for f in c.findings)
    warnings = sum(f.level == "warning" for c in checked for f in c.findings)
    table = Table(title=escape(str(path)), show_lines=False, title_justify="left")
    for name, style in (("line", "dim"), ("record", ""), ("level", ""), ("check", "cyan"), ("finding", "")):
        table.add_column(name, style=style, overflow="fold")
    for c in checked:
        source, data_id = shown(c.source), shown(c.id)
        name = Path(source).name if source and "://" not in source and isinstance(c.source, str) else (source or "?")
        for f in c.findings:
            colour = "red" if f.level == "error" else "yellow"
            table.add_row(str(c.line), escape(f"{name} {(data_id or '')[:8]}".strip()), f"[{colour}]{f.level}", f.code,
                          escape(f.message))
    if table.row_count:
        console.print(table)
    verdict = "[red]invalid" if invalid else "[green]valid"
    console.print(f"{escape(str(path))}: {plural(len(checked), 'record')}, {len(checked) - invalid} valid, "
                  f"{invalid} invalid ({plural(errors, 'error')}, {plural(warnings, 'warning')}): {verdict}",
                  soft_wrap=True)
    return len(checked), invalid
