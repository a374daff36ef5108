"""Bodies: the state and Party organisations a text names, with keys; and the links
that need them.

The parsing and linking rules are in ``extract.linking.bodies`` (the lexicon is
resources/bodies.tsv) and ``extract.linking.people``. Besides ``Report.bodies`` this
extractor fills, on the items earlier extractors made:

- each title's ``position``, ``body`` and ``body_key``, and each official's ``key``;
- ``supervision.body_key``, ``target_body_key`` (and ``target_place_key`` where the
  target is a body such as "UBND huyện Yên Thành");
- each recommendation's ``by_key`` (an official's or a body's key) and ``addressee_key``.
"""

from __future__ import annotations

import bisect

from ..linking.bodies import Chain, LinkedBody, Linker, parse
from ..linking.people import person_key, split_title
from ..models import Body, Official, Recommendation, Span, Supervision
from ..normalize import fold
from ..registry import Context, extractor
from .places import link_places


def _at(linked: dict[tuple[int, int], LinkedBody], span: Span | None) -> LinkedBody | None:
    """The outermost body written inside ``span``, the first if several ("Bí thư Thành ủy TP HCM")."""
    if span is None:
        return None
    inside = [b for (s, e), b in linked.items() if span.start <= s and e <= span.end]
    return min(inside, key=lambda b: (b.start, b.start - b.end)) if inside else None


def _link_supervision(sup: Supervision | None, linked: dict[tuple[int, int], LinkedBody]) -> None:
    if sup is None:
        return
    if body := _at(linked, sup.body.span if sup.body else None):
        sup.body_key = body.key
    if target := _at(linked, sup.target.span if sup.target else None):
        sup.target_body_key = target.key
        if sup.target_place_key is None and target.where.unit is not None:
            sup.target_place_key = target.where.unit.key


def _link_recommendations(recs: list[Recommendation], officials: list[Official],
                          linked: dict[tuple[int, int], LinkedBody]) -> None:
    people = {fold(o.name): o.key for o in officials}
    for rec in recs:
        if rec.by:
            rec.by_key = people.get(fold(rec.by)) or getattr(_at(linked, rec.by_span), "key", None)
        if rec.addressee:
            rec.addressee_key = getattr(_at(linked, rec.addressee_span), "key", None)


@extractor("bodies", requires=("places", "officials", "signer_official", "supervision", "recommendations"))
def extract_bodies(ctx: Context) -> list[Body]:
    found = link_places(ctx)
    officials: list[Official] = ctx.found.get("officials", [])
    persons = [(m.span.start, m.span.end) for o in officials for m in o.mentions]
    starts = ctx.token_starts
    chains: list[Chain] = parse(ctx.text, ctx.content, found, persons, lambda pos: bisect.bisect_right(starts, pos),
                                ctx.key)
    sup: Supervision | None = ctx.found.get("supervision")
    target_unit = next((m.resolved for m in found.mentions
                        if m.resolved and sup is not None and m.resolved.key == sup.target_place_key), None)
    linker = Linker(found, target_unit)
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
    province = found.province.path if found.province else None
    for official in officials:
        splits = []
        for title in official.titles:
            split = split_title(ctx.text, title.span.start, title.span.end, chains, linked)
            title.position, title.body, title.body_key = split.position, split.body, split.body_key
            splits.append(split)
        official.key = person_key(official.name, splits, province)
    _link_supervision(sup, linked)
    _link_recommendations(ctx.found.get("recommendations", []), officials, linked)
    return sorted(bodies.values(), key=lambda b: b.span.start)
