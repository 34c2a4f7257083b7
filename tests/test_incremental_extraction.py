"""Incremental extraction gives exactly the template a full extraction gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract.chunks import split
from pipeline.extract.incremental import extract_segments

FIELDS = ("title",)
WORD = st.sampled_from(["teachers", "data", "*guidelines*", "**action**", "2022", "45%", "AI"])
TEXT = st.lists(WORD, min_size=1, max_size=6).map(" ".join)
BLOCK = st.one_of(
    TEXT.map(lambda t: f"Paragraph {t}."),
    TEXT.map(lambda t: f"# Heading {t}"),
    TEXT.map(lambda t: f"## Sub {t}"),
    TEXT.map(lambda t: f"- item {t}\n- second {t}"),
    TEXT.map(lambda t: f"1. first {t}\n\n2. second {t}\n\n    continued {t}"),
    TEXT.map(lambda t: f"Uses [a reference][ref] and {t}."),
    TEXT.map(lambda t: f"Has a note[^n] about {t}."),
    TEXT.map(lambda t: f"> quoted {t}"),
    TEXT.map(lambda t: f"| A | B |\n|---|---|\n| {t} | x |\n\n: Caption {t}"),
    TEXT.map(lambda t: f"Term {t}\n\n:   Definition {t}"),
    TEXT.map(lambda t: f"```\ncode {t}\n\nmore code\n```"),
    # Labels in other cases, several notes, a note that uses a reference link.
    TEXT.map(lambda t: f"Uses [Another one][REF2], [Ref] and {t}."),
    TEXT.map(lambda t: f"Has notes[^m][^n] on {t}."),
    TEXT.map(lambda t: f"Links [inline](https://example.org/{len(t)}) and {t}."),
    # Lines that look blank but are not to pandoc: they continue the paragraph.
    TEXT.map(lambda t: f"Line {t}\n\u00a0\nnext line\n \f\nlast"),
    # Links to a heading by its text (implicit header references), and their headings.
    st.just("# Heading data"),
    st.just("Setext heading\n=============="),
    TEXT.map(lambda t: f"See [Heading data] and [Setext heading][] for {t}."),
)
DEFINITIONS = st.lists(
    st.sampled_from([
        "[ref]: https://example.org/ref",
        "[ref]: https://example.org/other \"Title\"",
        "[another one]: https://example.org/2",
        "[ref2]: https://example.org/3",
        "[^n]: The note text.",
        "[^n]: A note\n    on two lines.",
        "[^m]: A note with [a link][ref].",
    ]),
    max_size=5,
).map("\n\n".join)  # fmt: skip


def _document(blocks: list[str], definitions: str) -> str:
    return "---\ntitle: A *test*\n---\n\n" + "\n\n".join(blocks) + "\n\n" + definitions + "\n"


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, str]:
    blocks = draw(st.lists(BLOCK, min_size=1, max_size=8))
    definitions = draw(DEFINITIONS)
    before = _document(blocks, definitions)
    after = list(blocks)
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["insert", "delete", "change", "move", "definitions"]))
        index = draw(st.integers(0, len(after) - 1)) if after else 0
        if action == "insert" or not after:
            after.insert(index, draw(BLOCK))
        elif action == "delete":
            after.pop(index)
        elif action == "change":
            after[index] = draw(BLOCK)
        elif action == "move":
            after.insert(draw(st.integers(0, len(after) - 1)), after.pop(index))
        else:
            definitions = draw(DEFINITIONS)
    return before, _document(after, definitions)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(documents=edited())
def test_incremental_extraction_equals_a_full_one(
    tmp_path_factory: pytest.TempPathFactory, documents: tuple[str, str]
) -> None:
    before, after = documents
    cache = tmp_path_factory.mktemp("cache") / "extract.json"
    extract_segments(before, FIELDS, cache)  # fills the cache
    incremental = extract_segments(after, FIELDS, cache)
    full = extract_segments(after, FIELDS, None)
    assert incremental == full


def test_a_caption_or_definition_before_a_table_needs_a_full_parse() -> None:
    assert split("Term\n\n:   Definition\n\n| A | B |\n|---|---|\n| 1 | 2 |\n") is None
    assert split("Term\n\n:   Definition\n\nParagraph.\n") is not None


def test_documents_with_raw_html_blocks_are_extracted_in_full(tmp_path: Path) -> None:
    text = "# Title\n\n<div>\n\nInside a div.\n\n</div>\n"
    assert split(text) is None
    assert [s.msgid for s in extract_segments(text, (), tmp_path / "c.json")] == [
        "Title",
        "Inside a div.",
    ]
