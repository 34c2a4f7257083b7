"""Adapter for the file system: atomic writes and the project lock.

Every catalog, template and output goes through :func:`write_atomic`: the bytes go
to a temporary file in the same folder, which is then renamed over the target, so
an interrupted run leaves the previous file whole and no stray temporary file.
"""

from __future__ import annotations

import contextlib
import fcntl
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pipeline.core.errors import PipelineError


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one rename."""
    write_atomic_with(path, lambda target: target.write_bytes(data))


def write_atomic_with(path: Path, produce: Callable[[Path], object]) -> None:
    """Let ``produce`` write a temporary file, then rename it over ``path``.

    If ``produce`` raises, the temporary file is removed and ``path`` is untouched.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        produce(temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def load_cached(path: Path, version: object) -> Any:
    """The value :func:`store_cached` kept at ``path`` for ``version``; None when it is
    missing, damaged, or was stored for another version. A cache only ever costs time.
    """
    try:
        tag, value = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return value if tag == _cache_tag(version) else None


def store_cached(path: Path, version: object, value: Any) -> None:
    """Keep ``value`` (plain data: str, numbers, None, tuples, lists, dicts) at ``path``.

    Stored with :mod:`marshal`, the format of Python's own bytecode cache: several
    times faster than JSON both ways, and loading it runs no code. The caches under
    ``outputs/`` are the pipeline's own state, trusted like ``__pycache__``.
    """
    write_atomic(path, marshal.dumps((_cache_tag(version), value)))


def _cache_tag(version: Any) -> tuple[Any, ...]:
    return (version, marshal.version, *sys.version_info[:2])


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless ``path`` already holds exactly these bytes."""
    if path.is_file() and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True


_held_locks: set[int] = set()  # descriptors of the locks this process holds


@contextlib.contextmanager
def project_lock(root: Path, wait: bool = True) -> Iterator[None]:
    """Hold the project's lock: two writing runs never interleave.

    With ``wait`` the second run waits for the first; without, it fails at once. The
    lock belongs to this process alone: its descriptor is closed on exec and in forked
    children, so it is released when this process ends, however it ends.
    """
    lock_path = root / ".pipeline.lock"
    try:
        handle = os.open(
            lock_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644
        )
    except OSError as error:
        raise PipelineError(
            f"cannot open the project lock: {error.strerror}", str(lock_path)
        ) from error
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError as error:
            raise PipelineError("another run holds the project lock", str(lock_path)) from error
        _held_locks.add(handle)
        try:
            yield
        finally:
            _held_locks.discard(handle)
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


def _close_inherited_locks() -> None:
    """In a forked child: drop the parent's lock descriptors (the lock stays the parent's)."""
    for handle in _held_locks:
        with contextlib.suppress(OSError):
            os.close(handle)
    _held_locks.clear()


os.register_at_fork(after_in_child=_close_inherited_locks)
