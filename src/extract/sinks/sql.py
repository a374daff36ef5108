"""Records into SQL tables through SQLAlchemy: SQLite by default, PostgreSQL by URL.

Tables (one row per item, keyed by the document's sha256 and the item's position in
its list, so a document written again replaces its rows and never duplicates them):

- ``documents``: the record's source, text, error (for error records) and supervision;
- ``officials`` and ``official_titles``; ``dates``; ``figures`` (``part_of`` links a part
  to its whole in the same document); ``recommendations``; ``warnings``;
- ``places``, ``bodies`` and ``people``, shared by all documents and keyed by the records'
  keys, and ``document_places``, ``document_bodies``, ``document_people`` (which
  documents name them, how often; ``document_people`` points at the officials' rows).

Spans are ``*_start``/``*_end`` character offsets into ``documents.text`` (end
exclusive), ``page`` the PDF page. The schema is created and upgraded by the Alembic
migrations in ``extract/migrations`` (``migrate``), run by ``connect``.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import (
    Boolean, DateTime, Double, Engine, ForeignKey, ForeignKeyConstraint, Index, Integer, MetaData, String, Text,
    create_engine, delete, event, false, func, insert, select, update,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ..inputs import is_web
from . import StoreError

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
VERSION_TABLE = "giamsat_schema_version"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


def _doc_fk() -> Any:
    return mapped_column(String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(64), primary_key=True, comment="sha256 of the source bytes")
    status: Mapped[str] = mapped_column(String(8), index=True, comment="ok, or error for inputs that could not be read")
    schema_version: Mapped[str] = mapped_column(String(8))
    source_path: Mapped[str | None] = mapped_column(Text, index=True)
    source_url: Mapped[str | None] = mapped_column(Text)
    linked_from: Mapped[str | None] = mapped_column(Text, comment="the page that linked it (giamsat pull)")
    media_type: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(32), index=True)
    encoding: Mapped[str | None] = mapped_column(String(40))
    pages: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text, comment="the normalised text every span points into")
    error_kind: Mapped[str | None] = mapped_column(String(20), index=True)
    error_message: Mapped[str | None] = mapped_column(Text)
    supervision_body: Mapped[str | None] = mapped_column(Text)
    supervision_body_start: Mapped[int | None] = mapped_column(Integer)
    supervision_body_end: Mapped[int | None] = mapped_column(Integer)
    supervision_target: Mapped[str | None] = mapped_column(Text)
    supervision_target_start: Mapped[int | None] = mapped_column(Integer)
    supervision_target_end: Mapped[int | None] = mapped_column(Integer)
    supervision_topic: Mapped[str | None] = mapped_column(Text)
    supervision_topic_start: Mapped[int | None] = mapped_column(Integer)
    supervision_topic_end: Mapped[int | None] = mapped_column(Integer)
    supervision_period: Mapped[str | None] = mapped_column(Text)
    supervision_period_value: Mapped[str | None] = mapped_column(String(64))
    supervision_period_start: Mapped[int | None] = mapped_column(Integer)
    supervision_period_end: Mapped[int | None] = mapped_column(Integer)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    reviewed: Mapped[bool] = mapped_column(Boolean, index=True, server_default=false(),
                                           comment="the rows are a reviewer's corrected record (giamsat apply)")
    reviewed_by: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[str | None] = mapped_column(String(40), comment="ISO 8601")
    corrections: Mapped[str | None] = mapped_column(Text, comment="the corrections file applied")
    machine_record: Mapped[str | None] = mapped_column(
        Text, comment="the machine's record as JSON (its text in documents.text), where a reviewed one took its place in the rows")


class OfficialRow(Base):
    __tablename__ = "officials"

    document_id: Mapped[str] = _doc_fk()
    position: Mapped[int] = mapped_column(Integer, primary_key=True, comment="index in the record's list")
    name: Mapped[str] = mapped_column(Text, index=True)
    mention_count: Mapped[int] = mapped_column(Integer)
    span_start: Mapped[int | None] = mapped_column(Integer, comment="the first mention")
    span_end: Mapped[int | None] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)


class OfficialTitleRow(Base):
    __tablename__ = "official_titles"
    __table_args__ = (
        ForeignKeyConstraint(["document_id", "official_position"], ["officials.document_id", "officials.position"],
                             ondelete="CASCADE"),
    )

    document_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    official_position: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    expanded: Mapped[str | None] = mapped_column(Text, comment="abbreviations spelled out")
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)


class DateRow(Base):
    __tablename__ = "dates"

    document_id: Mapped[str] = _doc_fk()
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(String(64), index=True, comment="ISO 8601, START/END for periods")
    value_start: Mapped[str] = mapped_column(String(32), comment="the value, or the start of a period")
    value_end: Mapped[str] = mapped_column(String(32), comment="the value, or the end of a period")
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    mention_count: Mapped[int] = mapped_column(Integer)


class FigureRow(Base):
    __tablename__ = "figures"
    __table_args__ = (
        ForeignKeyConstraint(["document_id", "part_of"], ["figures.document_id", "figures.figure_id"]),
        Index("ix_figures_document_id_part_of", "document_id", "part_of"),
    )

    document_id: Mapped[str] = _doc_fk()
    figure_id: Mapped[str] = mapped_column(String(16), primary_key=True, comment="f1, f2, … within the document")
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Double)
    unit: Mapped[str | None] = mapped_column(Text, index=True)
    category: Mapped[str] = mapped_column(String(20), index=True)
    label: Mapped[str | None] = mapped_column(Text)
    qualifier: Mapped[str | None] = mapped_column(Text)
    part_of: Mapped[str | None] = mapped_column(String(16), comment="figure_id of the whole this figure breaks down")
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    mention_count: Mapped[int] = mapped_column(Integer)


class RecommendationRow(Base):
    __tablename__ = "recommendations"

    document_id: Mapped[str] = _doc_fk()
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    cue: Mapped[str | None] = mapped_column(Text)
    requested_by: Mapped[str | None] = mapped_column(Text, comment="the record's `by`")
    requested_by_start: Mapped[int | None] = mapped_column(Integer)
    requested_by_end: Mapped[int | None] = mapped_column(Integer)
    addressee: Mapped[str | None] = mapped_column(Text)  # no index: a long value would not fit a PostgreSQL b-tree
    addressee_start: Mapped[int | None] = mapped_column(Integer)
    addressee_end: Mapped[int | None] = mapped_column(Integer)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)


class WarningRow(Base):
    __tablename__ = "warnings"

    document_id: Mapped[str] = _doc_fk()
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), index=True)
    message: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)


# ------------------------------------------------------------------ people, bodies and places (linking)
# Shared across documents, keyed by the record's keys (Place.key, Body.key, Official.key), and
# written only where missing; the document_* tables say which documents name them, how often.

_KEY = 500  # keys are readable paths ("tỉnh-thanh-hóa/hội-đồng-nhân-dân/ban-kinh-tế-ngân-sách")


class PlaceRow(Base):
    __tablename__ = "places"

    key: Mapped[str] = mapped_column(String(_KEY), primary_key=True, comment="'{set}:{level}:{code}'")
    unit_set: Mapped[str] = mapped_column(String(16), comment="legacy-63 (before 2025-07-01) or 2025-34")
    level: Mapped[str] = mapped_column(String(16), index=True, comment="province, district or ward")
    type: Mapped[str] = mapped_column(String(40), comment="Tỉnh, Thành phố, Huyện, Quận, Thị xã, Xã, Phường, …")
    name: Mapped[str] = mapped_column(Text, comment="official name, e.g. Huyện Hoằng Hóa")
    code: Mapped[str] = mapped_column(String(16), comment="official code at its level")
    province_code: Mapped[str] = mapped_column(String(16), index=True)
    district_code: Mapped[str | None] = mapped_column(String(16))
    path: Mapped[str] = mapped_column(Text, comment="names from the province down: tỉnh-thanh-hóa/huyện-hoằng-hóa")


class BodyRow(Base):
    __tablename__ = "bodies"

    key: Mapped[str] = mapped_column(String(_KEY), primary_key=True, comment="place path / body path")
    expanded: Mapped[str] = mapped_column(Text, comment="full name qualified by its place")
    scope: Mapped[str | None] = mapped_column(String(16), comment="national, province, district, ward or foreign")
    place_key: Mapped[str | None] = mapped_column(String(_KEY), ForeignKey("places.key"), index=True)
    part_of: Mapped[str | None] = mapped_column(String(_KEY), ForeignKey("bodies.key"),
                                                comment="the body it is part of (Thường trực HĐND → HĐND)")


class PersonRow(Base):
    __tablename__ = "people"

    key: Mapped[str] = mapped_column(String(_KEY), primary_key=True,
                                     comment="folded name @ where they serve: lê-quang-hùng@tỉnh-thanh-hóa")
    name: Mapped[str] = mapped_column(Text, comment="the name as first written")


class DocumentPlace(Base):
    __tablename__ = "document_places"

    document_id: Mapped[str] = _doc_fk()
    place_key: Mapped[str] = mapped_column(String(_KEY), ForeignKey("places.key"), primary_key=True, index=True)
    text: Mapped[str] = mapped_column(Text, comment="as first written, or the official name where only implied")
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    mention_count: Mapped[int] = mapped_column(Integer)
    implied: Mapped[bool] = mapped_column(Boolean, comment="not written: the province of a named district")
    renamed: Mapped[bool] = mapped_column(Boolean, comment="written under a former name or type")
    supervised: Mapped[bool] = mapped_column(Boolean, comment="the supervision's target (or its unit)")


class DocumentBody(Base):
    __tablename__ = "document_bodies"

    document_id: Mapped[str] = _doc_fk()
    body_key: Mapped[str] = mapped_column(String(_KEY), ForeignKey("bodies.key"), primary_key=True, index=True)
    text: Mapped[str] = mapped_column(Text, comment="as first written")
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    mention_count: Mapped[int] = mapped_column(Integer)


class DocumentPerson(Base):
    __tablename__ = "document_people"
    __table_args__ = (
        ForeignKeyConstraint(["document_id", "official_position"], ["officials.document_id", "officials.position"],
                             ondelete="CASCADE"),
    )

    document_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    official_position: Mapped[int] = mapped_column(Integer, primary_key=True, comment="the official's row")
    person_key: Mapped[str] = mapped_column(String(_KEY), ForeignKey("people.key"), index=True)


SHARED = (PlaceRow, BodyRow, PersonRow)  # written where missing, never deleted with a document


def linking_rows(record: dict) -> dict[type[Base], list[dict]]:
    """Rows of the people, bodies and places tables for one record (shared tables first)."""
    doc_id = record["id"]
    places = record.get("places") or []
    place_keys = {p["key"] for p in places}
    bodies = sorted(record.get("bodies") or [], key=lambda b: len(b["key"]))  # a body after the one it is part of
    body_keys = {b["key"] for b in bodies}
    officials = [(i, o) for i, o in enumerate(record.get("officials") or []) if o.get("key")]
    sup = record.get("supervision") or {}
    rows: dict[type[Base], list[dict]] = {
        PlaceRow: [{"key": p["key"], "unit_set": p["set"], "level": p["level"], "type": p["type"], "name": p["name"],
                    "code": p["code"], "province_code": p["province_code"], "district_code": p.get("district_code"),
                    "path": p["path"]} for p in places],
        BodyRow: [{"key": b["key"], "expanded": b["expanded"], "scope": b.get("scope"),
                   "place_key": b.get("place_key") if b.get("place_key") in place_keys else None,
                   "part_of": b.get("part_of") if b.get("part_of") in body_keys else None} for b in bodies],
        PersonRow: list({o["key"]: {"key": o["key"], "name": o["name"]} for _, o in officials}.values()),
        DocumentPlace: [{"document_id": doc_id, "place_key": p["key"], "text": p["text"], **_span(p),
                         "page": (p.get("span") or {}).get("page"), "mention_count": len(p.get("mentions") or []),
                         "implied": bool(p.get("implied")), "renamed": bool(p.get("renamed")),
                         "supervised": p["key"] == sup.get("target_place_key")} for p in places],
        DocumentBody: [{"document_id": doc_id, "body_key": b["key"], "text": b["text"], **_span(b),
                        "page": b["span"].get("page"), "mention_count": len(b.get("mentions") or [])} for b in bodies],
        DocumentPerson: [{"document_id": doc_id, "official_position": i, "person_key": o["key"]} for i, o in officials],
    }
    return rows


def _insert_missing(connection, model: type[Base], items: list[dict]) -> None:
    """Insert the rows whose key the table does not hold yet (shared tables)."""
    keys = [row["key"] for row in items]
    have: set[str] = set()
    for start in range(0, len(keys), 500):
        have |= set(connection.scalars(select(model.key).where(model.key.in_(keys[start:start + 500]))))
    missing = [row for row in items if row["key"] not in have]
    if missing:
        connection.execute(insert(model), missing)


# children first: the order rows are deleted in (and the reverse of the order they are written in)
CHILDREN = [DocumentPerson, DocumentBody, DocumentPlace, OfficialTitleRow, OfficialRow, FigureRow, DateRow, RecommendationRow,
            WarningRow]


# ------------------------------------------------------------------ connecting and migrating


def database_url(value: str) -> str:
    """A URL as given, or a plain file path taken as a SQLite file."""
    return value if "://" in value else f"sqlite:///{value}"


# A server that accepts and never answers, a table locked by another session: bounded, never a hang.
CONNECT_TIMEOUT = 10  # seconds to connect to a database server (PostgreSQL's connect_timeout)
STATEMENT_TIMEOUT = 120  # seconds one statement may run or wait for a lock (PostgreSQL's statement_timeout)
SQLITE_BUSY_TIMEOUT = 30  # seconds a SQLite statement waits for another process's write lock
_POSTGRES_DRIVERS = ("psycopg", "psycopg2", "psycopg2cffi")  # the libpq drivers: connect_timeout and options
MIGRATION_LOCK = 0x6769616D  # the PostgreSQL advisory lock migrations take ("giam")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _connect_args(url) -> dict:
    """Timeouts for the driver, unless the URL sets them itself (``?connect_timeout=3``)."""
    if url.get_backend_name() == "sqlite":
        return {"timeout": SQLITE_BUSY_TIMEOUT}
    if url.get_backend_name() != "postgresql" or url.get_driver_name() not in _POSTGRES_DRIVERS:
        return {}
    args: dict = {}
    if "connect_timeout" not in url.query:
        args["connect_timeout"] = CONNECT_TIMEOUT
    options = url.query.get("options") or ""
    options = " ".join(options) if isinstance(options, tuple) else options
    if "statement_timeout" not in options:  # the URL's own options (a search_path) are kept
        args["options"] = f"{options} -c statement_timeout={int(STATEMENT_TIMEOUT * 1000)}".strip()
    return args


def engine_for(url: str) -> Engine:
    from sqlalchemy.engine import make_url

    parsed = make_url(database_url(url))
    engine = create_engine(parsed, connect_args=_connect_args(parsed))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _alembic_config(connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@contextmanager
def _sqlite_write_lock(connection) -> Iterator[None]:
    """SQLite's write lock for the block (an immediate transaction, waited for up to the busy
    timeout): the transaction SQLAlchemy opens inside the block is this one, DDL included."""
    raw = connection.connection.driver_connection  # the sqlite3 connection
    level = raw.isolation_level
    raw.isolation_level = None  # the driver begins nothing by itself: the transaction below is the one
    try:
        raw.execute("BEGIN IMMEDIATE")
        yield
    finally:
        if raw.in_transaction:
            raw.rollback()
        raw.isolation_level = level


def migrate(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the tables to ``revision`` (Alembic) in one transaction, holding the database's
    lock on its schema, so that processes starting at once on a new database take turns: the first
    creates the tables, the others find them made. PostgreSQL: an advisory lock held to the end of the
    transaction; SQLite: its write lock."""
    from alembic import command

    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            with _sqlite_write_lock(connection), connection.begin():
                command.upgrade(_alembic_config(connection), revision)
            return
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK)))
            command.upgrade(_alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Undo migrations down to ``revision`` ("base": no tables left)."""
    from alembic import command

    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), revision)


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE}).get_current_revision()


def connect(url: str) -> Engine:
    """An engine on ``url`` whose schema is at the newest revision (created or upgraded here)."""
    engine = engine_for(url)
    migrate(engine)
    return engine


# ------------------------------------------------------------------ records → rows


def _clean(value: Any) -> Any:
    # PostgreSQL text cannot hold NUL; U+FFFD keeps the length, so spans stay right
    return value.replace("\x00", "\ufffd") if isinstance(value, str) else value


def _span(item: dict | None, prefix: str = "span") -> dict:
    span = (item or {}).get("span") or {}
    return {f"{prefix}_start": span.get("start"), f"{prefix}_end": span.get("end")}


def _figure_order(figures: list[dict]) -> list[dict]:
    """Wholes before their parts (the foreign key checks each row); a link to nothing is dropped."""
    ids = {f["id"] for f in figures}
    placed: set[str] = set()
    ordered: list[dict] = []
    waiting = [dict(f) for f in figures]
    while waiting:
        ready = [f for f in waiting if not f.get("part_of") or f["part_of"] in placed]
        if not ready:  # a cycle, or a whole that is not in the record
            ready = waiting[:1]
            ready[0]["part_of"] = None
        for f in ready:
            if f.get("part_of") not in ids:
                f["part_of"] = None
            placed.add(f["id"])
            ordered.append(f)
            waiting.remove(f)
    return ordered


def record_rows(record: dict) -> dict[type[Base], list[dict]]:
    """The rows of every table for one record (a dict as in the JSONL output)."""
    doc_id = record["id"]
    source = record.get("source") or {}
    sup = record.get("supervision") or {}
    error = record.get("error") or {}
    document = {
        "id": doc_id, "status": record.get("status"), "schema_version": record.get("schema_version"),
        "source_path": source.get("path"), "source_url": source.get("url"), "linked_from": source.get("linked_from"),
        "media_type": source.get("media_type"),
        "title": source.get("title"), "published": source.get("published"), "encoding": source.get("encoding"),
        "pages": source.get("pages"), "text": record.get("text"),
        "error_kind": error.get("kind"), "error_message": error.get("message"),
    }
    for name in ("body", "target", "topic", "period"):
        item = sup.get(name)
        document[f"supervision_{name}"] = item and item.get("text")
        document.update(_span(item, f"supervision_{name}"))
    document["supervision_period_value"] = (sup.get("period") or {}).get("value")
    rows: dict[type[Base], list[dict]] = {DocumentRow: [document]}
    rows[OfficialRow], rows[OfficialTitleRow] = [], []
    for i, off in enumerate(record.get("officials") or []):
        first = (off.get("mentions") or [None])[0]
        rows[OfficialRow].append({"document_id": doc_id, "position": i, "name": off["name"],
                               "mention_count": len(off.get("mentions") or []),
                               **_span(first), "page": ((first or {}).get("span") or {}).get("page")})
        for j, title in enumerate(off.get("titles") or []):
            rows[OfficialTitleRow].append({"document_id": doc_id, "official_position": i, "position": j,
                                        "text": title["text"], "expanded": title.get("expanded"),
                                        **_span(title), "page": title["span"].get("page")})
    rows[DateRow] = []
    for i, d in enumerate(record.get("dates") or []):
        start, _, end = d["value"].partition("/")
        rows[DateRow].append({"document_id": doc_id, "position": i, "text": d["text"], "value": d["value"],
                           "value_start": start, "value_end": end or start, **_span(d),
                           "page": d["span"].get("page"), "mention_count": len(d.get("mentions") or [])})
    position = {f["id"]: i for i, f in enumerate(record.get("figures") or [])}
    rows[FigureRow] = [
        {"document_id": doc_id, "figure_id": f["id"], "position": position[f["id"]], "text": f["text"],
         "value": f.get("value"), "unit": f.get("unit"), "category": f["category"], "label": f.get("label"),
         "qualifier": f.get("qualifier"), "part_of": f.get("part_of"), **_span(f), "page": f["span"].get("page"),
         "mention_count": len(f.get("mentions") or [])}
        for f in _figure_order(record.get("figures") or [])
    ]
    rows[RecommendationRow] = [
        {"document_id": doc_id, "position": i, "text": r["text"], "cue": r.get("cue"),
         "requested_by": r.get("by"), **_span({"span": r.get("by_span")}, "requested_by"),
         "addressee": r.get("addressee"), **_span({"span": r.get("addressee_span")}, "addressee"),
         **_span(r), "page": r["span"].get("page")}
        for i, r in enumerate(record.get("recommendations") or [])
    ]
    rows[WarningRow] = [
        {"document_id": doc_id, "position": i, "code": w["code"], "message": w["message"], **_span(w),
         "page": (w.get("span") or {}).get("page")}
        for i, w in enumerate(record.get("warnings") or [])
    ]
    rows.update(linking_rows(record))
    return {model: [{k: _clean(v) for k, v in row.items()} for row in items] for model, items in rows.items()}


def _without_text(record: dict) -> str:
    import json

    return json.dumps({k: v for k, v in record.items() if k != "text"}, ensure_ascii=False)


def machine_record(row: dict) -> dict | None:
    """The machine's record kept in a ``documents`` row beside a reviewed one, whole again."""
    import json

    if not row.get("machine_record"):
        return None
    return {**json.loads(row["machine_record"]), "text": row.get("text")}


def store(connection, record: dict, machine: dict | None = None) -> None:
    """Replace the document's rows with the record's (the caller holds the transaction).

    A reviewed record (``review.reviewed``) takes the rows' place and keeps the machine's record
    beside it (``machine``, or the one already kept); a machine record for a document whose rows
    are a reviewed one is kept beside them instead of replacing them."""
    doc_id = record["id"]
    review = record.get("review") or {}
    have = connection.execute(select(DocumentRow.reviewed, DocumentRow.machine_record).where(DocumentRow.id == doc_id)).first()
    if have is not None and have.reviewed and not review.get("reviewed"):
        connection.execute(update(DocumentRow).where(DocumentRow.id == doc_id).values(machine_record=_clean(_without_text(record))))
        return
    kept = _without_text(machine) if machine is not None else (have.machine_record if have is not None else None)
    if have is not None:
        for model in CHILDREN:  # explicit, not trusting ON DELETE CASCADE to be switched on
            connection.execute(delete(model).where(model.document_id == doc_id))
        connection.execute(delete(DocumentRow).where(DocumentRow.id == doc_id))
    rows = record_rows(record)
    rows[DocumentRow][0].update(
        reviewed=bool(review.get("reviewed")), reviewed_by=_clean(review.get("by")), reviewed_at=review.get("at"),
        corrections=_clean(review.get("corrections")), machine_record=_clean(kept) if review.get("reviewed") else None)
    for model, items in rows.items():
        if model in SHARED:
            _insert_missing(connection, model, items)
        elif items:
            connection.execute(insert(model), items)


class SqlSink:
    """Records into a database: one transaction per document, same id → replaced."""

    name = "database"

    def __init__(self, url: str, resume: bool = False):
        self.url = url
        self.unstored = 0  # error records without an id (a missing file): nothing to key them by
        self.done: dict[str, str] = {}
        self.done_urls: dict[str, str] = {}
        try:
            self.engine = connect(url)
            if resume:
                with self.engine.connect() as connection:
                    rows = connection.execute(select(DocumentRow.id, DocumentRow.status, DocumentRow.source_url))
                    for doc_id, status, source_url in rows:
                        self.done[doc_id] = status
                        if source_url:
                            self.done_urls[source_url] = status
        except Exception as exc:  # noqa: BLE001 - bad URL, server down or silent, driver missing: in words, no password
            raise StoreError.of(exc, url) from None

    def has(self, data_id: str | None, source: str) -> bool:
        if data_id:
            return data_id in self.done
        if is_web(source):
            return source in self.done_urls
        return True  # a file that cannot be read has no id: nothing could be stored for it

    def status_of(self, data_id: str | None, source: str) -> str | None:
        return self.done.get(data_id) if data_id else self.done_urls.get(source)

    def write(self, result) -> None:
        if not result.id:
            self.unstored += 1
            return
        try:
            self.write_record(result.record())
        except SQLAlchemyError as exc:
            raise StoreError.of(exc, self.url) from None
        self.done[result.id] = result.status

    def write_record(self, record: dict, machine: dict | None = None) -> None:
        for attempt in (1, 2):  # another process may write the same document at the same moment
            try:
                with self.engine.begin() as connection:
                    store(connection, record, machine)
                return
            except IntegrityError:
                if attempt == 2:
                    raise

    def close(self) -> None:
        self.engine.dispose()


def iter_rows(engine: Engine, table) -> Iterator[dict]:
    """Every row of a table (or a model's) in key order, streamed."""
    table = getattr(table, "__table__", table)
    keys = list(table.primary_key.columns)
    if "position" in table.c and table.c.position not in keys:  # figures: f1, f2, … in the record's order, not f1, f10
        keys = [table.c.document_id, table.c.position]
    with engine.connect() as connection:
        result = connection.execution_options(stream_results=True, yield_per=2000).execute(
            select(table).order_by(*keys))
        for row in result.mappings():
            yield dict(row)
