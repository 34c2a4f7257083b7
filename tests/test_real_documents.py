"""Pandoc Markdown as people write it: notes of several blocks, empty headings, lines
and titles extract and build without an error, and without a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.adapters import pandoc
from pipeline.catalogs.model import Entry
from pipeline.core.config import parse_config
from pipeline.extract import chunks
from pipeline.extract.incremental import extract_segments
from pipeline.project.sources import read_source_document
from pipeline.translate.document import translate
from tests.conftest import run_cli, write_project


@pytest.mark.hostile
@pytest.mark.parametrize(
    "markdown",
    [
        "# \n\nText.\n",
        "# {#only-an-id}\n\nText.\n",
        "#\n\nText.\n",
        "| a\n|\n| b\n",
        '---\ntitle: ""\n---\n\nText.\n',
        "---\ntitle:\n---\n\nText.\n",
        "Text.[^n]\n\n[^n]: One.\n\n    Two.\n",
        "Text.[^n]\n\n[^n]: One.\n\n    - a\n    - b\n\n    ```\n    code\n    ```\n",
    ],
)
def test_real_constructs_extract_without_an_error(
    markdown: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(tmp_path / "p", markdown, ["fr"])
    status, out, err = run_cli(root, "extract", capsys=capsys)
    assert status == 0, out + err
    template = (root / "locales" / "doc.pot").read_text("utf-8")
    assert template.count('msgid ""\nmsgstr ""') == 1  # the header only: no empty message


@pytest.mark.hostile
@pytest.mark.parametrize("empty_at", [0, 1, 2])
def test_the_batch_writer_counts_empty_messages(empty_at: int) -> None:
    batch: list[list[dict[str, object]]] = [[{"t": "Str", "c": w}] for w in ("a", "b", "c")]
    batch[empty_at] = []
    written = pandoc.write_inlines(batch)  # type: ignore[arg-type]
    assert written == ["" if i == empty_at else "abc"[i] for i in range(3)]


@pytest.mark.parametrize("cores", [2, 3, 8])
def test_messages_written_by_several_pandocs_at_once_are_the_ones_one_writes(
    monkeypatch: pytest.MonkeyPatch, cores: int
) -> None:
    """A long document's messages are written by a pandoc per core; cut anywhere, each
    line is what a single call writes (quotes held, blank messages, notes as markers)."""
    from pipeline.extract import segments

    corpus = Path(__file__).parent / "corpus"
    text = "\n\n".join(
        (corpus / name).read_text("utf-8").split("\n---\n", 1)[-1]
        for name in ("inline.md", "quotes.md", "footnotes.md", "lines.md", "tables.md")
    )
    found = list(segments.slots(pandoc.read_source(text, quiet=True), ()))
    batch, _owners = segments.inline_batch(found)
    batch[3:3] = [[], [{"t": "Space"}]]  # blank: written without pandoc
    batch[-3:-3] = [[{"t": "Str", "c": 'a "straight" quote'}]]  # held through the writer
    alone = pandoc.write_inlines(batch)
    monkeypatch.setattr(pandoc, "_PART_CHARACTERS", 500)
    monkeypatch.setattr(pandoc.os, "cpu_count", lambda: cores)
    assert len(pandoc._parts([pandoc._json(inlines) for inlines in batch], cores)) == cores
    assert pandoc.write_inlines(batch) == alone
    assert alone[3:5] == ["", ""] and 'a \\"straight\\" quote' in alone


NOTE_DOC = "Walked twice.[^w] Read at marks.\n\n[^w]: Once up.\n\n    Once down.\n"


@pytest.mark.hostile
@pytest.mark.parametrize(
    ("msgstr", "kept"),
    [
        ("Deux fois.[^1] Lu aux repères.", True),
        ("*Deux fois*[^1] lu aux repères.", True),
        ("Deux fois. Lu aux repères.", False),  # the note would be lost
        ("Deux fois.[^1] Lu.[^1]", False),  # the note twice
        ("Deux fois.[^1] Lu.[^2]", False),  # a note the source does not have
        ("Deux fois.^[Note [^1] dedans.] Lu.", False),  # the note inside another
    ],
)
def test_a_translation_keeps_each_mark_of_a_note_of_several_paragraphs(
    msgstr: str, kept: bool, tmp_path: Path
) -> None:
    root = write_project(tmp_path / "p", NOTE_DOC, ["fr"])
    project = parse_config({"languages": ["fr"]}, root)
    source, segs = read_source_document(project, "doc")
    assert [s.msgid for s in segs] == ["Walked twice.[^1] Read at marks.", "Once up.", "Once down."]
    texts = {segs[0].msgid: msgstr, "Once up.": "Une fois.", "Once down.": "Redescendu."}
    unique = sorted(set(texts.values()))
    readings = pandoc.read_translations(unique)
    parsed = {text: pandoc.usable(r) for text, r in zip(unique, readings, strict=True)}
    entries = {msgid: Entry(msgid=msgid, msgstr=text, line=9) for msgid, text in texts.items()}
    result = translate(source, "fr", "en", texts, parsed, entries, "doc.po")
    html = pandoc.run(["--from", "json", "--to", "html5"], json.dumps(result.ast))
    assert html.count('class="footnote-ref"') == 1  # kept, and not twice
    assert "Une fois." in html and "Redescendu." in html
    assert ("Deux fois" in html) is kept
    assert bool(result.findings) is not kept
    if not kept:
        assert result.findings[0].code == "block-structure"
        assert "[^1]" in result.findings[0].message


def test_a_note_of_several_blocks_is_parsed_with_the_chunk_that_marks_it(tmp_path: Path) -> None:
    cut = chunks.split(NOTE_DOC)
    assert cut is not None
    assert [chunk.text for chunk in cut.chunks] == ["Walked twice.[^w] Read at marks."]
    assert [text for _, text in cut.chunks[0].definitions] == ["[^w]: Once up.\n\n    Once down."]
    segments = extract_segments(NOTE_DOC, (), tmp_path / "cache.bin")
    assert segments == extract_segments(NOTE_DOC, (), None)
    assert [segment.kind for segment in segments] == [
        "paragraph ([^1] is footnote 1)",
        "footnote 1, paragraph 1",
        "footnote 1, paragraph 2",
    ]
