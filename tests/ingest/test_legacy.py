"""Legacy encodings: TCVN3 (ABC) and VNI text comes out as the Unicode it stood for.

The round trips encode the project's own formal reports with the code tables, write them
the way old documents arrive (8-bit .txt, Word runs in ".VnTime"/"VNI-Times" fonts, PDFs
drawn in such fonts), ingest them, and compare with the Unicode original read the same way.
"""

from __future__ import annotations

import re

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import OWN, SHARED
from extract import legacy
from extract.ingest import read_bytes
from extract.pipeline import process_bytes
from render import legacy_bytes, report_docx, report_pdf

REPORTS = sorted((OWN / "docs").glob("bao-cao-*.txt"))
VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
LETTERS = sorted({unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES} | {"đ"})


def test_the_tables_cover_every_vietnamese_letter() -> None:
    tcvn3 = {legacy.decode(legacy.encode(ch, "tcvn3"), "tcvn3", "as-is") for ch in LETTERS}
    assert tcvn3 == set(LETTERS)
    assert all(len(legacy.encode(ch, "tcvn3")) == 1 for ch in LETTERS)  # one byte per letter
    for ch in LETTERS + [c.upper() for c in LETTERS]:
        coded = legacy.encode(ch, "vni")
        assert coded != ch or ch.isascii() or ch in "íìÍÌ", ch  # VNI writes í and ì as Latin-1 does
        assert legacy.decode(coded, "vni") == ch
    # every code is a Latin-1 character: the bytes of an 8-bit file
    assert all(ord(c) < 256 for ch in LETTERS for enc in legacy.ENCODINGS for c in legacy.encode(ch, enc))


def test_known_look_alikes() -> None:
    assert legacy.detect("Héi ®ång nh©n d©n tØnh") == ("tcvn3", "Hội đồng nhân dân tỉnh")
    assert legacy.detect("Hoäi ñoàng nhaân daân tænh") == ("vni", "Hội đồng nhân dân tỉnh")
    assert legacy.detect("Sè: 27/BC-H§ND") == ("tcvn3", "Số: 27/BC-HĐND")
    # capitals: TCVN3 has no codes for them; the words around say what the font drew
    assert legacy.detect("HéI §åNG NH¢N D¢N") == ("tcvn3", "HỘI ĐỒNG NHÂN DÂN")
    assert legacy.detect("BAN V¡N HãA - X· HéI")[1] == "BAN VĂN HÓA - XÃ HỘI"
    # no character here is one that only legacy text has: looked at once a document has shown legacy blocks
    assert legacy.detect("CAÙC KIEÁN NGHÒ") == (None, "CAÙC KIEÁN NGHÒ")
    assert legacy.detect("CAÙC KIEÁN NGHÒ", thorough=True) == ("vni", "CÁC KIẾN NGHỊ")


def test_fonts_say_the_encoding_and_case() -> None:
    assert legacy.font_encoding("ABCDEF+.VnTimeH") == ("tcvn3", "upper")
    assert legacy.font_encoding(".VnTime,Bold") == ("tcvn3", "as-is")
    assert legacy.font_encoding(".VnArialH") == ("tcvn3", "upper")
    assert legacy.font_encoding("VNI-Times") == ("vni", "as-is")
    assert legacy.font_encoding("XYZABC+VNI-Helve-Bold") == ("vni", "as-is")
    for name in ("Times New Roman", "DejaVuSans", "Arial,Bold", "Verdana", None, ""):
        assert legacy.font_encoding(name) is None
    assert legacy.decode("héi ®ång", "tcvn3", "upper") == "HỘI ĐỒNG"


@pytest.mark.parametrize("text", [
    "Hello world, this is plain English with numbers 1,234.5 and 12%.",
    "Café au lait à la française, très bien, señor; naïve façade.",
    "Thường trực HĐND tỉnh kiến nghị UBND tỉnh chỉ đạo các sở, ngành liên quan.",
    "Ông Nguyễn Văn Hùng, Phó Chủ tịch UBND huyện, cho biết: tỷ lệ đạt 98,5%.",
    "© 2023 Báo Thanh Hóa. Địa chỉ: số 1 đường Trung tâm.",
])
def test_unicode_and_english_are_left_alone(text: str) -> None:
    assert legacy.detect(text) == (None, text)


def test_no_block_of_real_unicode_text_is_converted() -> None:
    files = sorted((OWN / "docs").glob("*.txt")) + sorted(SHARED.glob("**/*.txt"))
    blocks = [p for f in files for p in f.read_text(encoding="utf-8", errors="replace").split("\n\n") if p.strip()]
    converted = [b[:60] for b in blocks if legacy.detect(b)[0]]
    print(f"\n{len(blocks)} blocks of Unicode text from {len(files)} files; converted: {len(converted)}")
    assert len(blocks) > 50
    assert converted == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(LETTERS + [c.upper() for c in LETTERS] + list("bcdghklmnpqrstvx .,;:0123456789")),
                max_size=60))
def test_vni_decodes_what_it_encodes(chars: list[str]) -> None:
    text = "".join(chars)
    assert legacy.decode(legacy.encode(text, "vni"), "vni") == text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(LETTERS + list("bcdghklmnpqrstvx .,;:0123456789ĂÂÊÔƠƯĐ")), max_size=60))
def test_tcvn3_decodes_what_it_encodes_in_a_known_font(chars: list[str]) -> None:
    text = "".join(chars)
    assert legacy.decode(legacy.encode(text, "tcvn3"), "tcvn3", "as-is") == text


# ---------------------------------------------------------------- round trips on the formal reports


def _reports() -> list[Path]:
    if not REPORTS:
        pytest.skip(f"no formal reports (bao-cao-*.txt) in {OWN / 'docs'}")
    return REPORTS


@pytest.mark.parametrize("encoding", legacy.ENCODINGS)
def test_a_legacy_text_file_comes_out_identical(encoding: str) -> None:
    for path in _reports():
        original = path.read_text(encoding="utf-8")
        unicode_doc = read_bytes(original.encode("utf-8"), name=path.name)
        data = legacy_bytes(original, encoding)
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")  # really 8-bit, not UTF-8
        doc = read_bytes(data, name=path.name)
        assert doc.text == unicode_doc.text, path.name
        assert [(b.start, b.end) for b in doc.blocks] == [(b.start, b.end) for b in unicode_doc.blocks]
        assert doc.encoding == encoding
        codes = [(c, m) for c, m in doc.warnings if c == "legacy-encoding"]
        assert len(codes) == 1 and f"from {legacy.NAMES[encoding]}" in codes[0][1], doc.warnings
        # every block as read was converted: "converted N blocks from … (blocks 1-N)"
        m = re.search(r"converted (\d+) blocks .*\(blocks 1-(\d+)\)", codes[0][1])
        assert m and m[1] == m[2], codes[0][1]


@pytest.mark.parametrize("encoding", legacy.ENCODINGS)
def test_a_word_file_in_legacy_fonts_comes_out_identical(encoding: str) -> None:
    for path in _reports():
        original = path.read_text(encoding="utf-8")
        expected = read_bytes(report_docx(original), name="report.docx")
        doc = read_bytes(report_docx(original, legacy=encoding), name="report.docx")
        assert doc.text == expected.text, path.name
        assert [b.label for b in doc.blocks] == [b.label for b in expected.blocks]
        assert any(c == "legacy-encoding" and legacy.NAMES[encoding] in m for c, m in doc.warnings)


@pytest.mark.parametrize("encoding", legacy.ENCODINGS)
def test_a_legacy_pdf_comes_out_identical(encoding: str) -> None:
    """The same words in the same order, whether the fonts are named as the legacy ones
    (decoded by font, capitals from the ".VnTimeH" runs) or not (decoded per block from the
    text alone). The look-alike glyphs are wider or narrower than the letters they stand
    for, so lines break elsewhere and blocks may differ in layout, not in words."""

    def cells(d):  # a cell's own line breaks depend on the glyph widths too
        return [(" ".join(d.text[b.start:b.end].split()), b.label) for b in d.blocks if b.kind == "table_cell"]

    for path in _reports():
        original = path.read_text(encoding="utf-8")
        expected = read_bytes(report_pdf(original), name="report.pdf")
        for font_names in (True, False):
            doc = read_bytes(report_pdf(original, legacy=encoding, font_names=font_names), name="report.pdf")
            assert doc.text.split() == expected.text.split(), (path.name, font_names)
            assert cells(doc) == cells(expected), (path.name, font_names)
            assert any(c == "legacy-encoding" for c, _ in doc.warnings)


def test_a_utf8_file_with_pasted_tcvn3_converts_only_those_blocks() -> None:
    """Text copied out of a .VnTime document into a UTF-8 file keeps its look-alikes."""
    unicode_part = "Thường trực HĐND tỉnh đã làm việc với UBND huyện Hoằng Hóa."
    pasted = "Ban Kinh tÕ - Ng©n s¸ch kiÕn nghÞ UBND tØnh chØ ®¹o rµ so¸t 12.518 hå s¬ tån ®äng."
    report = process_bytes(f"{unicode_part}\n\n{pasted}\n".encode("utf-8"), name="mixed.txt")
    assert report.text == (f"{unicode_part}\n\nBan Kinh tế - Ngân sách kiến nghị UBND tỉnh chỉ đạo "
                           "rà soát 12.518 hồ sơ tồn đọng.")
    assert [(w.code, w.message) for w in report.warnings if w.code == "legacy-encoding"] == [
        ("legacy-encoding", "converted 1 block from TCVN3 (block 2)")]
    assert [f.value for f in report.figures] == [12518]


def test_an_old_web_page_typed_in_tcvn3() -> None:
    from render import make_html

    body = ["Héi ®ång nh©n d©n tØnh ®· tæ chøc gi¸m s¸t t¹i huyÖn Ho»ng Hãa ngµy 15/3/2023.",
            "Thường trực HĐND tỉnh kiến nghị UBND tỉnh chỉ đạo rà soát hồ sơ tồn đọng."]
    doc = read_bytes(make_html("B¸o c¸o kÕt qu¶ gi¸m s¸t", body).encode("utf-8"), name="old.html")
    assert doc.title == "Báo cáo kết quả giám sát"
    assert "Hội đồng nhân dân tỉnh đã tổ chức giám sát tại huyện Hoằng Hóa ngày 15/3/2023." in doc.text
    assert body[1] in doc.text
    assert [c for c, _ in doc.warnings if c == "legacy-encoding"] == ["legacy-encoding"]
