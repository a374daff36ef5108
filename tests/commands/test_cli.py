"""The command line as a new user meets it (issue 15): the version, the commands in a useful
order, closed options as choices, sizes in MB, and every command answering bad input with one
line that says what and where, with the exit status its help documents."""

from __future__ import annotations

import json
import re
import time
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

import hostile
from extract.cli import app
from extract.commands._common import parse_size

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "docs" / "seed-hoang-hoa.txt"
WIDE = {"COLUMNS": "400"}  # help text on one line per option


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=WIDE)


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> dict:
    from extract.pipeline import process

    return json.loads(process(SEED).model_dump_json())


def _one_line(result, code: int, *words: str) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


# ------------------------------------------------------------------ what --help shows


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout == f"giamsat {version('giamsat')}\n"


def test_commands_are_listed_in_the_order_of_the_work():
    shown = run("--help").output
    names = re.findall(r"^│ (\w+) ", shown, flags=re.MULTILINE)
    assert names[:3] == ["extract", "validate", "show"] and names.index("schema") == len(names) - 1
    assert set(names) >= {"extract", "validate", "show", "people", "places", "export", "eval", "schema"}


def test_closed_options_are_choices_and_sizes_are_in_mb():
    shown = run("extract", "--help").output
    assert "<local|dask>" in shown
    assert "[default: 200MB]" in shown and "209715200" not in shown
    assert "in MB" in shown  # --max-memory-mb
    assert parse_size("200MB") == parse_size("200M") == parse_size("209715200") == 200 * 1024 * 1024
    assert parse_size("1.5GB") == 3 * 512 * 1024 * 1024 and parse_size("0") == 0
    _one_line(run("extract", str(SEED), "--max-bytes", "lots"), 2, "--max-bytes 'lots' is no size")


def test_a_size_with_a_unit_is_the_limit_it_says(tmp_path):
    big = tmp_path / "lon.txt"
    big.write_text((hostile.PARAGRAPH + "\n") * 20, encoding="utf-8")  # 4.7 KB
    out = tmp_path / "out.jsonl"
    result = run("extract", str(big), "-o", str(out), "--max-bytes", "2KB", "-j", "1")
    assert result.exit_code == 1
    assert json.loads(out.read_text())["error"]["message"].endswith("over --max-bytes 2048; raise it with --max-bytes "
                                                                    "(0: no limit)")


# ------------------------------------------------------------------ validate


def test_validate_json_says_what_the_table_says(tmp_path, good):
    path = tmp_path / "r.jsonl"
    bad = json.loads(json.dumps(good))
    bad["dates"][0]["value"] = "2023-02-30"
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n" + json.dumps(bad, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    result = run("validate", "--json", str(path))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["invalid"] == 1 and [f["records"] for f in report["files"]] == [2]
    found = report["files"][0]["findings"]
    assert found and all(f["line"] == 2 for f in found) and {"level", "check", "message", "id"} <= set(found[0])


@pytest.mark.parametrize("change", ["id-number", "path-number", "deep-array", "deep-object"])
def test_validate_of_a_malformed_record_names_it_and_fails(tmp_path, good, change):
    record = json.loads(json.dumps(good))
    if change == "id-number":
        record["id"] = 12345
    elif change == "path-number":
        record["source"]["path"] = 7
    line = json.dumps(record, ensure_ascii=False)
    if change == "deep-array":
        line = "[" * 100_000 + "]" * 100_000
    elif change == "deep-object":
        line = '{"a": ' * 100_000 + "1" + "}" * 100_000
    path = tmp_path / "r.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "1 invalid" in result.stdout
    as_json = run("validate", "--json", str(path))
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)["invalid"] == 1


def test_validate_of_a_missing_file_is_one_line(tmp_path):
    _one_line(run("validate", str(tmp_path / "none.jsonl")), 2, "none.jsonl: no such file")
    _one_line(run("validate", str(tmp_path)), 2, "not a file")


# ------------------------------------------------------------------ show


def _record_file(tmp_path: Path, good: dict, change: str) -> Path:
    record = json.loads(json.dumps(good))
    path = tmp_path / f"{change}.jsonl"
    if change == "text-number":
        record["text"] = 5
    elif change == "officials-string":
        record["officials"] = "Nguyễn Văn A"
    elif change == "path-object":
        record["source"]["path"] = {"x": 1}
    elif change == "id-number":
        record["id"] = 12345
    elif change == "one-bad-figure":
        record["figures"][0]["span"] = "none"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("change", ["text-number", "officials-string", "path-object", "id-number",
                                    "one-bad-figure"])
def test_show_of_a_malformed_record_shows_the_rest_and_says_so(tmp_path, good, change):
    path = _record_file(tmp_path, good, change)
    page = tmp_path / "view.html"
    result = run("show", str(path), "-o", str(page))
    assert result.exit_code == 1, result.output
    said = [line for line in result.stderr.splitlines() if line.startswith("giamsat show:")]
    assert len(said) == 1 and said[0].startswith(f"giamsat show: {path}:1: not a valid record (") and "shown" in said[0]
    html = page.read_text(encoding="utf-8")
    assert "Input should be a valid" in html  # the problem, on the page
    from extract.commands.show import read_records

    [(shown, problems, line)] = list(read_records(path))
    assert line == 1 and problems and problems[0].startswith({"text-number": "text:", "officials-string": "officials:",
                                                              "path-object": "source.path:", "id-number": "id:",
                                                              "one-bad-figure": "figures.0.span:"}[change])
    if change == "one-bad-figure":  # only the faulty item is left out
        assert [f["id"] for f in shown["figures"]] == [f["id"] for f in good["figures"][1:]]
        assert shown["officials"] == good["officials"]


@pytest.mark.parametrize("content,words", [
    (b'{"status": "ok", "id": "\xff"}\n', ("r.jsonl:1: byte 24 is not UTF-8",)),
    (b"[" * 100_000 + b"]" * 100_000 + b"\n", ("JSON nested too deeply",)),
    (b'{"status": "ok"}\n{"status": \n', ("r.jsonl:3:1: not JSON",)),
    (b'[1, 2]\n', ("a record is a JSON object, this is list",)),
    (b"\n\n", ("no records",)),
])
def test_show_of_a_file_that_holds_no_records_is_one_line(tmp_path, content, words):
    path = tmp_path / "r.jsonl"
    path.write_bytes(content)
    _one_line(run("show", str(path), "-o", str(tmp_path / "v.html")), 2, str(path), *words)
    assert not (tmp_path / "v.html").exists()


@pytest.mark.parametrize("name", ["none.txt", "none.jsonl"])
def test_show_of_a_missing_input_fails_with_a_page_that_says_why(tmp_path, name):
    _one_line(run("show", str(tmp_path / name), "-o", str(tmp_path / "v.html")), 1,
              f"wrote {tmp_path / 'v.html'} (the input could not be read: unreadable: cannot read {tmp_path / name}: "
              "No such file or directory)")
    assert "No such file or directory" in (tmp_path / "v.html").read_text(encoding="utf-8")


def test_show_of_an_unreadable_input_writes_its_page_and_fails(tmp_path):
    bad = tmp_path / "rong.txt"
    bad.write_bytes(b"   \n")
    result = run("show", str(bad), "-o", str(tmp_path / "v.html"))
    assert result.exit_code == 1 and (tmp_path / "v.html").exists()
    assert "the input could not be read: empty: the input is empty" in result.stderr


def test_show_refuses_to_write_over_its_input(tmp_path, good):
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps(good, ensure_ascii=False) + "\n", encoding="utf-8")
    kept = records.read_bytes()
    _one_line(run("show", str(records), "-o", str(records)), 2, "is also an input")
    doc = tmp_path / "bao-cao.txt"
    doc.write_bytes(SEED.read_bytes())
    _one_line(run("show", str(doc), "-o", str(doc)), 2, "is also an input")
    assert records.read_bytes() == kept and doc.read_bytes() == SEED.read_bytes()
    _one_line(run("show", str(doc), "-o", str(doc / "v.html")), 2, "is a file, so nothing can be made under it")


def test_show_runs_under_the_limits_of_extract(tmp_path, monkeypatch):
    """A document that never finishes gets a page that says so, after --max-seconds, as in extract."""
    import extract.pipeline

    real = extract.pipeline.process

    def process(source):
        if "treo" in str(source):
            while True:
                sum(range(1000))
        return real(source)

    monkeypatch.setattr(extract.pipeline, "process", process)  # the worker is forked: it inherits it
    stuck = tmp_path / "treo.txt"
    stuck.write_text(hostile.PARAGRAPH, encoding="utf-8")
    started = time.monotonic()
    result = run("show", str(stuck), "-o", str(tmp_path / "v.html"), "--max-seconds", "1")
    assert time.monotonic() - started < 30
    assert result.exit_code == 1, result.output
    assert "the input could not be read: limit: gave up after 1 s (over --max-seconds 1)" in result.stderr
    assert "gave up after 1 s" in (tmp_path / "v.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------ the other commands


def test_schema_and_eval_answer_bad_paths_in_one_line(tmp_path):
    _one_line(run("schema", "-o", str(tmp_path)), 2, "is a folder")
    (tmp_path / "f").write_text("x")
    _one_line(run("schema", "-o", str(tmp_path / "f" / "s.json")), 2, "is a file, so nothing can be made under it")
    _one_line(run("eval", "--gold", str(tmp_path / "none"), "--docs", str(tmp_path)), 2, "--gold", "no such folder")
    _one_line(run("eval", "--gold", str(tmp_path), "--docs", str(tmp_path / "f")), 2, "--docs", "not a folder")


# ------------------------------------------------------------------ validate, people, places (issue 15)


def test_validate_counts_one_record_in_the_singular(tmp_path, good):
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 0, result.output
    assert f"{path}: 1 record, 1 valid, 0 invalid (0 errors, " in result.stdout and "1 records" not in result.stdout


def _no_records(good: dict) -> list[tuple[str, bytes, str]]:
    """(case, second line, words said), each made here."""
    return [
        ("invalid-utf8", b'{"status": "ok", "id": "\xc2\xe1"}\n', "byte "),
        ("foreign-list", b"[1, 2, 3]\n", "not a JSON object but list"),
        ("foreign-object", b'{"rows": 3}\n', "no giamsat record"),
        ("deep-array", b"[" * 100_000 + b"]" * 100_000 + b"\n", "nested too deeply"),
        ("deep-object", b'{"a": ' * 100_000 + b"1" + b"}" * 100_000 + b"\n", "nested too deeply"),
        ("id-number", json.dumps({**good, "id": 12345}).encode() + b"\n", "id is a number"),
        ("officials-string", json.dumps({**good, "officials": "Nguyễn Văn A"}).encode() + b"\n", "officials is a string"),
        ("place-name-number", json.dumps({**good, "places": [{**good["places"][0], "name": 5}]}).encode() + b"\n",
         "places.0.name is a number"),
    ]


@pytest.mark.parametrize("what", ["people", "places"])
def test_people_and_places_of_a_file_that_holds_no_records_is_one_line(tmp_path, good, what):
    for case, line, words in _no_records(good):
        path = tmp_path / f"{case}.jsonl"
        path.write_bytes(json.dumps(good, ensure_ascii=False).encode() + b"\n" + line)
        _one_line(run(what, str(path)), 2, f"giamsat {what}: {path}:2: ", words)
    _one_line(run(what, str(tmp_path / "none.jsonl")), 2, "none.jsonl: no such file")
    _one_line(run(what, str(tmp_path)), 2, "not a file")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("what", ["people", "places"])
def test_people_and_places_db_errors_are_one_line_without_the_password(tmp_path, what):
    secret = "Hu3-mat-khau"
    bad_file = tmp_path / "not-a-db.sqlite"
    bad_file.write_bytes(b"no database here" * 100)
    for url, words in [
        (f"postgresql+psycopg://giamsat:{secret}@127.0.0.1:{_free_port()}/giamsat", "cannot open"),
        (f"postgresql://giamsat:{secret}@db.example:5432:9/giamsat", "cannot open"),
        (f"nosuchdb://giamsat:{secret}@localhost/giamsat", "cannot open"),
        (str(bad_file), "file is not a database"),
    ]:
        result = run(what, "--db", url)
        said = _one_line(result, 2, f"giamsat {what}: ", words)
        assert secret not in result.output, said
