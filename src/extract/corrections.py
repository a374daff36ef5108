"""Reviewers' corrections: gold files (``ANNOTATION.md``) with spans, found in a record's text, applied to it.

A corrections file is what ``giamsat show``'s page saves: a gold file in the format of
``shared/corpus/ANNOTATION.md`` (so ``giamsat eval --gold`` reads it as it is), plus where each
item stands in the document's normalised text. The spans ride beside the gold fields, in keys
eval does not read:

- ``dates``, ``figures``, ``recommendations``: ``span`` on the item, and ``by_span`` /
  ``addressee_span`` on a recommendation;
- ``officials``: ``mentions`` (spans of the name) and ``title_spans`` (one per title, in order);
- ``supervision`` and ``document``: a ``spans`` mapping of part name to span (``targets`` and
  ``recipients`` to lists), ``period`` / ``issued`` to the span of the date's text;
- top level: ``format`` (``giamsat-corrections/1``), ``id`` (the record's sha256), ``review``
  (``by``, ``at``).

A plain gold file (no spans) is accepted too: each item is looked for in the text, exactly
first, then folded (case and tone placement) with any run of white space for a space, the
occurrence nearest to where the previous item of its list stood preferred. An item that cannot
be found is reported and left out, never invented. ``apply`` turns a record and its corrections
into the reviewed record: the corrections' items, with what the machine knew about the same
items kept (a figure's category and breakdown, a title's expansion, a person's key).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .evaluate import key, loose_equal, same_value, title_score, token_f1, unit_score
from .models import (
    DateItem, DocumentInfo, Figure, Mention, Official, Recommendation, Report, Review, Signer, Span, Supervision,
    Title,
)
from .normalize import fold

FORMAT = "giamsat-corrections/1"


class CorrectionsError(ValueError):
    """A file that is no gold or corrections file: what and where, in one line."""


def read(path: Path) -> dict[str, Any]:
    """A gold or corrections file as a dict; ``CorrectionsError`` says in one line why not."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise CorrectionsError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise CorrectionsError(f"{path}: byte {exc.start} is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise CorrectionsError(f"{path}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise CorrectionsError(f"{path}: a gold file is a JSON object, this is {type(data).__name__}")
    return data


def files(paths: Iterable[Path]) -> list[Path]:
    """The ``*.json`` files named, folders read one level deep, in order."""
    out: list[Path] = []
    for p in paths:
        out.extend(sorted(p.glob("*.json")) if p.is_dir() else [p])
    return out


def belongs(gold: dict[str, Any], gold_name: str, record: dict[str, Any]) -> bool:
    """Whether a gold file is about a record: the same id where the file gives one, else the
    document's file name (its ``doc``, or the gold file's own name without ``.json``)."""
    if gold.get("id"):
        return gold["id"] == record.get("id")
    source = record.get("source") or {}
    where = source.get("path") or source.get("url") or ""
    name = re.split(r"[/\\]", where.rstrip("/"))[-1]
    if gold.get("doc"):
        return name == Path(str(gold["doc"])).name
    return name == gold_name or name.rsplit(".", 1)[0] == gold_name


# --------------------------------------------------------------------------- finding items


_DASH = re.compile(r"\s*[-\u2010-\u2015\u2212]\s*")


class Locator:
    """Finds gold strings in a text. Offsets are the text's (``fold`` keeps the length)."""

    def __init__(self, text: str):
        self.text = text
        self.folded = fold(text)
        self._cache: dict[str, list[tuple[int, int]]] = {}

    def all(self, needle: str | None) -> list[tuple[int, int]]:
        """Every place ``needle`` is written: exactly, else folded with flexible white space and dashes."""
        needle = (needle or "").strip()
        if not needle:
            return []
        if needle not in self._cache:
            found = self._search(re.escape(needle), self.text, needle)
            if not found:
                parts = [r"\s+".join(map(re.escape, p.split())) for p in _DASH.split(fold(needle))]
                found = self._search(r"\s*[-\u2010-\u2015\u2212]\s*".join(parts), self.folded, needle)
            self._cache[needle] = found
        return self._cache[needle]

    @staticmethod
    def _search(pattern: str, haystack: str, needle: str) -> list[tuple[int, int]]:
        before = r"(?<!\w)" if needle[0].isalnum() else ""
        after = r"(?!\w)" if needle[-1].isalnum() else ""
        return [(m.start(), m.end()) for m in re.finditer(before + pattern + after, haystack) if m.end() > m.start()]

    def find(self, needle: str | None, near: int | None = None, before: int | None = None) -> tuple[int, int] | None:
        """One place: the first at or after ``near`` (else the last before it); with ``before``,
        the last one ending at or before it (else the nearest after)."""
        places = self.all(needle)
        if not places:
            return None
        if before is not None:
            earlier = [p for p in places if p[1] <= before]
            return earlier[-1] if earlier else min(places, key=lambda p: abs(p[0] - before))
        if near is not None:
            later = [p for p in places if p[0] >= near]
            return later[0] if later else places[-1]
        return places[0]


def _span_of(value: Any, text: str, evidence: str | None = None) -> tuple[int, int] | None:
    """A span given in a corrections file, if it lies in the text (and holds ``evidence``'s words)."""
    if not isinstance(value, dict):
        return None
    start, end = value.get("start"), value.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        return None
    if evidence is not None and key(text[start:end]) != key(evidence):
        return None
    return start, end


# --------------------------------------------------------------------------- applying


@dataclass
class _Builder:
    """Builds the reviewed record's items from gold, grounding each one or reporting it."""

    text: str
    machine: Report
    pages: list[tuple[int, int]] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.loc = Locator(self.text)
        spans = [s for s in _machine_spans(self.machine) if s.page is not None]
        self._pages = sorted({(s.start, s.page) for s in spans})

    def span(self, start: int, end: int) -> Span:
        page = None
        for s, p in self._pages:  # the page of the nearest machine span at or before it
            if s > start:
                break
            page = p
        return Span(start=start, end=end, page=page)

    def place(self, what: str, value: str | None, given: Any = None, near: int | None = None,
              before: int | None = None) -> tuple[int, int] | None:
        """Where ``value`` stands: the given span if it holds it, else found; reported when neither."""
        if not value or not str(value).strip():
            return None
        value = str(value)
        got = _span_of(given, self.text, value) or self.loc.find(value, near=near, before=before)
        if got is None:
            self.not_found.append(f"{what}: {value!r} is not in the text")
        return got

    def mention(self, what: str, value: str | None, given: Any = None, **hint: Any) -> Mention | None:
        got = self.place(what, value, given, **hint)
        return Mention(text=self.text[got[0]:got[1]], span=self.span(*got)) if got else None

    def mentions(self, what: str, values: list, given: Any, near: int | None) -> list[Mention]:
        """Items of a list written in order (targets, recipients): each looked for after the one before."""
        given = given if isinstance(given, list) else []
        out: list[Mention] = []
        for i, value in enumerate(values):
            m = self.mention(what, value, given[i] if i < len(given) else None, near=near)
            if m:
                out.append(m)
                near = m.span.start
        return out

    def date_of(self, what: str, value: Any, dates: list[dict], old: DateItem | None, given: Any) -> DateItem | None:
        """A block's date (a period, the issue date), given as a value only: its text is that of
        the gold's date of the value, else the machine's where it had the same value."""
        value = str(value or "").strip()
        if not value:
            return None
        text = next((d.get("text") for d in dates if str(d.get("value") or "").strip() == value), None)
        if not text and old is not None and old.value == value:
            text = old.text
        return self.date(what, value, text, given)

    def date(self, what: str, value: str, text: str | None, given: Any = None, **hint: Any) -> DateItem | None:
        """A date item of ``value``: its ``text`` where given, else the text of a date of that value
        in the gold or the machine's record."""
        if not text:
            text = next((d.text for d in self.machine.dates if d.value == value), None)
        if not text:
            self.not_found.append(f"{what}: no text in the document is known for {value!r}")
            return None
        got = self.place(what, text, given, **hint)
        return DateItem(text=self.text[got[0]:got[1]], value=value, span=self.span(*got)) if got else None


def _machine_spans(report: Report) -> Iterable[Span]:
    for group in (report.dates, report.figures, report.recommendations):
        for item in group:
            yield item.span
    for o in report.officials:
        yield from (m.span for m in o.mentions)


def _officials(b: _Builder, gold: list[dict]) -> list[Official]:
    machine = {key(o.name): o for o in b.machine.officials}
    out: list[Official] = []
    for g in gold:
        name = str(g.get("name") or "").strip()
        if not name:
            continue
        spans = [s for s in (_span_of(m, b.text, name) for m in g.get("mentions") or []) if s]
        spans = spans or b.loc.all(name)
        if not spans:
            b.not_found.append(f"officials: {name!r} is not in the text")
            continue
        old = machine.get(key(name))
        titles: list[Title] = []
        given = g.get("title_spans") or []
        for i, t in enumerate(g.get("titles") or []):
            if not isinstance(t, str) or not t.strip():
                continue
            g_span = given[i] if i < len(given) else None
            if not (_span_of(g_span, b.text, t) or b.loc.all(t)):
                # a signature's "CHỦ TỊCH" is written nowhere as gold spells it out: the machine's title, if it does
                same = next((x for x in (old.titles if old else []) if x.expanded and title_score(t, x.expanded) == 1.0),
                            None)
                if same is not None:
                    titles.append(same.model_copy())
                    continue
            got = b.place(f"officials: title of {name}", t, g_span, near=spans[0][0])
            if not got:
                continue
            was = next((x for x in (old.titles if old else []) if title_score(t, x.text) == 1.0), None)
            titles.append(Title(text=b.text[got[0]:got[1]], span=b.span(*got),
                                expanded=was.expanded if was else _expand(b.text[got[0]:got[1]]),
                                section=was.section if was else None, position=was.position if was else None,
                                body=was.body if was else None, body_key=was.body_key if was else None))
        first = spans[0]
        out.append(Official(name=b.text[first[0]:first[1]], titles=titles,
                            mentions=[Mention(text=b.text[s:e], span=b.span(s, e)) for s, e in sorted(set(spans))],
                            key=old.key if old else None))
    return out


def _expand(text: str) -> str | None:
    from .abbreviations import expand

    return expand(text)


def _dates(b: _Builder, gold: list[dict]) -> list[DateItem]:
    out, near = [], 0
    for g in gold:
        value = str(g.get("value") or "").strip()
        if not value:
            continue
        d = b.date(f"dates: {value}", value, g.get("text"), g.get("span"), near=near)
        if d:
            old = next((x for x in b.machine.dates if x.value == value), None)
            d.section = old.section if old else None
            out.append(d)
            near = d.span.start
    return out


_CATEGORY_UNITS = (("percent", ("%", "phần trăm")), ("money", ("đồng", "usd", "đô la")),
                   ("dossiers", ("hồ sơ",)), ("procedures", ("thủ tục", "tthc")),
                   ("people", ("người", "hộ", "lượt", "học sinh", "cán bộ", "đại biểu")),
                   ("duration", ("ngày", "tháng", "năm", "giờ", "phút", "tuần")),
                   ("area", ("ha", "m2", "m²", "km", "hécta", "héc-ta")))


def _category(unit: str | None) -> str:
    words = key(unit)
    for category, heads in _CATEGORY_UNITS:
        if any(words == h or words.startswith(h + " ") for h in map(key, heads)):
            return category
    return "other"


def _figures(b: _Builder, gold: list[dict]) -> list[Figure]:
    out: list[Figure] = []
    taken: dict[int, str] = {}  # machine figure index → new id, for part_of
    near = 0
    for g in gold:
        value = g.get("value")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            b.not_found.append(f"figures: {g.get('text')!r} has no number for its value")
            continue
        got = b.place("figures", str(g.get("text") or ""), g.get("span"), near=near)
        if not got:
            continue
        unit = g.get("unit") or None
        fid = f"f{len(out) + 1}"
        cands = [(abs(f.span.start - got[0]), i) for i, f in enumerate(b.machine.figures)
                 if i not in taken and same_value(value, f.value) and unit_score(unit, f.unit) is not None]
        old_i = min(cands)[1] if cands else None
        old = b.machine.figures[old_i] if old_i is not None else None
        if old_i is not None:
            taken[old_i] = fid
        out.append(Figure(id=fid, text=b.text[got[0]:got[1]], value=value, unit=unit,
                          category=old.category if old else _category(unit), span=b.span(*got),
                          label=old.label if old else None, qualifier=old.qualifier if old else None,
                          part_of=old.part_of if old else None, section=old.section if old else None))
        near = got[0]
    ids = {b.machine.figures[i].id: new for i, new in taken.items()}
    for f in out:  # a breakdown the machine found stays where both its whole and its part were kept
        f.part_of = ids.get(f.part_of) if f.part_of else None
    return out


def _recommendations(b: _Builder, gold: list[dict]) -> list[Recommendation]:
    out: list[Recommendation] = []
    near = 0
    for g in gold:
        text = str(g.get("text") or "")
        got = b.place("recommendations", text, g.get("span"), near=near)
        if not got:
            continue
        old = max(b.machine.recommendations, key=lambda r: token_f1(text, r.text), default=None)
        if old is not None and token_f1(text, old.text) < 0.5:
            old = None
        rec = Recommendation(text=b.text[got[0]:got[1]], span=b.span(*got), cue=old.cue if old else None,
                             section=old.section if old else None)
        for part in ("by", "addressee"):
            value = g.get(part)
            if not value:
                continue
            where = b.place(f"recommendations: {part} of {_clip(text)}", value, g.get(f"{part}_span"), before=got[0])
            if where:
                setattr(rec, part, b.text[where[0]:where[1]])
                setattr(rec, f"{part}_span", b.span(*where))
                keep = getattr(old, f"{part}_key") if old and loose_equal(value, getattr(old, part)) else None
                setattr(rec, f"{part}_key", keep)
        out.append(rec)
        near = got[0]
    return out


def _clip(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _supervision(b: _Builder, gold: dict, dates: list[dict]) -> Supervision:
    spans = gold.get("spans") if isinstance(gold.get("spans"), dict) else {}
    old = b.machine.supervision
    sup = Supervision()
    sup.body = b.mention("supervision.body", gold.get("body"), spans.get("body"))
    sup.targets = b.mentions("supervision.targets", gold.get("targets") or [], spans.get("targets"),
                             sup.body.span.start if sup.body else None)
    sup.target = sup.targets[0] if sup.targets else None
    sup.topic = b.mention("supervision.topic", gold.get("topic"), spans.get("topic"))
    sup.period = b.date_of("supervision.period", gold.get("period"), dates, old.period, spans.get("period"))
    if sup.body and old.body and key(sup.body.text) == key(old.body.text):
        sup.body_key = old.body_key
    if sup.target and old.target and key(sup.target.text) == key(old.target.text):
        sup.target_body_key, sup.target_place_key = old.target_body_key, old.target_place_key
    return sup


def _document(b: _Builder, gold: dict, dates: list[dict]) -> DocumentInfo:
    spans = gold.get("spans") if isinstance(gold.get("spans"), dict) else {}
    old = b.machine.document
    doc = DocumentInfo(kind=gold.get("kind") or None)
    for part in ("number", "issuer", "title", "place"):
        setattr(doc, part, b.mention(f"document.{part}", gold.get(part), spans.get(part)))
    doc.issued = b.date_of("document.issued", gold.get("issued"), dates, old.issued, spans.get("issued"))
    signer = gold.get("signer") if isinstance(gold.get("signer"), dict) else None
    if signer and signer.get("name"):
        got = b.place("document.signer", signer["name"], spans.get("signer"), before=len(b.text))
        if got:
            doc.signer = Signer(name=b.text[got[0]:got[1]], title=signer.get("title") or None,
                                capacity=signer.get("capacity") or None, span=b.span(*got))
    doc.recipients = b.mentions("document.recipients", gold.get("recipients") or [], spans.get("recipients"),
                                doc.signer.span.start if doc.signer else None)
    return doc


def apply(record: Report, gold: dict[str, Any], *, by: str | None = None, at: str | None = None,
          name: str | None = None) -> Report:
    """The reviewed record: ``record`` with the items of ``gold`` (a corrections or plain gold file),
    each grounded in the text or reported in ``review.not_found``. Fields the gold does not give
    (``supervision`` or ``document`` absent: not annotated) keep the machine's values."""
    from .checks import check_report

    b = _Builder(record.text, record)
    out = record.model_copy(deep=True)
    if "published" in gold:
        out.source.published = gold.get("published") or None
    out.officials = _officials(b, [o for o in gold.get("officials") or [] if isinstance(o, dict)])
    dates = [d for d in gold.get("dates") or [] if isinstance(d, dict)]
    out.dates = _dates(b, dates)
    out.figures = _figures(b, [f for f in gold.get("figures") or [] if isinstance(f, dict)])
    out.recommendations = _recommendations(b, [r for r in gold.get("recommendations") or [] if isinstance(r, dict)])
    if isinstance(gold.get("supervision"), dict):
        out.supervision = _supervision(b, gold["supervision"], dates)
    if isinstance(gold.get("document"), dict):
        out.document = _document(b, gold["document"], dates)
    review = gold.get("review") if isinstance(gold.get("review"), dict) else {}
    out.review = Review(reviewed=True, by=by or review.get("by") or None, at=at or review.get("at") or None,
                        corrections=name, not_found=b.not_found)
    machine_checks = {(w.code, w.message) for w in check_report(record)}
    out.warnings = [w for w in record.warnings if (w.code, w.message) not in machine_checks] + check_report(out)
    return out


# --------------------------------------------------------------------------- a record against gold


def judge(gold: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """What eval counts on one document, item by item, for ``giamsat show --gold``: ``scores`` (as
    ``score_document``), ``pred`` mapping a predicted item ((kind, index…)) to ``g-ok`` (matched) or
    ``g-fp`` (spurious), and ``missed``: (field, gold item as shown, where it stands in the text or None)."""
    from .evaluate import score_document

    report = Report.model_validate(record)
    keep: dict[str, Any] = {}
    scores = score_document(gold, report, keep)
    loc = Locator(report.text)
    pred: dict[tuple, str] = {}
    missed: list[tuple[str, str, tuple[int, int] | None]] = []

    def mark(field: str, index_of, show_gold, place_of) -> None:
        g_items, p_items, pairs = keep[field]
        hit_g, hit_p = {gi for gi, _, _ in pairs}, {pi for _, pi, _ in pairs}
        for pi, p in enumerate(p_items):
            for k in index_of(p):
                pred[k] = "g-ok" if pi in hit_p else "g-fp"
        for gi, g in enumerate(g_items):
            if gi not in hit_g:
                missed.append((field, show_gold(g), loc.find(place_of(g))))

    officials = report.officials
    off_index = {id(o): i for i, o in enumerate(officials)}
    mark("officials", lambda o: [("official", off_index[id(o)])], lambda g: str(g.get("name")), lambda g: g.get("name"))
    title_index: dict[tuple[str, str], list[tuple]] = {}
    for i, o in enumerate(officials):
        for j, t in enumerate(o.titles):
            title_index.setdefault((key(o.name), key(t.text)), []).append(("title", i, j))
    mark("officials.titles", lambda p: title_index.get((key(p[0]), key(p[1])), []),
         lambda g: f"{g[0]}: {g[1]}", lambda g: g[1])
    date_index: dict[str, list[tuple]] = {}
    for i, d in enumerate(report.dates):
        date_index.setdefault(d.value.strip(), []).append(("date", i))
    mark("dates", lambda p: date_index.get(p.value.strip(), []), lambda g: f"{g.get('value')} ({g.get('text')})",
         lambda g: g.get("text"))
    fig_index = {id(f): i for i, f in enumerate(report.figures)}
    mark("figures.value+unit", lambda p: [("figure", fig_index[id(p)])],
         lambda g: f"{g.get('value')} {g.get('unit') or ''} ({g.get('text')})", lambda g: g.get("text"))
    rec_index = {id(r): i for i, r in enumerate(report.recommendations)}
    mark("recommendations", lambda p: [("recommendation", rec_index[id(p)])], lambda g: str(g.get("text")),
         lambda g: g.get("text"))
    sup = report.supervision
    if "supervision.targets" in keep:
        mark("supervision.targets", lambda p: [("supervision", "target", p)], str, lambda g: g)
        for part in ("body", "topic", "period"):
            s = scores["fields"][f"supervision.{part}"]
            thing = getattr(sup, part)
            if thing is not None and s["tp"] + s["fp"]:
                pred[("supervision", part, thing.text)] = "g-ok" if s["tp"] else "g-fp"
            for g in scores["misses"][f"supervision.{part}"]["fn"]:
                missed.append((f"supervision.{part}", g, loc.find(g) if part != "period" else None))
    for row in scores["misses"].get("document") or []:
        pred[("document", row.split(":", 1)[0].split(".")[0])] = "g-fp"
    if gold.get("document"):
        for part in gold["document"]:
            pred.setdefault(("document", part), "g-ok")
    return {"scores": scores, "pred": pred, "missed": missed}
