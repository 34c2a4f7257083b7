"""The ``site`` command: the index and manifest of the editions whose files are there.

For builds spread over several machines (one language each, as a CI matrix does): once
their ``outputs/<lang>/`` folders are gathered into one ``outputs/``, ``site`` decides
every language again from the catalogs, lists the editions whose files are all
present, removes files no published edition owns, and writes the index pages and
``manifest.json``. It renders nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.checks.gate import Held, Plan
from pipeline.core.config import Project
from pipeline.core.findings import Finding
from pipeline.core.languages import PSEUDO_LOCALES
from pipeline.project.assessments import decisions
from pipeline.project.facts import document_facts
from pipeline.project.readers import readers
from pipeline.project.state import BuildState, file_digest
from pipeline.site import editions
from pipeline.site import index as site_index


@dataclass
class SiteResult:
    published: list[Plan] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def site(project: Project, draft: bool) -> SiteResult:
    """Write the index and the manifest of every published edition present."""
    result = SiteResult()
    state = BuildState.load(project.outputs_dir)
    titles: dict[str, str] = {}
    decided: list[Plan] = []
    for doc in project.documents():
        facts, _parsed = document_facts(project, doc, file_digest(project.source_path(doc)), state)
        titles[doc] = facts["title"]
        plans, held, errors = decisions(project, doc, draft, state)
        decided += plans
        result.held += held
        result.findings += [finding for found in errors.values() for finding in found]
    everyone = {plan.code for plan in decided}
    shown, missing = editions.listed(project, decided, everyone, {})
    result.published = shown
    result.held += missing
    removed = editions.remove(editions.unpublished_files(project, shown, PSEUDO_LOCALES))
    result.removed = [project.relative(path) for path in removed]
    texts = readers(project, [item.code for item in shown], titles)
    result.written = site_index.write_site(project, titles, shown, result.held, texts)
    state.save()
    return result
