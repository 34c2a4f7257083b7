"""The ``update`` command: every template merged into each language's catalogs.

A catalog that cannot be read is reported and left alone; the others are merged, then
(unless the translation memory is off) each document's new messages are filled from
the language's other document catalogs as merged. A merged catalog that would exceed
``max-catalog-bytes`` is reported and left as it was.

A catalog whose document is gone (``source/<doc>.md`` renamed or deleted) is never
dropped silently: it is a warning that names it and ``rename``; and while a document of
the same language gets its first catalog, the orphan lends it its translations as the
translation memory does (each marked with the orphan's name).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.catalogs import model as cat
from pipeline.catalogs.cache import CatalogCache, prune_caches
from pipeline.catalogs.memory import fill_documents
from pipeline.core.config import Project
from pipeline.core.errors import FileSystemError, PipelineError
from pipeline.core.findings import WARNING, Finding, error_finding
from pipeline.core.languages import language
from pipeline.project.catalogs import (
    catalog_cache,
    domains,
    project_id,
    read_catalog_file,
    read_template,
    write_catalog_file,
)
from pipeline.render.ui import UI_DOMAIN


@dataclass
class UpdateResult:
    written: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def update(
    project: Project, codes: list[str], purge_obsolete: bool = False, memory: bool = True
) -> UpdateResult:
    """Merge every template into each language's catalogs; a broken catalog is skipped.
    ``memory`` (and the project's ``translation-memory``) fill new messages from the
    language's other documents."""
    result = UpdateResult()
    templates = {domain: read_template(project, domain) for domain in domains(project)}
    for code in codes:
        info = language(code)
        merged_catalogs: dict[str, tuple[CatalogCache, cat.Catalog]] = {}
        new_documents = False
        for domain, template in templates.items():
            path = project.catalog_path(code, domain)
            try:
                cache = catalog_cache(project, path)
                old = read_catalog_file(project, path, cache)
            except PipelineError as error:
                result.findings.append(error_finding(error, "catalog-syntax"))
                continue
            if old is None:
                new_documents = new_documents or domain != UI_DOMAIN
                old = cat.new_catalog(
                    template, code, info.english_name, info.plural_forms, project_id(domain)
                )
            merged = cat.merge(template, old)
            if purge_obsolete:
                merged = cat.purge_obsolete(merged)
            merged_catalogs[domain] = (cache, merged)
        orphans = _orphans(project, code, set(templates), result.findings)
        if memory and project.translation_memory:
            documents = {d: merged for d, (_, merged) in merged_catalogs.items() if d != UI_DOMAIN}
            targets = list(documents)
            if new_documents:
                documents = {**orphans, **documents}
            for domain, filled in fill_documents(documents, targets).items():
                merged_catalogs[domain] = (merged_catalogs[domain][0], filled)
        for domain, (cache, merged) in merged_catalogs.items():
            path = project.catalog_path(code, domain)
            try:
                if write_catalog_file(project, path, merged, cache):
                    result.written.append(project.relative(path))
            except FileSystemError:
                raise
            except PipelineError as error:
                # Over max-catalog-bytes with its new obsolete entries: the catalog stays
                # as it was. Which obsolete translations may go is the translator's call
                # (--purge-obsolete), not the merge's: nothing is dropped unasked.
                hint = "" if purge_obsolete else "; --purge-obsolete drops its obsolete entries"
                error.message += f": left as it was (raise max-catalog-bytes{hint})"
                result.findings.append(error_finding(error, "catalog-size"))
    # The caches of catalogs that are gone (a language removed, a document renamed).
    prune_caches(
        project.cache_dir,
        [*project.locales_dir.glob("*.pot"), *project.locales_dir.glob("*/LC_MESSAGES/*.po")],
    )
    return result


def _orphans(
    project: Project, code: str, domains_now: set[str], findings: list[Finding]
) -> dict[str, cat.Catalog]:
    """The language's catalogs whose document is gone, each reported as a warning."""
    found: dict[str, cat.Catalog] = {}
    folder = project.catalog_path(code, UI_DOMAIN).parent
    for path in sorted(folder.glob("*.po")):
        if path.stem in domains_now:
            continue
        shown = project.relative(path)
        source = project.relative(project.source_path(path.stem))
        try:
            catalog = read_catalog_file(project, path)
        except PipelineError as error:
            findings.append(error_finding(error, "catalog-syntax"))
            continue
        if catalog is None:
            continue
        translated = sum(1 for entry in catalog.active if entry.translated)
        findings.append(
            Finding(
                shown,
                0,
                WARNING,
                "orphaned-catalog",
                f"{source} is gone, and with it the use of {translated} translations: if it "
                f"was renamed, 'rename {path.stem} NEW' moves its catalogs; new catalogs of "
                "this language take its translations as translation memory",
            )
        )
        found[path.stem] = catalog
    return found
