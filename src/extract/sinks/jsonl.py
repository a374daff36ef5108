"""JSON Lines output that a crash or Ctrl-C cannot corrupt, and that ``--resume`` can read back.

Each record is written with one ``write`` to a file opened in append mode, so a line is
either whole or (after a hard kill during that very write) a partial last line, which
resuming cuts off before appending. ``--pretty`` files hold one indented object per
record, its closing brace alone on a line; ``scan`` reads both forms.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator
from ..inputs import is_web


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
    except RecursionError:
        return None, "JSON nested too deeply to be a record"
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


def _text_or_none(value) -> str | None:
    return value if isinstance(value, str) and value else None


def record_key(record: dict) -> tuple[str | None, str | None]:
    """(id, source) of a record: the source (path or URL) matters where there is no id, and for URLs.
    A value of another type than the records' (a number, an object) counts as absent."""
    source = record.get("source")
    source = source if isinstance(source, dict) else {}
    return _text_or_none(record.get("id")), _text_or_none(source.get("url")) or _text_or_none(source.get("path"))


def is_record(value: dict) -> bool:
    """A giamsat record (of any version), as opposed to other JSON someone put in the file."""
    return value.get("status") in ("ok", "error")


def same_path(path: str) -> str:
    """A local path as ``--resume`` compares it: absolute, normalised (``d/./a.txt`` is ``d/a.txt``)."""
    return os.path.normpath(os.path.abspath(path))


MAX_NOTES = 5  # lines that are not records, named one by one; the rest are counted


class JsonlSink:
    """Records to a JSONL file (``path``) or to stdout (``path`` None).

    Under ``--resume`` an input is done when a record of the same id *and the same path* is in the
    file: a copy of a document under another name gets its own record. URLs, and files that could
    not be read (no id), are known by their source alone."""

    name = "output"

    def __init__(self, path: Path | None, resume: bool = False):
        self.path = path
        self.done: dict[str, str] = {}  # id → status of the records already written
        self.done_paths: dict[str, set[str]] = {}  # id → the paths (``same_path``) it was written for
        self.done_sources: dict[str, str] = {}  # source → status, for inputs known without an id (URLs, unreadable)
        self.notes: list[str] = []  # what resuming found and did, for the user
        self._fd: int | None = None
        self._regular = False
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        if resume and path.exists():
            if not path.is_file():
                raise OSError(f"--resume reads back what is done, and {path} is no regular file")
            self._read_back(path)
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | (0 if resume else os.O_TRUNC), 0o644)
        self._regular = stat.S_ISREG(os.fstat(self._fd).st_mode)  # /dev/stdout, /dev/null, a pipe: no fsync

    def _remember(self, record: dict) -> None:
        data_id, source = record_key(record)
        status = record.get("status", "?")
        url = _text_or_none(record["source"].get("url")) if isinstance(record.get("source"), dict) else None
        if data_id:
            self.done[data_id] = status
            if source and not url:
                self.done_paths.setdefault(data_id, set()).add(same_path(source))
        if source and (not data_id or url):
            self.done_sources[source] = status

    def _read_back(self, path: Path) -> None:
        """Learn what is done; cut off a record left half written at the end (only that: lines that
        are not records are the user's, and stay as they are)."""
        foreign: list[str] = []
        cut_from = None  # where the half-written record at the end starts
        previous_end = 0
        with path.open("rb") as fh:
            for item in scan(fh):
                if item.problem and item.problem.startswith("incomplete"):
                    cut_from = previous_end  # only ever the last item
                elif item.record is not None and is_record(item.record):
                    self._remember(item.record)
                else:
                    problem = item.problem or "JSON, but no giamsat record (no status ok or error)"
                    foreign.append(f"{path}:{item.line}: not a record ({problem[:200]}); left as it is")
                previous_end = item.end
        self.notes += foreign[:MAX_NOTES]
        if len(foreign) > MAX_NOTES:
            self.notes.append(f"{path}: and {len(foreign) - MAX_NOTES} more lines that are not records; left as they are")
        if cut_from is not None:
            with path.open("r+b") as fh:
                fh.seek(cut_from)
                tail = fh.read()
                if tail.strip():
                    self.notes.append(f"{path}: cut {len(tail)} bytes of a record left half written at the end")
                fh.truncate(cut_from)
        size = path.stat().st_size
        if size:
            with path.open("rb") as fh:
                fh.seek(size - 1)
                whole_line = fh.read(1) == b"\n"
            if not whole_line:  # the last record lost only its newline
                with path.open("ab") as fh:
                    fh.write(b"\n")

    def has(self, data_id: str | None, source: str) -> bool:
        from ..ingest import source_name

        if data_id:
            return same_path(source_name(source)) in self.done_paths.get(data_id, ())
        return source_name(source) in self.done_sources

    def status_of(self, data_id: str | None, source: str) -> str | None:
        from ..ingest import source_name

        return self.done.get(data_id) if data_id else self.done_sources.get(source_name(source))

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
            if not is_web(result.source):
                from ..ingest import source_name

                self.done_paths.setdefault(result.id, set()).add(same_path(source_name(result.source)))

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                if self._regular:
                    os.fsync(fd)
            finally:
                os.close(fd)
