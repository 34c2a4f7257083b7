"""Built EPUBs -> EPUBCheck's messages, many books in one JVM.

EPUBCheck is an oracle, not a runtime need: without it (or Java) the books are not
validated and ``check`` says so. One JVM checks every book (``EpubCheckBatch.java``),
with a cache keyed by each book's digest so an unchanged book is not checked again.
"""

from __future__ import annotations

import hashlib
import locale
import re
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pipeline.core.findings import ERROR, INFO, Finding

# Client compiler and serial GC: EPUBCheck runs in half the time of a default JVM.
FAST_JVM = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
# Checks many books in one JVM; run from source, which Java 11 and later can do.
BATCH = Path(__file__).with_name("EpubCheckBatch.java")
_HEAD = re.compile(rb"(\d+) (-?\d+) (\d+) (\d+)\n\Z")

Progress = Callable[[int, int], None]


def epubcheck_jar() -> Path | None:
    """EPUBCheck's jar when the ``epubcheck`` command is the jar itself (as Debian installs it)."""
    tool = shutil.which("epubcheck")
    if tool is None or Path(tool).resolve().suffix != ".jar":
        return None
    return Path(tool).resolve()


def epubcheck_command() -> list[str] | None:
    """How to run EPUBCheck on one book here, if it is installed."""
    tool = shutil.which("epubcheck")
    if tool is None:
        return None
    jar = epubcheck_jar()
    if jar is None:
        return [tool]
    java = shutil.which("java")
    return [java, *FAST_JVM, "-jar", str(jar)] if java else None


def _error_lines(status: int, output: bytes) -> list[str]:
    """EPUBCheck's error lines from one run's exit status and output."""
    if status == 0:
        return []
    text = output.decode(locale.getpreferredencoding(False), "replace")
    lines = [line for line in text.splitlines() if line.startswith(("ERROR", "FATAL"))]
    return lines or ["EPUBCheck failed"]


def epubcheck_messages(path: Path) -> list[str] | None:
    """EPUBCheck's error lines for ``path`` ([] when valid; None when not installed)."""
    command = epubcheck_command()
    if command is None:
        return None
    result = subprocess.run([*command, "--quiet", str(path)], capture_output=True, check=False)
    return _error_lines(result.returncode, result.stdout + result.stderr)


def epubcheck_batch(paths: list[Path], done: Callable[[Path], None]) -> dict[Path, list[str]]:
    """EPUBCheck's error lines for each of ``paths``, all checked in one JVM.

    Returns the books it checked, in order, calling ``done`` after each: none when the
    fast path is not available here (EPUBCheck is not a jar, or Java cannot run a
    source file), fewer than ``paths`` when the JVM ends early.
    """
    jar, java = epubcheck_jar(), shutil.which("java")
    if not paths or jar is None or java is None:
        return {}
    command = [java, *FAST_JVM, "-cp", str(jar), str(BATCH), *map(str, paths)]
    results: dict[Path, list[str]] = {}
    try:
        run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError:
        return results
    with run:
        assert run.stdout is not None
        while len(results) < len(paths):
            match = _HEAD.match(run.stdout.readline())
            if match is None or int(match[1]) != len(results):
                break  # Java cannot run a source file here, or the JVM ended early
            size = int(match[3]) + int(match[4])
            output = run.stdout.read(size)
            if len(output) != size:
                break
            path = paths[len(results)]
            results[path] = _error_lines(int(match[2]), output)
            done(path)
        if len(results) < len(paths):
            run.kill()
    return results


def epubcheck_all(
    paths: list[Path], cache: dict[str, list[str]], progress: Progress | None = None
) -> dict[Path, list[str] | None]:
    """EPUBCheck every file, reusing results for files already checked.

    EPUBCheck spends seconds starting Java and loading its schemas: the books are checked
    in one JVM when possible (see :func:`epubcheck_batch`), otherwise or for the books it
    left, one run per book, two at a time. ``cache`` maps a file's SHA-256 to its result,
    so an EPUB that did not change is not checked again. ``progress`` is told
    (books checked, books to check) after each book.
    """
    digests = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}
    todo = list(dict.fromkeys(path for path in paths if digests[path] not in cache))
    if epubcheck_command() is None:
        todo = []  # not installed: the books stay unchecked
    checked: list[Path] = []

    def done(path: Path) -> None:
        checked.append(path)
        if progress is not None:
            progress(len(checked), len(todo))

    if todo and progress is not None:
        progress(0, len(todo))  # the first book waits for Java to start
    found: dict[Path, list[str] | None] = {**epubcheck_batch(todo, done)}
    rest = [path for path in todo if path not in found]
    with ThreadPoolExecutor(max_workers=2) as pool:
        for path, messages in zip(rest, pool.map(epubcheck_messages, rest), strict=True):
            found[path] = messages
            done(path)
    for path, messages in found.items():
        if messages is not None:
            cache[digests[path]] = messages
    results: dict[Path, list[str] | None] = {}
    for path in paths:
        results[path] = cache.get(digests[path])
    return results


def epubcheck_findings(messages: list[str] | None, where: str) -> list[Finding]:
    if messages is None:
        note = "EPUBCheck is not installed; EPUB not validated"
        return [Finding(where, 0, INFO, "epubcheck", note)]
    return [Finding(where, 0, ERROR, "epubcheck", line) for line in messages]
