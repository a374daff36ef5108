"""``--engine dask`` on a real cluster: a ``dask scheduler`` and two ``dask worker`` processes of their own.

The workers start in another folder; on Linux as root, in a mount namespace of their own
(``unshare -m``) with a tmpfs over the client's folder, so that they cannot see the client's
inputs, as on another machine: the client must find that out and ship the bytes. Records must
equal a local run's (the records hold no timing), every input exactly once, through relative
paths, a ``file://`` URL, parts the workers write, a worker killed mid-run, a document that
kills every worker that tries it, and the time limit."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

distributed = pytest.importorskip("dask.distributed", reason="the [dask] extra is not installed")

from extract.batch import Limits, Reporter, RunOptions, run_batch  # noqa: E402
from extract.sinks.jsonl import JsonlSink  # noqa: E402

from test_batch import broken_files, copies, lines_of  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
HOOKS = Path(__file__).with_name("cluster_hooks.py")


def _env(**extra: str) -> dict:
    """This checkout's code first on the path of every process started here (scheduler, workers, giamsat)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests")] + (
        [env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.update(extra)
    return env


def _can_hide(folder: Path) -> bool:
    """Can a process be started that cannot see ``folder`` (root on Linux, ``unshare -m`` allowed)?"""
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", 'mount -t tmpfs none "$0" && ! ls "$0"/* 2>/dev/null',
                            str(folder)], capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    base = tmp_path_factory.mktemp("cluster")
    client_dir, shared, elsewhere = base / "client", base / "shared", base / "elsewhere"
    for folder in (client_dir, shared, elsewhere):
        folder.mkdir()
    (client_dir / "probe.txt").write_text("the client's own file\n")
    hidden = _can_hide(client_dir)
    scheduler_file = elsewhere / "scheduler.json"
    started: list[subprocess.Popen] = []
    logs = []

    def start(cmd: list[str], name: str, **env: str) -> None:
        log = open(base / f"{name}.log", "wb")
        logs.append(log)
        started.append(subprocess.Popen(cmd, cwd=elsewhere, env=_env(**env), stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True))

    # allowed-failures 1: a document that kills workers is given up after two deaths, not four (the test's time)
    start([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
           "--no-dashboard", "--scheduler-file", str(scheduler_file)], "scheduler",
          DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES="1")
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        for n in (1, 2):
            worker = [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                      "--no-dashboard", "--preload", "extract.worker", "--preload", str(HOOKS)]
            if hidden:  # a tmpfs over the client's folder, in the workers' own mount namespace only
                worker = ["unshare", "-m", "sh", "-c", 'mount -t tmpfs none "$0" && exec "$@"', str(client_dir), *worker]
            start(worker, f"worker-{n}")
        with distributed.Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=120)
            sees = client.run(os.path.exists, str(client_dir / "probe.txt"))
        assert len(sees) == 2 and any(sees.values()) is not hidden  # hidden: no worker sees the client's file
        yield SimpleNamespace(address=address, client=client_dir, shared=shared, hidden=hidden, base=base,
                              scheduler=started[0])
    finally:
        for proc in started:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=30)
        for log in logs:
            log.close()


def giamsat(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extract", *args], capture_output=True, text=True, timeout=300,
                          cwd=cwd, env=_env())


def by_source(records: list[dict]) -> dict[str, dict]:
    keyed = {r["source"].get("path") or r["source"].get("url"): r for r in records}
    assert len(keyed) == len(records), "an input has more than one record"
    return keyed


def summary_of(stderr: str) -> tuple[str, list[str]]:
    """The summary line without its times, and the error lines, sorted: what a cluster run must say as a local one."""
    lines = stderr.splitlines()
    summary = next(line for line in lines if line.startswith("giamsat extract: "))
    return re.sub(r"[\d.]+ s \([\d.]+ documents/s\)", "T", summary), sorted(l for l in lines if l.startswith("giamsat: error"))


def test_relative_paths_shipped_bytes_and_a_file_url_give_a_local_runs_records(cluster):
    copies(cluster.client / "in", 4)
    broken_files(cluster.client / "in", 2)
    seen = cluster.shared / "seen"
    copies(seen, 1, start=7)
    url = next(seen.iterdir()).as_uri()  # given as its folder's URL: listed by the client, read by a worker
    absent = pytest.importorskip("fsspec").get_filesystem_class  # s3:// without s3fs: an error record naming it
    s3 = "s3://giamsat-test/report.txt"
    try:
        absent("s3")
        s3_missing = False
    except ImportError:
        s3_missing = True
    args = ["in", "nosuch.txt", seen.as_uri() + "/"] + ([s3] if s3_missing else [])
    local = giamsat("extract", *args, "-o", "local.jsonl", "-j", "2", cwd=cluster.client)
    remote = giamsat("extract", *args, "-o", "cluster.jsonl", "--engine", "dask", "--scheduler", cluster.address,
                     cwd=cluster.client)
    assert local.returncode == remote.returncode == 1, remote.stderr
    records = by_source(lines_of(cluster.client / "cluster.jsonl"))
    assert len(records) == 4 + 2 + 2 + s3_missing
    if s3_missing:
        assert records[s3]["error"]["kind"] == "unsupported" and "s3fs" in records[s3]["error"]["message"]
    assert records == by_source(lines_of(cluster.client / "local.jsonl"))
    assert records["nosuch.txt"]["error"]["message"] == "cannot read nosuch.txt: No such file or directory"
    assert records[url]["status"] == "ok" and records[url]["source"]["path"] is None
    assert all(r["status"] == "ok" for k, r in records.items() if re.search(r"-\d{4}\.txt$", k))
    assert summary_of(remote.stderr) == summary_of(local.stderr)
    again = giamsat("extract", *args, "-o", "cluster.jsonl", "--resume", "--engine", "dask", "--scheduler",
                    cluster.address, cwd=cluster.client)
    assert f"{len(records)} already done (--resume" in again.stderr and again.returncode == 1
    assert by_source(lines_of(cluster.client / "cluster.jsonl")) == records


def test_shipped_bytes_stream_through_a_window_the_clients_memory_stays_flat(cluster):
    if not cluster.hidden:
        pytest.skip("the workers see the client's files here (not root, or no unshare -m): nothing is shipped")
    folder = cluster.client / "big"
    folder.mkdir()
    for i in range(60):  # 240 MB, more than the client may hold at once
        (folder / f"b{i:02d}.bin").write_bytes(os.urandom(4 * 1024 * 1024))
    measure = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:]); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)")
    run = subprocess.run([sys.executable, "-c", measure, sys.executable, "-m", "extract", "extract",
                          *sorted(str(p.relative_to(cluster.client)) for p in folder.iterdir()), "-o", "big.jsonl",
                          "--engine", "dask", "--scheduler", cluster.address], cwd=cluster.client, env=_env(),
                         capture_output=True, text=True, timeout=300)
    records = lines_of(cluster.client / "big.jsonl")
    assert len(records) == 60 and {r["error"]["kind"] for r in records} == {"encoding"}  # read on the workers
    assert int(run.stdout.split()[-1]) < 200, "the client held the shipped bytes"
    shutil.rmtree(folder)  # 240 MB


def test_workers_write_parts_and_the_client_a_manifest_that_resume_reads(cluster):
    copies(cluster.client / "in2", 5, start=20)
    broken_files(cluster.client / "in2", 1)
    out = cluster.shared / "parts"
    local = giamsat("extract", "in2", "nosuch.txt", "-o", "local2.jsonl", cwd=cluster.client)
    expected = by_source(lines_of(cluster.client / "local2.jsonl"))
    args = ["extract", "in2", "nosuch.txt", "-o", f"{out}/", "--engine", "dask", "--scheduler", cluster.address, "--part-size", "2"]
    first = giamsat(*args, cwd=cluster.client)
    assert first.returncode == local.returncode == 1, first.stderr
    assert summary_of(first.stderr) == summary_of(local.stderr)

    def parts_and_manifest() -> tuple[dict, list[dict]]:
        parts = sorted(out.glob("part-*.jsonl"))
        records = [r for part in parts for r in lines_of(part)]
        manifest = lines_of(out / "manifest.jsonl")
        assert {p.name for p in parts} == {m["part"] for m in manifest}  # no part the manifest does not name
        assert {(m["source"]["path"], m["id"], m["status"]) for m in manifest} == {
            (r["source"]["path"], r["id"], r["status"]) for r in records}
        return by_source(records), manifest

    records, manifest = parts_and_manifest()
    assert records == expected and len(manifest) == 7
    assert len(list(out.glob("part-*.jsonl"))) == 4  # 6 documents read on the workers, 2 a part; the missing one
    written = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*")}

    again = giamsat(*args, "--resume", cwd=cluster.client)
    assert "7 already done (--resume, 2 of them errors)" in again.stderr and again.returncode == 1
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("part-*")} == written

    afresh = giamsat(*args, cwd=cluster.client)
    assert afresh.returncode == 1
    records, manifest = parts_and_manifest()
    assert records == expected and len(manifest) == 7  # replaced, not added to

    pq = pytest.importorskip("pyarrow.parquet", reason="the [parquet] extra is not installed")
    table = giamsat("extract", "in2", "nosuch.txt", "-o", f"{cluster.shared / 'pq'}/", "--format", "parquet", "--engine", "dask",
                    "--scheduler", cluster.address, "--part-size", "4", cwd=cluster.client)
    assert table.returncode == 1, table.stderr
    rows = [row for part in sorted((cluster.shared / "pq").glob("part-*.parquet"))
            for row in pq.read_table(part).to_pylist()]
    assert by_source([json.loads(row["record"]) for row in rows]) == expected
    assert {row["path"] for row in rows} == set(expected)


def _run_in(cluster, folder: Path, limits: Limits) -> tuple[dict, object]:
    """``run_batch`` from the client's folder, on the relative paths of ``folder``'s files: (records by name, summary)."""
    out = folder.with_suffix(".jsonl")
    sink = JsonlSink(out)
    options = RunOptions(engine="dask", scheduler=cluster.address, limits=limits)
    summary = run_batch(sorted(str(p.relative_to(cluster.client)) for p in folder.iterdir()), [sink], options,
                        Reporter(io.StringIO(), tty=False))
    sink.close()
    records = {Path(r["source"]["path"]).name: r for r in lines_of(out)}
    assert len(records) == summary.documents == summary.processed
    return records, summary


def test_time_limit_and_documents_that_kill_every_worker_end_as_error_records(cluster, monkeypatch):
    monkeypatch.chdir(cluster.client)
    slow, killers = cluster.client / "in3", cluster.client / "in3k"
    good = copies(slow, 2, start=40) + copies(killers, 1, start=45)
    (slow / "slow-python.txt").write_text("Văn bản chạy mãi", encoding="utf-8")
    for name in ("crash.txt", "stuck-in-c.txt"):
        (killers / name).write_text(f"Văn bản {name}", encoding="utf-8")
    limits = Limits(max_seconds=2, grace_seconds=1)
    records, summary = _run_in(cluster, slow, limits)
    assert summary.records == 2 and summary.errors == 1
    assert records["slow-python.txt"]["error"]["kind"] == "limit"
    assert records["slow-python.txt"]["error"]["message"].startswith("gave up after 2 s (over --max-seconds 2)")
    started = time.monotonic()
    found, summary = _run_in(cluster, killers, limits)
    records.update(found)
    assert time.monotonic() - started < 90  # bounded: each killer is given up after a few deaths
    assert summary.records == 1 and summary.errors == 2
    assert all(records[p.name]["status"] == "ok" for p in good)
    crash = records["crash.txt"]["error"]
    assert crash["kind"] == "internal" and crash["message"].startswith("every Dask worker that read this input died "
                                                                       "(tried 2 times")
    stuck = records["stuck-in-c.txt"]["error"]  # the watchdog ended its worker, and named it: as a local run says
    assert stuck["kind"] == "limit" and stuck["message"].startswith("gave up after 2 s (over --max-seconds 2)")
    assert stuck["message"].endswith("; the worker was stopped")
    assert all(records[name]["id"] == hashlib.sha256((killers / name).read_bytes()).hexdigest()
               for name in ("crash.txt", "stuck-in-c.txt"))


def running_until(cluster, name: str, start: int, lines: int) -> tuple[subprocess.Popen, Path]:
    """A cluster run over 12 ``pause-*`` documents (half a second more each on a worker) in folder ``name``,
    returned once its output holds ``lines`` records, still running: (the process, its output)."""
    folder = cluster.client / name
    folder.mkdir()
    for path in copies(cluster.base / f"made-{name}", 12, start=start):
        path.rename(folder / f"pause-{path.name}")
    out = cluster.client / f"{name}.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "extract", "extract", name, "-o", str(out), "--engine", "dask",
                             "--scheduler", cluster.address], cwd=cluster.client, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and (
            not out.exists() or out.read_bytes().count(b"\n") < lines):
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before anything could happen in it"
    return proc, out


def test_a_worker_killed_mid_run_loses_nothing(cluster):
    proc, out = running_until(cluster, "in4", 60, lines=3)
    with distributed.Client(cluster.address, timeout=30) as client:
        pids = client.run(os.getpid)
    os.kill(sorted(pids.values())[0], signal.SIGKILL)  # mid-run: one worker and the document it is reading
    _, stderr = proc.communicate(timeout=180)
    assert proc.returncode == 0, stderr
    local = giamsat("extract", "in4", "-o", "in4-local.jsonl", cwd=cluster.client)
    assert local.returncode == 0
    records = by_source(lines_of(out))
    assert len(records) == 12 and all(r["status"] == "ok" for r in records.values())
    assert records == by_source(lines_of(cluster.client / "in4-local.jsonl"))
    assert summary_of(stderr)[0] == summary_of(local.stderr)[0]


def test_a_lost_scheduler_stops_the_run_in_one_line_and_resume_finishes(cluster):
    """The module's last test: it kills the scheduler."""
    proc, out = running_until(cluster, "in5", 80, lines=2)
    os.killpg(cluster.scheduler.pid, signal.SIGKILL)
    _, stderr = proc.communicate(timeout=180)
    assert proc.returncode == 2
    assert stderr.startswith("giamsat extract: lost the Dask scheduler") and len(stderr.splitlines()) == 1, stderr
    done = lines_of(out)
    assert 2 <= len(done) < 12 and all(r["status"] == "ok" for r in done)  # no error record for what was cut off
    finish = giamsat("extract", "in5", "-o", str(out), "--resume", cwd=cluster.client)
    assert finish.returncode == 0 and f"{len(done)} already done" in finish.stderr
    assert len(by_source(lines_of(out))) == 12
