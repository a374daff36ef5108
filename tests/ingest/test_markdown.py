"""Markdown exports: markup out of the text, headings, pipe and HTML tables as labelled cells,
lost tables warned, wrapped lines rebuilt; the project's own reports as a legal-text site
would export them read as their clean text does."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.ingest import read_bytes
from extract.ingest.markdown import inline, read_markdown
from extract.pipeline import extract_document, process_bytes
from render_text import to_markdown

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "docs"
REAL_MD = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real" / "nq-2017-hdnd-cao-bang-ct-giam-sat-2018.md"


def test_inline_markup_is_left_out() -> None:
    assert inline("**Điều 1.** Phê duyệt *kế hoạch* của `UBND` [tỉnh](http://x.vn) ![ảnh](a.png)") == \
        "Điều 1. Phê duyệt kế hoạch của UBND tỉnh "
    assert inline("mã_số_thuế và a\\*b") == "mã_số_thuế và a*b"  # underscores inside a word are no emphasis


def test_headings_tables_html_and_placeholders() -> None:
    md = ("<jsontable name=\"bang_0\"> </jsontable>\n\n# BÁO CÁO\n\nKết quả giám sát<br>việc thực hiện chính sách\n\n"
          "| STT | Đơn vị | Số hồ sơ |\n|---|:---|---:|\n| 1 | Huyện A | 120 |\n| 2 | Huyện B | 80 |\n\n"
          "<div align=\"center\">Sub heading</div>\n\n* mục một\n* mục hai\n")
    doc = read_markdown(md.encode("utf-8"))
    assert "<" not in doc.text and "|" not in doc.text and "**" not in doc.text and "#" not in doc.text
    assert doc.title == "BÁO CÁO" and doc.blocks[0].kind == "heading"
    assert "Kết quả giám sát việc thực hiện chính sách" in doc.text  # a <br> at a wrapped line's end
    cells = {doc.text[b.start:b.end]: b.label for b in doc.blocks if b.kind == "table_cell"}
    assert cells["120"] == "Huyện A / Số hồ sơ" and cells["80"] == "Huyện B / Số hồ sơ"
    assert "- mục một\n- mục hai" in doc.text
    assert any(code == "table-lost" for code, _ in doc.warnings)


def test_html_tables_in_markdown_are_cells_too() -> None:
    md = "<table><tr><th>Huyện</th><th>Tỷ lệ (%)</th></tr><tr><td>Cam Lộ</td><td>98,5</td></tr></table>\n"
    doc = read_markdown(md.encode("utf-8"))
    assert {doc.text[b.start:b.end]: b.label for b in doc.blocks if b.kind == "table_cell"}["98,5"] == "Cam Lộ / Tỷ lệ (%)"


def test_markdown_is_sniffed_by_name() -> None:
    doc = read_bytes(b"# Bao cao\n\nNoi dung **dam**.\n", name="a.md")
    assert doc.media_type == "text/markdown" and "**" not in doc.text


def _values(report) -> dict:
    """What a record says, without offsets (Markdown puts blocks apart where text has lines)."""
    d = report.model_dump()
    flat = lambda t: " ".join(t.split())  # noqa: E731
    return {
        "officials": sorted((o["name"], tuple(sorted(flat(t["text"]) for t in o["titles"]))) for o in d["officials"]),
        "dates": sorted((x["value"], flat(x["text"])) for x in d["dates"]),
        "figures": sorted((x["value"], x["unit"] or "", flat(x["text"])) for x in d["figures"]),
        "recommendations": sorted((flat(x["text"]), x["by"] or "", x["addressee"] or "") for x in d["recommendations"]),
        "document": {k: flat(v["text"]) if isinstance(v, dict) and "text" in v else v
                     for k, v in d["document"].items() if k in ("number", "kind", "issuer", "place")},
        "signer": (d["document"]["signer"] or {}).get("name"),
        "recipients": [m["text"] for m in d["document"]["recipients"]],
    }


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_the_own_corpus_as_markdown_reads_as_its_clean_text(path: Path) -> None:
    original = path.read_text(encoding="utf-8")
    expected = _values(process_bytes(original.encode("utf-8"), name=path.name))
    doc = read_markdown(to_markdown(original).encode("utf-8"))
    doc.sha256 = "0" * 64
    got = _values(extract_document(doc))
    for field in expected:
        assert got[field] == expected[field], (path.name, field)


@pytest.mark.skipif(not REAL_MD.is_file(), reason="../shared/corpus/real is not beside the checkout")
def test_a_legal_sites_export_reads_as_its_author_wrote_it() -> None:
    doc = read_bytes(REAL_MD.read_bytes(), name=REAL_MD.name)
    assert "jsontable" not in doc.text
    # its lines are wrapped at the export's width inside names and dates: they are joined
    assert "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;" in doc.text
    assert "Điều 2. Giao Thường trực Hội đồng nhân dân tỉnh ban hành kế hoạch" in doc.text
    assert "NGHỊ QUYẾT\nVỀ" in doc.text  # its header lines stay lines
