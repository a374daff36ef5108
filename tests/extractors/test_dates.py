"""The dates extractor: calendar expressions → ISO 8601, on sentences written in the
styles of news leads, formal reports and recommendations, and what must not be a date."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.checks import valid_iso
from extract.document import Block, Document
from extract.extractors.dates import dates, find_dates
from extract.nlp import tokens
from extract.registry import Context, run_one

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def found(text: str) -> list[tuple[str, str]]:
    """(evidence, value) of each distinct date the extractor returns."""
    return [(d.text, d.value) for d in run_one("dates", text)]


# ------------------------------------------------------------------ positives

POSITIVE: list[tuple[str, list[tuple[str, str]]]] = [
    # formal report header and body
    ("Thanh Hóa, ngày 15 tháng 5 năm 2022", [("ngày 15 tháng 5 năm 2022", "2022-05-15")]),
    ("Hà Nội, ngày 07 tháng 04 năm 2021", [("ngày 07 tháng 04 năm 2021", "2021-04-07")]),
    ("Kỳ họp diễn ra ngày 3 tháng 12.", [("ngày 3 tháng 12", "--12-03")]),
    ("BÁO CÁO Kết quả giám sát công tác cải cách hành chính giai đoạn 2018-2021",
     [("giai đoạn 2018-2021", "2018/2021")]),
    ("Tổng số hồ sơ tiếp nhận trong giai đoạn 2018 - 2021 là 363.424 hồ sơ.",
     [("giai đoạn 2018 - 2021", "2018/2021")]),
    ("Chương trình hành động nhiệm kỳ 2016–2021 của Hội đồng nhân dân tỉnh.",
     [("nhiệm kỳ 2016–2021", "2016/2021")]),
    ("Tuyển sinh năm học 2017-2018 được thực hiện đúng kế hoạch.", [("năm học 2017-2018", "2017/2018")]),
    ("Kết quả thực hiện 6 tháng đầu năm 2017 cho thấy nhiều chuyển biến.",
     [("6 tháng đầu năm 2017", "2017-01/2017-06")]),
    ("Nhiệm vụ trọng tâm 6 tháng cuối năm 2017 đã được xác định.",
     [("6 tháng cuối năm 2017", "2017-07/2017-12")]),
    ("Báo cáo tình hình kinh tế - xã hội 9 tháng năm 2019.", [("9 tháng năm 2019", "2019-01/2019-09")]),
    ("Trong 5 tháng đầu năm, lực lượng chức năng đã xử lý 120 trường hợp.",
     [("5 tháng đầu năm", "--01/--05")]),
    ("Lạm phát nửa đầu năm 2023 ở mức thấp.", [("nửa đầu năm 2023", "2023-01/2023-06")]),
    ("Tốc độ cho vay nửa đầu 2017 đã tốt hơn.", [("nửa đầu 2017", "2017-01/2017-06")]),
    ("Giá tăng 30%, nhưng nếu so với cùng kỳ 2016, mức tăng thấp hơn.", [("2016", "2016")]),
    ("Tính đến quý I/2017, cả nước có 21/63 địa phương hoàn thành.", [("quý I/2017", "2017-01/2017-03")]),
    ("Dự kiến trong quý III năm 2022 sẽ hoàn thành việc tháo dỡ.", [("quý III năm 2022", "2022-07/2022-09")]),
    ("Giá đất biến động mạnh từ quý II-III/2016.", [("quý II-III/2016", "2016-04/2016-09")]),
    ("Số liệu quý 4/2020 chưa được tổng hợp.", [("quý 4/2020", "2020-10/2020-12")]),
    ("Đến tháng 12/2021, toàn tỉnh có 808 dịch vụ công trực tuyến.", [("tháng 12/2021", "2021-12")]),
    ("Đầu tháng 1/2017, huyện đưa phần mềm vào sử dụng.", [("Đầu tháng 1/2017", "2017-01")]),
    ("Đến nửa đầu tháng 5/2017, mới có 10 bộ báo cáo.", [("nửa đầu tháng 5/2017", "2017-05")]),
    ("Luật được Quốc hội thông qua vào tháng 5 năm 2022.", [("tháng 5 năm 2022", "2022-05")]),
    ("Tháng 10.2016, chuyên gia an ninh cảnh báo về nguy cơ này.", [("Tháng 10.2016", "2016-10")]),
    ("Cư dân vào ở từ tháng 11-2009 đến nay.", [("tháng 11-2009", "2009-11")]),
    ("Dự kiến đến cuối tháng 6 sẽ có báo cáo chính thức.", [("cuối tháng 6", "--06")]),
    ("Năm 2016, huyện tiếp nhận 21.519 hồ sơ.", [("Năm 2016", "2016")]),
    ("Luật này được ban hành lần đầu tiên năm 1997 và sửa đổi vào năm 2003.",
     [("năm 1997", "1997"), ("năm 2003", "2003")]),
    ("Phấn đấu đến cuối năm 2017 hoàn thành mục tiêu.", [("cuối năm 2017", "2017")]),
    ("Các chỉ tiêu của các năm 2015, 2016 và 2017 đều đạt.",
     [("năm 2015", "2015"), ("2016", "2016"), ("2017", "2017")]),
    ("Ông Nguyễn Văn A (SN 1976, trú tại xã Hoằng Đạo) đã bị tạm giữ.", [("SN 1976", "1976")]),
    # news leads
    ("Chiều 23/6, Đoàn giám sát của HĐND tỉnh làm việc với UBND huyện.", [("Chiều 23/6", "--06-23")]),
    ("Ngày 07/4, Thường trực HĐND tỉnh giám sát tại huyện Hoằng Hóa.", [("Ngày 07/4", "--04-07")]),
    ("Sáng 22.5, Quốc hội thảo luận ở tổ về dự án luật.", [("Sáng 22.5", "--05-22")]),
    ("Tối 13-5, có bệnh nhân thuê người đến gây rối.", [("Tối 13-5", "--05-13")]),
    ("Tại phiên họp sáng nay 29/5, nhiều đại biểu phát biểu.", [("sáng nay 29/5", "--05-29")]),
    ("Phiên họp kéo dài đến buổi sáng ngày 1/6 mới kết thúc.", [("buổi sáng ngày 1/6", "--06-01")]),
    ("Vào rạng sáng 15/5, xe khách gặp nạn trên quốc lộ 1A.", [("rạng sáng 15/5", "--05-15")]),
    ("Quân đội Syria cho biết hôm 18-6 máy bay bị bắn rơi.", [("hôm 18-6", "--06-18")]),
    ("21-6, Đoàn công tác đến làm việc tại xã Hoằng Phụ.", [("21-6", "--06-21")]),
    ("Hôm qua (5/6), Sở Y tế đã có văn bản chỉ đạo.", [("5/6", "--06-05")]),
    ("Thứ Hai (12/6), Quốc hội biểu quyết thông qua nghị quyết.", [("12/6", "--06-12")]),
    ("Báo cáo được công bố ngày hôm nay, 9.6. Cử tri đi bỏ phiếu.", [("9.6", "--06-09")]),
    ("Lúc 13h30 ngày 4/6, nhiệt kế chỉ 57 độ C.", [("ngày 4/6", "--06-04")]),
    ("Khoảng 16 giờ ngày 15/5/2022, vụ cháy xảy ra tại xưởng gỗ.", [("ngày 15/5/2022", "2022-05-15")]),
    ("Quyết định số 1234/QĐ-UBND ngày 12/4/2019 của UBND tỉnh.", [("ngày 12/4/2019", "2019-04-12")]),
    ("Ngày 9.1.2017, Thường vụ Tỉnh ủy họp bất thường.", [("Ngày 9.1.2017", "2017-01-09")]),
    ("Xe kiểm định lần cuối ngày 22-10-2016 tại trung tâm đăng kiểm.", [("ngày 22-10-2016", "2016-10-22")]),
    ("Hạn kiểm định tiếp theo là 21/4/2019.", [("21/4/2019", "2019-04-21")]),
    # deadlines in recommendations
    ("Đề nghị UBND huyện báo cáo kết quả trước ngày 30/6/2023.", [("ngày 30/6/2023", "2023-06-30")]),
    ("Yêu cầu các sở hoàn thành trong quý III/2022.", [("quý III/2022", "2022-07/2022-09")]),
    ("Đề nghị Bộ Công Thương báo cáo Thủ tướng trước 30/6 tới.", [("30/6", "--06-30")]),
    ("Kiến nghị hoàn thành việc di dời chậm nhất trong tháng 9/2023.", [("tháng 9/2023", "2023-09")]),
    ("Yêu cầu hoàn thành trước năm 2025.", [("năm 2025", "2025")]),
    # periods joined by từ … đến
    ("Đoàn làm việc từ 10/6 đến 15/6 tại 5 huyện.", [("từ 10/6 đến 15/6", "--06-10/--06-15")]),
    ("Chương trình thực hiện từ ngày 1/1/2018 đến ngày 31/12/2021.",
     [("từ ngày 1/1/2018 đến ngày 31/12/2021", "2018-01-01/2021-12-31")]),
    ("Tuần lễ diễn ra từ ngày 26 - 28/6/2017 tại Minsk.", [("từ ngày 26 - 28/6/2017", "2017-06-26/2017-06-28")]),
    ("Dự kiến từ ngày 8 – 13/7, liên hiệp sẽ tổ chức đoàn.", [("từ ngày 8 – 13/7", "--07-08/--07-13")]),
    ("Từ tháng 8/2008 đến tháng 12/2012, công ty đã sử dụng vốn sai mục đích.",
     [("Từ tháng 8/2008 đến tháng 12/2012", "2008-08/2012-12")]),
    ("Tuyến bay tạm ngừng từ cuối tháng 6 đến đầu tháng 9/2017.",
     [("từ cuối tháng 6 đến đầu tháng 9/2017", "2017-06/2017-09")]),
    ("Từ năm 1974 đến năm 1978, bà theo học tại Học viện.", [("Từ năm 1974 đến năm 1978", "1974/1978")]),
    ("Hồ sơ thu hồi đất giai đoạn từ năm 2002 đến 2009 còn thiếu.",
     [("giai đoạn từ năm 2002 đến 2009", "2002/2009")]),
    ("Kỷ niệm 70 năm Ngày Thương binh - Liệt sĩ (27/7/1947 - 27/7/2017).",
     [("27/7/1947 - 27/7/2017", "1947-07-27/2017-07-27")]),
    ("Tính từ 1-1 đến hết 30-4-2017, đã có 148 vụ việc.", [("từ 1-1 đến hết 30-4-2017", "2017-01-01/2017-04-30")]),
    ("Thời gian từ 20/12 đến 5/1/2018 là cao điểm.", [("từ 20/12 đến 5/1/2018", "2017-12-20/2018-01-05")]),
    ("Giá vận tải tăng trong tháng 5-6/2017.", [("tháng 5-6/2017", "2017-05/2017-06")]),
    # a period whose end follows a verb of lasting
    ("Hội chợ khai mạc ngày 8/7, kéo dài đến 11/7.", [("ngày 8/7, kéo dài đến 11/7", "--07-08/--07-11")]),
    ("Lễ hội diễn ra từ ngày 8/7 và kéo dài đến hết 11/7 tại thị xã.",
     [("từ ngày 8/7 và kéo dài đến hết 11/7", "--07-08/--07-11")]),
    ("Chương trình bắt đầu từ 8/7, kết thúc vào ngày 11/7.", [("từ 8/7, kết thúc vào ngày 11/7", "--07-08/--07-11")]),
    ("Liên hoan khai mạc ngày 8/7/2024 và bế mạc ngày 11/7/2024.",
     [("ngày 8/7/2024 và bế mạc ngày 11/7/2024", "2024-07-08/2024-07-11")]),
    ("Đoàn làm việc từ ngày 09 đến ngày 20 tháng 9 năm 2024 tại 5 huyện.",
     [("từ ngày 09 đến ngày 20 tháng 9 năm 2024", "2024-09-09/2024-09-20")]),
    ("Kỳ họp diễn ra ngày 14 và 15 tháng 5.", [("ngày 14", "--05-14"), ("15 tháng 5", "--05-15")]),
    # a year that ends a festival's or event's name
    ("Chợ hoa Tết Giáp Thìn 2024 mở cửa từ sớm.", [("Tết Giáp Thìn 2024", "2024")]),
    ("Dịp Tết Nguyên đán 2025, tỉnh tặng 20.000 suất quà.", [("Tết Nguyên đán 2025", "2025")]),
    ("Khai hội lễ hội Xuân Yên Tử 2017 thu hút du khách.", [("lễ hội Xuân Yên Tử 2017", "2017")]),
    ("Đội tuyển chuẩn bị cho World Cup U20 2017 tại Hàn Quốc.", [("Cup U20 2017", "2017")]),
    ("Chiến dịch Xuân - Hè 1972 giành thắng lợi.", [("Xuân - Hè 1972", "1972")]),
    # other shapes found on real texts
    ("Báo cáo tình hình 6 tháng và cả năm 2018 của tỉnh.", [("6 tháng", "2018-01/2018-06"), ("năm 2018", "2018")]),
    ("Trong năm tháng đầu năm 2017, toàn tỉnh có 15 điểm sạt lở.", [("năm tháng đầu năm 2017", "2017-01/2017-05")]),
    ("Đội du kích ra đời vào tháng7/1931 tại xã.", [("tháng7/1931", "1931-07")]),
    # full dates as a scan reads them
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 22 tháng l1 năm 2019;",
     [("ngày 22 tháng l1 năm 2019", "2019-11-22")]),
    ("Căn cứ Nghị định số 34/2017/NĐ-CP ngày 03 thắng 4 năm 2017 của Chính phủ;",
     [("ngày 03 thắng 4 năm 2017", "2017-04-03")]),
    ("Nghị quyết ngày 19 tháng I1 năm 2024 của Hội đồng.", [("ngày 19 tháng I1 năm 2024", "2024-11-19")]),
    # choices documented in the module
    ("Từ năm 2018 đến nay, tỉnh đã cắt giảm 200 thủ tục.", [("năm 2018", "2018")]),
    ("Hội nghị diễn ra trong ngày 14 và 15/5 tại Bắc Kinh.", [("ngày 14", "--05-14"), ("15/5", "--05-15")]),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE, ids=[t[:40] for t, _ in POSITIVE])
def test_dates_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


# ------------------------------------------------------------------ negatives

NEGATIVE = [
    "Thực hiện Nghị quyết số 333/2017/UBTVQH14 của Ủy ban Thường vụ Quốc hội.",
    "Số: 27/BC-BPC",
    "Căn cứ Quyết định 1234/QĐ-UBND của UBND tỉnh.",
    "Căn cứ Luật số 77/2015/QH13 về tổ chức chính quyền địa phương.",
    "Triển khai Nghị quyết số 19-2017/NQ-CP của Chính phủ.",
    "Theo Thông tư 02/2017/TT-BYT, giá dịch vụ được điều chỉnh.",
    "Phiên họp bắt đầu lúc 8 giờ 30 và kết thúc lúc 14h.",
    "Thời gian giải quyết trung bình là 22,5 ngày, giảm 35 ngày so với quy định.",
    "Hôm nay đoàn làm việc; năm tới sẽ tiếp tục giám sát; tuần này có báo cáo.",
    "Kỳ họp thứ 3, Quốc hội khóa XIV.",
    "Tổng số 363.424 hồ sơ, đạt tỷ lệ 97,1%.",
    "Huyện đã đưa 132/203 thủ tục hành chính lên mạng.",
    "Đã có 4/5 xã hoàn thành, còn 10/30 bộ chưa báo cáo.",
    "Tầng 2-5 phục vụ thương mại, giá tăng 2-3 lần, từ 2-3 ngày.",
    "Lãi suất tăng từ 5-10% trong quý này.",
    "Ngày 32/13 không tồn tại, ngày 30/2 cũng vậy.",
    "Số tiền 2016 đồng được chuyển; 2017 người tham gia.",
    "Mỗi năm 2000 người được đào tạo nghề.",
    "Thời hạn 2 năm 3 tháng 5 ngày.",
    "Tổ chức kỷ niệm Cách mạng Tháng 10 Nga.",
    "Thủy đài nằm trên đường 3/2, phường 10.",
    "Chiếm tới 3/4 tổng diện tích, đạt chuẩn ngoại ngữ bậc 1/6.",
    "Từ 2/3 số hộ đã có nước sạch, đến 4/5 xã có trạm y tế.",
    "Khoảng 5-6h sáng, trời mưa to.",
    "Egov Framework 2.0 được triển khai.",
    "Đá quý Việt Nam được xuất khẩu.",
    "Số hộ tăng từ 1999 đến 2005 hộ dân.",
    "Sáng mai, 2/3 số đại biểu sẽ thảo luận.",
    "Việt Nam đăng cai SEA Games 31 thành công.",
    "Dịp Tết có 2025 du khách đến tham quan.",
    "Thủ tướng Nguyễn Xuân Phúc 2016 đã chỉ đạo.",
    "Nhiệm vụ cuối năm được giao cho các sở.",  # a part of a year: a date only in a dated document
]


@pytest.mark.parametrize("text", NEGATIVE, ids=[t[:40] for t in NEGATIVE])
def test_not_dates(text: str) -> None:
    assert found(text) == []


def test_document_number_beside_a_real_date() -> None:
    text = "Thực hiện Nghị quyết số 333/2017/UBTVQH14 ngày 6/2/2017, huyện đạt 97,1%."
    assert found(text) == [("ngày 6/2/2017", "2017-02-06")]


def test_clock_time_then_date() -> None:
    assert found("Trước 16h00 ngày 18/6/2017, các đơn vị gửi báo cáo.") == [("ngày 18/6/2017", "2017-06-18")]


# ------------------------------------------------------------------ grouping and grounding

def test_one_item_per_value_with_every_mention() -> None:
    text = ("Ngày 07/4, Đoàn giám sát làm việc. Giai đoạn 2018 - 2021, huyện tiếp nhận hồ sơ. "
            "Kết quả giai đoạn 2018-2021 được đánh giá cao. Chiều 7/4, đoàn kết thúc.")
    items = run_one("dates", text)
    assert [d.value for d in items] == ["--04-07", "2018/2021"]
    first, period = items
    assert first.text == "Ngày 07/4" and [m.text for m in first.mentions] == ["Ngày 07/4", "Chiều 7/4"]
    assert [m.text for m in period.mentions] == ["Giai đoạn 2018 - 2021", "giai đoạn 2018-2021"]
    for d in items:
        assert text[d.span.start:d.span.end] == d.text
        for m in d.mentions:
            assert text[m.span.start:m.span.end] == m.text


def test_tone_placement_and_case_do_not_matter() -> None:
    # "quý" with the mark on "y" (new style), upper case, NFC text
    assert found("KẾT QUẢ QUÝ II/2019") == [("QUÝ II/2019", "2019-04/2019-06")]
    assert found("Kết quả quí 2 năm 2019") == [("quí 2 năm 2019", "2019-04/2019-06")]


def test_furniture_is_skipped() -> None:
    body = "Chiều 23/6, Đoàn giám sát làm việc tại huyện."
    furniture = "Thống kê truy cập ngày 24/6"
    text = body + "\n\n" + furniture
    doc = Document(text=text, blocks=[Block(0, len(body)), Block(len(body) + 2, len(text), "furniture")])
    ctx = Context(document=doc, tokens=tokens(text, [(0, len(body))]))
    assert [d.value for d in dates(ctx)] == ["--06-23"]


def test_find_dates_offsets() -> None:
    text = "Đầu tháng 1/2017, từ ngày 1/11/2016 và quý I/2017."
    out = find_dates(text)
    assert [(text[s:e], v) for s, e, v in out] == [
        ("Đầu tháng 1/2017", "2017-01"), ("ngày 1/11/2016", "2016-11-01"), ("quý I/2017", "2017-01/2017-03"),
    ]


# ------------------------------------------------------------------ the document's year

_HEADER = ("HỘI ĐỒNG NHÂN DÂN TỈNH HÀ TĨNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 45/BC-HĐND\n"
           "Hà Tĩnh, ngày 20 tháng 6 năm 2023\n\nBÁO CÁO\n")
_BODY = "Kết quả 6 tháng đầu năm, nhiệm vụ quý II và cuối năm; đến cuối năm ngoái mới xong."


def test_parts_of_a_year_take_the_header_year() -> None:
    assert found(_HEADER + _BODY)[1:] == [
        ("6 tháng đầu năm", "2023-01/2023-06"), ("quý II", "2023-04/2023-06"), ("cuối năm", "2023"),
    ]  # "cuối năm ngoái" is another year


def test_parts_of_a_year_take_the_dateline_or_published_year() -> None:
    assert ("quý II", "2024-04/2024-06") in found("Thứ Tư, 11/9/2024 - 16:45\nTrong quý II, tỉnh thu 500 tỷ đồng.")
    body = "Trong quý II, tỉnh thu 500 tỷ đồng; cuối năm sẽ hoàn thành."
    doc = Document(text=body, blocks=[Block(0, len(body))], published="2025-03-05")
    ctx = Context(document=doc, tokens=tokens(body))
    assert [(d.text, d.value) for d in dates(ctx)] == [("quý II", "2025-04/2025-06"), ("cuối năm", "2025")]


def test_header_with_the_day_left_blank_still_gives_the_year() -> None:
    text = "Số: /2024/QĐ-UBND Hà Nội, ngày   tháng   năm 2024\n\nKế hoạch quý IV được giao cho các sở."
    assert ("quý IV", "2024-10/2024-12") in found(text)


def test_parts_of_a_year_stay_yearless_without_a_document_year() -> None:
    # a year only a body sentence names is not the document's
    assert found(_BODY + " Nghị quyết được thông qua ngày 14 tháng 7 năm 2017.") == [
        ("6 tháng đầu năm", "--01/--06"), ("quý II", "--04/--06"), ("ngày 14 tháng 7 năm 2017", "2017-07-14"),
    ]


def test_find_dates_takes_a_year() -> None:
    text = "Kết quả 6 tháng đầu năm và cuối năm."
    assert [v for _, _, v in find_dates(text)] == ["--01/--06"]
    assert [v for _, _, v in find_dates(text, year=2021)] == ["2021-01/2021-06", "2021"]


# ------------------------------------------------------------------ properties

_PIECES = st.sampled_from([
    "ngày ", "Ngày ", "sáng ", "chiều ", "tháng ", "năm ", "quý ", "giai đoạn ", "từ ", "đến ", "và ",
    "nhiệm kỳ ", "đầu ", "cuối ", "6 tháng đầu năm ", "I", "IV", "/", "-", "–", ".", ",", " ", "\n", "(", ")",
    "số ", "QĐ", "hồ sơ", "%", "hôm nay, ", "thứ Hai ",
])
_NUMBERS = st.integers(min_value=0, max_value=2200).map(str)
_TEXTS = st.lists(st.one_of(_PIECES, _NUMBERS, st.text(max_size=4)), max_size=25).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_find_dates_is_grounded_and_valid(text: str) -> None:
    last = -1
    for start, end, value in find_dates(text):
        assert 0 <= start < end <= len(text)
        assert start >= last, "spans are in text order and do not overlap"
        last = end
        assert text[start:end] == text[start:end].strip()
        assert valid_iso(value), value


@settings(max_examples=40, deadline=None)
@given(_TEXTS)
def test_extractor_items_are_grounded(text: str) -> None:
    items = run_one("dates", text)
    assert len({d.value for d in items}) == len(items)
    for d in items:
        assert valid_iso(d.value)
        assert text[d.span.start:d.span.end] == d.text
        assert d.mentions and d.mentions[0].span == d.span
        for m in d.mentions:
            assert text[m.span.start:m.span.end] == m.text


# ------------------------------------------------------------------ measured on the shared gold

def _matches(gold: str, pred: str) -> bool:
    """ANNOTATION: equal values, or a gold end with no year ("--MM-DD") matching any year."""
    gs, ps = gold.split("/"), pred.split("/")
    if len(gs) != len(ps):
        return False
    for g, p in zip(gs, ps):
        if g == p:
            continue
        if g.startswith("--") and re.fullmatch(r"\d{4}", p[:4]) and p[4:] == g[1:]:
            continue  # "2017-06-23"[4:] == "--06-23"[1:]
        return False
    return True


def score_gold() -> tuple[int, int, int]:
    tp = fp = fn = 0
    for gold_file in sorted((CORPUS / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        doc = CORPUS / "dev" / gold.get("doc", gold_file.stem + ".txt")
        if not doc.exists():
            continue
        predicted = [d.value for d in run_one("dates", doc.read_text(encoding="utf-8"))]
        for g in dict.fromkeys(d["value"] for d in gold["dates"]):
            hit = next((p for p in predicted if _matches(g, p)), None)
            if hit is None:
                fn += 1
            else:
                predicted.remove(hit)
                tp += 1
        fp += len(predicted)
    return tp, fp, fn


def test_matcher_rules() -> None:
    assert _matches("--06-23", "--06-23") and _matches("--06-23", "2017-06-23")
    assert not _matches("2017-06-23", "--06-23") and not _matches("--06-23", "--06-24")
    assert _matches("--06-10/--06-15", "2017-06-10/2017-06-15") and not _matches("2017", "2017/2018")


def test_gold_f1() -> None:
    if not (CORPUS / "gold").is_dir() or not (CORPUS / "dev").is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    tp, fp, fn = score_gold()
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"dates on gold: tp={tp} fp={fp} fn={fn} P={precision:.3f} R={recall:.3f} F1={f1:.3f}")
    assert f1 >= 0.85


@pytest.mark.parametrize("text", [
    "Nghị định số 30/2025/NĐ-CP ngày 2Š tháng 02 năm 2025 của Chính phủ",  # "28", a letter for a digit
    "Hà Nội, ngày f6 tháng? năm 2021",  # a handwritten day and month
    "Nghị quyết số 10/2024/NQ-HĐND ngày 1? tháng 5 năm 2024",
], ids=["letter-for-digit", "handwritten", "mark-for-digit"])
def test_a_date_whose_day_a_scan_misread_gives_no_month_in_its_place(text):
    """The date written is a day; its month and year alone would be another value, so nothing is read of it."""
    assert find_dates(text) == []


def test_a_day_range_is_no_misread_day():
    assert [v for _, _, v in find_dates("ngày 5-6 tháng 5 năm 2024")] == ["2024-05-05/2024-05-06"]
