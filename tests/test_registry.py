"""The extractors' contract: what each assigns, what the linking stage alone fills."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import registry
from extract.document import Block, Document
from extract.ingest import ingest
from extract.linking.stage import ADDS, ASSIGNS, link
from extract.models import Report
from extract.nlp import tokens
from extract.registry import Context, extractor, ordered, run_all

DOCS = Path(__file__).resolve().parents[1] / "corpus" / "docs"


@pytest.fixture(autouse=True)
def _registry_as_it_was():
    ordered()  # every module registered first, as at the first document
    before = dict(registry._REGISTRY)
    yield
    registry._REGISTRY.clear()
    registry._REGISTRY.update(before)


def test_an_extractor_must_assign_a_report_field_or_say_it_assigns_none():
    with pytest.raises(ValueError, match="no Report field"):
        extractor("sigers")(lambda ctx: None)
    with pytest.raises(ValueError, match="extractor 'dates' already assigns"):
        extractor("more_dates", assigns="dates")(lambda ctx: [])
    with pytest.raises(ValueError, match="the linking stage already assigns"):
        extractor("places")(lambda ctx: [])
    assert "sigers" not in registry._REGISTRY and "more_dates" not in registry._REGISTRY


def test_a_requirement_nobody_registered_is_an_error():
    extractor("needs_ghost", requires=("ghost",), assigns=None)(lambda ctx: None)
    with pytest.raises(ValueError, match="requires unknown 'ghost'"):
        ordered()


def test_every_report_field_has_one_writer():
    writers = [ex.assigns for ex in ordered() if ex.assigns] + list(ASSIGNS)
    assert len(writers) == len(set(writers))
    assert set(writers) <= set(Report.model_fields)


def _values(items, path: str) -> list:
    """Every value at dotted ``path`` under the Report fields in ``items``."""
    head, *rest = path.split(".")
    values = [items[head]]
    for part in rest:
        nxt = []
        for v in values:
            for x in v if isinstance(v, list) else [v]:
                if x is not None:
                    assert part in type(x).model_fields, f"{type(x).__name__} has no field {part!r}"
                    nxt.append(getattr(x, part))
        values = nxt
    return values


@pytest.mark.parametrize("name", ["bao-cao-giam-sat-ha-tinh.txt", "tin-giam-sat-nghe-an.txt"])
def test_extractors_leave_keys_to_the_linking_stage(name):
    """Run the extractors alone on a real report: every field the linking stage declares is
    still empty; after linking, each is filled somewhere (so the test can fail both ways)."""
    path = DOCS / name
    document = ingest(str(path))
    content = [(b.start, b.end) for b in document.blocks if b.kind != "furniture"]
    ctx = Context(document=document, tokens=tokens(document.text, content))
    fields = run_all(ctx)
    assert not set(ASSIGNS) & set(fields)
    for path_ in ADDS:
        assert all(v is None for v in _values(fields, path_)), f"{path_} was filled before linking"
    fields.update(link(ctx))
    assert fields["places"] and fields["bodies"]
    filled = {p for p in ADDS if any(v is not None for v in _values(fields, p))}
    assert {"officials.key", "officials.titles.body_key", "recommendations.addressee_key"} <= filled


def test_an_extractor_sees_only_the_results_it_requires():
    """Reading a result it did not declare is an error naming it, not an order-dependent answer."""
    seen = {}

    @extractor("peeks", requires=("dates",), assigns=None)
    def peeks(ctx):
        seen["dates"] = ctx.found.get("dates")
        return ctx.found["officials"]

    text = "Ngày 12/3/2024, ông Nguyễn Văn A, Chủ tịch UBND huyện, đề nghị Sở Nội vụ bố trí cán bộ."
    ctx = Context(document=Document(text=text, blocks=[Block(0, len(text))]), tokens=tokens(text))
    with pytest.raises(KeyError, match="extractor 'peeks' reads 'officials', which it does not require"):
        run_all(ctx)
    assert [d.value for d in seen["dates"]] == ["2024-03-12"]
    assert isinstance(ctx.found, dict)  # the results are the context's own again afterwards
