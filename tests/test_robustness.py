"""Broken input never costs a traceback, a lost file or a half-written one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from tests.conftest import copy_project, edited_catalog, run_cli, write_project

DOC = (
    "# Title\n\nA paragraph with *emphasis* and a [link](https://example.org/a).\n\nA second one.\n"
)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("small"), DOC, ["fr", "de"])
    for command in (["extract"], ["init", "fr"], ["init", "de"]):
        assert main(["--root", str(root), *command]) == 0
    return root


def _valid_catalog(root: Path) -> str:
    return (root / "locales" / "fr" / "LC_MESSAGES" / "doc.po").read_text("utf-8")


PIECES = [b'"', b"\\", b"\n", b"msgid ", b'msgstr "x"', b"\xff", b"#, fuzzy\n", b"\x00",
          b'msgid_plural "p"\n']  # fmt: skip


@st.composite
def near_valid(draw: st.DrawFn, text: str) -> bytes:
    """A valid catalog with a few random edits: what a slip of the keyboard makes."""
    data = bytearray(text.encode("utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["delete", "insert", "truncate", "duplicate"]))
        if edit == "delete" and position < len(data):
            del data[position : position + draw(st.integers(1, 20))]
        elif edit == "insert":
            data[position:position] = draw(st.sampled_from(PIECES))
        elif edit == "truncate":
            del data[position:]
        else:
            data += b"\n" + bytes(data[position : position + 200])
    return bytes(data)


def _all_commands_survive(root: Path, data: bytes) -> None:
    target = root / "locales" / "fr" / "LC_MESSAGES" / "doc.po"
    original = target.read_bytes()
    try:
        target.write_bytes(data)
        for command in (["check", "fr"], ["stats"], ["update", "--purge-obsolete"], ["check"]):
            status = main(["--root", str(root), *command])
            assert status in (0, 1, 2), command
        # The other language is never affected by a broken French catalog.
        assert (root / "locales" / "de" / "LC_MESSAGES" / "doc.po").is_file()
    finally:
        target.write_bytes(original)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_near_valid_catalogs_give_findings_not_tracebacks(small: Path, data: st.DataObject) -> None:
    broken = data.draw(near_valid(_valid_catalog(small)))
    _all_commands_survive(small, broken)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(noise=st.binary(max_size=400))
def test_random_bytes_give_findings_not_tracebacks(small: Path, noise: bytes) -> None:
    _all_commands_survive(small, noise)


def test_a_broken_catalog_is_reported_at_its_line_and_the_rest_is_built(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path, ["de", "fr"])
    path = root / "locales" / "fr" / "LC_MESSAGES" / "factsheet.po"
    lines = path.read_text("utf-8").splitlines()
    lines[40] = 'msgstr "unterminated'
    path.write_text("\n".join(lines) + "\n", "utf-8")
    status, out, _err = run_cli(root, "build", "--formats", "html", capsys=capsys)
    assert status == 1
    assert "locales/fr/LC_MESSAGES/factsheet.po:41: error[catalog-syntax]" in out
    assert "held back factsheet [fr]: catalog cannot be read" in out
    assert (root / "outputs" / "de" / "factsheet.html").is_file()
    status, out, _err = run_cli(root, "update", capsys=capsys)
    assert status == 1 and "factsheet.po:41: error[catalog-syntax]" in out
    assert path.read_text("utf-8").splitlines()[40] == 'msgstr "unterminated'  # left as it was


def test_a_catalog_that_reads_like_a_file_name_is_not_followed(
    small: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = small / "locales" / "fr" / "LC_MESSAGES" / "doc.po"
    original = target.read_bytes()
    try:
        target.write_text("/etc/passwd", "utf-8")
        status, out, _err = run_cli(small, "check", "fr", capsys=capsys)
        assert status == 1
        assert "root:" not in out
    finally:
        target.write_bytes(original)


def test_limits_refuse_oversized_catalogs_and_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(tmp_path / "limits", DOC, ["fr"], **{"max-message-length": 100})
    run_cli(root, "extract", capsys=capsys)
    run_cli(root, "init", "fr", capsys=capsys)
    path = root / "locales" / "fr" / "LC_MESSAGES" / "doc.po"
    with edited_catalog(path) as catalog:
        catalog[1].msgstr = "Un paragraphe. " * 20
    status, out, _err = run_cli(root, "check", "fr", capsys=capsys)
    assert status == 1
    assert "error[catalog-syntax]: translation is 300 characters, over the limit of 100" in out
    (root / "pyproject.toml").write_text(
        '[tool.pipeline]\nlanguages = ["fr"]\nmax-catalog-bytes = 200\n', "utf-8"
    )
    status, out, _err = run_cli(root, "build", "--formats", "html", capsys=capsys)
    assert status == 1 and "over the limit of 200" in out


@pytest.mark.parametrize("code", ["../x", "/etc", "fr/../../x", "fr;rm", "zz"])
def test_language_codes_are_validated_before_they_become_paths(
    small: Path, code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _out, err = run_cli(small, "init", code, capsys=capsys)
    assert status == 2 and "language code" in err
    assert not list(small.parent.glob("x")) and not (small / "locales" / "x").exists()


def test_an_interrupted_pdf_leaves_the_previous_file_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path / "kill", DOC, [])
    assert run_cli(root, "build", "--formats", "pdf", capsys=capsys)[0] == 0
    pdf = root / "outputs" / "en" / "doc.pdf"
    before = pdf.read_bytes()
    (root / "source" / "doc.md").write_text(DOC + "\nA third paragraph.\n", "utf-8")

    from weasyprint.document import Document

    def dying(self: Document, target: object = None, *args: object, **kwargs: object) -> None:
        if target is not None:  # the PDF is rendered to bytes first, then repaired and written
            Path(str(target)).write_bytes(b"%PDF-1.7 half a fi")
        raise OSError("disk full")

    monkeypatch.setattr(Document, "write_pdf", dying)
    status, out, _err = run_cli(root, "build", "--formats", "pdf", "--jobs", "1", capsys=capsys)
    assert status == 1 and "error[build-failed]" in out
    assert pdf.read_bytes() == before
    assert not [p.name for p in pdf.parent.iterdir() if p.name != "doc.pdf"]


def test_two_updates_at_once_equal_one_after_the_other(tmp_path: Path) -> None:
    roots = [copy_project(tmp_path / name, ["de", "fr", "nl"]) for name in ("together", "apart")]
    for root in roots:  # a source edit, so that update has work to do
        source = root / "source" / "factsheet.md"
        source.write_text(
            source.read_text("utf-8").replace("now part of", "by now part of"), "utf-8"
        )
        assert main(["--root", str(root), "extract"]) == 0
    command = [sys.executable, "-m", "pipeline", "--root", str(roots[0]), "update"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    running = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE) for _ in range(2)]
    assert [process.wait(timeout=120) for process in running] == [0, 0]
    assert main(["--root", str(roots[1]), "update"]) == 0
    for path in sorted((roots[1] / "locales").rglob("*.po")):
        twin = roots[0] / path.relative_to(roots[1])
        assert twin.read_bytes() == path.read_bytes(), path
    shutil.rmtree(tmp_path / "apart")


@pytest.mark.hostile
def test_a_catalog_over_the_size_limit_is_held_back_without_being_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path, ["de", "fr"])
    config = root / "pyproject.toml"
    config.write_text(
        config.read_text("utf-8").replace(
            "[tool.pipeline]", "[tool.pipeline]\nmax-catalog-bytes = 1000000", 1
        ),
        "utf-8",
    )
    path = root / "locales" / "fr" / "LC_MESSAGES" / "factsheet.po"
    with path.open("r+b") as handle:  # sparse: 64 GiB that reading whole would never finish
        handle.truncate(64 << 30)
    status, out, _err = run_cli(root, "build", "--formats", "html", capsys=capsys)
    assert status == 1
    assert f"factsheet.po: error[catalog-syntax]: catalog is {64 << 30} bytes" in out
    assert "held back factsheet [fr]" in out
    assert (root / "outputs" / "de" / "factsheet.html").is_file()
