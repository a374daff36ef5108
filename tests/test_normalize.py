"""Normalisation, the matching key, and the underthesea → spaCy Doc alignment."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings, strategies as st
from spacy.matcher import PhraseMatcher

from extract.normalize import clean, fold
from extract.document import Block, Document
from extract.nlp import pipeline, tokenize, tokens
from extract.registry import Context


def test_fold_ignores_case_and_tone_placement():
    assert fold("Thanh Hoá") == fold("THANH HÓA") == fold("thanh hóa")
    assert fold("Tỉnh uỷ") == fold("Tỉnh ủy")
    assert fold("hoàn thành") == "hoàn thành"  # "oà" inside a longer syllable is not moved


@given(st.text())
def test_fold_keeps_length(text):
    assert len(fold(text)) == len(text)


def test_clean_makes_nfc_and_single_spaces():
    nfd = unicodedata.normalize("NFD", "Hội đồng  nhân\u00a0dân\u200b\r\n")
    assert clean(nfd) == "Hội đồng nhân dân"


@settings(deadline=None)  # the first example loads the tokenizer's models
@given(st.text(alphabet=st.sampled_from(list("aăâđeêoôơuưy HĐND,.:;-()0123456789\nàáảãạằắẳẵặ")), max_size=200))
def test_doc_text_is_exactly_the_input(text):
    assert tokenize(text).text == text


def test_vietnamese_words_are_tokens_with_offsets_and_phrase_matcher_works():
    text = "Đoàn giám sát của Hội đồng nhân dân tỉnh kiểm tra 363.424 hồ sơ."
    doc = tokenize(text)
    words = [t.text for t in doc if not t.is_space]
    assert "giám sát" in words and "363.424" in words and "hồ sơ" in words
    for t in doc:
        assert text[t.idx:t.idx + len(t.text)] == t.text
    matcher = PhraseMatcher(pipeline().vocab)
    matcher.add("UNIT", [tokenize("hồ sơ")])
    (match,) = matcher(doc)
    span = doc[match[1]:match[2]]
    assert span.text == "hồ sơ" and text[span.start_char:span.end_char] == "hồ sơ"


_TEXTS = st.text(alphabet=st.sampled_from(list("aăâđeêoôơuưy HĐND,.:;-()0123456789\n\t àáảãạằắẳẵặ")), max_size=200)


@settings(deadline=None)
@given(_TEXTS, st.lists(st.integers(0, 200), max_size=4))
def test_tokens_are_the_spacy_docs_tokens(text, cuts):
    """What the extractors read (offsets) is exactly what the Doc of the same tokens holds:
    each token's start, end and whether it is whitespace, and the sentences, also where only
    some ranges are tokenized (the rest, page furniture, stays as gap tokens)."""
    cuts = sorted({min(c, len(text)) for c in cuts})
    ranges = [(a, b) for a, b in zip(cuts, cuts[1:]) if a < b] or None
    found = tokens(text, ranges)
    doc = found.doc()
    assert doc.text == text
    assert found.spans == [(t.idx, t.idx + len(t.text), t.is_space) for t in doc]
    assert found.sentences == ([(s.start_char, s.end_char) for s in doc.sents] if len(doc) else [])


def test_an_extractor_may_ask_for_the_spacy_doc():
    """``ctx.doc`` is made on first use from the same tokens, so a rule may use spaCy's matchers."""
    text = "Đoàn giám sát kiểm tra 120 hồ sơ. Sở Nội vụ báo cáo."
    ctx = Context(document=Document(text=text, blocks=[Block(0, len(text))]), tokens=tokens(text))
    assert "doc" not in vars(ctx)  # not made until asked for
    matcher = PhraseMatcher(pipeline().vocab)
    matcher.add("UNIT", [tokenize("hồ sơ")])
    (match,) = matcher(ctx.doc)
    assert ctx.doc[match[1]:match[2]].start_char == text.index("hồ sơ")
    assert ctx.sentences == [(0, text.index(" Sở")), (text.index("Sở"), len(text))]
