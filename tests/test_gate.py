"""The gate tells the truth: what is published is decided against the current source.

Each scenario is one a translator or publisher runs into: entries deleted from a
catalog, a source edited without ``update``, an error in a translation, builds of one
language or one format, pseudo-locale builds, languages and documents that go away,
and a site gathered from builds on several machines.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import polib
import pytest

from pipeline.cli import main
from tests.conftest import edited_catalog, keep_labels_in_english, run_cli, write_project

SOURCE = """\
---
title: Gate test
---

# Purpose

The first paragraph has seven words here.

The second paragraph mentions 45 items.

- A list item with some words.
- Another list item.
"""
LANGUAGES = ["de", "fr", "nl"]


def _translate(root: Path, code: str, doc: str = "doc") -> None:
    with edited_catalog(root / "locales" / code / "LC_MESSAGES" / f"{doc}.po") as catalog:
        for entry in catalog:
            if not entry.obsolete:
                entry.msgstr = f"{entry.msgid} ({code})"
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]


def _project(root: Path, formats: list[str] | None = None) -> Path:
    write_project(root, SOURCE, LANGUAGES, formats=formats or ["html", "epub"])
    assert main(["--root", str(root), "extract"]) == 0
    for code in LANGUAGES:
        assert main(["--root", str(root), "init", code]) == 0
        _translate(root, code)
        keep_labels_in_english(root, code)
    return root


def _index_rows(root: Path) -> dict[str, str]:
    """Language code -> the text of its row on the index."""
    page = (root / "outputs" / "index.html").read_text("utf-8")
    rows = re.findall(r"<tr>(.*?)</tr>", page, flags=re.S)
    found = {}
    for row in rows:
        code = re.search(r'<span class="code">(\w+)</span>', row)
        if code:
            found[code.group(1).lower()] = re.sub(r"<[^>]+>", " ", row)
    return found


def _manifest_languages(root: Path) -> set[str]:
    data = json.loads((root / "outputs" / "manifest.json").read_text("utf-8"))
    return {item["language"] for item in data["files"]}


def _switcher(root: Path, code: str) -> set[str]:
    page = (root / "outputs" / code / "doc.html").read_text("utf-8")
    return set(re.findall(r'<link rel="alternate" hreflang="[^"]+" href="\.\./([^/]+)/', page))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return _project(tmp_path / "project")


def test_a_catalog_with_deleted_entries_is_not_published_as_complete(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "locales" / "fr" / "LC_MESSAGES" / "doc.po"
    catalog = polib.pofile(str(path))
    for entry in [e for e in catalog if "paragraph" in e.msgid or "Another" in e.msgid]:
        catalog.remove(entry)
    catalog.save(str(path))
    status, out, _ = run_cli(project, "check", "fr", capsys=capsys)
    assert status == 1
    assert "error[stale-catalog]: out of date: 3 message(s) of the source are missing" in out
    assert re.search(r"fr doc: \d+\.\d% of words translated", out)
    assert "fr doc: 100.0%" not in out
    status, out, _ = run_cli(project, "build", capsys=capsys)
    assert "held back doc [fr]:" in out and "needed" in out
    assert not (project / "outputs" / "fr").exists()
    assert "Not published" in _index_rows(project)["fr"]
    assert "fr" not in _manifest_languages(project)
    assert "fr" not in _switcher(project, "de")


def test_a_source_edited_without_update_holds_every_language_back(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _out, _ = run_cli(project, "build", capsys=capsys)
    assert status == 0 and (project / "outputs" / "de" / "doc.html").is_file()
    source = project / "source" / "doc.md"
    source.write_text(source.read_text("utf-8") + "\nA new paragraph nobody translated.\n")
    status, out, _ = run_cli(project, "check", "de", capsys=capsys)
    assert status == 1 and "error[stale-catalog]" in out
    status, out, _ = run_cli(project, "build", capsys=capsys)
    for code in LANGUAGES:
        assert f"held back doc [{code}]" in out
        assert not (project / "outputs" / code).exists()
    assert _manifest_languages(project) == {"en"}
    status, out, _ = run_cli(project, "build", "--draft", capsys=capsys)
    assert "published doc [de] (draft)" in out
    page = (project / "outputs" / "de" / "doc.html").read_text("utf-8")
    assert 'class="draft-banner"' in page
    assert "A new paragraph nobody translated." in page  # shown in the source language


def test_stale_extra_entries_do_not_count(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "locales" / "nl" / "LC_MESSAGES" / "doc.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        if "Another" in entry.msgid:
            entry.msgstr = ""
    catalog.append(polib.POEntry(msgid="An old paragraph " * 20, msgstr="Een oude alinea " * 20))
    catalog.save(str(path))
    _status, out, _ = run_cli(project, "stats", "nl", capsys=capsys)
    row = next(line for line in out.splitlines() if line.startswith("nl") and " doc " in line)
    _code, _doc, entries, translated, fuzzy, untranslated, _obsolete, words, done = row.split()
    # Six messages in the source; the extra entry's 60 words count for nothing.
    assert (entries, translated, fuzzy, untranslated) == ("6", "5", "0", "1")
    assert words == "22/25" and done == "88.0%"


def test_an_error_finding_holds_its_language_back_and_the_exit_status_says_so(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with edited_catalog(project / "locales" / "de" / "LC_MESSAGES" / "doc.po") as catalog:
        for entry in catalog:
            if "45" in entry.msgid:
                entry.msgstr = "Der zweite Absatz nennt 54 Dinge."
    status, out, _ = run_cli(project, "build", capsys=capsys)
    assert status == 1
    assert "held back doc [de]: 1 error(s) in its catalogs (number)" in out
    assert "error[number]" in out
    assert not (project / "outputs" / "de").exists()
    assert (project / "outputs" / "fr" / "doc.html").is_file()
    status, out, _ = run_cli(project, "build", "--draft", capsys=capsys)
    assert status == 1 and "published doc [de] (draft)" in out
    assert "Draft" in _index_rows(project)["de"]


def test_a_label_error_holds_its_language_back(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with edited_catalog(project / "locales" / "fr" / "LC_MESSAGES" / "ui.po") as catalog:
        for entry in catalog:
            if entry.msgid == "Published %(date)s":
                entry.msgstr = "Publié à 100% le %(date)s"
    status, out, _ = run_cli(project, "build", capsys=capsys)
    assert status == 1 and "held back doc [fr]" in out and "placeholder" in out


@pytest.mark.parametrize(
    "arguments",
    [["fr"], ["--formats", "html"], ["de", "--formats", "epub"]],
    ids=["one language", "one format", "one of each"],
)
def test_a_partial_build_keeps_the_whole_site(
    project: Path, arguments: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(project, "build", capsys=capsys)[0] == 0
    everyone = {"en", *LANGUAGES}
    before = (project / "outputs" / "manifest.json").read_text("utf-8")
    _translate(project, "fr")  # no change: the same msgstrs
    status, _out, _ = run_cli(project, "build", *arguments, capsys=capsys)
    assert status == 0
    assert _manifest_languages(project) == everyone
    assert set(_index_rows(project)) == everyone
    assert (project / "outputs" / "manifest.json").read_text("utf-8") == before
    for code in everyone:
        assert _switcher(project, code) == everyone


def test_a_language_published_by_a_partial_build_reaches_every_switcher(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with edited_catalog(project / "locales" / "nl" / "LC_MESSAGES" / "doc.po") as catalog:
        catalog[0].msgstr = ""
    assert run_cli(project, "build", capsys=capsys)[0] == 0
    assert "nl" not in _switcher(project, "de")
    epub = (project / "outputs" / "de" / "doc.epub").stat().st_mtime_ns
    _translate(project, "nl")
    status, _out, _ = run_cli(project, "build", "nl", capsys=capsys)
    assert status == 0
    for code in ("en", *LANGUAGES):
        assert "nl" in _switcher(project, code), code
    assert (project / "outputs" / "de" / "doc.epub").stat().st_mtime_ns == epub  # page only
    assert "nl" in _manifest_languages(project)


def test_a_pseudo_build_leaves_the_site_alone(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(project, "build", capsys=capsys)[0] == 0
    index = (project / "outputs" / "index.html").read_bytes()
    manifest = (project / "outputs" / "manifest.json").read_bytes()
    assert run_cli(project, "build", "--pseudo", capsys=capsys)[0] == 0
    assert (project / "outputs" / "qps_ploc" / "doc.html").is_file()
    assert (project / "outputs" / "index.html").read_bytes() == index
    assert (project / "outputs" / "manifest.json").read_bytes() == manifest
    assert run_cli(project, "build", capsys=capsys)[0] == 0
    assert (project / "outputs" / "qps_ploc" / "doc.html").is_file()  # kept, never listed
    assert "qps_ploc" not in _manifest_languages(project)


def test_outputs_no_longer_published_are_removed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with edited_catalog(project / "locales" / "nl" / "LC_MESSAGES" / "doc.po") as catalog:
        catalog[0].msgstr = ""
    assert run_cli(project, "build", "--draft", capsys=capsys)[0] == 0
    assert (project / "outputs" / "nl" / "doc.html").is_file()  # a draft
    status, out, _ = run_cli(project, "build", capsys=capsys)
    assert "removed outputs/nl/doc.html: no longer published" in out
    assert not (project / "outputs" / "nl").exists()
    # A language taken out of the configuration, and a document renamed.
    config = project / "pyproject.toml"
    config.write_text(config.read_text("utf-8").replace('"de", ', ""), "utf-8")
    (project / "source" / "doc.md").rename(project / "source" / "renamed.md")
    assert main(["--root", str(project), "extract"]) == 0
    for code in ("fr", "nl"):
        shutil.copy(
            project / "locales" / code / "LC_MESSAGES" / "doc.po",
            project / "locales" / code / "LC_MESSAGES" / "renamed.po",
        )
        assert main(["--root", str(project), "update", code]) == 0
        _translate(project, code, "renamed")
    status, out, _ = run_cli(project, "build", capsys=capsys)
    assert status == 0
    outputs = project / "outputs"
    left = sorted(
        p.relative_to(outputs).as_posix()
        for p in outputs.glob("*/*.*")
        if not p.parent.name.startswith(".")
    )
    assert left == [
        f"{code}/renamed.{fmt}" for code in ("en", "fr", "nl") for fmt in ("epub", "html")
    ]
    listed = {item["path"] for item in json.loads((outputs / "manifest.json").read_text())["files"]}
    assert listed == set(left)


def test_site_gathers_editions_built_on_separate_machines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    machines = [_project(tmp_path / name) for name in ("one", "two", "three")]
    for machine, code in zip(machines, ["en", "de", "fr"], strict=True):
        status, _out, _ = run_cli(machine, "build", code, capsys=capsys)
        assert status == 0
        assert _switcher(machine, code) == {"en", *LANGUAGES}
    gathered = _project(tmp_path / "gathered")
    for machine, code in zip(machines, ["en", "de", "fr"], strict=True):
        shutil.copytree(machine / "outputs" / code, gathered / "outputs" / code)
    status, out, _ = run_cli(gathered, "site", capsys=capsys)
    assert status == 0
    assert _manifest_languages(gathered) == {"en", "de", "fr"}
    assert "not built yet: run 'build nl'" in out
    rows = _index_rows(gathered)
    assert "not built" in rows["nl"] and "HTML" in rows["de"]


def test_files_that_fail_their_checks_are_not_published(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A symbol no shipped typeface has: the catalog is fine, the PDF is not."""
    root = _project(tmp_path / "project", formats=["html", "pdf"])
    with edited_catalog(root / "locales" / "fr" / "LC_MESSAGES" / "doc.po") as catalog:
        for entry in catalog:
            if entry.msgid.startswith("The first"):
                entry.msgstr = "Le premier paragraphe cite \U0001f9ea en sept mots ici."
    status, out, _ = run_cli(root, "build", "--jobs", "1", capsys=capsys)
    assert status == 1
    assert "outputs/fr/doc.pdf: error[font-coverage]" in out
    assert "held back doc [fr]: its files failed checks (font-coverage)" in out
    assert not (root / "outputs" / "fr").exists()
    assert "fr" not in _manifest_languages(root) and "fr" not in _switcher(root, "de")
