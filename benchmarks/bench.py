#!/usr/bin/env python3
"""How fast is giamsat, against the tokenizer it cannot do without? One run, same documents.

    python benchmarks/bench.py                  # full: the shared corpus repeated to 500 documents, 3 runs
    python benchmarks/bench.py --short          # CI: a few documents, one run (checks it still works)
    python benchmarks/bench.py DIR... --docs 1000 --repeat 5 --json out.json
    python benchmarks/bench.py --phases jobs,cluster,cluster-parts,db --repeat 1   # the cluster phases alone

Measured, each phase in a fresh process of its own (so peak memory is that phase's alone),
and the phases interleaved run by run (so a busy machine slows them alike):

- ``tokenize``: underthesea ``sent_tokenize`` + ``word_tokenize`` over each document's text
  (the floor for any pipeline that tokenizes everything);
- ``ner``: underthesea ``ner`` per sentence (what a user would otherwise reach for), on the
  first ``--ner-docs`` documents of the same list, for it is ten times slower;
- ``one process``: ``extract.pipeline.process`` on each document, its record serialised as a
  JSONL line to /dev/null;
- ``paired``: both of the above in one process, document by document (the tokenizer on a
  document, then giamsat on it): a burst of load from elsewhere slows both sides of a pair
  alike, so this ratio holds steady where the phases above, minutes apart, can swing by a
  quarter from run to run on a shared machine;
- ``--jobs N``: the batch runner behind ``giamsat extract --jobs N`` (``extract.batch``; a
  ``ProcessPoolExecutor`` where it is absent), records to /dev/null;
- ``cluster``: ``giamsat extract --engine dask --scheduler ADDRESS`` on a real cluster on this
  machine (a ``dask scheduler`` and ``--jobs`` ``dask worker --nthreads 1 --preload extract.worker``
  processes, started and warmed before the timing), records back to the client and to /dev/null;
  beside it the CPU the scheduler spent per task and the client per document;
- ``cluster-parts``: the same with the workers writing the records as parts (``-o DIR/``,
  ``--part-size 50``) and the client only the manifest;
- ``db``: ``--db`` alone: records (made before the timing) into a fresh SQLite database, one
  transaction per document, the single writer's own rate;
- ``pdf``: ``extract.ingest.read_bytes`` on a multi-page text PDF this script writes, against
  pypdfium2's raw ``get_textpage().get_text_range()`` of the same pages;
- ``start-up``: a fresh interpreter importing ``extract.pipeline`` and processing one document;
- ``memory``: RSS over a long loop of documents whose digits are changed each time (new
  strings each document, as in a real archive), to show whether memory grows per document.

Times exclude imports and model loading (start-up is measured on its own). Throughput is
documents and KB of input per second; ratios are taken within each run, then the median.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
SUFFIXES = {".txt", ".html", ".htm", ".pdf", ".docx"}

# (name, measured, target, met?) rows are built from these
TARGETS = {
    "e2e_vs_tokenize": 0.75,  # end to end ≥ 0.75 × tokenizer-only throughput
    "e2e_vs_ner": 5.0,  # ≥ 5 × underthesea ner
    "jobs_vs_one": 1.7,  # --jobs 2 ≥ 1.7 × one process
    "pdf_vs_raw": 5.0,  # PDF ingestion ≤ 5 × pypdfium2 raw text
    "startup_s": 1.5,  # import + first document
    "worker_mb": 400.0,  # peak memory per worker
    "growth_mb_per_1000": 1.0,  # memory flat: RSS growth per 1000 documents (second half of the long run)
}


# ----------------------------------------------------------------------------- documents


def corpus_files(folders: list[Path]) -> list[Path]:
    """Supported files under the folders (recursively), sorted; the shared dev + unlabeled sets by default."""
    if not folders:
        folders = [SHARED / "dev", SHARED / "unlabeled"]
    files: list[Path] = []
    for folder in folders:
        if folder.is_file():
            files.append(folder)
        elif folder.is_dir():
            files += sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            raise SystemExit(f"bench: no such file or folder: {folder}")
    if not files:
        raise SystemExit(f"bench: no documents under {', '.join(map(str, folders))}")
    return files


def repeated(files: list[Path], n: int) -> list[Path]:
    """``n`` documents: the files in order, cycled as often as needed."""
    return [files[i % len(files)] for i in range(n)]


# ----------------------------------------------------------------------------- measuring


def peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory (ru_maxrss is in KB on Linux, in bytes on macOS)."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def rss_mb() -> float:
    """Current resident memory of this process."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
    except OSError:
        return peak_mb()


def _texts(paths: list[Path]) -> dict[Path, str]:
    """Each distinct document's normalised text (what the pipeline tokenizes), read before timing."""
    from extract.ingest import ingest

    return {p: ingest(p).text for p in dict.fromkeys(paths)}


def _sizes(paths: list[Path]) -> int:
    return sum(p.stat().st_size for p in paths)


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the batch runner's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(paths: list[Path], work: Callable[[], None]) -> dict:
    """Wall time (what the targets are about) and CPU time (what other load on the machine does not change)."""
    load = os.getloadavg()[0]
    cpu, started = cpu_seconds(), time.perf_counter()
    work()
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    return {"docs": len(paths), "bytes": _sizes(paths), "seconds": seconds, "cpu_s": cpu, "peak_mb": peak_mb(),
            "load": max(load, os.getloadavg()[0])}


# ----------------------------------------------------------------------------- phases (each in its own process)


def phase_tokenize(paths: list[Path], args) -> dict:
    from underthesea import sent_tokenize, word_tokenize

    texts = _texts(paths)
    for s in sent_tokenize(texts[paths[0]])[:3]:
        word_tokenize(s)  # loads the CRF model

    def work() -> None:
        for p in paths:
            for sentence in sent_tokenize(texts[p]):
                word_tokenize(sentence)

    return _timed(paths, work)


def phase_ner(paths: list[Path], args) -> dict:
    from underthesea import ner, sent_tokenize

    paths = paths[: args.ner_docs]
    texts = _texts(paths)
    ner("Đoàn giám sát làm việc với UBND tỉnh Nghệ An.")  # loads the models

    def work() -> None:
        for p in paths:
            for sentence in sent_tokenize(texts[p]):
                ner(sentence)

    return _timed(paths, work)


def _warm() -> None:
    try:
        from extract.batch import warm_up
    except ImportError:
        from extract.pipeline import process_bytes

        process_bytes("Ngày 07/4/2023, Đoàn giám sát của HĐND tỉnh làm việc với UBND huyện về 12 xã.".encode())
    else:
        warm_up()


def phase_process(paths: list[Path], args) -> dict:
    from extract.pipeline import process

    _warm()
    errors = 0

    def work() -> None:
        nonlocal errors
        with open(os.devnull, "w", encoding="utf-8") as out:
            for p in paths:
                record = process(p)
                errors += record.status == "error"
                out.write(record.model_dump_json() + "\n")

    result = _timed(paths, work)
    result["errors"] = errors
    return result


def phase_paired(paths: list[Path], args) -> dict:
    from underthesea import sent_tokenize, word_tokenize

    from extract.pipeline import process

    texts = _texts(paths)
    _warm()
    for s in sent_tokenize(texts[paths[0]])[:3]:
        word_tokenize(s)
    clock = time.perf_counter
    tokenize_s = process_s = 0.0
    with open(os.devnull, "w", encoding="utf-8") as out:
        for p in paths:
            started = clock()
            for sentence in sent_tokenize(texts[p]):
                word_tokenize(sentence)
            middle = clock()
            out.write(process(p).model_dump_json() + "\n")
            tokenize_s += middle - started
            process_s += clock() - middle
    return {"docs": len(paths), "tokenize_s": tokenize_s, "process_s": process_s}


class _NullSink:
    """A batch sink that writes each record to /dev/null (the runner's Sink protocol)."""

    name = "null"

    def __init__(self) -> None:
        self.out = open(os.devnull, "w", encoding="utf-8")
        self.errors = 0

    def has(self, data_id, source) -> bool:
        return False

    def status_of(self, data_id, source):
        return None

    def write(self, result) -> None:
        self.errors += result.status == "error"
        self.out.write(result.text + "\n")

    def close(self) -> None:
        self.out.close()


def _pool_process(path: str) -> tuple[str, str]:
    from extract.pipeline import process

    record = process(path)
    return record.status, record.model_dump_json()


def phase_jobs(paths: list[Path], args) -> dict:
    sources = [str(p) for p in paths]
    _warm()  # the runner forks warm workers (Linux); models are not loaded inside the timing
    try:
        from extract.batch import Reporter, RunOptions, run_batch
    except ImportError:  # before the batch runner existed: a plain pool of the same size
        from concurrent.futures import ProcessPoolExecutor

        errors = 0

        def work() -> None:
            nonlocal errors
            with ProcessPoolExecutor(args.jobs, initializer=_warm) as pool, open(os.devnull, "w") as out:
                for status, text in pool.map(_pool_process, sources, chunksize=4):
                    errors += status == "error"
                    out.write(text + "\n")

        result = _timed(paths, work)
        result.update(errors=errors, engine="ProcessPoolExecutor")
    else:
        sink = _NullSink()
        devnull = open(os.devnull, "w")
        summary = None

        def work() -> None:
            nonlocal summary
            summary = run_batch(sources, [sink], RunOptions(jobs=args.jobs), Reporter(stream=devnull, tty=False, every=1e9))

        result = _timed(paths, work)
        sink.close()
        result.update(errors=sink.errors, engine="extract.batch")
    result["worker_peak_mb"] = peak_mb(resource.RUSAGE_CHILDREN)  # the largest worker, once reaped
    return result


class _Cluster:
    """A ``dask scheduler`` and ``n`` ``dask worker`` processes on this machine, each its own process (as a
    user starts them), in a folder of their own; stopped (by their process group) on leaving."""

    def __init__(self, n: int, folder: Path):
        self.n, self.folder, self.procs = n, folder, []

    def __enter__(self):
        import shutil

        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src")] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
        where = self.folder / "scheduler.json"
        dask = [shutil.which("dask") or "dask"]

        def start(*cmd: str) -> None:
            self.procs.append(subprocess.Popen([*dask, *cmd], cwd=self.folder, env=env, start_new_session=True,
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))

        start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(where))
        deadline = time.monotonic() + 60
        while not where.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        self.address = json.loads(where.read_text())["address"]
        for _ in range(self.n):
            start("worker", self.address, "--nthreads", "1", "--no-dashboard", "--preload", "extract.worker")
        from distributed import Client

        self.client = Client(self.address, timeout=60)
        self.client.wait_for_workers(self.n, timeout=180)
        return self

    def cpu(self) -> tuple[float, float]:
        """CPU seconds so far: (the workers' together, the scheduler's)."""
        def own() -> float:
            usage = resource.getrusage(resource.RUSAGE_SELF)
            return usage.ru_utime + usage.ru_stime

        return sum(self.client.run(own).values()), self.client.run_on_scheduler(own)

    def __exit__(self, *exc) -> None:
        import signal

        self.client.close()
        for proc in self.procs:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=30)


def _phase_cluster(paths: list[Path], args, parts: bool) -> dict:
    from extract.batch import Reporter, RunOptions, run_batch
    from extract.sinks.jsonl import JsonlSink
    from extract.sinks.parts import PartsSpec

    sources = [str(p) for p in paths]
    with tempfile.TemporaryDirectory(prefix="giamsat-cluster-") as tmp, _Cluster(args.jobs, Path(tmp)) as cluster:
        spec = PartsSpec(str(Path(tmp) / "parts"), "jsonl", 50) if parts else None
        sink = JsonlSink(spec.manifest) if parts else _NullSink()
        devnull = open(os.devnull, "w")
        options = RunOptions(jobs=args.jobs, engine="dask", scheduler=cluster.address, parts=spec)
        idle = cluster.cpu()
        time.sleep(IDLE_SECONDS)  # the scheduler's own upkeep (heartbeats), apart from the tasks
        before = cluster.cpu()
        upkeep = (before[1] - idle[1]) / IDLE_SECONDS

        def work() -> None:
            run_batch(sources, [sink], options, Reporter(stream=devnull, tty=False, every=1e9))

        result = _timed(paths, work)
        after = cluster.cpu()
        sink.close()
        devnull.close()
        workers_cpu, scheduler_cpu = after[0] - before[0], after[1] - before[1]
        tasks = -(-len(paths) // spec.size) if parts else len(paths)
        result.update(engine="dask", tasks=tasks, client_cpu_s=result["cpu_s"], workers_cpu_s=workers_cpu,
                      scheduler_cpu_s=scheduler_cpu, scheduler_upkeep_cpu_s=upkeep * result["seconds"],
                      cpu_s=result["cpu_s"] + workers_cpu + scheduler_cpu,
                      errors=sum(1 for line in open(spec.manifest, encoding="utf-8") if '"status": "error"' in line)
                      if parts else sink.errors)
        result["worker_peak_mb"] = max(cluster.client.run(peak_mb).values())
    return result


IDLE_SECONDS = 3.0


def phase_cluster(paths: list[Path], args) -> dict:
    return _phase_cluster(paths, args, parts=False)


def phase_cluster_parts(paths: list[Path], args) -> dict:
    return _phase_cluster(paths, args, parts=True)


def phase_db(paths: list[Path], args) -> dict:
    """The --db sink alone: each record of the documents (made first, untimed) into a fresh SQLite database."""
    from extract.batch import Limits, run_one
    from extract.sinks.sql import SqlSink

    _warm()
    results = [run_one(str(p), Limits(max_memory_mb=None)) for p in paths]
    with tempfile.TemporaryDirectory(prefix="giamsat-db-") as tmp:
        sink = SqlSink(f"sqlite:///{tmp}/bench.db")

        def work() -> None:
            for r in results:
                sink.write(r)

        result = _timed(paths, work)
        sink.close()
    result["errors"] = sum(r.status == "error" for r in results)
    return result


def make_pdf(pages: int, texts: list[str]) -> bytes:
    """A text PDF of ``pages`` A4 pages filled with the documents' paragraphs (fpdf2 + DejaVuSans)."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from render import find_font  # the tests' font finder: system DejaVu, or matplotlib's copy
    finally:
        sys.path.pop(0)
    font = find_font()
    if font is None:
        raise RuntimeError("no DejaVuSans.ttf (install fonts-dejavu-core)")
    paragraphs = [p for t in texts for p in t.split("\n") if len(p) > 40]
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(font))
    pdf.set_font("DejaVu", size=11)
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(20, 20, 20)
    i = 0
    for _ in range(pages):
        pdf.add_page()
        while pdf.get_y() < 240:
            pdf.multi_cell(0, 6, paragraphs[i % len(paragraphs)], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(2)
            i += 1
    return bytes(pdf.output())


def phase_pdf(paths: list[Path], args) -> dict:
    import pypdfium2 as pdfium

    from extract.ingest import read_bytes

    texts = list(_texts(paths[:40]).values())
    data = make_pdf(args.pdf_pages, texts)

    def raw() -> int:
        pdf = pdfium.PdfDocument(data)
        n = 0
        for page in pdf:
            n += len(page.get_textpage().get_text_range())
        pdf.close()
        return n

    def ingest() -> int:
        return len(read_bytes(data, name="bench.pdf").text)

    chars_raw, chars_ours = raw(), ingest()  # warm both (imports, fonts)
    times: dict[str, list[float]] = {"raw": [], "ingest": []}
    for _ in range(args.pdf_rounds):
        for name, fn in (("raw", raw), ("ingest", ingest)):
            started = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - started)
    return {
        "pages": args.pdf_pages, "bytes": len(data), "chars_raw": chars_raw, "chars_ingest": chars_ours,
        "raw_s": statistics.median(times["raw"]), "ingest_s": statistics.median(times["ingest"]),
        "peak_mb": peak_mb(),
    }


def _vary(text: str, rng: random.Random) -> str:
    """The same document with other digits: new numbers, as the next report in an archive has."""
    return re.sub(r"\d", lambda m: str(rng.randrange(10)), text)


def phase_memory(paths: list[Path], args) -> dict:
    from extract.pipeline import process_bytes

    texts = _texts(paths)
    _warm()
    rng = random.Random(5)
    n = args.long
    every = max(1, n // 50)
    samples: list[tuple[int, float]] = [(0, rss_mb())]
    started = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as out:
        for i in range(1, n + 1):
            p = paths[(i - 1) % len(paths)]
            record = process_bytes(_vary(texts[p], rng).encode(), name=p.name)
            out.write(record.model_dump_json() + "\n")
            if i % every == 0 or i == n:
                samples.append((i, rss_mb()))
    half = [s for s in samples if s[0] >= n // 2]
    slope = _slope(half) * 1000 if len(half) >= 2 else 0.0
    return {"docs": n, "seconds": time.perf_counter() - started, "samples": samples,
            "rss_start_mb": samples[0][1], "rss_end_mb": samples[-1][1],
            "growth_mb_per_1000": slope, "peak_mb": peak_mb()}


def _slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of y over x."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var if var else 0.0


PHASES = {"tokenize": phase_tokenize, "ner": phase_ner, "process": phase_process, "paired": phase_paired,
          "jobs": phase_jobs, "cluster": phase_cluster, "cluster-parts": phase_cluster_parts, "db": phase_db,
          "pdf": phase_pdf, "memory": phase_memory}
RUN_PHASES = ("tokenize", "ner", "process", "paired", "jobs", "cluster", "cluster-parts", "db")  # each run, interleaved
EXTRA_PHASES = ("startup", "pdf", "memory")  # once, after the runs

STARTUP = """
import json, sys, time
t0 = time.perf_counter()
import extract.pipeline
t1 = time.perf_counter()
record = extract.pipeline.process(sys.argv[1])
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "first_doc_s": t2 - t0, "status": record.status}))
"""


# The floor under any start-up: the two libraries giamsat cannot do without, imported and
# with underthesea's CRF model loaded by one call, in a fresh interpreter, the way giamsat
# loads them (the cyclic collector paused, then what was made frozen: ``extract.startup``).
LIBRARIES = """
import gc, json, time
t0 = time.perf_counter()
gc.disable()
import spacy, pydantic
from underthesea import sent_tokenize, word_tokenize
word_tokenize("Đoàn giám sát làm việc")
gc.freeze()
gc.enable()
print(json.dumps({"libraries_s": time.perf_counter() - t0}))
"""


def startup(path: Path, cache: Path | None = None, bytecode: Path | None = None) -> dict:
    """A fresh interpreter: import time, and import + first document (models load on first use);
    and, just before, spaCy, pydantic and underthesea alone with its model loaded.

    ``cache``: a place-index folder to use instead of the user's (an empty one measures the
    first start on a machine, which makes the index). ``bytecode``: a folder for compiled
    modules (``PYTHONPYCACHEPREFIX``), so that giamsat's modules are compiled once, as on any
    machine from its second run on, even where the shell sets ``PYTHONDONTWRITEBYTECODE``
    (these shared machines do: then every start compiles giamsat's source again); ``None``:
    compiled modules as the shell has them.
    """
    env = dict(os.environ)
    if cache:
        env["GIAMSAT_CACHE_DIR"] = str(cache)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    out = subprocess.run([sys.executable, "-c", LIBRARIES], capture_output=True, text=True, check=True, env=env)
    libraries = json.loads(out.stdout.strip().splitlines()[-1])
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", STARTUP, str(path)], capture_output=True, text=True, check=True,
                         env=env)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["wall_s"] = time.perf_counter() - started  # with the interpreter's own start
    result.update(libraries)
    return result


# ----------------------------------------------------------------------------- the run


def run_phase(name: str, listfile: Path, args) -> dict:
    """Run one phase in a fresh interpreter; its JSON result."""
    cmd = [sys.executable, __file__, "--phase", name, "--list", str(listfile), "--jobs", str(args.jobs),
           "--ner-docs", str(args.ner_docs), "--pdf-pages", str(args.pdf_pages), "--pdf-rounds", str(args.pdf_rounds),
           "--long", str(args.long)]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"bench: phase {name} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def rate(r: dict) -> tuple[float, float]:
    """(documents/s, KB/s)."""
    return r["docs"] / r["seconds"], r["bytes"] / 1024 / r["seconds"]


def cpu_rate(r: dict) -> float:
    """Documents per CPU second (all processes of the phase)."""
    return r["docs"] / r["cpu_s"] if r.get("cpu_s") else float("nan")


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(runs: list[dict], extra: dict, args, n_docs: int, n_distinct: int, size: int) -> str:
    lines: list[str] = []
    add = lines.append
    add(f"giamsat benchmark: {n_docs} documents ({n_distinct} distinct, {size / 1024:.0f} KB in all), "
        f"{len(runs)} run(s), medians; ner on the first {min(args.ner_docs, n_docs)}")
    add("")
    add(f"{'':34s} {'docs/s':>8s} {'KB/s':>8s} {'peak MB':>8s} {'× tokenize':>11s} {'docs/CPU s':>11s} {'× (CPU)':>8s} {'cores':>6s}")
    names = [("tokenize", "underthesea sent+word tokenize"), ("ner", "underthesea ner"),
             ("process", "giamsat, one process"), ("jobs", f"giamsat --jobs {args.jobs}"),
             ("cluster", f"giamsat dask, {args.jobs} workers"), ("cluster-parts", "  the same, parts by the workers"),
             ("db", "--db SQLite writes alone")]
    names = [(key, label) for key, label in names if key in runs[0]]
    has = lambda *keys: all(k in runs[0] for k in keys)  # noqa: E731 - phases left out with --phases
    for key, label in names:
        docs_s = med([rate(r[key])[0] for r in runs])
        kb_s = med([rate(r[key])[1] for r in runs])
        peak = med([r[key].get("worker_peak_mb") or r[key]["peak_mb"] for r in runs])
        vs = med([rate(r[key])[0] / rate(r["tokenize"])[0] for r in runs]) if has("tokenize") else float("nan")
        per_cpu = med([cpu_rate(r[key]) for r in runs])
        vs_cpu = med([cpu_rate(r[key]) / cpu_rate(r["tokenize"]) for r in runs]) if has("tokenize") else float("nan")
        cores = med([r[key]["cpu_s"] / r[key]["seconds"] for r in runs if r[key].get("cpu_s")])
        add(f"{label:34s} {docs_s:8.1f} {kb_s:8.1f} {peak:8.0f} {vs:11.2f} {per_cpu:11.1f} {vs_cpu:8.2f} {cores:6.2f}")
    loads = [r[key]["load"] for r in runs for key, _ in names if "load" in r[key]]
    if loads:
        add(f"cores: CPU time / wall time (1 for one process, {args.jobs} for --jobs {args.jobs} when the cores are free); "
            f"load average {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores")
    pdf = extra.get("pdf")
    if pdf:
        add("")
        add(f"PDF, {pdf['pages']} text pages: extract.ingest.read_bytes {pdf['ingest_s'] * 1000:.0f} ms "
            f"({pdf['pages'] / pdf['ingest_s']:.0f} pages/s), pypdfium2 raw text {pdf['raw_s'] * 1000:.0f} ms "
            f"({pdf['pages'] / pdf['raw_s']:.0f} pages/s)")
    st = extra.get("startup") or []
    if st:
        add(f"start-up: import extract.pipeline {med([s['import_s'] for s in st]):.2f} s; import + first document "
            f"{med([s['first_doc_s'] for s in st]):.2f} s; with the interpreter {med([s['wall_s'] for s in st]):.2f} s")
        if all("libraries_s" in s for s in st):
            add(f"  of which the libraries alone (import spaCy, pydantic, underthesea; load its word model): "
                f"{med([s['libraries_s'] for s in st]):.2f} s (each run: "
                + ", ".join(f"{s['libraries_s']:.2f} of {s['first_doc_s']:.2f}" for s in st) + ")")
    shell = extra.get("shell_start")
    if shell:
        flag = "sets" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "does not set"
        add(f"  the same as this shell runs it (it {flag} PYTHONDONTWRITEBYTECODE; above, modules are compiled once "
            f"as on any machine from its second run on): {shell['first_doc_s']:.2f} s, libraries alone "
            f"{shell['libraries_s']:.2f} s")
    first = extra.get("first_start")
    if first:
        add(f"  the first start on a machine, which makes the place index in the cache folder (once): "
            f"{first['first_doc_s']:.2f} s")
    mem = extra.get("memory")
    if mem:
        add(f"memory over {mem['docs']} documents (digits varied): RSS {mem['rss_start_mb']:.0f} MB after warm-up, "
            f"{mem['rss_end_mb']:.0f} MB at the end; second half {mem['growth_mb_per_1000']:+.2f} MB per 1000 documents")
    if has("cluster"):
        lines.extend(cluster_report(runs, args))
    errors = {r[key].get("errors", 0) for r in runs for key, _ in names if key in ("process", "jobs", "cluster")}
    if errors - {0}:
        add(f"note: {max(errors)} of the documents became error records")

    def row(name: str, value: float, target: str, ok: bool, fmt: str = "{:.2f}") -> None:
        add(f"{name:44s} {fmt.format(value):>9s} {target:>10s}  {'yes' if ok else 'NO'}")

    if not has("tokenize", "ner", "process", "paired", "jobs"):
        return "\n".join(lines)  # the targets compare these phases
    add("")
    add(f"{'target (ratios within each run, median)':44s} {'measured':>9s} {'target':>10s}  met")
    per = {
        "e2e_vs_tokenize": [rate(r["process"])[0] / rate(r["tokenize"])[0] for r in runs],
        "e2e_vs_ner": [rate(r["process"])[0] / rate(r["ner"])[0] for r in runs],
        "jobs_vs_one": [rate(r["jobs"])[0] / rate(r["process"])[0] for r in runs],
    }
    v = med(per["e2e_vs_tokenize"])
    row("end to end / tokenizer only", v, f"≥ {TARGETS['e2e_vs_tokenize']}", v >= TARGETS["e2e_vs_tokenize"])
    v = med([cpu_rate(r["process"]) / cpu_rate(r["tokenize"]) for r in runs])
    add(f"{'  the same in CPU time (no target)':44s} {v:9.2f}")
    paired = [r["paired"]["tokenize_s"] / r["paired"]["process_s"] for r in runs if r.get("paired")]
    if paired:
        v = med(paired)
        row("  the same, paired document by document", v, f"≥ {TARGETS['e2e_vs_tokenize']}",
            v >= TARGETS["e2e_vs_tokenize"])
        add(f"{'    (each run: ' + ', '.join(f'{x:.2f}' for x in paired) + ')':44s}")
    v = med(per["e2e_vs_ner"])
    row("end to end / underthesea ner", v, f"≥ {TARGETS['e2e_vs_ner']:g}", v >= TARGETS["e2e_vs_ner"])
    v = med(per["jobs_vs_one"])
    row(f"--jobs {args.jobs} / one process", v, f"≥ {TARGETS['jobs_vs_one']}", v >= TARGETS["jobs_vs_one"])
    v = med([cpu_rate(r["process"]) / cpu_rate(r["jobs"]) for r in runs])
    add(f"{f'  CPU per document, --jobs {args.jobs} / one process':44s} {v:9.2f}")
    if pdf:
        v = pdf["ingest_s"] / pdf["raw_s"]
        row("PDF ingestion / pypdfium2 raw text", v, f"≤ {TARGETS['pdf_vs_raw']:g}", v <= TARGETS["pdf_vs_raw"])
    if st:
        v = med([s["first_doc_s"] for s in st])
        row("start-up: import + first document (s)", v, f"< {TARGETS['startup_s']}", v < TARGETS["startup_s"])
    v = max(med([r["jobs"].get("worker_peak_mb") or r["jobs"]["peak_mb"] for r in runs]),
            med([r["process"]["peak_mb"] for r in runs]))
    row("peak memory per worker (MB)", v, f"< {TARGETS['worker_mb']:g}", v < TARGETS["worker_mb"], "{:.0f}")
    if mem:
        v = mem["growth_mb_per_1000"]
        row("memory growth, MB per 1000 documents", v, f"≤ {TARGETS['growth_mb_per_1000']:g}",
            v <= TARGETS["growth_mb_per_1000"], "{:+.2f}")
    return "\n".join(lines)


TARGET_DOCS, TARGET_SECONDS = 1_000_000, 15 * 60  # the README's sizing: a million reports in 15 minutes


def cluster_report(runs: list[dict], args) -> list[str]:
    """The cluster phases against --jobs N, what each document and task costs, and the cluster 1,000,000 reports
    in 15 minutes need at those costs."""
    out = [""]
    add = out.append
    per_doc = med([r["cluster"]["workers_cpu_s"] / r["cluster"]["docs"] for r in runs])
    def per_task(r: dict) -> float:  # the scheduler's CPU for the tasks, its upkeep while idle taken out
        return max(0.0, r["scheduler_cpu_s"] - r.get("scheduler_upkeep_cpu_s", 0.0)) / r["tasks"]

    sched = med([per_task(r["cluster"]) for r in runs])
    client = med([r["cluster"]["client_cpu_s"] / r["cluster"]["docs"] for r in runs])
    add(f"cluster: a dask scheduler and {args.jobs} dask workers on this machine (each its own process, 1 thread)")
    if "jobs" in runs[0]:
        ratio = med([rate(r["jobs"])[0] / rate(r["cluster"])[0] for r in runs])
        extra = med([(1 / rate(r["cluster"])[0] - 1 / rate(r["jobs"])[0]) * args.jobs * 1000 for r in runs])
        add(f"  time per document, dask / --jobs {args.jobs}: {ratio:.2f} ({extra:+.1f} ms of a worker per document)")
        cpu = med([cpu_rate(r["jobs"]) / cpu_rate(r["cluster"]) for r in runs])
        more = med([(1 / cpu_rate(r["cluster"]) - 1 / cpu_rate(r["jobs"])) * 1000 for r in runs])
        add(f"  CPU per document (client, scheduler and workers together), dask / --jobs {args.jobs}: {cpu:.2f} "
            f"({more:+.1f} ms per document; what load from elsewhere does not change)")
        if "cluster-parts" in runs[0]:
            ratio = med([rate(r["jobs"])[0] / rate(r["cluster-parts"])[0] for r in runs])
            add(f"  the same, parts by the workers (--part-size 50): {ratio:.2f}")
    add(f"  worker CPU per document {per_doc * 1000:.0f} ms; scheduler CPU per task {sched * 1000:.2f} ms (its idle "
        f"upkeep taken out); "
        f"client CPU per document {client * 1000:.1f} ms (records back, written, the progress counted)")
    if "cluster-parts" in runs[0]:
        psched = med([per_task(r["cluster-parts"]) for r in runs])
        pclient = med([r["cluster-parts"]["client_cpu_s"] / r["cluster-parts"]["docs"] for r in runs])
        add(f"  parts: scheduler CPU per task (50 documents) {psched * 1000:.2f} ms; client CPU per document "
            f"{pclient * 1000:.1f} ms (the manifest line only)")
    need = TARGET_DOCS / TARGET_SECONDS
    add(f"  {TARGET_DOCS:,} documents in {TARGET_SECONDS // 60} minutes ({need:.0f}/s) at these costs: "
        f"{need * per_doc:.0f} worker processes (one core each); a task per document keeps the scheduler "
        f"{need * sched:.2f} of its one core busy, and the client, the one writer, {need * client:.2f} cores")
    if "cluster-parts" in runs[0]:
        add(f"  with parts of 50: the scheduler {need / 50 * psched:.2f} of a core, the client {need * pclient:.2f}")
    if "db" in runs[0]:
        db = med([rate(r["db"])[0] for r in runs])
        add(f"  --db SQLite takes {db:.0f} records/s from its one writer; the target needs {need / db:.1f} × that")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="*", type=Path, help="documents (default: ../shared/corpus/dev and unlabeled)")
    ap.add_argument("--docs", type=int, default=None, help="documents per phase: the files cycled to this many (500)")
    ap.add_argument("--repeat", type=int, default=None, help="runs; medians are reported (3)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes for the batch phase (2)")
    ap.add_argument("--ner-docs", type=int, default=None, help="documents for the slow ner phase (60)")
    ap.add_argument("--pdf-pages", type=int, default=None, help="pages of the generated PDF (30)")
    ap.add_argument("--pdf-rounds", type=int, default=None, help="timings of each PDF reader, median (5)")
    ap.add_argument("--long", type=int, default=None, help="documents in the memory run (10000; 0 skips it)")
    ap.add_argument("--short", action="store_true", help="a quick run for CI: checks that it works, not speed")
    ap.add_argument("--json", type=Path, help="also write every measurement here")
    ap.add_argument("--phases", default=",".join(RUN_PHASES + EXTRA_PHASES),
                    help=f"the phases to run, comma-separated (all: {','.join(RUN_PHASES + EXTRA_PHASES)})")
    ap.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    ap.add_argument("--list", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    quick = {"docs": 12, "repeat": 1, "ner_docs": 2, "pdf_pages": 4, "pdf_rounds": 2, "long": 120}
    full = {"docs": 500, "repeat": 3, "ner_docs": 60, "pdf_pages": 30, "pdf_rounds": 5, "long": 10000}
    for key, value in (quick if args.short else full).items():
        if getattr(args, key) is None:
            setattr(args, key, value)

    if args.phase:  # inside a phase process
        paths = [Path(line) for line in args.list.read_text(encoding="utf-8").splitlines() if line]
        print(json.dumps(PHASES[args.phase](paths, args)))
        return 0

    chosen = [name.strip() for name in args.phases.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(RUN_PHASES + EXTRA_PHASES))
    if unknown:
        raise SystemExit(f"bench: no such phase: {', '.join(unknown)} (phases: {', '.join(RUN_PHASES + EXTRA_PHASES)})")
    files = corpus_files(args.folders)
    paths = repeated(files, args.docs)
    size = _sizes(paths)
    with tempfile.TemporaryDirectory(prefix="giamsat-bench-") as tmp:
        listfile = Path(tmp) / "docs.txt"
        listfile.write_text("\n".join(map(str, paths)) + "\n", encoding="utf-8")
        distinct = Path(tmp) / "distinct.txt"
        distinct.write_text("\n".join(map(str, files)) + "\n", encoding="utf-8")
        runs: list[dict] = []
        extra: dict = {"startup": []}  # start-up runs after the phases: the place index is in the cache
        bytecode = Path(tmp) / "bytecode"
        if "startup" in chosen:
            print("bench: compiling modules for the start-up runs (not timed)", file=sys.stderr, flush=True)
            startup(files[0], bytecode=bytecode)
        for i in range(args.repeat):
            run = {}
            for name in RUN_PHASES:
                if name in chosen:
                    print(f"bench: run {i + 1}/{args.repeat}: {name}", file=sys.stderr, flush=True)
                    run[name] = run_phase(name, listfile, args)
            runs.append(run)
            if "startup" in chosen:
                print(f"bench: run {i + 1}/{args.repeat}: start-up", file=sys.stderr, flush=True)
                extra["startup"].append(startup(files[0], bytecode=bytecode))
        if "startup" in chosen:
            print("bench: start-up on a machine without the place index", file=sys.stderr, flush=True)
            extra["first_start"] = startup(files[0], cache=Path(tmp) / "empty-cache", bytecode=bytecode)
            print("bench: start-up as this shell runs it (compiled modules as it has them)", file=sys.stderr, flush=True)
            extra["shell_start"] = startup(files[0])
        if "pdf" in chosen:
            print("bench: pdf", file=sys.stderr, flush=True)
            try:
                extra["pdf"] = run_phase("pdf", distinct, args)
            except SystemExit as exc:
                print(f"bench: PDF phase skipped: {exc}", file=sys.stderr)
        if args.long and "memory" in chosen:
            print(f"bench: memory over {args.long} documents", file=sys.stderr, flush=True)
            extra["memory"] = run_phase("memory", distinct, args)
    text = report(runs, extra, args, len(paths), len(files), size)
    print(text)
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, **extra, "args": {k: str(v) for k, v in vars(args).items()}},
                                        indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
