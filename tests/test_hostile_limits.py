"""Hostile translations cost bounded time and give well-formed outputs.

pandoc's Markdown reader backtracks exponentially on nested or unclosed brackets
(jgm/pandoc#1735), deep emphasis gives JSON deeper than Python reads recursively, and
control or bidi characters make invalid XML or disguise text. Each case is one message
of one language of a small project: that language is held back with a finding at the
message's line, the other language and the index are built, and ``build`` and ``check``
finish. They run as subprocesses with a time limit far above what they need, so a
hang fails the test instead of stalling the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from xml.dom import minidom

import pytest

from pipeline.cli import main
from tests.conftest import REPO, edited_catalog, write_project

pytestmark = pytest.mark.hostile

SOURCE = """\
---
title: Limits
---

# Purpose

Read [the guide](https://example.org/guide) before you start.

A paragraph with a note.^[The note links to [the report](https://example.org/report).]

Another plain paragraph of text.
"""
TARGET = "Another plain paragraph of text."
HANG_GUARD = 60  # seconds: the commands take a few; only a hang comes near this


def _translate(root: Path, code: str, hostile: str | None) -> int:
    """Translate every message of ``code``; ``hostile`` replaces TARGET's translation.
    Returns the line of TARGET's entry as the catalog file has it."""
    path = root / "locales" / code / "LC_MESSAGES" / "doc.po"
    with edited_catalog(path) as catalog:
        for entry in catalog:
            entry.msgstr = f"({code}) {entry.msgid}"
            if entry.msgid == TARGET and hostile is not None:
                entry.msgstr = hostile
    lines = path.read_text("utf-8").splitlines()
    return next(
        number + 1
        for number, line in enumerate(lines)
        if line.startswith("msgstr") and lines[number - 1] == f'msgid "{TARGET}"'
    )


def _project(root: Path, hostile: str) -> int:
    write_project(root, SOURCE, ["de", "fr"], formats=["html", "epub"])
    assert main(["--root", str(root), "extract"]) == 0
    for code in ("de", "fr"):
        assert main(["--root", str(root), "init", code]) == 0
    _translate(root, "de", None)
    return _translate(root, "fr", hostile)


def _run(root: Path, *args: str) -> tuple[int, str, float]:
    """``python -m pipeline`` in its own process, stopped if it hangs."""
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        env=environment,
    )
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    return result.returncode, output, time.monotonic() - started


def _epub_documents(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as book:
        return {
            name: book.read(name)
            for name in book.namelist()
            if name.endswith((".xhtml", ".opf", ".ncx", ".xml"))
        }


def assert_well_formed(path: Path) -> None:
    """Every XML document in the EPUB parses (a NUL or a C0 control would not)."""
    for name, data in _epub_documents(path).items():
        try:
            minidom.parseString(data)
        except Exception as error:  # expat's errors have no common base class
            pytest.fail(f"{path.name}/{name} is not well-formed XML: {error}")


HOSTILE = {
    "brackets": ("[" * 30 + "Un autre paragraphe.", "nesting"),
    "brackets-closed": ("[" * 16 + "Un autre" + "]" * 16 + " paragraphe.", "nesting"),
    "images": ("![" * 25 + "Un autre paragraphe.", "nesting"),
    "notes": ("^[" * 50 + "Un autre paragraphe.", "nesting"),
    "citations": ("[@a; " * 20 + "Un autre paragraphe.", "nesting"),
    "unclosed-long": ("[x [y " + "Un autre paragraphe. " * 900, "nesting"),
    "emphasis": ("*_" * 300 + "Un autre paragraphe." + "_*" * 300, "nesting"),
    "nul": ("Un autre\x00 paragraphe.", "control-character"),
    "escape": ("Un autre \x1b[31mparagraphe.", "control-character"),
    "c1": ("Un autre\x85paragraphe.", "control-character"),
    "noncharacter": ("Un autre paragraphe.\ufffe", "control-character"),
    "bidi-override": ("Un autre \u202eparagraphe.", "invisible-character"),
    "unbalanced-isolate": ("Un autre \u2067paragraphe.", "invisible-character"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_message_holds_back_its_language_only(tmp_path: Path, case: str) -> None:
    hostile, code = HOSTILE[case]
    root = tmp_path / "project"
    line = _project(root, hostile)
    status, out, elapsed = _run(root, "build")
    assert status == 1, out
    finding = f"locales/fr/LC_MESSAGES/doc.po:{line}: error[{code}]"
    assert finding in out, out
    assert "held back doc [fr]" in out
    assert not (root / "outputs" / "fr").exists()
    assert (root / "outputs" / "de" / "doc.html").is_file()
    assert_well_formed(root / "outputs" / "de" / "doc.epub")
    assert (root / "outputs" / "index.html").is_file()
    assert elapsed < HANG_GUARD
    status, out, _elapsed = _run(root, "check", "fr")
    assert status == 1 and finding in out, out


def test_a_hostile_message_in_a_draft_still_gives_a_well_formed_epub(tmp_path: Path) -> None:
    root = tmp_path / "project"
    _project(root, "Un autre\x00 para\x01graphe\x1b.")
    with edited_catalog(root / "locales" / "fr" / "LC_MESSAGES" / "ui.po") as catalog:
        for entry in catalog:
            entry.msgstr = f"{entry.msgid}\x00\x0b\u202e"
    status, out, _elapsed = _run(root, "build", "--draft")
    assert status == 1
    assert "published doc [fr] (draft)" in out
    assert_well_formed(root / "outputs" / "fr" / "doc.epub")
    page = (root / "outputs" / "fr" / "doc.html").read_text("utf-8")
    assert "\x00" not in page and "\x01" not in page and "\u202e" not in page


def test_zero_width_characters_are_warnings(tmp_path: Path) -> None:
    root = tmp_path / "project"
    line = _project(root, "Un autre\u200b paragraphe\u2060 de\ufeff texte.")
    status, out, _elapsed = _run(root, "check", "fr")
    assert f"locales/fr/LC_MESSAGES/doc.po:{line}: warning[invisible-character]" in out, out
    assert "error[" not in out and status == 0


def test_joiners_are_warnings_only_where_no_script_needs_them(tmp_path: Path) -> None:
    root = tmp_path / "project"
    line = _project(root, "Un autre\u200c paragraphe de texte.")  # between Latin letters
    _status, out, _elapsed = _run(root, "check", "fr")
    assert f"doc.po:{line}: warning[invisible-character]" in out
    # Persian writes with a non-joiner, emoji sequences join with a joiner.
    _translate(root, "fr", "Un autre paragraphe: می\u200cخواهم 👩\u200d💻.")
    status, out, _elapsed = _run(root, "check", "fr")
    assert "invisible-character" not in out and status == 0
