"""Hostile sizes read in time linear in the input (issue 15): many small "|" tables, one
percentage written thousands of times, one endless sentence of breakdowns.

Each input is made here. Time is the process's CPU time (``time.process_time``), which other
work on a loaded machine inflates far less than the clock; the bounds are several times what
the linear code takes on a busy 2-core machine (1 to 2.5 s), and a fraction of what the
quadratic steps took (table splitting, the registry's content lookups, figure deduplication,
label and breakdown scans: 20 to 25 s for the first two)."""

from __future__ import annotations

import time

import pytest

from extract.extractors.figures import find_figures
from extract.pipeline import process_bytes

BOUND = 9.0  # CPU seconds


def _cpu(fn, *args) -> tuple[float, object]:
    started = time.process_time()
    result = fn(*args)
    return time.process_time() - started, result


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    process_bytes("Ngày 07/4/2023, huyện đạt 99,07%.".encode())  # models and lexicons loaded once, not timed


def _repeat(piece: str, kb: int) -> bytes:
    return (piece * (kb * 1024 // len(piece.encode()))).encode()


def test_210_kb_of_small_tables():
    data = _repeat("| Chỉ tiêu | Số lượng | Tỷ lệ |\n| Hồ sơ | 1.234 | 45% |\n\n", 210)
    seconds, report = _cpu(process_bytes, data, "bang.txt")
    assert report.figures and any(f.label for f in report.figures)  # the tables were read as tables
    assert seconds < BOUND, f"{seconds:.1f} s of CPU for {len(data) // 1024} KB of small tables"


def test_140_kb_repeating_one_percentage():
    data = _repeat("99,07% ", 140)
    seconds, report = _cpu(process_bytes, data, "ty-le.txt")
    assert [(f.value, f.unit) for f in report.figures] == [(99.07, "%")]
    assert len(report.figures[0].mentions) > 10000  # every place kept, each once
    assert seconds < BOUND, f"{seconds:.1f} s of CPU for {len(data) // 1024} KB of one percentage"


def test_one_endless_sentence_of_breakdowns():
    """No sentence end: every "trong đó" would reach to the end of the text."""
    text = _repeat("10 xã, trong đó 8 xã ", 140).decode()
    seconds, raws = _cpu(find_figures, text)
    assert len(raws) > 10000 and sum(r.part_of is not None for r in raws) > 5000
    assert seconds < BOUND / 3, f"{seconds:.1f} s of CPU for {len(text) // 1024} K characters of breakdowns"


def test_one_line_of_requests_without_a_speaker():
    """A request with no speaker looks for the quotation it may lie in: counted in C per sentence,
    not by walking the line from its start each time (quadratic on one long line)."""
    data = _repeat('Đề nghị tăng cường kiểm tra các cơ sở sản xuất "trên địa bàn". ', 140)
    seconds, report = _cpu(process_bytes, data, "one-line.txt")
    assert len(report.recommendations) >= 1
    assert seconds < BOUND, f"{seconds:.1f} s of CPU for {len(data) // 1024} KB of requests on one line"
