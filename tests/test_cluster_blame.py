"""Whom the client blames for a dead Dask worker, without a cluster: a task that comes back ``KilledWorker``.

The scheduler counts a worker's death against every task that worker held, also those only queued
behind the one it was reading. A suspect's task of its own says when its input starts
(``worker.STARTED_TOPIC``); the client counts a death against an input only when it had started, and a
watchdog's ``STUCK_TOPIC`` event makes it a time limit. These are the client's rules, run here on a
fake client whose events are set by the test; ``test_cluster.py`` runs the same on real workers."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

distributed = pytest.importorskip("distributed", reason="the [dask] extra is not installed")

from extract.batch import Limits  # noqa: E402
from extract.cluster import KILLS, WAITS, _Run  # noqa: E402
from extract.worker import STARTED_TOPIC, STUCK_TOPIC  # noqa: E402


class FakeClient:
    """Events as the scheduler keeps them: topic → [(time, message)]; None makes ``get_events`` fail."""

    def __init__(self):
        self.events: dict[str, list] | None = {}

    def get_events(self, topic):
        if self.events is None:
            raise OSError("the scheduler did not answer")
        return self.events.get(topic, [])

    def log(self, topic: str, key: str, source: str) -> None:
        self.events.setdefault(topic, []).append((0.0, {"key": key, "source": source}))


class Killed:
    """A future whose task the scheduler gave up: every worker that held it died."""

    def __init__(self, key: str):
        self.key = key

    def result(self):
        raise distributed.KilledWorker(task=self.key, last_worker=None, allowed_failures=1)


def _run(*sources: str) -> tuple[_Run, FakeClient]:
    client = FakeClient()
    run = _Run(client, list(enumerate(sources)), 1, Limits(max_seconds=2, grace_seconds=1), None, None)
    return run, client


def _killed(run: _Run, key: str, *entries: tuple[int, str], suspect: bool = True) -> list:
    """The records the client writes for a task of ``entries`` that came back KilledWorker
    (``suspect``: a task the client sent for one input tried alone, which announces its start)."""
    fut = Killed(key)
    run.outstanding[key] = (list(entries), fut, 0, suspect)
    return list(run.finished(fut))


def _error(record) -> dict:
    return json.loads(record.text)["error"]


def test_a_batch_that_killed_its_workers_is_split_into_suspects_tried_alone():
    run, _ = _run("a.txt", "b.txt")
    assert _killed(run, "k1", (0, "a.txt"), (1, "b.txt"), suspect=False) == []
    assert list(run.again) == [(0, "a.txt", True), (1, "b.txt", True)]
    assert run._batch() == ([(0, "a.txt")], True)  # a suspect's task of its own, which announces its start


def test_a_suspect_that_never_started_only_waited_beside_a_killer_and_is_not_blamed():
    run, _ = _run("innocent.txt")
    for n in range(KILLS + 2):  # more deaths than a killer is allowed: none of them while it was read
        assert _killed(run, f"k{n}", (0, "innocent.txt")) == []
        assert list(run.again) == [(0, "innocent.txt", True)]
        run.again.clear()
    assert run.kills == {}


def test_a_suspect_that_started_each_time_its_worker_died_ends_as_an_internal_error():
    run, client = _run("crash.txt")
    for n in range(KILLS):
        client.log(STARTED_TOPIC, f"k{n}", "crash.txt")
        records = _killed(run, f"k{n}", (0, "crash.txt"))
        if n < KILLS - 1:
            assert records == [] and list(run.again) == [(0, "crash.txt", True)]
            run.again.clear()
    [(index, record)] = records
    assert index == 0 and _error(record)["kind"] == "internal"
    assert _error(record)["message"].startswith(f"every Dask worker that read this input died (tried {KILLS} times")


def test_the_start_of_another_task_does_not_count():
    run, client = _run("a.txt")
    client.log(STARTED_TOPIC, "other-task", "a.txt")  # the same input in an earlier task: not this death
    assert _killed(run, "k1", (0, "a.txt")) == [] and run.kills == {} and run.waits == {0: 1}


def test_a_suspect_never_started_is_blamed_after_waits_deaths_so_that_a_run_always_ends():
    run, _ = _run("a.txt")
    records = []
    for n in range(WAITS + KILLS):
        records = _killed(run, f"k{n}", (0, "a.txt"))
        run.again.clear()
        if records:
            break
    assert n == WAITS + KILLS - 1 and _error(records[0][1])["kind"] == "internal"


def test_without_the_schedulers_events_every_death_counts_as_before():
    run, client = _run("a.txt")
    client.events = None
    assert _killed(run, "k1", (0, "a.txt")) == [] and run.kills == {0: 1}


def test_a_document_a_watchdog_named_ends_as_the_time_limit_and_its_batch_mates_are_tried_alone():
    run, client = _run("stuck.txt", "b.txt")
    client.log(STUCK_TOPIC, "k1", "stuck.txt")
    [(index, record)] = _killed(run, "k1", (0, "stuck.txt"), (1, "b.txt"), suspect=False)
    assert index == 0 and _error(record)["kind"] == "limit"
    assert _error(record)["message"].startswith("gave up after 2 s (over --max-seconds 2)")
    assert list(run.again) == [(1, "b.txt", True)]


def test_a_first_task_of_one_input_counts_its_death_as_before_it_was_a_suspect():
    run, _ = _run("a.txt")  # without parts every task is of one input; only a retry announces its start
    assert _killed(run, "k1", (0, "a.txt"), suspect=False) == [] and run.kills == {0: 1}
    assert list(run.again) == [(0, "a.txt", True)]
