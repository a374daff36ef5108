"""Officials: every named person with every position the text gives them.

Two shapes carry nearly all of them in Vietnamese reports and news:

- title before name: "Chủ tịch UBND tỉnh Nghệ An Phạm Văn Bình", "Bộ trưởng Trần Văn C";
- name before title: "đồng chí Trần Thị Mai - Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban …",
  "ông Nguyễn Văn A (Phó Chủ tịch UBND huyện)", "(1) Bà X - Phó Trưởng ban … kiêm …".

A title opens with a position head (resources/positions.txt), after "nguyên"/"cựu" where
written (kept in the title), and runs over its organisation: capitalised words (underthesea
keeps "Kinh tế", "Tài nguyên" as one capitalised word), abbreviations, a number after
"quận", "số" ("UBND quận 7", "Trường THPT số 2"), the lower-case words of
resources/org_words.txt, a bracket naming where the body is ("UBND xã Tân Lập (huyện Đông
Anh)"), and, after the nouns whose names go on in lower case ("Trung tâm", "Hiệp hội",
"Ban"), the lower-case words of that name up to a comma, a bracket or a verb ("Hiệp hội các
nhà thầu xây dựng Việt Nam"). A position word right after "Đoàn", "Văn phòng", "Ban" names
the body, not a new position ("Trưởng đoàn Đoàn Đại biểu Quốc hội tỉnh").

Several titles chain with ",", "-", "kiêm" or ";" when each starts where the one before ends.
Where the organisation runs into the name ("tỉnh Hà Tĩnh Đặng Văn Dũng"), the name is split
off at a family name (resources/surnames.txt) or after a known place (resources/places.txt).
Honorifics, degrees and ranks ("ông", "Phó Giáo sư, Tiến sĩ", "PGS.TS", "Đại tá";
resources/honorifics.txt) stand before a name and are neither part of it nor positions: a
military or police rank (cấp bậc) is not a position (chức vụ) in an organisation, so
"Thượng tướng X, Thứ trưởng Bộ Công an" gives X "Thứ trưởng Bộ Công an" only. A position written
bare counts where a person is named with it ("ông X - Phó Tổng Giám đốc", "Bộ trưởng, Chủ
nhiệm Y"); the body it shares with the next title is not copied onto it (a title is text
the document holds).

The words around a title (resources/official_words.txt) say whose it is:

- a group's ("các Ủy viên Bộ Chính trị: A, B, C" gives it to each person listed; "Các vị
  Đại biểu HĐND" to nobody);
- someone else's ("Thừa ủy quyền của Thủ tướng, Phó Thủ tướng X": X is "Phó Thủ tướng" only);
- a person named apart from it ("thôi nhiệm vụ đại biểu HĐND tỉnh đối với ông X", "bầu ông X
  giữ chức Chủ tịch UBND huyện", "bà Y được bổ nhiệm làm Phó Giám đốc Sở …");
- a delegate's: "Đại biểu"/"ĐB" before a name and its constituency in brackets ("ĐB Nguyễn
  Văn Sơn (Quảng Trị)") is the title "Đại biểu" (the text does not say of which council).

An event role ("làm Trưởng đoàn", "Trưởng đoàn công tác") is not a title; a person with no
position (a citizen, a photographer) is not an official. ``is_personal_name`` tells whether
a string reads as a personal name, for rules elsewhere (the signature block).
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
from ..resources import alternation, lines, table

_SYLLABLE = re.compile(r"\w+(?:[-&.'’]\w+)*|[^\w\s]")
_GLUED_DOT = re.compile(r"\.(?=[^\W\d_]{2})")  # a dot before two letters (the letter before it is checked by hand)
_SEPS_BEFORE_TITLE = {"-", "–", "—", ",", "(", ":"}
# Words after which a place name comes first ("huyện Kỳ Anh", "Thành ủy Vinh").
_ADMIN_UNITS = (
    "tỉnh", "huyện", "xã", "phường", "quận", "thị xã", "thị trấn", "thành phố", "tp", "tp.",
    "tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "thị ủy", "đảng ủy",
)
_PROVINCE_UNITS = ("tỉnh", "thành phố", "tp", "tp.", "tỉnh ủy", "thành ủy")
_JOINERS = {"và", "của", "-", "–", ",", "&"}
_CHAIN = {",", "kiêm", "-", "–", "—"}  # not ";": it separates the people of a list
_BOUNDARY = {",", ";", ".", ")", "(", ":", "-", "–", "—", "\"", "“", "”", "!", "?", "…"}
_UNIT_ABBREVIATIONS = {"tp", "tx", "tt", "q", "p", "h"}  # "TP. Thanh Hóa", "Q. 1"
_BEFORE_PLACE = set(_ADMIN_UNITS) | {"ở", "tại"}  # what stands before a place, not a person
_TAIL_MAX = 14  # lower-case syllables an organisation's name may run on for
_MIDDLE = {"văn", "thị"}  # the middle names that follow a family name


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


def position_heads() -> re.Pattern[str]:
    """The position heads of positions.txt as one pattern over folded text, the longest at each place."""
    return _heads().pattern


Seqs = dict[str, list[tuple[str, ...]]]  # entries by first (or, for look-behind, last) syllable, longest first


def _syllables_of(entry: str) -> list[str]:
    """A lexicon entry as the folded syllables the text is read in ("PGS.TS." → "pgs.ts", ".")."""
    return _SYLLABLE.findall(fold(entry))


def _index(entries: Iterable[list[str]], by_last: bool = False) -> Seqs:
    """Multi-syllable lexicon entries by first syllable (or last, to match backwards), so a
    lookup reads only those that can match."""
    by_key: dict[str, set[tuple[str, ...]]] = {}
    for seq in entries:
        if seq:
            by_key.setdefault(seq[-1] if by_last else seq[0], set()).add(tuple(seq))
    return {k: sorted(v, key=len, reverse=True) for k, v in by_key.items()}


@lru_cache(maxsize=1)
def _lexicons() -> tuple[set[str], Seqs, Seqs, Seqs, Seqs]:
    surnames = {fold(s) for s in lines("surnames.txt")}
    places = _index(fold(p).split() for p in lines("places.txt"))
    org_words = _index(fold(w).split() for w in lines("org_words.txt"))
    entries = [_syllables_of(h) for h in lines("honorifics.txt")]
    honorifics = _index([e[:-1] if len(e) > 1 and e[-1] == "." else e for e in entries])
    honorifics_back = _index([e[:-1] if len(e) > 1 and e[-1] == "." else e for e in entries], by_last=True)
    return surnames, places, org_words, honorifics, honorifics_back


@dataclass(frozen=True)
class Words:
    """resources/official_words.txt, each kind indexed for the direction it is read in."""

    former: Seqs  # backwards, ending before a head
    former_next: Seqs  # the same, forwards
    after_head: Seqs
    org_body: Seqs  # backwards
    org_free: Seqs  # backwards
    tail_end: Seqs
    stop: Seqs
    number_unit: Seqs  # backwards
    bracket_org: Seqs
    group: Seqs  # backwards
    not_own: Seqs  # backwards
    of: Seqs  # backwards
    link: Seqs  # backwards
    link_appointed: Seqs  # backwards
    appoint: Seqs  # backwards
    link_back: Seqs
    delegate: re.Pattern[str]


@lru_cache(maxsize=1)
def _words() -> Words:
    by_kind: dict[str, list[list[str]]] = {}
    for row in table("official_words.txt"):
        if len(row) >= 2:
            by_kind.setdefault(row[0], []).append(_syllables_of(row[1]))

    def fwd(kind: str) -> Seqs:
        return _index(by_kind.get(kind, []))

    def back(kind: str) -> Seqs:
        return _index(by_kind.get(kind, []), by_last=True)

    delegates = {" ".join(seq) for seq in by_kind.get("delegate", [])}
    return Words(
        former=back("former"), former_next=fwd("former"), after_head=fwd("after-head"), org_body=back("org-body"),
        org_free=back("org-free"), tail_end=fwd("tail-end"), stop=fwd("stop"),
        number_unit=back("number-unit"), bracket_org=fwd("bracket-org"), group=back("group"),
        not_own=back("not-own"), of=back("of"), link=back("link"), link_appointed=back("link-appointed"),
        appoint=back("appoint"), link_back=fwd("link-back"),
        delegate=re.compile(rf"(?:{alternation(delegates)})(?!\w)"),  # whole words: the start is checked by hand
    )


def is_personal_name(text: str) -> bool:
    """Whether ``text`` reads as a Vietnamese personal name: two to five words, the first a
    family name (or a Tây Nguyên name opener), each capitalised or the whole in capitals
    ("Nguyễn Ngọc Tuấn", "NGUYỄN NGỌC TUẤN", "H'Lan Êban")."""
    words = text.split()
    if not 2 <= len(words) <= 5:
        return False
    if not all(w[:1].isupper() and all(c.isalpha() or c in "'’-" for c in w) for w in words):
        return False
    surnames = _lexicons()[0]
    first = fold(words[0])
    return first in surnames or (len(first) > 2 and first[1] in "'’" and first[0] in "hk")


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
        self._split_dotted()
        self._made: dict[int, Syl] = {}

    def _split_dotted(self) -> None:
        """A dot before a capitalised word ends a syllable: "TP.Phan Thiết" is "TP." "Phan"
        "Thiết" (the city, not a person), while "TP.HCM", "T.Ư", "Q.1" stay one syllable."""
        text = self.text
        cuts = [m.end() for m in _GLUED_DOT.finditer(text)
                if m.start() > 0 and text[m.start() - 1].isalpha() and text[m.end()].isupper() and text[m.end() + 1].islower()]
        for cut in reversed(cuts):
            i = bisect.bisect_right(self.spans, (cut,)) - 1
            if i >= 0 and self.spans[i][0] < cut < self.spans[i][1]:
                a, b = self.spans[i]
                self.spans[i:i + 1] = [(a, cut), (cut, b)]

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

    def same_token(self, a: int, b: int) -> bool:
        """Syllables a and b lie in one underthesea word."""
        return self._token(a) == self._token(b)

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
    first: int  # syllable index where the title's text begins ("nguyên" before the head, or the head)
    start: int  # syllable index of the head
    head_end: int  # syllable index after the head
    end: int  # syllable index after the organisation
    name: tuple[int, int] | None = None  # syllable range of a name found at its end


@dataclass
class _Person:
    name: str
    key: str
    titles: list[tuple[int, int]] = field(default_factory=list)  # char spans


class _Finder:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.text = ctx.text
        self.syls = syls = _Syllables(ctx)
        self.surnames, self.places, self.org_words, self.honorifics, self.honorifics_back = _lexicons()
        self.w = _words()
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
        spans = self.syls.spans
        return self.text[spans[a][1]:spans[b][0]] in ("", " ")

    def _joined(self, a: int, b: int) -> bool:
        """Syllables a … b - 1 each one space apart at most (b - a ≥ 1)."""
        return all(self._gap_ok(k, k + 1) for k in range(a, b - 1))

    def _at(self, i: int, seqs: Seqs) -> int:
        """Length of the longest entry of ``seqs`` starting at syllable i, on one line (0 if none)."""
        k = _match_seq(self.syls, i, seqs)
        return k if k and self._joined(i, i + k) else 0

    def _before(self, i: int, seqs: Seqs) -> int:
        """Length of the longest entry of ``seqs`` (indexed by last syllable) ending right before syllable i."""
        if i <= 0:
            return 0
        syls = self.syls
        for seq in seqs.get(syls[i - 1].key, ()):
            n = len(seq)
            if i - n >= 0 and all(syls[i - n + k].key == seq[k] for k in range(n - 1)) and self._joined(i - n, i + 1 if i < len(syls) else i):
                return n
        return 0

    def _org_word(self, i: int) -> bool:
        s = self.syls[i]
        if s.cap or _is_abbrev(s):
            return True
        return s.in_cap_word and i > 0 and self._gap_ok(i - 1, i)

    def first_of(self, i: int) -> int:
        """Where the title whose head is at syllable i begins: at "Phó" before a head the lexicon
        lists without it ("Phó Tổng Thư ký"), and at "nguyên"/"cựu" written before it."""
        if i > 0 and self.syls[i - 1].key == "phó" and self._gap_ok(i - 1, i):
            i -= 1
        k = self._before(i, self.w.former)
        return i - k if k else i

    def scan_title(self, i: int) -> TitleSpan:
        """From a head at syllable i, run over its organisation; stop before a new head."""
        syls, w = self.syls, self.w
        head_end = self.head_at[i]
        n = len(syls)
        j = head_end
        if j < n and self._gap_ok(j - 1, j) and not syls[j].cap and (k := self._at(j, w.after_head)):
            j += k  # "Phó Trưởng đoàn phụ trách | Đoàn ĐBQH tỉnh"
        org_start = j
        end = j
        needs_org = self.head_keys[i] in self.needs_org
        # where a lower-case name may go on: right after "Trung tâm", "Ban Quản lý", … (the noun
        # may close the head itself: "Trưởng Ban | Quản lý các khu công nghiệp …")
        tail_at = head_end if self._before(head_end, w.org_free) else -1
        while j < n and self._gap_ok(j - 1, j):
            s = syls[j]
            if j in self.head_at and not (needs_org and j == org_start):
                if j > org_start and end == j and s.cap and self._before(j, w.org_body):
                    j = end = self.head_at[j]  # "Đoàn | Đại biểu Quốc hội", "Ban | Bí thư": the body
                    continue
                break  # a new position starts (unless it is this one's organisation: "Phó Trưởng đoàn ĐBQH")
            if s.cap and (self._at(j, w.stop) or self._opens_name(j)):
                break  # "… tỉnh Vĩnh Phúc | Theo ông …", "chủ tịch phường | Ông Lê …"
            if k := self._at(j, self.org_words):
                j += k
                end = j
                if self._before(j, w.org_free):
                    tail_at = j  # "Giám đốc công ty | …" written in lower case
                continue
            if s.text == "." and j == end and j > org_start and syls[j - 1].key in _UNIT_ABBREVIATIONS \
                    and j + 1 < n and syls[j + 1].cap and self._gap_ok(j, j + 1):
                j += 1  # "UBND TP. Thanh Hóa", "UBND Q. Bình Thạnh": the dot of the unit's abbreviation
                continue
            if s.text[:1].isdigit() and j == end and self._before(j, w.number_unit):
                j += 1  # "UBND quận 7", "Trường THPT số 2"
                end = j
                continue
            if self._org_word(j):
                j += 1
                end = j
                if (k := self._before(j, w.org_free)) and syls[j - k].cap:
                    tail_at = j  # "Trung tâm | đăng kiểm tàu cá", "Hiệp hội | đá quý Việt Nam"
                continue
            if k := self._topic_before_body(j):
                j += k  # "Ban Chỉ đạo phòng chống thiên tai của Chính phủ"
                continue
            # the lower-case name starts right after the noun or one capitalised word after it
            # ("Ban Quản lý | các khu công nghiệp", "Trung tâm Nghiên cứu | kinh tế Việt Nam")
            if j == end and (j == tail_at or self._word_after_noun(tail_at, j)) and (k := self._tail(j)):
                j += k
                end = j
                tail_at = -1
                continue
            if s.text == "(" and j == end and j > org_start and (k := self._bracket(j)):
                j += k  # "UBND xã Tân Lập (huyện Đông Anh)", "Cục … (Bộ Tài chính)"
                end = j
                continue
            if s.key in _JOINERS and j + 1 < n and self._gap_ok(j, j + 1):
                if s.key == "," and end == j and self.name_after_title(TitleSpan(i, i, head_end, end)):
                    break  # a name ends the title: "PCN Nguyễn Xuân Thành, …"
                nxt = syls[j + 1]
                if (nxt.cap or _is_abbrev(nxt)) and j + 1 not in self.head_at and self._next_title(j) is None and not (
                    self._honorific_at(j + 1) and not self._at(j + 1, self.places)  # "…, Tiến sĩ địa chất"
                ) and not (s.key in {",", "và"} and self._person_after_comma(j + 1)) and not self._at(j + 1, w.stop):
                    j += 1
                    continue
            break
        return TitleSpan(self.first_of(i), i, head_end, end)

    def _word_after_noun(self, tail_at: int, j: int) -> bool:
        """Syllables tail_at … j - 1 are one capitalised word right after an organisation noun."""
        return 0 <= tail_at < j and self.syls[tail_at].cap and self.syls.same_token(tail_at, j - 1)

    def _tail(self, j: int) -> int:
        """Lower-case syllables from j that go on an organisation's name: up to a comma, a bracket,
        a line end, a capitalised word or a verb (resources/official_words.txt, tail-end); 0 when
        none, or when nothing ends them within a few words (then they are not a name)."""
        syls, w = self.syls, self.w
        n = len(syls)
        k = j
        while k < n and k - j <= _TAIL_MAX:
            if k > j and not self._gap_ok(k - 1, k):
                break  # a line ends the name
            s = syls[k]
            first = s.text[:1]
            if first.isalpha() and not s.cap:
                if s.key == "của" or k in self.head_at or self._at(k, w.tail_end) or self._honorific_at(k):
                    break  # "… Tổng công ty | và đồng chí Phùng Lê Dũng"
                k += 1
                continue
            if s.cap or first.isdigit() or s.text in _BOUNDARY:
                break
            return 0
        else:
            if k < n:
                return 0  # ran on too long: a clause, not a name
        while k > j and syls[k - 1].key in _JOINERS:
            k -= 1
        return k - j

    def _bracket(self, j: int) -> int:
        """Syllables of a bracket at j that names where the organisation is or what it belongs to."""
        syls = self.syls
        n = len(syls)
        if j + 1 >= n or not self._gap_ok(j, j + 1) or not self._at(j + 1, self.w.bracket_org):
            return 0
        for k in range(j + 1, min(j + 12, n)):
            if not self._gap_ok(k - 1, k):
                return 0
            s = syls[k]
            if s.text == ")":
                return k + 1 - j if k > j + 1 else 0
            if k in self.head_at or self._opens_name(k):
                return 0
            if not (self._org_word(k) or self._at(k, self.org_words) or s.text[:1].isdigit()
                    or s.key in _JOINERS or self._at(k, self.w.bracket_org)):
                return 0
        return 0

    def _person_after_comma(self, i: int) -> bool:
        """A personal name at syllable i, not a body's next word: "…, Phạm Văn Phong - Giám đốc …",
        "Đại biểu HĐND TP, Nguyễn Ngọc Tuấn" (but "Ban Tuyên giáo, Đoàn Thanh niên" goes on)."""
        if self._person_item(i):
            return True
        found = self._name_run(i, need_family=True)
        if not found:
            return False
        hi = found[1]
        return hi >= len(self.syls) or not self._gap_ok(hi - 1, hi) or not self._org_word(hi)

    def _person_item(self, i: int) -> bool:
        """A name that opens a list item of its own at syllable i: "…, Phạm Văn Phong - Giám đốc …"."""
        syls = self.syls
        n = len(syls)
        if not self._family(i):
            return False
        k = i + 1
        while k < n and k - i < 4 and syls[k].cap and not _is_abbrev(syls[k]) and self._gap_ok(k - 1, k):
            k += 1
        if k - i < 2 or k + 1 >= n or syls[k].text not in {"-", "–", "—", ",", "("}:
            return False
        return self._next_title(k) is not None

    def _topic_before_body(self, j: int) -> int:
        """Lower-case words (at most 6, no verb among them) that end in "của" + a capitalised body."""
        n = len(self.syls)
        for k in range(j, min(j + 7, n - 1)):
            s = self.syls[k]
            if not s.text[:1].isalpha() or not self._gap_ok(k - 1, k) or k in self.head_at:
                return 0
            if s.key != "của" and self._at(k, self.w.tail_end):
                return 0  # "… Trịnh Đình Dũng đánh giá cao kinh nghiệm của KOSPO": a clause
            if s.key == "của" and k > j:
                nxt = self.syls[k + 1]
                return k - j + 1 if (nxt.cap or _is_abbrev(nxt)) and self._gap_ok(k, k + 1) else 0
        return 0

    def _family(self, i: int) -> bool:
        """A syllable that can open a personal name: a family name, or a Tây Nguyên name
        prefix written with an apostrophe ("H'Yim Byă", "K'Sor")."""
        key = self.syls[i].key
        return key in self.surnames or (len(key) > 2 and key[1] in "'’" and key[0] in "hk")

    def _honorific_at(self, i: int) -> int:
        """Syllables of the honorifics, degrees and ranks that start at i, however many are written
        together ("Phó Giáo sư, Tiến sĩ", "PGS.TS.", "Đại tá, Tiến sĩ")."""
        syls = self.syls
        n = len(syls)
        k = i
        while k < n:
            h = _match_seq(syls, k, self.honorifics)
            if not h:
                break
            k += h
            if k < n and syls[k].text == "." and self._gap_ok(k - 1, k):
                k += 1
            if k + 1 < n and syls[k].text in {",", "-", "–"} and _match_seq(syls, k + 1, self.honorifics):
                k += 1
        return k - i

    def _opens_name(self, i: int) -> bool:
        """An honorific at syllable i with a name after it ("Ông Lê Văn A", "Thượng tướng Lâm Văn Đức";
        not the "Anh" of "Đông Anh" nor the "Bà" of "Bà Rịa")."""
        h = self._honorific_at(i)
        return bool(h) and not self._at(i, self.places) and self._name_run(i + h, need_family=True) is not None

    def _honorific_before(self, i: int) -> int:
        """Syllables of the honorifics ending right before syllable i ("ông", "PGS.TS.", "Đại tá")."""
        k = i
        if k > 0 and self.syls[k - 1].text == ".":
            k -= 1
        h = self._before(k, self.honorifics_back)
        return i - (k - h) if h else 0

    # -- names ----------------------------------------------------------------
    def _cap_run_end(self, start: int, end: int) -> int:
        """Index where the trailing run of capitalised syllables in [start, end) begins."""
        k = end
        while k > start and self.syls[k - 1].cap and not _is_abbrev(self.syls[k - 1]) and self.syls[k - 1].text[:1].isalpha():
            if k < end and not self._gap_ok(k - 1, k):
                break
            k -= 1
        return k

    def _foreign(self, i: int) -> bool:
        """A syllable longer than any Vietnamese one ("Chămpaxắc"): a foreign word, one place or name part."""
        return len(self.syls[i].text) > 7 and "-" not in self.syls[i].text

    def _best_start(self, cands: list[int], hi: int) -> int:
        best = min(cands, key=lambda j: (abs(hi - j - 3), -(hi - j)))
        while best - 1 in cands and not self._before(best, self.w.org_body) and not self._before(best, self.w.org_free):
            best -= 1  # two family names in a row open one name: "Lê Huỳnh Minh Tú", "Nguyễn Thi Kim Ngân"
            # (but "Trung ương Đoàn | Lê Quốc Phong": "Đoàn" is the body's)
        return best

    def split_name(self, lo: int, hi: int, after_admin: str) -> tuple[int, int] | None:
        """Find a personal name that ends the capitalised syllables [lo, hi).

        After an administrative unit the place comes first: a known province, else two
        syllables ("huyện Kỳ Anh Lê Văn A"), or one foreign word ("tỉnh Chămpaxắc …");
        "tỉnh" followed straight by a family name stands alone ("Chủ tịch UBND tỉnh Nguyễn Văn A").
        """
        if hi - lo < 2:
            return None
        floor = lo
        if after_admin:
            k = _match_seq(self.syls, lo, self.places)
            # a unit word with no place after it: "Chủ tịch HĐND huyện Võ Văn A" (three syllables
            # or more, so that a two-syllable place such as "huyện Lương Sơn" stays a place)
            alone = self._family(lo) and hi - lo >= 3 and (after_admin in _PROVINCE_UNITS or hi - lo - 2 < 2)
            floor = lo + (k or (0 if alone else (1 if self._foreign(lo) else 2)))
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
            return self._best_start(cands, hi), hi
        for p in sorted(place_ends):
            if floor <= p and 2 <= hi - p <= 4 and p > lo:
                return p, hi  # a foreign name after a place: "Quốc hội Lào Somsak Phomma"
        return None

    def name_after_title(self, t: TitleSpan) -> tuple[int, int] | None:
        hi = t.end
        if hi - 2 > t.head_end and not self.syls[hi - 1].cap and self.syls[hi - 2].cap \
                and self.syls.same_token(hi - 2, hi - 1) and self._family(self._cap_run_end(t.head_end, hi - 1)):
            hi -= 1  # the tokenizer glued a word to the name: "Uông Chu Lưu cùng"
        lo = max(self._cap_run_end(t.head_end, hi), t.head_end)
        if lo >= hi:
            return None
        before = self.syls[lo - 1].key if lo > 0 else ""
        before2 = f"{self.syls[lo - 2].key} {before}" if lo > 1 else before
        admin = before2 if before2 in _ADMIN_UNITS else (before if before in _ADMIN_UNITS else "")
        found = self.split_name(lo, hi, admin)
        if found and _match_seq(self.syls, found[0], self.places) == found[1] - found[0]:
            return None  # a country or province is not a person
        if found and found[0] == t.head_end and self.head_keys[t.start] in self.needs_org and not self._shares_org(t.start):
            return None  # "Trưởng đoàn Nguyễn Văn A", "Ủy viên Trần B": not a position without its body
            # (but a bare position before a name counts: "Bộ trưởng, Chủ nhiệm Mai Tiến Dũng")
        return found

    def _name_run(self, lo: int, need_family: bool) -> tuple[int, int] | None:
        """The capitalised name that starts at syllable lo (2 to 4 syllables, on one line)."""
        syls = self.syls
        n = len(syls)
        hi = lo
        while hi < n and syls[hi].cap and syls[hi].text[:1].isalpha() and not _is_abbrev(syls[hi]) \
                and hi - lo < 5 and (hi == lo or self._gap_ok(hi - 1, hi)) and hi not in self.head_at:
            hi += 1
        if not 2 <= hi - lo <= 4:
            return None
        if self._family(lo):
            return lo, hi
        if need_family:
            return None
        # a foreign name after an honorific, where the name is set off: "bà Yoonhee Kim, …"
        if hi >= n or syls[hi].text in _BOUNDARY:
            return lo, hi
        return None

    def name_after_honorific(self, t: TitleSpan) -> tuple[int, int] | None:
        """"Phó Giám đốc Sở Tư pháp, ông Nguyễn Văn A, cho biết", "Chủ tịch UBND xã ông X"."""
        j = t.end
        n = len(self.syls)
        if j < n and self.syls[j].key == ",":
            j += 1
        if j >= n or not self._gap_ok(j - 1, j) or not (h := self._honorific_at(j)):
            return None
        found = self._name_run(j + h, need_family=False)
        if found and self._next_title(found[1]) is not None:
            return None  # a list: "A - Phó Chủ tịch HĐQT, ông B - Tổng Giám đốc" (B has his own title)
        if found and self._before(t.first, self.w.of):
            after = self.syls[found[1]].text if found[1] < n else "."
            if after not in {",", ")", "."}:
                return None  # "theo đề nghị của Giám đốc Sở Nội vụ, ông X được bổ nhiệm"
        return found

    def name_link_back(self, t: TitleSpan) -> tuple[int, int] | None:
        """"thôi nhiệm vụ đại biểu HĐND tỉnh đối với ông X", "Chủ tịch UBND tỉnh là ông X"."""
        syls = self.syls
        n = len(syls)
        j = t.end
        # "… đại biểu HĐND tỉnh khóa XVII, nhiệm kỳ 2021 - 2026 đối với ông X"
        while j < n and j - t.end < 10 and (syls[j].key in {",", "khóa", "nhiệm", "kỳ", "-", "–"}
                                            or syls[j].text[:1].isdigit() or _is_roman(syls[j].text)):
            j += 1
        k = self._at(j, self.w.link_back)
        if not k or not self._joined(t.end - 1, j + k):
            return None
        j += k
        h = self._honorific_at(j) if j < n else 0
        return self._name_run(j + h, need_family=not h)

    def name_link_before(self, first: int) -> tuple[int, int] | None:
        """"ông X giữ chức Chủ tịch UBND huyện", "bà Y được bổ nhiệm làm Phó Giám đốc Sở …",
        "bầu ông X làm Chủ tịch" (after an appointment verb only: "ông X làm Trưởng đoàn" is an event role)."""
        k = self._before(first, self.w.link)
        appointed = False
        if not k:
            k = self._before(first, self.w.link_appointed)
            appointed = True
        if not k:
            return None
        hi = first - k
        found = self._name_ending(hi)
        if not found:
            return None
        lo = found[0]
        lo -= self._honorific_before(lo)
        if appointed and not self._before(lo, self.w.appoint):
            return None
        return found

    def _name_ending(self, hi: int) -> tuple[int, int] | None:
        """The personal name that ends right before syllable hi: 2 to 4 capitalised syllables
        opening with a family name, or any after an honorific."""
        syls = self.syls
        lo = hi
        while lo > 0 and syls[lo - 1].cap and syls[lo - 1].text[:1].isalpha() and not _is_abbrev(syls[lo - 1]) \
                and self._gap_ok(lo - 1, lo) and hi - lo < 6:
            lo -= 1
        if hi - lo < 2:
            return self._capitals_name_ending(hi)
        if _match_seq(syls, lo, self.places) == hi - lo or (lo > 0 and syls[lo - 1].key in _BEFORE_PLACE):
            return None  # "Hà Nội, Thủ tướng …", "ở TP.Phan Thiết: Chủ tịch tỉnh …"
        for k in range(lo, hi - 1):
            if self._family(k) and 2 <= hi - k <= 4:
                return k, hi
        if h := self._honorific_at(lo):
            lo += h  # "Ông Yoonhee Kim": the honorific opens the run
        elif not self._honorific_before(lo):
            return None
        return (lo, hi) if 2 <= hi - lo <= 4 else None

    def _capitals_name_ending(self, hi: int) -> tuple[int, int] | None:
        """A name in capitals after an honorific, ending right before syllable hi: "Bà NGUYỄN THU
        THỦY, Phó Cục trưởng …" (a family name first, so that "UBND TỈNH" is not one)."""
        syls = self.syls
        lo = hi
        while lo > 0 and hi - lo < 4 and _is_abbrev(syls[lo - 1]) and syls[lo - 1].text.isalpha() \
                and self._gap_ok(lo - 1, lo):
            lo -= 1
        while lo < hi - 1 and not self._family(lo):
            lo += 1
        if hi - lo >= 2 and self._family(lo) and self._honorific_before(lo):
            return lo, hi
        return None

    def name_before(self, first: int) -> tuple[int, int] | None:
        """The name right before a title that opens with a separator: "Trần Thị Mai - Ủy viên …",
        "Trần Thị Hoa (Bình Định), Phó Chủ nhiệm …"."""
        i = first
        if i == 0 or self.syls[i - 1].text not in _SEPS_BEFORE_TITLE:
            return None
        j = i - 1
        if j == 0 or "\n" in self.ctx.text[self.syls[j - 1].end:self.syls[i].start]:
            return None
        hi = j
        if self.syls[hi - 1].text == ")" and self.syls[j].text in {",", "-", "–", "—"}:
            # a constituency or unit in brackets after the name
            k = hi - 2
            while k > 0 and k > hi - 8 and self.syls[k].text != "(":
                k -= 1
            if self.syls[k].text == "(" and self._joined(k, hi) and all(
                self._org_word(m) or self._at(m, self.org_words) for m in range(k + 1, hi - 1)
            ):
                hi = k
        return self._name_ending(hi)

    def _ends_in_unknown_name(self, t: TitleSpan) -> bool:
        """The title ends in three capitalised words or more that are no known place: most likely a
        name the rules cannot split ("Chủ tịch Thượng viện Mahn Win Khaing Than"), so no title chains on."""
        k = self._cap_run_end(t.head_end, t.end)
        if t.end - k < 3 or (k > 0 and self.syls[k - 1].key in _BEFORE_PLACE):
            return False
        return not any(i + _match_seq(self.syls, i, self.places) == t.end for i in range(k, t.end))

    def _shares_org(self, i: int) -> bool:
        """A head that is a position written bare, where the text gives a person or the body of
        the next title ("Phó Giám đốc, Thủ trưởng Cơ quan Cảnh sát điều tra Công an tỉnh", "ông X
        – Phó Tổng Giám đốc và …"); not "Ủy viên" alone nor a delegation's or a committee's role
        ("Trưởng đoàn", "Trưởng ban" of an event)."""
        key = self.head_keys[i]
        return "đoàn" not in key and "ban" not in key and key != "ủy viên"

    def _core(self, t: TitleSpan) -> str:
        return " ".join(self.head_keys[t.start].split()[:2])

    # -- people ---------------------------------------------------------------
    def _finish(self, chain: list[TitleSpan], out: list[tuple[tuple[int, int], list[TitleSpan]]]) -> None:
        """A chain of titles with no name after it: the name is before it, or linked to it."""
        name = self.name_link_back(chain[-1])
        if not name:
            name = self.name_before(chain[0].first)
            if name and out and out[-1][0] == name and self._core(chain[0]) in {self._core(t) for t in out[-1][1]}:
                name = None  # a list of people with the same position, not one person's second title
        if not name:
            name = self.name_link_before(chain[0].first)
        if name:
            out.append((name, chain))

    def _next_title(self, j: int) -> int | None:
        """Where a title chained after syllable j begins (after ",", "kiêm", "-"), if one does:
        its head, or "nguyên"/"cựu"/"Phó" before its head."""
        n = len(self.syls)
        if j >= n or self.syls[j].key not in _CHAIN or j + 1 >= n or not self._gap_ok(j, j + 1):
            return None
        nxt = j + 1
        k = nxt + self._at(nxt, self.w.former_next)
        if k not in self.head_at and k < n and self.syls[k].key == "phó" and self._gap_ok(k, k + 1):
            k += 1
        return nxt if k in self.head_at and self.first_of(k) == nxt else None

    def _list_names(self, j: int, end: int) -> list[tuple[int, int]]:
        """Bare names listed from syllable j up to character ``end``, one an item
        (", ", "; ", "và" between): "các Phó Chủ tịch: Nguyễn Văn A, Trần Thị B"."""
        syls = self.syls
        n = len(syls)
        found = []
        while j < n and syls[j].start < end:
            h = self._honorific_at(j)
            name = self._name_run(j + h, need_family=not h)
            if name and (name[1] >= n or syls[name[1]].text in {",", ";", ".", "và"} or syls[name[1]].start >= end):
                found.append(name)
                j = name[1]
            else:
                while j < n and syls[j].start < end and syls[j].key not in {",", ";", "và"}:
                    j += 1  # an item that is more than a name: its person is found by its own title
            if j < n and syls[j].key in {",", ";", "và"}:
                j += 1
            else:
                break
        return found

    def _group(self, t: TitleSpan, out: list, groups: list) -> None:
        """A group's title ("các Ủy viên Bộ Chính trị"): for the names listed after it."""
        syls, text = self.syls, self.ctx.text
        n = len(syls)
        j = t.end
        name = self.name_after_title(t)
        if name:
            t.end = name[0]
            out.append((name, [t]))
            for more in self._list_names(name[1] + 1, _sentence_end(text, syls[name[1] - 1].end)) \
                    if name[1] < n and syls[name[1]].key in {",", "và"} else []:
                out.append((more, [t]))
            return
        if j < n and syls[j].text == ":":
            end = _sentence_end(text, syls[j].end)
            groups.append((t, syls[j].end, end))
            for more in self._list_names(j + 1, end):
                out.append((more, [t]))

    def delegates(self) -> list[tuple[tuple[int, int], list[TitleSpan]]]:
        """"Đại biểu Trần Thị Hoa (Bình Định)", "ĐB Nguyễn Văn Sơn (Quảng Trị)": the delegate word is the title."""
        syls = self.syls
        n = len(syls)
        out = []
        for s, e in self.ctx.content:
            for m in self.w.delegate.finditer(self.ctx.key, s, e):
                if m.start() > 0 and self.ctx.key[m.start() - 1].isalnum():
                    continue
                a, b = syls.index_starting(m.start()), syls.index_ending(m.end())
                if a is None or b is None or (b + 1) >= n or not self._gap_ok(b, b + 1):
                    continue
                name = self._name_run(b + 1, need_family=True)
                if not name or name[1] + 2 >= n or syls[name[1]].text != "(" or not self._gap_ok(name[1] - 1, name[1]):
                    continue
                k = name[1] + 1
                while k < n and k - name[1] < 6 and syls[k].cap and self._gap_ok(k - 1, k):
                    k += 1
                if k > name[1] + 1 and k < n and syls[k].text == ")":
                    out.append((name, [TitleSpan(a, a, b + 1, b + 1)]))
        return out

    def people(self) -> list[tuple[tuple[int, int], list[TitleSpan]]]:
        """(name syllable range, its titles) for every person found, in text order."""
        out: list[tuple[tuple[int, int], list[TitleSpan]]] = []
        groups: list[tuple[TitleSpan, int, int]] = []  # a group's title, and the characters it covers
        chain: list[TitleSpan] = []
        expect = -1  # where the next title of the chain begins
        covered = 0  # heads before this lie inside a title already read ("Phó Trưởng đoàn | ĐBQH tỉnh")
        for i in sorted(self.head_at):
            if i < covered:
                continue
            first = self.first_of(i)
            if chain and first != expect:
                self._finish(chain, out)
                chain = []
            title = self.scan_title(i)
            covered = title.end
            if self.head_keys[i] in self.needs_org and title.end == title.head_end and not (
                self._shares_org(i) and (
                    self._next_title(title.end) is not None or (chain and first == expect)
                    or self.name_before(first) is not None
                )
            ):
                if chain:
                    self._finish(chain, out)
                    chain = []
                continue
            if not chain and self._before(first, self.w.group):
                self._group(title, out, groups)
                continue
            prev_word = self.syls[first - 1].key if first > 0 else ""
            if prev_word == "làm" and not chain and not self.name_link_before(first):
                continue  # "làm Trưởng đoàn": an event role, not a position
            name = self.name_after_title(title)
            if name and not chain and name[0] > title.head_end and (before := self.name_before(first)) \
                    and self._honorific_before(before[0]) and not any(before == o[0] for o in out):
                # "bà X, Giám đốc Ban … Đông Á - Thái Bình Dương": after "bà X," the capitals that end
                # a body are the body's (but "Ngài X, Thủ tướng Nguyễn Xuân Phúc" names the Prime Minister)
                name = None
            if name:
                title.end = name[0]
                while title.end > title.head_end and self.syls[title.end - 1].key in _JOINERS:
                    title.end -= 1
                chain.append(title)
                out.append((name, chain))
                chain = []
                continue
            if not chain and self._before(first, self.w.not_own):
                continue  # "Thừa ủy quyền của Thủ tướng, …": someone else's
            chain.append(title)
            if name := self.name_after_honorific(title):
                out.append((name, chain))
                chain = []
                continue
            nxt = None if self._ends_in_unknown_name(title) else self._next_title(title.end)
            if nxt is not None and self.head_keys.get(nxt) not in {self.head_keys[t.start] for t in chain}:
                expect = nxt
                continue
            self._finish(chain, out)
            chain = []
        if chain:
            self._finish(chain, out)
        for t, lo, hi in groups:  # "các Ủy viên Bộ Chính trị: Chủ tịch nước X, Thủ tướng Y"
            for name, titles in out:
                if lo <= self.syls[name[0]].start < hi and t not in titles:
                    titles.append(t)
        return out + self.delegates()


_SENTENCE_END = re.compile(r"\.(?=\s|$)|\n")


def _sentence_end(text: str, pos: int) -> int:
    m = _SENTENCE_END.search(text, pos)
    return m.start() if m else len(text)


def _is_roman(word: str) -> bool:
    return bool(word) and all(c in "IVXLC" for c in word)


def _dedupe_titles(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """One position written several ways is one item, in its fullest form. A title inside
    another is not the same position ("Đại biểu Quốc hội" in "Phó Trưởng đoàn Đoàn đại biểu
    Quốc hội tỉnh", "Bí thư Tỉnh ủy" in "Phó Bí thư Tỉnh ủy")."""

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
        if any(key == norm(k) or shorter_form(key, norm(k)) for k in keep):
            continue
        keep.append(span)
    return sorted(keep)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " ,;:-–(":
        end -= 1
    return start, end


@extractor("officials", requires=("document",))
def extract_officials(ctx: Context) -> list[Official]:
    """Every named person with every position the text gives them, and the signer of the
    document block (``structure.add_signer``) where the text names them nowhere else."""
    from .structure import add_signer

    finder = _Finder(ctx)
    syls = finder.syls
    text = ctx.text
    people: dict[str, _Person] = {}
    for (lo, hi), titles in finder.people():
        name = text[syls[lo].start:syls[hi - 1].end]
        key = fold(name)
        person = people.setdefault(key, _Person(name, key))
        for t in titles:
            if t.end > t.start:
                person.titles.append(_trim(text, syls[t.first].start, syls[t.end - 1].end))
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
    add_signer(ctx, officials)
    return officials

