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
