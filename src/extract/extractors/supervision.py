"""Supervision: who supervised whom, on what, over which period.

Read from the first sentence that speaks of a supervision ("giám sát" as the
activity, resources/supervision_words.txt): the body is the organisation after
"Đoàn giám sát của …" or the subject before "giám sát"; the target follows
"tại"/"đối với"/"làm việc với"; the topic follows "về việc"/"về"/"việc"/
"chuyên đề"; the period is a date range in that sentence (else the first date
range of the document). A field the text does not give stays null.
"""

from __future__ import annotations

import re

from ..models import DateItem, Mention, Supervision
from ..normalize import fold
from ..phrases import body_name
from ..registry import Context, extractor
from ..resources import words



def _is_body(phrase: str) -> bool:
    """A body's name holds an organisation word (Đoàn, Ban, HĐND, Sở, …) and is not all capitals."""
    key = fold(phrase)
    if phrase.isupper():
        return False
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", key) for w in words("supervision_words.txt", "org-head"))


def _after(ctx: Context, s: int, e: int, cues: tuple[str, ...]) -> tuple[int, int] | None:
    for cue in cues:
        for m in re.finditer(rf"(?<!\w){re.escape(cue)}\s+", ctx.key[s:e]):
            start = s + m.end()
            found = body_name(ctx, start, e, lower_start=True)
            if found:
                return found
    return None


def _topic(ctx: Context, s: int, e: int, after: int) -> tuple[int, int] | None:
    key = ctx.key
    for cue in words("supervision_words.txt", "topic"):
        m = re.compile(rf"(?<!\w){re.escape(cue)}\s+").search(key, after, e)
        if not m:
            continue
        start = m.end()
        stop = e
        for word in words("supervision_words.txt", "topic-end"):
            k = re.compile(rf"[\s,]+{re.escape(word)}(?!\w)").search(key, start, stop)
            if k:
                stop = k.start()
        start += ctx.text[start] in "“\"'"
        while stop > start and ctx.text[stop - 1] in " ,.;:”\"'":
            stop -= 1
        if stop - start >= 8:
            return start, stop
    return None


@extractor("supervision", requires=("dates",))
def extract_supervision(ctx: Context) -> Supervision:
    key = ctx.key
    dates: list[DateItem] = ctx.found.get("dates", [])
    marker = re.compile(r"(?<!\w)giám sát(?!\w)")
    for s, e in ctx.sentences:
        m = marker.search(key, s, e)
        if not m:
            continue
        body = _after(ctx, s, e, words("supervision_words.txt", "body"))
        if body is None:  # "Ban Pháp chế HĐND tỉnh (đã) giám sát …": the subject
            body = body_name(ctx, s, m.start())
        if body and not _is_body(ctx.text[body[0]:body[1]]):
            body = None
        target = _after(ctx, m.end(), e, words("supervision_words.txt", "target"))
        topic = _topic(ctx, s, e, m.start())
        if not (body or target or topic):
            continue
        period = _period(ctx, dates, s, e)
        return Supervision(
            body=ctx.mention(*body) if body else None,
            target=ctx.mention(*target) if target else None,
            topic=ctx.mention(*topic) if topic else None,
            period=period,
        )
    return Supervision(period=_period(ctx, dates, 0, len(ctx.text)))


def _period(ctx: Context, dates: list[DateItem], s: int, e: int) -> DateItem | None:
    """A date range inside [s, e), else the document's first date range."""
    ranges = [(m, d) for d in dates if "/" in d.value for m in d.mentions]
    for mention, d in sorted(ranges, key=lambda x: x[0].span.start):
        if s <= mention.span.start < e:
            return DateItem(text=mention.text, value=d.value, span=mention.span, mentions=[Mention(text=mention.text, span=mention.span)])
    if ranges:
        mention, d = min(ranges, key=lambda x: x[0].span.start)
        return DateItem(text=mention.text, value=d.value, span=mention.span, mentions=[mention])
    return None
