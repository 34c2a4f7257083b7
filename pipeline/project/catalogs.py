"""The project's catalogs: templates and PO files read and written through their cache.

Every command reads and writes catalogs through here, within the project's size limits.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.catalogs import pofile
from pipeline.catalogs.cache import CatalogCache
from pipeline.catalogs.model import Catalog, Entry
from pipeline.core.config import Project
from pipeline.core.errors import UsageError
from pipeline.core.languages import normalize_code
from pipeline.render.ui import UI_DOMAIN


def project_id(domain: str) -> str:
    """The ``Project-Id-Version`` of a domain: its name, the same on every machine."""
    return domain


def domains(project: Project) -> list[str]:
    return [*project.documents(), UI_DOMAIN]


def catalog_cache(project: Project, path: Path) -> CatalogCache:
    """What the last run learnt about the catalog at ``path`` (see catalog_cache)."""
    return CatalogCache.load(project.cache_dir, path)


def read_catalog_file(
    project: Project, path: Path, cache: CatalogCache | None = None
) -> Catalog | None:
    """The catalog at ``path`` within the project's size limits; None if there is none."""
    if not path.is_file():
        return None
    shown = project.relative(path)
    cache = cache or catalog_cache(project, path)
    return pofile.read(path, shown, project.max_catalog_bytes, project.max_message_length, cache)


def write_catalog_file(
    project: Project, path: Path, catalog: Catalog, cache: CatalogCache | None = None
) -> bool:
    """Write a catalog as msgcat would, reusing and refreshing the cache.

    A catalog over ``max-catalog-bytes``, which every command would then refuse to read,
    is not written: PipelineError naming the file.
    """
    cache = cache or catalog_cache(project, path)
    shown = project.relative(path)
    return pofile.write(path, catalog, cache, project.max_catalog_bytes, shown)


def read_template(project: Project, domain: str) -> Catalog:
    path = project.template_path(domain)
    template = read_catalog_file(project, path)
    if template is None:
        raise UsageError(f"no template {project.relative(path)}: run 'extract' first")
    return template


def target_languages(project: Project, requested: list[str]) -> list[str]:
    """The requested languages (validated), or every configured language."""
    if not requested:
        return list(project.languages)
    codes = [normalize_code(code) for code in requested]
    unknown = [
        code for code in codes
        if code not in project.languages and code != project.source_language
        and not (project.locales_dir / code).is_dir()
    ]  # fmt: skip
    if unknown:
        raise UsageError(
            f"language {unknown[0]!r} is not in [tool.pipeline] languages and has no catalogs"
        )
    return codes


def read_catalog(project: Project, code: str, domain: str) -> Catalog | None:
    return read_catalog_file(project, project.catalog_path(code, domain))


def active_entries(project: Project, code: str, domain: str) -> dict[str, Entry]:
    """msgid -> entry of the active messages of a language's catalog (none if absent);
    entries with a msgctxt are not messages of ours (``check`` reports them)."""
    catalog = read_catalog(project, code, domain)
    return catalog.messages if catalog else {}
