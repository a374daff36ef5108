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

from ..models import Official, Recommendation
from ..normalize import fold
from ..phrases import UNIT_WORDS, body_name
from ..registry import Context, extractor
from ..resources import alternation, table

_WORD = re.compile(r"\w+(?:[-&.]\w+)*")
_LIST_ITEM = re.compile(r"^\s*(?:[-+•–*]|[a-zđ]\)|\d+(?:\.\d+)*[.)])\s+", re.M)
_FOR_ADDRESSEE = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]\s*|[a-zđ]\)\s*)?đối với\s+(.+?)\s*:?\s*$", re.I | re.M)
_PRONOUNS = ("đồng chí", "ông", "bà", "anh", "chị")
_CUTS = re.compile(r"\.\.\.|…|;|(?<=\s)và(?=\s)")
# the unit words of body names, less "ủy"/"hội", which after a cue start the action, not the addressee
_ADDRESSEE_UNIT_WORDS = UNIT_WORDS - {"ủy", "hội"}


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


def _starts_with(key: str, pos: int, options: tuple[str, ...]) -> str | None:
    for opt in options:
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
        self.token_bounds = {(s, e) for s, e, _ in ctx.token_spans}
        self.titles = [
            (" ".join(fold(t.text).split()[:3]), o.name) for o in officials for t in o.titles
        ]
        self.mentions = sorted(
            (m.span.start, m.span.end, o.name) for o in officials for m in o.mentions
        )

    # -- who asks -------------------------------------------------------------
    def speaker(self, start: int, cue: int) -> tuple[str | None, tuple[int, int] | None]:
        """The official or body asking, from the text before the cue in its sentence."""
        inside = [m for m in self.mentions if start <= m[0] < cue]
        if inside:
            s, e, name = inside[-1]
            return name, (s, e)
        region = self.key[start:cue]
        before = [m for m in self.mentions if m[1] <= start]
        for head, name in self.titles:  # "Phó Thủ tướng yêu cầu …": the official holding that title
            if re.search(rf"(?<!\w){re.escape(head)}(?!\w)", region) and any(m[2] == name for m in before):
                return name, None
        if any(re.search(rf"(?<!\w){p}(?!\w)", region) for p in _PRONOUNS):
            before = [m for m in self.mentions if m[1] <= start]
            if before:
                return before[-1][2], None
        # the subject is the clause right before the cue: "Trên cơ sở …, Thường trực HĐND tỉnh kiến nghị"
        starts = [start] + [start + m.end() for m in re.finditer(r"[,;.:]\s+", self.text[start:cue])]
        for pos in reversed(starts):
            while pos < cue and not self.text[pos].isalnum():
                pos += 1
            found = self._body_at(pos, cue)
            if found[0]:
                return found
        return None, None

    def _body_at(self, pos: int, limit: int) -> tuple[str | None, tuple[int, int] | None]:
        """A capitalised body name starting at pos ("UBND huyện Kỳ Anh", "Đoàn giám sát")."""
        found = body_name(self.ctx, pos, limit)
        if found:
            name = self.text[found[0]:found[1]]
            key = fold(name)
            heads = self.words.groups.get("body-head", ())
            if heads and _any_of(tuple(heads), "").match(key):
                return name, found
        return None, None

    # -- to whom --------------------------------------------------------------
    def addressee(self, pos: int, limit: int) -> tuple[int, int] | None:
        """The addressee phrase right after a cue: a body name, or "các sở, ngành"."""
        groups = self.words.groups
        i = pos
        while i < limit and self.text[i] in " ,":
            i += 1
        start = i
        end = i
        expect_more = False
        for m in _WORD.finditer(self.text, i, limit):
            gap = self.text[end:m.start()]
            if end == start and m.start() != start:
                break  # the addressee starts right after the cue, not after punctuation
            if end > start and gap not in (" ", ", "):
                break
            w = m.group()
            k = fold(w)
            if w[:1].isupper() or k in _ADDRESSEE_UNIT_WORDS or k == "các" or (end > start and gap == " " and self.ctx.in_capitalised_word(m.start())):
                end = m.end()
                expect_more = k == "các"
                continue
            if (expect_more or gap == ", ") and _starts_with(self.key, m.start(), groups.get("addressee", ())):
                opt = _starts_with(self.key, m.start(), groups["addressee"])
                end = m.start() + len(opt)  # type: ignore[arg-type]
                expect_more = False
                continue
            if k == "và" and end > start:
                nxt = _WORD.search(self.text, m.end(), limit)
                if nxt and (nxt.group()[:1].isupper() or fold(nxt.group()) == "các"):
                    continue
            break
        while end > start and self.text[end - 1] in " ,":
            end -= 1
        if end <= start or self.key[start:end] in ("các",):
            return None
        return start, end

    def item_addressee(self, s: int, e: int) -> tuple[int, int] | None:
        """A body named at the start of a list item, followed by its action."""
        name, span = self._body_at(s, e)
        return span if name and span and span[1] < e else None

    def addressee_before(self, s: int, cue: int) -> tuple[int, int] | None:
        """The subject right before "cần"/"phải": "các bộ, ngành, địa phương cần …"."""
        for m in _WORD.finditer(self.text, s, cue):
            w = m.group()
            if fold(w) == "các" or w[:1].isupper():
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
            if m.group() == "và" and not _starts_with(key, m.end() + 1, verbs):
                continue
            cuts.append(m.start())
            cuts.append(m.end())
        cuts.append(e)
        parts = []
        for a, b in zip(cuts[0::2], cuts[1::2]):
            a, b = self.strip_lead(a, b)
            if len(_WORD.findall(self.text[a:b])) >= 3:
                parts.append((a, b))
        return parts

    def cue_in(self, s: int, e: int, weak_ok: bool) -> re.Match[str] | None:
        """The first cue used as a verb in [s, e)."""
        w = self.words
        for m in w.cue_re.finditer(self.key, s, e):
            if (m.start(), m.end()) not in self.token_bounds:
                continue
            strength = w.cues[m.group()]
            if strength == "weak" and not weak_ok:
                continue
            if _ends_with(self.key, m.start(), w.groups.get("not-after", ())):
                continue
            if self.text[m.start() - 2:m.start()] == ", " and self.text[m.end():m.end() + 1] == ",":
                continue  # one noun in a list: "đơn thư, kiến nghị, phản ánh"
            if strength == "weak" and _ends_with(self.key, m.start(), ("sẽ", "sẽ không", "không")):
                continue  # "sẽ phải": a rule or a plan, not a request
            after = m.end() + 1
            if self.text[m.end():e].strip() in (":", "như sau:"):
                return m  # "… kiến nghị:" opens a list of requests
            if after >= e or _starts_with(self.key, after, w.groups.get("not-before", ())):
                continue
            if strength == "addressee" and not self.addressee(m.end(), e):
                continue
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


@extractor("recommendations", requires=("officials",))
def extract_recommendations(ctx: Context) -> list[Recommendation]:
    f = _Finder(ctx, ctx.found.get("officials", []))
    text, key = ctx.text, ctx.key
    out: list[Recommendation] = []
    seen: set[str] = set()

    def emit(a: int, b: int, by: tuple[str | None, tuple[int, int] | None], to: tuple[int, int] | None, cue: str) -> None:
        for s, e in f.split_actions(a, b):
            k = fold(text[s:e])
            if k in seen:
                continue
            seen.add(k)
            out.append(Recommendation(
                text=text[s:e], span=ctx.span(s, e), by=by[0],
                by_span=ctx.span(*by[1]) if by[1] else None,
                addressee=text[to[0]:to[1]] if to else None,
                addressee_span=ctx.span(*to) if to else None, cue=cue,
            ))

    # A lead-in ending in ":" opens a list. Its items are the following sentences of the
    # same paragraph ("block" mode, news style) or the "-" lines that follow ("items" mode,
    # report style, where "1. Đối với UBND tỉnh:" headings set the addressee of their items).
    pending: _Pending | None = None
    last_by: tuple[str | None, tuple[int, int] | None] = (None, None)
    for s, e in ctx.sentences:
        line_start = text.rfind("\n", 0, s) + 1
        line_end = text.find("\n", s)
        line_end = len(text) if line_end < 0 else line_end
        on_item_line = bool(_LIST_ITEM.match(text, line_start))
        if m := _FOR_ADDRESSEE.match(text, line_start, line_end):
            pending = _Pending(last_by, m.span(1), "kiến nghị", items_only=True, until=len(text))
            continue
        if text[s:e].rstrip().endswith("?"):
            continue
        if pending and (on_item_line if pending.items_only else s < pending.until):
            a = s
            if on_item_line and (item := _LIST_ITEM.match(text, line_start)) and s <= item.end():
                a = item.end()
            to = pending.to
            own = f.item_addressee(a, e) if on_item_line else None  # "- Sở Nội vụ tham mưu …"
            if own:
                to, a = own, own[1]
            emit(a, e, pending.by, to, pending.cue)
            continue
        if pending and pending.items_only and not on_item_line and line_start == s:
            pending = None  # a paragraph after the list ends it
        elif pending and not pending.items_only:
            pending = None
        m = f.cue_in(s, e, weak_ok=False)
        if m is None:
            speech = tuple(f.words.groups.get("speech", ()))
            region_speech = bool(speech) and _any_of(speech).search(key[s:e]) is not None
            if region_speech:
                m = f.cue_in(s, e, weak_ok=True)
        if m is None:
            continue
        cue = text[m.start():m.end()]
        by = f.speaker(s, m.start())
        to = f.addressee(m.end(), e) if f.words.cues[m.group()] != "weak" else f.addressee_before(s, m.start())
        a = to[1] if to else m.end()
        colon = text.find(":", a, e)
        if colon >= 0 and (
            _ends_with(key, colon, f.words.groups.get("list", ())) or text[colon + 1:e].strip() == ""
        ):
            last_by = by
            next_line = text[line_end + 1:line_end + 80]
            items_only = text[colon + 1:e].strip() == "" and bool(
                _LIST_ITEM.match(next_line) or _FOR_ADDRESSEE.match(next_line.split("\n", 1)[0])
            )
            block_end = next((b for a_, b in ctx.content if a_ <= s < b), e)
            pending = _Pending(by, to, cue, items_only=items_only, until=block_end)
            if text[colon + 1:e].strip():
                emit(colon + 1, e, by, to, cue)
            continue
        emit(a, e, by, to, cue)
    return out
