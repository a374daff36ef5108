"""Recommendations and supervision on sentences written for these tests."""

from __future__ import annotations

import pytest

from extract.registry import run_one


def recs(text: str) -> list[tuple[str, str | None, str | None]]:
    out = run_one("recommendations", text)
    for r in out:
        assert text[r.span.start:r.span.end] == r.text
        if r.addressee_span:
            assert text[r.addressee_span.start:r.addressee_span.end] == r.addressee
    return [(r.text, r.by, r.addressee) for r in out]


def test_request_with_addressee_and_speaker():
    text = ("Phát biểu kết luận, Phó Chủ tịch HĐND tỉnh Nguyễn Văn Long đề nghị UBND huyện Kỳ Anh "
            "khẩn trương hoàn thành việc số hóa hồ sơ đất đai trước tháng 12.")
    assert recs(text) == [
        ("khẩn trương hoàn thành việc số hóa hồ sơ đất đai trước tháng 12", "Nguyễn Văn Long", "UBND huyện Kỳ Anh")
    ]


def test_list_after_lead_in_gives_one_entry_per_item_and_pronoun_speaker():
    text = ("Trưởng Ban Pháp chế HĐND tỉnh Trần Minh Đức ghi nhận kết quả đạt được. "
            "Đồng chí đề nghị UBND thị xã Hồng Lĩnh tập trung khắc phục, cụ thể là: "
            "Rà soát toàn bộ hồ sơ tồn đọng. Cần công khai quy trình giải quyết tại bộ phận một cửa. "
            "Tăng cường kiểm tra công vụ; xử lý nghiêm cán bộ gây phiền hà.")
    got = recs(text)
    assert [t for t, _, _ in got] == [
        "Rà soát toàn bộ hồ sơ tồn đọng",
        "công khai quy trình giải quyết tại bộ phận một cửa",
        "Tăng cường kiểm tra công vụ",
        "xử lý nghiêm cán bộ gây phiền hà",
    ]
    assert {(b, a) for _, b, a in got} == {("Trần Minh Đức", "UBND thị xã Hồng Lĩnh")}


def test_plural_addressee_before_can():
    text = ("Bộ trưởng Bộ Nội vụ Phan Thanh Hải nhấn mạnh, các bộ, ngành, địa phương cần "
            "tiếp tục rà soát quy trình nội bộ và công khai kết quả giải quyết hồ sơ.")
    got = recs(text)
    assert got[0] == ("tiếp tục rà soát quy trình nội bộ", "Phan Thanh Hải", "các bộ, ngành, địa phương")
    assert got[1][0] == "công khai kết quả giải quyết hồ sơ"


def test_body_as_requester():
    text = "Huyện Cẩm Xuyên kiến nghị tỉnh bố trí thêm kinh phí cho các xã miền núi."
    assert recs(text) == [("bố trí thêm kinh phí cho các xã miền núi", "Huyện Cẩm Xuyên", "tỉnh")]


@pytest.mark.parametrize("text", [
    "Theo đề nghị của Sở Nội vụ, UBND tỉnh đã ban hành quyết định.",  # noun: "theo đề nghị"
    "Đội ngũ cán bộ đáp ứng yêu cầu nhiệm vụ được giao.",  # noun: "đáp ứng yêu cầu"
    "Người dân chỉ cần đến bộ phận một cửa để nhận kết quả.",  # "cần" with no one asking
    "Cán bộ tiếp nhận hồ sơ và giao giấy hẹn cho công dân.",  # "giao" = hand over
    "Các đơn vị đã thực hiện tốt giao dịch điện tử với người dân.",  # "giao dịch" is one word
    "Có nên đề nghị tỉnh hỗ trợ thêm không?",  # a question
])
def test_not_recommendations(text):
    assert recs(text) == []


def test_formal_report_groups_by_addressee():
    text = ("III. KIẾN NGHỊ\n"
            "1. Đối với UBND tỉnh:\n"
            "- Chỉ đạo các sở, ngành rà soát, đơn giản hóa thủ tục hành chính.\n"
            "- Bố trí kinh phí nâng cấp phần mềm một cửa điện tử.\n"
            "2. Đối với UBND các huyện:\n"
            "- Kiện toàn đội ngũ công chức làm việc tại bộ phận một cửa.")
    got = recs(text)
    assert [(t, a) for t, _, a in got] == [
        ("Chỉ đạo các sở, ngành rà soát, đơn giản hóa thủ tục hành chính", "UBND tỉnh"),
        ("Bố trí kinh phí nâng cấp phần mềm một cửa điện tử", "UBND tỉnh"),
        ("Kiện toàn đội ngũ công chức làm việc tại bộ phận một cửa", "UBND các huyện"),
    ]


def test_supervision_of_a_visit():
    text = ("Sáng 15/3, Đoàn giám sát của Ban Kinh tế - Ngân sách HĐND tỉnh đã giám sát tại huyện "
            "Nghi Lộc về việc thực hiện chính sách hỗ trợ doanh nghiệp nhỏ và vừa giai đoạn 2019 - 2023.")
    sup = run_one("supervision", text)
    assert sup.body.text == "Ban Kinh tế - Ngân sách HĐND tỉnh"
    assert sup.target.text == "huyện Nghi Lộc"
    assert sup.topic.text == "thực hiện chính sách hỗ trợ doanh nghiệp nhỏ và vừa"
    assert sup.period.value == "2019/2023"
    for part in (sup.body, sup.target, sup.topic, sup.period):
        assert text[part.span.start:part.span.end] == part.text


def test_no_supervision_in_unrelated_text():
    sup = run_one("supervision", "Thời tiết hôm nay nắng nhẹ, nhiệt độ cao nhất 32 độ.")
    assert sup.body is None and sup.target is None and sup.topic is None and sup.period is None
