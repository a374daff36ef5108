"""Render the project's own documents into the text shapes real exports have: hard-wrapped
lines (PDF, portal and legal-text-site exports) and Markdown (converter and legal-site
exports), so tests can check that reading them gives what the clean text gives."""

from __future__ import annotations

import re
import textwrap

_TABLE_ROW = re.compile(r"^[^|\n]*(?:\|[^|\n]*){2,}$")


def wrap(text: str, width: int) -> str:
    """Every line longer than ``width`` broken at spaces, as a wrapping exporter does (words
    never split, table rows left alone): each break replaces exactly one space."""
    out = []
    for line in text.split("\n"):
        if line.strip() and not _TABLE_ROW.match(line.strip()):
            out.append(textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False,
                                     replace_whitespace=False, drop_whitespace=True))
        else:
            out.append(line)
    return "\n".join(out)


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


_SECTION = re.compile(r"^(?:[IVX]+\.|\d+\.(?:\d+\.)*)\s+\S")
_KINDS = {"BÁO CÁO", "NGHỊ QUYẾT", "THÔNG BÁO", "KẾT LUẬN", "KẾ HOẠCH", "QUYẾT ĐỊNH"}


def to_markdown(text: str, width: int = 76) -> str:
    """A report as a legal-text site exports it to Markdown: the header lines kept as lines
    (two joined by ``<br>``), the kind in bold, numbered sections in capitals as ``##``
    headings, tables as pipe tables with a delimiter row, body lines hard-wrapped at
    ``width`` with no blank line between them, a ``<div>`` around the signature block."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    in_signature = False
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if _TABLE_ROW.match(stripped):
            rows = []
            while i < len(lines) and _TABLE_ROW.match(lines[i].strip()):
                rows.append([c.strip() for c in lines[i].split("|")])
                i += 1
            out.append("")
            out.append("| " + " | ".join(rows[0]) + " |")
            out.append("|" + "|".join("---" for _ in rows[0]) + "|")
            out.extend("| " + " | ".join(r) + " |" for r in rows[1:])
            out.append("")
            continue
        if stripped in _KINDS:
            out.append(f"**{stripped}**")
        elif _is_caps(stripped) and _SECTION.match(stripped):
            out.extend(["", f"## {stripped}", ""])
        elif stripped.startswith(("TM.", "KT.")) and not in_signature:
            out.extend(["", "<div align=\"center\">", stripped])
            in_signature = True
        elif not stripped:
            out.append("")
        else:
            out.append(wrap(line, width))
        i += 1
    if in_signature:
        out.append("</div>")
    md = "\n".join(out)
    # two header lines of the issuer joined by <br>, as HTML-in-Markdown exports do
    md = re.sub(r"^(HỘI ĐỒNG NHÂN DÂN|ĐOÀN ĐBQH[^\n]*)\n", r"\1<br>", md, count=1, flags=re.M)
    return md + "\n"
