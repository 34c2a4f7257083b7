"""Adopting the pipeline for another project: settings that are misspelt are errors that
say what was meant, a document without text is an error, a renamed document keeps its
translations."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from pipeline.cli import main
from tests.conftest import edited_catalog, keep_labels_in_english, run_cli, write_project

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


GERMAN = {
    "Bee keeping": "Imkerei",
    "Hives": "Bienenstöcke",
    "A hive holds one queen and many workers.": (
        "Ein Stock hat eine Königin und viele Arbeiterinnen."
    ),
}


def _translated(root: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    write_project(root, DOC, ["de"])
    for command in (["extract"], ["init", "de"]):
        assert run_cli(root, *command, capsys=capsys)[0] == 0
    path = root / "locales" / "de" / "LC_MESSAGES" / "doc.po"
    with edited_catalog(path) as catalog:
        for entry in catalog:
            entry.msgstr = GERMAN[entry.msgid]
    keep_labels_in_english(root, "de")
    return path


@pytest.mark.hostile
def test_a_document_renamed_by_hand_keeps_its_translations_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "bees"
    old = _translated(root, capsys)
    (root / "source" / "doc.md").rename(root / "source" / "hives.md")
    assert run_cli(root, "extract", capsys=capsys)[0] == 0
    status, out, _err = run_cli(root, "update", capsys=capsys)
    assert status == 0, out
    assert "locales/de/LC_MESSAGES/doc.po: warning[orphaned-catalog]: source/doc.md is gone" in out
    assert "'rename doc NEW'" in out
    assert old.is_file()  # nothing is deleted
    new = polib.pofile(str(root / "locales" / "de" / "LC_MESSAGES" / "hives.po"))
    assert {entry.msgid: entry.msgstr for entry in new} == GERMAN
    assert all(entry.tcomment.startswith("translation memory:") for entry in new)
    assert all(entry.tcomment.endswith(" in doc") for entry in new)
    assert not any(entry.fuzzy for entry in new)
    # A second update: still warned, nothing changes.
    status, out, _err = run_cli(root, "update", capsys=capsys)
    assert "nothing changed" in out and "orphaned-catalog" in out


@pytest.mark.hostile
def test_rename_moves_the_template_and_every_catalog(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "bees"
    _translated(root, capsys)
    status, out, err = run_cli(root, "rename", "doc", "hives", capsys=capsys)
    assert status == 0, err
    assert "wrote locales/de/LC_MESSAGES/hives.po" in out
    assert not (root / "source" / "doc.md").exists()
    assert not (root / "locales" / "de" / "LC_MESSAGES" / "doc.po").exists()
    catalog = polib.pofile(str(root / "locales" / "de" / "LC_MESSAGES" / "hives.po"))
    assert catalog.metadata["Project-Id-Version"] == "hives"
    assert {entry.msgid: entry.msgstr for entry in catalog} == GERMAN
    for command in (["extract"], ["update"]):
        status, out, _err = run_cli(root, *command, capsys=capsys)
        assert status == 0 and "orphaned" not in out
    status, out, _err = run_cli(root, "build", "--formats", "html", capsys=capsys)
    assert status == 0, out
    assert "published hives [de]: html" in out
    assert "Bienenstöcke" in (root / "outputs" / "de" / "hives.html").read_text("utf-8")


@pytest.mark.hostile
@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["doc", "ui"], "'ui' is not a document name"),
        (["doc", "../x"], "'../x' is not a document name"),
        (["nope", "other"], "no source document 'nope'"),
        (["doc", "doc"], "the same"),
        (["doc", "taken"], "locales/de/LC_MESSAGES/taken.po exists: nothing was moved"),
    ],
)
def test_rename_moves_nothing_it_should_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    root = tmp_path / "bees"
    _translated(root, capsys)
    (root / "locales" / "de" / "LC_MESSAGES" / "taken.po").write_text("", "utf-8")
    status, _out, err = run_cli(root, "rename", *args, capsys=capsys)
    assert status == 2
    assert said in err
    assert (root / "source" / "doc.md").is_file()
    assert (root / "locales" / "doc.pot").is_file()


@pytest.mark.hostile
def test_new_never_overwrites_a_project_and_adds_the_table_to_a_plain_pyproject(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(tmp_path / "bees", DOC, ["de"])
    before = (root / "pyproject.toml").read_bytes()
    assert main(["new", str(root)]) == 2
    assert "has a [tool.pipeline] table already" in capsys.readouterr().err
    assert (root / "pyproject.toml").read_bytes() == before
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "pyproject.toml").write_text('[project]\nname = "x"\n', "utf-8")
    assert main(["new", str(plain), "--languages", "pt_BR,de", "--document", "guide"]) == 0
    capsys.readouterr()
    text = (plain / "pyproject.toml").read_text("utf-8")
    assert text.startswith('[project]\nname = "x"\n\n[tool.pipeline]\n')
    assert 'languages = ["pt_BR", "de"]' in text
    assert run_cli(plain, "extract", capsys=capsys)[0] == 0
    assert (plain / "locales" / "guide.pot").is_file()
    for bad in ("../escape", "ui", ".hidden"):
        assert main(["new", str(tmp_path / "n"), "--document", bad]) == 2
        assert "is not a document name" in capsys.readouterr().err
    assert main(["new", str(tmp_path / "n"), "--languages", "xx-!!"]) == 2
    assert not (tmp_path / "n").exists()
