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
from urllib.parse import urlsplit

from pipeline.catalogs.model import Entry
from pipeline.core.findings import ERROR, Finding
from pipeline.extract.segments import Slot, replace_inlines, slots

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
            safe, refused = restrict_targets(inlines, targets(slot.inlines))
            replace_inlines(slot, safe)
            findings += [
                Finding(catalog_path, entries[msgid].line, ERROR, "link-target",
                        f"link target {url!r} is not the source's; shown as plain text")
                for url in refused
            ]  # fmt: skip
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


def targets(inlines: Any) -> set[str]:
    """Every link and image target in ``inlines`` (or blocks), at any depth."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            if value.get("t") in ("Link", "Image"):
                found.add(value["c"][2][0])
            for item in value.values():
                walk(item)

    walk(inlines)
    return found


def allowed_target(url: str, source_targets: set[str]) -> bool:
    """The source's own targets, or another web page on the same host as one of them."""
    if url in source_targets:
        return True
    parts = urlsplit(url)
    hosts = {urlsplit(target).hostname for target in source_targets if target.startswith("http")}
    return (
        parts.scheme in ("http", "https") and parts.hostname is not None and parts.hostname in hosts
    )


def restrict_targets(
    inlines: list[dict[str, Any]], source_targets: set[str]
) -> tuple[list[dict[str, Any]], list[str]]:
    """``inlines`` with every link or image a translation may not have made harmless.

    A link keeps its text and loses its target; an image becomes its alt text. So no
    translation can point readers, or the renderers, anywhere the source does not.
    """
    refused: list[str] = []

    def clean(value: Any) -> Any:
        if isinstance(value, list):
            return [clean(item) for item in value]
        if not isinstance(value, dict):
            return value
        if value.get("t") in ("Link", "Image"):
            _attr, content, (url, _title) = value["c"]
            if not allowed_target(url, source_targets):
                refused.append(url)
                return {"t": "Span", "c": [["", [], []], clean(content)]}
        return {key: clean(item) for key, item in value.items()}

    return clean(inlines), refused


def _single_paragraph(blocks: Blocks | None) -> list[dict[str, Any]] | None:
    if blocks is None or len(blocks) != 1 or blocks[0]["t"] not in ("Para", "Plain"):
        return None
    inlines: list[dict[str, Any]] = blocks[0]["c"]
    return inlines


def _mark_source_language(slot: Slot, source_language: str) -> None:
    span = {"t": "Span", "c": [["", ["fallback"], [["lang", source_language]]], list(slot.inlines)]}
    replace_inlines(slot, [span])
