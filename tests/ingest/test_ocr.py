"""Scanned PDFs: pages without a text layer are read by Tesseract (Vietnamese model).

The formal reports of the corpus are rendered to a PDF, drawn to page images (200 dpi),
put back together as an image-only PDF, and read again: the record says which pages were
OCR'd (also where a stamp gives the scan a text layer of a few words), a ruled table comes
back as labelled cells, and the extraction is scored against the gold. OCR is slow, so a page budget picks the reports (those with tables first).
Without Tesseract the record warns (or, with no text at all, is an error) and says what
to install; those tests run everywhere.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from conftest import OWN
from extract.ingest import IngestError, ocr, read_bytes
from extract.models import ErrorRecord
from extract.pipeline import extract_document, process
from render import image_pdf, make_pdf, report_pdf
from test_tables import FIELDS, score_reports

PAGE_BUDGET = 9  # pages OCR'd by the scanned-report tests (about 3 s a page on one core)
REPORTS = sorted((OWN / "docs").glob("bao-cao-*.txt"))


def require_tesseract() -> None:
    reason = ocr.status()
    if reason is not None:
        pytest.skip(f"OCR not available: {reason} (scripts/setup.d/tesseract.sh)")


@pytest.fixture
def no_tesseract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "TESSERACT", "giamsat-test-no-such-tesseract")


# ---------------------------------------------------------------- without Tesseract (run everywhere)


def test_parse_tsv_groups_words_into_lines_in_pdf_units() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "1\t1\t0\t0\t0\t0\t0\t0\t1654\t2339\t-1\t",
        "5\t1\t1\t1\t1\t1\t200\t100\t120\t40\t96.5\tHội",
        "5\t1\t1\t1\t1\t2\t340\t100\t150\t40\t95.0\tđồng",
        "5\t1\t1\t1\t2\t1\t200\t160\t100\t40\t90.0\tnhân",
        "5\t1\t1\t1\t2\t2\t320\t160\t80\t40\t-1\t ",
    ]
    page = ocr.parse_tsv("\n".join([header] + rows), dpi=200, page_height=842.0)
    assert [ln.text for ln in page.lines] == ["Hội đồng", "nhân"]
    first = page.lines[0]
    assert first.left == pytest.approx(200 * 72 / 200) and first.right == pytest.approx(490 * 72 / 200)
    assert first.top == pytest.approx(842 - 100 * 72 / 200) and first.bottom == pytest.approx(842 - 140 * 72 / 200)
    assert page.tables == []


def test_ruled_grids_are_found_in_an_image_and_words_go_to_their_cells() -> None:
    image = Image.new("L", (1000, 1400), 255)
    draw = ImageDraw.Draw(image)
    ys, xs = [300, 360, 420, 480], [100, 400, 650, 900]
    for y in ys:
        draw.rectangle([xs[0], y, xs[-1], y + 2], fill=0)
    for x in xs:
        draw.rectangle([x, ys[0], x + 2, ys[-1] + 2], fill=0)
    draw.rectangle([100, 100, 700, 130], fill=0)  # a dark band that is no table (one rule only)
    draw.text((120, 320), "Huyen A", fill=0)
    grids = ocr.find_grids(image)
    assert len(grids) == 1
    assert [a for a, _ in grids[0].rows] == ys and [a for a, _ in grids[0].columns] == xs
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    words = [("Đơn", 120, 310), ("vị", 190, 310), ("Số", 420, 310), ("Tỷ", 670, 310), ("lệ", 720, 310),
             ("Xã", 120, 370), ("A", 170, 370), ("|12", 420, 370), ("30,5", 670, 370),
             ("Xã", 120, 430), ("B", 170, 430), ("7", 420, 430), ("8,25", 670, 430), ("Ngoài", 100, 600)]
    tsv = "\n".join([header] + [f"5\t1\t1\t1\t1\t{k}\t{x}\t{y}\t40\t30\t90\t{w}" for k, (w, x, y) in enumerate(words)])
    grid = ocr.find_grids(image)
    page = ocr.parse_tsv(tsv, dpi=200, page_height=504.0, grids=grid)
    assert page.tables[0].rows == [["Đơn vị", "Số", "Tỷ lệ"], ["Xã A", "12", "30,5"], ["Xã B", "7", "8,25"]]
    assert [ln.text for ln in page.lines] == ["Ngoài"]


def test_without_tesseract_a_page_without_text_is_a_warning(no_tesseract: None) -> None:
    data = make_pdf([["Đoàn giám sát làm việc với UBND huyện Hoằng Hóa."], [], ["Kiến nghị UBND tỉnh."]],
                    blank_drawing_pages=[2])
    doc = read_bytes(data, name="mixed.pdf")
    assert [b.page for b in doc.blocks] == [1, 3]
    assert [code for code, _ in doc.warnings] == ["ocr-unavailable"]
    message = doc.warnings[0][1]
    assert "page 2" in message and "tesseract-ocr tesseract-ocr-vie" in message


def test_without_tesseract_a_scan_is_an_error_record(no_tesseract: None, tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(image_pdf(make_pdf([["Báo cáo kết quả giám sát."]]), dpi=100))
    with pytest.raises(IngestError) as err:
        read_bytes(scan.read_bytes(), name=scan.name)
    assert err.value.kind == "ocr-unavailable"
    record = process(scan)
    assert isinstance(record, ErrorRecord)
    assert record.error.kind == "ocr-unavailable"
    assert "tesseract-ocr tesseract-ocr-vie" in record.error.message


# ---------------------------------------------------------------- with Tesseract


def test_a_page_that_takes_too_long_is_a_warning_not_a_failure() -> None:
    require_tesseract()
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(image_pdf(make_pdf([["Báo cáo kết quả giám sát năm 2023."]]), dpi=200))
    result = ocr.ocr_pages(pdf, [0], timeout=0.001)
    assert isinstance(result[0], str) and "longer than" in result[0]


def _budget(reports: list[Path]) -> list[tuple[Path, bytes]]:
    """Reports rendered to text PDFs, those with a table first, while their pages fit the budget."""
    import pypdfium2 as pdfium

    chosen, pages = [], 0
    for path in sorted(reports, key=lambda p: (" | " not in p.read_text(encoding="utf-8"), p.name)):
        pdf = report_pdf(path.read_text(encoding="utf-8"))
        n = len(pdfium.PdfDocument(pdf))
        if pages + n <= PAGE_BUDGET:
            chosen.append((path, pdf))
            pages += n
    return chosen


@pytest.fixture(scope="module")
def scanned() -> list[tuple[Path, object, float]]:
    """(report, its Document read from the scan, seconds) for the reports within the budget."""
    require_tesseract()
    if not REPORTS:
        pytest.skip(f"no formal reports (bao-cao-*.txt) in {OWN / 'docs'}")
    out = []
    for k, (path, pdf) in enumerate(_budget(REPORTS)):
        # every other report carries a stamp in a text layer: a scan all the same
        scan = image_pdf(pdf, dpi=200, stamp="Bản số hóa - trang {n}" if k % 2 else None)
        start = time.monotonic()
        doc = read_bytes(scan, name=path.stem + ".pdf")
        out.append((path, doc, time.monotonic() - start))
    return out


def test_the_record_says_which_pages_were_ocrd(scanned: list) -> None:
    for path, doc, seconds in scanned:
        print(f"\n{path.stem}: {doc.pages} pages OCR'd in {seconds:.1f} s")
        pages = ", ".join(str(n) for n in range(1, doc.pages + 1))
        assert ("ocr", f"pages {pages} were read by OCR (Tesseract vie)") in doc.warnings
        assert all(b.ocr for b in doc.blocks)
        assert {b.page for b in doc.blocks} == set(range(1, doc.pages + 1))


def test_a_scanned_table_comes_back_as_labelled_cells(scanned: list) -> None:
    with_tables = [(p, d) for p, d, _ in scanned if " | " in p.read_text(encoding="utf-8")]
    if not with_tables:
        pytest.skip("no report with a table fits the OCR page budget")
    for path, doc in with_tables:
        rows = [line.split(" | ") for line in path.read_text(encoding="utf-8").split("\n") if " | " in line]
        numbers = {c.strip() for row in rows[1:] for c in row[2:]}
        cells = {doc.text[b.start:b.end]: b.label for b in doc.blocks if b.kind == "table_cell"}
        found = [n for n in numbers if n in cells and cells[n]]
        print(f"\n{path.stem}: {len(found)}/{len(numbers)} table values read into labelled cells")
        assert len(found) >= 0.9 * len(numbers)


def test_formal_reports_from_scanned_pdfs(scanned: list) -> None:
    print(f"\nformal reports read from scanned PDFs ({sum(d.pages for _, d, _ in scanned)} pages, "
          f"{sum(s for _, _, s in scanned):.1f} s of OCR):")
    scores = score_reports([(path, extract_document(doc)) for path, doc, _ in scanned])
    for field in FIELDS:
        assert scores[field]["f1"] >= 0.8, (field, scores[field])
