"""The people and places of many records, with counts: what ``giamsat people`` and
``giamsat places`` list, read from a JSONL file of records or from the database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator


@dataclass
class PersonEntry:
    key: str
    names: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    mentions: int = 0
    positions: list[str] = field(default_factory=list)  # titles as written, in first-seen order

    def add_position(self, text: str) -> None:
        if text and text not in self.positions:
            self.positions.append(text)


@dataclass
class PlaceEntry:
    key: str
    name: str
    level: str
    code: str
    province_code: str
    set: str
    path: str
    documents: set[str] = field(default_factory=set)
    mentions: int = 0


class NotRecords(ValueError):
    """A file that holds no records as ``giamsat extract`` writes them: a line that is not UTF-8 JSON,
    JSON nested too deeply, JSON that is no record, or a record whose fields are not of their types.
    The message says what and where (``file:line: …``), in one line."""


def _kind(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__)


def _field(item: dict, name: str, where: str, want: type, optional: bool = True) -> str | None:
    """What is wrong with ``item[name]`` (of type ``want``, or absent/null where ``optional``), or None."""
    value = item.get(name)
    if isinstance(value, want) or (optional and value is None):
        return None
    wanted = {str: "a string", list: "a list", dict: "an object"}[want]
    return f"{where}{name} is {_kind(value) if name in item else 'missing'}, not {wanted}"


def _problem(record: dict) -> str | None:
    """What keeps an ``ok`` record from being listed: its id, officials or places not of their types."""
    if not isinstance(record.get("id"), str) or not record["id"]:
        return f"id is {_kind(record.get('id'))}, not a string"
    for name in ("officials", "places"):
        if problem := _field(record, name, "", list):
            return problem
    for i, official in enumerate(record.get("officials") or []):
        where = f"officials.{i}."
        if not isinstance(official, dict):
            return f"officials.{i} is {_kind(official)}, not an object"
        problem = _field(official, "key", where, str) or _field(official, "mentions", where, list) \
            or _field(official, "titles", where, list)
        if problem is None and official.get("key"):
            problem = _field(official, "name", where, str, optional=False)
        if problem:
            return problem
        for j, title in enumerate(official.get("titles") or []):
            if not isinstance(title, dict):
                return f"{where}titles.{j} is {_kind(title)}, not an object"
            if problem := _field(title, "text", f"{where}titles.{j}.", str):
                return problem
    for i, place in enumerate(record.get("places") or []):
        where = f"places.{i}."
        if not isinstance(place, dict):
            return f"places.{i} is {_kind(place)}, not an object"
        for name in ("key", "name", "level", "code", "province_code", "set", "path"):
            if problem := _field(place, name, where, str, optional=name != "key"):
                return problem
        if problem := _field(place, "mentions", where, list):
            return problem
    return None


def _utf8_lines(lines: Iterable[bytes], path: Path) -> Iterator[bytes]:
    """The lines as they are, once each is known to be UTF-8 (json would guess UTF-16 for some bytes)."""
    offset = 0
    for number, raw in enumerate(lines, 1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NotRecords(f"{path}:{number}: byte {offset + exc.start} is not UTF-8 (records are UTF-8 JSON)") from None
        offset += len(raw)
        yield raw


def read_records(path: Path) -> Iterator[dict]:
    """The ``ok`` records of a JSONL file (``giamsat extract`` output, ``--pretty`` too), one per
    document id (the last, as a database keeps it: the same file under two names is one document);
    error records are passed over. Raises ``NotRecords`` at the first line that holds no record
    (not UTF-8, not JSON, too deep, no giamsat record, fields of the wrong type), ``OSError`` when
    the file cannot be read."""
    from ..sinks.jsonl import is_record, scan

    by_id: dict[str, dict] = {}
    with path.open("rb") as fh:
        for item in scan(_utf8_lines(fh, path)):
            record = item.record
            if record is None:
                hint = "; `giamsat extract … --resume` cuts it off and finishes the file" \
                    if (item.problem or "").startswith("incomplete") else ""
                raise NotRecords(f"{path}:{item.line}: {item.problem or 'not a record'}{hint}")
            if not is_record(record):
                raise NotRecords(f"{path}:{item.line}: JSON, but no giamsat record (no status ok or error)")
            if record.get("status") != "ok":
                continue
            if problem := _problem(record):
                raise NotRecords(f"{path}:{item.line}: not a valid record ({problem})")
            by_id[record["id"]] = record
    yield from by_id.values()


def _title_text(title: dict) -> str:
    """A position as ``people`` lists it: the title as written ("Trưởng Ban Kinh tế - Ngân sách HĐND
    tỉnh"), the one form a JSONL record and the database (``official_titles.text``) both hold."""
    return title.get("text") or ""


def people_of(records: Iterable[dict]) -> list[PersonEntry]:
    """Every official with a key, most documents first; a person's positions in the order of the
    documents' ids, then as each document gives them (as ``people_in_db`` reads them)."""
    people: dict[str, PersonEntry] = {}
    for record in sorted(records, key=lambda r: r["id"]):
        for official in record.get("officials") or []:
            key = official.get("key")
            if not key:
                continue
            person = people.setdefault(key, PersonEntry(key))
            person.names.add(official["name"])
            person.documents.add(record["id"])
            person.mentions += len(official.get("mentions") or [])
            for title in official.get("titles") or []:
                person.add_position(_title_text(title))
    return sorted(people.values(), key=lambda p: (-len(p.documents), -p.mentions, p.key))


def places_of(records: Iterable[dict]) -> list[PlaceEntry]:
    """Every linked place, most documents first."""
    places: dict[str, PlaceEntry] = {}
    for record in records:
        for place in record.get("places") or []:
            row = places.setdefault(place["key"], PlaceEntry(
                place["key"], place["name"], place["level"], place["code"], place["province_code"], place["set"],
                place["path"]))
            row.documents.add(record["id"])
            row.mentions += len(place.get("mentions") or [])
    return sorted(places.values(), key=lambda p: (-len(p.documents), -p.mentions, p.key))


def _engine(url: str):
    """An engine on the giamsat database at ``url``; ``StoreError`` (one line, no password) otherwise."""
    from ..export import ExportError, open_database
    from ..sinks import StoreError, redact, scrub

    try:
        return open_database(url)
    except ExportError as exc:  # the driver's first line says it
        raise StoreError(scrub((str(exc).strip().splitlines() or ["?"])[0], url)) from None
    except Exception as exc:  # noqa: BLE001 - a URL SQLAlchemy cannot parse, a driver missing
        raise StoreError(f"cannot open {redact(url)}: {StoreError.of(exc, url)}") from None


def _rows(url: str, read) -> None:
    """``read(connection)`` on the database at ``url``; whatever fails, a ``StoreError`` in one line
    without the password (a table missing, the server gone half-way)."""
    from ..sinks import StoreError, redact

    engine = _engine(url)
    try:
        with engine.connect() as connection:
            read(connection)
    except Exception as exc:  # noqa: BLE001 - the driver's words, first line, password taken out
        raise StoreError(f"reading {redact(url)} failed: {StoreError.of(exc, url)}") from None
    finally:
        engine.dispose()


def people_in_db(url: str) -> list[PersonEntry]:
    """The people table with the documents and mentions that name each person (``StoreError`` when
    the database cannot be read)."""
    from sqlalchemy import select

    from ..sinks.sql import DocumentPerson, OfficialRow, OfficialTitleRow

    people: dict[str, PersonEntry] = {}
    titles: dict[tuple[str, int], list[str]] = {}

    def read(connection) -> None:
        for doc, pos, text in connection.execute(
                select(OfficialTitleRow.document_id, OfficialTitleRow.official_position, OfficialTitleRow.text)
                .order_by(OfficialTitleRow.document_id, OfficialTitleRow.official_position, OfficialTitleRow.position)):
            titles.setdefault((doc, pos), []).append(text)
        query = (select(DocumentPerson.person_key, DocumentPerson.document_id, DocumentPerson.official_position,
                        OfficialRow.name, OfficialRow.mention_count)
                 .join(OfficialRow, (OfficialRow.document_id == DocumentPerson.document_id)
                       & (OfficialRow.position == DocumentPerson.official_position))
                 .order_by(DocumentPerson.document_id, DocumentPerson.official_position))
        for key, doc, pos, name, mentions in connection.execute(query):
            person = people.setdefault(key, PersonEntry(key))
            person.names.add(name)
            person.documents.add(doc)
            person.mentions += mentions or 0
            for text in titles.get((doc, pos), []):
                person.add_position(text)

    _rows(url, read)
    return sorted(people.values(), key=lambda p: (-len(p.documents), -p.mentions, p.key))


def places_in_db(url: str) -> list[PlaceEntry]:
    """The places table with the documents and mentions that name each unit (``StoreError`` when
    the database cannot be read)."""
    from sqlalchemy import select

    from ..sinks.sql import DocumentPlace, PlaceRow as Row

    places: dict[str, PlaceEntry] = {}

    def read(connection) -> None:
        query = select(Row.key, Row.name, Row.level, Row.code, Row.province_code, Row.unit_set, Row.path,
                       DocumentPlace.document_id, DocumentPlace.mention_count).join(
            DocumentPlace, DocumentPlace.place_key == Row.key)
        for key, name, level, code, province, unit_set, path, doc, mentions in connection.execute(query):
            row = places.setdefault(key, PlaceEntry(key, name, level, code, province, unit_set, path))
            row.documents.add(doc)
            row.mentions += mentions or 0

    _rows(url, read)
    return sorted(places.values(), key=lambda p: (-len(p.documents), -p.mentions, p.key))
