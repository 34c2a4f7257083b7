"""The ``update`` command: every template merged into each language's catalogs.

A catalog that cannot be read is reported and left alone; the others are merged. A
merged catalog that would exceed ``max-catalog-bytes`` is reported and left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.catalogs import model as cat
from pipeline.catalogs.cache import prune_caches
from pipeline.core.config import Project
from pipeline.core.errors import FileSystemError, PipelineError
from pipeline.core.findings import Finding, error_finding
from pipeline.core.languages import language
from pipeline.project.catalogs import (
    catalog_cache,
    domains,
    project_id,
    read_catalog_file,
    read_template,
    write_catalog_file,
)


@dataclass
class UpdateResult:
    written: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def update(project: Project, codes: list[str], purge_obsolete: bool = False) -> UpdateResult:
    """Merge every template into each language's catalogs; a broken catalog is skipped."""
    result = UpdateResult()
    templates = {domain: read_template(project, domain) for domain in domains(project)}
    for code in codes:
        info = language(code)
        for domain, template in templates.items():
            path = project.catalog_path(code, domain)
            try:
                cache = catalog_cache(project, path)
                old = read_catalog_file(project, path, cache)
            except PipelineError as error:
                result.findings.append(error_finding(error, "catalog-syntax"))
                continue
            if old is None:
                old = cat.new_catalog(
                    template, code, info.english_name, info.plural_forms, project_id(domain)
                )
            merged = cat.merge(template, old)
            if purge_obsolete:
                merged = cat.purge_obsolete(merged)
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
