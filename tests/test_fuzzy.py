"""The fuzzy index finds words exactly as ``\\w+`` does, measures similarity as msgmerge,
and finds the closest old message."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.catalogs.fuzzy import FuzzyIndex, common_subsequence, similarity, word_lists

WORD = re.compile(r"\w+")
# Letters of several scripts, digits, the underscore, punctuation, spaces of all kinds,
# line breaks, combining marks, and the Greek capital sigma whose lower case depends on
# what follows it.
ALPHABET = st.sampled_from(list("aZé_9Σσςİ.,;:!?'’-—()[]* \t\n\r\u00a0\u2028\u0301Жж中"))


@settings(max_examples=500)
@given(texts=st.lists(st.text(alphabet=ALPHABET, max_size=40), max_size=6))
def test_words_are_the_runs_that_w_plus_finds_in_lower_case(texts: list[str]) -> None:
    assert word_lists(texts) == [WORD.findall(text.lower()) for text in texts]


def test_the_closest_message_above_the_threshold_is_found() -> None:
    old = [
        "The Commission published the guidelines in October 2022.",
        "Teachers use digital tools every day.",
        "Funding comes from Horizon Europe.",
    ]
    new = "The Commission published its guidelines in October 2022."
    unrelated = "Bees make honey in summer."
    words = word_lists([new, unrelated])
    index = FuzzyIndex(old, {word for found in words for word in found})
    assert index.closest(new, words[0]) == 0
    assert index.closest(unrelated, words[1]) is None


def _longest_common_subsequence(first: bytes, second: bytes) -> int:
    """The textbook dynamic programme, to hold the bit-parallel one to."""
    row = [0] * (len(second) + 1)
    for byte in first:
        previous = row[:]
        for index, other in enumerate(second):
            row[index + 1] = (
                previous[index] + 1 if byte == other else max(previous[index + 1], row[index])
            )
    return row[-1]


@settings(max_examples=500)
@given(st.binary(max_size=40), st.binary(max_size=40))
def test_the_common_subsequence_is_the_longest(first: bytes, second: bytes) -> None:
    assert common_subsequence(first, second) == _longest_common_subsequence(first, second)


@settings(max_examples=200)
@given(st.text(alphabet="ab é’", max_size=30), st.text(alphabet="ab é’", max_size=30))
def test_similarity_is_gettexts_fstrcmp_over_utf8_bytes(first: str, second: str) -> None:
    a, b = first.encode(), second.encode()
    expected = 1.0 if not a + b else 2 * _longest_common_subsequence(a, b) / (len(a) + len(b))
    assert similarity(first, second) == expected == similarity(second, first)


def _closest(old: list[str], new: str) -> str | None:
    words = word_lists([new])[0]
    position = FuzzyIndex(old, set(words)).closest(new, words)
    return None if position is None else old[position]


def test_a_one_word_message_finds_its_old_form_by_characters() -> None:
    old = ["Objectives", "Timeline", "Fundng", "Key activities", "Contact"]
    assert _closest(old, "Objective") == "Objectives"
    assert _closest(old, "Timelines") == "Timeline"
    assert _closest(old, "Funding") == "Fundng"
    assert _closest(old, "Background") is None


def test_short_messages_match_only_old_ones_sharing_four_characters_in_a_row() -> None:
    """As msgmerge: "Funding" and "Financing" are 0.625 similar letter by letter, but
    share no 4-character sequence, so neither is offered for the other."""
    assert similarity("Funding", "Financing") > 0.6
    assert _closest(["Financing"], "Funding") is None
    assert _closest(["45%", "Year"], "47%") == "45%"  # under 4 characters: all compared


def test_the_most_similar_candidate_wins_and_ties_go_to_the_first() -> None:
    old = ["Teachers use AI tools at home.", "Teachers use AI tools in class."]
    assert _closest(old, "Teachers use AI tools in classes.") == old[1]
    assert _closest(["abcdX", "abcdY"], "abcdZ") == "abcdX"
