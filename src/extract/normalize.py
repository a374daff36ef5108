"""Normalise: one canonical text to point into, and a matching key that forgives.

``clean`` is applied by every ingester to every block before offsets exist, so
offsets are always into the cleaned text and never move afterwards.

``fold`` gives a *length-preserving* matching key: lower case, and the tone mark
placed on one canonical vowel ("hoà" and "hòa", "Thanh Hoá" and "Thanh Hóa" fold
alike). Because it keeps every character's position, a regex run over
``fold(text)`` yields offsets that are valid in ``text`` itself.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .document import Block, BlockKind, Document

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACE_CHARS = "[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
# a run of them other than one plain space (which is left as it is, so prose is not rewritten
# space by space): two or more, or one that is not " "
_SPACES = re.compile(rf"{_SPACE_CHARS}{{2,}}|(?! ){_SPACE_CHARS}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """NFC, no zero-width or control characters, one space for any run of spaces, lines trimmed."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if any(chr(c) in text for c in _ZERO_WIDTH):  # translate() with a dict costs ~0.3 µs a character
        text = text.translate(_ZERO_WIDTH)
    text = _SPACES.sub(" ", _CONTROL.sub(" ", text))  # no line break is a space here: lines stay apart
    return "\n".join(line.strip() for line in text.split("\n")).strip()


# Tone marks on the first vowel of "oa", "oe", "uy" (old style: hòa, hòe, thùy) and on the
# second (new style: hoà, hoè, thuỳ) both occur. The key puts the mark on the first vowel,
# as underthesea does; each pair is two characters either way, so length is kept.
_TONES = {"\u0300": "grave", "\u0301": "acute", "\u0303": "tilde", "\u0309": "hook", "\u0323": "dot"}


def _split_tone(ch: str) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in decomposed if c in _TONES)
    base = "".join(c for c in decomposed if c not in _TONES)
    return unicodedata.normalize("NFC", base), tone


def _build_pairs() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in _TONES:
            new = first + unicodedata.normalize("NFC", second + tone)
            old = unicodedata.normalize("NFC", first + tone) + second
            pairs[new] = old
    return pairs


_NEW_TO_OLD = _build_pairs()
_PAIR_RE = re.compile("|".join(map(re.escape, _NEW_TO_OLD)))


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def fold(text: str) -> str:
    """Lower case with canonical tone placement; ``len(fold(t)) == len(t)`` always.

    The old-style key applies only where the pair ends the syllable (``hoà`` → ``hòa``) so
    that ``hoàn`` and ``khuỷu`` stay as they are.
    """
    low = _lower_same_length(text)

    def swap(m: re.Match[str]) -> str:
        end = m.end()
        if end < len(low) and low[end].isalpha():
            return m.group(0)
        return _NEW_TO_OLD[m.group(0)]

    return _PAIR_RE.sub(swap, low)


class _Bases(dict):
    """A ``str.translate`` table that works out each character's base the first time it is seen."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        base = "d" if ch == "đ" else "D" if ch == "Đ" else unicodedata.normalize("NFD", ch)[0]
        self[code] = base
        return base


_BASES = _Bases()


def strip_marks(text: str) -> str:
    """Remove every diacritic (đ → d), for the loosest comparisons; length-preserving."""
    return text.translate(_BASES)


@dataclass
class TextBuilder:
    """Assembles a Document's text block by block, recording each block's offsets.

    Ingesters hand it raw pieces; it cleans each one and joins blocks with a blank
    line, so block offsets are exact in the final text.
    """

    parts: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    length: int = 0

    def add(self, raw: str, kind: BlockKind = "paragraph", page: int | None = None) -> Block | None:
        piece = clean(raw)
        if not piece:
            return None
        if self.parts:
            self.parts.append("\n\n")
            self.length += 2
        block = Block(self.length, self.length + len(piece), kind, page)
        self.parts.append(piece)
        self.length += len(piece)
        self.blocks.append(block)
        return block

    def build(self, **meta: object) -> Document:
        return Document(text="".join(self.parts), blocks=self.blocks, **meta)  # type: ignore[arg-type]
