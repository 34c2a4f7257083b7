"""Translated document -> the same document with text of the other direction isolated.

A right-to-left edition keeps English names ("Horizon Europe"), addresses, code and
untranslated text as they are; a left-to-right one may quote Hebrew or Arabic. Left in
the text of the other direction, such a run takes its neighbours' order: its words and
its punctuation come out reversed around it, and the renderer, which lays out an
element's pieces one after the other, reverses the pieces of an address or a link as
well. Each run of the other direction therefore becomes a ``<span dir="ltr">`` (or
``rtl``): browsers isolate an element with ``dir`` (``unicode-bidi: isolate``),
WeasyPrint lays it out in its own direction as one piece.

A run starts and ends with a letter of the other direction; the spaces, digits and
punctuation between its letters are in it, those around it are not, so the full stop
after a name ends the sentence of the page's direction; a bracket ends a run. Digits
just before a run go with it ("500 km"). A block (a paragraph, a heading, a cell, a
title) with no letter of the page's direction at all, text left untranslated, is
isolated whole, punctuation included; so is a code block. Tables written for a
left-to-right source have their left and right alignments mirrored in a right-to-left
edition. The text itself never changes.

Pure: an AST in, a new AST out.
"""

from __future__ import annotations

import itertools
import json
import unicodedata
from typing import Any

OWN, OTHER, NEUTRAL, MIXED = "own", "other", "neutral", "mixed"
_STRONG = {"L": "ltr", "R": "rtl", "AL": "rtl"}
# Inline containers, and the index of their inlines in ``c`` (None: ``c`` is the list).
_CONTAINERS: dict[str, int | None] = {
    "Emph": None,
    "Strong": None,
    "Strikeout": None,
    "Superscript": None,
    "Subscript": None,
    "SmallCaps": None,
    "Underline": None,
    "Quoted": 1,
    "Cite": 1,
    "Link": 1,
    "Span": 1,
}
_INLINE_TYPES = {
    *_CONTAINERS,
    "Str",
    "Space",
    "SoftBreak",
    "LineBreak",
    "Code",
    "Math",
    "RawInline",
    "Image",
    "Note",
}
_SPACES = {"Space", "SoftBreak", "LineBreak"}
# A run stops at a bracket: one half inside it and the other outside would be drawn
# facing the same way ("(EU(").
_BRACKETS = set("()[]{}<>«»")
_MIRRORED = {"AlignLeft": "AlignRight", "AlignRight": "AlignLeft"}


def isolate(ast: dict[str, Any], direction: str) -> dict[str, Any]:
    """``ast`` for an edition written in ``direction`` ("ltr" or "rtl")."""
    if direction == "ltr" and not _has_right_to_left(ast):
        return ast  # nothing of the other direction: nothing to isolate
    result: dict[str, Any] = _walk(ast, direction)
    return result


def _has_right_to_left(ast: dict[str, Any]) -> bool:
    """Whether any text of ``ast`` has a right-to-left letter (read from its characters,
    each looked up once)."""
    characters = set(json.dumps(ast, ensure_ascii=False))
    return any(_STRONG.get(unicodedata.bidirectional(ch)) == "rtl" for ch in characters)


def _walk(value: Any, direction: str) -> Any:
    if isinstance(value, list):
        if value and all(_is_inline(item) for item in value):
            return _block_inlines(value, direction)
        return [_walk(item, direction) for item in value]
    if not isinstance(value, dict):
        return value
    if value.get("t") == "CodeBlock" and _kind(_str(value["c"][1]), direction) == OTHER:
        (ident, classes, pairs), code = value["c"]
        other = [["dir", "ltr" if direction == "rtl" else "rtl"]]
        return {"t": "CodeBlock", "c": [[ident, classes, [*pairs, *other]], code]}
    if value.get("t") == "Table" and direction == "rtl":
        return {"t": "Table", "c": _walk(_mirrored(value["c"]), direction)}
    return {key: _walk(item, direction) for key, item in value.items()}


def _str(text: str) -> dict[str, Any]:
    return {"t": "Str", "c": text}


def _is_inline(item: Any) -> bool:
    return isinstance(item, dict) and item.get("t") in _INLINE_TYPES


def _mirrored(value: Any) -> Any:
    """A table's alignments, left and right swapped (its cells are walked apart)."""
    if isinstance(value, list):
        return [_mirrored(item) for item in value]
    if isinstance(value, dict):
        if value.get("t") in _MIRRORED and "c" not in value:
            return {"t": _MIRRORED[value["t"]]}
        return {key: _mirrored(item) for key, item in value.items()}
    return value


def _block_inlines(inlines: list[dict[str, Any]], direction: str) -> list[dict[str, Any]]:
    """The inlines of a block or a title: whole in a span when none is of ``direction``."""
    kinds = [_kind(item, direction) for item in inlines]
    if OTHER in kinds and OWN not in kinds and MIXED not in kinds:
        start = next(i for i, item in enumerate(inlines) if item["t"] not in _SPACES)
        end = max(i for i, item in enumerate(inlines) if item["t"] not in _SPACES) + 1
        run = [_inner(item, NEUTRAL, direction) for item in inlines[start:end]]
        return [*inlines[:start], _span(run, direction), *inlines[end:]]
    return _inlines(inlines, direction)


def _inlines(inlines: list[dict[str, Any]], direction: str) -> list[dict[str, Any]]:
    """``inlines`` with each run of the other direction in a span."""
    items: list[dict[str, Any]] = []
    for item in inlines:
        items += _split(item, direction) if item["t"] == "Str" else [item]
    kinds = [_kind(item, direction) for item in items]
    runs: dict[int, int] = {}  # first item -> last item of each run
    index, floor = 0, 0
    while index < len(items):
        if kinds[index] != OTHER:
            index += 1
            continue
        end = index
        for later in range(index + 1, len(items)):
            if kinds[later] == OTHER:
                end = later
            elif kinds[later] != NEUTRAL or _BRACKETS & set(_text(items[later])):
                break
        runs[_number_start(items, kinds, index, floor)] = end
        index = floor = end + 1
    result: list[dict[str, Any]] = []
    index = 0
    while index < len(items):
        if index in runs:
            run = items[index : runs[index] + 1]
            result.append(_span([_inner(item, NEUTRAL, direction) for item in run], direction))
            index = runs[index] + 1
        else:
            result.append(_inner(items[index], kinds[index], direction))
            index += 1
    return result


def _number_start(items: list[dict[str, Any]], kinds: list[str], index: int, floor: int) -> int:
    """Where a run found at ``index`` starts: at the number written just before it."""
    start = index
    probe = index - 1
    while probe >= floor and kinds[probe] == NEUTRAL:
        item = items[probe]
        if item["t"] == "Str" and any(character.isdigit() for character in item["c"]):
            start = probe
        elif item["t"] not in _SPACES:
            break
        probe -= 1
    return start


def _inner(item: dict[str, Any], kind: str, direction: str) -> dict[str, Any]:
    """A container with both directions in it, its own inlines isolated; a note's
    blocks walked; anything else as it is."""
    index = _CONTAINERS.get(item["t"], -1)
    if kind == MIXED and index != -1:
        if index is None:
            return {**item, "c": _inlines(item["c"], direction)}
        content = list(item["c"])
        content[index] = _inlines(content[index], direction)
        return {**item, "c": _walk(content, direction) if item["t"] == "Cite" else content}
    if item["t"] == "Note":
        return {**item, "c": _walk(item["c"], direction)}
    return item


def _span(inlines: list[dict[str, Any]], direction: str) -> dict[str, Any]:
    other = "ltr" if direction == "rtl" else "rtl"
    return {"t": "Span", "c": [["", [], [["dir", other]]], inlines]}


def _split(item: dict[str, Any], direction: str) -> list[dict[str, Any]]:
    """A word as pieces of one direction each: "(Horizon" -> "(", "Horizon";
    "ב-Horizon" -> "ב-", "Horizon"; the neutral characters around a foreign part
    stay outside it."""
    text: str = item["c"]
    directions = [_STRONG.get(unicodedata.bidirectional(character)) for character in text]
    if not any(found and found != direction for found in directions):
        return [item]
    cuts = {0, len(text)}
    foreign = [index for index, found in enumerate(directions) if found and found != direction]
    # a foreign part: from a foreign letter to the last foreign letter before an own one
    start = foreign[0]
    previous = start
    for index in foreign[1:]:
        if any(directions[between] == direction for between in range(previous, index)):
            cuts |= {start, previous + 1}
            start = index
        previous = index
    cuts |= {start, previous + 1}
    ordered = sorted(cuts)
    return [_str(text[a:b]) for a, b in itertools.pairwise(ordered) if b > a]


def _text(item: Any) -> str:
    if isinstance(item, list):
        return "".join(_text(part) for part in item)
    if not isinstance(item, dict):
        return ""
    kind = item.get("t")
    if kind == "Str":
        return str(item["c"])
    if kind == "Code":
        return str(item["c"][1])
    if kind == "Math":
        return str(item["c"][1])
    if kind in _CONTAINERS:
        index = _CONTAINERS[kind]
        return _text(item["c"] if index is None else item["c"][index])
    return ""  # spaces, raw markup, images, notes: no direction of their own


def _kind(item: dict[str, Any], direction: str) -> str:
    found = {_STRONG.get(unicodedata.bidirectional(character)) for character in _text(item)}
    own, other = direction in found, ({"ltr", "rtl"} - {direction}) & found
    if own and other:
        return MIXED
    if other:
        return OTHER
    return OWN if own else NEUTRAL
