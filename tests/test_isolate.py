"""Text of the other direction is isolated in the page, and nothing else changes.

Pandoc reads the Markdown and writes the HTML, as in a build; the module between them
is the one under test.
"""

from __future__ import annotations

import re

import pytest

from pipeline.adapters import pandoc
from pipeline.checks import reading_order
from pipeline.extract.segments import plain_text
from pipeline.render.page import html_parts


def _body(markdown: str, direction: str) -> str:
    return html_parts(pandoc.read_source(markdown), direction=direction)["body"]


def _spaced(html: str) -> str:
    return re.sub(r"\s+", " ", html)


@pytest.mark.hostile
def test_a_name_an_address_and_a_link_in_arabic_are_isolated_without_the_full_stop() -> None:
    body = _spaced(
        _body(
            "تمويل العمل عبر Horizon Europe. راسلونا على press@example.org أو "
            "<https://example.org/a-b>.",
            "rtl",
        )
    )
    assert '<span dir="ltr">Horizon Europe</span>.' in body
    assert re.search(
        r'<span dir="ltr"><span class="protected">press@</span>.*?org</span></span>', body
    )
    assert '<span dir="ltr"><a href="https://example.org/a-b"' in body
    assert "</a></span>." in body


@pytest.mark.hostile
def test_a_hebrew_prefix_stays_outside_and_digits_join_the_unit() -> None:
    body = _spaced(_body("ה-Horizon לוקח 500 km (EU).", "rtl"))
    assert 'ה-<span dir="ltr">Horizon</span>' in body
    assert '<span dir="ltr">500 km</span>' in body
    assert '(<span dir="ltr">EU</span>).' in body


@pytest.mark.hostile
def test_an_untranslated_paragraph_is_isolated_whole_with_its_punctuation() -> None:
    body = _spaced(_body("Every winter, 21 days pass.\n\n- Kept *in English*.\n", "rtl"))
    assert '<p><span dir="ltr">Every winter, 21 days pass.</span></p>' in body
    assert '<li><span dir="ltr">Kept <em>in English</em>.</span></li>' in body


def test_an_emphasis_with_both_directions_isolates_inside_it() -> None:
    body = _spaced(_body("نص *Horizon عربي* نص", "rtl"))
    assert '<em><span dir="ltr">Horizon</span> عربي</em>' in body


def test_a_code_block_reads_left_to_right_in_a_right_to_left_edition() -> None:
    body = _body("نص\n\n```\nprint(1)\n```\n", "rtl")
    assert '<pre dir="ltr"><code>print(1)' in body


def test_a_table_is_mirrored_in_a_right_to_left_edition_only() -> None:
    table = "| a | b |\n|:--|--:|\n| x | 1 |\n"
    rtl, ltr = _body(table, "rtl"), _body(table, "ltr")
    assert re.findall(r"text-align: (\w+)", rtl)[:2] == ["right", "left"]
    assert re.findall(r"text-align: (\w+)", ltr)[:2] == ["left", "right"]


@pytest.mark.hostile
def test_hebrew_in_an_english_page_is_isolated_and_english_alone_is_not_touched() -> None:
    body = _spaced(_body("The motto שלום עולם, then more.\n\nPlain English, 21 days.", "ltr"))
    assert '<span dir="rtl">שלום עולם</span>, then' in body
    assert "<p>Plain English, 21 days.</p>" in body


def test_the_text_is_unchanged() -> None:
    source = "ה-Horizon לוקח 500 km (EU), *Horizon עברית* <https://example.org>.\n"
    ast = pandoc.read_source(source)
    from pipeline.translate import isolate

    def text(value: dict[str, object]) -> str:
        return plain_text(value["blocks"][0]["c"])  # type: ignore[index]

    assert text(isolate.isolate(ast, "rtl")) == text(ast)


@pytest.mark.hostile
def test_a_number_read_back_out_of_place_in_a_right_to_left_pdf_is_not_missing() -> None:
    """pypdf reads "בכל חורף עוברים 21 ימים" back as "ימים ... 21 בכל חורף עוברים"."""
    message = "בכל חורף עוברים 21 ימים עד שמשפחה מוצאת מקום."
    layer = ". ימים עד שמשפחה מוצאת מקום21 בכל חורף עוברים"
    assert reading_order.missing_right_to_left([message], layer) == []
    assert reading_order.missing_right_to_left([message], layer.replace("מוצאת", "")) == [message]
    assert reading_order.missing_right_to_left([message], layer.replace("21", "12")) == [message]


@pytest.mark.parametrize(
    "markdown",
    [
        "Plain English with `code`, a [link](https://example.org) and *emphasis*.",
        "Une phrase en français, avec « guillemets » et 500 km.",
        "A mark alone: \u200f, then English.",  # RLM: a right-to-left character
        "Shalom is שלום in Hebrew.",
        "```\nשלום\n```",
    ],
)
def test_a_left_to_right_page_is_walked_only_when_it_has_right_to_left_text(
    markdown: str,
) -> None:
    """The shortcut for pages without right-to-left letters gives what the walk gives."""
    from pipeline.translate import isolate

    ast = pandoc.read_source(markdown)
    assert isolate.isolate(ast, "ltr") == isolate._walk(ast, "ltr")
    assert (isolate.isolate(ast, "ltr") is ast) == (
        not re.search("[\u0590-\u05ff\u200f]", markdown)
    )
