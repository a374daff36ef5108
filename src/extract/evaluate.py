"""Score extraction output against gold files (``giamsat eval``).

Why a scorer of its own: the gold guide (``shared/corpus/ANNOTATION.md``) says what
counts as "the same" item, and those rules are looser than string equality: names
differ in case and tone-mark placement, a year-less gold date is right whatever year
the extractor inferred, a recommendation's boundaries are a matter of judgement.
Each rule is written down here once so every extractor is measured the same way.

Fields scored (P/R/F1, micro-averaged over documents):

``officials``
    Set of names. Two names match when their keys are equal (``key``: ``fold``,
    dashes unified, spaces around dashes dropped, whitespace collapsed).
``officials.titles``
    Set of (name, title) pairs over all people; a pair of a missed person is a miss.
    Titles of the same person match, one-to-one, when their keys are equal, or when the
    word sequence of one is a contiguous run inside the other and covers at least
    ``TITLE_COVER`` (0.8) of its words (so "Bộ trưởng Bộ Nội vụ" ≈ "Bộ trưởng Bộ Nội vụ
    Việt Nam" but "Phó Thủ tướng" ≠ "Phó Thủ tướng Thường trực Chính phủ": the guide asks
    for the fullest form). A predicted title may also match by its ``expanded`` form.
``dates``
    By value, one-to-one. Equal values match; a gold value (or a gold period end) with
    no year (``--MM-DD``, ``--MM``) also matches a prediction with the same month/day and
    any year or none. A predicted year-less value does not match a gold value with a year.
``figures.value``
    Multiset of numbers, one-to-one, equal within a relative tolerance of 1e-9.
``figures.value+unit``
    Value as above and units matching: keys equal, or the words of one unit a
    contiguous run inside the other ("hồ sơ" ≈ "bộ hồ sơ", "người" ≈ "người mắc/năm"):
    the guide asks for the counted noun "short", so a longer or shorter but compatible
    unit is not punished; a unit and no unit do not match. Exact unit matches are paired first.
``recommendations``
    A predicted and a gold recommendation match when the token-level F1 of their texts
    (folded syllables, punctuation dropped) is at least ``REC_OVERLAP`` (0.5); pairs are
    made one-to-one, best overlap first.
``published``
    Per document: a predicted ``source.published`` equal to gold is a tp; a gold value
    not predicted is a fn; a predicted value that is not gold's is a fp.
``supervision.body``
    Per document, one value: gold and predicted bodies match when their keys are equal or
    one is a contiguous word run of the other covering at least ``TITLE_COVER`` of it (as
    titles). A match is a tp; a gold body not matched is a fn; a predicted body not matched
    is a fp (so a wrong body is both). Both null is a true negative and not counted: the
    guide's "no supervision" documents score by the fp they do not get.
``supervision.targets``
    Set of targets per document, one-to-one, with the body's matching rule. A record whose
    ``targets`` is empty but whose ``target`` is set counts that one target.
``supervision.topic``
    Per document, one value, as ``supervision.body`` but matching when the token-level F1
    of the two texts is at least ``REC_OVERLAP`` (0.5), as for recommendations.
``supervision.period``
    Per document, one value, as ``supervision.body`` but matching by ``period.value`` with
    the dates rule (a year-less gold end matches any year).

A gold file without a ``supervision`` key has not been annotated for it: its document adds
nothing to the four supervision rows (an empty block, ``{"body": null, "targets": [], …}``,
is an annotation that the document reports no supervision).

Accuracies (correct / total): ``recommendations.by`` and ``recommendations.addressee``
over matched recommendation pairs (keys equal, or one a contiguous word run of the
other; both null is correct), and ``published`` over documents whose gold has a value.

Where a ratio has a zero denominator it is 1.0 when gold and prediction are both empty
(nothing to find, nothing claimed) and 0.0 otherwise.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence, TypeVar

from .models import ErrorRecord, Report
from .normalize import fold

G = TypeVar("G")
P = TypeVar("P")

FIELDS = (
    "officials",
    "officials.titles",
    "dates",
    "figures.value",
    "figures.value+unit",
    "recommendations",
    "published",
    "supervision.body",
    "supervision.targets",
    "supervision.topic",
    "supervision.period",
)
ACCURACIES = ("recommendations.by", "recommendations.addressee", "published", "document")
SHORT = {
    "officials": "names",
    "officials.titles": "titles",
    "dates": "dates",
    "figures.value": "fig.val",
    "figures.value+unit": "fig.v+u",
    "recommendations": "recs",
    "published": "publ",
    "supervision.body": "s.body",
    "supervision.targets": "s.tgts",
    "supervision.topic": "s.topic",
    "supervision.period": "s.per",
}
TITLE_COVER = 0.8
REC_OVERLAP = 0.5
VALUE_TOLERANCE = 1e-9
# a gold file NAME.json is the document NAME with one of these suffixes (in this order of
# preference), else a file named NAME that giamsat reads (``ingest.skip_reason``)
DOC_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".doc", ".rtf", ".odt",
                ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp")

# --------------------------------------------------------------------------- keys

_DASHES = re.compile(r"\s*[-\u2010-\u2015\u2212]\s*")
_SPACE = re.compile(r"\s+")
_EDGE_PUNCT = " \t\n.,;:!?\"'“”‘’()[]«»…"
_WORD = re.compile(r"\w+|%")


def key(text: str | None) -> str:
    """Comparison key: folded case/tone, one dash kind with no spaces around it, one space."""
    if text is None:
        return ""
    k = fold(text)
    k = _DASHES.sub("-", k)
    k = _SPACE.sub(" ", k)
    return k.strip(_EDGE_PUNCT)


def words(text: str | None) -> list[str]:
    """Folded words (syllables) with punctuation dropped; '%' kept as a word for units."""
    return _WORD.findall(fold(text or ""))


def _contains_run(long: Sequence[str], short: Sequence[str]) -> bool:
    n = len(short)
    if n == 0 or n > len(long):
        return False
    return any(list(long[i : i + n]) == list(short) for i in range(len(long) - n + 1))


def token_f1(a: str | None, b: str | None) -> float:
    """Token-level F1 of two texts over folded syllables (multiset overlap)."""
    ta, tb = Counter(words(a)), Counter(words(b))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    precision = common / sum(tb.values())
    recall = common / sum(ta.values())
    return 2 * precision * recall / (precision + recall)


# --------------------------------------------------------------------------- rules


def title_score(gold: str, pred: str) -> float | None:
    """1.0 for equal keys; the coverage for a contiguous containment ≥ TITLE_COVER; else None."""
    if key(gold) == key(pred) and key(gold):
        return 1.0
    wg, wp = words(gold), words(pred)
    if not wg or not wp:
        return None
    long, short = (wg, wp) if len(wg) >= len(wp) else (wp, wg)
    if _contains_run(long, short):
        cover = len(short) / len(long)
        if cover >= TITLE_COVER:
            return cover
    return None




def _date_parts(value: str) -> tuple[str | None, str | None, str | None] | None:
    """(year, month, day) of one ISO value: 'YYYY', 'YYYY-MM', 'YYYY-MM-DD', '--MM', '--MM-DD'."""
    value = value.strip()
    if re.fullmatch(r"\d{4}", value):
        return value, None, None
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if m:
        return m.group(1), m.group(2), m.group(3)
    m = re.fullmatch(r"--(\d{2})(?:-(\d{2}))?", value)
    if m:
        return None, m.group(1), m.group(2)
    return None


def _date_end_score(gold: str, pred: str) -> float | None:
    if gold == pred:
        return 1.0
    g, p = _date_parts(gold), _date_parts(pred)
    if g is None or p is None or g[0] is not None:
        return None
    if g[1:] == p[1:] and g[1] is not None:
        return 0.5  # year-less gold: any predicted year (or none) with the same month/day
    return None


def date_score(gold: str, pred: str) -> float | None:
    """1.0 for equal values, 0.5 for a match through a year-less gold end, else None."""
    gold, pred = gold.strip(), pred.strip()
    if gold == pred:
        return 1.0
    gs, ps = gold.split("/"), pred.split("/")
    if len(gs) != len(ps):
        return None
    scores = [_date_end_score(g, p) for g, p in zip(gs, ps)]
    if any(s is None for s in scores):
        return None
    return min(scores)  # type: ignore[type-var]


def same_value(a: float | int | None, b: float | int | None) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=VALUE_TOLERANCE, abs_tol=1e-12)  # type: ignore[arg-type]
    except (TypeError, ValueError):  # a missing or non-numeric gold value matches nothing
        return False


def unit_score(gold: str | None, pred: str | None) -> float | None:
    """1.0 for equal keys (or both absent); 0.5 when one unit's words run inside the other's."""
    kg, kp = key(gold), key(pred)
    if kg == kp:
        return 1.0
    if not kg or not kp:
        return None
    wg, wp = words(gold), words(pred)
    if _contains_run(wg, wp) or _contains_run(wp, wg):
        return 0.5
    return None


def loose_equal(gold: str | None, pred: str | None) -> bool:
    """For by/addressee: both absent, equal keys, or one a contiguous word run of the other."""
    if not key(gold) and not key(pred):
        return True
    if not key(gold) or not key(pred):
        return False
    if key(gold) == key(pred):
        return True
    wg, wp = words(gold), words(pred)
    return _contains_run(wg, wp) or _contains_run(wp, wg)


def greedy_match(
    gold: Sequence[G], pred: Sequence[P], score: Callable[[G, P], float | None]
) -> list[tuple[int, int, float]]:
    """One-to-one pairs (gold index, pred index, score), best score first, ties in order."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            s = score(g, p)
            if s is not None:
                candidates.append((-s, gi, pi))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for neg, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi, -neg))
    return sorted(pairs)


# --------------------------------------------------------------------------- counts


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Counts with precision, recall, F1 (1.0 when both sides are empty, 0.0 for other 0/0)."""
    empty = tp + fp + fn == 0
    precision = tp / (tp + fp) if tp + fp else (1.0 if empty else 0.0)
    recall = tp / (tp + fn) if tp + fn else (1.0 if empty else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def accuracy(correct: int, total: int) -> dict[str, Any]:
    return {"correct": correct, "total": total, "accuracy": correct / total if total else None}


def _score_lists(
    gold: Sequence[G],
    pred: Sequence[P],
    score: Callable[[G, P], float | None],
    show_gold: Callable[[G], str],
    show_pred: Callable[[P], str],
) -> tuple[dict[str, Any], dict[str, list[str]], list[tuple[int, int, float]]]:
    pairs = greedy_match(gold, pred, score)
    matched_g = {gi for gi, _, _ in pairs}
    matched_p = {pi for _, pi, _ in pairs}
    fn = [show_gold(g) for i, g in enumerate(gold) if i not in matched_g]
    fp = [show_pred(p) for i, p in enumerate(pred) if i not in matched_p]
    return prf(len(pairs), len(fp), len(fn)), {"fp": fp, "fn": fn}, pairs


def _unique(items: Iterable[G], by: Callable[[G], Any]) -> list[G]:
    """First item of each key: the output contract lists each name/value once, and so does gold."""
    seen: set[Any] = set()
    out = []
    for item in items:
        k = by(item)
        if k in seen:
            continue
        seen.add(k)
        out.append(item)
    return out


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


# --------------------------------------------------------------------------- one document


def score_document(gold: dict[str, Any], record: Report | ErrorRecord | None,
                   keep: dict[str, Any] | None = None) -> dict[str, Any]:
    """Score one prediction against one gold dict; an error record (or None) is an empty prediction.
    With ``keep``, each list field's (gold items, predicted items, pairs) is put in it, for a page
    that shows which items were matched (``giamsat show --gold``)."""
    report = record if isinstance(record, Report) else None
    out = _Scores(keep={} if keep is None else keep)
    for score in (_score_officials, _score_titles, _score_dates, _score_figures, _score_recommendations,
                  _score_published, _score_document_block):
        score(gold, report, out)
    _score_supervision(gold, report, out.fields, out.misses, out.keep)
    return {"fields": out.fields, "accuracy": out.acc, "misses": out.misses}


@dataclass
class _Scores:
    """One document's scores as they are made: per field P/R/F1, accuracies, misses, and (for
    ``show --gold``) what was matched."""

    keep: dict[str, Any]
    fields: dict[str, Any] = field(default_factory=dict)
    misses: dict[str, Any] = field(default_factory=dict)
    acc: dict[str, Any] = field(default_factory=dict)


def _score_officials(gold: dict[str, Any], report: Report | None, out: _Scores) -> None:
    """officials: by name."""
    g_off = _unique(gold.get("officials") or [], lambda o: key(o.get("name")))
    p_off = _unique(report.officials if report else [], lambda o: key(o.name))
    out.fields["officials"], out.misses["officials"], pairs = _score_lists(
        [o.get("name", "") for o in g_off],
        [o.name for o in p_off],
        lambda g, p: 1.0 if key(g) and key(g) == key(p) else None,
        str,
        str,
    )
    out.keep["officials"] = (g_off, p_off, pairs)


def _score_titles(gold: dict[str, Any], report: Report | None, out: _Scores) -> None:
    """officials.titles: (name, title) pairs; predicted pairs carry (text, expanded)."""
    g_pairs = _unique(
        [(o.get("name", ""), t) for o in gold.get("officials") or [] for t in o.get("titles") or []],
        lambda pair: (key(pair[0]), key(pair[1])),
    )
    p_pairs = _unique(
        [(o.name, t.text, t.expanded) for o in (report.officials if report else []) for t in o.titles],
        lambda pair: (key(pair[0]), key(pair[1])),
    )

    def pair_score(g: tuple[str, str], p: tuple[str, str, str | None]) -> float | None:
        if key(g[0]) != key(p[0]):
            return None
        scores = [s for s in (title_score(g[1], p[1]), title_score(g[1], p[2]) if p[2] else None) if s]
        return max(scores) if scores else None

    out.fields["officials.titles"], out.misses["officials.titles"], pairs = _score_lists(
        g_pairs, p_pairs, pair_score, lambda g: f"{g[0]}: {g[1]}", lambda p: f"{p[0]}: {p[1]}"
    )
    out.keep["officials.titles"] = (g_pairs, p_pairs, pairs)


def _score_dates(gold: dict[str, Any], report: Report | None, out: _Scores) -> None:
    """dates: by value."""
    g_dates = _unique(gold.get("dates") or [], lambda d: str(d.get("value", "")).strip())
    p_dates = _unique(report.dates if report else [], lambda d: d.value.strip())
    out.fields["dates"], out.misses["dates"], pairs = _score_lists(
        g_dates,
        p_dates,
        lambda g, p: date_score(str(g.get("value", "")), p.value),
        lambda g: f"{g.get('value')} ({g.get('text')})",
        lambda p: f"{p.value} ({p.text})",
    )
    out.keep["dates"] = (g_dates, p_dates, pairs)


def _score_figures(gold: dict[str, Any], report: Report | None, out: _Scores) -> None:
    """figures: by value, then value and unit."""
    g_figs = list(gold.get("figures") or [])
    p_figs = list(report.figures if report else [])

    def show_gf(g: dict[str, Any]) -> str:
        return f"{_num(g.get('value'))} {g.get('unit') or ''} ({g.get('text')})".replace("  ", " ")

    def show_pf(p: Any) -> str:
        return f"{_num(p.value)} {p.unit or ''} ({p.text})".replace("  ", " ")

    out.fields["figures.value"], out.misses["figures.value"], _ = _score_lists(
        g_figs, p_figs, lambda g, p: 1.0 if same_value(g.get("value"), p.value) else None, show_gf, show_pf
    )

    def fig_unit_score(g: dict[str, Any], p: Any) -> float | None:
        return unit_score(g.get("unit"), p.unit) if same_value(g.get("value"), p.value) else None

    out.fields["figures.value+unit"], out.misses["figures.value+unit"], pairs = _score_lists(
        g_figs, p_figs, fig_unit_score, show_gf, show_pf
    )
    out.keep["figures.value+unit"] = (g_figs, p_figs, pairs)


def _score_recommendations(gold: dict[str, Any], report: Report | None, out: _Scores) -> None:
    """recommendations: token overlap of text; then by/addressee over matched pairs."""
    g_recs = list(gold.get("recommendations") or [])
    p_recs = list(report.recommendations if report else [])

    def rec_score(g: dict[str, Any], p: Any) -> float | None:
        s = token_f1(g.get("text"), p.text)
        return s if s >= REC_OVERLAP else None

    out.fields["recommendations"], out.misses["recommendations"], pairs = _score_lists(
        g_recs, p_recs, rec_score, lambda g: str(g.get("text")), lambda p: p.text
    )
    out.keep["recommendations"] = (g_recs, p_recs, pairs)
    for part in ("by", "addressee"):
        wrong = []
        for gi, pi, _ in pairs:
            g_val, p_val = g_recs[gi].get(part), getattr(p_recs[pi], part)
            if not loose_equal(g_val, p_val):
                wrong.append(f"gold {g_val!r} vs predicted {p_val!r}: {_clip(g_recs[gi].get('text'))}")
        out.acc[f"recommendations.{part}"] = accuracy(len(pairs) - len(wrong), len(pairs))
        out.misses[f"recommendations.{part}"] = wrong


def _score_published(gold: dict[str, Any], report: Report | None, out: _Scores) -> None:
    g_pub = gold.get("published") or None
    p_pub = report.source.published if report else None
    tp = int(bool(g_pub) and g_pub == p_pub)
    out.fields["published"] = prf(tp, int(bool(p_pub) and not tp), int(bool(g_pub) and not tp))
    out.acc["published"] = accuracy(tp, 1) if g_pub else accuracy(0, 0)
    out.misses["published"] = (
        {"fp": [p_pub] if p_pub and not tp else [], "fn": [g_pub] if g_pub and not tp else []}
    )


def _score_document_block(gold: dict[str, Any], report: Report | None, out: _Scores) -> None:
    """The document block (a project extension of the gold format, for formal reports)."""
    g_doc = gold.get("document")
    if g_doc:
        wrong_parts = [f"{name}: gold {g!r} vs predicted {p!r}" for name, g, p in _document_pairs(g_doc, report)
                       if g != p]
        total_parts = len(list(_document_pairs(g_doc, report)))
        out.acc["document"] = accuracy(total_parts - len(wrong_parts), total_parts)
        out.misses["document"] = wrong_parts
    else:
        out.acc["document"] = accuracy(0, 0)
        out.misses["document"] = []


def _one_value(gold: Any, pred: Any, same: Callable[[Any, Any], bool],
               show: Callable[[Any], str]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """A field with one value per document: tp on a match, a wrong value is a fp and a fn, both null counts nothing."""
    has_g, has_p = gold is not None, pred is not None
    tp = int(has_g and has_p and same(gold, pred))
    fp, fn = int(has_p and not tp), int(has_g and not tp)
    return prf(tp, fp, fn), {"fp": [show(pred)] if fp else [], "fn": [show(gold)] if fn else []}


def _score_supervision(gold: dict[str, Any], report: Report | None,
                       fields: dict[str, Any], misses: dict[str, Any], keep: dict[str, Any]) -> None:
    names = ("supervision.body", "supervision.targets", "supervision.topic", "supervision.period")
    g_sup = gold.get("supervision")
    if not isinstance(g_sup, dict):  # not annotated for supervision: nothing to score
        for name in names:
            fields[name], misses[name] = prf(0, 0, 0), {"fp": [], "fn": []}
        return
    sup = report.supervision if report else None

    def text(m: Any) -> str | None:
        return m.text if m is not None and key(m.text) else None

    def same_name(g: str, p: str) -> bool:
        return title_score(g, p) is not None

    g_body = g_sup.get("body") or None
    fields["supervision.body"], misses["supervision.body"] = _one_value(
        g_body, text(sup.body) if sup else None, same_name, str)

    g_targets = _unique([t for t in g_sup.get("targets") or [] if key(t)], key)
    p_targets = [m.text for m in sup.targets] if sup else []
    if sup and not p_targets and sup.target is not None:
        p_targets = [sup.target.text]
    p_targets = _unique([t for t in p_targets if key(t)], key)
    fields["supervision.targets"], misses["supervision.targets"], pairs = _score_lists(
        g_targets, p_targets, lambda g, p: title_score(g, p), str, str)
    keep["supervision.targets"] = (g_targets, p_targets, pairs)

    g_topic = g_sup.get("topic") or None
    fields["supervision.topic"], misses["supervision.topic"] = _one_value(
        g_topic, text(sup.topic) if sup else None, lambda g, p: token_f1(g, p) >= REC_OVERLAP, _clip)

    g_period = str(g_sup.get("period")).strip() if g_sup.get("period") else None
    p_period = sup.period.value if sup and sup.period else None
    fields["supervision.period"], misses["supervision.period"] = _one_value(
        g_period, p_period, lambda g, p: date_score(g, p) is not None, str)


def _layout_free(value: Any) -> Any:
    """Line breaks and runs of spaces do not count: a PDF or Word file lays the header's lines
    out its own way ("HĐND TỈNH X\\nTHƯỜNG TRỰC" in a text file, one line in a PDF)."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_layout_free(v) for v in value]
    return value


def _document_pairs(g_doc: dict[str, Any], report: Report | None) -> Iterable[tuple[str, Any, Any]]:
    """(field, gold, predicted) for each part of the document block that the gold gives; exact match."""
    d = report.document if report else None

    def text(m: Any) -> Any:
        return m.text if m is not None else None

    pred = {
        "number": text(d.number) if d else None,
        "kind": d.kind if d else None,
        "issuer": text(d.issuer) if d else None,
        "place": text(d.place) if d else None,
        "issued": d.issued.value if d and d.issued else None,
        "title": text(d.title) if d else None,
        "recipients": [m.text for m in d.recipients] if d else [],
    }
    signer = d.signer if d else None
    for name in ("number", "kind", "issuer", "place", "issued", "title", "recipients"):
        if name in g_doc:
            yield name, _layout_free(g_doc[name]), _layout_free(pred[name])
    for name in ("name", "title", "capacity"):
        if name in (g_doc.get("signer") or {}):
            yield f"signer.{name}", g_doc["signer"][name], getattr(signer, name, None) if signer else None


def _clip(text: Any, n: int = 60) -> str:
    s = str(text or "")
    return s if len(s) <= n else s[: n - 1] + "…"


# --------------------------------------------------------------------------- corpus


def find_document(gold_name: str, gold: dict[str, Any], docs_dir: Path) -> Path | None:
    """The document a gold file names: its ``doc`` field (directly or anywhere below), else NAME.*"""
    doc = gold.get("doc")
    if doc:
        direct = docs_dir / doc
        if direct.is_file():
            return direct
        found = sorted(p for p in docs_dir.rglob(Path(doc).name) if p.is_file())
        if found:
            return found[0]
    for suffix in DOC_SUFFIXES:
        candidates = sorted(p for p in docs_dir.rglob(gold_name + suffix) if p.is_file())
        if candidates:
            return candidates[0]
    from .ingest import skip_reason

    bare = sorted(p for p in docs_dir.rglob(gold_name) if p.is_file() and skip_reason(p) is None)
    return bare[0] if bare else None


def _sum_fields(docs: list[dict[str, Any]]) -> dict[str, Any]:
    total = {}
    for name in FIELDS:
        tp = sum(d["fields"][name]["tp"] for d in docs)
        fp = sum(d["fields"][name]["fp"] for d in docs)
        fn = sum(d["fields"][name]["fn"] for d in docs)
        total[name] = prf(tp, fp, fn)
    return total


def _sum_accuracy(docs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        name: accuracy(sum(d["accuracy"][name]["correct"] for d in docs), sum(d["accuracy"][name]["total"] for d in docs))
        for name in ACCURACIES
    }


def evaluate(gold_dir: str | Path, docs_dir: str | Path) -> dict[str, Any]:
    """Run the pipeline on every gold-annotated document and score it; see the module doc for rules."""
    from .pipeline import process

    gold_dir, docs_dir = Path(gold_dir), Path(docs_dir)
    if not gold_dir.is_dir():
        raise FileNotFoundError(f"gold folder not found: {gold_dir}")
    if not docs_dir.is_dir():
        raise FileNotFoundError(f"documents folder not found: {docs_dir}")
    documents = []
    errors = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        name = gold_path.stem
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            if not isinstance(gold, dict):
                raise ValueError("not a JSON object")
        except (OSError, ValueError) as exc:
            errors.append({"document": name, "kind": "gold", "message": f"unreadable gold file: {exc}"})
            continue
        path = find_document(name, gold, docs_dir)
        record: Report | ErrorRecord | None = None
        error: dict[str, str] | None = None
        if path is None:
            error = {"kind": "missing", "message": f"no document {gold.get('doc') or name + '.*'} under {docs_dir}"}
        else:
            record = process(path)
            if isinstance(record, ErrorRecord):
                error = {"kind": record.error.kind, "message": record.error.message}
        scored = score_document(gold, record)
        status = "ok" if error is None else "error"
        documents.append(
            {"document": name, "path": str(path) if path else None, "status": status, "error": error, **scored}
        )
        if error:
            errors.append({"document": name, **error})
    return {
        "gold_dir": str(gold_dir),
        "docs_dir": str(docs_dir),
        "n_documents": len(documents),
        "fields": _sum_fields(documents),
        "accuracy": _sum_accuracy(documents),
        "documents": documents,
        "errors": errors,
    }


# --------------------------------------------------------------------------- rendering


def format_scores(scores: dict[str, Any], show_misses: bool = False) -> str:
    """A plain-text table: per-field P/R/F1, accuracies, per-document F1, errors (and misses if asked)."""
    lines = [
        f"giamsat eval: {scores.get('n_documents', 0)} documents, {len(scores.get('errors', []))} error(s)",
        "",
        f"{'field':<28}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}{'f1':>7}",
    ]
    for name, s in scores["fields"].items():
        if s["tp"] + s["fp"] + s["fn"] == 0:  # nothing in gold or prediction: no score to show
            ratios = f"{'-':>11}{'-':>8}{'-':>7}"
        else:
            ratios = f"{s['precision']:>11.3f}{s['recall']:>8.3f}{s['f1']:>7.3f}"
        lines.append(f"{name:<28}{s['tp']:>5}{s['fp']:>5}{s['fn']:>5}{ratios}")
    lines += ["", f"{'accuracy':<28}{'correct':>9}{'total':>7}{'acc':>7}"]
    for name, a in scores["accuracy"].items():
        shown = "-" if a["accuracy"] is None else f"{a['accuracy']:.3f}"
        lines.append(f"{name:<28}{a['correct']:>9}{a['total']:>7}{shown:>7}")

    docs = scores.get("documents", [])
    if docs:
        width = max(12, *(len(d["document"]) + 2 for d in docs))
        cols = [n for n in FIELDS]
        cell = {c: max(6, len(SHORT[c]) + 1) for c in cols}
        lines += ["", "F1 per document ('-': nothing in gold or prediction; '!': not read)"]
        lines.append(f"{'document':<{width}}" + "".join(f"{SHORT[c]:>{cell[c]}}" for c in cols))
        for d in docs:
            cells = []
            for c in cols:
                s = d["fields"][c]
                cells.append("-" if s["tp"] + s["fp"] + s["fn"] == 0 else f"{s['f1']:.2f}")
            mark = "!" if d["status"] != "ok" else ""
            lines.append(f"{d['document'] + mark:<{width}}" + "".join(f"{v:>{cell[c]}}" for c, v in zip(cols, cells)))
    if scores.get("errors"):
        lines += ["", "errors (scored as empty predictions):"]
        for e in scores["errors"]:
            lines.append(f"  {e['document']}: {e['kind']}: {_clip(e['message'].splitlines()[0], 100)}")
    if show_misses:
        for d in docs:
            lines += ["", f"== {d['document']}"]
            for field, m in d["misses"].items():
                if isinstance(m, dict):
                    for side in ("fn", "fp"):
                        for item in m[side]:
                            lines.append(f"  {field} {side}: {_clip(item, 110)}")
                else:
                    for item in m:
                        lines.append(f"  {field} wrong: {_clip(item, 110)}")
    return "\n".join(lines)
