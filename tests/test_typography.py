"""Typography applied at render time: no-break spaces, Maltese articles, foreign words."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.translate.typography import NO_BREAK_SPACE, source_words, typeset


def _inlines(text: str) -> list[dict[str, Any]]:
    inlines: list[dict[str, Any]] = []
    for word in text.split(" "):
        if inlines:
            inlines.append({"t": "Space"})
        inlines.append({"t": "Str", "c": word})
    return inlines


def _text(inlines: list[Any]) -> str:
    out = []
    for item in inlines:
        if item["t"] == "Str":
            out.append(item["c"])
        elif item["t"] == "Space":
            out.append(" ")
        elif item["t"] == "Span":
            (_ident, classes, pairs), inner = item["c"]
            tag = ",".join([*classes, *(f"{key}={value}" for key, value in pairs)])
            out.append(f"[{tag}:{_text(inner)}]")
    return "".join(out)


def _set(text: str, language: str, words: frozenset[str] = frozenset()) -> str:
    return _text(typeset([{"t": "Para", "c": _inlines(text)}], language, "en", words)[0]["c"])


NB = NO_BREAK_SPACE


@pytest.mark.hostile
@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("cs", "pracuje v oblasti a s učiteli", f"pracuje v{NB}oblasti a{NB}s{NB}učiteli"),
        ("sk", "K dispozícii (v roku 2022)", f"K{NB}dispozícii (v{NB}roku 2022)"),
        (
            "pl",
            "w październiku 2022 r. i z nauczycielami",
            f"w{NB}październiku 2022{NB}r. i{NB}z{NB}nauczycielami",
        ),
        ("sl", "k učiteljem in v šolah", f"k{NB}učiteljem in v{NB}šolah"),
        # Not a one-letter word of the language, or not a word at all: left as it is.
        ("cs", "bod b se týká", "bod b se týká"),
        ("pl", "Rok r. 2022 i", "Rok r. 2022 i"),
        ("de", "Teil a und b", "Teil a und b"),
    ],
)
def test_one_letter_words_and_bound_abbreviations_do_not_end_a_line(
    language: str, text: str, expected: str
) -> None:
    assert _set(text, language) == expected


@pytest.mark.hostile
def test_a_maltese_article_stays_with_its_word_and_keeps_its_hyphen() -> None:
    text = "il-gwida tal-Kummissjoni fl-edukazzjoni għall-għalliema (l-AI) u x-xogħol"
    assert _set(text, "mt") == (
        "[nobreak:il-gwida] [nobreak:tal-Kummissjoni] [nobreak:fl-edukazzjoni] "
        "[nobreak:għall-għalliema] [nobreak:(l-AI)] u [nobreak:x-xogħol]"
    )
    # Hyphens that are not an article's, and other languages, are left alone.
    assert _set("e-mail COVID-19 2021-2027 sal-", "mt") == "e-mail COVID-19 2021-2027 sal-"
    assert _set("il-gwida", "it") == "il-gwida"


@pytest.mark.hostile
def test_words_kept_in_the_source_language_are_tagged_with_it() -> None:
    source = {
        "blocks": [
            {"t": "Para", "c": _inlines("Ensuring the reliability of and trust in eTwinning, the")}
        ]
    }
    words = source_words(source)
    text = "kiamata: Ensuring the reliability of and trust u l-komunità eTwinning, the"
    assert _set(text, "mt", words) == (
        "kiamata: [lang=en:Ensuring the reliability of and trust] u "
        "[nobreak:l-komunità] [lang=en:eTwinning,] the"
    )
    # Two shared words are not a phrase; the source language itself is never tagged.
    assert _set("in the Europe", "de", frozenset({"the", "Europe"})) == "in the Europe"
    assert _set("Ensuring the reliability", "en", words) == "Ensuring the reliability"


def test_code_and_raw_html_are_left_alone() -> None:
    blocks = [{"t": "Para", "c": [{"t": "Code", "c": [["", [], []], "v a"]}]}]
    assert typeset(blocks, "cs", "en") == blocks
