"""HTML review pages: a record's text with every extracted item highlighted where it came from.

``render_page(record)`` gives one self-contained page (CSS and JS inline, nothing fetched):
the document text with a highlight per item and per mention, a colour per kind, the
normalised value on hover, and beside the text the tables (officials, figures as
breakdown trees, dates, recommendations by addressee, supervision, findings, warnings).
Clicking a row scrolls the text to the item and flashes it. ``write_site`` writes one
page per record and an index page with counts and warnings.

Records are rendered from their JSON form (a dict), so a record written by another
version of the models (an extra field such as ``findings``) still renders. All text
is untrusted: the document text is escaped here, everything else by Jinja's autoescape.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path, PurePath
from typing import Any, Callable, Iterable, Mapping

# Kinds of highlight, outermost first: when two spans are identical the earlier kind is
# drawn outside (a recommendation around its addressee, an official's name around nothing).
KINDS: dict[str, str] = {
    "supervision": "supervision",
    "recommendation": "recommendation",
    "finding": "finding",
    "party": "requester / addressee",
    "official": "official",
    "title": "title",
    "date": "date",
    "figure": "figure",
    "document": "document block",
    "missed": "missed (in gold, not found by the rules)",
    "break": "line break of the source, joined",
}
_RANK = {kind: i for i, kind in enumerate(KINDS)}


@dataclass
class Mark:
    """One highlight: a place in the text standing for one item (or one of its mentions)."""

    hid: str
    kind: str
    start: int
    end: int
    tip: str
    cls: str = ""


def as_dict(record: Any) -> dict:
    """A record as its JSON form: pydantic models are dumped, mappings copied."""
    if hasattr(record, "model_dump"):
        return record.model_dump(mode="json")
    if isinstance(record, Mapping):
        return dict(record)
    raise TypeError(f"not a record: {type(record).__name__}")


def _field(item: Any, name: str, default: Any = None) -> Any:
    """``item[name]`` for dicts, ``getattr`` otherwise: records may come from any version."""
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


def _span(item: Any) -> tuple[int, int, int | None] | None:
    """(start, end, page) of an item's ``span``, or of a span itself; None where there is none."""
    span = _field(item, "span", item) if _field(item, "start") is None else item
    start, end = _field(span, "start"), _field(span, "end")
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
        return None
    page = _field(span, "page")
    return start, end, page if isinstance(page, int) else None


def fmt_value(value: Any) -> str:
    """A normalised number as text: integers whole, decimals without float noise."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        return str(int(value))
    return format(value, ".15g") if isinstance(value, float) else str(value)


class _Marks:
    """Collects highlights, one per (owner, span); owner None merges equal spans of a kind."""

    def __init__(self, text: str):
        self.text = text
        self.marks: list[Mark] = []
        self.unplaced: list[str] = []
        self._seen: dict[tuple, str] = {}
        self.pages: dict[str, int] = {}

    def add(self, kind: str, span: Any, tip: str, owner: Any = None, what: str = "", cls: str = "") -> str | None:
        s = _span(span) if span is not None else None
        if s is None:
            return None
        start, end, page = s
        if not (0 <= start < end <= len(self.text)):
            self.unplaced.append(f"{what or kind}: span {start}-{end} is outside the text")
            return None
        key = (kind, owner, start, end) if owner is not None else (kind, start, end)
        if key in self._seen:
            return self._seen[key]
        hid = f"h{len(self.marks) + 1}"
        if page is not None:
            self.pages[hid] = page
            tip = f"{tip} · page {page}"
        self.marks.append(Mark(hid, kind, start, end, tip, cls))
        self._seen[key] = hid
        return hid

    def each(self, kind: str, item: Any, tip: str, owner: Any, what: str, cls: str = "") -> list[str]:
        """The item's own span and every mention: their highlight ids, the item's first."""
        hids = [self.add(kind, item, tip, owner, what, cls)]
        for mention in _field(item, "mentions") or []:
            hids.append(self.add(kind, mention, tip, owner, what, cls))
        out: list[str] = []
        for h in hids:
            if h and h not in out:
                out.append(h)
        return out


def segments(text: str, marks: Iterable[Mark]) -> str:
    """The text as HTML with the marks as properly nested ``<span>``s.

    The text is cut at every mark boundary; each piece is inside the stack of marks that
    cover it, outermost first. Going from one piece to the next closes the marks that
    end or no longer nest and opens the new ones, so crossing spans are split into
    pieces that share their ``data-hl`` id. Every character is escaped.
    """
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    order = {id(m): (m.start, -m.end, _RANK.get(m.kind, len(_RANK)), int(m.hid[1:])) for m in marks}
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starting: dict[int, list[Mark]] = defaultdict(list)
    for m in marks:
        starting[m.start].append(m)
    active: list[Mark] = []
    stack: list[Mark] = []
    opened: set[str] = set()
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        active = [m for m in active if m.end > a] + starting.get(a, [])
        want = sorted(active, key=lambda m: order[id(m)])
        keep = 0
        while keep < len(stack) and keep < len(want) and stack[keep] is want[keep]:
            keep += 1
        out.append("</span>" * (len(stack) - keep))
        for m in want[keep:]:
            anchor = "" if m.hid in opened else f' id="{m.hid}"'
            opened.add(m.hid)
            out.append(
                f'<span{anchor} class="hl k-{m.kind}{" " + m.cls if m.cls else ""}" data-hl="{m.hid}" data-kind="{m.kind}" '
                f'data-s="{m.start}" data-e="{m.end}" title="{html.escape(m.tip, quote=True)}">'
            )
        stack = want
        out.append(html.escape(text[a:b], quote=False))
    out.append("</span>" * len(stack))
    return "".join(out)


def _short(text: str, n: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _figure_rows(figures: list, marks: _Marks, verdict: Any = lambda *k: "") -> list[dict]:
    """Figures in breakdown order: each whole followed by its parts, indented, with a sum mark."""
    by_id = {_field(f, "id"): f for f in figures if _field(f, "id")}
    children: dict[str, list] = defaultdict(list)
    roots = []
    for f in figures:
        parent = _field(f, "part_of")
        if parent and parent in by_id and parent != _field(f, "id"):
            children[parent].append(f)
        else:
            roots.append(f)
    rows: list[dict] = []
    done: set[int] = set()
    index = {id(f): i for i, f in enumerate(figures)}

    def visit(f: Any, depth: int) -> None:
        if id(f) in done:
            return
        done.add(id(f))
        fid = _field(f, "id") or ""
        unit = _field(f, "unit")
        value = fmt_value(_field(f, "value"))
        parts = children.get(fid, [])
        parent = _field(f, "part_of")
        tip = f"figure {fid}: {value}{' ' + unit if unit else ''} · {_field(f, 'category') or ''}"
        if _field(f, "label"):
            tip += f" · {_field(f, 'label')}"
        if parent:
            tip += f" · part of {parent}"
        hids = marks.each("figure", f, tip, owner=("figure", id(f)), what=f"figure {fid}",
                          cls=verdict("figure", index[id(f)]))
        rows.append({
            "id": fid, "text": _field(f, "text") or "", "value": value, "unit": unit or "",
            "category": _field(f, "category") or "", "label": _field(f, "label") or "",
            "qualifier": _field(f, "qualifier") or "", "depth": depth,
            "target": hids[0] if hids else None, "mentions": hids,
            "page": marks.pages.get(hids[0]) if hids else None,
            "mark": _sum_mark(f, parts),
            "orphan": bool(parent) and parent not in by_id,
            "part_of": parent or "", "item": f"figure:{index[id(f)]}", "raw_value": _field(f, "value"),
            "span": _plain_span(f), "verdict": verdict("figure", index[id(f)]),
        })
        for p in parts:
            visit(p, depth + 1)

    for f in roots:
        visit(f, 0)
    for f in figures:  # part_of cycles leave figures unreached from any root
        if id(f) not in done:
            visit(f, 0)
    return rows


def _sum_mark(whole: Any, parts: list) -> dict | None:
    """How a whole compares with the sum of its parts: ok, short (some parts not listed) or over."""
    if not parts:
        return None
    try:
        total = sum(float(_field(p, "value")) for p in parts)
        value = float(_field(whole, "value"))
    except (TypeError, ValueError):
        return {"cls": "info", "sym": "?", "text": "values are not numbers"}
    same = all(_field(p, "category") == _field(whole, "category") and _field(p, "unit") == _field(whole, "unit")
               for p in parts)
    if not same or _field(whole, "category") == "percent":
        return {"cls": "info", "sym": "·", "text": f"{len(parts)} part(s) in other units: not summed"}
    tol = 1e-6 * max(1.0, abs(value))
    if total - value > tol:
        return {"cls": "bad", "sym": "⚠", "text": f"parts add up to {fmt_value(total)}, more than {fmt_value(value)}"}
    if value - total > tol:
        return {"cls": "warn", "sym": "≠", "text": f"parts add up to {fmt_value(total)} of {fmt_value(value)}"}
    return {"cls": "ok", "sym": "✓", "text": f"parts add up to {fmt_value(total)}"}


def _findings(rec: dict, marks: _Marks) -> list[dict]:
    """Findings, where the record has them (a later field): text, place and any plain fields."""
    rows = []
    for i, f in enumerate(rec.get("findings") or []):
        if not isinstance(f, Mapping):
            f = {"text": str(f)}
        text = f.get("text") or f.get("summary") or ""
        extra = {k: v for k, v in f.items() if k not in ("text", "span", "mentions") and isinstance(v, (str, int, float))}
        tip = "finding" + (f" ({', '.join(f'{k}: {v}' for k, v in extra.items())})" if extra else "")
        hids = marks.each("finding", f, tip, owner=("finding", i), what=f"finding {i + 1}")
        rows.append({"text": _short(text, 200), "full": text, "extra": extra, "target": hids[0] if hids else None,
                     "page": marks.pages.get(hids[0]) if hids else None})
    return rows


def _judge(gold: Mapping, rec: dict) -> dict:
    from .corrections import judge

    return judge(dict(gold), rec)


def _doc_name(source: Mapping) -> str | None:
    """The document's file name, as a gold file's ``doc`` gives it."""
    where = source.get("path") or source.get("url") or ""
    name = re.split(r"[/\\]", where.rstrip("/"))[-1]
    return name or None


def _gold_name(source: Mapping) -> str:
    """The name a gold (corrections) file of this document has: its file name without the suffix."""
    name = _doc_name(source) or "document"
    return name.rsplit(".", 1)[0] if "." in name.strip(".") else name


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> element: no '<' (so no '</script>'), no line separators."""
    import json

    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _document_rows(rec: dict, source: Mapping, marks: _Marks, item: Any, verdict: Any) -> list[dict]:
    """The formal report's block (number, kind, issuer, title, place and date, signer, recipients)
    and the publication date, one row each, highlighted where written."""
    doc = rec.get("document") or {}
    rows: list[dict] = []

    def row(part: str, label: str, thing: Any, fields: dict, shown: str, value: str = "", iid: str | None = None) -> None:
        cls = verdict("document", part)
        hid = marks.add("document", thing, f"document {label}: {shown}", owner=("document", label), what=f"document.{label}",
                        cls=cls) if isinstance(thing, Mapping) else None
        iid = item(iid or f"doc:{part}", f"doc.{part}", fields,
                   {"span": _plain_span(thing) if isinstance(thing, Mapping) else None}, hid)
        rows.append({"part": label, "text": shown, "value": value, "target": hid, "item": iid,
                     "page": marks.pages.get(hid) if hid else None, "verdict": cls})

    for part in ("number", "issuer", "title", "place"):
        m = doc.get(part)
        if isinstance(m, Mapping) and m.get("text"):
            row(part, part, m, {"text": m["text"]}, m["text"])
        if part == "number" and doc.get("kind"):
            row("kind", "kind", None, {"value": doc["kind"]}, doc["kind"])
    issued = doc.get("issued")
    if isinstance(issued, Mapping) and issued.get("value"):
        row("issued", "issued", issued, {"text": issued.get("text") or "", "value": issued["value"]},
            issued.get("text") or "", issued["value"])
    signer = doc.get("signer")
    if isinstance(signer, Mapping) and signer.get("name"):
        extra = " · ".join(x for x in (signer.get("capacity"), signer.get("title")) if x)
        row("signer", "signer", signer, {"name": signer["name"], "title": signer.get("title"),
                                         "capacity": signer.get("capacity")}, signer["name"], extra)
    for n, m in enumerate(doc.get("recipients") or []):
        if isinstance(m, Mapping) and m.get("text"):
            row("recipients", "recipient", m, {"text": m["text"]}, m["text"], iid=f"doc:recipient:{n}")
    if source.get("published"):
        row("published", "published", None, {"value": source["published"]}, "", source["published"])
    return rows


def _plain_span(item: Any) -> dict | None:
    s = _span(item) if item is not None else None
    return {"start": s[0], "end": s[1]} if s else None


def page_context(record: Any, gold: Mapping | None = None) -> dict:
    """Everything the page template shows, with the text already cut into highlights; with
    ``gold``, each item also says whether eval counts it matched, spurious or missed."""
    rec = as_dict(record)
    source = rec.get("source") or {}
    ctx: dict[str, Any] = {"rec": rec, "source": source, "kinds": KINDS, "problems": []}
    if rec.get("status") != "ok":
        ctx["error"] = rec.get("error") or {"kind": "unknown", "message": "the record has no status 'ok' and no error"}
        return ctx
    text = rec.get("text") or ""
    marks = _Marks(text)
    judged = _judge(gold, rec) if gold is not None else None
    verdict = (lambda *k: judged["pred"].get(k, "")) if judged else (lambda *k: "")
    items: list[dict] = []  # what the review mode of the page edits: each item in gold's shape, with its spans

    def item(iid: str, kind: str, fields: dict, spans: dict, hid: str | None, parent: str | None = None) -> str:
        items.append({"id": iid, "kind": kind, "fields": fields, "spans": spans, "hid": hid, "parent": parent})
        return iid

    sup_rows = _supervision_rows(rec, marks, item, verdict)
    for offset in source.get("line_breaks") or []:  # where the source's wrapped lines were joined
        if isinstance(offset, int) and 0 <= offset < len(text):
            marks.add("break", {"start": offset, "end": offset + 1}, "a line break of the source, joined with a space")
    officials = _official_rows(rec, marks, item, verdict)
    dates = _date_rows(rec, marks, item, verdict)
    figures = _figure_rows(rec.get("figures") or [], marks, verdict)
    for i, f in enumerate(figures):
        item(f["item"], "figure", {"text": f["text"], "value": f["raw_value"], "unit": f["unit"] or None},
             {"span": f["span"]}, f["target"])
    groups = _recommendation_groups(rec, marks, item, verdict)
    document = _document_rows(rec, source, marks, item, verdict)
    findings = _findings(rec, marks)
    warnings = _warning_rows(rec, marks)
    missed = _missed_rows(judged, marks) if judged else []
    review = {"format": "giamsat-corrections/1", "id": rec.get("id"), "doc": _doc_name(source),
              "gold_name": _gold_name(source), "items": items}
    ctx.update(
        text_html=segments(text, marks.marks),
        counts={k: len({m.hid for m in marks.marks if m.kind == k}) for k in KINDS},
        supervision=sup_rows, officials=officials, dates=dates, figures=figures,
        recgroups=list(groups.values()), findings=findings, has_findings="findings" in rec,
        document=document, warnings=warnings, unplaced=marks.unplaced, missed=missed,
        scores=judged["scores"] if judged else None, gold_mode=judged is not None,
        review_json=_script_json(review),
        has_pages=bool(marks.pages) or source.get("media_type") == "application/pdf",
    )
    return ctx


def _supervision_rows(rec: dict, marks: _Marks, item: Callable[..., str], verdict: Callable[..., str]) -> list[dict]:
    """The supervision's body, each target, its topic and period: highlighted, as rows and review items."""
    sup_rows = []
    sup = rec.get("supervision") or {}
    targets = sup.get("targets") or ([sup["target"]] if sup.get("target") else [])
    parts = [("body", sup.get("body"))] + [("target", t) for t in targets] + \
        [("topic", sup.get("topic")), ("period", sup.get("period"))]
    for n, (part, thing) in enumerate(parts):
        if not thing:
            continue
        value = thing.get("value")
        tip = f"supervision {part}" + (f": {value}" if value else "")
        hids = marks.each("supervision", thing, tip, owner=("supervision", part, n), what=f"supervision.{part}",
                          cls=verdict("supervision", part, thing.get("text")))
        fields = {"text": thing.get("text") or ""} | ({"value": value} if part == "period" else {})
        iid = item(f"sup:{part}" + (f":{n}" if part == "target" else ""), f"sup.{part}", fields,
                   {"span": _plain_span(thing)}, hids[0] if hids else None)
        sup_rows.append({"part": part, "text": thing.get("text") or "", "value": value or "", "item": iid,
                         "target": hids[0] if hids else None, "page": marks.pages.get(hids[0]) if hids else None,
                         "verdict": verdict("supervision", part, thing.get("text"))})
    return sup_rows


def _official_rows(rec: dict, marks: _Marks, item: Callable[..., str], verdict: Callable[..., str]) -> list[dict]:
    """Each official with their mentions highlighted, and each title beneath them."""
    officials = []
    for i, o in enumerate(rec.get("officials") or []):
        titles = o.get("titles") or []
        name = o.get("name") or ""
        tip = f"official: {name}" + (" — " + "; ".join(t.get("text", "") for t in titles) if titles else "")
        hids = marks.each("official", {"mentions": o.get("mentions") or []}, tip, owner=("official", i),
                          what=f"official {name}", cls=verdict("official", i))
        oid = item(f"official:{i}", "official", {"name": name},
                   {"mentions": [_plain_span(m) for m in o.get("mentions") or [] if _plain_span(m)]}, hids[0] if hids else None)
        trows = []
        for j, t in enumerate(titles):
            expanded = t.get("expanded")
            th = marks.add("title", t, f"title of {name}: {expanded or t.get('text', '')}", owner=("title", i),
                           what=f"title of {name}", cls=verdict("title", i, j))
            tid = item(f"title:{i}:{j}", "title", {"text": t.get("text") or ""}, {"span": _plain_span(t)}, th, parent=oid)
            trows.append({"text": t.get("text") or "", "expanded": expanded or "", "target": th, "item": tid,
                          "page": marks.pages.get(th) if th else None, "verdict": verdict("title", i, j)})
        officials.append({"name": name, "titles": trows, "mentions": hids, "target": hids[0] if hids else None,
                          "page": marks.pages.get(hids[0]) if hids else None, "item": oid,
                          "verdict": verdict("official", i)})

    return officials


def _date_rows(rec: dict, marks: _Marks, item: Callable[..., str], verdict: Callable[..., str]) -> list[dict]:
    dates = []
    for i, d in enumerate(rec.get("dates") or []):
        hids = marks.each("date", d, f"date: {d.get('value')}", owner=("date", i), what=f"date {d.get('text')!r}",
                          cls=verdict("date", i))
        iid = item(f"date:{i}", "date", {"text": d.get("text") or "", "value": d.get("value") or ""},
                   {"span": _plain_span(d)}, hids[0] if hids else None)
        dates.append({"text": d.get("text") or "", "value": d.get("value") or "", "mentions": hids, "item": iid,
                      "target": hids[0] if hids else None, "page": marks.pages.get(hids[0]) if hids else None,
                      "verdict": verdict("date", i)})

    return dates


def _recommendation_groups(rec: dict, marks: _Marks, item: Callable[..., str],
                           verdict: Callable[..., str]) -> dict[str, dict]:
    """Recommendations grouped by addressee, each with its asker and addressee highlighted."""
    groups: dict[str, dict] = {}
    for i, r in enumerate(rec.get("recommendations") or []):
        addressee = r.get("addressee") or ""
        tip = f"recommendation ({r.get('cue') or '?'})" + (f" by {r['by']}" if r.get("by") else "") + (
            f" → {addressee}" if addressee else "")
        hid = marks.add("recommendation", r, tip, owner=("recommendation", i), what=f"recommendation {i + 1}",
                        cls=verdict("recommendation", i))
        to_hid = marks.add("party", r.get("addressee_span"), f"addressee: {addressee}", what="addressee") if addressee else None
        by_hid = marks.add("party", r.get("by_span"), f"requested by: {r.get('by')}", what="requester") if r.get("by") else None
        iid = item(f"rec:{i}", "recommendation",
                   {"text": r.get("text") or "", "by": r.get("by") or None, "addressee": addressee or None},
                   {"span": _plain_span(r), "by_span": _plain_span(r.get("by_span")),
                    "addressee_span": _plain_span(r.get("addressee_span"))}, hid)
        group = groups.setdefault(addressee, {"addressee": addressee or "(no addressee)", "target": to_hid, "items": []})
        group["target"] = group["target"] or to_hid
        group["items"].append({"text": _short(r.get("text") or ""), "full": r.get("text") or "", "cue": r.get("cue") or "",
                               "by": r.get("by") or "", "by_target": by_hid, "target": hid, "item": iid,
                               "page": marks.pages.get(hid) if hid else None, "verdict": verdict("recommendation", i)})

    return groups


def _warning_rows(rec: dict, marks: _Marks) -> list[dict]:
    warnings = []
    for w in rec.get("warnings") or []:
        s = _span(w.get("span")) if w.get("span") else None
        near = None
        if s:  # point at the highlight standing exactly where the warning's span does, if any
            near = next((m.hid for m in marks.marks if m.start == s[0] and m.end == s[1]), None)
        warnings.append({"code": w.get("code") or "", "message": w.get("message") or "", "target": near})
    return warnings


def _missed_rows(judged: dict, marks: _Marks) -> list[dict]:
    """Gold items the record misses, highlighted where gold says they are written."""
    missed = []
    for n, (field, shown, where) in enumerate(judged["missed"]):
        hid = marks.add("missed", {"start": where[0], "end": where[1]} if where else None,
                        f"missed ({field}): {shown}", owner=("missed", n), what=f"missed {field}", cls="g-fn")
        missed.append({"field": field, "text": shown, "target": hid, "page": marks.pages.get(hid) if hid else None})
    return missed


@lru_cache(maxsize=1)
def _env():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("extract", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )


@lru_cache(maxsize=1)
def _css_js():
    """The page's stylesheet and script, inlined so the page needs nothing else."""
    from markupsafe import Markup

    folder = resources.files("extract") / "templates"
    out = []
    for name in ("show.css", "show.js"):
        text = (folder / name).read_text(encoding="utf-8")
        if "</" in text:  # would end the <style>/<script> element early
            raise ValueError(f"templates/{name} must not contain '</'")
        out.append(Markup(text))
    return tuple(out)


def render_page(record: Any, *, index_href: str | None = None, problems: Iterable[str] = (),
                gold: Mapping | None = None) -> str:
    """One self-contained HTML page for a record (a Report, an ErrorRecord, or its JSON dict); with
    ``gold`` (a gold or corrections dict), its items marked matched, spurious or missed, and scored."""
    from markupsafe import Markup

    ctx = page_context(record, gold if ctx_ok(record) else None) if gold is not None else page_context(record)
    ctx["problems"] = list(problems)
    if "text_html" in ctx:
        ctx["text_html"] = Markup(ctx["text_html"])
    css, js = _css_js()
    return _env().get_template("page.html.j2").render(**ctx, css=css, js=js, index_href=index_href,
                                                      doc_title=display_name(ctx["rec"]))


def ctx_ok(record: Any) -> bool:
    return as_dict(record).get("status") == "ok"


# what PDF and Word writers leave in a file's title when nobody gave one
_NO_TITLE = re.compile(r"\(?\s*(anonymous|untitled|no title|none|null|document\d*|microsoft word.*|slide \d+)\s*\)?"
                       r"|\s*|.*\.(docx?|pdf|rtf|odt|txt)", re.I)


def display_name(rec: Mapping) -> str:
    """The page's heading: the source's title, unless a writer's placeholder, else its file name."""
    source = rec.get("source") or {}
    title = source.get("title")
    if isinstance(title, str) and _NO_TITLE.fullmatch(title):
        title = None
    return title or source.get("path") or source.get("url") or rec.get("id") or "record"


def summary(record: Any) -> dict:
    """Counts and warnings of a record, for the index page."""
    rec = as_dict(record)
    counts = {k: len(rec.get(k) or []) for k in ("officials", "dates", "figures", "recommendations")}
    if "findings" in rec:
        counts["findings"] = len(rec.get("findings") or [])
    return {
        "status": rec.get("status"), "name": display_name(rec), "source": rec.get("source") or {},
        "counts": counts, "warnings": [f"{w.get('code')}: {w.get('message')}" for w in rec.get("warnings") or []],
        "error": rec.get("error"),
    }


def render_index(entries: list[tuple[str, Any]], title: str = "giamsat review") -> str:
    """The index page: one row per (href, record) with counts and warnings."""
    css, _ = _css_js()
    rows = [dict(summary(rec), href=href) for href, rec in entries]
    columns = ["officials", "dates", "figures", "recommendations"]
    if any("findings" in r["counts"] for r in rows):
        columns.append("findings")
    totals = {c: sum(r["counts"].get(c, 0) for r in rows) for c in columns}
    totals["warnings"] = sum(len(r["warnings"]) for r in rows)
    return _env().get_template("index.html.j2").render(rows=rows, columns=columns, totals=totals, title=title, css=css)


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str, taken: set[str], suffix: str = ".html") -> str:
    """A plain file name derived from an input name: ASCII letters, digits, '.', '_', '-'; no
    folders, no leading dot, at most 100 characters, not in ``taken`` (which it joins)."""
    name = name.replace("đ", "d").replace("Đ", "D")
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    name = re.sub(r"\.(txt|html?|pdf|docx|jsonl?)$", "", name, flags=re.I)
    name = _UNSAFE.sub("-", name.replace("/", "__").replace("\\", "__"))
    name = re.sub(r"\.{2,}", ".", name).strip(".-_")[:100] or "document"
    if name.lower() in {"index", "con", "nul", "prn", "aux"}:
        name += "-doc"
    candidate, n = name + suffix, 2
    while candidate.lower() in taken:
        candidate, n = f"{name}-{n}{suffix}", n + 1
    taken.add(candidate.lower())
    return candidate


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing any name that would land outside ``folder``."""
    base = folder.resolve()
    target = (base / name).resolve()
    if target.parent != base:
        raise ValueError(f"refusing to write {name!r} outside {folder}")
    return target


def write_page(record: Any, path: Path, **kwargs: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_page(record, **kwargs), encoding="utf-8")
    return path


def page_names(names: list[str]) -> list[str]:
    """Names of pages for documents named by path or URL: the paths without the folders they all
    share, so that a folder's pages have the same names whether made from the folder, from its
    records (whose paths are longer or shorter by how ``extract`` was called) or with gold."""
    paths = [None if "://" in n else PurePath(n.replace("\\", "/")) for n in names]
    parts = [p.parts[:-1] for p in paths if p is not None]
    common = 0
    if parts:
        while all(len(p) > common and p[common] == parts[0][common] for p in parts):
            common += 1
    return [n if p is None else "/".join(p.parts[common:]) for n, p in zip(names, paths)]


def write_site(records: Iterable[tuple], folder: Path, title: str = "giamsat review",
               golds: Mapping[int, Mapping] | None = None) -> list[tuple[str, Any]]:
    """One page per ``(name, record[, problems])`` in ``folder`` plus ``index.html``; file names
    come from the names (``page_names``), sanitised; ``golds`` gives the gold of the n-th record,
    where there is one; returns the (file name, record) pairs."""
    folder.mkdir(parents=True, exist_ok=True)
    taken = {"index.html"}
    entries: list[tuple[str, Any]] = []
    records = list(records)
    names = page_names([r[0] for r in records])
    for n, (name, (_, record, *problems)) in enumerate(zip(names, records)):
        filename = safe_filename(name, taken)
        write_page(record, inside(folder, filename), index_href="index.html", problems=problems[0] if problems else (),
                   gold=(golds or {}).get(n))
        entries.append((filename, record))
    inside(folder, "index.html").write_text(render_index(entries, title=title), encoding="utf-8")
    return entries
