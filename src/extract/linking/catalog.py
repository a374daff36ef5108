"""The people and places of many records, with counts: what ``giamsat people`` and
``giamsat places`` list, read from a JSONL file of records or from the database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator


@dataclass
class Person:
    key: str
    names: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    mentions: int = 0
    positions: list[str] = field(default_factory=list)  # titles as written, in first-seen order

    def add_position(self, text: str) -> None:
        if text and text not in self.positions:
            self.positions.append(text)


@dataclass
class PlaceRow:
    key: str
    name: str
    level: str
    code: str
    province_code: str
    set: str
    path: str
    documents: set[str] = field(default_factory=set)
    mentions: int = 0


def read_records(path: Path) -> Iterator[dict]:
    """The records of a JSONL file (``giamsat extract`` output), one per document id (the last, as a
    database keeps it: the same file under two names is one document); other lines are skipped."""
    by_id: dict[str, dict] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict) and record.get("status") == "ok" and record.get("id"):
                by_id[record["id"]] = record
    yield from by_id.values()


def _title_text(title: dict) -> str:
    """A position as ``people`` lists it: the title as written ("Trưởng Ban Kinh tế - Ngân sách HĐND
    tỉnh"), the one form a JSONL record and the database (``official_titles.text``) both hold."""
    return title.get("text") or ""


def people_of(records: Iterable[dict]) -> list[Person]:
    """Every official with a key, most documents first; a person's positions in the order of the
    documents' ids, then as each document gives them (as ``people_in_db`` reads them)."""
    people: dict[str, Person] = {}
    for record in sorted(records, key=lambda r: r["id"]):
        for official in record.get("officials") or []:
            key = official.get("key")
            if not key:
                continue
            person = people.setdefault(key, Person(key))
            person.names.add(official["name"])
            person.documents.add(record["id"])
            person.mentions += len(official.get("mentions") or [])
            for title in official.get("titles") or []:
                person.add_position(_title_text(title))
    return sorted(people.values(), key=lambda p: (-len(p.documents), -p.mentions, p.key))


def places_of(records: Iterable[dict]) -> list[PlaceRow]:
    """Every linked place, most documents first."""
    places: dict[str, PlaceRow] = {}
    for record in records:
        for place in record.get("places") or []:
            row = places.setdefault(place["key"], PlaceRow(
                place["key"], place["name"], place["level"], place["code"], place["province_code"], place["set"],
                place["path"]))
            row.documents.add(record["id"])
            row.mentions += len(place.get("mentions") or [])
    return sorted(places.values(), key=lambda p: (-len(p.documents), -p.mentions, p.key))


def _engine(url: str):
    from ..export import ExportError, open_database

    try:
        return open_database(url)
    except ExportError as exc:
        import typer

        typer.echo(f"giamsat: {exc}", err=True)
        raise typer.Exit(2)


def people_in_db(url: str) -> list[Person]:
    """The people table with the documents and mentions that name each person."""
    from sqlalchemy import select

    from ..sinks.sql import DocumentPerson, Official, OfficialTitle

    engine = _engine(url)
    people: dict[str, Person] = {}
    titles: dict[tuple[str, int], list[str]] = {}
    with engine.connect() as connection:
        for doc, pos, text in connection.execute(
                select(OfficialTitle.document_id, OfficialTitle.official_position, OfficialTitle.text)
                .order_by(OfficialTitle.document_id, OfficialTitle.official_position, OfficialTitle.position)):
            titles.setdefault((doc, pos), []).append(text)
        query = (select(DocumentPerson.person_key, DocumentPerson.document_id, DocumentPerson.official_position,
                        Official.name, Official.mention_count)
                 .join(Official, (Official.document_id == DocumentPerson.document_id)
                       & (Official.position == DocumentPerson.official_position))
                 .order_by(DocumentPerson.document_id, DocumentPerson.official_position))
        for key, doc, pos, name, mentions in connection.execute(query):
            person = people.setdefault(key, Person(key))
            person.names.add(name)
            person.documents.add(doc)
            person.mentions += mentions or 0
            for text in titles.get((doc, pos), []):
                person.add_position(text)
    engine.dispose()
    return sorted(people.values(), key=lambda p: (-len(p.documents), -p.mentions, p.key))


def places_in_db(url: str) -> list[PlaceRow]:
    """The places table with the documents and mentions that name each unit."""
    from sqlalchemy import select

    from ..sinks.sql import DocumentPlace, PlaceRow as Row

    engine = _engine(url)
    places: dict[str, PlaceRow] = {}
    with engine.connect() as connection:
        query = select(Row.key, Row.name, Row.level, Row.code, Row.province_code, Row.unit_set, Row.path,
                       DocumentPlace.document_id, DocumentPlace.mention_count).join(
            DocumentPlace, DocumentPlace.place_key == Row.key)
        for key, name, level, code, province, unit_set, path, doc, mentions in connection.execute(query):
            row = places.setdefault(key, PlaceRow(key, name, level, code, province, unit_set, path))
            row.documents.add(doc)
            row.mentions += mentions or 0
    engine.dispose()
    return sorted(places.values(), key=lambda p: (-len(p.documents), -p.mentions, p.key))
