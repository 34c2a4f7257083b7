"""Blocks that read as what they are: a definition list's terms apart from their
definitions, a callout set apart from the text around it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import require_tool, run_cli, write_project

SOURCE = """\
---
title: Terms
---

# Glossary

Before the list.

Plot
:   A piece of ground the association lends to a member for a year.

Work day
:   A Saturday when members clear the paths together.

After the list.
"""


def _left_edges(pdf: Path) -> dict[str, float]:
    """Each word's left edge, as ``pdftotext -bbox`` finds it (the first of a word)."""
    require_tool("pdftotext")
    result = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    edges: dict[str, float] = {}
    for x, word in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)<', result.stdout):
        edges.setdefault(word, float(x))
    return edges


def _font(pdf: Path, word: str) -> str:
    """The name of the font PDFium reads for the first letter of ``word``."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as pdfium_c

    page = pypdfium2.PdfDocument(pdf)[0]
    text = page.get_textpage()
    index = text.get_text_range().index(word)
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    length = pdfium_c.FPDFText_GetFontInfo(text, index, buffer, 256, ctypes.byref(flags))
    return buffer.raw[: max(length - 1, 0)].decode("utf-8", "replace")


def test_terms_are_bold_and_their_definitions_indented_in_the_pdf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a rule of its own, a definition list printed as plain lines: nothing told
    a term from its definition."""
    write_project(tmp_path, SOURCE, [])
    assert run_cli(tmp_path, "extract", capsys=capsys)[0] == 0
    status, out, err = run_cli(tmp_path, "build", "en", "--formats", "pdf", capsys=capsys)
    assert status == 0, out + err
    pdf = tmp_path / "outputs" / "en" / "doc.pdf"
    edges = _left_edges(pdf)
    assert edges["Plot"] == pytest.approx(edges["Before"], abs=0.5)
    assert edges["A"] > edges["Plot"] + 10  # indented below its term
    assert "Bold" in _font(pdf, "Plot") and "Bold" not in _font(pdf, "piece")


CALLOUTS = """\
---
title: Callouts
---

# Findings

Before the callout.

::: {.callout-note}
## Where the data come from

Every well was sampled twice a month.
:::

::: {.callout-warning}
Do not drink water from well 7.
:::

After the callouts.
"""


def test_callouts_are_set_apart_in_the_pdf_with_or_without_a_heading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Quarto's callouts printed as the text around them; one with a heading is a
    section to pandoc, not a div."""
    write_project(tmp_path, CALLOUTS, [])
    assert run_cli(tmp_path, "extract", capsys=capsys)[0] == 0
    status, out, err = run_cli(tmp_path, "build", "en", "--formats", "pdf", capsys=capsys)
    assert status == 0, out + err
    edges = _left_edges(tmp_path / "outputs" / "en" / "doc.pdf")
    assert edges["After"] == pytest.approx(edges["Before"], abs=0.5)
    for inside in ("Where", "Every", "Do"):
        assert edges[inside] > edges["Before"] + 10, inside
