"""--db: records into SQLite (always) and PostgreSQL (when a server answers); migrations; export."""

from __future__ import annotations

import copy
import csv
import json
import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from extract.cli import app
from extract.pipeline import process
from extract.sinks import sql
from extract.sinks.sql import Document, Figure, Official, OfficialTitle, SqlSink, connect

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted((ROOT / "corpus" / "docs").glob("*.txt"))
POSTGRES_URL = os.environ.get("GIAMSAT_TEST_POSTGRES_URL",
                              "postgresql+psycopg://giamsat:giamsat@127.0.0.1:5432/giamsat_test")
TABLES = {"officials": Official, "official_titles": OfficialTitle, "dates": sql.Date, "figures": Figure,
          "recommendations": sql.Recommendation, "warnings": sql.WarningRow}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(process(p).model_dump_json()) for p in DOCS]


def _postgres_url() -> str:
    """A fresh schema on the test server for each test (others may share the server), or a skip."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (the [postgres] extra)")
    from sqlalchemy import create_engine

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
    try:
        with admin.begin() as connection:
            connection.execute(text(f"create schema {schema}"))
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"no PostgreSQL at {POSTGRES_URL} ({type(exc).__name__}); run scripts/setup.d/postgres.sh "
                    "(as root) or set GIAMSAT_TEST_POSTGRES_URL")
    finally:
        admin.dispose()
    return f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"


def _drop_schema(url: str) -> None:
    from sqlalchemy import create_engine

    schema = url.rsplit("%3D", 1)[1]
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f"drop schema {schema} cascade"))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'giamsat.db'}"
        return
    url = _postgres_url()
    yield url
    _drop_schema(url)


def counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {name: connection.scalar(select(func.count()).select_from(model)) for name, model in TABLES.items()}


def expected(records: list[dict]) -> dict[str, int]:
    ok = [r for r in records if r["status"] == "ok"]
    found = {name: sum(len(r[name]) for r in ok) for name in ("officials", "dates", "figures", "recommendations", "warnings")}
    found["official_titles"] = sum(len(o["titles"]) for r in ok for o in r["officials"])
    return found


def test_migrations_build_exactly_the_models(database):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = connect(database)
    assert sql.current_revision(engine) == sql.head_revision()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": sql.VERSION_TABLE})
        assert compare_metadata(context, sql.Base.metadata) == []
    sql.downgrade(engine, "base")  # migrations go both ways
    with engine.connect() as connection:
        assert not {"documents", "figures"} & set(connection.dialect.get_table_names(connection))
    sql.migrate(engine)
    connect(database)  # a second connect finds the schema at head and changes nothing
    assert sql.current_revision(engine) == sql.head_revision()
    engine.dispose()


def test_records_become_rows_and_writing_again_replaces_them(database, records, tmp_path):
    sink = SqlSink(database)
    unreadable = tmp_path / "latin.txt"
    unreadable.write_bytes(bytes(range(128, 256)) * 20)
    error = json.loads(process(unreadable).model_dump_json())
    assert error["status"] == "error" and error["id"]
    for record in records * 2 + [error]:  # every document twice
        sink.write_record(record)
    assert counts(sink.engine) == expected(records)
    with sink.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Document)) == len(records) + 1
        # breakdown links: the same (part, whole) pairs as the records
        whole = Figure.__table__.alias("whole")
        pairs = connection.execute(
            select(Figure.document_id, Figure.figure_id, whole.c.figure_id)
            .join(whole, (whole.c.document_id == Figure.document_id) & (whole.c.figure_id == Figure.part_of)))
        assert sorted(pairs) == sorted((r["id"], f["id"], f["part_of"]) for r in records for f in r["figures"]
                                       if f.get("part_of"))
        row = connection.execute(select(Document).where(Document.id == records[0]["id"])).mappings().one()
        assert row["text"] == records[0]["text"] and row["status"] == "ok"
        failed = connection.execute(select(Document.status, Document.error_kind).where(Document.id == error["id"])).one()
        assert tuple(failed) == ("error", error["error"]["kind"])

    changed = copy.deepcopy(records[0])  # the same document read again, with fewer items
    changed["figures"] = [f for f in changed["figures"] if not f.get("part_of")][:2]
    changed["officials"] = changed["officials"][:1]
    sink.write_record(changed)
    assert counts(sink.engine) == expected([changed] + records[1:])
    sink.close()


def test_odd_values_are_stored_not_refused(database, records):
    record = copy.deepcopy(next(r for r in records if r["figures"]))
    record["id"] = "0" * 64
    record["text"] = record["text"] + "\x00"  # PostgreSQL text cannot hold NUL
    record["figures"][0]["part_of"] = "f999"  # a link to nothing
    record["figures"][1]["value"] = None  # what an infinite value becomes in JSON
    sink = SqlSink(database)
    sink.write_record(record)
    with sink.engine.connect() as connection:
        stored = connection.scalar(select(Document.text).where(Document.id == record["id"]))
        assert len(stored) == len(record["text"]) and stored.endswith("\ufffd")
        assert connection.scalar(select(Figure.part_of).where(Figure.document_id == record["id"],
                                                              Figure.figure_id == record["figures"][0]["id"])) is None
    sink.close()


def test_extract_into_the_database_then_resume_from_it(database, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in DOCS[:3]:
        (folder / p.name).write_bytes(p.read_bytes())
    first = CliRunner().invoke(app, ["extract", str(folder), "--db", database, "-j", "2"])
    assert first.exit_code == 0, first.output
    assert first.stdout == ""  # with --db and no -o, the database is the output
    (folder / DOCS[3].name).write_bytes(DOCS[3].read_bytes())
    second = CliRunner().invoke(app, ["extract", str(folder), "--db", database, "-j", "2", "--resume"])
    assert second.exit_code == 0, second.output
    assert "4 documents, 3 already done (--resume), 1 records" in second.stderr
    engine = sql.engine_for(database)
    with engine.connect() as connection:
        paths = connection.scalars(select(Document.source_path)).all()
    assert sorted(Path(p).name for p in paths) == sorted(p.name for p in DOCS[:4])
    engine.dispose()


def test_resume_fills_each_sink_with_what_it_lacks(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in DOCS[:2]:
        (folder / p.name).write_bytes(p.read_bytes())
    out, url = tmp_path / "out.jsonl", f"sqlite:///{tmp_path / 'giamsat.db'}"
    assert CliRunner().invoke(app, ["extract", str(folder), "-o", str(out), "-j", "1"]).exit_code == 0
    written = out.read_bytes()
    result = CliRunner().invoke(app, ["extract", str(folder), "-o", str(out), "--db", url, "-j", "1", "--resume"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == written  # the file had them: not written twice
    engine = sql.engine_for(url)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Document)) == 2  # the database lacked them
    engine.dispose()


def test_a_database_that_cannot_be_reached_is_a_setup_error(tmp_path):
    result = CliRunner().invoke(app, ["extract", str(DOCS[0]), "--db", "postgresql+psycopg://x:y@127.0.0.1:1/none"])
    assert result.exit_code == 2 and "cannot use the database" in result.stderr


def test_export_csv_and_parquet_hold_every_row(tmp_path, records):
    url = f"sqlite:///{tmp_path / 'giamsat.db'}"
    sink = SqlSink(url)
    for record in records:
        sink.write_record(record)
    rows = counts(sink.engine)
    sink.close()
    for fmt in ("csv", "parquet"):
        result = CliRunner().invoke(app, ["export", "--db", url, "--format", fmt, str(tmp_path / fmt)])
        assert result.exit_code == 0, result.output
        assert f"documents.{fmt}: {len(records)} rows" in result.output
        assert sorted(p.name for p in (tmp_path / fmt).iterdir()) == sorted(
            f"{t}.{fmt}" for t in sql.Base.metadata.tables)  # every table, nothing half written left behind
    for name, count in rows.items():
        with (tmp_path / "csv" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            assert sum(1 for _ in csv.DictReader(fh)) == count
    import pyarrow.parquet as pq

    figures = pq.read_table(tmp_path / "parquet" / "figures.parquet")
    assert figures.num_rows == rows["figures"]
    assert str(figures.schema.field("value").type) == "double" and str(figures.schema.field("span_start").type) == "int64"
    first = records[0]
    in_order = [r for r in figures.to_pylist() if r["document_id"] == first["id"]]
    assert [r["figure_id"] for r in in_order] == [f["id"] for f in first["figures"]]
    docs = pq.read_table(tmp_path / "parquet" / "documents.parquet").to_pylist()
    assert {d["id"]: d["text"] for d in docs} == {r["id"]: r["text"] for r in records}


def test_export_refuses_what_is_not_a_giamsat_database(tmp_path):
    missing = CliRunner().invoke(app, ["export", "--db", f"sqlite:///{tmp_path / 'none.db'}", str(tmp_path / "out")])
    assert missing.exit_code == 2 and "no such database file" in missing.stderr
    assert not (tmp_path / "none.db").exists()
    other = tmp_path / "other.db"
    import sqlite3

    sqlite3.connect(other).execute("create table t (x int)").connection.close()
    result = CliRunner().invoke(app, ["export", "--db", str(other), "--format", "csv", str(tmp_path / "out")])
    assert result.exit_code == 2 and "holds no giamsat tables" in result.stderr
