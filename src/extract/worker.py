"""What runs on a Dask worker for ``giamsat extract --engine dask``.

A worker needs giamsat installed as on the client, the same version (tasks name its functions),
with the ``[dask]`` extra, the system tools its readers use (``scripts/setup.d/``: tesseract,
LibreOffice), ``pyarrow`` for Parquet parts, and the fsspec package of any object storage the
inputs are on (``s3fs`` for ``s3://``, ``gcsfs`` for ``gs://``). Start it with::

    dask worker tcp://SCHEDULER:8786 --nthreads 1 --nworkers 2 --preload extract.worker

``--preload extract.worker`` warms giamsat up (models, lexicons, the place index) once per
worker process as it starts, before the scheduler hands it a task; without it the client
registers ``Warm`` as a worker plugin, which does the same on every worker, once. One thread
per worker process is best: the work is CPU-bound Python; give a machine as many worker
processes as it has cores. Keep the nanny (the default): it restarts a worker that dies.

A task is a batch of ``inputs.Input``: the input as the user named it, where the worker can read
it (an absolute path), or its bytes when the client has learnt that the workers cannot see its
files. A path a worker cannot see comes back ``unseen`` (no record): the client decides
whether to ship the bytes or write the error record a local run would.

The per-document time limit interrupts Python code in the worker thread; a document stuck in
C code past ``--max-seconds`` and its grace is stopped by a watchdog that ends the worker
process, having first told the scheduler which document it was (an event, ``STUCK_TOPIC``):
the nanny starts a new worker, the scheduler retries the task elsewhere, and once it gives up
(``distributed.scheduler.allowed-failures``, 3) the client, seeing the events, writes the
``limit`` record a local run writes.
"""

from __future__ import annotations

import os
import sys
import threading
import time

from distributed.diagnostics.plugin import WorkerPlugin

from .batch import Limits, Result, run_one, warm_up
from .inputs import Input


def unseen(item: Input, why: str) -> Result:
    return Result(source=item.source, text="", status="unseen", id=None, error_message=why, unseen=True)


def run_task(item: Input, limits: Limits, indent: int | None = None) -> Result:
    """One input on a worker: as ``batch.run_one``, reading the client's path, bytes or URL."""
    if item.path is not None and not (item.regular and os.access(item.path, os.R_OK)):
        return unseen(item, _why_unseen(item.path))  # another machine's disk: the client decides
    return run_one(item, limits, indent)


def _why_unseen(path: str) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        return exc.strerror or str(exc)
    return "not a regular file here" if not os.path.isfile(path) else "permission denied"


def run_tasks(tasks: list[Input], limits: Limits, indent: int | None = None, parts=None,
              announce: bool = False) -> list[Result]:
    """A Dask task: each input in turn. With ``parts`` (``sinks.parts.PartsSpec``) the records are written here,
    as one part, and what returns is the manifest's line for each (the record stays on the worker).

    ``announce``: the scheduler is told (``STARTED_TOPIC``) as each input starts, and answers, before it is read:
    the client sends this for an input suspected of killing workers, so that a death it only waited beside is
    not counted against it."""
    results = []
    for task in tasks:
        if announce:
            key, worker = _current()
            if worker is not None:
                _tell_scheduler(worker, STARTED_TOPIC, {"key": key, "source": task.source})
        with _watched(limits, task.source):
            results.append(run_task(task, limits, indent))
    if parts is not None:
        from .sinks.parts import manifest_line, write_part

        done = [r for r in results if not r.unseen]
        if done:
            name = parts.name([r.source for r in done])
            write_part(parts, name, done)
            for r in done:
                r.text = manifest_line(r, name)
    return results


# ------------------------------------------------------------------ the watchdog: a document stuck in C code

_running: dict[int, tuple[float, str, str | None, object]] = {}  # thread → (time up, grace included; source; task key; worker)
_watch_lock = threading.Lock()
_watchdog: threading.Thread | None = None
STUCK_EXIT = 70  # the exit code of a worker that ended itself for a stuck document
STUCK_TOPIC = "giamsat-stuck"  # the scheduler's events naming the documents a watchdog stopped: {"key", "source"}
STARTED_TOPIC = "giamsat-started"  # the scheduler's events naming the suspects a worker began: {"key", "source"}


def _current() -> tuple[str | None, object]:
    """(the Dask task key, the worker) of the task running in this thread; (None, None) outside Dask."""
    try:
        from distributed import get_worker

        worker = get_worker()
        return worker.get_current_task(), worker
    except ValueError:
        return None, None


class _watched:
    """Register the document being read in this thread with the watchdog (when it has a time limit)."""

    def __init__(self, limits: Limits, source: str):
        self.deadline = (limits.max_seconds + limits.grace_seconds) if limits.max_seconds else None
        self.source = source

    def __enter__(self):
        if self.deadline is not None:
            _start_watchdog()
            key, worker = _current()
            with _watch_lock:
                _running[threading.get_ident()] = (time.monotonic() + self.deadline, self.source, key, worker)
        return self

    def __exit__(self, *exc):
        with _watch_lock:
            _running.pop(threading.get_ident(), None)
        return False


def _watch() -> None:
    while True:
        time.sleep(1.0)
        now = time.monotonic()
        with _watch_lock:
            stuck = [entry for entry in _running.values() if now > entry[0]]
        if stuck:  # the thread cannot be stopped from here: end the process, the nanny starts another
            for _, source, key, worker in stuck:
                print(f"giamsat worker: {source} ran past --max-seconds and its grace in code that cannot be "
                      "interrupted; ending this worker process", file=sys.stderr, flush=True)
                if worker is not None:
                    _tell_scheduler(worker, STUCK_TOPIC, {"key": key, "source": source})
            os._exit(STUCK_EXIT)


def _tell_scheduler(worker, topic: str, message: dict) -> None:
    """An event for the scheduler, sent as a call it answers, so that it is there before the process can end.

    Not through the worker's batched stream (``Worker.log_event``): what is still in it, or unread by the
    scheduler when the process ends, is lost with the connection, and the client then counts a stuck
    document as a killer of workers (an ``internal`` record instead of ``limit``)."""
    from distributed.utils import sync

    try:
        sync(worker.loop, worker.scheduler.log_event, topic=topic, msg=message, callback_timeout=10)
    except Exception:  # noqa: BLE001 - no answer: the batched stream, given a moment to reach the scheduler
        worker.log_event(topic, message)
        time.sleep(1.0)


def _start_watchdog() -> None:
    global _watchdog
    with _watch_lock:
        if _watchdog is None:
            _watchdog = threading.Thread(target=_watch, name="giamsat-watchdog", daemon=True)
            _watchdog.start()


# ------------------------------------------------------------------ warming up once per worker


class Warm(WorkerPlugin):
    """A Dask worker plugin: giamsat warmed up once per worker, as it joins (and on the workers there)."""

    name = "giamsat-warm"
    idempotent = True

    def setup(self, worker=None) -> None:
        warm_up()


def dask_setup(worker=None) -> None:
    """``dask worker … --preload extract.worker``: warm up before the worker takes its first task."""
    warm_up()
