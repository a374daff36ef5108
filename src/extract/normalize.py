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

from typing import TYPE_CHECKING

from .document import Block, BlockKind, Document

if TYPE_CHECKING:
    from .ingest.reflow import Profile

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACE_CHARS = "[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
# a run of them other than one plain space (which is left as it is, so prose is not rewritten
# space by space): two or more, or one that is not " "
_SPACES = re.compile(rf"{_SPACE_CHARS}{{2,}}|(?! ){_SPACE_CHARS}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters no text means: the noncharacters U+FFFE/U+FFFF (PDFium's mark for a line-end
# hyphen, left over), and the private-use area, where symbol fonts put their bullets: a
# private-use character opening a line stands for a bullet, anywhere else for nothing.
_STRAY = re.compile(r"[\ufffe\uffff\ue000-\uf8ff]")
_PRIVATE_BULLET = re.compile(r"(?m)^([ \t]*)[\ue000-\uf8ff](?=[ \t])")


def clean(text: str) -> str:
    """NFC, no zero-width, control or stray (noncharacter, private-use) characters, one space
    for any run of spaces, lines trimmed."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if any(chr(c) in text for c in _ZERO_WIDTH):  # translate() with a dict costs ~0.3 µs a character
        text = text.translate(_ZERO_WIDTH)
    if _STRAY.search(text):
        text = _STRAY.sub("", _PRIVATE_BULLET.sub(r"\1•", text))
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
    line_breaks: list[int] = field(default_factory=list)  # offsets of spaces that were line breaks
    page_starts: list[tuple[int, int]] = field(default_factory=list)  # (offset, page) where pages begin

    def add(self, raw: str, kind: BlockKind = "paragraph", page: int | None = None, *,
            reflow: "Profile | None" = None, join: bool = False, headings_join: bool = False,
            continues: bool = False, first: bool = False) -> Block | None:
        """Clean ``raw`` and add it as a block.

        Its line breaks are kept, unless ``join`` (the reader rebuilt the paragraph itself and
        marked each wrap with U+2028) or ``reflow`` (a document ``Profile``: ``reflow.decide`` says
        which breaks are wraps). A wrap becomes a space, and its offset is kept in
        ``line_breaks``. ``continues``: the piece goes on the last block's paragraph (across a
        page break), after a space, instead of starting a block. ``first``: the piece may open
        the document (its first line a title: ``reflow.decide``).
        """
        piece = clean(raw)
        if not piece:
            return None
        if join or reflow is not None:
            piece = self._joined(piece, reflow, headings_join, first=first and not self.parts)
        if continues and self.blocks and self.blocks[-1].kind == kind:
            block = self.blocks[-1]
            self.line_breaks.append(self.length)
            self.parts.append(" ")
            self.length += 1
        else:
            block = None
            if self.parts:
                self.parts.append("\n\n")
                self.length += 2
        if page is not None and (not self.page_starts or self.page_starts[-1][1] != page):
            self.page_starts.append((self.length, page))
        self.line_breaks.extend(self.length + i for i in self._pending)
        self._pending = []
        if block is None:
            block = Block(self.length, self.length + len(piece), kind, page)
            self.blocks.append(block)
        else:
            block.end = self.length + len(piece)
        self.parts.append(piece)
        self.length += len(piece)
        return block

    _pending: list[int] = field(default_factory=list, repr=False)

    def _joined(self, piece: str, reflow: "Profile | None", headings_join: bool, first: bool = False) -> str:
        """``piece`` with its wrapped line breaks made spaces (their offsets kept for ``add``).

        Without ``reflow`` the wraps are the U+2028 the reader put where it joined lines."""
        if reflow is None:
            pos = piece.find("\u2028")
            while pos >= 0:
                self._pending.append(pos)
                pos = piece.find("\u2028", pos + 1)
            return piece.replace("\u2028", " ")
        if "\n" not in piece:
            return piece
        lines = piece.split("\n")
        from .ingest.reflow import decide

        flags = decide(lines, reflow, headings_join, first=first)
        out = [lines[0]]
        pos = len(lines[0])
        for flag, line in zip(flags, lines[1:]):
            if flag:
                self._pending.append(pos)
            out.append(" " if flag else "\n")
            out.append(line)
            pos += 1 + len(line)
        return "".join(out)

    def build(self, **meta: object) -> Document:
        pages = self.page_starts if any(b.page is not None for b in self.blocks) else []
        return Document(text="".join(self.parts), blocks=self.blocks, line_breaks=self.line_breaks,
                        page_starts=pages, **meta)  # type: ignore[arg-type]
