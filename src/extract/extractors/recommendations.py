"""Recommendations: each action a person or body asks for, who asks, and of whom.

A request is a cue verb used as a verb (resources/recommendation_cues.tsv:
"đề nghị", "kiến nghị", "yêu cầu", …; "cần"/"phải" only where someone is
speaking or inside a list of requests), then an addressee phrase, then the
action. A lead-in that ends in a list ("…, đó là:", "như sau:") makes the
sentences or "-" lines that follow one request each. An item holding several
actions is split at ";", "…" and "và" + an action verb. ``by`` is the official
named before the cue (or the last one named, for "đồng chí", "ông"), else the
body that is the sentence's subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Iterator, Optional

from ..models import Official, Recommendation
from ..normalize import fold, strip_marks
from ..phrases import UNIT_WORDS, body_name, running_form
from ..registry import Context, extractor
from ..resources import alternation, table
from .officials import position_heads

_WORD = re.compile(r"\w+(?:[-&.]\w+)*")
_LIST_ITEM = re.compile(r"^\s*(?:[-+•–*]|[a-zđ]\)|\d+(?:\.\d+)*[.)])\s+", re.M)
# "1. Đối với UBND tỉnh:" (or the same alone on a short line): the addressee of the items below
_FOR_ADDRESSEE = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]\s*|[a-zđ]\)\s*)?đối với\s+(.+?)\s*(:?)\s*$", re.I | re.M)
# "1. Bộ Nội vụ:", "b) Các đơn vị có liên quan thuộc Bộ Nội vụ:", "2. Chỉ đạo Sở Tài chính:" — a
# heading that names a body (or asks one) and ends in a colon: the addressee of its items
_BODY_HEADING = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]|[a-zđ]\)|[-+•])\s*(?:(?P<ask>chỉ đạo|giao|đề nghị|yêu cầu)\s+)?(?P<body>[^\n:]{2,160}?)\s*:\s*$", re.I | re.M)
# "2. Yêu cầu" / "II. YÊU CẦU" in a plan: its items are requirements, asked of no one in particular
_REQUIREMENTS_HEADING = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]|[IVX]+[.)])\s*(?:mục đích,\s*)?yêu cầu\s*:?\s*$", re.I | re.M)
# words that open no addressee, even capitalised (folded)
_NOT_ADDRESSEES = frozenset("theo trong khi những nhưng chẳng đến người nếu vì do để với tại sau trước cùng và hoặc là có "
                            "không đây đó này chúng tôi ta mình họ cũng đã sẽ đang vẫn còn rất".split())
_TAIL = re.compile(r"(?:[”\"]\s*)?(?:,\s*|\s+[–—-]\s*)(?:(?:đồng chí|ông|bà|anh|chị)\s+)?[A-ZĐÀ-Ỹ][\w'’-]*(?:\s+[A-ZĐÀ-Ỹ][\w'’-]*)*\s+"
                   r"(?:nói|cho biết|nhấn mạnh|khẳng định|chia sẻ|phát biểu)\s*$|\s*\([^()]{1,120}\)\s*$"
                   # after a closing quote, whoever said it: "” – văn bản nêu", "”, chuyên gia đánh giá"
                   r"|[”\"]\s*[,–—-]\s*[^”\".;]{0,80}?\b(?:nói|nêu|cho biết|đánh giá|dẫn lời|nhấn mạnh|khẳng định|chia sẻ|"
                   r"phát biểu|nhận định|viết)\b[^”\".;]{0,80}$")
# a person written by an initial ("sản phụ N.", "anh T.") ends a sentence the tokenizer did not cut there
# ("Q. Hải Châu", "P. Hòa Khánh" are a district and a ward: only after a word for a person)
_INITIAL_END = re.compile(r"(?i:(?<=sản phụ )|(?<=bệnh nhân )|(?<=anh )|(?<=chị )|(?<=ông )|(?<=bà )|(?<=em )|(?<=cháu )"
                          r"|(?<=bé )|(?<=cụ ))[A-ZĐ]\.(?=\s+[A-ZĐÀ-Ỹ][a-zđà-ỹ])")
_BECAUSE = re.compile(r",\s+(?:bởi vì|bởi lẽ|vì|bởi)\s+(?:đây|đó|điều này|việc này|như vậy|vậy)(?!\w)")
# a legal text cited before "phải"/"cần" in its sentence: what follows is that text's rule
_RULE_CITED = re.compile(r"(?<!\w)(?:chiểu theo|theo|căn cứ(?: vào)?|tại|trích dẫn)\s+(?:quy định (?:của|tại)\s+)?"
                         r"(?:(?:điều|khoản|điểm) \d+|bộ luật|luật|nghị định|thông tư|pháp lệnh)(?!\w)")
# a document of a body, then its body: "Văn bản của UBND …", "Công văn số 12/UBND của Sở …"
_DOCUMENT_OF = re.compile(r"(?<!\w)(?:văn bản|công văn|thông báo|kết luận|báo cáo|quyết định|tờ trình|kế hoạch)"
                          r"(?: số [\w/.-]+)? của\s+")
_LONE_HEADS = frozenset({"cục", "sở", "bộ", "ban", "vụ", "viện", "tổng cục", "ủy ban", "phòng", "chi cục"})
_CUTS = re.compile(r"\.\.\.|…|;|(?<=\s)và(?=\s)|,\s+(?:từ đó|đồng thời|qua đó|bên cạnh đó|ngoài ra|trong đó(?! có)|cùng với đó)(?=[\s,])")
# the unit words of body names, less "ủy"/"hội", which after a cue start the action, not the addressee
_ADDRESSEE_UNIT_WORDS = UNIT_WORDS - {"ủy", "hội"}
# Between two bodies of one addressee: the join, and what may follow it ("các": a name, or "các" + a group word)
_LIST_JOINS = {" và ": "các", ", và ": "các", "; ": "các", " của ": "name"}
_LIST_WORDS = ("và", "của")  # the joins' words, skipped on the way to the word after them
_HONORIFICS = ("đồng chí", "ông", "bà", "anh", "chị")  # before a person's name: "yêu cầu bà Vân …"


@dataclass(frozen=True)
class Words:
    cues: dict[str, str]
    groups: dict[str, tuple[str, ...]]
    cue_re: re.Pattern[str]


@lru_cache(maxsize=1)
def _words() -> Words:
    cues = {fold(row[0]): row[1] for row in table("recommendation_cues.tsv")}
    groups: dict[str, list[str]] = {}
    for row in table("recommendation_words.txt"):
        if len(row) == 2:
            groups.setdefault(row[0], []).append(fold(row[1]))
    return Words(
        cues,
        {k: tuple(sorted(v, key=len, reverse=True)) for k, v in groups.items()},
        re.compile(rf"(?<!\w)(?:{alternation(cues)})(?!\w)"),
    )


@lru_cache(maxsize=32)
def _any_of(words: tuple[str, ...], before: str = r"(?<!\w)") -> re.Pattern[str]:
    """One pattern for several words, each followed by a word boundary; it matches wherever
    one of the words' own patterns would (a failed boundary falls back to the next word)."""
    return re.compile(before + "(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


# an honorific and a capitalised name after it, in the text: "ông Chí", "bà Nguyễn Thị Tiến"
_HONORIFIC_NAME = re.compile(r"(?<!\w)(?:đồng chí|ông|bà|anh|chị|Ông|Bà|Đồng chí)\s+([A-ZĐÀ-Ỹ][\w'’-]*(?:\s+[A-ZĐÀ-Ỹ][\w'’-]*){0,3})"
                             r"(?=\s*(?:,|\s[a-zđà-ỹ]|$))")
# people who ask as a group (folded text): "nhiều đại biểu", "các cử tri", "một số ý kiến"
_REPORTED_VIEW = re.compile(r"\s+(?:đều |cũng |đã )?(?:cho rằng|đề nghị|kiến nghị|đề xuất|nhất trí|yêu cầu|nêu ý kiến)")
_SPEAKING_GROUP = re.compile(r"(?<!\w)(?:các|nhiều|một số|không ít|đa số|đông đảo)\s+(?:vị\s+)?(?:đại biểu(?: quốc hội| hđnd)?|"
                             r"cử tri|ý kiến|chuyên gia|doanh nghiệp|người dân|hộ dân)(?!\w)")


def _word_ends(text: str, word: str) -> Iterator[int]:
    """Where each place ``word`` stands in ``text`` as whole words ends (what ``(?<!\\w)word(?!\\w)``
    finds, with no regex made for each word)."""
    pos = text.find(word)
    n = len(word)
    while pos >= 0:
        if (pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] == "_")) and \
                (pos + n == len(text) or not (text[pos + n].isalnum() or text[pos + n] == "_")):
            yield pos + n
        pos = text.find(word, pos + 1)


def _has_word(text: str, word: str) -> bool:
    """``word`` stands in ``text`` as whole words."""
    return next(_word_ends(text, word), None) is not None


@lru_cache(maxsize=64)
def _by_first_letter(options: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """``options`` grouped by their first character, each group in the given order (longest first)."""
    groups: dict[str, list[str]] = {}
    for opt in options:
        if opt:
            groups.setdefault(opt[0], []).append(opt)
    return {k: tuple(v) for k, v in groups.items()}


def _starts_with(key: str, pos: int, options: tuple[str, ...]) -> str | None:
    """The first of ``options`` (folded phrases) that ``key`` has at ``pos`` as whole words."""
    if pos >= len(key):
        return None
    for opt in _by_first_letter(options).get(key[pos], ()):
        if key.startswith(opt, pos) and (pos + len(opt) == len(key) or not key[pos + len(opt)].isalnum()):
            return opt
    return None


def _ends_with(key: str, pos: int, options: tuple[str, ...]) -> str | None:
    head = key[:pos].rstrip()
    for opt in options:
        if head.endswith(opt) and (len(head) == len(opt) or not head[-len(opt) - 1].isalnum()):
            return opt
    return None


class _Finder:
    def __init__(self, ctx: Context, officials: list[Official]):
        self.ctx = ctx
        self.text = ctx.text
        self.key = ctx.key
        self.words = _words()
        # a cue counts only as a whole underthesea word: "giao" but not "giao dịch"
        self.spans = ctx.token_spans  # (start, end, is_space), in order: looked up by bisection
        self.titles = [(*_position_head(t.text), o.name) for o in officials for t in o.titles]  # (head, known, name)
        self.mentions = sorted(
            (m.span.start, m.span.end, o.name) for o in officials for m in o.mentions
        )

    # -- who asks -------------------------------------------------------------
    def speaker(self, start: int, cue: int) -> tuple[str | None, tuple[int, int] | None]:
        """The official or body asking, from the text before the cue in its sentence."""
        inside = [m for m in self.mentions if start <= m[0] < cue]
        if inside:
            s, e, name = inside[-1]
            group = list(_SPEAKING_GROUP.finditer(self.key, e, cue))
            if group and _REPORTED_VIEW.match(self.key, group[-1].end()):  # "… nghe ông X trình bày …, đông đảo
                g = group[-1]                                              # đại biểu cho rằng cần …": they ask
                return self.text[g.start():g.end()], g.span()
            return name, (s, e)
        region = self.key[start:cue]
        before = [m for m in self.mentions if m[1] <= start]
        heads = {m.group() for m in position_heads().finditer(region)}  # the longest at each place: "phó thủ tướng"
        holders = [name for head, known, name in self.titles
                   if (any(_same_position(head, h) for h in heads) if known else _has_word(region, head))]
        if holders:  # "Thủ tướng yêu cầu …": the official holding that position, the one named last before
            for m in reversed(before):
                if m[2] in holders:
                    return m[2], None
        named = list(_HONORIFIC_NAME.finditer(self.text, start, cue))
        if named:  # "ông Chí đề nghị …": a person the text names there, with or without a title
            m = named[-1]
            return m.group(1), m.span(1)
        if self._anaphor(region):
            if before:
                return before[-1][2], None
        clause = self.clause_start(start, cue)
        groups = list(_SPEAKING_GROUP.finditer(self.key, clause, cue))
        if groups:  # "nhiều đại biểu đề nghị …", "một số ý kiến đã đề nghị …"
            m = groups[-1]
            return self.text[m.start():m.end()], m.span()
        if clause > start:  # "X cũng đánh giá cao …; đồng thời đề nghị …": X asks, whatever the clause between names
            who = self._body_at(start, clause)
            if not who[0]:
                who = self.subject_phrase(start, clause)
            group = _SPEAKING_GROUP.match(self.key, self._skip_space(start))
            if not who[0] and group:  # "Các cử tri phản ánh …, đồng thời đề nghị …"
                return self.text[group.start():group.end()], group.span()
            return who
        # the subject is the clause right before the cue: "Trên cơ sở …, Thường trực HĐND tỉnh kiến nghị"
        starts = [start] + [start + m.end() for m in re.finditer(r"[,;.:]\s+", self.text[start:cue])]
        for pos in reversed(starts):
            while pos < cue and not self.text[pos].isalnum():
                pos += 1
            found = self._body_at(pos, cue)
            if found[0]:
                return found
        found = self._body_of_document(start, cue) or self._head_named_before(start, cue)
        return found or self.subject_before(start, cue)

    def _body_of_document(self, start: int, cue: int) -> tuple[str, tuple[int, int]] | None:
        """"Văn bản của UBND thành phố Hải Phòng còn yêu cầu …": a body's document asks for its body."""
        m = _DOCUMENT_OF.search(self.key, start, cue)
        if m is None:
            return None
        name, span = self._body_at(m.end(), cue)
        if not (name and span):
            return None
        if self._back_over_adverbs(span[1], cue, self.words.groups.get("subject-adverb", ())) != span[1]:
            return None  # more words between the body and the cue: the document's body is not its subject
        return name, span

    def _head_named_before(self, start: int, cue: int) -> tuple[str, tuple[int, int]] | None:
        """"Do đó Cục yêu cầu …", "Sở cũng đề nghị …": a body's head word alone, right before the cue (its
        adverbs aside), means the body of that head the text named last before it ("Cục Kiểm tra văn bản")."""
        end = self._back_over_adverbs(start, cue, self.words.groups.get("subject-adverb", ()))
        word = re.search(r"(?<!\w)([A-ZĐ]\w*)\s*$", self.text[max(start, end - 12):end])
        if word is None or fold(word.group(1)) not in _LONE_HEADS:
            return None
        head = fold(word.group(1))
        for at in reversed([e - len(head) for e in _word_ends(self.key[:max(0, end - len(word.group(1)))], head)]):
            if not self.text[at].isupper():
                continue
            name, span = self._body_at(at, min(len(self.text), at + 120))
            if name and span and len(_WORD.findall(name)) >= 2:
                return name, span
        return None

    def _anaphor(self, region: str) -> bool:
        """The clause's subject means someone named before: "ông", "đồng chí", "người đứng đầu
        chính quyền tỉnh" (not "người đứng đầu các cơ quan": many, and no one named)."""
        return any(not _starts_with(region, end + 1, ("các", "những", "mọi"))
                   for word in self.words.groups.get("anaphor", ()) for end in _word_ends(region, word))

    def _back_over_adverbs(self, start: int, end: int, adverbs: tuple[str, ...], whole: bool = True) -> int:
        """``end`` moved back over the adverbs (and spaces) right before it: "Bộ Tư lệnh | đã đề nghị".
        With ``whole=False`` the adverbs never take all of ``[start, end)`` (a subject is not all adverbs)."""
        while True:
            while end > start and self.text[end - 1].isspace():
                end -= 1
            found = _ends_with(self.key, end, adverbs)
            if not found or (not whole and end - len(found) <= start):
                return end
            end -= len(found)

    def clause_start(self, start: int, cue: int) -> int:
        """Where the cue's own predicate starts when it is the second of a sentence's predicates:
        after "; đồng thời" or ", đồng thời" (or "và", "đồng thời" alone) right before the cue, but for
        adverbs. ``start`` where the cue's clause is the sentence's first."""
        adverbs = tuple(a for a in self.words.groups.get("subject-adverb", ()) if a != "đồng thời")
        end = self._back_over_adverbs(start, cue, adverbs)
        joiner = _ends_with(self.key, end, ("đồng thời", "và"))
        if not joiner:
            return start
        at = end - len(joiner)
        head = self.text[start:at].rstrip()
        if not head or not re.search(r"\w", head) or (joiner == "và" and not head.endswith((",", ";"))):
            return start  # "và đề nghị" inside a clause ("A và B đề nghị"): the subject is before it
        return at

    def subject_phrase(self, start: int, end: int) -> tuple[str | None, tuple[int, int] | None]:
        """The sentence's subject, up to its first adverb ("Các thành viên đoàn công tác WB | cũng
        đánh giá cao …"): capitalised, two to eight words, in the first clause."""
        m = re.match(r"[^\w]*", self.text[start:end])
        a = start + (m.end() if m else 0)
        if a >= end or not self.text[a].isupper():
            return None, None
        first_clause = re.split(r"[,;:]", self.text[a:end], maxsplit=1)[0]
        key = fold(first_clause)
        adverbs = self.words.groups.get("subject-adverb", ())
        for w in _WORD.finditer(key):
            if w.start() and _starts_with(key, w.start(), adverbs):
                phrase = first_clause[:w.start()].rstrip()
                if 2 <= len(_WORD.findall(phrase)) <= 8:
                    return phrase, (a, a + len(phrase))
                break
        return None, None

    def subject_before(self, start: int, cue: int) -> tuple[str | None, tuple[int, int] | None]:
        """A body standing right before the cue but for a few adverbs, inside the clause: "…
        nên Bộ Tư lệnh TP HCM đã đề nghị …", "Ủy ban Thường vụ Quốc hội thống nhất giao …"."""
        end = self._back_over_adverbs(start, cue, self.words.groups.get("subject-adverb", ()))
        for m in _WORD.finditer(self.text, max(start, end - 120), end):
            if not self.text[m.start()].isupper():
                continue
            name, span = self._body_at(m.start(), end)
            if not (name and span):
                continue
            gap = self.text[span[1]:end].strip()
            if not gap or (gap.isdigit() and len(gap) <= 3):  # "Quân khu 7", "quận 3": its number goes with it
                a, b = span[0], span[1] + (len(self.text[span[1]:end].rstrip()) if gap else 0)
                return self.text[a:b], (a, b)
        return None, None

    def _body_at(self, pos: int, limit: int) -> tuple[str | None, tuple[int, int] | None]:
        """A capitalised body name starting at pos ("UBND huyện Kỳ Anh", "Đoàn giám sát")."""
        found = body_name(self.ctx, pos, limit)
        if found:
            name = self.text[found[0]:found[1]]
            key = fold(name)
            heads = self.words.groups.get("body-head", ())
            if _starts_with(key, 0, self.words.groups.get("not-body", ())):
                return None, None  # "Trường hợp …", "Ban hành …", "Hội nghị …": a head word in another word
            one_word = len(_WORD.findall(name)) == 1
            if one_word and not (name.isupper() and len(name) >= 3):
                return None, None  # "Tỉnh", "Ban", "Bộ" alone: a name cut short, not who asks
            if heads and _any_of(tuple(heads), "").match(key):
                return name, found
            if one_word and key in _body_abbreviations():  # "KTNN đã yêu cầu …": a body's abbreviation, known
                return name, found
        return None, None

    def _whole_words(self, start: int, end: int, several: bool) -> bool:
        """``text[start:end]`` is one underthesea word, or (``several``) starts and ends on words' edges."""
        import bisect

        i = bisect.bisect_left(self.spans, (start,))
        if i >= len(self.spans) or self.spans[i][0] != start:
            return False
        if self.spans[i][1] == end:
            return True
        if not several:
            return False
        j = bisect.bisect_left(self.spans, (end,), i) - 1
        return j >= i and self.spans[j][1] == end

    def _word_end(self, end: int) -> int:
        """``end``, or the end of the underthesea word it falls inside."""
        import bisect

        i = bisect.bisect_right(self.spans, (end,)) - 1
        if 0 <= i < len(self.spans) and self.spans[i][0] < end < self.spans[i][1]:
            return self.spans[i][1]
        return end

    def unit_speaker(self, start: int, cue: int) -> tuple[str | None, tuple[int, int] | None]:
        """A place as the subject right before the cue: "Dịp này, huyện Vân Canh đề nghị …"."""
        head = self.text[start:cue].rstrip()
        m = re.search(r"(?:^|[,;:]\s+|\s)((?:huyện|tỉnh|thành phố|thị xã|quận|xã|phường|thị trấn)\s+"
                      r"[A-ZĐ][\w'’-]*(?:\s+[A-ZĐ0-9][\w'’-]*){0,3})$", head)
        if m and (m.start(1) == 0 or head[:m.start(1)].rstrip().endswith((",", ";", ":")) or
                  not re.search(r"\w", head[:m.start(1)])):
            a = start + m.start(1)
            return self.text[a:start + m.end(1)], (a, start + m.end(1))
        return None, None

    def quoted_speaker(self, s: int, e: int) -> tuple[str | None, tuple[int, int] | None, int]:
        """"“…” – ông X nói." / "“…”, bà Y nhấn mạnh.": the official who said the quote, and
        where the quote ends (0 where the sentence is no such quote)."""
        if "”" not in self.text[s:e] and '"' not in self.text[s:e]:
            return None, None, 0
        m = re.search(r"[”\"]\s*[,–—-]?\s*(?:(?:đồng chí|ông|bà|anh|chị)\s+)?(?P<who>[^,.;”\"]{2,60}?)\s+"
                      r"(?:nói|cho biết|nhấn mạnh|khẳng định|đề nghị|yêu cầu|chia sẻ|phát biểu|lưu ý)\s*[.!]?$",
                      self.text[s:e])
        if not m:
            return None, None, 0
        who_s, who_e = s + m.start("who"), s + m.end("who")
        inside = [x for x in self.mentions if who_s <= x[0] < who_e]
        if inside:
            return inside[-1][2], (inside[-1][0], inside[-1][1]), s + m.start()
        return None, None, 0

    def quote_around(self, s: int) -> tuple[str | None, tuple[int, int] | None]:
        """Who speaks the quotation a sentence at ``s`` lies inside, over several sentences: the
        official named right after it closes ("…” – ông X nói", "…”, Ngoại trưởng X cho biết") or
        right before it opens ("Ông X đề xuất: “…"). None outside a quotation, or where neither names one."""
        line_start = self.text.rfind("\n", 0, s) + 1
        line_end = self.text.find("\n", s)
        line_end = len(self.text) if line_end < 0 else line_end
        opened = max(self.text.rfind("“", line_start, s + 1), -1)  # (a sentence may open with the quotation)
        if self.text.count('"', line_start, s + 1) % 2 == 1:  # a straight quotation open at s
            opened = max(opened, self.text.rfind('"', line_start, s + 1))
        if opened < 0 or self.text.find("”" if self.text[opened] == "“" else '"', opened + 1, max(s, opened + 1)) >= 0:
            return None, None  # no quotation open at s
        ends = [self.text.find(mark, s, line_end) for mark in ("”",) + (('"',) if self.text[opened] == '"' else ())]
        closes = min((c for c in ends if c >= 0), default=-1)  # a straight quotation may close curly ("…”)
        if closes >= 0:
            tail = self.text[closes + 1:min(line_end, closes + 160)]
            m = re.match(r"\s*[,–—-]?\s*(?P<who>[^,.;“”\"]{2,100}?)\s+(?:nói|cho biết|nhấn mạnh|khẳng định|chia sẻ|"
                         r"phát biểu|cho hay|nêu rõ|khuyến cáo|lưu ý)(?!\w)", tail)
            if m:
                a = closes + 1 + m.start("who")
                inside = [x for x in self.mentions if a <= x[0] < closes + 1 + m.end("who")]
                if inside:
                    return inside[-1][2], (inside[-1][0], inside[-1][1])
                named = _HONORIFIC_NAME.search(self.text, a, closes + 1 + m.end("who"))
                if named:  # "…”, ông An nhấn mạnh": a person the text names with an honorific only
                    return named.group(1), named.span(1)
        lead = self.text[max(line_start, opened - 200):opened].rstrip()
        if lead.endswith(":"):
            inside = [x for x in self.mentions if opened - len(lead) <= x[0] and x[1] <= opened]
            if inside:
                return inside[-1][2], (inside[-1][0], inside[-1][1])
        return None, None

    def according_to(self, s: int, e: int) -> tuple[str | None, tuple[int, int] | None, int]:
        """"Theo bà X, cần …": the official whose view the sentence gives, and where it starts
        ("Theo quy định, …" names nobody)."""
        if "Theo" not in self.text[s:s + 8]:
            return None, None, 0
        m = re.match(r"\s*Theo\s+(?:(?:đồng chí|ông|bà|anh|chị)\s+)?", self.text[s:e])
        if not m:
            return None, None, 0
        comma = self.text.find(",", s + m.end(), e)
        if comma < 0 or comma - s > 120:
            return None, None, 0
        inside = [x for x in self.mentions if s + m.end() <= x[0] < comma]
        pronoun = re.match(r"(?:đồng chí|ông|bà|anh|chị)\s", self.key[s + len("theo "):s + 20])
        name = re.fullmatch(r"[A-ZĐÀ-Ỹ][\w'’-]*(?: [A-ZĐÀ-Ỹ][\w'’-]*){1,4}", self.text[s + m.end():comma].strip())
        if not inside and pronoun and name:  # "Theo bà Vi Thị Hòa, …": a person, with or without a title
            a = s + m.end() + (len(self.text[s + m.end():comma]) - len(self.text[s + m.end():comma].lstrip()))
            return name.group(0), (a, a + len(name.group(0))), comma + 1
        if not inside:
            return None, None, 0
        return inside[-1][2], (inside[-1][0], inside[-1][1]), comma + 1

    def continuation(self, s: int, e: int, strong_only: bool = False) -> tuple[int, tuple[int, int] | None, bool] | None:
        """A sentence that goes on with the request before it: an imperative ("Đẩy nhanh tiến độ
        …"), a modal ("Địa phương phải kết hợp …", "Cần tăng cường …") or one opened by a
        continuation word ("Đồng thời, công khai …"). Returns where its action starts, the subject
        asked (if it names one) and whether the subject stays in the text (a passive: "Các quy
        trình … phải được thực hiện …"); None for a statement, which closes the request.
        ``strong_only``: across a paragraph, only a modal or a continuation word counts."""
        groups = self.words.groups
        key = self.key
        a = s
        marked = False
        while a < e and not self.text[a].isalnum():
            a += 1
        opt = _starts_with(key, a, groups.get("continue", ()))
        if opt:
            a += len(opt)
            while a < e and self.text[a] in " ,:":
                a += 1
            marked = True
        # "Đối với công tác X, huyện cần …", "Về Đại hội, cần …": the topic, then the clause
        topic = re.match(r"(?:(?:đối với|về|với)\s[^,;:]{2,90}|(?:việc|điều|vấn đề|nội dung) (?:này|đó|trên)),\s*", key[a:e])
        if topic:
            a += topic.end()
        words = [(m.start(), m.end(), key[m.start():m.end()]) for m in islice(_WORD.finditer(self.text, a, e), 18)]
        if len(words) < 2:
            return None
        if self._reports(a, e):
            return None  # "X cho biết, …": a report, not an order
        first = words[0][2]
        if (first in ("cần", "phải") or key.startswith("cần phải", a)) and not _in_place_name(self.text, a, words[0][1]):
            return a, None, False
        # a subject, then "cần"/"phải": "Địa phương phải …", "Các cấp ủy … cần …"
        if first in groups.get("statement", ()) and first != "có":
            return None
        if self._starts_with_verb(a, e):  # an imperative: "Đẩy nhanh …", "(Đồng thời,) công khai …"
            if not strong_only or marked or self._plain_order(a, words):
                return a, None, False
            return None
        named = None
        if self.text[a].isupper() or first in ("các", "những"):
            orders = (groups.get("verb", ()), groups.get("order", ()))
            if any(_starts_with(key, ws, g) for ws, _, _ in words[1:7] for g in orders):
                named = self.addressee(a, e)
        if named and len(_WORD.findall(self.text[named[0]:named[1]])) < 2:
            named = None  # one word ("Đoàn kiểm tra …" is a team's name, not an order to it)
        if named and first not in ("các", "những") and not self._body_at(named[0], named[1] + 1)[0]:
            named = None  # "Quá trình kiểm tra …": no body
        if named and self._starts_with_verb(self._skip_space(named[1]), e):
            return self._skip_space(named[1]), named, False  # "Các huyện báo cáo kết quả trước ngày 15/9"
        for i, (ws, we, w) in enumerate(words[1:16], start=1):
            if w in ("cần", "phải") and not (w == "cần" and _in_place_name(self.text, ws, we)):
                if words[i - 1][2] in ("không", "sẽ", "chỉ", "mới", "thì", "là", "đã", "vẫn"):
                    return None  # "sẽ phải", "không cần": a plan, a rule, a need
                passive = i + 1 < len(words) and words[i + 1][2] in ("được", "bị")
                if passive:
                    return a, None, True
                return ws, (self._after_adverbial(a, words[i - 1][1]), words[i - 1][1]), False
            if w in groups.get("statement", ()):
                return None  # "… là …", "… đã …": a subject, then a statement
        return None

    def whole_subject(self, subject: tuple[int, int]) -> tuple[int, int] | None:
        """A subject before "cần"/"phải" as whom, where it is short and names who acts: one phrase (no
        comma), two to six words, opening with a body's head, an addressee word or "các"/"những";
        adverbs at its end left out ("Công ty này | cũng phải …")."""
        a, b = subject
        adverbs = self.words.groups.get("subject-adverb", ()) + self.words.groups.get("modal-adverb", ())
        b = self._back_over_adverbs(a, b, adverbs, whole=False)
        words = _WORD.findall(self.text[a:b])
        if "," in self.text[a:b] or not 2 <= len(words) <= 6:
            return None
        groups = self.words.groups
        opens = (groups.get("body-head", ()), groups.get("addressee", ()), ("các", "những"))
        return (a, b) if any(_starts_with(self.key, a, g) for g in opens) else None

    def _after_adverbial(self, a: int, end: int) -> int:
        """Where the subject starts after an adverbial that opens the clause: "Theo quy định của Luật
        …, | Ban soạn thảo cần …", "Trong quá trình làm việc, | các bạn trẻ phải …"; else ``a``."""
        lead = _any_of(tuple(self.words.groups.get("adverbial", ()))).match(self.key, a, end)
        if lead and (comma := re.match(r"\s[^,;:]{2,90},\s*", self.key[lead.end():end])):
            return lead.end() + comma.end()
        return a

    def _reports(self, a: int, e: int) -> bool:
        """The clause reports ("Phó Chủ tịch UBND tỉnh cho hay, …", "X thông tin: …"): a report
        verb in its first words, followed by a comma, a colon or "rằng" (so the noun of
        "tăng cường thông tin tuyên truyền" is none)."""
        m = _any_of(tuple(self.words.groups.get("report", ()))).search(self.key, a, min(e, a + 90))
        return bool(m) and re.match(r"\s*(?:[,:]|rằng\b|là\b)", self.key[m.end():m.end() + 8]) is not None

    def _skip_space(self, pos: int) -> int:
        while pos < len(self.text) and self.text[pos] == " ":
            pos += 1
        return pos

    def _plain_order(self, a: int, words: list[tuple[int, int, str]]) -> bool:
        """An imperative that may open a paragraph of a speech: an action verb of the lexicon, with
        no statement word in its first words ("Tham dự buổi làm việc có …" is a report)."""
        groups = self.words.groups
        if not (_starts_with(self.key, a, groups.get("verb", ())) or _starts_with(self.key, a, groups.get("order", ()))):
            return False
        statement = self.words.groups.get("statement", ())
        return not any(w in statement for _, _, w in words[1:8])

    def _starts_with_verb(self, a: int, e: int) -> bool:
        """The clause at ``a`` opens with an action verb (``verb`` in recommendation_words.txt)
        and has no statement word in its first words: a word that is a verb and a noun ("Quy
        định về … chưa đầy đủ") is an order only so.

        Why a lexicon and not underthesea's POS tagger: measured here, tagging a clause costs
        14 ms (as much as tokenizing a document, for the few sentences it is asked of), and it
        tags the cue of "Về yêu cầu của cử tri" and "có quyền yêu cầu" as verbs too."""
        groups = self.words.groups
        if not (_starts_with(self.key, a, groups.get("verb", ())) or _starts_with(self.key, a, groups.get("order", ()))):
            return False
        # (a statement's marks of the past or of the passive; "vừa … vừa …" and "không để" are orders' words)
        return not any(self.key[m.start():m.end()] in ("đã", "đang", "chưa", "bị")
                       for m in islice(_WORD.finditer(self.text, a, e), 1, 10))

    # -- to whom --------------------------------------------------------------
    def addressee(self, pos: int, limit: int) -> tuple[int, int] | None:
        """The addressee phrase right after a cue: a body name, or "các sở, ngành"."""
        groups = self.words.groups
        i = pos
        while i < limit and self.text[i] == " ":  # right after the cue: "chỉ đạo, X …" is no "chỉ đạo X"
            i += 1
        start = i
        end = i
        expect_more = False
        members = 1  # bodies listed ("…; các Ban của … và các Tổ đại biểu"): each may be a long name
        bare = self._group_words(i, limit)
        if bare > i and not self.text[i].isupper():  # "yêu cầu địa phương rà soát …": words of the group, then the action
            if this := _starts_with(self.key, self._skip_space(bare), ("này", "đó", "trên", "nói trên")):
                bare = self._skip_space(bare) + len(this)  # "yêu cầu công ty này phải …"
            after = self._skip_space(bare)
            if after < limit and (self._starts_with_verb(after, limit) or _starts_with(self.key, after, groups.get("modal", ()))):
                return i, bare  # "… lãnh đạo địa phương phải bảo vệ …": a modal before the action too
        if bare > i and self.text[bare:bare + 1] == " " and self.text[bare + 1:bare + 2].isupper():
            end = bare  # "kêu gọi chính phủ Anh mở …": the name after the group word is taken next
        honorific = _starts_with(self.key, i, _HONORIFICS)
        if honorific and self.text[i + len(honorific):i + len(honorific) + 1] == " " \
                and self.text[i + len(honorific) + 1:i + len(honorific) + 2].isupper():
            # "yêu cầu bà Vân mở cửa": the person is the addressee, their name's capitalised syllables
            # only (the tokenizer may glue the verb to the name: "Vân mở")
            name = re.match(r"[^\W\d_][\w'’-]*(?: [^\W\d_][\w'’-]*){0,3}", self.text[i + len(honorific) + 1:limit])
            words = name.group().split(" ") if name else []
            kept = 0
            while kept < len(words) and words[kept][:1].isupper():
                kept += 1
            if kept:
                return i, i + len(honorific) + 1 + len(" ".join(words[:kept]))
        for m in _WORD.finditer(self.text, i, limit):
            if m.start() < end:
                continue  # inside a group word already taken ("tổ chức", "cơ quan chức năng")
            gap = self.text[end:m.start()]
            if end == start and m.start() != start:
                break  # the addressee starts right after the cue, not after punctuation
            if gap in (". ", ".") and m.group()[:1].isupper() and re.fullmatch(r"[A-ZĐ]{1,2}", self.text[start:end].split(" ")[-1]):
                gap = " "  # "UBND P. Hòa Khánh", "Q. Hải Châu": a unit's abbreviation, the name goes on
            if end > start and gap not in (" ", ", ") and not (gap in (" - ", " – ") and m.group()[:1].isupper()) \
                    and not self._list_goes_on(gap, m):
                break  # (" - " joins two capitalised parts of one name: "ngành Văn hóa - Thể thao")
            members += gap not in (" ", ", ", " - ", " – ")
            w = m.group()
            k = fold(w)
            if w[:1].isupper() or k in _ADDRESSEE_UNIT_WORDS or k == "các" or (end > start and gap == " " and self.ctx.in_capitalised_word(m.start())):
                whole = _starts_with(self.key, m.start(), groups.get("addressee", ())) if w[:1].isupper() else None
                end = max(m.end(), m.start() + len(whole or ""))  # "các Tổ đại biểu": a group word, capitalised
                expect_more = k == "các"
                continue
            bridge = _starts_with(self.key, m.start(), groups.get("name-bridge", ())) if end > start and gap == " " else None
            if bridge:  # "Đồn Công an | sân bay quốc tế | Nội Bài": the name goes on past where it sits
                last = m.start() + len(bridge)
                while self.text[last:last + 1] == " " and (more := _starts_with(self.key, last + 1, groups["name-bridge"])):
                    last += 1 + len(more)
                if last + 1 < limit and self.text[last] == " " and self.text[last + 1].isupper():
                    end = last  # the capitalised part after it is taken next
                    continue
            tail = _starts_with(self.key, m.start(), groups.get("addressee-tail", ())) if end > start and gap == " " else None
            if tail and _starts_with(self.key, self._skip_space(m.start() + len(tail)), ("đến", "tới", "với", "trong")):
                tail = None  # "liên quan đến …": a verb of the sentence, not the phrase's end
            if tail:  # "các cơ quan, tổ chức | liên quan": the phrase ends with it
                end = m.start() + len(tail)
                break
            if (expect_more or gap == ", " or gap in _LIST_JOINS) and _starts_with(self.key, m.start(), groups.get("addressee", ())):
                opt = _starts_with(self.key, m.start(), groups["addressee"])
                end = m.start() + len(opt)  # type: ignore[arg-type]
                expect_more = False
                continue
            if k in _LIST_WORDS and end > start:
                nxt = _WORD.search(self.text, m.end(), limit)
                if nxt and self._list_goes_on(self.text[m.start() - 1:nxt.start()], nxt):
                    continue  # the word after it decides, as the next one (``_list_goes_on``)
            break
        while end > start and self.text[end - 1] in " ,":
            end -= 1
        end = self._word_end(end)  # never inside a word: "đồng | bào", "các cấp | dưới"
        if end <= start or self.key[start:end] in ("các",):
            return None
        first = _WORD.match(self.key, start)
        if first and first.group() in _NOT_ADDRESSEES:
            return None  # "… đề nghị. Trong …", "Nhưng": a function word, capitalised, is nobody
        if "\n" in self.text[start:end] or len(_WORD.findall(self.text[start:end])) > 16 * min(members, 3):
            return None  # no addressee runs over a line or for a whole clause
        return start, end

    def _list_goes_on(self, gap: str, word: re.Match[str]) -> bool:
        """Does the addressee go on past ``gap`` to ``word``? Bodies listed ("Thường trực HĐND tỉnh; các Ban
        của HĐND tỉnh và các Tổ đại biểu và đại biểu HĐND tỉnh"): after "và" or ";" a name, "các …" or a
        group word that is no action verb ("và ban hành …" is a second action), after "của" a name."""
        joins = _LIST_JOINS.get(gap)
        if joins is None:
            return False
        w = word.group()
        if w[:1].isupper():
            return True
        if joins != "các":
            return False
        at = word.start()
        return fold(w) == "các" or (_starts_with(self.key, at, self.words.groups.get("addressee", ())) is not None
                                    and not self._starts_with_verb(at, min(len(self.text), at + 80)))

    def modal_end(self, pos: int, limit: int) -> int:
        """Past the duty or modal word (and its adverb) at ``pos``: the action starts there."""
        i = self._skip_space(pos)
        groups = self.words.groups
        for group in ("modal-adverb", "modal", "duty", "modal"):
            word = _starts_with(self.key, i, groups.get(group, ()))
            if word and i + len(word) < limit:
                i = self._skip_space(i + len(word))
        return i

    def addressee_after_adverbial(self, pos: int, limit: int) -> tuple[int, int] | None:
        """The body asked after an adverbial right after the cue: "yêu cầu trong khi chờ kết luận của Hội đồng,
        Sở Y tế gửi báo cáo …" (the adverbial is a clause of the request, the body the one to act)."""
        i = self._skip_space(pos)
        if not _starts_with(self.key, i, self.words.groups.get("adverbial", ())):
            return None
        comma = self.text.find(", ", i, min(limit, i + 120))
        if comma < 0 or any(c in self.text[i:comma] for c in ";:.\n"):
            return None
        start = comma + 2
        name, span = self._body_at(start, limit)
        if name and span and self._starts_with_verb(self._skip_space(span[1]), limit):
            return span
        return None

    def _statement_after(self, pos: int, limit: int) -> bool:
        """Does a statement word ("là", "đã", …) follow the addressee within its next few words, before any
        action verb? Then the cue reports a statement about the body, it asks it nothing."""
        statement = self.words.groups.get("statement", ())
        for n, m in enumerate(_WORD.finditer(self.text, pos, limit)):
            word = fold(m.group())
            if n >= 4 or self._starts_with_verb(m.start(), limit):
                return False
            if word in statement and word != "có":
                return True
        return False

    def _group_words(self, i: int, limit: int) -> int:
        """The end of the run of addressee words at i ("lãnh đạo", "địa phương", "các"), or i."""
        words = self.words.groups.get("addressee", ()) + ("các",)
        end = i
        while end < limit:
            word = _starts_with(self.key, end, words)
            if not word:
                break
            end += len(word)
            nxt = self._skip_space(end)
            if nxt == end or nxt - end > 1 or not _starts_with(self.key, nxt, words):
                break
            end = nxt
        return end

    def item_addressee(self, s: int, e: int) -> tuple[int, int] | None:
        """A body named at the start of a list item, followed by its action."""
        name, span = self._body_at(s, e)
        return span if name and span and span[1] < e else None

    def addressee_before(self, s: int, cue: int) -> tuple[int, int] | None:
        """The subject right before "cần"/"phải": "các bộ, ngành, địa phương cần …" (one ends at
        the cue within its last 200 characters: an addressee is a phrase, not a clause)."""
        start = max(s, cue - 200)
        for m in _WORD.finditer(self.text, start, cue):
            w = m.group()
            if w[:1].isupper() or self.key.startswith("các", m.start()) and len(w) == 3:
                found = self.addressee(m.start(), cue)
                if found and self.text[found[1]:cue].strip() == "":
                    return found
        return None

    # -- what -----------------------------------------------------------------
    def strip_lead(self, s: int, e: int) -> tuple[int, int]:
        leads = self.words.groups.get("lead", ())
        while s < e:
            while s < e and self.text[s] in " ,:;-–+•*":
                s += 1
            opt = _starts_with(self.key, s, leads)
            if not opt or s + len(opt) >= e:
                break
            s += len(opt)
        while e > s and self.text[e - 1] in " .,;:…!":
            e -= 1
        # a speaker's tag after the words ("…” – ông X nói"), a bracketed aside at the end
        # ("(trong đó có 5 xã)"), the closing quote: not the action
        tail = _TAIL.search(self.text, s, e)
        if tail and tail.start() > s:
            e = tail.start()
            while e > s and self.text[e - 1] in " .,;:…!":
                e -= 1
        initial = _INITIAL_END.search(self.text, s, e)  # "… của sản phụ N. Sở Y tế …": a sentence ended there
        if initial and len(_WORD.findall(self.text[s:initial.start()])) >= 3:
            e = initial.start() + 2
        because = _BECAUSE.search(self.key, s, e)  # "…, vì đây là động lực …": the reason, not the action
        if because and len(_WORD.findall(self.text[s:because.start()])) >= 3:
            e = because.start()
        if e > s and self.text[e - 1] in "”\"" and self.text[s:e].count(self.text[e - 1]) % 2 == 1:
            e -= 1
        while s < e and self.text[s] in "“\"":
            s += 1
        return s, e

    def split_actions(self, s: int, e: int) -> list[tuple[int, int]]:
        """One item → its separate actions (";", "…", "và" + action verb)."""
        key = self.key
        # a statement clause before the action: "Việc đầu tiên là con người, do đó tăng cường …"
        comma = key.find(", ", s, e)
        if comma > 0 and re.search(r"(?<!\w)là(?!\w)", key[s:comma]) and not self.words.cue_re.search(key, s, comma):
            s = comma + 2
        cuts = [s]
        verbs = self.words.groups.get("verb", ())
        # from the line's start, not the text's: no cut spans a line break, so the cuts are the same
        for m in _CUTS.finditer(key, key.rfind("\n", 0, s) + 1, e):
            if m.start() < s:
                continue
            if self.text.count("(", s, m.start()) > self.text.count(")", s, m.start()):
                continue  # inside a bracket: "(khiếu nại; tố cáo)" is no list of actions
            if m.group() == "và" and not _starts_with(key, m.end() + 1, verbs):
                continue
            cuts.append(m.start())
            cuts.append(m.end())
        cuts.append(e)
        parts: list[tuple[int, int]] = []
        enumeration = self.words.groups.get("enumeration", ())
        held = None  # a verb alone before "và" + verb ("kiểm điểm và xử lý trách nhiệm …"): the two share the object
        for a, b in zip(cuts[0::2], cuts[1::2]):
            a, b = self.strip_lead(a, b)
            if held is not None:
                a, held = held, None
            if 0 < len(_WORD.findall(self.text[a:b])) < 3 and key.startswith("và ", self._skip_space(b)) and \
                    self._starts_with_verb(self._skip_space(b) + 3, e):
                held = a
                continue
            if parts and self.text[parts[-1][1]:a].strip(" ") in (";", "; ") and (
                    _starts_with(key, a, enumeration) or self._object_goes_on(a, b)):
                parts[-1] = (parts[-1][0], b)  # "…, trọng tâm là A; tình hình B; …": one object, listed
                continue
            if len(_WORD.findall(self.text[a:b])) >= 3:
                parts.append((a, b))
        return parts

    def _object_goes_on(self, a: int, b: int) -> bool:
        """After ";", a lower-case noun phrase with no action verb in it ("… tập trung vào cơ chế tài chính;
        cơ chế giải pháp về thị trường; …") lists more of the object before it: no action of its own."""
        if not self.text[a:a + 1].islower() or self._starts_with_verb(a, b):
            return False
        words = list(islice(_WORD.finditer(self.text, a, b), 12))
        return 0 < len(words) <= 10 and not any(self._starts_with_verb(m.start(), b) for m in words[1:]) and \
            not any(self.key[m.start():m.end()] in ("là", "đã", "đang", "sẽ", "cần", "phải") for m in words)

    def cue_in(self, s: int, e: int, weak_ok: bool) -> re.Match[str] | None:
        """The first cue used as a verb in [s, e)."""
        w = self.words
        for m in w.cue_re.finditer(self.key, s, e):
            if not self._whole_words(m.start(), m.end(), " " in m.group()):
                # a cue of two words may be two tokens ("nêu" "rõ"), never part of one
                continue
            strength = w.cues[m.group()]
            if strength == "weak" and not weak_ok:
                continue
            if _ends_with(self.key, m.start(), w.groups.get("not-after", ())):
                continue
            if _ends_with(self.key, m.end(), w.groups.get("not-cue", ())):
                continue  # the cue is the end of a name: "Ban Chỉ đạo" (a steering committee)
            if m.group() == "cần" and _in_place_name(self.text, m.start(), m.end()):
                continue  # "Cần Thơ", "Cần Giờ": a place, not "cần"
            if self.text[m.start() - 2:m.start()] == ", " and self.text[m.end():m.end() + 1] == ",":
                continue  # one noun in a list: "đơn thư, kiến nghị, phản ánh"
            if re.match(r"(?:,[^:;.\n]{1,30})?:[ \t]*\d", self.text[m.end():m.end() + 40]):
                continue  # a label with its count: "(kiến nghị, phản ánh: 14)"
            if strength == "weak" and _ends_with(self.key, m.start(), ("sẽ", "sẽ không", "không")):
                continue  # "sẽ phải": a rule or a plan, not a request
            if strength == "weak" and _RULE_CITED.search(self.key, s, m.start()):
                continue  # "chiểu theo Điều 30 Luật Đầu tư thì … phải …": a rule quoted, not a request
            after = m.end() + 1
            if self.text[m.end():e].strip() in (":", "như sau:"):
                return m  # "… kiến nghị:" opens a list of requests
            if after >= e or _starts_with(self.key, after, w.groups.get("not-before", ())):
                continue
            if strength == "addressee":
                to = self.addressee(m.end(), e)
                if not to:
                    comma = re.match(r"\s*[,:]\s*", self.text[m.end():e])
                    speech = w.groups.get("speech", ())
                    if not (comma and m.group() in speech and self._starts_with_verb(m.end() + comma.end(), e)):
                        continue  # "nêu rõ, tăng cường …": the order itself follows the comma
                elif self._statement_after(to[1], e):
                    continue  # "nhấn mạnh Hội nghị … (11 vừa qua) là …", "giao Ban Dân tộc là cơ quan thường trực": no action
            return m
        return None


@dataclass
class _Pending:
    """An open list of requests: who asks, of whom, and where the list may run."""

    by: tuple[str | None, tuple[int, int] | None]
    to: tuple[int, int] | None
    cue: str
    items_only: bool
    until: int
    sub_to: tuple[int, int] | None = None  # "1. Chỉ đạo Sở X:" inside the list: its items' addressee
    sub_level: int = 0  # the indent level of that heading's marker


GOES_ON_REACH = 800  # characters from a request's last action within which a paragraph may go on with it


@dataclass
class _Open:
    """A request that may run on past its sentence: who asks, of whom, in which block."""

    by: tuple[str | None, tuple[int, int] | None]
    to: tuple[int, int] | None
    cue: str
    block: int
    end: int  # where its last action ended: a request goes on into the next paragraphs, not pages on


_DIRECTIVE_KINDS = ("nghị quyết", "quyết định", "kế hoạch", "thông báo", "kết luận", "chỉ thị", "công văn", "chương trình")
# over strip_marks(fold(line)): OCR loses and moves marks ("TRƯỜNG BAN CHÍ ĐẠO")
_ENACTING = re.compile(r"^(?:hoi dong nhan dan|uy ban nhan dan|chu tich|truong ban|thuong truc|"
                       r"ban thuong vu|bo truong|ban chi dao|giam doc)\b")


# the enacting formula of a resolution or a decision, a line of its own: "QUYẾT NGHỊ:", "QUYẾT ĐỊNH:"
_ENACTING_FORMULA = re.compile(r"^[ \t]*(?:QUYẾT NGHỊ|QUYẾT ĐỊNH)[ \t]*:?[ \t]*$", re.MULTILINE)


def _authority(ctx: Context) -> tuple[str | None, tuple[int, int] | None]:
    """Who asks in a directive document (a resolution, decision, plan, notice) where a request
    names nobody: its enacting line in capitals right above the preamble ("HỘI ĐỒNG NHÂN DÂN TỈNH
    X", "CHỦ TỊCH ỦY BAN NHÂN DÂN …"), else the issuer of its header. A document whose header
    did not survive (a legal-database export) is a directive by its enacting formula ("QUYẾT NGHỊ:")."""
    info = ctx.found.get("document")
    text = ctx.text
    directive = info is not None and info.kind and fold(info.kind) in _DIRECTIVE_KINDS
    headerless = info is None or not info.kind  # a header that names another kind (a report quoting one) is no directive
    if not directive and not (headerless and _ENACTING_FORMULA.search(text, 0, min(len(text), 6000))):
        return None, None
    start = 0
    if info is not None:
        start = info.title.span.end if info.title else (info.issued.span.end if info.issued else 0)
    line = _enacting_line(text, start, min(len(text), start + 800))
    if line:
        return running_form(text, *line, ctx.key)
    if info is not None and info.issuer is not None:  # as written (its lines and all: ``by`` is grounded)
        return info.issuer.text, (info.issuer.span.start, info.issuer.span.end)
    return None, None


def _enacting_line(text: str, pos: int, limit: int) -> tuple[int, int] | None:
    """The span of the enacting line: the last line in capitals that names an authority before the
    preamble ("Căn cứ …"), so that a title wrapped onto a line that starts like one ("BAN CHỈ ĐẠO …")
    is passed over; the first such line where no preamble follows."""
    found: list[tuple[int, int]] = []
    while pos < limit:
        nl = text.find("\n", pos, limit)
        end = limit if nl < 0 else nl
        line = text[pos:end].strip()
        if line and re.match(r"(?:Căn cứ|Xét|Theo đề nghị)", line):
            return found[-1] if found else None
        letters = [c for c in line if c.isalpha()]
        if letters and all(c.isupper() for c in letters) and _ENACTING.match(strip_marks(fold(line))):
            a = pos + (len(text[pos:end]) - len(text[pos:end].lstrip()))
            found.append((a, a + len(line)))
        pos = end + 1
    return found[0] if found else None


def _lead_end(text: str) -> int:
    """Where a news text's headline and lead end: after its first two non-empty lines."""
    pos, found = 0, 0
    while found < 2:
        nl = text.find("\n", pos)
        if nl < 0:
            return len(text)
        if text[pos:nl].strip():
            found += 1
        pos = nl + 1
    return pos


def _position_head(title: str) -> tuple[str, bool]:
    """The position a title opens with, folded ("Thủ tướng Chính phủ" → "thủ tướng"), and True; for a title
    that opens with none of positions.txt, its first three syllables, and False."""
    key = " ".join(fold(title).split())
    m = position_heads().match(key)
    return (m.group(), True) if m else (" ".join(key.split()[:3]), False)


def _same_position(a: str, b: str) -> bool:
    """One position written shorter or longer: "phó thủ tướng" and "phó thủ tướng thường trực", not "thủ tướng"
    and "phó thủ tướng"."""
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


@lru_cache(maxsize=1)
def _body_abbreviations() -> frozenset[str]:
    """The bodies of resources/bodies.tsv written as one capitalised abbreviation ("KTNN", "UBND"), folded."""
    return frozenset(fold(row[0]) for row in table("bodies.tsv") if row and row[0].isupper() and " " not in row[0])


def _in_place_name(text: str, start: int, end: int) -> bool:
    """Is the word at [start, end) capitalised and followed by a capitalised word: "Cần Thơ", "Cần Giờ"?"""
    return text[start:start + 1].isupper() and text[end:end + 1] == " " and text[end + 1:end + 2].isupper()


def _near_duplicate(key: str, seen: set[str]) -> bool:
    """A request already listed in other words: nearly all its words (or nearly all of the
    other's) are those of one listed, in a sentence of about the same length or contained in it
    ("đẩy nhanh tiến độ giải ngân" and "đẩy nhanh tiến độ giải ngân vốn đầu tư công")."""
    from collections import Counter

    mine = Counter(_WORD.findall(key))
    n = sum(mine.values())
    if n < 4:
        return False
    for other in seen:
        theirs = Counter(_WORD.findall(other))
        m = sum(theirs.values())
        if m < 4:
            continue
        common = sum((mine & theirs).values())
        if common >= 0.9 * min(n, m) and min(n, m) >= 0.6 * max(n, m):
            return True
    return False


def _opens_with_position(key: str, pos: int) -> bool:
    """The folded text at ``pos`` opens with a position ("chánh văn phòng", "giám đốc", "chủ
    tịch": positions.txt), as the subject of "… chịu trách nhiệm thi hành" does."""
    return position_heads().match(key, pos) is not None


def _level(marker: str) -> int:
    """The depth of a list marker: "1." 1, "1.1." 2, "a)" 3, "-" / "+" 4."""
    marker = marker.strip()
    if re.match(r"[IVX]+[.)]", marker):
        return 0
    if re.match(r"\d", marker):
        return 1 + marker.rstrip(".)").count(".")
    if re.match(r"[a-zđ]\)", marker):
        return 3
    return 4


_Who = tuple[Optional[str], Optional[tuple[int, int]]]  # who asks: (name, span) or (None, None)


class _Walk:
    """One pass over a document's sentences, in order, with what is open at each: a list of
    requests after a lead-in (``pending``), a request that may run on (``open_req``), the last
    speaker and the last list's asker. Each sentence goes through the steps of ``sentence``
    until one takes it."""

    def __init__(self, ctx: Context):
        self.ctx, self.text, self.key = ctx, ctx.text, ctx.key
        self.f = _Finder(ctx, ctx.found.get("officials", []))
        self.out: list[Recommendation] = []
        self.seen: set[str] = set()
        self.headline: set[str] = set()  # requests of the headline and the lead, which the body repeats
        self.lead_end = _lead_end(self.text)
        self.authority = _authority(ctx)
        self.block_starts = [b[0] for b in ctx.content]
        # A lead-in ending in ":" opens a list. Its items are the following sentences of the
        # same paragraph ("block" mode, news style) or the "-" lines that follow ("items" mode,
        # report style, where "1. Đối với UBND tỉnh:" headings set the addressee of their items).
        self.pending: _Pending | None = None
        self.open_req: _Open | None = None
        self.last_by: _Who = (None, None)
        self.last_speaker: tuple[_Who, int] = ((None, None), -1)
        duty_words = tuple(self.f.words.groups.get("duty", ()))
        self.asks = re.compile(self.f.words.cue_re.pattern + "|" + _any_of(duty_words).pattern) \
            if duty_words else self.f.words.cue_re

    def block_of(self, pos: int) -> int:
        import bisect

        return bisect.bisect_right(self.block_starts, pos) - 1

    def emit(self, a: int, b: int, by: _Who, to: tuple[int, int] | None, cue: str) -> None:
        """One request per action of text[a:b]; a repeat of the headline's or the lead's is left out."""
        ctx, text = self.ctx, self.text
        if by[0] is None and self.authority[0] is not None:
            by = self.authority
        for s, e in self.f.split_actions(a, b):
            k = fold(text[s:e])
            if k in self.seen or _near_duplicate(k, self.headline):
                continue  # the headline's or the lead's request again in the body
            self.seen.add(k)
            if s < self.lead_end:
                self.headline.add(k)
            self.out.append(Recommendation(
                text=text[s:e], span=ctx.span(s, e), by=by[0],
                by_span=ctx.span(*by[1]) if by[1] else None,
                addressee=text[to[0]:to[1]] if to else None,
                addressee_span=ctx.span(*to) if to else None, cue=cue,
            ))

    # -- the steps, in the order a sentence meets them --------------------------------------

    def sentence(self, s: int, e: int) -> None:
        text, key = self.text, self.key
        line_start = text.rfind("\n", 0, s) + 1
        # a sentence that opens its line (after a list marker at most) may be a heading
        at_line = s == line_start or (s - line_start <= 12 and not text[line_start:s].strip(" -–+•*.)0123456789abcdđ"))
        if key.startswith("theo ", s) and (view := self.f.according_to(s, e))[0]:
            self.last_speaker = (view[:2], self.block_of(s))  # "Theo đồng chí X, … . Đồng thời đề nghị …": X asks
        if not at_line and self.pending is None and self.open_req is None and not self.asks.search(key, s, e):
            return  # nothing asks here and nothing is open: most sentences of a news text
        line_end = text.find("\n", s)
        line_end = len(text) if line_end < 0 else line_end
        item = _LIST_ITEM.match(text, line_start)
        if self.heading(s, e, line_start, line_end, at_line, item):
            return
        if self.list_item(s, e, line_start, item):
            return
        m = self.f.cue_in(s, e, weak_ok=False)
        according = self.f.according_to(s, e)
        quoted = self.f.quoted_speaker(s, e)
        if m is None:
            m = self.speech_cue(s, e, according, quoted)
        if m is None and self.open_req is not None and self.goes_on(s, e):
            return
        if m is None:
            self.duty(s, e, line_start)
            return
        self.ask(s, e, m, according, quoted, line_end)

    def heading(self, s: int, e: int, line_start: int, line_end: int, at_line: bool, item) -> bool:
        """Headings and lines that open, end or skip a list: "1. Đối với UBND tỉnh:", "Yêu cầu",
        a question, the legal basis, a new article; "1. Phòng Nội vụ:" and "a) Chỉ đạo Sở X:"
        inside a list. True where the sentence is taken."""
        text, key, f = self.text, self.key, self.f
        if at_line and (m := _FOR_ADDRESSEE.match(text, line_start, line_end)) and (
                m.group(2) or line_end - line_start <= 70):
            self.pending = _Pending(self.last_by, m.span(1), "kiến nghị", items_only=True, until=len(text))
            self.open_req = None
            return True
        if line_start == s and _REQUIREMENTS_HEADING.match(text, line_start, line_end):
            by = self.last_by if self.last_by[0] else self.authority
            self.pending = _Pending(by, None, "yêu cầu", items_only=True, until=len(text))
            self.open_req = None
            return True
        if text[s:e].rstrip().endswith("?"):
            return True
        if key.startswith(("căn cứ ", "xét "), line_start):
            return True  # the legal basis of a resolution or decision cites, it does not ask
        if line_start == s and re.match(r"(?:Điều\s+\d+|Chương\s+[IVXLC\d]+|[IVX]+\.\s+\S)", text[s:s + 12]):
            self.pending, self.open_req = None, None  # a new article or section ends any list or request
        heading = _BODY_HEADING.match(text, line_start, line_end) if at_line else None
        if heading and self.pending is None and self.authority[0] is not None and not heading.group("ask"):
            # a directive document's "1. Phòng Nội vụ:": the tasks of that body follow
            named = f.item_addressee(heading.start("body"), heading.end("body") + 1)
            if named and named[1] >= heading.end("body") - 1:
                self.pending = _Pending(self.authority, named, "giao", items_only=True, until=len(text))
                self.open_req = None
                return True
        if heading and self.pending and self.pending.items_only:
            named = f.item_addressee(heading.start("body"), heading.end("body") + 1)
            if named and named[1] >= heading.end("body") - 1:
                lvl = _level(item.group()) if item else 4
                if heading.group("ask"):  # "1. Chỉ đạo Sở X:" inside a list asks X through its addressee
                    self.pending.sub_to, self.pending.sub_level = named, lvl
                else:
                    self.pending.to, self.pending.sub_to = named, None
                return True
        return False

    def list_item(self, s: int, e: int, line_start: int, item) -> bool:
        """An item of the open list is a request by the list's asker, of its addressee (or of the
        body the item opens with: "- Sở Nội vụ tham mưu …"); a paragraph after the list ends it."""
        pending = self.pending
        on_item_line = bool(item)
        if pending and (on_item_line if pending.items_only else s < pending.until):
            a = s
            if on_item_line and item and s <= item.end():
                a = item.end()
            if pending.sub_to is not None and item and _level(item.group()) <= pending.sub_level:
                pending.sub_to = None  # the next item at that level ends the sub-list
            to = pending.sub_to or pending.to
            subject = self.item_subject(a, e) if on_item_line else None  # "- Các sở, ngành … có trách nhiệm …"
            own = subject or (self.f.item_addressee(a, e) if on_item_line else None)  # "- Sở Nội vụ tham mưu …"
            if own:
                to, a = own, own[1]
            if subject:
                a = self.f.modal_end(a, e)
            self.emit(a, e, pending.by, to, pending.cue)
            return True
        if pending and pending.items_only and not on_item_line and line_start == s:
            self.pending = None  # a paragraph after the list ends it
        elif pending and not pending.items_only:
            self.pending = None
        return False

    def item_subject(self, a: int, e: int) -> tuple[int, int] | None:
        """The subject of a list item that says whose duty it is: "- Lãnh đạo các bộ, ngành và địa phương thuộc
        đối tượng kiểm tra có trách nhiệm …", "- Các sở, ngành cần …": the whole phrase before the duty or modal
        word, where it opens with a body, "các"/"những", a position or a group word and is no statement."""
        f, key, text = self.f, self.key, self.text
        m = _any_of(tuple(f.words.groups.get("modal", ())) + tuple(f.words.groups.get("duty", ()))).search(
            key, a, min(e, a + 200))
        if m is None or not text[a:m.start()].strip():
            return None
        end = m.start()
        while end > a and text[end - 1] in " ,":
            end -= 1
        words = [w for w in _WORD.finditer(text, a, end)]
        if not words or len(words) > 24 or any(c in text[a:end] for c in ";:.()"):
            return None
        group = _starts_with(key, a, f.words.groups.get("addressee", ())) and not f._starts_with_verb(a, end)
        if not (f._body_at(a, end)[0] or key.startswith(("các ", "những "), a) or _opens_with_position(key, a) or group):
            return None  # (a group word: "Lãnh đạo các sở …", not "Tổ chức tập huấn …")
        if any(key[w.start():w.end()] in ("đã", "đang", "sẽ", "vẫn", "thì", "là", "để") for w in words):
            return None  # "Các xã đã … nên cần …": a statement, then the modal
        return a, end

    def speech_cue(self, s: int, e: int, according, quoted):
        """A weak cue counts where someone speaks: a speech verb, a quote with its speaker, or
        the view right after "Theo bà X, …"."""
        f, key, text = self.f, self.key, self.text
        speech = tuple(f.words.groups.get("speech", ()))
        region_speech = bool(speech) and _any_of(speech).search(key, s, e) is not None
        if region_speech or quoted[0]:
            return f.cue_in(s, e, weak_ok=True)
        if according[0]:  # "Theo bà X, cần …", "Theo ông Y, các huyện phải …": the view right after
            m = f.cue_in(according[2], min(e, according[2] + 60), weak_ok=True)
            if m is not None and len(_WORD.findall(text[according[2]:m.start()])) > 6:
                return None
            return m
        return None

    def goes_on(self, s: int, e: int) -> bool:
        """A sentence with no cue after an open request: its next action (True), or a statement,
        which pauses it inside the speaker's paragraph and ends it otherwise."""
        f, open_req = self.f, self.open_req
        crossed = self.block_of(s) != open_req.block
        if s - open_req.end > GOES_ON_REACH:
            self.open_req = None  # a sub-heading run into the text pages on: far from the request, no action of it
            return False
        cont = f.continuation(s, e, strong_only=crossed)
        if cont is not None:
            a, subject, _ = cont
            to = open_req.to
            if subject is not None:
                named = f.addressee(subject[0], subject[1] + 1) or f.addressee_before(s, subject[1] + 1)
                if named and named[1] < subject[1]:
                    named = f.whole_subject(subject) or named  # "Ban soạn thảo cần …": not "Ban" alone
                to = named or subject
                if _starts_with(self.key, to[0], f.words.groups.get("not-whom", ())):
                    to = None  # "Quá trình … cần …": what the sentence is about, nobody asked by name
            self.emit(a, e, open_req.by, to, open_req.cue)
            open_req.block, open_req.end = self.block_of(s), e
            return True
        # a statement: inside the speaker's paragraph the request only pauses ("Về Đại hội …
        # diễn ra trong bối cảnh đặc thù. Do vậy, cần …"); a report, or a paragraph that does
        # not go on with it, ends it
        if crossed or f._reports(s, e):
            self.open_req = None
        return False

    def duty(self, s: int, e: int, line_start: int) -> None:
        """"X chịu trách nhiệm thi hành …": a duty asks the clause's subject."""
        text, key, f = self.text, self.key, self.f
        duty = _any_of(tuple(f.words.groups.get("duty", ()))).search(key, s, e)
        if not (duty and text[s:duty.start()].strip()):
            return
        # the subject is the clause from its start: "Điều 3. Chánh Văn phòng …; Giám đốc các
        # Sở: …; Chủ tịch UBND các huyện chịu trách nhiệm thi hành Quyết định này"
        start = line_start if line_start < s and ":" in text[line_start:s] else s  # "Giám đốc các Sở: A, B"
        head = re.match(r"\s*(?:Điều\s+\d+\.?\s*|(?:\d+(?:\.\d+)*[.)]|[a-zđ]\)|[-+•])\s*)?", text[start:duty.start()])
        a = start + head.end()
        to = (a, duty.start()) if (f._body_at(a, duty.start())[0] or key.startswith(("các ", "những "), a)
                                   or _opens_with_position(key, a)) \
            else f.addressee_before(start, duty.start())
        if to and to[0] - start <= len(head.group()) + 3:
            while to[1] > to[0] and text[to[1] - 1] in " ,":
                to = (to[0], to[1] - 1)
            a = duty.start()
            if key[duty.start():duty.end()] in f.words.groups.get("modal", ()) and not _starts_with(
                    key, f._skip_space(duty.end()), ("với", "trước", "về", "trong", "của", "là")):
                a = f.modal_end(a, e)  # "có trách nhiệm chuẩn bị …": a modal, the action after it
            self.emit(a, e, (None, None), to, text[duty.start():duty.end()])

    def ask(self, s: int, e: int, m: re.Match[str], according, quoted, line_end: int) -> None:
        """A cue: who asks (a quote's speaker, "Theo X", the subject, a unit, the paragraph's
        speaker going on), of whom, and what; a lead-in ending in ":" opens a list instead."""
        text, key, f = self.text, self.key, self.f
        cue = text[m.start():m.end()]
        by = quoted[:2] if quoted[0] else f.speaker(s, m.start())  # "“…” – ông X nói": X said it
        if by[0] is None and according[0]:
            by = according[:2]
        if by[0] is None:
            by = f.unit_speaker(s, m.start())
        if by[0] is None:
            by = f.quote_around(s)  # a request inside a quotation of several sentences: its speaker
        if by[0] is None and self.last_speaker[0][0] is not None and self.last_speaker[1] == self.block_of(s):
            lead = key[s:m.start()].strip(" ,.;:-–")
            continuing = _starts_with(key, s, f.words.groups.get("continue", ()))
            if not lead or (continuing and len(lead) <= len(continuing) + 2):
                by = self.last_speaker[0]  # "Đồng thời, yêu cầu …", "Do đó, đề nghị …": the speaker goes on
        to = f.addressee(m.end(), e) if f.words.cues[m.group()] != "weak" else f.addressee_before(s, m.start())
        if to is None and f.words.cues[m.group()] != "weak":
            to = f.addressee_after_adverbial(m.end(), e)  # "yêu cầu trong khi chờ …, Sở Y tế gửi …"
        a = to[1] if to else m.end()
        end = quoted[2] if quoted[0] and quoted[2] > a else e
        colon = text.find(":", a, end)
        if colon >= 0 and (
            _ends_with(key, colon, f.words.groups.get("list", ())) or text[colon + 1:end].strip() == ""
        ):
            self.last_by = by
            next_line = text[line_end + 1:line_end + 80]
            items_only = text[colon + 1:end].strip() == "" and bool(
                _LIST_ITEM.match(next_line) or _FOR_ADDRESSEE.match(next_line.split("\n", 1)[0])
            )
            block_end = (self.ctx.content_range(s) or (s, e))[1]
            self.pending = _Pending(by, to, cue, items_only=items_only, until=block_end)
            self.open_req = None
            if text[colon + 1:end].strip():
                self.emit(colon + 1, end, by, to, cue)
            return
        self.emit(a, end, by, to, cue)
        self.open_req = _Open(by, to, cue, self.block_of(s), end)
        if by[0] is not None:
            self.last_speaker = (by, self.block_of(s))


@extractor("recommendations", requires=("officials", "document"))
def extract_recommendations(ctx: Context) -> list[Recommendation]:
    """Each action a person or body asks for, with who asks and of whom (see the module's docstring)."""
    walk = _Walk(ctx)
    for s, e in ctx.sentences:
        walk.sentence(s, e)
    return walk.out
