"""Partitioned output (``extract -o DIR/ --engine dask``): the workers write the records, the client an index.

For runs too large for one writer, each Dask task (a batch of ``--part-size`` documents)
writes its records itself, as one part in ``DIR``: ``part-<digest>.jsonl`` (one record a
line) or ``part-<digest>.parquet`` (a row a record: id, status, source, error, warnings and
the record as JSON). The digest is of the batch's inputs, so a task run again (its worker
died after writing) replaces its part rather than adding a second. Each part is written beside
its final name and renamed into place: a reader never sees half a part.

The client writes ``DIR/manifest.jsonl``: one line per input (id, status, source, and the part
holding its record), the lines of a part at once, after the part is in place. It is what
``--resume`` reads back (as the JSONL sink reads its file), and what says which parts count:
a run removes, at its start (``--resume``) and at its end, the parts the manifest does not
name, which a task cancelled by a stop, or a stop mid-run, left behind. Without ``--resume``
a run starts afresh: the manifest and every part are removed first. ``DIR`` must be a folder
the client and every worker reach under the same path (a shared filesystem).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

FORMATS = ("jsonl", "parquet")
MANIFEST = "manifest.jsonl"
PART_SIZE = 200  # documents per task and part: a few seconds of work, few enough tasks for the scheduler


@dataclass(frozen=True)
class PartsSpec:
    """Where and how the workers write parts."""

    folder: str  # absolute
    format: str = "jsonl"
    size: int = PART_SIZE

    def name(self, sources: list[str]) -> str:
        """A part's file name: the same batch of inputs, the same name."""
        digest = hashlib.sha256("\0".join(sources).encode("utf-8", "surrogateescape")).hexdigest()[:20]
        return f"part-{digest}.{self.format}"

    @property
    def manifest(self) -> Path:
        return Path(self.folder) / MANIFEST


def _rows(results: list) -> list[dict]:
    rows = []
    for r in results:
        record = json.loads(r.text)
        source = record.get("source") or {}
        rows.append({"id": r.id, "status": r.status, "path": source.get("path"), "url": source.get("url"),
                     "error_kind": r.error_kind, "error_message": r.error_message, "warnings": r.warnings,
                     "record": r.text if "\n" not in r.text else json.dumps(record, ensure_ascii=False)})
    return rows


def write_part(spec: PartsSpec, name: str, results: list) -> None:
    """Write ``results`` (``batch.Result``) as the part ``name``, atomically (on a worker)."""
    folder = Path(spec.folder)
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        if spec.format == "jsonl":
            with os.fdopen(fd, "wb") as fh:
                fh.write("".join(r.text + "\n" for r in results).encode("utf-8", "surrogateescape"))
                fh.flush()
                os.fsync(fh.fileno())
        else:
            os.close(fd)
            import pyarrow as pa
            import pyarrow.parquet as pq

            schema = pa.schema([("id", pa.string()), ("status", pa.string()), ("path", pa.string()),
                                ("url", pa.string()), ("error_kind", pa.string()), ("error_message", pa.string()),
                                ("warnings", pa.int64()), ("record", pa.string())])
            pq.write_table(pa.Table.from_pylist(_rows(results), schema=schema), tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, folder / name)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def manifest_line(result, part: str) -> str:
    """The manifest's line for one input: shaped as a record (id, status, source) so the JSONL sink reads it back."""
    record = json.loads(result.text)
    line = {"id": record.get("id"), "status": record.get("status"), "source": record.get("source") and {
        k: v for k, v in record["source"].items() if k in ("path", "url")}, "part": part}
    if record.get("error"):
        line["error"] = record["error"]
    return json.dumps(line, ensure_ascii=False)


def listed_parts(manifest: Path) -> set[str]:
    """The parts the manifest names."""
    from .jsonl import scan

    names: set[str] = set()
    if manifest.is_file():
        with manifest.open("rb") as fh:
            for item in scan(fh):
                if item.record and isinstance(item.record.get("part"), str):
                    names.add(item.record["part"])
    return names


def remove_unlisted(spec: PartsSpec, keep: set[str]) -> int:
    """Remove the parts (and parts half written) in the folder that ``keep`` does not name; how many."""
    folder = Path(spec.folder)
    removed = 0
    if not folder.is_dir():
        return 0
    for path in folder.iterdir():
        name = path.name
        is_part = name.startswith("part-") and name.endswith(tuple(f".{f}" for f in FORMATS))
        is_tmp = name.startswith(".part-") and name.endswith(".tmp")
        if (is_part and name not in keep) or is_tmp:
            try:
                path.unlink()
                removed += 1
            except FileNotFoundError:
                pass
    return removed


def check_folder(spec: PartsSpec) -> str | None:
    """Why parts cannot go to this folder (a one-line error), or None."""
    folder = Path(spec.folder)
    if folder.exists() and not folder.is_dir():
        return f"{folder} is not a folder"
    if spec.format == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            return "Parquet parts need pyarrow (on the client and the workers): pip install 'giamsat[parquet]'"
    return None
