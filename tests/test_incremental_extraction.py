"""Incremental extraction gives exactly the template a full extraction gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract import incremental
from pipeline.extract.chunks import split
from pipeline.extract.incremental import extract_segments

FIELDS = ("title",)
CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.md"))
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
    # Headings inside other blocks, and links to them by their text.
    st.just("> # Quoted heading"),
    st.just("- # Listed heading"),
    st.just("::: box\n## Boxed heading\n:::"),
    TEXT.map(lambda t: f"See [Quoted heading], [Listed heading] and [Boxed heading] on {t}."),
    st.just(
        "------------------\nPlace      Cost\n---------- -------\nHall       Free\n\n"
        "Garden     2 €\n           a day\n------------------"
    ),
    # Identifiers that collide (pandoc numbers the later ones), and a heading with a link.
    st.just("# Taken {#heading-data}"),
    st.just("## About [Heading data]"),
    # Constructs that span blank lines, with headings inside (a section up to their end).
    TEXT.map(lambda t: f"::: note\n## Inside {t}\n\nIn the div {t}.\n:::"),
    TEXT.map(lambda t: f"::: outer\n::: inner\n### Deep {t}\n:::\n\nOuter {t}.\n\n:::"),
    TEXT.map(lambda t: f"::: code\n```\n:::\n\n```\n\nAfter code {t}.\n:::"),
    TEXT.map(lambda t: f'<div class="box">\n\n## Boxed {t}\n\nText {t}.\n\n</div>'),
    TEXT.map(lambda t: f"<section>\n\nPart {t}.\n\n</section>"),
    TEXT.map(lambda t: f"<!-- a comment\n\nover {t} -->"),
    TEXT.map(lambda t: f"<pre>\nkept {t}\n\n  as is\n</pre>"),
    TEXT.map(lambda t: f"Inline <span>html {t}</span> and <br> more."),
    TEXT.map(lambda t: f": Caption {t}\n\n| A | B |\n|---|---|\n| {t} | x |"),
    # Footnotes of several blocks, numbered across the document with the inline ones.
    TEXT.map(lambda t: f"Has a long note[^long] and an inline one^[Inline {t}.]."),
    TEXT.map(lambda t: f"## Heading with a long note[^long] {t}"),
    TEXT.map(lambda t: f"::: aside\nA long note[^list] in a div {t}.\n:::"),
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
        "[^long]: A long note.\n\n    Its second paragraph.\n\n    ```\n    code\n    ```",
        "[heading data]: https://example.org/explicit",
        "[^list]: A note with a list:\n\n    - one\n    - two\n\n    # A heading in it",
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


def test_a_caption_or_definition_before_a_table_is_one_chunk_with_the_table() -> None:
    """pandoc decides whether ": text" is a definition or the table's caption with both
    in view."""
    cut = split("Term\n\n:   Definition\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\nAfter.\n")
    assert cut is not None
    assert [chunk.text for chunk in cut.chunks] == [
        "Term\n\n:   Definition\n\n| A | B |\n|---|---|\n| 1 | 2 |",
        "After.",
    ]
    cut = split("Term\n\n:   Definition\n\nParagraph.\n")
    assert cut is not None and len(cut.chunks) == 2


def test_a_construct_that_spans_blank_lines_is_one_chunk(tmp_path: Path) -> None:
    text = (
        "# Title\n\n<div>\n\nInside a div.\n\n</div>\n\n::: note\n## Note\n\nText.\n"
        ":::\n\n<!-- a comment\n\nover two paragraphs -->\n\nAfter.\n"
    )
    cut = split(text)
    assert cut is not None
    assert [chunk.text for chunk in cut.chunks] == [
        "# Title",
        "<div>\n\nInside a div.\n\n</div>",
        "::: note\n## Note\n\nText.\n:::",
        "<!-- a comment\n\nover two paragraphs -->",
        "After.",
    ]
    segments = extract_segments(text, (), tmp_path / "c.bin")
    assert segments == extract_segments(text, (), None)
    assert [(s.msgid, s.section) for s in segments] == [
        ("Title", ()),
        ("Inside a div.", ("Title",)),
        ("Note", ("Title",)),
        ("Text.", ("Title", "Note")),
        ("After.", ("Title",)),  # the note's heading heads nothing after the div
    ]


@pytest.mark.parametrize(
    "text",
    [
        "::: note\nNever closed.\n",  # pandoc reads it as text
        "Text.\n\n:::\n",  # a closing fence with nothing open
        "Paragraph\n::: note\nText.\n:::\n",  # after a paragraph's line: text to pandoc
        "::: note\nA [link][x].\n\n[x]: https://example.org\n:::\n",  # applies everywhere
        "<div>\n\nNever closed.\n",
        '<div\n  class="wide">\n\nText.\n\n</div>\n',  # a tag that goes on
        "</div>\n\nText.\n",  # closing what is not open
        "<!-- never closed\n\nText.\n",
        "<!DOCTYPE html>\n\nText.\n",
        "<div>\n\nText <!-- </div> -->\n\n</div> more\n\n</div>\n",  # closed twice
    ],
)
def test_what_a_line_scan_cannot_be_sure_of_is_parsed_whole(text: str) -> None:
    assert split(text) is None


def test_a_closing_tag_inside_a_comment_or_code_does_not_end_the_element() -> None:
    text = (
        "<div>\n\n<!-- not the end: </div> -->\n\nCode `</div>` too.\n\n"
        "```\n</div>\n```\n\n</div>\n\nAfter.\n"
    )
    cut = split(text)
    assert cut is not None
    assert [chunk.text.splitlines()[-1] for chunk in cut.chunks] == ["</div>", "After."]


def test_the_corpus_documents_cut_in_chunks_extract_as_a_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The corpus's documents are the team's pandoc Markdown of every construct: those
    the chunker cuts give the segments of a full parse, sections included, from their
    chunks (a parse that does not give one group of blocks per chunk falls back to a
    full one: here it must not). Divs, raw HTML, comments, captions, multiline tables,
    footnotes of several blocks and links to a heading by its text no longer make a
    document parse whole; example lists still do."""
    fields = ("title", "subtitle", "abstract", "description", "keywords")
    full = {path.stem: extract_segments(path.read_text("utf-8"), fields, None) for path in CORPUS}

    def no_full_parse(text: str, fields: tuple[str, ...]) -> list[object]:
        raise AssertionError("parsed whole")

    monkeypatch.setattr(incremental, "_in_full", no_full_parse)
    cut = []
    for path in CORPUS:
        text = path.read_text("utf-8")
        if split(text) is not None:
            cut.append(path.stem)
            incremental_segments = extract_segments(text, fields, tmp_path / f"{path.stem}.bin")
            assert incremental_segments == full[path.stem], path.stem
    assert len(cut) == len(CORPUS) - 2, cut  # lists and policy have example lists


def test_footnotes_of_several_blocks_are_numbered_across_chunks(tmp_path: Path) -> None:
    """A footnote's blocks sit in the section of the text they belong to, a heading in
    a note heads no section, and notes are numbered as a reader counts them."""
    text = (
        "# Part\n\nFirst^[An inline note.] and a long one[^a].\n\n"
        "## Costs[^b]\n\nAfter the heading.\n\n"
        "[^a]: Its first paragraph.\n\n    Its second.\n\n"
        "[^b]: A note on the heading.\n\n    - a list item\n\n    # A heading in a note\n"
    )
    cut = split(text)
    assert cut is not None and len(cut.chunks) == 4
    segments = extract_segments(text, (), tmp_path / "c.bin")
    assert segments == extract_segments(text, (), None)
    assert [(s.msgid, s.kind, s.section) for s in segments] == [
        ("Part", "heading 1", ()),
        (
            "First^[An inline note.] and a long one[^1].",
            "paragraph ([^1] is footnote 2)",
            ("Part",),
        ),
        ("Its first paragraph.", "footnote 2, paragraph 1", ("Part",)),
        ("Its second.", "footnote 2, paragraph 2", ("Part",)),
        ("Costs[^1]", "heading 2 ([^1] is footnote 3)", ("Part",)),
        ("A note on the heading.", "footnote 3, paragraph 1", ("Part",)),
        ("a list item", "footnote 3, list item", ("Part",)),
        ("A heading in a note", "footnote 3, heading", ("Part",)),
        ("After the heading.", "paragraph", ("Part", "Costs")),
    ]


@pytest.mark.parametrize(
    "heading", ["::: note\n## Inside\n\nText.\n:::", "> # Inside", "- # Inside", "# Inside"]
)
def test_a_link_to_a_heading_inside_another_block_is_resolved_after_an_edit(
    heading: str, tmp_path: Path
) -> None:
    """A heading in a div, a quote or a list is one a link may name by its text: the
    paragraph with the link, edited alone, was parsed without it ("\\[Inside\\]")."""
    before = f"{heading}\n\nSee [Inside].\n"
    after = before.replace("See [", "Now see [")
    extract_segments(before, (), tmp_path / "c.bin")
    segments = extract_segments(after, (), tmp_path / "c.bin")
    assert segments == extract_segments(after, (), None)
    assert segments[-1].msgid == "Now see [Inside](#inside)."


def test_a_link_to_a_heading_follows_the_identifier_other_headings_give_it(
    tmp_path: Path,
) -> None:
    """The paragraph with the link does not change; a heading before it takes its
    target's identifier, which pandoc then numbers: the paragraph is parsed again."""
    before = "# Intro\n\nSee [Intro].\n"
    after = "# Other {#intro}\n\n# Intro\n\nSee [Intro].\n"
    extract_segments(before, (), tmp_path / "c.bin")
    segments = extract_segments(after, (), tmp_path / "c.bin")
    assert segments == extract_segments(after, (), None)
    assert segments[-1].msgid == "See [Intro](#intro-1)."
    cut = split(after)
    assert cut is not None and [chunk.text for chunk in cut.headed] == [
        "# Other {#intro}",
        "# Intro",
    ]


def test_example_lists_are_numbered_throughout_so_their_documents_parse_whole(
    tmp_path: Path,
) -> None:
    """An example inserted before others renumbers them and the links to them."""
    before = "(@) First case.\n\n(@late) A late case.\n\nIn case (@late), write.\n"
    after = "(@) A new first case.\n\n" + before
    assert split(after) is None
    extract_segments(before, (), tmp_path / "c.bin")
    segments = extract_segments(after, (), tmp_path / "c.bin")
    assert segments[-1].msgid == "In case (3), write."


def test_a_multiline_table_is_one_chunk() -> None:
    """Its rows are apart, between the lines of dashes that open and close it."""
    table = (
        "-------------------------------\n"
        "Damage          What we ask\n"
        "--------------- ---------------\n"
        "Normal wear     Nothing.\n"
        "\n"
        "Misuse          Half the cost,\n"
        "                up to 50 €.\n"
        "-------------------------------"
    )
    cut = split(f"Before.\n\n{table}\n\nAfter.\n\n---\n\nA rule above.\n")
    assert cut is not None
    assert [chunk.text for chunk in cut.chunks] == [
        "Before.",
        table,
        "After.",
        "---",
        "A rule above.",
    ]


@pytest.mark.hostile
def test_a_long_heading_line_is_scanned_without_going_back_over_it() -> None:
    """A heading's closing attributes were sought from each place in its line: a line of
    three hundred thousand braces took a minute and a half (a regular expression holds
    the interpreter, so it is timed in a process of its own)."""
    code = (
        "from pipeline.extract.chunks import split\n"
        "split('# ' + '{' * 300_000 + 'x\\n\\nSee [x].\\n')\n"
    )
    # Seconds: the scan takes milliseconds; only a blow-up comes near.
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)
