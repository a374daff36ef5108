"""What an input is, said once (``extract.inputs``): URLs, paths, and the error record of either."""

from __future__ import annotations

import os

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
