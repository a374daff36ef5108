"""JSON Lines output that a crash or Ctrl-C cannot corrupt, and that ``--resume`` can read back.

Each record is written with one ``write`` to a file opened in append mode, so a line is
either whole or (after a hard kill during that very write) a partial last line, which
resuming cuts off before appending. ``--pretty`` files hold one indented object per
record, its closing brace alone on a line; ``scan`` reads both forms.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator


@dataclass
class Item:
    """One record read back, or a place that does not hold one."""

    line: int  # 1-based line where the record starts
    end: int  # byte offset just after it
    record: dict | None
    problem: str | None = None


def _parse(text: bytes) -> tuple[dict | None, str | None]:
    try:
        value = json.loads(text)
    except (UnicodeDecodeError, ValueError) as exc:
        return None, f"not JSON: {exc}"
    if not isinstance(value, dict):
        return None, f"not a JSON object but {type(value).__name__}"
    return value, None


def scan(stream: BinaryIO) -> Iterator[Item]:
    """Every record in a JSONL (or ``--pretty``) stream, with where it ends; bad ones say why."""
    offset = 0
    block: list[bytes] = []
    block_line = 0
    for number, raw in enumerate(stream, 1):
        offset += len(raw)
        stripped = raw.strip()
        if block:
            block.append(raw)
            if raw.rstrip(b"\r\n") == b"}":  # the closing brace of a --pretty record
                yield Item(block_line, offset, *_parse(b"".join(block)))
                block = []
            continue
        if not stripped:
            continue
        if stripped == b"{":
            block, block_line = [raw], number
            continue
        if not raw.endswith(b"\n"):
            record, problem = _parse(raw)
            yield Item(number, offset, record, problem and f"incomplete last line ({problem})")
            continue
        yield Item(number, offset, *_parse(raw))
    if block:
        yield Item(block_line, offset, None, "incomplete record at the end of the file")


def record_key(record: dict) -> tuple[str | None, str | None]:
    """(id, source) of a record: the source (path or URL) matters where there is no id, and for URLs."""
    source = record.get("source") or {}
    return record.get("id"), source.get("url") or source.get("path")


class JsonlSink:
    """Records to a JSONL file (``path``) or to stdout (``path`` None)."""

    name = "output"

    def __init__(self, path: Path | None, resume: bool = False):
        self.path = path
        self.done: dict[str, str] = {}  # id → status of the records already written
        self.done_sources: dict[str, str] = {}  # source → status, for inputs known without an id (URLs, unreadable)
        self.notes: list[str] = []  # what resuming found and did, for the user
        self._fd: int | None = None
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        if resume and path.exists():
            self._read_back(path)
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | (0 if resume else os.O_TRUNC), 0o644)

    def _remember(self, record: dict) -> None:
        data_id, source = record_key(record)
        status = record.get("status", "?")
        if data_id:
            self.done[data_id] = status
        if source and (not data_id or (record.get("source") or {}).get("url")):
            self.done_sources[source] = status

    def _read_back(self, path: Path) -> None:
        """Learn what is done; cut off a record left half written at the end."""
        good_end = 0
        bad: list[Item] = []
        with path.open("rb") as fh:
            for item in scan(fh):
                if item.record is not None:
                    self._remember(item.record)
                    good_end = item.end
                else:
                    bad.append(item)
        size = path.stat().st_size
        for item in bad:
            if item.end <= good_end:
                self.notes.append(f"{path}:{item.line}: not a record ({item.problem}); left as it is")
        if size > good_end:
            with path.open("r+b") as fh:
                fh.seek(good_end)
                tail = fh.read()
                if tail.strip():
                    self.notes.append(f"{path}: cut {len(tail)} bytes of a record left half written at the end")
                fh.truncate(good_end)
        if good_end:
            with path.open("rb") as fh:
                fh.seek(good_end - 1)
                whole_line = fh.read(1) == b"\n"
            if not whole_line:  # the last record lost only its newline
                with path.open("ab") as fh:
                    fh.write(b"\n")

    def has(self, data_id: str | None, source: str) -> bool:
        return (data_id in self.done) if data_id else source in self.done_sources

    def status_of(self, data_id: str | None, source: str) -> str | None:
        return self.done.get(data_id) if data_id else self.done_sources.get(source)

    def write(self, result) -> None:
        if self._fd is None:
            sys.stdout.write(result.text + "\n")
            sys.stdout.flush()
        else:
            view = memoryview((result.text + "\n").encode("utf-8"))
            while view:  # one write for a line in practice; the loop covers a short write
                view = view[os.write(self._fd, view):]
        if result.id:
            self.done[result.id] = result.status

    def close(self) -> None:
        if self._fd is not None:
            os.fsync(self._fd)
            os.close(self._fd)
            self._fd = None
