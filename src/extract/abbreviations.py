"""Abbreviations (HĐND, UBND, TTHC, …) and their full forms, from resources/abbreviations.tsv."""

from __future__ import annotations

import re
from functools import lru_cache

from .resources import alternation, table


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    return {row[0]: row[1] for row in table("abbreviations.tsv") if len(row) == 2}


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    return re.compile(r"(?<![\w&])(" + alternation(abbreviations()) + r")(?![\w&])")


def expand(text: str) -> str | None:
    """``text`` with each abbreviation spelled out, or None when it has none."""
    table_ = abbreviations()
    out = _pattern().sub(lambda m: table_[m.group(1)], text)
    return out if out != text else None
