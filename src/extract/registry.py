"""One registry of extractors, like spaCy's factories.

An extractor is a function ``(Context) -> result`` in its own module under
``extract/extractors/``, registered with ``@extractor("name", requires=[...])``.
Its result is what later extractors read as ``ctx.found[name]``, and it fills the
``Report`` field of that name; an extractor whose result only others read says
``assigns=None``. The contract is checked: a name that is no ``Report`` field, a field two
components assign, a requirement nobody registered are errors at start, not results lost
at the end. Extractors only add their own result; keys and the links between items are
the linking stage's (``extract.linking.stage``), which runs after all of them.
Adding one is adding a file: modules in the package are discovered at first use.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping

from .document import Block, Document
from .models import Mention, Span
from .normalize import fold

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .nlp import Tokens


def _ordered_starts(ranges: list[tuple[int, int]]) -> list[int] | None:
    """The starts of ``ranges`` where they are in order and do not overlap (so that the one holding
    an offset is found by bisection), else None."""
    if all(s <= e for s, e in ranges) and all(a[1] <= b[0] for a, b in zip(ranges, ranges[1:])):
        return [s for s, _ in ranges]
    return None


@dataclass
class Context:
    """What every extractor sees: the document, its text, tokens, and earlier results."""

    document: Document
    tokens: Tokens | None
    found: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def doc(self) -> Doc:
        """The spaCy ``Doc`` of the tokens, made on first use (for spaCy's matchers and spans;
        the built-in extractors read ``tokens`` and never pay for it)."""
        return self.tokens.doc()

    @property
    def text(self) -> str:
        return self.document.text

    @cached_property
    def key(self) -> str:
        """``fold(text)``: same length as ``text``, for case- and tone-insensitive matching."""
        return fold(self.document.text)

    @cached_property
    def content(self) -> list[tuple[int, int]]:
        """Ranges of text that are content (page furniture excluded)."""
        blocks = [b for b in self.document.blocks if b.kind != "furniture"]
        if not self.document.blocks:
            return [(0, len(self.text))]
        return [(b.start, b.end) for b in blocks]

    @cached_property
    def _content_starts(self) -> list[int] | None:
        """Starts of the content ranges, for a binary search (a text of thousands of small tables
        has thousands of them)."""
        return _ordered_starts(self.content)

    def content_range(self, offset: int) -> tuple[int, int] | None:
        """The first content range holding ``offset`` (in log time where ranges are in order)."""
        starts = self._content_starts
        if starts is None:
            return next(((s, e) for s, e in self.content if s <= offset < e), None)
        import bisect

        i = bisect.bisect_right(starts, offset) - 1
        # in order and apart, only the last range starting at or before offset can hold it
        if i >= 0 and offset < self.content[i][1]:
            return self.content[i]
        return None

    def is_content(self, offset: int) -> bool:
        return self.content_range(offset) is not None

    def finditer(self, pattern: re.Pattern[str], on_key: bool = False) -> Iterator[re.Match[str]]:
        """Regex matches inside content ranges, over the text or the folded key."""
        target = self.key if on_key else self.text
        for start, end in self.content:
            yield from pattern.finditer(target, start, end)

    def find_word(self, word: str, on_key: bool = False) -> Iterator[tuple[int, int]]:
        r"""(start, end) of each whole-word occurrence of ``word`` inside content ranges: what
        ``finditer(re.compile(rf"(?<!\w){re.escape(word)}(?!\w)"))`` finds, without a regex
        made for each word (``\w`` is ``str.isalnum()`` or "_", as in ``re``)."""
        target = self.key if on_key else self.text

        def word_char(i: int) -> bool:
            ch = target[i]
            return ch.isalnum() or ch == "_"

        n = len(word)
        for start, end in self.content:
            pos = target.find(word, start, end)
            while pos >= 0:
                # as in re: the character before the range counts, the one after it does not
                if (pos == 0 or not word_char(pos - 1)) and (pos + n == end or not word_char(pos + n)):
                    yield pos, pos + n
                    pos = target.find(word, pos + max(n, 1), end)
                else:
                    pos = target.find(word, pos + 1, end)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence ranges (start, end) from the tokenizer, trailing whitespace trimmed."""
        out = []
        for s, e in self.tokens.sentences if self.tokens else ():
            block = self.content_range(s)
            if block is None:
                continue
            e = min(e, block[1])  # never run into furniture
            while e > s and self.text[e - 1].isspace():
                e -= 1
            while s < e and self.text[s].isspace():
                s += 1
            if e > s:
                out.append((s, e))
        return out

    @cached_property
    def token_spans(self) -> list[tuple[int, int, bool]]:
        """(start, end, is_space) of every token, gaps included, in order."""
        return self.tokens.spans if self.tokens else []

    @cached_property
    def token_starts(self) -> list[int]:
        """Character offset of every token, in order."""
        return [s for s, _, _ in self.token_spans]

    @property
    def _token_starts(self) -> list[int]:
        return self.token_starts

    def in_capitalised_word(self, pos: int) -> bool:
        """The character at pos lies in an underthesea word that starts with a capital.

        Vietnamese names capitalise only a word's first syllable ("Kinh tế", "Thường trực"),
        so this is how a rule tells "Ban Kinh tế" (one name) from "Hùng làm" (name, verb).
        """
        import bisect

        i = bisect.bisect_right(self._token_starts, pos) - 1
        if i < 0:
            return False
        start, end, _ = self.token_spans[i]
        return pos < end and self.text[start:start + 1].isupper()

    @cached_property
    def _block_starts(self) -> list[int] | None:
        """Block starts, for a binary search."""
        return _ordered_starts([(b.start, b.end) for b in self.document.blocks])

    def page_at(self, offset: int) -> int | None:
        """``document.page_at(offset)`` in log time (a long PDF has thousands of blocks and mentions)."""
        import bisect

        if self.document.page_starts:
            return self.document.page_at(offset)
        starts = self._block_starts
        if starts is None:
            return self.document.page_at(offset)
        i = bisect.bisect_right(starts, offset) - 1
        block = self.document.blocks[i] if i >= 0 else None
        return block.page if block is not None and offset < block.end else None

    def span(self, start: int, end: int) -> Span:
        """A Span for text[start:end], with its PDF page where known."""
        return Span(start=start, end=end, page=self.page_at(start))

    def mention(self, start: int, end: int) -> Mention:
        return Mention(text=self.text[start:end], span=self.span(start, end))

    def sentence_at(self, offset: int) -> tuple[int, int]:
        import bisect

        sentences = self.sentences  # in order and apart (the tokenizer's sentences, trimmed)
        i = bisect.bisect_right(sentences, (offset, float("inf"))) - 1
        if i >= 0 and sentences[i][0] <= offset < sentences[i][1]:
            return sentences[i]
        return offset, offset


ExtractorFn = Callable[[Context], Any]


@dataclass
class Extractor:
    name: str
    fn: ExtractorFn
    requires: tuple[str, ...] = ()
    assigns: str | None = None  # the Report field its result fills (None: read by other extractors only)


_REGISTRY: dict[str, Extractor] = {}
_LOADED = False
_SAME = object()


def _report_fields() -> set[str]:
    from .models import Report

    return set(Report.model_fields)


def extractor(name: str, requires: tuple[str, ...] | list[str] = (),
              assigns: str | None | object = _SAME) -> Callable[[ExtractorFn], ExtractorFn]:
    """Register ``fn`` as the extractor ``name``, run after those it ``requires``; its result
    fills the Report field ``assigns`` (by default ``name``; None for an internal result)."""
    field_name = name if assigns is _SAME else assigns
    if field_name is not None:
        if field_name not in _report_fields():
            raise ValueError(f"extractor {name!r} assigns {field_name!r}, which is no Report field "
                             "(assigns=None for a result only other extractors read)")
        from .linking.stage import ASSIGNS as linked

        owner = next((ex.name for ex in _REGISTRY.values() if ex.assigns == field_name and ex.name != name), None)
        if owner or field_name in linked:
            raise ValueError(f"extractor {name!r} assigns {field_name!r}, which "
                             f"{'extractor ' + repr(owner) if owner else 'the linking stage'} already assigns")

    def register(fn: ExtractorFn) -> ExtractorFn:
        if name in _REGISTRY and _REGISTRY[name].fn is not fn:
            raise ValueError(f"extractor {name!r} is registered twice")
        _REGISTRY[name] = Extractor(name, fn, tuple(requires), field_name)  # type: ignore[arg-type]
        return fn

    return register


def _discover() -> None:
    global _LOADED
    if _LOADED:
        return
    from . import extractors

    for info in pkgutil.iter_modules(extractors.__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{extractors.__name__}.{info.name}")
    _LOADED = True


def ordered() -> list[Extractor]:
    """All extractors, each after those it requires (stable by name otherwise)."""
    _discover()
    done: dict[str, Extractor] = {}

    def visit(ex: Extractor, stack: tuple[str, ...]) -> None:
        if ex.name in done:
            return
        if ex.name in stack:
            raise ValueError(f"extractor cycle: {' → '.join(stack + (ex.name,))}")
        for dep in ex.requires:
            if dep not in _REGISTRY:
                raise ValueError(f"extractor {ex.name!r} requires unknown {dep!r}")
            visit(_REGISTRY[dep], stack + (ex.name,))
        done[ex.name] = ex

    for name in sorted(_REGISTRY):
        visit(_REGISTRY[name], ())
    return list(done.values())


def make_context(text: str) -> Context:
    """A Context for a bare string (tests, notebooks): the text is used exactly as given."""
    from .nlp import tokens

    document = Document(text=text, blocks=[Block(0, len(text))])
    return Context(document=document, tokens=tokens(text))


def run_one(name: str, text: str) -> Any:
    """Run extractor ``name`` (and those it requires) on a string; returns its result."""
    ctx = make_context(text)
    by_name = {ex.name: ex for ex in ordered()}
    needed: list[str] = []

    def visit(n: str) -> None:
        for dep in by_name[n].requires:
            visit(dep)
        if n not in needed:
            needed.append(n)

    visit(name)
    for n in needed:
        ctx.found[n] = by_name[n].fn(ctx)
    return ctx.found[name]


class Required(Mapping[str, Any]):
    """The results an extractor may read while it runs: those it ``requires``, read-only. Reading
    another is an error naming both, so a missing ``requires=`` shows at once, not as a result
    that depends on the order extractors happen to run in."""

    def __init__(self, results: dict[str, Any], reader: str, allowed: tuple[str, ...]):
        self._results, self._reader, self._allowed = results, reader, allowed

    def __getitem__(self, name: str) -> Any:
        if name not in self._allowed:
            raise KeyError(f"extractor {self._reader!r} reads {name!r}, which it does not require "
                           f"(requires={self._allowed!r})")
        return self._results[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self._results or name not in self._allowed else default

    def __iter__(self) -> Iterator[str]:
        return (n for n in self._allowed if n in self._results)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def run_all(ctx: Context) -> dict[str, Any]:
    """Every extractor in order, each seeing only the results it requires; returns the Report
    fields they fill (``ctx.found`` holds every result afterwards, for the linking stage)."""
    results: dict[str, Any] = ctx.found
    fields: dict[str, Any] = {}
    try:
        for ex in ordered():
            ctx.found = Required(results, ex.name, ex.requires)  # type: ignore[assignment]
            results[ex.name] = ex.fn(ctx)
            if ex.assigns is not None:
                fields[ex.assigns] = results[ex.name]
    finally:
        ctx.found = results
    return fields
