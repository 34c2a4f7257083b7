"""Source document + catalog -> translated document.

Pure: the caller parses the translations (one batched pandoc call) and passes the
parsed blocks in. A translation that does not parse to exactly one paragraph is not
used: its slot keeps the source text, and a finding says why. Text shown in the
source language is wrapped in a span carrying the source language's ``lang``, so
readers and screen readers know.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pipeline.catalog import Entry
from pipeline.findings import ERROR, Finding
from pipeline.segments import Slot, replace_inlines, slots

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


def usable_translations(
    entries: Mapping[str, Entry], include_fuzzy: bool = False
) -> dict[str, str]:
    """msgid -> msgstr for the entries that may be published."""
    return {
        msgid: entry.msgstr
        for msgid, entry in entries.items()
        if entry.msgstr and (include_fuzzy or not entry.fuzzy)
    }


def translate(
    source: SourceDocument,
    language: str,
    source_language: str,
    translations: Mapping[str, str],
    parsed: Mapping[str, Blocks | None],
    entries: Mapping[str, Entry],
    catalog_path: str,
) -> TranslatedDocument:
    """The source AST with every slot replaced by its parsed translation."""
    ast = copy.deepcopy(source.ast)
    findings: list[Finding] = []
    translated = fallback = 0
    for slot, msgid in zip(slots(ast, source.metadata_fields), source.msgids, strict=True):
        text = translations.get(msgid)
        inlines = _single_paragraph(parsed.get(text)) if text is not None else None
        if inlines is not None:
            replace_inlines(slot, inlines)
            translated += 1
            continue
        if text is not None:
            entry = entries[msgid]
            findings.append(
                Finding(
                    catalog_path,
                    entry.line,
                    ERROR,
                    "block-structure",
                    "translation is not a single paragraph of text; "
                    "the source text is shown instead",
                )
            )
        if msgid.strip():
            _mark_source_language(slot, source_language)
            fallback += 1
    return TranslatedDocument(source.name, language, ast, translated, fallback, tuple(findings))


def _single_paragraph(blocks: Blocks | None) -> list[dict[str, Any]] | None:
    if blocks is None or len(blocks) != 1 or blocks[0]["t"] not in ("Para", "Plain"):
        return None
    inlines: list[dict[str, Any]] = blocks[0]["c"]
    return inlines


def _mark_source_language(slot: Slot, source_language: str) -> None:
    span = {"t": "Span", "c": [["", ["fallback"], [["lang", source_language]]], list(slot.inlines)]}
    replace_inlines(slot, [span])
