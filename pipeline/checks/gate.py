"""Completeness -> publishing decisions: which languages of a document go out, and why not.

Pure: the caller passes each language's completeness (read from the catalogs, or from
the build state's cache). A catalog that cannot be read holds its language back with a
finding; the other languages go on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.catalogs.model import Completeness
from pipeline.core.config import Project
from pipeline.core.errors import PipelineError
from pipeline.core.findings import ERROR, Finding


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


def plan(
    project: Project,
    doc: str,
    codes: Sequence[str],
    draft: bool,
    completeness_of: Callable[[str], Completeness | None],
) -> tuple[list[Plan], list[Held], list[Finding]]:
    """Which languages of ``doc`` are published; the rest are held back with a reason.

    ``completeness_of(code)`` gives a language's figures (None: no catalog), or raises
    :class:`PipelineError` for a catalog that cannot be read.
    """
    plans = [Plan(doc, project.source_language, False, None, project.formats)]
    held: list[Held] = []
    findings: list[Finding] = []
    for code in codes:
        try:
            figures = completeness_of(code)
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
