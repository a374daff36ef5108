"""Supervision: who supervised whom, on what, over which period.

A document reports a supervision when some sentence gives one of these shapes (the words
are in resources/supervision_words.txt):

- a supervising body as the subject of the act: "Ban Pháp chế HĐND tỉnh (do ông X làm
  Trưởng đoàn) đã tổ chức giám sát …", "Quốc hội đã thông qua Nghị quyết về chương trình
  giám sát …", "HĐND tỉnh tiến hành chất vấn …";
- a delegation: "Đoàn giám sát của Thường trực HĐND tỉnh … đã làm việc với …";
- an owner after "của": "Báo cáo kết quả giám sát <topic> <period> của Đoàn ĐBQH tỉnh",
  "Chương trình giám sát năm 2018 của HĐND tỉnh", "Quyết định … của Ban X về việc thành
  lập Đoàn giám sát", "<body> báo cáo kết quả giám sát như sau";
- a formal document's subject line: "Kết quả giám sát việc …", "Kế hoạch giám sát …".

A supervising body is one whose name holds an elected body's or the Front's word (HĐND,
Quốc hội, ĐBQH, MTTQ, Đoàn giám sát): "kiểm tra, giám sát" by a ministry, "camera giám
sát" or "để Nhân dân giám sát" are not supervisions the document reports. Neither is
"giám sát" in a clause that cites another document ("Thực hiện Nghị quyết số … về Chương
trình giám sát năm 2023") or assigns a future task ("Giao Thường trực HĐND … giám sát thực
hiện Nghị quyết"). A document with none of these gets an empty block.

Parts, over every sentence that gives a shape, in document order:

- ``body``: the first supervising body named; a back-reference ("Đoàn giám sát", "Đoàn giám
  sát của Ban") gives way to a full name, and a name gives way to a fuller one written
  elsewhere that holds it ("HĐND huyện X" → "Ban Pháp chế HĐND huyện X"; "Đoàn ĐBQH tỉnh
  X" = "Đoàn đại biểu Quốc hội (ĐBQH) tỉnh X" with abbreviations spelled out).
- ``targets``: the lists after the cues ("làm việc với", "giám sát tại", "khảo sát thực tế
  tại", "giám sát hoạt động của", …), split at "," and "và" where a new body or unit
  starts ("Sở Tài nguyên và Môi trường" stays whole, "UBND các huyện A, B, C" too); a
  group ("các sở, ngành", "các quận, huyện còn lại") counts, a bare count of sites ("06
  xã") does not; a place later written as its People's Committee ("huyện X" → "UBND huyện
  X") is listed in that form, a part of a listed body ("Bộ phận một cửa UBND huyện X") is
  not listed again. ``target`` is the first.
- ``topic``: what follows the act, "về (việc)", "chuyên đề" or "với nội dung:", up to the
  period, the place, the owner or the clause's end; the strongest lead wins (a subject line
  or "chuyên đề" over "về việc" over a bare object), then the first; a headline's shortened
  form counts less. A programme's list ("giám sát chuyên đề: - Giám sát A; - Giám sát B")
  is one topic from the first item to the last.
- ``period``: the date right after the topic ("giai đoạn 2018 - 2021", "năm 2023 và 6
  tháng đầu năm 2024", "trong thời gian từ … đến …"), never the dates of the visit; for a
  programme of several topics, its year ("Chương trình giám sát năm 2018").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..abbreviations import expand
from ..models import DateItem, Mention, Official, Supervision
from ..normalize import fold
from ..registry import Context, extractor
from ..resources import alternation, table, words

_RES = "supervision_words.txt"
_WORD = re.compile(r"\w+(?:[-&.']\w+)*")
_ACT = re.compile(r"(?<!\w)(?:giám sát|chất vấn)(?!\w)")
_LIST_MARK = re.compile(r"[ \t]*(?:[-+•–*]|[a-zđ]\)|\d+(?:\.\d+)*[.)]|[ivxlc]+\.)[ \t]*", re.I)
_DO_CLAUSE = re.compile(
    r",?\s*do\s[^.;]{0,250}?\slàm\s(?:phó\s)?trưởng\sđoàn(?:[;,][^.;]{0,250}?\slàm\sphó\strưởng\sđoàn)?"
    r"|,?\s*do\s[^.;]{0,200}?\s(?:chủ trì|dẫn đầu)"
)


@lru_cache(maxsize=1)
def _lex() -> dict[str, object]:
    def alt(kind: str) -> re.Pattern[str]:
        return re.compile(r"(?<!\w)(?:" + alternation(words(_RES, kind)) + r")(?!\w)")

    topic_cues = sorted(((fold(r[1]), int(r[2])) for r in table(_RES) if len(r) >= 3 and r[0] == "topic-cue"),
                        key=lambda x: -len(x[0]))
    aux = alternation(words(_RES, "aux"))
    return {
        "supervisor": alt("supervisor"),
        "body_head": set(words(_RES, "body-head")),
        "back_ref": set(words(_RES, "back-ref")),
        "target_head": alt("target-head"),
        "target_heads": set(words(_RES, "target-head")),
        "part_head": set(words(_RES, "part-head")),
        "units": set(words(_RES, "unit")),
        "category": re.compile(r"(?:" + alternation(words(_RES, "category")) + r")(?!\w)"),
        "target_cue": alt("target-cue"),
        "object_cue": alt("object-cue"),
        "written": alt("written-report"),
        "stop": alt("target-stop"),
        "position": re.compile(r"(?:" + alternation(words(_RES, "position")) + r")\s+"),
        # a body's act: "[do … làm Trưởng đoàn] [đã tổ chức] giám sát", "(đã) thông qua … chương trình giám sát"
        "chain": re.compile(r"\s*(?:(?:" + aux + r")\s+)*(?:" + alternation(words(_RES, "act")) + r")(?!\w)"),
        "visit": re.compile(r"\s*(?:(?:" + aux + r")\s+)*(?:" + alternation(words(_RES, "visit")) + r")(?!\w)"),
        "plan": re.compile(r"\s*(?:(?:" + aux + r")\s+)*(?:ban hành|xây dựng|thông qua)\s+(?:nghị quyết|kế hoạch|"
                           r"chương trình)[^.;:]{0,60}?(?:về\s+(?:việc\s+)?)?(?:chương trình\s+|kết quả\s+)?giám sát(?!\w)"),
        "reported": re.compile(r"\s*báo cáo kết quả(?:\s+giám sát)?(?:\s+chuyên đề)?(?:\s+như sau|\s*:)"),
        "not_after": re.compile(r"(?:" + alternation(words(_RES, "not-after")) + r")\s*$"),
        "citation": re.compile(r"(?:" + alternation(words(_RES, "citation")) + r")\s+(?:nghị quyết|kế hoạch|quyết định|"
                               r"tờ trình|chương trình|thông báo|công văn|văn bản|báo cáo)"),
        "assign": re.compile(r"(?:" + alternation(words(_RES, "assign")) + r")\s"),
        "topic_cues": topic_cues,
        "topic_not": re.compile(r"(?:" + alternation(words(_RES, "topic-not")) + r")(?!\w)"),
        "report_word": re.compile(r"(?:" + alternation(words(_RES, "report-word")) + r")\s+(?:hoạt động\s+)?$"),
        "heading": re.compile(r"(?:" + alternation(words(_RES, "heading")) + r")\s+(?:chương trình\s+)?$"),
    }


# --------------------------------------------------------------------------- names


def _words_from(ctx: Context, pos: int, limit: int):
    return _WORD.finditer(ctx.text, pos, limit)


def _body_name(ctx: Context, pos: int, limit: int) -> int | None:
    """End of a body's name written from pos (capitalised words, unit words, "và"/"của"/" - "
    joins, a bracketed abbreviation), or None."""
    text, key = ctx.text, ctx.key
    if pos >= limit or not text[pos].isupper():
        return None
    end = pos
    i = pos
    while i < limit:
        m = _WORD.match(text, i)
        if not m or m.end() > limit:
            break
        w, k = m.group(), key[m.start():m.end()]
        if end == pos or w[:1].isupper() or ctx.in_capitalised_word(m.start()) or k in _UNIT_WORDS:
            end = m.end()
        else:
            break
        i = end
        rest = key[i:limit]
        if rest.startswith(" và ") or rest.startswith(" của "):
            j = i + (4 if rest.startswith(" và ") else 5)
            nxt = _WORD.match(text, j)
            if nxt and nxt.group()[:1].isupper() and (rest.startswith(" và ") or _lex()["supervisor"].match(key, j)):
                if rest.startswith(" và ") and fold(nxt.group()) in _lex()["body_head"] | _lex()["target_heads"]:
                    break  # "Ban X và Ban Y": two bodies
                i = j
                continue
            break
        if rest.startswith(" (") and (close := text.find(")", i + 2, min(limit, i + 16))) > 0:
            inner = text[i + 2:close]
            if inner.isupper() and " " not in inner:
                end = i = close + 1  # "Đoàn đại biểu Quốc hội (ĐBQH) tỉnh"
        for gap in (" - ", " – ", "-", " "):
            if text.startswith(gap, i):
                i += len(gap)
                break
        else:
            break
    return end if end > pos else None


_UNIT_WORDS = frozenset({"tỉnh", "huyện", "xã", "phường", "quận", "thành", "phố", "thị", "trấn", "nhân", "dân",
                         "đồng", "ủy", "ban", "vụ", "hội", "giám", "sát", "công", "tác", "đại", "biểu", "thường", "trực"})


def _is_supervisor(ctx: Context, s: int, e: int) -> bool:
    key = ctx.key
    head = _WORD.match(key, s)
    if not head or ctx.text[s:e].isupper() and e - s > 12:
        return False
    first = head.group()
    two = key[s:s + 12]
    heads = _lex()["body_head"]
    if not (first in heads or any(two.startswith(h) for h in heads if " " in h)):
        return False
    return bool(_lex()["supervisor"].search(key, s, e)) or _is_back_ref(ctx, s, e)


def _is_back_ref(ctx: Context, s: int, e: int) -> bool:
    k = " ".join(ctx.key[s:e].split())
    if k.startswith("đoàn giám sát của "):
        k = k[len("đoàn giám sát của "):]
    return k in _lex()["back_ref"]


def _compare_key(text: str) -> list[str]:
    """Words of a body's name with brackets dropped and abbreviations spelled out."""
    text = re.sub(r"\s*\([^)]*\)", "", text)
    return _WORD.findall(fold(expand(text) or text))


def _holds(long: list[str], short: list[str]) -> bool:
    n = len(short)
    return 0 < n <= len(long) and any(long[i:i + n] == short for i in range(len(long) - n + 1))


# --------------------------------------------------------------------------- frames


@dataclass
class _Found:
    bodies: list[tuple[int, int, bool]] = field(default_factory=list)  # (start, end, is a back-reference)
    targets: list[tuple[int, int]] = field(default_factory=list)
    topics: list[tuple[float, int, int, DateItem | None, bool]] = field(default_factory=list)  # (strength, s, e, period, programme)
    years: list[DateItem] = field(default_factory=list)  # "Chương trình giám sát năm 2018"
    reported: bool = False


class _Dates:
    def __init__(self, dates: list[DateItem]):
        spans = sorted({(m.span.start, m.span.end, d.value) for d in dates for m in (d.mentions or [d])})
        self.spans = spans
        self.starts = [s for s, _, _ in spans]

    def at(self, pos: int) -> tuple[int, int, str] | None:
        i = bisect.bisect_left(self.starts, pos)
        return self.spans[i] if i < len(self.spans) and self.spans[i][0] == pos else None

    def inside(self, s: int, e: int) -> list[tuple[int, int, str]]:
        i = bisect.bisect_left(self.starts, s)
        out = []
        while i < len(self.spans) and self.spans[i][0] < e:
            out.append(self.spans[i])
            i += 1
        return out


def _is_period(value: str) -> bool:
    """A range, a year or a month: what a supervision can cover (a day is a visit's date)."""
    return "/" in value or bool(re.fullmatch(r"\d{4}(?:-\d{2})?", value))


def _period_at(ctx: Context, dates: _Dates, pos: int, limit: int) -> DateItem | None:
    """The period written at pos ("giai đoạn 2018 - 2021", "năm 2023 và 6 tháng đầu năm 2024")."""
    key = ctx.key
    m = re.compile(r"[\s,]*(?:(?:trong thời gian|kể từ|thời gian|thời kỳ|trong|từ|kỳ)\s+)?").match(key, pos, limit)
    start = m.end() if m else pos
    first = dates.at(start)
    if first is None or not _is_period(first[2]):
        return None
    s, e, value = first
    end_value = value
    while True:
        j = re.compile(r",?\s+(?:và|đến)\s+|,\s+").match(key, e, limit)
        nxt = dates.at(j.end()) if j else None
        if not nxt or not _is_period(nxt[2]):
            break
        e, end_value = nxt[1], nxt[2]
    if end_value is not value:
        value = _join(value, end_value)
    return DateItem(text=ctx.text[s:e], value=value, span=ctx.span(s, e), mentions=[ctx.mention(s, e)])


def _join(first: str, last: str) -> str:
    """One period from the start of the first and the end of the last: 2023 + 2024-01/2024-06 → 2023-01/2024-06."""
    a, b = first.split("/")[0], last.split("/")[-1]
    if len(a) != len(b) and len(a) == 4 and len(b) == 7:
        a += "-01"
    elif len(a) != len(b) and len(a) == 7 and len(b) == 4:
        b += "-12"
    return f"{a}/{b}"


def _clause_start(key: str, s: int, pos: int) -> int:
    i = max(key.rfind(",", s, pos), key.rfind(";", s, pos), key.rfind(":", s, pos), key.rfind("\n", s, pos))
    start = s if i < 0 else i + 1
    while start < pos and key[start] in " \t\n":
        start += 1
    m = _LIST_MARK.match(key, start, pos)
    return m.end() if m and m.end() <= pos else start


def _sentence_open(key: str, s: int, pos: int) -> str:
    m = _LIST_MARK.match(key, s, pos)
    start = m.end() if m else s
    return key[start:pos]


def _subject_before(ctx: Context, s: int, pos: int, persons: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The supervising body written just before pos (a do-clause may stand between)."""
    key = ctx.key
    window_start = max(s, pos - 400)
    best = None
    for m in re.finditer(r"(?<!\w)\w+", ctx.text[window_start:pos]):
        start = window_start + m.start()
        if not ctx.text[start].isupper():
            continue
        end = _body_name(ctx, start, pos)
        if end is None:
            continue
        gap = key[end:pos]
        d = _DO_CLAUSE.match(key, end, pos)
        if d:
            gap = key[d.end():pos]
        gap = re.sub(r"^\s+khóa\s+\w+|^,?\s+kỳ họp thứ\s+\w+", "", gap)
        if re.search(r"(?:đại biểu|các|và|của)\s+$", key[max(s, start - 10):start]):
            continue
        if gap.strip(" ,") == "" and _is_supervisor(ctx, start, end) and not _inside(persons, start):
            best = (start, end)
            break
    return best


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in spans)


def _read_targets(ctx: Context, pos: int, limit: int, persons: list[tuple[int, int]],
                  dates: _Dates) -> tuple[list[tuple[int, int]], int]:
    """The list of bodies and units written from pos; returns the items and where the list ends."""
    text, key = ctx.text, ctx.key
    lex = _lex()
    items: list[tuple[int, int]] = []
    i = pos
    while i < limit:
        while i < limit and text[i] in " “\"":
            i += 1
        start = i
        group = bool(re.match(r"(?:các|những|\d+)\s", key[start:start + 8]))
        if group:
            m = re.match(r"(?:các|những|\d+)\s+", key[start:])
            if not lex["category"].match(key, start + m.end()):
                break
        elif not _new_item(ctx, start, limit):
            break
        end = _item_end(ctx, start, limit, group, persons, dates)
        if end <= start:
            break
        items.append((start, end))
        sep = re.compile(r",\s+|\s+và\s+|\s*;\s+(?=các\s)").match(key, end, limit)
        if not sep:
            i = end
            break
        i = sep.end()
    return items, i


def _new_item(ctx: Context, pos: int, limit: int) -> bool:
    """A new target starts at pos: an organisation's head word ("Sở", "UBND"), or a unit word
    that names a unit ("huyện Cờ Đỏ"; "Xã hội" of "Lao động - Thương binh và Xã hội" does not)."""
    m = _lex()["target_head"].match(ctx.key, pos)
    if not m:
        return False
    if m.group() in _lex()["units"]:
        return _is_unit_named(ctx, pos, limit)
    return ctx.text[pos].isupper()


def _is_unit_named(ctx: Context, start: int, limit: int) -> bool:
    """A lower-case unit word followed by a capitalised name: "huyện Cờ Đỏ", "xã Hoa Thành"."""
    m = _lex()["target_head"].match(ctx.key, start)
    if not m:
        return False
    j = m.end()
    return j + 1 < limit and ctx.text[j] == " " and ctx.text[j + 1].isupper()


def _item_end(ctx: Context, start: int, limit: int, group: bool, persons: list[tuple[int, int]],
              dates: _Dates) -> int:
    text, key = ctx.text, ctx.key
    lex = _lex()
    part = any(key.startswith(h + " ", start) for h in lex["part_head"])
    end = start
    i = start
    first = True
    while i < limit:
        m = _WORD.match(text, i)
        if not m or m.end() > limit:
            break
        if not first:
            if lex["stop"].match(key, m.start()) or _inside(persons, m.start()) or dates.at(m.start()):
                break
        end = m.end()
        first = False
        rest = text[end:limit]
        if rest.startswith(" ") and not rest.startswith(" và ") and not rest.startswith(" - "):
            i = end + 1
            continue
        if rest.startswith(" - ") or rest.startswith(" – "):
            i = end + 3
            continue
        if rest.startswith("-"):
            i = end + 1
            continue
        if rest.startswith(" và "):
            j = end + 4
            nxt = _WORD.match(text, j)
            if not nxt:
                break
            if nxt.group()[:1].isupper() and not _new_item(ctx, j, limit):
                i = j  # "Sở Tài nguyên và Môi trường", "Lao động - Thương binh và Xã hội"
                continue
            if part and not _new_item(ctx, j, limit):
                k = lex["target_head"].search(key, j, _clause_end(key, j, limit))
                if k and text[k.start()].isupper():
                    i = j  # "Bộ phận tiếp nhận và trả kết quả UBND huyện X"
                    continue
            break
        if rest.startswith(", "):
            j = end + 2
            nxt = _WORD.match(text, j)
            if not nxt:
                break
            if nxt.group()[:1].isupper() and not _new_item(ctx, j, limit) and not _inside(persons, j):
                i = j  # "UBND các huyện Krông Bông, Lắk, Ea Súp"
                continue
            if group and lex["category"].match(key, j) and not _is_unit_named(ctx, j, limit):
                i = j  # "các quận, huyện còn lại"
                continue
            break
        break
    while end > start and text[end - 1] in " ,.;:”\"'":
        end -= 1
    return end


def _clause_end(key: str, pos: int, limit: int) -> int:
    m = re.compile(r"[,;:.]").search(key, pos, limit)
    return m.start() if m else limit


def _topic_at(ctx: Context, pos: int, limit: int, dates: _Dates, persons: list[tuple[int, int]],
              strength: float) -> tuple[float, int, int, DateItem | None] | None:
    """The topic written from pos (after the act), its strength and the period right after it."""
    text, key = ctx.text, ctx.key
    lex = _lex()
    i = pos
    while i < limit and text[i] in " :“\"":
        i += 1
    for cue, power in lex["topic_cues"]:
        if key.startswith(cue, i) and (i + len(cue) >= limit or not key[i + len(cue)].isalnum()):
            i += len(cue)
            strength = max(strength, power)
            while i < limit and text[i] in " :“\"":
                i += 1
            break
    if key.startswith("việc ", i):
        strength = max(strength, 2)
    if i >= limit or lex["topic_not"].match(key, i) or text[i].isdigit() or text[i] in ",.;(":
        return None
    if lex["target_head"].match(key, i) and (text[i].isupper() or _is_unit_named(ctx, i, limit)) \
            and not key.startswith("việc", i):
        return None
    end = _topic_end(ctx, i, limit, dates, persons)
    while end > i and text[end - 1] in " ,.;:”\"'–-":
        end -= 1
    if end - i < 6:
        return None
    period = _period_at(ctx, dates, end, limit)
    return strength, i, end, period


def _topic_end(ctx: Context, start: int, limit: int, dates: _Dates, persons: list[tuple[int, int]]) -> int:
    text, key = ctx.text, ctx.key
    lex = _lex()
    end = limit
    m = re.compile(r"[;.!?\n”]|\s\((?=ảnh)|:\s|\s-\s*ảnh|,\s+do\s|\s+cho biết").search(key, start, limit)
    if m:
        end = m.start()
    for s, _e, value in dates.inside(start, end):
        before = key[max(start, s - 2):s]
        if _is_period(value) and s > start and before.endswith((" ", ", ")):
            j = re.compile(r"(?:,\s*|\s+)(?:(?:trong thời gian|kể từ|từ|thời gian|thời kỳ|trong)\s+)?$").search(key, start, s)
            end = j.start() if j else s
            break
    for m in re.finditer(r"\s(?:tại|của|do)\s", key[start:end]):
        j = start + m.end()
        word = key[start + m.start() + 1:j - 1]
        if word == "tại" and lex["target_head"].match(key, j) and (text[j].isupper() or _is_unit_named(ctx, j, end)):
            return start + m.start()
        if word == "của" and text[j:j + 1].isupper():
            e2 = _body_name(ctx, j, limit)
            if e2 and _is_supervisor(ctx, j, e2):
                return start + m.start()
        if word == "do" and (_inside(persons, j) or lex["position"].match(key, j)):
            return start + m.start()
    return end


def _programme(ctx: Context, colon: int, dates: _Dates, persons, found: _Found) -> None:
    """The list under "… giám sát chuyên đề:" / "… giám sát tại các kỳ họp:": each "- Giám sát X"
    line a topic (one topic from the first to the last), each cue line's bodies targets."""
    text, key = ctx.text, ctx.key
    lex = _lex()
    pos = text.find("\n", colon)
    first = last = None
    while pos >= 0 and pos + 1 < len(text):
        line_start = pos + 1
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        mark = _LIST_MARK.match(key, line_start, line_end)
        if not mark or mark.end() == line_start:
            break
        body = mark.end()
        cue = lex["target_cue"].search(key, body, line_end)
        if cue:
            for c in lex["target_cue"].finditer(key, body, line_end):
                items, _ = _read_targets(ctx, c.end() + 1, line_end, persons, dates)
                found.targets.extend(items)
        elif key.startswith("giám sát ", body):
            end = line_end
            while end > body and text[end - 1] in " ;.,":
                end -= 1
            if first is None:
                first = body + len("giám sát ")
            last = end
        elif key.startswith(("xem xét", "giám sát"), body) is False and not text[body].isupper():
            break
        pos = line_end if line_end < len(text) else -1
    if first is not None and last is not None and last > first:
        found.topics.append((3.0, first, last, None, True))


def _scan(ctx: Context, dates: _Dates, persons: list[tuple[int, int]]) -> _Found:
    """Every sentence that may frame a supervision, read for its bodies, topics and targets."""
    scan = _Scan(ctx, dates, persons)
    for s, e in ctx.sentences:
        scan.sentence(s, e)
    return scan.found


class _Scan:
    """What ``_scan`` has found so far, and the steps each sentence goes through."""

    def __init__(self, ctx: Context, dates: _Dates, persons: list[tuple[int, int]]):
        self.ctx, self.dates, self.persons = ctx, dates, persons
        self.text, self.key = ctx.text, ctx.key
        self.lex = _lex()
        self.found = _Found()
        first_line_end = self.text.find("\n")
        self.first_line_end = len(self.text) if first_line_end < 0 else first_line_end

    def sentence(self, s: int, e: int) -> None:
        text, key, ctx, found = self.text, self.key, self.ctx, self.found
        piece = key[s:e]
        if "giám sát" not in piece and "chất vấn" not in piece and "báo cáo kết quả" not in piece \
                and "đoàn" not in piece and "nghị quyết này" not in piece:
            return
        line_start = text.rfind("\n", 0, s) + 1
        line_end = text.find("\n", s)
        line_end = len(text) if line_end < 0 else line_end
        if text[line_start:line_end].isupper():
            return  # an all-capitals heading: the same words come written properly below
        if _kind_heading(ctx, line_start, s) and key.startswith("giám sát ", s):
            self.kind_heading(s, e, line_end)
            return
        headline = s < self.first_line_end and not text[s:self.first_line_end].rstrip().endswith((".", ":"))
        demote = 0.5 if headline else 0.0
        sentence_has_frame = False
        for m in _ACT.finditer(key, s, e):
            sentence_has_frame |= self.act(s, e, line_start, m, demote)
        self.reported_by(s, e)
        # "của <body> về việc thành lập Đoàn giám sát"
        for r in re.finditer(r"của\s+", key[s:e]):
            j = s + r.end()
            e2 = _body_name(ctx, j, e)
            if e2 and key.startswith(" về việc thành lập đoàn giám sát", e2) and _is_supervisor(ctx, j, e2):
                found.bodies.append((j, e2, False))
        if sentence_has_frame or _delegation_visit(ctx, s, e):
            _cue_targets(ctx, s, e, self.persons, self.dates, found, written=sentence_has_frame)

    def kind_heading(self, s: int, e: int, line_end: int) -> None:
        """"Giám sát <topic> tại <targets>" under the document's kind: the topic, and where."""
        ctx, found = self.ctx, self.found
        topic = _topic_at(ctx, s + len("giám sát "), min(e, line_end), self.dates, self.persons, 3.0)
        if topic:
            found.topics.append((topic[0], topic[1], topic[2], topic[3], False))
            found.reported = True
            at = re.compile(r"\s+tại\s+").match(self.key, topic[2], line_end)
            if at:
                found.targets.extend(_read_targets(ctx, at.end(), line_end, self.persons, self.dates)[0])

    def act(self, s: int, e: int, line_start: int, m: re.Match[str], demote: float) -> bool:
        """One supervising word ("giám sát", "chất vấn"): the delegation, a report's title, or a
        subject that supervises, with what follows it. True where it frames the sentence."""
        key, lex = self.key, self.lex
        a, b = m.start(), m.end()
        chain_start = _chain_start(key, s, a)
        do_start = _do_before(key, s, chain_start)
        clause = _clause_start(key, s, do_start if do_start is not None else a)
        opening = _sentence_open(key, s, a)
        if lex["not_after"].search(key, max(s, a - 20), a):
            return False
        if lex["assign"].match(key, clause) or lex["assign"].match(opening):
            return False
        citation = bool(lex["citation"].match(key, clause))
        before = key[max(s, a - 40):a]
        if before.endswith("đoàn ") and self.text[a - 5:a - 1] == "Đoàn":
            return self.delegation(a, b, e, citation, demote)
        if citation and not lex["report_word"].search(key, max(s, a - 30), a):
            return False
        frame = False
        report = lex["report_word"].search(key, max(s, a - 30), a)
        topic_done = False
        if report and key[a - 1:a] == " ":
            frame, done = self.report_title(a, b, e, line_start, report, citation, demote)
            if done:
                return frame
            topic_done = True
        if citation:
            return frame
        if _own_implementation(key, b, e):
            return frame  # "… giám sát việc thực hiện Nghị quyết": a task the resolution sets, not a supervision
        # a supervising subject: "<body> [do … làm Trưởng đoàn] [đã tổ chức] giám sát …"
        ctx, persons = self.ctx, self.persons
        subject = _subject_before(ctx, clause, do_start if do_start is not None else chain_start, persons)
        if subject is None:
            subject = _plan_subject(ctx, clause, a, persons)
        if subject is None:
            subject = _concluded_by(ctx, s, a)
        if subject is None:
            if m.group() == "chất vấn":
                _questioning(ctx, b, e, self.dates, persons, self.found)
            return frame
        self.found.bodies.append((subject[0], subject[1], _is_back_ref(ctx, *subject)))
        self.found.reported = True
        if not topic_done:
            _after_act(ctx, b, e, self.dates, persons, self.found, demote, m.group())
        return True

    def delegation(self, a: int, b: int, e: int, citation: bool, demote: float) -> bool:
        """"Đoàn giám sát (của X)": the delegation, then its visit."""
        ctx, key, lex, found = self.ctx, self.key, self.lex, self.found
        d_start = a - 5
        owner_end = b
        if key.startswith(" của ", b):
            e2 = _body_name(ctx, b + 5, e)
            if e2:
                owner_end = e2
        full = owner_end > b and not _is_back_ref(ctx, b + 5, owner_end)
        after = owner_end
        d = _DO_CLAUSE.match(key, after, e)
        if d:
            after = d.end()
        v = lex["visit"].match(key, after, e) or lex["chain"].match(key, after, e)
        if citation:
            return False
        found.bodies.append((d_start, owner_end, not full))
        found.reported = True
        if v:
            _after_act(ctx, v.end(), e, self.dates, self.persons, found, demote, v.group())
        return True

    def report_title(self, a: int, b: int, e: int, line_start: int, report: re.Match[str], citation: bool,
                     demote: float) -> tuple[bool, bool]:
        """"Báo cáo kết quả giám sát <topic> <period> của <body>", "Chương trình giám sát năm 2018
        của <body>": (frames the sentence, nothing more to read for this word)."""
        ctx, key, lex, found = self.ctx, self.key, self.lex, self.found
        frame = False
        heading = lex["heading"].search(key, max(line_start, a - 30), a) and \
            key[line_start:a - len(report.group())].strip(" \t-–") in ("", "về", "nghị quyết về")
        topic = _topic_at(ctx, b, e, self.dates, self.persons, 3.0 if heading else 1.0)
        tail = topic[2] if topic else b
        period = topic[3] if topic else _period_at(ctx, self.dates, b, e)
        if period is not None:
            tail = period.span.end
        owner = re.compile(r"\s*của\s+").match(key, tail, e)
        if not citation and topic:
            found.topics.append((topic[0] - demote, topic[1], topic[2], topic[3], False))
        if period is not None and "chương trình" in report.group() and not citation:
            found.years.append(period)
        if owner:
            e2 = _body_name(ctx, owner.end(), e)
            if e2 and _is_supervisor(ctx, owner.end(), e2) and not citation:
                found.bodies.append((owner.end(), e2, _is_back_ref(ctx, owner.end(), e2)))
                found.reported = True
                frame = True
        if heading and topic and not citation:
            found.reported = True
            frame = True
        return frame, bool(owner or citation)

    def reported_by(self, s: int, e: int) -> None:
        """"<body> báo cáo kết quả (giám sát) như sau": the body reports a supervision's results."""
        ctx, key, lex = self.ctx, self.key, self.lex
        for r in re.finditer(r"(?<!\w)báo cáo kết quả", key[s:e]):
            a = s + r.start()
            if lex["reported"].match(key, a - 1 if a > s else a) or lex["reported"].match(key, a):
                subject = _subject_before(ctx, _clause_start(key, s, a), a, self.persons)
                if subject:
                    self.found.bodies.append((subject[0], subject[1], _is_back_ref(ctx, *subject)))
                    self.found.reported = True


_OBJECT_THEN_AT = re.compile(r"[^.;:,]{0,100}?\stại\s")


def _cue_targets(ctx: Context, s: int, e: int, persons, dates: _Dates, found: _Found, written: bool) -> None:
    """Targets after the cues of a supervision sentence ("làm việc với", "khảo sát mô hình … tại"),
    and, where the sentence reports the supervision, "<targets> (còn lại) báo cáo bằng văn bản"."""
    key, text = ctx.key, ctx.text
    lex = _lex()
    for c in lex["target_cue"].finditer(key, s, e):
        if key[max(0, c.start() - 5):c.start()] == "đoàn ":
            continue  # "Đoàn giám sát tại …" is the delegation's name, read by its own rule
        found.targets.extend(_read_targets(ctx, _skip_space(text, c.end()), e, persons, dates)[0])
    for c in lex["object_cue"].finditer(key, s, e):
        t = _OBJECT_THEN_AT.match(key, c.end(), e)
        if t:
            found.targets.extend(_read_targets(ctx, t.end(), e, persons, dates)[0])
    if not written:
        return
    for w in lex["written"].finditer(key, s, e):
        c = max(_clause_start(key, s, w.start()), key.rfind(";", s, w.start()) + 1)
        items, _ = _read_targets(ctx, _skip_space(text, c), w.start(), persons, dates)
        if items and re.fullmatch(r"\s*(?:còn lại\s*)?", key[items[-1][1]:w.start()]):
            found.targets.extend(items)


def _kind_heading(ctx: Context, line_start: int, s: int) -> bool:
    """The line before is a formal document's kind ("KẾ HOẠCH", "THÔNG BÁO", "BÁO CÁO")."""
    if s != line_start or line_start < 2:
        return False
    prev_start = ctx.text.rfind("\n", 0, line_start - 1) + 1
    prev = ctx.key[prev_start:line_start - 1].strip()
    return prev in ("kế hoạch", "thông báo", "báo cáo", "nghị quyết", "chương trình")


def _own_implementation(key: str, b: int, e: int) -> bool:
    return bool(re.compile(r"\s*(?:việc\s+)?(?:tổ chức\s+)?(?:triển khai\s+)?thực hiện\s+(?:các\s+)?"
                           r"(?:nghị quyết|quyết định|kế hoạch|chỉ thị)(?:\s+này)?\s*(?:[.;,]|$)").match(key, b, e))


def _concluded_by(ctx: Context, s: int, a: int) -> tuple[int, int] | None:
    """"Kết luận của <body> tại buổi giám sát": the body whose conclusion it is."""
    key = ctx.key
    m = re.compile(r"(?:kết luận|ý kiến kết luận|thông báo kết luận)\s+của\s+").search(key, max(s, a - 200), a)
    if not m:
        return None
    end = _body_name(ctx, m.end(), a)
    if end and re.fullmatch(r"\s+(?:tại|về)\s+(?:buổi|cuộc|đợt|phiên)\s+", key[end:a]) and _is_supervisor(ctx, m.end(), end):
        return m.end(), end
    return None


def _adopted_by(ctx: Context, found: _Found) -> None:
    """"Nghị quyết này đã được <council> … thông qua": a council adopting a resolution on its supervision."""
    for m in re.finditer(r"nghị quyết này (?:đã )?được\s+", ctx.key):
        end = _body_name(ctx, m.end(), min(len(ctx.text), m.end() + 120))
        if end and _is_supervisor(ctx, m.end(), end):
            found.bodies.append((m.end(), end, False))


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] == " ":
        i += 1
    return i


def _delegation_visit(ctx: Context, s: int, e: int) -> bool:
    """A sentence whose subject is the delegation, back-referred ("Trước buổi làm việc, đoàn đã khảo sát …")."""
    m = re.compile(r"(?:^|,\s+)(?:đoàn giám sát|đoàn)\s+(?:(?:đã|sẽ|trực tiếp|tiếp tục|cũng)\s+)*"
                   r"(?:làm việc|khảo sát|kiểm tra|giám sát)").search(ctx.key, s, e)
    return bool(m)


def _chain_start(key: str, s: int, a: int) -> int:
    """Where the words before the act ("đã tổ chức ") start."""
    m = _aux_re().search(key, max(s, a - 60), a)
    return m.start() if m else a


def _do_before(key: str, s: int, pos: int) -> int | None:
    """Start of a "do ông X, … làm Trưởng đoàn" clause that ends at pos, or None."""
    for m in re.finditer(r"(?:,\s*|\s)do\s", key[max(s, pos - 500):pos]):
        start = max(s, pos - 500) + m.start()
        d = _DO_CLAUSE.match(key, start, pos)
        if d and not key[d.end():pos].strip(" ,"):
            return start
    return None


@lru_cache(maxsize=1)
def _aux_re() -> re.Pattern[str]:
    aux = alternation(words(_RES, "aux"))
    return re.compile(r"(?:\s+(?:" + aux + r"))*\s+$")


def _plan_subject(ctx: Context, clause: int, a: int, persons) -> tuple[int, int] | None:
    """"<body> ban hành Kế hoạch số … về giám sát", "<body> đã thông qua Nghị quyết về chương trình giám sát"."""
    key = ctx.key
    m = re.compile(r"\s+(?:(?:đã|chính thức|vừa)\s+)*(?:ban hành|xây dựng|thông qua)\s+(?:nghị quyết|kế hoạch|chương trình)"
                   r"[^.;:]{0,60}?(?:\s+về)?(?:\s+việc)?(?:\s+chương trình|\s+kết quả)?\s+$").search(key, clause, a)
    if not m:
        return None
    return _subject_before(ctx, clause, m.start(), persons)


def _after_act(ctx: Context, pos: int, e: int, dates: _Dates, persons, found: _Found, demote: float, act: str) -> None:
    """Targets and topic after the act: "giám sát [trực tiếp] tại A, B về việc C giai đoạn D"."""
    key, text = ctx.key, ctx.text
    lex = _lex()
    i = _skip_space(text, pos)
    visit_date = dates.at(i)
    if visit_date is not None:  # "giám sát từ ngày 17/4 đến ngày 28/4 tại …": the visit's dates
        i = _skip_space(text, visit_date[1])
    if "chất vấn" in act:
        return _questioning(ctx, i, e, dates, persons, found)
    m = re.compile(r"(?:trực tiếp|qua báo cáo)?\s*(?:tại|đối với)\s+").match(key, i, e)
    if act.endswith(("làm việc với", "làm việc trực tiếp với", "làm việc tại")) or m:
        start = m.end() if m else i
        items, i = _read_targets(ctx, start, e, persons, dates)
        found.targets.extend(items)
        i = _skip_space(text, i)
        if key.startswith("và ", i):
            return
    chuyen = re.compile(r"(?:\d+|một)\s+chuyên đề\s+").match(key, i, e)
    if chuyen:
        n = re.compile(r"[^.;]{0,80}?với nội dung\s*:?\s*").match(key, chuyen.end(), e)
        if not n:
            return
        i = n.end()
        strength = 3.0
    else:
        strength = 1.0
    if re.compile(r"chuyên đề\s*:\s*$").match(key, i, e) or re.compile(r"(?:tại\s+)?(?:các\s+)?kỳ họp\s*:\s*$").match(key, i, e):
        _programme(ctx, e, dates, persons, found)
        return
    if re.compile(r"chuyên đề\s*:?\s*$").match(key, i, min(e, i + 14)):
        _programme(ctx, e, dates, persons, found)
        return
    topic = _topic_at(ctx, i, e, dates, persons, strength)
    if topic:
        found.topics.append((topic[0] - demote, topic[1], topic[2], topic[3], False))
        tail = topic[3].span.end if topic[3] is not None else topic[2]
        at = re.compile(r"\s+tại\s+").match(key, tail, e)  # "giám sát công tác X [giai đoạn …] tại UBND xã Y"
        if at:
            items, _ = _read_targets(ctx, at.end(), e, persons, dates)
            found.targets.extend(items)


def _questioning(ctx: Context, i: int, e: int, dates: _Dates, persons, found: _Found) -> None:
    """After "chất vấn": the questioned ("chất vấn Giám đốc Sở X về …") and the topic."""
    key = ctx.key
    lex = _lex()
    i = _skip_space(ctx.text, i)
    m = re.compile(r"(?:đối với\s+)?").match(key, i, e)
    i = m.end()
    p = lex["position"].match(key, i, e)
    if p:
        i = p.end()
    items, j = _read_targets(ctx, i, e, persons, dates)
    found.targets.extend(items)
    j = _skip_space(ctx.text, j)
    while j < e and _inside(persons, j):
        j += 1
    t = re.compile(r"(?:[^.;]*?\s)?(?:về|nhóm vấn đề)\s").match(key, j, e)
    if t:
        topic = _topic_at(ctx, t.end() - 1, e, dates, persons, 2.0)
        if topic:
            found.topics.append((topic[0], topic[1], topic[2], topic[3], False))


def _questioned(ctx: Context, dates: _Dates, persons, found: _Found) -> None:
    """"<position> <body> (Name) trả lời chất vấn": the body is a target."""
    key = ctx.key
    lex = _lex()
    for m in re.finditer(r"(?<!\w)trả lời chất vấn", key):
        s, e = ctx.sentence_at(m.start())
        for p in lex["position"].finditer(key, s, m.start()):
            items, _ = _read_targets(ctx, p.end(), m.start(), persons, dates)
            found.targets.extend(items[:1])


# --------------------------------------------------------------------------- assembly


def _choose_body(ctx: Context, bodies: list[tuple[int, int, bool]]) -> tuple[int, int] | None:
    if not bodies:
        return None
    full = [(s, e) for s, e, back in bodies if not back]
    primary = full[0] if full else (bodies[0][0], bodies[0][1])
    words_of = {b: _compare_key(ctx.text[b[0]:b[1]]) for b in full}
    pw = _compare_key(ctx.text[primary[0]:primary[1]])
    best = primary
    for b in full:
        if b != primary and _holds(words_of[b], pw) and (len(words_of[b]), b[1] - b[0]) > (len(_compare_key(ctx.text[best[0]:best[1]])), best[1] - best[0]):
            best = b
    return best


def _choose_targets(ctx: Context, targets: list[tuple[int, int]], body: tuple[int, int] | None) -> list[Mention]:
    text, key = ctx.text, ctx.key
    body_words = _compare_key(text[body[0]:body[1]]) if body else []
    chosen: list[tuple[int, int]] = []
    keys: list[list[str]] = []
    for s, e in sorted(set(targets), key=lambda t: (t[0], -t[1])):
        if any(a <= s and e <= b for a, b in chosen):
            continue
        w = _compare_key(text[s:e])
        if not w or w[0] == "đoàn" or (body_words and (_holds(body_words, w) or w == body_words)):
            continue
        if re.match(r"\d", text[s]) and not key[s:e].endswith("còn lại"):
            continue  # "06 xã": a count of sites names none of them
        if any(_same(w, k) for k in keys):
            continue
        chosen.append((s, e))
        keys.append(w)
    out = []
    for s, e in chosen:
        s2, e2 = _as_committee(ctx, s, e)
        out.append((s2, e2, s))
    # a part of a listed body ("Bộ phận … UBND huyện X") is not listed again
    final = []
    for s, e, first in out:
        w = _compare_key(text[s:e])
        if any(o != (s, e, first) and len(_compare_key(text[o[0]:o[1]])) < len(w)
               and _holds(w[1:], _compare_key(text[o[0]:o[1]])) for o in out):
            continue
        if any(_compare_key(text[f.span.start:f.span.end]) == w for f in final):
            continue
        final.append(ctx.mention(s, e))
    return final


def _same(a: list[str], b: list[str]) -> bool:
    """The same target written twice: equal, or one a word run of the other covering ≥ 0.8 of it."""
    if a == b:
        return True
    long, short = (a, b) if len(a) >= len(b) else (b, a)
    return _holds(long, short) and len(short) / len(long) >= 0.8


def _as_committee(ctx: Context, s: int, e: int) -> tuple[int, int]:
    """A bare place ("huyện X") written elsewhere as its People's Committee ("UBND huyện X"): that form."""
    text = ctx.text
    if not ctx.key[s:s + 1].isalpha() or text[s].isupper():
        return s, e
    name = text[s:e]
    for prefix in ("UBND ", "Ủy ban nhân dân ", "Uỷ ban nhân dân "):
        i = text.find(prefix + name)
        if i >= 0 and (i + len(prefix) + len(name) == len(text) or not text[i + len(prefix) + len(name)].isalnum()):
            return i, i + len(prefix) + len(name)
    return s, e


def _choose_topic(found: _Found) -> tuple[float, int, int, DateItem | None, bool] | None:
    if not found.topics:
        return None
    best = max(t[0] for t in found.topics)
    return next(t for t in found.topics if t[0] == best)


@extractor("supervision", requires=("dates", "officials"))
def extract_supervision(ctx: Context) -> Supervision:
    key = ctx.key
    if "giám sát" not in key and "chất vấn" not in key:
        return Supervision()
    dates = _Dates(ctx.found.get("dates", []))
    officials: list[Official] = ctx.found.get("officials", [])
    persons = sorted((m.span.start, m.span.end) for o in officials for m in o.mentions)
    found = _scan(ctx, dates, persons)
    if not found.reported:
        return Supervision()
    _questioned(ctx, dates, persons, found)
    _adopted_by(ctx, found)
    body = _choose_body(ctx, found.bodies)
    targets = _choose_targets(ctx, found.targets, body)
    topic = _choose_topic(found)
    period = None
    if topic is not None and not topic[4]:
        period = topic[3] or next((t[3] for t in found.topics if t[3] is not None), None)
    if period is None and (topic is None or topic[4] or not any(t[3] for t in found.topics)):
        period = found.years[0] if found.years else None
    return Supervision(
        body=ctx.mention(*body) if body else None,
        target=targets[0] if targets else None,
        targets=targets,
        topic=ctx.mention(topic[1], topic[2]) if topic else None,
        period=period,
    )
