"""``giamsat apply``: records corrected by gold or corrections files, grounded in their text, reviewed.

The project's own corpus is the material: applying each document's hand-made gold (a plain gold
file, no spans) to the rules' record must give a record that validates and scores 1.0 against
that gold, every item found in the text; an item that is not in the text is reported, not made
up; the database keeps the reviewed rows and the machine's record beside them.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.cli import app
from extract.corrections import Locator
from extract.evaluate import score_document
from extract.models import Report
from extract.pipeline import process

from conftest import OWN

runner = CliRunner()
GOLD = OWN / "gold"


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> Path:
    """The rules' records of corpus/docs, as ``extract -o`` writes them."""
    path = tmp_path_factory.mktemp("apply") / "records.jsonl"
    docs = sorted(p for p in (OWN / "docs").iterdir() if p.is_file())
    path.write_text("".join(process(p).model_dump_json() + "\n" for p in docs), encoding="utf-8")
    return path


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_applying_a_documents_own_gold_scores_one_and_validates(records, tmp_path):
    out = tmp_path / "reviewed.jsonl"
    result = runner.invoke(app, ["apply", str(records), str(GOLD), "-o", str(out), "--by", "Lê Thu",
                                 "--at", "2026-12-01T10:00:00Z"])
    assert result.exit_code == 0, result.output
    fixed = _read(out)
    machine = _read(records)
    assert [r["id"] for r in fixed] == [r["id"] for r in machine]  # every record, in order
    golds = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in GOLD.glob("*.json")}
    reviewed = 0
    for rec, was in zip(fixed, machine):
        stem = Path(rec["source"]["path"]).stem
        if stem not in golds:  # no gold: copied as it was
            assert rec == was and rec.get("review") is None
            continue
        reviewed += 1
        assert rec["review"] == {"reviewed": True, "by": "Lê Thu", "at": "2026-12-01T10:00:00Z",
                                 "corrections": f"{stem}.json", "not_found": []}
        scored = score_document(golds[stem], Report.model_validate(rec))
        counted = {k: v["f1"] for k, v in scored["fields"].items() if v["tp"] + v["fp"] + v["fn"]}
        assert counted and set(counted.values()) == {1.0}, (stem, counted)
        assert all(a["correct"] == a["total"] for a in scored["accuracy"].values()), (stem, scored["accuracy"])
        assert rec["text"] == was["text"] and rec["places"] == was["places"]  # the machine's other fields kept
    assert reviewed == len(golds)
    valid = runner.invoke(app, ["validate", str(out), "--json"])
    assert valid.exit_code == 0, valid.output
    report = json.loads(valid.output)["files"][0]
    assert report["invalid"] == 0 and report["valid"] == len(fixed)
    assert not [f for f in report["findings"] if f["check"] == "span"]


def test_an_item_not_in_the_text_is_reported_not_made_up(records, tmp_path):
    gold = json.loads((GOLD / "tin-giam-sat-nghe-an.json").read_text(encoding="utf-8"))
    gold["officials"].append({"name": "Trịnh Văn Không Có", "titles": ["Giám đốc Sở Ảo"]})
    gold["dates"].append({"text": "ngày 31/2/2099", "value": "2099-02-31"})
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "tin-giam-sat-nghe-an.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    (folder / "nobody.json").write_text(json.dumps({"doc": "nobody.txt", "officials": []}), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["apply", str(records), str(folder), "-o", str(out)])
    assert result.exit_code == 1
    err = result.stderr
    assert "officials: 'Trịnh Văn Không Có' is not in the text; left out" in err
    assert "dates: 2099-02-31: 'ngày 31/2/2099' is not in the text; left out" in err
    assert "nobody.json: no record in" in err
    rec = next(r for r in _read(out) if r.get("review"))
    assert "Trịnh Văn Không Có" not in {o["name"] for o in rec["officials"]}
    assert len(rec["review"]["not_found"]) == 2
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0  # what is left still validates


def test_corrections_with_spans_keep_their_spans_and_find_the_rest(records, tmp_path):
    """A corrections file (spans beside the gold fields, the record's id) is applied by id; a span
    that does not hold its item (the text changed) falls back to finding the item."""
    machine = next(r for r in _read(records) if r["source"]["path"].endswith("tin-giam-sat-nghe-an.txt"))
    gold = json.loads((GOLD / "tin-giam-sat-nghe-an.json").read_text(encoding="utf-8"))
    text = machine["text"]
    loc = Locator(text)
    first, second = gold["dates"][0], gold["dates"][1]
    places = loc.all(first["text"])
    s, e = places[-1]  # the last place it is written, not the one finding would take
    first["span"] = {"start": s, "end": e}
    second["span"] = {"start": 0, "end": 3}  # does not hold it
    gold.update(format="giamsat-corrections/1", id=machine["id"], doc="renamed.txt",
                review={"by": "Phạm An", "at": "2026-12-01T09:00:00Z"})
    path = tmp_path / "my-corrections.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["apply", str(records), str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rec = next(r for r in _read(out) if r.get("review"))
    assert rec["id"] == machine["id"] and rec["review"]["by"] == "Phạm An"
    dates = {d["value"]: d for d in rec["dates"]}
    assert (dates[first["value"]]["span"]["start"], dates[first["value"]]["span"]["end"]) == (s, e)
    found = dates[second["value"]]["span"]
    assert (found["start"], found["end"]) == loc.find(second["text"])


def test_the_database_keeps_the_machine_record_and_the_reviewed_one(records, tmp_path):
    db = tmp_path / "g.db"
    url = f"sqlite:///{db}"
    out = tmp_path / "out.jsonl"
    one = tmp_path / "gold"
    one.mkdir()
    (one / "tin-giam-sat-nghe-an.json").write_bytes((GOLD / "tin-giam-sat-nghe-an.json").read_bytes())
    result = runner.invoke(app, ["apply", str(records), str(one), "-o", str(out), "--db", url, "--by", "Lê Thu"])
    assert result.exit_code == 0, result.output
    machine = next(r for r in _read(records) if r["source"]["path"].endswith("tin-giam-sat-nghe-an.txt"))
    reviewed = next(r for r in _read(out) if r.get("review"))
    con = sqlite3.connect(db)
    row = con.execute("select reviewed, reviewed_by, machine_record, text from documents where id = ?",
                      (machine["id"],)).fetchone()
    assert row[0] == 1 and row[1] == "Lê Thu"
    from extract.sinks.sql import machine_record

    assert machine_record({"machine_record": row[2], "text": row[3]}) == machine
    n_recs = con.execute("select count(*) from recommendations where document_id = ?", (machine["id"],)).fetchone()[0]
    assert n_recs == len(reviewed["recommendations"])
    con.close()

    # the machine's record written again (extract --db) is kept beside the reviewed rows, not over them
    from extract.sinks.sql import SqlSink

    sink = SqlSink(url)
    changed = dict(machine, recommendations=[])
    sink.write_record(changed)
    sink.close()
    con = sqlite3.connect(db)
    row = con.execute("select reviewed, machine_record from documents where id = ?", (machine["id"],)).fetchone()
    assert row[0] == 1 and json.loads(row[1])["recommendations"] == []
    assert con.execute("select count(*) from recommendations where document_id = ?",
                       (machine["id"],)).fetchone()[0] == n_recs
    con.close()


def test_usage_errors_are_one_line(records, tmp_path):
    missing = runner.invoke(app, ["apply", str(records), str(tmp_path / "none.json"), "-o", str(tmp_path / "o.jsonl")])
    assert missing.exit_code == 2 and "no such file or folder" in missing.stderr
    over = runner.invoke(app, ["apply", str(records), str(GOLD), "-o", str(records)])
    assert over.exit_code == 2 and len(over.stderr.strip().splitlines()) == 1
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    result = runner.invoke(app, ["apply", str(records), str(bad), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 1 and "a gold file is a JSON object, this is list" in result.stderr
