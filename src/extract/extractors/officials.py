"""Officials: every named person with every position the text gives them.

Two shapes carry nearly all of them in Vietnamese reports and news:

- title before name: "Chủ tịch UBND tỉnh Nghệ An Phạm Văn Bình", "Bộ trưởng Trần Văn C";
- name before title: "đồng chí Trần Thị Mai - Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban …",
  "ông Nguyễn Văn A (Phó Chủ tịch UBND huyện)".

A title opens with a position head (resources/positions.txt) and runs over its
organisation: capitalised words (underthesea keeps "Kinh tế", "Tài nguyên" as one
capitalised word), abbreviations, and the lower-case words of resources/org_words.txt.
Several titles chain with "," or "kiêm". Where the organisation runs into the name
("tỉnh Hà Tĩnh Đặng Văn Dũng"), the name is split off at a family name
(resources/surnames.txt) or after a known place (resources/places.txt). A person
with no position (a citizen, a photographer) is not an official.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from ..abbreviations import expand
from ..models import Official, Title
from ..normalize import fold
from ..registry import Context, extractor
from ..resources import alternation, lines

_SYLLABLE = re.compile(r"\w+(?:[-&.'’]\w+)*|[^\w\s]")
_SEP_BEFORE_TITLE = re.compile(r"\s*(?:[-–—]|,|\(|:)\s*$")
# Words after which a place name comes first ("huyện Kỳ Anh", "Thành ủy Vinh").
_ADMIN_UNITS = (
    "tỉnh", "huyện", "xã", "phường", "quận", "thị xã", "thị trấn", "thành phố", "tp", "tp.",
    "tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "thị ủy", "đảng ủy",
)
_PROVINCE_UNITS = ("tỉnh", "thành phố", "tp", "tp.", "tỉnh ủy", "thành ủy")
_JOINERS = {"và", "của", "-", "–", ","}
_CHAIN = {",", "kiêm", ";"}


@dataclass(slots=True)
class Syl:
    start: int
    end: int
    text: str
    key: str
    cap: bool  # the syllable starts with a capital letter
    in_cap_word: bool  # it belongs to a word (underthesea token) that starts with a capital


@dataclass
class Heads:
    pattern: re.Pattern[str]
    needs_org: set[str]


@lru_cache(maxsize=1)
def _heads() -> Heads:
    needs_org: set[str] = set()
    keys: set[str] = set()
    for line in lines("positions.txt"):
        head, _, flag = line.partition("|")
        key = fold(head.strip())
        keys.add(key)
        if flag.strip() == "org":
            needs_org.add(key)
    return Heads(re.compile(rf"(?<!\w)(?:{alternation(keys)})(?!\w)"), needs_org)


Seqs = dict[str, list[tuple[str, ...]]]  # entries by first syllable, longest first


def _index(entries: Iterable[list[str]]) -> Seqs:
    """Multi-syllable lexicon entries by first syllable, so a lookup reads only those that can match."""
    by_first: dict[str, set[tuple[str, ...]]] = {}
    for seq in entries:
        if seq:
            by_first.setdefault(seq[0], set()).add(tuple(seq))
    return {k: sorted(v, key=len, reverse=True) for k, v in by_first.items()}


@lru_cache(maxsize=1)
def _lexicons() -> tuple[set[str], Seqs, Seqs, Seqs]:
    surnames = {fold(s) for s in lines("surnames.txt")}
    places = _index(fold(p).split() for p in lines("places.txt"))
    org_words = _index(fold(w).split() for w in lines("org_words.txt"))
    honorifics = _index(fold(h).split() for h in lines("honorifics.txt"))
    return surnames, places, org_words, honorifics


class _Syllables:
    """The content's syllables, each with its capitalisation and whether it continues a
    capitalised word; read like a list, but each ``Syl`` is made the first time it is asked for.

    A report has thousands of syllables and the rules look at the few around each position
    head, so making them all (they were two thirds of this extractor's time) was waste.

    underthesea sometimes glues a lower-case joiner to a name ("và Phát triển"), so a
    lower-case syllable continues a capitalised word when the syllable before it in the
    same token is capitalised or itself continues one ("Kinh tế", "Môi trường").
    """

    def __init__(self, ctx: Context):
        self.text, self.key, self.tokens = ctx.text, ctx.key, ctx.token_starts
        self.spans = [m.span() for s, e in ctx.content for m in _SYLLABLE.finditer(ctx.text, s, e)]
        self._made: dict[int, Syl] = {}

    def __len__(self) -> int:
        return len(self.spans)

    def __getitem__(self, i: int) -> Syl:
        if i < 0:
            i += len(self.spans)  # as a list does: [-1] is the last
        made = self._made.get(i)
        if made is not None:
            return made
        if not 0 <= i < len(self.spans):
            raise IndexError(i)
        first = i  # the chain of syllables whose in_cap_word depends on the one before
        while first > 0 and first - 1 not in self._made and self._continues(first):
            first -= 1
        for k in range(first, i + 1):
            self._made[k] = self._make(k)
        return self._made[i]

    def _token(self, k: int) -> int:
        return bisect.bisect_right(self.tokens, self.spans[k][0]) - 1

    def _continues(self, k: int) -> bool:
        """Syllable k is a lower-case letter in the token of syllable k - 1 (so it takes that one's in_cap_word)."""
        a, _ = self.spans[k]
        first = self.text[a]
        return not first.isupper() and first.isalpha() and self._token(k) == self._token(k - 1)

    def _make(self, k: int) -> Syl:
        a, b = self.spans[k]
        word = self.text[a:b]
        cap = word[:1].isupper()
        in_cap = cap or (k > 0 and self._continues(k) and self._made[k - 1].in_cap_word)
        return Syl(a, b, word, self.key[a:b], cap, in_cap)

    def index_starting(self, pos: int) -> int | None:
        """The syllable that starts at character ``pos``, if one does."""
        i = bisect.bisect_left(self.spans, (pos,))
        return i if i < len(self.spans) and self.spans[i][0] == pos else None

    def index_ending(self, pos: int) -> int | None:
        """The syllable that ends at character ``pos``, if one does."""
        i = bisect.bisect_left(self.spans, pos, key=lambda span: span[1])
        return i if i < len(self.spans) and self.spans[i][1] == pos else None


def _is_abbrev(s: Syl) -> bool:
    letters = [c for c in s.text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _match_seq(syls: list[Syl], i: int, seqs: Seqs) -> int:
    """Length of the longest lexicon entry starting at syls[i] (0 if none)."""
    if i >= len(syls):
        return 0
    for seq in seqs.get(syls[i].key, ()):
        n = len(seq)
        if i + n <= len(syls) and all(syls[i + k].key == seq[k] for k in range(1, n)):
            return n
    return 0


@dataclass
class TitleSpan:
    start: int  # syllable index of the head
    head_end: int  # syllable index after the head
    end: int  # syllable index after the organisation
    name: tuple[int, int] | None = None  # syllable range of a name found at its end


@dataclass
class Person:
    name: str
    key: str
    titles: list[tuple[int, int]] = field(default_factory=list)  # char spans


class _Finder:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.syls = syls = _Syllables(ctx)
        self.surnames, self.places, self.org_words, self.honorifics = _lexicons()
        heads = _heads()
        self.needs_org = heads.needs_org
        self.head_at: dict[int, int] = {}  # syllable index → index after the head
        for s, e in ctx.content:
            for m in heads.pattern.finditer(ctx.key, s, e):
                first, last = syls.index_starting(m.start()), syls.index_ending(m.end())
                if first is not None and last is not None:
                    self.head_at[first] = last + 1
        self.head_keys = {i: ctx.key[self.syls[i].start:self.syls[j - 1].end] for i, j in self.head_at.items()}

    # -- scanning -------------------------------------------------------------
    def _gap_ok(self, a: int, b: int) -> bool:
        """Syllables a and b are joined or one space apart (a line break or a wider gap ends a name)."""
        return self.ctx.text[self.syls[a].end:self.syls[b].start] in ("", " ")

    def _org_word(self, i: int) -> bool:
        s = self.syls[i]
        if s.cap or _is_abbrev(s):
            return True
        return s.in_cap_word and i > 0 and self._gap_ok(i - 1, i)

    def scan_title(self, i: int) -> TitleSpan:
        """From a head at syllable i, run over its organisation; stop before a new head."""
        j = self.head_at[i]
        end = j
        n = len(self.syls)
        needs_org = self.head_keys[i] in self.needs_org
        while j < n and self._gap_ok(j - 1, j):
            if j in self.head_at and not (needs_org and j == self.head_at[i]):
                break  # a new position starts (unless it is this one's organisation: "Phó Trưởng đoàn ĐBQH")
            s = self.syls[j]
            k = _match_seq(self.syls, j, self.org_words)
            if k:
                j += k
                end = j
                continue
            if self._org_word(j):
                j += 1
                end = j
                continue
            if k := self._topic_before_body(j):
                j += k  # "Ban Chỉ đạo phòng chống thiên tai của Chính phủ"
                continue
            if s.key in _JOINERS and j + 1 < n and self._gap_ok(j, j + 1):
                nxt = self.syls[j + 1]
                if (nxt.cap or _is_abbrev(nxt)) and j + 1 not in self.head_at and not (
                    s.key == "," and self._honorific_at(j + 1)
                ):
                    j += 1
                    continue
            break
        return TitleSpan(i, self.head_at[i], end)

    def _topic_before_body(self, j: int) -> int:
        """Lower-case words (at most 6) that end in "của" + a capitalised body."""
        n = len(self.syls)
        for k in range(j, min(j + 7, n - 1)):
            s = self.syls[k]
            if not s.text[:1].isalpha() or not self._gap_ok(k - 1, k) or k in self.head_at:
                return 0
            if s.key == "của" and k > j:
                nxt = self.syls[k + 1]
                return k - j + 1 if (nxt.cap or _is_abbrev(nxt)) and self._gap_ok(k, k + 1) else 0
        return 0

    def _family(self, i: int) -> bool:
        """A syllable that can open a personal name: a family name, or a Tây Nguyên name
        prefix written with an apostrophe ("H'Yim Byă", "K'Sor")."""
        key = self.syls[i].key
        return key in self.surnames or (len(key) > 2 and key[1] == "'" and key[0] in "hk")

    def _honorific_at(self, i: int) -> int:
        return _match_seq(self.syls, i, self.honorifics)

    # -- names ----------------------------------------------------------------
    def _cap_run_end(self, start: int, end: int) -> int:
        """Index where the trailing run of capitalised syllables in [start, end) begins."""
        k = end
        while k > start and self.syls[k - 1].cap and not _is_abbrev(self.syls[k - 1]) and self.syls[k - 1].text[:1].isalpha():
            if k < end and not self._gap_ok(k - 1, k):
                break
            k -= 1
        return k

    def split_name(self, lo: int, hi: int, after_admin: str) -> tuple[int, int] | None:
        """Find a personal name that ends the capitalised syllables [lo, hi).

        After an administrative unit the place comes first: a known province, else two
        syllables ("huyện Kỳ Anh Lê Văn A"); "tỉnh" followed straight by a family name
        stands alone ("Chủ tịch UBND tỉnh Nguyễn Văn A").
        """
        if hi - lo < 2:
            return None
        floor = lo
        if after_admin:
            k = _match_seq(self.syls, lo, self.places)
            # a unit word with no place after it: "Chủ tịch HĐND huyện Võ Văn A" (three syllables
            # or more, so that a two-syllable place such as "huyện Lương Sơn" stays a place)
            alone = self._family(lo) and (
                after_admin in _PROVINCE_UNITS or (hi - lo - 2 < 2 and hi - lo >= 3)
            )
            floor = lo + (k or (0 if alone else 2))
        place_ends = {floor} if after_admin else set()
        for i in range(lo, hi):
            if k := _match_seq(self.syls, i, self.places):
                place_ends.add(i + k)
        # a name does not hold a place when a name could follow that place instead
        inner_places = [p for p in place_ends if hi - p >= 2]
        cands = [
            j for j in range(floor, hi - 1)
            if self._family(j) and 2 <= hi - j <= 4
            and not any(j < p for p in inner_places)
        ]
        after_place = [j for j in cands if j in place_ends]
        if after_place:
            return after_place[0], hi
        if cands:
            return min(cands, key=lambda j: (abs(hi - j - 3), -(hi - j))), hi
        for p in sorted(place_ends):
            if floor <= p and 2 <= hi - p <= 4 and p > lo:
                return p, hi  # a foreign name after a place: "Quốc hội Lào Somsak Phomma"
        return None

    def name_after_title(self, t: TitleSpan) -> tuple[int, int] | None:
        lo = max(self._cap_run_end(t.head_end, t.end), t.head_end)
        if lo >= t.end:
            return None
        before = self.syls[lo - 1].key if lo > 0 else ""
        before2 = f"{self.syls[lo - 2].key} {before}" if lo > 1 else before
        admin = before2 if before2 in _ADMIN_UNITS else (before if before in _ADMIN_UNITS else "")
        found = self.split_name(lo, t.end, admin)
        if found and _match_seq(self.syls, found[0], self.places) == found[1] - found[0]:
            return None  # a country or province is not a person
        if found and found[0] == t.head_end and self.head_keys[t.start] in self.needs_org:
            return None
        return found

    def name_after_comma(self, t: TitleSpan) -> tuple[int, int] | None:
        """"Phó Giám đốc Sở Tư pháp, ông Nguyễn Văn A, cho biết"."""
        j = t.end
        if j + 1 < len(self.syls) and self.syls[j].key == "," and (h := self._honorific_at(j + 1)):
            lo = j + 1 + h
            hi = lo
            while hi < len(self.syls) and self.syls[hi].cap and hi - lo < 5 and self._gap_ok(hi - 1, hi):
                hi += 1
            if 2 <= hi - lo <= 4 and self._family(lo):
                return lo, hi
        return None

    def name_before(self, i: int) -> tuple[int, int] | None:
        """The name right before a title that opens with a separator: "Trần Thị Mai - Ủy viên …"."""
        if i == 0:
            return None
        sep_text = self.ctx.text[self.syls[i - 1].start:self.syls[i].start]
        j = i
        if self.syls[i - 1].text in {"-", "–", "—", ",", "(", ":"}:
            j = i - 1
        elif not _SEP_BEFORE_TITLE.search(sep_text):
            return None
        if j == i or "\n" in self.ctx.text[self.syls[j - 1].end:self.syls[i].start]:
            return None
        hi = j
        lo = hi
        while lo > 0 and self.syls[lo - 1].cap and not _is_abbrev(self.syls[lo - 1]) and self._gap_ok(lo - 1, lo):
            lo -= 1
            if hi - lo > 6:
                return None
        if hi - lo < 2:
            return None
        for k in range(lo, hi):
            if self._family(k) and 2 <= hi - k <= 4:
                return k, hi
        return None

    def _core(self, t: TitleSpan) -> str:
        return " ".join(self.head_keys[t.start].split()[:2])

    # -- people ---------------------------------------------------------------
    def people(self) -> list[tuple[tuple[int, int], list[TitleSpan]]]:
        """(name syllable range, its titles) for every person found, in text order."""
        out: list[tuple[tuple[int, int], list[TitleSpan]]] = []
        chain: list[TitleSpan] = []
        i = 0
        n = len(self.syls)
        heads = sorted(self.head_at)
        hi_index = 0
        while hi_index < len(heads):
            i = heads[hi_index]
            hi_index += 1
            if chain and i < chain[-1].end:
                continue
            prev_word = self.syls[i - 1].key if i > 0 else ""
            if prev_word == "làm" and not chain:
                continue  # "làm Trưởng đoàn": an event role, not a position
            title = self.scan_title(i)
            if self.head_keys[i] in self.needs_org and title.end == title.head_end:
                continue
            name = self.name_after_title(title)
            if name:
                title.end = name[0]
                while title.end > title.head_end and self.syls[title.end - 1].key in _JOINERS:
                    title.end -= 1
                chain.append(title)
                out.append((name, chain))
                chain = []
                continue
            chain.append(title)
            name = self.name_after_comma(title)
            nxt = title.end
            linked = (
                nxt < n and self.syls[nxt].key in _CHAIN and nxt + 1 in self.head_at
                and self.head_keys[nxt + 1] not in {self.head_keys[t.start] for t in chain}
            )
            if name or not linked:
                if not name:
                    name = self.name_before(chain[0].start)
                    if name and out and out[-1][0] == name and self._core(chain[0]) in {self._core(t) for t in out[-1][1]}:
                        name = None  # a list of people with the same position, not one person's second title
                if name:
                    out.append((name, chain))
                chain = []
        return out


def _dedupe_titles(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """One position written several ways is one item, in its fullest form."""

    def norm(span: tuple[int, int]) -> str:
        raw = text[span[0]:span[1]]
        return re.sub(r"\s*[-–]\s*", " - ", fold(expand(raw) or raw))

    def shorter_form(short: str, full: str) -> bool:
        """"Phó Chủ tịch HĐND tỉnh" is a shorter form of "Phó Chủ tịch Thường trực HĐND tỉnh":
        same first word, and its words appear in order in the fuller one."""
        a, b = short.split(), full.split()
        if not a or not b or a[0] != b[0]:
            return False
        it = iter(b)
        return all(word in it for word in a)

    keep: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: -(s[1] - s[0])):
        key = norm(span)
        if any(key == norm(k) or re.search(rf"(?<!\w){re.escape(key)}(?!\w)", norm(k)) or shorter_form(key, norm(k)) for k in keep):
            continue
        keep.append(span)
    return sorted(keep)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " ,;:-–(":
        end -= 1
    return start, end


@extractor("officials")
def extract_officials(ctx: Context) -> list[Official]:
    finder = _Finder(ctx)
    syls = finder.syls
    text = ctx.text
    people: dict[str, Person] = {}
    for (lo, hi), titles in finder.people():
        name = text[syls[lo].start:syls[hi - 1].end]
        key = fold(name)
        person = people.setdefault(key, Person(name, key))
        for t in titles:
            if t.end > t.start:
                person.titles.append(_trim(text, syls[t.start].start, syls[t.end - 1].end))
    officials: list[Official] = []
    for person in people.values():
        spans = _dedupe_titles(person.titles, text)
        mentions = [ctx.mention(s, e) for s, e in ctx.find_word(person.key, on_key=True)]
        officials.append(Official(
            name=person.name,
            titles=[Title(text=text[s:e], span=ctx.span(s, e), expanded=expand(text[s:e])) for s, e in spans],
            mentions=mentions,
        ))
    officials.sort(key=lambda o: o.mentions[0].span.start if o.mentions else 0)
    return officials

