"""Incremental builds: only outputs whose inputs changed are rebuilt; a no-op does no work."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import copy_project, edited_catalog, run_cli


def _mtimes(root: Path) -> dict[str, int]:
    return {
        path.relative_to(root).as_posix(): path.stat().st_mtime_ns
        for path in (root / "outputs").rglob("*")
        if path.suffix in (".html", ".epub", ".pdf")
    }


@pytest.fixture
def built(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = copy_project(tmp_path, ["de", "fr"])
    assert run_cli(root, "build", capsys=capsys)[0] == 0
    return root


def test_a_second_build_calls_neither_pandoc_nor_weasyprint(
    built: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("a no-op build ran pandoc")

    monkeypatch.setattr("pipeline.adapters.pandoc.run", forbidden)
    monkeypatch.setattr("pipeline.render.pdf.write_pdf", forbidden)
    before = _mtimes(built)
    status, out, _err = run_cli(built, "build", "--jobs", "1", capsys=capsys)
    assert status == 0
    assert "0 files written, 9 outputs up to date" in out
    assert _mtimes(built) == before


def test_a_changed_catalog_rebuilds_only_its_language(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _mtimes(built)
    path = built / "locales" / "fr" / "LC_MESSAGES" / "factsheet.po"
    with edited_catalog(path) as catalog:
        entry = next(e for e in catalog if e.msgid == "Funding")
        entry.msgstr = "Financement de l’action"
    status, _out, _err = run_cli(built, "build", capsys=capsys)
    assert status == 0
    after = _mtimes(built)
    changed = sorted(name for name in after if after[name] != before[name])
    assert changed == [
        "outputs/fr/factsheet.epub",
        "outputs/fr/factsheet.html",
        "outputs/fr/factsheet.pdf",
    ]
    assert "Financement de l’action" in (built / "outputs" / "fr" / "factsheet.html").read_text(
        "utf-8"
    )


def test_a_deleted_output_is_rebuilt(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (built / "outputs" / "de" / "factsheet.pdf").unlink()
    status, out, _err = run_cli(built, "build", capsys=capsys)
    assert status == 0 and "8 outputs up to date" in out
    assert (built / "outputs" / "de" / "factsheet.pdf").is_file()


def test_two_builds_with_a_fixed_epoch_are_byte_identical(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764460800")
    first = copy_project(tmp_path / "one", ["bg", "el"])
    second = copy_project(tmp_path / "two", ["bg", "el"])
    for root in (first, second):
        assert run_cli(root, "build", capsys=capsys)[0] == 0
    names = sorted(
        p.relative_to(first).as_posix()
        for p in (first / "outputs").rglob("*")
        if p.is_file() and ".cache" not in p.parts
    )
    assert any(name.endswith(".pdf") for name in names)
    for name in names:
        if not name.endswith(".json"):
            assert (first / name).read_bytes() == (second / name).read_bytes(), name
