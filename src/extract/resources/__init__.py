"""Lexicons and rule data, kept as text files beside the code that loads them."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Iterable


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


def alternation(phrases: Iterable[str], space: str | None = None) -> str:
    """A regex for any of ``phrases`` (taken literally; a space matches ``space`` when given),
    the longest first: the same matches as ``"|".join(sorted(phrases, key=len, reverse=True))``.

    Why a trie: Python's ``re`` tries the branches of an alternation one after another at
    every position of the text, so a lexicon of a hundred phrases is a hundred tests per
    character. Factored by common prefixes ("bình (?:dương|định|…)") it is a handful, and a
    scan over a document costs half or less. Longest first still holds: at each node the
    longer continuation is tried before the phrase that ends there, and two branches of one
    node never match the same character (as long as ``space`` matches no character the
    phrases spell out, such as a hyphen).
    """
    import re

    trie: dict = {}
    for phrase in phrases:
        if not phrase:
            continue
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}  # a phrase ends here

    def build(node: dict) -> str:
        branches = [((space if ch == " " and space is not None else re.escape(ch)) + build(child))
                    for ch, child in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return f"(?:{body})?" if len(branches) == 1 else body + "?"

    return build(trie)
