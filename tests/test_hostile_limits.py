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

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from xml.dom import minidom

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.core.untrusted import bracket_cost, json_depth
from tests.conftest import REPO, edited_catalog, keep_labels_in_english, write_project

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
        keep_labels_in_english(root, code)
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
    "nul": ("Un autre\x00 paragraphe.", "catalog-syntax"),  # msgfmt cuts the text there
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
    _project(root, "Un autre\x02 para\x01graphe\x1b.")
    with edited_catalog(root / "locales" / "fr" / "LC_MESSAGES" / "ui.po") as catalog:
        for entry in catalog:
            entry.msgstr = f"{entry.msgid}\x02\x0b\u202e"
    status, out, _elapsed = _run(root, "build", "--draft")
    assert status == 1
    assert "published doc [fr] (draft)" in out
    assert_well_formed(root / "outputs" / "fr" / "doc.epub")
    page = (root / "outputs" / "fr" / "doc.html").read_text("utf-8")
    assert "\x02" not in page and "\x01" not in page and "\u202e" not in page


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


def _extract(root: Path, markdown: str) -> tuple[int, str]:
    write_project(root, markdown, ["de"])
    status, out, _elapsed = _run(root, "extract")
    return status, out


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("[" * 30 + "x", 9),
        ("Text [x [y " + "more text " * 3000, 9),
        ("*_" * 300 + "x" + "_*" * 300, 9),
        ("\n".join("  " * depth + "- item" for depth in range(130)), 9 + 38),
    ],
    ids=["brackets", "unclosed-long", "emphasis", "lists"],
)
def test_a_source_beyond_the_limits_is_an_error_at_its_line(
    tmp_path: Path, body: str, line: int
) -> None:
    status, out = _extract(tmp_path, f"---\ntitle: T\n---\n\n# T\n\nFine.\n\n{body}\n\nEnd.\n")
    assert status == 1
    assert f"source/doc.md:{line}:" in out, out
    assert not (tmp_path / "locales" / "doc.pot").exists()


REALISTIC = """\
---
title: A manual
---

# Links

{links}

A paragraph with a note.^[See [the guide](https://example.org/g) and
[![the logo](https://example.org/l.png)](https://example.org/) in [*the* report
[2024]](https://example.org/r), section [3.2].]

Intervals [0, 1) and [2, 3) are half open; so is [4, 5).

```python
table = [[[[1, 2], [3, 4]], [[5, 6]]]]
```

Code `[[[[[[[[` in a line, escaped \\[\\[\\[\\[\\[\\[\\[\\[ brackets.

{long}
"""


def test_realistic_text_is_within_the_limits(tmp_path: Path) -> None:
    links = " ".join(f"[link number {n}](https://example.org/{n})" for n in range(300))
    long = "A long paragraph [with a link](https://example.org/) " + "of words " * 2000
    status, out = _extract(tmp_path, REALISTIC.format(links=links, long=long))
    assert status == 0, out
    msgids = [entry.msgid for entry in polib.pofile(str(tmp_path / "locales" / "doc.pot"))]
    assert any("[link number 299](https://example.org/299)" in msgid for msgid in msgids)
    assert any("half open" in msgid for msgid in msgids)


def test_the_time_limit_stops_pandoc_and_keeps_the_other_messages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The backstop: with the guard switched off, a message pandoc would read for hours
    is stopped at the time limit, alone; every other message of the batch is read."""
    from pipeline.adapters import pandoc

    monkeypatch.setenv(pandoc.TIMEOUT_VARIABLE, "2")
    monkeypatch.setattr(pandoc, "markdown_problem", lambda text: None)
    texts = [f"Message *{n}*." for n in range(7)]
    texts.insert(5, "[" * 30 + "x")
    started = time.monotonic()
    readings = pandoc.read_translations(texts)
    assert time.monotonic() - started < HANG_GUARD
    assert isinstance(readings[5], pandoc.Refused)
    assert "did not finish within 2 s" in readings[5].reason
    for index, reading in enumerate(readings):
        if index != 5:
            assert isinstance(reading, list) and reading[0]["c"][2]["t"] == "Emph"
    assert _pandoc_children() == []  # stopped, not left running


def _pandoc_children() -> list[int]:
    """Processes this one started that are still pandoc (Linux's /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)
            name = fields[0].split("(", 1)[1]
        except (OSError, IndexError):
            continue
        if name == "pandoc" and int(fields[1].split()[1]) == os.getpid():
            found.append(int(stat.parent.name))
    return found


def test_an_epub_that_would_not_be_well_formed_is_not_written(tmp_path: Path) -> None:
    """Defence in depth: a control character that reaches the renderer (here from the
    source, which no catalog check sees) fails that edition instead of breaking it."""
    root = write_project(
        tmp_path, "---\ntitle: T\n---\n\nA control \x01 character.\n", ["de"], formats=["epub"]
    )
    assert _run(root, "extract")[0] == 0
    status, out, _elapsed = _run(root, "build")
    assert status == 1
    assert "error[build-failed]: the EPUB's EPUB/text/ch001.xhtml would not be well-formed" in out
    assert not (root / "outputs" / "en" / "doc.epub").exists()


def test_json_depth_counts_containers_outside_strings() -> None:
    assert json_depth('{"a":"[[[\\"[[{","b":[[1],{"c":[]}]}') == 4
    assert json_depth("[]") == 1 and json_depth('"x"') == 0


# Text that looks like JSON's structure: quotes, brackets and the backslashes that escape.
_TRICKY_TEXT = st.text(st.sampled_from('[]{}"\\:,ab é\n\u2028\U0001f600'), max_size=12)
_JSON_VALUES = st.recursive(
    st.none() | st.integers() | _TRICKY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TRICKY_TEXT, inner, max_size=4),
    max_leaves=30,
)


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    return 0


@given(_JSON_VALUES, st.booleans())
def test_json_depth_equals_the_nesting_of_any_value(value: object, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only, separators=(",", ":"))
    assert json_depth(text) == _depth(value)


@pytest.mark.parametrize(
    ("text", "deepest"),
    [
        ("[a](u) " * 300, 1),
        ("^[note [link](u) and ![img](i)]", 2),
        ("`[[[[[[[[` and \\[\\[\\[\\[\\[\\[\\[", 0),
        ("[" * 30, 30),
        ("[x] " * 5 + "[" * 3 + "]" * 3, 3),
    ],
)
def test_bracket_depth_ignores_code_and_escapes(text: str, deepest: int) -> None:
    assert bracket_cost(text)[0] == deepest
