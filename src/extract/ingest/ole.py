"""What an OLE compound file (old Office: .doc, .xls, .ppt; also encrypted new Office) holds.

An OLE file is a small file system: a header, a FAT of sector chains, and a directory of
named streams. Which streams it holds tells a Word 97 document ("WordDocument") from an
Excel workbook ("Workbook"), a PowerPoint file ("PowerPoint Document") or a password-
protected .docx/.xlsx ("EncryptedPackage"); a Word document's first stream sector starts
with its FIB, whose flags say whether it is encrypted.

Only the directory and the FIB's first bytes are read, through ``read(offset, size)``, so a
folder walk can ask this of a file without reading it whole. Every chain is bounded by the
file's size: a hostile file (a loop in its FAT, sectors past its end) is "damaged", never a
hang.
"""

from __future__ import annotations

import struct
from typing import Callable

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END = 0xFFFFFFFE  # end of a sector chain
_FREE = 0xFFFFFFFF
_MAX_DIRECTORY_SECTORS = 4096  # Office writes a handful; a bound for hostile files

Reader = Callable[[int, int], bytes]


def streams(read: Reader, size: int) -> dict[str, tuple[int, int]] | None:
    """Stream name → (first sector, size) of the file's directory; None when it is damaged."""
    header = read(0, 512)
    if len(header) < 512 or not header.startswith(MAGIC):
        return None
    shift = struct.unpack_from("<H", header, 30)[0]
    if shift not in (9, 12):
        return None
    sector = 1 << shift
    sectors = max(0, size // sector - 1)  # sectors in the file after the header
    difat = list(struct.unpack_from("<109I", header, 76))
    first_difat, n_difat = struct.unpack_from("<II", header, 68)
    # FAT sectors beyond the 109 the header lists are named by DIFAT sectors (files over ~7 MB)
    nxt, hops = first_difat, 0
    while nxt not in (_END, _FREE) and hops < min(n_difat, sectors) and nxt < sectors:
        block = read((nxt + 1) * sector, sector)
        if len(block) < sector:
            return None
        entries = struct.unpack_from(f"<{sector // 4}I", block)
        difat.extend(entries[:-1])
        nxt, hops = entries[-1], hops + 1
    per_fat = sector // 4

    def next_sector(n: int) -> int:
        k = n // per_fat
        if k >= len(difat) or difat[k] in (_END, _FREE) or difat[k] >= sectors:
            return _END
        raw = read((difat[k] + 1) * sector + (n % per_fat) * 4, 4)
        return struct.unpack("<I", raw)[0] if len(raw) == 4 else _END

    found: dict[str, tuple[int, int]] = {}
    root = False
    current = struct.unpack_from("<I", header, 48)[0]
    seen: set[int] = set()
    while current not in (_END, _FREE) and current < sectors:
        if current in seen or len(seen) >= _MAX_DIRECTORY_SECTORS:
            return None  # a loop in the directory's chain
        seen.add(current)
        block = read((current + 1) * sector, sector)
        for at in range(0, len(block) - 127, 128):
            length, kind = struct.unpack_from("<HB", block, at + 64)
            if kind not in (1, 2, 5) or not 2 <= length <= 64:
                continue
            root = root or kind == 5
            name = block[at:at + length - 2].decode("utf-16-le", "replace")
            start, stream_size = struct.unpack_from("<II", block, at + 116)
            found.setdefault(name, (start, stream_size))
        current = next_sector(current)
    return found if root else None  # no root entry: no directory was found


def kind(read: Reader, size: int) -> str:
    """"doc", "doc-encrypted", "encrypted" (a password-protected .docx/.xlsx/.pptx), "excel",
    "powerpoint", "other" (another OLE file: Outlook message, thumbnail cache, …) or "damaged"."""
    names = streams(read, size)
    if names is None:
        return "damaged"
    if "EncryptedPackage" in names:
        return "encrypted"
    if "WordDocument" in names:
        start, stream_size = names["WordDocument"]
        header = read(0, 512)
        sector = 1 << struct.unpack_from("<H", header, 30)[0]
        cutoff = struct.unpack_from("<I", header, 56)[0]
        if stream_size >= cutoff:  # a small stream lives in the mini stream: flags not read, LibreOffice will say
            fib = read((start + 1) * sector, 12)
            if len(fib) == 12:
                ident, _, _, _, _, flags = struct.unpack("<6H", fib)
                if ident == 0xA5EC and flags & 0x0100:  # fEncrypted (also set for XOR obfuscation)
                    return "doc-encrypted"
        return "doc"
    if "Workbook" in names or "Book" in names:
        return "excel"
    if "PowerPoint Document" in names:
        return "powerpoint"
    return "other"


def kind_of_bytes(data: bytes) -> str:
    """``kind`` of an OLE file held in memory."""
    return kind(lambda offset, n: data[offset:offset + n], len(data))


__all__ = ["MAGIC", "kind", "kind_of_bytes", "streams"]
