"""Shared phrase readers: the name of a body or place written at a given place.

Vietnamese capitalises only the first syllable of each word of a name ("Sở Tài nguyên
và Môi trường", "Ban Kinh tế - Ngân sách HĐND tỉnh"), so a name runs over capitalised
words, lower-case syllables that continue a capitalised underthesea word, the unit
words of administrative names (tỉnh, huyện, xã, …), "và" between capitalised words,
and " - " joins.
"""

from __future__ import annotations

import re

from .normalize import fold, strip_marks
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


def running_form(text: str, a: int, b: int, key: str | None = None) -> tuple[str, tuple[int, int]]:
    """A line in capitals as the text writes it in running text, where it does: the same words but
    for case and marks ("TRƯỞNG BAN CHỈ ĐẠO …" → "Trưởng Ban Chỉ đạo …"), the spelling most of its
    occurrences share (OCR misreads marks on capitals most, and each copy differently); else the line.
    ``key`` is ``fold(text)`` where the caller has it."""
    line = text[a:b]
    loose = strip_marks(fold(" ".join(line.split())))
    if len(loose) < 8:
        return line, (a, b)
    words = [re.escape(w) for w in loose.split()]
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")
    counts: dict[str, list[tuple[int, int]]] = {}
    for m in pattern.finditer(strip_marks(fold(text) if key is None else key)):
        written = text[m.start():m.end()]
        if "\n" in written or written.isupper() or not written[:1].isupper():
            continue  # the line itself, another heading, or a phrase cut out of a sentence
        counts.setdefault(written, []).append(m.span())
    if not counts:
        return line, (a, b)
    best = max(counts, key=lambda w: (len(counts[w]), -counts[w][0][0]))
    return best, counts[best][0]
