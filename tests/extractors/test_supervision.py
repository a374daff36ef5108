"""The supervision block on sentences written for these tests, one shape each (the guide's
`supervision` section), and the real and project documents where they are present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.models import Supervision
from extract.registry import run_one

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpus"


def sup(text: str) -> Supervision:
    out = run_one("supervision", text)
    for m in [out.body, out.topic, *out.targets]:
        if m is not None:
            assert text[m.span.start:m.span.end] == m.text
    if out.period is not None:
        assert text[out.period.span.start:out.period.span.end] == out.period.text
    assert out.target == (out.targets[0] if out.targets else None)
    return out


def parts(s: Supervision) -> tuple[str | None, list[str], str | None, str | None]:
    return (s.body.text if s.body else None, [t.text for t in s.targets], s.topic.text if s.topic else None,
            s.period.value if s.period else None)


def empty(s: Supervision) -> bool:
    return parts(s) == (None, [], None, None)


# ---------------------------------------------------------------- visits (news)


def test_visit_of_a_delegation_with_every_target_and_a_later_survey():
    text = ("Sáng 12/5, Đoàn giám sát của Ban Văn hóa - Xã hội HĐND tỉnh do bà Nguyễn Thị Hạnh, Phó Trưởng ban "
            "Văn hóa - Xã hội HĐND tỉnh làm Trưởng đoàn đã làm việc với UBND huyện Tân Kỳ, UBND thị trấn Lạt và "
            "các phòng, ban chuyên môn về việc thực hiện chính sách hỗ trợ học sinh bán trú giai đoạn 2020 - 2023. "
            "Trước buổi làm việc, đoàn đã khảo sát thực tế tại xã Nghĩa Đồng.")
    assert parts(sup(text)) == (
        "Đoàn giám sát của Ban Văn hóa - Xã hội HĐND tỉnh",
        ["UBND huyện Tân Kỳ", "UBND thị trấn Lạt", "các phòng, ban chuyên môn", "xã Nghĩa Đồng"],
        "thực hiện chính sách hỗ trợ học sinh bán trú",
        "2020/2023",
    )


def test_visit_dates_are_not_the_period():
    text = ("Từ ngày 10 đến ngày 14/7/2023, Ban Dân tộc HĐND tỉnh đã giám sát tại huyện Mường Tè, huyện Sìn Hồ "
            "về công tác giảm nghèo bền vững.")
    s = sup(text)
    assert parts(s) == ("Ban Dân tộc HĐND tỉnh", ["huyện Mường Tè", "huyện Sìn Hồ"], "công tác giảm nghèo bền vững", None)


def test_place_written_later_as_its_committee_is_listed_so_and_once():
    text = ("Đoàn giám sát của Thường trực HĐND tỉnh đã có buổi giám sát tại huyện Quỳ Hợp về việc quản lý "
            "khai thác khoáng sản. Phát biểu giải trình, Phó Chủ tịch UBND huyện Quỳ Hợp cho biết huyện đã "
            "rà soát các mỏ. Ý kiến của UBND huyện Quỳ Hợp được Đoàn ghi nhận.")
    s = sup(text)
    assert [t.text for t in s.targets] == ["UBND huyện Quỳ Hợp"]
    assert s.body.text == "Đoàn giám sát của Thường trực HĐND tỉnh"


def test_headline_body_gives_way_to_the_fuller_name_of_the_lead():
    text = ("HĐND huyện Mai Châu giám sát công tác hòa giải ở cơ sở tại xã Pà Cò\n"
            "Ngày 8/6/2023, Ban Pháp chế HĐND huyện Mai Châu đã giám sát công tác hòa giải ở cơ sở, tiếp công "
            "dân tại UBND xã Pà Cò.")
    assert parts(sup(text)) == ("Ban Pháp chế HĐND huyện Mai Châu", ["UBND xã Pà Cò"],
                                "công tác hòa giải ở cơ sở, tiếp công dân", None)


def test_spelled_out_delegation_with_its_abbreviation_is_the_fullest_form():
    text = ("Đoàn ĐBQH tỉnh Hà Nam giám sát việc thực hiện pháp luật về đất đai\n"
            "Ngày 3/10, Đoàn đại biểu Quốc hội (ĐBQH) tỉnh Hà Nam tổ chức giám sát chuyên đề việc thực hiện "
            "chính sách, pháp luật về quản lý, sử dụng đất đai (gọi tắt là đất đai) trên địa bàn tỉnh giai "
            "đoạn 2019-2024.")
    body, targets, topic, period = parts(sup(text))
    assert body == "Đoàn đại biểu Quốc hội (ĐBQH) tỉnh Hà Nam"
    assert topic.startswith("việc thực hiện chính sách, pháp luật về quản lý, sử dụng đất đai (gọi tắt")
    assert topic.endswith("trên địa bàn tỉnh") and period == "2019/2024" and targets == []


# ---------------------------------------------------------------- formal documents


REPORT = """HĐND TỈNH SƠN LA
BAN PHÁP CHẾ
Số: 30/BC-BPC

BÁO CÁO
Kết quả giám sát việc chấp hành pháp luật về xử lý vi phạm hành chính năm 2022 và 6 tháng đầu năm 2023

Thực hiện Nghị quyết số 08/NQ-HĐND của HĐND tỉnh về Chương trình giám sát năm 2023, từ ngày 05 đến ngày \
09/6/2023, Đoàn giám sát của Ban do ông Lò Văn Hưng, Trưởng Ban Pháp chế HĐND tỉnh làm Trưởng đoàn đã làm việc \
trực tiếp với Công an tỉnh, Sở Tư pháp, UBND các huyện Mai Sơn, Yên Châu; các sở, ngành còn lại báo cáo bằng \
văn bản. Ban Pháp chế HĐND tỉnh báo cáo kết quả giám sát như sau:

I. KẾT QUẢ
Trong kỳ giám sát, các cơ quan đã xử lý 1.204 vụ việc.

Trên đây là báo cáo kết quả giám sát của Ban Pháp chế HĐND tỉnh./.
"""


def test_supervision_report():
    assert parts(sup(REPORT)) == (
        "Ban Pháp chế HĐND tỉnh",
        ["Công an tỉnh", "Sở Tư pháp", "UBND các huyện Mai Sơn, Yên Châu", "các sở, ngành còn lại"],
        "việc chấp hành pháp luật về xử lý vi phạm hành chính",
        "2022-01/2023-06",
    )


def test_report_body_after_cua_and_period_before_it():
    text = ("Báo cáo giám sát việc thực hiện chính sách, pháp luật về phòng, chống ma túy giai đoạn 2015-2020 "
            "của Ủy ban Thường vụ Quốc hội cho thấy nhiều địa phương còn lúng túng.")
    assert parts(sup(text)) == ("Ủy ban Thường vụ Quốc hội", [],
                                "việc thực hiện chính sách, pháp luật về phòng, chống ma túy", "2015/2020")


def test_delegation_founded_by_a_body_is_that_body():
    text = ("Căn cứ Quyết định số 12/QĐ-BKTNS ngày 02 tháng 3 năm 2024 của Ban Kinh tế - Ngân sách HĐND thành "
            "phố về việc thành lập Đoàn giám sát, Đoàn giám sát đã giám sát trực tiếp tại Sở Tài chính, Kho bạc "
            "Nhà nước thành phố và giám sát qua báo cáo đối với 7 quận, huyện còn lại. Nội dung giám sát: việc "
            "quản lý, sử dụng nguồn kinh phí sự nghiệp môi trường năm 2023.")
    body, targets, _topic, _period = parts(sup(text))
    assert body == "Ban Kinh tế - Ngân sách HĐND thành phố"
    assert targets == ["Sở Tài chính", "Kho bạc Nhà nước thành phố", "7 quận, huyện còn lại"]


def test_supervision_plan():
    text = ("KẾ HOẠCH\nGiám sát việc thực hiện chính sách bảo hiểm thất nghiệp năm 2024\n\n"
            "Thực hiện Nghị quyết số 15/NQ-HĐND của HĐND tỉnh về Chương trình giám sát năm 2024, Ban Văn hóa - "
            "Xã hội HĐND tỉnh xây dựng Kế hoạch giám sát việc thực hiện chính sách bảo hiểm thất nghiệp như sau:")
    assert parts(sup(text)) == ("Ban Văn hóa - Xã hội HĐND tỉnh", [],
                                "việc thực hiện chính sách bảo hiểm thất nghiệp", "2024")


def test_conclusion_notice():
    text = ("THÔNG BÁO\nKết luận giám sát việc giải quyết đơn thư khiếu nại, tố cáo tại huyện Bảo Lâm\n\n"
            "Ngày 20/9/2023, Thường trực HĐND tỉnh tổ chức giám sát việc giải quyết đơn thư khiếu nại, tố cáo "
            "tại UBND huyện Bảo Lâm. Sau khi nghe báo cáo, Thường trực HĐND tỉnh kết luận như sau:")
    assert parts(sup(text)) == ("Thường trực HĐND tỉnh", ["UBND huyện Bảo Lâm"],
                                "việc giải quyết đơn thư khiếu nại, tố cáo", None)


def test_conclusion_of_a_body_at_a_supervision_session():
    text = ("Kết luận của Thường trực HĐND tỉnh tại buổi giám sát việc sắp xếp đơn vị hành chính cấp xã "
            "giai đoạn 2023 - 2025 tại UBND huyện Đak Pơ.")
    assert parts(sup(text)) == ("Thường trực HĐND tỉnh", ["UBND huyện Đak Pơ"],
                                "việc sắp xếp đơn vị hành chính cấp xã", "2023/2025")


PROGRAMME = """NGHỊ QUYẾT
Về Chương trình giám sát năm 2025 của Hội đồng nhân dân tỉnh Lai Châu

Căn cứ Luật Hoạt động giám sát của Quốc hội và Hội đồng nhân dân ngày 20 tháng 11 năm 2015;
QUYẾT NGHỊ:
Điều 1. Chương trình giám sát năm 2025 của Hội đồng nhân dân tỉnh Lai Châu gồm các nội dung sau:
1. Hội đồng nhân dân tỉnh giám sát tại các kỳ họp:
a) Xem xét báo cáo công tác của Thường trực Hội đồng nhân dân, Ủy ban nhân dân, Tòa án nhân dân tỉnh;
b) Giám sát hoạt động của Viện kiểm sát nhân dân tỉnh và các Ban của Hội đồng nhân dân tỉnh.
2. Hội đồng nhân dân tỉnh giám sát chuyên đề:
- Giám sát việc thực hiện chính sách hỗ trợ nhà ở cho hộ nghèo giai đoạn 2021 - 2024;
- Giám sát công tác quản lý khai thác khoáng sản trên địa bàn tỉnh.
Điều 2. Giao Thường trực Hội đồng nhân dân tỉnh xây dựng kế hoạch và giám sát việc thực hiện Nghị quyết này.
Nghị quyết này đã được Hội đồng nhân dân tỉnh Lai Châu khóa XV, kỳ họp thứ 20 thông qua ngày 10 tháng 7 năm 2024.
"""


def test_resolution_on_a_supervision_programme():
    body, targets, topic, period = parts(sup(PROGRAMME))
    assert body == "Hội đồng nhân dân tỉnh Lai Châu"
    assert targets == ["Thường trực Hội đồng nhân dân", "Ủy ban nhân dân", "Tòa án nhân dân tỉnh",
                       "Viện kiểm sát nhân dân tỉnh", "các Ban của Hội đồng nhân dân tỉnh"]
    assert topic.startswith("việc thực hiện chính sách hỗ trợ nhà ở cho hộ nghèo")
    assert topic.endswith("công tác quản lý khai thác khoáng sản trên địa bàn tỉnh")
    assert period == "2025"  # several topics: the programme's year, not the first topic's period


def test_resolution_on_supervision_results_is_the_adopting_councils():
    text = ("NGHỊ QUYẾT\nVề kết quả giám sát việc thực hiện chính sách, pháp luật về phòng, chống thiên tai "
            "giai đoạn 2018 - 2023\n\nXét Báo cáo số 45/BC-ĐGS của Đoàn giám sát của HĐND tỉnh;\n"
            "Điều 1. Tán thành Báo cáo kết quả giám sát của Đoàn giám sát.\n"
            "Nghị quyết này đã được Hội đồng nhân dân tỉnh Quảng Nam khóa X, kỳ họp thứ 18 thông qua.")
    assert parts(sup(text)) == ("Hội đồng nhân dân tỉnh Quảng Nam", [],
                                "việc thực hiện chính sách, pháp luật về phòng, chống thiên tai", "2018/2023")


def test_questioning_session():
    text = ("Chiều 10/7, tại kỳ họp thứ 19, HĐND tỉnh Bắc Giang khóa XIX đã tiến hành phiên chất vấn. "
            "Giám đốc Sở Tài nguyên và Môi trường Nguyễn Văn Bình đã trả lời chất vấn về công tác cấp giấy "
            "chứng nhận quyền sử dụng đất. Các đại biểu cũng chất vấn Giám đốc Sở Giao thông vận tải về tiến "
            "độ các dự án giao thông trọng điểm.")
    body, targets, topic, _period = parts(sup(text))
    assert body == "HĐND tỉnh Bắc Giang"
    assert targets == ["Sở Tài nguyên và Môi trường", "Sở Giao thông vận tải"]
    assert topic == "công tác cấp giấy chứng nhận quyền sử dụng đất"


# ---------------------------------------------------------------- no supervision


@pytest.mark.parametrize("text", [
    # monitoring by an agency that is no elected body
    "Bộ Y tế đề nghị Sở Y tế tăng cường kiểm tra, giám sát các cơ sở khám chữa bệnh ngoài công lập.",
    "Ngân hàng Nhà nước sẽ giám sát chặt chẽ nguồn vốn tín dụng trong năm 2024.",
    "Ủy ban Kiểm tra Tỉnh ủy kiểm tra, giám sát việc kê khai tài sản của 120 cán bộ.",
    # the word as a thing or in passing
    "Hệ thống camera giám sát giao thông được lắp tại 30 nút giao trong năm 2022.",
    "Các bãi rác phải mở cửa định kỳ để người dân vào giám sát.",
    "Căn cứ Luật Hoạt động giám sát của Quốc hội và Hội đồng nhân dân ngày 20 tháng 11 năm 2015;",
    # a resolution's implementation article
    "Điều 3. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết. Thường trực Hội đồng nhân dân, các Ban "
    "của Hội đồng nhân dân, các Tổ đại biểu và đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết.",
    "2. Giao Thường trực Hội đồng nhân dân Thành phố giám sát thực hiện Nghị quyết. 3. Đề nghị Ủy ban Mặt trận "
    "Tổ quốc Việt Nam Thành phố tham gia giám sát thực hiện Nghị quyết.",
    # another document cited, and what a committee does with it
    "Thực hiện Nghị quyết số 10/NQ-HĐND của HĐND tỉnh về Chương trình giám sát năm 2024, UBND huyện đã "
    "xây dựng báo cáo tình hình thực hiện.",
    "Thời tiết hôm nay nắng nhẹ, nhiệt độ cao nhất 32 độ.",
])
def test_no_supervision(text):
    assert empty(sup(text)), parts(sup(text))


# ---------------------------------------------------------------- documents


def _gold_cases():
    cases = [(ROOT / "corpus" / "gold", ROOT / "corpus" / "docs")]
    if SHARED.is_dir():
        cases += [(SHARED / "real" / "gold", SHARED / "real"), (SHARED / "gold", SHARED / "dev")]
    return cases


@pytest.mark.parametrize("gold_dir,docs_dir", _gold_cases(), ids=lambda p: str(p)[-20:])
def test_supervision_rows_on_gold_documents(gold_dir: Path, docs_dir: Path):
    """Every part at F1 ≥ 0.7 where the sets are (a floor, not the numbers of the day)."""
    from extract.evaluate import evaluate

    if not any("supervision" in json.loads(p.read_text("utf-8")) for p in gold_dir.glob("*.json")):
        pytest.skip(f"no supervision gold in {gold_dir}")
    scores = evaluate(gold_dir, docs_dir)
    for part in ("body", "targets", "topic", "period"):
        s = scores["fields"][f"supervision.{part}"]
        assert s["f1"] >= 0.7 and s["precision"] >= 0.7, (part, s)
