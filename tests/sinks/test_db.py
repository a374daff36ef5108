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

from extract.batch import Result
from extract.cli import app
from extract.pipeline import process
from extract.sinks import sql
from extract.sinks.sql import DocumentRow as Document, FigureRow as Figure, OfficialRow as Official, OfficialTitleRow as OfficialTitle, SqlSink, connect

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted((ROOT / "corpus" / "docs").glob("*.txt"))
POSTGRES_URL = os.environ.get("GIAMSAT_TEST_POSTGRES_URL",
                              "postgresql+psycopg://giamsat:giamsat@127.0.0.1:5432/giamsat_test")
TABLES = {"officials": Official, "official_titles": OfficialTitle, "dates": sql.DateRow, "figures": Figure,
          "recommendations": sql.RecommendationRow, "warnings": sql.WarningRow}


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
    assert "4 documents, 3 already done (--resume), 1 record, 0 errors" in second.stderr
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


# ------------------------------------------------------------------ issue 15: hangs, races, passwords


def test_a_server_that_accepts_and_never_answers_is_a_setup_error_in_seconds(tmp_path, monkeypatch):
    pytest.importorskip("psycopg", reason="psycopg is not installed (the [postgres] extra)")
    import socket
    import time

    monkeypatch.setattr(sql, "CONNECT_TIMEOUT", 1)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)  # the kernel completes the handshake; nobody ever answers
    url = f"postgresql+psycopg://giamsat:m4t-kh4u-bi-mat@127.0.0.1:{silent.getsockname()[1]}/giamsat"
    try:
        started = time.monotonic()
        result = CliRunner().invoke(app, ["extract", str(DOCS[0]), "--db", url, "-o", str(tmp_path / "o.jsonl")])
        assert time.monotonic() - started < 15
    finally:
        silent.close()
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"giamsat extract: cannot use the database {url.replace('m4t-kh4u-bi-mat', '***')}: ")
    assert "timeout" in result.stderr and len(result.stderr.splitlines()) == 1
    assert "m4t-kh4u-bi-mat" not in result.output + result.stderr


def test_the_timeouts_reach_the_driver_and_a_url_may_set_its_own():
    from sqlalchemy.engine import make_url

    args = sql._connect_args(make_url("postgresql+psycopg://u:p@h/d?options=-csearch_path%3Dt_1"))
    assert args == {"connect_timeout": sql.CONNECT_TIMEOUT,
                    "options": f"-csearch_path=t_1 -c statement_timeout={sql.STATEMENT_TIMEOUT * 1000}"}
    assert sql._connect_args(make_url("postgresql+psycopg://u:p@h/d?connect_timeout=3")).keys() == {"options"}
    assert sql._connect_args(make_url("sqlite:///x.db")) == {"timeout": sql.SQLITE_BUSY_TIMEOUT}


def test_a_statement_waiting_on_a_lock_ends_at_the_statement_timeout(monkeypatch):
    """A table another session holds locked: the write gives up after the statement timeout, in words."""
    import time

    url = _postgres_url()
    try:
        connect(url).dispose()
        monkeypatch.setattr(sql, "STATEMENT_TIMEOUT", 1)
        holder = sql.engine_for(url)
        with holder.connect() as other:
            other.execute(text("lock table documents in access exclusive mode"))
            sink = SqlSink(url)  # connects and migrates (nothing to do) before the lock matters
            record = json.loads(process(DOCS[0]).model_dump_json())
            started = time.monotonic()
            with pytest.raises(sql.StoreError) as err:
                sink.write(Result(source=str(DOCS[0]), text=json.dumps(record), status="ok", id=record["id"]))
            assert time.monotonic() - started < 10
            assert str(err.value) == "QueryCanceled: canceling statement due to statement timeout"
            sink.close()
            other.rollback()
        holder.dispose()
    finally:
        _drop_schema(url)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_first_runs_at_once_on_a_new_database_all_succeed(tmp_path, backend):
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'new.db'}" if backend == "sqlite" else _postgres_url()
    # each process imports, says so, and waits for the word: then all four migrate at the same moment
    code = ("import sys; from extract.sinks.sql import connect, current_revision; "
            "print('ready', flush=True); sys.stdin.readline(); e = connect(sys.argv[1]); print(current_revision(e))")
    try:
        procs = [subprocess.Popen([sys.executable, "-c", code, url], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(4)]
        assert [p.stdout.readline() for p in procs] == ["ready\n"] * 4
        for p in procs:
            p.stdin.write("go\n")
            p.stdin.flush()
        outcomes = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0, 0], [err[-500:] for _, err in outcomes]
        assert {out.strip() for out, _ in outcomes} == {sql.head_revision()}
    finally:
        if backend == "postgresql":
            _drop_schema(url)


def test_a_database_error_never_shows_the_password(tmp_path):
    url = "postgresql+psycopg://giamsat:s3cr3t-pw@127.0.0.1:1/none"
    for args in (["extract", str(DOCS[0]), "--db", url], ["export", "--db", url, str(tmp_path / "out")]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "s3cr3t-pw" not in result.output + result.stderr and "giamsat:***@127.0.0.1:1" in result.stderr
        assert len(result.stderr.splitlines()) == 1


def test_export_help_lists_every_table_it_writes_and_formats_are_a_choice():
    from extract.commands.export import TABLES

    assert sorted(TABLES) == sorted(sql.Base.metadata.tables)
    shown = CliRunner().invoke(app, ["export", "--help"], env={"COLUMNS": "400"}).output
    assert all(name in shown for name in TABLES) and "csv|parquet" in shown
    bad = CliRunner().invoke(app, ["export", "--format", "xls", "out"], env={"COLUMNS": "400"})
    assert bad.exit_code == 2 and "'xls' is not one of 'csv', 'parquet'" in bad.output


def test_the_page_that_linked_an_attachment_is_kept(database, records):
    """``source.linked_from`` (``giamsat pull``'s attachments) is a column of ``documents``."""
    record = json.loads(json.dumps(records[0]))
    record["source"]["linked_from"] = "https://hdnd.example.vn/tin/giam-sat-1.html"
    sink = SqlSink(database)
    sink.write_record(record)
    sink.close()
    engine = connect(database)
    with engine.connect() as connection:
        got = connection.execute(select(Document.linked_from).where(Document.id == record["id"])).scalar_one()
    engine.dispose()
    assert got == "https://hdnd.example.vn/tin/giam-sat-1.html"
