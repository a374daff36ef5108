"""Images: page images saved as PNG, JPEG, TIFF (multi-page too), BMP, GIF or WebP, and the
pictures of scanned pages inside Word files, read by OCR.

There is one OCR path, the scanned PDF's: each image (each page of a TIFF) becomes one page of
an image-only PDF made in memory, at the image's resolution, and that PDF goes through the PDF
reader, which OCRs pages without a text layer (``ocr``, Tesseract's Vietnamese model) and
rebuilds their lines into paragraphs, headings, list items and labelled table cells exactly as
for a scan. So an image and a scanned PDF of the same page give the same record.

The resolution: a page image's own (its dpi metadata) where that is plausible for a page
(150 dpi or more, and a page of 2 to 17 inches); else — phones and many programs write 72 or
96 dpi, or none — the image is taken to be a page of A4, its shorter side 8.27 inches.

Bombs: the size an image declares is checked before it is decoded: more than
``ocr.MAX_IMAGE_PIXELS`` (or than Pillow's own limit), or more than the memory one input may
use (``ReadLimits.max_expanded``: a quarter of ``--max-memory-mb``), and it is refused.
"""

from __future__ import annotations

import io
import warnings
from typing import Iterable

from ..document import Document, IngestError

# Magic bytes → media type.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
_BMP_HEADERS = {12, 16, 40, 52, 56, 64, 108, 124}  # the sizes of BMP's info headers
NAMES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/tiff": "TIFF", "image/gif": "GIF", "image/bmp": "BMP",
         "image/webp": "WebP"}

A4_SHORT_INCHES = 8.27
MIN_META_DPI = 150  # lower dpi metadata is a program's default more often than a scan's truth
JPEG_QUALITY = 95  # the page image inside the PDF (Pillow writes grey images as JPEG)


def image_type(head: bytes) -> str | None:
    """The media type of an image file from its first bytes, or None."""
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:2] == b"BM" and len(head) >= 18 and int.from_bytes(head[14:18], "little") in _BMP_HEADERS:
        return "image/bmp"
    return None


def open_image(data: bytes, what: str = "the image"):
    """``data`` opened by Pillow (not yet decoded), its declared size checked; an ``IngestError``
    says why it cannot be read."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limits decide, below
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise IngestError("limit", f"{what} is too large to decode for OCR ({exc})") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise IngestError("corrupt", f"{what} cannot be decoded ({exc})") from exc
    check_size(image, what)
    return image


def check_size(image, what: str = "the image") -> None:
    """Refuse an image (a frame) whose declared size is over the pixel or memory limit."""
    from . import limits
    from .ocr import MAX_IMAGE_PIXELS

    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise IngestError("limit", f"{what} is {width}×{height} pixels, too large to decode for OCR "
                                   f"(over {MAX_IMAGE_PIXELS // 1_000_000} million; a decompression bomb?)")
    bands = max(1, len(image.getbands()))
    if width * height * (bands + 1) > limits().max_expanded:  # the decoded image and its grey copy
        raise IngestError("limit", limits().expanded_message(f"{what} ({width}×{height} pixels)"))


def grey(image):
    """A frame as an 8-bit grey image, transparency on white, 16-bit values scaled."""
    from PIL import Image

    if image.mode == "L":
        return image.copy()
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        import numpy as np

        values = np.asarray(image, dtype=np.float64)
        top = float(values.max()) if values.size else 0.0
        return Image.fromarray((values * (255.0 / top if top > 0 else 0)).clip(0, 255).astype(np.uint8), "L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("L")
    return image.convert("L")


def page_dpi(image) -> float:
    """The resolution to lay ``image`` out at as a page: its own where plausible, else A4's."""
    width, height = image.size
    dpi = image.info.get("dpi")
    try:
        own = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        own = 0.0
    if own >= MIN_META_DPI and 2 <= min(width, height) / own <= 17:
        return own
    return max(72.0, min(width, height) / A4_SHORT_INCHES)


def page_pdf(image, dpi: float) -> bytes:
    """A one-page image-only PDF of a grey image, the page the image's size at ``dpi``."""
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=dpi, quality=JPEG_QUALITY)
    return buffer.getvalue()


def merge(pdfs: list[bytes]) -> bytes:
    """One PDF of the pages of several (each page keeps its own size)."""
    import pypdfium2 as pdfium

    if len(pdfs) == 1:
        return pdfs[0]
    merged = pdfium.PdfDocument.new()
    try:
        for data in pdfs:
            part = pdfium.PdfDocument(data)
            try:
                merged.import_pages(part)
            finally:
                part.close()
        out = io.BytesIO()
        merged.save(out)
        return out.getvalue()
    finally:
        merged.close()


def pdf_of(pages: Iterable[tuple[object, float]]) -> bytes:
    """An image-only PDF, one page per (grey image, dpi); each image is encoded as it comes, so
    only one is decoded at a time."""
    return merge([page_pdf(image, dpi) for image, dpi in pages])


def read_image(data: bytes, media_type: str) -> Document:
    """An image file read by OCR, each TIFF page a page (``pages`` set where there are several)."""
    from PIL import ImageSequence

    from . import limits, ocr
    from .pdf import read_pdf

    name = NAMES.get(media_type, "image")
    image = open_image(data, f"the {name} image")  # sizes first: a bomb is refused before anything else
    frames = getattr(image, "n_frames", 1) if media_type == "image/tiff" else 1
    max_pages = limits().max_pages
    if max_pages and frames > max_pages:
        raise IngestError("limit", f"the TIFF has {frames} pages, over --max-pages {max_pages}; raise it with "
                                   "--max-pages (0: no limit), or split the file")
    reason = ocr.status()
    if reason is not None:
        raise IngestError("ocr-unavailable", f"the input is an image ({name}): its text can only be read by OCR, "
                                             f"which is not available: {reason}")
    def pages():  # one frame decoded at a time: a long TIFF is never all in memory
        for n, frame in enumerate(ImageSequence.Iterator(image), start=1):
            if n > frames:
                return
            check_size(frame, f"page {n} of the TIFF" if frames > 1 else f"the {name} image")
            yield grey(frame), page_dpi(frame)

    try:
        pdf = pdf_of(pages())
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001 - a truncated or damaged image: Pillow's words
        raise IngestError("corrupt", f"the {name} image cannot be decoded ({type(exc).__name__}: {exc})") from exc
    try:
        doc = read_pdf(pdf)
    except IngestError as exc:
        if exc.kind == "empty":
            raise IngestError("empty", f"OCR found no text in the {name} image") from exc
        raise
    if frames == 1:  # one image is no paged document
        doc.pages = None
        for block in doc.blocks:
            block.page = None
        if getattr(doc, "page_starts", None):
            doc.page_starts = []
        doc.warnings = [(code, message.replace("page 1 was read", "the image was read", 1))
                        for code, message in doc.warnings]
    return doc


__all__ = ["NAMES", "check_size", "grey", "image_type", "merge", "open_image", "page_dpi", "page_pdf", "pdf_of",
           "read_image"]
