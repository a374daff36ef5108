"""Start-up: the first document of a process loads everything, with the cyclic collector paused.

The first document imports spaCy and underthesea, loads underthesea's word model, reads
the place index and compiles every extractor's rules: some 160,000 objects that live as
long as the process. While they are being made, Python's cyclic garbage collector runs
hundreds of times over the growing heap and finds almost nothing to free — measured with
``gc.callbacks``, about 0.2 s of a start-up of 1.5–2 s. So the first document of a
process is read and extracted with the collector paused. When it is done, what exists
is frozen (``gc.freeze``: later passes leave those objects out, which also makes every
later full pass shorter) and the collector is enabled again — if it was: a caller that
disabled it keeps it disabled, and nothing is frozen then. The price: the few thousand
objects in reference cycles that loading leaves behind (module set-up, mostly) are never
freed — about 3,000, once per process. Later documents run as usual.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

_started = False
_lock = threading.Lock()


@contextmanager
def first_document() -> Iterator[None]:
    """Pause the cyclic collector around the first document of the process; later ones pass through."""
    global _started
    with _lock:
        first, _started = not _started, True
    if not first or not gc.isenabled():  # a later document, or the caller runs without the collector
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
