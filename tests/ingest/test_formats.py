"""Input formats beyond text, HTML, PDF and .docx: Word 97 .doc, RTF, images, pictures inside
Word files, files told by content (in a folder too).

The project's formal reports are rendered into each format and read back; the record is
compared with the clean text's, field by field, with the project's own scoring (the clean
record standing as gold): exactly for .doc and RTF (made from the .docx renderer's file, they
must also give exactly its record), and with the scanned-PDF tests' tolerance (F1 ≥ 0.8)
where the text comes from OCR (PNG pages, a multi-page TIFF, a .doc holding a scanned page).

Tests that need LibreOffice or Tesseract skip with a message where they are absent; what a
user gets without them (an error record naming the package) is tested everywhere.
"""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import time
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from typer.testing import CliRunner

from conftest import OWN
from extract.cli import app
from extract.commands.extract import expand_inputs
from extract.evaluate import score_document
from extract.ingest import IngestError, ReadLimits, office, read_bytes, reading, sniff
from extract.models import ErrorRecord
from extract.pipeline import extract_document, process
from test_ocr import no_tesseract, require_tesseract  # noqa: F401 - a fixture and the skip, shared
from render import (convert_with_libreoffice, make_docx, make_pdf, ole_file, page_images, picture_docx,
                    report_docx, report_pdf, report_pngs, report_tiff, require_libreoffice, word_fib)

REPORTS = sorted((OWN / "docs").glob("bao-cao-*.txt"))
EXACT = ("officials", "officials.titles", "dates", "figures.value", "figures.value+unit", "recommendations")
OCR_FIELDS = ("officials", "dates", "figures.value", "recommendations")  # as tests/ingest/test_ocr.py scores scans
OCR_F1 = 0.8  # the scanned-PDF tests' tolerance
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def require_reports() -> list[Path]:
    if not REPORTS:
        pytest.skip(f"no formal reports (bao-cao-*.txt) in {OWN / 'docs'}")
    return REPORTS


@pytest.fixture
def no_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office, "SOFFICE", "giamsat-test-no-such-soffice")


def clean_record(path: Path):
    text = path.read_text(encoding="utf-8")
    return extract_document(read_bytes(text.encode("utf-8"), name=path.name))


def as_gold(report) -> dict:
    """A record in the gold files' shape (corpus/gold), so ``score_document`` compares two records."""
    d = report.document
    document = {
        "number": d.number.text if d.number else None, "kind": d.kind,
        "issuer": d.issuer.text if d.issuer else None, "place": d.place.text if d.place else None,
        "issued": d.issued.value if d.issued else None, "title": d.title.text if d.title else None,
        "recipients": [m.text for m in d.recipients],
    }
    if d.signer:
        document["signer"] = {"name": d.signer.name, "title": d.signer.title, "capacity": d.signer.capacity}
    return {
        "officials": [{"name": o.name, "titles": [t.text for t in o.titles]} for o in report.officials],
        "dates": [{"value": x.value, "text": x.text} for x in report.dates],
        "figures": [{"value": f.value, "unit": f.unit, "text": f.text} for f in report.figures],
        "recommendations": [{"text": r.text, "by": r.by, "addressee": r.addressee} for r in report.recommendations],
        "document": document,
    }


def compare(clean, other, label: str) -> dict:
    """``score_document`` of ``other`` against ``clean`` as gold; printed field by field."""
    scores = score_document(as_gold(clean), other)
    f1 = {f: scores["fields"][f]["f1"] for f in EXACT}
    print(f"  {label:<44}" + " ".join(f"{f}={v:.2f}" for f, v in f1.items())
          + f" document={scores['accuracy']['document']['accuracy']}")
    return scores


def content(report) -> dict:
    """Everything a record holds but where it came from."""
    dumped = report.model_dump()
    return {k: v for k, v in dumped.items() if k not in ("id", "source")}


# ---------------------------------------------------------------- sniffing (runs everywhere)


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (width, height), 255).save(buffer, "PNG")
    return buffer.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


MARKDOWN = ("# BÁO CÁO\n\nKết quả giám sát việc giải quyết thủ tục hành chính.\n\n"
            "| STT | Đơn vị | Số hồ sơ |\n|---|---|---|\n| 1 | Huyện A | 1.245 |\n")


def test_kinds_are_told_by_content_not_by_name() -> None:
    docx_bytes = make_docx(["Báo cáo kết quả giám sát."])
    cases = [
        (docx_bytes, "bao-cao.doc", DOCX),  # a .doc that is really a .docx
        (ole_file({"WordDocument": word_fib()}), "bao-cao.docx", "application/msword"),  # and the reverse
        (ole_file({"WordDocument": word_fib()}), "bao-cao", "application/msword"),
        (ole_file({"Workbook": b"x"}), "bang.doc", "application/vnd.ms-excel"),
        (ole_file({"PowerPoint Document": b"x"}), "trinh-chieu", "application/vnd.ms-powerpoint"),
        (ole_file({"EncryptedPackage": b"x", "EncryptionInfo": b"y"}), "mat.docx", "application/x-encrypted-office"),
        (ole_file({"WordDocument": word_fib(encrypted=True)}), "mat.doc", "application/x-encrypted-office"),
        (b"{\\rtf1\\ansi B\\u225?o c\\u225?o\\par}", "bao-cao.txt", "application/rtf"),
        (_png(40, 20), "trang-1", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "anh.txt", "image/jpeg"),
        (b"II*\x00\x08\x00\x00\x00", "scan.tif", "image/tiff"),
        (b"MM\x00*\x00\x00\x00\x08", "scan", "image/tiff"),
        (b"GIF89a\x10\x00", "a.gif", "image/gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "a", "image/webp"),
        (b"BM" + b"\x00" * 12 + struct.pack("<I", 40) + b"\x00" * 40, "a", "image/bmp"),
        (b"BMW va Honda: hai hang xe.", "xe.txt", "text/plain"),  # "BM" alone is no bitmap
        (_zip({"a.txt": b"x"}), "tai-lieu", "application/zip"),
        (_zip({"[Content_Types].xml": b"x", "xl/workbook.xml": b"x"}), "bang.docx.bak",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (MARKDOWN.encode(), "bao-cao.md", "text/markdown"),
        (MARKDOWN.encode(), "bao-cao", "text/markdown"),  # no suffix: clearly Markdown by content
        (MARKDOWN.encode(), "bao-cao.txt", "text/plain"),  # a .txt stays text
        (b"Bao cao\n| STT | Don vi |\n| 1 | Huyen A |\n", "bao-cao", "text/plain"),  # pipes alone: no Markdown
        (b"# ghi chu\nmot dong\n", "ghi-chu", "text/plain"),  # a heading alone: no Markdown
        ("Báo cáo kết quả giám sát.".encode(), "bao-cao", "text/plain"),
    ]
    for data, name, expected in cases:
        assert sniff(data, name) == expected, (name, data[:40])


def test_old_office_files_are_told_apart_and_refused_with_reasons(no_libreoffice: None) -> None:
    for streams, kind, words in [
        ({"WordDocument": word_fib(encrypted=True)}, "encrypted", "password-protected"),
        ({"EncryptedPackage": b"x", "EncryptionInfo": b"y"}, "encrypted", "password-protected"),
        ({"Workbook": b"x"}, "unsupported", "an old Excel workbook (.xls)"),
        ({"PowerPoint Document": b"x"}, "unsupported", "an old PowerPoint file (.ppt)"),
    ]:
        with pytest.raises(IngestError) as err:
            read_bytes(ole_file(streams), name="file.doc")
        assert err.value.kind == kind and words in err.value.message, (streams.keys(), err.value.message)


def test_a_damaged_ole_directory_never_hangs() -> None:
    from extract.ingest import ole

    good = bytearray(ole_file({"WordDocument": word_fib()}))
    looped = bytearray(good)
    struct.pack_into("<I", looped, 512 + 4, 1)  # the directory sector's FAT entry points to itself
    far = bytearray(good)
    struct.pack_into("<I", far, 48, 10 ** 6)  # the directory beyond the end of the file
    started = time.monotonic()
    assert ole.kind_of_bytes(bytes(good)) == "doc"
    assert ole.kind_of_bytes(bytes(looped)) == "damaged"
    assert ole.kind_of_bytes(bytes(far)) == "damaged"
    assert ole.kind_of_bytes(ole.MAGIC + b"\x00" * 100) == "damaged"
    assert time.monotonic() - started < 1


def test_markdown_is_read_by_the_markdown_reader() -> None:
    pytest.importorskip("extract.ingest.markdown", reason="the Markdown reader (ingest/markdown.py) is not there yet")
    for name in ("bao-cao.md", "bao-cao"):
        doc = read_bytes(MARKDOWN.encode(), name=name)
        assert doc.media_type == "text/markdown"
        assert "#" not in doc.text and "|" not in doc.text and "---" not in doc.text
        assert "1.245" in doc.text and any(b.kind == "table_cell" for b in doc.blocks)


# ---------------------------------------------------------------- without the converter or OCR (run everywhere)


def test_without_libreoffice_a_doc_is_an_error_record_naming_the_package(no_libreoffice: None,
                                                                         tmp_path: Path) -> None:
    for name, data in [("bao-cao.doc", ole_file({"WordDocument": word_fib()})),
                       ("bao-cao.rtf", b"{\\rtf1\\ansi B\\u225?o c\\u225?o\\par}")]:
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(IngestError) as err:
            read_bytes(data, name=name)
        assert err.value.kind == "converter-unavailable"
        record = process(path)
        assert isinstance(record, ErrorRecord)
        assert record.error.kind == "converter-unavailable"
        assert "libreoffice-writer-nogui" in record.error.message and "not installed" in record.error.message


def test_without_tesseract_an_image_is_an_error_record(no_tesseract: None, tmp_path: Path) -> None:
    path = tmp_path / "trang-1.png"
    path.write_bytes(_png(1240, 1754))
    record = process(path)
    assert isinstance(record, ErrorRecord)
    assert record.error.kind == "ocr-unavailable"
    assert "PNG" in record.error.message and "tesseract-ocr tesseract-ocr-vie" in record.error.message


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares its size and holds next to nothing: a decompression bomb's header."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def test_image_bombs_are_refused_before_they_are_decoded() -> None:
    started = time.monotonic()
    with pytest.raises(IngestError) as err:  # 900 million pixels declared
        read_bytes(_png_header(30_000, 30_000), name="bomb.png")
    assert err.value.kind == "limit" and "too large to decode" in err.value.message
    with reading(ReadLimits.of(max_memory_mb=40)), pytest.raises(IngestError) as err:  # 10 MB for one input
        read_bytes(_png_header(4_000, 3_000), name="big.png")
    assert err.value.kind == "limit" and "--max-memory-mb 40" in err.value.message
    frames = [Image.new("1", (200, 280), 1) for _ in range(5)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "TIFF", save_all=True, append_images=frames[1:])
    with reading(ReadLimits(max_pages=3)), pytest.raises(IngestError) as err:
        read_bytes(buffer.getvalue(), name="scan.tif")
    assert err.value.kind == "limit" and "5 pages, over --max-pages 3" in err.value.message
    assert time.monotonic() - started < 5


def _page(lines: list[str], size: tuple[int, int] = (1654, 2339)) -> Image.Image:
    """A page image with a few lines of large print (PIL's own font: no font file needed)."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for k, line in enumerate(lines):
        draw.text((150, 200 + 120 * k), line, fill=0, font_size=60)
    return image


def test_only_pictures_big_enough_for_a_page_are_offered_to_ocr(no_tesseract: None) -> None:
    logo = Image.new("L", (300, 300), 0)
    signature = Image.new("L", (1400, 300), 0)
    scan = _page(["BAO CAO"], size=(827, 1169))  # an A4 page scanned at 100 dpi
    with_text = picture_docx([logo, signature], caption="Báo cáo kết quả giám sát năm 2024.")
    doc = read_bytes(with_text, name="logo.docx")
    assert not [c for c, _ in doc.warnings if c.startswith("ocr")]  # logos and signatures are not OCR'd
    mixed = picture_docx([logo, scan], caption="Báo cáo kết quả giám sát năm 2024.")
    doc = read_bytes(mixed, name="mixed.docx")
    (code, message), = [(c, m) for c, m in doc.warnings if c.startswith("ocr")]
    assert code == "ocr-unavailable" and "word/media/image2.png" in message and "tesseract-ocr-vie" in message
    assert doc.text == "Báo cáo kết quả giám sát năm 2024."
    with pytest.raises(IngestError) as err:  # a scan alone, and no OCR: an error, as for a scanned PDF
        read_bytes(picture_docx([scan]), name="scan.docx")
    assert err.value.kind == "ocr-unavailable" and "tesseract-ocr" in err.value.message


def test_the_converter_time_is_bounded_by_the_document_limit() -> None:
    assert ReadLimits.of(max_seconds=30).max_seconds == 30
    with reading(ReadLimits.of(max_seconds=30)):
        assert office._timeout() == 30
    with reading(ReadLimits.of(max_seconds=None)):
        assert office._timeout() == office.TIMEOUT


# ---------------------------------------------------------------- folders (runs everywhere)


def _folder(root: Path) -> dict[str, bytes]:
    text = "Báo cáo kết quả giám sát việc giải quyết thủ tục hành chính năm 2024.\n".encode()
    files = {
        "really-a-docx.doc": make_docx(["Đoàn giám sát làm việc với UBND huyện ngày 12/3/2024."]),
        "bao-cao-khong-duoi": text,
        "trang-1.png": _png(60, 40),
        "ho-so.zip": _zip({"a.txt": b"x", "b.txt": b"y"}),
        "bang-tinh": _zip({"[Content_Types].xml": b"x", "xl/workbook.xml": b"x"}),
        "ghi-chu.md": MARKDOWN.encode(),
        "records.jsonl": b'{"status": "ok"}\n',
        "du-lieu.bin": bytes(range(256)) * 8,
        ".DS_Store": b"\x00\x00\x00\x01Bud1",
        "~$bao-cao.docx": b"\x0bNguyen Van A" + b"\x00" * 150,
        "Thumbs.db": ole_file({"Catalog": b"x"}),
        ".an-file.txt": text,
        "ban-sao.txt~": text,
        "sub/bao-cao-2.txt": text,
        ".git/HEAD": b"ref: refs/heads/main\n",
    }
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return files


def test_a_folder_is_chosen_by_content_and_every_skip_named_once(tmp_path: Path) -> None:
    _folder(tmp_path)
    notes: list[tuple[str, str]] = []
    found = [Path(p).relative_to(tmp_path).as_posix()
             for p in expand_inputs([str(tmp_path)], skipped=lambda p, why: notes.append((p, why)))]
    assert found == ["bao-cao-khong-duoi", "ghi-chu.md", "really-a-docx.doc", "sub/bao-cao-2.txt", "trang-1.png"]
    said = {Path(p).relative_to(tmp_path).as_posix(): why for p, why in notes}
    assert len(said) == len(notes)  # each once
    assert said == {
        "ho-so.zip": "not a document giamsat reads (a zip archive)",
        "bang-tinh": "not a document giamsat reads (an Excel workbook (.xlsx))",
        "records.jsonl": "not a document giamsat reads (text, but a .jsonl file is data or code)",
        "du-lieu.bin": "not a document giamsat reads (binary data of no kind it knows)",
        ".DS_Store": "a macOS folder index",
        "~$bao-cao.docx": "an Office lock file of an open document",
        "Thumbs.db": "a Windows thumbnail cache",
        ".an-file.txt": "a hidden file",
        "ban-sao.txt~": "an editor's lock or backup file",
        ".git": "a hidden folder (not entered)",
    }


def test_a_folder_walk_reads_only_the_head_of_each_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "lon"
    with big.open("wb") as fh:  # 50 MB of text without a suffix
        fh.truncate(50 * 1024 * 1024)
        fh.seek(0)
        fh.write(b"Bao cao ket qua giam sat. " * 1000)
    read: list[int] = []
    real_open = Path.open

    class Counting:
        def __init__(self, handle):
            self.handle = handle

        def read(self, n: int = -1) -> bytes:
            data = self.handle.read(n)
            read.append(len(data))
            return data

        def __getattr__(self, name: str):
            return getattr(self.handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            self.handle.close()

    def counting_open(self, *args, **kwargs):
        return Counting(real_open(self, *args, **kwargs))

    monkeypatch.setattr(Path, "open", counting_open)
    assert list(expand_inputs([str(tmp_path)], skipped=lambda p, why: None)) == [str(big)]
    assert sum(read) <= 64 * 1024


# ---------------------------------------------------------------- with LibreOffice


VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def _all_letters() -> tuple[str, str]:
    import unicodedata

    lower = "".join(unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES) + "đ"
    return lower, "".join(unicodedata.normalize("NFC", c.upper()) for c in lower)


def test_every_vietnamese_letter_survives_doc_and_rtf() -> None:
    require_libreoffice()
    lower, upper = _all_letters()
    assert "Đ" in upper and "Ỵ" in upper and len(lower) == len(upper) == 73
    import docx

    document = docx.Document()
    for line in (lower, upper, "Hội đồng nhân dân tỉnh Thanh Hóa"):
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    for r, row in enumerate([["Đơn vị", "Tỷ lệ (%)"], ["Huyện Quảng Xương", "95,3"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("Hết.")  # Word ends a document with a paragraph, never a table
    buffer = io.BytesIO()
    document.save(buffer)
    source = buffer.getvalue()
    for to in ("doc", "rtf"):
        data = convert_with_libreoffice({"letters": source}, to)["letters"]
        doc = read_bytes(data, name=f"letters.{to}")
        assert doc.media_type == {"doc": "application/msword", "rtf": "application/rtf"}[to]
        paragraphs = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "paragraph"]
        assert paragraphs == [lower, upper, "Hội đồng nhân dân tỉnh Thanh Hóa", "Hết."], to
        cells = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "table_cell"]
        assert cells == ["Đơn vị", "Tỷ lệ (%)", "Huyện Quảng Xương", "95,3"], to


@pytest.fixture(scope="module")
def word_reports() -> dict[str, dict[str, bytes]]:
    """Each formal report as .docx (the renderer), and that file saved as .doc and .rtf."""
    require_libreoffice()
    docx_files = {p.stem: report_docx(p.read_text(encoding="utf-8")) for p in require_reports()}
    docs = convert_with_libreoffice(docx_files, "doc")
    rtfs = convert_with_libreoffice(docx_files, "rtf")
    return {stem: {"docx": docx_files[stem], "doc": docs[stem], "rtf": rtfs[stem]} for stem in docx_files}


def test_formal_reports_from_doc_and_rtf_equal_the_clean_text_field_by_field(word_reports: dict) -> None:
    jobs = [(stem, kind, files[kind]) for stem, files in word_reports.items() for kind in ("doc", "rtf")]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # a converter process each
        docs = list(pool.map(lambda job: read_bytes(job[2], name=f"{job[0]}.{job[1]}"), jobs))
    print(f"\n{len(jobs)} .doc/.rtf files converted and read in {time.monotonic() - started:.1f} s")
    for (stem, kind, _), doc in zip(jobs, docs):
        assert doc.media_type == {"doc": "application/msword", "rtf": "application/rtf"}[kind]
        record = extract_document(doc)
        from_docx = extract_document(read_bytes(word_reports[stem]["docx"], name=f"{stem}.docx"))
        assert content(record) == content(from_docx), f"{stem}.{kind} differs from the .docx it was saved from"
        scores = compare(clean_record(OWN / "docs" / f"{stem}.txt"), record, f"{stem}.{kind}")
        for field in EXACT:
            assert scores["fields"][field]["f1"] == 1.0, (stem, kind, field, scores["misses"][field])
        for part in ("recommendations.by", "recommendations.addressee", "document"):
            assert scores["accuracy"][part]["accuracy"] in (1.0, None), (stem, kind, part, scores["misses"][part])


def test_a_doc_typed_in_a_legacy_font_is_decoded(word_reports: dict) -> None:
    path = require_reports()[0]
    text = path.read_text(encoding="utf-8")
    source = report_docx(text, legacy="tcvn3")
    data = convert_with_libreoffice({"legacy": source}, "doc")["legacy"]
    doc = read_bytes(data, name="legacy.doc")
    assert content(extract_document(doc)) == content(extract_document(read_bytes(source, name="legacy.docx")))
    assert doc.text == read_bytes(word_reports[path.stem]["docx"], name="unicode.docx").text


def test_a_doc_named_docx_and_a_docx_named_doc_are_read_for_what_they_are(word_reports: dict) -> None:
    files = next(iter(word_reports.values()))
    as_docx = read_bytes(files["doc"], name="named-wrongly.docx")
    as_doc = read_bytes(files["docx"], name="named-wrongly.doc")
    assert (as_docx.media_type, as_doc.media_type) == ("application/msword", DOCX)
    assert as_docx.text == as_doc.text


def test_a_conversion_past_its_time_is_killed_with_every_process_it_started(
        word_reports: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[subprocess.Popen] = []
    real_popen = subprocess.Popen

    def recording_popen(*args, **kwargs):
        process = real_popen(*args, **kwargs)
        started.append(process)
        return process

    monkeypatch.setattr(subprocess, "Popen", recording_popen)
    data = next(iter(word_reports.values()))["doc"]
    clock = time.monotonic()
    with reading(ReadLimits.of(max_seconds=0.2)), pytest.raises(IngestError) as err:
        read_bytes(data, name="slow.doc")
    assert time.monotonic() - clock < 5
    assert err.value.kind == "limit" and "longer than 0.2 s" in err.value.message
    (process,) = started
    assert _living(process.pid) == []  # the launcher and the office process it started: all gone


def _living(group: int) -> list[str]:
    """The processes of a process group that are still running (not ended: a zombie left for a
    parent that does not reap is ended), read from /proc."""
    time.sleep(0.2)
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            out.append(f"{entry.name} ({fields[0]})")
    return out


def test_giamsat_extract_reads_doc_and_rtf_files(word_reports: dict, tmp_path: Path) -> None:
    stem, files = next(iter(word_reports.items()))
    for kind in ("doc", "rtf"):
        (tmp_path / f"{stem}.{kind}").write_bytes(files[kind])
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "-o", str(out), "-j", "2"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["source"]["media_type"] for r in records) == ["application/msword", "application/rtf"]
    assert all(r["status"] == "ok" and r["officials"] and r["document"]["number"] for r in records)


# ---------------------------------------------------------------- with Tesseract (and LibreOffice for .doc)


def _ocr_report(pick: int) -> Path:
    """One report for an OCR test, ``pick``-th of those without a table, or with one (-1)."""
    reports = require_reports()
    with_tables = [p for p in reports if " | " in p.read_text(encoding="utf-8")]
    without = [p for p in reports if p not in with_tables]
    if pick < 0:
        return (with_tables or reports)[0]
    return (without or reports)[pick % len(without or reports)]


def test_a_report_scanned_to_png_pages_gives_the_clean_records_fields() -> None:
    require_tesseract()
    path = _ocr_report(0)
    clean = clean_record(path)
    pages = report_pngs(path.read_text(encoding="utf-8"), dpi=200)
    started = time.monotonic()
    docs = [read_bytes(png, name=f"{path.stem}-{n}.png") for n, png in enumerate(pages, start=1)]
    print(f"\n{path.stem}: {len(pages)} PNG pages OCR'd in {time.monotonic() - started:.1f} s")
    for doc in docs:
        assert doc.media_type == "image/png" and doc.pages is None
        assert ("ocr", "the image was read by OCR (Tesseract vie)") in doc.warnings
        assert doc.blocks and all(b.ocr and b.page is None for b in doc.blocks)
    # the pages one after another: the report's text, as one document
    whole = "\n\n".join(d.text for d in docs)
    scores = compare(clean, extract_document(read_bytes(whole.encode("utf-8"), name=f"{path.stem}.txt")),
                     f"{path.stem} (PNG pages)")
    for field in OCR_FIELDS:
        assert scores["fields"][field]["f1"] >= OCR_F1, (field, scores["misses"][field])


def test_a_multi_page_tiff_is_one_document_with_pages() -> None:
    require_tesseract()
    path = _ocr_report(-1)
    # the scan is 200 dpi but the file says 72, as many programs write: read as a page of A4
    tiff = report_tiff(path.read_text(encoding="utf-8"), dpi=200, recorded_dpi=72)
    doc = read_bytes(tiff, name=path.stem)  # no suffix: told by content
    assert doc.media_type == "image/tiff"
    assert doc.pages and doc.pages >= 2
    assert {b.page for b in doc.blocks} == set(range(1, doc.pages + 1))
    pages = ", ".join(str(n) for n in range(1, doc.pages + 1))
    assert ("ocr", f"pages {pages} were read by OCR (Tesseract vie)") in doc.warnings
    scores = compare(clean_record(path), extract_document(doc), f"{path.stem} (TIFF)")
    for field in OCR_FIELDS:
        assert scores["fields"][field]["f1"] >= OCR_F1, (field, scores["misses"][field])


def test_a_doc_holding_only_scanned_pages_is_ocrd() -> None:
    require_tesseract()
    require_libreoffice()
    path = _ocr_report(1)
    images = page_images(report_pdf(path.read_text(encoding="utf-8")), dpi=200)
    data = convert_with_libreoffice({"scan": picture_docx(images)}, "doc")["scan"]
    doc = read_bytes(data, name="scan.doc")
    assert doc.media_type == "application/msword"
    assert doc.blocks and all(b.ocr for b in doc.blocks)
    (message,) = [m for c, m in doc.warnings if c == "ocr"]
    assert message.startswith(f"{len(images)} pictures of scanned pages were read by OCR (Tesseract vie): word/media/")
    scores = compare(clean_record(path), extract_document(doc), f"{path.stem} (.doc of scans)")
    for field in OCR_FIELDS:
        assert scores["fields"][field]["f1"] >= OCR_F1, (field, scores["misses"][field])


def test_a_scanned_page_in_a_word_file_is_read_where_it_stands() -> None:
    require_tesseract()
    scan = page_images(make_pdf([["Kiến nghị UBND tỉnh chỉ đạo Sở Tư pháp rà soát các thủ tục hành chính."]]),
                       dpi=200)[0]
    import docx

    document = docx.Document()
    document.add_paragraph("Phần một: trước ảnh.")
    buffer = io.BytesIO()
    scan.save(buffer, "PNG")
    buffer.seek(0)
    document.add_picture(buffer)
    truncated = _png_header(1654, 2339)  # a page-sized picture whose data is cut short: cannot be decoded
    document.add_picture(io.BytesIO(truncated))
    document.add_paragraph("Phần hai: sau ảnh.")
    out = io.BytesIO()
    document.save(out)
    doc = read_bytes(out.getvalue(), name="mixed.docx")
    before, after = doc.text.index("Phần một"), doc.text.index("Phần hai")
    ocrd = [b for b in doc.blocks if b.ocr]
    assert ocrd and all(before < b.start < after for b in ocrd)
    assert "Sở Tư pháp" in doc.text[before:after]
    assert not doc.blocks[0].ocr and not doc.blocks[-1].ocr
    said = dict((m.split(" ")[2], m) for c, m in doc.warnings if m.startswith("the picture "))
    assert list(said) == ["word/media/image2.png"] and "could not be decoded for OCR" in said["word/media/image2.png"]
    assert ("ocr", "1 picture of a scanned page was read by OCR (Tesseract vie): word/media/image1.png") in doc.warnings


def test_giamsat_extract_on_a_folder_reads_what_it_holds(tmp_path: Path) -> None:
    require_tesseract()
    page = page_images(make_pdf([["Ngày 12/3/2024, Đoàn giám sát làm việc với UBND huyện Hoằng Hóa."]]), dpi=200)[0]
    buffer = io.BytesIO()
    page.save(buffer, "PNG", dpi=(200, 200))
    (tmp_path / "trang-1.png").write_bytes(buffer.getvalue())
    (tmp_path / "really-a-docx.doc").write_bytes(make_docx(["Đoàn giám sát làm việc ngày 15/7/2024."]))
    (tmp_path / "khong-duoi").write_text("Báo cáo kết quả giám sát ngày 20/6/2023.\n", encoding="utf-8")
    (tmp_path / "ho-so.zip").write_bytes(_zip({"a.txt": b"x"}))
    out = tmp_path / "out.jsonl"
    run = subprocess.run(["giamsat", "extract", str(tmp_path), "-o", str(out), "-j", "2"], capture_output=True,
                         text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stderr.count("ho-so.zip") == 1
    assert f"skipped {tmp_path / 'ho-so.zip'}: not a document giamsat reads (a zip archive)" in run.stderr
    records = {Path(r["source"]["path"]).name: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert sorted(records) == ["khong-duoi", "really-a-docx.doc", "trang-1.png"]
    assert records["trang-1.png"]["source"]["media_type"] == "image/png"
    assert records["really-a-docx.doc"]["source"]["media_type"] == DOCX
    assert {d["value"] for d in records["trang-1.png"]["dates"]} == {"2024-03-12"}
    assert {d["value"] for d in records["khong-duoi"]["dates"]} == {"2023-06-20"}
