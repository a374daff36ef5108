"""The batch runner: every input one record, limits, interruptions and --resume, Dask."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.batch import DocumentTimeout, Limits, Reporter, RunOptions, run_batch, time_limit
from extract.cli import app
from extract.sinks.jsonl import JsonlSink

ROOT = Path(__file__).resolve().parents[1]
OWN_DOCS = sorted((ROOT / "corpus" / "docs").glob("*.txt"))
SHARED_DEV = ROOT.parent / "shared" / "corpus" / "dev"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lines_of(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    assert text == "" or text.endswith("\n"), "the output ends in a half-written line"
    return [json.loads(line) for line in text.splitlines()]


def pretty_objects(text: str) -> list[dict]:
    """The objects of a --pretty file, which must hold nothing else."""
    decoder, pos, objects = json.JSONDecoder(), 0, []
    while text[pos:].strip():
        obj, end = decoder.raw_decode(text, pos)
        objects.append(obj)
        pos = end + 1
        assert text[end] == "\n"
    return objects


def broken_files(folder: Path, n: int = 5) -> list[Path]:
    """Inputs that cannot be read, each of different bytes: blank, junk PDF, Latin-1 bytes, junk DOCX, empty page."""
    folder.mkdir(parents=True, exist_ok=True)
    makers = [
        ("blank-{k}.txt", lambda k: b" " * (k + 1) + b"\n"),
        ("junk-{k}.pdf", lambda k: b"%PDF-1.4\n garbage that is not a pdf " + str(k).encode()),
        ("latin-{k}.txt", lambda k: bytes(range(128, 256)) * (20 + k)),
        ("junk-{k}.docx", lambda k: b"PK\x03\x04 not a zip %d" % k),
        ("script-{k}.html", lambda k: b"<html><body><script>var a = %d;</script></body></html>" % k),
    ]
    out = []
    for k in range(n):
        name, make = makers[k % len(makers)]
        path = folder / name.format(k=k)
        path.write_bytes(make(k))
        out.append(path)
    return out


def copies(folder: Path, n: int, start: int = 0) -> list[Path]:
    """``n`` corpus documents made unique by an appended line (so each has its own sha256)."""
    sources = OWN_DOCS + (sorted(SHARED_DEV.glob("*.txt")) if SHARED_DEV.is_dir() else [])
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(start, start + n):
        src = sources[i % len(sources)]
        tag = "".join(chr(ord("a") + int(d)) for d in str(i))  # letters: the line adds no figure
        path = folder / f"{src.stem}-{i:04d}.txt"
        path.write_bytes(src.read_bytes().rstrip(b"\n") + f"\n\nBản sao {tag}.\n".encode())
        out.append(path)
    return out


def giamsat(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extract", *args], capture_output=True, text=True,
                          timeout=600, **kwargs)


def stopped_after(*args: str, lines: int, out: Path) -> tuple[int, str]:
    """Run giamsat, send it SIGTERM once ``out`` holds ``lines`` lines; (exit status, stderr)."""
    proc = subprocess.Popen([sys.executable, "-m", "extract", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None and (
            not out.exists() or out.read_bytes().count(b"\n") < lines):
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=120)
    return proc.returncode, stderr


# ------------------------------------------------------------------ the command


def test_every_input_becomes_one_line_and_the_summary_counts_them(tmp_path):
    good = copies(tmp_path / "in" / "good", 4)
    bad = broken_files(tmp_path / "in" / "bad", 5)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "in"), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 1, result.output  # some inputs failed, and the status says so
    records = lines_of(out)
    by_path = {r["source"]["path"]: r for r in records}
    assert len(records) == 9 and set(by_path) == {str(p) for p in good + bad}
    assert all(by_path[str(p)]["status"] == "ok" and by_path[str(p)]["id"] == sha(p) for p in good)
    for p in bad:
        record = by_path[str(p)]
        assert record["status"] == "error" and record["error"]["kind"] and record["error"]["message"]
        assert record["id"] == sha(p)
    warnings = sum(len(r.get("warnings", [])) for r in records)
    assert f"giamsat extract: 9 documents, 4 records, 5 errors, {warnings} warnings" in result.stderr
    assert "5 inputs could not be read" in result.stderr


def test_all_good_inputs_exit_zero_and_pretty_output_is_one_object_per_document(tmp_path):
    good = copies(tmp_path / "in", 2)
    out = tmp_path / "out.json"
    result = CliRunner().invoke(app, ["extract", *map(str, good), "-o", str(out), "--pretty", "-j", "1"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert [o["id"] for o in pretty_objects(text)] == [sha(p) for p in good]
    assert text.startswith("{\n  ")


def test_resume_skips_what_is_done_and_cuts_a_half_written_line(tmp_path):
    folder = tmp_path / "in"
    first = copies(folder, 3)
    out = tmp_path / "out.jsonl"
    assert CliRunner().invoke(app, ["extract", str(folder), "-o", str(out), "-j", "2"]).exit_code == 0
    done = out.read_text(encoding="utf-8")
    with out.open("a", encoding="utf-8") as fh:  # a run killed in the middle of a write
        fh.write('{"schema_version": "1.0", "status": "ok", "id": "')
    later = copies(folder, 2, start=3)
    result = CliRunner().invoke(app, ["extract", str(folder), "-o", str(out), "-j", "2", "--resume"])
    assert result.exit_code == 0, result.output
    assert "3 already done" in result.stderr and "half written" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith(done)  # what was there is kept as it was
    records = lines_of(out)
    assert sorted(r["id"] for r in records[:3]) == sorted(sha(p) for p in first)  # in the order they finished
    assert sorted(r["id"] for r in records) == sorted(sha(p) for p in first + later)
    again = CliRunner().invoke(app, ["extract", str(folder), "-o", str(out), "--resume"])
    assert again.exit_code == 0 and out.read_text(encoding="utf-8") == text  # nothing left to do


def test_resume_of_a_pretty_file_cuts_a_half_written_record(tmp_path):
    docs = copies(tmp_path / "in", 2)
    out = tmp_path / "out.json"
    assert CliRunner().invoke(app, ["extract", str(docs[0]), "-o", str(out), "--pretty", "-j", "1"]).exit_code == 0
    with out.open("a", encoding="utf-8") as fh:
        fh.write('{\n  "schema_version": "1.0",\n  "status": "ok",\n')
    result = CliRunner().invoke(app, ["extract", *map(str, docs), "-o", str(out), "--pretty", "--resume", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert [o["id"] for o in pretty_objects(out.read_text(encoding="utf-8"))] == [sha(p) for p in docs]


def test_resume_knows_urls_and_unreadable_files_by_their_source(tmp_path):
    out = tmp_path / "out.jsonl"
    url = {"schema_version": "1.0", "status": "ok", "id": "a" * 64, "text": "",
           "source": {"url": "https://example.org/tin.html", "media_type": "text/html"}}
    missing = {"schema_version": "1.0", "status": "error", "id": None,
               "source": {"path": "/gone/x.pdf", "media_type": "unknown"}, "error": {"kind": "unreadable", "message": "…"}}
    out.write_text(json.dumps(url) + "\nnot json\n" + json.dumps(missing) + "\n", encoding="utf-8")
    sink = JsonlSink(out, resume=True)
    sink.close()
    assert sink.has(None, "https://example.org/tin.html") and sink.status_of(None, "/gone/x.pdf") == "error"
    assert not sink.has(None, "https://example.org/other.html")
    assert not sink.has("a" * 64, "/elsewhere/tin.html")  # the same bytes as a file of its own: a record of its own
    assert not sink.has("b" * 64, "/gone/x.pdf")  # a file that can be read now is done only by its id
    assert sink.notes == [f"{out}:2: not a record (not JSON: Expecting value: line 1 column 1 (char 0)); left as it is"]
    assert out.read_text(encoding="utf-8").count("\n") == 3  # nothing of the user's file was cut


def test_resume_needs_somewhere_to_look(tmp_path):
    result = CliRunner().invoke(app, ["extract", str(OWN_DOCS[0]), "--resume"])
    assert result.exit_code == 2 and "--resume" in result.output


def test_max_bytes_turns_a_large_file_into_a_limit_record(tmp_path):
    small, large = copies(tmp_path / "in", 2)
    large.write_bytes(large.read_bytes() * 3)
    limit = small.stat().st_size + 10
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "in"), "-o", str(out), "--max-bytes", str(limit)])
    assert result.exit_code == 1
    by_path = {r["source"]["path"]: r for r in lines_of(out)}
    assert by_path[str(small)]["status"] == "ok"
    assert by_path[str(large)]["error"]["kind"] == "limit" and "--max-bytes" in by_path[str(large)]["error"]["message"]
    assert by_path[str(large)]["id"] == sha(large)


def test_sigterm_stops_between_documents_and_resume_finishes(tmp_path):
    docs = copies(tmp_path / "in", 10)
    out = tmp_path / "out.jsonl"
    returncode, stderr = stopped_after("extract", str(tmp_path / "in"), "-o", str(out), "-j", "1", lines=2, out=out)
    assert returncode == 143, stderr
    assert "interrupted by SIGTERM" in stderr and "--resume" in stderr
    partial = lines_of(out)  # whole lines only
    assert 2 <= len(partial) < len(docs)
    result = giamsat("extract", str(tmp_path / "in"), "-o", str(out), "-j", "2", "--resume")
    assert result.returncode == 0, result.stderr
    assert f"{len(partial)} already done" in result.stderr
    assert sorted(r["id"] for r in lines_of(out)) == sorted(sha(p) for p in docs)


# ------------------------------------------------------------------ the runner: limits and dead workers


def _patched_process(real):
    """process() that misbehaves on inputs named for it: slow-python, stuck-in-c, crash, hog."""

    def process(source, data=None):
        name = Path(str(source)).name
        if name.startswith("slow-python"):
            while True:  # pure Python: the worker's own alarm stops it
                sum(range(1000))
        if name.startswith("stuck-in-c"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # as deaf as C code: only a kill stops it
            time.sleep(600)
        if name.startswith("crash"):
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel kills a process out of memory
        if name.startswith("hog"):
            hog = bytearray(3 * 1024**3)  # over the limit below: MemoryError, not the machine's swap
            return hog
        return real(source, data)

    return process


def test_limits_and_dead_workers_each_cost_one_document_only(tmp_path, monkeypatch):
    import extract.pipeline

    monkeypatch.setattr(extract.pipeline, "process", _patched_process(extract.pipeline.process))
    folder = tmp_path / "in"
    good = copies(folder, 4)
    odd = {}
    for name in ("slow-python.txt", "stuck-in-c.txt", "crash.txt", "hog.txt"):
        odd[name] = folder / name
        odd[name].write_text(f"Văn bản {name}", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    sink = JsonlSink(out)
    # a worker may grow 1 GB past what this (forked) test process already holds
    held_mb = int(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmSize"))) // 1024
    # generous enough that a long report on a loaded 2-core CI machine stays within it
    limits = Limits(max_seconds=8, max_memory_mb=held_mb + 1024, grace_seconds=1.0)
    options = RunOptions(jobs=2, limits=limits)
    started = time.monotonic()
    summary = run_batch(sorted(map(str, good + list(odd.values()))), [sink], options, Reporter(io.StringIO(), tty=False))
    sink.close()
    assert time.monotonic() - started < 60
    by_name = {Path(r["source"]["path"]).name: r for r in lines_of(out)}
    assert len(by_name) == 8 and summary.documents == 8 and summary.errors == 4 and summary.records == 4
    assert all(by_name[p.name]["status"] == "ok" for p in good)
    assert by_name["slow-python.txt"]["error"]["kind"] == "limit"
    assert "--max-seconds" in by_name["slow-python.txt"]["error"]["message"]
    stuck = by_name["stuck-in-c.txt"]["error"]
    assert stuck["kind"] == "limit" and "worker was stopped" in stuck["message"]
    crash = by_name["crash.txt"]["error"]
    assert crash["kind"] == "internal" and "SIGKILL" in crash["message"]
    hog = by_name["hog.txt"]["error"]
    assert hog["kind"] == "limit" and "--max-memory-mb" in hog["message"]
    assert all(by_name[n]["id"] == sha(p) for n, p in odd.items())


def test_a_record_a_sink_refuses_costs_that_record_only(tmp_path):
    docs = copies(tmp_path / "in", 3)

    class Picky(JsonlSink):
        name = "picky"

        def write(self, result):
            if result.source == str(docs[1]):
                raise ValueError("value too long for type character varying(16)")
            super().write(result)

    sink = Picky(tmp_path / "out.jsonl")
    log = io.StringIO()
    summary = run_batch(list(map(str, docs)), [sink], RunOptions(jobs=1), Reporter(log, tty=False))
    sink.close()
    assert summary.sink_errors == 1 and summary.records == 3 and summary.failed
    assert sorted(r["id"] for r in lines_of(tmp_path / "out.jsonl")) == sorted(sha(p) for p in (docs[0], docs[2]))
    assert f"picky: could not store {docs[1]}: ValueError" in log.getvalue()


def test_time_limit_stops_python_code_in_a_thread_too():
    outcome = {}

    def spin():
        try:
            with time_limit(0.3):
                while True:
                    sum(range(1000))
        except DocumentTimeout:
            outcome["stopped"] = True
        time.sleep(0.5)  # the alarm does not fire again later
        outcome["after"] = True

    worker = threading.Thread(target=spin)
    worker.start()
    worker.join(10)
    assert outcome == {"stopped": True, "after": True}
    with time_limit(5):  # a quick block is left alone, in the main thread too
        sum(range(1000))


# ------------------------------------------------------------------ progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_in_a_terminal_and_quiet_log_lines_otherwise(tmp_path):
    docs = copies(tmp_path / "in", 2) + broken_files(tmp_path / "in", 1)
    for stream in (_Tty(), io.StringIO()):
        reporter = Reporter(stream)
        sink = JsonlSink(tmp_path / f"out-{reporter.tty}.jsonl")
        run_batch(list(map(str, docs)), [sink], RunOptions(jobs=1), reporter)
        sink.close()
        shown = stream.getvalue()
        if reporter.tty:
            assert "3/3" in shown and "docs/s" in shown and "ETA" in shown
        else:
            assert "docs/s" not in shown and "\x1b[" not in shown
            assert shown.strip().splitlines() == [f"giamsat: error: {docs[2]}: empty: the input is empty (no bytes, or only whitespace)"]


# ------------------------------------------------------------------ Dask


def test_dask_engine_gives_the_same_records_as_local_workers(tmp_path):
    distributed = pytest.importorskip("dask.distributed", reason="the [dask] extra is not installed")
    docs = copies(tmp_path / "in", 3) + broken_files(tmp_path / "in", 2)
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    assert CliRunner().invoke(app, ["extract", str(tmp_path / "in"), "-o", str(local), "-j", "2"]).exit_code == 1
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        result = CliRunner().invoke(app, ["extract", str(tmp_path / "in"), "-o", str(remote), "--engine", "dask",
                                          "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 1, result.output
    assert len(lines_of(remote)) == len(docs)
    key = lambda r: r["source"]["path"]  # noqa: E731
    assert sorted(lines_of(remote), key=key) == sorted(lines_of(local), key=key)


def test_scheduler_needs_the_dask_engine():
    result = CliRunner().invoke(app, ["extract", str(OWN_DOCS[0]), "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2 and "--engine dask" in result.output


# ------------------------------------------------------------------ the whole job: 1,000 documents


@pytest.mark.slow
def test_thousand_documents_interrupted_resumed_and_run_again(tmp_path):
    """The issue's done-when: 1,000 inputs with broken ones among them, --jobs 2, killed half-way,
    resumed, then run again whole; every input accounted for, the database holding one copy of each."""
    folder = tmp_path / "in"
    inputs = copies(folder / "reports", 980) + broken_files(folder / "broken", 20)
    expected = {str(p): sha(p) for p in inputs}
    assert len(set(expected.values())) == 1000
    out, out2, db = tmp_path / "out.jsonl", tmp_path / "again.jsonl", tmp_path / "giamsat.db"
    url = f"sqlite:///{db}"

    def db_ids() -> list[str]:
        with sqlite3.connect(db) as con:
            return [row[0] for row in con.execute("select id from documents")]

    def db_counts() -> dict[str, int]:
        with sqlite3.connect(db) as con:
            return {t: con.execute(f"select count(*) from {t}").fetchone()[0]
                    for t in ("officials", "official_titles", "dates", "figures", "recommendations", "warnings")}

    def record_counts(records: list[dict]) -> dict[str, int]:
        counts = {t: sum(len(r.get(t, [])) for r in records)
                  for t in ("officials", "dates", "figures", "recommendations", "warnings")}
        counts["official_titles"] = sum(len(o["titles"]) for r in records for o in r.get("officials", []))
        return counts

    # 1. killed half-way
    returncode, stderr = stopped_after("extract", str(folder), "-o", str(out), "--db", url, "--jobs", "2",
                                       lines=500, out=out)
    assert returncode == 143, stderr
    partial = lines_of(out)
    assert 500 <= len(partial) < 1000
    assert sorted(db_ids()) == sorted(r["id"] for r in partial)  # both sinks stopped at the same document

    # 2. resumed: finishes the job, no duplicates
    resumed = giamsat("extract", str(folder), "-o", str(out), "--db", url, "--jobs", "2", "--resume")
    assert resumed.returncode == 1, resumed.stderr  # the broken inputs
    print(*[line for line in resumed.stderr.splitlines() if line.startswith("giamsat extract:")])
    records = lines_of(out)
    assert {r["source"]["path"]: r["id"] for r in records} == expected and len(records) == 1000
    assert sum(r["status"] == "error" for r in records) >= 15
    assert sorted(db_ids()) == sorted(expected.values())
    assert db_counts() == record_counts(records)

    # 3. the same folder again, from scratch: the database replaces, never duplicates
    again = giamsat("extract", str(folder), "-o", str(out2), "--db", url, "--jobs", "2")
    assert again.returncode == 1, again.stderr
    print(*[line for line in again.stderr.splitlines() if line.startswith("giamsat extract:")])
    records2 = lines_of(out2)
    assert {r["source"]["path"]: r["id"] for r in records2} == expected
    assert sorted(db_ids()) == sorted(expected.values())
    assert db_counts() == record_counts(records2) == record_counts(records)


# ------------------------------------------------------------------ issue 15: signals, outputs, resume


SLOW_WRAPPER = """
import sys, time
import extract.pipeline

real = extract.pipeline.process

def process(source):
    if "slow-" in str(source):
        time.sleep(60)  # a long document; the group's SIGTERM arrives meanwhile
    return real(source)

extract.pipeline.process = process
from extract.cli import main
sys.argv[0] = "giamsat"
main()
"""


def test_sigterm_to_the_process_group_leaves_the_document_being_read_for_resume(tmp_path):
    """What systemd, timeout(1) and schedulers do: SIGTERM to every process of the group, workers
    included. The workers leave it to the runner; the document being read gets no record, and
    --resume reads it."""
    folder = tmp_path / "in"
    docs = copies(folder, 2)
    slow = folder / "slow-bao-cao.txt"
    slow.write_bytes(docs[0].read_bytes() + "\nBản chậm.\n".encode())
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-c", SLOW_WRAPPER, "extract", *map(str, docs + [slow]), "-o", str(out),
                             "-j", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and (
            not out.exists() or out.read_bytes().count(b"\n") < 2):
        time.sleep(0.05)
    time.sleep(0.3)  # the slow document is in a worker's hands
    os.killpg(proc.pid, signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143, stderr
    records = lines_of(out)
    assert sorted(r["id"] for r in records) == sorted(sha(p) for p in docs)  # no error record for the slow one
    assert "worker" not in stderr and "interrupted by SIGTERM with 1 left" in stderr
    result = giamsat("extract", *map(str, docs + [slow]), "-o", str(out), "-j", "1", "--resume")
    assert result.returncode == 0, result.stderr
    assert "3 documents, 2 already done (--resume), 1 record, 0 errors" in result.stderr
    assert sorted(r["id"] for r in lines_of(out)) == sorted(sha(p) for p in docs + [slow])


def test_resume_gives_each_path_its_record_even_of_the_same_bytes(tmp_path):
    first = copies(tmp_path / "in", 1)[0]
    twin = tmp_path / "in" / "ban-sao.txt"
    twin.write_bytes(first.read_bytes())
    out = tmp_path / "out.jsonl"
    assert CliRunner().invoke(app, ["extract", str(first), "-o", str(out), "-j", "1"]).exit_code == 0
    result = CliRunner().invoke(app, ["extract", str(first), str(twin), "-o", str(out), "-j", "1", "--resume"])
    assert result.exit_code == 0, result.output
    assert "1 input already done (--resume), 1 to go" in result.stderr
    assert sorted(r["source"]["path"] for r in lines_of(out)) == sorted([str(first), str(twin)])
    again = CliRunner().invoke(app, ["extract", str(tmp_path / "in" / "." / first.name), str(twin), "-o", str(out),
                                     "--resume"])
    assert again.exit_code == 0 and len(lines_of(out)) == 2  # ./ and all, the same path: done


def test_an_output_that_is_an_input_is_refused_before_anything_is_written(tmp_path):
    doc = copies(tmp_path / "in", 1)[0]
    kept = doc.read_bytes()
    os.symlink(doc, tmp_path / "link.txt")
    os.link(doc, tmp_path / "hard.txt")
    for target in (doc, tmp_path / "link.txt", tmp_path / "hard.txt", tmp_path / "in" / "." / doc.name):
        result = CliRunner().invoke(app, ["extract", str(doc), "-o", str(target)])
        assert result.exit_code == 2, result.output
        assert result.stderr == f"giamsat extract: -o {target} is also an input ({doc}): writing there would destroy " \
                                "it; give another output\n"
        assert doc.read_bytes() == kept
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "in"), "-o", str(doc), "--resume"])  # via its folder
    assert result.exit_code == 2 and "is also an input" in result.stderr and doc.read_bytes() == kept


@pytest.mark.parametrize("where,said", [
    ("folder", "is a folder; give a file in it"),
    ("under-a-file", "is a file, so nothing can be made under it"),
])
def test_an_output_that_cannot_be_a_file_is_one_line(tmp_path, where, said):
    doc = copies(tmp_path / "in", 1)[0]
    target = tmp_path if where == "folder" else doc / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(doc), "-o", str(target)])
    assert result.exit_code == 2 and said in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr


@pytest.mark.parametrize("device", ["/dev/null", "/dev/stdout"])
def test_devices_as_output_end_cleanly(tmp_path, device):
    doc = copies(tmp_path / "in", 1)[0]
    run = giamsat("extract", str(doc), "-o", device, "-j", "1")
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and "giamsat extract: 1 document, 1 record, 0 errors" in run.stderr
    if device == "/dev/stdout":
        assert json.loads(run.stdout)["id"] == sha(doc)
    refused = giamsat("extract", str(doc), "-o", device, "--resume")
    assert refused.returncode == 2 and "no regular file" in refused.stderr


def test_resume_over_lines_that_are_not_records_keeps_them_and_says_so(tmp_path):
    doc = copies(tmp_path / "in", 1)[0]
    out = tmp_path / "out.jsonl"
    foreign = ['{"name": "khác", "n": 1}', "[1, 2, 3]", '"chuỗi"', "[" * 100_000 + "]" * 100_000,
               '{"a": ' * 100_000 + "1" + "}" * 100_000, "42", '{"status": 5, "source": "x", "id": 7}']
    out.write_text("\n".join(foreign) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(doc), "-o", str(out), "--resume", "-j", "1"])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "not a record" in line or "more lines" in line]
    assert len(notes) == 6 and "nested too deeply" in result.stderr and "and 2 more lines" in notes[-1]
    text = out.read_text(encoding="utf-8")
    assert text.startswith("\n".join(foreign) + "\n")  # the user's lines, as they were
    assert json.loads(text.splitlines()[-1])["id"] == sha(doc)


def test_a_folder_with_nothing_to_read_says_what_was_skipped_and_fails(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "data.json").write_text("{}", encoding="utf-8")
    (folder / ".an").write_text("x", encoding="utf-8")
    (folder / "archive.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    result = CliRunner().invoke(app, ["extract", str(folder), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[-1] == (
        "giamsat extract: nothing to read: every file in the folders was skipped "
        "(a hidden file: 1; not a document giamsat reads: 2)")
    copies(folder, 1)
    result = CliRunner().invoke(app, ["extract", str(folder), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.output
    assert ("giamsat extract: 1 document, 1 record, 0 errors" in result.stderr
            and "3 files and folders in the folders not read (not a document giamsat reads: 2; a hidden file: 1; "
                "each named above)" in result.stderr)


def test_an_unreachable_dask_scheduler_is_one_line(monkeypatch):
    pytest.importorskip("dask.distributed", reason="the [dask] extra is not installed")
    import extract.cluster

    monkeypatch.setattr(extract.cluster, "DASK_CONNECT_TIMEOUT", 1.0)
    started = time.monotonic()
    result = CliRunner().invoke(app, ["extract", str(OWN_DOCS[0]), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1"])
    assert time.monotonic() - started < 15
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("giamsat extract: cannot reach the Dask scheduler --scheduler tcp://127.0.0.1:1 (")
    assert len(result.stderr.splitlines()) == 1
    bad = CliRunner().invoke(app, ["extract", str(OWN_DOCS[0]), "--engine", "dask", "--scheduler", "no:such:address"])
    assert bad.exit_code == 2 and len(bad.stderr.splitlines()) == 1 and "cannot reach" in bad.stderr


@pytest.mark.parametrize("args, said", [
    (["-o", "{tmp}/parts/"], "goes with --engine dask"),
    (["-o", "{tmp}/parts/", "--engine", "dask", "--db", "sqlite:///{tmp}/x.db"], "and --db both"),
    (["-o", "{tmp}/out.jsonl", "--format", "parquet"], "--format parquet is for parts"),
])
def test_parts_options_that_cannot_go_together_are_one_line(tmp_path, args, said):
    result = CliRunner().invoke(app, ["extract", str(OWN_DOCS[0]), *[a.format(tmp=tmp_path) for a in args]])
    assert result.exit_code == 2 and said in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr
    assert not (tmp_path / "parts").exists() and not (tmp_path / "out.jsonl").exists()


def test_fsspec_urls_are_read_or_name_the_package_they_need(tmp_path):
    fsspec = pytest.importorskip("fsspec", reason="fsspec is not installed")
    folder = tmp_path / "store"
    doc = copies(folder, 1)[0]
    out = tmp_path / "out.jsonl"
    inputs = [folder.as_uri() + "/", (tmp_path / "gone.txt").as_uri()]
    try:
        fsspec.get_filesystem_class("s3")
    except ImportError:
        inputs.append("s3://giamsat-test/report.txt")  # s3fs absent: the record names it
    result = CliRunner().invoke(app, ["extract", *inputs, "-o", str(out), "-j", "1"])
    assert result.exit_code == 1, result.stderr
    records = {r["source"]["url"]: r for r in lines_of(out)}
    assert len(records) == len(inputs)
    ok = records[doc.as_uri()]
    assert ok["status"] == "ok" and ok["id"] == sha(doc) and ok["source"]["path"] is None
    assert records[(tmp_path / "gone.txt").as_uri()]["error"]["kind"] == "fetch"
    if len(inputs) == 3:
        missing = records["s3://giamsat-test/report.txt"]["error"]
        assert missing["kind"] == "unsupported" and "s3fs" in missing["message"]
