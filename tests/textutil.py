"""Text of built outputs, normalised for comparison (whitespace folded)."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.checks import outputs as output_checks
from tests.conftest import pdf_text


def fold(text: str) -> str:
    """Fold every run of white space (including no-break spaces) into one space."""
    return re.sub(r"[\s\u00a0\u202f\u00ad]+", " ", text).strip()


def html_text(markup: str) -> str:
    return fold(output_checks.html_text(markup)[0])


def epub_text(path: Path) -> str:
    return fold(output_checks.epub_text(path))


def pdf_plain(path: Path) -> str:
    """PDF text with words that hyphenation split at a line end joined again."""
    text = pdf_text(path)
    text = re.sub(r"(\w)[-\u2010]\n\s*(\w)", r"\1\2", text)
    return fold(text)


def markdown_plain(message: str) -> str:
    """The visible text of a one-line Markdown message (good enough for headings)."""
    text = re.sub(r"\]\([^)]*\)", "", message)
    text = re.sub(r"[*_\[\]\\]", "", text)
    return fold(text)
