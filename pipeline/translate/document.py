"""Source document + catalog -> translated document.

Pure: the caller parses the translations (one batched pandoc call) and passes the
parsed blocks in. A translation that does not parse to exactly one paragraph is not
used: its slot keeps the source text, and a finding says why. Text shown in the
source language is wrapped in a span carrying the source language's ``lang``, so
readers and screen readers know.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import ada_url

from pipeline.catalogs.model import Entry
from pipeline.core.findings import ERROR, Finding
from pipeline.core.untrusted import character_problems
from pipeline.extract.segments import Slot, note_mark, replace_inlines, slots
from pipeline.translate.owned import choose

Blocks = list[dict[str, Any]]


@dataclass(frozen=True)
class SourceDocument:
    """A parsed source document and the msgid of each of its slots, in order."""

    name: str
    path: str  # as findings show it
    ast: dict[str, Any]
    msgids: tuple[str, ...]
    metadata_fields: tuple[str, ...]


@dataclass(frozen=True)
class TranslatedDocument:
    name: str
    language: str
    ast: dict[str, Any]
    translated_slots: int
    fallback_slots: int
    findings: tuple[Finding, ...]
    # The reading used for each translation read with its markup (the others: as parsed).
    readings: Mapping[str, Blocks | None] = field(default_factory=dict)


def usable_translations(
    entries: Mapping[str, Entry], include_fuzzy: bool = False
) -> dict[str, str]:
    """msgid -> msgstr for the entries that may be published.

    A translation with a control character or a bidi override is never used, not even
    in a draft: it would break the EPUB's XML or show other text than was reviewed.
    """
    return {
        msgid: entry.msgstr
        for msgid, entry in entries.items()
        if entry.msgstr and (include_fuzzy or not entry.fuzzy) and not _hides_text(entry)
    }


def _hides_text(entry: Entry) -> bool:
    problems = character_problems(entry.msgstr, entry.msgid, rtl=False)
    return any(problem.severity == ERROR for problem in problems)


def translate(
    source: SourceDocument,
    language: str,
    source_language: str,
    translations: Mapping[str, str],
    parsed: Mapping[str, Blocks | None],
    entries: Mapping[str, Entry],
    catalog_path: str,
    marked: Mapping[str, Blocks | None] | None = None,
) -> TranslatedDocument:
    """The source AST with every slot replaced by its parsed translation.

    ``marked``: the readings with markup (:mod:`pipeline.translate.owned`) of the
    translations whose source message may have markup of its own.
    """
    marked = marked or {}
    used: dict[str, Blocks | None] = {}
    ast = copy.deepcopy(source.ast)
    findings: list[Finding] = []
    translated = fallback = 0
    for slot, msgid in zip(slots(ast, source.metadata_fields), source.msgids, strict=True):
        text = translations.get(msgid)
        blocks = parsed.get(text) if text is not None else None
        if text is not None and text in marked:
            blocks = used[text] = choose(slot.inlines, blocks, marked[text])
        inlines = single_paragraph(blocks)
        problem = "translation is not a single paragraph of text; the source text is shown instead"
        if inlines is not None:
            safe, refused = restrict_targets(inlines, slot.inlines)
            placed = place_notes(safe, slot.notes)
            if placed is None:
                marks = ", ".join(note_mark(n) for n in range(1, len(slot.notes) + 1))
                problem = (
                    f"translation must keep each footnote mark ({marks}) exactly once, "
                    "and only these; the source text is shown instead"
                )
            else:
                replace_inlines(slot, placed)
                findings += [
                    Finding(catalog_path, entries[msgid].line, ERROR, "link-target",
                            f"link target {url!r} is not the source's; shown as plain text")
                    for url in refused
                ]  # fmt: skip
                translated += 1
                continue
        if text is not None:
            entry = entries[msgid]
            findings.append(Finding(catalog_path, entry.line, ERROR, "block-structure", problem))
        if msgid.strip():
            _mark_source_language(slot, source_language)
            fallback += 1
    return TranslatedDocument(
        source.name, language, ast, translated, fallback, tuple(findings), used
    )


_MARK = re.compile(r"\[\^(\d+)\]")


def place_notes(inlines: list[dict[str, Any]], notes: tuple[dict[str, Any], ...]) -> Any:
    """``inlines`` with each footnote mark ``[^k]`` replaced by the source's k-th note of
    several blocks, or None unless every mark is there exactly once and no other is.

    The notes are put in as they are (not copied): their blocks are slots that the
    caller translates next.
    """
    if not notes:
        return inlines
    seen: list[int] = []

    def split(text: str) -> list[dict[str, Any]]:
        parts = _MARK.split(text)
        result: list[dict[str, Any]] = []
        for index, part in enumerate(parts):
            if index % 2:
                seen.append(int(part))
                if 1 <= int(part) <= len(notes):
                    result.append(notes[int(part) - 1])
            elif part:
                result.append({"t": "Str", "c": part})
        return result

    def place(value: Any) -> Any:
        if isinstance(value, list):
            result: list[Any] = []
            for item in value:
                if isinstance(item, dict) and item.get("t") == "Str" and "[^" in item["c"]:
                    result += split(item["c"])
                else:
                    result.append(place(item))
            return result
        if isinstance(value, dict) and value.get("t") != "Note":
            return {key: place(item) for key, item in value.items()}
        return value

    placed = place(inlines)
    return placed if sorted(seen) == list(range(1, len(notes) + 1)) else None


def targets(inlines: Any, kinds: tuple[str, ...] = ("Link", "Image")) -> set[str]:
    """Every link and image target in ``inlines`` (or blocks), at any depth."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            if value.get("t") in kinds:
                found.add(value["c"][2][0])
            for item in value.values():
                walk(item)

    walk(inlines)
    return found


# Characters on which URL parsers disagree: browsers read a backslash as a slash and drop
# tabs and newlines; Python's urlsplit does neither. A target holding one is refused.
_AMBIGUOUS_URL = re.compile(r"[\\\s\x00-\x1f\x7f-\x9f]")


def web_host(url: str) -> str | None:
    """The host a browser would contact for ``url``, if it is a plain http(s) address.

    Parsed as the WHATWG URL standard says (what browsers, and so readers, do). None for
    other schemes, for addresses with a user name or password (``https://evil@host``
    shows one host and visits another) and for anything parsers could read two ways.
    """
    if _AMBIGUOUS_URL.search(url):
        return None
    try:
        parsed = ada_url.URL(url)
    except ValueError:
        return None
    if parsed.protocol not in ("http:", "https:") or parsed.username or parsed.password:
        return None
    return parsed.hostname or None


def allowed_target(url: str, source_targets: set[str]) -> bool:
    """The source's own targets, or another web page on the same host as one of them."""
    if url in source_targets:
        return True
    host = web_host(url)
    return host is not None and host in {web_host(target) for target in source_targets}


def restrict_targets(
    inlines: list[dict[str, Any]], source: Any
) -> tuple[list[dict[str, Any]], list[str]]:
    """``inlines`` with every link or image a translation may not have made harmless.

    A link keeps its text and loses its target; an image becomes its alt text. So no
    translation can point readers, or the renderers, anywhere the source (the slot's
    inlines) does not. An image must be one of the source's own: the renderers fetch
    images, and a translation must not make them fetch anything else, even from the
    source's host.
    """
    links, images = targets(source), targets(source, ("Image",))
    refused: list[str] = []

    def clean(value: Any) -> Any:
        if isinstance(value, list):
            return [clean(item) for item in value]
        if not isinstance(value, dict):
            return value
        if value.get("t") in ("Link", "Image"):
            _attr, content, (url, _title) = value["c"]
            allowed = url in images if value["t"] == "Image" else allowed_target(url, links)
            if not allowed:
                refused.append(url)
                return {"t": "Span", "c": [["", [], []], clean(content)]}
        return {key: clean(item) for key, item in value.items()}

    return clean(inlines), refused


def single_paragraph(blocks: Blocks | None) -> list[dict[str, Any]] | None:
    """The inlines of a translation that is one paragraph of text, or None.

    Notes count as part of the paragraph only when they hold paragraphs themselves: a
    footnote definition written into a translation could otherwise carry headings,
    lists, tables or code blocks (or another note, whose ids would clash).
    """
    if blocks is None or len(blocks) != 1 or blocks[0]["t"] not in ("Para", "Plain"):
        return None
    inlines: list[dict[str, Any]] = blocks[0]["c"]
    return inlines if _plain_notes(inlines, nested=False) else None


def _plain_notes(value: Any, nested: bool) -> bool:
    """Whether every note in ``value`` holds only paragraphs, and no note of its own."""
    if isinstance(value, list):
        return all(_plain_notes(item, nested) for item in value)
    if not isinstance(value, dict):
        return True
    if value.get("t") == "Note":
        if nested:
            return False
        return all(
            block.get("t") in ("Para", "Plain") and _plain_notes(block["c"], nested=True)
            for block in value["c"]
        )
    return all(_plain_notes(item, nested) for key, item in value.items() if key == "c")


def _mark_source_language(slot: Slot, source_language: str) -> None:
    span = {"t": "Span", "c": [["", ["fallback"], [["lang", source_language]]], list(slot.inlines)]}
    replace_inlines(slot, [span])
