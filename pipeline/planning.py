"""Catalogs -> publishing decisions: which languages of a document go out, and why not.

Completeness is cached by the catalog's content hash, so deciding costs no parsing
when nothing changed. A catalog that cannot be read holds its language back with a
finding; the other languages go on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from pipeline import catalog as cat
from pipeline.catalog import Catalog, Completeness
from pipeline.config import Project
from pipeline.errors import PipelineError
from pipeline.findings import ERROR, Finding
from pipeline.freshness import BuildState, file_digest
from pipeline.ui import UI_DOMAIN
from pipeline.workflow import read_catalog_file


@dataclass(frozen=True)
class Plan:
    """One language of one document, decided: publish it, and how."""

    doc: str
    code: str
    draft: bool
    completeness: Completeness | None  # None for the source language and pseudo-locales
    formats: tuple[str, ...]


@dataclass(frozen=True)
class Held:
    doc: str
    code: str
    reason: str
    completeness: Completeness | None


def read_catalog(project: Project, code: str, domain: str) -> Catalog | None:
    return read_catalog_file(project, project.catalog_path(code, domain))


def _completeness(project: Project, code: str, doc: str, state: BuildState) -> Completeness | None:
    """The catalog's completeness, from the cache when its bytes were seen before."""
    digest = file_digest(project.catalog_path(code, doc))
    if digest is None:
        return None
    digest += f":{file_digest(project.catalog_path(code, UI_DOMAIN))}"
    cached = state.facts.setdefault("completeness", {}).get(digest)
    if cached is not None:
        return Completeness(**cached)
    found = read_catalog(project, code, doc)
    read_catalog(project, code, UI_DOMAIN)  # a broken ui catalog holds the language too
    figures = cat.completeness(found) if found else None
    if figures is not None:
        state.facts["completeness"][digest] = asdict(figures)
    return figures


def plan(
    project: Project, doc: str, codes: Sequence[str], draft: bool, state: BuildState
) -> tuple[list[Plan], list[Held], list[Finding]]:
    """Which languages of ``doc`` are published; the rest are held back with a reason."""
    plans = [Plan(doc, project.source_language, False, None, project.formats)]
    held: list[Held] = []
    findings: list[Finding] = []
    for code in codes:
        try:
            figures = _completeness(project, code, doc, state)
        except PipelineError as error:
            where, line = error.path or "", error.line or 0
            findings.append(Finding(where, line, ERROR, "catalog-syntax", error.message))
            held.append(Held(doc, code, "catalog cannot be read", None))
            continue
        if figures is None:
            held.append(Held(doc, code, "no catalog", None))
            continue
        threshold = project.threshold_for(code)
        if figures.percent + 1e-9 >= threshold:
            plans.append(Plan(doc, code, False, figures, project.formats))
        elif draft:
            plans.append(Plan(doc, code, True, figures, project.formats))
        else:
            reason = f"{figures.percent:.0f}% translated, {threshold:.0f}% needed"
            held.append(Held(doc, code, reason, figures))
    return plans, held, findings
