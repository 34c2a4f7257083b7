"""One catalog and the current source -> completeness and every catalog-level finding.

The same function decides ``check``'s exit status and what ``build`` publishes, so the
two can never disagree. Completeness is measured against the messages the source has
now (what ``extract`` would write), not against the entries the catalog happens to
hold: a deleted entry is untranslated text, and a catalog that lacks messages of the
source, or still has messages the source dropped, is out of date and says so.

Values in, values out, except for the one batched pandoc call that parses the
document catalog's msgids and msgstrs for the Markdown checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from pipeline.adapters import pandoc
from pipeline.catalogs.model import Catalog, Completeness, completeness_against
from pipeline.checks import entries
from pipeline.checks.termbase import TermList
from pipeline.checks.terminology import terminology_findings
from pipeline.core.findings import ERROR, WARNING, Finding
from pipeline.core.languages import Language
from pipeline.translate.owned import added, choose, may_own


@dataclass(frozen=True)
class CatalogReport:
    """What checking one catalog found."""

    completeness: Completeness | None  # None: the catalog is missing or unreadable
    findings: tuple[Finding, ...]
    parsed: dict[str, entries.Parsed] = field(default_factory=dict)  # document catalogs
    translated: frozenset[str] = frozenset()  # msgids with a publishable translation


def parse_entries(catalog: Catalog) -> tuple[dict[str, entries.Parsed], dict[str, str]]:
    """Parse every msgid and msgstr of a document catalog in one pandoc call.

    Returns the parsed entries by msgid, and the entries pandoc was not given or could
    not read within its limits, with the reason.
    """
    translated = [entry for entry in catalog.active if entry.msgstr]
    texts = [text for entry in translated for text in (entry.msgid, entry.msgstr)]
    readings = pandoc.read_translations(texts)
    parsed, refused = {}, {}
    for i, entry in enumerate(translated):
        msgid, msgstr = readings[2 * i], readings[2 * i + 1]
        for reading in (msgstr, msgid):
            if isinstance(reading, pandoc.Refused):
                refused[entry.msgid] = reading.reason
        parsed[entry.msgid] = entries.Parsed(pandoc.usable(msgid), pandoc.usable(msgstr))
    owning = [entry for entry in translated if may_own(entry.msgid) and entry.msgid in parsed]
    texts = [text for entry in owning for text in (entry.msgid, entry.msgstr)]
    readings = pandoc.read_translations(texts, markup=True) if owning else []
    for i, entry in enumerate(owning):
        source = pandoc.usable(readings[2 * i])
        if source is not None:  # the translation read as the build reads it
            marked = pandoc.usable(readings[2 * i + 1])
            used = choose(source, parsed[entry.msgid].msgstr, marked)
            parsed[entry.msgid] = entries.Parsed(source, used, tuple(added(source, marked)))
    return parsed, refused


def check_catalog(
    catalog: Catalog,
    current: Sequence[str],
    language: Language,
    shown: str,
    markdown: bool,
    threshold: float | None,
    terms: TermList | None = None,
) -> CatalogReport:
    """Every catalog-level and entry-level check of one catalog.

    ``current`` is the source's messages now; ``markdown`` says whether the messages
    are Markdown (document catalogs) or plain labels (the ``ui`` catalog); a
    ``threshold`` makes completeness below it an error; ``terms`` is the project's term
    list, if it has one.
    """
    findings = entries.header_findings(catalog, language, shown)
    findings += context_findings(catalog, shown)
    # What the pipeline publishes: active entries without context, the obsolete ones.
    catalog = replace(catalog, entries=tuple(e for e in catalog.entries if e.msgctxt is None))
    if markdown:
        findings += entries.plural_findings(catalog, shown)
    findings += stale_findings(catalog, current, shown)
    figures = completeness_against(catalog, current)
    findings += entries.completeness_findings(catalog, figures, shown, threshold)
    parsed, refused = parse_entries(catalog) if markdown else ({}, {})
    for entry in catalog.active:
        if entry.msgid in refused:  # not read: no other check of it means anything
            findings.append(Finding(shown, entry.line, ERROR, "nesting", refused[entry.msgid]))
            continue
        item = parsed.get(entry.msgid) if markdown else None
        if markdown and item is None:
            item = entries.Parsed(None, None) if entry.msgstr else None
        findings += entries.entry_findings(entry, item, language, shown)
    if terms is not None:
        findings += terminology_findings(catalog.active, terms, language.code, shown)
    translated = frozenset(entry.msgid for entry in catalog.active if entry.translated)
    return CatalogReport(figures, tuple(findings), parsed, translated)


def context_findings(catalog: Catalog, shown: str) -> list[Finding]:
    """Entries with a msgctxt: no message of a document or of the pages has one, so the
    pipeline ignores them (they must never replace the entry without context)."""
    message = "entry with a msgctxt: ignored, the messages of this catalog have none"
    return [
        Finding(shown, entry.line, WARNING, "unexpected-context", message)
        for entry in catalog.active
        if entry.msgctxt is not None
    ]


def stale_findings(catalog: Catalog, current: Sequence[str], shown: str) -> list[Finding]:
    """A catalog whose messages are not the source's: it was not updated since."""
    have = {entry.msgid for entry in catalog.active if entry.msgctxt is None}
    wanted = set(current)
    missing, extra = wanted - have, have - wanted
    if not missing and not extra:
        return []
    said = []
    if missing:
        said.append(f"{len(missing)} message(s) of the source are missing")
    if extra:
        said.append(f"{len(extra)} entr(y/ies) are no longer in the source")
    message = f"out of date: {' and '.join(said)}; run 'update {catalog_language(catalog)}'"
    return [Finding(shown, 1, ERROR, "stale-catalog", message)]


def catalog_language(catalog: Catalog) -> str:
    return catalog.header_value("Language") or "LANG"


def missing_catalog(shown: str, code: str) -> Finding:
    return Finding(shown, 0, ERROR, "missing-catalog", f"no catalog: run 'init {code}'")


__all__ = ["ERROR", "WARNING", "CatalogReport", "check_catalog", "parse_entries"]
