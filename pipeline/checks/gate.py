"""Findings and completeness -> publishing decisions: which languages go out, and why not.

Pure. A language is published when its catalogs are complete enough and no check found
an error in them; ``--draft`` publishes it anyway, marked as a draft, unless a catalog
is missing or cannot be read at all. Every language held back carries its reason, for
the build's summary and the index.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.catalogs.model import Completeness
from pipeline.core.findings import ERROR, Finding

# The reason of a language whose catalog could not be read at all: a failed build.
UNREADABLE = "catalog cannot be read"


@dataclass(frozen=True)
class Plan:
    """One language of one document, decided: publish it, and how."""

    doc: str
    code: str
    draft: bool
    completeness: Completeness | None  # None for the source language and pseudo-locales
    formats: tuple[str, ...]

    @property
    def label(self) -> str:
        """``doc [code]``: how the build names this edition to the publisher."""
        return f"{self.doc} [{self.code}]"


@dataclass(frozen=True)
class Held:
    doc: str
    code: str
    reason: str
    completeness: Completeness | None

    @property
    def label(self) -> str:
        return f"{self.doc} [{self.code}]"


@dataclass(frozen=True)
class Evidence:
    """What the decision on one language rests on: its figures and every finding."""

    completeness: Completeness | None  # None: the catalog is missing or unreadable
    findings: tuple[Finding, ...]
    # The page labels' catalog (``ui``): a reader sees them beside the document, so they
    # are held to the same threshold. None: missing or unreadable (itself an error).
    labels: Completeness | None = None

    @property
    def errors(self) -> list[Finding]:
        """The errors other than completeness itself (that one is weighed on its own)."""
        return [f for f in self.findings if f.severity == ERROR and f.code != "completeness"]


def decide(
    doc: str,
    code: str,
    evidence: Evidence,
    threshold: float,
    draft: bool,
    formats: tuple[str, ...],
) -> Plan | Held:
    """Publish ``code``'s edition of ``doc``, as a draft or not, or hold it back."""
    figures = evidence.completeness
    if figures is None:
        unreadable = any(f.code == "catalog-syntax" for f in evidence.findings)
        return Held(doc, code, UNREADABLE if unreadable else "no catalog", None)
    reasons = []
    if figures.percent + 1e-9 < threshold:
        reasons.append(f"{figures.percent:.0f}% translated, {threshold:.0f}% needed")
    labels = evidence.labels
    if labels is not None and labels.percent + 1e-9 < threshold:
        reasons.append(f"page labels {labels.percent:.0f}% translated, {threshold:.0f}% needed")
    errors = evidence.errors
    if errors:
        codes = ", ".join(sorted({finding.code for finding in errors}))
        reasons.append(f"{len(errors)} error(s) in its catalogs ({codes})")
    if not reasons:
        return Plan(doc, code, False, figures, formats)
    if draft:
        return Plan(doc, code, True, figures, formats)
    return Held(doc, code, "; ".join(reasons), figures)


def unreadable(held: Held) -> bool:
    """A language held back because a catalog could not be read at all."""
    return held.reason == UNREADABLE
