"""The scorer's matching rules, on hand-made gold/prediction pairs, and `giamsat eval` end to end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from extract.cli import app
from extract.evaluate import (
    FIELDS,
    date_score,
    evaluate,
    format_scores,
    key,
    prf,
    score_document,
    title_score,
    token_f1,
    unit_score,
)
from extract.models import (
    DateItem,
    ErrorInfo,
    ErrorRecord,
    Figure,
    Mention,
    Official,
    Recommendation,
    Report,
    Source,
    Span,
    Supervision,
    Title,
)

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

TEXT = (
    "Ngày 07/4, Đoàn giám sát do ông Lê Quang Hòa, Trưởng Ban Kinh tế – Ngân sách HĐND tỉnh làm trưởng đoàn "
    "đã làm việc với UBND huyện Hoằng Hóa về công tác cải cách hành chính giai đoạn 2018 - 2021. "
    "Huyện đã tiếp nhận 363.424 hồ sơ, đạt 99,07%; có 48 TTHC (cấp huyện: 40; cấp xã: 8). "
    "Ông Lê Quang Hòa đề nghị UBND huyện tăng cường bồi dưỡng kỹ năng, nghiệp vụ cho cán bộ, công chức "
    "và khắc phục tình trạng trả kết quả hồ sơ quá hạn."
)

GOLD: dict[str, Any] = {
    "doc": "hand.txt",
    "published": "2022-04-08",
    "officials": [{"name": "Lê Quang Hòa", "titles": ["Trưởng Ban Kinh tế - Ngân sách HĐND tỉnh"]}],
    "dates": [
        {"text": "Ngày 07/4", "value": "--04-07"},
        {"text": "giai đoạn 2018 - 2021", "value": "2018/2021"},
    ],
    "figures": [
        {"text": "363.424 hồ sơ", "value": 363424, "unit": "hồ sơ"},
        {"text": "99,07%", "value": 99.07, "unit": "%"},
        {"text": "48 TTHC", "value": 48, "unit": "TTHC"},
        {"text": "cấp huyện: 40", "value": 40, "unit": "TTHC"},
        {"text": "cấp xã: 8", "value": 8, "unit": "TTHC"},
    ],
    "recommendations": [
        {"text": "tăng cường bồi dưỡng kỹ năng, nghiệp vụ cho cán bộ, công chức",
         "by": "Lê Quang Hòa", "addressee": "UBND huyện"},
        {"text": "khắc phục tình trạng trả kết quả hồ sơ quá hạn", "by": "Lê Quang Hòa", "addressee": "UBND huyện"},
    ],
}


def _span(text: str, evidence: str) -> Span:
    start = text.index(evidence)
    return Span(start=start, end=start + len(evidence))


def make_report(
    text: str = TEXT,
    officials: list[tuple[str, list[str]]] = (),  # type: ignore[assignment]
    dates: list[tuple[str, str]] = (),  # type: ignore[assignment]
    figures: list[tuple[str, float, str | None]] = (),  # type: ignore[assignment]
    recs: list[tuple[str, str | None, str | None]] = (),  # type: ignore[assignment]
    published: str | None = None,
    supervision: dict[str, Any] | None = None,
) -> Report:
    """A Report whose items point at their first occurrence in ``text`` (evidence must occur there).

    ``supervision`` is given as gold writes it: body, targets, topic (evidence strings) and period
    (an ISO value, whose evidence is the value itself placed in ``text``)."""
    sup = Supervision()
    if supervision:
        def mention(evidence: str | None) -> Mention | None:
            return Mention(text=evidence, span=_span(text, evidence)) if evidence else None

        period = supervision.get("period")
        sup = Supervision(
            body=mention(supervision.get("body")),
            targets=[mention(t) for t in supervision.get("targets") or []],
            topic=mention(supervision.get("topic")),
            period=DateItem(text=period, value=period, span=_span(text, period)) if period else None,
        )
        sup.target = sup.targets[0] if sup.targets else None
    return Report(
        id="0" * 64,
        source=Source(path="hand.txt", media_type="text/plain", published=published),
        text=text,
        officials=[
            Official(name=n, titles=[Title(text=t, span=_span(text, t)) for t in ts]) for n, ts in officials
        ],
        dates=[DateItem(text=t, value=v, span=_span(text, t)) for t, v in dates],
        figures=[
            Figure(id=f"f{i}", text=t, value=v, unit=u, category="other", span=_span(text, t))
            for i, (t, v, u) in enumerate(figures, 1)
        ],
        recommendations=[Recommendation(text=t, span=_span(text, t), by=b, addressee=a) for t, b, a in recs],
        supervision=sup,
    )


def perfect_report() -> Report:
    return make_report(
        officials=[("Lê Quang Hòa", ["Trưởng Ban Kinh tế – Ngân sách HĐND tỉnh"])],
        dates=[("Ngày 07/4", "--04-07"), ("giai đoạn 2018 - 2021", "2018/2021")],
        figures=[("363.424 hồ sơ", 363424, "hồ sơ"), ("99,07%", 99.07, "%"), ("48 TTHC", 48, "TTHC"),
                 ("cấp huyện: 40", 40, "TTHC"), ("cấp xã: 8", 8, "TTHC")],
        recs=[("tăng cường bồi dưỡng kỹ năng, nghiệp vụ cho cán bộ, công chức", "Lê Quang Hòa", "UBND huyện"),
              ("khắc phục tình trạng trả kết quả hồ sơ quá hạn", "Lê Quang Hòa", "UBND huyện")],
        published="2022-04-08",
    )


# ---------------------------------------------------------------- whole documents


def test_perfect_prediction_scores_one_everywhere() -> None:
    scored = score_document(GOLD, perfect_report())
    for name in FIELDS:
        assert scored["fields"][name]["f1"] == 1.0, name
        assert scored["fields"][name]["fp"] == scored["fields"][name]["fn"] == 0, name
    assert scored["accuracy"]["recommendations.by"] == {"correct": 2, "total": 2, "accuracy": 1.0}
    assert scored["accuracy"]["recommendations.addressee"]["accuracy"] == 1.0
    assert scored["accuracy"]["published"]["accuracy"] == 1.0


@pytest.mark.parametrize("record", [
    make_report(),
    ErrorRecord(source=Source(path="hand.txt", media_type="unknown"), error=ErrorInfo(kind="empty", message="")),
    None,
])
def test_empty_or_error_prediction_has_zero_recall(record: Report | ErrorRecord | None) -> None:
    scored = score_document(GOLD, record)
    expected_fn = {"officials": 1, "officials.titles": 1, "dates": 2, "figures.value": 5,
                   "figures.value+unit": 5, "recommendations": 2, "published": 1}
    for name, fn in expected_fn.items():
        s = scored["fields"][name]
        assert (s["tp"], s["fp"], s["fn"], s["recall"], s["f1"]) == (0, 0, fn, 0.0, 0.0), name
    assert "Lê Quang Hòa" in scored["misses"]["officials"]["fn"]
    assert scored["accuracy"]["recommendations.by"]["total"] == 0


def test_misses_list_false_positives_with_their_text() -> None:
    report = make_report(
        officials=[("Lê Quang Hòa", []), ("Hoằng Hóa", [])],
        figures=[("363.424 hồ sơ", 363424, "hồ sơ"), ("99,07%", 99.07, "%"), ("2018", 2018, None)],
    )
    scored = score_document(GOLD, report)
    assert scored["misses"]["officials"] == {"fp": ["Hoằng Hóa"], "fn": []}
    assert scored["misses"]["figures.value"]["fp"] == ["2018 (2018)"]
    assert len(scored["misses"]["figures.value"]["fn"]) == 3
    assert scored["fields"]["officials"]["precision"] == 0.5


# ---------------------------------------------------------------- names and titles


def test_names_match_across_case_and_tone_placement() -> None:
    assert key("Trương Hoà Bình") == key("TRƯƠNG HÒA BÌNH")
    gold = {"officials": [{"name": "Trương Hòa Bình", "titles": []}, {"name": "Nguyễn Thị Thuỳ", "titles": []}]}
    report = make_report(text="Phó Thủ tướng Trương Hoà Bình và bà Nguyễn Thị Thùy",
                         officials=[("Trương Hoà Bình", []), ("Nguyễn Thị Thùy", [])])
    assert score_document(gold, report)["fields"]["officials"]["tp"] == 2


def test_a_different_name_does_not_match() -> None:
    gold = {"officials": [{"name": "Hồ Ngọc Dũng", "titles": []}]}
    report = make_report(text="ông Hồ Ngọc Dung", officials=[("Hồ Ngọc Dung", [])])
    s = score_document(gold, report)["fields"]["officials"]
    assert (s["tp"], s["fp"], s["fn"]) == (0, 1, 1)


def test_hyphenated_foreign_names_match_with_loose_dash_spacing() -> None:
    assert key("Bun-tôn Chăn-thạ-phon") == key("Bun - tôn Chăn – thạ-phon")


@pytest.mark.parametrize("gold, pred, matches", [
    ("Trưởng Ban Kinh tế - Ngân sách HĐND tỉnh", "trưởng ban kinh tế – ngân sách HĐND tỉnh", True),
    ("Thứ trưởng Bộ Tài nguyên và Môi trường Việt Nam", "Thứ trưởng Bộ Tài nguyên và Môi trường", True),  # 8/10
    ("Chủ tịch Hội đồng nhân dân tỉnh Sơn La", "Chủ tịch Hội đồng nhân dân tỉnh", False),  # 7/9: which province?
    ("Phó Thủ tướng Thường trực Chính phủ", "Phó Thủ tướng", False),  # the guide wants the fullest form
    ("Chủ tịch UBND xã Quỳnh Lương", "Chủ tịch UBND xã Quỳnh Lưu", False),  # another place
    ("Bộ trưởng Bộ Nội vụ", "Bộ Nội vụ Bộ trưởng", False),  # words, not in one run
])
def test_title_rule(gold: str, pred: str, matches: bool) -> None:
    assert (title_score(gold, pred) is not None) is matches


def test_titles_are_scored_per_person_and_may_match_by_expanded_form() -> None:
    gold = {"officials": [
        {"name": "Hoàng Văn Chất", "titles": ["Bí thư Tỉnh ủy", "Chủ tịch Hội đồng nhân dân tỉnh Sơn La"]},
        {"name": "Lò Văn Muôn", "titles": ["Chủ tịch Hội đồng nhân dân tỉnh Điện Biên"]},
    ]}
    text = "ông Hoàng Văn Chất, Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh Sơn La; ông Lò Văn Muôn, Bí thư Tỉnh ủy"
    report = make_report(text=text, officials=[("Hoàng Văn Chất", ["Bí thư Tỉnh ủy", "Chủ tịch HĐND tỉnh Sơn La"]),
                                               ("Lò Văn Muôn", ["Bí thư Tỉnh ủy"])])
    report.officials[0].titles[1].expanded = "Chủ tịch Hội đồng nhân dân tỉnh Sơn La"
    scored = score_document(gold, report)
    s = scored["fields"]["officials.titles"]
    # Chất's two titles match; Muôn's predicted title is his, not Chất's, so it is wrong
    assert (s["tp"], s["fp"], s["fn"]) == (2, 1, 1)
    assert scored["misses"]["officials.titles"]["fp"] == ["Lò Văn Muôn: Bí thư Tỉnh ủy"]


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("gold, pred, matches", [
    ("--04-07", "2022-04-07", True),
    ("--04-07", "--04-07", True),
    ("--04-07", "2022-07-04", False),
    ("2022-04-07", "--04-07", False),  # the prediction lacks the year gold has
    ("--12", "2021-12", True),
    ("2021-12", "2022-12", False),
    ("--06-10/--06-15", "2017-06-10/2017-06-15", True),
    ("--06-10/--06-15", "2017-06-10", False),
    ("2018/2021", "2018/2021", True),
    ("2017-01/2017-06", "2017-01/2017-05", False),
])
def test_date_rule(gold: str, pred: str, matches: bool) -> None:
    assert (date_score(gold, pred) is not None) is matches


def test_year_less_gold_date_matches_one_prediction_only_and_exact_first() -> None:
    gold = {"dates": [{"text": "ngày 07/4", "value": "--04-07"}, {"text": "07/4/2022", "value": "2022-04-07"}]}
    text = "ngày 07/4/2022, sáng 7/4 năm 2023"
    report = make_report(text=text, dates=[("ngày 07/4/2022", "2022-04-07"), ("sáng 7/4 năm 2023", "2023-04-07")])
    scored = score_document(gold, report)
    assert scored["fields"]["dates"]["tp"] == 2  # exact pair made first, leaving 2023 for the year-less gold
    report = make_report(text=text, dates=[("ngày 07/4/2022", "2022-04-07")])
    scored = score_document(gold, report)
    assert (scored["fields"]["dates"]["tp"], scored["fields"]["dates"]["fn"]) == (1, 1)
    assert scored["misses"]["dates"]["fn"] == ["--04-07 (ngày 07/4)"]


# ---------------------------------------------------------------- figures


def test_figure_values_are_a_multiset_with_tolerance() -> None:
    gold = {"figures": [{"text": "40", "value": 40, "unit": "TTHC"}, {"text": "40", "value": 40, "unit": "TTHC"},
                        {"text": "8", "value": 8, "unit": "TTHC"}, {"text": "22,5 ngày", "value": 22.5, "unit": "ngày"}]}
    text = "40 TTHC, 8 TTHC, 8 TTHC, 22,5 ngày"
    report = make_report(text=text, figures=[("40 TTHC", 40, "TTHC"), ("8 TTHC", 8, "TTHC"), ("8 TTHC", 8.0, "TTHC"),
                                             ("22,5 ngày", 22.500000000001, "ngày")])
    s = score_document(gold, report)["fields"]["figures.value"]
    assert (s["tp"], s["fp"], s["fn"]) == (3, 1, 1)
    report = make_report(text=text, figures=[("22,5 ngày", 22.6, "ngày")])
    assert score_document(gold, report)["fields"]["figures.value"]["tp"] == 0


@pytest.mark.parametrize("gold, pred, matches", [
    ("hồ sơ", "Hồ sơ", True),
    ("hồ sơ", "bộ hồ sơ", True),
    ("người", "người mắc/năm", True),
    ("%", "%", True),
    ("%", None, False),
    ("người", "hồ sơ", False),
    ("thủ tục hành chính", "TTHC", False),
])
def test_unit_rule(gold: str, pred: str | None, matches: bool) -> None:
    assert (unit_score(gold, pred) is not None) is matches


def test_value_right_unit_wrong_counts_for_value_only() -> None:
    gold = {"figures": [{"text": "1.555 hồ sơ", "value": 1555, "unit": "hồ sơ"}]}
    report = make_report(text="1.555 người", figures=[("1.555 người", 1555, "người")])
    scored = score_document(gold, report)
    assert scored["fields"]["figures.value"]["tp"] == 1
    vu = scored["fields"]["figures.value+unit"]
    assert (vu["tp"], vu["fp"], vu["fn"]) == (0, 1, 1)


# ---------------------------------------------------------------- recommendations


GOLD_REC = "rà soát, điều chỉnh cả tầm luật và văn bản dưới luật"  # 12 syllables


def test_token_overlap_ignores_punctuation_case_and_tones() -> None:
    assert token_f1(GOLD_REC, "Rà soát điều chỉnh cả tầm luật và văn bản dưới luật.") == 1.0
    assert token_f1("khắc phục tình trạng quá hạn", "Khắc phục tình trạng quá hạn") == 1.0
    assert token_f1("hoà giải", "hòa giải") == 1.0


def test_recommendation_overlap_threshold() -> None:
    # 4 of 12 gold syllables, nothing else: P 1, R 1/3 → F1 exactly 0.5, a match (the bound is inclusive)
    assert token_f1(GOLD_REC, "rà soát, điều chỉnh") == pytest.approx(0.5)
    # 3 of 12: F1 0.4, not a match
    assert token_f1(GOLD_REC, "rà soát luật") < 0.5
    gold = {"recommendations": [{"text": GOLD_REC, "by": None, "addressee": None}]}
    for pred, tp in (("rà soát, điều chỉnh", 1), ("rà soát luật", 0)):
        report = make_report(text=f"Bộ trưởng đề nghị {pred}.", recs=[(pred, None, None)])
        assert score_document(gold, report)["fields"]["recommendations"]["tp"] == tp, pred


def test_recommendations_pair_one_to_one_best_overlap_first() -> None:
    gold = {"recommendations": [
        {"text": "tăng cường bồi dưỡng kỹ năng, nghiệp vụ cho cán bộ, công chức", "by": None, "addressee": None},
    ]}
    text = "đề nghị tăng cường bồi dưỡng kỹ năng cho cán bộ; tăng cường bồi dưỡng kỹ năng, nghiệp vụ cho cán bộ, công chức"
    short, full = "tăng cường bồi dưỡng kỹ năng cho cán bộ", "tăng cường bồi dưỡng kỹ năng, nghiệp vụ cho cán bộ, công chức"
    report = make_report(text=text, recs=[(short, None, None), (full, None, None)])
    scored = score_document(gold, report)
    assert (scored["fields"]["recommendations"]["tp"], scored["fields"]["recommendations"]["fp"]) == (1, 1)
    assert scored["misses"]["recommendations"]["fp"] == [short]


def test_by_and_addressee_accuracy_over_matched_pairs() -> None:
    gold = {"recommendations": [
        {"text": "rà soát, đơn giản hóa thủ tục hành chính", "by": "Quỳnh Lưu", "addressee": "các đơn vị"},
        {"text": "mở rộng đầu khóa đến 7 công chức xã", "by": "Huyện Quỳnh Lưu", "addressee": "tỉnh"},
        {"text": "xây dựng Chính phủ điện tử", "by": "Trương Hòa Bình", "addressee": None},
    ]}
    text = ("Huyện Quỳnh Lưu đề nghị các đơn vị rà soát, đơn giản hoá thủ tục hành chính; đề nghị tỉnh mở rộng "
            "đầu khóa đến 7 công chức xã. Phó Thủ tướng yêu cầu xây dựng Chính phủ điện tử.")
    report = make_report(text=text, recs=[
        ("rà soát, đơn giản hoá thủ tục hành chính", "Huyện Quỳnh Lưu", "các đơn vị"),  # by: containment
        ("mở rộng đầu khóa đến 7 công chức xã", "Huyện Quỳnh Lưu", None),  # addressee missed
        ("xây dựng Chính phủ điện tử", "Phó Thủ tướng", None),  # by wrong, null addressee right
    ])
    scored = score_document(gold, report)
    assert scored["fields"]["recommendations"]["tp"] == 3
    assert scored["accuracy"]["recommendations.by"] == {"correct": 2, "total": 3, "accuracy": 2 / 3}
    assert scored["accuracy"]["recommendations.addressee"]["correct"] == 2
    assert scored["misses"]["recommendations.by"][0].startswith("gold 'Trương Hòa Bình' vs predicted 'Phó Thủ tướng'")


# ---------------------------------------------------------------- published and ratios


def test_published_wrong_is_a_miss_both_ways_and_absent_gold_is_not_scored() -> None:
    wrong = score_document(GOLD, make_report(published="2022-04-07"))
    assert (wrong["fields"]["published"]["fp"], wrong["fields"]["published"]["fn"]) == (1, 1)
    assert wrong["accuracy"]["published"] == {"correct": 0, "total": 1, "accuracy": 0.0}
    no_gold = score_document({"published": None}, make_report(published="2022-04-07"))
    assert no_gold["fields"]["published"]["fp"] == 1
    assert no_gold["accuracy"]["published"]["total"] == 0


def test_ratio_conventions() -> None:
    assert prf(0, 0, 0)["f1"] == 1.0
    assert prf(0, 2, 0)["precision"] == 0.0
    assert prf(3, 1, 2) == pytest.approx(
        {"tp": 3, "fp": 1, "fn": 2, "precision": 0.75, "recall": 0.6, "f1": 2 * 0.75 * 0.6 / 1.35})


# ---------------------------------------------------------------- corpus runs


def test_evaluate_finds_documents_and_lists_unreadable_ones(tmp_path: Path) -> None:
    gold_dir, docs_dir = tmp_path / "gold", tmp_path / "docs"
    (docs_dir / "sub").mkdir(parents=True)
    gold_dir.mkdir()
    (docs_dir / "sub" / "bai-viet.txt").write_text(TEXT, encoding="utf-8")
    (docs_dir / "trong.txt").write_text("", encoding="utf-8")
    (gold_dir / "bai-viet.json").write_text(json.dumps({k: v for k, v in GOLD.items() if k != "doc"}), "utf-8")
    (gold_dir / "trong.json").write_text(json.dumps({**GOLD, "doc": "trong.txt"}), "utf-8")
    (gold_dir / "vang.json").write_text(json.dumps({**GOLD, "doc": "khong-co.txt"}), "utf-8")
    scores = evaluate(gold_dir, docs_dir)
    assert scores["n_documents"] == 3
    by_name = {d["document"]: d for d in scores["documents"]}
    assert by_name["bai-viet"]["status"] == "ok" and by_name["bai-viet"]["path"].endswith("bai-viet.txt")
    assert {e["document"]: e["kind"] for e in scores["errors"]} == {"trong": "empty", "vang": "missing"}
    assert scores["fields"]["dates"]["fn"] >= 4  # the two unread documents count as empty predictions
    result = CliRunner().invoke(app, ["eval", "--gold", str(gold_dir), "--docs", str(docs_dir)])
    assert result.exit_code == 0, result.output
    assert "trong!" in result.output and "vang: missing" in result.output
    assert any(line.startswith("figures.value+unit ") for line in result.output.splitlines())


def test_giamsat_eval_on_shared_gold() -> None:
    if not (CORPUS / "gold").is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    runner = CliRunner()
    args = ["eval", "--gold", str(CORPUS / "gold"), "--docs", str(CORPUS / "dev")]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    n_gold = len(list((CORPUS / "gold").glob("*.json")))
    assert scores["n_documents"] == len(scores["documents"]) == n_gold
    gold_officials = sum(len(json.loads(p.read_text("utf-8"))["officials"]) for p in (CORPUS / "gold").glob("*.json"))
    assert scores["fields"]["officials"]["tp"] + scores["fields"]["officials"]["fn"] == gold_officials
    # the table, rendered from the same scores, names every field and every document
    table = format_scores(scores)
    for name in FIELDS:
        assert any(line.startswith(name + " ") for line in table.splitlines()), name
    for doc in scores["documents"]:
        assert doc["document"] in table


def test_repeated_predicted_person_counts_once_and_keeps_all_titles() -> None:
    gold = {"officials": [{"name": "Lê Quang Hòa", "titles": ["Ủy viên Ban Thường vụ Tỉnh ủy",
                                                             "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy"]}]}
    text = "ông Lê Quang Hòa, Ủy viên Ban Thường vụ Tỉnh ủy; đồng chí LÊ QUANG HOÀ, Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy"
    report = make_report(text=text, officials=[("Lê Quang Hòa", ["Ủy viên Ban Thường vụ Tỉnh ủy"]),
                                               ("LÊ QUANG HOÀ", ["Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy"])])
    scored = score_document(gold, report)
    assert (scored["fields"]["officials"]["tp"], scored["fields"]["officials"]["fp"]) == (1, 0)
    assert scored["fields"]["officials.titles"]["f1"] == 1.0


def test_every_shared_gold_file_scores_one_against_itself() -> None:
    """The rules are reflexive on real gold (repeated values, periods, null units, foreign names)."""
    if not (CORPUS / "gold").is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    for path in sorted((CORPUS / "gold").glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        sup = gold.get("supervision") or {}
        pieces = ([t for o in gold["officials"] for t in o["titles"]] + [d["text"] for d in gold["dates"]]
                  + [f["text"] for f in gold["figures"]] + [r["text"] for r in gold["recommendations"]]
                  + [p for p in (sup.get("body"), sup.get("topic"), sup.get("period"), *(sup.get("targets") or [])) if p])
        report = make_report(
            text="\n".join(pieces) or " ",
            officials=[(o["name"], o["titles"]) for o in gold["officials"]],
            dates=[(d["text"], d["value"]) for d in gold["dates"]],
            figures=[(f["text"], f["value"], f["unit"]) for f in gold["figures"]],
            recs=[(r["text"], r["by"], r["addressee"]) for r in gold["recommendations"]],
            published=gold["published"],
            supervision=sup,
        )
        scored = score_document(gold, report)
        for name in FIELDS:
            assert scored["fields"][name]["f1"] == 1.0, (path.name, name, scored["misses"][name])
        assert scored["accuracy"]["recommendations.by"]["correct"] == len(gold["recommendations"])


def test_document_block_is_scored_exactly_part_by_part():
    from extract.pipeline import process_bytes

    text = ("UBND HUYỆN A\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 7/BC-UBND\nHuyện A, ngày 02 tháng 3 năm 2024\n\nBÁO CÁO\nKết quả tự kiểm tra\n\nNội dung.\n")
    report = process_bytes(text.encode("utf-8"), name="a.txt")
    gold = {"doc": "a.txt", "officials": [], "dates": [], "figures": [], "recommendations": [],
            "document": {"number": "7/BC-UBND", "kind": "Báo cáo", "issuer": "UBND HUYỆN A",
                         "issued": "2024-03-02", "place": "Huyện B"}}
    scored = score_document(gold, report)
    assert scored["accuracy"]["document"] == {"correct": 4, "total": 5, "accuracy": 0.8}
    assert scored["misses"]["document"] == ["place: gold 'Huyện B' vs predicted 'Huyện A'"]


# ---------------------------------------------------------------- supervision

SUP_TEXT = ("Đoàn giám sát của Thường trực HĐND tỉnh Nghệ An đã làm việc với UBND huyện Yên Thành, UBND xã Hoa "
            "Thành và các phòng, ban chuyên môn về việc thực hiện chính sách hỗ trợ sản xuất nông nghiệp "
            "giai đoạn 2019 - 2023. Ban Kinh tế - Ngân sách HĐND tỉnh; UBND tỉnh; 2019/2023 2020/2023 2021 2022-04-07/2022-04-10")
SUP_GOLD = {"body": "Đoàn giám sát của Thường trực HĐND tỉnh",
            "targets": ["UBND huyện Yên Thành", "UBND xã Hoa Thành", "các phòng, ban chuyên môn"],
            "topic": "việc thực hiện chính sách hỗ trợ sản xuất nông nghiệp", "period": "2019/2023"}
NO_SUP = {"body": None, "targets": [], "topic": None, "period": None}


def _sup_scores(gold: dict[str, Any] | None, pred: dict[str, Any] | None) -> dict[str, tuple[int, int, int]]:
    g = {"officials": [], "dates": [], "figures": [], "recommendations": []}
    if gold is not None:
        g["supervision"] = gold
    scored = score_document(g, make_report(text=SUP_TEXT, supervision=pred))
    return {name.split(".")[1]: (s["tp"], s["fp"], s["fn"]) for name, s in scored["fields"].items()
            if name.startswith("supervision.")}


def test_supervision_fields_are_scored_and_shown() -> None:
    assert {"supervision.body", "supervision.targets", "supervision.topic", "supervision.period"} <= set(FIELDS)
    assert _sup_scores(SUP_GOLD, SUP_GOLD) == {"body": (1, 0, 0), "targets": (3, 0, 0), "topic": (1, 0, 0),
                                               "period": (1, 0, 0)}


def test_supervision_body_matches_by_key_or_a_covering_word_run() -> None:
    # a longer written form that covers >= 0.8 of it: "… Nghệ An" adds 2 of 10 words
    fuller = "Đoàn giám sát của Thường trực HĐND tỉnh Nghệ An"
    assert _sup_scores(SUP_GOLD, {**SUP_GOLD, "body": fuller})["body"] == (1, 0, 0)
    # the parent body alone covers 4 of 8 words: a wrong body is a fp and a fn
    assert _sup_scores(SUP_GOLD, {**SUP_GOLD, "body": "Thường trực HĐND tỉnh"})["body"] == (0, 1, 1)
    assert _sup_scores(SUP_GOLD, {**SUP_GOLD, "body": "Ban Kinh tế - Ngân sách HĐND tỉnh"})["body"] == (0, 1, 1)


def test_supervision_missed_spurious_and_both_null() -> None:
    missed = _sup_scores(SUP_GOLD, None)
    assert missed == {"body": (0, 0, 1), "targets": (0, 0, 3), "topic": (0, 0, 1), "period": (0, 0, 1)}
    spurious = _sup_scores(NO_SUP, SUP_GOLD)
    assert spurious == {"body": (0, 1, 0), "targets": (0, 3, 0), "topic": (0, 1, 0), "period": (0, 1, 0)}
    # a document that reports no supervision, and a record that says none: nothing counted
    assert set(_sup_scores(NO_SUP, None).values()) == {(0, 0, 0)}


def test_supervision_unannotated_gold_is_not_scored() -> None:
    assert set(_sup_scores(None, SUP_GOLD).values()) == {(0, 0, 0)}


def test_supervision_targets_are_a_set_with_the_body_rule() -> None:
    pred = {**SUP_GOLD, "targets": ["UBND xã Hoa Thành", "UBND huyện Yên Thành", "UBND tỉnh"]}
    assert _sup_scores(SUP_GOLD, pred)["targets"] == (2, 1, 1)  # order does not count; one spurious, one missed
    # "Yên Thành" alone covers 2 of 4 words of "UBND huyện Yên Thành": no match
    assert _sup_scores(SUP_GOLD, {**SUP_GOLD, "targets": ["Yên Thành"]})["targets"] == (0, 1, 3)
    scored = score_document({"supervision": SUP_GOLD}, make_report(text=SUP_TEXT, supervision=pred))
    assert scored["misses"]["supervision.targets"] == {"fp": ["UBND tỉnh"], "fn": ["các phòng, ban chuyên môn"]}


def test_supervision_target_alone_counts_when_targets_is_empty() -> None:
    report = make_report(text=SUP_TEXT, supervision=SUP_GOLD)
    report.supervision.targets = []
    scored = score_document({"supervision": SUP_GOLD}, report)
    assert (scored["fields"]["supervision.targets"]["tp"], scored["fields"]["supervision.targets"]["fn"]) == (1, 2)


def test_supervision_topic_matches_by_token_overlap() -> None:
    half = "việc thực hiện chính sách hỗ trợ"  # 6 of 10 gold tokens, all right: F1 0.75
    assert _sup_scores(SUP_GOLD, {**SUP_GOLD, "topic": half})["topic"] == (1, 0, 0)
    assert token_f1(SUP_GOLD["topic"], "việc thực hiện") < 0.5
    assert _sup_scores(SUP_GOLD, {**SUP_GOLD, "topic": "việc thực hiện"})["topic"] == (0, 1, 1)


def test_supervision_period_matches_by_value_with_the_dates_rule() -> None:
    assert _sup_scores(SUP_GOLD, {**SUP_GOLD, "period": "2020/2023"})["period"] == (0, 1, 1)
    assert _sup_scores(SUP_GOLD, {**SUP_GOLD, "period": None})["period"] == (0, 0, 1)
    yearless = {**SUP_GOLD, "period": "--04-07/--04-10"}  # a year-less gold period: any year matches
    assert _sup_scores(yearless, {**SUP_GOLD, "period": "2022-04-07/2022-04-10"})["period"] == (1, 0, 0)
    assert _sup_scores(yearless, {**SUP_GOLD, "period": "2021"})["period"] == (0, 1, 1)


def test_supervision_columns_in_the_per_document_table() -> None:
    scores = {"n_documents": 1, "errors": [], "fields": {}, "accuracy": {},
              "documents": [{"document": "a", "status": "ok", **score_document(
                  {"supervision": SUP_GOLD}, make_report(text=SUP_TEXT, supervision=SUP_GOLD))}]}
    scores["fields"] = scores["documents"][0]["fields"]
    scores["accuracy"] = scores["documents"][0]["accuracy"]
    table = format_scores(scores)
    header = next(line for line in table.splitlines() if line.startswith("document") and "names" in line)
    assert header.split()[-4:] == ["s.body", "s.tgts", "s.topic", "s.per"]
    assert max(len(line) for line in table.splitlines()) <= 120


def test_gold_finds_its_document_of_any_kind_giamsat_reads(tmp_path):
    from extract.evaluate import find_document

    (tmp_path / "a.md").write_text("# Báo cáo\n", encoding="utf-8")
    (tmp_path / "b.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    (tmp_path / "c").write_text("Báo cáo kết quả giám sát.\n", encoding="utf-8")  # no suffix
    (tmp_path / "d.zip").write_bytes(b"PK\x03\x04")
    assert find_document("a", {}, tmp_path).name == "a.md"
    assert find_document("b", {}, tmp_path).name == "b.doc"
    assert find_document("c", {}, tmp_path).name == "c"
    assert find_document("d", {}, tmp_path) is None
