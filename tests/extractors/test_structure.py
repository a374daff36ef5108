"""The formal report layout: document block, sections, findings, signer — from text, PDF, Word and scans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import OWN
from extract.evaluate import score_document
from extract.ingest import read_bytes
from extract.pipeline import extract_document, process_bytes
from render import image_pdf, report_docx, report_pdf, require_font

REPORTS = sorted(p for p in (OWN / "gold").glob("bao-cao-*.json"))


def _gold(path: Path) -> tuple[dict, str]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    return gold, (OWN / "docs" / gold["doc"]).read_text(encoding="utf-8")


def _document_misses(gold: dict, data: bytes, name: str) -> list[str]:
    scored = score_document(gold, extract_document(read_bytes(data, name=name)))
    assert scored["accuracy"]["document"]["total"] >= 8
    return scored["misses"]["document"]


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
@pytest.mark.parametrize("kind", ["txt", "pdf", "docx"])
def test_document_block_is_exact(path: Path, kind: str) -> None:
    assert len(REPORTS) >= 5
    gold, text = _gold(path)
    if kind == "txt":
        data = text.encode("utf-8")
    elif kind == "pdf":
        require_font()
        data = report_pdf(text)
    else:
        data = report_docx(text)
    assert _document_misses(gold, data, f"report.{kind}") == []


def test_document_block_is_exact_from_a_scan() -> None:
    from test_ocr import require_tesseract

    require_tesseract()
    require_font()
    gold, text = _gold(OWN / "gold" / "bao-cao-giam-sat-ha-tinh.json")
    assert _document_misses(gold, image_pdf(report_pdf(text)), "scan.pdf") == []


REPORT = """UBND HUYỆN ĐÔNG SƠN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 09/BC-UBND
Đông Sơn, ngày 05 tháng 01 năm 2024

BÁO CÁO
Tự kiểm tra công tác cải cách hành chính
năm 2023

I. KẾT QUẢ
Đã giải quyết 1.024 hồ sơ.
II. TỒN TẠI, HẠN CHẾ
- Một số xã còn chậm cập nhật hồ sơ lên phần mềm.
- Cơ sở vật chất của bộ phận một cửa cấp xã còn thiếu.
III. KIẾN NGHỊ
1. Đối với UBND tỉnh:
- Bố trí kinh phí nâng cấp đường truyền cho các xã miền núi.

Nơi nhận:
- UBND tỉnh;
- Lưu: VT.
KT. CHỦ TỊCH PHÓ CHỦ TỊCH
Lê Thị Hằng
"""


def test_structure_of_a_written_report() -> None:
    report = process_bytes(REPORT.encode("utf-8"), name="r.txt")
    doc = report.document
    assert doc.number.text == "09/BC-UBND" and doc.kind == "Báo cáo"
    assert doc.issuer.text == "UBND HUYỆN ĐÔNG SƠN" and doc.place.text == "Đông Sơn"
    assert doc.issued.value == "2024-01-05" and report.source.published == "2024-01-05"
    # the subject wrapped over two lines is one line again (reflow), its break kept as a space
    assert doc.title.text == "Tự kiểm tra công tác cải cách hành chính năm 2023"
    assert report.text[doc.title.span.start + len("Tự kiểm tra công tác cải cách hành chính")] == " "
    assert [m.text for m in doc.recipients] == ["UBND tỉnh", "Lưu: VT"]
    # one PDF-like line holding the capacity and the position is split at the last position
    assert (doc.signer.name, doc.signer.title, doc.signer.capacity) == ("Lê Thị Hằng", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH")
    assert [(f.text, f.section) for f in report.findings] == [
        ("Một số xã còn chậm cập nhật hồ sơ lên phần mềm", "II. TỒN TẠI, HẠN CHẾ"),
        ("Cơ sở vật chất của bộ phận một cửa cấp xã còn thiếu", "II. TỒN TẠI, HẠN CHẾ"),
    ]
    (rec,) = report.recommendations
    assert (rec.addressee, rec.section) == ("UBND tỉnh", "1. Đối với UBND tỉnh:")
    assert [f.section for f in report.figures if f.value == 1024] == ["I. KẾT QUẢ"]
    # the signer named nowhere else is an official with the signature's position
    assert {o.name: [t.text for t in o.titles] for o in report.officials} == {"Lê Thị Hằng": ["PHÓ CHỦ TỊCH"]}


def test_news_dateline_gives_published_and_no_document_block() -> None:
    text = "Đoàn giám sát làm việc tại huyện Nga Sơn\nThứ Hai, 04/03/2024 - 09:15\nSáng 4/3, Đoàn giám sát của HĐND tỉnh đã làm việc."
    report = process_bytes(text.encode("utf-8"), name="n.txt")
    assert report.source.published == "2024-03-04"
    assert report.document.number is None and report.document.signer is None


def _expanded_titles(text: str, name: str) -> list[str | None]:
    """The full titles the record gives the one official called ``name`` in ``text``."""
    from extract.pipeline import process_bytes

    (official,) = [o for o in process_bytes(text.encode("utf-8"), "nq.txt").officials if o.name == name]
    return [t.expanded for t in official.titles]


def test_a_signer_title_takes_the_issuer_as_running_text_spells_it() -> None:
    """A scan misreads marks on capitals ("HỘI ĐÒNG", "THÀNH PHÓ"): the signer's full title takes the
    issuer as the document's running text writes it, case and marks included."""
    text = ("HỘI ĐÒNG NHÂN DÂN\nTỈNH PHÚ YÊN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 07/NQ-HĐND\nPhú Yên, ngày 10 tháng 7 năm 2026\n"
            "NGHỊ QUYẾT\nVề kết quả giám sát việc giải quyết thủ tục hành chính\n"
            "HỘI ĐỒNG NHÂN DÂN TỈNH PHÚ YÊN\nKHÓA VIII, KỲ HỌP THỨ 12\n"
            "Căn cứ Luật Hoạt động giám sát của Quốc hội và Hội đồng nhân dân ngày 20 tháng 11 năm 2015;\n"
            "QUYẾT NGHỊ:\n"
            "Điều 1. Hội đồng nhân dân tỉnh Phú Yên tán thành Báo cáo kết quả giám sát.\n"
            "Điều 2. Nghị quyết này được Hội đồng nhân dân tỉnh Phú Yên thông qua ngày 10 tháng 7 năm 2026.\n"
            "TM. HỘI ĐỒNG NHÂN DÂN\nCHỦ TỊCH\n\nTrần Văn Minh\n")
    assert _expanded_titles(text, "Trần Văn Minh") == ["Chủ tịch Hội đồng nhân dân tỉnh Phú Yên"]


def test_a_signer_for_a_body_of_the_issuer_keeps_sentence_case() -> None:
    """"TM. THƯỜNG TRỰC HĐND" under an issuer running text spells: the body signed for is the capacity
    line's, put in sentence case, not left in capitals."""
    text = ("HỘI ĐỒNG NHÂN DÂN\nTỈNH HÀ TĨNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 12/TB-HĐND\nHà Tĩnh, ngày 5 tháng 3 năm 2024\n\nTHÔNG BÁO\n"
            "Kết luận của Thường trực Hội đồng nhân dân tỉnh về phiên họp tháng 3\n\n"
            "Ngày 1 tháng 3 năm 2024, Thường trực Hội đồng nhân dân tỉnh Hà Tĩnh tổ chức phiên họp thường kỳ. "
            "Hội đồng nhân dân tỉnh Hà Tĩnh đề nghị Ủy ban nhân dân tỉnh chỉ đạo các sở, ngành triển khai.\n\n"
            "TM. THƯỜNG TRỰC HĐND\nPHÓ CHỦ TỊCH\n\nNguyễn Văn An\n")
    assert _expanded_titles(text, "Nguyễn Văn An") == ["Phó Chủ tịch Thường trực HĐND"]


def _scanned(text: str):
    """The record of ``text`` as if every block had been read by OCR from a page image."""
    document = read_bytes(text.encode("utf-8"), name="scan.txt")
    for block in document.blocks:
        block.ocr = True
    return extract_document(document)


_DECISION = ("BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH TỈNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
             "Số: 15/QĐ-BCĐ\nNinh Bình, ngày 2 tháng 3 năm 2026\n\nQUYẾT ĐỊNH\n"
             "Ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm 2026\n\n"
             "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch kiểm tra.\n"
             "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n\n"
             "Nơi nhận:\n- Như Điều 2;\n- PCT Trần Văn Hỏa;\n- Lưu: VT.\n\n"
             "KT. TRƯỞNG BAN\n{title}\n\nTrần Văn Hòa\n")


@pytest.mark.parametrize("title, position", [
    ("PHÙ TRƯỞNG BAN", "Phó Trưởng Ban"),  # a vowel read for another
    ("PHÓ TRƯỜNG BAN", "Phó Trưởng Ban"),  # a hook read as a grave accent
], ids=["vowel", "hook"])
def test_a_scans_misread_signature_position_is_the_position_it_stands_for(title, position):
    report = _scanned(_DECISION.format(title=title).replace("- PCT Trần Văn Hỏa;\n", ""))
    (official,) = [o for o in report.officials if o.name == "Trần Văn Hòa"]
    assert [t.text for t in official.titles] == [title]  # the evidence stays as the scan reads
    assert official.titles[0].expanded is not None and official.titles[0].expanded.startswith(position)


def test_a_misread_chairman_takes_the_body_signed_for():
    text = ("HỘI ĐỒNG NHÂN DÂN\nTỈNH PHÚ YÊN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 07/NQ-HĐND\nPhú Yên, ngày 10 tháng 7 năm 2026\n\nNGHỊ QUYẾT\nVề kết quả giám sát\n\n"
            "Điều 1. Hội đồng nhân dân tỉnh Phú Yên tán thành Báo cáo kết quả giám sát.\n\n"
            "TM. HỘI ĐỒNG NHÂN DÂN\nCHÚ TỊCH\n\nTrần Văn Minh\n")
    (official,) = [o for o in _scanned(text).officials if o.name == "Trần Văn Minh"]
    assert [t.expanded for t in official.titles] == ["Chủ tịch Hội đồng nhân dân tỉnh Phú Yên"]


def test_two_ocr_readings_of_the_signers_name_are_one_person_named_as_signed():
    """"PCT Trần Văn Hỏa" in the small print of the recipients, "Trần Văn Hòa" signed: in a scan, one person;
    in a text file the letters are as the author typed them, and two names are two people."""
    text = _DECISION.format(title="PHÓ TRƯỞNG BAN")
    scanned = {o.name: len(o.mentions) for o in _scanned(text).officials}
    assert scanned.get("Trần Văn Hòa") == 2 and "Trần Văn Hỏa" not in scanned
    typed = {o.name for o in process_bytes(text.encode("utf-8"), name="typed.txt").officials}
    assert {"Trần Văn Hòa", "Trần Văn Hỏa"} <= typed


@pytest.mark.parametrize("reading, position", [
    ("PHÙ THỦ TƯỚNG", "Phó Thủ tướng"), ("CHÚ TỊCH", "Chủ tịch"), ("GIÁM ĐÓC", "Giám đốc"),
    ("PHÓ CHỦ TỊCH", None),  # a position read right is left as it is
    ("PHÙ THỦ TƯỚNC", None),  # two letters other (marks aside): not sure enough
    ("PHÓ THỦ TƯỚNG CHÍNH PHỦ", None),  # no position of that many syllables
])
def test_misread_position(reading, position):
    from extract.extractors.structure import misread_position

    assert misread_position(reading) == position
