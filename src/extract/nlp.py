"""Tokenize: underthesea sentences and words → token offsets into our text (and, on demand,
a spaCy ``Doc`` whose text is ours).

underthesea returns strings, not offsets, so each token is found again in the
text; whatever lies between two tokens that is not a single space becomes a
whitespace token. The result is ``Tokens``: every token's (start, end, is_space) and where
sentences start, which is all the built-in extractors read. ``Tokens.doc()`` (and
``tokenize``) make the spaCy ``Doc`` of the same tokens, ``doc.text == text``, for an
extractor or a notebook that wants spaCy's ``Matcher``/``PhraseMatcher``/``Span``s on
Vietnamese multi-syllable words ("Hội đồng", "hồ sơ"); it is not built for every document,
for building it costs about 1.3 ms a document (measured: 6 % of the tokenizer's own time).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

if TYPE_CHECKING:  # spaCy itself is imported on first use, with the first document (see ``startup``)
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab


@lru_cache(maxsize=1)
def _underthesea() -> tuple[Callable[[str], list[str]], Callable[[str], list[str]]]:
    """(sent_tokenize, words of a sentence); imported on first use: it costs ~0.4 s and not every command needs it."""
    from underthesea import sent_tokenize, word_tokenize

    return sent_tokenize, _segmenter(word_tokenize)


def _underthesea_words(text: str, fixed_words: list[str]) -> list[str]:
    """underthesea's own word_tokenize, for a tokenizer given words it must keep whole."""
    from underthesea import word_tokenize

    return word_tokenize(text, use_token_normalize=False, fixed_words=fixed_words)


_PROBE = "Ngày 15/3/2024, Đoàn giám sát HĐND tỉnh (TP. Hồ Chí Minh) đề nghị UBND huyện rà soát 1.234 hồ sơ..."


def _segmenter(word_tokenize: Callable[..., list[str]]) -> Callable[[str], list[str]]:
    """``word_tokenize(text, use_token_normalize=False)``, without the Python it spends on each token.

    underthesea finds a sentence's tokens with one regex, then, for each token, builds the dict of
    the regex's named groups only to take the text of the one that matched, which is the whole
    match: a twentieth of the tokenizer's time. Here the same regex and the same CRF model give the
    same words (checked on every sentence of the corpora, ``tests/test_nlp.py``) from the matches'
    text. Where underthesea's module is not laid out as this expects (another version), or the probe
    sentence comes out otherwise, its own function is used."""
    import importlib

    def public(text: str) -> list[str]:
        return word_tokenize(text, use_token_normalize=False)

    try:
        package = importlib.import_module("underthesea.pipeline.word_tokenize")
        regex = importlib.import_module("underthesea.pipeline.word_tokenize.regex_tokenize")
        public("Đoàn giám sát")  # loads the CRF model
        model, normalize = package.word_tokenize_model, regex.normalize_characters_in_text
        regex.patterns.finditer  # noqa: B018 - the module regex the function reads on each call
    except (ImportError, AttributeError):
        return public

    def words(text: str) -> list[str]:
        tokens = [m.group() for m in regex.patterns.finditer(normalize(text))]
        if not tokens:
            return []
        out: list[str] = []
        for tag, token in zip(model.predict([[token] for token in tokens]), tokens):
            if tag == "I-W" and out:
                out[-1] = f"{out[-1]} {token}"
            else:
                out.append(token)
        return out

    try:
        same = words(_PROBE) == public(_PROBE)
    except Exception:  # noqa: BLE001 - not the model this expects: the library's own function
        same = False
    return words if same else public


def align(text: str, pieces: Iterable[str], start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Find each piece in ``text[start:end]`` in order; pieces not found as written are skipped."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = start
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        found = text.find(piece, pos, end)
        if found < 0 or text[pos:found].strip() and found - pos > 200:
            continue  # rewritten by the tokenizer: the gap will become its own token
        spans.append((found, found + len(piece)))
        pos = found + len(piece)
    return spans


class VietnameseTokenizer:
    """A spaCy tokenizer backed by underthesea, run line by line over the given ranges."""

    def __init__(self, vocab: Vocab, fixed_words: list[str] | None = None):
        self.vocab = vocab
        self.fixed_words = fixed_words or []

    def spans(self, text: str, ranges: list[tuple[int, int]] | None = None) -> tuple[list[tuple[int, int]], list[int]]:
        """Token spans and the indexes of tokens that start a sentence."""
        sent_tokenize, word_tokenize = _underthesea()
        tokens: list[tuple[int, int]] = []
        starts: list[int] = []
        for r_start, r_end in ranges or [(0, len(text))]:
            line_start = r_start
            for line in text[r_start:r_end].split("\n"):
                line_end = line_start + len(line)
                if line.strip():
                    for sentence in align(text, sent_tokenize(line), line_start, line_end):
                        for s_start, s_end in split_long(text, *sentence):
                            if s_end - s_start > LONG_RUN and _SPACE.search(text, s_start, s_end) is None:
                                found = [(s_start, s_end)]  # no space at all (base64, a hash): not words
                            else:
                                words = (word_tokenize(text[s_start:s_end]) if not self.fixed_words else
                                         _underthesea_words(text[s_start:s_end], self.fixed_words))
                                found = words_in(text, words, s_start, s_end)
                            if found:
                                starts.append(len(tokens))
                                tokens.extend(found)
                line_start = line_end + 1
        return tokens, starts

    def tokens(self, text: str, ranges: list[tuple[int, int]] | None = None) -> Tokens:
        return Tokens.of(text, *self.spans(text, ranges))

    def __call__(self, text: str, ranges: list[tuple[int, int]] | None = None) -> Doc:
        return self.tokens(text, ranges).doc(self.vocab)


# The most characters word_tokenize gets at once. Its CRF holds the features of a whole
# sentence in memory (about 2.5 KB a character), and a line without a sentence end (a
# 10 MB line from a broken export) is one sentence: longer ones are cut first.
MAX_SENTENCE = 3000
LONG_RUN = 200  # characters without a space: not words, one token without the tokenizer
_BREAKS = (". ", "; ", ", ", ": ", ") ")
_SPACE = re.compile(r"\s")


def split_long(text: str, start: int, end: int, limit: int = MAX_SENTENCE) -> list[tuple[int, int]]:
    """``text[start:end]`` as pieces of at most ``limit`` characters, cut after a punctuation mark
    and a space where the second half of a piece has one, else at a space, else anywhere."""
    pieces = []
    while end - start > limit:
        window = text[start:start + limit]
        cut = max(window.rfind(mark) + len(mark) for mark in _BREAKS)
        if cut <= limit // 2:
            cut = window.rfind(" ") + 1
        if cut <= limit // 2:
            cut = limit
        pieces.append((start, start + cut))
        start += cut
    pieces.append((start, end))
    return pieces


def words_in(text: str, words: Iterable[str], start: int, end: int) -> list[tuple[int, int]]:
    """The tokenizer's words found again in ``text[start:end]`` (``align``), with a token made of
    any non-space text between them that the tokenizer dropped or rewrote: in one pass."""
    out: list[tuple[int, int]] = []
    pos = start
    find = text.find
    for word in words:
        word = word.strip()
        if not word:
            continue
        found = find(word, pos, end)
        if found < 0:
            continue
        if found > pos:
            gap = text[pos:found]
            if gap.strip():
                if found - pos > 200:
                    continue  # rewritten by the tokenizer: the gap will become its own token
                out += [(pos + a, pos + b) for a, b in _words(gap)]
        pos = found + len(word)
        out.append((found, pos))
    if pos < end and text[pos:end].strip():
        out += [(pos + a, pos + b) for a, b in _words(text[pos:end])]
    return out


def _words(gap: str) -> list[tuple[int, int]]:
    spans, i = [], 0
    for part in gap.split(" "):
        if part:
            spans.append((i, i + len(part)))
        i += len(part) + 1
    return spans


@dataclass(frozen=True)
class Tokens:
    """Every token of a text, gaps included, as offsets: what a spaCy ``Doc`` of it would hold.

    ``spans`` are (start, end, is_space) in order and cover the text without overlap: the
    tokenizer's words, and each gap between them other than one space as a token of its own
    (whitespace, or text left out of tokenizing such as page furniture). ``starts[i]`` says
    whether token i opens a sentence (a gap holding text is a sentence of its own)."""

    text: str
    spans: list[tuple[int, int, bool]]
    starts: list[bool]

    @classmethod
    def of(cls, text: str, tokens: list[tuple[int, int]], sent_starts: list[int]) -> Tokens:
        """From the tokenizer's word spans and the indexes of the words that open a sentence."""
        spans: list[tuple[int, int, bool]] = []
        flags: list[bool] = []
        add, flag = spans.append, flags.append
        first = set(sent_starts)
        spaced = True  # a single space follows the last token (only a gap of more becomes one); none yet
        pos = 0
        for i, (s, e) in enumerate(tokens):
            if s > pos:
                gap_start = pos
                if text[pos] == " " and not spaced:
                    spaced = True  # the space is the last token's: what is left (if anything) is a gap token
                    gap_start += 1
                if s > gap_start:
                    blank = text[gap_start:s].isspace()
                    add((gap_start, s, blank))
                    flag(not blank)
            add((s, e, False))
            flag(i in first)
            spaced = False
            pos = e
        if pos < len(text):
            blank = text[pos:].isspace()
            add((pos, len(text), blank))
            flag(not blank)
        if flags:
            flags[0] = True
        return cls(text, spans, flags)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) of each sentence: from its first token's start to its last token's end."""
        out: list[tuple[int, int]] = []
        spans = self.spans
        for i, (s, _, _) in enumerate(spans):
            if self.starts[i]:
                if out:
                    out[-1] = (out[-1][0], spans[i - 1][1])
                out.append((s, s))
        if out:
            out[-1] = (out[-1][0], spans[-1][1])
        return out

    def doc(self, vocab: Vocab | None = None) -> Doc:
        """The spaCy ``Doc`` of these tokens (``doc.text == text``), in ``vocab`` (the pipeline's)."""
        from spacy.tokens import Doc

        spans = self.spans
        words = [self.text[s:e] for s, e, _ in spans]
        # a single space is no token of its own: where the next token starts one past this one's end
        spaces = [i + 1 < len(spans) and spans[i + 1][0] == e + 1 for i, (_, e, _) in enumerate(spans)]
        return Doc(vocab or pipeline().vocab, words=words, spaces=spaces, sent_starts=list(self.starts))


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """A blank Vietnamese spaCy pipeline with the underthesea tokenizer (no model download)."""
    import spacy

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = VietnameseTokenizer(nlp.vocab)
    return nlp


def tokens(text: str, ranges: list[tuple[int, int]] | None = None) -> Tokens:
    """Tokenize only ``ranges`` of ``text`` (page furniture is skipped) into Tokens of the whole text."""
    return pipeline().tokenizer.tokens(text, ranges)


def tokenize(text: str, ranges: list[tuple[int, int]] | None = None) -> Doc:
    """The same as a spaCy ``Doc`` of the whole text."""
    return pipeline().tokenizer(text, ranges)


# Strings the vocabulary keeps for good (about 200 bytes each): the words of the first
# documents, which recur. Past this, each document's new words are freed with it.
PERMANENT_STRINGS = 40_000


@contextmanager
def memory_zone() -> Iterator[None]:
    """Free what one document adds to the shared vocabulary when it is done.

    Every new word (each number, each name) becomes a string and a lexeme of the one
    vocabulary, which otherwise grows for as long as a process runs. Once it holds
    ``PERMANENT_STRINGS``, a document's new words are temporary (spaCy's ``memory_zone``):
    Docs, Tokens and Spans made inside must not be used after it, and anything meant to
    last (a ``Matcher`` and its patterns) is built outside. Below that size the words stay,
    so common ones are not made again for every document. Zones do not nest: inside one,
    this does nothing.
    """
    nlp = pipeline()
    if (not hasattr(nlp, "memory_zone") or nlp.vocab.in_memory_zone  # spaCy < 3.8, or already inside
            or len(nlp.vocab.strings) < PERMANENT_STRINGS):
        yield
        return
    with nlp.memory_zone():
        yield
