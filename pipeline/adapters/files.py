"""Adapter for the file system: atomic writes and the project lock.

Every catalog, template and output goes through :func:`write_atomic`: the bytes go
to a temporary file in the same folder, which is then renamed over the target, so
an interrupted run leaves the previous file whole. A run killed before it could
remove its temporary files leaves them to the next run (:func:`remove_stale_temporaries`).
An error of the file system (a full disk, a read-only folder) is a PipelineError
naming the file.
"""

from __future__ import annotations

import contextlib
import fcntl
import marshal
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.core.errors import FileSystemError, PipelineError


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one rename."""
    write_atomic_with(path, lambda target: target.write_bytes(data))


# How write_atomic_with names its temporary files: ".<name>.<8 of mkstemp's letters>.tmp".
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def write_atomic_with(path: Path, produce: Callable[[Path], object]) -> None:
    """Let ``produce`` write a temporary file, then rename it over ``path``.

    If ``produce`` raises, the temporary file is removed and ``path`` is untouched;
    an OSError becomes a PipelineError naming ``path``.
    """
    temporary = _stand_in(path)
    try:
        produce(temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _cannot("write", path, error) from error
        raise


@contextlib.contextmanager
def staged(paths: Iterable[Path]) -> Iterator[dict[Path, Path]]:
    """Temporary names beside ``paths``, to write them under; renamed over ``paths``, in
    order, when the block ends without an error, removed when it raises (with the
    folders made for them).

    A group of files written this way is replaced together or not at all (but for a
    rename that fails halfway through, which an OSError naming its file reports).
    """
    names: dict[Path, Path] = {}
    made: list[Path] = []
    done = False
    try:
        for path in paths:
            missing = [
                folder for folder in (path.parent, *path.parent.parents) if not folder.exists()
            ]
            names[path] = _stand_in(path)
            made += missing
        yield names
        for path, temporary in names.items():
            try:
                os.chmod(temporary, 0o644)
                os.replace(temporary, path)
            except OSError as error:
                raise _cannot("write", path, error) from error
        done = True
    finally:
        _remove(names.values())
        if not done:
            for folder in made:  # deepest first; a folder something else wrote to stays
                with contextlib.suppress(OSError):
                    folder.rmdir()


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _stand_in(path: Path) -> Path:
    """A new empty file beside ``path`` (its folder made if need be), named as
    :data:`_TEMPORARY` says, to be renamed over ``path`` once written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise _cannot("write", path, error) from error
    os.close(handle)
    return Path(name)


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``; an OSError becomes a PipelineError naming it."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise _cannot("read", path, error) from error


def _cannot(verb: str, path: Path, error: OSError) -> FileSystemError:
    return FileSystemError(f"cannot {verb}: {error.strerror or error}", str(path))


def remove_stale_temporaries(folders: Iterable[Path]) -> list[Path]:
    """Remove from ``folders`` (and below) the temporary files an interrupted
    :func:`write_atomic_with` left; no other file, and no link is followed.

    Call it holding the project lock, when no other run can be writing.
    """
    removed = []
    for folder in folders:
        for parent, _folders, names in os.walk(folder):
            for name in names:
                path = Path(parent, name)
                if _TEMPORARY.fullmatch(name) and path.is_file() and not path.is_symlink():
                    with contextlib.suppress(FileNotFoundError):
                        path.unlink()
                        removed.append(path)
    return removed


def links_leaving(root: Path, top: Path, deep: bool = True) -> Iterator[tuple[Path, str]]:
    """Each of ``top``, and what is under it (with ``deep``, at every depth), that is a
    link resolving outside ``root`` or never resolving; with the reason. No link is
    followed, so a link is reported and what it points at is not read.
    """
    real_root = os.path.realpath(root)
    if reason := _leaves(real_root, top):
        yield top, reason
        return
    for parent, folders, names in os.walk(top):
        for name in sorted([*folders, *names]):
            path = Path(parent, name)
            if path.is_symlink() and (reason := _leaves(real_root, path)):
                yield path, reason
        if not deep:
            return


def _leaves(real_root: str, path: Path) -> str | None:
    try:
        target = os.path.realpath(path, strict=True)
    except FileNotFoundError:  # a dangling link: where it would lead
        target = os.path.realpath(path)
    except OSError as error:  # a loop, a name too long
        return f"cannot be resolved ({error.strerror or error})"
    if os.path.commonpath([real_root, target]) != real_root:
        return f"leads outside the project (to {target})"
    return None


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
