"""The place index: every unit of vietnamadminunits' two sets with the name keys linking
looks it up by, kept as a derived SQLite file in the user's cache folder.

Why a file: building the index means folding some 28,000 names and reading 14,000 units,
about half a second that every process would pay at start-up. Read back from the file it
takes a few hundredths of a second. The file is derived, never edited and never shipped:
its name carries a signature of everything it is made from (the package's version and data
file, and the source of the code that computes the keys), so a new package version or a
change to ``name_key`` makes a new file instead of a stale answer, while installs of one
version share a file. It is made on first use on each machine, written to a temporary file
and moved into place, so processes that start together never read half a file. Where the
cache folder cannot be written, or the file goes away later, the index is built in memory
(the same tables, the same code): start-up pays the half second again, once per process
tree (forked workers reuse the copy). A file damaged past its signature row is not detected
(its queries fail, and so do the documents that need them); remove it and it is made again.

The folder is ``GIAMSAT_CACHE_DIR`` when set, else the platform's user cache folder
(``~/.cache/giamsat`` on Linux).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import tempfile
import threading
import time
from contextlib import closing
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from ..normalize import fold, strip_marks

LEGACY = "legacy-63"
MERGED = "2025-34"
FORMAT = 1  # bump when the tables change shape

# The package's tables and the columns linking reads from each set.
_COLUMNS = {
    LEGACY: ("admin_units_legacy", "province, provinceShort, provinceCode, provinceKeywords, district, districtShort, "
             "districtType, districtCode, districtKeywords, ward, wardShort, wardType, wardCode, wardKeywords"),
    MERGED: ("admin_units", "province, provinceShort, provinceCode, provinceKeywords, ward, wardShort, wardType, "
             "wardCode, wardKeywords"),
}

# A unit's fields, in the order of the ``units`` table's columns (after ``set_name``).
UNIT_FIELDS = ("level", "code", "name", "short", "type", "province_code", "province", "district_code", "district")


@lru_cache(maxsize=None)
def name_key(text: str) -> str:
    """How names are compared: folded, hyphens as spaces, numbers without leading zeros."""
    words = re.sub(r"[\-–—.]", " ", fold(text)).split()
    return " ".join(w.lstrip("0") or "0" if w.isdigit() else w for w in words)


@lru_cache(maxsize=None)
def ascii_key(key: str) -> str:
    """A name key without tone marks or spaces: how the package writes its former names."""
    return strip_marks(key).replace(" ", "")


def _data_file() -> Path | None:
    """vietnamadminunits' bundled SQLite file, found without importing the package.

    Importing it loads its address parsers and geocoding libraries (0.75 s) that linking
    does not use.
    """
    import importlib.util

    spec = importlib.util.find_spec("vietnamadminunits")
    locations = list(spec.submodule_search_locations or []) if spec else []
    path = Path(locations[0], "data", "dataset.db") if locations else None
    return path if path is not None and path.is_file() else None


def _rows(set_name: str) -> list[dict]:
    """The package's rows for one set: a commune with its district and province."""
    table, columns = _COLUMNS[set_name]
    sql = f"SELECT {columns} FROM [{table}]"
    path = _data_file()
    if path is None:  # the file moved: the package's own reader
        from vietnamadminunits.database import query

        return query(sql)
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
        cursor = connection.execute(sql)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor]


def _units(set_name: str, rows: Iterable[dict]) -> Iterator[tuple[tuple, str | None]]:
    """Each unit once (province, district, commune in the order rows name them), with its keywords."""
    seen: set[tuple[str, str]] = set()
    for r in rows:
        p_name, pc = r["province"], r["provinceCode"]
        if ("province", pc) not in seen:
            seen.add(("province", pc))
            p_type = "Thành phố" if p_name.startswith("Thành phố") else "Tỉnh"
            yield ("province", pc, p_name, r["provinceShort"], p_type, pc, p_name, None, None), r["provinceKeywords"]
        dc = r.get("districtCode")
        if dc and ("district", dc) not in seen:
            seen.add(("district", dc))
            yield (("district", dc, r["district"], r["districtShort"], r["districtType"], pc, p_name, dc, r["district"]),
                   r.get("districtKeywords"))
        wc = r.get("wardCode")
        if wc and r.get("ward") and ("ward", wc) not in seen:
            seen.add(("ward", wc))
            yield (("ward", wc, r["ward"], r["wardShort"], r["wardType"] or "", pc, p_name, dc, r.get("district")),
                   r.get("wardKeywords"))


def _key_rows(unit: tuple, keywords: str | None) -> Iterator[tuple[str, str]]:
    """(kind, key) for one unit: see ``build``."""
    level, _, name, short, typ = unit[:5]
    yield "official", name
    keys = list(dict.fromkeys((name_key(short), name_key(name[len(typ):]))))
    for k in keys:
        yield "name", k
    asciis = dict.fromkeys(ascii_key(k) for k in keys)
    if keywords and keywords != "[]":
        asciis.update(dict.fromkeys(json.loads(keywords)))
    for k in asciis:
        yield "ascii", k


_SCHEMA = f"""
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE units (set_name TEXT NOT NULL, position INTEGER NOT NULL, {", ".join(f"{f} TEXT" for f in UNIT_FIELDS)},
                    PRIMARY KEY (set_name, position));
CREATE INDEX units_by_code ON units (set_name, level, code);
CREATE TABLE keys (set_name TEXT NOT NULL, kind TEXT NOT NULL, level TEXT NOT NULL, key TEXT NOT NULL,
                   position INTEGER NOT NULL);
CREATE INDEX keys_by_name ON keys (key, set_name, kind, level);
"""


def build(connection: sqlite3.Connection, signature: str) -> None:
    """Fill an empty database with both sets' units and keys.

    ``units`` holds each unit once, at its position in the package's row order (the first
    row naming a unit wins). ``keys`` holds, for each unit, the keys it is found by, of
    three kinds: ``name`` (``name_key`` of its short name and of its full name without the
    type word), ``ascii`` (``ascii_key`` of those, and the package's keywords: former
    names and types) and ``official`` (the full name as written). ``meta`` holds the
    signature and every key, one per line, so that the many names a text offers that are
    no unit's are turned away without a query.
    """
    connection.executescript(_SCHEMA)
    every: set[str] = set()
    for set_name in (LEGACY, MERGED):
        units, keys = [], []
        for position, (unit, keywords) in enumerate(_units(set_name, _rows(set_name))):
            units.append((set_name, position, *unit))
            keys.extend((set_name, kind, unit[0], key, position) for kind, key in _key_rows(unit, keywords))
        connection.executemany(f"INSERT INTO units VALUES ({', '.join('?' * (2 + len(UNIT_FIELDS)))})", units)
        connection.executemany("INSERT INTO keys VALUES (?, ?, ?, ?, ?)", keys)
        every.update(k[3] for k in keys)
    connection.executemany("INSERT INTO meta VALUES (?, ?)",
                           [("signature", signature), ("keys", "\n".join(sorted(every)))])
    connection.commit()


class PlaceIndex:
    """An open index: the set of every key in memory, units read by key when a key is known.

    One connection per process, shared by its threads (queries take microseconds and hold
    a lock); a process forked from one that had it open opens its own.
    """

    def __init__(self, path: Path | None, sig: str, connection: sqlite3.Connection | None = None):
        self.path, self.signature = path, sig
        self._lock = threading.Lock()
        self._connection = connection  # one already opened on ``path`` and checked, if given
        self._pid = os.getpid() if connection is not None else 0
        self._image: bytes | None = None  # an index made in memory, for processes forked from this one
        self.keys: frozenset[str] = frozenset(self.query("SELECT value FROM meta WHERE name = 'keys'")[0][0].split("\n"))

    def _open(self) -> sqlite3.Connection:
        if self.path is not None:
            connection = _connect_signed(self.path, self.signature)
            if connection is not None:
                return connection
            self.path = None  # removed or damaged since it was found (a forked process opens it again)
        connection = sqlite3.connect(":memory:", check_same_thread=False)  # the same tables, made here
        if self._image is not None:  # made by the process this one was forked from
            connection.deserialize(self._image)
        else:
            build(connection, self.signature)
            self._image = connection.serialize()
        return connection

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            if self._connection is None or self._pid != os.getpid():
                self._connection, self._pid = self._open(), os.getpid()
            return self._connection.execute(sql, params).fetchall()

    def units(self, set_name: str, kind: str, level: str, key: str) -> list[tuple]:
        """(position, *UNIT_FIELDS) of the units of a set a key of this kind and level names, in row order
        (the caller turns away keys not in ``keys`` first)."""
        return self.query(
            f"SELECT u.position, {', '.join('u.' + f for f in UNIT_FIELDS)} FROM keys k JOIN units u "
            "ON u.set_name = k.set_name AND u.position = k.position "
            "WHERE k.key = ? AND k.set_name = ? AND k.kind = ? AND k.level = ? ORDER BY k.rowid",
            (key, set_name, kind, level))

    def by_code(self, set_name: str, level: str, code: str) -> list[tuple]:
        return self.query(f"SELECT position, {', '.join(UNIT_FIELDS)} FROM units WHERE set_name = ? AND level = ? "
                          "AND code = ?", (set_name, level, code))

    def all(self, set_name: str, level: str | None) -> list[tuple]:
        return self.query(f"SELECT position, {', '.join(UNIT_FIELDS)} FROM units WHERE set_name = ? "
                          "AND (? IS NULL OR level = ?) ORDER BY position", (set_name, level, level))


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vietnamadminunits")
    except PackageNotFoundError:
        return "unknown"


def signature() -> str:
    """What the index is made from: its format, the package's data file, the key code.

    The data file (all the index reads from the package) counts by its size and its first and
    last 64 KB (SQLite's header holds a counter every write changes), not by its modification
    time: two installs of one version (two virtual environments) share one index file instead
    of replacing each other's. Asking the package's version costs more than that (a scan of
    the installed packages, ~15 ms), so it is asked only where the data file is not found.
    """
    from .. import normalize

    parts = [str(FORMAT)]
    data = _data_file()
    if data is None:  # read through the package's own reader: its version is all there is to go by
        parts.append(_package_version())
    else:
        with data.open("rb") as fh:
            size = fh.seek(0, os.SEEK_END)
            fh.seek(0)
            head = fh.read(65536)
            fh.seek(max(0, size - 65536))
            parts += [str(size), hashlib.sha256(head + fh.read()).hexdigest()]
    for source in (__file__, normalize.__file__):
        parts.append(hashlib.sha256(Path(source).read_bytes()).hexdigest())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


def cache_dir() -> Path:
    """Where the index file lives: ``GIAMSAT_CACHE_DIR`` (``~`` expanded, made absolute), else
    the user cache folder."""
    given = os.environ.get("GIAMSAT_CACHE_DIR")
    if given:
        return Path(given).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_cache_dir("giamsat", appauthor=False))


def _connect_signed(path: Path, sig: str) -> sqlite3.Connection | None:
    """A read-only connection to the index file at ``path`` if it opens and bears ``sig``, else None."""
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        row = connection.execute("SELECT value FROM meta WHERE name = 'signature'").fetchone()
    except sqlite3.Error:
        row = None
    if row is not None and row[0] == sig:
        return connection
    connection.close()
    return None


STALE_DAYS = 30  # another signature's index file made this long ago is removed


def _write(path: Path, sig: str) -> None:
    """Build into a temporary file beside ``path``, readable by all as the cache folder allows,
    and move it into place; then remove what is left of earlier versions: index files of other
    signatures made more than ``STALE_DAYS`` ago (another install of another version may still
    use a younger one) and temporary files of builds that died an hour or more ago."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        connection = sqlite3.connect(tmp)
        try:
            build(connection, sig)
        finally:
            connection.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    now = time.time()
    for old, age in [(f, STALE_DAYS * 86400) for f in path.parent.glob("places-*.sqlite")] + \
                    [(f, 3600) for f in path.parent.glob("places-*.sqlite.*.tmp")]:
        try:
            if old != path and now - old.stat().st_mtime > age:
                old.unlink()
        except OSError:
            pass  # open elsewhere (Windows) or already gone


def open_index(folder: Path) -> PlaceIndex:
    """The index in ``folder``: the file made first if missing or unreadable; in memory if it cannot be written."""
    folder = Path(folder).expanduser().resolve()
    sig = signature()
    path = folder / f"places-{sig}.sqlite"
    for attempt in range(2):
        connection = _connect_signed(path, sig) if path.is_file() else None  # None: missing or damaged
        if connection is not None:
            return PlaceIndex(path, sig, connection)
        if attempt == 0:
            try:
                _write(path, sig)
            except (OSError, sqlite3.Error):
                break  # the folder cannot be written
    return PlaceIndex(None, sig)


@lru_cache(maxsize=1)
def load() -> PlaceIndex:
    """The process's index, from the cache folder (see the module's docstring)."""
    return open_index(cache_dir())
