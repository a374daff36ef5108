"""The layout of real documents: header columns merged by OCR or a text layer, the document
block with blanks and OCR noise, the signature block beside the recipients or before an
annex, form fields holding the number and date, footnote marks, stray characters, OCR'd
section numerals, pages drawn out of order. Every document here is invented."""

from __future__ import annotations

from extract.extractors.structure import signature_title
from extract.ingest import read_bytes
from extract.ingest.columns import split_header, split_header_text
from extract.ingest.numerals import repair
from extract.models import Signer, Span
from extract.normalize import clean
from extract.pipeline import process_bytes
from render import require_font

MERGED = """BAN CHỈ ĐẠO CẢI CÁCH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HÀNH CHÍNH TỈNH QUẢNG TRỊ Độc lập - Tự do - Hạnh phúc
Số: 17/KH-BCĐ Quảng Trị, ngày 03 tháng 5 năm 2023

KẾ HOẠCH
Kiểm tra công tác cải cách hành chính năm 2023

Căn cứ Quyết định số 12/QĐ-UBND ngày 10/01/2023 của UBND tỉnh, Ban Chỉ đạo ban hành Kế hoạch kiểm tra như sau:
I. MỤC ĐÍCH
Đánh giá kết quả thực hiện nhiệm vụ cải cách hành chính tại các sở, ngành.

KT. TRƯỞNG BAN
PHÓ TRƯỞNG BAN
Hoàng Văn Lực
"""


def test_merged_header_rows_are_cut_into_their_columns() -> None:
    lines = MERGED.split("\n")[:3]
    assert [t for _, t in split_header(lines)] == [
        "BAN CHỈ ĐẠO CẢI CÁCH", "HÀNH CHÍNH TỈNH QUẢNG TRỊ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Số: 17/KH-BCĐ", "Quảng Trị, ngày 03 tháng 5 năm 2023",
    ]
    # OCR drops marks and reads "HỘI" as "HỌI": the motto is still found
    ocr = ["UBND HUYỆN CAM LỘ CỘNG HOÀ XÃ HỌI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tư do - Hanh phúc"]
    assert [t for _, t in split_header(ocr)][:2] == ["UBND HUYỆN CAM LỘ", "CỘNG HOÀ XÃ HỌI CHỦ NGHĨA VIỆT NAM"]
    # a header already in lines, and a sentence that names the republic, are left as they are
    clean_header = ["HỘI ĐỒNG NHÂN DÂN", "TỈNH QUẢNG TRỊ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert [t for _, t in split_header(clean_header)] == clean_header
    news = ("Quốc hội phê chuẩn Hiệp định giữa nước Cộng hòa xã hội chủ nghĩa Việt Nam và nước Cộng hòa "
            "dân chủ nhân dân Lào về hợp tác lao động.")
    assert split_header_text(news + "\n" + news) == news + "\n" + news


def test_the_document_block_of_a_merged_header() -> None:
    report = process_bytes(MERGED.encode("utf-8"), name="kh.txt")
    doc = report.document
    assert doc.issuer.text == "BAN CHỈ ĐẠO CẢI CÁCH\nHÀNH CHÍNH TỈNH QUẢNG TRỊ"
    assert doc.number.text == "17/KH-BCĐ" and doc.place.text == "Quảng Trị"
    assert report.source.published == "2023-05-03" and doc.kind == "Kế hoạch"


def test_a_number_and_a_date_left_blank_or_misread() -> None:
    text = ("HỘI ĐỒNG NHÂN DÂN\nHUYỆN CAM LỘ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: /GM-HĐND\nCam Lộ, ngày   tháng 11 năm 2020\n\nGIẤY MỜI\nDự phiên giám sát\n")
    doc = process_bytes(text.encode("utf-8"), name="gm.txt").document
    assert doc.number.text == "/GM-HĐND" and doc.place.text == "Cam Lộ"
    assert doc.issued.value == "2020-11" and doc.issued.text == "tháng 11 năm 2020"
    ocr = text.replace("Số: /GM-HĐND", "Số: #6 /GM-HĐND").replace("ngày   tháng 11", "ngày f6 tháng?")
    report = process_bytes(ocr.encode("utf-8"), name="gm.txt")
    assert report.document.number.text == "#6 /GM-HĐND"
    assert report.document.issued.value == "2020" and report.source.published is None


def test_the_signature_before_an_annex_and_between_the_recipients() -> None:
    text = ("UBND TỈNH QUẢNG TRỊ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 45/QĐ-UBND\nQuảng Trị, ngày 12 tháng 4 năm 2024\n\nQUYẾT ĐỊNH VỀ VIỆC PHÊ DUYỆT MỨC HỖ TRỢ\n\n"
            "Điều 1. Phê duyệt mức hỗ trợ theo Phụ lục kèm theo.\n\nNơi nhận:\n- Như Điều 3;\n"
            "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê Thị Mai\n- Lưu: VT.\n\n"
            "PHỤ LỤC\nMỨC HỖ TRỢ\n" + "\n".join(f"{i} | Xã {i} | {i * 10}" for i in range(1, 80)) + "\n")
    report = process_bytes(text.encode("utf-8"), name="qd.txt")
    doc = report.document
    assert doc.kind == "Quyết định" and doc.title.text == "VỀ VIỆC PHÊ DUYỆT MỨC HỖ TRỢ"
    assert doc.signer.name == "Lê Thị Mai" and doc.signer.title == "PHÓ CHỦ TỊCH"
    assert [m.text for m in doc.recipients] == ["Như Điều 3", "Lưu: VT"]
    (official,) = [o for o in report.officials if o.name == "Lê Thị Mai"]
    assert official.titles[0].expanded == "Phó Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị"


def _signer(title: str, capacity: str) -> Signer:
    return Signer(name="Trần Văn B", title=title, capacity=capacity, span=Span(start=0, end=1))


def test_a_signature_title_takes_the_body_it_signs_for() -> None:
    council = "HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG TRỊ"
    assert signature_title(_signer("CHỦ TỊCH", "TM. HỘI ĐỒNG NHÂN DÂN"), council) == \
        "Chủ tịch Hội đồng nhân dân tỉnh Quảng Trị"
    assert signature_title(_signer("PHÓ TRƯỞNG BAN", "KT. TRƯỞNG BAN"), "HĐND TỈNH QUẢNG TRỊ\nBAN PHÁP CHẾ") == \
        "Phó Trưởng Ban Pháp chế HĐND tỉnh Quảng Trị"
    # a position of its own (a Deputy Prime Minister signing for a committee) is not composed
    assert signature_title(_signer("PHÓ THỦ TƯỚNG", "KT. TRƯỞNG BAN"), "BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH") is None


def test_ocr_section_numerals_are_mended_by_their_order() -> None:
    lines = ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "II. NỘI DUNG", "TH. THÀNH PHẦN ĐOÀN", "TV. THỜI GIAN",
             "V. TỔ CHỨC THỰC HIỆN", "TH. là một chữ viết tắt"]
    assert repair(lines) == ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "II. NỘI DUNG", "III. THÀNH PHẦN ĐOÀN",
                             "IV. THỜI GIAN", "V. TỔ CHỨC THỰC HIỆN", "TH. là một chữ viết tắt"]


def test_stray_characters_are_left_out() -> None:
    assert clean("\ue0a7 Rà soát\ufffe các dự án\n\uf0b7 Công khai x\uf020y") == "• Rà soát các dự án\n• Công khai xy"


def _widget_pdf(rows, fields) -> bytes:
    """A one-page PDF (Helvetica, ASCII) drawing ``rows`` [(x, y, text)], and form fields
    ``fields`` [(x, y, text)]: widgets whose appearance draws their text (as a signing service
    fills in a document's number and date)."""
    from hostile import pdf_file

    # objects: 1 catalog, 2 pages, 3 page, 4 font, 5 content, then an appearance and a widget a field
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    content = b"".join(b"BT /F1 11 Tf %d %d Td (%s) Tj ET\n" % (x, y, t.encode("latin-1")) for x, y, t in rows)
    extra: list[bytes] = []
    annots = []
    for n, (x, y, t) in enumerate(fields):
        ap = b"BT /F1 11 Tf 1 3 Td (%s) Tj ET" % t.encode("latin-1")
        w = 7 * len(t) + 4
        xo = 6 + len(extra)
        extra.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 %d 16] /Resources << /Font << /F1 4 0 R >> >> "
                     b"/Length %d >>\nstream\n" % (w, len(ap)) + ap + b"\nendstream")
        annots.append(6 + len(extra))
        extra.append(b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (f%d) /F 4 /Rect [%d %d %d %d] /AP << /N %d 0 R >> >>"
                     % (n, x - 1, y - 3, x - 1 + w, y + 13, xo))
    return pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R /Annots [%s] >>" % b" ".join(b"%d 0 R" % a for a in annots),
        font,
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        *extra,
    ])


def test_form_fields_holding_the_number_and_date_are_read_where_they_stand() -> None:
    data = _widget_pdf(
        [(60, 780, "So:     /2024/QD-UBND"), (300, 780, "Ha Noi, ngay      thang      nam 2024"),
         (60, 700, "Quyet dinh nay co hieu luc tu ngay ky.")],
        [(83, 780, "69"), (371, 780, "09"), (420, 780, "12")])
    doc = read_bytes(data, name="qd.pdf")
    assert "So: 69/2024/QD-UBND" in doc.text and "ngay 09 thang 12 nam 2024" in doc.text
    # without the fields the text layer has the blanks a reader does not see
    bare = read_bytes(_widget_pdf([(60, 780, "So:     /2024/QD-UBND")], []), name="qd.pdf")
    assert "69" not in bare.text


def test_a_header_drawn_last_is_read_first() -> None:
    data = _widget_pdf([(60, 500, "Dieu 1. Phe duyet muc ho tro."), (60, 480, "Dieu 2. Giao So Tai chinh thuc hien."),
                        (60, 800, "UY BAN NHAN DAN TINH QUANG TRI")], [])
    doc = read_bytes(data, name="qd.pdf")
    assert doc.text.index("UY BAN NHAN DAN") < doc.text.index("Dieu 1.") < doc.text.index("Dieu 2.")


def test_footnote_marks_glued_to_words_are_left_out() -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(require_font()))
    pdf.add_page()
    pdf.set_font("DejaVu", size=12)
    pdf.write(6, "Các huyện, thành phố")
    pdf.char_vpos = "SUP"
    pdf.write(6, "1")
    pdf.char_vpos = "LINE"
    pdf.write(6, " đã hoàn thành kế hoạch năm 2023 và COVID19 đã được kiểm soát.")
    doc = read_bytes(bytes(pdf.output()), name="f.pdf")
    assert "thành phố đã hoàn thành" in doc.text and "COVID19" in doc.text
