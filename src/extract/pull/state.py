"""What ``giamsat pull`` remembers between runs: for each URL, its ETag, Last-Modified and the
sha256 of what it served, what it linked, and how it ended (a record, an error, a source).

One table, ``giamsat_pull_state``, of this module's own (not the records' schema nor its
migrations): in the ``--db`` database when there is one, else in a SQLite file beside the
output (``OUT.jsonl.pull.sqlite``). Each URL's row is written when its outcome is, so a run
stopped half way keeps what it did.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import Column, MetaData, String, Table, Text, func, select

METADATA = MetaData()
STATE = Table(
    "giamsat_pull_state", METADATA,
    Column("url", Text, primary_key=True, comment="the URL as discovered"),
    Column("etag", Text),
    Column("last_modified", Text, comment="the Last-Modified header, as sent back in If-Modified-Since"),
    Column("sha256", String(64), comment="of the bytes last served; the record id"),
    Column("outcome", String(8), comment="ok, error (a record of either status written), source (a feed, a sitemap, "
                                         "a listing page), old (older than --since), failed (no bytes: an error "
                                         "record without id)"),
    Column("error", Text, comment="the error record's kind: message, where the URL ended in one"),
    Column("links", Text, comment="JSON: what it linked (a source's items, a page's attachments)"),
    Column("dated", String(10), comment="the date a page shows for itself (YYYY-MM-DD), where --since read it"),
    Column("seen_at", String(32), comment="UTC, ISO 8601"),
)


@dataclass
class Entry:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    outcome: str | None = None
    error: str | None = None
    links: list = field(default_factory=list)
    dated: str | None = None


class State:
    """The state table on a SQLAlchemy URL (``sqlite:///out.jsonl.pull.sqlite``, the ``--db`` URL)."""

    def __init__(self, url: str):
        from ..sinks.sql import engine_for

        self.engine = engine_for(url)
        METADATA.create_all(self.engine)

    def get(self, url: str) -> Entry | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(STATE).where(STATE.c.url == url)).mappings().first()
        if row is None:
            return None
        values = {k: row[k] for k in ("url", "etag", "last_modified", "sha256", "outcome", "error", "dated")}
        return Entry(**values, links=json.loads(row["links"]) if row["links"] else [])

    def put(self, entry: Entry) -> None:
        values = {"url": entry.url, "etag": entry.etag, "last_modified": entry.last_modified, "sha256": entry.sha256,
                  "outcome": entry.outcome, "error": entry.error,
                  "links": json.dumps(entry.links, ensure_ascii=False) if entry.links else None, "dated": entry.dated,
                  "seen_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        with self.engine.begin() as connection:
            connection.execute(STATE.delete().where(STATE.c.url == entry.url))
            connection.execute(STATE.insert().values(**values))

    def holders(self, sha256: str, besides: str) -> int:
        """How many other URLs last served these bytes (their record is theirs too)."""
        with self.engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(STATE).where(
                STATE.c.sha256 == sha256, STATE.c.url != besides, STATE.c.outcome.in_(("ok", "error")))) or 0

    def close(self) -> None:
        self.engine.dispose()
