"""The extractors' ``Context``: finding whole words inside content ranges."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.document import Block, Document
from extract.registry import Context

_CHARS = "ab đĐ_1 .,-\n"


@st.composite
def _cases(draw):
    text = draw(st.text(alphabet=_CHARS, max_size=60))
    word = draw(st.text(alphabet=_CHARS, min_size=1, max_size=4))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6)))
    blocks = [Block(a, b, "paragraph" if i % 3 else "furniture") for i, (a, b) in enumerate(zip(cuts, cuts[1:])) if a < b]
    return text, word, blocks


@settings(max_examples=400, deadline=None)
@given(_cases())
def test_find_word_finds_what_the_word_bounded_regex_finds(case):
    """Word characters are re's (letters, digits, "_"); the range's start sees the character
    before it, its end does not see the one after: exactly as ``pattern.finditer(text, start, end)``."""
    text, word, blocks = case
    ctx = Context(document=Document(text=text, blocks=blocks), tokens=None)
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
    assert list(ctx.find_word(word)) == [m.span() for m in ctx.finditer(pattern)]


def test_find_word_on_the_folded_key():
    text = "Ông Nguyễn Văn A và ông NGUYỄN VĂN A; ông Nguyễn Văn Anh"
    ctx = Context(document=Document(text=text), tokens=None)
    found = [text[s:e] for s, e in ctx.find_word("nguyễn văn a", on_key=True)]
    assert found == ["Nguyễn Văn A", "NGUYỄN VĂN A"]
