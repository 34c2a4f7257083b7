"""A translation cannot smuggle blocks through notes, nor metadata through a title."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.adapters import pandoc
from pipeline.render.epub import _package
from pipeline.render.page import templates_dir
from pipeline.translate.document import single_paragraph

pytestmark = pytest.mark.hostile


@pytest.mark.parametrize(
    ("msgstr", "kept"),
    [
        ("Texte^[Une note.] suite.", True),
        ("Texte[^n] suite.\n\n[^n]: Une note.", True),
        ("Texte[^n] suite.\n\n[^n]: Une note.\n\n    Second paragraphe de la note.", True),
        ("Texte[^n].\n\n[^n]: Note.\n\n    # Titre", False),
        ("Texte[^n].\n\n[^n]: Note.\n\n    - un\n    - deux", False),
        ("Texte[^n].\n\n[^n]: Note.\n\n    | a | b |\n    |---|---|\n    | 1 | 2 |", False),
        ("Texte[^n].\n\n[^n]: Note.\n\n        code", False),
        ("Texte[^n].\n\n[^n]: Note.\n\n    > citation", False),
        ("Texte^[Note^[dans une note]].", False),
    ],
)
def test_notes_in_a_translation_hold_paragraphs_only(msgstr: str, kept: bool) -> None:
    [blocks] = pandoc.read_translations([msgstr])
    assert (single_paragraph(blocks) is not None) is kept


def test_a_title_naming_the_summary_property_keeps_the_accessibility_summary() -> None:
    opf = (
        "<package><metadata>\n<dc:title>About schema:accessibilitySummary</dc:title>\n"
        "  </metadata><spine></spine></package>"
    )
    finished = _package(opf, "A summary.", rtl=False)
    assert '<meta property="schema:accessibilitySummary">A summary.</meta>' in finished


def test_a_sixth_level_heading_stays_a_heading_on_the_page() -> None:
    """The page's title is its h1, so ``######`` is level 7: HTML has no h7 element."""
    ast = json.loads(pandoc.run(["--from", "markdown", "--to", "json"], "###### Units\n\nText.\n"))
    body = pandoc.to_html_parts(ast, templates_dir() / "fragments.html")["body"]
    assert re.search(r'<p class="heading" role="heading" aria-level="7">Units</p>', body), body


@pytest.mark.parametrize(
    "markdown", ["Escaped \\\"straight\\\" and \\'single\\' quotes.", "A 5' 11\\\" board."]
)
def test_straight_quotes_an_author_escaped_stay_straight_through_a_message(markdown: str) -> None:
    """A message is read back with smart quotes: a straight quote must come back escaped."""
    [blocks] = pandoc.read_translations([markdown])
    assert blocks is not None
    [written] = pandoc.write_inlines([blocks[0]["c"]])
    assert pandoc.read_translations([written]) == [blocks], written


_QUOTY_TEXT = st.text(st.sampled_from("ab'\"\\{}:,é\n"), max_size=10)


@given(st.lists(st.tuples(st.sampled_from(("Str", "Code")), _QUOTY_TEXT), max_size=8))
def test_every_straight_quote_of_the_text_and_only_of_the_text_is_held(
    nodes: list[tuple[str, str]],
) -> None:
    """Before the writer, the straight quotes of each Str node (never of code) become
    stand-ins, whatever escapes and quotes sit around them in pandoc's JSON."""

    def node(tag: str, text: str, held: bool) -> dict[str, object]:
        if tag == "Code":
            return {"t": "Code", "c": [["", [], []], text]}
        if held:
            text = text.replace('"', pandoc._HELD_DOUBLE).replace("'", pandoc._HELD_SINGLE)
        return {"t": "Str", "c": text}

    def para(held: bool) -> str:
        return pandoc._json({"t": "Para", "c": [node(tag, text, held) for tag, text in nodes]})

    assert pandoc._STR_NODE.sub(pandoc._held, para(held=False)) == para(held=True)
