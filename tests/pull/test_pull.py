"""``giamsat pull`` against a small portal served from 127.0.0.1 (tests/portal.py, issue 19): the first
pull gets every allowed document once, attachments naming the page that linked them; the second
fetches only the page changed in between and replaces its record; forbidden paths and other hosts
are never asked (the server's log shows it); a page failing twice is retried, a slow one given up.
"""

from __future__ import annotations

import io
import json
import re
import os
import sqlite3
import subprocess
import sys
import urllib.robotparser
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

import portal as P

ROOT = Path(__file__).resolve().parents[2]
OWN = ROOT / "corpus" / "docs"
SOURCES = [P.BASE + "/rss.xml", P.BASE + "/sitemap.xml", P.BASE + "/tin-giam-sat"]
FAST = ["--delay", "0", "--backoff", "0.05", "--timeout", "1", "-j", "2"]  # the portal is local: no need to wait

CHANGED = "/tin/doan-dbqh-tiep-xuc.html"
PAGE = P.BASE + "/tin/giam-sat-nong-thon-moi.html"
ALLOWED = {  # URL → the page that linked it (None: found in a feed, a sitemap or a listing)
    PAGE: None,
    P.BASE + "/files/bao-cao-giam-sat-dak-lak.pdf": PAGE,
    P.BASE + "/files/bao-cao-hdnd-binh-duong.doc": PAGE,
    P.BASE + CHANGED: None,
    P.BASE + "/files/bao-cao-doan-dbqh-thai-binh.docx": P.BASE + CHANGED,
    P.BASE + "/tin/may-chu-qua-tai.html": None,
    P.BASE + "/tin/hoi-nghi-cu.html": None,
    P.BASE + "/van-ban/bao-cao-giam-sat-ha-tinh.pdf": None,
    P.BASE + "/tin-giam-sat/giam-sat-xa-lao-cai.html": None,
}
REFUSED = {
    P.BASE + "/noi-bo/du-thao-bao-cao.html": "robots.txt",
    P.BASE + "/noi-bo/bien-ban.pdf": "robots.txt",
    "http://cdn.khac.test/tai-lieu.pdf": "none of the sources' hosts",
    P.BASE + "/tin-giam-sat/trang-cham.html": "timed out",
}


@pytest.fixture(scope="module")
def portal():
    served = P.build(P.documents()).start()
    yield served
    served.stop()


def pull(portal, run: int, *args: str) -> subprocess.CompletedProcess:
    """``giamsat pull`` in its own process, reaching the portal as its proxy; ``run`` marks its requests."""
    portal.run = run
    env = {**os.environ, "http_proxy": portal.proxy, "HTTP_PROXY": portal.proxy, "no_proxy": "", "NO_PROXY": ""}
    return subprocess.run([sys.executable, "-m", "extract", "pull", *args, *FAST], env=env, capture_output=True,
                          text=True, timeout=300)


def through(portal, monkeypatch) -> None:
    """This process's requests to the portal's host go to the portal (its proxy), whatever the environment says."""
    monkeypatch.setenv("http_proxy", portal.proxy)
    for name in ("no_proxy", "NO_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def documents_in(db: Path) -> set[str]:
    with sqlite3.connect(db) as connection:
        return {row[0] for row in connection.execute("select id from documents")}


@pytest.fixture(scope="module")
def first(portal, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pull")
    out, db = folder / "out.jsonl", folder / "giamsat.db"
    done = pull(portal, 1, *SOURCES, "--links", "/tin-giam-sat/", "-o", str(out), "--db", str(db))
    return {"out": out, "db": db, "done": done, "records": records(out), "ids": documents_in(db)}


@pytest.fixture(scope="module")
def second(portal, first):
    portal.put(CHANGED, P.article("tin-dbqh-quang-ninh.txt", "2026-03-10",
                                  [("/files/bao-cao-doan-dbqh-thai-binh.docx", "Báo cáo (docx)")],
                                  extra="Bản tin được cập nhật ngày 12/3/2026."), P.HTML)
    done = pull(portal, 2, *SOURCES, "--links", "/tin-giam-sat/", "-o", str(first["out"]), "--db", str(first["db"]))
    return {"done": done, "records": records(first["out"]), "ids": documents_in(first["db"])}


def test_first_pull_gets_every_allowed_document_once(portal, first):
    done = first["done"]
    assert "Traceback" not in done.stderr
    assert done.returncode == 1, done.stderr  # some URLs became error records
    assert "giamsat pull: 13 URLs, 9 records, 4 errors" in done.stderr, done.stderr
    by_url = Counter(r["source"]["url"] for r in first["records"])
    assert set(by_url) == set(ALLOWED) | set(REFUSED) and set(by_url.values()) == {1}
    ok = {r["source"]["url"]: r for r in first["records"] if r["status"] == "ok"}
    assert set(ok) == set(ALLOWED)
    for url, page in ALLOWED.items():
        assert ok[url]["source"]["linked_from"] == page, url
        assert ok[url]["source"]["path"] is None
    kinds = {url.rsplit(".", 1)[1]: ok[url]["source"]["media_type"] for url in ALLOWED}
    assert kinds == {"html": "text/html", "pdf": "application/pdf", "doc": "application/msword",
                     "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    # read as extract reads them: the reports' own words and officials
    doc = ok[P.BASE + "/files/bao-cao-hdnd-binh-duong.doc"]
    line = next(ln for ln in (OWN / "bao-cao-hdnd-binh-duong.txt").read_text(encoding="utf-8").splitlines()
                if len(ln) > 60 and "|" not in ln)
    assert line[:50] in doc["text"]
    assert all(ok[url]["officials"] for url in ALLOWED if url.endswith((".pdf", ".doc", ".docx")))
    errors = {r["source"]["url"]: r["error"]["message"] for r in first["records"] if r["status"] == "error"}
    for url, why in REFUSED.items():
        assert why in errors[url], errors[url]
    assert next(r for r in first["records"] if r["source"]["url"] == P.BASE + "/noi-bo/bien-ban.pdf")[
        "source"]["linked_from"] == PAGE
    # the database holds the same documents (error records without bytes have no id to be stored by)
    assert first["ids"] == {r["id"] for r in ok.values()}


def test_first_pull_asks_politely_and_never_for_a_forbidden_path(portal, first):
    hits = portal.hits_of(1)
    assert hits and all(h.host == P.HOST for h in hits)  # cdn.khac.test was never asked
    assert not [h for h in hits if h.path.startswith("/noi-bo/")]
    assert all(h.agent.startswith("giamsat/") for h in hits)
    assert [h.path for h in hits].count("/robots.txt") == 1 and hits[0].path == "/robots.txt"
    answered = Counter(h.path for h in hits if h.status == 200)
    assert max(answered.values()) == 1, answered  # nothing fetched twice
    assert [h.status for h in hits if h.path == "/tin/may-chu-qua-tai.html"] == [500, 500, 200]
    assert [h.status for h in hits if h.path == "/tin-giam-sat/trang-cham.html"] == [0]  # asked once, given up
    assert "/tin-giam-sat?page=2" in answered and "/sitemap-van-ban.xml" in answered


def test_second_pull_fetches_only_the_changed_page(portal, first, second):
    done = second["done"]
    assert done.returncode == 0, done.stderr  # the errors are those of the first pull: nothing new failed
    assert "13 URLs, 1 record, 0 errors" in done.stderr and "12 unchanged (4 failing as before)" in done.stderr, \
        done.stderr
    hits = portal.hits_of(2)
    assert {h.path for h in hits if h.status == 200} == {"/robots.txt", CHANGED}
    assert [h.path for h in hits if h.status == 200].count(CHANGED) == 1
    others = [h for h in hits if h.path not in ("/robots.txt", CHANGED, "/tin-giam-sat/trang-cham.html")]
    assert others and all(h.status == 304 and h.conditional for h in others)
    assert not [h for h in hits if h.path.startswith("/noi-bo/")]
    # the changed document replaced its record, in the file and in the database
    assert Counter(r["source"]["url"] for r in second["records"]) == Counter(r["source"]["url"] for r in first["records"])
    old = next(r for r in first["records"] if r["source"]["url"] == P.BASE + CHANGED)
    new = next(r for r in second["records"] if r["source"]["url"] == P.BASE + CHANGED)
    assert new["id"] != old["id"] and "cập nhật ngày 12/3/2026" in new["text"]
    assert "cập nhật ngày 12/3/2026" not in old["text"]
    assert second["ids"] == first["ids"] - {old["id"]} | {new["id"]}
    unchanged = [r for r in first["records"] if r["source"]["url"] != P.BASE + CHANGED]
    assert all(r in second["records"] for r in unchanged)


def test_since_leaves_out_old_items_and_stops_a_listing(portal, first, tmp_path):
    out = tmp_path / "new.jsonl"
    done = pull(portal, 3, P.BASE + "/rss.xml", P.BASE + "/sitemap.xml", P.BASE + "/tin-giam-sat",
                "--links", "/tin-giam-sat/", "--since", "2026-03-05", "-o", str(out))
    assert "Traceback" not in done.stderr
    assert "3 older than --since" in done.stderr, done.stderr
    asked = {h.path for h in portal.hits_of(3)}
    assert "/tin/hoi-nghi-cu.html" not in asked  # dated 2024 in the feed: not even asked
    assert "/van-ban/bao-cao-giam-sat-ha-tinh.pdf" not in asked  # lastmod 2026-02-20 in the sitemap
    assert "/tin-giam-sat/giam-sat-xa-lao-cai.html" in asked  # its date is on the page: read, found older
    assert "/tin-giam-sat?page=2" not in asked  # and the listing stops there
    urls = {r["source"]["url"] for r in records(out) if r["status"] == "ok"}
    assert urls == set(ALLOWED) - {P.BASE + "/tin/hoi-nghi-cu.html", P.BASE + "/tin-giam-sat/giam-sat-xa-lao-cai.html",
                                   P.BASE + "/van-ban/bao-cao-giam-sat-ha-tinh.pdf"}
    assert (tmp_path / "new.jsonl.pull.sqlite").is_file()  # the state beside the output
    # without --since, what was left out is read after all (the listing's page 2 too)
    done = pull(portal, 13, P.BASE + "/rss.xml", P.BASE + "/tin-giam-sat", "--links", "/tin-giam-sat/", "-o", str(out))
    assert "2 records" in done.stderr and "older" not in done.stderr, done.stderr  # hoi-nghi-cu, giam-sat-xa-lao-cai
    urls = {r["source"]["url"] for r in records(out) if r["status"] == "ok"}
    assert urls == set(ALLOWED) - {P.BASE + "/van-ban/bao-cao-giam-sat-ha-tinh.pdf"}


def test_client_retries_waits_and_caps(portal, monkeypatch):
    from extract.document import IngestError
    from extract.pull.client import PoliteClient

    through(portal, monkeypatch)
    portal.run = 4
    portal.failures_left["/tin/may-chu-qua-tai.html"] = 2
    slept: list[float] = []
    client = PoliteClient({P.HOST}, delay=0.5, backoff=0.25, sleep=slept.append)
    answer = client.get(P.BASE + "/tin/may-chu-qua-tai.html")
    assert answer.status == 200 and answer.etag and answer.body.startswith(b"<!DOCTYPE html>")
    backoffs = [s for s in slept if s in (0.25, 0.5)]  # after each 500: 0.25 s, then twice that
    delays = [s for s in slept if s not in (0.25, 0.5)]  # before each request but the first: the rest of 0.5 s
    assert backoffs == [0.25, 0.5] and len(delays) == 3 and all(0 < s < 0.5 for s in delays), slept
    again = client.get(P.BASE + "/tin/may-chu-qua-tai.html", etag=answer.etag)
    assert again.not_modified and not again.body
    assert 0 < slept[-1] < 0.5 and len(slept) == 6  # the delay between two requests to the host
    portal.failures_left["/tin/may-chu-qua-tai.html"] = 5
    with pytest.raises(IngestError, match=r"HTTP 500.*\(3 tries\)"):
        PoliteClient({P.HOST}, delay=0, backoff=0, retries=2).get(P.BASE + "/tin/may-chu-qua-tai.html")
    portal.failures_left.pop("/tin/may-chu-qua-tai.html")
    with pytest.raises(IngestError, match="over --max-bytes 1000") as caught:
        PoliteClient({P.HOST}, delay=0, max_bytes=1000).get(PAGE)
    assert caught.value.kind == "limit"
    with pytest.raises(IngestError, match="robots.txt"):
        PoliteClient({P.HOST}, delay=0).get(P.BASE + "/noi-bo/du-thao-bao-cao.html")
    # a redirect is held to the same rules before it is followed
    portal.redirects.update({"/di-ra-ngoai": "http://cdn.khac.test/tai-lieu.pdf", "/vao-noi-bo": "/noi-bo/bien-ban.pdf",
                             "/sang-trang-khac": "/tin/may-chu-qua-tai.html"})
    polite = PoliteClient({P.HOST}, delay=0)
    with pytest.raises(IngestError, match="redirected to .*none of the sources' hosts"):
        polite.get(P.BASE + "/di-ra-ngoai")
    with pytest.raises(IngestError, match="redirected to .*robots.txt of hdnd.portal.test forbids it"):
        polite.get(P.BASE + "/vao-noi-bo")
    moved = polite.get(P.BASE + "/sang-trang-khac")
    assert moved.status == 200 and moved.url == P.BASE + "/tin/may-chu-qua-tai.html"
    hits = portal.hits_of(4)
    assert not [h for h in hits if h.path.startswith("/noi-bo/")] and {h.host for h in hits} == {P.HOST}
    # robots.txt's Crawl-delay lengthens the delay, never shortens it
    rules = urllib.robotparser.RobotFileParser()
    rules.parse(["User-agent: *", "Crawl-delay: 3", "Disallow: /noi-bo/"])
    polite._robots["slow.example.vn"] = rules
    assert polite.crawl_delay("slow.example.vn") == 3.0 and polite.crawl_delay(P.HOST) == 0
    assert PoliteClient({P.HOST}, delay=5, _robots={"slow.example.vn": rules}).crawl_delay("slow.example.vn") == 5


@pytest.mark.parametrize("args, words", [
    ([P.BASE + "/rss.xml"], "give -o OUT.jsonl, --db URL or --state FILE"),
    (["corpus/docs", "-o", "x.jsonl"], "is no http(s) URL"),
    ([P.BASE + "/rss.xml", "-o", "x.jsonl", "--since", "15/3/2026"], "--since '15/3/2026' is no date"),
    ([P.BASE + "/rss.xml", "-o", "x.jsonl", "--links", "("], "--links '(' is no regular expression"),
])
def test_usage_errors_in_one_line(args, words, tmp_path, monkeypatch):
    from extract.cli import app

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["pull", *args])
    assert result.exit_code == 2 and "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr
    assert not list(tmp_path.iterdir())  # nothing made


def test_a_failure_keeps_the_last_good_record_until_the_page_answers_again(portal, first, tmp_path):
    out = tmp_path / "listing.jsonl"
    page = "/tin-giam-sat/giam-sat-xa-lao-cai.html"  # served with Last-Modified only: asked with If-Modified-Since
    listing = [P.BASE + "/tin-giam-sat", "--links", "/tin-giam-sat/", "-o", str(out)]

    def of_page() -> list[str]:
        return [r["status"] for r in records(out) if r["source"]["url"] == P.BASE + page]

    assert pull(portal, 5, *listing).returncode == 1  # the slow page
    assert of_page() == ["ok"]
    portal.failures_left[page] = 100
    try:
        done = pull(portal, 6, *listing, "--retries", "0")
    finally:
        portal.failures_left.pop(page)
    assert done.returncode == 1 and "1 error" in done.stderr and "HTTP 500" in done.stderr, done.stderr
    assert of_page() == ["ok", "error"]  # the good record stays beside the news that the page fails
    done = pull(portal, 7, *listing)
    assert done.returncode == 0 and "1 record, 0 errors" in done.stderr, done.stderr
    assert of_page() == ["ok"]  # read again, its record replaces both
    assert [h.status for h in portal.hits_of(7) if h.path == page] == [200]
    assert [h.status for h in portal.hits_of(5) if h.path == page] == [200]


def test_sigterm_stops_between_requests_and_the_next_pull_goes_on(portal, first, tmp_path):
    import signal
    import time

    out = tmp_path / "stopped.jsonl"
    portal.run = 8
    env = {**os.environ, "http_proxy": portal.proxy, "no_proxy": "", "NO_PROXY": ""}
    args = [sys.executable, "-m", "extract", "pull", P.BASE + "/rss.xml", "-o", str(out), "--timeout", "1", "-j", "1"]
    running = subprocess.Popen([*args, "--delay", "1"], env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not [h for h in portal.hits_of(8) if h.path == "/rss.xml"] and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # in the delay before the next request
    running.send_signal(signal.SIGTERM)
    _, stderr = running.communicate(timeout=30)
    assert running.returncode == 143, stderr
    assert "Traceback" not in stderr and "stopped by SIGTERM" in stderr.strip().splitlines()[-1]
    portal.run = 9
    done = subprocess.run([*args, "--delay", "0"], env=env, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stderr and "10 URLs" in done.stderr, done.stderr  # 5 items, 5 attachments
    assert not [h for h in portal.hits_of(9) if h.path == "/rss.xml" and h.status == 200]  # kept from the first
    urls = Counter(r["source"]["url"] for r in records(out))
    assert set(urls.values()) == {1} and P.BASE + "/tin/doan-dbqh-tiep-xuc.html" in urls


def test_a_report_as_a_source_to_stdout_with_a_state_file(portal, first, tmp_path):
    state = tmp_path / "state.sqlite"
    report = P.BASE + "/van-ban/bao-cao-giam-sat-ha-tinh.pdf"
    args = [P.BASE + "/tin-giam-sat", report, "--links", "/tin-giam-sat/", "--max-listing-pages", "1",
            "-o", "-", "--state", str(state)]
    done = pull(portal, 10, *args)
    assert done.returncode == 0, done.stderr
    got = {r["source"]["url"]: r for r in map(json.loads, done.stdout.splitlines())}
    assert set(got) == {report, P.BASE + "/tin-giam-sat/giam-sat-xa-lao-cai.html"}
    assert got[report]["status"] == "ok" and got[report]["source"]["media_type"] == "application/pdf"
    assert "/tin-giam-sat?page=2" not in {h.path for h in portal.hits_of(10)}  # one listing page asked for
    again = pull(portal, 11, *args)
    assert again.returncode == 0 and again.stdout == "" and "2 unchanged" in again.stderr, again.stderr
    assert {h.status for h in portal.hits_of(11) if h.path != "/robots.txt"} == {304}


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_while_fetching_and_reading_as_extract_shows_it(portal, first, tmp_path, monkeypatch):
    from extract.batch import Reporter
    from extract.pull.run import Puller, PullOptions
    from extract.pull.state import State
    from extract.sinks.jsonl import JsonlSink

    through(portal, monkeypatch)
    sources = [P.BASE + "/tin-giam-sat", P.BASE + "/noi-bo/du-thao-bao-cao.html"]
    options = PullOptions(delay=0, max_listing_pages=1, links=re.compile("/tin-giam-sat/"), jobs=1)
    for stream in (_Tty(), io.StringIO()):
        portal.run = 12
        state = State(f"sqlite:///{tmp_path / f'{stream.isatty()}.sqlite'}")
        sink = JsonlSink(tmp_path / f"{stream.isatty()}.jsonl")
        summary = Puller(sources, [sink], state, options, Reporter(stream, every=0)).run()
        sink.close()
        state.close()
        assert (summary.urls, summary.records, summary.errors) == (2, 1, 1)
        shown = stream.getvalue()
        assert "robots.txt of hdnd.portal.test forbids it" in shown, shown
        if stream.isatty():
            assert "pull" in shown and "3/3" in shown and "docs/s" in shown  # fetching (2 sources, 1 page), reading
        else:
            assert "\x1b[" not in shown and "URLs so far: " in shown
