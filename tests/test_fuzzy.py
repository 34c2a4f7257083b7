"""The fuzzy index finds words exactly as ``\\w+`` does, and the closest old message."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.catalogs.fuzzy import FuzzyIndex, word_lists

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
