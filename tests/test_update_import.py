"""Update through real documents and PO files, import of translated documents, stats."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pypandoc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from tests.conftest import copy_project, edited_catalog, run_cli, started_translation, write_project
from tests.strategies import edit_paragraphs

WORDS = st.sampled_from(
    [
        "teachers",
        "learners",
        "data",
        "guidelines",
        "*ethics*",
        "**action**",
        "call",
        "2022",
        "45%",
        "school",
    ]
)
PARAGRAPH = st.lists(WORDS, min_size=2, max_size=10).map(
    lambda words: " ".join(words).capitalize() + "."
)


@st.composite
def edits(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    before = draw(st.lists(PARAGRAPH, min_size=1, max_size=8, unique=True))
    after = edit_paragraphs(draw, before, PARAGRAPH, WORDS, (1, 4))
    return before, after


def _document(paragraphs: list[str]) -> str:
    return "# Heading\n\n" + "\n\n".join(paragraphs) + "\n"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(docs=edits())
def test_extract_and_update_never_lose_a_translation(
    tmp_path_factory: pytest.TempPathFactory, docs: tuple[list[str], list[str]]
) -> None:
    before, after = docs
    root = write_project(tmp_path_factory.mktemp("edit"), _document(before), ["fr"])
    assert main(["--root", str(root), "extract"]) == 0
    assert main(["--root", str(root), "init", "fr"]) == 0
    path = root / "locales" / "fr" / "LC_MESSAGES" / "doc.po"
    with edited_catalog(path) as catalog:
        for entry in catalog:
            entry.msgstr = f"FR<{entry.msgid}>"
    old = {entry.msgid: entry.msgstr for entry in catalog}

    (root / "source" / "doc.md").write_text(_document(after), "utf-8")
    assert main(["--root", str(root), "extract"]) == 0
    assert main(["--root", str(root), "update"]) == 0
    merged = polib.pofile(str(path))
    everything = list(merged) + merged.obsolete_entries()
    for msgid, msgstr in old.items():
        assert any(
            entry.msgstr == msgstr
            and (entry.msgid == msgid or (entry.fuzzy and entry.previous_msgid == msgid))
            for entry in everything
        ), f"lost {msgid!r}"


def test_import_of_a_translated_document_reproduces_the_catalog(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "project", ["fr"])
    run_cli(root, "build", "fr", "--formats", "html", capsys=capsys)
    # The French document as pandoc's Markdown writer writes it.
    from pipeline.core.config import load_project
    from pipeline.project.editions import translated_edition
    from pipeline.project.sources import read_source_document

    project = load_project(root)
    source, _segments = read_source_document(project, "factsheet")
    ast, _ui, _findings, _texts = translated_edition(project, source, "fr", "factsheet")
    markdown = pypandoc.convert_text(
        json.dumps(ast), "markdown", format="json", extra_args=["--standalone"]
    )
    translated = tmp_path / "factsheet.fr.md"
    translated.write_text(markdown, "utf-8")

    catalog_path = root / "locales" / "fr" / "LC_MESSAGES" / "factsheet.po"
    expected = {entry.msgid: entry.msgstr for entry in polib.pofile(str(catalog_path))}
    catalog_path.unlink()
    status, _out, err = run_cli(root, "import", "fr", "factsheet", str(translated), capsys=capsys)
    assert status == 0, err
    imported = {entry.msgid: entry.msgstr for entry in polib.pofile(str(catalog_path))}
    assert imported == expected


def test_import_refuses_a_document_with_another_structure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(tmp_path / "p", "# Title\n\nFirst paragraph.\n\n- An item\n", ["de"])
    run_cli(root, "extract", capsys=capsys)
    translated = tmp_path / "doc.de.md"
    translated.write_text("# Titel\n\nErster Absatz.\n\nZweiter Absatz.\n", "utf-8")
    status, _out, err = run_cli(root, "import", "de", "doc", str(translated), capsys=capsys)
    assert status == 1
    assert f"{translated}:5: structures differ at block 3: source/doc.md:5 has a list item, " in err
    assert f"{translated}:5 has a paragraph" in err
    assert not (root / "locales" / "de").exists()


def test_stats_counts_fuzzy_apart_from_translated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "s"
    path = started_translation(root, "# One two\n\nThree four five.\n\nSix.\n", "fr", capsys)
    with edited_catalog(path) as catalog:
        catalog[0].msgstr = "Un deux"
        catalog[1].msgstr = "Trois quatre cinq."
        catalog[1].flags.append("fuzzy")
    status, out, _err = run_cli(root, "stats", capsys=capsys)
    assert status == 0
    row = next(
        line.split() for line in out.splitlines() if line.startswith("fr ") and " doc " in line
    )
    assert row == ["fr", "doc", "3", "1", "1", "1", "0", "2/6", "33.3%"]


def test_update_refuses_to_write_a_catalog_over_the_size_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Obsolete entries can push a merged catalog over max-catalog-bytes, which every
    command would then refuse: update leaves it as it was and says so; no obsolete
    translation is dropped unless asked."""
    first = "Teachers need a basic knowledge of AI and data use. " * 60
    path = started_translation(tmp_path / "limit", f"# Title\n\n{first}\n", "fr", capsys)
    with edited_catalog(path) as catalog:
        for entry in catalog:
            entry.msgstr = f"FR {entry.msgid}"
    limit = path.stat().st_size + 400  # more than the templates and the ui catalog
    config = tmp_path / "limit" / "pyproject.toml"
    config.write_text(config.read_text("utf-8") + f"max-catalog-bytes = {limit}\n", "utf-8")
    source = tmp_path / "limit" / "source" / "doc.md"
    source.write_text("# Title\n\n" + "Bees make honey in the summer months. " * 60, "utf-8")
    status, out, err = run_cli(tmp_path / "limit", "extract", capsys=capsys)
    assert status == 0, out + err
    before = path.read_bytes()
    status, out, _err = run_cli(tmp_path / "limit", "update", capsys=capsys)
    assert status == 1
    assert "locales/fr/LC_MESSAGES/doc.po: error[catalog-size]: catalog would be" in out
    assert f"over the limit of {limit}" in out and "--purge-obsolete" in out
    assert path.read_bytes() == before
    status, out, _err = run_cli(tmp_path / "limit", "update", "--purge-obsolete", capsys=capsys)
    assert status == 0, out
    assert "Bees make honey" in path.read_text("utf-8") and "Teachers" not in path.read_text(
        "utf-8"
    )
