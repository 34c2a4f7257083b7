"""The translations of an XLIFF file (read by :mod:`xliff_read`) -> a catalog.

Pure. Only translations and their fuzzy state change: msgids, comments, references,
flags other than ``fuzzy``, obsolete entries and the header stay as the catalog has
them. A unit finds its entry by id (:func:`pipeline.exchange.xliff.unit_ids`) and
must still have that entry's source text. Nothing is ever lost:

- an entry without a unit, a unit without a target or with an empty one, and an
  obsolete (``translate="no"``) unit leave the entry as it is;
- a unit whose inline codes were damaged is reported (``xliff-markup``, error) and
  not applied; so is a translation over the length limit (``xliff-length``);
- a unit the catalog no longer has, or whose source is no longer the entry's, is
  reported (``xliff-stale``, warning) and not applied.

States: ``translated``, ``reviewed`` and ``final`` make the entry non-fuzzy (and drop
its previous msgid, as gettext's editors do); ``initial`` with a target makes it fuzzy.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pipeline.catalogs.model import FUZZY, Catalog, Entry
from pipeline.core.findings import ERROR, WARNING, Finding
from pipeline.exchange import xliff as x
from pipeline.exchange.xliff_read import File, Unit

MARKUP, STALE, LENGTH = "xliff-markup", "xliff-stale", "xliff-length"
DONE_STATES = ("translated", "reviewed", "final")


@dataclass(frozen=True)
class Applied:
    catalog: Catalog
    changed: int  # entries whose translation or fuzzy state changed
    findings: tuple[Finding, ...]


def apply(catalog: Catalog, file: File, where: str, max_length: int | None = None) -> Applied:
    """``catalog`` with the translations of ``file``; ``where`` names the XLIFF file."""
    ids = dict(zip(x.unit_ids(catalog.entries), range(len(catalog.entries)), strict=True))
    entries = list(catalog.entries)
    findings: list[Finding] = []
    changed = 0
    for unit in file.units:
        if not unit.translate:
            continue
        position = ids.get(unit.id)
        entry = entries[position] if position is not None else None
        problem = _stale(unit, entry, catalog.path)
        if problem is not None or entry is None or position is None:
            problem = problem or "not applied"
            findings.append(Finding(where, unit.line, WARNING, STALE, f"unit {unit.id}: {problem}"))
            continue
        updated = _updated(entry, unit)
        if updated == entry:
            continue  # nothing to apply; a markup difference it had is check's to report
        damage = [(s.line, d) for s in unit.segments for d in s.damage if s.target]
        if damage:
            findings += [
                Finding(where, line, ERROR, MARKUP, f"unit {unit.id}: {message}; not applied")
                for line, message in damage
            ]
            continue
        longest = max([len(updated.msgstr), *map(len, updated.msgstr_plural)])
        if max_length is not None and longest > max_length:
            message = f"unit {unit.id}: translation over {max_length} characters; not applied"
            findings.append(Finding(where, unit.line, ERROR, LENGTH, message))
            continue
        entries[position] = updated
        changed += 1
    return Applied(replace(catalog, entries=tuple(entries)), changed, tuple(findings))


def _stale(unit: Unit, entry: Entry | None, catalog: str) -> str | None:
    if entry is None or entry.obsolete:
        return f"{catalog} has no such message now (changed since the export?); not applied"
    sources = [entry.msgid] + [entry.msgid_plural or ""] * (len(unit.segments) - 1)
    if [segment.source for segment in unit.segments] != sources:
        return "its source text is not the message's in the catalog; not applied"
    forms = len(entry.msgstr_plural) if entry.msgid_plural is not None else 1
    if len(unit.segments) != max(forms, 1):
        return f"{len(unit.segments)} segments for {forms} translation form(s); not applied"
    return None


def _updated(entry: Entry, unit: Unit) -> Entry:
    """``entry`` with the unit's translation and state; unchanged without a target."""
    targets = [segment.target for segment in unit.segments]
    if not all(targets):
        return entry
    fuzzy = any(segment.state not in DONE_STATES for segment in unit.segments)
    if entry.msgid_plural is not None:
        translated = replace(entry, msgstr_plural=tuple(t or "" for t in targets))
    else:
        translated = replace(entry, msgstr=targets[0] or "")
    if fuzzy:
        flags = entry.flags if entry.fuzzy else (FUZZY, *entry.flags)
        return replace(translated, flags=flags)
    return replace(
        translated,
        flags=tuple(flag for flag in entry.flags if flag != FUZZY),
        previous_msgid=None if entry.fuzzy else entry.previous_msgid,
        previous_msgid_plural=None if entry.fuzzy else entry.previous_msgid_plural,
    )
