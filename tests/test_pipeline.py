"""End to end: the seed page, grounding on every corpus document, error records, schema drift."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.checks import grounded_items, valid_iso
from extract.cli import app
from extract.schema import schema_json
from extract.pipeline import process

from conftest import OWN, ROOT, SHARED

SEED = OWN / "docs" / "seed-hoang-hoa.txt"


@pytest.fixture(scope="module")
def seed():
    report = process(SEED)
    assert report.status == "ok", report
    return report


def test_seed_official_and_positions(seed):
    by_name = {o.name: [t.text for t in o.titles] for o in seed.officials}
    assert by_name["Lê Quang Hùng"] == [
        "Ủy viên Ban Thường vụ Tỉnh ủy",
        "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy",
        "Trưởng Ban Kinh tế - Ngân sách HĐND tỉnh",
    ]


def test_seed_dates_and_supervision(seed):
    values = {d.value for d in seed.dates}
    assert {"--04-07", "2018/2021", "2021-12"} <= values
    sup = seed.supervision
    assert sup.period is not None and sup.period.value == "2018/2021"
    assert sup.body is not None and "HĐND tỉnh" in sup.body.text
    assert sup.target is not None and sup.target.text == "UBND huyện Hoằng Hóa"
    assert sup.topic is not None and sup.topic.text.startswith("cải cách hành chính")


def test_seed_breakdowns_are_linked(seed):
    figs = {f.id: f for f in seed.figures}

    def parts_of(value: float) -> list[float]:
        (whole,) = [f for f in seed.figures if f.value == value and f.part_of is None]
        return sorted(f.value for f in figs.values() if f.part_of == whole.id)

    assert parts_of(48) == [8, 40]
    assert parts_of(569) == [28, 227, 314]
    assert parts_of(363424) == [1555, 361869]
    assert not [w for w in seed.warnings if w.code == "breakdown"]


def test_seed_furniture_is_not_extracted(seed):
    # the page's visitor counters ("Thống kê: 3.383.219") and poll ("374 người") are furniture
    assert not [f for f in seed.figures if f.value in (3383219, 374)]


def test_seed_recommendations_one_by_one(seed):
    recs = seed.recommendations
    assert len(recs) >= 7
    assert all(r.addressee == "UBND huyện Hoằng Hóa" for r in recs)
    assert all(r.by == "Lê Quang Hùng" for r in recs)
    assert any(r.text.startswith("Khắc phục tình trạng giải quyết") for r in recs)
    assert any(r.text.startswith("Đẩy mạnh thực hiện thủ tục hành chính") for r in recs)
    # the last request ends with its sentence, not with the page furniture after it
    assert all("\n" not in r.text and "Thống kê" not in r.text for r in recs)


def _corpus_files() -> list[Path]:
    files = sorted((OWN / "docs").glob("*.txt"))
    for sub in ("dev", "unlabeled"):
        files += sorted((SHARED / sub).glob("*.txt"))
    return files


def test_every_item_of_every_corpus_document_is_grounded():
    files = _corpus_files()
    if not any(SHARED.joinpath("dev").glob("*.txt")):
        pytest.skip(f"shared corpus not found at {SHARED}; only the project's corpus was checked")
    assert len(files) > 100
    checked = 0
    for path in files:
        report = process(path)
        assert report.status == "ok", (path, report)
        for where, evidence, span in grounded_items(report):
            assert report.text[span.start:span.end] == evidence, (path.name, where)
            checked += 1
        for d in report.dates:
            assert valid_iso(d.value), (path.name, d)
        assert not [w for w in report.warnings if w.code in ("span", "date")], (path.name, report.warnings)
    assert checked > 1000


def test_own_corpus_grounded_without_shared():
    for path in sorted((OWN / "docs").glob("*.txt")):
        report = process(path)
        assert report.status == "ok"
        for where, evidence, span in grounded_items(report):
            assert report.text[span.start:span.end] == evidence, (path.name, where)


def test_bad_inputs_become_error_records(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.4\n garbage that is not a pdf")
    (tmp_path / "latin.txt").write_bytes(bytes(range(128, 256)) * 20)
    (tmp_path / "good.txt").write_text("Ngày 07/4, Đoàn giám sát làm việc với 12 xã.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "-o", str(out)])
    assert result.exit_code == 1  # some inputs failed, and the command says so
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_name = {Path(r["source"]["path"]).name: r for r in records}
    assert set(by_name) == {"empty.txt", "junk.pdf", "latin.txt", "good.txt"}
    assert by_name["good.txt"]["status"] == "ok"
    assert by_name["empty.txt"]["error"]["kind"] == "empty"
    assert by_name["junk.pdf"]["error"]["kind"] == "corrupt"
    assert by_name["latin.txt"]["error"]["kind"] == "encoding"
    assert by_name["latin.txt"]["id"]  # the bytes were read: their sha256 is kept


def test_missing_file_is_an_error_record():
    record = process("/nonexistent/report.pdf")
    assert record.status == "error" and record.error.kind == "unreadable"


def test_schema_file_matches_models():
    committed = (ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8")
    assert committed == schema_json(), "schemas/ drifted from the models: run `giamsat schema -o schemas/report.schema.json`"


def test_records_validate_against_the_schema():
    import jsonschema

    schema = json.loads(schema_json())
    report = process(SEED)
    jsonschema.validate(json.loads(report.model_dump_json()), schema)
    error = process("/nonexistent/x.txt")
    jsonschema.validate(json.loads(error.model_dump_json()), schema)
