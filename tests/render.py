"""Render test documents into real formats (PDF, DOCX, HTML), so ingest is tested on real files.

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
