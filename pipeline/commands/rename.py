"""The ``rename`` command: a document's new name, with its template and every catalog.

``source/OLD.md`` becomes ``source/NEW.md`` (unless it was already renamed by hand),
``locales/OLD.pot`` becomes ``locales/NEW.pot`` and each language's ``OLD.po`` becomes
``NEW.po`` with ``Project-Id-Version: NEW``: no translation is left behind. Nothing is
moved if any file would replace another; the next ``extract`` and ``update`` bring the
references (``#: source/NEW.md``) up to date.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from pipeline.core.config import Project
from pipeline.core.errors import UsageError
from pipeline.project.catalogs import project_id, read_catalog_file, write_catalog_file
from pipeline.render.ui import UI_DOMAIN

_NAME = re.compile(r"[^/\\\s.][^/\\]*")


def rename(project: Project, old: str, new: str) -> list[str]:
    """Move a document and its catalogs from ``old`` to ``new``; return the files written."""
    for name in (old, new):
        if not _NAME.fullmatch(name) or name == UI_DOMAIN:
            raise UsageError(f"{name!r} is not a document name (source/<name>.md)")
    if old == new:
        raise UsageError("the old and the new name are the same")
    moves: list[tuple[Path, Path]] = []
    source_old, source_new = project.source_path(old), project.source_path(new)
    if source_old.exists():
        moves.append((source_old, source_new))
    elif not source_new.exists():
        raise UsageError(f"no source document {old!r} (nor {new!r})", project.relative(source_old))
    catalogs = [project.template_path(old), *project.locales_dir.glob(f"*/LC_MESSAGES/{old}.po")]
    moves += [(path, path.with_name(f"{new}{path.suffix}")) for path in catalogs if path.exists()]
    if len(moves) == (1 if source_old.exists() else 0):
        raise UsageError(f"document {old!r} has no template or catalogs to move")
    for _, target in moves:
        if target.exists():
            raise UsageError(f"{project.relative(target)} exists: nothing was moved")
    written = []
    for origin, target in moves:
        if target.suffix in (".po", ".pot"):
            catalog = read_catalog_file(project, origin)
            if catalog is not None:
                header = tuple(
                    (key, project_id(new) if key == "Project-Id-Version" else value)
                    for key, value in catalog.header
                )
                write_catalog_file(project, target, replace(catalog, header=header))
                origin.unlink()
                written.append(project.relative(target))
                continue
        origin.replace(target)
        written.append(project.relative(target))
    return written
