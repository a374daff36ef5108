"""Wholes, parts and rates: what the figures extractor and the reviewer's checks both need to know
about a quantity, in one place so that they agree.

- ``exceeds``: parts that add up to more than their whole (beyond float rounding). The figures
  extractor links only parts that fit (``extractors.figures``); ``checks`` calls a record whose
  parts do not an error.
- ``is_change``: a figure written as a change or a rate ("tăng 150%", "vọt lên 300%", "gấp",
  "đạt 120% kế hoạch", "bằng 130% so với cùng kỳ"), told by the words of its clause
  (``resources/rate_words.tsv``). A percentage that is not one is a share, and only a share cannot
  pass 100 %; a change is not what a breakdown after it breaks down where an amount before it can be.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .normalize import fold

# A clause ends at these; a comma or a dot only before a space ("98,75%", "1.234" go on).
_CLAUSE_END = re.compile(r"[;:!?()\[\]\n]|[,.…](?=\s|$)")
REACH = 80  # characters of the clause looked at before and after a figure


def exceeds(total: float, whole: float) -> bool:
    """Parts adding up to ``total`` are more than their ``whole`` (beyond float rounding)."""
    return total - whole > 1e-6 * max(1.0, abs(whole))


@lru_cache(maxsize=1)
def _rate_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    from .resources import alternation, words

    def pattern(kind: str) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w)(?:{alternation(words('rate_words.tsv', kind))})(?!\w)")

    return pattern("before"), pattern("after")


def is_change(text: str, start: int, end: int) -> bool:
    """The figure written at ``text[start:end]`` is a change or a rate: a word of change,
    comparison or target stands in its clause, before the number (its label included) or after
    it, within ``REACH`` characters."""
    before_words, after_words = _rate_words()
    floor = max(0, start - REACH)
    clause = floor
    for m in _CLAUSE_END.finditer(text, floor, start):
        clause = m.end()
    if before_words.search(fold(text[clause:end])):
        return True
    tail = text[end:end + REACH]
    stop = _CLAUSE_END.search(tail)
    return bool(after_words.search(fold(tail[:stop.start()] if stop else tail)))
