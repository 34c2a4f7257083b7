"""The text a translation must show: a long note's mark ``[^k]`` is shown as its number."""

from __future__ import annotations

import pytest

from pipeline.adapters import pandoc
from pipeline.checks.outputs import visible_texts


@pytest.mark.hostile
def test_a_long_notes_mark_cuts_the_text_like_the_number_shown_in_its_place() -> None:
    (reading,) = pandoc.read_translations(["Two notebooks survive.[^1] Both are kept.[^12]"])
    texts = visible_texts([pandoc.usable(reading)])
    assert texts == ["Two notebooks survive.", " Both are kept."]
