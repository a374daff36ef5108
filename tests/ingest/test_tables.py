"""Tables in PDFs and Word files, and the formal reports read from a text PDF and a DOCX.

A figure in a table cell carries its row and column labels and the cell as its span.
The reports of the project's corpus are rendered into a PDF (tables ruled by fpdf2, found
by pdfplumber) and a DOCX (Word tables), extracted, and scored against their gold.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import OWN
from extract.document import cell_labels
from extract.evaluate import prf, score_document
from extract.ingest import pdf as pdf_reader
from extract.ingest import read_bytes
from extract.pipeline import extract_document
from render import make_pdf, report_docx, report_pdf

FIELDS = ("officials", "dates", "figures.value", "recommendations")
REPORTS = sorted((OWN / "docs").glob("bao-cao-*.txt"))
TABLE = """Kết quả tại các đơn vị được giám sát trực tiếp như sau:
STT | Đơn vị | Số hồ sơ tiếp nhận | Đã giải quyết | Tỷ lệ (%) | Kinh phí (triệu đồng)
1 | Huyện Hoằng Hóa | 1.245 | 1.198 | 96,2 | 2.350
2 | Huyện Quảng Xương | 987 | 941 | 95,3 | 1.875
 | Tổng cộng | 2.232 | 2.139 | 95,8 | 4.225
Trên đây là kết quả giám sát."""


def test_cell_labels() -> None:
    grid = [row.split(" | ") for row in TABLE.split("\n")[1:4]]
    labels = cell_labels(grid)
    assert labels[0] == [None] * 6  # the header labels, it is not labelled
    assert labels[1][:2] == [None, None]  # row number and row label
    assert labels[1][2] == "Huyện Hoằng Hóa / Số hồ sơ tiếp nhận"
    assert labels[2][4] == "Huyện Quảng Xương / Tỷ lệ (%)"
    # a header of years; roman-numbered rows; a table with no numbers labels nothing
    assert cell_labels([["Năm", "2021", "2022"], ["Số hồ sơ", "120", "140"]])[1] == [
        None, "Số hồ sơ / 2021", "Số hồ sơ / 2022"]
    assert cell_labels([["TT", "Nội dung", "Số lượng"], ["I", "Cấp tỉnh", "49"], ["II", "Cấp huyện", "31"]])[2] == [
        None, None, "Cấp huyện / Số lượng"]
    assert cell_labels([["Cơ quan", "Nội dung"], ["Sở Tư pháp", "Hướng dẫn"]]) == [[None, None], [None, None]]
    # the part of a table after a page break, without its header, takes the earlier header
    rest = [["2", "Huyện Quảng Xương", "987", "941", "95,3", "1.875"]]
    assert cell_labels(rest, header=[grid[0]])[0][3] == "Huyện Quảng Xương / Đã giải quyết"


def _table_figures(data: bytes, name: str) -> None:
    doc = read_bytes(data, name=name)
    report = extract_document(doc)
    cells = [b for b in doc.blocks if b.kind == "table_cell"]
    assert len(cells) == 4 * 6 - 1  # the empty row-number cell of the total row is no block
    assert doc.text.count("1.245") == 1  # the table's text is not read twice
    by_value = {f.value: f for f in report.figures}
    cell = next(b for b in cells if doc.text[b.start:b.end] == "1.245")
    fig = by_value[1245]
    assert fig.label == "Huyện Hoằng Hóa / Số hồ sơ tiếp nhận"
    assert (fig.span.start, fig.span.end) == (cell.start, cell.end)
    assert fig.unit == "hồ sơ"
    assert by_value[95.3].unit == "%" and by_value[95.3].label == "Huyện Quảng Xương / Tỷ lệ (%)"
    assert by_value[4225000000].unit == "đồng"  # the column's "triệu đồng"
    assert by_value[4225000000].label == "Tổng cộng / Kinh phí (triệu đồng)"
    assert 1 not in by_value and 2 not in by_value  # row numbers are not figures
    assert report.text[fig.span.start:fig.span.end] == fig.text == "1.245"


def test_figures_in_a_pdf_table() -> None:
    _table_figures(report_pdf(TABLE), "table.pdf")


def test_figures_in_a_word_table() -> None:
    _table_figures(report_docx(TABLE), "table.docx")


def test_pages_without_ruled_tables_keep_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_plumber(data: bytes):
        raise AssertionError("pdfplumber opened for a PDF without tables")

    monkeypatch.setattr(pdf_reader, "_plumber", no_plumber)
    pages = [["Đoàn giám sát làm việc với UBND huyện.", "Tổng số 87 TTHC."], ["Kiến nghị UBND tỉnh chỉ đạo."]]
    doc = read_bytes(make_pdf(pages), name="p.pdf")
    assert "87 TTHC" in doc.text and "Kiến nghị" in doc.text


def test_a_table_cut_by_a_page_break_keeps_its_header() -> None:
    rows = "\n".join(f"{i} | Xã số {i} | {100 + i} | {90 + i}" for i in range(1, 61))
    text = f"Bảng tổng hợp:\nSTT | Xã | Số hộ | Số hộ nghèo\n{rows}"
    doc = read_bytes(report_pdf(text), name="long.pdf")
    assert doc.pages and doc.pages >= 2
    late = [b for b in doc.blocks if b.kind == "table_cell" and b.page == 2 and b.label]
    assert late and all(b.label.endswith(("/ Số hộ", "/ Số hộ nghèo")) for b in late)
    assert not any(b.label for b in doc.blocks if b.kind == "table_cell" and doc.text[b.start:b.end] == "45")


# ---------------------------------------------------------------- the formal reports, text PDF and DOCX


def score_reports(reports: list[tuple[Path, object]]) -> dict[str, dict]:
    """Per-field P/R/F1, micro-averaged over (report path, extracted record) pairs; printed
    per report and in total."""
    totals = {f: [0, 0, 0] for f in FIELDS}
    for path, report in reports:
        gold = json.loads((OWN / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
        scores = score_document(gold, report)["fields"]  # type: ignore[arg-type]
        print(f"  {path.stem:<36}" + "".join(f"{f}={scores[f]['f1']:.2f} " for f in FIELDS))
        for f in FIELDS:
            for i, part in enumerate(("tp", "fp", "fn")):
                totals[f][i] += scores[f][part]
    out = {f: prf(*totals[f]) for f in FIELDS}
    print(f"  {'all reports (micro)':<36}" + "".join(f"{f}={out[f]['f1']:.3f} " for f in FIELDS))
    return out


def measure(render, suffix: str) -> dict[str, dict]:
    """``score_reports`` over all formal reports rendered with ``render``."""
    return score_reports([(path, extract_document(read_bytes(render(path.read_text(encoding="utf-8")),
                                                             name=path.stem + suffix))) for path in REPORTS])


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_formal_reports_from_pdf_and_docx(suffix: str) -> None:
    if not REPORTS:
        pytest.skip(f"no formal reports (bao-cao-*.txt) in {OWN / 'docs'}")
    print(f"\nformal reports read from {suffix}:")
    scores = measure(report_pdf if suffix == ".pdf" else report_docx, suffix)
    for field in FIELDS:
        assert scores[field]["f1"] >= 0.9, (field, scores[field])


def test_a_ruled_box_of_text_is_read_as_text() -> None:
    """Word reports often rule their header block or a list of addressees; without a row of
    figures such a box is no table, and its lines stay paragraphs."""
    text = ("Nơi nhận: | Ghi chú\nThường trực HĐND tỉnh | Để báo cáo\nUBND tỉnh | Để thực hiện\n"
            "Sở Tài chính | Để phối hợp\nTrên đây là báo cáo.")
    doc = read_bytes(report_pdf(text), name="box.pdf")
    assert not [b for b in doc.blocks if b.kind == "table_cell"]
    assert "Thường trực HĐND tỉnh" in doc.text and "Để phối hợp" in doc.text


def test_pipe_table_in_a_text_file_gives_labelled_cells():
    from extract.pipeline import process_bytes

    text = ("Kết quả tại các xã như sau:\n"
            "STT | Đơn vị | Hồ sơ tiếp nhận | Tỷ lệ đúng hạn (%)\n"
            "1 | Xã Cẩm Bình | 1.204 | 97,5\n"
            "2 | Xã Cẩm Thạch | 856 | 99,1\n")
    report = process_bytes(text.encode("utf-8"), name="t.txt")
    cells = {(f.label, f.value, f.unit) for f in report.figures if f.label}
    assert ("Xã Cẩm Bình / Hồ sơ tiếp nhận", 1204, "Hồ sơ") in cells  # the unit as the heading writes it
    assert ("Xã Cẩm Thạch / Tỷ lệ đúng hạn (%)", 99.1, "%") in cells
    assert "1 | Xã Cẩm Bình | 1.204 | 97,5" in report.text.splitlines()  # rows stay as written
    for f in report.figures:
        assert report.text[f.span.start:f.span.end] == f.text
