"""The one-way path: ingest → normalise → tokenize → extract → link → check → record.

``process(source)`` always returns a record: a ``Report``, or an ``ErrorRecord``
that says why the input could not be read. It never raises for a bad input, so
one broken file cannot stop a batch.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from .checks import check_report
from .document import Document, IngestError
from .ingest import ingest, read_bytes, source_name
from .models import ErrorRecord, RecordWarning, Report, Source
from .nlp import memory_zone, tokens
from .inputs import Input, error_record
from .linking.stage import link
from .registry import Context, run_all
from .startup import first_document


def _source(document: Document, published: str | None) -> Source:
    return Source(
        path=document.path and source_name(document.path), url=document.url, media_type=document.media_type, title=document.title,
        published=published, encoding=document.encoding, pages=document.pages,
        line_breaks=list(document.line_breaks),
    )


def extract_document(document: Document) -> Report:
    """Run every registered extractor over a Document and assemble its Report."""
    content = [(b.start, b.end) for b in document.blocks if b.kind != "furniture"] or None
    with first_document(), memory_zone():  # the document's words leave the vocabulary with it: memory stays flat
        ctx = Context(document=document, tokens=tokens(document.text, content))
        fields = run_all(ctx)  # extraction: each extractor adds its own result
        fields.update(link(ctx))  # linking: places, bodies, and the keys on the items found
        _label_sections(fields, ctx.found.get("sections") or [])
        report = Report(id=document.sha256, source=_source(document, ctx.found.get("published")), text=document.text,
                        **fields)
        report.warnings = [RecordWarning(code=c, message=m) for c, m in document.warnings] + check_report(report)
    return report


def _label_sections(found: dict, sections: list) -> None:
    """Give every item with a span and a ``section`` field the heading it falls under."""
    from .extractors.structure import section_at

    if not sections:
        return
    for value in found.values():
        items = value if isinstance(value, list) else []
        for item in items:
            if "section" in type(item).model_fields if hasattr(type(item), "model_fields") else False:
                item.section = section_at(sections, item.span.start)
            for title in getattr(item, "titles", []) or []:
                title.section = section_at(sections, title.span.start)


def process(source: str | Path | Input, data: bytes | None = None) -> Report | ErrorRecord:
    """One input → one record, whatever the input holds.

    ``source``: a path or URL, or the ``Input`` the caller already made of it. ``data``: the input's
    bytes where they were read elsewhere (a cluster worker that cannot see the client's files is
    shipped them; an object-storage URL is read through fsspec); ``source`` then only names it."""
    with first_document():  # the first input of a process loads the readers, models and rules
        return _process(Input.of(source, data))


def _process(item: Input) -> Report | ErrorRecord:
    try:
        document = ingest(item)
    except IngestError as exc:
        return item.error(exc.kind, exc.message)
    except Exception as exc:  # a reader library failing on a hostile file is still that file's error
        return item.error("corrupt", f"could not read the input: {type(exc).__name__}: {exc}")
    try:
        return extract_document(document)
    except Exception as exc:  # an extractor bug must not lose the document: report it
        tb = traceback.format_exc(limit=3)
        return error_record(item.source, "internal", f"extraction failed: {type(exc).__name__}: {exc}\n{tb}",
                            document.sha256)


def process_bytes(data: bytes, name: str = "input.txt") -> Report:
    """Extract from bytes in memory (tests, notebooks); raises IngestError on bad input."""
    with first_document():
        return extract_document(read_bytes(data, name=name, path=name))
