"""Properties of extraction on any text (hypothesis): the whole ``process_bytes`` never raises
but for an input it explains, every span lies inside the text and equals its evidence, every
date value is valid ISO 8601, every figure value is finite, and the same bytes give the same
record."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.checks import grounded_items, valid_iso
from extract.document import IngestError
from extract.ingest import sniff
from extract.normalize import clean
from extract.pipeline import process_bytes

WORDS = [
    "Đoàn giám sát", "Hội đồng nhân dân", "HĐND", "UBND", "Ủy ban nhân dân", "huyện Quỳnh Lưu", "xã", "tỉnh",
    "Thanh Hóa", "thị trấn", "đồng chí", "Chủ tịch", "Phó Chủ tịch", "Trưởng ban", "Nguyễn Văn An", "Lê Thị Hoa",
    "ông", "bà", "đề nghị", "kiến nghị", "yêu cầu", "hồ sơ", "tỷ lệ", "đạt", "tăng", "giảm", "trong đó", "gồm",
    "tỷ đồng", "triệu đồng", "đồng", "ha", "người", "hộ", "km", "lượt", "Nghị quyết số 15/NQ-HĐND",
    "Số: 27/BC-ĐGS", "Báo cáo", "quý I/2017", "giai đoạn 2018 - 2021", "năm học 2017-2018", "nhiệm kỳ 2016-2021",
    "6 tháng đầu năm 2017", "ngày", "tháng", "năm", "chiều", "sáng", "Tồn tại, hạn chế", "I. KẾT QUẢ", "a)", "-",
    "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "hoà", "hòa", "Thuỷ", "Thủy", "Điều 3",
]
PUNCT = [".", ",", ";", ":", "(", ")", "-", "–", "/", "\n", "\n\n", " ", "…", "\"", "“", "”", "%", "+", "=", "*"]


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


NUMBERS = st.one_of(
    st.integers(0, 10 ** 15).map(str),
    st.integers(0, 10 ** 12).map(_thousands),
    st.tuples(st.integers(0, 10 ** 6), st.integers(0, 999)).map(lambda t: f"{_thousands(t[0])},{t[1]}"),
    st.tuples(st.integers(0, 999), st.integers(0, 99)).map(lambda t: f"{t[0]},{t[1]:02d}%"),
    st.floats(allow_nan=True, allow_infinity=True).map(str),  # "nan", "inf", "1e+300"
    st.just("1" * 400),  # a number no float holds exactly
)
DATES = st.one_of(  # real and impossible dates alike: 31/2, month 13, year 0
    st.tuples(st.integers(0, 40), st.integers(0, 14), st.integers(0, 3000)).map(lambda t: "ngày %d/%d/%d" % t),
    st.tuples(st.integers(0, 40), st.integers(0, 14), st.integers(0, 3000)).map(
        lambda t: "ngày %02d tháng %d năm %d" % t),
    st.tuples(st.integers(0, 40), st.integers(0, 14)).map(lambda t: "%d/%d" % t),
    st.tuples(st.integers(0, 40), st.integers(0, 14)).map(lambda t: "sáng %d.%d" % t),
    st.tuples(st.integers(1900, 2100), st.integers(1900, 2100)).map(lambda t: "giai đoạn %d - %d" % t),
    st.tuples(st.sampled_from(["I", "II", "III", "IV", "V"]), st.integers(0, 3000)).map(lambda t: "quý %s/%d" % t),
)
FRAGMENT = st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCT), NUMBERS, DATES, st.text(max_size=12))
TEXTS = st.lists(FRAGMENT, min_size=1, max_size=50).map(" ".join)


def _dates(report):
    yield from report.dates
    if report.supervision.period is not None:
        yield report.supervision.period
    issued = getattr(getattr(report, "document", None), "issued", None)
    if issued is not None:
        yield issued


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(TEXTS)
def test_any_text_gives_a_grounded_valid_deterministic_record(text: str) -> None:
    data = text.encode("utf-8")
    try:
        report = process_bytes(data, name="input.txt")
    except IngestError as exc:
        # only what a user is told about: nothing to read, or bytes that are no text file
        assert exc.message
        assert not clean(text) or sniff(data, "input.txt") != "text/plain", (exc.kind, exc.message)
        return
    body = report.text
    for where, evidence, span in grounded_items(report):
        assert 0 <= span.start <= span.end <= len(body), where
        assert body[span.start:span.end] == evidence, where
    for item in _dates(report):
        assert valid_iso(item.value), (item.text, item.value)
    for figure in report.figures:
        assert math.isfinite(figure.value), (figure.text, figure.value)
    assert process_bytes(data, name="input.txt").model_dump_json() == report.model_dump_json()


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=300))
def test_arbitrary_unicode_never_raises_but_to_explain(text: str) -> None:
    try:
        report = process_bytes(text.encode("utf-8"), name="input.txt")
    except IngestError as exc:
        assert exc.kind and exc.message
        return
    for where, evidence, span in grounded_items(report):
        assert report.text[span.start:span.end] == evidence, where
