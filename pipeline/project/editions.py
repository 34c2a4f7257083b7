"""The project's catalogs -> one edition's translated document.

A language's document with its catalog's usable translations read and put in place
(the pseudo-locales' through the same path, written as messages first), its page labels,
what could not be used, and the text each published translation must show; and the
source's metadata that is refused or overridden, at its line.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from pipeline.adapters import pandoc
from pipeline.catalogs.model import Entry
from pipeline.checks.outputs import visible_texts
from pipeline.core.config import Project
from pipeline.core.findings import Finding
from pipeline.core.languages import language
from pipeline.extract.incremental import write_messages
from pipeline.extract.segments import replace_inlines, slots
from pipeline.project.catalogs import active_entries
from pipeline.project.sources import imprint_texts, source_text
from pipeline.render.metadata import metadata_problems
from pipeline.render.ui import UI_DOMAIN, extract_ui
from pipeline.translate.document import (
    SourceDocument,
    TranslatedDocument,
    translate,
    usable_translations,
)
from pipeline.translate.owned import may_own
from pipeline.translate.pseudo import pseudo_inlines, pseudo_message


def translated_edition(
    project: Project, source: SourceDocument, code: str, doc: str
) -> tuple[dict[str, Any], dict[str, str], list[Finding], list[str]]:
    """The document and page labels in the language ``code``, what could not be used, and the
    text of each translation the outputs must show (for their checks)."""
    if language(code).is_pseudo:
        ui_texts = {
            message.msgid: pseudo_message(message.msgid)
            for message in extract_ui(project.publication, imprint=imprint_texts(project))
        }
        # Through the catalogs' path: written as messages, read and placed like a translation.
        pseudo = dict(zip(source.msgids, pseudo_messages(source), strict=True))
        entries = {msgid: Entry(msgid, text) for msgid, text in pseudo.items()}
        translated, _published = _read_and_translate(project, source, code, pseudo, entries, "")
        return translated.ast, ui_texts, [], []
    if code == project.source_language:
        return source.ast, {}, [], []
    entries = active_entries(project, code, doc)
    texts = usable_translations(entries)
    shown = project.relative(project.catalog_path(code, doc))
    translated, published = _read_and_translate(project, source, code, texts, entries, shown)
    ui_texts = usable_translations(active_entries(project, code, UI_DOMAIN))
    return translated.ast, ui_texts, list(translated.findings), published


def _read_and_translate(
    project: Project,
    source: SourceDocument,
    code: str,
    texts: dict[str, str],
    entries: Mapping[str, Entry],
    shown: str,
) -> tuple[TranslatedDocument, list[str]]:
    """The document with ``texts`` (msgid -> translation) read and put in place, and the
    text each published translation shows."""
    unique = sorted(set(texts.values()))
    readings = pandoc.read_translations(unique)
    parsed = {text: pandoc.usable(reading) for text, reading in zip(unique, readings, strict=True)}
    owning = sorted({text for msgid, text in texts.items() if may_own(msgid)})
    readings = pandoc.read_translations(owning, markup=True) if owning else []
    marked = {text: pandoc.usable(reading) for text, reading in zip(owning, readings, strict=True)}
    translated = translate(
        source, code, project.source_language, texts, parsed, entries, shown, marked
    )
    published = visible_texts(
        translated.readings.get(text, parsed[text])
        for msgid, text in texts.items()
        if entries[msgid].translated
    )
    return translated, published


def pseudo_messages(source: SourceDocument) -> list[str]:
    """The pseudo-translation of each of the source's messages, written as a translator
    would write it (one pandoc call)."""
    ast = copy.deepcopy(source.ast)
    found = list(slots(ast, source.metadata_fields))
    for slot in found:
        replace_inlines(slot, pseudo_inlines(slot.inlines))
    return write_messages(found, ast["pandoc-api-version"])


def metadata_findings(project: Project, doc: str) -> list[Finding]:
    """The source's metadata that is refused or overridden, at the line that sets it."""
    path = project.source_path(doc)
    text = source_text(project, doc)
    source = language(project.source_language)
    return [
        Finding(project.relative(path), line, severity, "source-metadata", message)
        for line, severity, message in metadata_problems(text, source)
    ]
