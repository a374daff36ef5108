"""Lexicons and rule data, kept as text files beside the code that loads them."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of ``resources/<name>``."""
    raw = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    out = []
    for line in raw.splitlines():
        line = line.split(" #", 1)[0].strip() if not line.startswith("#") else ""
        if line:
            out.append(line)
    return tuple(out)


@lru_cache(maxsize=None)
def table(name: str, sep: str = "\t") -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated resource file."""
    return tuple(tuple(cell.strip() for cell in line.split(sep)) for line in lines(name))


@lru_cache(maxsize=None)
def words(name: str, kind: str) -> tuple[str, ...]:
    """The folded words a tab-separated ``kind<TAB>words`` resource lists under ``kind``,
    longest first (so that a longer cue wins where two start at one place)."""
    from ..normalize import fold

    found = {fold(row[1]) for row in table(name) if len(row) >= 2 and row[0] == kind}
    return tuple(sorted(found, key=lambda w: (-len(w), w)))
