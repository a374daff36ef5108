"""Places, bodies and people linked across reports: official unit codes, body and person
keys, and the ``giamsat people`` / ``giamsat places`` commands over JSONL and the database."""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from typer.testing import CliRunner

from extract.cli import app
from extract.linking.places import LEGACY, MERGED, find_mentions, gazetteer, resolve, set_for
from extract.normalize import fold
from extract.pipeline import process, process_bytes

from conftest import OWN

SEED = OWN / "docs" / "seed-hoang-hoa.txt"
THANH_HOA = "legacy-63:province:38"


@pytest.fixture(scope="module")
def seed():
    report = process(SEED)
    assert report.status == "ok", report
    return report


def grounded(report) -> None:
    for item in list(report.places) + list(report.bodies):
        for m in item.mentions:
            assert report.text[m.span.start:m.span.end] == m.text


# -- places -------------------------------------------------------------------------------------

def test_seed_links_hoang_hoa_but_son_and_thanh_hoa_to_their_codes(seed):
    from vietnamadminunits import parse_address

    unit = parse_address("thị trấn Bút Sơn, huyện Hoằng Hóa, tỉnh Thanh Hóa", mode="LEGACY", level=3)
    by_name = {p.name: p for p in seed.places}
    district, ward, province = by_name["Huyện Hoằng Hóa"], by_name["Thị trấn Bút Sơn"], by_name["Tỉnh Thanh Hóa"]
    assert (province.code, district.code, ward.code) == (unit.province_code, unit.district_code, unit.ward_code)
    assert (province.code, district.code, ward.code) == ("38", "399", "15865")  # NOTES.md
    assert district.province_code == ward.province_code == "38" and ward.district_code == "399"
    assert {p.set for p in seed.places} == {LEGACY}  # the page's dates end in 2021
    assert district.text == "huyện Hoằng Hóa" and len(district.mentions) >= 5
    assert ward.text == "thị trấn Bút Sơn" and len(ward.mentions) == 2
    assert province.key == THANH_HOA and province.implied  # named only in the page's footer
    assert seed.supervision.target_place_key == district.key
    grounded(seed)


def _resolved(text: str, set_name: str = LEGACY):
    mentions = find_mentions(text, [(0, len(text))], set_name)
    resolve(text, mentions)
    return {text[m.start:m.end]: m.resolved for m in mentions}


def test_a_district_links_to_the_one_in_the_documents_province_not_a_namesake():
    units = gazetteer(LEGACY).lookup("district", "Châu Thành", "Huyện")
    assert len({u.province_code for u in units}) > 2  # one name, many provinces
    found = {}
    for province in ("Tiền Giang", "Bến Tre", "An Giang"):
        text = f"Đoàn giám sát của HĐND tỉnh {province} đã làm việc với UBND huyện Châu Thành về cải cách hành chính."
        linked = _resolved(text)
        district, prov = linked["huyện Châu Thành"], linked[f"tỉnh {province}"]
        assert district is not None and district.province_code == prov.code
        found[province] = district.code
    assert len(set(found.values())) == 3
    # no province named and the name is ambiguous: not linked rather than linked to a guess
    assert _resolved("Đoàn đã làm việc với UBND huyện Châu Thành.")["huyện Châu Thành"] is None


_DISTRICTS = sorted(
    (u for u in gazetteer(LEGACY).all("district")
     if u.type == "Huyện" and re.fullmatch(r"[^\W\d_]+( [^\W\d_]+)*", u.short)
     and all(w[:1].isupper() for w in u.short.split())),
    key=lambda u: u.key,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_DISTRICTS), st.booleans())
def test_any_district_named_in_a_text_about_its_province_links_there(district, province_first):
    """Over the gazetteer's districts: the district found is the one in the province the text names."""
    gaz = gazetteer(LEGACY)
    province = gaz.get("province", district.province_code)
    unit = "tỉnh" if province.type == "Tỉnh" else "thành phố"
    parts = [f"Thường trực HĐND {unit} {province.short} đã giám sát", f"tại UBND huyện {district.short} về đất đai."]
    text = " ".join(parts if province_first else [f"Ngày 5/4, Đoàn làm việc với UBND huyện {district.short}.",
                                                   f"Báo cáo gửi HĐND {unit} {province.short}."])
    linked = _resolved(text)
    assert linked[f"huyện {district.short}"] == district


def test_a_commune_links_inside_the_district_written_after_it():
    units = gazetteer(LEGACY).lookup("ward", "Xuân Hòa", "Xã")
    assert len(units) > 3
    linked = _resolved("Ban Pháp chế đã giám sát tại UBND xã Xuân Hoà, huyện Bảo Yên, tỉnh Lào Cai.")
    ward, district = linked["xã Xuân Hoà"], linked["huyện Bảo Yên"]
    assert ward.district_code == district.code and ward.province_code == district.province_code == "10"


def test_a_province_is_inferred_from_a_unique_name_when_none_is_written():
    linked = _resolved("Đoàn đã kiểm tra tại UBND thị trấn Bút Sơn và UBND huyện Hoằng Hóa.")
    assert linked["huyện Hoằng Hóa"].province_code == "38"
    assert linked["thị trấn Bút Sơn"].district_code == "399"


def test_former_names_link_to_the_unit_they_became():
    linked = _resolved("Tại huyện Quỳnh Lưu (Nghệ An), xã Sơn Hải được chọn làm điểm.")
    unit = linked["xã Sơn Hải"]
    assert unit.name == "Xã Văn Hải" and unit.district_code == linked["huyện Quỳnh Lưu"].code  # merged in 2019
    report = process_bytes("Ngày 5/4/2017, UBND xã Sơn Hải, huyện Quỳnh Lưu đã tiếp đoàn giám sát.".encode())
    (place,) = [p for p in report.places if p.level == "ward"]
    assert place.renamed and place.text == "xã Sơn Hải"


def test_bare_unit_words_name_no_place():
    report = process_bytes("UBND tỉnh đề nghị UBND các huyện, thị xã, thành phố và các xã, phường rà soát lại.".encode())
    assert report.places == []
    assert report.bodies == []  # no province known, and "UBND các huyện" is many bodies, not one


def test_the_reports_date_chooses_the_unit_set():
    from vietnamadminunits import parse_address

    assert [set_for(d) for d in ("2025-06-30", "2025-07-01", "2025-06", "2025-07", "2025", "2026", None)] == [
        LEGACY, MERGED, LEGACY, MERGED, LEGACY, MERGED, LEGACY]
    after = process_bytes(("Ngày 15/8/2025, Thường trực HĐND tỉnh Thanh Hóa làm việc với UBND xã Hoằng Hóa. "
                           "Trước khi sắp xếp, huyện Hoằng Hóa có 37 xã.").encode())
    places = {p.text: p for p in after.places}
    new = parse_address("xã Hoằng Hóa, tỉnh Thanh Hóa", mode="FROM_2025", level=2)
    assert places["xã Hoằng Hóa"].set == MERGED and places["xã Hoằng Hóa"].code == new.ward_code
    assert places["tỉnh Thanh Hóa"].key == "2025-34:province:38"
    assert places["huyện Hoằng Hóa"].key == "legacy-63:district:399"  # districts are gone after 2025-07-01
    before = process_bytes("Ngày 15/3/2024, Thường trực HĐND tỉnh Thanh Hóa làm việc với UBND huyện Hoằng Hóa.".encode())
    assert {p.set for p in before.places} == {LEGACY}
    bodies = {b.key for b in after.bodies} & {b.key for b in before.bodies}
    assert "tỉnh-thanh-hóa/hội-đồng-nhân-dân/thường-trực" in bodies  # a body keeps its key across the merger


_WORDS = ("tỉnh huyện xã phường thị trấn TP TP. thành phố Tỉnh ủy Huyện ủy HĐND UBND Ban Sở Bộ Ủy ban Thường trực "
          "của và - , ( ) ĐBQH Quốc hội Lào Hoằng Hóa Thanh Hóa Châu Thành Nguyễn Văn An ông Chủ tịch Phó Giám đốc "
          "Trưởng Kinh tế Ngân sách các Xã hội . Đoàn T.Ư Trung ương ngày 5/8/2025 Quận 1 Bút Sơn HCM").split(" ")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_WORDS + ["\n"]), min_size=1, max_size=40))
def test_any_jumble_of_unit_words_names_and_bodies_links_without_failing(words):
    report = process_bytes(("Mở đầu " + " ".join(words)).encode())
    grounded(report)
    keys = {p.key for p in report.places}
    assert all(b.place_key in keys for b in report.bodies if b.place_key)
    assert all(b.part_of in {x.key for x in report.bodies} for b in report.bodies if b.part_of)


# -- bodies -------------------------------------------------------------------------------------

def test_seed_bodies_are_expanded_and_qualified_by_their_place(seed):
    bodies = {b.key: b for b in seed.bodies}
    hdnd = bodies["tỉnh-thanh-hóa/hội-đồng-nhân-dân"]
    assert hdnd.expanded == "Hội đồng nhân dân tỉnh Thanh Hóa" and hdnd.place_key == THANH_HOA
    assert hdnd.text == "HĐND tỉnh" and hdnd.scope == "province"
    ktns = bodies["tỉnh-thanh-hóa/hội-đồng-nhân-dân/ban-kinh-tế-ngân-sách"]
    assert ktns.part_of == hdnd.key and ktns.expanded == "Ban Kinh tế - Ngân sách Hội đồng nhân dân tỉnh Thanh Hóa"
    assert bodies["tỉnh-thanh-hóa/tỉnh-ủy/ủy-ban-kiểm-tra"].part_of == "tỉnh-thanh-hóa/tỉnh-ủy"
    ubnd = bodies["tỉnh-thanh-hóa/huyện-hoằng-hóa/ủy-ban-nhân-dân"]
    assert ubnd.place_key == "legacy-63:district:399" and ubnd.scope == "district"
    assert ubnd.expanded == "Ủy ban nhân dân huyện Hoằng Hóa, tỉnh Thanh Hóa"
    assert bodies["trung-ương/chính-phủ"].scope == "national"
    assert seed.supervision.body_key == "tỉnh-thanh-hóa/hội-đồng-nhân-dân/thường-trực"
    assert {r.addressee_key for r in seed.recommendations} == {ubnd.key}
    grounded(seed)


@pytest.mark.parametrize("written, key", [
    ("Sở TT&TT tỉnh Bắc Ninh", "tỉnh-bắc-ninh/sở-thông-tin-và-truyền-thông"),
    ("Ủy ban Xã hội của Quốc hội", "trung-ương/quốc-hội/ủy-ban-xã-hội"),
    ("Đoàn đại biểu Quốc hội (ĐBQH) tỉnh Quảng Ninh", "tỉnh-quảng-ninh/đoàn-đại-biểu-quốc-hội"),
    ("Huyện ủy Quỳnh Lưu", "tỉnh-nghệ-an/huyện-quỳnh-lưu/huyện-ủy"),
    ("HĐND TP HCM", "thành-phố-hồ-chí-minh/hội-đồng-nhân-dân"),
    ("Ban Thường vụ Tỉnh ủy Thanh Hóa", "tỉnh-thanh-hóa/tỉnh-ủy/ban-thường-vụ"),
    ("Bộ Nông nghiệp và Phát triển nông thôn", "trung-ương/bộ-nông-nghiệp-và-phát-triển-nông-thôn"),
    ("Sở Lao động - Thương binh và Xã hội tỉnh Nghệ An", "tỉnh-nghệ-an/sở-lao-động-thương-binh-và-xã-hội"),
    ("Quốc hội Lào", "lào/quốc-hội"),
])
def test_bodies_from_the_lexicon(written, key):
    report = process_bytes(f"Ngày 5/4/2023, {written} đã làm việc về cải cách hành chính.".encode())
    found = {b.key: b for b in report.bodies}
    assert key in found, sorted(found)
    assert found[key].text == written
    grounded(report)


# -- people -------------------------------------------------------------------------------------

def _keys(text: str) -> dict[str, str | None]:
    return {o.name: o.key for o in process_bytes(text.encode()).officials}


def test_titles_split_into_position_and_body(seed):
    (hung,) = [o for o in seed.officials if o.name == "Lê Quang Hùng"]
    assert [(t.position, t.body) for t in hung.titles] == [
        ("Ủy viên Ban Thường vụ", "Tỉnh ủy"),
        ("Chủ nhiệm", "Ủy ban Kiểm tra Tỉnh ủy"),
        ("Trưởng", "Ban Kinh tế - Ngân sách HĐND tỉnh"),
    ]
    assert [t.body_key for t in hung.titles] == [
        "tỉnh-thanh-hóa/tỉnh-ủy", "tỉnh-thanh-hóa/tỉnh-ủy/ủy-ban-kiểm-tra",
        "tỉnh-thanh-hóa/hội-đồng-nhân-dân/ban-kinh-tế-ngân-sách"]
    assert hung.key == "lê-quang-hùng@tỉnh-thanh-hóa"
    (title,) = process_bytes("Ông Trần Văn Bình, Phó Chủ tịch Thường trực HĐND tỉnh Nghệ An phát biểu.".encode()).officials[0].titles
    assert (title.position, title.body) == ("Phó Chủ tịch Thường trực", "HĐND tỉnh Nghệ An")


def test_one_name_in_two_provinces_is_two_people_and_one_person_in_two_reports_one_key():
    nghe_an = _keys("Sáng 12/3, đồng chí Nguyễn Văn An - Phó Chủ tịch UBND tỉnh Nghệ An đã làm việc với huyện Yên Thành.")
    ha_tinh = _keys("Ngày 5/4, ông Nguyễn Văn An - Giám đốc Sở Tài chính tỉnh Hà Tĩnh cho biết đã bố trí đủ kinh phí.")
    later = _keys("Chiều 20/6, Đoàn giám sát của HĐND tỉnh Nghệ An do ông Nguyễn Văn An, Ủy viên Ban Thường vụ "
                  "Tỉnh ủy làm Trưởng đoàn đã làm việc tại huyện Quỳnh Lưu.")
    assert nghe_an["Nguyễn Văn An"] != ha_tinh["Nguyễn Văn An"]
    assert nghe_an["Nguyễn Văn An"] == later["Nguyễn Văn An"] == "nguyễn-văn-an@tỉnh-nghệ-an"
    minister = [_keys("Bộ trưởng Y tế Nguyễn Thị Kim Tiến cho biết."),
                _keys("Bộ trưởng Bộ Y tế Nguyễn Thị Kim Tiến đã giải trình trước Quốc hội.")]
    assert minister[0]["Nguyễn Thị Kim Tiến"] == minister[1]["Nguyễn Thị Kim Tiến"]


# People the corpus (corpus/docs and the shared dev set) names in more than one document,
# each checked by hand to be one person; no two people of one name occur in it.
# (Phan Xuân Dũng, chair of the National Assembly's science committee in both 22461764 and
# 22463330, is found in the second since officials read "Ủy viên …, Chủ nhiệm Ủy ban Khoa học,
# Công nghệ và Môi trường của Quốc hội Phan Xuân Dũng".)
CROSS_DOCUMENT = {"Lê Thị Thủy", "Nguyễn Hạnh Phúc", "Nguyễn Thị Kim Tiến", "Nguyễn Thị Kim Ngân", "Phan Xuân Dũng"}


def test_across_the_corpus_one_key_per_person_and_one_person_per_key(shared_corpus):
    files = sorted((OWN / "docs").glob("*.txt")) + sorted((shared_corpus / "dev").glob("*.txt"))
    keys_of: dict[str, set[str]] = defaultdict(set)
    names_of: dict[str, set[str]] = defaultdict(set)
    documents_of: dict[str, set[str]] = defaultdict(set)
    for path in files:
        report = process(path)
        assert report.status == "ok", path
        for official in report.officials:
            assert official.key, (path.name, official.name)
            keys_of[fold(official.name)].add(official.key)
            names_of[official.key].add(fold(official.name))
            documents_of[fold(official.name)].add(report.id)
        grounded(report)
    assert len(keys_of) > 40
    assert {n for n, keys in keys_of.items() if len(keys) > 1} == set()  # no person has two keys
    assert {k for k, names in names_of.items() if len(names) > 1} == set()  # no two people share one
    assert {n for n, docs in documents_of.items() if len(docs) > 1} == {fold(n) for n in CROSS_DOCUMENT}


# -- the commands -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def records() -> list[dict]:
    paths = [SEED, OWN / "docs" / "tin-giam-sat-nghe-an.txt", OWN / "docs" / "tin-giam-sat-xa-lao-cai.txt",
             OWN / "docs" / "bao-cao-giam-sat-ha-tinh.txt"]
    return [json.loads(process(p).model_dump_json()) for p in paths]


def _listing(*args: str) -> list[dict]:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


def test_people_and_places_commands_over_jsonl_and_the_database(records, tmp_path):
    from extract.sinks.sql import SqlSink

    jsonl = tmp_path / "records.jsonl"
    # every document twice, as when one file is extracted from two folders: counted once
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records * 2), encoding="utf-8")
    people = {p["key"]: p for p in _listing("people", str(jsonl))}
    assert len(people) == sum(len(r["officials"]) for r in records)
    hung = people["lê-quang-hùng@tỉnh-thanh-hóa"]
    assert hung["documents"] == 1 and hung["mentions"] == 3
    assert "Trưởng Ban Kinh tế - Ngân sách HĐND tỉnh" in hung["positions"]  # the title as written
    places = {p["key"]: p for p in _listing("places", str(jsonl))}
    assert places["legacy-63:district:399"]["mentions"] == 6 and places["legacy-63:district:399"]["code"] == "399"
    assert places["legacy-63:province:42"]["name"] == "Tỉnh Hà Tĩnh"

    url = f"sqlite:///{tmp_path / 'giamsat.db'}"
    sink = SqlSink(url)
    for record in records * 2:  # written twice: replaced, not counted twice
        sink.write_record(record)
    sink.close()
    in_db = {p["key"]: p for p in _listing("people", "--db", url)}
    assert {k: (p["documents"], p["mentions"]) for k, p in in_db.items()} == {
        k: (p["documents"], p["mentions"]) for k, p in people.items()}
    # positions too: the same titles, in the same order, whichever the source
    assert {k: p["positions"] for k, p in in_db.items()} == {k: p["positions"] for k, p in people.items()}
    places_db = {p["key"]: p for p in _listing("places", "--db", url)}
    assert {k: (p["documents"], p["mentions"]) for k, p in places_db.items()} == {
        k: (p["documents"], p["mentions"]) for k, p in places.items()}
    table = CliRunner().invoke(app, ["places", "--db", url])
    assert table.exit_code == 0 and "Huyện Hoằng Hóa" in table.output and "399" in table.output


def test_people_lists_a_persons_positions_in_one_order_from_jsonl_and_the_database(records, tmp_path):
    """One person in two documents, written to the file in the opposite order of their ids: the
    positions come out the same, in the order of the documents' ids, from both sources."""
    import copy

    from extract.sinks.sql import SqlSink

    first = copy.deepcopy(records[0])
    official = next(o for o in first["officials"] if o["key"] and o["titles"])
    other = copy.deepcopy(first)
    other["id"] = "f" * 64 if first["id"] < "f" * 64 else "0" * 64
    twin = next(o for o in other["officials"] if o["key"] == official["key"])
    twin["titles"] = [dict(twin["titles"][0], text="Phó Bí thư Huyện ủy")] + twin["titles"]
    later, earlier = sorted([first, other], key=lambda r: r["id"], reverse=True)
    jsonl = tmp_path / "two.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (later, earlier)), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'two.db'}"
    sink = SqlSink(url)
    for record in (later, earlier):
        sink.write_record(record)
    sink.close()
    from_file = {p["key"]: p["positions"] for p in _listing("people", str(jsonl))}
    from_db = {p["key"]: p["positions"] for p in _listing("people", "--db", url)}
    assert from_file == from_db
    expected = []
    for record in (earlier, later):
        for title in next(o for o in record["officials"] if o["key"] == official["key"])["titles"]:
            if title["text"] not in expected:
                expected.append(title["text"])
    assert from_file[official["key"]] == expected and "Phó Bí thư Huyện ủy" in expected


def test_the_commands_want_one_source(tmp_path):
    result = CliRunner().invoke(app, ["people"])
    assert result.exit_code == 2
    missing = CliRunner().invoke(app, ["places", "--db", f"sqlite:///{tmp_path / 'none.db'}"])
    assert missing.exit_code == 2 and "no such database file" in missing.stderr


# -- files that hold no records, databases that cannot be read (issue 15) -----------------------

_GOOD = {"schema_version": "1.0", "status": "ok", "id": "a" * 64, "places": [],
         "officials": [{"key": "k@t", "name": "Nguyễn Văn A", "mentions": [], "titles": [{"text": "Chủ tịch"}]}]}


def _line(**changes) -> bytes:
    return json.dumps({**_GOOD, **changes}, ensure_ascii=False).encode() + b"\n"


def _not_records() -> list[tuple[str, bytes, int, str]]:
    """(case, file content, line named, words said): each made here, after one good line."""
    deep_list = b"[" * 100_000 + b"]" * 100_000 + b"\n"
    deep_object = b'{"a": ' * 100_000 + b"1" + b"}" * 100_000 + b"\n"
    official = _GOOD["officials"][0]
    return [
        ("invalid utf-8", b'{"status": "ok", "id": "\xff"}\n', 2, "is not UTF-8"),
        ("utf-16 guess", b"\xff\xfe\n", 2, "is not UTF-8"),
        ("latin-1 name", '{"status": "ok", "id": "é"}\n'.encode("latin-1"), 2, "is not UTF-8"),
        ("deep list", deep_list, 2, "nested too deeply"),
        ("deep object", deep_object, 2, "nested too deeply"),
        ("a list", b"[1, 2]\n", 2, "not a JSON object but list"),
        ("a string", b'"giamsat"\n', 2, "not a JSON object but str"),
        ("a number", b"42\n", 2, "not a JSON object but int"),
        ("foreign object", b'{"name": "x", "rows": 3}\n', 2, "no giamsat record"),
        ("odd status", b'{"status": 1, "id": "b"}\n', 2, "no giamsat record"),
        ("not json", b"{oops\n", 2, "not JSON"),
        ("cut short", b'{"status": "ok", "id": "', 2, "incomplete last line"),
        ("id a number", _line(id=12345), 2, "id is a number, not a string"),
        ("officials a string", _line(officials="Nguyễn Văn A"), 2, "officials is a string, not a list"),
        ("official a list", _line(officials=[["x"]]), 2, "officials.0 is a list, not an object"),
        ("official name missing", _line(officials=[{"key": "k@t"}]), 2, "officials.0.name is missing, not a string"),
        ("name a number", _line(officials=[{**official, "name": 7}]), 2, "officials.0.name is a number"),
        ("mentions an object", _line(officials=[{**official, "mentions": {}}]), 2, "officials.0.mentions is an object"),
        ("title a string", _line(officials=[{**official, "titles": ["x"]}]), 2, "officials.0.titles.0 is a string"),
        ("places an object", _line(places={"k": 1}), 2, "places is an object, not a list"),
        ("place key missing", _line(places=[{"name": "Xã A"}]), 2, "places.0.key is missing"),
        ("place code a number", _line(places=[{"key": "k", "code": 399}]), 2, "places.0.code is a number"),
    ]


@pytest.mark.parametrize("case,content,line,words", _not_records(), ids=[c[0] for c in _not_records()])
def test_a_file_that_holds_no_records_names_the_line_and_what_is_wrong(tmp_path, case, content, line, words):
    from extract.linking import catalog

    path = tmp_path / "records.jsonl"
    path.write_bytes(_line() + content)
    with pytest.raises(catalog.NotRecords) as raised:
        list(catalog.read_records(path))
    said = str(raised.value)
    assert said.startswith(f"{path}:{line}: ") and words in said and "\n" not in said and len(said) < 400, said


def test_error_records_are_passed_over_and_pretty_files_read(tmp_path):
    from extract.linking import catalog

    error = {"schema_version": "1.0", "status": "error", "id": None, "error": {"kind": "empty", "message": "x"}}
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False, indent=2) for r in (_GOOD, error)) + "\n",
                    encoding="utf-8")
    assert [r["id"] for r in catalog.read_records(path)] == [_GOOD["id"]]
    assert [p.key for p in catalog.people_of(catalog.read_records(path))] == ["k@t"]


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PASSWORD = "s3cret-Pw9"


def _unusable_urls() -> list[str]:
    return [f"postgresql+psycopg://giamsat:{PASSWORD}@127.0.0.1:{_closed_port()}/giamsat",  # nobody listens
            f"postgresql://giamsat:{PASSWORD}@db.example:5432:9/giamsat",  # a port SQLAlchemy cannot read
            f"nosuchdb://giamsat:{PASSWORD}@localhost/giamsat"]  # no such dialect


@pytest.mark.parametrize("what", ["people", "places"])
def test_a_database_that_cannot_be_used_is_one_line_without_its_password(what):
    from extract.linking import catalog
    from extract.sinks import StoreError

    read = catalog.people_in_db if what == "people" else catalog.places_in_db
    for url in _unusable_urls():
        with pytest.raises(StoreError) as raised:
            read(url)
        said = str(raised.value)
        assert PASSWORD not in said and "***" in said and "\n" not in said, said


def test_a_database_failing_half_way_is_one_line(tmp_path):
    import sqlite3

    from extract.linking import catalog
    from extract.sinks import StoreError
    from extract.sinks.sql import SqlSink

    url = f"sqlite:///{tmp_path / 'giamsat.db'}"
    sink = SqlSink(url)
    sink.write_record(json.loads(process(SEED).model_dump_json()))
    sink.close()
    with sqlite3.connect(tmp_path / "giamsat.db") as db:
        db.execute("DROP TABLE official_titles")
        db.execute("DROP TABLE document_places")
    for read, table in ((catalog.people_in_db, "official_titles"), (catalog.places_in_db, "document_places")):
        with pytest.raises(StoreError) as raised:
            read(url)
        assert str(raised.value) == f"reading {url} failed: OperationalError: no such table: {table}"
