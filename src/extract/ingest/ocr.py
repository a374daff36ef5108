"""OCR of PDF pages that have no text layer (scans), with Tesseract's Vietnamese model.

A page is rendered with pypdfium2 to a grey image, written to a temporary PNG, and read
by the ``tesseract`` command (Debian packages ``tesseract-ocr`` and ``tesseract-ocr-vie``)
in TSV mode, which gives every word a box. Words are grouped into Tesseract's lines, and
the boxes are converted to PDF units, so the PDF reader rebuilds paragraphs, headings and
list items from OCR'd lines exactly as it does from a text layer. Ruled tables are found in
the image itself (long dark rules, ``find_grids``); the words inside a table go to its
cells, so a scanned table gives labelled cells like a table in a text PDF.

The command line, not a Python binding: nothing to compile, one process per page (pages
run in parallel, each limited to one thread), and a timeout per page so a hostile image
cannot hang a batch. Where Tesseract or its Vietnamese model is missing, ``status()``
says so and the PDF reader warns (or, with no text at all, fails) with that reason.
"""

from __future__ import annotations

import csv
import io
import math
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TESSERACT = "tesseract"
LANGUAGE = "vie"
DPI = 300  # the most a page is drawn at; a scan is drawn at its own resolution if lower
MIN_DPI = 200  # Tesseract reads body text poorly below this
TIMEOUT = 120.0  # seconds for one page
MAX_PIXELS = 64_000_000  # the largest page image drawn for OCR (A4 at 300 dpi: 8.7 million)
MAX_IMAGE_PIXELS = 400_000_000  # a scan image larger than this is not decoded (a decompression bomb?)
INSTALL_HINT = "install tesseract-ocr tesseract-ocr-vie (Debian packages)"


@dataclass
class OcrTable:
    """A ruled table found in a page image: its box and each cell's text, row by row
    (PDF units, y up; cells as (left, bottom, right, top))."""

    left: float
    bottom: float
    right: float
    top: float
    rows: list[list[str]]


@dataclass
class OcrPage:
    lines: list["OcrLine"]
    tables: list[OcrTable]


@dataclass
class OcrLine:
    """One line Tesseract read, boxed in PDF units (y grows upwards, as in the PDF reader)."""

    text: str
    left: float
    bottom: float
    right: float
    top: float
    confidence: float


@lru_cache(maxsize=4)
def _status(binary: str, language: str) -> str | None:
    path = shutil.which(binary)
    if path is None:
        return f"Tesseract is not installed ({binary!r} not found); {INSTALL_HINT}"
    try:
        out = subprocess.run([path, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"Tesseract does not run ({exc}); {INSTALL_HINT}"
    langs = {line.strip() for line in (out.stdout + out.stderr).splitlines()}
    if language not in langs:
        return f"Tesseract has no {language!r} model; {INSTALL_HINT}"
    return None


def status() -> str | None:
    """None when OCR can run, else why not (with what to install)."""
    return _status(TESSERACT, LANGUAGE)


def available() -> bool:
    return status() is None


# --------------------------------------------------------------------------- ruled tables

_RULE_SPAN = 0.2  # a horizontal rule is a dark run this long (share of the page width)
_EDGE_CHARS = "|[]{}!"  # what Tesseract makes of a table's vertical rules at a word's edge


def _runs(dark):
    """Per row of a boolean array: (longest dark run, its start, its end)."""
    import numpy as np

    padded = np.pad(dark, ((0, 0), (1, 1))).astype(np.int8)
    diff = np.diff(padded, axis=1)
    r_start, c_start = np.nonzero(diff == 1)
    _, c_end = np.nonzero(diff == -1)
    lengths = c_end - c_start
    best = np.zeros(dark.shape[0], dtype=int)
    start = np.zeros(dark.shape[0], dtype=int)
    end = np.zeros(dark.shape[0], dtype=int)
    order = np.argsort(lengths, kind="stable")  # longest written last wins
    best[r_start[order]] = lengths[order]
    start[r_start[order]] = c_start[order]
    end[r_start[order]] = c_end[order]
    return best, start, end


def _group(positions: list[int]) -> list[tuple[int, int]]:
    """Consecutive pixel positions (a rule a few pixels thick) → (first, last) of each rule."""
    out: list[list[int]] = []
    for p in positions:
        if out and p - out[-1][-1] <= 2:
            out[-1].append(p)
        else:
            out.append([p])
    return [(int(g[0]), int(g[-1])) for g in out]


@dataclass
class Grid:
    """A ruled table in a page image: its row and column rules as (first, last) pixels."""

    rows: list[tuple[int, int]]
    columns: list[tuple[int, int]]

    @property
    def ys(self) -> list[int]:
        return [(a + b) // 2 for a, b in self.rows]

    @property
    def xs(self) -> list[int]:
        return [(a + b) // 2 for a, b in self.columns]

    def erase(self, image) -> None:
        """Paint the rules white: Tesseract reads rules as "|" and glues words across them."""
        from PIL import ImageDraw

        draw = ImageDraw.Draw(image)
        x0, x1 = self.columns[0][0] - 2, self.columns[-1][1] + 2
        y0, y1 = self.rows[0][0] - 2, self.rows[-1][1] + 2
        for a, b in self.rows:
            draw.rectangle([x0, a - 2, x1, b + 2], fill=255)
        for a, b in self.columns:
            draw.rectangle([a - 2, y0, b + 2, y1], fill=255)


def find_grids(image) -> list[Grid]:
    """Ruled tables in a grey page image: grids of at least two rows and two columns whose
    rules run the table's full width and height."""
    import numpy as np

    dark = np.asarray(image.convert("L")) < 128
    height, width = dark.shape
    best, start, end = _runs(dark)
    rules = _group([y for y in range(height) if best[y] >= _RULE_SPAN * width])
    grids = []
    i = 0
    while i < len(rules):
        # rules of one table share their left and right ends
        y = rules[i][0]
        x0, x1 = int(start[y]), int(end[y])
        j = i + 1
        while j < len(rules) and abs(start[rules[j][0]] - x0) <= 6 and abs(end[rules[j][0]] - x1) <= 6:
            j += 1
        rows = rules[i:j]
        i = j
        if len(rows) < 3:
            continue
        block = dark[rows[0][0]:rows[-1][1] + 1, x0:x1].T  # columns as rows
        v_best, _, _ = _runs(block)
        columns = _group([x0 + x for x in range(block.shape[0]) if v_best[x] >= 0.97 * block.shape[1]])
        if len(columns) >= 3:
            grids.append(Grid(rows, columns))
    return grids


def _clean_cell(text: str) -> str:
    """A cell's words without what rules and specks became ("|", a lone "." or "„")."""
    words = [w.strip(_EDGE_CHARS) for w in text.split()]
    return " ".join(w for w in words if any(c.isalnum() or c == "%" for c in w))


def parse_tsv(tsv: str, dpi: float, page_height: float, grids: list[Grid] = ()) -> OcrPage:
    """Tesseract's TSV (one row per word) → lines in reading order and the text of the cells
    of the given table grids (pixels); boxes in PDF units. Words inside a table go to its cells."""
    scale = 72.0 / dpi
    lines: dict[tuple[int, int, int], list[dict[str, str]]] = {}
    cells: list[dict[tuple[int, int], list[dict[str, str]]]] = [{} for _ in grids]
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        x = int(row["left"]) + int(row["width"]) / 2
        y = int(row["top"]) + int(row["height"]) / 2
        for k, grid in enumerate(grids):
            ys, xs = grid.ys, grid.xs
            if ys[0] <= y <= ys[-1] and xs[0] <= x <= xs[-1]:
                r = next(n for n in range(len(ys) - 1) if y <= ys[n + 1])
                c = next(n for n in range(len(xs) - 1) if x <= xs[n + 1])
                cells[k].setdefault((r, c), []).append(row)
                break
        else:
            key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
            lines.setdefault(key, []).append(row)
    tables = []
    for grid, found in zip(grids, cells):
        ys, xs = grid.ys, grid.xs
        rows = []
        for r in range(len(ys) - 1):
            row_cells = []
            for c in range(len(xs) - 1):
                words = sorted(found.get((r, c), []), key=lambda w: (int(w["block_num"]), int(w["par_num"]),
                                                                   int(w["line_num"]), int(w["word_num"])))
                row_cells.append(_clean_cell(" ".join(w["text"] for w in words)))
            rows.append(row_cells)
        tables.append(OcrTable(left=xs[0] * scale, right=xs[-1] * scale, top=page_height - ys[0] * scale,
                               bottom=page_height - ys[-1] * scale, rows=rows))
    out = []
    for whole in lines.values():  # dicts keep Tesseract's (reading) order
        whole.sort(key=lambda w: int(w["word_num"]))
        for words in _column_runs(whole):
            out.append(_line(words, scale, page_height))
    return OcrPage(lines=out, tables=tables)


def _column_runs(words: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """A line Tesseract read across two columns (the issuer and the motto of a header, the
    recipients and the signature at the end), cut where the gap between two words is wider
    than twice the words' height: no space between words of one line is, justified or not."""
    heights = sorted(int(w["height"]) for w in words)
    tall = heights[len(heights) // 2] if heights else 0
    runs: list[list[dict[str, str]]] = [[words[0]]] if words else []
    for prev, word in zip(words, words[1:]):
        gap = int(word["left"]) - (int(prev["left"]) + int(prev["width"]))
        if tall and gap > 2 * tall:
            runs.append([word])
        else:
            runs[-1].append(word)
    return runs


def _line(words: list[dict[str, str]], scale: float, page_height: float) -> "OcrLine":
    """One line of words (Tesseract's pixel boxes) as an ``OcrLine`` in PDF units."""
    left = min(int(w["left"]) for w in words)
    right = max(int(w["left"]) + int(w["width"]) for w in words)
    top = min(int(w["top"]) for w in words)
    bottom = max(int(w["top"]) + int(w["height"]) for w in words)
    confs = [float(w["conf"]) for w in words if float(w["conf"]) >= 0]
    return OcrLine(
        text=" ".join(w["text"].strip() for w in words),
        left=left * scale, right=right * scale,
        top=page_height - top * scale, bottom=page_height - bottom * scale,
        confidence=sum(confs) / len(confs) if confs else 0.0,
    )


def render_dpi(page, most: int = DPI) -> int:
    """The resolution to draw a page at: a scanned page's own (its largest image's pixels
    per inch across the page), within ``MIN_DPI``..``most``; ``most`` where there is no image."""
    import pypdfium2.raw as raw

    best = 0.0
    width_in = page.get_width() / 72.0
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE]):
        try:
            px_w, _ = obj.get_px_size()
            left, _, right, _ = obj.get_bounds()
        except Exception:  # an image PDFium cannot measure: fall back to the default
            continue
        if right > left:
            best = max(best, px_w / ((right - left) / 72.0))
    if best <= 0 or width_in <= 0:
        return most
    return int(max(MIN_DPI, min(most, round(best))))


def too_large(page, dpi: int) -> str | None:
    """Why a page cannot be drawn for OCR at ``dpi`` within memory (a page too large even at
    ``MIN_DPI``, or an image on it that would decode to more than ``MAX_IMAGE_PIXELS``), or None."""
    import pypdfium2.raw as raw

    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE]):
        try:
            width, height = obj.get_px_size()
        except Exception:  # noqa: BLE001 - an image PDFium cannot measure is PDFium's to refuse
            continue
        if width * height > MAX_IMAGE_PIXELS:
            return (f"holds an image of {width}×{height} pixels, too large to decode for OCR "
                    f"(over {MAX_IMAGE_PIXELS // 1_000_000} million)")
    if dpi < MIN_DPI:
        cm = f"{page.get_width() / 72 * 2.54:.0f}×{page.get_height() / 72 * 2.54:.0f} cm"
        return f"is {cm}, too large to draw for OCR at {MIN_DPI} dpi (over {MAX_PIXELS // 1_000_000} million pixels)"
    return None


def fitting_dpi(page, dpi: int) -> int:
    """``dpi``, lowered where the page drawn at it would exceed ``MAX_PIXELS``."""
    area = max(page.get_width() * page.get_height(), 1.0) / 72.0 ** 2  # square inches
    return min(dpi, int(math.sqrt(MAX_PIXELS / area)))


def _run(image: Path, dpi: int, timeout: float) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # pages run in parallel; one thread each
    done = subprocess.run(
        [TESSERACT, str(image), "stdout", "-l", LANGUAGE, "--dpi", str(dpi), "--psm", "3", "tsv"],
        capture_output=True, timeout=timeout, env=env, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or "failed")
    return done.stdout.decode("utf-8", "replace")


def ocr_pages(pdf, pages: list[int], *, dpi: int = DPI, timeout: float = TIMEOUT,
              workers: int | None = None) -> dict[int, OcrPage | str]:
    """OCR the given 0-based pages of an open ``pypdfium2.PdfDocument`` (drawn at ``render_dpi``).

    Returns, per page, its lines and ruled tables, or a message saying why that page could
    not be read.
    Pages are rendered one after another (PDFium is not thread-safe) and read in parallel.
    """
    if not pages:
        return {}
    reason = status()
    if reason is not None:
        return {i: reason for i in pages}
    results: dict[int, OcrPage | str] = {}
    with tempfile.TemporaryDirectory(prefix="giamsat-ocr-") as tmp:
        jobs: dict[int, tuple[Path, float, int, list]] = {}
        for i in pages:
            page = pdf[i]
            try:
                height = page.get_height()
                page_dpi = fitting_dpi(page, render_dpi(page, dpi))
                refused = too_large(page, page_dpi)
                if refused is not None:
                    results[i] = refused
                    continue
                image = page.render(scale=page_dpi / 72.0, grayscale=True).to_pil()
                grids = find_grids(image)
                for grid in grids:
                    grid.erase(image)
                path = Path(tmp) / f"page-{i + 1}.png"
                image.save(path)
                jobs[i] = (path, height, page_dpi, grids)
            except Exception as exc:  # one page that cannot be drawn must not lose the others
                results[i] = f"could not be rendered for OCR ({exc})"
            finally:
                page.close()
        n = workers or max(1, min(len(jobs), os.cpu_count() or 1))

        def read(item: tuple[int, tuple[Path, float, int, list]]) -> tuple[int, OcrPage | str]:
            i, (path, height, page_dpi, grids) = item
            try:
                return i, parse_tsv(_run(path, page_dpi, timeout), page_dpi, height, grids)
            except subprocess.TimeoutExpired:
                return i, f"OCR took longer than {timeout:g} s; gave up"
            except (OSError, RuntimeError, ValueError) as exc:
                return i, f"OCR failed ({exc})"

        with ThreadPoolExecutor(max_workers=n) as pool:
            results.update(dict(pool.map(read, jobs.items())))
    return results


__all__ = ["Grid", "OcrLine", "OcrPage", "OcrTable", "available", "find_grids", "ocr_pages", "parse_tsv", "status",
           "DPI", "INSTALL_HINT"]
