"""The pseudo-locale and citations: the words around a citation key are text too."""

from __future__ import annotations

import json
import re

import pytest

from pipeline.adapters import pandoc
from pipeline.extract import segments
from pipeline.extract.incremental import write_messages
from pipeline.translate.pseudo import pseudo_inlines


@pytest.mark.hostile
def test_a_citations_prefix_and_suffix_are_transformed_and_its_keys_kept() -> None:
    source = "Dunes move [see @smith2019, pp. 33-35; also @nguyen2021, chap. 2] each year."
    ast = pandoc.run(["--from", "markdown", "--to", "json"], source)
    inlines = json.loads(ast)["blocks"][0]["c"]
    slot = segments.Slot(pseudo_inlines(inlines), "", ())
    (message,) = write_messages([slot], pandoc.api_version())
    assert "@smith2019" in message and "@nguyen2021" in message
    assert not {"see", "also", "chap", "Dunes", "move"} & set(re.findall(r"[A-Za-z]+", message))
    assert inlines == json.loads(ast)["blocks"][0]["c"]  # input not changed
