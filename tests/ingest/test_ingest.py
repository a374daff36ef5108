"""Ingest on real files the tests render: PDF, DOCX, HTML, legacy-encoded text, URLs."""

from __future__ import annotations

import codecs
import http.server
import io
import random
import threading
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest

from extract.document import Document, IngestError
from extract.ingest import ingest, read_bytes
from extract.ingest.url import fetch
from render import make_docx, make_html, make_pdf

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"

# Sentences written for these tests, in the wording of several kinds of source.
P1 = ("Thực hiện Nghị quyết số 15/NQ-HĐND ngày 07 tháng 4 năm 2022 của Hội đồng nhân dân tỉnh về "
      "chương trình giám sát năm 2022, Đoàn giám sát đã làm việc với Ủy ban nhân dân huyện Quỳnh Lưu "
      "và các đơn vị liên quan về việc giải quyết thủ tục hành chính.")
P2 = ("Trong năm, huyện đã tiếp nhận 363.424 hồ sơ, giải quyết đúng hạn đạt 99,07%; còn 1.215 hồ sơ "
      "trễ hạn, chủ yếu thuộc lĩnh vực đất đai và xây dựng ở các xã miền núi.")
P3 = ("Đoàn giám sát đề nghị Ủy ban nhân dân huyện chỉ đạo các xã, thị trấn công khai xin lỗi tổ chức, "
      "công dân khi trễ hẹn và tăng cường ứng dụng công nghệ thông tin trong tiếp nhận hồ sơ.")
HEADER = "Báo cáo số 27/BC-ĐGS ngày 20/6/2022 của Đoàn giám sát"


def check_blocks(doc: Document) -> None:
    """Every block points at its own text, in order, NFC, and non-empty."""
    assert doc.blocks, "no blocks"
    last = -1
    for block in doc.blocks:
        piece = doc.text[block.start:block.end]
        assert piece and piece == piece.strip()
        assert block.start > last
        last = block.end
    assert doc.text == unicodedata.normalize("NFC", doc.text)


def block_texts(doc: Document, kind: str | None = None) -> list[str]:
    return [doc.text[b.start:b.end] for b in doc.blocks if kind is None or b.kind == kind]


def block_of(doc: Document, needle: str):
    hits = [b for b in doc.blocks if needle in doc.text[b.start:b.end]]
    assert len(hits) == 1, f"{needle!r} in {len(hits)} blocks"
    return hits[0]


# ---------------------------------------------------------------- PDF


def report_pages() -> list[list[str]]:
    return [
        ["BÁO CÁO", "KẾT QUẢ GIÁM SÁT VIỆC GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", "I. KẾT QUẢ ĐẠT ĐƯỢC", P1,
         "1. Công tác chỉ đạo, điều hành", "a) Ban hành kế hoạch cải cách hành chính kịp thời.",
         "- Tỷ lệ hồ sơ đúng hạn đạt 99,07%;"],
        ["II. TỒN TẠI, HẠN CHẾ", P2, "Vốn vay từ Ngân hàng Agri-\nbank cho phát triển kinh tế-\nxã hội còn chậm."],
        ["III. KIẾN NGHỊ", P3, "Nơi nhận:", "- Thường trực HĐND tỉnh;", "- Lưu: VT."],
    ]


@pytest.mark.parametrize("number_format", ["Trang {n}", "- {n} -", "{n}/{total}"])
def test_pdf_three_pages_running_header_and_page_numbers(number_format: str) -> None:
    data = make_pdf(report_pages(), header=HEADER, footer_page_numbers=True, page_number_format=number_format,
                    headings=["BÁO CÁO", "KẾT QUẢ GIÁM SÁT VIỆC GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"])
    doc = read_bytes(data, name="bao-cao.pdf")
    check_blocks(doc)
    assert doc.media_type == "application/pdf" and doc.pages == 3
    assert "27/BC-ĐGS" not in doc.text  # the running header is gone from every page
    for n in (1, 2, 3):
        assert number_format.format(n=n, total=3) not in block_texts(doc)
    assert "Trang" not in doc.text
    # Lines of one paragraph are joined, Vietnamese intact, and each block knows its page.
    for para, page in ((P1, 1), (P2, 2), (P3, 3)):
        block = block_of(doc, para[:40])
        assert doc.text[block.start:block.end] == para
        assert block.page == page
    assert all(b.page in (1, 2, 3) for b in doc.blocks)
    # Headings and list items keep blocks of their own.
    assert "BÁO CÁO KẾT QUẢ GIÁM SÁT VIỆC GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in block_texts(doc, "heading")
    assert {"I. KẾT QUẢ ĐẠT ĐƯỢC", "II. TỒN TẠI, HẠN CHẾ", "III. KIẾN NGHỊ"} <= set(block_texts(doc, "heading"))
    texts = block_texts(doc)
    for item in ("1. Công tác chỉ đạo, điều hành", "a) Ban hành kế hoạch cải cách hành chính kịp thời.",
                 "- Tỷ lệ hồ sơ đúng hạn đạt 99,07%;", "Nơi nhận:", "- Thường trực HĐND tỉnh;", "- Lưu: VT."):
        assert item in texts
    # A word hyphen-split across lines is joined; a real hyphen between syllables stays.
    assert "Vốn vay từ Ngân hàng Agribank cho phát triển kinh tế-xã hội còn chậm." in texts
    assert doc.page_at(doc.text.index("363.424")) == 2


def test_pdf_recurring_sentence_is_not_taken_for_a_header() -> None:
    pages = [["I. MỞ ĐẦU", P1], ["II. KẾT QUẢ", P1, P2], [P1, P3]]
    doc = read_bytes(make_pdf(pages, footer_page_numbers=True), name="x.pdf")
    check_blocks(doc)
    assert block_texts(doc).count(P1) == 3
    assert [b.page for b in doc.blocks if doc.text[b.start:b.end] == P1] == [1, 2, 3]
    assert "Trang" not in doc.text


def test_pdf_truncated_is_corrupt() -> None:
    data = make_pdf(report_pages())
    with pytest.raises(IngestError) as err:
        read_bytes(data[: len(data) // 2], name="cut.pdf")
    assert err.value.kind == "corrupt"
    assert "download it again" in err.value.message


def test_pdf_encrypted() -> None:
    data = make_pdf([[P1]], user_password="matkhau")
    with pytest.raises(IngestError) as err:
        read_bytes(data, name="locked.pdf")
    assert err.value.kind == "encrypted"
    assert "password" in err.value.message


@pytest.fixture(params=["tesseract as installed", "tesseract absent"])
def ocr_state(request, monkeypatch) -> bool:
    """Whether OCR can run: as this machine has it, and as if Tesseract were not installed."""
    from extract.ingest import ocr

    if request.param == "tesseract absent":
        monkeypatch.setattr(ocr, "TESSERACT", "giamsat-no-such-tesseract")
    return ocr.available()


def test_pdf_page_without_text_layer_is_a_warning(ocr_state: bool) -> None:
    doc = read_bytes(make_pdf([[P1], [], [P3]], blank_drawing_pages=[2]), name="scan.pdf")
    check_blocks(doc)
    assert doc.pages == 3
    # OCR ran and found nothing on the drawn rectangle, or could not run and says why
    assert [code for code, _ in doc.warnings] == (["ocr"] if ocr_state else ["ocr-unavailable"])
    assert "page 2" in doc.warnings[0][1]
    if not ocr_state:
        assert "tesseract-ocr" in doc.warnings[0][1]  # what to install
    assert [b.page for b in doc.blocks] == [1, 3]


def test_pdf_with_no_text_at_all_says_so(ocr_state: bool) -> None:
    with pytest.raises(IngestError) as err:
        read_bytes(make_pdf([[], []], blank_drawing_pages=[1, 2]), name="scan.pdf")
    assert err.value.kind == ("empty" if ocr_state else "ocr-unavailable") and "OCR" in err.value.message


# ---------------------------------------------------------------- DOCX


def test_docx_heading_paragraphs_and_table() -> None:
    data = make_docx(
        [("Heading 1", "Báo cáo kết quả giám sát"), P1, ("Heading 2", "Kết quả đạt được"), P2],
        tables=[[["TT", "Đơn vị", "Số hồ sơ", "Tỷ lệ đúng hạn"],
                 ["1", "Thị trấn Bút Sơn", "12.540", "99,5%"],
                 ["2", "Xã Hoằng Đạo", "8.032", "98,7%"]]],
    )
    doc = read_bytes(data, name="bao-cao.docx")
    check_blocks(doc)
    assert doc.media_type.endswith("wordprocessingml.document")
    assert block_texts(doc, "heading") == ["Báo cáo kết quả giám sát", "Kết quả đạt được"]
    assert block_texts(doc, "paragraph") == [P1, P2]
    assert block_texts(doc, "table_cell") == ["TT", "Đơn vị", "Số hồ sơ", "Tỷ lệ đúng hạn",
                                              "1", "Thị trấn Bút Sơn", "12.540", "99,5%",
                                              "2", "Xã Hoằng Đạo", "8.032", "98,7%"]
    assert doc.title == "Báo cáo kết quả giám sát"
    # Document order: heading, paragraph, heading, paragraph, then the table.
    assert [b.kind for b in doc.blocks][:5] == ["heading", "paragraph", "heading", "paragraph", "table_cell"]


def test_docx_corrupt_zip() -> None:
    data = make_docx([P1])
    with pytest.raises(IngestError) as err:
        read_bytes(data[:300], name="hong.docx")
    assert err.value.kind == "corrupt"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/readme.txt", "không phải tài liệu Word")
    with pytest.raises(IngestError) as err:
        read_bytes(buf.getvalue(), name="gia.docx")
    assert err.value.kind == "corrupt"


# ---------------------------------------------------------------- HTML

FURNITURE = ("Thống kê truy cập", "4.512.377", "Gửi bình luận", "Mã xác thực", "người đã bình chọn",
             "Trang chủ", "Văn bản pháp quy", "lượt đánh giá", "Bản quyền thuộc")
TITLE = "Giám sát việc giải quyết thủ tục hành chính tại huyện Quỳnh Lưu"


def test_html_main_content_without_furniture() -> None:
    page = make_html(TITLE, [P1, P2, P3], published="2022-06-21")
    doc = read_bytes(page.encode("utf-8"), name="tin.html")
    check_blocks(doc)
    assert doc.media_type == "text/html"
    assert doc.title == TITLE
    assert doc.published == "2022-06-21"
    for para in (P1, P2, P3):
        assert para in block_texts(doc, "paragraph")
    for junk in FURNITURE:
        assert junk not in doc.text, junk


@pytest.mark.parametrize("how", ["meta", "header"])
def test_html_charset_windows_1258(how: str) -> None:
    page = make_html(TITLE, [P1, P2, P3], published="2022-06-21",
                     charset="windows-1258" if how == "meta" else None)
    data = vn_decompose(page).encode("cp1258")
    doc = read_bytes(data, name="tin.htm", charset="windows-1258" if how == "header" else None)
    check_blocks(doc)
    assert doc.encoding == "cp1258"
    assert P2 in block_texts(doc) and doc.title == TITLE


def test_html_utf8_page_served_as_latin1_is_read_as_utf8() -> None:
    page = make_html(TITLE, [P1, P2, P3], charset=None)
    doc = read_bytes(page.encode("utf-8"), name="tin.html", charset="iso-8859-1")
    assert P1 in block_texts(doc)
    assert any(code == "encoding" for code, _ in doc.warnings)


def test_html_utf8_page_with_a_stray_byte_is_read_and_said() -> None:
    data = make_html(TITLE, [P1, P2, P3], charset="utf-8").encode("utf-8")
    at = data.index(b" ", data.index(P2.encode("utf-8"))) + 1  # inside the second paragraph's text
    doc = read_bytes(data[:at] + b"\x92" + data[at:], name="tin.html")
    check_blocks(doc)
    assert P1 in block_texts(doc) and P3 in block_texts(doc) and doc.text.count("\ufffd") == 1
    word = P2.split(" ")[1]
    assert f" \ufffd{word}" in doc.text
    codes = [code for code, _ in doc.warnings]
    assert "encoding-repaired" in codes and doc.encoding == "utf-8"
    assert f"at byte {at})" in dict(doc.warnings)["encoding-repaired"]


@pytest.mark.parametrize("name", ["tin.html", "tin.txt"])
def test_a_byte_order_mark_and_a_stray_byte_are_read_and_said(name: str) -> None:
    data = (make_html(TITLE, [P1, P2, P3], charset=None) if name.endswith(".html") else TEXT).encode("utf-8")
    at = data.index(b" ", len(data) // 2) + 1
    doc = read_bytes(b"\xef\xbb\xbf" + data[:at] + b"\xff" + data[at:], name=name)
    check_blocks(doc)
    assert not doc.text.startswith("\ufeff") and doc.text.count("\ufffd") == 1
    assert f"at byte {at + 3})" in dict(doc.warnings)["encoding-repaired"]


def test_html_page_of_mostly_invalid_bytes_is_still_an_encoding_error() -> None:
    good = make_html(TITLE, [P1, P2, P3], charset="utf-8").encode("utf-8")
    data = b"".join(good[i:i + 50] + b"\x81" for i in range(0, len(good), 50))
    with pytest.raises(IngestError) as err:
        read_bytes(data, name="tin.html")
    assert err.value.kind == "encoding"


# ---------------------------------------------------------------- plain text

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def vn_decompose(text: str) -> str:
    """NFD for Windows-1258: tone marks split off, but letters like ơ, ư, â, đ kept whole
    (cp1258 has those precomposed and no code for a lone horn or breve)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in _TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES)) + tones)
    return "".join(out)


TEXT = "\n\n".join(["Đoàn giám sát làm việc tại huyện Quỳnh Lưu", P1, P2, P3])


def test_text_windows_1258() -> None:
    data = vn_decompose(TEXT).encode("cp1258")
    assert b"\xec" in data or b"\xcc" in data  # tones really are separate combining bytes
    doc = read_bytes(data, name="tin.txt")
    check_blocks(doc)
    assert doc.encoding == "windows-1258"
    assert doc.text == unicodedata.normalize("NFC", TEXT)


@pytest.mark.parametrize("codec,bom,expected", [
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
    ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
])
def test_text_with_bom(codec: str, bom: bytes, expected: str) -> None:
    doc = read_bytes(bom + TEXT.encode(codec), name="tin.txt")
    check_blocks(doc)
    assert doc.encoding == expected
    assert doc.text == TEXT
    assert block_texts(doc) == TEXT.split("\n\n")
    assert doc.title == "Đoàn giám sát làm việc tại huyện Quỳnh Lưu"


@pytest.mark.parametrize("form", ["NFC", "NFD"])
@pytest.mark.parametrize("codec,bom,expected", [
    ("utf-16-le", b"", "utf-16-le"),
    ("utf-16-be", b"", "utf-16-be"),
    ("utf-32-le", b"", "utf-32-le"),
    ("utf-32-be", b"", "utf-32-be"),
    ("utf-32-le", codecs.BOM_UTF32_LE, "utf-32"),  # FF FE 00 00: not UTF-16 and a NUL
    ("utf-32-be", codecs.BOM_UTF32_BE, "utf-32"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
])
def test_wide_text_in_any_normal_form_is_read(form: str, codec: str, bom: bytes, expected: str) -> None:
    """UTF-16 and UTF-32, with a byte-order mark or without, composed or decomposed: a decomposed
    text's tone marks (U+0300 …) put NULs on both sides of UTF-16's byte pairs, and it is still
    read as what it is, never as UTF-8 with a NUL between every two letters."""
    doc = read_bytes(bom + unicodedata.normalize(form, TEXT).encode(codec), name="tin.txt")
    check_blocks(doc)
    assert doc.encoding == expected
    assert doc.text == TEXT


def test_decomposed_utf16_without_a_mark_gives_its_figures() -> None:
    from extract.pipeline import process_bytes

    report = process_bytes(unicodedata.normalize("NFD", TEXT).encode("utf-16-le"), name="tin.txt")
    assert report.source.encoding == "utf-16-le"
    assert {(f.value, f.unit) for f in report.figures} >= {(363424, "hồ sơ"), (99.07, "%"), (1215, "hồ sơ")}


@pytest.mark.parametrize("data,words", [
    pytest.param(unicodedata.normalize("NFD", TEXT).encode("utf-16-le")[:-1], "cut short", id="nfd-utf16le-cut"),
    pytest.param(TEXT.encode("utf-16-be")[:-1], "cut short", id="utf16be-cut"),
    # ASCII in UTF-16LE cut short: valid UTF-8, with a NUL between every two letters
    pytest.param("Doan giam sat lam viec voi UBND huyen ngay 07/4/2023".encode("utf-16-le")[:-1], "UTF-16",
                 id="ascii-utf16le-cut"),
    pytest.param(codecs.BOM_UTF16_LE + random.Random(3).randbytes(4000), "UTF-16", id="utf16-mark-then-junk"),
    pytest.param(codecs.BOM_UTF16_LE + "\x01\x02\x03\x04 \x05\x06".encode("utf-16-le") * 500, "does not read as text",
                 id="utf16-mark-then-controls"),
])
def test_bytes_that_decode_but_do_not_read_as_text_are_refused(data: bytes, words: str) -> None:
    with pytest.raises(IngestError) as err:
        read_bytes(data, name="tin.txt")
    assert err.value.kind == "encoding"
    assert words in err.value.message and "re-save it as UTF-8" in err.value.message, err.value.message


def test_a_few_stray_nuls_in_utf8_are_no_reason_to_refuse_it() -> None:
    data = TEXT.encode().replace("huyện".encode(), "huy\x00ện".encode()) + b"\x00" * 64 + b"\n\n" + P2.encode()
    doc = read_bytes(data, name="tin.txt")
    assert doc.encoding == "utf-8" and "363.424 hồ sơ" in doc.text


def test_text_nfd_utf8_is_normalised() -> None:
    doc = read_bytes(unicodedata.normalize("NFD", TEXT).encode("utf-8"), name="tin.txt")
    check_blocks(doc)
    assert doc.text == TEXT


def test_binary_junk_is_an_encoding_error() -> None:
    rng = random.Random(7)
    defined = [b for b in range(1, 256) if _cp1258_defined(b)]
    for junk in (bytes(rng.choice(defined) for _ in range(4000)), bytes(rng.randrange(256) for _ in range(4000))):
        with pytest.raises(IngestError) as err:
            read_bytes(junk, name="tin.txt")
        assert err.value.kind == "encoding"
        assert "UTF-8" in err.value.message


def _cp1258_defined(b: int) -> bool:
    try:
        bytes([b]).decode("cp1258")
        return True
    except UnicodeDecodeError:
        return False


@pytest.mark.parametrize("data", [b"", b"  \n\r\n\t ", codecs.BOM_UTF8 + b"\n\n"])
def test_empty_input(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "rong.txt"
    path.write_bytes(data)
    with pytest.raises(IngestError) as err:
        ingest(path)
    assert err.value.kind == "empty"


def test_seed_page_visitor_counters_are_furniture() -> None:
    seed = CORPUS / "dev" / "seed-hoang-hoa.txt"
    if not seed.is_file():
        pytest.skip(f"shared corpus absent ({seed})")
    doc = ingest(seed)
    check_blocks(doc)
    content = "".join(doc.text[b.start:b.end] for b in doc.blocks if b.kind != "furniture")
    furniture = "".join(doc.text[b.start:b.end] for b in doc.blocks if b.kind == "furniture")
    assert "Thống kê truy cập" in furniture and "Trong năm" in furniture
    assert "Thống kê truy cập" not in content and "người đã bình chọn" not in content
    assert "Hoằng Hóa" in content
    assert doc.blocks[0].kind == "paragraph"


# ---------------------------------------------------------------- URLs


class _Handler(http.server.BaseHTTPRequestHandler):
    pdf = b""
    html = b""

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (the timeout test)
            pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path == "/tin.html":
            self._send(200, self.html, "text/html; charset=windows-1258")
        elif self.path == "/bao-cao":
            self._send(200, self.pdf, "application/octet-stream")
        elif self.path == "/cham":
            time.sleep(1.5)
            self._send(200, b"<html><body><p>muon</p></body></html>", "text/html")
        elif self.path == "/lon":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()  # no Content-Length: the cap must hold while reading
            try:
                for _ in range(64):
                    self.wfile.write(b"a" * 4096)
            except (BrokenPipeError, ConnectionResetError):  # the client stopped at its cap
                pass
        elif self.path == "/vong":
            self.send_response(302)
            self.send_header("Location", "/vong")
            self.end_headers()
        elif self.path == "/chuyen":
            self.send_response(301)
            self.send_header("Location", "/tin.html")
            self.end_headers()
        else:
            self._send(404, "Không tìm thấy".encode(), "text/plain; charset=utf-8")


@pytest.fixture(scope="module")
def server():
    _Handler.pdf = make_pdf(report_pages(), header=HEADER, footer_page_numbers=True)
    _Handler.html = vn_decompose(make_html(TITLE, [P1, P2, P3], published="2022-06-21", charset=None)
                                 ).encode("cp1258")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_html_round_trip(server: str) -> None:
    data, media_type, charset = fetch(server + "/tin.html")
    assert (media_type, charset) == ("text/html", "windows-1258")
    doc = ingest(server + "/tin.html")
    check_blocks(doc)
    assert doc.url == server + "/tin.html" and doc.path is None
    assert doc.title == TITLE and doc.published == "2022-06-21"
    assert P3 in block_texts(doc)
    assert "Thống kê truy cập" not in doc.text
    assert ingest(server + "/chuyen").text == doc.text  # one redirect is followed


def test_url_pdf_sent_as_octet_stream(server: str) -> None:
    doc = ingest(server + "/bao-cao")
    check_blocks(doc)
    assert doc.media_type == "application/pdf" and doc.pages == 3
    assert block_of(doc, P2[:30]).page == 2


def test_url_errors(server: str) -> None:
    with pytest.raises(IngestError) as err:
        fetch(server + "/khong-co")
    assert err.value.kind == "fetch" and "404" in err.value.message
    started = time.monotonic()
    with pytest.raises(IngestError) as err:
        fetch(server + "/cham", timeout=0.3)
    assert err.value.kind == "fetch" and "timed out" in err.value.message
    assert time.monotonic() - started < 1.2
    with pytest.raises(IngestError) as err:
        fetch(server + "/lon", max_bytes=100_000)
    assert err.value.kind == "limit"
    assert len(fetch(server + "/lon", max_bytes=1_000_000)[0]) == 64 * 4096
    with pytest.raises(IngestError) as err:
        fetch(server + "/vong")
    assert err.value.kind == "fetch" and "redirect" in err.value.message
    with pytest.raises(IngestError) as err:
        fetch("ftp://127.0.0.1/tin.txt")
    assert err.value.kind == "fetch"


def test_a_few_invalid_utf8_bytes_are_replaced_and_said() -> None:
    good = TEXT.encode("utf-8")
    at = good.index(b" ", 30) + 1
    data = good[:at] + b"\xff" + good[at:] + "ệ".encode()[:2]  # a stray byte, a letter cut at the end
    doc = read_bytes(data, name="tin.txt")
    check_blocks(doc)
    assert doc.encoding == "utf-8" and doc.text.count("\ufffd") == 2
    assert [code for code, _ in doc.warnings] == ["encoding-repaired"]
    assert f"2 invalid UTF-8 byte sequences replaced by U+FFFD (at bytes {at}, {len(data) - 2})" in doc.warnings[0][1]
    assert doc.text.startswith(TEXT[:20]) and doc.text.endswith("\ufffd")


def test_a_written_replacement_character_is_not_an_invalid_byte() -> None:
    data = ("Ký tự \ufffd viết sẵn. " + TEXT).encode("utf-8") + b"\xc3"
    doc = read_bytes(data, name="tin.txt")
    assert "1 invalid UTF-8 byte sequence replaced" in doc.warnings[0][1]


def test_many_invalid_utf8_bytes_stay_an_encoding_error() -> None:
    good = (TEXT * 3).encode("utf-8")
    data = b"".join(good[i:i + 100] + b"\xff" for i in range(0, len(good), 100))
    with pytest.raises(IngestError) as err:
        read_bytes(data, name="tin.txt")
    assert err.value.kind == "encoding" and "UTF-8" in err.value.message
