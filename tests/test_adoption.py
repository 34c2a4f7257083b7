"""Adopting the pipeline for another project: settings that are misspelt are errors that
say what was meant, a document without text is an error, a renamed document keeps its
translations."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import run_cli, write_project

DOC = """\
---
title: Bee keeping
---

# Hives

A hive holds one queen and many workers.
"""


def _config(root: Path, text: str) -> Path:
    (root / "source").mkdir(parents=True)
    (root / "source" / "doc.md").write_text(DOC, "utf-8")
    (root / "pyproject.toml").write_text(text, "utf-8")
    return root


@pytest.mark.hostile
@pytest.mark.parametrize(
    ("table", "said"),
    [
        (
            '[tool.pipeline]\nlanguges = ["de"]\n',
            "unknown key 'languges' (did you mean 'languages'?)",
        ),
        ('[tool.pipeline]\nLanguages = ["de"]\n', "(did you mean 'languages'?)"),
        ("[tool.pipeline]\npublish_threshold = 90\n", "(did you mean 'publish-threshold'?)"),
        ("[tool.pipeline.overide.ga]\npublish-threshold = 90\n", "(did you mean 'overrides'?)"),
        (
            "[tool.pipeline.overrides.ga]\npublish-treshold = 90\n",
            "overrides.ga: unknown key 'publish-treshold' (did you mean 'publish-threshold'?)",
        ),
        ('[tool.pipline]\nlanguages = ["de"]\n', "[tool.pipline] is not read"),
        ('[tool.Pipeline]\nlanguages = ["de"]\n', "[tool.Pipeline] is not read"),
        ('[tool.pipeline-config]\nlanguages = ["de"]\n', "no [tool.pipeline] table"),
        ('[tool.pipeline]\nlanguages = "de"\n', "[tool.pipeline]: languages must be a list"),
    ],
)
def test_a_misspelt_setting_is_an_error_naming_the_file_and_the_right_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str, said: str
) -> None:
    root = _config(tmp_path / "bees", table)
    status, out, err = run_cli(root, "extract", capsys=capsys)
    assert status == 2, out
    assert f"{root / 'pyproject.toml'}" in err
    assert said in err
    assert not (root / "locales").exists()


@pytest.mark.hostile
def test_a_misspelt_table_does_not_fall_through_to_a_project_above(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --root, the search upwards stops at a pyproject.toml with a near miss."""
    outer = write_project(tmp_path / "outer", DOC, ["fr"])
    inner = _config(outer / "inner", '[tool.pipline]\nlanguages = ["de"]\n')
    monkeypatch.chdir(inner)
    status = main(["extract"])
    err = capsys.readouterr().err
    assert status == 2
    assert f"{inner / 'pyproject.toml'}: [tool.pipline] is not read" in err
    assert "did you mean" in err
    assert not (outer / "locales").exists()


@pytest.mark.hostile
@pytest.mark.parametrize(
    "markdown",
    ["", "\n\n   \n", "---\ntitle: Only a title\n---\n", "<!-- a comment -->\n", "# \n\n---\n"],
)
def test_a_document_without_text_is_an_error_at_extract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], markdown: str
) -> None:
    root = write_project(tmp_path / "bees", DOC, ["de"])
    (root / "source" / "empty.md").write_text(markdown, "utf-8")
    status, _out, err = run_cli(root, "extract", capsys=capsys)
    assert status == 1
    assert "source/empty.md: no translatable block" in err
    assert not (root / "locales" / "empty.pot").exists()
