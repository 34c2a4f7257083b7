"""Killed runs, full disks, read-only folders and links out of the project.

A run killed at any moment leaves every file old or new, no process behind it and no
lock held; the next run clears its temporary files. An environment error is one line
``path: message`` and exit status 1, never a traceback, and the previous file stays.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_project

ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def _command(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "--root", str(root), *args]


def _descendants(pid: int) -> set[int]:
    """The living processes below ``pid``, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _mentioning(text: str) -> set[int]:
    """The living processes whose command line mentions ``text``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                cmdline = (entry / "cmdline").read_bytes().decode("utf-8", "replace")
            except OSError:
                continue
            if text in cmdline and _alive(int(entry.name)):
                found.add(int(entry.name))
    return found


@pytest.mark.hostile
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_killed_build_leaves_no_worker_and_no_lock(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "killed", ["de", "el", "fr", "mt", "nl"])
    build = subprocess.Popen(
        _command(root, "build", "--jobs", "2"), env=ENV, stdout=subprocess.PIPE, text=True
    )
    assert build.stdout is not None
    line = build.stdout.readline()  # the first language is done, two are being rendered
    assert line.startswith("[1/"), line
    workers = _descendants(build.pid)
    assert len(workers) >= 2
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.05)
    survivors = [pid for pid in workers if _alive(pid)] + sorted(_mentioning(str(root)))
    for pid in survivors:  # not to leave them running when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not survivors
    again = subprocess.run(
        _command(root, "build", "--jobs", "2"), env=ENV, capture_output=True, timeout=300
    )
    assert again.returncode == 0, again.stdout.decode() + again.stderr.decode()
    assert not list((root / "outputs").rglob("*.tmp"))
    shutil.rmtree(root)
