"""What an input is, said once (``extract.inputs``): URLs, paths, and the error record of either."""

from __future__ import annotations

import os

import pytest

from extract.batch import error_result
from extract.inputs import error_record, is_url, is_web
from extract.pipeline import process


def test_urls_and_paths():
    assert is_url("https://hdnd.example.vn/a.pdf") and is_web("https://hdnd.example.vn/a.pdf")
    assert is_url("s3://bucket/reports/a.pdf") and not is_web("s3://bucket/reports/a.pdf")
    assert not is_url("reports/a.pdf") and not is_url("C:/reports/a.pdf")


def test_one_error_record_whoever_makes_it(tmp_path):
    """The runner's record (a limit, a dead worker) and the reader's (a missing file) say the
    source the same way: a URL of any scheme as ``url``, a path as ``path``."""
    for source, where in (("s3://bucket/a.pdf", "url"), ("https://x.vn/a.pdf", "url"), ("a/b.txt", "path")):
        made = error_record(source, "limit", "over --max-bytes")
        assert getattr(made.source, where) == source and made.error.kind == "limit"
        assert error_result(source, "limit", "over --max-bytes").record()["source"][where] == source
    missing = str(tmp_path / "không-có.txt")
    record = process(missing)
    assert record.status == "error" and record.source.path == missing and record.source.url is None


def test_a_name_that_is_not_utf8_is_escaped_in_the_record(tmp_path):
    name = os.fsdecode(b"bao-cao-\xc2\xe1.txt")  # a Windows-1258 name on a Linux disk
    made = error_record(str(tmp_path / name), "unreadable", f"cannot read {name}")
    made.model_dump_json()  # writable: no lone surrogate left
    assert "\\xc2\\xe1" in made.source.path and "\\xc2\\xe1" in made.error.message


# ------------------------------------------------------------------ one Input: kind, size, id, the --max-bytes rule


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def test_an_input_knows_its_kind_size_and_id(tmp_path):
    from extract.inputs import Input

    body = "Đoàn giám sát làm việc với UBND huyện.\n".encode()
    path = tmp_path / "bao-cao.txt"
    path.write_bytes(body)
    item = Input.of(path)
    assert (item.kind, item.size, item.id, str(item)) == ("file", len(body), _sha(body), str(path))
    assert Input.of(item) is item and Input.of(item, b"x").data == b"x"
    assert Input("https://hdnd.vn/a.pdf").kind == "web" and Input("s3://b/a.pdf").kind == "url"
    for nowhere in (Input("s3://b/a.pdf"), Input(str(tmp_path / "missing.txt")), Input(str(tmp_path))):
        assert nowhere.size is None and nowhere.id is None and nowhere.over(1) is None
    shipped = Input("reports/a.txt", body)  # bytes read elsewhere: the name is only a name
    assert shipped.size == len(body) and shipped.id == _sha(body) and shipped.file is None
    assert "bytes" not in repr(shipped) and "Đoàn" not in repr(shipped)  # logs do not carry the document


def test_the_max_bytes_rule_is_one_and_an_input_over_it_keeps_its_id(tmp_path):
    from extract.batch import Limits, run_one
    from extract.inputs import Input

    body = b"x" * 5000
    path = tmp_path / "big.txt"
    path.write_bytes(body)
    why = Input(str(path)).over(4096)
    assert why.startswith("the file is 5000 bytes") and "--max-bytes 4096" in why
    assert Input(str(path)).over(5000) is None and Input(str(path)).over(None) is None
    for given in (str(path), Input(str(path), body)):  # read here, or shipped: the same record
        result = run_one(given, Limits(max_bytes=4096))
        assert (result.error_kind, result.id, result.error_message) == ("limit", _sha(body), why)


def test_a_worker_reads_the_path_it_is_given_and_names_the_input_as_the_user_did(tmp_path):
    from extract.ingest import ingest
    from extract.inputs import Input

    real = tmp_path / "mounted" / "q1.txt"
    real.parent.mkdir()
    real.write_text("Đoàn giám sát của HĐND tỉnh làm việc với UBND huyện về cải cách hành chính.", encoding="utf-8")
    doc = ingest(Input("reports/q1.txt", path=str(real)))
    assert doc.path == "reports/q1.txt" and "HĐND" in doc.text and doc.sha256 == _sha(real.read_bytes())


def test_an_object_over_max_bytes_is_refused_by_its_reader(tmp_path):
    pytest.importorskip("fsspec")
    from extract.batch import Limits, run_one

    obj = tmp_path / "object.txt"
    obj.write_bytes(b"y" * 5000)
    result = run_one(obj.as_uri(), Limits(max_bytes=4096))
    assert result.error_kind == "limit" and result.id is None  # only part was read: no id
    assert "the object is over --max-bytes 4096" in result.error_message
    assert result.record()["source"]["url"] == obj.as_uri()
