"""The pseudo-locale goes the way of a real translation: written as a message, read as a
translation is read, put in place. So its pages show the markup a real translation can
keep, and lose what a real translation would lose.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import edited_catalog, run_cli, write_project

pytestmark = pytest.mark.hostile

SOURCE = """\
---
title: Pseudo
---

# Start {#start}

A "quoted" word, [a span]{#here lang=de}, <kbd>Ctrl</kbd> and a note.^[Short note.]

Back to [the start](#start), *emphasis* and `code`.
"""


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(f"{tag}{sorted(name for name, _ in attrs)}")


def _main_tags(path: Path) -> list[str]:
    page = path.read_text("utf-8")
    section = re.search(r"<section.*</main>", page, re.S)
    assert section is not None
    parser = _Tags()
    parser.feed(section.group(0))
    return parser.tags


def test_pseudo_pages_have_the_markup_of_a_real_translation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(tmp_path, SOURCE, ["fr"])
    for command in (["extract"], ["init", "fr"]):
        assert run_cli(root, *command, capsys=capsys)[0] == 0
    with edited_catalog(root / "locales" / "fr" / "LC_MESSAGES" / "doc.po") as catalog:
        for entry in catalog:
            entry.msgstr = entry.msgid  # a translation that keeps every bit of markup
    run_cli(root, "build", "fr", "--formats", "html", "--draft", "--jobs", "1", capsys=capsys)
    run_cli(root, "build", "--pseudo", "--formats", "html", "--jobs", "1", capsys=capsys)
    real = _main_tags(root / "outputs" / "fr" / "doc.html")
    pseudo = _main_tags(root / "outputs" / "qps_ploc" / "doc.html")
    assert "kbd[]" in real and "span['id', 'lang']" in real
    # Text left in the source language is tagged with its language at render time
    # (translate/typography.py): a translation identical to the source gets such spans.
    assert [tag for tag in real if tag != "span['lang']"] == pseudo
