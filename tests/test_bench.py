"""The benchmark (benchmarks/bench.py) in its short mode, so that it cannot rot.

Only that it runs and reports: speed targets are not asserted, these machines are shared
and noisy. The numbers it prints must be the ones it measured (checked against its JSON).
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import OWN, ROOT

BENCH = ROOT / "benchmarks" / "bench.py"


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def short_run(tmp_path_factory) -> tuple[str, dict]:
    """One short run over the project's own corpus: (printed table, JSON measurements)."""
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--short", str(OWN / "docs"), "--json", str(out)],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout, json.loads(out.read_text(encoding="utf-8"))


def _row(table: str, label: str) -> list[str]:
    line = next((l for l in table.splitlines() if l.startswith(label)), None)
    assert line is not None, f"no row {label!r} in:\n{table}"
    return line[len(label):].split()


def test_every_phase_measured(short_run):
    table, data = short_run
    run = data["runs"][0]
    for phase in ("tokenize", "ner", "process", "jobs"):
        assert run[phase]["docs"] > 0 and run[phase]["seconds"] > 0, phase
        assert run[phase]["peak_mb"] > 20, phase  # a Python process with models loaded
    assert run["process"]["errors"] == 0 and run["jobs"]["errors"] == 0
    paired = run["paired"]
    assert paired["docs"] == run["process"]["docs"] and paired["tokenize_s"] > 0 and paired["process_s"] > 0
    printed = float(_row(table, "  the same, paired document by document")[0])
    assert printed == pytest.approx(paired["tokenize_s"] / paired["process_s"], abs=0.006)
    assert run["jobs"]["worker_peak_mb"] > 20  # the workers were measured, not only the runner
    assert data["startup"][0]["status"] == "ok"
    assert 0 < data["startup"][0]["import_s"] < data["startup"][0]["first_doc_s"]
    assert 0 < data["startup"][0]["libraries_s"]
    assert "of which the libraries alone" in table
    shell = data["shell_start"]  # as the shell runs it: compiled modules as it has them
    assert shell["status"] == "ok" and "the same as this shell runs it" in table
    first = data["first_start"]  # in an empty cache folder: the place index is made, and the document still extracted
    assert first["status"] == "ok" and first["first_doc_s"] > 0
    assert float(re.search(r"the first start on a machine.*: ([\d.]+) s", table).group(1)) == pytest.approx(
        first["first_doc_s"], abs=0.006)
    memory = data["memory"]
    assert memory["samples"][-1][0] == memory["docs"] and len(memory["samples"]) >= 3
    assert all(mb > 20 for _, mb in memory["samples"])


def test_table_shows_the_measured_rates_and_ratios(short_run):
    table, data = short_run
    run = data["runs"][0]

    def docs_s(phase: str) -> float:
        return run[phase]["docs"] / run[phase]["seconds"]

    for label, phase in (("underthesea sent+word tokenize", "tokenize"), ("giamsat, one process", "process"),
                         ("giamsat --jobs 2", "jobs")):
        printed = float(_row(table, label)[0])
        assert printed == pytest.approx(docs_s(phase), abs=0.051), label
    ratio = float(_row(table, "end to end / tokenizer only")[0])
    assert ratio == pytest.approx(docs_s("process") / docs_s("tokenize"), abs=0.006)
    ratio = float(_row(table, "--jobs 2 / one process")[0])
    assert ratio == pytest.approx(docs_s("jobs") / docs_s("process"), abs=0.006)
    for label in ("end to end / underthesea ner", "start-up: import + first document (s)",
                  "peak memory per worker (MB)", "memory growth, MB per 1000 documents"):
        cells = _row(table, label)
        float(cells[0])
        assert cells[-1] in ("yes", "NO"), label


def test_pdf_phase_compares_with_pypdfium2(short_run):
    table, data = short_run
    pdf = data.get("pdf")
    if pdf is None:
        pytest.skip("the PDF phase was skipped (no fpdf2 or no DejaVuSans font): see the benchmark's stderr")
    assert pdf["pages"] >= 2 and pdf["raw_s"] > 0 and pdf["ingest_s"] > 0
    # both readers got the text of every page (the ingester drops only furniture and joins lines)
    assert pdf["chars_ingest"] > 0.8 * pdf["chars_raw"]
    printed = float(_row(table, "PDF ingestion / pypdfium2 raw text")[0])
    assert printed == pytest.approx(pdf["ingest_s"] / pdf["raw_s"], abs=0.006)


def test_documents_are_cycled_to_the_count():
    bench = _bench_module()
    files = [Path("a"), Path("b"), Path("c")]
    assert bench.repeated(files, 7) == [Path(p) for p in "abcabca"]
    assert bench.repeated(files, 2) == [Path("a"), Path("b")]


def test_varied_documents_keep_everything_but_digits():
    import random

    bench = _bench_module()
    text = "Ngày 07/4/2023, 363.424 hồ sơ (99,07%) của 12 xã."
    varied = bench._vary(text, random.Random(1))
    assert len(varied) == len(text)
    assert re.sub(r"\d", "0", varied) == re.sub(r"\d", "0", text)
    assert varied != text


def test_growth_is_a_least_squares_slope():
    bench = _bench_module()
    assert bench._slope([(0, 100.0), (1000, 101.0), (2000, 102.0)]) == pytest.approx(0.001)
    assert bench._slope([(0, 100.0), (1000, 100.0)]) == 0
