"""OCR misreads of a report's section numerals, mended by the order sections come in.

Tesseract reads the serif capitals of "III." as "TH." or "HH.", "II." as "H." or "Il.", "IV."
as "TV.": the heading loses its number, and with it the section a recommendation or a
finding is labelled with. Section headings in capitals are numbered I, II, III, … in order,
so a heading whose numeral is no numeral, between two that are, takes the one the order
gives. Only headings in capitals are read, and only misreads made of the letters these
confusions produce, so a real word or an Arabic item number is never touched.
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"^(?P<num>[IVXLTHl1|!]{1,5})(?P<dot>[.)])\s+(?P<rest>\S.*)$")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")


def _caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def repair(lines: list[str]) -> list[str]:
    """``lines`` (OCR output, in order) with misread section numerals put right."""
    out = list(lines)
    last = 0  # the index in _ROMAN of the last numeral seen, plus one
    for i, line in enumerate(lines):
        m = _HEADING.match(line.strip())
        if not m or not _caps(m.group("rest")):
            continue
        num = m.group("num")
        if num in _ROMAN:
            last = _ROMAN.index(num) + 1
            continue
        if last >= len(_ROMAN) or not re.search(r"[TH l1|!]", num.replace("I", "")):
            continue
        expected = _ROMAN[last]
        lead = line[:len(line) - len(line.lstrip())]
        out[i] = lead + expected + line.strip()[len(num):]
        last += 1
    return out
