"""A language's catalogs, read and checked against the current source.

``check`` reports an assessment and ``build`` publishes by it, so both apply the same
checks. A missing or unreadable catalog is a finding, never an exception. ``build``
remembers each assessment in the build state, keyed by the content of all it depends
on (the source, both catalogs, the term list, the pipeline, the settings), so a build
where nothing changed reads no catalog.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from pipeline.catalogs.model import Completeness
from pipeline.checks.catalogs import CatalogReport, check_catalog, missing_catalog
from pipeline.checks.gate import Evidence, Held, Plan, decide
from pipeline.checks.outputs import visible_texts
from pipeline.core.config import Project
from pipeline.core.errors import PipelineError
from pipeline.core.findings import Finding, error_finding
from pipeline.core.languages import language
from pipeline.project.catalogs import read_catalog_file
from pipeline.project.sources import current_messages
from pipeline.project.state import (
    BuildState,
    catalog_digest,
    file_digest,
    fingerprint,
    pipeline_digest,
)
from pipeline.project.terms import load_terms, terms_digest
from pipeline.render.ui import UI_DOMAIN


@dataclass(frozen=True)
class Assessment:
    """The reports on one language's catalogs for one document: its own and ``ui``."""

    code: str
    doc: str
    reports: dict[str, CatalogReport]  # by domain

    @property
    def findings(self) -> list[Finding]:
        return [finding for report in self.reports.values() for finding in report.findings]

    def evidence(self) -> Evidence:
        """What the publishing decision needs: the document's figures and every finding."""
        labels = self.reports[UI_DOMAIN].completeness
        return Evidence(self.reports[self.doc].completeness, tuple(self.findings), labels)


def assess_catalog(project: Project, code: str, domain: str) -> CatalogReport:
    """Read and check one catalog of ``code``; a catalog that cannot be read is a finding."""
    path = project.catalog_path(code, domain)
    shown = project.relative(path)
    if not path.is_file():
        return CatalogReport(None, (missing_catalog(shown, code),))
    try:
        catalog = read_catalog_file(project, path)
    except PipelineError as error:
        return CatalogReport(None, (error_finding(error, "catalog-syntax"),))
    if catalog is None:
        return CatalogReport(None, (missing_catalog(shown, code),))
    markdown = domain != UI_DOMAIN
    threshold = project.threshold_for(code)  # labels too: the page shows them in English
    current = current_messages(project, domain)
    terms = load_terms(project)
    return check_catalog(catalog, current, language(code), shown, markdown, threshold, terms)


def assess(project: Project, code: str, doc: str) -> Assessment:
    """The document's catalog and the ``ui`` catalog of ``code``, checked."""
    return Assessment(
        code, doc, {domain: assess_catalog(project, code, domain) for domain in (doc, UI_DOMAIN)}
    )


def assessment_key(project: Project, code: str, doc: str) -> str:
    """What an assessment of ``code``/``doc`` depends on, as one fingerprint."""
    return fingerprint(
        {
            "pipeline": pipeline_digest(),
            "source": file_digest(project.source_path(doc)),
            "catalog": catalog_digest(project, project.catalog_path(code, doc)),
            "ui": catalog_digest(project, project.catalog_path(code, UI_DOMAIN)),
            "threshold": project.threshold_for(code),
            "metadata": list(project.translatable_metadata),
            "limits": [project.max_catalog_bytes, project.max_message_length],
            "language": code,
            "terms": terms_digest(project),
            "labels": project.publication.fingerprint()[0],
        }
    )


def cached_assessment(project: Project, code: str, doc: str, state: BuildState) -> Assessment:
    """:func:`assess`, remembered in the build state by the content of its inputs.

    The parsed messages are not remembered, only figures, findings and the plain text of
    each translation shown as a paragraph (what ``check`` looks for in the outputs).
    """
    key = assessment_key(project, code, doc)
    stored = state.remember("assessments", key, lambda: _stored(assess(project, code, doc)))
    return _loaded(code, doc, stored)


def remembered_assessment(
    project: Project, code: str, doc: str, state: BuildState
) -> tuple[Assessment, list[str]] | None:
    """What the last build remembered of :func:`assess` with today's inputs, and the texts
    of :func:`shown_texts`; None when it has nothing for them. Changes no state."""
    stored = state.facts.get("assessments", {}).get(assessment_key(project, code, doc))
    if stored is None or not all("texts" in item for item in stored.values()):
        return None
    return _loaded(code, doc, stored), list(stored[doc]["texts"])


def shown_texts(report: CatalogReport) -> list[str]:
    """The plain text of each published translation of a document catalog that is shown
    as one paragraph: ``check`` finds each in the built files."""
    return visible_texts(
        item.msgstr for msgid, item in report.parsed.items() if msgid in report.translated
    )


def _stored(assessment: Assessment) -> dict[str, Any]:
    return {
        domain: {
            "completeness": asdict(report.completeness) if report.completeness else None,
            "findings": [finding.as_json() for finding in report.findings],
            "texts": shown_texts(report) if domain == assessment.doc else [],
        }
        for domain, report in assessment.reports.items()
    }


def _loaded(code: str, doc: str, data: dict[str, Any]) -> Assessment:
    reports = {
        domain: CatalogReport(
            Completeness(**item["completeness"]) if item["completeness"] else None,
            tuple(Finding(**finding) for finding in item["findings"]),
        )
        for domain, item in data.items()
    }
    return Assessment(code, doc, reports)


def decisions(
    project: Project, doc: str, draft: bool, state: BuildState
) -> tuple[list[Plan], list[Held], dict[str, list[Finding]]]:
    """Every configured language of ``doc``, decided, with the errors behind the decisions
    (by language).

    Always every language, whatever subset a command builds: the index, the manifest and
    every page's language switcher describe the whole publication.
    """
    plans = [Plan(doc, project.source_language, False, None, project.formats)]
    held: list[Held] = []
    errors: dict[str, list[Finding]] = {}
    for code in project.languages:
        assessment = cached_assessment(project, code, doc, state)
        evidence = assessment.evidence()
        verdict = decide(doc, code, evidence, project.threshold_for(code), draft, project.formats)
        if isinstance(verdict, Plan):
            plans.append(verdict)
        else:
            held.append(verdict)
        errors[code] = evidence.errors  # below the threshold is a state, not an error
    return plans, held, errors
