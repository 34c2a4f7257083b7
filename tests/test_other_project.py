"""``--root``: the same pipeline serves a second, unrelated document project."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import edited_catalog, keep_labels_in_english, run_cli, write_project
from tests.textutil import epub_text, html_text, pdf_plain

DOC = """\
---
title: Bee keeping
---

# Hives

A hive holds *one* queen and [many workers](https://example.org/bees).

- Wax
- Honey
"""

SENTENCE = "A hive holds *one* queen and [many workers](https://example.org/bees)."
GERMAN = {
    "Bee keeping": "Imkerei",
    "Hives": "Bienenstöcke",
    SENTENCE: "Ein Stock hat *eine* Königin und [viele Arbeiterinnen](https://example.org/bees).",
    "Wax": "Wachs",
    "Honey": "Honig",
}


def test_a_second_project_is_extracted_translated_and_built(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(tmp_path / "bees", DOC, ["de"])
    assert run_cli(root, "extract", capsys=capsys)[0] == 0
    assert (root / "locales" / "doc.pot").is_file()
    assert run_cli(root, "init", "de", capsys=capsys)[0] == 0
    keep_labels_in_english(root, "de")
    path = root / "locales" / "de" / "LC_MESSAGES" / "doc.po"
    with edited_catalog(path) as catalog:
        assert catalog.metadata["Language"] == "de"
        assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
        assert sorted(entry.msgid for entry in catalog) == sorted(GERMAN)
        for entry in catalog:
            entry.msgstr = GERMAN[entry.msgid]

    status, out, _err = run_cli(root, "build", capsys=capsys)
    assert status == 0, out
    assert "published doc [de]" in out
    outputs = root / "outputs" / "de"
    page = (outputs / "doc.html").read_text("utf-8")
    assert '<html lang="de"' in page
    for text in (html_text(page), epub_text(outputs / "doc.epub"), pdf_plain(outputs / "doc.pdf")):
        assert "Ein Stock hat eine Königin und viele Arbeiterinnen." in text
        assert "Bienenstöcke" in text and "Honig" in text
        assert "A hive holds" not in text
    assert '<a href="https://example.org/bees">viele Arbeiterinnen</a>' in page


def test_an_incomplete_language_is_held_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(tmp_path / "bees", DOC, ["fr"])
    run_cli(root, "extract", capsys=capsys)
    run_cli(root, "init", "fr", capsys=capsys)
    status, out, _err = run_cli(root, "build", "--formats", "html", capsys=capsys)
    assert status == 0
    assert "held back doc [fr]: 0% translated, 100% needed" in out
    assert not (root / "outputs" / "fr").exists()
