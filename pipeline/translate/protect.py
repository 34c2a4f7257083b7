"""Translated document -> the same document with its protected text marked for rendering.

Readers copy e-mail addresses, URLs, handles (``@name``), identifiers (capitals and
digits joined by hyphens, like ``HORIZON-WIDERA-2021-ERA-01-91``) and inline code
from the outputs, above all from the PDF. Such a token must never be hyphenated, and
may be broken over lines only where the break adds and removes nothing:

- after ``/``, ``.`` and ``@``;
- before ``-``, never after it: text extractors (pdftotext, and the viewers built on
  poppler) take a hyphen at the end of a line for hyphenation and drop it, which turns
  ``EAC-DIGITALEDUCATION@`` into ``EACDIGITALEDUCATION@``;
- inside a piece longer than a narrow column holds, between two letters.

Each token becomes a run of pieces, each a ``span.protected`` (set unbreakable and
unhyphenated by the stylesheet), with ``<wbr />`` between them: the break points are
markup, not characters, so the text of every output stays exactly the text of the
translation. Translators mark nothing: the tokens are found here, at render time.

Pure: an AST in, a new AST out.
"""

from __future__ import annotations

import html
import itertools
import re
from typing import Any

# Trailing punctuation that ends a sentence rather than a URL.
_URL = r"(?:https?|ftp)://[^\s<>\"]*[^\s<>\".,;:!?'’”»)\]}]"
_EMAIL = r"[\w.%+-]*\w@\w[\w-]*(?:\.[\w-]+)+"
_HANDLE = r"(?<![\w@.&])@\w+"
# Capitals and digits joined by hyphens, with at least one capital: "COVID-19", a call
# identifier; not "2021-2027", not "KI-Systeme" (a word), not "e-mail".
_IDENTIFIER = r"(?<![\w-])(?=[A-Z0-9-]*[A-Z])[A-Z0-9]+(?:-[A-Z0-9]+)+(?![\w-])"
_TOKEN = re.compile(f"{_URL}|{_EMAIL}|{_HANDLE}|{_IDENTIFIER}")

_SHORTEST_LAST = 3  # characters a token's last piece has at least
# Characters a piece has at most: a longer one (a query string, a long handle) would not
# fit a narrow table column, and is cut between letters rather than overflow the page.
_LONGEST = 24
PROTECTED_CLASS = "protected"
BREAK = {"t": "RawInline", "c": ["html", "<wbr />"]}


def tokens(text: str) -> list[str]:
    """The protected tokens of ``text``, in order."""
    return [match.group() for match in _TOKEN.finditer(text)]


def pieces(token: str) -> list[str]:
    """``token`` cut where a line may break without losing or adding a character."""
    cuts = [0]
    for index in range(1, len(token)):
        before, here = token[index - 1], token[index]
        after_mark = before in "/.@" and here != before and not _at_start(token, index - 1)
        before_hyphen = here == "-" and before != "-"
        if after_mark or before_hyphen:
            cuts.append(index)
    if len(cuts) > 1 and len(token) - cuts[-1] < _SHORTEST_LAST:
        cuts.pop()  # "europa.eu", not "europa." with "eu" alone on the next line
    cuts.append(len(token))
    return [chunk for start, end in itertools.pairwise(cuts) for chunk in _chunks(token[start:end])]


def _chunks(piece: str) -> list[str]:
    """A piece too long for a narrow column, cut into equal chunks (never after a hyphen:
    a piece holds one only at its start, and no chunk is shorter than two characters)."""
    if len(piece) <= _LONGEST:
        return [piece]
    count = -(-len(piece) // _LONGEST)
    size = -(-len(piece) // count)
    return [piece[start : start + size] for start in range(0, len(piece), size)]


def _at_start(token: str, index: int) -> bool:
    """Whether ``token[index]`` only leads the token (the ``@`` of a handle)."""
    return token[:index].strip("@") == ""


def _run(text: str) -> list[dict[str, Any]]:
    """The inlines of one token: unbreakable pieces with break points between them."""
    inlines: list[dict[str, Any]] = []
    for piece in pieces(text):
        if inlines:
            inlines.append(BREAK)
        inlines.append({"t": "Span", "c": [["", [PROTECTED_CLASS], []], [_str(piece)]]})
    return inlines


def _str(text: str) -> dict[str, Any]:
    return {"t": "Str", "c": text}


def _marked_str(text: str) -> list[dict[str, Any]]:
    inlines: list[dict[str, Any]] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            inlines.append(_str(text[position : match.start()]))
        inlines += _run(match.group())
        position = match.end()
    if position < len(text):
        inlines.append(_str(text[position:]))
    return inlines


def _marked_code(node: dict[str, Any]) -> list[dict[str, Any]]:
    """Inline code as ``<code>`` around protected pieces (code is never hyphenated)."""
    (ident, classes, pairs), text = node["c"]
    if pairs:  # attributes the HTML writer would rename: leave such code as it is
        return [node]
    attributes = f' id="{html.escape(ident)}"' if ident else ""
    if classes:
        attributes += f' class="{html.escape(" ".join(classes))}"'
    inlines: list[dict[str, Any]] = [{"t": "RawInline", "c": ["html", f"<code{attributes}>"]}]
    for part in re.split(r"(\s+)", text):
        if part.isspace():
            inlines.append(_str(part))
        elif part:
            inlines += _run(part)
    inlines.append({"t": "RawInline", "c": ["html", "</code>"]})
    return inlines


def mark(value: Any) -> Any:
    """``value`` (an AST, blocks or inlines) with every protected token marked."""
    if isinstance(value, dict):
        return {key: mark(item) for key, item in value.items()}
    if not isinstance(value, list):
        return value
    result: list[Any] = []
    for item in value:
        if isinstance(item, dict) and item.get("t") == "Str":
            result += _marked_str(item["c"]) if _TOKEN.search(item["c"]) else [item]
        elif isinstance(item, dict) and item.get("t") == "Code":
            result += _marked_code(item)
        else:
            result.append(mark(item))
    return result
