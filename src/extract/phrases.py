"""Shared phrase readers: the name of a body or place written at a given place.

Vietnamese capitalises only the first syllable of each word of a name ("Sở Tài nguyên
và Môi trường", "Ban Kinh tế - Ngân sách HĐND tỉnh"), so a name runs over capitalised
words, lower-case syllables that continue a capitalised underthesea word, the unit
words of administrative names (tỉnh, huyện, xã, …), "và" between capitalised words,
and " - " joins.
"""

from __future__ import annotations

import re

from .normalize import fold
from .registry import Context

WORD = re.compile(r"\w+(?:[-&.]\w+)*")
UNIT_WORDS = frozenset({
    "tỉnh", "huyện", "xã", "phường", "quận", "thành", "phố", "thị", "trấn", "nhân", "dân", "đồng", "ủy", "hội",
})
_GAPS = (" ", " - ", " – ", "-")
# lower-case words that continue a name opened by "Đoàn": "Đoàn giám sát", "Đoàn công tác"
_AFTER_DOAN = frozenset({"giám", "sát", "công", "tác", "kiểm", "tra", "đại", "biểu"})


def body_name(ctx: Context, pos: int, limit: int, lower_start: bool = False) -> tuple[int, int] | None:
    """(start, end) of a body or place name that starts exactly at pos, or None."""
    text = ctx.text
    end = pos
    for m in WORD.finditer(text, pos, limit):
        gap = text[end:m.start()]
        if end == pos and m.start() != pos:
            break
        if end > pos and gap not in _GAPS:
            break
        w = m.group()
        k = fold(w)
        continued = end > pos and gap == " " and ctx.in_capitalised_word(m.start())
        after_doan = k in _AFTER_DOAN and fold(text[pos:pos + 4]) == "đoàn"
        if w[:1].isupper() or continued or k in UNIT_WORDS or after_doan:
            end = m.end()
        elif k == "và" and end > pos and gap == " ":
            nxt = WORD.match(text, m.end() + 1, limit) if m.end() < limit else None
            if nxt and nxt.group()[:1].isupper() and text[m.end():nxt.start()] == " ":
                continue  # "Sở Tài nguyên và Môi trường": the next word joins
            break
        else:
            break
    if end <= pos or not (text[pos].isupper() or lower_start):
        return None
    return pos, end
