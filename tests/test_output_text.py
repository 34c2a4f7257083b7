"""output-text finds each translated message in the built files, and only fails where a
reader would miss text: not at a footnote number, a formula or a page break.

Real pandoc, real HTML, EPUB and PDF.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.checks.outputs import missing_texts
from tests.conftest import edited_catalog, keep_labels_in_english, run_cli, write_project

pytestmark = pytest.mark.hostile

LONG = " ".join(["This sentence keeps going with words."] * 300)  # runs over two pages
SOURCE = f"""\
---
title: Notes
---

# Notes

Text before[^1] and after the mark, with a note.

[^1]: A note.

Math $x^2 + y_1$ inline and $\\alpha$ too.

{LONG}
"""


def _french(msgid: str) -> str:
    return msgid.replace("This sentence", "Cette phrase").replace("Text before", "Texte avant")


def test_notes_math_and_page_breaks_are_no_missing_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(tmp_path, SOURCE, ["fr"])
    for command in (["extract"], ["init", "fr"]):
        assert run_cli(root, *command, capsys=capsys)[0] == 0
    keep_labels_in_english(root, "fr")
    with edited_catalog(root / "locales" / "fr" / "LC_MESSAGES" / "doc.po") as catalog:
        for entry in catalog:
            entry.msgstr = "Remarques" if entry.msgid == "Notes" else _french(entry.msgid)
    status, out, err = run_cli(root, "build", "--jobs", "1", capsys=capsys)
    assert "output-text" not in out + err
    assert status == 0
    assert (root / "outputs" / "fr" / "doc.pdf").exists()


def test_text_missing_within_a_page_or_across_pages_is_still_found() -> None:
    pages = ["Title Cette phrase va Page 1 of 2", "Title plus loin encore. Page 2 of 2"]
    text = "\n".join(pages)
    assert missing_texts(["Cette phrase va plus loin encore."], text, pages) == []
    assert missing_texts(["Cette phrase va très loin encore."], text, pages) != []
    assert missing_texts(["Cette phrase va plus loin encore."], text) != []  # no pages: no run-on
