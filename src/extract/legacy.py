"""Legacy Vietnamese encodings: TCVN3 (ABC) and VNI text → Unicode.

Documents typed before Unicode (fonts ``.VnTime``, ``VNI-Times``) reach us as Latin-1
look-alikes: the font drew "Hội đồng nhân dân" but the bytes are "Héi ®ång nh©n d©n"
(TCVN3) or "Hoäi ñoàng nhaân daân" (VNI). PDFs and Word files keep those bytes as their
text, and old ``.txt`` files hold them raw. The code tables are data files
(``resources/tcvn3.tsv``, ``resources/vni.tsv``; their sources are cited there).

Two ways to know a stretch of text is legacy:

* the font says so (``resources/legacy_fonts.tsv``): ingesters that see fonts (PDF, DOCX)
  convert such runs themselves with ``decode`` and the font's case;
* otherwise ``convert`` decides per block: a block is legacy when decoding it turns far
  more of its words into Vietnamese syllables (the syllables of underthesea's word list)
  than it had before. Genuine Unicode Vietnamese and plain English never gain, so they
  are left alone.

TCVN3 has no codes for upper-case toned vowels: capitals were typed with the same codes
in a capitals font (``.VnTimeH``). Without the font, case is restored from context
(``_restore_case``): a word whose other letters are capitals, a word between such
words, and a word that begins a sentence or a line.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from .normalize import fold
from .resources import table

Encoding = Literal["tcvn3", "vni"]
ENCODINGS: tuple[Encoding, ...] = ("tcvn3", "vni")
NAMES = {"tcvn3": "TCVN3", "vni": "VNI"}
Case = Literal["auto", "upper", "as-is"]


# --------------------------------------------------------------------------- tables


@lru_cache(maxsize=1)
def _tcvn3() -> dict[str, str]:
    return {chr(int(code, 16)): letter for code, letter, *_ in table("tcvn3.tsv")}


@lru_cache(maxsize=1)
def _vni() -> dict[str, str]:
    return {"".join(chr(int(b, 16)) for b in codes.split()): letter for codes, letter, *_ in table("vni.tsv")}


@lru_cache(maxsize=1)
def _tcvn3_lower_codes() -> frozenset[str]:
    """Codes of lower-case letters: the ones a capitals font draws as capitals."""
    return frozenset(code for code, letter in _tcvn3().items() if letter.islower())


@lru_cache(maxsize=2)
def _encoder(encoding: Encoding) -> dict[str, str]:
    if encoding == "vni":
        return {letter: seq for seq, letter in _vni().items()}
    enc = {letter: code for code, letter in _tcvn3().items()}
    for code in _tcvn3_lower_codes():  # capitals use the lower-case code (drawn by a capitals font)
        upper = _tcvn3()[code].upper()
        enc.setdefault(upper, code)
    return enc


def encode(text: str, encoding: Encoding) -> str:
    """Unicode → the Latin-1 look-alike text a legacy font would hold (for tests and tools).

    TCVN3 capitals with tones become their lower-case codes, as in a ``.VnTimeH`` run.
    Characters the encoding lacks are kept as they are.
    """
    enc = _encoder(encoding)
    return "".join(enc.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def decode(text: str, encoding: Encoding, case: Case = "auto") -> str:
    """Legacy look-alike text → Unicode (NFC).

    ``case`` matters for TCVN3 only: "upper" for a run in a capitals font, "as-is" when the
    font is known to be a normal one, "auto" to restore capitals from context.
    """
    if encoding == "vni":
        out = _decode_vni(text)
        return out.upper() if case == "upper" else out
    table_ = _tcvn3()
    if case == "upper":
        return "".join(table_.get(ch, ch) for ch in text).upper()
    out = "".join(table_.get(ch, ch) for ch in text)
    if case == "auto":
        lower_codes = _tcvn3_lower_codes()
        ambiguous = [ch in lower_codes for ch in text]
        out = _restore_case(out, ambiguous)
    return out


def _decode_vni(text: str) -> str:
    table_ = _vni()
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        pair = text[i:i + 2]
        if len(pair) == 2 and pair in table_:
            out.append(table_[pair])
            i += 2
            continue
        # a modifier typed in the other case than its letter ("Uû"): the letter decides
        if len(pair) == 2 and pair[0].isalpha():
            mixed = pair[0] + (pair[1].lower() if pair[0].islower() else pair[1].upper())
            if mixed in table_ and mixed != pair:
                out.append(table_[mixed])
                i += 2
                continue
        out.append(table_.get(text[i], text[i]))
        i += 1
    return "".join(out)


# --------------------------------------------------------------------------- TCVN3 case

_SENTENCE_END = re.compile(r"[.!?…]['\"”’)]*\s+$")
_LINE_LEAD = re.compile(r"(?:^|\n)[ \t]*(?:[-–—•+*]|\(?(?:\d{1,2}(?:\.\d{1,2})*|[IVXLC]+|[a-zđ])[.)])?[ \t]*$")


def _restore_case(text: str, ambiguous: list[bool]) -> str:
    """Upper-case the TCVN3 lower-case codes that stood for capitals.

    ``ambiguous[i]`` marks characters decoded from a lower-case code (the only ones whose
    case is unknown). Per word: all capitals when the word's other letters are capitals
    ("HéI" → "HỘI") or when it has no other cased letter and sits between such words
    ("X· HéI" → "XÃ HỘI"); a capital initial at the start of a sentence or line.
    """
    words = [m for m in re.finditer(r"[^\W\d_]+", text)]
    if not any(ambiguous):
        return text
    kinds: list[str] = []  # "caps": capitals with evidence; "lower"; "neutral"; "open": undecided
    for m in words:
        s, e = m.span()
        fixed = [text[i] for i in range(s, e) if not ambiguous[i] and text[i].isalpha()]
        amb = any(ambiguous[s:e])
        cased_upper = [c for c in fixed if c.isupper()]
        if any(c.islower() for c in fixed):
            kinds.append("lower")
        elif amb and len(cased_upper) >= 2:
            kinds.append("caps")
        elif amb:
            kinds.append("open")
        elif len(cased_upper) >= 2 and any(c in "ĂÂÊÔƠƯ" for c in cased_upper):
            kinds.append("caps")  # "V¡N" (VĂN): capitals from upper-case codes (not "HĐND")
        else:
            kinds.append("neutral")  # numbers, abbreviations, ASCII words

    line_of = []
    line = 0
    last = 0
    for m in words:
        line += text.count("\n", last, m.start())
        last = m.start()
        line_of.append(line)

    def neighbour_caps(i: int) -> bool:
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(words) and line_of[j] == line_of[i]:
                if kinds[j] in ("caps", "lower"):
                    if kinds[j] == "caps":
                        return True
                    break
                j += step
        return False

    chars = list(text)
    for i, m in enumerate(words):
        s, e = m.span()
        if not any(ambiguous[s:e]):
            continue
        kind = kinds[i]
        if kind == "caps" or (kind == "open" and neighbour_caps(i)):
            for k in range(s, e):
                if ambiguous[k]:
                    chars[k] = chars[k].upper()
            continue
        if ambiguous[s] and _sentence_start(text, s) and not (e - s == 1 and text[e:e + 1] in ")."):
            chars[s] = chars[s].upper()  # (not the letter of a list item: "đ) …")
    out = "".join(chars)
    key = fold(out)
    for rx in _capitals():
        for m in rx.finditer(key):
            if ambiguous[m.start()]:
                out = out[:m.start()] + out[m.start()].upper() + out[m.start() + 1:]
    return out


@lru_cache(maxsize=1)
def _capitals() -> tuple[re.Pattern[str], ...]:
    out = []
    for row in table("tcvn3_capitals.tsv"):
        phrase = re.escape(fold(row[0].lower()))
        before = [re.escape(fold(w.strip().lower())) for w in (row[1] if len(row) > 1 else "").split("|") if w.strip()]
        not_after = "".join(rf"(?<!{w} )" for w in before)
        out.append(re.compile(rf"{not_after}(?<!\w){phrase}(?!\w)"))
    return tuple(out)


def _sentence_start(text: str, pos: int) -> bool:
    if not text[:pos].strip():
        return True
    before = text[max(0, pos - 40):pos]
    return bool(_SENTENCE_END.search(before) or _LINE_LEAD.search(before))


# --------------------------------------------------------------------------- detection


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    """Vietnamese syllables (folded), from the word list underthesea ships; empty if absent."""
    try:
        import underthesea

        path = Path(underthesea.__file__).parent / "corpus" / "data" / "Viet74K.txt"
        raw = path.read_text(encoding="utf-8")
    except (ImportError, OSError):
        return frozenset()
    raw = unicodedata.normalize("NFC", raw).lower().replace("-", " ")
    return frozenset(fold(w) for w in raw.split() if not w.isascii())


_VI_UPPER = set("AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY")
_VI_LOWER = set("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")  # with the Latin letters names and loans use
_STRIP = "\"'()[]{}.,;:!?…“”‘’«»-–—/%*+="
_INNER = "–—…“”‘’"


def _base(syllable: str) -> str:
    """A syllable without tone marks (circumflex, breve, horn kept)."""
    out = unicodedata.normalize("NFD", syllable)
    out = "".join(c for c in out if c not in "\u0300\u0301\u0303\u0309\u0323")
    return unicodedata.normalize("NFC", out)


@lru_cache(maxsize=1)
def _vni_pairs() -> re.Pattern[str]:
    """A letter followed by a VNI modifier ("eâ", "oä", "aù"): no Unicode word is written so."""
    pairs = sorted((seq for seq in _vni() if len(seq) == 2), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, pairs)))


def _run_score(run: str) -> int:
    """+1 a Vietnamese syllable or abbreviation; 0 a word of Vietnamese letters that is no
    syllable we know (a name such as "Kliêng", a foreign word); -1 not Vietnamese writing."""
    if run.isascii():
        return 1
    low = run.lower()
    if fold(low) in _syllables():
        return 1
    if _vni_pairs().search(run):
        return -1
    if run.isupper() and set(run) <= _VI_UPPER:
        return 1  # HĐND, ĐBQH: abbreviations have no tones
    tones = sum(1 for c in unicodedata.normalize("NFD", low) if c in "\u0300\u0301\u0303\u0309\u0323")
    if tones <= 1 and set(_base(low)) <= _VI_LOWER:
        return 0
    return -1


def score(text: str) -> tuple[int, int]:
    """(valid, invalid) counts over the words that hold non-ASCII characters."""
    valid = invalid = 0
    for token in text.split():
        token = token.strip(_STRIP)
        if not token or token.isascii():
            continue
        runs = re.split(r"[\d\W_]+", token)
        # a symbol inside a word ("®ång", "Kr«ng") is a legacy letter; dashes and quotes are not
        odd = any(not c.isascii() and not c.isalpha() and c not in _INNER for c in token)
        scores = [_run_score(r) for r in runs if r]
        if odd or any(s < 0 for s in scores) or not scores:
            invalid += 1
        elif all(s > 0 for s in scores):
            valid += 1
    return valid, invalid


@lru_cache(maxsize=1)
def _signature() -> frozenset[str]:
    """Characters of the legacy codes that Unicode Vietnamese never writes (®, µ, ¸, ©, ª, «,
    ø, ï, ñ, ö, …): a block with none of them is not legacy, and is not scored."""
    vietnamese = {unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in
                  ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")} | {"đ"}
    vietnamese |= {c.upper() for c in vietnamese}
    codes = set(_tcvn3()) | {c for seq in _vni() for c in seq}
    return frozenset(c for c in codes if c not in vietnamese and not c.isascii())


def detect(text: str, thorough: bool = False, prefer: Encoding | None = None) -> tuple[Encoding | None, str]:
    """(encoding, converted text) when ``text`` reads as TCVN3 or VNI, else (None, text).

    Blocks without a character that only legacy text has (``_signature``) are passed over
    unless ``thorough`` (once a document has shown legacy blocks: a short VNI cell such as
    "Taân Phuù" has none). ``prefer`` wins a tie (the encoding the document has shown), and
    with ``thorough`` a block that reads as well decoded as not ("Sè: 18/BC-BPC") is decoded.

    A block is legacy when decoding gains Vietnamese words: the gain (valid minus invalid
    words, after minus before) is positive, at least half the number of words that changed,
    and after decoding at most a quarter of the non-ASCII words are still not Vietnamese.
    """
    if text.isascii() or (not thorough and _signature().isdisjoint(text)):
        return None, text
    before_valid, before_invalid = score(text)
    best: tuple[int, Encoding, str] | None = None
    for encoding in ENCODINGS:
        converted = decode(text, encoding)
        if converted == text:
            continue
        valid, invalid = score(converted)
        gain = (valid - invalid) - (before_valid - before_invalid)
        changed = sum(1 for a, b in zip(text.split(), converted.split()) if a != b)
        # in a document known to be legacy, a block that reads as well either way ("Sè" / "Số")
        # is in the document's encoding
        tie = thorough and encoding == prefer and gain == 0 and invalid == 0 and valid > 0
        if (gain > 0 and 2 * gain >= changed and 4 * invalid <= valid + invalid) or tie:
            if best is None or gain > best[0] or (gain == best[0] and encoding == prefer):
                best = (gain, encoding, converted)
    if best is None:
        return None, text
    return best[1], best[2]


# --------------------------------------------------------------------------- fonts


@lru_cache(maxsize=1)
def _font_rules() -> tuple[tuple[re.Pattern[str], Encoding, Case], ...]:
    return tuple((re.compile(rx, re.IGNORECASE), enc, case)  # type: ignore[misc]
                 for rx, enc, case in table("legacy_fonts.tsv"))


_SUBSET = re.compile(r"^[A-Z]{6}\+")
_STYLE = re.compile(r"(?:[,-](?:bold|italic|oblique|bolditalic|boldoblique|regular|b|i|bi))+$", re.IGNORECASE)


@lru_cache(maxsize=256)
def font_encoding(name: str | None) -> tuple[Encoding, Case] | None:
    """(encoding, case) a font name implies (".VnTimeH" → TCVN3 capitals), or None."""
    if not name:
        return None
    base = _STYLE.sub("", _SUBSET.sub("", name.strip()))
    for rx, enc, case in _font_rules():
        if rx.match(base):
            return enc, case
    return None


# --------------------------------------------------------------------------- ingest helper


@dataclass
class Converter:
    """Per-block legacy conversion for an ingester, with the record's warning.

    ``add(builder, raw, kind, page)`` converts a block if it is legacy, adds it, and
    remembers which blocks were converted; ``note`` counts a block an ingester converted
    itself from its font; ``warnings()`` says what was done.
    """

    converted: dict[str, list[int]] = field(default_factory=dict)

    def __call__(self, raw: str) -> tuple[Encoding | None, str]:
        return detect(raw)

    def add(self, builder, raw: str, kind="paragraph", page: int | None = None, *,
            encoding: Encoding | None = None, **options):
        """Add ``raw`` to ``builder`` (a ``TextBuilder``), decoded if it is legacy.

        ``encoding`` says the ingester already decoded the block from its font; ``options``
        go to ``TextBuilder.add`` (reflow, join, continues).
        """
        found, text = (encoding, raw) if encoding else detect(raw, thorough=bool(self.converted),
                                                               prefer=self.dominant)
        block = builder.add(text, kind, page=page, **options)
        if found and block is not None:
            self.converted.setdefault(found, []).append(len(builder.blocks))
        return block

    def convert(self, raw: str) -> str:
        """A piece of metadata (a title, a table's labels): decoded if legacy, nothing recorded."""
        return detect(raw, thorough=bool(self.converted), prefer=self.dominant)[1]

    @property
    def dominant(self) -> Encoding | None:
        """The encoding most blocks so far were converted from."""
        if not self.converted:
            return None
        return max(self.converted, key=lambda enc: len(self.converted[enc]))  # type: ignore[return-value]

    def warnings(self) -> list[tuple[str, str]]:
        out = []
        for enc, blocks in self.converted.items():
            n = len(blocks)
            out.append(("legacy-encoding", f"converted {n} block{'s' if n != 1 else ''} from "
                                           f"{NAMES[enc]} (block{'s' if n != 1 else ''} {_ranges(blocks)})"))
        return out

    @property
    def counts(self) -> Counter[str]:
        return Counter({enc: len(b) for enc, b in self.converted.items()})


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5] → "1-3, 5"."""
    out: list[str] = []
    start = prev = None
    for n in sorted(numbers):
        if start is None:
            start = prev = n
        elif n == prev + 1:  # type: ignore[operator]
            prev = n
        else:
            out.append(f"{start}-{prev}" if prev != start else f"{start}")
            start = prev = n
    if start is not None:
        out.append(f"{start}-{prev}" if prev != start else f"{start}")
    return ", ".join(out)


__all__ = ["ENCODINGS", "NAMES", "Converter", "decode", "detect", "encode", "font_encoding", "score"]
