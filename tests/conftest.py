"""Shared fixtures: copies of the real project, tiny projects, and the test oracles."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polib
import pytest

from pipeline.cli import main

REPO = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite the expected files of golden tests"
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def require_tool(name: str) -> str:
    """The path of an oracle tool; skip without it, unless CI says it must be there."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("PIPELINE_REQUIRE_ORACLES"):
            pytest.fail(f"{name} is required (PIPELINE_REQUIRE_ORACLES is set) but not installed")
        pytest.skip(f"{name} is not installed")
    return path


def copy_project(target: Path, languages: list[str] | None = None) -> Path:
    """A copy of this repository's document project (sources, catalogs, configuration)."""
    shutil.copytree(REPO / "source", target / "source")
    shutil.copytree(REPO / "locales", target / "locales")
    config = (REPO / "pyproject.toml").read_text("utf-8")
    if languages is not None:
        quoted = ", ".join(f'"{code}"' for code in languages)
        config = re.sub(r"(?ms)^languages = \[.*?\]", f"languages = [{quoted}]", config, count=1)
    (target / "pyproject.toml").write_text(config, "utf-8")
    return target


def run_cli(root: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``python -m pipeline --root ROOT ARGS`` in-process; return status, stdout, stderr."""
    status = main(["--root", str(root), *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def pdf_text(path: Path) -> str:
    require_tool("pdftotext")
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def write_project(root: Path, markdown: str, languages: list[str], **settings: object) -> Path:
    """A tiny document project of its own, unrelated to this repository."""
    (root / "source").mkdir(parents=True)
    (root / "source" / "doc.md").write_text(markdown, "utf-8")
    quoted = ", ".join(f'"{code}"' for code in languages)
    extra = "".join(f"{key} = {value!r}\n".replace("'", '"') for key, value in settings.items())
    (root / "pyproject.toml").write_text(
        f'[tool.pipeline]\nsource-language = "en"\nlanguages = [{quoted}]\n{extra}', "utf-8"
    )
    return root


def started_translation(
    root: Path, markdown: str, code: str, capsys: pytest.CaptureFixture[str]
) -> Path:
    """A tiny project with ``markdown`` extracted and an empty catalog for ``code``."""
    write_project(root, markdown, [code])
    for command in (["extract"], ["init", code]):
        assert run_cli(root, *command, capsys=capsys)[0] == 0
    return root / "locales" / code / "LC_MESSAGES" / "doc.po"


@contextmanager
def edited_catalog(path: Path) -> Iterator[polib.POFile]:
    """A catalog opened with polib for the test to change, saved when the block ends."""
    catalog = polib.pofile(str(path))
    yield catalog
    catalog.save(str(path))


def keep_labels_in_english(root: Path, code: str) -> None:
    """Translate each page label of ``code`` as itself: a test about the document, not its
    labels, publishes a language whose ``ui`` catalog would otherwise hold it back."""
    with edited_catalog(root / "locales" / code / "LC_MESSAGES" / "ui.po") as catalog:
        for entry in catalog:
            if not entry.obsolete and not entry.msgstr:
                entry.msgstr = entry.msgid
