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
from functools import lru_cache

from ..models import DateItem, DocumentInfo, Finding, Mention, Official, Signer, Title
from ..normalize import fold, strip_marks
from ..registry import Context, extractor
from ..resources import lines, table, words
from .dates import find_dates

_HEADING = re.compile(
    r"^(?P<num>(?:[IVXL]+\.)|(?:\d+(?:\.\d+)*\.?)(?=\s)|(?:[a-zđ]\)))\s*(?P<title>\S.*)$", re.M
)
_ITEM = re.compile(r"^\s*[-+•–*]\s+(?P<body>\S.*)$", re.M)
# "Số: 45/BC-HĐND"; also a number left blank to be written in ("Số: /GM-HĐND", "Số:    /2024")
# and OCR's reading of a handwritten one ("Số: #6 /QĐ-BCĐCCHC")
_NUMBER = re.compile(r"^[ \t]*S[ốỐoô]\s*[:.]?[ \t]*(?P<n>(?:\d+|\S{1,3}(?=[ \t]*/))?[ \t]*[\w/.\-–Đđ]*/[\w/.\-–Đđ]+|\d+[\w/.\-–Đđ]*)", re.M)
# "Hà Tĩnh, ngày 20 tháng 6 năm 2023", and with the day or month left blank ("ngày   tháng 11
# năm 2020") or misread by OCR ("ngày f6 tháng? năm 2021"): the place, and what date there is
_PLACE_DATE = re.compile(
    r"^[ \t]*(?P<place>[A-ZĐ][^\n,]{1,40}),[ \t]*ngày\b[^\n]{0,12}?tháng\b[^\n]{0,10}?năm[ \t]*\d{4}", re.M)
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


@extractor("sections", assigns=None)
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


# the lines a digital signature or a certified copy stamps on a page: not the issuer's
_STAMP = re.compile(r"\s*(?:SAO Y\b|BẢN SAO\b|Ký bởi|Người ký|Cơ quan\s*:|Email\s*:|Thời gian ký|Ngày ký|Giờ ký)", re.IGNORECASE)


def _issuer(ctx: Context, header_end: int) -> Mention | None:
    text = ctx.text
    motto = re.search(r"(?i)c[ộo]ng h[òo]a x[ãa] h[ộo]i ch[ủu] ngh[ĩi]a vi[ệe]t nam", text[:header_end])
    if not motto:
        return None
    lines = []
    for s, e in _lines(text, 0, motto.start()):
        if _NUMBER.match(text, s, e) or _PLACE_DATE.match(text, s, e):
            break  # the issuer ends where the number or the date line begins
        if _STAMP.match(text[s:e]):
            if not lines:
                continue  # an e-signature or certified-copy stamp above the header ("SAO Y; …", "Ký bởi: …")
            break
        if text[s:e].strip() and not re.fullmatch(r"[\s\-–—_=*.]+", text[s:e]):  # not a rule line
            lines.append((s, e))
    if not lines:
        return None
    s, e = lines[0][0], lines[-1][1]
    while e > s and text[e - 1] in " \n":
        e -= 1
    return ctx.mention(s, e) if e > s else None


_PARTIAL_DATE = re.compile(r"tháng[ \t]*(?P<m>\d{1,2})?\D{0,3}?năm[ \t]*(?P<y>\d{4})|năm[ \t]*(?P<y2>\d{4})")


def _issued(ctx: Context, start: int, end: int) -> DateItem | None:
    """The date of the place-and-date line ``text[start:end]``: whole where it is written
    whole; the month and year, or the year, where the day (and month) were left blank or OCR
    could not read them ("ngày   tháng 11 năm 2020" is 2020-11)."""
    text = ctx.text
    for s, e, value in find_dates(text[start:end]):
        a, b = start + s, start + e
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) or not re.search(r"ngày[ \t]*\d", text[start:end]):
            return DateItem(text=text[a:b], value=value, span=ctx.span(a, b), mentions=[ctx.mention(a, b)])
    m = _PARTIAL_DATE.search(text, start, end)
    if not m:
        return None
    year = m.group("y") or m.group("y2")
    month = m.group("m")
    value = f"{year}-{int(month):02d}" if month and 1 <= int(month) <= 12 else year
    a = m.start() if month else m.start("y") - len("năm") if m.group("y") else m.start()
    a = max(start, a)
    return DateItem(text=text[a:m.end()], value=value, span=ctx.span(a, m.end()), mentions=[ctx.mention(a, m.end())])


# A line that starts the body of a resolution or decision, after its subject.
_BODY_START = re.compile(r"^(?:Căn cứ|Xét|Thực hiện|Theo đề nghị|Trên cơ sở|Kính gửi|Để|Ngày \d)", re.IGNORECASE)


def _kind_and_title(ctx: Context, after: int) -> tuple[str | None, Mention | None]:
    """"BÁO CÁO" (or another kind) on its own line, then the subject line(s) under it."""
    text = ctx.text
    kinds = {fold(k): k for k in (r[1] for r in table("structure_words.txt") if r[0] == "kind")}
    for s, e in _lines(text, after, min(len(text), after + 1500)):
        line = text[s:e].strip()
        if fold(line) not in kinds and _is_upper_line(line):
            # the kind and the subject on one line ("NGHỊ QUYẾT VỀ SỬA ĐỔI …", a PDF heading)
            head = next((k for k in sorted(kinds, key=len, reverse=True)
                         if fold(line).startswith(k + " ") and len(line) > len(k) + 3), None)
            if head is not None:
                lead = s + (len(text[s:e]) - len(text[s:e].lstrip()))
                a = lead + len(head) + 1
                return kinds[head], ctx.mention(a, lead + len(line))
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
                if chosen and (_BODY_START.match(line_text) or _enacting(line_text)):
                    break  # "Căn cứ …", or a resolution's "HỘI ĐỒNG NHÂN DÂN TỈNH X" line
                chosen.append((a, b))
                after_blank = False
            title = ctx.mention(chosen[0][0], chosen[-1][1]) if chosen else None
            return kinds[fold(line)], title
    return None, None


def _enacting(line: str) -> bool:
    """A resolution's enacting line under its subject: a body in capitals ("HỘI ĐỒNG NHÂN DÂN
    TỈNH CAO BẰNG", "ỦY BAN NHÂN DÂN TỈNH X", "CHỦ TỊCH ỦY BAN NHÂN DÂN …")."""
    if not _is_upper_line(line):
        return False
    key = fold(line)
    return key.startswith(("hội đồng nhân dân", "ủy ban nhân dân", "uỷ ban nhân dân", "chủ tịch", "trưởng ban",
                           "thường trực", "ban thường vụ", "bộ trưởng"))


_APPENDIX = re.compile(r"(?m)^[ \t]*(?:PHỤ LỤC|Phụ lục)\b")


def _signature_window(ctx: Context) -> tuple[int, int]:
    """Where the signature block is looked for: the last 1,500 characters before any appendix
    (a resolution's annex tables come after the signature) or around the last "Nơi nhận:"."""
    text = ctx.text
    end = len(text)
    recipients = [m.start() for m in re.finditer(r"(?m)^\s*Nơi nhận\s*:?", text)]
    for m in _APPENDIX.finditer(text):
        if m.start() > len(text) // 3 and (not recipients or m.start() > recipients[-1]):
            end = m.start()
            break
    if recipients and recipients[-1] < end:
        return max(0, recipients[-1] - 600), min(end, recipients[-1] + 2500)
    return max(0, end - 1500), end


def _signer(ctx: Context) -> Signer | None:
    """The signature block at the end: capacity lines (TM./KT./Q.), a position line, the name."""
    text = ctx.text
    lo, hi = _signature_window(ctx)
    # (lines with no letter or digit are a scan's specks, not lines of the block)
    lines = [(s, e) for s, e in _lines(text, lo, hi) if any(c.isalnum() for c in text[s:e])]
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
    skipped = 0
    for s, e in _lines(text, m.end() + 1):
        line = text[s:e]
        item = _ITEM.match(line)
        if not item:
            stripped = line.strip()
            # the signature column read between the items (a PDF, a scan): its capacity,
            # position and name lines are passed over, up to a few
            if stripped and (_is_upper_line(stripped) or _NAME_LINE.match(stripped)
                             or re.fullmatch(r"\(.*\)", stripped)) and skipped < 6:
                skipped += 1
                continue
            if stripped:
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


@extractor("document", requires=("dates",))
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
            info.issued = _issued(ctx, m.end("place"), m.end())
        info.kind, info.title = _kind_and_title(ctx, header_end)
        if info.kind is None and info.number is not None:
            code = re.search(r"/([A-ZĐ]+)", info.number.text)
            kinds = {r[1]: r[2] for r in table("structure_words.txt") if r[0] == "kind-code" and len(r) == 3}
            info.kind = kinds.get(code.group(1)) if code else None
    if header_end or re.search(r"(?m)^\s*(TM|KT|Q)\.\s", text):
        info.signer = _signer(ctx)
        info.recipients = _recipients(ctx)
    return info


@extractor("published", requires=("document",), assigns=None)
def published_date(ctx: Context) -> str | None:
    """The day the document is dated: the source's own (a web page's metadata), else its
    header's issue date where it is a full day, else a news dateline ("Thứ Tư, 11/10/2023 -
    16:45"). The record's ``source.published``, and the date places are linked by."""
    if ctx.document.published:
        return ctx.document.published
    info: DocumentInfo = ctx.found["document"]
    if info.issued is None:
        return _dateline(ctx)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", info.issued.value):
        return info.issued.value
    return None


def add_signer(ctx: Context, officials: list[Official]) -> None:
    """The signer is an official: add them (with the signature position) where the text named
    them nowhere else, else their signature as one more mention. Called by the officials
    extractor, the one writer of ``officials``."""
    info: DocumentInfo | None = ctx.found.get("document")
    signer = info.signer if info is not None else None
    if signer is None:
        return
    key = fold(signer.name)
    ocr = _read_by_ocr(ctx, signer.span.start)
    for off in officials:
        if fold(off.name) == key or (ocr and _same_letters(off.name, signer.name)):
            if fold(off.name) != key:  # "Trương Hỏa Bình" in small print, "Trương Hòa Bình" signed: one person
                off.name = signer.name  # the signature's large type reads best
            if not any(m.span == signer.span for m in off.mentions):
                off.mentions.append(Mention(text=signer.name, span=signer.span))
            return
    titles = []
    if signer.title:
        line_start = ctx.text.rfind(signer.title, 0, signer.span.start)
        if line_start >= 0:
            read = signer
            if ocr and (known := misread_position(signer.title)):  # "PHÙ THỦ TƯỚNG": "PHÓ THỦ TƯỚNG" misread
                read = signer.model_copy(update={"title": known.upper()})
            expanded = signature_title(read, _issuer_as_written(ctx, info))
            if expanded is None and read is not signer:
                expanded = known
            titles.append(Title(text=signer.title, span=ctx.span(line_start, line_start + len(signer.title)),
                                expanded=expanded))
    officials.append(Official(name=signer.name, titles=titles, mentions=[Mention(text=signer.name, span=signer.span)]))


def _read_by_ocr(ctx: Context, pos: int) -> bool:
    """Was the text at ``pos`` read by OCR from a page image?"""
    return any(b.ocr and b.start <= pos < b.end for b in ctx.document.blocks)


def _same_letters(a: str, b: str) -> bool:
    """The same letters, whatever their marks: two OCR readings of one name ("Hỏa"/"Hòa")."""
    return strip_marks(fold(a)) == strip_marks(fold(b))


@lru_cache(maxsize=1)
def _positions() -> dict[str, str]:
    """The position heads of resources/positions.txt, by their folded form."""
    return {fold(head.strip()): head.strip() for head in (line.partition("|")[0] for line in lines("positions.txt"))}


def misread_position(title: str) -> str | None:
    """The known position an OCR reading of a signature's position stands for, or None.

    Tesseract's Vietnamese model often misses a hook or reads one vowel for another in capitals
    ("PHÙ THỦ TƯỚNG", "CHÚ TỊCH", "TRƯỜNG BAN"). A reading that is no position of
    resources/positions.txt but has the same syllables as exactly one of them, letter for letter
    whatever the marks, with at most one letter other, is that position."""
    key = " ".join(fold(title).split())
    known = _positions()
    if not key or key in known:
        return None
    letters = strip_marks(key)
    found = {head for k, head in known.items() if k.count(" ") == key.count(" ") and _near(strip_marks(k), letters)}
    return found.pop() if len(found) == 1 else None


def _near(a: str, b: str) -> bool:
    """``a`` and ``b`` of one length with at most one letter other (no letter added or dropped)."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) <= 1


_UNIT_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")
_SUB_BODY = ("ban ", "thường trực", "văn phòng", "đoàn ", "tổ ", "hội đồng ")


_HEADS = {"hội": "đồng", "ủy": "ban", "uỷ": "ban", "ban": None, "sở": None, "bộ": None, "đoàn": None,
          "văn": "phòng", "thường": "trực", "tòa": "án", "viện": "kiểm"}
_NAMED = ("ban", "sở", "bộ")  # their next word starts the body's own name ("Ban Dân tộc")
# Positions held inside the body a signer signs for ("PHÓ CHỦ TỊCH" of the council); a
# position of its own body ("PHÓ THỦ TƯỚNG" signing for a steering committee) is not composed.
_INNER = re.compile(r"^(?:phó\s+)?(?:chủ tịch|trưởng ban|trưởng đoàn|trưởng|chánh văn phòng|giám đốc|ủy viên|uỷ viên|"
                    r"bí thư|tổng thư ký|chủ nhiệm)\b")


def _sentence_case(text: str) -> str:
    """A body or position written in capitals, as running text writes it: "HỘI ĐỒNG NHÂN DÂN
    THÀNH PHỐ HÀ NỘI" → "Hội đồng nhân dân thành phố Hà Nội": abbreviations kept, each body's
    head word and a named body's first word ("Ban Dân tộc"), and the name after a unit word,
    capitalised. Casing only; the words are the document's."""
    words = text.split()
    low = [w.lower() for w in words]
    out: list[str] = []
    name = False
    for i, word in enumerate(words):
        w = low[i]
        nxt = low[i + 1] if i + 1 < len(low) else ""
        if len(word) > 1 and not any(c in "aăâeêioôơuưyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
                                     for c in w):
            out.append(word)  # an abbreviation: HĐND, ĐBQH, TP
            name = False
            continue
        prev = low[i - 1] if i else ""
        in_uy_ban = prev in ("ủy", "uỷ") or (prev == "ban" and i > 1 and low[i - 2] in ("ủy", "uỷ"))
        cap = i == 0 or name or (w in _HEADS and (_HEADS[w] is None or _HEADS[w] == nxt) and not in_uy_ban) \
            or (prev in _NAMED and not in_uy_ban) or (i == 1 and low[0] == "phó")
        out.append(w[:1].upper() + w[1:] if cap else w)
        if w in ("tỉnh", "huyện", "quận", "xã", "phường") or (w, low[i - 1] if i else "") in (("phố", "thành"), ("xã", "thị"), ("trấn", "thị")):
            name = True
        elif w in ("thành", "thị") and nxt in ("phố", "xã", "trấn"):
            name = False
    return " ".join(out)


def expand_or_self(text: str) -> str:
    from ..abbreviations import expand

    return expand(text) or text


def _issuer_as_written(ctx: Context, info: DocumentInfo) -> str | None:
    """The issuer in the spelling running text gives it ("Hội đồng nhân dân thành phố Hà Nội" for
    "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI", past a scan's misread marks), else as the header writes it."""
    from ..phrases import running_form

    if info.issuer is None:
        return None
    return running_form(ctx.text, info.issuer.span.start, info.issuer.span.end, ctx.key)[0]


def signature_title(signer: Signer, issuer: str | None) -> str | None:
    """The signer's position with the body signed for, as running text writes it: "CHỦ TỊCH"
    under "TM. HỘI ĐỒNG NHÂN DÂN" of "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI" is "Chủ tịch Hội đồng
    nhân dân thành phố Hà Nội"; "PHÓ TRƯỞNG BAN" of "HĐND TỈNH X / BAN DÂN TỘC" is "Phó
    Trưởng Ban Dân tộc HĐND tỉnh X". None where the position is not one inside that body
    ("PHÓ THỦ TƯỚNG" signing for a committee) or the block names no body."""
    if not signer.title:
        return None
    position = " ".join(signer.title.split())
    if not _INNER.match(fold(position)):
        return None
    lines = [" ".join(line.split()) for line in (issuer or "").split("\n")
             if line.strip() and not re.fullmatch(r"[\s\-–—_=*.]+", line)]
    body = None
    for cap in (signer.capacity or "").split("\n"):
        m = re.match(r"(?i)\s*tm\.\s*(.+)", cap)
        if m:
            body = " ".join(m.group(1).split())
    whole = " ".join(lines)
    if len(lines) >= 2 and fold(lines[-1]).startswith(("ban ", "thường trực", "văn phòng", "đoàn ", "tổ ")):
        whole = " ".join([lines[-1]] + lines[:-1])  # "BAN DÂN TỘC" of "HĐND TỈNH X": the Ban first
    if body is not None and whole and not fold(whole).startswith(fold(body)):
        from ..abbreviations import expand

        spelled = expand(whole)  # "UBND TỈNH X" under "TM. ỦY BAN NHÂN DÂN"
        if spelled and fold(spelled).startswith(fold(expand(body) or body)):
            whole = spelled
    if body is None or (whole and fold(whole).startswith(fold(expand_or_self(body)))):
        body = whole or body
    if not body:
        return None
    if fold(position).split()[-1] == fold(body.split()[0]):  # "PHÓ TRƯỞNG BAN" + "BAN DÂN TỘC …"
        body = " ".join(body.split()[1:])
    if body and issuer and not issuer.isupper() and not body.isupper():  # the issuer as running text spells it: kept
        return f"{_sentence_case(position)} {body}"
    return _sentence_case(position + " " + body) if body else None


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
