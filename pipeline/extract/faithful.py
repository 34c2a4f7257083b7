"""Inline lists made faithful to the source before they become messages.

Pure. What pandoc's reader makes of a construct is not always what its author typed, nor
what a translator should see: each function here says which construct it is about, what
the message holds, and how the edition gets the source's form back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Node = dict[str, Any]
Inlines = list[Node]

BLANK = frozenset(("Space", "SoftBreak", "LineBreak"))


# A pandoc-crossref label written after an equation, a table or a figure: {#eq:decay}.
_CROSSREF_LABEL = re.compile(r"\{#[\w:.-]+\}")


def math_alone(inlines: Inlines) -> bool:
    """Whether ``inlines`` are math with nothing to translate beside it: only spaces,
    punctuation, digits and pandoc-crossref labels (no letter outside the math)."""
    math = False
    for node in inlines:
        tag = node["t"]
        if tag == "Math":
            math = True
        elif tag == "Str":
            text = _CROSSREF_LABEL.sub("", node["c"])
            if any(character.isalpha() for character in text):
                return False
        elif tag not in BLANK:
            return False
    return math


def image_alone(inlines: Inlines) -> bool:
    """Whether ``inlines`` are images with nothing to translate: no alt text and no
    title (a decorative image), with nothing but spaces around them. Like code, such a
    paragraph is published as it is, and no translator is asked to copy it."""
    images = False
    for node in inlines:
        if node["t"] == "Image":
            _attr, alt, (_url, title) = node["c"]
            if title.strip() or any(item["t"] not in BLANK for item in alt):
                return False
            images = True
        elif node["t"] not in BLANK:
            return False
    return images


_NO_BREAK_SPACE = "\u00a0"


def indentation(line: Inlines) -> tuple[tuple[Node, ...], Inlines]:
    """A line block's line cut into its indentation and its text.

    pandoc reads the spaces that indent a line (``|    but only``) as no-break spaces
    at its start; they are kept out of the message and put back before its translation.
    """
    if not line or line[0]["t"] != "Str" or not line[0]["c"].startswith(_NO_BREAK_SPACE):
        return (), line
    first: str = line[0]["c"]
    text = first.lstrip(_NO_BREAK_SPACE)
    lead = {"t": "Str", "c": first[: len(first) - len(text)]}
    return (lead,), ([{"t": "Str", "c": text}] if text else []) + line[1:]


FIG_ALT = "fig-alt"
_SPACES = re.compile(r"([ \t\r\n]+)")


def alt_from_fig_alt(inlines: Any) -> None:
    """Each image in ``inlines`` with a ``fig-alt`` attribute given it as its alt text
    (in place: the walk normalises the document it walks).

    ``fig-alt`` is the image's alternative text, as in Quarto; pandoc's writers would put
    it in a ``data-fig-alt`` attribute and describe the image by its caption. As the alt
    text, it is part of the image's message, translated with it and published as ``alt``
    in every format; the attribute itself goes, so a translation can never add one.
    """
    if isinstance(inlines, list):
        for item in inlines:
            alt_from_fig_alt(item)
    elif isinstance(inlines, dict):
        if inlines.get("t") != "Image":
            for item in inlines.values():
                alt_from_fig_alt(item)
            return
        (ident, classes, pairs), _alt, target = inlines["c"]
        text = next((value for key, value in pairs if key == FIG_ALT), None)
        if text is not None:
            kept = [[key, value] for key, value in pairs if key != FIG_ALT]
            inlines["c"] = [[ident, classes, kept], _text_inlines(text), target]


def _text_inlines(text: str) -> Inlines:
    """Plain ``text`` as inlines: its words, with a space between them."""
    parts = (part for part in _SPACES.split(text.strip()) if part)
    return [{"t": "Space"} if part.isspace() else {"t": "Str", "c": part} for part in parts]


# What pandoc's "smart" reading makes of what an author types, in a citation's prefix
# and suffix: the typed form is written back unless the author typed the character.
_TYPED = (("\u2014", "---"), ("\u2013", "--"), ("\u2026", "..."), ("\u00a0", " "))


def citations_as_typed(inlines: Inlines, tags: set[str] | None = None) -> Inlines:
    """A copy of ``inlines`` with each citation's prefix and suffix as its author typed
    them (``pp. 12--15``, not ``pp. 12–15``), so that the message reads back to the same
    citation and the same text as written, which is what an edition shows when there is
    no bibliography. Inlines without a citation are returned as they are, uncopied.
    ``tags`` are those of ``inlines``, when known.
    """
    if "Cite" not in (tags_in(inlines) if tags is None else tags):
        return inlines

    def typed(written: str) -> Callable[[Node], Node]:
        def text(node: Node) -> Node:
            value: str = node["c"]
            for character, form in _TYPED:
                if form in written and character not in written:
                    value = value.replace(character, form)
            return {"t": "Str", "c": value}

        return text

    def cite(node: Node) -> Node:
        citations, content = node["c"]
        as_written = typed(_written(content))
        kept = [
            {
                **citation,
                "citationPrefix": replaced(citation["citationPrefix"], "Str", as_written),
                "citationSuffix": replaced(citation["citationSuffix"], "Str", as_written),
            }
            for citation in citations
        ]
        return {"t": "Cite", "c": [kept, content]}

    result: Inlines = replaced(inlines, "Cite", cite)
    return result


def replaced(value: Any, tag: str, replace: Callable[[Node], Any]) -> Any:
    """A copy of ``value`` (an AST or any part of it) with each node of type ``tag`` that
    is inside no other one replaced by ``replace(node)``."""
    if isinstance(value, list):
        return [replaced(item, tag, replace) for item in value]
    if not isinstance(value, dict):
        return value
    if value.get("t") == tag:
        return replace(value)
    return {key: replaced(item, tag, replace) for key, item in value.items()}


def _written(content: Any) -> str:
    """The text of a citation as written (pandoc keeps it as words and spaces)."""
    if isinstance(content, list):
        return "".join(_written(item) for item in content)
    if not isinstance(content, dict):
        return ""
    if content.get("t") == "Str":
        text: str = content["c"]
        return text
    if content.get("t") in BLANK:
        return " "
    return _written(content.get("c"))


def tags_in(inlines: Inlines) -> set[str]:
    """The node types anywhere in ``inlines`` (a walk without recursion: this runs over
    every message of the document, once)."""
    found: set[str] = set()
    pending: list[Any] = [inlines]
    while pending:
        for item in pending.pop():
            if isinstance(item, dict):
                found.add(item.get("t", ""))
                content = item.get("c")
                if isinstance(content, list | dict):
                    pending.append(content if isinstance(content, list) else [content])
            elif isinstance(item, list):
                pending.append(item)
    return found
