"""People: a title split into position and body, and one key per official across reports.

A title's position is its head from resources/positions.txt ("Trưởng Ban" → "Trưởng",
because "Ban Kinh tế - Ngân sách" is the body; "Phó Chủ tịch Thường trực" keeps its
"Thường trực", a part of the body it heads), and its body is the rest: the body chain
that starts there.

The person key is the folded name and where the person serves: the province (or
centrally-run city) of the bodies of their positions, "trung-ương" for national bodies
and national positions ("Bộ trưởng"), a country for foreign officials (a foreign body,
or a title that ends in a country and names no body). A place written
in a title beats one taken from the document ("Chủ tịch HĐND tỉnh Sơn La" beats a bare
"Tỉnh ủy"), and a local body beats a national one (a provincial leader who is also a
deputy of the National Assembly is known by the province). Two people of one name in
two provinces get two keys; one person named in two reports of a province gets one,
whatever positions each report gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..normalize import fold
from ..resources import alternation, table
from .bodies import NATIONAL, Chain, LinkedBody, position_heads as _heads
from .places import slug

UNKNOWN = "?"


@lru_cache(maxsize=1)
def _national_positions() -> re.Pattern[str]:
    heads = [fold(r[0]) for r in table("bodies.tsv") if r[2] == "position" and r[3:] == ("national",)]
    return re.compile("(?:" + alternation(heads) + r")(?!\w)")


@dataclass
class Split:
    position: str
    body: str | None = None
    body_key: str | None = None
    linked: LinkedBody | None = None


def split_title(text: str, start: int, end: int, chains: list[Chain], linked: dict[tuple[int, int], LinkedBody]) -> Split:
    """Position and body of the title ``text[start:end]``.

    ``linked`` maps a body mention's (start, end) to the body found there.
    """
    title = text[start:end]
    m = _heads().match(fold(title))
    head_end = start + (m.end() if m else 0)
    chain = next((c for c in chains if start <= c.start < end), None)
    if chain is None:
        return Split(title)
    body_at = None
    for e in chain.elements:
        if e.entry.kind == "part" and (e.end <= head_end or (e.entry.full == "Thường trực" and body_at is None
                                                            and not text[head_end:e.start].strip())):
            continue  # "Phó Chủ tịch Thường trực | HĐND tỉnh", "Ủy viên Ban Thường vụ | Tỉnh ủy"
        body_at = e.start
        break
    if body_at is None:
        return Split(title)
    body_end = min(chain.end, end)
    position = text[start:body_at].rstrip(" ,-–")
    found = linked.get((body_at, chain.end))
    if not position:  # "Tỉnh ủy viên": the body is inside the position's name
        position = title
    return Split(position, text[body_at:body_end], found.key if found else None, found)


@dataclass
class Serves:
    """Where one title says the person serves, and how sure: lower ``rank`` wins."""

    path: str
    rank: int


def serves(split: Split) -> Serves | None:
    """Where a title places its holder."""
    body = split.linked
    if body is not None:
        where = body.where
        if where.scope == "foreign":
            return Serves(where.path, 0)
        if where.scope == "national":
            return Serves(NATIONAL, 2)
        province = where.path.split("/")[0]
        return Serves(province, 0 if where.explicit else 1)
    if country := _country_in(split.position):
        return Serves(slug(country), 3)  # "Bộ trưởng Quốc phòng Nhật Bản": the weakest sign
    if _national_positions().match(fold(split.position)):
        return Serves(NATIONAL, 2)
    return None


@lru_cache(maxsize=1)
def _countries() -> re.Pattern[str]:
    names = [fold(r[0]) for r in table("bodies.tsv") if r[2] == "country" and fold(r[0]) != fold("Việt Nam")]
    return re.compile("(?<!\\w)(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + ")$")


def _country_in(position: str) -> str | None:
    """A foreign country that ends a title with no body: "Bộ trưởng Quốc phòng Mỹ"."""
    key = fold(position)
    m = _countries().search(key)
    if not m or not position[m.start()].isupper() or fold("Việt Nam") in key:
        return None  # "Hội Hữu nghị Việt Nam - Ấn Độ" is Vietnamese
    return position[m.start():m.end()]


def person_key(name: str, splits: list[Split], document_province: str | None) -> str:
    """'lê-quang-hùng@tỉnh-thanh-hóa': the name and where the person serves."""
    found = [s for s in (serves(x) for x in splits) if s is not None]
    if found:
        where = min(found, key=lambda s: s.rank).path
    else:
        where = document_province or UNKNOWN
    return f"{slug(name)}@{where}"
