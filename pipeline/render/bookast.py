"""The document's AST as pandoc's EPUB writer needs it to write a valid book.

Pure. Two things that are valid Pandoc Markdown, and common in Quarto documents, make
pandoc (3.x) write an EPUB that EPUBCheck refuses:

- A figure's identifier (``![…](a.png){#fig-x}``) is not among the anchors pandoc
  looks up when it splits the book into chapter files, so a link ``[…](#fig-x)`` from
  another chapter keeps its bare ``#fig-x`` and points at nothing (RSC-012). Divs'
  anchors are looked up: the identifier moves to a div around the figure.
- A Dublin Core field that is a map (Quarto's ``format: {html: …}``) is written as an
  empty element, which the OPF does not allow (RSC-005). A map says nothing a book's
  package could hold, so such a field is left out of the book.

And two that it leaves out of the book's package without a word: an author written as a
map, as Quarto writes authors (``author: [{name: …, affiliation: …}]``), gives no
``dc:creator``, so each becomes its ``name``; and ``keywords`` are not read at all (the
EPUB writer's field is ``subject``), so they become the subject when the source sets none.
"""

from __future__ import annotations

from typing import Any

from pipeline.extract.faithful import replaced
from pipeline.render.metadata import named

# The metadata fields pandoc writes into the OPF as the text of one element.
DUBLIN_CORE = ("description", "type", "format", "publisher", "source", "relation",
               "coverage", "rights")  # fmt: skip


def book_ast(ast: dict[str, Any]) -> dict[str, Any]:
    """``ast`` with each figure's anchor on a div around it and no map-valued Dublin Core
    field. A new value: ``ast`` is not changed."""
    meta = {
        key: value
        for key, value in ast.get("meta", {}).items()
        if not (key in DUBLIN_CORE and value.get("t") == "MetaMap")
    }
    if "author" in meta:
        meta["author"] = named(meta["author"])
    if "keywords" in meta and "subject" not in meta:
        meta["subject"] = meta["keywords"]
    return {**ast, "meta": meta, "blocks": _anchored(ast["blocks"])}


def _anchored(value: Any) -> Any:
    return replaced(value, "Figure", _anchored_figure)


def _anchored_figure(figure: dict[str, Any]) -> dict[str, Any]:
    (identifier, classes, pairs), caption, blocks = figure["c"]
    if not identifier:
        return {"t": "Figure", "c": _anchored(figure["c"])}
    inner = {"t": "Figure", "c": [["", classes, pairs], caption, _anchored(blocks)]}
    return {"t": "Div", "c": [[identifier, [], []], [inner]]}
