"""``giamsat export``: the database's tables as files, one per table (CSV or Parquet).

Each file is written beside its final name and renamed into place, so a reader never
sees half a file. Parquet needs pyarrow (the ``[parquet]`` extra); its column types
follow the database's, so an empty table still has its columns typed.
"""

from __future__ import annotations

import csv
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from sqlalchemy import Boolean, DateTime, Double, Engine, Float, Integer, Table

from .sinks.sql import Base, current_revision, engine_for, head_revision, iter_rows

FORMATS = ("csv", "parquet")


def tables() -> list[Table]:
    """Every table of the schema, each after the tables it refers to (documents first)."""
    return list(Base.metadata.sorted_tables)


class ExportError(RuntimeError):
    pass


def open_database(url: str) -> Engine:
    """An engine on a giamsat database at the newest schema; a clear error otherwise (export changes nothing)."""
    engine = engine_for(url)
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:") \
            and not Path(engine.url.database).is_file():
        raise ExportError(f"{url}: no such database file")  # connecting would create an empty one
    try:
        revision = current_revision(engine)
    except Exception as exc:  # noqa: BLE001 - unreachable server, bad URL: say so plainly
        raise ExportError(f"cannot open {url}: {type(exc).__name__}: {exc}") from exc
    if revision is None:
        raise ExportError(f"{url} holds no giamsat tables: write some first with `giamsat extract … --db {url}`")
    if revision != head_revision():
        raise ExportError(f"{url} is at schema revision {revision}, this giamsat expects {head_revision()}: "
                          f"run `giamsat extract --db {url}` (any input) to upgrade it")
    return engine


def _atomic_target(out: Path, name: str) -> tuple[Path, Path]:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out)
    os.close(fd)
    os.chmod(tmp, 0o644)  # mkstemp's 0600 would otherwise stick to the final file
    return Path(tmp), out / name


def _write_csv(rows: Iterator[dict], columns: list[str], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _arrow_schema(table: Table):
    import pyarrow as pa

    fields = []
    for column in table.columns:
        kind = column.type
        if isinstance(kind, Boolean):
            typ = pa.bool_()
        elif isinstance(kind, Integer):
            typ = pa.int64()
        elif isinstance(kind, (Double, Float)):
            typ = pa.float64()
        elif isinstance(kind, DateTime):
            typ = pa.timestamp("us", tz="UTC")
        else:
            typ = pa.string()
        fields.append(pa.field(column.name, typ, nullable=column.nullable))
    return pa.schema(fields)


def _utc(value):
    if isinstance(value, datetime):
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    return value


def _write_parquet(rows: Iterator[dict], table: Table, path: Path, batch: int = 5000) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ExportError("Parquet needs pyarrow: pip install 'giamsat[parquet]'") from exc
    schema = _arrow_schema(table)
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        chunk: list[dict] = []
        for row in rows:
            chunk.append({k: _utc(v) for k, v in row.items()})
            if len(chunk) >= batch:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                count, chunk = count + len(chunk), []
        if chunk or not count:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            count += len(chunk)
    return count


def export(url: str, fmt: str, out: Path) -> dict[str, int]:
    """Write every table of the database at ``url`` into folder ``out``; returns rows per file."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    engine = open_database(url)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    try:
        for table in tables():
            name = f"{table.name}.{fmt}"
            tmp, final = _atomic_target(out, name)
            try:
                rows = iter_rows(engine, table)
                if fmt == "csv":
                    written[name] = _write_csv(rows, [c.name for c in table.columns], tmp)
                else:
                    written[name] = _write_parquet(rows, table, tmp)
                os.replace(tmp, final)
            finally:
                tmp.unlink(missing_ok=True)
    finally:
        engine.dispose()
    return written
