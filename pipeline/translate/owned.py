"""A message's own markup: the attributes, spans and raw inlines its source has.

Pure. A translation is read twice when its source message may hold such markup (its
Markdown has a ``{``): once with attributes, spans and raw markup switched off (the
reading every translation gets), once with them on. Of the second reading, only the
markup that is one of the source's own, taken exactly and no more often than the source
has it, is kept; any other loses its attributes or, raw, is shown as text
(:func:`choose`). So a translation gets the source's anchors, languages, classes, image
sizes and raw inlines back by keeping them, and can never add one.

Whatever the source owns and the translation's reading lacks is reported
(:func:`lost`): an id that links point to, or a raw inline, as an error; a class,
a language or a size as a warning.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

Blocks = list[dict[str, Any]]

_WITH_ATTRIBUTES = frozenset(("Span", "Code", "Link", "Image"))
CLASS_NODES = {"SmallCaps": "[…]{.smallcaps}", "Underline": "[…]{.underline}"}


def may_own(msgid: str) -> bool:
    """Whether a message's Markdown may hold markup of its own (written with braces)."""
    return "{" in msgid


def owned(value: Any) -> Counter[str]:
    """Every piece of source-owned markup in ``value`` (inlines or blocks), as the
    Markdown that writes it, counted."""
    found: Counter[str] = Counter()
    pending: list[Any] = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, list):
            pending += item
        elif isinstance(item, dict):
            key = _key(item)
            if key:
                found[key] += 1
            content = item.get("c")
            if isinstance(content, list | dict):
                pending.append(content)
    return found


def _key(node: dict[str, Any]) -> str:
    tag = node.get("t")
    if tag in ("RawInline", "RawBlock"):
        fmt, text = node["c"]
        return f"`{text}`{{={fmt}}}"
    if tag in CLASS_NODES:
        return CLASS_NODES[tag]
    if tag in _WITH_ATTRIBUTES:
        attribute = _attribute(node["c"][0])
        if attribute:
            return f"[…]{attribute}" if tag == "Span" else f"{tag.lower()} {attribute}"
    return ""


def _attribute(attr: Any) -> str:
    ident, classes, pairs = attr
    parts = [f"#{ident}"] if ident else []
    parts += [f".{name}" for name in classes]
    parts += [f'{key}="{value}"' for key, value in pairs]
    return "{" + " ".join(parts) + "}" if parts else ""


def choose(source: Any, restricted: Blocks | None, marked: Blocks | None) -> Blocks | None:
    """The reading of a translation to use: the one with markup, with each piece of
    markup that is not the source's own taken off (its text stays: a raw inline is shown
    as text, a span or an attribute list loses its attributes); the restricted one if the
    translation could not be read with markup."""
    if marked is None:
        return restricted
    available = owned(source)

    def keep(node: Any) -> Any:
        if isinstance(node, list):
            return [keep(item) for item in node]
        if not isinstance(node, dict):
            return node
        key = _key(node)
        if key and available[key] > 0:
            available[key] -= 1
        elif key:
            node = _without_markup(node)
        return {name: keep(value) if name == "c" else value for name, value in node.items()}

    kept: Blocks = keep(marked)
    return kept


def _without_markup(node: dict[str, Any]) -> dict[str, Any]:
    tag = node["t"]
    if tag == "RawInline":
        return {"t": "Str", "c": node["c"][1]}
    if tag == "RawBlock":
        return {"t": "Plain", "c": [{"t": "Str", "c": node["c"][1]}]}
    if tag in CLASS_NODES:
        return {"t": "Span", "c": [["", [], []], node["c"]]}
    return {"t": tag, "c": [["", [], []], *node["c"][1:]]}


def added(source: Any, marked: Blocks | None) -> list[str]:
    """The markup a translation's reading has that the source does not (not used)."""
    if marked is None:
        return []
    return sorted((owned(marked) - owned(source)).elements())


def lost(source: Any, translation: Any) -> list[tuple[bool, str]]:
    """The source's markup the translation does not have, each with whether losing it
    is serious (an id links point to, or a raw inline)."""
    missing = owned(source) - owned(translation)
    return [(_serious(key), key) for key in sorted(missing.elements())]


def _serious(key: str) -> bool:
    return key.startswith("`") or "{#" in key
