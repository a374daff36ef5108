"""Places are found and linked in time linear in the input (issue 15): thousands of unit words
("10 xã, trong đó 8 xã …"), people's names to keep clear of, and districts that decide the
communes after them.

The input is made here. Time is the process's CPU time (``time.process_time``), as in
``test_linear_time``; the bounds are several times what the linear code takes on a busy
2-core machine (0.3 s to find, 0.15 s to link 210 KB) and a fraction of what the quadratic steps
took (every mention tested against every mention taken and every name to avoid, every
district resolved gathered again for each mention: 5 s to find, 7 s to link)."""

from __future__ import annotations

import re
import time
from collections import Counter

from extract.linking.places import LEGACY, find_mentions, resolve
from extract.normalize import fold

FIND_BOUND = 2.5  # CPU seconds
LINK_BOUND = 2.0

# Unit words with numbers ("xã 10" could be a ward named 10), words kept out as if a person's
# name, and a district whose communes follow it, written or not right after it.
PIECE = "10 xã, trong đó 8 xã " * 8 + "xã Hoằng Xuân, huyện Hoằng Hóa; thị trấn Bút Sơn và xã Tân Lập; "


def _link(text: str) -> tuple[float, float, list]:
    avoid = [(m.start(), m.end()) for m in re.finditer("trong đó", text)]
    started = time.process_time()
    mentions = find_mentions(text, [(0, len(text))], LEGACY, avoid, fold(text))
    found = time.process_time()
    resolve(text, mentions)
    return found - started, time.process_time() - found, mentions


def _resolved(mentions: list) -> Counter:
    return Counter(m.resolved.key for m in mentions if m.resolved)


def test_210_kb_of_unit_words_is_found_and_linked_in_linear_time():
    _, _, once = _link(PIECE)  # lexicons and the place index loaded once, not timed
    one = _resolved(once)
    assert one["legacy-63:district:399"] == 1 and len(one) > 2  # Hoằng Hóa, and communes inside it
    copies = 210 * 1024 // len(PIECE.encode())
    find_seconds, link_seconds, mentions = _link(PIECE * copies)
    assert len(mentions) > 8000
    assert _resolved(mentions) == Counter({key: n * copies for key, n in one.items()})  # each copy as one alone
    assert find_seconds < FIND_BOUND, f"{find_seconds:.1f} s of CPU to find the places of {copies} copies"
    assert link_seconds < LINK_BOUND, f"{link_seconds:.1f} s of CPU to link the places of {copies} copies"
