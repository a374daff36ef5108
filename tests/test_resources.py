"""resources.alternation: a trie-factored regex that must match exactly as the plain
longest-first alternation it replaces (it only exists to be faster)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.resources import alternation, lines, table

_LETTERS = "abà á-. "
phrase = st.text(alphabet=_LETTERS, min_size=1, max_size=6).map(lambda s: " ".join(s.split())).filter(bool)


def _plain(phrases: set[str], space: str | None) -> str:
    def one(p: str) -> str:
        return space.join(map(re.escape, p.split(" "))) if space else re.escape(p)

    return "|".join(one(p) for p in sorted(phrases, key=len, reverse=True))


def _spans(pattern: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", text)]


@settings(max_examples=300, deadline=None)
@given(st.sets(phrase, min_size=1, max_size=8), st.text(alphabet=_LETTERS + "\n", max_size=60),
       st.sampled_from([None, r"\s+", r"[\s\-–]+"]))
def test_alternation_matches_like_the_longest_first_join(phrases: set[str], text: str, space: str | None) -> None:
    assert _spans(alternation(phrases, space), text) == _spans(_plain(phrases, space), text)


def test_alternation_of_real_lexicons_finds_the_same_spans() -> None:
    from extract.normalize import fold

    for phrases in ({fold(line.partition("|")[0].strip()) for line in lines("positions.txt")},
                    {fold(row[0]) for row in table("recommendation_cues.tsv")}):
        text = " ".join(sorted(phrases)) + ", " + "; ".join(p + "x " + p[:-1] for p in sorted(phrases))
        assert _spans(alternation(phrases), text) == _spans(_plain(phrases, None), text)
        assert _spans(alternation(phrases), text)  # the lexicon's own words are found


def test_alternation_is_factored() -> None:
    assert alternation(["hà nội", "hà nam", "hải phòng"], r"\s+") == r"h(?:à\s+n(?:ội|am)|ải\s+phòng)"
    assert alternation(["ab", "a"]) == "a(?:b)?"  # the longer first, then the phrase that ends there
