"""What several commands share: one-line errors, the per-document limits as options, and the
checks on an output path made before anything is opened for writing."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterable, NoReturn

import typer

from ..batch import Limits
from ..inputs import is_url

DEFAULTS = Limits()
MB = 1024 * 1024


def fail(command: str, message: str, code: int = 2) -> NoReturn:
    """End the command with one line on stderr saying what is wrong and where (exit 2: usage or setup)."""
    typer.echo(f"giamsat {command}: {message}", err=True)
    raise typer.Exit(code)


_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*", re.IGNORECASE)
_FACTORS = {"": 1, "b": 1, "k": 1024, "m": MB, "g": 1024 * MB}


def parse_size(value: str) -> int:
    """Bytes of a size written as bytes (``209715200``) or with a unit (``200MB``, ``200M``, ``1.5GB``,
    ``512KB``; units of 1024). Raises ``ValueError`` for anything else."""
    m = _SIZE.fullmatch(value or "")
    if not m:
        raise ValueError(value)
    unit = (m.group(2) or "").lower()[:1]
    return int(float(m.group(1)) * _FACTORS[unit])


def megabytes(size: int | None) -> str:
    return f"{size / MB:g} MB" if size else "no limit"


# The per-document limits, as `extract` and `show` take them.
MAX_SECONDS = typer.Option(DEFAULTS.max_seconds, "--max-seconds", min=0, metavar="S",
                           help="time for one document before it is stopped and reported; 0: no limit")
MAX_MEMORY_MB = typer.Option(DEFAULTS.max_memory_mb, "--max-memory-mb", min=0, metavar="MB",
                             help="memory (address space) of a worker, in MB; 0: no limit")
MAX_BYTES = typer.Option(f"{DEFAULTS.max_bytes // MB}MB", "--max-bytes", metavar="SIZE",
                         help="size of one input file or download, in bytes or with a unit (200MB, 1.5GB); larger "
                              "ones become error records; 0: no limit")
MAX_PAGES = typer.Option(DEFAULTS.max_pages, "--max-pages", min=0, metavar="N",
                         help="pages of one PDF; a longer one becomes an error record before any page is read; "
                              "0: no limit")


def limits_of(command: str, max_seconds: float, max_memory_mb: int, max_bytes: str, max_pages: int) -> Limits:
    try:
        size = parse_size(max_bytes)
    except ValueError:
        fail(command, f"--max-bytes {max_bytes!r} is no size: give bytes (209715200) or a size with a unit (200MB)")
    return Limits(max_seconds or None, max_memory_mb or None, size or None, max_pages=max_pages or None)


def check_output(command: str, output: Path, inputs: Iterable[str], *, folder: bool = False) -> None:
    """Refuse, before anything is opened for writing, an output that cannot be made or that would
    destroy an input: a folder given for a file (or a file for a folder), a path under a regular
    file, or one of the inputs itself (by any name: links, ``./``, hard links)."""
    if folder:
        if output.exists() and not output.is_dir():
            fail(command, f"-o {output} is a file; give a folder for the pages (e.g. site/)")
    elif output.is_dir():
        fail(command, f"-o {output} is a folder; give a file in it (e.g. {output / 'records.jsonl'})")
    for parent in output.parents:
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                fail(command, f"-o {output}: {parent} is a file, so nothing can be made under it")
            break
    target = Path(os.path.realpath(output))  # realpath: a link loop among the inputs is no error here
    for source in inputs:
        if is_url(source):
            continue
        real = Path(os.path.realpath(source))
        same = real == target
        if not same and output.exists():
            try:
                same = os.path.samefile(source, output)
            except OSError:
                same = False
        if same:
            fail(command, f"-o {output} is also an input ({source}): writing there would destroy it; "
                          "give another output")
        if folder and real.parent == target and real.suffix.lower() in (".html", ".htm"):
            fail(command, f"-o {output} holds the input {source}: a page written there could replace it; "
                          "give another folder")
