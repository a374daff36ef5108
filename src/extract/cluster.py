"""The client's side of ``--engine dask``: inputs to the workers, records back, whatever the storage.

- Paths go to the workers absolute (the workers' folder is not the client's). A worker that
  cannot see a path says so (``worker.unseen``); where the client can read it, the workers
  are on other machines, and from then on the client ships each document's bytes with its
  task (within ``--max-bytes``; a window of tasks and of bytes in flight keeps the client's
  memory flat). Where the client cannot read it either, the client writes the error record a
  local run writes. No flag is needed: the run finds out.
- URLs go as they are: an http(s) URL is fetched by the worker, an fsspec URL (``s3://…``,
  ``file://…``) read by it (``extract.storage``).
- A task is a batch of inputs: one when the client writes the records; ``--part-size`` when
  the workers write parts (``extract.sinks.parts``). A task whose worker dies is run again
  elsewhere by the scheduler; one that kills ``distributed.scheduler.allowed-failures``
  workers comes back as ``KilledWorker``: a batch is then split and its inputs tried one by
  one, and a single input that still kills its workers (tried twice, alone) becomes an error
  record: a ``limit`` one where a worker's watchdog named it as stuck past ``--max-seconds``.
  The scheduler counts a death against every task the worker held, also those only queued
  behind the killer: an input tried alone tells the scheduler as it starts, and a death before
  that is not counted against it. Each input ends exactly once, whichever way.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
import uuid
import warnings
from collections import deque
from concurrent.futures import CancelledError
from typing import Callable, Iterator

from .batch import BatchError, Limits, Result, _result, error_result
from .inputs import Input, is_url
from .ingest import reading

DASK_CONNECT_TIMEOUT = 30.0  # seconds to reach a --scheduler before the run gives up
SHIP_WINDOW_BYTES = 256 * 1024 * 1024  # bytes of shipped documents in flight at most (one task is always let through)
SHIP_TASK_BYTES = 64 * 1024 * 1024  # bytes shipped in one task at most (one document is always let through)
WINDOW_REFRESH = 5.0  # seconds between asking the scheduler how many worker threads there are

KILLS = 2  # times a task of one input may come back KilledWorker before the input is given up
# The scheduler counts a worker's death against every task it held, the one it was reading and those queued
# behind it. A suspect's task (an input tried alone after a KilledWorker) tells the scheduler when its input
# starts (worker.STARTED_TOPIC): a KilledWorker for a suspect that never started is not counted against it (up to
# WAITS times); it goes back in line.
WAITS = 8
KILLED = ("every Dask worker that read this input died (tried {tries} times, each given up by the scheduler after "
          "distributed.scheduler.allowed-failures deaths, 3 by default): a reader library crashing on it, running out "
          "of memory (dask worker --memory-limit), or stuck past --max-seconds in code that cannot be interrupted")


def connect(scheduler: str | None, jobs: int):
    """A client on ``scheduler``, or on a local cluster of ``jobs`` single-threaded workers."""
    try:
        from dask.distributed import Client
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise BatchError("the dask engine needs the [dask] extra: pip install 'giamsat[dask]'") from exc
    try:
        return (Client(scheduler, timeout=DASK_CONNECT_TIMEOUT) if scheduler
                else Client(n_workers=jobs, threads_per_worker=1, dashboard_address=None))
    except Exception as exc:  # noqa: BLE001 - unreachable, refused, a malformed address: the run cannot start
        if not scheduler:
            raise BatchError(f"cannot start a local Dask cluster: {type(exc).__name__}: {exc}") from exc
        raise BatchError(f"cannot reach the Dask scheduler --scheduler {scheduler} ({exc}); is it running, and is "
                         f"the address (tcp://host:8786) right?") from exc


def warm_workers(client) -> None:
    """Warm giamsat up once on each worker (and on those that join later); a worker that cannot
    import giamsat stops the run here, with what to install, not with one error record per input."""
    from .worker import Warm

    try:
        replies = client.register_plugin(Warm(), name=Warm.name)
    except Exception as exc:  # noqa: BLE001 - a worker without giamsat fails to unpickle the plugin
        raise BatchError(f"the Dask workers cannot run giamsat ({type(exc).__name__}: {exc}); install giamsat, the "
                         "same version as here, with its [dask] extra on every worker") from exc
    for address, reply in (replies or {}).items():
        if isinstance(reply, dict) and reply.get("status") == "error":
            raise BatchError(f"the Dask worker {address} cannot run giamsat ({reply.get('exception')}); install "
                             "giamsat, the same version as here, with its [dask] extra on every worker")


def _here(source: str, limits: Limits, indent: int | None) -> Result:
    """The record of an input the client cannot read either: the error record a local run writes."""
    from .pipeline import process

    with reading(limits.reading()):
        record = process(source)
    return _result(record, source, indent=indent)


class _Run:
    """One run's state on the client: what is left, what is in flight, whether to ship bytes."""

    def __init__(self, client, items, jobs: int, limits: Limits, indent: int | None, parts):
        self.client, self.jobs, self.limits, self.indent, self.parts = client, jobs, limits, indent, parts
        self.size = parts.size if parts else 1
        self.queue: deque[tuple[int, str]] = deque(items)
        self.again: deque[tuple[int, str, bool]] = deque()  # back from the workers: (index, source, alone)
        self.ready: deque[tuple[int, Result]] = deque()  # records made here, to yield
        # key → (inputs, future, bytes, announced: a suspect's task, which tells the scheduler as its input starts)
        self.outstanding: dict[str, tuple[list[tuple[int, str]], object, int, bool]] = {}
        self.in_flight = 0  # bytes shipped and not back
        self.kills: dict[int, int] = {}  # index → KilledWorker of its task of one, the input started
        self.waits: dict[int, int] = {}  # index → KilledWorker of its task of one, the input never started
        self.ship = False  # learnt: the workers cannot see the client's files
        self.run = uuid.uuid4().hex[:8]
        self.count = 0
        self.window, self.checked = 0, 0.0

    def tasks_window(self) -> int:
        now = time.monotonic()
        if now - self.checked > WINDOW_REFRESH:  # workers come and go
            self.checked = now
            try:
                threads = sum(self.client.nthreads().values())
            except Exception:  # noqa: BLE001 - the scheduler busy: keep the last window
                threads = 0
            least = 4 if self.parts else 16  # tasks: a part is a batch of documents
            if threads:
                self.window = max(2 * threads, least)
            elif not self.window:  # no worker yet: a window for the jobs asked for
                self.window = max(2 * self.jobs, least)
        return self.window

    def _batch(self) -> tuple[list[tuple[int, str]], bool]:
        """The inputs of the next task, and whether it is a suspect's task of its own."""
        if self.again:
            index, source, alone = self.again.popleft()
            batch = [(index, source)]
            if alone:
                return batch, True
            while self.again and len(batch) < self.size and not self.again[0][2]:
                batch.append(self.again.popleft()[:2])
        else:
            batch = []
        while len(batch) < self.size and self.queue:
            batch.append(self.queue.popleft())
        return batch, False

    def _task(self, index: int, source: str) -> Input | None:
        """The ``Input`` a worker gets for one input, or None where the client has made its record (``ready``)."""
        if is_url(source):
            return Input(source)
        if not self.ship:
            return Input(source, path=os.path.abspath(source))
        item = Input(source)
        cap = self.limits.max_bytes
        if item.regular and (why := item.over(cap)):  # never shipped
            self.ready.append((index, self._own(error_result(item, "limit", why, self.indent))))
            return None
        if item.regular:
            try:
                with open(source, "rb") as fh:
                    return Input(source, fh.read(cap + 1) if cap else fh.read())
            except OSError:
                pass
        self.ready.append((index, self._own(_here(source, self.limits, self.indent))))
        return None

    def fill(self, futures) -> None:
        """Submit tasks until the window of tasks (or of shipped bytes) is full."""
        from .worker import run_tasks

        while (self.queue or self.again) and len(self.outstanding) < self.tasks_window() and len(self.ready) < 64 and (
                not self.outstanding or self.in_flight < SHIP_WINDOW_BYTES):
            batch, tasks, nbytes = [], [], 0
            entries, alone = self._batch()
            while entries:
                index, source = entries.pop(0)
                task = self._task(index, source)
                if task is not None:
                    batch.append((index, source))
                    tasks.append(task)
                    nbytes += len(task.data) if task.data is not None else 0
                    if nbytes > SHIP_TASK_BYTES:  # the rest of the batch waits for a task of its own
                        self.again.extendleft((i, src, False) for i, src in reversed(entries))
                        break
            if not tasks:
                continue
            self.count += 1
            with warnings.catch_warnings():  # a shipped document is meant to travel in its task: no advice about it
                warnings.filterwarnings("ignore", message="Sending large graph")
                fut = self.client.submit(run_tasks, tasks, self.limits, self.indent, self.parts, alone, pure=False,
                                         key=f"giamsat-{self.run}-{self.count}")
            self.outstanding[fut.key] = (batch, fut, nbytes, alone)
            self.in_flight += nbytes
            futures.add(fut)

    def finished(self, fut) -> Iterator[tuple[int, Result]]:
        """The inputs of a finished task: their records, or back in line (unseen, a batch that killed workers)."""
        from distributed import KilledWorker

        from .worker import STARTED_TOPIC, STUCK_TOPIC

        batch, _, nbytes, announced = self.outstanding.pop(fut.key)
        self.in_flight -= nbytes
        try:
            results = fut.result()
        except CancelledError as exc:  # the scheduler lost (or restarted by someone): no input's fault
            why = (str(exc).strip().splitlines() or ["cancelled"])[0]
            raise BatchError(f"lost the Dask scheduler, or it cancelled this run's tasks ({why}); what is written "
                             "stays: rerun with --resume to finish") from exc
        except KilledWorker:
            stuck = self._named(STUCK_TOPIC, fut.key) or set()
            for index, source in batch:  # a watchdog named it: past the time limit, as a local run says
                if source in stuck:
                    yield index, self._own(error_result(source, "limit", f"{self.limits.time_message()}; the worker "
                                                        "was stopped", self.indent))
            batch = [(index, source) for index, source in batch if source not in stuck]
            if len(batch) > 1:  # which input kills workers is not known: each tried alone
                self.again.extend((index, source, True) for index, source in batch)
                return
            if not batch:
                return
            index, source = batch[0]
            started = self._named(STARTED_TOPIC, fut.key) if announced else None  # None: counted as its death
            if started is not None and source not in started and self.waits.get(index, 0) < WAITS:
                self.waits[index] = self.waits.get(index, 0) + 1  # only queued beside a killer: not its death
                self.again.append((index, source, True))
                return
            self.kills[index] = self.kills.get(index, 0) + 1
            if self.kills[index] < KILLS:
                self.again.append((index, source, True))
            else:
                yield index, self._error(source, "internal", KILLED.format(tries=self.kills.pop(index)))
            return
        except Exception as exc:  # noqa: BLE001 - a task that failed for good: still one record per input
            for index, source in batch:
                yield index, self._error(source, "internal", f"the dask task failed: {type(exc).__name__}: {exc}")
            return
        for (index, source), result in zip(batch, results):
            if not result.unseen:
                yield index, result
            elif os.path.isfile(source) and os.access(source, os.R_OK):
                self.ship = True  # the workers cannot see what the client can: ship the bytes from now on
                self.again.append((index, source, False))
            else:
                yield index, self._own(_here(source, self.limits, self.indent))

    def _named(self, topic: str, key: str) -> set[str] | None:
        """The inputs of task ``key`` the workers named in the scheduler's events on ``topic``: those a watchdog
        stopped (``worker.STUCK_TOPIC``), those that started (``worker.STARTED_TOPIC``, tasks of one input)."""
        try:
            events = self.client.get_events(topic)
        except Exception:  # noqa: BLE001 - no events: nothing known
            return None
        return {msg["source"] for _, msg in events if isinstance(msg, dict) and msg.get("key") == key}

    def _error(self, source: str, kind: str, message: str) -> Result:
        return self._own(error_result(source, kind, message, self.indent))

    def _own(self, result: Result) -> Result:
        """A record the client made itself; with parts it goes into a part of its own, as the workers' do."""
        if self.parts is not None:
            from .sinks.parts import manifest_line, write_part

            name = self.parts.name([result.source])
            write_part(self.parts, name, [result])
            result.text = manifest_line(result, name)
        return result

    def cancel(self) -> None:
        self.client.cancel([fut for _, fut, _, _ in self.outstanding.values()])


def run_dask(items: list[tuple[int, str]], scheduler: str | None, jobs: int, limits: Limits,
             indent: int | None = None, should_stop: Callable[[], bool] = lambda: False,
             parts=None) -> Iterator[tuple[int, Result]]:
    """``run_one`` for each input on a Dask cluster (``scheduler`` address; a local cluster when None);
    yield (index, Result) as they finish, the inputs of one task together.

    The memory limit is the Dask workers' own (``dask worker --memory-limit``); the time limit
    interrupts Python code in the worker thread, and the worker's watchdog the rest (``extract.worker``)."""
    if not items:
        return
    from dask.distributed import as_completed

    # distributed's own log lines (tracebacks of a lost connection, notes on rescheduling): giamsat says what
    # matters in one line, and the client's log is not the user's
    quiet = {name: logging.getLogger(name).level for name in ["distributed", *logging.root.manager.loggerDict]
             if name == "distributed" or name.startswith("distributed.")}
    for name in quiet:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    client = None
    run = None
    try:
        client = connect(scheduler, jobs)
        warm_workers(client)
        run = _Run(client, items, jobs, dataclasses.replace(limits, max_memory_mb=None), indent, parts)
        futures = as_completed()
        run.fill(futures)
        while run.ready or run.outstanding or run.queue or run.again:
            while run.ready:
                yield run.ready.popleft()
            if should_stop():
                break
            if run.outstanding:
                fut = next(futures)
                yield from run.finished(fut)
                if should_stop():
                    break
            run.fill(futures)
    finally:
        try:
            if run is not None:
                run.cancel()
            if client is not None:
                client.close()
        finally:
            for name, level in quiet.items():
                logging.getLogger(name).setLevel(level)
