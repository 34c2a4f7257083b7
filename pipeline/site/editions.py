"""Publishing decisions and the files on disk -> the editions the site lists; the rest removed.

An edition (one language of one document) is on the site when it is decided
publishable and its files are there (the formats built so far). A build of a few
languages keeps the other editions as they were built last, with the figures they were
built with (recorded in the build state), so the index never shows a number that is
not true of the files.
Every other output file, of a language held back, removed from the configuration or of
a document that is gone, is deleted: what is not published is not reachable either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from pipeline.catalogs.model import Completeness
from pipeline.checks.gate import Held, Plan
from pipeline.core.config import FORMATS, Project


def record(plan: Plan) -> dict[str, Any]:
    """What the build state keeps of an edition it built, for later partial builds."""
    figures = asdict(plan.completeness) if plan.completeness else None
    return {"draft": plan.draft, "completeness": figures}


def as_built(plan: Plan, recorded: Mapping[str, Any] | None) -> Plan:
    """``plan`` with the figures its files were built with, when the state knows them."""
    if recorded is None:
        return plan
    figures = recorded.get("completeness")
    completeness = Completeness(**figures) if figures else None
    return replace(plan, draft=bool(recorded.get("draft")), completeness=completeness)


def listed(
    project: Project,
    plans: Sequence[Plan],
    built: set[str],
    records: Mapping[str, Any],
) -> tuple[list[Plan], list[Held]]:
    """The editions on the site (with the formats whose files are there), and the
    publishable ones that have no file yet.

    ``built`` holds the languages this run built (their plans are current); the
    others are listed as their files were built, from ``records`` ("doc/code" keys).
    """
    shown: list[Plan] = []
    missing: list[Held] = []
    for plan in plans:
        present = tuple(
            fmt for fmt in plan.formats if project.output_path(plan.code, plan.doc, fmt).is_file()
        )
        if not present:
            reason = f"not built yet: run 'build {plan.code}'"
            missing.append(Held(plan.doc, plan.code, reason, plan.completeness))
        elif plan.code in built:
            shown.append(replace(plan, formats=present))
        else:
            recorded = records.get(f"{plan.doc}/{plan.code}")
            shown.append(replace(as_built(plan, recorded), formats=present))
    return shown, missing


def unpublished_files(
    project: Project, published: Iterable[Plan], keep_folders: Iterable[str] = ()
) -> list[Path]:
    """Output files of the pipeline's kinds that no published edition owns.

    Only ``outputs/<folder>/<name>.<format>`` files are considered (and the folders'
    stale temporary files); ``keep_folders`` (the pseudo-locales' builds) are left alone.
    """
    owned = {
        project.output_path(plan.code, plan.doc, fmt) for plan in published for fmt in plan.formats
    }
    kept = set(keep_folders)
    found = []
    if not project.outputs_dir.is_dir():
        return []
    for folder in sorted(project.outputs_dir.iterdir()):
        if not folder.is_dir() or folder.is_symlink() or folder.name.startswith("."):
            continue
        if folder.name in kept:
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix.lstrip(".") in FORMATS and path.is_file() and path not in owned:
                found.append(path)
    return found


def remove(paths: Iterable[Path]) -> list[Path]:
    """Delete ``paths``, and each folder they leave empty; return what was deleted."""
    removed = []
    for path in paths:
        path.unlink(missing_ok=True)
        removed.append(path)
        folder = path.parent
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return removed
