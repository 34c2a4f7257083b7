"""Extraction: a source document -> its template, read side by side as golden files.

Each ``tests/cases/<case>.md`` (and ``tests/corpus/<case>.md``, documents written the
way Pandoc Markdown is written elsewhere) sits next to ``<case>.expect.pot``; regenerate with
``pytest --update-golden`` and review the diff like code.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from pipeline.adapters import pandoc
from pipeline.catalogs import pofile
from pipeline.commands.extract import document_template
from pipeline.core.config import parse_config
from pipeline.extract import segments
from pipeline.project.clock import now
from pipeline.project.sources import read_source_document
from pipeline.translate.document import place_notes
from pipeline.translate.owned import choose, may_own
from tests.textutil import text_only

CASES = Path(__file__).parent / "cases"
ALL_CASES = sorted(CASES.glob("*.md")) + sorted((CASES.parent / "corpus").glob("*.md"))


def _project(tmp_path: Path, case: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "source").mkdir()
    shutil.copy(case, tmp_path / "source" / case.name)
    return parse_config(
        {"languages": ["fr"], "translatable-metadata": ["title", "subtitle", "description"]},
        tmp_path,
    )


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda path: path.stem)
def test_template_matches_the_golden_file(case: Path, tmp_path: Path, update_golden: bool) -> None:
    project = _project(tmp_path, case)
    template = document_template(project, case.stem, now("0"))
    text = pofile.render(template).replace(
        f"source/{case.name}", f"tests/{case.parent.name}/{case.name}"
    )
    expected = case.with_suffix(".expect.pot")
    if update_golden:
        expected.write_text(text, "utf-8")
    assert text == expected.read_text("utf-8")


def test_code_raw_blocks_math_and_urls_never_become_messages(tmp_path: Path) -> None:
    project = _project(tmp_path, CASES / "blocks.md")
    _source, segs = read_source_document(project, "blocks")
    everything = "\n".join(segment.msgid for segment in segs)
    assert "code blocks are never translated" not in everything
    assert "raw HTML block" not in everything
    assert not any(segment.msgid.startswith("https://") for segment in segs)
    assert "keywords" not in {segment.kind for segment in segs}


def _identity_cases() -> list[Any]:
    from tests.test_corpus import PENDING

    return [
        pytest.param(case, id=case.stem, marks=[pytest.mark.xfail(strict=True, reason=reason)])
        if (reason := PENDING.get((case.stem, "identity"))) and case.parent.name == "corpus"
        else pytest.param(case, id=case.stem)
        for case in ALL_CASES
    ]


@pytest.mark.parametrize("case", _identity_cases())
def test_identity_translation_rebuilds_the_source(case: Path, tmp_path: Path) -> None:
    """msgstr = msgid, read back as a translation, gives every slot its source inlines."""
    project = _project(tmp_path, case)
    source, segs = read_source_document(project, case.stem)
    msgids = [segment.msgid for segment in segs]
    parsed = pandoc.read_translations(msgids)
    marked = pandoc.read_translations(msgids, markup=True)  # as a build reads them
    fresh = segments.slots(json.loads(json.dumps(source.ast)), source.metadata_fields)
    for slot, plain, reading, segment in zip(fresh, parsed, marked, segs, strict=True):
        blocks = pandoc.usable(plain)
        if may_own(segment.msgid):
            blocks = choose(slot.inlines, blocks, pandoc.usable(reading))
        assert blocks is not None and len(blocks) == 1, segment.msgid
        inlines = place_notes(blocks[0]["c"], slot.notes)
        assert text_only(inlines) == text_only(slot.inlines), segment.msgid


@pytest.mark.hostile
def test_a_heading_inside_a_div_heads_no_section_after_the_div() -> None:
    """A callout's own heading is the context of the callout's text, not of what follows."""
    from pipeline.extract.incremental import _in_full

    text = (
        "# Summary\n\nOpening.\n\n::: {.callout-note}\n## In short\n\nLess water.\n:::\n\n"
        "After the callout.\n\n## Next\n\nLast.\n"
    )
    sections = {segment.msgid: segment.section for segment in _in_full(text, ())}
    assert sections["Less water."] == ("Summary", "In short")
    assert sections["After the callout."] == ("Summary",)
    assert sections["Last."] == ("Summary", "Next")
