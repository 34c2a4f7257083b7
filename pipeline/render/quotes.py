"""A document's metadata with its quotations as the language's quotation marks.

Pure. pandoc reads "straight" quotes as a quotation (``Quoted``), which HTML shows as
``<q>`` with the marks drawn by the stylesheet. Metadata ends up as plain text: the
page's ``<title>``, the cover, the PDF's running header (the text of the heading, which
has no drawn marks) and the EPUB's metadata. There the quotation marks are written out,
as the language writes them (CLDR's delimiters), so no quotation is lost.
"""

from __future__ import annotations

from typing import Any

# (open, close, inner open, inner close), by language; others: English's.
_MARKS: dict[str, tuple[str, str, str, str]] = {
    "en": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "bg": ("\u201e", "\u201c", "\u201e", "\u201c"),
    "cs": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "de": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "el": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "es": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "et": ("\u201e", "\u201c", "\u201c", "\u201d"),
    "fi": ("\u201d", "\u201d", "\u2019", "\u2019"),
    "fr": ("\u00ab\u00a0", "\u00a0\u00bb", "\u201c", "\u201d"),
    "hr": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "hu": ("\u201e", "\u201d", "\u00bb", "\u00ab"),
    "it": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "lt": ("\u201e", "\u201c", "\u201e", "\u201c"),
    "nl": ("\u2018", "\u2019", "\u201c", "\u201d"),
    "pl": ("\u201e", "\u201d", "\u00ab", "\u00bb"),
    "pt": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "ro": ("\u201e", "\u201d", "\u00ab", "\u00bb"),
    "ru": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    "sk": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "sl": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "sv": ("\u201d", "\u201d", "\u2019", "\u2019"),
    "uk": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    "ja": ("\u300c", "\u300d", "\u300e", "\u300f"),
}


def quotation_marks(code: str) -> tuple[str, str, str, str]:
    """The quotation marks of the language ``code`` (``pt_BR``: Portuguese's)."""
    return _MARKS.get(code.replace("-", "_").split("_")[0].lower(), _MARKS["en"])


def metadata_quotes(ast: dict[str, Any], code: str) -> dict[str, Any]:
    """``ast`` with every quotation in its metadata written out (a new AST when it has
    one; the same one, unchanged, when it has none)."""
    meta = ast.get("meta", {})
    marks = quotation_marks(code)
    written = {name: _written(value, marks) for name, value in meta.items()}
    if written == meta:
        return ast
    return {**ast, "meta": written}


def _written(value: Any, marks: tuple[str, str, str, str]) -> Any:
    if isinstance(value, list):
        result: list[Any] = []
        for item in value:
            if isinstance(item, dict) and item.get("t") == "Quoted":
                kind, inlines = item["c"]
                double = kind["t"] == "DoubleQuote"
                opening, closing = (marks[0], marks[1]) if double else (marks[2], marks[3])
                result += [{"t": "Str", "c": opening}, *_written(inlines, marks)]
                result.append({"t": "Str", "c": closing})
            else:
                result.append(_written(item, marks))
        return result
    if isinstance(value, dict):
        return {key: _written(item, marks) for key, item in value.items()}
    return value
