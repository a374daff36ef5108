"""Officials on sentences written for these tests, in the shapes reports and news use."""

from __future__ import annotations

import pytest

from extract.registry import run_one


def people(text: str) -> dict[str, list[str]]:
    return {o.name: [t.text for t in o.titles] for o in run_one("officials", text)}


def test_name_then_titles_with_dash_and_commas():
    text = ("Sáng 12/3, đoàn giám sát do đồng chí Trần Thị Mai - Ủy viên Ban Thường vụ Tỉnh ủy, "
            "Trưởng Ban Văn hóa - Xã hội HĐND tỉnh làm Trưởng đoàn đã làm việc tại huyện Kỳ Anh.")
    assert people(text) == {
        "Trần Thị Mai": ["Ủy viên Ban Thường vụ Tỉnh ủy", "Trưởng Ban Văn hóa - Xã hội HĐND tỉnh"]
    }


def test_title_then_name_split_after_known_province():
    text = "Phó Chủ tịch UBND tỉnh Nghệ An Phạm Văn Bình phát biểu tại buổi làm việc."
    assert people(text) == {"Phạm Văn Bình": ["Phó Chủ tịch UBND tỉnh Nghệ An"]}


def test_title_then_name_after_district_place():
    text = "Chủ tịch UBND huyện Kỳ Anh Lê Văn Hòa cho biết huyện đã hoàn thành kế hoạch."
    assert people(text) == {"Lê Văn Hòa": ["Chủ tịch UBND huyện Kỳ Anh"]}


def test_name_in_parentheses_and_comma_separated_title():
    text = ("Ông Nguyễn Đức Thắng (Phó Giám đốc Sở Tư pháp) cho biết thêm. "
            "Bà Hoàng Thị Lan, Chủ tịch UBND xã Cẩm Bình, đề nghị hỗ trợ kinh phí.")
    assert people(text) == {
        "Nguyễn Đức Thắng": ["Phó Giám đốc Sở Tư pháp"],
        "Hoàng Thị Lan": ["Chủ tịch UBND xã Cẩm Bình"],
    }


def test_two_titles_before_the_name_and_merging_mentions():
    text = ("Bí thư Huyện ủy, Chủ tịch HĐND huyện Võ Thanh Sơn chủ trì hội nghị. "
            "Đồng chí Võ Thanh Sơn đề nghị các xã rà soát lại hồ sơ.")
    found = run_one("officials", text)
    assert [(o.name, [t.text for t in o.titles]) for o in found] == [
        ("Võ Thanh Sơn", ["Bí thư Huyện ủy", "Chủ tịch HĐND huyện"])
    ]
    assert len(found[0].mentions) == 2


def test_fullest_form_of_one_position_is_kept():
    text = ("Phó Thủ tướng Đặng Minh Khoa dự hội nghị. Phó Thủ tướng Thường trực Chính phủ "
            "Đặng Minh Khoa nhấn mạnh yêu cầu cải cách.")
    assert people(text) == {"Đặng Minh Khoa": ["Phó Thủ tướng Thường trực Chính phủ"]}


def test_foreign_name_after_country():
    text = "Chủ tịch Quốc hội Campuchia Samdech Heng Samrin đã tiếp đoàn."
    assert people(text) == {"Samdech Heng Samrin": ["Chủ tịch Quốc hội Campuchia"]}


@pytest.mark.parametrize("text", [
    "Ông Nguyễn Văn Nam - người dân thôn 3 cho biết rất phấn khởi.",  # no position
    "Ảnh: Lê Minh Tuấn",  # photographer
    "Phó Giám đốc Sở Nội vụ cho biết sẽ rà soát lại.",  # title with no name
    "Đồng chí làm Trưởng đoàn giám sát đã kết luận.",  # event role
    "Chủ tịch UBND tỉnh Hàn Quốc đến thăm.",  # a country is not a person
])
def test_not_officials(text):
    assert people(text) == {}


def test_people_in_a_list_with_one_position_stay_apart():
    text = ("Đại biểu nghe Chủ tịch HĐND tỉnh Lai Châu Giàng A Tính, Chủ tịch HĐND tỉnh "
            "Điện Biên Lò Thị Hoa trình bày tham luận.")
    assert people(text) == {
        "Giàng A Tính": ["Chủ tịch HĐND tỉnh Lai Châu"],
        "Lò Thị Hoa": ["Chủ tịch HĐND tỉnh Điện Biên"],
    }


def test_titles_are_grounded_and_expanded():
    text = "Phó Chủ tịch HĐND tỉnh Nguyễn Hữu Tâm phát biểu."
    (o,) = run_one("officials", text)
    (t,) = o.titles
    assert text[t.span.start:t.span.end] == t.text
    assert t.expanded == "Phó Chủ tịch Hội đồng nhân dân tỉnh"
    for m in o.mentions:
        assert text[m.span.start:m.span.end] == m.text == "Nguyễn Hữu Tâm"


def test_tay_nguyen_names():
    text = ("Đoàn do ông Y Điêng Niê, Trưởng Ban Dân tộc HĐND tỉnh làm Trưởng đoàn; "
            "bà H'Lan Êban, Phó Trưởng Ban Dân tộc HĐND tỉnh cùng dự.")
    assert people(text) == {
        "Y Điêng Niê": ["Trưởng Ban Dân tộc HĐND tỉnh"],
        "H'Lan Êban": ["Phó Trưởng Ban Dân tộc HĐND tỉnh"],
    }


# -- shapes of real text (issue 14), each on sentences written for these tests ----------------

def grounded(text: str) -> dict[str, list[str]]:
    """people(), after checking that every title and mention is the text at its span."""
    found = run_one("officials", text)
    for o in found:
        for t in o.titles:
            assert text[t.span.start:t.span.end] == t.text
        for m in o.mentions:
            assert text[m.span.start:m.span.end] == m.text
    return {o.name: [t.text for t in o.titles] for o in found}


def test_a_bracket_naming_where_the_body_is_stays_in_the_title_before_the_name():
    text = "Chủ tịch UBND xã Hòa Phú (huyện Sơn Hà) Đỗ Văn Lực cho biết xã đã hoàn thành kế hoạch."
    assert grounded(text) == {"Đỗ Văn Lực": ["Chủ tịch UBND xã Hòa Phú (huyện Sơn Hà)"]}


def test_a_bracket_naming_the_parent_body_ends_the_title():
    text = "Ông Lưu Văn Định, Phó Cục trưởng Cục Quản lý giá (Bộ Tài chính) cho biết sẽ kiểm tra."
    assert grounded(text) == {"Lưu Văn Định": ["Phó Cục trưởng Cục Quản lý giá (Bộ Tài chính)"]}


def test_a_delegate_with_a_constituency_in_brackets_and_a_title_after_it():
    text = "Đại biểu Khổng Thị Ngân (Yên Bái), Phó Chủ nhiệm Ủy ban Pháp luật đề nghị làm rõ trách nhiệm."
    assert grounded(text) == {"Khổng Thị Ngân": ["Đại biểu", "Phó Chủ nhiệm Ủy ban Pháp luật"]}


def test_a_delegate_abbreviated_with_a_constituency():
    text = "ĐB Tạ Quang Vinh (Sóc Trăng) cho rằng cần sửa quy định. ĐB Tạ Quang Vinh cũng đề nghị thêm."
    (o,) = run_one("officials", text)
    assert (o.name, [t.text for t in o.titles], o.titles[0].expanded) == ("Tạ Quang Vinh", ["ĐB"], "đại biểu")
    assert len(o.mentions) == 2


def test_delegates_without_a_constituency_are_not_officials():
    assert grounded("Các đại biểu Lý Văn Hưng và Mai Thị Cúc đã phát biểu.") == {}


def test_former_positions_keep_their_word():
    text = ("Buổi lễ có nguyên Chủ tịch UBND tỉnh Hầu Văn Lộc và cựu Bộ trưởng Bộ Y tế Chu Thị Mến. "
            "Ông Ngô Đình Tài, nguyên Phó Bí thư Tỉnh ủy, nguyên Chủ tịch HĐND tỉnh, phát biểu.")
    assert grounded(text) == {
        "Hầu Văn Lộc": ["nguyên Chủ tịch UBND tỉnh"],
        "Chu Thị Mến": ["cựu Bộ trưởng Bộ Y tế"],
        "Ngô Đình Tài": ["nguyên Phó Bí thư Tỉnh ủy", "nguyên Chủ tịch HĐND tỉnh"],
    }


@pytest.mark.parametrize("text, name, title", [
    ("Phó Giáo sư, Tiến sĩ Lã Minh Khôi, Viện trưởng Viện Khoa học Thủy lợi phát biểu.",
     "Lã Minh Khôi", "Viện trưởng Viện Khoa học Thủy lợi"),
    ("PGS.TS Hứa Thị Lan - Hiệu trưởng Trường Đại học Sư phạm Quy Nhơn cho biết.",
     "Hứa Thị Lan", "Hiệu trưởng Trường Đại học Sư phạm Quy Nhơn"),
    ("GS.TSKH Đàm Duy Phong - Chủ tịch Hội Vật lý Việt Nam nói.", "Đàm Duy Phong", "Chủ tịch Hội Vật lý Việt Nam"),
    ("Thạc sĩ Lương Văn Tú, Phó Giám đốc Sở Y tế cho biết.", "Lương Văn Tú", "Phó Giám đốc Sở Y tế"),
    ("Bác sĩ Âu Thị Hồng, Giám đốc Bệnh viện Đa khoa tỉnh, cho biết.", "Âu Thị Hồng", "Giám đốc Bệnh viện Đa khoa tỉnh"),
    ("Thiếu tướng Kiều Văn Tín, Chính ủy Bộ Tư lệnh Thủ đô, phát biểu.", "Kiều Văn Tín", "Chính ủy Bộ Tư lệnh Thủ đô"),
])
def test_degrees_and_ranks_stand_before_the_name_and_are_not_positions(text, name, title):
    assert grounded(text) == {name: [title]}


def test_a_rank_after_and_opens_the_next_person():
    text = ("Đại tá Phạm Quốc Việt, Giám đốc Công an tỉnh và Thượng tướng Lâm Văn Đức, "
            "Thứ trưởng Bộ Công an cùng dự.")
    assert grounded(text) == {
        "Phạm Quốc Việt": ["Giám đốc Công an tỉnh"],
        "Lâm Văn Đức": ["Thứ trưởng Bộ Công an"],
    }


def test_numbered_member_lists_with_kiem():
    text = ("Thành phần Đoàn giám sát:\n"
            "(1) Bà Đinh Thị Yến - Phó Trưởng ban Kinh tế - Ngân sách HĐND tỉnh kiêm Chánh Văn phòng "
            "Đoàn ĐBQH và HĐND tỉnh;\n"
            "(2) Ông Tạ Văn Bình - Ủy viên Ban Pháp chế HĐND tỉnh;\n"
            "3. Ông Hồ Văn Minh, Ủy viên Thường trực HĐND tỉnh;\n"
            "- Đồng chí Quách Văn Hải - Chánh Văn phòng UBND tỉnh.")
    assert grounded(text) == {
        "Đinh Thị Yến": ["Phó Trưởng ban Kinh tế - Ngân sách HĐND tỉnh", "Chánh Văn phòng Đoàn ĐBQH và HĐND tỉnh"],
        "Tạ Văn Bình": ["Ủy viên Ban Pháp chế HĐND tỉnh"],
        "Hồ Văn Minh": ["Ủy viên Thường trực HĐND tỉnh"],
        "Quách Văn Hải": ["Chánh Văn phòng UBND tỉnh"],
    }


def test_organisations_with_cac_or_a_number_inside():
    text = ("Ông Lý Văn Phát, Trưởng Ban Quản lý các khu công nghiệp Hòa Bình cho biết. "
            "Chủ tịch UBND quận 9 Trịnh Văn Long và Hiệu trưởng Trường THPT số 3 Lạc Thị Hằng cùng dự.")
    assert grounded(text) == {
        "Lý Văn Phát": ["Trưởng Ban Quản lý các khu công nghiệp Hòa Bình"],
        "Trịnh Văn Long": ["Chủ tịch UBND quận 9"],
        "Lạc Thị Hằng": ["Hiệu trưởng Trường THPT số 3"],
    }


@pytest.mark.parametrize("text, name, title", [
    ("Ông Đào Hữu Đức, Giám đốc Trung tâm đăng kiểm tàu cá miền Trung cho biết máy tàu bị làm giả.",
     "Đào Hữu Đức", "Giám đốc Trung tâm đăng kiểm tàu cá miền Trung"),
    ("Bà Hà Thị Mơ - Chủ tịch Hiệp hội các nhà sản xuất gạch Việt Nam cho rằng giá đã tăng.",
     "Hà Thị Mơ", "Chủ tịch Hiệp hội các nhà sản xuất gạch Việt Nam"),
    ("Theo ông Tống Đức Tiến, Trưởng phòng Cấp phép xây dựng, Sở Xây dựng, quy định này đúng.",
     "Tống Đức Tiến", "Trưởng phòng Cấp phép xây dựng, Sở Xây dựng"),
    ("Ông Lại Văn Thư, Phó Chủ tịch Hội Nghề muối Việt Nam nhấn mạnh yêu cầu bảo vệ diêm dân.",
     "Lại Văn Thư", "Phó Chủ tịch Hội Nghề muối Việt Nam"),
])
def test_a_body_whose_name_goes_on_in_lower_case(text, name, title):
    assert grounded(text) == {name: [title]}


def test_a_lower_case_clause_after_a_body_is_not_its_name():
    text = ("Ông Mẫn Văn Sơn, Giám đốc Trung tâm Y tế huyện thông tin thêm, đã có 12 ca mắc. "
            "Bà Âu Thị Lành, Chủ tịch Hội Nông dân xã hứa sẽ vận động bà con.")
    assert grounded(text) == {
        "Mẫn Văn Sơn": ["Giám đốc Trung tâm Y tế huyện"],
        "Âu Thị Lành": ["Chủ tịch Hội Nông dân xã"],
    }


def test_a_position_word_after_doan_or_ban_names_the_body():
    text = ("Dự có ông Lê Kim Thoại - Trưởng đoàn Đoàn Đại biểu Quốc hội tỉnh; ông Hồ Văn Phúc - Ủy viên "
            "Ban Bí thư Trung ương Đoàn.")
    assert grounded(text) == {
        "Lê Kim Thoại": ["Trưởng đoàn Đoàn Đại biểu Quốc hội tỉnh"],
        "Hồ Văn Phúc": ["Ủy viên Ban Bí thư Trung ương Đoàn"],
    }


@pytest.mark.parametrize("text, expected", [
    ("Thừa ủy quyền của Thủ tướng, Phó Thủ tướng Lê Minh Tú ký quyết định.", {"Lê Minh Tú": ["Phó Thủ tướng"]}),
    ("Thay mặt Chủ tịch UBND tỉnh, Phó Chủ tịch UBND tỉnh Vương Văn Đạt trao quyết định.",
     {"Vương Văn Đạt": ["Phó Chủ tịch UBND tỉnh"]}),
    ("Theo đề nghị của Giám đốc Sở Nội vụ, ông Tôn Văn Hậu được điều động về công tác tại huyện.", {}),
])
def test_a_title_that_is_someone_elses_is_not_chained_on(text, expected):
    assert grounded(text) == expected


def test_after_cua_a_title_and_a_name_set_off_by_commas_are_one_person():
    text = "Ý kiến của Giám đốc Sở Y tế, ông Phí Văn Hòa, cho thấy dịch đã được kiểm soát."
    assert grounded(text) == {"Phí Văn Hòa": ["Giám đốc Sở Y tế"]}


@pytest.mark.parametrize("text, name, title", [
    ("HĐND tỉnh thôi nhiệm vụ đại biểu HĐND tỉnh đối với ông Trịnh Văn Cao.", "Trịnh Văn Cao", "đại biểu HĐND tỉnh"),
    ("Kỳ họp miễn nhiệm chức vụ Phó Chủ tịch UBND tỉnh khóa XII, nhiệm kỳ 2021 - 2026 đối với bà Vi Thị Hạnh.",
     "Vi Thị Hạnh", "Phó Chủ tịch UBND tỉnh"),
    ("Kỳ họp bầu ông Mạc Văn Khánh giữ chức Chủ tịch UBND huyện Yên Thế.", "Mạc Văn Khánh", "Chủ tịch UBND huyện Yên Thế"),
    ("Bà Phí Thị Thu được bổ nhiệm làm Phó Giám đốc Sở Tư pháp từ ngày 1/6.", "Phí Thị Thu", "Phó Giám đốc Sở Tư pháp"),
    ("Ủy ban MTTQ tỉnh giới thiệu bà Ninh Thị Hạnh ứng cử chức danh Phó Chủ tịch HĐND tỉnh.",
     "Ninh Thị Hạnh", "Phó Chủ tịch HĐND tỉnh"),
    ("Tỉnh ủy điều động ông Giáp Văn Tùng làm Bí thư Huyện ủy Lục Nam.", "Giáp Văn Tùng", "Bí thư Huyện ủy Lục Nam"),
])
def test_a_title_written_apart_from_the_name(text, name, title):
    assert grounded(text) == {name: [title]}


@pytest.mark.parametrize("text", [
    "Ông Hà Văn Hiếu làm Trưởng đoàn giám sát tại huyện.",  # an event role
    "Đoàn công tác do ông Nông Văn Tư làm Trưởng đoàn đã về kiểm tra.",
])
def test_an_event_role_apart_from_the_name_is_not_a_title(text):
    assert grounded(text) == {}


def test_a_group_title_goes_to_each_person_listed_after_its_colon():
    text = ("Dự hội nghị có các Ủy viên Bộ Chính trị: Chủ tịch nước Lục Văn Cường, Thủ tướng Chính phủ "
            "Bế Minh Chính, Chủ tịch Quốc hội Tòng Thanh Mẫn. Cùng dự có Bí thư Tỉnh ủy Đới Văn Hà.")
    assert grounded(text) == {  # titles in the order the text gives them
        "Lục Văn Cường": ["Ủy viên Bộ Chính trị", "Chủ tịch nước"],
        "Bế Minh Chính": ["Ủy viên Bộ Chính trị", "Thủ tướng Chính phủ"],
        "Tòng Thanh Mẫn": ["Ủy viên Bộ Chính trị", "Chủ tịch Quốc hội"],
        "Đới Văn Hà": ["Bí thư Tỉnh ủy"],
    }


def test_a_group_title_belongs_to_nobody_alone():
    text = "Nơi nhận:\n- Các vị Đại biểu HĐND thành phố, Hồ Văn Tú\n- Các Ban của HĐND thành phố."
    assert grounded(text) == {}


def test_a_list_of_people_each_with_a_dash_title():
    text = ("Danh sách gồm các ông Kiều Hữu Dư - Chủ tịch HĐQT Ngân hàng Phú Gia, Nguyễn Văn Cừ - "
            "Phó Tổng giám đốc Ngân hàng Phú Gia, ông Trầm Bê Ba - Phó Chủ tịch HĐQT, ông Phan Huy Khải - "
            "Tổng Giám đốc.")
    assert grounded(text) == {
        "Kiều Hữu Dư": ["Chủ tịch HĐQT Ngân hàng Phú Gia"],
        "Nguyễn Văn Cừ": ["Phó Tổng giám đốc Ngân hàng Phú Gia"],
        "Trầm Bê Ba": ["Phó Chủ tịch HĐQT"],
        "Phan Huy Khải": ["Tổng Giám đốc"],
    }


def test_a_chain_stops_where_a_title_is_not_read():
    text = ("Tổ công tác do ông Lạc Văn Lục, Phó Chủ nhiệm Văn phòng Chính phủ, Trưởng đoàn công tác đã về "
            "kiểm tra việc thực hiện nhiệm vụ do Chính phủ, Thủ tướng Chính phủ giao.")
    assert grounded(text) == {"Lạc Văn Lục": ["Phó Chủ nhiệm Văn phòng Chính phủ"]}


def test_a_bare_position_before_a_title_that_names_the_body():
    text = ("Đại tá Mai Văn Sử, Phó Giám đốc, Thủ trưởng Cơ quan Cảnh sát điều tra, Công an tỉnh Hà Giang "
            "cho biết đã khởi tố vụ án.")
    assert grounded(text) == {
        "Mai Văn Sử": ["Phó Giám đốc", "Thủ trưởng Cơ quan Cảnh sát điều tra, Công an tỉnh Hà Giang"]
    }


def test_a_title_inside_another_is_a_position_of_its_own():
    text = ("Đoàn giám sát do đồng chí Tống Quốc Hưng, Đại biểu Quốc hội, Phó Trưởng đoàn phụ trách Đoàn "
            "ĐBQH tỉnh làm Trưởng đoàn.")
    assert grounded(text) == {"Tống Quốc Hưng": ["Đại biểu Quốc hội", "Phó Trưởng đoàn phụ trách Đoàn ĐBQH tỉnh"]}


def test_a_city_written_after_tp_dot_is_not_a_person():
    text = ("Sai phạm ở TP.Phan Rang: Chủ tịch tỉnh chỉ đạo Công an vào cuộc. Chủ tịch UBND TP.Phan Rang "
            "Đặng Văn Toàn đã có báo cáo gửi Chủ tịch UBND tỉnh và Thường trực Thành ủy Phan Rang.")
    assert grounded(text) == {"Đặng Văn Toàn": ["Chủ tịch UBND TP.Phan Rang"]}


def test_a_foreign_name_after_an_honorific():
    text = ("Đoàn do bà Maria Lopez, Giám đốc Ban phát triển đô thị khu vực Nam Á - Thái Bình Dương dẫn đầu. "
            "Cảm ơn Ngài John Carter, Thủ tướng Lê Văn Hiển đề nghị hai bên tăng cường hợp tác.")
    assert grounded(text) == {
        "Maria Lopez": ["Giám đốc Ban phát triển đô thị khu vực Nam Á - Thái Bình Dương"],
        "Lê Văn Hiển": ["Thủ tướng"],
    }


def test_a_name_in_capitals_after_an_honorific():
    text = "Ông TRIỆU VĂN KHÁNH, Phó Cục trưởng Cục Trồng trọt: Cần quy hoạch lại vùng trồng."
    assert grounded(text) == {"TRIỆU VĂN KHÁNH": ["Phó Cục trưởng Cục Trồng trọt"]}


def test_two_family_names_open_one_name_but_a_body_word_does_not():
    text = ("Bộ trưởng Lê Phan Quốc Hào phát biểu. Bí thư thứ nhất Ban Chấp hành Trung ương Đoàn "
            "Lê Quốc Phú dự.")
    assert grounded(text) == {
        "Lê Phan Quốc Hào": ["Bộ trưởng"],
        "Lê Quốc Phú": ["Bí thư thứ nhất Ban Chấp hành Trung ương Đoàn"],
    }


def test_is_personal_name():
    from extract.extractors.officials import is_personal_name

    assert is_personal_name("Nguyễn Ngọc Tuấn")
    assert is_personal_name("NGUYỄN NGỌC TUẤN")
    assert is_personal_name("H'Lan Êban")
    assert not is_personal_name("Chủ tịch")
    assert not is_personal_name("UBND TỈNH")
    assert not is_personal_name("Nguyễn")
    assert not is_personal_name("Phó Chủ tịch Thường trực")


def test_no_title_chains_on_past_a_name_the_rules_cannot_split():
    text = ("Chào mừng chuyến thăm của Chủ tịch Quốc hội, Chủ tịch Thượng viện Khin Maung Aye Tun, "
            "Chủ tịch nước Lò Văn Quang nhấn mạnh quan hệ hữu nghị.")
    assert grounded(text) == {"Lò Văn Quang": ["Chủ tịch nước"]}


def test_a_bare_position_before_a_name_counts_but_an_event_role_does_not():
    text = ("Thông báo do Bộ trưởng, Chủ nhiệm Hứa Tiến Dũng ký. Giám đốc Mẫn Văn Tám cho biết thêm. "
            "Đoàn do Trưởng đoàn Đào Văn An dẫn đầu.")
    assert grounded(text) == {"Hứa Tiến Dũng": ["Bộ trưởng", "Chủ nhiệm"], "Mẫn Văn Tám": ["Giám đốc"]}


def test_an_ampersand_joins_a_body_name():
    text = "Ông Peter Lang, Tổng Giám đốc Công ty Sen & Lúa cho hay công ty sẽ mở rộng đầu tư."
    assert grounded(text) == {"Peter Lang": ["Tổng Giám đốc Công ty Sen & Lúa"]}


def test_honorifics_and_names_at_line_and_sentence_starts():
    text = ("Ông Hà Văn Tư, Bí thư Đảng ủy xã Tân An cho biết. Bà Vi Thị Ngọc - Chủ tịch Hội Phụ nữ xã nói thêm.\n"
            "Anh Lò Văn Sáng, Bí thư Đoàn xã Mường Lạn kể lại.\n"
            "Theo Nông Thị Hà, Phó Chủ tịch UBND xã, việc này cần làm ngay.")
    assert grounded(text) == {
        "Hà Văn Tư": ["Bí thư Đảng ủy xã Tân An"],
        "Vi Thị Ngọc": ["Chủ tịch Hội Phụ nữ xã"],
        "Lò Văn Sáng": ["Bí thư Đoàn xã Mường Lạn"],
        "Nông Thị Hà": ["Phó Chủ tịch UBND xã"],
    }


def test_pho_before_a_position_the_lexicon_lists_without_it():
    text = ("Phó Tổng Thư ký Quốc hội Lê Bộ Lĩnh trình bày dự thảo Nghị quyết. Ông Hà Văn Lâm, Bí thư "
            "Tỉnh ủy, nguyên Phó Tổng Thư ký Hội Nhà văn, phát biểu.")
    assert grounded(text) == {
        "Lê Bộ Lĩnh": ["Phó Tổng Thư ký Quốc hội"],
        "Hà Văn Lâm": ["Bí thư Tỉnh ủy", "nguyên Phó Tổng Thư ký Hội Nhà văn"],
    }


@pytest.mark.parametrize("text, name, title", [
    ("Bị cáo Đặng Thị Ngợi (nguyên Giám đốc Xí nghiệp chế biến thủy sản Ngọc Sinh), xin vắng mặt.",
     "Đặng Thị Ngợi", "nguyên Giám đốc Xí nghiệp chế biến thủy sản Ngọc Sinh"),
    ("Ông Lê Văn Hùng, Giám đốc Ngân hàng thương mại cổ phần Kim Sơn chi nhánh Hà Tĩnh cho biết.",
     "Lê Văn Hùng", "Giám đốc Ngân hàng thương mại cổ phần Kim Sơn chi nhánh Hà Tĩnh"),
])
def test_enterprises_named_in_lower_case(text, name, title):
    assert grounded(text) == {name: [title]}


def test_a_unit_abbreviation_with_a_dot_and_a_space_before_its_place():
    text = ("Ông Đào Trọng Quy - Chủ tịch UBND TP. Thanh Hóa cũng yêu cầu rà soát. Ông Hà Văn Lê, Phó Chủ tịch "
            "UBND TP. Trước đó, ông đã kiểm tra.")
    assert grounded(text) == {
        "Đào Trọng Quy": ["Chủ tịch UBND TP. Thanh Hóa"],
        "Hà Văn Lê": ["Phó Chủ tịch UBND TP"],
    }
