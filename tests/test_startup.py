"""Start-up: the first document of a process is made with the cyclic collector paused."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

import pytest

from extract import startup


@pytest.fixture
def fresh(monkeypatch):
    """As if no document had been made yet; the test process's collector is left as it was."""
    monkeypatch.setattr(startup, "_started", False)
    was = gc.isenabled()
    gc.unfreeze()  # earlier tests' documents froze what they made
    yield
    gc.unfreeze()
    (gc.enable if was else gc.disable)()


def test_only_the_first_document_pauses_the_collector(fresh, monkeypatch):
    monkeypatch.setattr(startup, "_freeze", True)  # as the command and the workers run
    gc.enable()
    with startup.first_document():
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() > 0  # what loading made is left out of later passes
    with startup.first_document():
        assert gc.isenabled()


def test_a_library_caller_gets_no_frozen_heap(fresh, monkeypatch):
    """A notebook or a server importing giamsat: the collector is paused for the first document only."""
    monkeypatch.setattr(startup, "_freeze", False)
    gc.enable()
    with startup.first_document():
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_the_collector_comes_back_when_the_first_document_fails(fresh):
    gc.enable()
    with pytest.raises(ValueError):
        with startup.first_document():
            raise ValueError("an extractor bug")
    assert gc.isenabled()


def test_a_collector_the_caller_disabled_stays_disabled(fresh):
    gc.disable()
    with startup.first_document():
        pass
    assert not gc.isenabled() and gc.get_freeze_count() == 0


_RUN = """
import gc, json, sys
import extract.pipeline, extract.startup
if sys.argv[1] == "--long-run":
    extract.startup.long_run()
sys.argv.pop(1)
runs = []
gc.callbacks.append(lambda phase, info: phase == "start" and runs.append(gc.isenabled()))
counts = []
for path in sys.argv[1:]:
    runs.clear()
    record = extract.pipeline.process(path)
    counts.append([record.status, len(runs)])
print(json.dumps({"counts": counts, "enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}))
"""


def test_a_process_makes_its_first_document_without_collections_and_later_ones_with(tmp_path):
    """In a fresh interpreter (the test process has long made its first document)."""
    doc = tmp_path / "a.txt"
    doc.write_text("Ngày 5/4/2024, Đoàn giám sát của HĐND tỉnh Hà Tĩnh làm việc với UBND huyện Kỳ Anh. " * 40,
                   encoding="utf-8")
    for mode in ("--long-run", "--library"):
        out = subprocess.run([sys.executable, "-c", _RUN, mode, str(doc), str(doc), str(doc)],
                             capture_output=True, text=True, check=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        (s1, first), (s2, second), (s3, third) = result["counts"]
        assert s1 == s2 == s3 == "ok"
        # spaCy, underthesea, the rules and the place index loaded without a pass (unfrozen, the
        # young objects loading made start one as the collector comes back, on leaving)
        assert first == 0 if mode == "--long-run" else first <= 1
        assert second + third > 0  # and the collector is back for the rest
        assert result["enabled"]
        if mode == "--long-run":
            assert result["frozen"] > 10_000
        else:
            assert result["frozen"] == 0  # a library caller's heap is its own
