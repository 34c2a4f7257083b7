"""Text of built outputs, normalised for comparison (whitespace folded)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

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


_QUOTES = {"DoubleQuote": ("\u201c", "\u201d"), "SingleQuote": ("\u2018", "\u2019")}


def text_only(value: Any) -> Any:
    """``value`` compared for structure: text case-folded, quotes as the characters a
    message shows them with (a Quoted reads back as text), any space as one, and
    neighbouring texts joined, and the citation counters (positions, not content) gone.
    """
    if isinstance(value, dict):
        if value.get("t") in ("SoftBreak", "Space"):
            return {"t": "Str", "c": " "}
        if value.get("t") == "Str":  # what swapcase cannot take back: ß, ı
            text = value["c"].casefold().replace("\u0131", "i").replace("i\u0307", "i")
            return {"t": "Str", "c": text.replace("\u00a0", " ")}
        drop = ("citationNoteNum", "citationHash")
        return {key: text_only(item) for key, item in value.items() if key not in drop}
    if not isinstance(value, list):
        return value
    joined: list[Any] = []
    for item in value:
        if isinstance(item, dict) and item.get("t") == "Quoted":
            opening, closing = _QUOTES[item["c"][0]["t"]]
            quoted = [{"t": "Str", "c": opening}, *item["c"][1], {"t": "Str", "c": closing}]
            pieces = text_only(quoted)
        else:
            pieces = [text_only(item)]
        for piece in pieces:
            if joined and _is_str(piece) and _is_str(joined[-1]):
                joined[-1] = {"t": "Str", "c": joined[-1]["c"] + piece["c"]}
            else:
                joined.append(piece)
    return joined


def _is_str(value: Any) -> bool:
    return isinstance(value, dict) and value.get("t") == "Str"
