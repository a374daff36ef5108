"""Places: administrative units named in a text, linked to their official codes.

The gazetteer is the PyPI package ``vietnamadminunits`` (its bundled SQLite data; no
network), read through a derived index (``place_index``): the 63-province set with
provinces, districts and communes (``legacy-63``) and the merged 34-province set
in force from 2025-07-01, with provinces and communes only (``2025-34``). The
report's date decides which set a name is looked up in first; a name the set does
not hold (a district named after the merger, a province merged away) is looked up
in the other one.

A unit is named by a unit word and its name ("huyện Hoằng Hóa", "TP.HCM",
"HĐND TỈNH HÀ TĨNH", "Huyện ủy Quỳnh Lưu"; the words are resources/place_units.tsv),
by a province's name alone ("Hà Tĩnh, ngày …"), or by a name listed after a named
one ("các xã Sơn Hải, Quỳnh Lương"). A bare "tỉnh" or "huyện" is not a place.

A name that several units share ("huyện Châu Thành") is linked using the document's
context: a higher unit written right after it ("xã X, huyện Y, tỉnh Z"), else the
provinces (and districts) the document names, else — when the document names no
province — the province most of its unambiguous names lie in ("huyện Hoằng Hóa" →
Thanh Hóa). A name that stays ambiguous is not linked.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, insort
from collections import Counter
from itertools import accumulate
from dataclasses import dataclass, field
from functools import lru_cache

from ..normalize import fold
from ..resources import alternation, table
from . import place_index
from .place_index import LEGACY, MERGED, name_key
from .place_index import ascii_key as _ascii

MERGER_DATE = "2025-07-01"
LEVELS = ("province", "district", "ward")
_RANK = {level: i for i, level in enumerate(LEVELS)}


def set_for(date: str | None) -> str:
    """The unit set in force on an ISO date (YYYY, YYYY-MM or YYYY-MM-DD); legacy when unknown."""
    if not date or not re.match(r"\d{4}", date):
        return LEGACY
    if len(date) == 4:
        return MERGED if date > MERGER_DATE[:4] else LEGACY
    return MERGED if date[: len(MERGER_DATE)] >= MERGER_DATE[: len(date)] else LEGACY


_QU = {unicodedata.normalize("NFC", "u" + t): unicodedata.normalize("NFC", "y" + t) for t in "\u0300\u0301\u0303\u0309\u0323"}


def slug(text: str) -> str:
    """A readable key part: folded (lower case, one tone placement), words joined by '-'.

    ``fold`` puts the tone of a final "uy" on the "u"; after "q" the "u" is part of the
    consonant, so "Quý" reads "quý" in keys, not "qúy" (the same whichever way it was typed).
    """
    key = re.sub(r"q([ùúũủụ])y(?!\w)", lambda m: "qu" + _QU[m.group(1)], fold(text))
    return re.sub(r"[\s\-–—.,;:()/]+", "-", key).strip("-")


@dataclass(frozen=True)
class Unit:
    set: str
    level: str
    code: str
    name: str  # official name: "Huyện Hoằng Hóa"
    short: str  # "Hoằng Hóa"
    type: str  # "Huyện"
    province_code: str
    province: str
    district_code: str | None = None
    district: str | None = None

    @property
    def key(self) -> str:
        return f"{self.set}:{self.level}:{self.code}"

    @property
    def path(self) -> str:
        """'tỉnh-thanh-hóa/huyện-hoằng-hóa': names from the province down, the same in both sets."""
        parts = [self.province] + ([self.district] if self.district and self.level != "province" else [])
        if self.level == "ward":
            parts.append(self.name)
        return "/".join(slug(p) for p in parts)

    @property
    def written(self) -> str:
        """How a text names it: 'huyện Hoằng Hóa', 'thành phố Cần Thơ'."""
        return f"{self.type.lower()} {self.short}" if not self.short[:1].isdigit() else self.name


class Gazetteer:
    """One set of units, looked up by level and name in the place index (``place_index``).

    A unit is made when a lookup first returns it, not for the whole set at start-up; the
    answers for a key are kept (at most every key of the set: memory stays bounded).
    """

    def __init__(self, name: str, index: place_index.PlaceIndex):
        self.name = name
        self._index = index
        self._made: dict[int, Unit] = {}
        self._found: dict[tuple[str, str, str], list[Unit]] = {}

    def _unit(self, row: tuple) -> Unit:
        unit = self._made.get(row[0])
        if unit is None:
            unit = self._made[row[0]] = Unit(self.name, *row[1:])
        return unit

    def _keyed(self, kind: str, level: str, key: str) -> list[Unit]:
        """Units a key of this kind names at this level (see ``place_index.build``)."""
        if key not in self._index.keys:
            return []
        found = self._found.get((kind, level, key))
        if found is None:
            found = self._found[(kind, level, key)] = [
                self._unit(row) for row in self._index.units(self.name, kind, level, key)]
        return found

    def get(self, level: str, code: str) -> Unit:
        """The unit of this level with this code (KeyError when the set has none)."""
        rows = self._index.by_code(self.name, level, code)
        if not rows:
            raise KeyError(f"{self.name}:{level}:{code}")
        return self._unit(rows[0])

    def all(self, level: str | None = None) -> list[Unit]:
        """Every unit of the set (of one level, when given), in the package's order."""
        return [self._unit(row) for row in self._index.all(self.name, level)]

    def lookup(self, level: str, name: str, typ: str | None = None) -> list[Unit]:
        """Units of a level with this name (and type, when given)."""
        found = self._keyed("name", level, name_key(name))
        return [u for u in found if typ is None or u.type == typ]

    def lookup_alias(self, level: str, name: str, typ: str) -> list[Unit]:
        """Units known by this name with this unit word in the past or in other spellings.

        vietnamadminunits keeps, for each unit, the names of the units merged into it and
        its former types ("xã Sơn Hải" → Xã Văn Hải, "thị xã Thuận An" → Thành phố Thuận
        An); resources/place_aliases.tsv adds what it lacks ("Thừa Thiên Huế").
        """
        key = name_key(name)
        found = list(self._keyed("ascii", level, _ascii(name_key(typ) + " " + key)))
        if key.isascii():  # written without tone marks: "Hoang Hoa"
            found += self._keyed("ascii", level, _ascii(key))
        official = _aliases().get((level, key))
        if official:
            found += self._keyed("official", level, official)
        return list({u.key: u for u in found}.values())

    def provinces(self) -> list[Unit]:
        return self.all("province")


@lru_cache(maxsize=None)
def gazetteer(set_name: str) -> Gazetteer:
    """The units of one set, read once per process from the place index."""
    return Gazetteer(set_name, place_index.load())


# -- finding names in a text ---------------------------------------------------------------

@dataclass
class PlaceMention:
    start: int
    end: int
    options: tuple[tuple[str, str], ...]  # (level, type) the unit word allows; () for a bare province name
    units: list[Unit]  # candidates, from one set
    tiers: dict[str, int] = field(default_factory=dict)  # unit key → how it matched, see _candidates
    unit_word: bool = True  # written with its unit word ("huyện X"), not listed or bare
    resolved: Unit | None = None


@dataclass
class Found:
    """The result for one document: each resolved mention, and the context it was resolved in."""

    set: str
    mentions: list[PlaceMention] = field(default_factory=list)
    provinces: list[Unit] = field(default_factory=list)  # the document's provinces, most named first

    @property
    def province(self) -> Unit | None:
        return self.provinces[0] if self.provinces else None


@lru_cache(maxsize=1)
def unit_words() -> tuple[re.Pattern[str], dict[str, tuple[tuple[str, str], ...]]]:
    options: dict[str, tuple[tuple[str, str], ...]] = {}
    for word, spec in table("place_units.tsv"):
        options[fold(word)] = tuple(tuple(p.split(":", 1)) for p in spec.split(","))  # type: ignore[misc]
    alts = "|".join(re.escape(w) + ("" if w.endswith(".") else r"(?!\w)") for w in sorted(options, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})"), options


_SYL = re.compile(r"\w+")
_SYL_GAP = re.compile(r" ?[-–] ?| ")
_MAX_SYLLABLES = 6


def _run(text: str, pos: int, limit: int, caps: bool) -> list[tuple[int, int]]:
    """Capitalised syllables (or numbers) from pos, joined by single spaces or hyphens."""
    out: list[tuple[int, int]] = []
    while pos < limit and len(out) < _MAX_SYLLABLES:
        m = _SYL.match(text, pos)
        if not m or m.end() > limit:
            break
        w = m.group()
        if not (w.isdigit() or (w.isupper() if caps else w[:1].isupper())):
            break
        out.append((m.start(), m.end()))
        gap = _SYL_GAP.match(text, m.end())
        if not gap:
            break
        pos = gap.end()
    return out


@lru_cache(maxsize=1)
def _aliases() -> dict[tuple[str, str], str]:
    """(level, name key) → official name, from resources/place_aliases.tsv."""
    return {(level, name_key(name)): official for name, level, official in table("place_aliases.tsv")}


@lru_cache(maxsize=1 << 16)  # the same names recur across a batch's documents; read-only answers
def _candidates(sets: tuple[Gazetteer, Gazetteer], options, name: str) -> tuple[list[Unit], dict[str, int]]:
    """Units this name may be, each with how well it matched (``PlaceMention.tiers``, lower is better).
    The answer is shared between callers: it is read, never changed.

    The set in force on the report's date comes first, by name and type, then by name at
    the same level (a district that became a town); then the other set; then former names
    (tone marks lost: a former "Hoàng Hoa" is not a current "Hoằng Hóa"). The document's
    context chooses among them before the tier does.
    """
    tiers: dict[str, int] = {}
    units: dict[str, Unit] = {}
    for n, gaz in enumerate(sets):
        exact = [u for level, typ in options for u in gaz.lookup(level, name, typ)]
        other = [u for level, _ in options for u in gaz.lookup(level, name)]
        alias = [u for level, typ in options for u in gaz.lookup_alias(level, name, typ)]
        for tier, group in ((2 * n, exact), (2 * n + 1, other), (4 + n, alias)):
            for u in group:
                units.setdefault(u.key, u)
                tiers[u.key] = min(tiers.get(u.key, tier), tier)
    return list(units.values()), tiers


def _longest(text: str, syls: list[tuple[int, int]], sets, options, whole: bool) -> tuple[int, list[Unit], dict[str, int]]:
    """(syllables used, candidates, alias keys) for the longest run prefix that names a unit."""
    lengths = [len(syls)] if whole else range(len(syls), 0, -1)
    for n in lengths:
        if n == 0:
            break
        units, tiers = _candidates(sets, options, text[syls[0][0]:syls[n - 1][1]])
        if units:
            return n, units, tiers
    return 0, [], {}


_LIST_SEP = re.compile(r"(?:, ?| và (?:các )?| - |; ?)")


def find_mentions(text: str, ranges: list[tuple[int, int]], set_name: str,
                  avoid: list[tuple[int, int]] = (), key: str | None = None) -> list[PlaceMention]:
    """Every unit named in the ranges: with a unit word, listed after one, or a province alone
    (``key`` is ``fold(text)`` where the caller has it)."""
    sets = (gazetteer(set_name), gazetteer(MERGED if set_name == LEGACY else LEGACY))
    key = fold(text) if key is None else key
    pattern, unit_options = unit_words()
    out: list[PlaceMention] = []
    # Overlap tests in log time, so that thousands of unit words stay linear: the spans to avoid
    # sorted by start with the farthest end reached so far; the mentions taken (disjoint: each is
    # taken only where it clashes with none) as sorted starts and ends.
    shunned = sorted(avoid)
    shunned_starts = [a for a, _ in shunned]
    reach = list(accumulate((b for _, b in shunned), max))
    taken_starts: list[int] = []
    taken_ends: list[int] = []

    def clashes(s: int, e: int) -> bool:
        i = bisect_left(shunned_starts, e)  # the spans starting before e
        if i and reach[i - 1] > s:
            return True
        j = bisect_left(taken_starts, e)
        return bool(j) and taken_ends[j - 1] > s

    def take(mention: PlaceMention) -> None:
        out.append(mention)
        insort(taken_starts, mention.start)
        insort(taken_ends, mention.end)

    for r_start, r_end in ranges:
        for m in pattern.finditer(key, r_start, r_end):
            word = text[m.start():m.end()]
            options = unit_options[m.group()]
            caps = word.replace(".", "").isupper() and fold(word) not in ("tp", "tp.", "tx", "tx.")
            pos = m.end()
            gap = re.match(r" ?" if word.endswith(".") or fold(word) in ("tp", "tx") else " ", text[pos:pos + 1])
            if not gap:
                continue
            syls = _run(text, pos + gap.end(), r_end, caps)
            n, units, tiers = _longest(text, syls, sets, options, whole=caps)
            if not n or clashes(m.start(), syls[n - 1][1]):
                continue
            take(PlaceMention(m.start(), syls[n - 1][1], options, units, tiers))
            # names listed after it share its unit word: "các xã Sơn Hải, Quỳnh Lương và Quỳnh Thọ"
            end = syls[n - 1][1]
            while sep := _LIST_SEP.match(text, end, r_end):
                nxt = _run(text, sep.end(), r_end, caps)
                k, more, tiers = _longest(text, nxt, sets, options, whole=True)
                if not k or clashes(nxt[0][0], nxt[k - 1][1]):
                    break
                take(PlaceMention(nxt[0][0], nxt[k - 1][1], options, more, tiers, unit_word=False))
                end = nxt[k - 1][1]
        for bare in _bare_provinces(text, key, r_start, r_end, sets, clashes, set(shunned_starts)):
            take(bare)  # each clear of the others: they do not overlap one another
    out.sort(key=lambda x: x.start)
    return out


@lru_cache(maxsize=None)
def _province_pattern(set_name: str) -> re.Pattern[str]:
    names = {name_key(u.short) for s in (LEGACY, MERGED) for u in gazetteer(s).provinces()}
    names |= {name for (level, name) in _aliases() if level == "province" and " " in name}
    alts = alternation({" ".join(n.split()) for n in names}, r"[\s\-–]+")
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


def _bare_provinces(text, key, start, end, sets, clashes, person_starts: set[int]) -> list[PlaceMention]:
    """A province named without its unit word ("Hà Tĩnh, ngày …", "tại Mộc Châu, Sơn La").

    Every syllable capitalised, and no capitalised word right before or after it (other
    than a person's name: "Giám đốc Sở NN&PTNT Bình Định Phan Trọng Hổ"), so that a person
    ("Trương Hòa Bình"), a club ("S.Khánh Hòa") or a longer name is not taken for the province.
    """
    out = []
    for m in _province_pattern(sets[0].name).finditer(key, start, end):
        words = _SYL.findall(text[m.start():m.end()])
        if not all(w[:1].isupper() for w in words):
            continue
        before = re.search(r"(\w+)\W{0,2}$", text[max(start, m.start() - 30):m.start()])
        after = re.match(r"\W{0,2}(\w+)", text[m.end():min(end, m.end() + 30)])
        if before and text[m.start() - 1] in " -." and before.group(1)[:1].isupper() and not before.group(1).isupper():
            continue
        if after and text[m.end():m.end() + 1] in " -" and after.group(1)[:1].isupper() \
                and not after.group(1).isupper() and m.end() + after.start(1) not in person_starts:
            continue
        if clashes(m.start(), m.end()):
            continue
        units, tiers = _candidates(sets, (("province", "Tỉnh"), ("province", "Thành phố")), text[m.start():m.end()])
        if units:
            out.append(PlaceMention(m.start(), m.end(), (), units, tiers, unit_word=False))
    return out


# -- resolving ------------------------------------------------------------------------------

def _chain_gap(gap: str) -> bool:
    """Only spaces and at most one of ", ( – -" between a unit and the higher one after it ("xã X,
    huyện Y"): the test of ``\\s*[,(–-]?\\s*$``, without its backtracking over long runs of spaces."""
    core = gap.strip()
    return not core or (len(core) == 1 and core in ",(–-")


def _within(unit: Unit, parent: Unit) -> bool:
    if parent.level == "province":  # provinces that outlived the merger kept their codes
        return unit.province_code == parent.province_code
    return unit.district_code == parent.code and unit.set == parent.set


def _best(m: PlaceMention, units: list[Unit]) -> list[Unit]:
    """The units that match best: by name and type, else by name, else by a former name.

    So "thị xã Kỳ Anh" is the town, not the district of the same name, and "xã Sơn Hải" is
    a Sơn Hải where one is in context, else the Văn Hải it was merged into.
    """
    if not units:
        return units
    top = min(m.tiers[u.key] for u in units)
    return [u for u in units if m.tiers[u.key] == top]


def _province_votes(mentions: list[PlaceMention]) -> list[str]:
    """Without a province named: the one most names point to alone (a unique best), else none."""
    votes: Counter[str] = Counter()
    for m in mentions:
        codes = {u.province_code for u in _best(m, m.units)}
        if len(codes) == 1:
            votes[codes.pop()] += 1
    top = votes.most_common(2)
    if top and (len(top) == 1 or top[0][1] > top[1][1]):
        return [top[0][0]]
    return []


def resolve(text: str, mentions: list[PlaceMention]) -> list[Unit]:
    """Pick one unit for each mention (``PlaceMention.resolved``); returns the document's provinces, most named first."""
    for m in mentions:
        best = _best(m, m.units)
        if best and all(u.level == "province" for u in best) and len({u.code for u in best}) == 1:
            m.resolved = best[0]
    counts = Counter(m.resolved.code for m in mentions if m.resolved)
    units = {m.resolved.code: m.resolved for m in mentions if m.resolved}
    if not counts:
        for code in _province_votes(mentions):
            unit = next(u for m in mentions for u in m.units if u.province_code == code)
            units[code] = gazetteer(unit.set).get("province", code)
            counts[code] = 0
    ranked = [units[c] for c, _ in sorted(counts.items(), key=lambda kv: -kv[1])]
    # The districts resolved so far, in the order of their mentions, and where each (code, set) is
    # first among them: the first that holds a candidate is found by lookup, not by a scan per mention.
    districts: list[Unit] = []
    first: dict[tuple[str, str], int] = {}
    for level in ("district", "ward"):
        for i, m in enumerate(mentions):
            cands = [u for u in m.units if u.level == level]
            if m.resolved or not cands:
                continue
            nxt = mentions[i + 1] if i + 1 < len(mentions) else None
            if nxt and nxt.resolved and _RANK[nxt.resolved.level] < _RANK[level] and _chain_gap(text[m.end:nxt.start]):
                parents = [nxt.resolved]  # "xã X, huyện Y": Y decides
            else:  # the districts resolved (the first that holds one of the candidates), then the provinces
                hit = min((first[u.district_code, u.set] for u in cands if (u.district_code, u.set) in first), default=None)
                parents = ([districts[hit]] if hit is not None else []) + ranked
            for parent in parents:
                inside = [u for u in cands if _within(u, parent)]
                if inside:
                    cands = inside
                    break
            else:
                if parents and ranked:
                    continue  # the document's provinces hold no unit of that name: a namesake elsewhere, or gone
            cands = _best(m, cands)
            if len({u.key for u in cands}) == 1:
                m.resolved = cands[0]
                if level == "district":
                    first.setdefault((m.resolved.code, m.resolved.set), len(districts))
                    districts.append(m.resolved)
    return ranked
