"""Catalog files: byte-identical to GNU msgcat, no churn, updates that change nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest

from tests.conftest import (
    REPO,
    copy_project,
    edited_catalog,
    require_tool,
    run_cli,
    started_translation,
    write_project,
)


def _catalog_files(root: Path) -> list[Path]:
    return sorted(root.glob("locales/*.pot")) + sorted(root.glob("locales/*/LC_MESSAGES/*.po"))


def _assert_like_msgcat(path: Path) -> None:
    msgcat = require_tool("msgcat")
    written = subprocess.run([msgcat, str(path)], capture_output=True, check=True).stdout
    assert written == path.read_bytes(), f"{path} differs from what msgcat writes"


@pytest.mark.parametrize("path", _catalog_files(REPO), ids=lambda p: str(p.relative_to(REPO)))
def test_repository_catalogs_are_exactly_what_msgcat_writes(path: Path) -> None:
    _assert_like_msgcat(path)


@pytest.mark.parametrize("path", _catalog_files(REPO)[2:], ids=lambda p: str(p.relative_to(REPO)))
def test_repository_catalogs_pass_msgfmt_check(path: Path) -> None:
    msgfmt = require_tool("msgfmt")
    result = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_extract_and_update_on_the_repository_change_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path)
    before = {path: path.read_bytes() for path in _catalog_files(root)}
    assert run_cli(root, "extract", capsys=capsys)[1].strip() == "nothing changed"
    status, out, _err = run_cli(root, "update", capsys=capsys)
    assert (status, out.strip()) == (0, "nothing changed")
    assert {path: path.read_bytes() for path in _catalog_files(root)} == before


def _numbered_document(count: int, edited: int | None = None) -> str:
    blocks = ["---\ntitle: Many blocks\n---\n"]
    for number in range(count):
        word = "changed" if number == edited else "original"
        if number % 50 == 0:
            blocks.append(f"# Section {number // 50}\n")
        blocks.append(f"Paragraph {number} has some {word} words about teachers and data.\n")
    return "\n".join(blocks)


def test_a_one_word_edit_changes_only_that_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "big"
    po_path = started_translation(root, _numbered_document(500), "fr", capsys)
    with edited_catalog(po_path) as catalog:
        for entry in catalog:
            entry.msgstr = "FR " + entry.msgid
    run_cli(root, "update", capsys=capsys)  # canonical form
    pot_path = root / "locales" / "doc.pot"
    pot_before, po_before = pot_path.read_text("utf-8"), po_path.read_text("utf-8")

    (root / "source" / "doc.md").write_text(_numbered_document(500, edited=250), "utf-8")
    run_cli(root, "extract", capsys=capsys)
    run_cli(root, "update", capsys=capsys)
    for before, after in (
        (pot_before, pot_path.read_text("utf-8")),
        (po_before, po_path.read_text("utf-8")),
    ):
        changed = _changed_entries(before, after) - {"header"}  # the header may move its date
        assert changed == {"Paragraph 250 has some original words about teachers and data."}
    edited = next(e for e in polib.pofile(str(po_path)) if e.msgid.startswith("Paragraph 250 "))
    assert edited.fuzzy and edited.previous_msgid.endswith(
        "original words about teachers and data."
    )
    assert edited.msgstr == "FR Paragraph 250 has some original words about teachers and data."
    for path in (pot_path, po_path):
        _assert_like_msgcat(path)


def _changed_entries(before: str, after: str) -> set[str]:
    """The msgids (old ones) of entries whose text differs; "header" for the header."""
    old, new = before.split("\n\n"), after.split("\n\n")
    assert len(old) == len(new)
    changed = set()
    for index, (a, b) in enumerate(zip(old, new, strict=True)):
        if a != b:
            changed.add("header" if index == 0 else polib.pofile(a + "\n")[0].msgid)
    return changed


def test_a_whitespace_only_edit_keeps_every_translation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ws"
    path = started_translation(root, "# Title\n\nOne short\nparagraph here.\n", "de", capsys)
    with edited_catalog(path) as catalog:
        for entry in catalog:
            entry.msgstr = "DE " + entry.msgid
    run_cli(root, "update", capsys=capsys)
    before = path.read_bytes()
    (root / "source" / "doc.md").write_text(
        "#   Title\n\nOne   short paragraph\n   here.\n", "utf-8"
    )
    run_cli(root, "extract", capsys=capsys)
    assert run_cli(root, "update", capsys=capsys)[1].strip() == "nothing changed"
    assert path.read_bytes() == before


def test_init_accepts_both_spellings_of_a_regional_locale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(tmp_path / "pt", "Hello.\n", [])
    run_cli(root, "extract", capsys=capsys)
    assert run_cli(root, "init", "pt-BR", capsys=capsys)[0] == 0
    catalog = polib.pofile(str(root / "locales" / "pt_BR" / "LC_MESSAGES" / "doc.po"))
    assert catalog.metadata["Language"] == "pt_BR"
    assert catalog.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert run_cli(root, "init", "../evil", capsys=capsys)[0] == 2
    assert (
        not (root / "evil").exists()
        and not (root / "locales" / "..").resolve().joinpath("evil").exists()
    )


def test_line_separators_inside_strings_are_read_as_gettext_reads_them(tmp_path: Path) -> None:
    """U+2028, U+0085 and friends end a line for str.splitlines() (and polib), not for
    gettext: a translation holding one is text, at the right line, written back as is."""
    from pipeline.catalogs import pofile
    from pipeline.catalogs.cache import CatalogCache

    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        "# checked\u2028twice\n"
        'msgid "One"\nmsgstr "Un\u2028deux\x85trois"\n\n'
        'msgid "Two"\nmsgstr "Deux"\n'
    )
    path = tmp_path / "fr.po"
    path.write_text(text, "utf-8")
    catalog = pofile.read(path)
    one, two = catalog.entries
    assert one.msgstr == "Un\u2028deux\x85trois"
    assert one.translator_comments == ("checked\u2028twice",)
    assert (one.line, two.line) == (6, 9)
    pofile.write(path, catalog, CatalogCache.load(tmp_path / "cache", path))
    assert path.read_text("utf-8") == text
    _assert_like_msgcat(path)


def test_a_catalog_with_obsolete_entries_reads_and_writes_them_once(tmp_path: Path) -> None:
    """Read from the file itself, not from what the last write remembered."""
    from pipeline.catalogs import pofile

    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Kept"\nmsgstr "Gardé"\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Parti"\n'
    )
    path = tmp_path / "fr.po"
    path.write_text(text, "utf-8")
    catalog = pofile.read(path)
    assert [(entry.msgid, entry.obsolete) for entry in catalog.entries] == [
        ("Kept", False),
        ("Gone", True),
    ]
    assert pofile.render(catalog) == text
    _assert_like_msgcat(path)
