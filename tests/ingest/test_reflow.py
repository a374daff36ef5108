"""Reflow: wrapped lines back into the author's paragraphs, offsets exact.

Shapes are tested on invented sentences; the promise (a wrapped document reads as its clean
version does) on the project's own corpus wrapped at several widths, and on the shared dev
news where it is present."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.ingest import reflow
from extract.ingest.text import read_text
from extract.normalize import TextBuilder
from extract.pipeline import extract_document, process_bytes
from render_text import to_markdown, wrap

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "docs"
DEV = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev"
W = reflow.Profile(width=70.0)  # a text wrapped at 70 characters


def _read(text: str):
    return read_text(text.encode("utf-8"))


# ----------------------------------------------------------------------- single decisions


@pytest.mark.parametrize("prev, nxt", [
    ("Đoàn giám sát do đồng chí", "Lê Văn An làm Trưởng đoàn"),           # a name after "đồng chí"
    ("Báo cáo của Thường trực Hội", "đồng nhân dân tỉnh Quảng Trị"),       # an organisation cut
    ("Nghị quyết số 12/NQ-HĐND ngày 09 tháng", "12 năm 2016 của HĐND tỉnh"),  # a date cut
    ("theo quy định tại", "Điều 5 của Luật Hoạt động giám sát"),          # a clause named mid-phrase
    ("tổng số tiền xử phạt hơn", "3,2 tỷ đồng, tăng so với cùng kỳ"),     # a number, not an item
    ("các xã Canh Hiệp, Canh Thuận,", "Canh Vinh và thị trấn"),           # a comma ends no phrase
    ("UBND huyện (", "Sơn Tây) báo cáo"),
])
def test_a_line_cut_mid_phrase_goes_on(prev: str, nxt: str) -> None:
    assert reflow.joins(prev, nxt)  # even with no width to judge by
    assert reflow.joins(prev, nxt, W)


@pytest.mark.parametrize("prev, nxt", [
    ("BÁO CÁO", "Kết quả giám sát việc thực hiện chính sách"),            # a kind line in capitals
    ("HỘI ĐỒNG NHÂN DÂN", "TỈNH QUẢNG TRỊ"),                               # header lines stay lines
    ("Nơi nhận:", "- Thường trực Tỉnh ủy;"),
    ("- Thường trực Tỉnh ủy;", "- Lưu: VT."),
    ("cần tập trung thực hiện các nhiệm vụ sau:", "a) Rà soát các dự án chậm tiến độ;"),
    ("a) Rà soát các dự án chậm tiến độ;", "b) Công khai danh sách chủ đầu tư vi phạm."),
    ("Các huyện báo cáo kết quả trước ngày 15/9.", "Sở Tài chính tổng hợp."),
    ("Số: 45/BC-HĐND", "Quảng Trị, ngày 20 tháng 6 năm 2023"),
    ("Giám sát việc thực hiện chính sách tại huyện Hải Lăng", "Sáng 15/3, Đoàn giám sát đã làm việc"),
    ("Điều 4.", "Điều 5. Hiệu lực thi hành"),
])
def test_a_break_the_author_made_is_kept(prev: str, nxt: str) -> None:
    assert not reflow.joins(prev, nxt)
    assert not reflow.joins(prev, nxt, W, full=False, short=True)


def test_a_dash_after_a_full_line_of_a_wrapped_text_is_an_apposition() -> None:
    prev = "Đoàn giám sát của Thường trực HĐND tỉnh do đồng chí Trần Văn Lực"
    assert reflow.joins(prev, "- Ủy viên Ban Thường vụ Tỉnh ủy làm Trưởng đoàn", W, full=True)
    # the same dash after a short line, or inside a list of dash items, opens an item
    assert not reflow.joins(prev, "- Ủy viên Ban Thường vụ Tỉnh ủy", W, full=False, short=True)
    assert not reflow.joins("- Thường trực Tỉnh ủy, Thường trực HĐND, UBND các huyện", "- Lưu: VT",
                            W, full=True, item="- Thường trực Tỉnh ủy, Thường trực HĐND, UBND các huyện")


def test_a_full_line_goes_on_after_punctuation_only_in_a_wrapped_text() -> None:
    prev = "Các xã đã tiếp nhận 1.240 hồ sơ (trực tuyến: 830; trực tiếp:"
    assert reflow.joins(prev, "410 hồ sơ), tăng 12% so với năm trước.", W, full=True)
    assert not reflow.joins(prev, "410 hồ sơ), tăng 12% so với năm trước.")  # unwrapped: lines are paragraphs


def test_abbreviations_in_capitals_are_no_heading() -> None:
    assert reflow.is_caps("BÁO CÁO KẾT QUẢ GIÁM SÁT") and reflow.is_caps("QUYẾT NGHỊ")
    assert not reflow.is_caps("BHXH, BHYT") and not reflow.is_caps("COVID-19")
    assert reflow.joins("Đoàn ĐBQH tỉnh giám sát việc thực hiện chính sách", "BHXH, BHYT trên địa bàn", W, full=True)


# ----------------------------------------------------------------------- a document's profile


def test_the_profile_finds_the_wrap_width_and_not_in_one_paragraph_a_line() -> None:
    paragraph = ("Ban Văn hóa - Xã hội HĐND tỉnh đã tổ chức giám sát việc thực hiện chính sách bảo hiểm "
                 "y tế đối với học sinh, sinh viên tại các trường trên địa bàn tỉnh trong năm học vừa qua, "
                 "qua đó đánh giá những kết quả đạt được và chỉ ra những hạn chế cần khắc phục.")
    wrapped = [[line for line in wrap(paragraph, 64).split("\n")] for _ in range(3)]
    profile = reflow.profile_text(wrapped)
    assert profile.wrapped and 55 <= profile.width <= 64
    one_a_line = [[paragraph], [paragraph.replace("Ban", "Sở", 1)], ["Ảnh: Minh Hà"]]
    assert not reflow.profile_text(one_a_line).wrapped


def test_short_lines_that_the_document_itself_continues_go_on() -> None:
    """An export that indents each paragraph's first line into a narrow column: its short
    lines are continued more often than not, so a short line before a capital goes on too."""
    text = "\n".join([
        "Căn cứ Luật Tổ chức chính quyền",
        "địa phương ngày 19 tháng 6 năm 2015 và các văn bản hướng dẫn thi hành",
        "Luật này;",
        "Xét Tờ trình số 21/TTr-HĐND của Thường",
        "trực Hội đồng nhân dân tỉnh về chương trình hoạt động giám sát của Hội",
        "đồng nhân dân tỉnh năm sau;",
        "1. Hội đồng nhân dân tỉnh giám sát",
        "tại các kỳ họp thường lệ và chuyên đề theo quy định của Luật Hoạt động",
        "giám sát;",
        "Điều 2. Giao",
        "Thường trực Hội đồng nhân dân tỉnh tổ chức thực hiện Nghị quyết này.",
    ])
    doc = _read(text)
    assert "Điều 2. Giao Thường trực Hội đồng nhân dân tỉnh tổ chức" in doc.text
    assert "Căn cứ Luật Tổ chức chính quyền địa phương" in doc.text
    assert "Luật này;\nXét Tờ trình" in doc.text and "năm sau;\n1. Hội đồng" in doc.text


def test_a_wrapped_news_headline_stays_apart_from_its_body() -> None:
    body = ("Chiều 12/5, Đoàn giám sát của Thường trực HĐND tỉnh đã làm việc với UBND huyện Hải "
            "Lăng về việc thực hiện chính sách hỗ trợ nhà ở cho hộ nghèo trên địa bàn huyện.")
    text = "Giám sát chính sách hỗ trợ nhà ở cho hộ nghèo tại huyện Hải Lăng\n" + body + "\n" + body
    doc = _read(wrap(text, 60))
    first, rest = doc.text.split("\n", 1)
    assert first == "Giám sát chính sách hỗ trợ nhà ở cho hộ nghèo tại huyện Hải Lăng"
    assert rest.startswith("Chiều 12/5, Đoàn giám sát") and "Hải Lăng về việc" in rest


# ----------------------------------------------------------------------- page numbers


def test_page_number_lines_are_left_out_but_a_column_of_numbers_is_not() -> None:
    page = ["Nội dung của trang báo cáo, dòng thứ %d của trang." % i for i in range(6)]
    lines = page + ["- 2 -"] + page + ["3"] + page + ["4"] + page
    found = reflow.page_number_lines(lines)
    assert found == {6, 13, 20}
    cells = ["STT", "Đơn vị", "1", "Huyện A", "2", "Huyện B", "3", "Huyện C"]
    assert reflow.page_number_lines(cells) == set()
    ratio = page[:3] + ["5/23", "(2021)"] + page[3:]  # a ratio, a year wrapped onto lines of their own
    assert reflow.page_number_lines(ratio) == set()


def test_a_sentence_cut_by_a_page_number_reads_on() -> None:
    line = "Hội đồng nhân dân tỉnh đã xem xét báo cáo và ý kiến thảo luận, biểu quyết"
    text = "\n".join([line] * 5 + ["2", "", "của đại biểu Hội đồng nhân dân tỉnh tại kỳ họp."] + [line] * 5 + ["3"])
    doc = _read(text)
    assert "biểu quyết của đại biểu Hội đồng nhân dân tỉnh" in doc.text
    assert ("page-numbers", "2 line(s) holding only a page number left out of the text") in doc.warnings


# ----------------------------------------------------------------------- offsets


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([
    "Đoàn giám sát do đồng chí", "Lê Văn An", "- Ủy viên Ban Thường vụ", "BÁO CÁO", "ngày 09 tháng",
    "12 năm 2016;", "Số: 12/BC-HĐND", "a) Rà soát;", "của Hội", "đồng nhân dân tỉnh.", "", "  ",
]), min_size=1, max_size=25))
def test_a_join_only_exchanges_a_line_break_for_a_space(lines: list[str]) -> None:
    plain, reflowed = TextBuilder(), TextBuilder()
    raw = "\n".join(lines)
    a = plain.add(raw)
    b = reflowed.add(raw, reflow=W)
    if a is None:
        assert b is None
        return
    x, y = "".join(plain.parts), "".join(reflowed.parts)
    assert len(x) == len(y)
    changed = [i for i, (p, q) in enumerate(zip(x, y)) if p != q]
    assert changed == reflowed.line_breaks
    assert all(x[i] == "\n" and y[i] == " " for i in changed)


# ----------------------------------------------------------------------- the promise


def _fields(report) -> dict:
    """Everything a record says, spans included, with whitespace in its strings unified."""
    data = report.model_dump()
    for k in ("id", "source", "text", "warnings"):
        data.pop(k)

    def unify(o):
        if isinstance(o, dict):
            return {k: unify(v) for k, v in o.items()}
        if isinstance(o, list):
            return [unify(v) for v in o]
        return re.sub(r"\s+", " ", o) if isinstance(o, str) else o

    return unify(data)


def _docs() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


@pytest.mark.parametrize("path", _docs(), ids=lambda p: p.stem)
def test_the_own_corpus_wrapped_reads_as_its_clean_text(path: Path) -> None:
    """Wrapped at 60, 72 and 80 characters, every document gives its clean text's record, field
    by field, spans included (a join gives back exactly the space the wrap took)."""
    original = path.read_text(encoding="utf-8")
    clean = process_bytes(original.encode("utf-8"), name=path.name)
    expected = _fields(clean)
    for width in (60, 72, 80):
        wrapped = process_bytes(wrap(original, width).encode("utf-8"), name=path.name)
        got = _fields(wrapped)
        for field in expected:
            assert got[field] == expected[field], (path.name, width, field)


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/corpus/dev is not beside the checkout")
def test_the_shared_news_wrapped_reads_as_the_clean_text() -> None:
    for path in sorted(DEV.glob("*.txt")):
        original = path.read_text(encoding="utf-8")
        expected = _fields(process_bytes(original.encode("utf-8"), name=path.name))
        for width in (60, 72, 80):
            got = _fields(process_bytes(wrap(original, width).encode("utf-8"), name=path.name))
            assert got == expected, (path.name, width)


def test_line_breaks_point_at_the_spaces_that_were_breaks() -> None:
    original = (CORPUS / "bao-cao-giam-sat-dak-lak.txt").read_text(encoding="utf-8")
    doc = _read(wrap(original, 64))
    assert len(doc.line_breaks) > 50
    assert all(doc.text[i] == " " for i in doc.line_breaks)
    source_breaks = wrap(original, 64).count("\n") - original.count("\n")
    assert len(doc.line_breaks) >= source_breaks  # every wrap the exporter made is joined again
    report = process_bytes(wrap(original, 64).encode("utf-8"), name="r.txt")
    assert report.source.line_breaks == doc.line_breaks  # in the record, for a reviewer (giamsat show marks them)
    from extract.render import render_page

    page = render_page(report)
    marked = set(re.findall(r'data-hl="(h\d+)" data-kind="break"', page))
    assert len(marked) == len(doc.line_breaks)
    assert not any(code == "page-numbers" for code, _ in doc.warnings)  # no wrapped line is taken for one


def test_a_pdf_paragraph_a_page_break_cuts_is_one_paragraph_with_exact_pages() -> None:
    from extract.ingest import read_bytes
    from render import make_pdf

    first = ("Hội đồng nhân dân tỉnh đã xem xét báo cáo của Ủy ban nhân dân tỉnh về tình hình thực hiện "
             "nhiệm vụ năm 2023, báo cáo thẩm tra của các Ban và ý kiến thảo luận, biểu quyết của")
    second = "đại biểu Hội đồng nhân dân tỉnh tại kỳ họp ngày 12 tháng 7 năm 2024."
    data = make_pdf([["Điều 1. Thông qua báo cáo.", first], [second, "Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện."]])
    doc = read_bytes(data, name="nq.pdf")
    assert "biểu quyết của đại biểu Hội đồng nhân dân tỉnh" in doc.text
    block = next(b for b in doc.blocks if b.start <= doc.text.index("biểu quyết của") < b.end)
    assert doc.text.index("tại kỳ họp") < block.end  # one block across the page break
    assert doc.page_at(doc.text.index("năm 2023")) == 1 and doc.page_at(doc.text.index("ngày 12 tháng 7")) == 2
    report = process_bytes(data, name="nq.pdf")
    (date,) = [d for d in report.dates if d.value == "2024-07-12"]
    assert date.span.page == 2
    # a paragraph that ends its page with a full stop does not run into the next page's article
    assert "Điều 2." in doc.text and doc.text[doc.text.index("Điều 2.") - 2:doc.text.index("Điều 2.")] == "\n\n"
