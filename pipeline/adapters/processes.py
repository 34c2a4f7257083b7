"""Adapter for worker processes: a pool whose workers never outlive the run.

Workers are forked (they start at once, with every module already imported); the
project lock is held by the parent alone (see :func:`pipeline.adapters.files.project_lock`),
and each worker asks the kernel to kill it when its parent dies, so a run killed with
SIGKILL leaves no worker rendering on and no lock held.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes that die with the process that made them."""
    method = "fork" if sys.platform == "linux" else None
    context = multiprocessing.get_context(method)
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_die_with, initargs=(os.getpid(),)
    )


def _die_with(parent: int) -> None:
    """In a new worker: end when ``parent`` ends, whichever way it ends."""
    if not _death_signal():
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def _death_signal() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False where it cannot."""
    if sys.platform != "linux":
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
