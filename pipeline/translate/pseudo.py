"""The pseudo-locale: every message transformed, to see at a glance what escaped.

Pure. Letters become accented look-alikes, each message grows by about 30 % and is
bracketed ``[!! … !!]``; markup, link targets, code and placeholders are kept. A
page built in the pseudo-locale that still shows plain source words has text that
never went through a catalog.
"""

from __future__ import annotations

import re
from typing import Any

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
_PLACEHOLDER = re.compile(r"(%\([A-Za-z_]+\)[sd])")
OPEN, CLOSE = "[!! ", " !!]"


def pseudo_text(text: str) -> str:
    """Accent every letter and pad vowels so the text grows by about 30 %."""
    padded = "".join(ch + "~" if ch.lower() in "aeiou" else ch for ch in text)
    return padded.translate(_ACCENTED)


def pseudo_message(text: str) -> str:
    """A page label: transformed around its ``%(name)s`` placeholders, bracketed."""
    parts = _PLACEHOLDER.split(text)
    body = "".join(part if _PLACEHOLDER.fullmatch(part) else pseudo_text(part) for part in parts)
    return f"{OPEN}{body}{CLOSE}"


def pseudo_inlines(inlines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A slot's inlines transformed and bracketed (a new list; the input is not changed)."""
    transformed = [_transform(node) for node in inlines]
    return [
        {"t": "Str", "c": OPEN.strip()},
        {"t": "Space"},
        *transformed,
        {"t": "Space"},
        {"t": "Str", "c": CLOSE.strip()},
    ]


def _transform(node: Any) -> Any:
    if isinstance(node, list):
        return [_transform(item) for item in node]
    if not isinstance(node, dict):
        return node
    tag = node.get("t")
    if tag == "Str":
        return {"t": "Str", "c": pseudo_text(node["c"])}
    if tag in ("Code", "Math", "RawInline"):
        return node
    if tag == "Link" and _is_autolink(node):
        return node
    if tag == "Cite":  # the words around each key are text; the keys are kept
        citations, content = node["c"]
        return {"t": tag, "c": [[_citation(item) for item in citations], _transform(content)]}
    if tag in ("Link", "Image"):
        attr, content, target = node["c"]
        return {"t": tag, "c": [attr, _transform(content), [target[0], pseudo_text(target[1])]]}
    return {key: _transform(value) if key == "c" else value for key, value in node.items()}


def _citation(citation: dict[str, Any]) -> dict[str, Any]:
    prefix, suffix = citation["citationPrefix"], citation["citationSuffix"]
    return {**citation, "citationPrefix": _transform(prefix), "citationSuffix": _transform(suffix)}


def _is_autolink(node: dict[str, Any]) -> bool:
    _attr, content, (url, _title) = node["c"]
    text = "".join(item.get("c", "") for item in content if item.get("t") == "Str")
    return url in (text, f"mailto:{text}")
