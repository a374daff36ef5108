"""Plain text: decode honestly (UTF-8, UTF-16, UTF-32, TCVN3/VNI, Windows-1258), split into paragraphs.

Anything that is none of these is an error, never mojibake passed on: bytes that decode but do
not read as text (``not_text``: UTF-16 without a byte-order mark read as UTF-8 shows a NUL
between every two letters) are refused, and UTF-16 or UTF-32 without a mark is told by where
its NULs fall, in any normal form (``_wide_encodings``). Web pages
saved as text keep their page furniture (ratings, visitor counters, comment
boxes) at the end; blocks from the first furniture marker on are marked
``furniture`` so extractors skip them while offsets stay intact. Text in a legacy
Vietnamese encoding (TCVN3/ABC or VNI bytes, or their look-alikes pasted into UTF-8)
is converted block by block (``extract.legacy``) and the record says so.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..document import Block, Document, IngestError, cell_labels
from ..legacy import Converter, detect
from ..normalize import TextBuilder, clean, fold
from . import reflow
from .columns import split_header_text
from ..resources import lines

# Vietnamese letters beyond ASCII: a decoded text with none of these and many odd
# symbols is not Vietnamese in that encoding.
_VI_LETTERS = set(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
)


_PUNCT = set(".,;:!?()[]{}\"'-–—/%&+*=<>…“”‘’«»#@§°·_|\\")


def _vietnamese_ratio(text: str) -> float:
    letters = [c for c in text.lower() if c.isalpha()]
    if not letters:
        return 0.0
    return sum(c in _VI_LETTERS for c in letters) / len(letters)


def _looks_like_prose(text: str) -> bool:
    """Binary junk decodes as Windows-1258 too (nearly every byte is defined): real text has
    words between spaces, few odd symbols, and no tone mark left uncomposed after NFC."""
    if not text:
        return False
    stray_marks = sum(1 for c in text if unicodedata.combining(c))
    odd = sum(1 for c in text if not (c.isalnum() or c.isspace() or c in _PUNCT))
    spaces = text.count(" ") + text.count("\n")
    n = len(text)
    return stray_marks <= 0.01 * n and odd <= 0.05 * n and spaces >= 0.08 * n


# Invalid bytes a UTF-8 file may hold and still be read (each one replaced by U+FFFD, and
# said in a warning): a stray byte from an editor or a cut-off last character should not
# cost the whole report. One per thousand bytes, and at least a few for short files.
MAX_BAD_UTF8 = (4, 1 / 1000)


def decode_with_warnings(data: bytes) -> tuple[str, str, list[tuple[str, str]]]:
    """``decode``, and for a UTF-8 text with a few invalid bytes the text with each invalid
    sequence replaced by U+FFFD and a warning that says how many and at which bytes, where
    ``decode`` alone would give up on the whole file."""
    try:
        text, encoding = decode(data)
        return text, encoding, []
    except IngestError as exc:
        if exc.kind != "encoding" or b"\x00" in data:
            raise
        few, share = MAX_BAD_UTF8
        limit = max(few, int(len(data) * share))
        parts: list[str] = []
        bad: list[int] = []
        pos = 0
        while True:
            try:
                parts.append(data[pos:].decode("utf-8"))
                break
            except UnicodeDecodeError as err:
                bad.append(pos + err.start)
                if len(bad) > limit:
                    raise exc from None
                parts += [data[pos:pos + err.start].decode("utf-8"), "\ufffd"]
                pos += err.end
        if not bad:
            raise  # valid UTF-8 that does not read as text: nothing to repair
        text = "".join(parts)
        encoding = "utf-8"
        if text.startswith("\ufeff"):  # a byte-order mark: not part of the text
            text, encoding = text[1:], "utf-8-sig"
        if not _looks_like_prose(text) or not_text(text, guessed=False):
            raise
        where = ", ".join(map(str, bad[:5])) + (" …" if len(bad) > 5 else "")
        plural = "s" if len(bad) != 1 else ""
        return text, encoding, [("encoding-repaired",
                                f"{len(bad)} invalid UTF-8 byte sequence{plural} replaced by U+FFFD (at byte{plural} {where})")]


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),  # before UTF-16's: FF FE 00 00
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_TEXT_SAMPLE = 65536  # characters looked at to tell text from what is not
_NUL_GAPS = re.compile("(?<=[^\x00])\x00{1,3}(?=[^\x00])")  # NULs between letters, as a wide encoding leaves them
_LINE_CONTROLS = frozenset("\t\n\r\f\v\x1b\x00")  # NULs are counted apart (``_NUL_GAPS``)


def not_text(text: str, guessed: bool = True) -> str | None:
    """Why a decoded string does not read as text, or None where it does.

    Text has no NULs between its letters, as UTF-16 or UTF-32 bytes read one byte at a time
    show them ("N\\x00g\\x00a\\x00\\x00\\x03y": a decomposed "Ngày" in UTF-16LE, valid UTF-8):
    a fifth of the characters or more, where a run of NULs or a few stray ones (an editor's
    leftovers) are no reason to refuse a text. Where the encoding is ``guessed`` from the bytes
    (UTF-16 or UTF-32 without a mark, or with one), the text also has few control characters
    and few code points that are unassigned, private or lone surrogates, which is what bytes
    read in the wrong wide encoding show; valid UTF-8 is not held to that (what it says is what
    the file holds)."""
    sample = text[:_TEXT_SAMPLE]
    n = len(sample)
    if not n:
        return None
    gaps = len(_NUL_GAPS.findall(sample))
    if gaps >= 8 and gaps > 0.2 * n:
        return f"NUL bytes between its letters ({gaps} in {n} characters), as UTF-16 or UTF-32 text has"
    if not guessed:
        return None
    controls = odd = 0
    for ch in sample:
        if ch < " ":
            controls += ch not in _LINE_CONTROLS
        elif ch > "\x7e" and unicodedata.category(ch) in ("Cn", "Co", "Cs", "Cc"):
            odd += 1
    if controls > 0.02 * n:
        return f"control characters ({controls} in {n} characters)"
    if odd > 0.02 * n:
        return f"unassigned or private code points ({odd} in {n} characters)"
    return None


def _text_or_error(text: str, encoding: str, what: str, guessed: bool = True) -> tuple[str, str]:
    problem = not_text(text, guessed)
    if problem:
        raise IngestError("encoding", f"{what}, but does not read as text: {problem}; re-save it as UTF-8")
    return text, encoding


def _wide_encodings(sample: bytes) -> list[str]:
    """The wide encodings the NULs of ``sample`` point to, without a byte-order mark.

    UTF-16: Vietnamese has a NUL in the high byte of every ASCII character, so NULs fill one
    side of the byte pairs; a decomposed (NFD) text's tone marks (U+0300, U+0301, …) put a few
    on the other side, so that side is allowed a third as many. UTF-32: the two high bytes of
    every character are NULs."""
    quads, pairs = len(sample) // 4, len(sample) // 2
    if quads < 1:
        return []
    zeros = [sample[i::4].count(0) for i in range(4)]  # NULs by position in a 4-byte group
    found = []
    if min(zeros[2], zeros[3]) >= 0.9 * quads and zeros[0] < 0.5 * quads:
        found.append("utf-32-le")
    if min(zeros[0], zeros[1]) >= 0.9 * quads and zeros[3] < 0.5 * quads:
        found.append("utf-32-be")
    odd, even = zeros[1] + zeros[3], zeros[0] + zeros[2]
    if odd > pairs / 4 and 3 * even < odd:
        found.append("utf-16-le")
    if even > pairs / 4 and 3 * odd < even:
        found.append("utf-16-be")
    return found


def _wide(data: bytes) -> tuple[str, str] | None:
    """The text of UTF-16 or UTF-32 bytes without a byte-order mark: the encodings the NULs of
    the first 4 KB point to, kept where the whole decodes and reads as text (``not_text``); an
    error where none does; None where the NULs point to none. The normal form does not matter
    here: NFD is composed later (``clean``)."""
    names = _wide_encodings(data[:4096])
    problems = []
    for name in names:
        try:
            text = data.decode(name)
        except UnicodeDecodeError as exc:
            cut = len(data) % (4 if "32" in name else 2)
            problems.append(f"not valid {name.upper()}" + (f" (its length is {len(data)} bytes: cut short?)"
                                                            if cut else f" (at byte {exc.start})"))
            continue
        problem = not_text(text)
        if not problem:
            return text, name
        problems.append(f"read as {name.upper()} it shows {problem}")
    if problems:
        raise IngestError("encoding", f"has the NUL bytes of UTF-16 or UTF-32 text without a byte-order mark, "
                                      f"but is {'; '.join(problems)}; re-save it as UTF-8")
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM or not), UTF-16 or UTF-32 (BOM, or a NUL pattern), TCVN3/VNI
    or Windows-1258; whatever decodes but does not read as text (``not_text``) is refused."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            text = data[3:].decode("utf-8", errors="strict")
        except UnicodeDecodeError as exc:
            raise IngestError("encoding", f"starts with a UTF-8 byte-order mark but is not valid UTF-8: {exc}")
        return _text_or_error(text, "utf-8-sig", "starts with a UTF-8 byte-order mark", guessed=False)
    for bom, name in _BOMS:
        if data.startswith(bom):
            label = name.upper()
            try:
                text = data.decode(name)
            except UnicodeDecodeError as exc:
                raise IngestError("encoding", f"starts with a {label} byte-order mark but is not valid {label} "
                                              f"(at byte {exc.start + len(bom)}); re-save it as UTF-8")
            return _text_or_error(text, name, f"starts with a {label} byte-order mark")
    wide = _wide(data)
    if wide is not None:
        return wide
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    else:
        return _text_or_error(text, "utf-8", "is valid UTF-8", guessed=False)
    legacy = _legacy(data)
    if legacy is not None:
        return legacy
    if b"\x00" not in data:
        try:
            text = unicodedata.normalize("NFC", data.decode("cp1258"))
        except UnicodeDecodeError:
            text = ""
        # Windows-1258 writes tones as combining marks (bytes CC EC D2 DE F2): a real
        # Vietnamese text in it shows many of them and Vietnamese letters after NFC.
        tones = sum(data.count(b) for b in (b"\xcc", b"\xec", b"\xd2", b"\xde", b"\xf2"))
        if text and tones >= 3 and _vietnamese_ratio(text) > 0.08 and _looks_like_prose(text):
            return text, "windows-1258"
    raise IngestError(
        "encoding",
        "not valid UTF-8, UTF-16 or Windows-1258 Vietnamese text "
        f"(first bad byte at offset {utf8_error.start}); re-save it as UTF-8",
    )


def _legacy(data: bytes) -> tuple[str, str] | None:
    """TCVN3 or VNI bytes: Latin-1 look-alikes (Windows-1252 where valid) that decode to
    Vietnamese. Checked before Windows-1258, whose tone bytes TCVN3 uses for letters. The
    text is returned as read; ``read_text`` converts it block by block."""
    if b"\x00" in data:
        return None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    found, _ = detect(text[:20000])
    return (text, found) if found else None


def _furniture_markers() -> set[str]:
    return {fold(m) for m in lines("furniture.txt")}


_TABLE_LINE = re.compile(r"^[^|\n]*(?:\|[^|\n]*){2,}$")  # at least three cells


def _table_segments(para: str) -> list[tuple[str, bool]]:
    """Split a paragraph into runs of ordinary lines and of "|"-separated table rows
    (two rows or more), so a table typed into a text file is read as one.

    Linear in the paragraph: lines are gathered in lists and joined once (a paragraph of
    lines that alternate between a row and a plain line is one run of plain text)."""
    out: list[tuple[list[str], bool]] = []

    def close(rows: list[str], is_row: bool) -> None:
        table = is_row and len(rows) >= 2
        if out and not table and not out[-1][1]:
            out[-1][0].extend(rows)
        else:
            out.append((rows, table))

    rows: list[str] = []
    in_rows = False
    for line in para.split("\n"):
        is_row = line.count("|") >= 2 and bool(_TABLE_LINE.match(line.strip()))  # most lines have no "|"
        if rows and is_row != in_rows:
            close(rows, in_rows)
            rows = []
        rows.append(line)
        in_rows = is_row
    if rows:
        close(rows, in_rows)
    return [("\n".join(lines_), table) for lines_, table in out]


def _cells(text: str, block: Block) -> list[Block]:
    """One ``table_cell`` block per cell of a table's block, labelled "row / column".

    The text stays as written (rows and "|" included); only the blocks change, so the
    separators are not content and every cell's offsets are exact."""
    rows: list[list[tuple[int, int]]] = []
    pos = block.start
    for line in text[block.start:block.end].split("\n"):
        cells, start = [], pos
        for piece in line.split("|"):
            a = start + len(piece) - len(piece.lstrip())
            b = start + len(piece.rstrip())
            cells.append((a, max(a, b)))
            start += len(piece) + 1
        rows.append(cells)
        pos += len(line) + 1
    width = max(len(r) for r in rows)
    grid = [[text[a:b] for a, b in r] + [""] * (width - len(r)) for r in rows]
    labels = cell_labels(grid)
    return [
        Block(a, b, "table_cell", block.page, label=labels[i][j] if j < len(labels[i]) else None)
        for i, r in enumerate(rows) for j, (a, b) in enumerate(r) if b > a
    ]


def _split_cells(builder: TextBuilder, tables: list[Block]) -> None:
    """Replace each table's block by its cells (``_cells``), in one pass over the blocks: the
    text is joined once, however many tables there are."""
    if not tables:
        return
    text = "".join(builder.parts)
    cells = {id(block): _cells(text, block) for block in tables}
    blocks: list[Block] = []
    for block in builder.blocks:
        blocks.extend(cells.get(id(block), (block,)))
    builder.blocks[:] = blocks


def read_text(data: bytes) -> Document:
    text, encoding, decode_warnings = decode_with_warnings(data)
    markers = _furniture_markers()
    builder = TextBuilder()
    legacy = Converter()
    text, dropped = _drop_page_numbers(split_header_text(text))
    paragraphs = re.split(r"\n\s*\n|\r\n\s*\r\n", text)
    # (the lines as they stand, spaces trimmed: what clean() does to a line matters little for its length)
    profile = reflow.profile_text([[line.strip() for line in p.strip().split("\n")] for p in paragraphs])
    in_furniture = False
    tables: list[Block] = []
    total = len(text)
    seen = 0
    last_line = ""  # the last line of the paragraph before, for a paragraph a blank line cut
    for para in paragraphs:
        # A furniture marker only counts in the second half: a short article may begin with "Bình luận".
        first_line = para.strip().split("\n", 1)[0].strip().rstrip(":").strip()
        if not in_furniture and seen > total / 2 and fold(first_line) in markers:
            in_furniture = True
        seen += len(para) + 2
        kind = "furniture" if in_furniture else "paragraph"
        for segment, is_table in _table_segments(para) if not in_furniture else [(para, False)]:
            options = {} if is_table or in_furniture else {"reflow": profile, "first": True}
            if options and last_line and _continues(last_line, segment, profile):
                options["continues"] = True
            block = legacy.add(builder, segment, kind, **options)
            if is_table and block is not None:
                tables.append(block)
            if block is not None:
                last_line = "" if is_table or in_furniture else segment.strip().rsplit("\n", 1)[-1]
    warnings = legacy.warnings()  # counts blocks as read, before tables are split into cells
    _split_cells(builder, tables)
    doc = builder.build(encoding=encoding)
    doc.warnings.extend(decode_warnings + warnings)
    if dropped:
        doc.warnings.append(("page-numbers", f"{dropped} line(s) holding only a page number left out of the text"))
    lines_ = doc.text.strip().split("\n", 1)
    if lines_ and len(lines_[0]) < 200:
        doc.title = lines_[0].strip() or None
    return doc


def _continues(last_line: str, segment: str, profile: reflow.Profile) -> bool:
    """A paragraph that goes on after a blank line (a page break in an export, a double-spaced
    text): the line before ends mid-sentence and this one can only continue it."""
    first = segment.strip().split("\n", 1)[0].strip()  # (their ends and starts are what counts: no clean())
    last = last_line.strip()
    if not first or not last or reflow.ends_sentence(last) or reflow.is_caps(last) or reflow.MARKER.match(first):
        return False
    if profile.blank_lines_wrap:
        return reflow.joins(last, first, profile)
    return reflow.opens_continuation(first) or reflow.ends_mid_phrase(last)


def _drop_page_numbers(text: str) -> tuple[str, int]:
    """The text without its lines that are only page numbers (an export of a paginated
    document), and how many there were."""
    if "\n" not in text:
        return text, 0
    lines_ = text.split("\n")
    drop = reflow.page_number_lines(lines_)
    if not drop:
        return text, 0
    return "\n".join(line for i, line in enumerate(lines_) if i not in drop), len(drop)
