"""Render test documents into real formats (PDF, DOCX, HTML; .doc, RTF, images), so ingest is
tested on real files.

Kept general on purpose: later tests render whole formal reports with these helpers.
Nothing here is copied from a corpus document; callers pass the words they want.
"""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import Sequence

import pytest

_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
)


def find_font(name: str = "DejaVuSans.ttf") -> Path | None:
    """A Unicode TTF font able to draw Vietnamese, from the system or matplotlib's package data."""
    for folder in _FONT_DIRS:
        if (folder / name).is_file():
            return folder / name
    try:  # matplotlib ships DejaVu fonts in its package data
        import matplotlib  # type: ignore[import-not-found]

        candidate = Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf" / name
        if candidate.is_file():
            return candidate
    except ImportError:
        pass
    return None


def require_font() -> Path:
    """The font path, or skip the test: PDFs with Vietnamese text need a Unicode TTF font."""
    font = find_font()
    if font is None:
        pytest.skip("no DejaVuSans.ttf found (install fonts-dejavu-core, or matplotlib) to render test PDFs")
    return font


def make_pdf(
    pages: Sequence[Sequence[str]],
    header: str | None = None,
    footer_page_numbers: bool = False,
    *,
    page_number_format: str = "Trang {n}",
    number_first_page: bool = True,
    font_size: float = 12,
    paragraph_gap: float = 2.0,
    headings: Sequence[str] = (),
    user_password: str | None = None,
    blank_drawing_pages: Sequence[int] = (),
) -> bytes:
    """A PDF with one page per item of ``pages``; each string is a paragraph, wrapped to the page.

    A "\\n" inside a string forces a line break (to place hyphen breaks or list lines exactly).
    ``header`` is drawn at the top of every page, and ``footer_page_numbers`` puts
    ``page_number_format.format(n=page, total=pages)`` at the bottom. Strings in ``headings``
    are drawn centred in bold-size type. A page listed (1-based) in ``blank_drawing_pages``
    gets only a drawn rectangle, no text: a stand-in for a scanned page. ``user_password``
    encrypts the file so that it cannot be opened without it.
    """
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    font = require_font()
    total = len(pages)

    class _PDF(FPDF):
        def header(self) -> None:  # noqa: D401 - fpdf2 hook
            if header:
                self.set_font("DejaVu", size=font_size - 2)
                self.cell(0, 8, header, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                self.ln(4)

        def footer(self) -> None:
            if footer_page_numbers and (number_first_page or self.page_no() > 1):
                self.set_y(-15)
                self.set_font("DejaVu", size=font_size - 2)
                self.cell(0, 8, page_number_format.format(n=self.page_no(), total=total), align="C")

    pdf = _PDF(format="A4")
    pdf.add_font("DejaVu", fname=str(font))
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(20, 20, 20)
    if user_password is not None:
        pdf.set_encryption(owner_password=user_password + "-owner", user_password=user_password)
    for number, paragraphs in enumerate(pages, start=1):
        pdf.add_page()
        if number in blank_drawing_pages:
            pdf.rect(30, 40, 150, 200, style="F")
            continue
        for para in paragraphs:
            is_heading = para in headings
            pdf.set_font("DejaVu", size=font_size + 2 if is_heading else font_size)
            pdf.multi_cell(0, font_size * 0.55, para, align="C" if is_heading else "L",
                           new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(paragraph_gap)
    return bytes(pdf.output())


def make_docx(
    paragraphs: Sequence[str | tuple[str, str]],
    tables: Sequence[Sequence[Sequence[str]]] = (),
) -> bytes:
    """A .docx: each paragraph a string (style Normal) or ``(style, text)`` such as
    ``("Heading 1", "I. KẾT QUẢ")`` or ``("List Number", "...")``; then the tables, each a list of rows."""
    import docx

    document = docx.Document()
    for item in paragraphs:
        style, text = item if isinstance(item, tuple) else ("Normal", item)
        if style.startswith("Heading "):
            document.add_heading(text, level=int(style.split()[-1]))
        elif style == "Title":
            document.add_heading(text, level=0)
        else:
            document.add_paragraph(text, style=style)
    for rows in tables:
        width = max(len(r) for r in rows)
        table = document.add_table(rows=len(rows), cols=width)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_html(
    title: str,
    body_paragraphs: Sequence[str],
    published: str | None = None,
    *,
    charset: str | None = "utf-8",
    furniture: bool = True,
    site_name: str = "Cổng thông tin điện tử Hội đồng nhân dân tỉnh",
) -> str:
    """A news-portal page: the article between a menu, a rating widget, a poll, a visitor
    counter and a comment box, as government portals publish them.

    ``published`` (YYYY-MM-DD) goes into ``article:published_time``; ``charset`` into
    ``<meta charset>`` (None for no declaration). Encode the result yourself.
    """
    esc = html.escape
    meta = [f'<meta charset="{charset}">'] if charset else []
    meta.append(f'<meta property="og:title" content="{esc(title)}">')
    meta.append(f'<meta property="og:site_name" content="{esc(site_name)}">')
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}T08:30:00+07:00">')
    article = "\n".join(f"<p>{esc(p)}</p>" for p in body_paragraphs)
    menu = rating = counter = comments = poll = ""
    if furniture:
        menu = """<nav class="menu"><ul>
<li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu chung</a></li>
<li><a href="/hoat-dong">Hoạt động của Hội đồng</a></li><li><a href="/van-ban">Văn bản pháp quy</a></li>
<li><a href="/lien-he">Liên hệ góp ý</a></li></ul></nav>"""
        rating = """<div class="rating">Đánh giá: <span>lượt đánh giá: 12, trung bình: 4,5</span>
<a href="#">&#9733;</a><a href="#">&#9733;</a><a href="#">&#9733;</a></div>"""
        poll = """<div class="poll"><h3>Bình chọn</h3>
<p>Đánh giá của bạn về giao diện cổng thông tin mới</p>
<form><input type="radio" name="p"> Rất đẹp <input type="radio" name="p"> Bình thường
<button>Gửi bình chọn</button></form><p>812 người đã bình chọn</p></div>"""
        counter = """<div id="counter" class="visitor-stats"><h3>Thống kê truy cập</h3><ul>
<li>Tổng lượt truy cập: 4.512.377</li><li>Trong năm: 845.210</li><li>Trong tháng: 61.004</li>
<li>Đang trực tuyến: 4182</li></ul></div>"""
        comments = """<div class="comments" id="comments"><h3>Ý kiến bạn đọc</h3>
<form><textarea name="noidung">Nhập nội dung bình luận</textarea>
<input name="ten" placeholder="Họ và tên"><input name="mxt" placeholder="Mã xác thực">
<button>Gửi bình luận</button></form><p>Mã xác thực không đúng.</p></div>"""
    return f"""<!DOCTYPE html>
<html lang="vi"><head>
{chr(10).join(meta)}
<title>{esc(title)} - {esc(site_name)}</title>
</head><body>
<header><div class="logo">{esc(site_name)}</div>{menu}</header>
<div class="container"><div class="main">
<article class="post">
<h1 class="title">{esc(title)}</h1>
<div class="post-content">
{article}
</div></article>
{rating}
{comments}
</div>
<aside class="sidebar">{poll}{counter}</aside>
</div>
<footer><p>Bản quyền thuộc {esc(site_name)}. Địa chỉ: số 1 đường Trung tâm.</p></footer>
</body></html>
"""


# --------------------------------------------------------------------------- formal reports
#
# A formal report of the project's corpus is plain text: one paragraph per line, blank lines
# between sections, and tables written as rows of cells separated by " | ". The helpers below
# render such a text into the formats the reports arrive in: a text PDF, a Word file, a
# scanned (image-only) PDF, and the same in the legacy encodings TCVN3 and VNI, drawn in
# fonts named like the legacy ones (".VnTime"/".VnTimeH", "VNI-Times") so a reader can tell.

LEGACY_FONTS = {"tcvn3": (".VnTime", ".VnTimeH"), "vni": ("VNI-Times", "VNI-Times")}


def report_items(text: str) -> list[tuple[str, object]]:
    """("p", line) for each paragraph line, ("gap", None) for a blank line, ("table", rows)."""
    items: list[tuple[str, object]] = []
    for line in text.strip("\n").split("\n"):
        if " | " in line or line.startswith(" | "):
            cells = [c.strip() for c in line.split("|")]
            if items and items[-1][0] == "table":
                items[-1][1].append(cells)  # type: ignore[union-attr]
            else:
                items.append(("table", [cells]))
        elif line.strip():
            items.append(("p", line.strip()))
        elif items and items[-1][0] != "gap":
            items.append(("gap", None))
    return items


def _legacy_runs(text: str, encoding: str | None) -> list[tuple[bool, str]]:
    """(capitals font?, text as the font holds it) runs of one line. TCVN3 capitals with tones
    have no code of their own: they are typed with the lower-case code in the capitals font."""
    from extract import legacy

    if encoding is None:
        return [(False, text)]
    runs: list[tuple[bool, str]] = []
    for ch in text:
        code = legacy.encode(ch, encoding)  # type: ignore[arg-type]
        caps = encoding == "tcvn3" and ch.isupper() and legacy.decode(code, "tcvn3", "as-is").islower()
        if runs and runs[-1][0] == caps:
            runs[-1] = (caps, runs[-1][1] + code)
        else:
            runs.append((caps, code))
    return runs


def report_pdf(text: str, *, legacy: str | None = None, font_size: float = 11, font_names: bool = True) -> bytes:
    """A text PDF of a report (A4, DejaVu Sans), tables drawn as ruled fpdf2 tables.

    ``legacy`` ("tcvn3" or "vni") writes the text in that encoding with fonts named as the
    legacy fonts (the glyphs are DejaVu's, so the page shows the look-alikes, as a PDF made
    from an old document without its fonts would); ``font_names=False`` gives those fonts
    neutral names, so only the text itself can tell."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    font = require_font()
    normal, caps = LEGACY_FONTS.get(legacy or "", ("DejaVu", "DejaVu"))
    if not font_names:
        normal, caps = ("Body", "BodyCaps") if legacy else (normal, caps)

    class _PDF(FPDF):
        def multi_cell(self, *args, **kwargs):  # table cells: U+00AD is TCVN3's "ư", print it
            kwargs.setdefault("print_sh", legacy is not None)
            return super().multi_cell(*args, **kwargs)

    pdf = _PDF(format="A4")
    for family in {normal, caps}:
        pdf.add_font(family, fname=str(font))
        pdf.fonts[family.lower()].name = family  # the font's name in the PDF (BaseFont)
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    height = font_size * 0.5
    for kind, value in report_items(text):
        if kind == "gap":
            pdf.ln(height * 0.6)
        elif kind == "p":
            _pdf_paragraph(pdf, str(value), legacy, normal, caps, font_size, height)
            pdf.ln(1.2)
        else:
            pdf.set_font(normal, size=font_size - 1)
            with pdf.table(first_row_as_headings=False, line_height=height) as table:
                for cells in value:  # type: ignore[union-attr]
                    row = table.row()
                    for cell in cells:
                        runs = _legacy_runs(cell, legacy)
                        style = FontFace(family=caps if all(c for c, _ in runs) and legacy else normal)
                        row.cell("".join(t for _, t in runs), style=style)
            pdf.ln(2)
    return bytes(pdf.output())


def _pdf_paragraph(pdf, line: str, legacy: str | None, normal: str, caps: str, size: float, height: float) -> None:
    """One paragraph, wrapped to the page. Legacy text is laid out word by word with ``cell``:
    fpdf2's own wrapping drops U+00AD, which TCVN3 uses for the letter "ư"."""
    from fpdf.enums import XPos, YPos

    if legacy is None:
        pdf.set_font(normal, size=size)
        pdf.multi_cell(0, height, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return
    pdf.set_font(normal, size=size)
    space = pdf.get_string_width(" ")
    rows: list[list[list[tuple[bool, str]]]] = [[]]
    width = 0.0
    for word in line.split(" "):
        runs = _legacy_runs(word, legacy)
        w = sum(pdf.get_string_width(t) for _, t in runs)
        if rows[-1] and width + space + w > pdf.epw:
            rows.append([])
            width = 0.0
        width += (space if rows[-1] else 0) + w
        rows[-1].append(runs)
    for row in rows:
        for k, runs in enumerate(row):
            for is_caps, t in ([(False, " ")] if k else []) + runs:
                pdf.set_font(caps if is_caps else normal, size=size)
                pdf.cell(pdf.get_string_width(t), height, t)
        pdf.ln(height)


def report_docx(text: str, *, legacy: str | None = None) -> bytes:
    """A Word file of a report: one paragraph per line, ruled tables where they stand. ``legacy`` writes runs in the legacy fonts (capitals font for TCVN3 capitals
    with tones) and makes the normal legacy font the document's default, as old files do."""
    import docx

    normal, caps = LEGACY_FONTS.get(legacy or "", (None, None))
    document = docx.Document()
    if normal:
        document.styles["Normal"].font.name = normal

    def fill(paragraph, line: str) -> None:
        for is_caps, t in _legacy_runs(line, legacy):
            run = paragraph.add_run(t)
            if is_caps:
                run.font.name = caps

    for kind, value in report_items(text):
        if kind == "p":
            fill(document.add_paragraph(), str(value))
        elif kind == "table":
            rows = value  # type: ignore[assignment]
            width = max(len(r) for r in rows)  # type: ignore[union-attr]
            table = document.add_table(rows=len(rows), cols=width)  # type: ignore[arg-type]
            table.style = "Table Grid"
            for r, cells in enumerate(rows):  # type: ignore[arg-type]
                for c, cell in enumerate(cells):
                    target = table.cell(r, c).paragraphs[0]
                    fill(target, cell)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def image_pdf(pdf: bytes, dpi: int = 200, pages: Sequence[int] | None = None, stamp: str | None = None) -> bytes:
    """A scanned copy of a PDF: each page (or the 0-based ``pages``) drawn to a grey image
    at ``dpi``, and the images put together as a PDF with no text layer. ``stamp`` (with
    ``{n}`` for the page number) is written as text over each image, as portals stamp the
    scans they publish: a text layer that holds nothing of the document."""
    from fpdf import FPDF

    images = page_images(pdf, dpi, pages)
    if stamp is None:
        buffer = io.BytesIO()
        images[0].save(buffer, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
        return buffer.getvalue()
    out = FPDF(format="A4")
    out.add_font("DejaVu", fname=str(require_font()))
    out.set_auto_page_break(auto=False)
    for n, image in enumerate(images, start=1):
        out.add_page()
        out.image(image, x=0, y=0, w=out.w, h=out.h)
        out.set_font("DejaVu", size=8)
        out.text(150, 290, stamp.format(n=n))
    return bytes(out.output())


def page_images(pdf: bytes, dpi: int = 200, pages: Sequence[int] | None = None) -> list:
    """Each page of a PDF (or the 0-based ``pages``) drawn to a grey Pillow image at ``dpi``, as a
    scanner would give it."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        images = []
        for i in pages if pages is not None else range(len(doc)):
            page = doc[i]
            images.append(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
            page.close()
    finally:
        doc.close()
    return images


def report_pngs(text: str, dpi: int = 200) -> list[bytes]:
    """A report scanned to one PNG per page (grey, ``dpi`` recorded in the file)."""
    out = []
    for image in page_images(report_pdf(text), dpi):
        buffer = io.BytesIO()
        image.save(buffer, "PNG", dpi=(dpi, dpi))
        out.append(buffer.getvalue())
    return out


def report_tiff(text: str, dpi: int = 200, *, recorded_dpi: int | None = None) -> bytes:
    """A report scanned to one multi-page TIFF (LZW). ``recorded_dpi`` is what the file says
    (a program's default such as 72 where it differs from the scan's ``dpi``)."""
    images = page_images(report_pdf(text), dpi)
    shown = recorded_dpi or dpi
    buffer = io.BytesIO()
    images[0].save(buffer, "TIFF", save_all=True, append_images=images[1:], compression="tiff_lzw",
                   dpi=(shown, shown))
    return buffer.getvalue()


def picture_docx(images: Sequence, width_inches: float = 6.3, caption: str | None = None) -> bytes:
    """A Word file holding only pictures (each a page image, as a scanned page pasted into
    Word, shown ``width_inches`` wide), one to a paragraph; ``caption`` an optional line of
    text before them."""
    import docx
    from docx.shared import Inches

    document = docx.Document()
    if caption:
        document.add_paragraph(caption)
    for image in images:
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        buffer.seek(0)
        document.add_picture(buffer, width=Inches(width_inches))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- LibreOffice: .doc, .rtf


def libreoffice() -> str | None:
    """The LibreOffice command, or None where it is not installed."""
    import shutil

    return shutil.which("soffice")


def require_libreoffice() -> str:
    found = libreoffice()
    if found is None:
        pytest.skip("LibreOffice is not installed (libreoffice-writer-nogui; scripts/setup.d/libreoffice.sh): "
                    "no .doc or .rtf to render or read")
    return found


_LO_FILTERS = {"doc": "doc:MS Word 97", "rtf": "rtf:Rich Text Format", "docx": "docx:MS Word 2007 XML"}


def convert_with_libreoffice(files: dict[str, bytes], to: str) -> dict[str, bytes]:
    """Word files (name → .docx bytes) saved by LibreOffice as ``to`` ("doc", "rtf"), all in one
    run: name → the converted bytes."""
    import subprocess
    import tempfile

    soffice = require_libreoffice()
    with tempfile.TemporaryDirectory(prefix="giamsat-render-") as tmp:
        folder = Path(tmp)
        sources = []
        for name, data in files.items():
            (folder / f"{name}.docx").write_bytes(data)
            sources.append(str(folder / f"{name}.docx"))
        subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                        "--convert-to", _LO_FILTERS[to], "--outdir", str(folder / "out"), *sources],
                       capture_output=True, timeout=600, check=False)
        out = {name: (folder / "out" / f"{name}.{to}") for name in files}
        missing = [name for name, path in out.items() if not path.is_file()]
        if missing:
            raise RuntimeError(f"LibreOffice did not convert {missing} to .{to}")
        return {name: path.read_bytes() for name, path in out.items()}


def report_doc(text: str, *, legacy: str | None = None) -> bytes:
    """A Word 97 .doc of a report: the .docx of ``report_docx`` saved as .doc by LibreOffice."""
    return convert_with_libreoffice({"report": report_docx(text, legacy=legacy)}, "doc")["report"]


def report_rtf(text: str) -> bytes:
    """An RTF file of a report, saved from the .docx of ``report_docx`` by LibreOffice."""
    return convert_with_libreoffice({"report": report_docx(text)}, "rtf")["report"]


# --------------------------------------------------------------------------- OLE compound files


def ole_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (version 3, 512-byte sectors) holding up to three streams,
    each padded to at least 4096 bytes so it lives in the FAT, not the mini stream: enough to
    stand for an old .xls, .ppt or an encrypted .doc without an Office program."""
    import struct

    assert len(streams) <= 3
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    sector = 512
    data_sectors: list[bytes] = []
    entries = [("Root Entry", 5, end, 0)]
    fat = [fat_sector, end]  # sector 0: the FAT, sector 1: the directory
    for name, body in streams.items():
        body = body.ljust(max(4096, -(-len(body) // sector) * sector), b"\0")
        first = 2 + len(data_sectors)
        count = len(body) // sector
        data_sectors += [body[k * sector:(k + 1) * sector] for k in range(count)]
        fat += [first + k + 1 for k in range(count - 1)] + [end]
        entries.append((name, 2, first, len(body)))
    directory = b""
    for index, (name, kind, start, size) in enumerate(entries):
        encoded = name.encode("utf-16-le") + b"\0\0"
        child = 1 if index == 0 and len(entries) > 1 else 0xFFFFFFFF
        right = index + 1 if 0 < index < len(entries) - 1 else 0xFFFFFFFF
        directory += (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                      + struct.pack("<III", 0xFFFFFFFF, right, child) + b"\0" * 36
                      + struct.pack("<IQ", start, size)[:8] + struct.pack("<I", 0))
    directory = directory.ljust(sector, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 10
              + struct.pack("<IIIIIIII", 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<109I", 0, *([free] * 108)))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(sector, b"\xff")
    return header + fat_bytes + directory + b"".join(data_sectors)


def word_fib(encrypted: bool = False) -> bytes:
    """The start of a Word 97 WordDocument stream: its FIB's identifier and flags (fEncrypted)."""
    import struct

    return struct.pack("<HHHHHH", 0xA5EC, 0x00C1, 0, 0x0409, 0, 0x0100 if encrypted else 0) + b"\0" * 500


def legacy_bytes(text: str, encoding: str) -> bytes:
    """A plain-text file as a program of the 1990s would have saved it in TCVN3 or VNI."""
    from extract import legacy

    return legacy.encode(text, encoding).encode("cp1252")  # type: ignore[arg-type]
