"""The corpus (``tests/corpus``): Pandoc Markdown written the way people write it,
taken through extraction, a mechanical translation, the build and the checks.

The translation swaps the case of every letter of the text and keeps the markup, so
each translated document must be its source with only the case of its text changed.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.adapters import pandoc
from pipeline.catalogs.model import Entry
from pipeline.core.config import parse_config
from pipeline.extract import segments
from pipeline.extract.incremental import write_messages
from pipeline.project.sources import read_source_document
from pipeline.translate.document import translate
from tests.conftest import edited_catalog, keep_labels_in_english, run_cli, write_project
from tests.textutil import epub_text, fold, html_text, pdf_plain

CORPUS = Path(__file__).parent / "corpus"
DOCUMENTS = sorted(CORPUS.glob("*.md"))
Change = Callable[[str], str]


def _recase(value: Any, change: Change) -> Any:
    """``value`` with every Str's text passed through ``change`` (markup kept)."""
    if isinstance(value, list):
        return [_recase(item, change) for item in value]
    if not isinstance(value, dict):
        return value
    if value.get("t") == "Str":
        return {"t": "Str", "c": change(value["c"])}
    return {key: _recase(item, change) for key, item in value.items()}


def recased_messages(msgids: list[str], changes: list[Change]) -> list[str]:
    """Each msgid read as Markdown, its text re-cased, and written back (2 pandoc calls)."""
    readings = pandoc.read_translations(msgids)
    found = []
    for reading, change in zip(readings, changes, strict=True):
        assert isinstance(reading, list) and len(reading) == 1
        found.append(segments.Slot(_recase(reading[0]["c"], change), "", ()))
    return write_messages(found)


def _lowered(value: Any) -> Any:
    text = json.dumps(_recase(value, str.lower))
    return json.loads(text.replace('{"t": "SoftBreak"}', '{"t": "Space"}'))


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.stem)
def test_a_case_swapped_translation_builds_and_checks_clean(
    document: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(tmp_path / "p", document.read_text("utf-8"), ["de"])
    (root / "pyproject.toml").write_text(
        (root / "pyproject.toml").read_text("utf-8")
        + 'translatable-metadata = ["title", "subtitle", "description"]\n',
        "utf-8",
    )
    assert run_cli(root, "extract", capsys=capsys)[0] == 0
    assert run_cli(root, "init", "de", capsys=capsys)[0] == 0
    keep_labels_in_english(root, "de")
    path = root / "locales" / "de" / "LC_MESSAGES" / "doc.po"
    with edited_catalog(path) as catalog:
        entries = [entry for entry in catalog if entry.msgid]
        swapped = recased_messages(
            [entry.msgid for entry in entries], [str.swapcase] * len(entries)
        )
        for entry, msgstr in zip(entries, swapped, strict=True):
            entry.msgstr = msgstr
    status, out, err = run_cli(root, "build", "--formats", "html,epub", capsys=capsys)
    assert status == 0, out + err
    outputs = root / "outputs" / "de"
    page = (outputs / "doc.html").read_text("utf-8")
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    heading = page.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert title.strip() and heading.strip()  # an untitled document is named by its file
    plain = [run for msgstr in swapped for run in _visible(msgstr)]
    for text in (html_text(page), epub_text(outputs / "doc.epub")):
        for sentence in plain:
            assert sentence in text, sentence
    source_html = pandoc.run(["--from", "markdown", "--to", "html5"], document.read_text("utf-8"))
    body = page.split("<main", 1)[1]
    for marker in ("<li", "<p>", "<dd>", "<blockquote", "<td", "<caption", "<pre"):
        assert body.count(marker) >= source_html.count(marker), marker
    assert body.count('class="footnote-ref"') == source_html.count('class="footnote-ref"')
    status, out, err = run_cli(root, "check", capsys=capsys)
    errors = [line for line in out.splitlines() if ": error[" in line]
    assert status == 0, out + err
    assert errors == []

    status, out, err = run_cli(root, "build", "--formats", "pdf", capsys=capsys)
    assert status == 0, out + err
    pdf = pdf_plain(outputs / "doc.pdf")
    for sentence in plain:
        assert sentence in pdf, sentence


def _visible(msgstr: str) -> list[str]:
    """The runs of text a reader sees of a one-line message, cut where a note is."""
    runs = re.split(r"\^\[|\]|\\?\[\\?\^\d+\\?\]", re.sub(r"\]\([^)]*\)", "]", msgstr))
    return [run for run in (fold(re.sub(r"[*_\[\\]", "", run)) for run in runs) if run]


_CASE_CHANGES: list[Change] = [str.swapcase, str.upper, str.lower, str.title]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.stem)
@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(choices=st.lists(st.sampled_from(_CASE_CHANGES), min_size=1, max_size=80))
def test_a_recased_translation_changes_only_the_text(
    document: Path, tmp_path_factory: pytest.TempPathFactory, choices: list[Change]
) -> None:
    root = tmp_path_factory.mktemp("corpus")
    (root / "source").mkdir()
    shutil.copy(document, root / "source" / document.name)
    project = parse_config(
        {"languages": ["de"], "translatable-metadata": ["title", "subtitle", "description"]}, root
    )
    source, segs = read_source_document(project, document.stem)
    msgids = sorted({segment.msgid for segment in segs})
    changes = [choices[index % len(choices)] for index in range(len(msgids))]
    texts = dict(zip(msgids, recased_messages(msgids, changes), strict=True))
    unique = sorted(set(texts.values()))
    readings = pandoc.read_translations(unique)
    parsed = {text: pandoc.usable(reading) for text, reading in zip(unique, readings, strict=True)}
    entries = {msgid: Entry(msgid=msgid, msgstr=text) for msgid, text in texts.items()}
    before = copy.deepcopy(source.ast)
    result = translate(source, "de", "en", texts, parsed, entries, "doc.po")
    assert result.findings == ()
    assert result.fallback_slots == 0
    assert _lowered(result.ast) == _lowered(before)
    assert source.ast == before  # the source is not changed


def test_the_corpus_is_not_trivial() -> None:
    """Every construct the corpus is meant to exercise is in it."""
    text = "\n".join(document.read_text("utf-8") for document in DOCUMENTS)
    constructs = ("[^", "    - ", "    ```", "|\n|", "\n#\n", 'title: ""', ":   ", ":::", "> >")
    for construct in constructs:
        assert construct in text, construct
