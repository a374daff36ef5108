"""Bad input, limits and safety (issue 7): nothing a file holds may crash a batch, hang it,
exhaust its memory, lose another document's result, or do anything but be read.

The hostile inputs are made at run time by ``hostile.py``; the servers run on 127.0.0.1.
"""

from __future__ import annotations

import ast
import io
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

import hostile
from extract.batch import Limits, run_local, run_one
from extract.checks import grounded_items
from extract.cli import app
from extract.commands.extract import expand_inputs
from extract.document import IngestError
from extract.ingest import ReadLimits, ingest, read_bytes, reading, source_name
from extract.ingest.html import nesting_depth, strip_tags
from extract.ingest.pdf import check_expansion
from extract.ingest.url import fetch
from extract.models import Report

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "extract"
CORPUS_DOCS = ROOT / "corpus" / "docs"

# what an "ok" record of a hostile input must still hold: the paragraph's figures
FIGURES = {363424.0, 99.07}


def _giamsat(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 300):
    """Run the command line in a fresh process; stderr ends with the largest resident size (KB)
    any process of the run reached (the runner or a worker), measured by a wrapper."""
    wrapper = ("import resource, subprocess, sys\n"
               "rc = subprocess.run(sys.argv[1:]).returncode\n"
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
               "sys.exit(rc)\n")
    return subprocess.run([sys.executable, "-c", wrapper, sys.executable, "-m", "extract", *args],
                          capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env)


def _say(record: dict) -> str:
    if record["status"] == "error":
        return f'{record["error"]["kind"]}: {record["error"]["message"]}'
    return "ok" + "".join(f'; {w["code"]}: {w["message"]}' for w in record.get("warnings", []))


def _check_record(case: hostile.Case, record: dict) -> None:
    said = _say(record)
    if case.expect == "ok":
        assert record["status"] == "ok", said
        report = Report.model_validate(record)
        for where, evidence, span in grounded_items(report):  # degraded, never ungrounded
            assert report.text[span.start:span.end] == evidence, where
        if case.warning:
            assert case.warning in {w["code"] for w in record["warnings"]}, said
        if case.checks.get("figures"):
            assert FIGURES & {f["value"] for f in record["figures"]}, said
    else:
        assert record["status"] == "error" and record["error"]["kind"] == case.expect, said
    for word in case.words:
        assert word in said, f"{case.name}: {word!r} not in {said!r}"


# ------------------------------------------------------------------ the whole folder, as a user runs it


def test_every_hostile_input_is_accounted_for_within_its_limits(tmp_path):
    """All the hostile inputs in one folder, and the hostile URLs, through ``giamsat extract --jobs 2``
    with modest limits: one line each, the error or warning a user can act on, no crash, no hang."""
    folder = tmp_path / "hostile"
    made = hostile.make_folder(folder)
    out = tmp_path / "out.jsonl"
    with hostile.serve() as urls:
        started = time.monotonic()
        run = _giamsat("extract", str(folder), *(urls[c.name] for c in hostile.URL_CASES), "-o", str(out), "--jobs", "2",
                       "--max-seconds", "20", "--max-memory-mb", "1024")
        seconds = time.monotonic() - started
    *log, peak_kb = run.stderr.strip().splitlines()
    log = "\n".join(log)
    assert run.returncode == 1, log  # some inputs failed, and the exit status says so; no crash (2, or a signal)
    assert "Traceback" not in log
    assert f"skipped {folder / 'up'}: a link to a folder" in log  # the folder loop: reported, not walked
    for name, target in hostile.OUTSIDE_LINKS.items():  # links out of the folder: reported, not read
        assert f"skipped {folder / name}: a link to a file outside the folders given ({target};" in log
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_source = {}
    for record in records:
        source = record["source"]["path"] or record["source"]["url"]
        assert source not in by_source, f"{source} has two lines"
        by_source[source] = record
    wanted = {source_name(path): case for path, case in made.items()} | {urls[c.name]: c for c in hostile.URL_CASES}
    assert source_name(str(folder / hostile.ODD_NAME)) == f"{folder}/0-\\xc2\\xe1.txt"  # the name's bytes, escaped
    assert set(by_source) == set(wanted)  # every input exactly once, nothing else
    rows = []
    for source, case in wanted.items():
        _check_record(case, by_source[source])
        rows.append(f"| {source_name(case.name)} | {case.what} | {_say(by_source[source])[:300]} |")
    (tmp_path / "table.md").write_text("\n".join(rows) + "\n", encoding="utf-8")
    print("\n".join(rows))
    # no hang past the limits: the slowest input (the silent server) waits half of --max-seconds
    assert seconds < 90, f"the run took {seconds:.0f} s"
    assert int(peak_kb) < 1024 * 1024, f"a process of the run reached {int(peak_kb) // 1024} MB"
    assert f"giamsat extract: {len(wanted)} documents" in log


# ------------------------------------------------------------------ limits, one by one


def test_a_200_mb_file_is_over_the_default_byte_limit(tmp_path):
    big = tmp_path / "big.txt"
    hostile._sparse(201 * hostile.MB)(big)
    result = run_one(str(big), Limits())
    record = result.record()
    assert record["status"] == "error" and record["error"]["kind"] == "limit"
    assert f"over --max-bytes {Limits().max_bytes}; raise it with --max-bytes" in record["error"]["message"]
    assert record["id"]  # the file's sha256: --resume knows it is done
    with pytest.raises(IngestError) as err:  # the reader itself checks too (process() without the runner)
        ingest(str(big))
    assert err.value.kind == "limit" and "--max-bytes" in err.value.message


def test_page_limit_refuses_before_reading_and_can_be_raised():
    data = hostile.many_pages_pdf(30)
    with reading(ReadLimits(max_pages=20)), pytest.raises(IngestError) as err:
        read_bytes(data, name="dai.pdf")
    assert err.value.kind == "limit"
    assert err.value.message.startswith("the PDF has 30 pages, over --max-pages 20; raise it with --max-pages")
    with reading(ReadLimits(max_pages=None)):
        doc = read_bytes(data, name="dai.pdf")
    assert doc.pages == 30 and "363.424" in doc.text


@pytest.mark.parametrize("filters", [b"/FlateDecode", b"[/FlateDecode /FlateDecode]", b"/Fl"])
def test_flate_bombs_are_refused_before_pdfium_inflates_them(filters):
    data = hostile.flate_bomb_pdf(512 * hostile.MB, filters=filters)
    assert len(data) < 1 * hostile.MB
    started = time.monotonic()
    with reading(ReadLimits.of(max_memory_mb=512)), pytest.raises(IngestError) as err:
        read_bytes(data, name="bom.pdf")
    assert err.value.kind == "limit"
    assert "more than 128 MB when decompressed" in err.value.message and "--max-memory-mb 512" in err.value.message
    assert time.monotonic() - started < 10
    # the same stream within the limit is read: the guard refuses sizes, not PDFs
    small = hostile.flate_bomb_pdf(4 * hostile.MB, filters=filters)
    with reading(ReadLimits.of(max_memory_mb=512)):
        assert "363.424" in read_bytes(small, name="nho.pdf").text


def test_the_guard_finds_a_stream_whose_filter_is_out_of_sight_and_passes_real_pdfs():
    # /Filter given by reference, and the bytes "endstream" early in the data to cut a naive scan short
    data, _ = hostile.deflate_run(b"BT endstream ET\n", ord(" "), 64 * hostile.MB, stored_head=True)
    assert b"endstream" in data[:32]
    sneaky = hostile.pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>",
                               hostile.pdf_stream(data, b"/Filter 4 0 R "), b"/FlateDecode"])
    assert check_expansion(sneaky, 16 * hostile.MB) is not None
    assert check_expansion(sneaky, 128 * hostile.MB) is None
    for real in (hostile.text_pdf(3), hostile.text_pdf(2, user_password=""), hostile.many_pages_pdf(5)):
        assert check_expansion(real, 1 * hostile.MB) is None


def _lzw_run(codes: int) -> bytes:
    """LZW codes for a long run of "a" (97, then 258, 259, …, each one byte longer, then the
    longest again and again), packed at the widths a PDF reader (EarlyChange 1) expects."""
    out, acc, nacc, bits, size, prev = bytearray(), 0, 0, 9, 258, None
    seq = [256, 97] + list(range(258, 4096))  # a clear code first, as encoders write
    for i in range(codes):
        code = seq[i] if i < len(seq) else 4095
        acc, nacc = (acc << bits) | code, nacc + bits
        while nacc >= 8:
            nacc -= 8
            out.append((acc >> nacc) & 0xFF)
        if code != 256 and prev is not None and size < 4096:
            size += 1
        prev = None if code == 256 else code
        if size + 1 >= 1 << bits and bits < 12:
            bits += 1
    return bytes(out) + (bytes([(acc << (8 - nacc)) & 0xFF]) if nacc else b"")


@pytest.mark.parametrize("filters,data,expands", [
    (b"/LZWDecode", lambda: _lzw_run(20_000), 20_000 * 3839),
    (b"/RunLengthDecode", lambda: bytes([129, 0x20]) * 20_000 + b"\x80", 20_000 * 128),
    (b"[/ASCII85Decode /FlateDecode]",
     lambda: __import__("base64").a85encode(hostile.deflate_run(b"BT ET", 32, 64 * hostile.MB)[0], adobe=True)[2:],
     64 * hostile.MB),
    (b"[/AHx /Fl]", lambda: hostile.deflate_run(b"BT ET", 32, 64 * hostile.MB)[0].hex().encode() + b">",
     64 * hostile.MB),
])
def test_other_filters_are_measured_too(filters, data, expands):
    pdf = hostile.pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>",
                            hostile.pdf_stream(data(), b"/Filter " + filters + b" ")])
    assert check_expansion(pdf, expands // 4) is not None
    assert check_expansion(pdf, expands * 2) is None


def test_zip_bombs_are_refused_from_the_zip_directory():
    started = time.monotonic()
    with pytest.raises(IngestError) as err:
        read_bytes(hostile.docx_file(padding=hostile.GB), name="bom.docx")
    assert err.value.kind == "limit" and "zip bomb" in err.value.message and "word/document.xml" in err.value.message
    assert time.monotonic() - started < 10
    # a document that compresses normally but declares more than a quarter of the worker memory
    words = " ".join(f"{n:x}" for n in range(400_000))  # 3 MB that deflate halves, not a bomb
    big = hostile.docx_file(hostile.PARAGRAPH + " " + words)
    with reading(ReadLimits.of(max_memory_mb=8)), pytest.raises(IngestError) as err:
        read_bytes(big, name="lon.docx")
    assert err.value.kind == "limit" and "a quarter of --max-memory-mb 8" in err.value.message
    doc = read_bytes(big, name="lon.docx")  # within the default limits it is read
    assert "363.424" in doc.text


def test_a_worker_that_dies_in_c_code_is_one_error_record_and_the_batch_goes_on(monkeypatch, tmp_path):
    """What an unguarded bomb does to PDFium under the memory limit (it aborts the process),
    stood in for by a reader that aborts: the input is reported, the others are read."""
    import extract.pipeline

    real = extract.pipeline.process

    def process(source):
        if str(source).endswith("abort.txt"):
            import faulthandler

            faulthandler.disable()  # pytest's traceback dump of the dying worker is noise here
            os.abort()
        return real(source)

    monkeypatch.setattr(extract.pipeline, "process", process)  # the workers are forked: they inherit it
    good = tmp_path / "good.txt"
    good.write_text(hostile.PARAGRAPH, encoding="utf-8")
    bad = tmp_path / "abort.txt"
    bad.write_text("x", encoding="utf-8")
    # a generous memory limit: a worker forked from this test process starts as large as it is
    results = dict(run_local([(0, str(bad)), (1, str(good))], 1, Limits(max_seconds=30, max_memory_mb=64 * 1024)))
    assert results[1].status == "ok", results[1].error_message
    assert results[0].status == "error" and results[0].error_kind == "internal"
    assert "killed by SIGABRT" in results[0].error_message and "--max-memory-mb" in results[0].error_message


# ------------------------------------------------------------------ readers against hostile structure


def test_html_nested_100000_deep_is_read_with_a_warning_and_fast():
    data = b"<html><head><title>Tin &amp; b\xc3\xa0i</title></head><body>" + b"<div>" * 100_000 \
        + hostile.PARAGRAPH.encode() + b"</div>" * 100_000 + b"<script>var x = '<p>';</script></body></html>"
    started = time.monotonic()
    doc = read_bytes(data, name="sau.html")
    assert time.monotonic() - started < 10
    assert doc.text == hostile.PARAGRAPH and doc.title == "Tin & bài"
    assert [code for code, _ in doc.warnings] == ["html"] and "levels deep" in doc.warnings[0][1]
    shallow = read_bytes(b"<html><body>" + b"<div>" * 50 + hostile.PARAGRAPH.encode() + b"</div>" * 50
                         + b"</body></html>", name="nong.html")
    assert shallow.text == hostile.PARAGRAPH and not shallow.warnings  # ordinary pages keep trafilatura


@pytest.mark.parametrize("page", ["<!--" * 200_000, "<script>" * 200_000, '<a "' * 200_000, "<div" * 200_000,
                                  "<p title='>'>" * 200_000, "<" * 1_000_000])
def test_the_html_scans_stay_linear_on_unclosed_markup(page):
    started = time.monotonic()
    nesting_depth(page)
    strip_tags(page)
    assert time.monotonic() - started < 5


def test_a_10_mb_line_does_not_stall_the_tokenizer(monkeypatch):
    """underthesea's CRF holds a whole sentence's features at once (~2.5 KB a character): long
    sentences are cut before they reach it, and a run without spaces is not given to it at all."""
    import underthesea

    from extract import nlp

    seen: list[int] = []
    real = underthesea.word_tokenize

    def word_tokenize(text, *args, **kwargs):
        seen.append(len(text))
        return real(text, *args, **kwargs)

    monkeypatch.setattr(nlp, "_underthesea", lambda: (underthesea.sent_tokenize, word_tokenize))
    words = ("giám sát " * 6000).strip()  # 53,999 characters, no sentence end
    doc = nlp.tokenize(words)
    assert doc.text == words and max(seen) <= nlp.MAX_SENTENCE and len(seen) >= 18
    assert {t.text for t in doc if not t.is_space} <= {"giám", "sát", "giám sát"}  # cut between words only
    seen.clear()
    line = hostile._long_line().decode()
    started = time.monotonic()
    doc = nlp.tokenize(line)
    assert doc.text == line and time.monotonic() - started < 30
    assert max(seen) <= nlp.MAX_SENTENCE


def test_a_long_run_without_spaces_is_set_aside_with_a_warning():
    from extract.pipeline import process_bytes

    started = time.monotonic()
    report = process_bytes(hostile._long_line(), name="dai.txt")
    assert time.monotonic() - started < 60
    assert FIGURES <= {f.value for f in report.figures}
    assert [w.code for w in report.warnings] == ["junk"] and "10000000 characters" in report.warnings[0].message


# ------------------------------------------------------------------ folders: links, pipes


def test_links_in_a_folder_never_loop_and_are_accounted_for(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text(hostile.PARAGRAPH, encoding="utf-8")
    os.symlink("..", folder / "sub" / "up")  # a folder loop
    os.symlink(folder, folder / "sub" / "again")  # another way round
    os.symlink("loop.txt", folder / "loop.txt")  # a file loop
    os.symlink("b.txt", folder / "a-loop.txt")
    os.symlink("a-loop.txt", folder / "b.txt")
    os.symlink("/nonexistent/giamsat.txt", folder / "broken.txt")
    os.symlink("sub/a.txt", folder / "same.txt")  # the same file twice: read once
    os.mkfifo(folder / "pipe.txt")  # reading a pipe would never end
    notes: list[tuple[str, str]] = []
    started = time.monotonic()
    found = list(expand_inputs([str(folder)], skipped=lambda p, why: notes.append((p, why))))
    assert time.monotonic() - started < 5
    # sub/a.txt is reached first as same.txt (sorted order), and read once
    assert sorted(Path(p).name for p in found) == ["a-loop.txt", "b.txt", "broken.txt", "loop.txt", "same.txt"]
    assert sorted((Path(p).name, why.split(" (")[0]) for p, why in notes) == [
        ("again", "a link to a folder"), ("pipe.txt", "not a regular file"), ("up", "a link to a folder")]
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(folder), "-o", str(out), "-j", "1"])
    assert result.exit_code == 1
    records = {Path(r["source"]["path"]).name: r for r in map(json.loads, out.read_text().splitlines())}
    assert records["same.txt"]["status"] == "ok"
    for name in ("loop.txt", "a-loop.txt", "b.txt"):
        assert records[name]["error"]["kind"] == "unreadable"
        assert "Too many levels of symbolic links" in records[name]["error"]["message"]
    assert records["broken.txt"]["error"]["kind"] == "unreadable"


def test_a_pipe_given_by_name_is_refused_not_read_forever(tmp_path):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    out = tmp_path / "out.jsonl"
    started = time.monotonic()
    result = CliRunner().invoke(app, ["extract", str(pipe), "-o", str(out), "-j", "1", "--max-seconds", "10"])
    assert time.monotonic() - started < 8  # refused, not stopped by the time limit
    assert result.exit_code == 1
    record = json.loads(out.read_text())
    assert record["error"]["kind"] == "unreadable" and "not a regular file" in record["error"]["message"]


# ------------------------------------------------------------------ URLs


def test_hostile_servers_are_bounded_in_time_and_size():
    with hostile.serve() as urls:
        started = time.monotonic()
        with pytest.raises(IngestError) as err:
            fetch(urls["/silent"], timeout=0.5)
        assert err.value.kind == "fetch" and "timed out" in err.value.message
        assert time.monotonic() - started < 3
        with pytest.raises(IngestError) as err:
            fetch(urls["/redirect/0"])
        assert err.value.kind == "fetch" and "redirects" in err.value.message
        for path in ("/10gb", "/10gb-stream"):
            started = time.monotonic()
            with reading(ReadLimits(max_bytes=2 * hostile.MB)), pytest.raises(IngestError) as err:
                fetch(urls[path])
            assert err.value.kind == "limit" and "over --max-bytes 2097152; raise it with --max-bytes" in err.value.message
            assert time.monotonic() - started < 5
        started = time.monotonic()
        with reading(ReadLimits(max_bytes=64 * hostile.MB)), pytest.raises(IngestError) as err:
            fetch(urls["/10gb"].replace("/10gb", "/gzip-bomb"))  # what we asked not to get: gzip, inflating to 1 GB
        assert err.value.kind == "limit" and "expands to more than 67108864 bytes (gzip)" in err.value.message
        assert time.monotonic() - started < 10
        drip = urls["/10gb"].replace("/10gb", "/drip")
        started = time.monotonic()
        with pytest.raises(IngestError) as err:
            fetch(drip, timeout=1.0)  # a byte now and then: each wait is short, the whole is not
        assert err.value.kind == "fetch" and time.monotonic() - started < 4


def test_the_time_a_server_gets_follows_the_document_time_limit():
    assert Limits(max_seconds=20).reading().fetch_timeout == 10
    assert Limits(max_seconds=300).reading().fetch_timeout == 20
    assert Limits(max_seconds=None).reading().fetch_timeout == 20


# ------------------------------------------------------------------ safety: only ever read


def _kinds_folder(folder: Path) -> list[Path]:
    """The corpus's texts plus one input of every other kind, a scanned PDF page among them (OCR
    writes temporary images)."""
    from render import image_pdf

    folder.mkdir(parents=True)
    files = []
    for src in sorted(CORPUS_DOCS.glob("*.txt"))[:4]:
        files.append(folder / src.name)
        files[-1].write_bytes(src.read_bytes())
    made = {"bao-cao.pdf": hostile.text_pdf(2), "ban-chup.pdf": image_pdf(hostile.text_pdf(1), dpi=150),
            "bao-cao.docx": hostile.docx_file(), "tin.html": b"<html><head><title>Tin</title></head><body><p>"
            + hostile.PARAGRAPH.encode() + b"</p></body></html>"}
    for name, data in made.items():
        files.append(folder / name)
        files[-1].write_bytes(data)
    return files


def test_no_network_is_touched_without_a_url(tmp_path, monkeypatch):
    attempts = tmp_path / "attempts"

    def refuse(*args, **kwargs):
        with open(attempts, "a", encoding="utf-8") as fh:  # a forked worker's attempt reaches the test too
            fh.write(f"{os.getpid()} {args[1:]!r}\n")
        raise OSError("network access during a local extract")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    files = _kinds_folder(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "in"), "-o", str(out), "-j", "2"])
    assert result.exit_code == 0, result.output
    assert len(out.read_text().splitlines()) == len(files)
    assert not attempts.exists(), attempts.read_text()


def test_nothing_is_written_but_the_outputs_named(tmp_path):
    """A run whose home, temporary and working folders are empty leaves only the outputs asked for,
    and the place index in the user's cache folder (``linking.place_index``)."""
    _kinds_folder(tmp_path / "in")
    for name in ("home", "tmp", "cwd"):
        (tmp_path / name).mkdir()
    env = dict(os.environ, HOME=str(tmp_path / "home"), TMPDIR=str(tmp_path / "tmp"),
               XDG_CACHE_HOME=str(tmp_path / "home" / ".cache"), PYTHONDONTWRITEBYTECODE="1")
    run = _giamsat("extract", str(tmp_path / "in"), "-o", "out/records.jsonl", "-j", "2", cwd=tmp_path / "cwd", env=env)
    assert run.returncode == 0, run.stderr
    run = _giamsat("show", "out/records.jsonl", "-o", "site", cwd=tmp_path / "cwd", env=env)
    assert run.returncode == 0, run.stderr
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")
                     if not p.is_dir() and not p.is_relative_to(tmp_path / "in"))
    records = len((tmp_path / "cwd" / "out" / "records.jsonl").read_text().splitlines())
    assert records == len(list((tmp_path / "in").iterdir()))
    cache = [w for w in written if w.startswith("home/")]
    assert [re.sub(r"-\w+\.sqlite$", "", w) for w in cache] == ["home/.cache/giamsat/places"]
    written = [w for w in written if w not in cache]
    assert written[0] == "cwd/out/records.jsonl" and len(written) == 1 + records + 1  # the pages and the index
    assert all(w.startswith("cwd/site/") and w.endswith(".html") for w in written[1:])


HOSTILE_NAMES = ["../../x.txt", "../../../../tmp/giamsat-escape.txt", "/etc/passwd", "/tmp/giamsat-abs.txt",
                 "C:\\Windows\\system32\\x.txt", "..", ".", "", "~/.bashrc", "a/../../b.txt", "\x00nul.txt",
                 "dòng\nmới.txt", "ĐỢT 1/../../../Báo cáo.txt", "index.txt", "con.txt", "😀" * 80 + ".txt",
                 "a" * 5000 + ".txt", "-rf .txt", "%2e%2e%2fx.txt", "..\\..\\y.txt"]


def test_output_names_from_input_names_stay_inside_the_site(tmp_path):
    from extract.pipeline import process_bytes

    report = process_bytes(hostile.PARAGRAPH.encode())
    lines = []
    for name in HOSTILE_NAMES:
        record = report.model_dump(mode="json")
        record["source"]["path"] = name
        lines.append(json.dumps(record, ensure_ascii=False))
    work = tmp_path / "work"
    (work / "deep" / "er").mkdir(parents=True)
    records = work / "deep" / "er" / "records.jsonl"
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = {p for p in tmp_path.rglob("*")}
    result = CliRunner().invoke(app, ["show", str(records), "-o", str(work / "deep" / "er" / "site")])
    assert result.exit_code == 0, result.output
    site = work / "deep" / "er" / "site"
    created = {p for p in tmp_path.rglob("*")} - before
    assert created == {site} | set(site.iterdir())
    names = [p.name for p in site.iterdir()]
    assert len(names) == len(HOSTILE_NAMES) + 1 and "index.html" in names
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.html", n) and len(n) <= 110 for n in names)
    assert not Path("/tmp/giamsat-escape.txt").exists() and not Path("/tmp/giamsat-abs.html").exists()


# ------------------------------------------------------------------ safety: SQL and code


def test_sql_in_the_input_is_stored_as_text_not_run(tmp_path):
    inject = "Robert'); DROP TABLE documents; -- và \"; DELETE FROM figures WHERE 1=1; --"
    source = tmp_path / "x'); DROP TABLE documents; --.txt"
    source.write_text(hostile.PARAGRAPH + "\n\nGhi chú: " + inject + "\n", encoding="utf-8")
    db = tmp_path / "g.db"
    result = CliRunner().invoke(app, ["extract", str(source), "--db", f"sqlite:///{db}", "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "o.jsonl").read_text())
    with sqlite3.connect(db) as con:
        path, text = con.execute("SELECT source_path, text FROM documents").fetchone()
        figures = con.execute("SELECT count(*) FROM figures").fetchone()[0]
    assert path == str(source) and text == record["text"] and inject in text
    assert figures == len(record["figures"]) >= 2


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            yield name, node


def test_sinks_build_sql_with_sqlalchemy_constructs_only():
    """No SQL text is put together from values: statements are SQLAlchemy constructs with bound
    parameters; the only literal statements are fixed ones (a PRAGMA, SQLite's write lock)."""
    for path in [*(SRC / "sinks").glob("*.py"), SRC / "export.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "sqlalchemy":
                assert not {a.name for a in node.names} & {"text", "literal_column"}, path
        for name, call in _calls(tree):
            if name in ("execute", "exec_driver_sql", "executescript", "executemany", "text"):
                assert name not in ("exec_driver_sql", "executescript", "text"), f"{path}:{call.lineno}"
                arg = call.args[0] if call.args else None
                if isinstance(arg, (ast.JoinedStr, ast.BinOp)) or (
                        isinstance(arg, ast.Call) and getattr(arg.func, "attr", "") == "format"):
                    pytest.fail(f"{path}:{call.lineno}: SQL made from a formatted string")
                if isinstance(arg, ast.Constant):
                    assert arg.value in ("PRAGMA foreign_keys=ON", "BEGIN IMMEDIATE"), f"{path}:{call.lineno}"


def test_input_is_never_evaluated_nor_handed_to_a_shell():
    """No eval/exec/pickle/marshal/unsafe YAML anywhere in the package; the only subprocesses are
    the fixed tesseract command (ocr.py) and LibreOffice converting an old Word file (office.py),
    each a list (no shell) with paths the code made."""
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                assert not {"pickle", "marshal", "shelve", "dill", "cloudpickle"} & set(names), path
        for name, call in _calls(tree):
            where = f"{path.relative_to(SRC)}:{call.lineno}"
            if isinstance(call.func, ast.Name):
                assert name not in ("eval", "exec", "compile", "__import__", "breakpoint"), where
            elif isinstance(call.func, ast.Attribute) and getattr(call.func.value, "id", "") == "os":
                assert not name.startswith(("system", "popen", "exec", "spawn")), where
            assert not any(k.arg == "shell" for k in call.keywords), where
            if name in ("run", "Popen", "check_output", "call") and isinstance(call.func, ast.Attribute) \
                    and getattr(call.func.value, "id", "") == "subprocess":
                assert path.name in ("ocr.py", "office.py"), where
                argv = call.args[0]
                assert isinstance(argv, ast.List), where
                assert isinstance(argv.elts[0], ast.Name) and argv.elts[0].id in ("TESSERACT", "path", "binary"), where


# ------------------------------------------------------------------ issue 15: what a hostile input still hit


def test_a_name_that_is_not_utf8_costs_no_record_of_the_others(tmp_path):
    """A file named in Latin-1 bytes among 20 good documents: 21 records, its name escaped, never a traceback."""
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(20):
        tag = "".join(chr(ord("a") + int(d)) for d in str(n))
        (folder / f"{n:02d}.txt").write_text(f"{hostile.PARAGRAPH}\n\nBản {tag}.", encoding="utf-8")
    odd = folder / hostile.ODD_NAME
    odd.write_bytes(hostile.PARAGRAPH.encode())
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(folder), "-o", str(out), "-j", "2"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 21 and all(r["status"] == "ok" for r in records)
    assert f"{folder}/0-\\xc2\\xe1.txt" in {r["source"]["path"] for r in records}
    # the runner's own error records (a worker lost on it) escape the name too
    from extract.batch import error_result

    assert error_result(str(odd), "internal", f"lost {odd}").record()["source"]["path"] == f"{folder}/0-\\xc2\\xe1.txt"


@pytest.mark.parametrize("cycle", [1, 2, 5])
def test_styles_based_on_each_other_in_a_cycle_are_read_at_once(cycle):
    data = hostile.docx_file(style_cycle=cycle)
    assert len(data) < 2500
    started = time.monotonic()
    doc = read_bytes(data, name="vong.docx")
    assert time.monotonic() - started < 5
    assert "363.424" in doc.text


def test_a_file_unreadable_by_permission_is_called_unreadable(tmp_path, monkeypatch):
    from extract.pipeline import process

    locked = tmp_path / "khoa.txt"
    locked.write_text(hostile.PARAGRAPH, encoding="utf-8")
    locked.chmod(0)
    if os.access(locked, os.R_OK):  # root reads anything: refuse this one file as the kernel would refuse others
        real_open = Path.open

        def refuse(self, *args, **kwargs):
            if Path(self) == locked:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refuse)
    record = json.loads(process(str(locked)).model_dump_json())
    assert record["status"] == "error" and record["error"]["kind"] == "unreadable", record["error"]
    assert record["error"]["message"] == f"cannot read {locked}: Permission denied"


def test_the_same_file_named_several_ways_is_one_input(tmp_path, monkeypatch):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.txt").write_text(hostile.PARAGRAPH, encoding="utf-8")
    (folder / "b.txt").write_text(hostile.PARAGRAPH + " Bản hai.", encoding="utf-8")
    os.link(folder / "b.txt", tmp_path / "hard.txt")  # a hard link: the same file again
    monkeypatch.chdir(tmp_path)
    found = list(expand_inputs(["d/a.txt", "d/./a.txt", "./d/a.txt", str(folder / "a.txt"), "d", "d/", "hard.txt",
                                "missing.txt", "./missing.txt"], skipped=lambda p, why: None))
    assert found == ["d/a.txt", "d/b.txt", "missing.txt"]  # each under the first name met


def test_links_out_of_the_folders_given_are_skipped_unless_asked(tmp_path):
    inside, other = tmp_path / "in", tmp_path / "other"
    inside.mkdir()
    other.mkdir()
    (other / "x.txt").write_text(hostile.PARAGRAPH, encoding="utf-8")
    (inside / "a.txt").write_text(hostile.PARAGRAPH + " Bản a.", encoding="utf-8")
    os.symlink("/etc/passwd", inside / "passwd.txt")
    os.symlink(other / "x.txt", inside / "x.txt")
    os.symlink("a.txt", inside / "same.txt")  # inside: read (once)
    notes: list[tuple[str, str]] = []
    found = list(expand_inputs([str(inside)], skipped=lambda p, why: notes.append((Path(p).name, why))))
    assert [Path(p).name for p in found] == ["a.txt"]
    assert sorted(n for n, _ in notes) == ["passwd.txt", "x.txt"]
    assert all("a link to a file outside the folders given" in why and "--follow-links" in why for _, why in notes)
    # both folders given: the link stays within them
    assert sorted(Path(p).name for p in expand_inputs([str(inside), str(other)], skipped=lambda p, w: None)) == [
        "a.txt", "x.txt"]
    # asked for: followed
    assert sorted(Path(p).name for p in expand_inputs([str(inside)], skipped=lambda p, w: None, follow_links=True)) == [
        "a.txt", "passwd.txt", "x.txt"]
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(inside), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "root:" not in out.read_text(encoding="utf-8")
    assert "2 files and folders in the folders not read (a link to a file outside the folders given: 2" in result.stderr


@pytest.mark.parametrize("case", hostile.SLOW_URL_CASES, ids=lambda c: c.name)
def test_the_fetch_timeout_covers_the_whole_answer(case):
    """Each read is quick, the answer never ends: the deadline for the whole exchange stops it."""
    with hostile.serve() as urls:
        started = time.monotonic()
        with pytest.raises(IngestError) as err:
            fetch(urls[case.name], timeout=1.0)
        assert time.monotonic() - started < 3
    assert err.value.kind == case.expect
    for word in case.words:
        assert word in err.value.message


@pytest.mark.parametrize("case", [c for c in hostile.URL_CASES if c.name in (
    "/short", "/chunked-cut", "/file-redirect", "/html-as-pdf", "/text-as-html", "/báo-cáo/tỉnh.html?q=giám+sát")],
    ids=lambda c: c.name)
def test_servers_that_send_less_or_other_than_they_say(case):
    from extract.pipeline import process

    with hostile.serve() as urls:
        record = json.loads(process(urls[case.name]).model_dump_json())
    _check_record(case, record)
    assert record["source"]["url"] == urls[case.name]  # the address as given, Vietnamese letters and all


def test_the_bytes_are_trusted_over_the_declared_kind():
    from extract.ingest import declared_kind

    page = b"<!DOCTYPE html><html><body><p>" + hostile.PARAGRAPH.encode() + b"</p></body></html>"
    text = hostile.PARAGRAPH.encode()
    assert declared_kind(page, "/bao-cao", "application/pdf") == "text/html"
    assert declared_kind(text, "/bao-cao.pdf", "application/pdf") == "application/pdf"  # named so: the PDF reader says why
    assert declared_kind(text, "/tin", "text/html") == "text/plain"
    assert declared_kind(page, "/tin", "text/plain") == "text/html"
    assert declared_kind(b"a <b>bold</b> claim", "/tin", "text/html") == "text/html"  # a tag: markup it is
    assert declared_kind(b"x < y and y > z", "/tin", "text/html") == "text/plain"
