"""Hostile inputs, made at run time (never committed as binaries).

Each ``Case`` writes one input into a folder and says what the tool must answer: a record
(``ok``) or an error record of a given kind, with words a user can act on in its message (or,
for a degraded read, in a warning). The big ones are cheap to make: the 200 MB text file is
sparse, the 2 GB Flate stream and the 1 GB zip member are a few megabytes of deflate data
repeated (a full flush makes every block of zeros compress to the same bytes).

``serve()`` runs the hostile web servers on 127.0.0.1: one that never answers, one that
redirects forever, one that sends 10 GB.
"""

from __future__ import annotations

import http.server
import io
import os
import random
import socket
import struct
import threading
import time
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

GB = 1024 ** 3
MB = 1024 ** 2

PARAGRAPH = ("Ngày 07 tháng 4 năm 2023, Đoàn giám sát của Hội đồng nhân dân tỉnh làm việc với Ủy ban nhân dân "
             "huyện Quỳnh Lưu về việc giải quyết thủ tục hành chính; huyện đã tiếp nhận 363.424 hồ sơ, "
             "giải quyết đúng hạn đạt 99,07%.")
ASCII_PARAGRAPH = ("Doan giam sat cua HDND tinh lam viec voi UBND huyen Quynh Luu ngay 07/4/2023; huyen da tiep "
                   "nhan 363.424 ho so, giai quyet dung han dat 99,07%.")


# ------------------------------------------------------------------ deflate bombs


def _adler_run(adler: int, byte: int, n: int) -> int:
    """zlib's Adler-32 of ``adler`` continued over ``n`` copies of ``byte`` (closed form)."""
    a, b = adler & 0xFFFF, adler >> 16
    b = (b + n * a + byte * (n * (n + 1) // 2)) % 65521
    a = (a + n * byte) % 65521
    return (b << 16) | a


def deflate_run(head: bytes, filler: int, size: int, tail: bytes = b"", *, raw: bool = False,
                chunk: int = MB, stored_head: bool = False) -> tuple[bytes, int]:
    """Deflate data for ``head + bytes([filler]) * size + tail`` without compressing ``size`` bytes:
    after a full flush the compressor starts afresh, so every chunk of filler gives the same
    block, written ``size // chunk`` times. Returns (zlib data, or raw deflate if ``raw``;
    the CRC-32 of the whole, for a zip member). ``stored_head``: the head as a stored block,
    its bytes readable as they are in the compressed data."""
    assert size % chunk == 0
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    if stored_head:  # a stored block: header byte (not final, type 00), LEN, NLEN, the bytes
        first = b"\x00" + struct.pack("<HH", len(head), len(head) ^ 0xFFFF) + head
    else:
        first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(bytes([filler]) * chunk) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(bytes([filler]) * chunk) + c.flush(zlib.Z_FULL_FLUSH)
    assert block == again, "a full flush should make the blocks identical"
    end = c.compress(tail) + c.flush()
    if not raw:
        first = b"\x78\xda" + first  # the zlib header (deflate, 32K window, level 9)
    crc = zlib.crc32(head)
    piece = bytes([filler]) * chunk
    for _ in range(size // chunk):
        crc = zlib.crc32(piece, crc)
    crc = zlib.crc32(tail, crc)
    body = first + block * (size // chunk) + end
    if raw:
        return body, crc
    # the zlib trailer checks the whole (the compressor saw two chunks of it)
    return body + struct.pack(">I", zlib.adler32(tail, _adler_run(zlib.adler32(head), filler, size))), crc


# ------------------------------------------------------------------ PDFs by hand (no font needed)


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF of the given object bodies (object n is ``objects[n-1]``; 1 is the catalog)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_PAGE = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
         b"/Resources << /Font << /F1 3 0 R >> >> >>")


def _text_ops(text: str) -> bytes:
    return b"BT /F1 11 Tf 50 780 Td (" + text.encode("latin-1") + b") Tj ET\n"


def many_pages_pdf(pages: int) -> bytes:
    """``pages`` pages of one paragraph each, tagged in letters so that no page repeats another
    (a line on every page would be a running header): a few hundred kilobytes."""
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
               _FONT]
    for n in range(pages):
        tag = "".join(chr(ord("a") + int(d)) for d in str(n))
        objects += [_PAGE % (5 + 2 * n), pdf_stream(_text_ops(f"Trang {tag}: {ASCII_PARAGRAPH}"))]
    return pdf_file(objects)


def flate_bomb_pdf(size: int = 2 * GB, filters: bytes = b"/FlateDecode") -> bytes:
    """One page whose content stream (text, then ``size`` spaces) inflates to ``size`` bytes and more."""
    data, _ = deflate_run(_text_ops(ASCII_PARAGRAPH), ord(" "), size)
    if filters == b"[/FlateDecode /FlateDecode]":  # inflates to a bomb that inflates again
        data = zlib.compress(data, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", _FONT,
               _PAGE % 5, pdf_stream(data, b"/Filter " + filters + b" ")]
    return pdf_file(objects)


def text_pdf(pages: int = 6, *, user_password: str | None = None) -> bytes:
    """A plain text PDF (fpdf2, core font: no font file needed), optionally encrypted."""
    from fpdf import FPDF

    pdf = FPDF()
    if user_password is not None:
        pdf.set_encryption(owner_password="chu-so-huu", user_password=user_password)
    pdf.set_font("Helvetica", size=11)
    for n in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 6, f"{n + 1}. {ASCII_PARAGRAPH} " * 8)
    return bytes(pdf.output())


# ------------------------------------------------------------------ zips by hand


def zip_file(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of (name, raw deflate data, CRC-32, uncompressed size) members."""
    out = bytearray()
    central = bytearray()
    for name, data, crc, size in members:
        encoded = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
        out += encoded + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                               len(encoded), 0, 0, 0, 0, 0, offset)
        central += encoded
    start = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0)
    return bytes(out)


def _deflated(name: str, data: bytes) -> tuple[str, bytes, int, int]:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return name, c.compress(data) + c.flush(), zlib.crc32(data), len(data)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>')


_STYLES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
_DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>')


def _style(style_id: str, based_on: str, kind: str = "paragraph") -> str:
    return (f'<w:style w:type="{kind}" w:styleId="{style_id}"><w:name w:val="{style_id}"/>'
            f'<w:basedOn w:val="{based_on}"/></w:style>')


def docx_file(paragraph: str = PARAGRAPH, padding: int = 0, *, style_cycle: int = 0) -> bytes:
    """A minimal Word document of one paragraph; ``padding`` bytes of blanks inside its body
    (valid XML) make word/document.xml a zip bomb. ``style_cycle``: that many paragraph styles
    (and as many character styles) each based on the next, the last on the first, the paragraph
    and its run in them, and a legacy font (.VnTime) named in the styles, so that the fonts are
    looked up through the styles' inheritance."""
    if style_cycle:
        ids = [f"S{i}" for i in range(style_cycle)]
        chars = [f"C{i}" for i in range(style_cycle)]
        styles = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{_W}">'
                  '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>'
                  '</w:rPr></w:rPrDefault></w:docDefaults>'
                  + "".join(_style(s, ids[(i + 1) % len(ids)]) for i, s in enumerate(ids))
                  + "".join(_style(c, chars[(i + 1) % len(chars)], "character") for i, c in enumerate(chars))
                  + '<w:style w:type="paragraph" w:styleId="Legacy"><w:name w:val="Legacy"/><w:rPr>'
                    '<w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr></w:style></w:styles>')
        run = f'<w:r><w:rPr><w:rStyle w:val="C0"/></w:rPr><w:t>{paragraph}</w:t></w:r>'
        body = f'<w:p><w:pPr><w:pStyle w:val="S0"/></w:pPr>{run}</w:p>'
    else:
        body = f'<w:p><w:r><w:t>{paragraph}</w:t></w:r></w:p>'
    head = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>'
            + body).encode()
    tail = b"</w:body></w:document>"
    if padding:
        data, crc = deflate_run(head, ord(" "), padding, tail, raw=True)
        document = ("word/document.xml", data, crc, len(head) + padding + len(tail))
    else:
        document = _deflated("word/document.xml", head + tail)
    types = _CONTENT_TYPES
    parts = [_deflated("_rels/.rels", _RELS.encode()), document]
    if style_cycle:
        types = types.replace("</Types>", f'<Override PartName="/word/styles.xml" ContentType="{_STYLES_TYPE}"/></Types>')
        parts += [_deflated("word/_rels/document.xml.rels", _DOC_RELS.encode()),
                  _deflated("word/styles.xml", styles.encode())]
    return zip_file([_deflated("[Content_Types].xml", types.encode()), *parts])


# ------------------------------------------------------------------ the cases


@dataclass(frozen=True)
class Case:
    name: str  # the file's name in the folder (a URL path for ``url`` cases)
    what: str  # what it is, for people
    expect: str  # "ok", or the error kind
    words: tuple[str, ...] = ()  # in the error message, or in a warning of an "ok" record
    make: Callable[[Path], None] | None = None
    url: bool = False
    warning: str | None = None  # the warning code a degraded read carries
    checks: dict = field(default_factory=dict)


def _write(data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data() if callable(data) else data)


def _junk(seed: int, size: int = 64 * 1024) -> Callable[[], bytes]:
    def make() -> bytes:
        return b"\x00\xff" + random.Random(seed).randbytes(size)  # never valid UTF-8, no magic bytes
    return make


def _sparse(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with path.open("wb") as fh:
            fh.write((PARAGRAPH + "\n").encode())
            fh.truncate(size)  # a hole: no disk used, no time spent
    return make


def _truncated_pdf() -> bytes:
    data = text_pdf()
    return data[: len(data) * 6 // 10]


def _invalid_utf8() -> bytes:
    good = (PARAGRAPH + "\n\n").encode() * 20
    return good[:700] + b"\xff\xfe" + good[700:1400] + "ệ".encode()[:2] + good[1400:]  # a stray byte, a cut letter


def _many_invalid_utf8() -> bytes:
    good = (PARAGRAPH + "\n\n").encode() * 20
    return b"".join(good[i:i + 200] + b"\xff" for i in range(0, len(good), 200))


def _nul_bytes() -> bytes:
    return ((PARAGRAPH + "\n\n").encode() * 5).replace(b"huy", b"h\x00uy") + b"\x00" * 64 + PARAGRAPH.encode()


def _long_line() -> bytes:
    """A report with a 10 MB line in the middle: base64 of an attachment pasted in without breaks."""
    import base64

    blob = base64.b64encode(random.Random(7).randbytes(7_500_000))  # 10 MB of letters, digits, + and /
    return (PARAGRAPH + "\n\n").encode() + blob + b"\n\n" + PARAGRAPH.encode()


MIXED = (
    "Báo cáo giám sát 😀👍🏽 👨‍👩‍👧‍👦 🇻🇳 1️⃣ — 中华人民共和国 漢字 — العربية מדינה — Кириллица — हिन्दी — ภาษาไทย.\n\n"
    + PARAGRAPH + " 𝟏𝟐𝟑 hồ sơ, １２３ hồ sơ, ٣٤٥ hồ sơ; tỷ lệ 99,07%‼ \u200f\u202e đảo ngược \u202c.\n\n"
    + "Ngày 07/4/2023 ✅ " + "Nghị quyết".replace("ị", "i\u0323") + " số 15/NQ-HĐND 🙂\U0010fffd\uE000."
)


def cases(*, with_symlinks: bool = True) -> list[Case]:
    """Every hostile input of the issue, as files in a folder (and URLs, ``url=True``)."""
    out = [
        Case("empty.txt", "empty file (0 bytes)", "empty", ("empty",), _write(b"")),
        Case("whitespace.txt", "only whitespace", "empty", ("empty",), _write(b" \t\r\n" * 4096 + "\u00a0\u3000".encode())),
        Case("junk.txt", "64 KB of random bytes named .txt", "encoding", ("UTF-8",), _write(_junk(1))),
        Case("junk.pdf", "random bytes named .pdf", "corrupt", ("PDF",), _write(_junk(2))),
        Case("junk.html", "random bytes named .html", "encoding", ("UTF-8",), _write(_junk(3))),
        Case("junk.docx", "random bytes named .docx", "corrupt", (".docx",), _write(_junk(4))),
        Case("truncated.pdf", "a PDF cut at 60 %", "corrupt", ("truncated",), _write(_truncated_pdf)),
        Case("encrypted.pdf", "a PDF with a user password", "encrypted", ("password",),
             _write(lambda: text_pdf(2, user_password="matkhau"))),
        Case("encrypted-empty-password.pdf", "an encrypted PDF with an empty user password", "ok", (),
             _write(lambda: text_pdf(2, user_password="")), checks={"figures": True}),
        Case("pages-3000.pdf", "a PDF of 3000 pages", "limit", ("3000 pages", "--max-pages"),
             _write(lambda: many_pages_pdf(3000))),
        Case("flate-bomb.pdf", "a 2 MB PDF whose content stream inflates to 2 GB", "limit",
             ("decompress", "--max-memory-mb"), _write(flate_bomb_pdf)),
        Case("zip-bomb.docx", "a .docx whose document.xml inflates 1 MB to 1 GB", "limit", ("zip bomb",),
             _write(lambda: docx_file(padding=GB))),
        Case("deep-100000.html", "HTML nested 100,000 levels deep", "ok", ("levels deep",),
             _write(lambda: b"<html><body>" + b"<div>" * 100_000 + PARAGRAPH.encode() + b"</div>" * 100_000
                    + b"</body></html>"), warning="html", checks={"figures": True}),
        Case("big-201mb.txt", "a 201 MB text file (sparse)", "limit", ("--max-bytes",), _sparse(201 * MB)),
        Case("invalid-utf8.txt", "UTF-8 text with a stray byte and a cut letter", "ok", ("invalid UTF-8 byte sequences replaced",),
             _write(_invalid_utf8), warning="encoding-repaired", checks={"figures": True}),
        Case("many-invalid-utf8.txt", "UTF-8 text with a bad byte every 200 bytes", "encoding", ("UTF-8",),
             _write(_many_invalid_utf8)),
        Case("nul-bytes.txt", "UTF-8 text with NUL bytes inside words and in a run", "ok", (), _write(_nul_bytes),
             checks={"figures": True}),
        Case("long-line.txt", "a report with one 10 MB line (base64 pasted in)", "ok", (), _write(_long_line),
             checks={"figures": True}),
        Case("mixed-scripts.txt", "Vietnamese with CJK, Arabic, Hebrew, Cyrillic, Devanagari, Thai, emoji, "
             "bidi controls, other digits", "ok", (), _write(MIXED.encode()), checks={"figures": True}),
        Case("style-cycle.docx", "a 2 KB .docx whose styles are based on each other in a cycle", "ok", (),
             _write(lambda: docx_file(style_cycle=2)), checks={"figures": True}),
        Case("style-self.docx", "a .docx whose style is based on itself", "ok", (),
             _write(lambda: docx_file(style_cycle=1)), checks={"figures": True}),
        Case(ODD_NAME, "a file whose name is not UTF-8 (b'0-\\xc2\\xe1.txt')", "ok", (),
             _write(PARAGRAPH.encode()), checks={"figures": True}),
    ]
    if with_symlinks:
        out.append(Case("loop.txt", "a symlink to itself", "unreadable", ("symbolic links",),
                        lambda path: os.symlink(path.name, path)))
    return out


ODD_NAME = os.fsdecode(b"0-\xc2\xe1.txt")  # Latin-1 bytes of a name: Python holds them as lone surrogates
# Links in the folder that lead out of it: skipped with a note, never read (``expand_inputs``).
OUTSIDE_LINKS = {"passwd.txt": "/etc/passwd", "hosts": "/etc/hosts"}


URL_CASES = [
    Case("/silent", "a server that accepts and never answers", "fetch", ("timed out",), url=True),
    Case("/redirect/0", "a server that redirects forever", "fetch", ("redirect",), url=True),
    Case("/10gb", "a server that sends 10 GB (with its Content-Length)", "limit", ("--max-bytes",), url=True),
    Case("/10gb-stream", "a server that sends 10 GB (no length: read until the cap)", "limit", ("--max-bytes",),
         url=True),
    Case("/short", "a download shorter than its Content-Length (the connection dropped)", "fetch",
         ("Content-Length", "truncated"), url=True),
    Case("/chunked-cut", "a chunked download cut in the middle of a chunk", "fetch", ("truncated",), url=True),
    Case("/file-redirect", "a redirect to file:///etc/passwd", "fetch", ("non-web address", "file:///etc/passwd"),
         url=True),
    Case("/html-as-pdf", "a web page served as application/pdf", "ok", (), url=True, checks={"figures": True}),
    Case("/text-as-html", "plain text served as text/html", "ok", (), url=True, checks={"figures": True}),
    Case("/báo-cáo/tỉnh.html?q=giám+sát", "a URL with Vietnamese letters in its path and query", "ok", (), url=True,
         checks={"figures": True}),
]
# Servers that only a whole-exchange deadline stops (each read is quick, the answer never ends): tested
# with a short timeout, not in the folder run (whose fetch timeout is seconds long).
SLOW_URL_CASES = [
    Case("/drip-headers", "a server that drips its headers a byte at a time, for ever", "fetch", ("longer than",),
         url=True),
    Case("/continue", "a server that sends 100 Continue, for ever", "fetch", ("longer than",), url=True),
    Case("/drip", "a server that drips its body a byte at a time", "fetch", ("longer than",), url=True),
]


def make_folder(folder: Path, *, with_symlinks: bool = True) -> dict[str, Case]:
    """Write every file case into ``folder`` (plus, with symlinks, a link to the folder's parent
    that would loop, and links to files outside it, ``OUTSIDE_LINKS``); returns path → case."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for case in cases(with_symlinks=with_symlinks):
        path = folder / case.name
        case.make(path)
        made[str(path)] = case
    if with_symlinks:
        os.symlink("..", folder / "up")  # a folder loop: walked into, it would never end
        for name, target in OUTSIDE_LINKS.items():
            os.symlink(target, folder / name)
    return made


# ------------------------------------------------------------------ hostile servers


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def _flood(self, declare: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        if declare:
            self.send_header("Content-Length", str(10 * GB))
        self.send_header("Connection", "close")
        self.end_headers()
        zeros = b"0" * MB
        try:
            for _ in range(10 * 1024):  # 10 GB, until the client hangs up
                self.wfile.write(zeros)
        except OSError:  # the client stopped at its cap
            pass
        self.close_connection = True

    def _raw(self, data: bytes) -> None:
        try:
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:
            pass
        self.close_connection = True

    def _trickle(self, head: bytes, piece: bytes, pause: float, times: int = 100_000) -> None:
        """``head``, then ``piece`` every ``pause`` seconds until the client hangs up."""
        try:
            self.wfile.write(head)
            for _ in range(times):
                self.wfile.write(piece)
                self.wfile.flush()
                time.sleep(pause)
        except OSError:
            pass
        self.close_connection = True

    def _answer(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path == "/short":  # announces 100,000 bytes, sends a paragraph, hangs up
            self._raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 100000\r\n"
                      b"Connection: close\r\n\r\n" + PARAGRAPH.encode())
        elif self.path == "/chunked-cut":
            body = PARAGRAPH.encode()
            self._raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nTransfer-Encoding: chunked\r\n"
                      b"Connection: close\r\n\r\n" + b"%x\r\n" % (2 * len(body)) + body)
        elif self.path == "/file-redirect":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/html-as-pdf":
            self._answer(b"<!DOCTYPE html><html><head><title>Tin</title></head><body><article><p>" + PARAGRAPH.encode()
                         + b"</p></article></body></html>", "application/pdf")
        elif self.path == "/text-as-html":
            self._answer((PARAGRAPH + "\n\n" + PARAGRAPH).encode(), "text/html; charset=utf-8")
        elif self.path.startswith("/b%C3%A1o-c%C3%A1o/t%E1%BB%89nh.html?q=gi%C3%A1m+s%C3%A1t"):  # sent encoded
            self._answer(PARAGRAPH.encode(), "text/plain; charset=utf-8")
        elif self.path == "/drip-headers":  # a header that never ends
            self._trickle(b"HTTP/1.1 200 OK\r\nX-Slow: ", b"a", 0.1)
        elif self.path == "/continue":  # interim answers, and never the answer
            self._trickle(b"", b"HTTP/1.1 100 Continue\r\n\r\n", 0.01)
        elif self.path.startswith("/redirect/"):
            n = int(self.path.rsplit("/", 1)[1])
            self.send_response(302)
            self.send_header("Location", f"/redirect/{n + 1}")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/10gb":
            self._flood(declare=True)
        elif self.path == "/10gb-stream":
            self._flood(declare=False)
        elif self.path == "/gzip-bomb":  # 1 MB on the wire, 1 GB once inflated
            raw, crc = deflate_run(b"<html><body><p>", ord(" "), GB, b"</p></body></html>", raw=True)
            size = len(b"<html><body><p>") + GB + len(b"</p></body></html>")
            body = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + raw + struct.pack("<II", crc, size % 2 ** 32)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/drip":  # a byte every 0.2 s, for ever
            self._trickle(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n", b"a", 0.2)
        else:
            body = PARAGRAPH.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)


@contextmanager
def serve() -> Iterator[dict[str, str]]:
    """The hostile servers on 127.0.0.1 for as long as the block runs: URL path → full URL.

    "/silent" is a socket that listens and never accepts: a client connects (the kernel
    completes the handshake) and then waits for an answer that never comes."""
    silent = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    urls = {c.name: (f"http://127.0.0.1:{silent.getsockname()[1]}/silent" if c.name == "/silent" else base + c.name)
            for c in URL_CASES + SLOW_URL_CASES}
    try:
        yield urls
    finally:
        httpd.shutdown()
        httpd.server_close()
        silent.close()


__all__ = ["Case", "GB", "MB", "MIXED", "ODD_NAME", "OUTSIDE_LINKS", "PARAGRAPH", "SLOW_URL_CASES", "URL_CASES",
           "cases", "deflate_run", "docx_file", "flate_bomb_pdf", "make_folder", "many_pages_pdf", "pdf_file",
           "pdf_stream", "serve", "text_pdf", "zip_file"]
