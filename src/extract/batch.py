"""The batch runner: many inputs → one record each, in parallel, safely.

``run_one(source, limits)`` is the unit of work: one input → one serialised record,
within the per-document limits, never raising. The engines run it:

- ``local``: worker processes of this machine (``--jobs N``). Each worker warms the
  models once, applies the memory limit to itself (``RLIMIT_AS``) and stops a document
  that overruns its time (``SIGALRM``); a worker stuck in C code past the limit is
  killed by the runner and replaced, and its document becomes a ``limit`` error record.
  ``concurrent.futures`` and ``multiprocessing.Pool`` cannot stop one stuck worker
  without tearing down the whole pool, hence the small pool here.
- ``dask``: the same ``run_one`` through ``dask.distributed`` (``--scheduler ADDRESS``),
  for more than one machine: ``extract.cluster`` is the client's side, ``extract.worker``
  what runs on the workers.

``run_batch`` feeds the results to sinks (``extract.sinks``): each input is written to
every sink that does not hold it yet (``--resume``), so a rerun after an interruption
finishes the job without duplicates. SIGINT/SIGTERM stop the run between documents:
nothing is ever half written. The workers leave both signals to the runner (a group's
SIGTERM, from systemd or timeout(1), reaches them too): a document being read when the
run stops gets no record, and is read on resume.
"""

from __future__ import annotations

import ctypes
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Protocol

from .ingest import MAX_BYTES, MAX_PAGES, ReadLimits, reading
from .sinks import StoreError
from .inputs import Input, error_record, is_url
from .storage import StorageError, read_url

if TYPE_CHECKING:
    from .sinks.parts import PartsSpec

# ------------------------------------------------------------------ limits and the unit of work


@dataclass(frozen=True)
class Limits:
    """Per-document limits; ``None`` or 0 switches one off."""

    max_seconds: float | None = 300.0  # a 200-page PDF takes well under a minute here
    max_memory_mb: int | None = 4096  # address space of a local worker; a warm worker uses ~350 MB
    max_bytes: int | None = MAX_BYTES  # a file's size, a download's
    grace_seconds: float = 10.0  # after max_seconds, how long before a stuck worker is killed
    max_pages: int | None = MAX_PAGES  # pages of one PDF

    def reading(self) -> ReadLimits:
        """What the readers of one document may use under these limits."""
        return ReadLimits.of(max_bytes=self.max_bytes, max_pages=self.max_pages,
                             max_memory_mb=self.max_memory_mb, max_seconds=self.max_seconds)

    def memory_message(self) -> str:
        return (f"ran out of memory (over --max-memory-mb {self.max_memory_mb}); raise it with --max-memory-mb, "
                "or split the document")

    def time_message(self) -> str:
        return (f"gave up after {self.max_seconds:g} s (over --max-seconds {self.max_seconds:g}); raise it with "
                "--max-seconds, or split the document")


class DocumentTimeout(BaseException):
    """Raised inside a document's work when it runs out of time.

    A BaseException, so that ``process()``'s ``except Exception`` (which turns reader and
    extractor failures into error records) does not swallow it."""


@contextmanager
def time_limit(seconds: float | None):
    """Raise ``DocumentTimeout`` in this thread after ``seconds``.

    The main thread uses ``SIGALRM``; another thread (a Dask worker's) gets an
    asynchronous exception. Either interrupts Python code only: C code that never
    returns is the business of the local runner's hard kill."""
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        def _alarm(signum, frame):
            raise DocumentTimeout()

        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    tid = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def _fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(tid, ctypes.py_object(DocumentTimeout))

    timer = threading.Timer(seconds, _fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
            if state["fired"]:  # fired but not raised yet: withdraw it
                ctypes.pythonapi.PyThreadState_SetAsyncExc(tid, None)
        timer.cancel()


@dataclass
class Result:
    """What a worker sends back for one input: the serialised record and what the runner counts."""

    source: str
    text: str  # the record as JSON (indented with --pretty)
    status: str  # "ok" or "error"
    id: str | None
    warnings: int = 0
    error_kind: str | None = None
    error_message: str | None = None
    seconds: float = 0.0
    recycle: bool = False  # the worker should be replaced (after a timeout or running out of memory)
    unseen: bool = False  # a Dask worker cannot see this path (another machine's disk): no record, the client decides

    def record(self) -> dict:
        return json.loads(self.text)


def _result(record, source: str, seconds: float = 0.0, indent: int | None = None) -> Result:
    error = getattr(record, "error", None)
    return Result(
        source=source, text=record.model_dump_json(indent=indent), status=record.status, id=record.id,
        warnings=len(getattr(record, "warnings", []) or []), error_kind=error.kind if error else None,
        error_message=error.message if error else None, seconds=seconds,
    )


def error_result(source: str | Input, kind: str, message: str, indent: int | None = None) -> Result:
    """An error record made by the runner itself (timeouts, dead workers, limits), with the input's id."""
    item = Input.of(source)
    return _result(item.error(kind, message), item.source, indent=indent)


_WARM = False
_WARMING = threading.Lock()  # a Dask worker's threads (and its start-up plugin) warm up once between them


def warm_up() -> None:
    """Load the tokenizer models and lexicons once per process, before the first document. Only
    batch and Dask workers (and the benchmark's timed phases) warm up: a process that runs a
    batch, so what loading makes is frozen out of the collector's passes (``startup.long_run``)."""
    global _WARM
    with _WARMING:
        if not _WARM:
            from .pipeline import process_bytes
            from .startup import long_run

            long_run()
            process_bytes("Ngày 07/4/2023, Đoàn giám sát của HĐND tỉnh làm việc với UBND huyện về 12 xã.".encode())
            _WARM = True


def _named(record, source: str):
    """A record of an fsspec URL names it as its URL (``process`` names what has no http(s) scheme a path)."""
    if is_url(source) and record.source.path == source:
        record.source.url, record.source.path = source, None
    return record


def run_one(source: str | Input, limits: Limits = Limits(), indent: int | None = None) -> Result:
    """One input → one Result, within the limits; never raises (but for KeyboardInterrupt).

    ``source``: a path or URL, or an ``Input`` with the bytes read elsewhere (shipped to a Dask worker
    by the client); an fsspec URL (``s3://…``, ``file://…``) is read here, an http(s) URL fetched by the
    reader. ``--max-bytes`` is held by the readers (``Input.over``)."""
    from .pipeline import process

    warm_up()
    started = time.monotonic()
    item = Input.of(source)
    if item.data is None and item.kind == "url":
        try:
            item = Input(item.source, read_url(item.source, limits.max_bytes or None))
        except StorageError as exc:
            return error_result(item, exc.kind, exc.message, indent)
    record, failure = None, None
    out_of_memory = limits.memory_message()
    try:
        with time_limit(limits.max_seconds), reading(limits.reading()):
            record = _named(process(item), item.source)
        if record.status == "error" and "MemoryError" in record.error.message:
            failure = out_of_memory  # process() made it an error record: say which limit it was
    except DocumentTimeout:
        failure = limits.time_message()
    except MemoryError:
        failure = out_of_memory
    if failure is None:
        try:
            return _result(record, item.source, time.monotonic() - started, indent)
        except Exception as exc:  # noqa: BLE001 - one record that cannot be written costs that input only
            why = f"the record could not be written as JSON: {type(exc).__name__}: {exc}"
            result = _result(error_record(item.source, "internal", why, getattr(record, "id", None)), item.source,
                             indent=indent)
            result.seconds = time.monotonic() - started
            return result
    data_id = getattr(record, "id", None) or item.id
    result = _result(error_record(item.source, "limit", failure, data_id), item.source, indent=indent)
    result.seconds = time.monotonic() - started
    result.recycle = True  # the worker may be in a bad state: replace it
    return result


# ------------------------------------------------------------------ the local engine: worker processes


def _set_memory_limit(megabytes: int | None) -> None:
    if not megabytes:
        return
    import resource

    limit = megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _leave_to_the_runner(signum, frame) -> None:
    """A worker's SIGINT/SIGTERM handler: nothing (the runner got the same signal, and stops the run)."""


def _worker_main(conn, limits: Limits, indent: int | None, parent: int) -> None:
    """A worker process: warm up, then one document per message until told to stop."""
    # Ctrl-C, and the SIGTERM of systemd, timeout(1) or a scheduler, reach the whole process group: the runner
    # decides, and stops the workers itself. A handler that does nothing (not SIG_IGN) keeps the worker alive and
    # is reset in the programs it runs (tesseract, LibreOffice), so they stop with the group.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _leave_to_the_runner)
    _die_with_parent()
    if os.getppid() != parent:  # the runner died before the line above
        return
    _set_memory_limit(limits.max_memory_mb)
    warm_up()
    conn.send(("ready", os.getpid()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # the runner is gone
            return
        if message is None:
            return
        index, source = message
        result = run_one(source, limits, indent)
        conn.send(("done", index, result))
        if result.recycle:
            return


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: object
    ready: bool = False
    task: tuple[int, str] | None = None
    started: float = 0.0


def _mp_context():
    """Fork where it is safe (Linux): the runner warms the models once and every worker starts warm,
    without importing anything again (imports cost seconds where bytecode is not cached).
    The runner starts no thread of its own, so forking it is sound."""
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        warm_up()
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when the runner dies, however it dies."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (AttributeError, OSError):
        pass


def _exit(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            pass
    return f"exit code {code}"


class BatchError(RuntimeError):
    """The run cannot go on (workers cannot start, the sink is unusable): not a document's fault."""


def run_local(items: list[tuple[int, str]], jobs: int, limits: Limits, indent: int | None = None,
              should_stop: Callable[[], bool] = lambda: False) -> Iterator[tuple[int, Result]]:
    """Run ``items`` (index, source) on ``jobs`` worker processes; yield (index, Result) as they finish."""
    if not items:
        return
    pool = _Pool(items, jobs, limits, indent, should_stop)
    try:
        for _ in range(min(jobs, len(pool.queue))):
            pool.workers.append(pool.spawn())
        while (pool.queue or any(w.task for w in pool.workers)) and not should_stop():
            for w in pool.workers:
                pool.dispatch(w)
            yield from pool.answers()
            yield from pool.overtime()
            pending = len(pool.queue) + sum(w.task is not None for w in pool.workers)
            while len(pool.workers) < min(jobs, pending):
                pool.workers.append(pool.spawn())
    finally:
        pool.close()


class _Pool:
    """The worker processes of a local run, the documents still to give them, and what to do
    when one answers, dies or runs over its time."""

    def __init__(self, items: list[tuple[int, str]], jobs: int, limits: Limits, indent: int | None,
                 should_stop: Callable[[], bool]):
        self.ctx = _mp_context()
        self.queue = deque(items)
        self.workers: list[_Worker] = []
        self.jobs, self.limits, self.indent, self.should_stop = jobs, limits, indent, should_stop
        self.deaths = 0  # workers lost idle since the last document finished
        self.hard_limit = (limits.max_seconds + limits.grace_seconds) if limits.max_seconds else None

    def spawn(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker_main, args=(child, self.limits, self.indent, os.getpid()),
                                daemon=True, name="giamsat-worker")
        proc.start()
        child.close()
        return _Worker(proc, parent)

    def dispatch(self, w: _Worker) -> None:
        if w.ready and w.task is None and self.queue:
            w.task, w.started = self.queue.popleft(), time.monotonic()
            w.conn.send(w.task)

    def retire(self, w: _Worker, kill: bool = False) -> None:
        if kill and w.process.is_alive():
            w.process.kill()
        w.process.join(timeout=5)
        w.conn.close()
        self.workers.remove(w)

    def lost(self, w: _Worker, why: str) -> Iterator[tuple[int, Result]]:
        """A worker died or was killed: its document (if any) becomes an error record."""
        limits = self.limits
        if why == "died":
            w.process.join(timeout=5)  # reaped, so that its exit code is known
        if self.should_stop():  # the user's stop reached it too: no record, the document is done on resume
            return
        if w.task is None:  # died idle or starting: not a document's doing
            self.deaths += 1
            if self.deaths > 2 * self.jobs + 3:
                raise BatchError(f"worker processes keep dying (last exit code {w.process.exitcode}); "
                                 "is --max-memory-mb too low for this machine?")
            return
        index, source = w.task
        if why == "timeout":
            kind, message = "limit", f"{limits.time_message()}; the worker was stopped"
        else:
            kind, message = "internal", f"the worker process died while reading this input ({_exit(w.process.exitcode)})"
            if limits.max_memory_mb and w.process.exitcode in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGKILL, -signal.SIGBUS):
                message += (f"; a reader library fails like this when it runs out of memory: if the input is genuine, "
                            f"raise --max-memory-mb (now {limits.max_memory_mb})")
        yield index, error_result(source, kind, message, self.indent)

    def answers(self) -> Iterator[tuple[int, Result]]:
        """What the workers said within 0.2 s: ready, a document's result, or nothing (they died)."""
        workers = self.workers
        ready = set(wait([w.conn for w in workers] + [w.process.sentinel for w in workers], timeout=0.2))
        for w in list(workers):
            if w.conn in ready:
                try:
                    message = w.conn.recv()
                except (EOFError, OSError):
                    message = None
                if message is None:
                    yield from self.lost(w, "died")
                    self.retire(w, kill=True)
                elif message[0] == "ready":
                    w.ready = True
                    self.dispatch(w)
                else:
                    _, index, result = message
                    w.task = None
                    self.deaths = 0
                    if result.recycle:  # it exits after this document
                        self.retire(w)
                    elif not self.should_stop():
                        self.dispatch(w)  # its next document before this one is written: no idle worker
                    if result.status == "error" and self.should_stop():
                        continue  # perhaps the stop's doing (a converter it ran got the signal): done on resume
                    yield index, result
            elif w.process.sentinel in ready and not w.conn.poll():
                yield from self.lost(w, "died")
                self.retire(w, kill=True)

    def overtime(self) -> Iterator[tuple[int, Result]]:
        """A worker past the document's time limit and its grace (stuck in C code): killed."""
        now = time.monotonic()
        for w in list(self.workers):
            if self.hard_limit and w.task is not None and now - w.started > self.hard_limit:
                yield from self.lost(w, "timeout")
                self.retire(w, kill=True)

    def close(self) -> None:
        """Idle workers told to stop (3 s to go), busy ones (a stop) killed."""
        for w in list(self.workers):
            if w.task is None and w.process.is_alive():
                try:
                    w.conn.send(None)
                except OSError:
                    pass
        deadline = time.monotonic() + 3
        for w in list(self.workers):
            w.process.join(timeout=max(0.0, deadline - time.monotonic()) if w.task is None else 0)
            self.retire(w, kill=True)


# ------------------------------------------------------------------ sinks, progress and the run


class Sink(Protocol):
    """Where records go (``extract.sinks``): a JSONL file or stream, a database."""

    name: str

    def has(self, data_id: str | None, source: str) -> bool: ...

    def status_of(self, data_id: str | None, source: str) -> str | None: ...

    def write(self, result: Result) -> None: ...

    def close(self) -> None: ...


def plural(count: int, singular: str, many: str | None = None) -> str:
    """"1 document", "2 documents"; ``many`` where adding an s will not do."""
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


@dataclass
class Summary:
    documents: int = 0  # inputs given
    skipped: int = 0  # already in every sink (--resume)
    skipped_errors: int = 0  # of those, error records
    processed: int = 0
    records: int = 0  # ok records written this run
    errors: int = 0  # error records written this run
    warnings: int = 0
    sink_errors: int = 0  # records a sink could not take
    seconds: float = 0.0
    interrupted: str | None = None  # the signal that stopped the run
    passed_over: dict[str, int] = field(default_factory=dict)  # in the folders given, not read: why → how many

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.skipped_errors or self.sink_errors)

    def line(self) -> str:
        rate = self.processed / self.seconds if self.seconds > 0 else 0.0
        parts = [plural(self.documents, "document"), plural(self.records, "record"), plural(self.errors, "error"),
                 plural(self.warnings, "warning"), f"{self.seconds:.1f} s ({rate:.1f} documents/s)"]
        if self.skipped:
            parts.insert(1, f"{self.skipped} already done (--resume{f', {self.skipped_errors} of them errors' if self.skipped_errors else ''})")
        if self.sink_errors:
            parts.append(f"{self.sink_errors} not stored")
        if self.passed_over:
            reasons = sorted(self.passed_over.items(), key=lambda kv: (-kv[1], kv[0]))
            why = "; ".join(f"{reason}: {n}" for reason, n in reasons)
            what = plural(sum(self.passed_over.values()), "file or folder", "files and folders")
            parts.append(f"{what} in the folders not read ({why}; each named above)")
        text = ", ".join(parts)
        if self.interrupted:
            left = self.documents - self.skipped - self.processed
            text += f"; interrupted by {self.interrupted} with {left} left: rerun with --resume to finish"
        return text


class Reporter:
    """Progress for a run: a live bar in a terminal, a few log lines otherwise."""

    def __init__(self, stream=None, tty: bool | None = None, every: float = 30.0):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.every = every
        self._progress = None
        self._task = None
        self._start = 0.0
        self._last_log = 0.0
        self.total = 0
        self.done = 0
        self.errors = 0

    def start(self, total: int, skipped: int = 0) -> None:
        self.total, self._start = total, time.monotonic()
        self._last_log = self._start
        if skipped:
            self.note(f"{plural(skipped, 'input')} already done (--resume), {total} to go")
        if self.tty and total:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(
                TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:>6.1f} docs/s"), TextColumn("[red]{task.fields[errors]} errors"),
                TextColumn("ETA"), TimeRemainingColumn(), console=Console(file=self.stream), transient=False,
                auto_refresh=False,  # no refresh thread: the runner forks its workers, a thread-free process forks safely
            )
            self._progress.start()
            self._task = self._progress.add_task("extract", total=total, rate=0.0, errors=0)
            self._progress.refresh()

    def advance(self, result: Result) -> None:
        self.done += 1
        self.errors += result.status == "error"
        now = time.monotonic()
        rate = self.done / max(now - self._start, 1e-9)
        if result.status == "error":
            first = (result.error_message or "").splitlines()[0] if result.error_message else ""
            self.note(f"error: {result.source}: {result.error_kind}: {first}")
        if self._progress is not None:
            self._progress.update(self._task, advance=1, rate=rate, errors=self.errors, refresh=True)
        elif now - self._last_log >= self.every:
            self._last_log = now
            left = (self.total - self.done) / rate if rate else 0
            self.note(f"{self.done}/{self.total} documents, {rate:.1f}/s, about {left:.0f} s left")

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def note(self, text: str) -> None:
        if self._progress is not None:
            self._progress.console.print(text, markup=False, highlight=False)
        else:
            print(f"giamsat: {text}", file=self.stream, flush=True)


@dataclass
class RunOptions:
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    limits: Limits = field(default_factory=Limits)
    engine: str = "local"  # local | dask
    scheduler: str | None = None
    resume: bool = False
    indent: int | None = None
    parts: "PartsSpec | None" = None  # --engine dask -o DIR/: the workers write the records as parts (extract.sinks.parts)


@contextmanager
def _stop_on_signals():
    """SIGINT/SIGTERM set a flag the run checks between documents, so no record is half written."""
    caught: list[str] = []

    def handler(signum, frame):
        if caught:  # a second Ctrl-C: stop now
            raise KeyboardInterrupt
        caught.append(signal.Signals(signum).name)

    if threading.current_thread() is not threading.main_thread():
        yield caught
        return
    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield caught
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def run_batch(sources: Iterable[str], sinks: list[Sink], options: RunOptions | None = None,
              reporter: Reporter | None = None) -> Summary:
    """Every source → one record in every sink that lacks it. Returns the run's summary."""
    options = options or RunOptions()
    reporter = reporter or Reporter()
    started = time.monotonic()
    summary = Summary()
    todo: list[tuple[int, str]] = []
    targets: dict[int, list[Sink]] = {}
    for index, source in enumerate(sources):
        summary.documents += 1
        wanting = sinks
        if options.resume:
            data_id = Input(source).id
            wanting = [s for s in sinks if not s.has(data_id, source)]
            if not wanting:
                summary.skipped += 1
                summary.skipped_errors += any(s.status_of(data_id, source) == "error" for s in sinks)
                continue
        targets[index] = wanting
        todo.append((index, source))
    jobs = max(1, options.jobs)
    failing = 0  # records in a row that a sink rejected

    def _write(index: int, result: Result) -> None:
        nonlocal failing
        for sink in targets.pop(index):
            try:
                sink.write(result)
            except Exception as exc:  # noqa: BLE001 - one record a sink rejects must not stop the batch
                summary.sink_errors += 1
                failing += 1
                said = str(exc) if isinstance(exc, StoreError) else f"{type(exc).__name__}: {exc}"
                reporter.note(f"{sink.name}: could not store {result.source}: {said}")
                if isinstance(exc, OSError) or failing >= 20:  # a full disk, a database gone: stop
                    raise BatchError(f"{sink.name}: {said}") from exc
            else:
                failing = 0
        summary.processed += 1
        summary.records += result.status == "ok"
        summary.errors += result.status == "error"
        summary.warnings += result.warnings
        reporter.advance(result)

    with _stop_on_signals() as caught:
        reporter.start(len(todo), summary.skipped)
        try:
            if options.engine == "dask":
                from .cluster import run_dask

                results = run_dask(todo, options.scheduler, jobs, options.limits, options.indent, lambda: bool(caught),
                                   parts=options.parts)
            elif options.engine == "local":
                results = run_local(todo, jobs, options.limits, options.indent, lambda: bool(caught))
            else:
                raise BatchError(f"unknown engine {options.engine!r}: local or dask")
            with closing(results):  # stopped early (an error, a signal): the workers are stopped too
                for index, result in results:
                    _write(index, result)
        finally:
            reporter.stop()
        if caught and targets:
            summary.interrupted = caught[0]
    summary.seconds = time.monotonic() - started
    return summary
