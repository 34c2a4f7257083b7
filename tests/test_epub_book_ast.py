"""A Quarto-style document builds a valid EPUB: pandoc's EPUB writer leaves a link to a
figure in another chapter pointing at nothing, and writes a ``format`` map (Quarto's
output options) as an empty ``dc:format``."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
import pytest

from pipeline.checks.epubcheck import epubcheck_messages
from pipeline.cli import main
from pipeline.render.bookast import book_ast
from tests.conftest import require_tool

CORPUS = Path(__file__).parent / "corpus"
QUARTO = """---
title: A report
format:
  html:
    toc: true
---

# Summary

The numbers are in [Figure 1](#fig-share) and [the plan](#fig-plan).

# Details

![Share of the water use by pool](assets/harbour.png){#fig-share fig-alt="A bar chart"}

::: {.callout-note}
![The plan](assets/lighthouse.png){#fig-plan .wide}
:::
"""


@pytest.mark.hostile
def test_links_to_figures_in_other_chapters_and_a_format_map_give_a_valid_epub(
    tmp_path: Path,
) -> None:
    require_tool("epubcheck")
    (tmp_path / "source").mkdir()
    shutil.copytree(CORPUS / "assets", tmp_path / "source" / "assets")
    (tmp_path / "source" / "quarto.md").write_text(QUARTO, "utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pipeline]\nsource-language = "en"\nlanguages = []\n', "utf-8"
    )
    assert main(["--root", str(tmp_path), "build", "--formats", "epub"]) == 0
    assert epubcheck_messages(tmp_path / "outputs" / "en" / "quarto.epub") == []


def _figure(identifier: str) -> dict:  # type: ignore[type-arg]
    image = {"t": "Image", "c": [["", [], []], [], ["a.png", ""]]}
    return {"t": "Figure", "c": [[identifier, ["wide"], [["k", "v"]]], [None, []],
                                 [{"t": "Plain", "c": [image]}]]}  # fmt: skip


def test_a_figure_s_anchor_moves_to_a_div_around_it_and_other_metadata_stays() -> None:
    meta = {
        "format": {"t": "MetaMap", "c": {"html": {"t": "MetaBool", "c": True}}},
        "title": {"t": "MetaInlines", "c": [{"t": "Str", "c": "T"}]},
    }
    ast = {"meta": meta, "blocks": [{"t": "Div", "c": [["", [], []], [_figure("fig-a")]]},
                                    _figure("")]}  # fmt: skip
    moved = book_ast(ast)
    inner = moved["blocks"][0]["c"][1][0]
    assert inner == {"t": "Div", "c": [["fig-a", [], []], [_figure("")]]}
    assert moved["blocks"][1] == _figure("")
    assert moved["meta"] == {"title": meta["title"]}
    assert ast["blocks"][0]["c"][1][0] == _figure("fig-a")  # the argument is not changed


QUARTO_AUTHORS = """---
title: A report
author:
  - name: Ingrid Halvorsen
    affiliation: Coastal Institute
  - name: Tomás Ruiz
  - name:
      given: Amara
      family: Okafor
keywords: [groundwater, sensor drift]
---

# Summary

Salinity was measured at every well.
"""


@pytest.mark.hostile
def test_quarto_style_authors_and_keywords_reach_the_epub_and_pdf_metadata(
    tmp_path: Path,
) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "report.md").write_text(QUARTO_AUTHORS, "utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pipeline]\nsource-language = "en"\nlanguages = []\n', "utf-8"
    )
    assert main(["--root", str(tmp_path), "build", "--formats", "epub,pdf"]) == 0
    with pikepdf.open(tmp_path / "outputs" / "en" / "report.pdf") as pdf:
        author = str(pdf.docinfo["/Author"])
    # A name given as given and family names was missing from the PDF.
    assert author == "Ingrid Halvorsen, Tomás Ruiz, Amara Okafor"
    with zipfile.ZipFile(tmp_path / "outputs" / "en" / "report.epub") as book:
        opf = ElementTree.fromstring(book.read("EPUB/content.opf"))
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert [item.text for item in opf.iter(f"{dc}creator")] == [
        "Ingrid Halvorsen",
        "Tomás Ruiz",
        "Amara Okafor",
    ]
    assert [item.text for item in opf.iter(f"{dc}subject")] == ["groundwater", "sensor drift"]


def test_an_author_map_becomes_its_name_and_keywords_the_subject() -> None:
    name = {"t": "MetaInlines", "c": [{"t": "Str", "c": "Ruiz"}]}
    words = {"t": "MetaList", "c": [{"t": "MetaString", "c": "water"}]}
    meta = {
        "author": {"t": "MetaList", "c": [{"t": "MetaMap", "c": {"name": name}}]},
        "keywords": words,
    }
    moved = book_ast({"meta": meta, "blocks": []})["meta"]
    assert moved["author"] == {"t": "MetaList", "c": [name]}
    assert moved["subject"] == words
    own = book_ast({"meta": {**meta, "subject": name}, "blocks": []})["meta"]
    assert own["subject"] == name  # a subject of the source's own is kept
