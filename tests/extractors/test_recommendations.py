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
    assert sup.body.text == "Đoàn giám sát của Ban Kinh tế - Ngân sách HĐND tỉnh"  # the fullest form (ANNOTATION.md)
    assert sup.target.text == "huyện Nghi Lộc"
    assert sup.topic.text == "thực hiện chính sách hỗ trợ doanh nghiệp nhỏ và vừa"
    assert sup.period.value == "2019/2023"
    for part in (sup.body, sup.target, sup.topic, sup.period):
        assert text[part.span.start:part.span.end] == part.text


def test_no_supervision_in_unrelated_text():
    sup = run_one("supervision", "Thời tiết hôm nay nắng nhẹ, nhiệt độ cao nhất 32 độ.")
    assert sup.body is None and sup.target is None and sup.topic is None and sup.period is None


# ----------------------------------------------------------------------- shapes of issue 14


def test_a_request_runs_on_past_its_sentence() -> None:
    text = ("Chủ tịch UBND tỉnh Hồ Văn Lâm yêu cầu Sở Xây dựng rà soát các dự án chậm tiến độ. "
            "Các huyện báo cáo kết quả trước ngày 15/9. Đồng thời, công khai danh sách chủ đầu tư vi phạm.")
    got = recs(text)
    assert [t for t, _, _ in got] == ["rà soát các dự án chậm tiến độ", "báo cáo kết quả trước ngày 15/9",
                                      "công khai danh sách chủ đầu tư vi phạm"]
    assert {b for _, b, _ in got} == {"Hồ Văn Lâm"}
    assert got[0][2] == "Sở Xây dựng"


def test_a_request_closes_at_a_statement_a_report_or_a_new_paragraph() -> None:
    text = ("Phó Chủ tịch UBND tỉnh Lê Văn Tâm đề nghị huyện Hải Lăng sớm hoàn thành việc giải phóng mặt bằng. "
            "Năm 2023, huyện đã giải ngân 85% kế hoạch vốn.\n\n"
            "Tham dự buổi làm việc có lãnh đạo các sở, ngành của tỉnh.")
    assert [t for t, _, _ in recs(text)] == ["hoàn thành việc giải phóng mặt bằng"]  # "sớm" is of the lead-in
    reported = ("Bí thư Tỉnh ủy Trần Văn Quang yêu cầu các huyện rà soát quỹ đất tái định cư. "
                "Giám đốc Sở Tài chính Nguyễn Văn Hải cho biết, tỉnh đã bố trí 200 tỷ đồng.")
    assert len(recs(reported)) == 1


def test_a_speech_goes_on_across_paragraphs_with_a_modal_or_an_order() -> None:
    text = ("Tổng Bí thư Lê Minh Quang yêu cầu phải xác định quyết tâm chính trị cao nhất. "
            "Các cấp ủy, tổ chức đảng, người đứng đầu các cấp phải sâu sát, quyết liệt trong chỉ đạo.\n\n"
            "Đối với công tác cán bộ, các địa phương cần rà soát lại quy hoạch cán bộ.\n\n"
            "Triển khai các công việc trên tinh thần khẩn trương, bài bản.")
    got = recs(text)
    texts = [t for t, _, _ in got]
    assert "sâu sát, quyết liệt trong chỉ đạo" in texts
    assert "rà soát lại quy hoạch cán bộ" in texts
    assert "Triển khai các công việc trên tinh thần khẩn trương, bài bản" in texts
    assert {b for _, b, _ in got} == {"Lê Minh Quang"}
    assert dict((t, a) for t, _, a in got)["rà soát lại quy hoạch cán bộ"] == "các địa phương"


def test_a_passive_after_a_modal_keeps_its_subject() -> None:
    text = ("Thủ tướng Phạm Văn Sơn yêu cầu tăng cường kỷ luật, kỷ cương. "
            "Các quy trình lấy ý kiến nhân dân phải được thực hiện đúng quy định.")
    assert recs(text)[1] == ("Các quy trình lấy ý kiến nhân dân phải được thực hiện đúng quy định", "Phạm Văn Sơn", None)


def test_speech_whose_speaker_is_elsewhere() -> None:
    text = ("Chủ tịch UBND huyện Lò Văn Tâm dự buổi đối thoại. "
            "“Quỹ đất tái định cư phải bố trí trước khi thu hồi đất” – ông Lò Văn Tâm nói.")
    assert recs(text) == [("bố trí trước khi thu hồi đất", "Lò Văn Tâm", None)]
    text = ("Phó Giám đốc Sở Nông nghiệp Vi Thị Hòa dự hội nghị. "
            "Theo bà Vi Thị Hòa, cần đánh giá lại quy hoạch vùng nguyên liệu.")
    assert recs(text) == [("đánh giá lại quy hoạch vùng nguyên liệu", "Vi Thị Hòa", None)]
    assert recs("Theo quy định, hồ sơ phải nộp trước 30 ngày.") == []


def test_a_place_that_asks() -> None:
    text = "Dịp này, huyện Vân Sơn đề nghị tỉnh hỗ trợ kêu gọi các nhà đầu tư vào cụm công nghiệp."
    assert recs(text) == [("hỗ trợ kêu gọi các nhà đầu tư vào cụm công nghiệp", "huyện Vân Sơn", "tỉnh")]


@pytest.mark.parametrize("text", [
    "Trong năm, 60 vấn đề được kiến nghị đã được các cơ quan giải quyết.",  # passive
    "Về yêu cầu của cử tri xã Tân Lập, Sở Giao thông đã trả lời bằng văn bản.",  # a noun
    "Ban Dân tộc đã gửi kiến nghị đến UBND tỉnh từ tháng 3.",  # the request as a thing sent
    "Theo Luật, người dân có quyền yêu cầu cơ quan cung cấp thông tin.",  # a right
    "Cơ quan có thể yêu cầu bổ sung hồ sơ khi cần thiết.",  # a possibility
    "Hồ sơ đề nghị hỗ trợ được giải quyết trong 5 ngày làm việc.",  # a document that asks
    "Đã tiếp nhận 19 đơn thư (khiếu nại: 4; kiến nghị, phản ánh: 14).",  # a label with its count
    "Phát biểu chỉ đạo, Chủ tịch UBND tỉnh Lê Văn Hải ghi nhận kết quả của huyện.",  # a directive speech, no request
])
def test_not_requests_of_issue_14(text: str) -> None:
    assert recs(text) == []


def test_new_cues() -> None:
    assert recs("Bộ trưởng Lê Thành Công khuyến khích các doanh nghiệp đầu tư vào vùng khó khăn.") == [
        ("đầu tư vào vùng khó khăn", "Lê Thành Công", "các doanh nghiệp")]
    assert recs("Chủ tịch Ủy ban MTTQ tỉnh Hà Thị Lan kêu gọi các tổ chức, cá nhân ủng hộ đồng bào vùng lũ.")[0][0] == \
        "ủng hộ đồng bào vùng lũ"


def test_a_request_split_at_a_continuation_word_inside_its_sentence() -> None:
    text = ("Chủ tịch UBND tỉnh Lê Văn Hải yêu cầu địa phương rà soát lại số lao động trên địa bàn, "
            "từ đó đặt hàng đào tạo lao động cho doanh nghiệp.")
    assert [t for t, _, _ in recs(text)] == ["rà soát lại số lao động trên địa bàn",
                                             "đặt hàng đào tạo lao động cho doanh nghiệp"]


RESOLUTION = """HỘI ĐỒNG NHÂN DÂN
TỈNH QUẢNG TRỊ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 21/NQ-HĐND
Quảng Trị, ngày 10 tháng 7 năm 2024

NGHỊ QUYẾT
Về kết quả giám sát việc quản lý đất đai trên địa bàn tỉnh
HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG TRỊ
KHÓA VIII, KỲ HỌP THỨ 25
Căn cứ Luật Hoạt động giám sát của Quốc hội và Hội đồng nhân dân; xét đề nghị của Thường trực Hội đồng nhân dân tỉnh;

QUYẾT NGHỊ:
Điều 1. Tán thành Báo cáo kết quả giám sát của Đoàn giám sát.
Điều 2. Hội đồng nhân dân tỉnh yêu cầu Ủy ban nhân dân tỉnh tập trung thực hiện một số nhiệm vụ sau:
1. Chỉ đạo Sở Tài nguyên và Môi trường:
a) Rà soát toàn bộ các dự án chậm đưa đất vào sử dụng;
b) Công khai danh sách các tổ chức vi phạm trên cổng thông tin điện tử.
2. Bố trí kinh phí đo đạc, lập hồ sơ địa chính cho các xã miền núi.
Điều 3. Tổ chức thực hiện
1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết.
2. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở chịu trách nhiệm thi hành Nghị quyết này.
"""


def test_a_resolution_asks_by_its_council_item_by_item() -> None:
    from extract.pipeline import process_bytes

    report = process_bytes(RESOLUTION.encode("utf-8"), name="nq.txt")
    got = [(r.text, r.by, r.addressee) for r in report.recommendations]
    council = "HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG TRỊ"  # the enacting line, where a request names nobody
    said = "Hội đồng nhân dân tỉnh"  # where the article says who asks
    assert ("Rà soát toàn bộ các dự án chậm đưa đất vào sử dụng", said, "Sở Tài nguyên và Môi trường") in got
    assert ("Công khai danh sách các tổ chức vi phạm trên cổng thông tin điện tử", said,
            "Sở Tài nguyên và Môi trường") in got
    assert ("Bố trí kinh phí đo đạc, lập hồ sơ địa chính cho các xã miền núi", said, "Ủy ban nhân dân tỉnh") in got
    assert ("tổ chức thực hiện Nghị quyết", council, "Ủy ban nhân dân tỉnh") in got
    assert ("chịu trách nhiệm thi hành Nghị quyết này", council,
            "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở") in got
    assert not any("Luật Hoạt động giám sát" in t or "Tán thành" in t for t, _, _ in got)  # the basis, a statement


def test_a_plans_requirements_are_requests_of_no_one_in_particular() -> None:
    text = ("UBND HUYỆN CAM LỘ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 12/KH-UBND\nCam Lộ, ngày 02 tháng 3 năm 2024\n\nKẾ HOẠCH\nKiểm tra công tác cải cách hành chính năm 2024\n\n"
            "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nĐánh giá đúng thực trạng công tác cải cách hành chính.\n2. Yêu cầu\n"
            "a) Việc kiểm tra phải bảo đảm khách quan, đúng quy định;\nb) Không gây trở ngại đến hoạt động của đơn vị.\n"
            "II. TỔ CHỨC THỰC HIỆN\n1. Phòng Nội vụ:\na) Làm đầu mối tổ chức các đoàn kiểm tra;\n"
            "b) Tổng hợp kết quả, báo cáo UBND huyện.\n")
    from extract.pipeline import process_bytes

    got = [(r.text, r.by, r.addressee) for r in process_bytes(text.encode("utf-8"), name="kh.txt").recommendations]
    assert ("Việc kiểm tra phải bảo đảm khách quan, đúng quy định", "UBND HUYỆN CAM LỘ", None) in got
    assert ("Làm đầu mối tổ chức các đoàn kiểm tra", "UBND HUYỆN CAM LỘ", "Phòng Nội vụ") in got
    assert not any(t.startswith("Đánh giá đúng thực trạng") for t, _, _ in got)  # a purpose, not a request


def test_cues_the_rules_blocked() -> None:
    assert recs("Sở Tài chính đề xuất không tăng phí dịch vụ công trực tuyến trong năm 2025.") == [
        ("không tăng phí dịch vụ công trực tuyến trong năm 2025", "Sở Tài chính", None)]
    assert recs("Đại biểu Lê Văn Hòa đề nghị có giải pháp tháo gỡ vướng mắc về mặt bằng.")[0][0] == \
        "có giải pháp tháo gỡ vướng mắc về mặt bằng"  # "có giải pháp" is the action, not "có" a statement
    assert recs("Chỉ thị của Ban Thường vụ Tỉnh ủy nêu rõ, tăng cường kiểm tra việc thực hiện kết luận giám sát.")[0][0] == \
        "tăng cường kiểm tra việc thực hiện kết luận giám sát"
    got = recs("Bí thư Tỉnh ủy Hoàng Văn Nam quán triệt các cấp ủy phải thực hiện nghiêm kỷ luật phát ngôn.")
    assert got == [("thực hiện nghiêm kỷ luật phát ngôn", "Hoàng Văn Nam", "các cấp ủy")]


def test_a_request_in_the_headline_and_the_body_is_one_entry() -> None:
    text = ("Chủ tịch UBND tỉnh yêu cầu đẩy nhanh tiến độ giải ngân vốn đầu tư công\n"
            "Sáng 12/5, Chủ tịch UBND tỉnh Trần Văn Bình làm việc với các sở, ngành.\n"
            "Tại buổi làm việc, Chủ tịch UBND tỉnh Trần Văn Bình yêu cầu các sở, ngành đẩy nhanh tiến độ giải ngân "
            "vốn đầu tư công trong quý III.")
    assert len(recs(text)) == 1


def test_the_speakers_tag_and_a_bracketed_aside_are_not_the_action() -> None:
    text = ("“Các địa phương phải bố trí quỹ đất tái định cư trước khi thu hồi đất” – ông Nguyễn Văn Tâm, "
            "Phó Chủ tịch UBND tỉnh nói.")
    text = ("Phó Chủ tịch UBND tỉnh Nguyễn Văn Tâm đề nghị huyện rà soát lại danh sách hộ nghèo "
            "(trong đó có 5 xã miền núi).")
    assert recs(text)[0][0] == "rà soát lại danh sách hộ nghèo"


def test_the_speaker_goes_on_in_a_sentence_that_names_nobody() -> None:
    text = ("Bộ trưởng Bộ Xây dựng Trần Văn Hùng yêu cầu các địa phương rà soát quy hoạch. "
            "Đồng thời, yêu cầu chủ đầu tư báo cáo tiến độ hằng tháng.")
    got = recs(text)
    assert [b for _, b, _ in got] == ["Trần Văn Hùng", "Trần Văn Hùng"]


def test_people_who_ask_without_a_title() -> None:
    assert recs("Tại buổi đối thoại, ông Chí đề nghị xã sớm sửa đường vào thôn.")[0][1] == "Chí"
    assert recs("Nhiều đại biểu đề nghị tăng mức hỗ trợ cho giáo viên vùng khó.")[0][1] == "Nhiều đại biểu"


def test_no_function_word_is_an_addressee_nor_a_lone_word_a_speaker() -> None:
    for _, by, to in recs("Tỉnh đề nghị Trung ương hỗ trợ vốn. Bộ yêu cầu Theo dõi sát tình hình."):
        assert by not in ("Tỉnh", "Bộ") and to != "Theo"


def test_a_quote_keeps_its_attribution_out() -> None:
    text = ("Ủy ban Kiểm tra Trung ương yêu cầu “các cấp ủy phải xử lý nghiêm cán bộ vi phạm” – văn bản nêu.")
    assert recs(text)[0][0] == "các cấp ủy phải xử lý nghiêm cán bộ vi phạm"


def test_a_rule_of_a_normative_text_is_no_request() -> None:
    text = ("Trường hợp nhà, đất chưa được phê duyệt phương án sắp xếp, cơ quan tiếp nhận nhà, đất "
            "có trách nhiệm kê khai, báo cáo theo quy định.")
    assert recs(text) == []


def test_an_addressee_ends_on_a_words_edge() -> None:
    got = recs("Chủ tịch nước Nguyễn Văn Thành mong muốn đồng bào các dân tộc luôn đoàn kết, phấn đấu vươn lên.")
    assert got and not got[0][0].startswith("bào")


def test_a_subject_a_few_adverbs_before_the_cue_asks() -> None:
    text = "Khu vực này có thể còn hài cốt liệt sĩ nên Bộ Tư lệnh Quân khu 7 đã đề nghị tạm ngưng thi công."
    assert recs(text)[0][1] == "Bộ Tư lệnh Quân khu 7"


def test_a_subject_that_means_the_official_named_before_is_who_asks():
    """"Người đứng đầu chính quyền tỉnh cũng yêu cầu …": no name, but the official the text named."""
    text = ("Chủ tịch UBND tỉnh Lê Văn Thành làm việc với huyện Phù Mỹ về tình hình kinh tế. "
            "Người đứng đầu chính quyền tỉnh cũng yêu cầu huyện Phù Mỹ khẩn trương bàn giao mặt bằng cho nhà đầu tư.")
    assert recs(text) == [("khẩn trương bàn giao mặt bằng cho nhà đầu tư", "Lê Văn Thành", "huyện Phù Mỹ")]
    many = ("Chủ tịch UBND tỉnh Lê Văn Thành dự hội nghị. "
            "Người đứng đầu các sở, ngành đề nghị tỉnh sớm ban hành quy chế phối hợp.")
    assert [by for _, by, _ in recs(many)] != ["Lê Văn Thành"]  # heads of many bodies: not the one named


def test_a_second_predicate_asks_for_the_sentence_subject_not_a_noun_between():
    """"X cũng đánh giá cao … các hộ dân …; đồng thời đề nghị …": X asks, not "các hộ dân"."""
    for joiner in ("; đồng thời", ", đồng thời", ", và"):
        text = ("Các chuyên gia của tổ chức JICA cũng đánh giá cao việc tỉnh hỗ trợ các hộ dân bị ảnh hưởng"
                f"{joiner} đề nghị tỉnh hoàn thành công tác giải phóng mặt bằng trong quý III.")
        assert recs(text) == [("hoàn thành công tác giải phóng mặt bằng trong quý III", "Các chuyên gia của tổ chức JICA", "tỉnh")], joiner
    body = ("UBND huyện Tuy Phước đã báo cáo kết quả thu ngân sách của các xã, đồng thời đề nghị tỉnh "
            "bổ sung kinh phí làm đường.")
    assert [by for _, by, _ in recs(body)] == ["UBND huyện Tuy Phước"]


def test_a_cue_after_truoc_is_a_noun():
    """"Trước yêu cầu …" is "faced with the demand …", not a request."""
    text = ("Trước yêu cầu ngày càng cao của người dân, huyện đã mở thêm quầy tiếp nhận hồ sơ. "
            "Trưởng ban Nguyễn Văn An đề nghị huyện công khai thời gian giải quyết hồ sơ.")
    assert [t for t, _, _ in recs(text)] == ["công khai thời gian giải quyết hồ sơ"]


def _asked_by(text: str) -> list[tuple[str, str | None]]:
    from extract.pipeline import process_bytes

    report = process_bytes(text.encode("utf-8"), "nghi-quyet.txt")
    for r in report.recommendations:
        if r.by_span:
            assert report.text[r.by_span.start:r.by_span.end] == r.by
    return [(r.text, r.by) for r in report.recommendations]


def test_a_resolution_without_its_header_is_asked_by_its_enacting_line():
    """A legal-database export that lost the header table: the enacting formula ("QUYẾT NGHỊ:") still
    makes it a directive, and the line in capitals above the preamble is who asks, in its running-text form."""
    text = ("NGHỊ QUYẾT\nVỀ CHƯƠNG TRÌNH GIÁM SÁT NĂM 2026 CỦA HỘI ĐỒNG NHÂN DÂN TỈNH LAI CHÂU\n"
            "HỘI ĐỒNG NHÂN DÂN TỈNH LAI CHÂU\nKHÓA XV, KỲ HỌP THỨ 9\n"
            "Căn cứ Luật Hoạt động giám sát của Quốc hội và Hội đồng nhân dân ngày 20 tháng 11 năm 2015;\n"
            "Xét Tờ trình số 12/TTr-HĐND của Thường trực Hội đồng nhân dân tỉnh Lai Châu;\n"
            "QUYẾT NGHỊ:\n"
            "Điều 1. Hội đồng nhân dân tỉnh giám sát việc quản lý đất đai trên địa bàn tỉnh.\n"
            "Điều 2. Giao Thường trực Hội đồng nhân dân tỉnh ban hành kế hoạch giám sát.\n"
            "Nghị quyết này đã được Hội đồng nhân dân tỉnh Lai Châu khóa XV thông qua ngày 10 tháng 7 năm 2025.\n")
    assert _asked_by(text) == [("ban hành kế hoạch giám sát", "Hội đồng nhân dân tỉnh Lai Châu")]


def test_the_enacting_line_is_the_last_capital_line_before_the_preamble():
    """A title wrapped onto a line that starts like an authority ("BAN CHỈ ĐẠO …") is not who asks."""
    text = ("ỦY BAN NHÂN DÂN\nTỈNH BÌNH ĐỊNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 15/QĐ-UBND\nBình Định, ngày 3 tháng 3 năm 2026\n"
            "QUYẾT ĐỊNH\nVỀ VIỆC KIỆN TOÀN\nBAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH TỈNH\n"
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH\n"
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
            "QUYẾT ĐỊNH:\n"
            "Điều 1. Kiện toàn Ban Chỉ đạo cải cách hành chính tỉnh.\n"
            "Điều 2. Giao Sở Nội vụ theo dõi, tổng hợp kết quả thực hiện.\n")
    assert [by for _, by in _asked_by(text)] == ["CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH"]


def test_an_ocr_misread_authority_line_takes_the_spelling_most_of_the_text_shares():
    """OCR drops and moves marks on capitals ("TRƯỜNG BAN CHÍ ĐẠO"): the same words in running text, as
    most of their copies are spelt, are who asks."""
    text = ("QUYẾT ĐỊNH\nBan hành Kế hoạch kiểm tra năm 2026\n"
            "TRƯỜNG BAN CHÍ ĐẠO CẢI CÁCH HÀNH CHÍNH TỈNH\n"
            "Căn cứ Quyết định số 3/QĐ-UBND về việc kiện toàn Ban Chỉ đạo cải cách hành chính tỉnh;\n"
            "QUYẾT ĐỊNH:\n"
            "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch kiểm tra.\n"
            "Điều 2. Giao Sở Nội vụ chủ trì tổ chức kiểm tra theo Kế hoạch.\n"
            "(Ban hành kèm theo Quyết định của Trưởng Ban Chỉ đạo cải cách hành chính tỉnh)\n"
            "Kế hoạch do Trưởng Ban Chỉ đạo cải cách hành chỉnh tỉnh ban hành.\n"
            "Báo cáo gửi Trưởng Ban Chỉ đạo cải cách hành chính tỉnh trước ngày 15/12.\n")
    assert [by for _, by in _asked_by(text)][:1] == ["Trưởng Ban Chỉ đạo cải cách hành chính tỉnh"]


@pytest.mark.parametrize("text, addressee, action", [
    # where a body sits, in lower case inside its name, then the rest of its name
    ("Cảng vụ đã có văn bản trao đổi, đề nghị Đồn Công an sân bay quốc tế Tân Sơn Nhất xem xét tiếp nhận vụ việc.",
     "Đồn Công an sân bay quốc tế Tân Sơn Nhất", "xem xét tiếp nhận vụ việc"),
    ("Cục Hải quan tỉnh giao Chi cục Hải quan cửa khẩu cảng Nghi Sơn theo dõi hàng nhập khẩu.",
     "Chi cục Hải quan cửa khẩu cảng Nghi Sơn", "theo dõi hàng nhập khẩu"),
    # a person named with an honorific
    ("Chủ tịch UBND huyện Trần Văn Hòa yêu cầu ông Lê Văn Tám tháo dỡ công trình xây dựng trái phép.",
     "ông Lê Văn Tám", "tháo dỡ công trình xây dựng trái phép"),
    # a group word, then the name it takes
    ("Các nước đã kêu gọi chính phủ Myanmar mở hành lang nhân đạo cho người dân.",
     "chính phủ Myanmar", "mở hành lang nhân đạo cho người dân"),
    # group words, then a modal before the action
    ("Bộ trưởng Nguyễn Văn Hùng đề nghị lãnh đạo địa phương phải bảo vệ rừng đầu nguồn.",
     "lãnh đạo địa phương", "bảo vệ rừng đầu nguồn"),
    # " - " between two capitalised parts of one name
    ("Đoàn ĐBQH tỉnh kiến nghị Bộ Lao động - Thương binh và Xã hội nghiên cứu sửa đổi quy định về hưởng BHXH một lần.",
     "Bộ Lao động - Thương binh và Xã hội", "nghiên cứu sửa đổi quy định về hưởng BHXH một lần"),
], ids=["airport", "border-port", "honorific", "group-word-and-name", "modal", "dash-joined"])
def test_the_addressee_is_the_whole_name_before_the_action(text, addressee, action):
    assert [(t, a) for t, _, a in recs(text)] == [(action, addressee)]


def test_a_place_word_after_a_body_does_not_swallow_an_action():
    """The name goes on past where a body sits only into a capitalised name: "bệnh viện tuyến huyện" is not one."""
    got = recs("Giám đốc Sở Y tế Lê Văn An yêu cầu Phòng Y tế huyện bố trí đủ nhân lực cho bệnh viện tuyến huyện.")
    assert [(t, a) for t, _, a in got] == [("bố trí đủ nhân lực cho bệnh viện tuyến huyện", "Phòng Y tế huyện")]


@pytest.mark.parametrize("text, by", [
    # the speaker named after the quotation closes, several sentences on
    ("“Chúng tôi đã làm việc với ngư dân. Chúng tôi đề nghị cơ quan công an điều tra làm rõ vụ việc. "
     "Đây là việc cần làm ngay” – Giám đốc Sở Nông nghiệp Trần Văn Tân nói.", "Trần Văn Tân"),
    # a person the text names with an honorific only
    ("“Tình hình đã ổn định. Đề nghị xã rà soát lại danh sách hộ nghèo trước ngày 15/9”, ông Hòa nhấn mạnh.", "Hòa"),
    # the speaker named before it opens, a straight quotation closed curly
    ('Chủ tịch Hiệp hội Y tế tư nhân Nguyễn Văn Đệ đề xuất: "Số liệu nên do một bên độc lập công bố. Việc công bố '
     'phải nêu rõ tên cơ sở vi phạm, không thể “vơ đũa cả nắm”. Cơ sở nào sai thì không thanh toán”.', "Nguyễn Văn Đệ"),
], ids=["named-after", "honorific-after", "named-before"])
def test_a_request_inside_a_quotation_of_several_sentences_is_its_speakers(text, by):
    assert [b for _, b, _ in recs(text)][-1:] == [by]


@pytest.mark.parametrize("text", [
    "Huyện chỉ giải quyết tách thửa cho đất ở thuộc quy hoạch khu dân cư như đề xuất tại dự thảo thay thế Quyết định 33.",
    "Các hoạt động diễu hành như những lời kêu gọi thiết thực về bảo vệ môi trường biển, đảo.",
    "Chính phủ nên có chính sách khuyến khích các doanh nghiệp đầu tư vào y tế.",
    "Tỉnh giảm lãi vay để khuyến khích các doanh nghiệp tiếp cận nguồn vốn.",
    "Năm nay có 17 giải Khuyến khích thuộc các lĩnh vực công nghệ ưu tiên.",
    "Lĩnh vực điện được ưu tiên khuyến khích đầu tư bởi nhu cầu điện còn lớn.",
], ids=["as-proposed", "calls-as-noun", "a-policy", "a-purpose", "a-prize", "a-priority"])
def test_a_cue_after_these_words_asks_nothing(text: str) -> None:
    """"như đề xuất", "lời kêu gọi": the cue is a noun; "chính sách / để / nhằm khuyến khích": a policy or a purpose."""
    assert recs(text) == []


@pytest.mark.parametrize("second, addressee", [
    ("Theo quy định của Luật Người khuyết tật, Ban soạn thảo cần rà soát lại cho phù hợp.", "Ban soạn thảo"),
    ("Trong quá trình thực hiện, các xã phải báo cáo kết quả hằng tháng.", "các xã"),
    ("Công ty này cũng phải hoàn thiện hồ sơ môi trường.", "Công ty này"),
], ids=["adverbial-then-subject", "adverbial-then-group", "adverb-after-subject"])
def test_the_subject_of_a_request_going_on_is_whom_without_its_adverbials(second, addressee):
    """"Theo …, Ban soạn thảo cần …": not the adverbial, and not "Ban" alone."""
    text = "Đại biểu Nguyễn Văn Tạo đề nghị bổ sung đối tượng được trợ giúp pháp lý. " + second
    assert [a for _, _, a in recs(text)][-1] == addressee


@pytest.mark.parametrize("text, addressee", [
    ("Thủ tướng Nguyễn Văn Hùng đề nghị các cơ quan, tổ chức liên quan cần khẩn trương rà soát hồ sơ.",
     "các cơ quan, tổ chức liên quan"),
    ("Bộ trưởng Nguyễn Văn Thể yêu cầu các đơn vị trực thuộc kiểm tra toàn bộ cầu yếu.", "các đơn vị trực thuộc"),
], ids=["related", "subordinate"])
def test_an_addressee_ends_with_its_lower_case_tail(text, addressee):
    """"các đơn vị | trực thuộc": the tail is the addressee's, not the action's."""
    assert [a for _, _, a in recs(text)] == [addressee]


def test_a_committee_that_asks_is_not_a_steering_committee():
    """"Ban Chỉ đạo" is a name; "Ban đề nghị …" is a committee asking (a council committee's report)."""
    got = recs("Qua giám sát, Ban đề nghị Ủy ban nhân dân tỉnh chỉ đạo các sở, ngành rà soát lại quy hoạch.")
    assert ("Ủy ban nhân dân tỉnh" in [a for _, _, a in got])
    assert recs("Ban Chỉ đạo cải cách hành chính tỉnh họp phiên thường kỳ quý III.") == []


def test_a_group_that_asks_in_a_second_predicate():
    got = recs("Các cử tri phản ánh tình trạng ô nhiễm, đồng thời đề nghị Ủy ban nhân dân tỉnh sớm kiểm tra "
               "các cơ sở sản xuất.")
    assert [(b, a) for _, b, a in got] == [("Các cử tri", "Ủy ban nhân dân tỉnh")]


def test_a_person_addressed_by_honorific_is_only_their_name():
    """The tokenizer may glue the verb to a name ("Vân mở"): the addressee stops at the name."""
    got = recs("Chủ tịch UBND huyện Trần Văn Hòa yêu cầu bà Vân mở cửa hàng đúng giờ quy định.")
    assert [(t, a) for t, _, a in got] == [("mở cửa hàng đúng giờ quy định", "bà Vân")]


def test_a_report_quoting_a_resolution_is_not_a_directive():
    """A report (its header says so) that quotes "QUYẾT NGHỊ:" does not ask in its issuer's name."""
    text = ("ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 45/BC-UBND\nHà Tĩnh, ngày 5 tháng 3 năm 2024\n\nBÁO CÁO\nKết quả giải quyết kiến nghị cử tri\n\n"
            "Cử tri huyện Kỳ Anh phản ánh tình trạng ô nhiễm môi trường. Đề nghị tăng cường kiểm tra các cơ sở "
            "sản xuất trên địa bàn.\n\nNghị quyết số 10 của Hội đồng nhân dân tỉnh đã nêu:\nQUYẾT NGHỊ:\n"
            "Điều 1. Thông qua kế hoạch.\n")
    assert [by for _, by in _asked_by(text)] == [None]


@pytest.mark.parametrize("text, addressee, action", [
    # bodies listed with ";", "và", "của" and "các": one addressee, as a council's resolution closes
    ("Giao Thường trực Hội đồng nhân dân huyện; các Ban của Hội đồng nhân dân huyện và các Tổ đại biểu, đại biểu "
     "Hội đồng nhân dân huyện giám sát việc thực hiện Nghị quyết.",
     "Thường trực Hội đồng nhân dân huyện; các Ban của Hội đồng nhân dân huyện và các Tổ đại biểu, đại biểu Hội đồng "
     "nhân dân huyện", "giám sát việc thực hiện Nghị quyết"),
    ("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện và các tổ chức chính trị - xã hội phối hợp tuyên truyền.",
     "Ủy ban Mặt trận Tổ quốc Việt Nam huyện và các tổ chức chính trị - xã hội", "phối hợp tuyên truyền"),
    # a ministry whose name holds "và"
    ("Phó Thủ tướng Lê Văn Thành yêu cầu Bộ Tài nguyên và Môi trường hướng dẫn các địa phương lập quy hoạch.",
     "Bộ Tài nguyên và Môi trường", "hướng dẫn các địa phương lập quy hoạch"),
    # "và" then a group word that is no verb
    ("Chủ tịch Trần Văn Nam đề nghị Sở Y tế và cơ quan chức năng kiểm tra cơ sở sản xuất này.",
     "Sở Y tế và cơ quan chức năng", "kiểm tra cơ sở sản xuất này"),
], ids=["council-bodies", "front-and-organisations", "ministry-with-and", "and-a-group-word"])
def test_an_addressee_of_several_bodies_is_one_phrase(text, addressee, action):
    assert [(t, a) for t, _, a in recs(text)] == [(action, addressee)]


def test_and_then_an_action_verb_is_a_second_action_not_a_second_body():
    """"và ban hành …": "ban" heads bodies, but "ban hành" is an action; the addressee stops before it."""
    got = recs("Chủ tịch UBND tỉnh Lê Văn Hòa yêu cầu Sở Tư pháp và ban hành văn bản hướng dẫn trước ngày 15/12.")
    assert [a for _, _, a in got] == ["Sở Tư pháp"]


def test_a_list_item_that_names_whose_duty_it_is_has_that_addressee():
    """"- X có trách nhiệm …" in a plan's list: X (the whole phrase) is asked, the action follows the duty word."""
    text = ("Ban Chỉ đạo yêu cầu các cơ quan thực hiện các nội dung sau:\n"
            "- Sở Nội vụ chủ trì tổng hợp kết quả kiểm tra;\n"
            "- Lãnh đạo các sở, ngành và địa phương thuộc đối tượng kiểm tra có trách nhiệm chuẩn bị báo cáo theo "
            "Phụ lục I;\n"
            "- Các huyện được kiểm tra cần bố trí địa điểm làm việc cho Đoàn.\n")
    assert [(t, a) for t, _, a in recs(text)] == [
        ("chủ trì tổng hợp kết quả kiểm tra", "Sở Nội vụ"),
        ("chuẩn bị báo cáo theo Phụ lục I", "Lãnh đạo các sở, ngành và địa phương thuộc đối tượng kiểm tra"),
        ("bố trí địa điểm làm việc cho Đoàn", "Các huyện được kiểm tra"),
    ]


def test_a_duty_to_act_leaves_its_duty_word_out_and_a_duty_to_answer_keeps_it():
    """"có trách nhiệm thuê …" asks for hiring; "chịu trách nhiệm thi hành …" is itself what is asked."""
    assert [(t, a) for t, _, a in recs("Công ty TNHH Minh Phát có trách nhiệm thuê người bảo vệ khu di tích.")] == [
        ("thuê người bảo vệ khu di tích", "Công ty TNHH Minh Phát")]
    got = recs("Chánh Văn phòng UBND tỉnh, Giám đốc Sở Tài chính chịu trách nhiệm thi hành Quyết định này.")
    assert [t for t, _, _ in got] == ["chịu trách nhiệm thi hành Quyết định này"]


def test_a_reason_after_the_action_is_not_part_of_it():
    got = recs("Chủ tịch UBND tỉnh Lê Văn Nam đề nghị huyện tập trung phát triển cụm công nghiệp, vì đây là động lực "
               "để cả tỉnh phát triển.")
    assert [t for t, _, _ in got] == ["tập trung phát triển cụm công nghiệp"]


def test_including_goes_on_with_the_object_and_is_no_second_action():
    """"…, trong đó có …" lists what the object holds ("…, trong đó tập trung …" still starts another action)."""
    got = recs("Ông Lê Văn Nam yêu cầu huyện giải quyết dứt điểm các việc còn tồn đọng, trong đó có các dự án do "
               "huyện làm chủ đầu tư.")
    assert [t for t, _, _ in got] == ["giải quyết dứt điểm các việc còn tồn đọng, trong đó có các dự án do huyện làm "
                                      "chủ đầu tư"]


def test_a_topic_this_before_the_subject_is_not_whom():
    """"Việc này, địa phương phải …": "Việc này" is what the sentence is about; "địa phương" is asked."""
    got = recs("Chủ tịch UBND tỉnh Lê Văn Nam yêu cầu huyện đầu tư hạ tầng khu công nghiệp. Việc này, địa phương "
               "phải phối hợp với nhà đầu tư thực hiện.")
    assert [(t, a) for t, _, a in got][-1] == ("phối hợp với nhà đầu tư thực hiện", "địa phương")


def test_or_propose_inside_an_action_is_no_new_request():
    """"… để xử lý hoặc đề xuất phương án xử lý": a verb of the action going on, not a cue of its own."""
    got = recs("Ông Lê Văn Nam yêu cầu huyện rà soát nhân sự. Đồng thời rà soát lại tài sản công trên địa bàn, để xử "
               "lý hoặc đề xuất phương án xử lý.")
    assert [t for t, _, _ in got] == ["rà soát nhân sự",
                                      "rà soát lại tài sản công trên địa bàn, để xử lý hoặc đề xuất phương án xử lý"]


def test_a_place_named_can_is_no_modal():
    """"Cần Giờ", "Cần Thơ": capitalised and followed by a capitalised word, "Cần" is a place's name."""
    text = ("UBND TP kiến nghị Bộ Xây dựng sửa đổi quy định về tách thửa. Theo các chuyên gia, diễn biến sốt đất "
            "tại Cần Giờ bắt nguồn từ ba nguyên nhân chính. Cần Thơ có sáu quận.")
    assert [t for t, _, _ in recs(text)] == ["sửa đổi quy định về tách thửa"]


def test_a_request_does_not_go_on_pages_away_from_its_last_action():
    """Inside one paragraph a statement only pauses a request; a sub-heading run into the text far after it
    ("Điều chỉnh giá dịch vụ …", an imperative's shape) is not its next action."""
    statements = " ".join(f"Năm {2010 + i}, tỉnh có {i + 3} trường học mới được xây dựng ở vùng sâu." for i in range(14))
    text = (f"Bộ yêu cầu các trường bảo đảm chất lượng đào tạo nghề. {statements} Điều chỉnh giá dịch vụ khám bệnh "
            "tới đối tượng không có thẻ bảo hiểm y tế từ ngày 1/6.")
    assert len(statements) > 800
    assert [t for t, _, _ in recs(text)] == ["bảo đảm chất lượng đào tạo nghề"]


def test_a_position_asking_is_the_official_named_with_it_before():
    """"Thủ tướng yêu cầu …" after "Thủ tướng Chính phủ Nguyễn Văn An": the official, by the position his title
    opens with; "Phó Thủ tướng" is another position, not his."""
    text = ("Sáng 5/3, Thủ tướng Chính phủ Nguyễn Văn An dự hội nghị ngành thủy sản. Phát biểu chỉ đạo, Thủ tướng "
            "yêu cầu Bộ Nông nghiệp xây dựng chương trình phát triển ngành tôm.")
    assert [b for _, b, _ in recs(text)] == ["Nguyễn Văn An"]
    other = text.replace("Phát biểu chỉ đạo, Thủ tướng", "Phát biểu chỉ đạo, Phó Thủ tướng")
    assert [b for _, b, _ in recs(other)] != ["Nguyễn Văn An"]


def test_an_adverbial_after_the_cue_then_the_body_asked():
    got = recs("Bộ Y tế yêu cầu trong khi chờ kết luận của Hội đồng chuyên môn, Sở Y tế gửi báo cáo nhanh về vụ việc.")
    assert [(t, a) for t, _, a in got] == [("gửi báo cáo nhanh về vụ việc", "Sở Y tế")]


def test_the_official_whose_view_a_paragraph_gives_asks_what_goes_on_with_it():
    """"Theo đồng chí X, … . Đồng thời đề nghị …": no one else is named; X asks."""
    got = recs("Theo đồng chí Phan Văn Dũng, công tác nghiên cứu khoa học đã có nhiều kết quả. Đồng thời đề nghị "
               "các nhà khoa học quan tâm tìm tòi sáng tạo.")
    assert got == [("quan tâm tìm tòi sáng tạo", "Phan Văn Dũng", "các nhà khoa học")]


@pytest.mark.parametrize("text, addressee", [
    ("UBND huyện chỉ đạo các nhà thầu khẩn trương nạo vét cửa biển.", "các nhà thầu"),
    ("Thanh tra Sở Xây dựng yêu cầu chủ đầu tư dừng thi công phần công trình vi phạm.", "chủ đầu tư"),
], ids=["contractors", "the-investor"])
def test_people_named_by_their_role_are_an_addressee(text, addressee):
    assert [a for _, _, a in recs(text)] == [addressee]


@pytest.mark.parametrize("text", [
    "Ông Lê Văn Hùng nhấn mạnh: chiểu theo Điều 30 Luật Đầu tư thì dự án phải trình Quốc hội quyết định chủ trương.",
    "Bà Trần Thị Mai phát biểu: trích dẫn Điều 34 của Bộ luật Dân sự, người đưa ra thông tin sai phải xin lỗi công khai.",
], ids=["by-virtue-of-a-law", "a-code-quoted"])
def test_a_rule_quoted_from_a_law_asks_nothing(text):
    assert recs(text) == []


def test_a_request_about_a_law_still_asks():
    got = recs("Thảo luận dự án Luật Quy hoạch, đại biểu Nguyễn Văn Hùng cho rằng cần sớm đưa Luật Quy hoạch vào "
               "đời sống.")
    assert [t for t, _, _ in got] == ["đưa Luật Quy hoạch vào đời sống"]


def test_a_requirement_about_is_a_noun():
    """"yêu cầu về năng lực …": requirements on something, no request."""
    assert recs("Thông tư quy định yêu cầu về năng lực mà người học đạt được sau khi tốt nghiệp.") == []


def test_a_subject_that_names_what_the_sentence_is_about_is_nobody_asked():
    """"Quá trình thực hiện cần …", "Công tác quy hoạch phải …": a request going on, of no one named."""
    got = recs("Thủ tướng Nguyễn Văn An yêu cầu các bộ rà soát quy hoạch vùng nuôi tôm. Công tác quy hoạch phải đi "
               "liền với bảo tồn các điều kiện tự nhiên.")
    assert [(t, a) for t, _, a in got][-1] == ("đi liền với bảo tồn các điều kiện tự nhiên", None)


def test_a_statement_about_a_body_after_a_cue_of_whom_asks_nothing():
    """"nhấn mạnh Hội nghị Trung ương 11 vừa qua là …": the body, a few words, then "là": a statement."""
    assert recs("Tổng Bí thư Nguyễn Văn An nhấn mạnh Hội nghị Trung ương 11 vừa qua là hội nghị mang tính lịch sử.") == []


def test_a_body_named_by_its_head_alone_asks_as_the_body_named_before():
    """"Do đó Cục yêu cầu …": "Cục" alone means the Cục the text named last."""
    got = recs("Cục Kiểm tra Bộ Tư pháp đã rà soát Quyết định 33 của thành phố. Do đó Cục yêu cầu thành phố bãi bỏ "
               "nội dung trái luật.")
    assert [b for _, b, _ in got] == ["Cục Kiểm tra Bộ Tư pháp"]


def test_a_bodys_document_asks_for_the_body():
    got = recs("Văn bản của UBND thành phố Hải Phòng còn yêu cầu UBND quận Đồ Sơn báo cáo kết quả khắc phục.")
    assert got == [("báo cáo kết quả khắc phục", "UBND thành phố Hải Phòng", "UBND quận Đồ Sơn")]


@pytest.mark.parametrize("text, addressee, action", [
    ("Sở Tài nguyên và Môi trường yêu cầu công ty này phải khẩn trương khắc phục sự cố.", "công ty này",
     "khẩn trương khắc phục sự cố"),
    ("Bộ yêu cầu các đơn vị trên bàn giao nguyên trạng hồ sơ.", "các đơn vị trên", "bàn giao nguyên trạng hồ sơ"),
], ids=["this-company", "the-units-above"])
def test_a_group_word_and_its_demonstrative_are_the_addressee(text, addressee, action):
    assert [(t, a) for t, _, a in recs(text)] == [(action, addressee)]


def test_a_person_written_by_an_initial_ends_the_request():
    """"… của sản phụ N. Sở Y tế …": the tokenizer keeps "N." as an abbreviation; the request ends there."""
    got = recs("Bộ Y tế yêu cầu Sở Y tế tỉnh làm rõ trách nhiệm đối với trường hợp của sản phụ N. Sở Y tế đã tổ chức "
               "kiểm tra các bệnh viện trên địa bàn.")
    assert [t for t, _, _ in got] == ["làm rõ trách nhiệm đối với trường hợp của sản phụ N."]


def test_a_unit_abbreviated_inside_an_addressee():
    """"UBND P. Hòa Khánh": "P." (phường) is part of the name, not a sentence's end."""
    got = recs("Sở Xây dựng đề nghị UBND P. Hòa Khánh xử lý dứt điểm công trình vi phạm.")
    assert [(t, a) for t, _, a in got] == [("xử lý dứt điểm công trình vi phạm", "UBND P. Hòa Khánh")]


def test_a_group_whose_view_follows_a_named_official_asks_not_the_official():
    """"… nghe ông X trình bày báo cáo, đông đảo đại biểu cho rằng cần …": the deputies ask."""
    got = recs("Sáng 26/5, Quốc hội nghe Chủ nhiệm Ủy ban Kinh tế Vũ Văn Thanh trình bày báo cáo, đông đảo đại biểu "
               "cho rằng cần sớm đưa Luật Quy hoạch vào đời sống.")
    assert [b for _, b, _ in got] == ["đông đảo đại biểu"]


def test_a_list_of_objects_after_semicolons_is_one_action():
    """"… tập trung vào A; B; C": lower-case noun phrases with no verb after ";" go on listing the object."""
    got = recs("Thứ trưởng Lê Văn Hùng yêu cầu các tập đoàn đề xuất giải pháp tập trung vào cơ chế tài chính; cơ chế "
               "về thị trường; cơ chế quản trị doanh nghiệp; xử lý nghiêm các sai phạm.")
    assert [t for t, _, _ in got] == ["đề xuất giải pháp tập trung vào cơ chế tài chính; cơ chế về thị trường; cơ chế "
                                      "quản trị doanh nghiệp", "xử lý nghiêm các sai phạm"]


def test_a_known_body_abbreviation_asks_and_two_verbs_share_their_object():
    """"KTNN đã yêu cầu …": an abbreviation of bodies.tsv asks; "kiểm điểm và xử lý trách nhiệm …": a short
    verb before "và" + verb shares the object, one action, nothing dropped."""
    got = recs("Tại buổi làm việc, KTNN đã yêu cầu Bộ KHĐT kiểm điểm và xử lý trách nhiệm cá nhân có liên quan.")
    assert got == [("kiểm điểm và xử lý trách nhiệm cá nhân có liên quan", "KTNN", "Bộ KHĐT")]
