"""The place index: a derived SQLite file in the cache folder, made once, read by key.

Each test that makes an index uses its own folder; the one that compares with the
process-wide index (``gazetteer``) reads the cache folder every other test run uses.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from extract.linking import place_index
from extract.linking.place_index import LEGACY, MERGED, open_index
from extract.linking.places import Gazetteer, gazetteer


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("places-*.sqlite"))


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """A folder with an index made from scratch."""
    folder = tmp_path_factory.mktemp("cache")
    open_index(folder)
    return folder


def test_the_index_is_made_once_in_its_folder_and_named_by_its_signature(made: Path):
    files = _files(made)
    assert [f.name for f in files] == [f"places-{place_index.signature()}.sqlite"]
    before = files[0].stat().st_mtime_ns
    index = open_index(made)  # read, not made again
    assert files[0].stat().st_mtime_ns == before and index.path == files[0]
    assert not list(made.glob("*.tmp"))  # the temporary file was moved into place


def test_every_unit_is_found_again_by_its_own_names(made: Path):
    """Round trip over both whole sets: each unit's short and full name lead back to it."""
    index = open_index(made)
    counts = {}
    for set_name in (LEGACY, MERGED):
        gaz = Gazetteer(set_name, index)
        units = gaz.all()
        counts[set_name] = {level: sum(u.level == level for u in units) for level in ("province", "district", "ward")}
        for unit in units:
            assert unit in gaz.lookup(unit.level, unit.short, unit.type), unit
            assert gaz.get(unit.level, unit.code) == unit
    assert counts[LEGACY]["province"] == 63 and counts[MERGED]["province"] == 34
    assert counts[MERGED]["district"] == 0 and counts[LEGACY]["district"] > 600
    assert counts[LEGACY]["ward"] > 10_000 and counts[MERGED]["ward"] > 3_000


def test_the_index_answers_as_the_process_wide_one(made: Path):
    """A fresh file gives the same units as the index the rest of the tests use."""
    fresh = Gazetteer(LEGACY, open_index(made))
    for level, name, typ in [("district", "Châu Thành", "Huyện"), ("ward", "Xuân Hòa", "Xã"),
                             ("province", "Thanh Hóa", "Tỉnh"), ("district", "Hoang Hoa", "Huyện")]:
        assert fresh.lookup(level, name, typ) == gazetteer(LEGACY).lookup(level, name, typ)
        assert fresh.lookup_alias(level, name, typ) == gazetteer(LEGACY).lookup_alias(level, name, typ)
    assert fresh.lookup("district", "Hoang Hoa") == []  # without tone marks: only through the alias keys
    assert [u.province_code for u in fresh.lookup_alias("district", "Hoang Hoa", "Huyện")] == ["38"]
    with pytest.raises(KeyError):
        fresh.get("province", "999")


def test_a_damaged_file_is_made_again(tmp_path: Path):
    folder = tmp_path / "cache"
    open_index(folder)
    path = _files(folder)[0]
    path.write_bytes(b"not a database" * 100)
    index = open_index(folder)
    assert index.path == path and Gazetteer(LEGACY, index).lookup("province", "Hà Tĩnh")


def test_an_index_whose_file_goes_away_is_made_in_memory(tmp_path: Path):
    """A process forked after the file was removed (or damaged) still answers, from memory."""
    folder = tmp_path / "cache"
    index = open_index(folder)
    _files(folder)[0].unlink()
    index._pid = -1  # as in a forked process: the connection is opened again
    assert [u.code for u in Gazetteer(LEGACY, index).lookup("district", "Hoằng Hóa", "Huyện")] == ["399"]
    assert index.path is None


def test_a_folder_that_cannot_be_written_gives_an_index_in_memory(tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    index = open_index(blocker / "cache")  # a folder cannot be made under a file
    assert index.path is None
    assert [u.code for u in Gazetteer(MERGED, index).lookup("province", "Hà Tĩnh")] == ["42"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_gives_an_index_in_memory(tmp_path: Path):
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert open_index(folder).path is None
    finally:
        folder.chmod(stat.S_IRWXU)


def test_the_signature_follows_the_data_files_content_not_its_time(tmp_path: Path, monkeypatch):
    """A new package version is never read from a stale index, and two installs of one version
    (the same data, copied at different times) share one index file."""
    data = place_index._data_file()
    if data is None:
        pytest.skip("vietnamadminunits keeps its data elsewhere")
    copy = tmp_path / "dataset.db"
    shutil.copyfile(data, copy)
    monkeypatch.setattr(place_index, "_data_file", lambda: copy)
    first = place_index.signature()
    os.utime(copy, ns=(copy.stat().st_atime_ns, copy.stat().st_mtime_ns + 10**9))
    assert place_index.signature() == first
    with copy.open("r+b") as fh:  # SQLite's header counts the writes to the file
        fh.seek(24)
        fh.write(b"\x7f")
    assert place_index.signature() != first
    monkeypatch.setattr(place_index, "_data_file", lambda: None)  # read through the package: its version counts
    monkeypatch.setattr(place_index, "_package_version", lambda: "1.0")
    by_version = place_index.signature()
    monkeypatch.setattr(place_index, "_package_version", lambda: "9.9.9")
    assert place_index.signature() != by_version


def test_old_index_files_go_once_nobody_has_made_them_for_a_month(tmp_path: Path):
    folder = tmp_path / "cache"
    folder.mkdir()
    month = 31 * 86400
    old, young = folder / "places-00000000000000000000.sqlite", folder / "places-11111111111111111111.sqlite"
    dead = folder / f"places-{place_index.signature()}.sqlite.abc.tmp"
    for f in (old, young, dead):
        f.write_bytes(b"x")
    for f in (old, dead):
        os.utime(f, (f.stat().st_atime - month, f.stat().st_mtime - month))
    open_index(folder)
    assert not old.exists() and not dead.exists() and young.exists()
    assert oct(stat.S_IMODE(_files(folder)[-1].stat().st_mode & 0o444)) == oct(0o444)  # readable by all


def test_a_relative_cache_folder_is_taken_from_the_working_folder(monkeypatch, tmp_path: Path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIAMSAT_CACHE_DIR", "rel/cache")
    assert place_index.cache_dir() == tmp_path / "rel" / "cache"
    index = open_index(Path("other"))  # a relative folder given directly
    assert index.path is not None and index.path.parent == tmp_path / "other"


def test_the_cache_folder_can_be_chosen(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("GIAMSAT_CACHE_DIR", str(tmp_path / "mine"))
    assert place_index.cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("GIAMSAT_CACHE_DIR")
    assert place_index.cache_dir().name == "giamsat"


_COUNT = """
import sys
from extract.linking.place_index import LEGACY, open_index
from extract.linking.places import Gazetteer
from pathlib import Path
index = open_index(Path(sys.argv[1]))
print(len(Gazetteer(LEGACY, index).all()), index.path is not None)
"""


def test_processes_that_start_together_each_get_a_whole_index(tmp_path: Path):
    folder = tmp_path / "cache"
    procs = [subprocess.Popen([sys.executable, "-c", _COUNT, str(folder)], stdout=subprocess.PIPE, text=True)
             for _ in range(3)]
    outs = [p.communicate(timeout=120)[0].split() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert len({tuple(o) for o in outs}) == 1 and outs[0][1] == "True" and int(outs[0][0]) > 10_000
    assert len(_files(folder)) == 1 and not list(folder.glob("*.tmp"))


def _child_lookup(folder: str, queue) -> None:
    index = _SHARED[folder]
    inherited = index._connection
    index.query("SELECT 1")
    codes = [u.code for u in Gazetteer(LEGACY, index).lookup("district", "Hoằng Hóa", "Huyện")]
    queue.put((codes, index._connection is not inherited, index._pid == os.getpid()))


_SHARED: dict[str, place_index.PlaceIndex] = {}


def _fork(key: str, index: place_index.PlaceIndex):
    _SHARED[key] = index
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_child_lookup, args=(key, queue))
    child.start()
    child.join(60)
    assert child.exitcode == 0
    return queue.get(timeout=5)


@pytest.mark.skipif(sys.platform == "win32", reason="fork")
def test_a_forked_process_opens_its_own_connection(made: Path):
    index = open_index(made)
    assert Gazetteer(LEGACY, index).lookup("district", "Hoằng Hóa", "Huyện")  # the parent's connection is open
    assert _fork(str(made), index) == (["399"], True, True)


@pytest.mark.skipif(sys.platform == "win32", reason="fork")
def test_a_forked_process_reuses_an_index_made_in_memory(tmp_path: Path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    index = open_index(blocker / "cache")
    assert index.path is None
    monkeypatch.setattr(place_index, "build", lambda *a: (_ for _ in ()).throw(AssertionError("made again")))
    assert _fork("memory", index) == (["399"], True, True)  # from the parent's copy, not built again


def test_threads_share_one_index(made: Path):
    index = open_index(made)
    names = [("district", "Châu Thành", "Huyện"), ("ward", "Xuân Hòa", "Xã"), ("province", "Lào Cai", "Tỉnh")] * 20

    def look(args):
        return [u.key for u in Gazetteer(LEGACY, index).lookup(*args)]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(look, names))
    alone = [look(args) for args in names]
    assert results == alone and all(results)
