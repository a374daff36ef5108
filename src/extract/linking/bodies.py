"""Bodies: state and Party organisations named in a text, parsed from the lexicon
resources/bodies.tsv (its header says what each kind of entry does).

A body is written as a chain: elements, each the part of the next one, then where
the last one sits::

    Ban Kinh tế - Ngân sách | HĐND | tỉnh              (named, local, unit word)
    Ủy ban Kiểm tra | Tỉnh ủy                          (named, party)
    Bộ phận tiếp nhận và trả kết quả | UBND | huyện Hoằng Hóa
    Ủy ban Xã hội | của Quốc hội                       (named, national)
    Đoàn đại biểu Quốc hội (ĐBQH) | tỉnh Quảng Ninh    (an abbreviation in brackets is skipped)

Every tail of a chain is a body too ("HĐND tỉnh" in the first line). "UBND các
huyện" names no one body and is skipped, as is a body with nothing saying where it
sits ("UBND" alone, "Ban Pháp chế" alone).

``parse`` finds the chains; ``BodyLinker`` gives each its place (a unit the text names,
else the document's own unit for a bare "tỉnh"/"huyện"), its key and its full name.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from ..abbreviations import expand
from ..normalize import fold
from ..resources import alternation, lines, table
from .places import Found, PlaceMention, Unit, slug, unit_words

NATIONAL = "trung-ương"
_TOKEN = re.compile(r"\w+(?:[&.]\w+)*|[^\w\s]")
_JOINERS = {"-", "–", "và", ","}
_PLURAL = {"các", "những", "mọi"}


@dataclass(frozen=True)
class Entry:
    form: str
    full: str
    kind: str  # local, party, named, part, national, country, name-word
    scope: str = ""


@dataclass(slots=True)  # not frozen: one is made per syllable, and a frozen init costs 4 times as much
class Syl:
    start: int
    end: int
    text: str
    key: str


# A lexicon node: the entries of the form that ends here, and the next syllable → node.
_Node = tuple[list["Entry"], dict[str, "_Node"]]


@lru_cache(maxsize=1)
def lexicon() -> dict[str, _Node]:
    """The lexicon as a trie of folded syllables: first syllable → node (a form's entries sit at
    the node of its last syllable), so that the forms written at a place are found by walking
    the syllables there, one lookup each, not by trying every form that starts alike."""
    trie: dict[str, _Node] = {}
    for row in table("bodies.tsv"):
        entry = Entry(row[0], row[1], row[2], row[3] if len(row) > 3 else "")
        level = trie
        node: _Node | None = None
        for syllable in (fold(t) for t in _TOKEN.findall(entry.form)):
            node = level.setdefault(syllable, ([], {}))
            level = node[1]
        if node is not None:
            node[0].append(entry)
    return trie


@lru_cache(maxsize=1)
def position_heads() -> re.Pattern[str]:
    """The position heads of resources/positions.txt ("Phó Chủ tịch", "Trưởng Ban"), folded."""
    heads = {fold(line.partition("|")[0].strip()) for line in lines("positions.txt")}
    return re.compile(rf"(?:{alternation(heads)})(?!\w)")


@lru_cache(maxsize=1)
def _short_forms() -> dict[str, str]:
    return {fold(r[0]): r[1] for r in table("bodies.tsv") if r[2] == "short"}


class Syllables:
    """The syllables of ``ranges``, read like a list, each ``Syl`` made the first time it is
    asked for (the parser looks closely only where a lexicon form starts). ``keys`` holds every
    syllable's folded key, sliced from ``key`` = ``fold(text)``: the same as folding the
    syllable alone, for fold keeps length and only looks inside a word."""

    def __init__(self, text: str, ranges: list[tuple[int, int]], key: str | None = None):
        key = fold(text) if key is None else key
        self.text = text
        self.spans = [m.span() for s, e in ranges for m in _TOKEN.finditer(text, s, e)]
        self.keys = [key[a:b] for a, b in self.spans]
        self._made: dict[int, Syl] = {}

    def __len__(self) -> int:
        return len(self.spans)

    def __getitem__(self, i: int | slice) -> Syl | list[Syl]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self.spans)))]
        if i < 0:
            i += len(self.spans)  # as a list does: [-1] is the last
        made = self._made.get(i)
        if made is None:
            if not 0 <= i < len(self.spans):
                raise IndexError(i)
            a, b = self.spans[i]
            made = self._made[i] = Syl(a, b, self.text[a:b], self.keys[i])
        return made


def _inside(spans: list[tuple[int, int]], positions: list[int]) -> set[int]:
    """Indexes of the positions that fall strictly inside one of ``spans``."""
    out: set[int] = set()
    for a, b in spans:
        lo = bisect.bisect_right(positions, a)
        hi = bisect.bisect_left(positions, b)
        out.update(range(lo, hi))
    return out


@dataclass
class Element:
    i: int  # syllable range [i, j)
    j: int
    entry: Entry
    start: int = 0  # characters
    end: int = 0
    name: str | None = None  # a named body's name as written: "Kinh tế - Ngân sách"
    joiner: str = ""  # "của" when written "… của <this>"

    @property
    def full(self) -> str:
        if self.entry.kind != "named":
            return self.entry.full
        name = self.name or ""
        return f"{self.entry.full} {_short_forms().get(fold(name)) or expand(name) or name}"


@dataclass
class Qualifier:
    """Where the chain's last element sits, as written after it."""

    end: int  # character offset after it
    level: str | None = None  # province, district, ward, city (a bare "thành phố")
    mention: PlaceMention | None = None  # a unit the text names
    written: str | None = None  # a named unit the gazetteer does not hold ("tỉnh Xiêng Khoảng")
    country: str | None = None


@dataclass
class Chain:
    elements: list[Element]
    start: int
    end: int
    qualifier: Qualifier | None = None


class Parser:
    def __init__(self, text: str, ranges: list[tuple[int, int]], places: Found,
                 persons: list[tuple[int, int]], token_of: Callable[[int], int], key: str | None = None):
        self.text = text
        self.key = fold(text) if key is None else key
        self.syls = Syllables(text, ranges, self.key)
        self.keys = self.syls.keys
        self.spans = self.syls.spans  # (start, end) of each syllable: read where a ``Syl`` is not needed
        self.n = len(self.keys)
        self.places = {m.start: m for m in places.mentions}
        self.person_starts = {s for s, _ in persons}
        self.token_of = token_of  # the tokenizer's word an offset is in
        self.forms = lexicon()
        self._matches: dict[int, list[tuple[Entry, int]]] = {}
        self.in_person = _inside(persons, [a for a, _ in self.syls.spans])
        self.unit_options = unit_words()[1]

    # -- helpers ---------------------------------------------------------------------------
    def joined(self, a: int, b: int) -> bool:
        """Syllable b follows syllable a after nothing or one space."""
        return 0 <= a < b < self.n and self.text[self.spans[a][1]:self.spans[b][0]] in ("", " ")

    def _case_ok(self, entry: Entry, i: int, j: int) -> bool:
        written = self.text[self.spans[i][0]:self.spans[j - 1][1]]
        first = written[:1]
        return first == entry.form[:1] or (written.isupper() and len(written) > 1 and first.upper() == entry.form[:1].upper())

    def matches(self, i: int) -> list[tuple[Entry, int]]:
        """Every lexicon form written at syllable i (as ``_case_ok`` allows), longest first: the
        forms along the trie walk from syllable i, each further syllable joined to the one before."""
        found = self._matches.get(i)
        if found is None:
            ends: list[tuple[int, list[Entry]]] = []
            node = self.forms.get(self.keys[i])
            j = i + 1
            while node is not None:
                if node[0]:
                    ends.append((j, node[0]))
                if j >= self.n or not node[1] or not self.joined(j - 1, j):
                    break
                node = node[1].get(self.keys[j])
                j += 1
            found = [(e, j) for j, entries in reversed(ends) for e in entries if self._case_ok(e, i, j)]
            self._matches[i] = found
        return found

    def entry_at(self, i: int, kinds: tuple[str, ...]) -> tuple[Entry, int] | None:
        """The longest lexicon form of one of ``kinds`` at syllable i, and the index after it."""
        return next(((e, j) for e, j in self.matches(i) if e.kind in kinds), None)

    def unit_word_at(self, i: int) -> tuple[str, int] | None:
        for k in (2, 1):
            if i + k <= self.n and (k == 1 or self.joined(i, i + 1)):
                key = " ".join(self.keys[i:i + k])
                if key in self.unit_options:
                    return key, i + k
        return None

    # -- names of named bodies -------------------------------------------------------------
    def _stops_name(self, k: int) -> bool:
        s = self.syls[k]
        if s.start in self.person_starts or s.start in self.places:
            return True
        if self.entry_at(k, ("local", "party", "named", "part", "national", "country")):
            return True
        if s.text[:1].isupper() and position_heads().match(self.key, s.start):
            return True  # "Sở Tư pháp và | Phó Chủ tịch UBND huyện"
        if s.text == "Xã" and k + 1 < self.n and self.syls[k + 1].key == "hội":
            return False  # "Lao động - Thương binh và Xã hội"
        return bool(self.unit_word_at(k))

    def _name_word(self, k: int, first: int, end: int) -> int:
        """Index after the name word at k (0 if none): a listed lower-case name word ("nông thôn"),
        a capitalised word or abbreviation, or a lower-case syllable of the tokenizer's word the
        name's last syllable is in ("Kinh tế", "Phát triển": Vietnamese capitalises a word's first
        syllable only)."""
        s = self.syls[k]
        if not s.text[:1].isalnum():
            return 0
        if found := self.entry_at(k, ("name-word",)):
            return found[1]
        if s.text[:1].isupper() or s.text[:1].isdigit():
            return k + 1
        if k > first and end == k and self.token_of(s.start) == self.token_of(self.spans[k - 1][0]):
            return k + 1
        return 0

    def name_after(self, head: Entry, j: int) -> int:
        """Index after the name that follows a named body's head at j (j when there is none)."""
        n = self.n
        k = end = j
        while k < n and self.joined(k - 1, k):
            if self._stops_name(k):
                break
            s = self.syls[k]
            if k > j and s.text in _JOINERS and (s.text != "," or head.full == "Ủy ban"):
                if k + 1 < n and (self.joined(k, k + 1) or s.text in "-–") and not self._stops_name(k + 1) \
                        and self.syls[k + 1].text[:1].isupper():
                    k += 1
                    continue
                break
            nxt = self._name_word(k, j, end)
            if not nxt:
                break
            k = end = nxt
        if end > j and head.scope == "parent":
            end = self._topic_before_parent(end)
        return end

    def _topic_before_parent(self, k: int) -> int:
        """"Ban Chỉ đạo cải cách hành chính | của Chính phủ": lower-case words, then "của" and a body."""
        for x in range(k, min(k + 7, self.n - 1)):
            s = self.syls[x]
            if not self.joined(x - 1, x) or not s.text[:1].isalpha() or s.text[:1].isupper():
                return k
            if s.key == "của":
                return x if x > k and self.entry_at(x + 1, ("local", "party", "named", "national")) else k
        return k

    # -- elements and chains ---------------------------------------------------------------
    def element_at(self, i: int, first: bool) -> Element | None:
        found = self.entry_at(i, ("local", "party", "named", "part", "national"))
        if not found:
            return None
        entry, j = found
        if entry.kind == "national" and entry.scope == "after" and first:
            return None
        if entry.kind == "named":
            end = self.name_after(entry, j)
            if end == j:
                return None
            name = self.text[self.spans[j][0]:self.spans[end - 1][1]]
            return Element(i, end, entry, self.spans[i][0], self.spans[end - 1][1], name)
        return Element(i, j, entry, self.spans[i][0], self.spans[j - 1][1])

    def _skip_brackets(self, k: int) -> int:
        """Past "(ĐBQH)" written after a body's full name."""
        if k + 2 < self.n and self.syls[k].text == "(" and self.syls[k + 2].text == ")" \
                and self.syls[k + 1].text.isupper():
            return k + 3
        return k

    def qualifier_at(self, k: int) -> Qualifier | None | bool:
        """Where the body sits, written at syllable k; False for "các huyện" (a group, not one body)."""
        n = self.n
        if k >= n or not self.joined(k - 1, k):
            return None
        s = self.syls[k]
        if s.key in _PLURAL and self.unit_word_at(k + 1):
            return False
        if self.entry_at(k, ("party",)):
            return None  # "Ủy ban Kiểm tra | Tỉnh ủy (Thanh Hóa)": a body above, not a place
        if m := self.places.get(s.start):
            return Qualifier(m.end, mention=m)
        if unit := self.unit_word_at(k):
            word, after = unit
            run_end = after
            while run_end < n and self.joined(run_end - 1, run_end) and self.syls[run_end].text[:1].isupper() \
                    and self.spans[run_end][0] not in self.person_starts and run_end - after < 4:
                run_end += 1
            levels = [lv for lv, _ in self.unit_options[word]]
            level = "city" if len(set(levels)) > 1 else levels[0]
            if run_end > after:  # a named unit the gazetteer does not hold
                return Qualifier(self.spans[run_end - 1][1], level=level,
                                 written=self.text[s.start:self.spans[run_end - 1][1]])
            return Qualifier(self.spans[after - 1][1], level=level)
        if s.start not in self.person_starts and (found := self.entry_at(k, ("country",))):
            entry, j = found
            return Qualifier(self.spans[j - 1][1], country=entry.full)
        return None

    def chain_at(self, i: int) -> tuple[Chain | None, int]:
        first = self.element_at(i, first=True)
        if first is None:
            return None, i + 1
        elements = [first]
        k = first.j
        qualifier: Qualifier | None = None
        while True:
            last = elements[-1]
            if last.entry.kind == "party" and (m := self.places.get(self.spans[last.i][0])):
                qualifier = Qualifier(m.end, mention=m)  # "Huyện ủy Quỳnh Lưu" is itself a place mention
                break
            k = self._skip_brackets(k)
            q = self.qualifier_at(k)
            if q is False:
                return None, k
            if q:
                qualifier = q
                break
            if last.entry.kind not in ("named", "part"):
                break  # a local, party or national body takes a place, not a body above it
            joiner = ""
            at = k
            if at < self.n and self.syls[at].key == "của" and self.joined(at - 1, at):
                joiner, at = "của", at + 1
            if at >= self.n or not self.joined(at - 1, at):
                break
            nxt = self.element_at(at, first=False)
            if nxt is None:
                break
            nxt.joiner = joiner
            elements.append(nxt)
            k = nxt.j
        while elements and elements[-1].entry.kind == "part" and qualifier is None:
            elements.pop()  # "Phó Chủ tịch Thường trực" then nothing: no body
        if not elements:
            return None, k
        end = qualifier.end if qualifier else self.syls[elements[-1].j - 1].end
        return Chain(elements, self.syls[elements[0].i].start, end, qualifier), max(k, elements[-1].j)

    def parse(self) -> list[Chain]:
        out: list[Chain] = []
        i = 0
        forms = self.forms
        keys = self.keys
        while i < len(keys):
            if keys[i] not in forms:
                i += 1  # no lexicon form starts here: most syllables
                continue
            if i in self.in_person:
                i += 1  # "Lê Bộ Lĩnh" is a person, not "Bộ Lĩnh"
                continue
            chain, nxt = self.chain_at(i)
            if chain:
                out.append(chain)
            i = max(nxt, i + 1)
        return out


# -- places, keys, names --------------------------------------------------------------------

@dataclass
class Where:
    """Where a body sits: a unit, national, foreign, or a unit the gazetteer does not hold."""

    scope: str  # national, foreign, province, district, ward
    unit: Unit | None = None
    path: str = NATIONAL
    written: str | None = None  # how its place reads in the full name: "tỉnh Thanh Hóa"
    explicit: bool = False  # the place is written after the body, not taken from the document


@dataclass
class LinkedBody:
    key: str
    full: str
    where: Where
    start: int  # the mention: from this element to the chain's end
    end: int
    part_of: str | None = None
    elements: list[Element] = field(default_factory=list)


def _unit_phrase(unit: Unit, party: bool = False) -> str:
    """"tỉnh Thanh Hóa"; "huyện Hoằng Hóa, tỉnh Thanh Hóa" below the province level; after a
    Party committee the bare name ("Tỉnh ủy Thanh Hóa", "Huyện ủy Yên Thành, tỉnh Nghệ An")."""
    phrase = unit.short if party and not unit.short[:1].isdigit() else unit.written
    if unit.level == "province":
        return phrase
    return f"{phrase}, {unit.province[:1].lower()}{unit.province[1:]}"


class Linker:
    """Gives each chain its place from the document's context."""

    def __init__(self, found: Found, target_unit: Unit | None):
        self.found = found
        self.target = target_unit
        self.named = [m for m in found.mentions if m.resolved]

    def default(self, level: str, at: int) -> Unit | None:
        """The document's own unit for a bare "tỉnh", "huyện", "xã", "thành phố"."""
        provinces = self.found.provinces
        if level == "province":  # a bare "tỉnh" is not a centrally-run city
            return next((p for p in provinces if p.type == "Tỉnh"), provinces[0] if provinces else None)
        if level == "city":  # the document's centrally-run city, else the one city of its province
            if provinces and provinces[0].type == "Thành phố":
                return provinces[0]
            cities = {m.resolved.key: m.resolved for m in self.named
                      if m.resolved.level == "district" and m.resolved.type == "Thành phố"}
            if len(cities) == 1:
                return next(iter(cities.values()))
            return next((p for p in provinces if p.type == "Thành phố"), None)
        if self.target is not None and self.target.level == level:
            return self.target
        units = {m.resolved.key: m.resolved for m in self.named if m.resolved.level == level}
        if len(units) == 1:
            return next(iter(units.values()))
        before = [m.resolved for m in self.named if m.resolved.level == level and m.start < at]
        return before[-1] if before else None

    def where(self, chain: Chain) -> Where | None:
        q = chain.qualifier
        top = chain.elements[-1].entry
        party = top.kind == "party"
        if q is not None:
            if q.country:
                if fold(q.country) == fold("Việt Nam"):
                    return Where("national")
                return Where("foreign", path=slug(q.country), written=q.country, explicit=True)
            if q.mention is not None:
                if q.mention.resolved is None:
                    return None  # a name several units share, that the context did not settle
                unit = q.mention.resolved
                return Where(unit.level, unit, unit.path, _unit_phrase(unit, party), explicit=True)
            if q.written:
                return Where(q.level if q.level != "city" else "province", path=slug(q.written), written=q.written,
                             explicit=True)
            unit = self.default(q.level or "province", chain.start)
            return Where(unit.level, unit, unit.path, _unit_phrase(unit, party)) if unit else None
        if top.kind == "national" or (top.kind == "named" and top.scope == "national"):
            return Where("national")
        level = {"party": top.scope, "named": top.scope}.get(top.kind)
        if level in ("province", "district", "ward", "city"):
            unit = self.default(level, chain.start)
            return Where(unit.level, unit, unit.path, _unit_phrase(unit, party)) if unit else None
        return None

    def link(self, chain: Chain) -> list[LinkedBody]:
        """The chain's bodies, outermost (its last element) first."""
        where = self.where(chain)
        if where is None:
            return []
        out: list[LinkedBody] = []
        parent: str | None = None
        elements = chain.elements
        for x in range(len(elements) - 1, -1, -1):
            if elements[x].entry.kind == "part" and x == len(elements) - 1:
                return []
            tail = elements[x:]
            key = "/".join([where.path] + [slug(e.full) for e in reversed(tail)])
            words = []
            for e in tail:
                words.append(("của " if e.joiner else "") + e.full)
            full = " ".join(words) + (f" {where.written}" if where.written else "")
            out.append(LinkedBody(key, full, where, elements[x].start, chain.end, parent, tail))
            parent = key
        return out


def parse(text: str, ranges: list[tuple[int, int]], places: Found, persons: list[tuple[int, int]],
          token_of: Callable[[int], int], key: str | None = None) -> list[Chain]:
    """The chains in the text, in order (``key`` is ``fold(text)`` where the caller has it)."""
    return Parser(text, ranges, places, persons, token_of, key).parse()
