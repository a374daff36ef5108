"""The public output contract: one record per input document.

These pydantic models are the source of truth. ``schemas/report.schema.json`` is
generated from them (``giamsat schema``) and a test fails when the two drift.
Field meanings follow the gold annotation guide (``shared/corpus/ANNOTATION.md``).

Every extracted item carries a ``span`` into ``Report.text`` (the normalised text)
and the exact evidence string, with ``text[span.start:span.end] == evidence``.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union, get_args

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """Character offsets into the normalised text, end exclusive."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    page: int | None = Field(default=None, description="1-based PDF page, where known")


class Mention(_Model):
    """One place a thing is written: the evidence string and where it stands."""

    text: str
    span: Span


class Source(_Model):
    path: str | None = None
    url: str | None = None
    linked_from: str | None = Field(
        default=None, description="for a file attached to a web page (giamsat pull): the URL of the page that linked it")
    media_type: str = Field(description="text/plain, text/html, application/pdf, …")
    title: str | None = None
    published: str | None = Field(default=None, description="YYYY-MM-DD where the source shows it")
    encoding: str | None = Field(default=None, description="character encoding the bytes were read in")
    pages: int | None = Field(default=None, description="number of pages, for PDFs")
    line_breaks: list[int] = Field(
        default_factory=list,
        description="offsets in Report.text of spaces that stand for a line break of the source, joined "
                    "because the source wrapped a paragraph's lines (reflow); with span.page, where each "
                    "item's lines came from")


class Title(_Model):
    """One position (chức vụ) with its organisation, as written."""

    text: str
    span: Span
    expanded: str | None = Field(default=None, description="the title in full, where it differs from the text: "
                                 "abbreviations spelled out (HĐND → Hội đồng nhân dân), a signature's position with the "
                                 "body signed for, a position a scan misread ('PHÙ THỦ TƯỚNG') as the one it stands for")
    section: str | None = Field(default=None, description="heading of the report section it came from")
    position: str | None = Field(default=None, description="the position without its body: 'Trưởng' of 'Trưởng Ban Kinh tế - Ngân sách HĐND tỉnh'")
    body: str | None = Field(default=None, description="the body the position is in, as written: 'Ban Kinh tế - Ngân sách HĐND tỉnh'")
    body_key: str | None = Field(default=None, description="that body's key in Report.bodies")


class Official(_Model):
    name: str
    titles: list[Title] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list, description="every place the name is written")
    key: str | None = Field(
        default=None,
        description="the same person across reports: folded name @ the province of their positions "
                    "(or 'trung-ương' for national bodies), e.g. 'lê-quang-hùng@tỉnh-thanh-hóa'",
    )


class DateItem(_Model):
    text: str
    value: str = Field(description="ISO 8601: YYYY-MM-DD, YYYY-MM, YYYY, --MM-DD, --MM, or START/END")
    span: Span
    mentions: list[Mention] = Field(default_factory=list, description="every place this value is written")
    section: str | None = Field(default=None, description="heading of the report section it came from")


FigureCategory = Literal[
    "procedures", "dossiers", "percent", "money", "people", "duration", "organisations", "area", "other"
]


class Figure(_Model):
    id: str = Field(description="stable within the record: f1, f2, …")
    text: str
    value: float | int
    unit: str | None
    category: FigureCategory
    span: Span
    label: str | None = Field(default=None, description="what the number is of, e.g. 'cấp huyện'")
    qualifier: str | None = Field(default=None, description="gần, hơn, khoảng, trên, … as written")
    part_of: str | None = Field(default=None, description="id of the figure this one breaks down")
    mentions: list[Mention] = Field(default_factory=list)
    section: str | None = Field(default=None, description="heading of the report section it came from")


class Recommendation(_Model):
    text: str
    span: Span
    by: str | None = None
    addressee: str | None = None
    by_span: Span | None = None
    addressee_span: Span | None = None
    cue: str | None = Field(default=None, description="the verb that asks: đề nghị, kiến nghị, yêu cầu, …")
    section: str | None = Field(default=None, description="heading of the report section it came from")
    by_key: str | None = Field(default=None, description="key of who asks: an official (Official.key) or a body (Body.key)")
    addressee_key: str | None = Field(default=None, description="key of the body asked (Body.key)")


class Finding(_Model):
    """A shortcoming the report finds (tồn tại, hạn chế, khó khăn, nguyên nhân)."""

    text: str
    span: Span
    section: str | None = None


class Signer(_Model):
    name: str
    title: str | None = Field(default=None, description="the signature line's position, e.g. 'PHÓ CHỦ TỊCH'")
    capacity: str | None = Field(default=None, description="TM./KT./Q. line, e.g. 'TM. THƯỜNG TRỰC HĐND'")
    span: Span


class DocumentInfo(_Model):
    """The formal report's own block: header, number, place and date, signature, recipients."""

    number: Mention | None = Field(default=None, description="'45/BC-HĐND' from 'Số: 45/BC-HĐND'")
    kind: str | None = Field(default=None, description="Báo cáo, Nghị quyết, Kế hoạch, … from the title or number")
    issuer: Mention | None = Field(default=None, description="the header block above the national motto")
    title: Mention | None = Field(default=None, description="the subject line under the kind, e.g. 'Kết quả giám sát …'")
    place: Mention | None = None
    issued: DateItem | None = None
    signer: Signer | None = None
    recipients: list[Mention] = Field(default_factory=list, description="'Nơi nhận:' items")


class Supervision(_Model):
    """What the supervision was, where the document says it."""

    body: Mention | None = Field(default=None, description="who supervises, in its fullest form in the document")
    target: Mention | None = Field(
        default=None,
        description="the first of targets (kept so that consumers reading one target go on working); see targets",
    )
    targets: list[Mention] = Field(
        default_factory=list,
        description="every body, place or unit supervised, as written, in order of first mention",
    )
    topic: Mention | None = Field(default=None, description="what is supervised, without the lead-in ('về việc', 'giám sát')")
    period: DateItem | None = Field(default=None, description="the period the supervision covers (not the dates of a visit)")
    body_key: str | None = Field(default=None, description="key of the supervising body (Body.key)")
    target_body_key: str | None = Field(default=None, description="key of the supervised body, where the target is one (Body.key)")
    target_place_key: str | None = Field(default=None, description="key of the supervised unit or the unit of the supervised body (Place.key)")


PlaceLevel = Literal["province", "district", "ward"]


class Place(_Model):
    """An administrative unit the text names (tỉnh, huyện, xã, …), linked to its official code."""

    key: str = Field(description="'{set}:{level}:{code}', e.g. 'legacy-63:district:399'")
    text: str = Field(description="as first written, e.g. 'huyện Hoằng Hóa'; the official name where only implied")
    span: Span | None = Field(default=None, description="the first mention; null where the unit is only implied")
    mentions: list[Mention] = Field(default_factory=list, description="every place it is written")
    level: PlaceLevel
    type: str = Field(description="Tỉnh, Thành phố, Huyện, Quận, Thị xã, Xã, Phường, Thị trấn or Đặc khu")
    name: str = Field(description="official name, e.g. 'Huyện Hoằng Hóa'")
    code: str = Field(description="the official code of the unit at its level, e.g. '399'")
    province_code: str
    district_code: str | None = None
    path: str = Field(description="names from the province down, e.g. 'tỉnh-thanh-hóa/huyện-hoằng-hóa'")
    set: Literal["legacy-63", "2025-34"] = Field(
        description="unit set: the 63 provinces before 2025-07-01, or the 34 after; chosen by the report's date"
    )
    implied: bool = Field(default=False, description="not written, but holds a unit that is (the province of a named district)")
    renamed: bool = Field(
        default=False,
        description="written under a former name or type ('xã Sơn Hải', merged into Xã Văn Hải; 'thị xã Thuận An', now a city)",
    )


class Body(_Model):
    """A state or Party body the text names (HĐND, UBND, Sở, Ban, Tỉnh ủy, …), qualified by its place."""

    key: str = Field(description="place path / body path, e.g. 'tỉnh-thanh-hóa/hội-đồng-nhân-dân/ban-kinh-tế-ngân-sách'; "
                                 "'trung-ương/…' for national bodies")
    text: str = Field(description="as first written, e.g. 'Ban Kinh tế - Ngân sách HĐND tỉnh'")
    span: Span
    mentions: list[Mention] = Field(default_factory=list)
    expanded: str = Field(description="full name qualified by its place: 'Ban Kinh tế - Ngân sách Hội đồng nhân dân tỉnh Thanh Hóa'")
    scope: Literal["national", "province", "district", "ward", "foreign"] | None = None
    place_key: str | None = Field(default=None, description="the unit it belongs to (Place.key)")
    part_of: str | None = Field(default=None, description="key of the body it is part of (Thường trực HĐND → HĐND)")


class RecordWarning(_Model):
    """Something a check found in a record (a span that does not hold its evidence, a date that
    is no ISO date, a breakdown that does not add up), or that ingest noticed. (Not ``Warning``:
    in Python that is the built-in exception.)"""

    code: str
    message: str
    span: Span | None = None


class Review(_Model):
    """That a person checked the record (``giamsat apply``): its items are theirs, not only the rules'."""

    reviewed: bool = True
    by: str | None = Field(default=None, description="who reviewed it, as they gave their name")
    at: str | None = Field(default=None, description="when, ISO 8601 (YYYY-MM-DDTHH:MM:SSZ) as the corrections file says")
    corrections: str | None = Field(default=None, description="the corrections file applied")
    not_found: list[str] = Field(
        default_factory=list,
        description="items of the corrections that could not be found in the text, so were left out")


class Report(_Model):
    schema_version: Literal["1.0"] = SCHEMA_VERSION
    status: Literal["ok"] = "ok"
    id: str = Field(description="sha256 of the source bytes")
    source: Source
    text: str = Field(description="the normalised text every span points into")
    document: DocumentInfo = Field(default_factory=DocumentInfo)
    supervision: Supervision = Field(default_factory=Supervision)
    officials: list[Official] = Field(default_factory=list)
    dates: list[DateItem] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    recommendations: list[Recommendation] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    bodies: list[Body] = Field(default_factory=list)
    warnings: list[RecordWarning] = Field(default_factory=list)
    review: Review | None = Field(default=None, description="set on a record a person reviewed and corrected; absent "
                                                            "(null) on the machine's record")


# Why an input could not be read: the one list of error kinds (ingest, batch and the commands
# raise and write only these; ``IngestError`` refuses another).
ErrorKind = Literal[
    "empty",  # nothing to read: no text, no pages, OCR found nothing
    "encoding",  # text that is not UTF-8, UTF-16 or a Vietnamese legacy encoding
    "corrupt",  # a damaged or truncated file, or a reader library failing on it
    "unsupported",  # a kind of file giamsat does not read
    "encrypted",  # a password-protected PDF or Office file
    "unreadable",  # the file system refused it (permissions, a vanished file)
    "fetch",  # a URL that could not be downloaded
    "limit",  # over --max-bytes, --max-pages, the time or memory limit
    "ocr-unavailable",  # a scan, and Tesseract is not installed
    "converter-unavailable",  # a .doc/.rtf/.odt, and LibreOffice is not installed
    "internal",  # a bug in giamsat: the message says where
]
ERROR_KINDS: tuple[str, ...] = get_args(ErrorKind)


class ErrorInfo(_Model):
    kind: ErrorKind = Field(description="why the input could not be read: " + ", ".join(get_args(ErrorKind)))
    message: str


class ErrorRecord(_Model):
    """What an input that could not be read becomes: never silently dropped."""

    schema_version: Literal["1.0"] = SCHEMA_VERSION
    status: Literal["error"] = "error"
    id: str | None = Field(default=None, description="sha256 of the bytes, where they could be read")
    source: Source
    error: ErrorInfo


Record = Annotated[Union[Report, ErrorRecord], Field(discriminator="status")]
