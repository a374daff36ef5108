"""Start-up: the first document of a process loads everything, with the cyclic collector paused.

The first document imports spaCy and underthesea, loads underthesea's word model, reads
the place index and compiles every extractor's rules: some 160,000 objects that live as
long as the process. While they are being made, Python's cyclic garbage collector runs
hundreds of times over the growing heap and finds almost nothing to free — measured with
``gc.callbacks``, about 0.2 s of a start-up of 1.5–2 s. So the first document of a
process is read and extracted with the collector paused, and enabled again when it is done
— if it was: a caller that disabled it keeps it disabled.

A process that runs for a batch (the ``giamsat`` command, a batch or Dask worker) also
freezes what exists then (``gc.freeze``: later passes leave those objects out, which makes
every later full pass shorter), by calling ``long_run()`` first. A library caller (a
notebook, a server that imports giamsat) does not get its heap frozen behind its back. The
price of freezing: the few thousand objects in reference cycles that loading leaves behind
(module set-up, mostly) are never freed — about 3,000, once per process.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

_started = False
_freeze = False  # set by long_run(): the entry points of batch runs
_lock = threading.Lock()


def long_run() -> None:
    """This process runs a batch: freeze what its first document loads (see the module's docstring)."""
    global _freeze
    _freeze = True


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
        if _freeze:
            gc.freeze()
        gc.enable()
