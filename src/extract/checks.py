"""Checks a reviewer would make of a record, each defined once (``CHECKS``) with its level.

Shared by ``giamsat extract`` and ``giamsat validate``, which weigh a finding the same way:

- ``error``: the record is wrong (a span that does not hold its evidence, a date that does not
  exist, parts that add up to more than their whole, …). ``extract`` never writes one: its rules
  are built not to (a breakdown takes only the parts that fit in their whole), and the tests run
  the checks over every corpus. ``validate`` calls a record holding one invalid.
- ``warning``: the record stands, the document is worth a look (a share above 100 %).
  ``extract`` writes these into the record's ``warnings``; ``validate`` shows them and passes.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Iterator

from .models import Report, Span, RecordWarning
from .shares import exceeds, is_change

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^\d{4}$")
_NOYEAR_DAY = re.compile(r"^--(\d{2})-(\d{2})$")
_NOYEAR_MONTH = re.compile(r"^--(\d{2})$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Check:
    code: str
    level: str  # "error" (the record is wrong) or "warning" (worth a look)
    what: str  # what the check holds, for the docs and the tests


CHECKS = {c.code: c for c in (
    Check("span", "error", "every item's span lies in the text and holds its evidence"),
    Check("id", "error", "the id is a sha256 (64 lower-case hex digits)"),
    Check("date", "error", "dates and the supervision period are ISO 8601 and exist"),
    Check("figure", "error", "figure ids are unique and values finite"),
    Check("breakdown", "error", "a part points to another figure of the record, and the parts of a whole in its "
                                "category add up to no more than it"),
    Check("percent", "warning", "a share is within 0–100 % (rates of change or of a target are not shares: "
                                "shares.is_change)"),
    # made by ``giamsat validate`` alone, over the file
    Check("schema", "error", "the record follows the JSON Schema"),
    Check("json", "error", "the line is a JSON record"),
    Check("model", "error", "the record reads into the models"),
    Check("duplicate", "warning", "no document is in the file twice"),
)}


def level(code: str) -> str:
    """The level of a finding's code; a code no check defines is an error."""
    check = CHECKS.get(code)
    return check.level if check is not None else "error"


def valid_iso(value: str) -> bool:
    """True for the ISO 8601 forms ANNOTATION.md allows, on dates that exist."""
    parts = value.split("/")
    if len(parts) > 2 or not all(parts):
        return False
    for part in parts:
        if m := _DAY.match(part):
            try:
                date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return False
        elif m := _MONTH.match(part):
            if not 1 <= int(m[2]) <= 12:
                return False
        elif m := _NOYEAR_DAY.match(part):
            try:
                date(2000, int(m[1]), int(m[2]))  # a leap year, so 29 February exists
            except ValueError:
                return False
        elif m := _NOYEAR_MONTH.match(part):
            if not 1 <= int(m[1]) <= 12:
                return False
        elif not _YEAR.match(part):
            return False
    return True


def grounded_items(report: Report) -> Iterator[tuple[str, str, Span]]:
    """Every (where, evidence, span) in a report, for the grounding rule."""
    sup = report.supervision
    for name in ("body", "target", "topic"):
        m = getattr(sup, name)
        if m is not None:
            yield f"supervision.{name}", m.text, m.span
    for i, m in enumerate(sup.targets):
        yield f"supervision.targets[{i}]", m.text, m.span
    if sup.period is not None:
        yield "supervision.period", sup.period.text, sup.period.span
    for i, off in enumerate(report.officials):
        for m in off.mentions:
            yield f"officials[{i}].mentions", m.text, m.span
        for t in off.titles:
            yield f"officials[{i}].titles", t.text, t.span
    for group in ("dates", "figures"):
        for i, item in enumerate(getattr(report, group)):
            yield f"{group}[{i}]", item.text, item.span
            for m in item.mentions:
                yield f"{group}[{i}].mentions", m.text, m.span
    for i, rec in enumerate(report.recommendations):
        yield f"recommendations[{i}]", rec.text, rec.span
        if rec.by and rec.by_span:
            yield f"recommendations[{i}].by", rec.by, rec.by_span
        if rec.addressee and rec.addressee_span:
            yield f"recommendations[{i}].addressee", rec.addressee, rec.addressee_span
    for i, finding in enumerate(report.findings):
        yield f"findings[{i}]", finding.text, finding.span
    doc = report.document
    for name in ("number", "issuer", "title", "place"):
        m = getattr(doc, name)
        if m is not None:
            yield f"document.{name}", m.text, m.span
    if doc.issued is not None:
        yield "document.issued", doc.issued.text, doc.issued.span
    if doc.signer is not None:
        yield "document.signer", doc.signer.name, doc.signer.span
    for i, m in enumerate(doc.recipients):
        yield f"document.recipients[{i}]", m.text, m.span
    for group in ("places", "bodies"):
        for i, item in enumerate(getattr(report, group)):
            if item.span is not None:  # an implied place (never written) has no span
                yield f"{group}[{i}]", item.text, item.span
            for m in item.mentions:
                yield f"{group}[{i}].mentions", m.text, m.span


def check_report(report: Report) -> list[RecordWarning]:
    out: list[RecordWarning] = []
    n = len(report.text)
    for where, evidence, span in grounded_items(report):
        if not (0 <= span.start <= span.end <= n) or report.text[span.start:span.end] != evidence:
            out.append(RecordWarning(code="span", message=f"{where}: span {span.start}-{span.end} does not hold {evidence!r}", span=span))
    if not _SHA256.match(report.id):
        out.append(RecordWarning(code="id", message=f"id {report.id!r} is not a sha256 (64 lower-case hex digits)"))
    dated = [(f"dates[{i}]", d) for i, d in enumerate(report.dates)]
    if report.supervision.period is not None:
        dated.append(("supervision.period", report.supervision.period))
    for where, d in dated:
        if not valid_iso(d.value):
            out.append(RecordWarning(code="date", message=f"{where}: {d.text!r}: {d.value!r} is not a valid ISO 8601 date", span=d.span))
    published = report.source.published
    if published is not None and not (_DAY.match(published) and valid_iso(published)):
        out.append(RecordWarning(code="date", message=f"source.published: {published!r} is not a valid YYYY-MM-DD date"))
    by_id = {f.id: f for f in report.figures}
    if len(by_id) < len(report.figures):
        seen = [f.id for f in report.figures]
        twice = sorted({i for i in seen if seen.count(i) > 1})
        out.append(RecordWarning(code="figure", message=f"figure ids used twice: {', '.join(twice)}"))
    parts = defaultdict(list)
    for f in report.figures:
        if not math.isfinite(float(f.value)):
            out.append(RecordWarning(code="figure", message=f"{f.text!r}: value is not finite", span=f.span))
        if f.category == "percent" and not 0 <= float(f.value) <= 100:
            # one figure for every place the value is written: a share at any of them is checked
            share = next((m for m in [f, *f.mentions] if not is_change(report.text, m.span.start, m.span.end)), None)
            if share is not None:
                out.append(RecordWarning(code="percent", message=f"{share.text!r}: a share of {f.value}% is outside 0–100",
                                   span=share.span))
        if f.part_of == f.id:
            out.append(RecordWarning(code="breakdown", message=f"{f.id} {f.text!r} is a part of itself", span=f.span))
        elif f.part_of:
            parts[f.part_of].append(f)
    for whole_id, items in parts.items():
        whole = by_id.get(whole_id)
        if whole is None:
            out.append(RecordWarning(code="breakdown", message=f"figures link to unknown whole {whole_id}"))
            continue
        if whole.category == "percent" or any(p.category != whole.category for p in items):
            continue
        # "trong đó" often lists only some parts, so a shortfall is normal; parts that add up
        # to more than their whole are a typing or OCR error in the report
        total = sum(float(p.value) for p in items)
        if exceeds(total, float(whole.value)):
            names = " + ".join(p.text for p in items)
            out.append(RecordWarning(
                code="breakdown",
                message=f"parts of {whole.text!r} ({whole.value:g}) add up to {total:g}: {names}",
                span=whole.span,
            ))
    return out
