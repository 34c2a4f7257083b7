"""A language's catalogs of the other documents -> translations for a catalog's new
messages. Pure.

As ``msgmerge --compendium`` fills a catalog from a compendium, a message that has no
translation in its own catalog takes one from the same language's catalogs of the
project's other documents: the same msgid translated there (and not fuzzy) fills it as
translated; otherwise the most similar translated msgid, as msgmerge measures it
(:mod:`pipeline.catalogs.fuzzy`), fills it as fuzzy, with that msgid as the previous
msgid so an editor shows what differs. Either way a translator comment names the
document it came from. A message that has any translation, fuzzy or not, is never
touched; nor are obsolete entries, entries with a context and plural entries.

The comment is a translator comment (``#``), not an extracted one (``#.``): extracted
comments belong to the template and every ``update`` replaces them with the
template's, so the origin would vanish at the next update; translator comments are the
translator's, carried through every merge, shown by Poedit, Lokalize and Weblate, and
deleted when the translator no longer needs them.

The memory of a document is the translations of the other documents of messages it
has no translation for itself. That keeps an update idempotent: a translation copied
from this document into another never comes back to it as a near match for a second
message, which a second run would otherwise find where the first did not.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from pipeline.catalogs.fuzzy import FuzzyIndex, word_lists
from pipeline.catalogs.model import FUZZY, Catalog, Entry

NOTE = "translation memory:"


@dataclass(frozen=True)
class Remembered:
    """A translated message of another document."""

    msgid: str
    msgstr: str
    origin: str  # the document whose catalog translates it


def _fillable(entry: Entry) -> bool:
    return (
        not entry.obsolete
        and entry.msgctxt is None
        and entry.msgid_plural is None
        and not entry.msgstr
    )


def memory_for(doc: str, catalogs: Mapping[str, Catalog]) -> list[Remembered]:
    """What the other documents' catalogs translate that ``doc``'s has no translation
    for: one translation per msgid, from the first document by name."""
    own = catalogs[doc]
    have = {entry.msgid for entry in own.entries if not entry.obsolete and entry.first_msgstr}
    memory: dict[str, Remembered] = {}
    for other in sorted(catalogs):
        if other == doc:
            continue
        for entry in catalogs[other].active:
            usable = entry.translated and entry.msgctxt is None and entry.msgid_plural is None
            if usable and entry.msgid not in have and entry.msgid not in memory:
                memory[entry.msgid] = Remembered(entry.msgid, entry.msgstr, other)
    return list(memory.values())


def fill_from_memory(catalog: Catalog, memory: Sequence[Remembered]) -> Catalog:
    """``catalog`` with its untranslated messages filled from ``memory``."""
    wanted = [entry for entry in catalog.entries if _fillable(entry)]
    if not wanted or not memory:
        return catalog
    exact = {item.msgid: item for item in memory}
    near = [entry for entry in wanted if entry.msgid not in exact]
    words = dict(zip([e.msgid for e in near], word_lists([e.msgid for e in near]), strict=True))
    index = FuzzyIndex([item.msgid for item in memory], {w for ws in words.values() for w in ws})
    filled = []
    for entry in catalog.entries:
        if not _fillable(entry):
            filled.append(entry)
        elif entry.msgid in exact:
            filled.append(_filled(entry, exact[entry.msgid], fuzzy=False))
        else:
            position = index.closest(entry.msgid, words[entry.msgid])
            filled.append(entry if position is None else _filled(entry, memory[position], True))
    return replace(catalog, entries=tuple(filled))


def _filled(entry: Entry, item: Remembered, fuzzy: bool) -> Entry:
    flags = tuple(flag for flag in entry.flags if flag != FUZZY)
    kept = tuple(line for line in entry.translator_comments if not line.startswith(NOTE))
    how = "near match" if fuzzy else "same text"
    return replace(
        entry,
        msgstr=item.msgstr,
        flags=(FUZZY, *flags) if fuzzy else flags,
        previous_msgid=item.msgid if fuzzy else None,
        previous_msgid_plural=None,
        translator_comments=(*kept, f"{NOTE} {how} in {item.origin}"),
    )


def fill_documents(catalogs: Mapping[str, Catalog], targets: Collection[str]) -> dict[str, Catalog]:
    """The catalogs named in ``targets``, each filled from all the others as given."""
    return {doc: fill_from_memory(catalogs[doc], memory_for(doc, catalogs)) for doc in targets}
