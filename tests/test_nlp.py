"""The tokenizer stage: giamsat's call of underthesea gives underthesea's own words.

``nlp._segmenter`` reads underthesea's regex and CRF model itself to skip a dict built for
each token; what it returns must be what ``word_tokenize(text, use_token_normalize=False)``
returns, on every sentence of the corpora and on made-up text, or the records would change."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from underthesea import sent_tokenize, word_tokenize

from extract import nlp
from extract.ingest import ingest

ROOT = Path(__file__).resolve().parents[1]


def _public(text: str) -> list[str]:
    return word_tokenize(text, use_token_normalize=False)


def _sentences(folder: Path) -> list[str]:
    out = []
    for path in sorted(folder.glob("*")):
        if path.suffix in {".txt", ".md"}:
            for line in ingest(str(path)).text.split("\n"):
                out += sent_tokenize(line) if line.strip() else []
    return out


def test_the_fast_path_is_taken_with_this_underthesea():
    _, words = nlp._underthesea()
    assert words.__name__ == "words"  # not the fallback: the speed the benchmark reports depends on it


def test_the_same_words_as_underthesea_on_every_sentence_of_the_corpora(shared_corpus):
    _, words = nlp._underthesea()
    sentences = [s for folder in (ROOT / "corpus" / "docs", shared_corpus / "dev", shared_corpus / "real",
                                  shared_corpus / "unlabeled") for s in _sentences(folder)]
    assert len(sentences) > 4000
    assert [s for s in sentences if words(s) != _public(s)] == []


_PIECES = st.sampled_from(["Đoàn", "giám sát", "HĐND", "tỉnh", "TP.", "Hồ Chí Minh", "1.234", "15/3/2024", "v.v.", "...",
                           "(", ")", "-", "–", "đề nghị", "UBND", "e-mail", "x@y.vn", "http://a.vn/b", "3x4", "%",
                           "“", "”", ",", ";", ":", "NĐ-CP", "H&M", "Ông", "Nguyễn Văn A", "\t", "  ", "😀", "ʼ"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=25).map(" ".join) | st.text(max_size=60))
def test_the_same_words_as_underthesea_on_made_up_text(text):
    _, words = nlp._underthesea()
    assert words(text) == _public(text)


def test_another_underthesea_layout_falls_back_to_its_own_function(monkeypatch):
    import importlib

    real = importlib.import_module

    def moved(name, *args):  # a version whose regex tokenizer lives elsewhere
        if name.endswith(".regex_tokenize"):
            raise ModuleNotFoundError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", moved)
    words = nlp._segmenter(word_tokenize)
    monkeypatch.undo()
    assert words.__name__ == "public" and words("Đoàn giám sát làm việc") == _public("Đoàn giám sát làm việc")
