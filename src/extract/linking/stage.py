"""The linking stage: after every extractor, places, bodies and people get their keys.

Extraction finds items; linking says who and where they are across reports. It reads the
extractors' results and is the one writer of what it declares: the Report's ``places`` and
``bodies`` (``ASSIGNS``), and on the items the extractors made, the fields in ``ADDS``
(keys, and a title's position and body, which need the parsed bodies). No extractor
assigns or fills them (the registry refuses a second writer; a test runs the extractors
alone and finds every one of them empty).

The steps, in order (each reads only what the ones before made):

1. places: the unit mentions, resolved to official codes with the unit set of the report's
   date (people's names kept out), as ``Place`` items, each named district's province
   added as *implied* where the text does not write it (rules: ``linking.places``);
2. bodies: chains parsed from the lexicon and linked to their place (``linking.bodies``);
3. keys: each title's position, body and body key, each official's person key
   (``linking.people``), the supervision's body, target body and target place keys, each
   recommendation's ``by_key`` (an official's or a body's) and ``addressee_key``.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..models import Body, DateItem, Official, Place, Recommendation, Span, Supervision
    from ..registry import Context
    from .bodies import Chain, LinkedBody
    from .places import Found, Unit

# The Report fields this stage makes, and the fields of other items it fills.
ASSIGNS = ("places", "bodies")
ADDS = (
    "officials.key", "officials.titles.position", "officials.titles.body", "officials.titles.body_key",
    "supervision.body_key", "supervision.target_body_key", "supervision.target_place_key",
    "recommendations.by_key", "recommendations.addressee_key",
)

_FULL = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def link(ctx: Context) -> dict[str, Any]:
    """Link the extractors' results in ``ctx.found``; returns the Report fields of ``ASSIGNS``."""
    found = find_places(ctx)
    places = place_items(ctx, found)
    sup: Supervision | None = ctx.found.get("supervision")
    target_place = _target_place(sup, found)
    chains, linked, bodies = link_bodies(ctx, found, target_place)
    officials: list[Official] = ctx.found.get("officials", [])
    _link_officials(ctx, officials, chains, linked, found)
    _link_supervision(sup, linked, target_place)
    _link_recommendations(ctx.found.get("recommendations", []), officials, linked)
    return {"places": places, "bodies": bodies}


# ------------------------------------------------------------------------------ places


def report_date(ctx: Context) -> str | None:
    """The report's date: published or issued where known, else the latest dated day or month it gives."""
    published = ctx.found.get("published")  # the source's own date first (structure.published_date)
    if published:
        return published
    info = ctx.found.get("document")
    if info is not None and getattr(info, "issued", None) is not None:
        return info.issued.value
    dates: list[DateItem] = ctx.found.get("dates", [])
    values = [part for d in dates for part in d.value.split("/") if _FULL.match(part)]
    if not values:
        values = [part for d in dates for part in d.value.split("/") if re.fullmatch(r"\d{4}", part)]
    return max(values) if values else None


def find_places(ctx: Context) -> Found:
    """The document's unit mentions, resolved, with the unit set of the report's date; a
    place is not read inside a person's name ("Trương Hòa Bình")."""
    from .places import Found, find_mentions, resolve, set_for

    set_name = set_for(report_date(ctx))
    officials: list[Official] = ctx.found.get("officials", [])
    avoid = [(m.span.start, m.span.end) for o in officials for m in o.mentions]
    mentions = find_mentions(ctx.text, ctx.content, set_name, avoid, ctx.key)
    found = Found(set=set_name, mentions=mentions)
    found.provinces = resolve(ctx.text, mentions)
    return found


def _place(ctx: Context, unit: Unit, spans: list[tuple[int, int]], renamed: bool = False) -> Place:
    from ..models import Place

    mentions = [ctx.mention(s, e) for s, e in spans]
    return Place(
        key=unit.key, text=mentions[0].text if mentions else unit.name, span=mentions[0].span if mentions else None,
        mentions=mentions, level=unit.level, type=unit.type, name=unit.name, code=unit.code,
        province_code=unit.province_code, district_code=unit.district_code if unit.level == "ward" else None,
        path=unit.path, set=unit.set, implied=not mentions, renamed=renamed,
    )


def implied_parents(unit: Unit) -> list[Unit]:
    from .places import gazetteer

    gaz = gazetteer(unit.set)
    out = []
    if unit.level != "province":
        out.append(gaz.get("province", unit.province_code))
    if unit.level == "ward" and unit.district_code:
        out.append(gaz.get("district", unit.district_code))
    return out


def place_items(ctx: Context, found: Found) -> list[Place]:
    """One ``Place`` per unit named, and the province (and district) of each where implied."""
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
    return places


def _target_place(sup: Supervision | None, found: Found) -> Unit | None:
    """The unit the supervised entity is written with: the most local one inside its text."""
    if sup is None or sup.target is None:
        return None
    t = sup.target.span
    inside = [m.resolved for m in found.mentions if m.resolved and t.start <= m.start and m.end <= t.end]
    return max(inside, key=lambda u: (u.level == "ward", u.level == "district")) if inside else None


# ------------------------------------------------------------------------------ bodies


def link_bodies(ctx: Context, found: Found, target_place: Unit | None
                ) -> tuple[list[Chain], dict[tuple[int, int], LinkedBody], list[Body]]:
    """The chains the text writes, each tail linked to its place and key, and the ``Body`` items."""
    from ..models import Body
    from .bodies import Linker, parse

    officials: list[Official] = ctx.found.get("officials", [])
    persons = [(m.span.start, m.span.end) for o in officials for m in o.mentions]
    starts = ctx.token_starts
    chains = parse(ctx.text, ctx.content, found, persons, lambda pos: bisect.bisect_right(starts, pos), ctx.key)
    linker = Linker(found, target_place)
    linked: dict[tuple[int, int], LinkedBody] = {}
    bodies: dict[str, Body] = {}
    for chain in chains:
        for lb in linker.link(chain):
            linked[(lb.start, lb.end)] = lb
            mention = ctx.mention(lb.start, lb.end)
            if lb.key in bodies:
                bodies[lb.key].mentions.append(mention)
                continue
            bodies[lb.key] = Body(
                key=lb.key, text=mention.text, span=mention.span, mentions=[mention], expanded=lb.full,
                scope=lb.where.scope, place_key=lb.where.unit.key if lb.where.unit else None, part_of=lb.part_of,
            )
    return chains, linked, sorted(bodies.values(), key=lambda b: b.span.start)


# ------------------------------------------------------------------------------ keys


def _at(linked: dict[tuple[int, int], LinkedBody], span: Span | None) -> LinkedBody | None:
    """The outermost body written inside ``span``, the first if several ("Bí thư Thành ủy TP HCM")."""
    if span is None:
        return None
    inside = [b for (s, e), b in linked.items() if span.start <= s and e <= span.end]
    return min(inside, key=lambda b: (b.start, b.start - b.end)) if inside else None


def _link_officials(ctx: Context, officials: list[Official], chains: list[Chain],
                    linked: dict[tuple[int, int], LinkedBody], found: Found) -> None:
    from .people import person_key, split_title

    province = found.province.path if found.province else None
    for official in officials:
        splits = []
        for title in official.titles:
            split = split_title(ctx.text, title.span.start, title.span.end, chains, linked)
            title.position, title.body, title.body_key = split.position, split.body, split.body_key
            splits.append(split)
        official.key = person_key(official.name, splits, province)


def _link_supervision(sup: Supervision | None, linked: dict[tuple[int, int], LinkedBody],
                      target_place: Unit | None) -> None:
    if sup is None:
        return
    sup.target_place_key = target_place.key if target_place is not None else None
    if body := _at(linked, sup.body.span if sup.body else None):
        sup.body_key = body.key
    if target := _at(linked, sup.target.span if sup.target else None):
        sup.target_body_key = target.key
        if sup.target_place_key is None and target.where.unit is not None:
            sup.target_place_key = target.where.unit.key  # "UBND huyện Yên Thành": the body's place


def _link_recommendations(recs: list[Recommendation], officials: list[Official],
                          linked: dict[tuple[int, int], LinkedBody]) -> None:
    from ..normalize import fold

    people = {fold(o.name): o.key for o in officials}
    for rec in recs:
        if rec.by:
            rec.by_key = people.get(fold(rec.by)) or getattr(_at(linked, rec.by_span), "key", None)
        if rec.addressee:
            rec.addressee_key = getattr(_at(linked, rec.addressee_span), "key", None)
