"""Adapter for worker processes: a pool whose workers never outlive the run, and a
single forked process for work beside the caller's.

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
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from pipeline.core.errors import PipelineError

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


@dataclass
class Forked:
    """Work running in a forked process; :meth:`result` waits for it."""

    process: Any
    connection: Any

    def result(self) -> Any:
        """The function's return value; its PipelineError raised again here."""
        try:
            kind, value = self.connection.recv()
        except EOFError:  # it ended without a word: killed, or out of memory
            kind, value = "lost", None
        finally:
            self.wait()
        if kind == "lost":  # its exit status is known once it is joined
            value = f"exit status {self.process.exitcode}"
        if kind == "ok":
            return value
        if kind == "error":
            kind_of, message, path, line = value
            raise kind_of(message, path, line)
        raise PipelineError(f"a worker process failed: {value}")

    def wait(self) -> None:
        """Wait for the process to end, whatever it gives."""
        self.process.join()
        self.connection.close()


@dataclass
class _Done:
    """Work already done in this process (where processes are not forked)."""

    value: Any = None
    error: BaseException | None = None

    def result(self) -> Any:
        if self.error is not None:
            raise self.error
        return self.value

    def wait(self) -> None:
        return None


def done(value: Any) -> _Done:
    """Work with nothing left to do: its result is ``value``."""
    return _Done(value)


def forked(function: Callable[..., Any], *args: Any) -> Forked | _Done:
    """Run ``function(*args)`` in a forked process that dies with this one.

    Nothing is pickled on the way in (the child has this process's memory, so closures
    and templates may be passed); the result and any PipelineError come back pickled.
    Fork only where no other thread runs. Where processes are not forked, the function
    runs here, at once.
    """
    if sys.platform != "linux":
        try:
            return _Done(function(*args))
        except PipelineError as error:
            return _Done(error=error)
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(
        target=_child, args=(os.getpid(), sending, function, args), daemon=False
    )
    process.start()
    sending.close()
    return Forked(process, receiving)


def _child(parent: int, connection: Any, function: Callable[..., Any], args: Any) -> None:
    _die_with(parent)
    try:
        connection.send(("ok", function(*args)))
    except PipelineError as error:
        connection.send(("error", (type(error), error.message, error.path, error.line)))
    except BaseException as error:  # reported in the parent, which decides
        connection.send(("crash", f"{type(error).__name__}: {error}"))
    finally:
        connection.close()
