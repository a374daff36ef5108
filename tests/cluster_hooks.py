"""A Dask worker preload for tests/test_cluster.py only: ``process()`` misbehaves on inputs named for it.

``pause-*`` takes half a second longer (so that a run lasts long enough to kill a worker in it;
its record is unchanged), ``slow-python-*`` loops in Python (the time limit stops it),
``stuck-in-c-*`` sleeps in C with the alarm blocked (only the watchdog's end of the worker stops
it), ``crash-*`` kills its worker as the kernel kills a process out of memory."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path


def dask_setup(worker=None) -> None:
    import extract.pipeline

    real = extract.pipeline.process

    def process(source, data=None):
        name = Path(str(source)).name
        if name.startswith("pause"):
            time.sleep(0.5)
        if name.startswith("slow-python"):
            while True:
                sum(range(1000))
        if name.startswith("stuck-in-c"):
            time.sleep(600)  # one C call: the thread's asynchronous exception waits for it to return
        if name.startswith("crash"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(source, data)

    extract.pipeline.process = process
