"""Normalisation, the matching key, and the underthesea → spaCy Doc alignment."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings, strategies as st
from spacy.matcher import PhraseMatcher

from extract.normalize import clean, fold
from extract.nlp import pipeline, tokenize


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
