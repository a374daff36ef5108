"""giamsat validate: a good record passes; a broken record of each kind is caught."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.checks import CHECKS, check_report, level
from extract.cli import app
from extract.pipeline import process, process_bytes
from extract.validate import check_file, check_record, schema

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "docs" / "seed-hoang-hoa.txt"


@pytest.fixture(scope="module")
def good() -> dict:
    record = json.loads(process(SEED).model_dump_json())
    assert record["status"] == "ok" and record["figures"] and record["dates"]
    return record


def codes(record: dict) -> dict[str, str]:
    """code → level of every finding."""
    return {f.code: f.level for f in check_record(record)}


def test_the_validator_uses_the_committed_schema():
    committed = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    assert schema() == committed


def test_a_good_record_and_an_error_record_pass(good):
    assert check_record(good) == []
    error = json.loads(process("/nonexistent/x.txt").model_dump_json())
    assert check_record(error) == []


# each: how to break the seed's record, and the check that must say so (all error-level)
def _shift_span(r):
    r["figures"][0]["span"]["start"] += 1


def _span_past_end(r):
    r["dates"][0]["span"]["end"] = len(r["text"]) + 5


def _evidence_changed(r):
    r["officials"][0]["titles"][0]["text"] += " tỉnh"


def _impossible_date(r):
    r["dates"][0]["value"] = "2023-02-30"


def _not_iso_date(r):
    r["dates"][0]["value"] = "07/04/2023"


def _bad_period(r):
    r["supervision"]["period"]["value"] = "2021/2018-13"


def _target_off_its_evidence(r):
    r["supervision"]["targets"][-1]["span"]["start"] += 1


def _parts_exceed_whole(r):
    whole = next(f for f in r["figures"] if any(p.get("part_of") == f["id"] for p in r["figures"]))
    whole["value"] = 1


def _unknown_whole(r):
    next(f for f in r["figures"] if f.get("part_of"))["part_of"] = "f999"


def _own_part(r):
    r["figures"][0]["part_of"] = r["figures"][0]["id"]


def _duplicate_figure_id(r):
    r["figures"][1]["id"] = r["figures"][0]["id"]


def _not_sha256(r):
    r["id"] = "abc"


BROKEN = {
    "span shifted off its evidence": (_shift_span, "span"),
    "span past the end of the text": (_span_past_end, "span"),
    "evidence that is not the text": (_evidence_changed, "span"),
    "a date that does not exist": (_impossible_date, "date"),
    "a date not in ISO 8601": (_not_iso_date, "date"),
    "a supervision period that is no period": (_bad_period, "date"),
    "a supervision target off its evidence": (_target_off_its_evidence, "span"),
    "parts adding up to more than their whole": (_parts_exceed_whole, "breakdown"),
    "a part of an unknown whole": (_unknown_whole, "breakdown"),
    "a figure that is part of itself": (_own_part, "breakdown"),
    "two figures with one id": (_duplicate_figure_id, "figure"),
    "an id that is no sha256": (_not_sha256, "id"),
    "a missing field": (lambda r: r.pop("text"), "schema"),
    "a field the contract does not have": (lambda r: r.__setitem__("score", 1), "schema"),
    "a span offset of the wrong type": (lambda r: r["figures"][0]["span"].__setitem__("start", "12"), "schema"),
    "a negative offset": (lambda r: r["dates"][0]["span"].__setitem__("start", -1), "schema"),
    "an unknown figure category": (lambda r: r["figures"][0].__setitem__("category", "bananas"), "schema"),
    "an unknown status": (lambda r: r.__setitem__("status", "maybe"), "schema"),
    "an error record without its error": (lambda r: (r.__setitem__("status", "error"), r.pop("text")), "schema"),
}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_a_broken_record_of_each_kind_is_caught(good, kind):
    breaks, code = BROKEN[kind]
    record = copy.deepcopy(good)
    breaks(record)
    found = codes(record)
    assert found.get(code) == "error", found


def test_a_share_outside_0_100_is_a_warning_only(good):
    record = copy.deepcopy(good)
    percent = next(f for f in record["figures"] if f["category"] == "percent" and f["label"])
    percent["value"] = 197  # a share of 197 % is a typing error in the report: a reviewer looks, the record stands
    assert codes(record) == {"percent": "warning"}


@pytest.mark.parametrize("sentence", [
    "Giá đất tại khu vực này đã tăng 150% trong vòng 12 tháng.",
    "Chi phí thực hiện nhiều hơn 180% so với dự toán ban đầu.",
    "Cá biệt có nơi giá đã vọt lên 300% chỉ sau một năm.",
    "Thu ngân sách trên địa bàn đạt 125% dự toán, bằng 140% so với cùng kỳ.",
    "Doanh thu của hợp tác xã gấp 250% năm trước.",
])
def test_a_growth_rate_above_100_is_no_finding(sentence):
    """Only a share cannot pass 100 %: a rate of change, of a target or a comparison can."""
    report = process_bytes(sentence.encode())
    assert [f.category for f in report.figures if float(f.value) > 100] and report.warnings == []
    assert codes(json.loads(report.model_dump_json())) == {}


@pytest.mark.parametrize("sentence", [
    "Tỷ lệ hồ sơ giải quyết đúng hạn của huyện đạt 120%.",
    "Hộ nghèo chiếm 130% tổng số hộ của xã.",
])
def test_a_share_above_100_is_a_warning_in_extract_and_in_validate(sentence):
    """One definition of the check and its level: what extract writes as a warning, validate weighs as one."""
    report = process_bytes(sentence.encode())
    assert [w.code for w in report.warnings] == ["percent"]
    assert [w.message for w in check_report(report)] == [w.message for w in report.warnings]
    assert codes(json.loads(report.model_dump_json())) == {"percent": "warning"}


def test_each_check_is_defined_once_with_its_level():
    made = {code for _, code in BROKEN.values()} | {"percent", "duplicate", "json"}
    assert made <= set(CHECKS), made - set(CHECKS)
    assert {code: level(code) for code in made} == {code: CHECKS[code].level for code in made}
    assert {c.code for c in CHECKS.values() if c.level == "warning"} == {"percent", "duplicate"}
    assert level("a code no check defines") == "error"


def test_parts_that_do_not_fit_their_whole_are_no_finding_of_extract():
    """Extract links only the parts that fit (the one that does not is no part), so the record it
    writes is one validate passes: no error-level finding that extract would only call a warning."""
    report = process_bytes("Toàn huyện có 10 xã, trong đó 8 xã đạt chuẩn và 5 xã đạt chuẩn nâng cao.".encode())
    whole = next(f for f in report.figures if f.text == "10 xã")
    assert {f.text: f.part_of for f in report.figures if f is not whole} == {"8 xã": whole.id, "5 xã": None}
    assert report.warnings == [] and check_record(json.loads(report.model_dump_json())) == []


def _corpus_sets() -> list[Path]:
    from conftest import OWN, SHARED

    return [OWN / "docs", SHARED / "dev", SHARED / "real", SHARED / "unlabeled"]


@pytest.mark.slow
@pytest.mark.parametrize("folder", _corpus_sets(), ids=lambda p: p.name if p.name != "docs" else "corpus-docs")
def test_every_corpus_record_is_valid_and_extract_writes_only_warnings(folder):
    """Every record extract makes of the corpora passes validate; any finding it writes is warning-level."""
    if not folder.is_dir():
        pytest.skip(f"{folder} not found: put ../shared beside the checkout")
    paths = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".txt", ".md", ".pdf", ".html", ".docx")
                   and p.name != "README.md")
    assert paths
    invalid = {}
    for path in paths:
        record = json.loads(process(path).model_dump_json())
        errors = [f"{f.code}: {f.message}" for f in check_record(record) if f.level == "error"]
        written = {w["code"] for w in record.get("warnings") or []} & set(CHECKS)
        errors += [f"extract wrote {code} as a warning" for code in written if level(code) == "error"]
        if errors:
            invalid[path.name] = errors
    assert invalid == {}


def test_the_command_reports_each_broken_line_and_fails(tmp_path, good):
    lines = [json.dumps(good, ensure_ascii=False)]
    for kind in ("span shifted off its evidence", "a date that does not exist", "a missing field"):
        record = copy.deepcopy(good)
        BROKEN[kind][0](record)
        record["id"] = f"{len(lines):064x}"
        lines.append(json.dumps(record, ensure_ascii=False))
    lines.append(lines[0])  # the same document twice: worth a look, not wrong
    lines.append('{"schema_version": "1.0", "status": "ok", "id": "')  # a line cut short
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)], terminal_width=200)
    assert result.exit_code == 1
    assert "6 records, 2 valid, 4 invalid" in result.output
    by_line = {c.line: {f.code for f in c.findings} for c in check_file(path)}
    assert by_line == {1: set(), 2: {"span"}, 3: {"date"}, 4: {"schema"}, 5: {"duplicate"}, 6: {"json"}}
    for code in ("span", "date", "schema", "duplicate", "json"):
        assert code in result.output


def test_the_command_passes_a_good_file_written_by_extract(tmp_path):
    out = tmp_path / "out.jsonl"
    assert CliRunner().invoke(app, ["extract", str(SEED), "/nonexistent/x.txt", "-o", str(out), "-j", "1"]).exit_code == 1
    result = CliRunner().invoke(app, ["validate", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 records, 2 valid, 0 invalid" in result.output


# -- the report in words, and records of any shape (issue 15) -----------------------------------


def _verdict(checked) -> str:
    from io import StringIO

    from rich.console import Console

    from extract.validate import report_table

    out = StringIO()
    report_table(Path("r.jsonl"), checked, Console(file=out, width=300, highlight=False))
    return out.getvalue()


def test_the_verdict_counts_one_record_in_the_singular():
    from extract.validate import Checked, Finding

    one = _verdict([Checked(1, "a" * 64, "a.txt", "ok", [Finding("warning", "percent", "tỷ lệ 120%")])])
    assert "r.jsonl: 1 record, 1 valid, 0 invalid (0 errors, 1 warning): valid" in one
    two = _verdict([Checked(1, "a" * 64, "a.txt", "ok", [Finding("error", "span", "x")]), Checked(2, "b" * 64)])
    assert "r.jsonl: 2 records, 1 valid, 1 invalid (1 error, 0 warnings): invalid" in two


def _odd_values():
    """Values of every JSON type but a string, and strings rich would read as markup."""
    return [12345, 1.5, True, {"x": 1}, ["a", 2], {"x": [[[1]]]}, "[/red]", "[bold]x[/bold"]


@pytest.mark.parametrize("value", _odd_values(), ids=repr)
@pytest.mark.parametrize("where", ["id", "source.path", "source.url", "source", "status"])
def test_a_record_whose_id_or_source_is_of_another_type_is_reported_not_a_crash(good, tmp_path, where, value):
    record = copy.deepcopy(good)
    if where.startswith("source."):
        record["source"][where.split(".")[1]] = value
        if where == "source.url":
            record["source"]["path"] = None
    else:
        record[where] = value
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    [checked] = check_file(path)
    assert all(v is None or isinstance(v, str) for v in (checked.id, checked.source, checked.status))
    said = _verdict([checked])
    if isinstance(value, str) and where != "status":  # a string id or path is only as odd as its form
        assert "1 record" in said
    else:
        assert not checked.valid and "schema" in said and "1 record, 0 valid, 1 invalid" in said
    if checked.findings and where in ("id", "source.path", "source.url") and not isinstance(value, str):
        assert json.dumps(value, ensure_ascii=False)[:8] in said  # the record is still named by what it holds


def test_report_table_takes_checked_records_of_any_type():
    """Checked built by another caller, with an id or source that is no string: named, not a crash."""
    from extract.validate import Checked, Finding

    for value in _odd_values():
        said = _verdict([Checked(1, value, value, value, [Finding("error", "schema", f"{value}: wrong")])])
        assert "1 record, 0 valid, 1 invalid (1 error, 0 warnings)" in said, value


def _nested(depth: int, leaf=1, kind: str = "list"):
    value = leaf
    for _ in range(depth):
        value = [value] if kind == "list" else {"a": value}
    return value


@pytest.mark.parametrize("kind", ["list", "object"])
@pytest.mark.parametrize("field", ["text", "figures", "source"])
def test_a_record_nested_just_under_the_recursion_limit_is_one_finding_that_says_where(good, kind, field):
    import sys

    limit = sys.getrecursionlimit()
    found = {}
    for depth in (200, limit // 2, limit - 60, limit - 10, limit - 2, limit + 50):
        record = copy.deepcopy(good)
        record[field] = _nested(depth, kind=kind)
        found[depth] = check_record(record)  # never a RecursionError
    for depth, findings in found.items():
        assert [f.code for f in findings] == ["schema"], (depth, findings)
        assert findings[0].message.startswith(f"{field}/") and "nested more than" in findings[0].message  # where
    assert check_record(good) == [] or all(f.level == "warning" for f in check_record(good))


@pytest.mark.parametrize("kind", ["list", "object"])
def test_every_line_json_can_read_checks_without_recursion_error(tmp_path, kind):
    """A line nested anywhere from far below to just past what json reads: one finding each, json or schema."""
    import io
    import sys

    from extract.validate import check_stream

    limit = sys.getrecursionlimit()
    lines = []
    for depth in range(limit - 80, limit + 5, 3):
        inner = ("[" * depth + "1" + "]" * depth) if kind == "list" else ('{"a": ' * depth + "1" + "}" * depth)
        lines.append(f'{{"schema_version": "1.0", "status": "ok", "id": "{depth:064x}", "text": {inner}}}')
    checked = list(check_stream(io.BytesIO("\n".join(lines).encode() + b"\n")))
    assert len(checked) == len(lines)
    for c in checked:
        assert len(c.findings) == 1 and c.findings[0].code in ("json", "schema") and not c.valid, c
    assert {c.findings[0].code for c in checked} == {"json", "schema"}  # both sides of json's own limit were tried
