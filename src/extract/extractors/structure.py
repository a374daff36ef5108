"""The layout every Vietnamese administrative report shares, read as data.

- ``sections``: numbered headings ("I.", "II.", "1.", "1.1.", "a)") and the text each
  one covers; the pipeline labels every item with the heading it falls under.
- ``document``: the header block (issuer above the national motto, "Số: 45/BC-HĐND",
  "Hà Tĩnh, ngày 20 tháng 6 năm 2023"), the kind and subject ("BÁO CÁO" / "Kết quả
  giám sát …"), the signature block ("TM. THƯỜNG TRỰC HĐND", "KT. CHỦ TỊCH", "PHÓ CHỦ
  TỊCH", name) and the recipients ("Nơi nhận: - …"); for news pages, a dateline
  near the top ("Thứ Tư, 11/10/2023 - 16:45") gives the publication date.
- ``findings``: each item under a heading about shortcomings (tồn tại, hạn chế, …).

Cue words are data: resources/structure_words.txt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import DateItem, DocumentInfo, Finding, Mention, Official, Signer, Title
from ..normalize import fold
from ..registry import Context, extractor
from ..resources import table, words
from .dates import find_dates

_HEADING = re.compile(
    r"^(?P<num>(?:[IVXL]+\.)|(?:\d+(?:\.\d+)*\.?)(?=\s)|(?:[a-zđ]\)))\s*(?P<title>\S.*)$", re.M
)
_ITEM = re.compile(r"^\s*[-+•–*]\s+(?P<body>\S.*)$", re.M)
_NUMBER = re.compile(r"^\s*Số\s*[:.]?\s*(?P<n>\d+[\w/.\-–Đđ]*)", re.M)
_PLACE_DATE = re.compile(r"^\s*(?P<place>[A-ZĐ][^\n,]{1,40}),\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", re.M)
_NAME_LINE = re.compile(r"^[A-ZĐ][\w'’-]*(?: [A-ZĐ][\w'’-]*){1,4}$")


def _lines(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each line in text[start:end], without the newline."""
    end = len(text) if end is None else end
    out, pos = [], start
    while pos <= end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        out.append((pos, stop))
        if nl < 0:
            break
        pos = nl + 1
    return out


def _is_upper_line(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@dataclass
class Section:
    start: int  # where the heading line starts
    end: int  # where the section's text ends
    number: str
    heading: str
    level: int


def _level(num: str) -> int:
    if re.fullmatch(r"[IVXL]+\.", num):
        return 1
    if re.fullmatch(r"[a-zđ]\)", num):
        return 4
    return 2 + num.rstrip(".").count(".")


@extractor("sections")
def extract_sections(ctx: Context) -> list[Section]:
    """Numbered headings that stand on a line of their own, short, and a section's span."""
    found: list[Section] = []
    text = ctx.text
    for m in ctx.finditer(_HEADING):
        title = m.group("title").strip()
        num = m.group("num")
        if len(title) > 120 or title.endswith((".", ";", ",")) and not _is_upper_line(title):
            continue  # a numbered paragraph or list item, not a heading
        if re.fullmatch(r"\d+(?:\.\d+)*\.?", num) and not (num.endswith(".") or "." in num):
            continue  # "2 " at a line start is a count, not a heading number
        found.append(Section(m.start(), len(text), num, text[m.start():m.end()].strip(), _level(num)))
    for i, sec in enumerate(found):
        for later in found[i + 1:]:
            if later.level <= sec.level:
                sec.end = later.start
                break
    return found


def section_at(sections: list[Section], offset: int) -> str | None:
    """The innermost heading whose section holds the offset."""
    best = None
    for sec in sections:
        if sec.start <= offset < sec.end and (best is None or sec.level >= best.level):
            best = sec
    return best.heading if best else None


def _header_end(ctx: Context) -> int:
    """Where the header block ends: after its place-and-date line (or, lacking one, after the
    number, else the motto), at most 1,500 characters in; 0 where there is no national motto.

    A text file separates the header from the body with a blank line, but PDF and Word blocks
    are all separated so, hence the header's own lines mark its end."""
    text = ctx.text
    limit = min(len(text), 1500)
    motto = re.search(r"(?i)c[ộo]ng h[òo]a x[ãa] h[ộo]i ch[ủu] ngh[ĩi]a vi[ệe]t nam", text[:limit])
    if not motto:
        return 0
    end = motto.end()
    for pattern in (_PLACE_DATE, _NUMBER):
        if m := pattern.search(text, 0, limit):
            end = max(end, m.end())
    line_end = text.find("\n", end)
    return line_end if 0 <= line_end < limit else limit


def _issuer(ctx: Context, header_end: int) -> Mention | None:
    text = ctx.text
    motto = re.search(r"(?i)c[ộo]ng h[òo]a x[ãa] h[ộo]i ch[ủu] ngh[ĩi]a vi[ệe]t nam", text[:header_end])
    if not motto:
        return None
    lines = []
    for s, e in _lines(text, 0, motto.start()):
        if _NUMBER.match(text, s, e) or _PLACE_DATE.match(text, s, e):
            break  # the issuer ends where the number or the date line begins
        if text[s:e].strip():
            lines.append((s, e))
    if not lines:
        return None
    s, e = lines[0][0], lines[-1][1]
    while e > s and text[e - 1] in " \n":
        e -= 1
    return ctx.mention(s, e) if e > s else None


def _kind_and_title(ctx: Context, after: int) -> tuple[str | None, Mention | None]:
    """"BÁO CÁO" (or another kind) on its own line, then the subject line(s) under it."""
    text = ctx.text
    kinds = {fold(k): k for k in (r[1] for r in table("structure_words.txt") if r[0] == "kind")}
    for s, e in _lines(text, after, min(len(text), after + 1500)):
        line = text[s:e].strip()
        if fold(line) in kinds:
            rest = [(a, b) for a, b in _lines(text, e + 1, min(len(text), e + 600))]
            chosen: list[tuple[int, int]] = []
            after_blank = False
            for a, b in rest:
                line_text = text[a:b].strip()
                if not line_text:
                    after_blank = bool(chosen)
                    continue
                # past a blank line (PDF and Word blocks), the subject goes on only where the
                # next line continues the sentence: it starts in lower case
                if after_blank and not line_text[:1].islower():
                    break
                chosen.append((a, b))
                after_blank = False
            title = ctx.mention(chosen[0][0], chosen[-1][1]) if chosen else None
            return kinds[fold(line)], title
    return None, None


def _signer(ctx: Context) -> Signer | None:
    """The signature block at the end: capacity lines (TM./KT./Q.), a position line, the name."""
    text = ctx.text
    lines = [(s, e) for s, e in _lines(text, max(0, len(text) - 1500)) if text[s:e].strip()]
    capacity_words = words("structure_words.txt", "capacity")
    for i in range(len(lines) - 1, -1, -1):
        s, e = lines[i]
        line = text[s:e].strip()
        if not _NAME_LINE.match(line) or _is_upper_line(line):
            continue
        above = [text[a:b].strip() for a, b in lines[max(0, i - 4):i]]
        above = [a for a in above if not re.fullmatch(r"\(.*\)", a)]  # "(Đã ký)"
        if not above or not _is_upper_line(above[-1]):
            continue
        capacity = [a for a in above if fold(a).split(" ", 1)[0] in capacity_words]
        title = above[-1]
        if capacity and capacity[-1] == title:
            # one line holds both (a PDF joins them): "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" — the
            # signer's position is the last position named on it
            cut = _last_position(title)
            if cut:
                capacity[-1], title = title[:cut].rstrip(), title[cut:]
        start = s + (len(text[s:e]) - len(text[s:e].lstrip()))
        return Signer(
            name=line, title=title, capacity="\n".join(capacity) or None,
            span=ctx.span(start, start + len(line)),
        )
    return None


def _last_position(line: str) -> int:
    """Where the last position head on a signature line starts (0 if none after the first word)."""
    from .officials import _heads

    starts = [m.start() for m in _heads().pattern.finditer(fold(line)) if m.start() > 0]
    return max(starts, default=0)


def _recipients(ctx: Context) -> list[Mention]:
    text = ctx.text
    m = re.search(r"(?m)^\s*Nơi nhận\s*:?\s*$", text)
    if not m:
        return []
    out = []
    for s, e in _lines(text, m.end() + 1):
        line = text[s:e]
        item = _ITEM.match(line)
        if not item:
            if line.strip():
                break
            continue  # PDF and Word put a blank line between items
        a = s + item.start("body")
        b = s + len(line.rstrip(" ;.,"))
        if b > a:
            out.append(ctx.mention(a, b))
    return out


def _dateline(ctx: Context) -> str | None:
    """A news page's dateline near the top: a short line that is a date (and maybe a weekday, a time)."""
    text = ctx.text
    for s, e in _lines(text, 0, min(len(text), 400))[:4]:
        line = text[s:e].strip()
        if not line or len(line) > 60:
            continue
        found = find_dates(line)
        if len(found) == 1 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", found[0][2]):
            rest = (line[:found[0][0]] + line[found[0][1]:]).strip(" ,-–|")
            if len(re.findall(r"[^\W\d_]+", rest)) <= 3:  # "Thứ Tư", "16:45", "GMT+7"
                return found[0][2]
    return None


@extractor("document", requires=("officials", "dates"))
def extract_document_info(ctx: Context) -> DocumentInfo:
    text = ctx.text
    header_end = _header_end(ctx)
    info = DocumentInfo()
    if header_end:
        info.issuer = _issuer(ctx, header_end)
        if m := _NUMBER.search(text, 0, header_end):
            info.number = ctx.mention(m.start("n"), m.end("n"))
        if m := _PLACE_DATE.search(text, 0, header_end):
            info.place = ctx.mention(m.start("place"), m.end("place"))
            whole = m.group(0)
            for s, e, value in find_dates(whole):
                a = m.start() + s
                info.issued = DateItem(text=text[a:m.start() + e], value=value, span=ctx.span(a, m.start() + e),
                                       mentions=[ctx.mention(a, m.start() + e)])
                break
        info.kind, info.title = _kind_and_title(ctx, header_end)
        if info.kind is None and info.number is not None:
            code = re.search(r"/([A-ZĐ]+)", info.number.text)
            kinds = {r[1]: r[2] for r in table("structure_words.txt") if r[0] == "kind-code" and len(r) == 3}
            info.kind = kinds.get(code.group(1)) if code else None
    if header_end or re.search(r"(?m)^\s*(TM|KT|Q)\.\s", text):
        info.signer = _signer(ctx)
        info.recipients = _recipients(ctx)
    if info.issued is None and (published := _dateline(ctx)):
        ctx.document.published = ctx.document.published or published
    elif info.issued is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", info.issued.value):
        ctx.document.published = ctx.document.published or info.issued.value
    return info


@extractor("signer_official", requires=("document", "officials"))
def add_signer_to_officials(ctx: Context) -> None:
    """The signer is an official: add them (with the signature position) where the text named them nowhere else."""
    info: DocumentInfo = ctx.found["document"]
    officials: list[Official] = ctx.found["officials"]
    signer = info.signer
    if signer is None:
        return None
    key = fold(signer.name)
    for off in officials:
        if fold(off.name) == key:
            if not any(m.span == signer.span for m in off.mentions):
                off.mentions.append(Mention(text=signer.name, span=signer.span))
            return None
    titles = []
    if signer.title:
        line_start = ctx.text.rfind(signer.title, 0, signer.span.start)
        if line_start >= 0:
            titles.append(Title(text=signer.title, span=ctx.span(line_start, line_start + len(signer.title))))
    officials.append(Official(name=signer.name, titles=titles, mentions=[Mention(text=signer.name, span=signer.span)]))
    return None


@extractor("findings", requires=("sections",))
def extract_findings(ctx: Context) -> list[Finding]:
    """Each "-" item or sentence under a heading about shortcomings (tồn tại, hạn chế, nguyên nhân, …)."""
    cues = words("structure_words.txt", "finding-heading")
    out: list[Finding] = []
    text = ctx.text
    for sec in ctx.found.get("sections", []):
        head_key = fold(sec.heading)
        if not any(re.search(rf"(?<!\w){re.escape(c)}(?!\w)", head_key) for c in cues):
            continue
        body_start = text.find("\n", sec.start)
        if body_start < 0:
            continue
        for s, e in ctx.sentences:
            if not (body_start <= s < sec.end):
                continue
            line_start = text.rfind("\n", 0, s) + 1
            if _HEADING.match(text, line_start) and line_start == s:
                continue  # a sub-heading
            a, b = s, e
            if m := _ITEM.match(text, line_start):
                if s <= m.start("body"):
                    a = m.start("body")
            while b > a and text[b - 1] in " .;:":
                b -= 1
            if b - a >= 15:
                out.append(Finding(text=text[a:b], span=ctx.span(a, b)))
    return out
