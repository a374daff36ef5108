"""Places: every administrative unit the text names, linked to its official code.

The finding and linking rules are in ``extract.linking.places``. This extractor
chooses the unit set from the report's date, keeps people's names out (a place is
not read inside "Trương Hòa Bình"), turns the linked mentions into ``Place`` items
(the province of a named district is added as *implied* when the text does not
write it) and links the supervised entity (``supervision.target_place_key``).
"""

from __future__ import annotations

import re

from ..linking.places import Found, Unit, find_mentions, resolve, set_for
from ..models import DateItem, Official, Place, Supervision
from ..registry import Context, extractor

_FULL = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def report_date(ctx: Context) -> str | None:
    """The report's date: published or issued where known, else the latest dated day or month it gives."""
    if ctx.document.published:
        return ctx.document.published
    info = ctx.found.get("document")
    if info is not None and getattr(info, "issued", None) is not None:
        return info.issued.value
    dates: list[DateItem] = ctx.found.get("dates", [])
    values = [part for d in dates for part in d.value.split("/") if _FULL.match(part)]
    if not values:
        values = [part for d in dates for part in d.value.split("/") if re.fullmatch(r"\d{4}", part)]
    return max(values) if values else None


def link_places(ctx: Context) -> Found:
    """The document's unit mentions, resolved (cached on the context for the bodies extractor)."""
    if "_places" in ctx.found:
        return ctx.found["_places"]
    set_name = set_for(report_date(ctx))
    officials: list[Official] = ctx.found.get("officials", [])
    avoid = [(m.span.start, m.span.end) for o in officials for m in o.mentions]
    mentions = find_mentions(ctx.text, ctx.content, set_name, avoid, ctx.key)
    found = Found(set=set_name, mentions=mentions)
    found.provinces = resolve(ctx.text, mentions)
    ctx.found["_places"] = found
    return found


def _place(ctx: Context, unit: Unit, spans: list[tuple[int, int]], renamed: bool = False) -> Place:
    mentions = [ctx.mention(s, e) for s, e in spans]
    return Place(
        key=unit.key, text=mentions[0].text if mentions else unit.name, span=mentions[0].span if mentions else None,
        mentions=mentions, level=unit.level, type=unit.type, name=unit.name, code=unit.code,
        province_code=unit.province_code, district_code=unit.district_code if unit.level == "ward" else None,
        path=unit.path, set=unit.set, implied=not mentions, renamed=renamed,
    )


def implied_parents(unit: Unit) -> list[Unit]:
    from ..linking.places import gazetteer

    gaz = gazetteer(unit.set)
    out = []
    if unit.level != "province":
        out.append(gaz.get("province", unit.province_code))
    if unit.level == "ward" and unit.district_code:
        out.append(gaz.get("district", unit.district_code))
    return out


@extractor("places", requires=("dates", "document", "officials", "supervision"))
def extract_places(ctx: Context) -> list[Place]:
    found = link_places(ctx)
    spans: dict[str, list[tuple[int, int]]] = {}
    units: dict[str, Unit] = {}
    tier: dict[str, int] = {}
    for m in found.mentions:
        if m.resolved:
            key = m.resolved.key
            spans.setdefault(key, []).append((m.start, m.end))
            units[key] = m.resolved
            t = m.tiers.get(key, 0)  # another type (1, 3) or a former name (4, 5): see linking.places._candidates
            tier[key] = min(tier.get(key, 9), 1 if t >= 4 or t % 2 else 0)
    for unit in list(units.values()) + found.provinces:
        for parent in [unit] + implied_parents(unit):
            same = [u for u in units.values() if u.level == parent.level and u.code == parent.code]
            if parent.key not in units and not (parent.level == "province" and same):
                units[parent.key] = parent  # a province is the same in both sets when its code is
                spans[parent.key] = []
    places = [_place(ctx, units[k], spans[k], tier.get(k, 0) > 0) for k in units]
    places.sort(key=lambda p: (p.span is None, p.span.start if p.span else len(p.path)))
    sup: Supervision | None = ctx.found.get("supervision")
    if sup is not None and sup.target is not None:
        t = sup.target.span
        inside = [(m, m.resolved) for m in found.mentions if m.resolved and t.start <= m.start and m.end <= t.end]
        if inside:
            sup.target_place_key = max(inside, key=lambda x: (x[1].level == "ward", x[1].level == "district"))[1].key
    return places
