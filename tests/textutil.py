"""Text of built outputs, normalised for comparison (whitespace folded)."""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import pdf_text


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def fold(text: str) -> str:
    """Fold every run of white space (including no-break spaces) into one space."""
    return re.sub(r"[\s\u00a0\u202f\u00ad]+", " ", text).strip()


def html_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    return fold("".join(parser.parts))


def epub_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        names = sorted(name for name in archive.namelist() if name.endswith(".xhtml"))
        return fold(" ".join(html_text(archive.read(name).decode("utf-8")) for name in names))


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
