"""Killed runs, full disks, read-only folders and links out of the project.

A run killed at any moment leaves every file old or new, no process behind it and no
lock held; the next run clears its temporary files. An environment error is one line
``path: message`` and exit status 1, never a traceback, and the previous file stays.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import REPO, copy_project, run_cli, write_project

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


DOC = "# Title\n\nA paragraph with *emphasis*.\n\nA second one.\n"


def _small(root: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A one-document project in French, built once."""
    write_project(root, DOC, ["fr"])
    for command in (["extract"], ["init", "fr"], ["build", "--jobs", "1"]):
        assert run_cli(root, *command, capsys=capsys)[0] == 0
    return root


def _edit_source(root: Path) -> None:
    """A new paragraph, so that the next update has a catalog to rewrite."""
    (root / "source" / "doc.md").write_text(DOC + "\nA third one.\n", "utf-8")
    assert main(["--root", str(root), "extract"]) == 0


def _snapshot(folder: Path) -> dict[str, bytes]:
    if folder.is_file():
        return {"": folder.read_bytes()}
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


@pytest.mark.hostile
def test_the_next_run_removes_what_an_interrupted_writer_left_and_nothing_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _small(tmp_path / "stale", capsys)
    catalogs = root / "locales" / "fr" / "LC_MESSAGES"
    left = [  # named as the atomic writer names them, in each folder it writes to
        Path(tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)[1])
        for name, folder in [
            ("doc.po", catalogs),
            ("doc.pot", root / "locales"),
            ("doc.html", root / "outputs" / "en"),
            ("doc.pdf", root / "outputs" / "en"),
            ("index.html", root / "outputs"),
            ("ui.marshal", root / "outputs" / ".cache"),
        ]
    ]
    kept = [
        catalogs / "notes.tmp",
        catalogs / ".doc.po.tmp",
        catalogs / ".doc.po.ABCDEFGH.tmp",
        root / "outputs" / "en" / ".doc.html.abcdefgh.tmp.bak",
        root / "source" / ".doc.md.abcdefgh.tmp",
    ]
    for path in kept:
        path.write_text("mine", "utf-8")
    status, _out, _err = run_cli(root, "stats", capsys=capsys)
    assert status == 0
    assert [path for path in left if path.exists()] == []
    assert [path for path in kept if not path.exists()] == []


@pytest.mark.hostile
@pytest.mark.parametrize("command", [["update"], ["build"], ["check"]])
@pytest.mark.parametrize(
    "link", ["locales/fr/LC_MESSAGES/doc.po", "locales/fr", "source/doc.md", "outputs"]
)
def test_links_out_of_the_project_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], link: str, command: list[str]
) -> None:
    root = _small(tmp_path / "project", capsys)
    _edit_source(root)
    outside = tmp_path / "outside"  # what was there, moved out and linked to
    shutil.move(root / link, outside)
    (root / link).symlink_to(outside)
    before = _snapshot(outside)
    status, out, err = run_cli(root, *command, capsys=capsys)
    assert status == 1, out + err
    assert err.startswith(f"{link}: refused: a link that leads outside the project"), err
    assert _snapshot(outside) == before


@pytest.mark.hostile
def test_a_link_loop_is_refused_and_a_link_inside_the_project_is_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _small(tmp_path / "loop", capsys)
    _edit_source(root)
    catalogs = root / "locales" / "fr" / "LC_MESSAGES"
    (catalogs / "ui.po").rename(root / "locales" / "shared-ui.po")
    (catalogs / "ui.po").symlink_to(Path("..", "..", "shared-ui.po"))
    assert run_cli(root, "update", capsys=capsys)[0] == 0
    (catalogs / "loop.po").symlink_to("loop.po")
    before = _snapshot(root / "locales")
    status, out, err = run_cli(root, "update", capsys=capsys)
    assert status == 1, out + err
    assert err.startswith("locales/fr/LC_MESSAGES/loop.po: refused: a link that cannot be resolved")
    assert _snapshot(root / "locales") == before


@pytest.mark.hostile
def test_a_folder_where_an_output_belongs_fails_that_language_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _small(tmp_path / "eisdir", capsys)
    _edit_source(root)
    assert run_cli(root, "update", capsys=capsys)[0] == 0
    html = root / "outputs" / "en" / "doc.html"
    html.unlink()
    html.mkdir()
    pdf = root / "outputs" / "en" / "doc.pdf"
    before = pdf.read_bytes()
    status, out, err = run_cli(root, "build", "--jobs", "1", capsys=capsys)
    assert status == 1 and "Traceback" not in out + err
    assert "outputs/en/doc.html: error[build-failed]: cannot write: Is a directory" in out, out
    assert pdf.read_bytes() == before  # the language failed as a whole: its files stay


def _namespace_tools() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "mount", "-t", "tmpfs", "none", "/mnt"], check=False)
    return probe.returncode == 0


needs_mounts = pytest.mark.skipif(
    not _namespace_tools(), reason="needs root and mount namespaces (unshare -m)"
)


def _in_namespace(script: str, root: Path) -> subprocess.CompletedProcess[str]:
    """Run a shell ``script`` in a mount namespace of its own: its mounts end with it."""
    command = " ".join(_command(root, "update", "fr"))
    return subprocess.run(
        ["unshare", "-m", "sh", "-euc", script.replace("UPDATE", command)],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.hostile
@needs_mounts
def test_a_read_only_folder_is_one_line_and_the_catalog_stays(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _small(tmp_path / "readonly", capsys)
    _edit_source(root)
    folder = root / "locales" / "fr" / "LC_MESSAGES"
    before = _snapshot(folder)
    result = _in_namespace(
        f"mount --bind {folder} {folder}; mount -o remount,ro,bind {folder}; UPDATE || "
        "echo status $?",
        root,
    )
    assert "status 1" in result.stdout, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    path = "locales/fr/LC_MESSAGES/doc.po"
    assert result.stderr == f"{path}: cannot write: Read-only file system\n"
    assert _snapshot(folder) == before


@pytest.mark.hostile
@needs_mounts
def test_a_full_disk_is_one_line_and_the_catalog_stays(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _small(tmp_path / "full", capsys)
    _edit_source(root)
    folder = root / "locales" / "fr" / "LC_MESSAGES"
    keep = tmp_path / "keep"
    shutil.copytree(folder, keep)
    result = _in_namespace(
        f"mount -t tmpfs -o size=64k none {folder}; cp -a {keep}/. {folder}/; "
        f"dd if=/dev/zero of={folder}/filler bs=4k 2>/dev/null || true; "
        f"UPDATE || echo status $?; cd {folder}; sha256sum doc.po ui.po; ls -a",
        root,
    )
    assert "status 1" in result.stdout, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr == "locales/fr/LC_MESSAGES/doc.po: cannot write: No space left on device\n"
    for name in ("doc.po", "ui.po"):  # as they were, inside the full file system
        digest = hashlib.sha256((keep / name).read_bytes()).hexdigest()
        assert f"{digest}  {name}" in result.stdout
    assert ".tmp" not in result.stdout


def test_staged_files_are_replaced_together_or_not_at_all(tmp_path: Path) -> None:
    from pipeline.adapters import files
    from pipeline.core.errors import PipelineError

    first, second = tmp_path / "doc.html", tmp_path / "doc.pdf"
    first.write_text("old page")
    second.write_text("old book")
    with pytest.raises(RuntimeError), files.staged([first, second]) as temporary:
        temporary[first].write_text("new page")
        raise RuntimeError("the second file could not be rendered")
    assert (first.read_text(), second.read_text()) == ("old page", "old book")
    with files.staged([first, second]) as temporary:
        temporary[first].write_text("new page")
        temporary[second].write_text("new book")
    assert (first.read_text(), second.read_text()) == ("new page", "new book")
    second.unlink()
    second.mkdir()  # a folder where the file belongs: the rename fails, naming it
    with (
        pytest.raises(PipelineError, match="Is a directory") as raised,
        files.staged([first, second]) as temporary,
    ):
        temporary[first].write_text("newer page")
        temporary[second].write_text("newer book")
    assert raised.value.path == str(second)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["doc.html", "doc.pdf"]
    fresh = tmp_path / "outputs" / "am" / "doc.pdf"
    with pytest.raises(RuntimeError), files.staged([fresh]):
        raise RuntimeError("no font covers the script")
    assert not (tmp_path / "outputs").exists()  # the folders made for it went with it


def test_work_forked_beside_the_caller_gives_back_its_result_or_its_error(tmp_path: Path) -> None:
    from pipeline.adapters import processes
    from pipeline.core.errors import FileSystemError, PipelineError

    target = tmp_path / "written.txt"
    suffix = "!"  # a closure: nothing is pickled on the way in

    def write(text: str) -> list[str]:
        target.write_text(text + suffix)
        return [text, str(os.getpid())]

    text, pid = processes.forked(write, "page").result()
    assert text == "page" and int(pid) != os.getpid() and target.read_text() == "page!"

    def refuse() -> None:
        raise FileSystemError("cannot write: No space left on device", str(target), 3)

    with pytest.raises(FileSystemError) as raised:
        processes.forked(refuse).result()
    assert (raised.value.path, raised.value.line) == (str(target), 3)

    def crash() -> None:
        raise KeyError("a bug")

    with pytest.raises(PipelineError, match="a worker process failed: KeyError"):
        processes.forked(crash).result()

    def die() -> None:
        os._exit(9)

    with pytest.raises(PipelineError, match="exit status 9"):
        processes.forked(die).result()
