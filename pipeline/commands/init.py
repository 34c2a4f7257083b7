"""The ``init`` command: the catalogs of a new language, from the templates."""

from __future__ import annotations

from pipeline.catalogs import model as cat
from pipeline.core.config import Project
from pipeline.core.languages import language, normalize_code
from pipeline.project.catalogs import domains, project_id, read_template, write_catalog_file


def init(project: Project, raw_code: str) -> list[str]:
    """Create the catalogs of a new language (existing ones are left alone)."""
    code = normalize_code(raw_code)
    info = language(code)
    written = []
    for domain in domains(project):
        path = project.catalog_path(code, domain)
        if path.exists():
            continue
        template = read_template(project, domain)
        fresh = cat.new_catalog(
            template, code, info.english_name, info.plural_forms, project_id(domain)
        )
        write_catalog_file(project, path, fresh)
        written.append(project.relative(path))
    return written
