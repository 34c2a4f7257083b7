"""The ``init`` command: the catalogs of a new language, from the templates.

Unless the translation memory is off, a new document catalog takes translations for
its messages from the language's catalogs of the other documents (see
:mod:`pipeline.catalogs.memory`); a catalog that cannot be read lends nothing.
"""

from __future__ import annotations

from pipeline.catalogs import model as cat
from pipeline.catalogs.memory import fill_documents
from pipeline.core.config import Project
from pipeline.core.errors import PipelineError
from pipeline.core.languages import language, normalize_code
from pipeline.project.catalogs import (
    domains,
    project_id,
    read_catalog_file,
    read_template,
    write_catalog_file,
)
from pipeline.render.ui import UI_DOMAIN


def init(project: Project, raw_code: str, memory: bool = True) -> list[str]:
    """Create the catalogs of a new language (existing ones are left alone)."""
    code = normalize_code(raw_code)
    info = language(code)
    fresh: dict[str, cat.Catalog] = {}
    existing: dict[str, cat.Catalog] = {}
    for domain in domains(project):
        path = project.catalog_path(code, domain)
        if path.exists():
            try:
                found = read_catalog_file(project, path) if domain != UI_DOMAIN else None
            except PipelineError:
                found = None  # reported by check; it just lends no translation here
            if found is not None:
                existing[domain] = found
            continue
        template = read_template(project, domain)
        fresh[domain] = cat.new_catalog(
            template, code, info.english_name, info.plural_forms, project_id(domain)
        )
    if memory and project.translation_memory:
        documents = {d: c for d, c in {**existing, **fresh}.items() if d != UI_DOMAIN}
        fresh.update(fill_documents(documents, [d for d in fresh if d != UI_DOMAIN]))
    written = []
    for domain, catalog in fresh.items():
        path = project.catalog_path(code, domain)
        write_catalog_file(project, path, catalog)
        written.append(project.relative(path))
    return written
