"""The ``build`` command: catalogs -> translated documents -> HTML, EPUB, PDF, index.

First decide (which languages are complete enough to publish, and which of their
outputs are out of date), then render the stale ones in a process pool, then write
the index, the manifest and the build state. A language that fails to render is
reported and the others are still built.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from typing import Any

from pipeline.adapters import hyphenation, processes
from pipeline.checks.gate import Held, Plan
from pipeline.checks.outputs import OUTPUT_CODES
from pipeline.core.config import Project
from pipeline.core.findings import ERROR, INFO, Finding
from pipeline.core.languages import PSEUDO_LOCALES, language
from pipeline.project import editions as editions_
from pipeline.project.assessments import decisions
from pipeline.project.clock import now
from pipeline.project.facts import asset_findings, document_facts
from pipeline.project.readers import readers
from pipeline.project.rendering import Job, Outcome, run_job
from pipeline.project.sources import read_source_document
from pipeline.project.state import (
    BuildState,
    file_digest,
    output_keys,
    pipeline_digest,
    stale_formats,
    tree_digest,
)
from pipeline.site import editions
from pipeline.site import index as site
from pipeline.translate.document import (
    SourceDocument,
)


@dataclass
class BuildResult:
    published: list[Plan] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)  # "doc [lang]" that could not be rendered
    removed: list[str] = field(default_factory=list)  # files no published edition owns
    up_to_date: int = 0  # outputs that did not need rebuilding


def _document_jobs(
    project: Project,
    doc: str,
    requested: set[str],
    chosen: tuple[str, ...],
    plans: list[Plan],
    state: BuildState,
    result: BuildResult,
    count: bool = True,
    known: SourceDocument | None = None,
) -> list[tuple[Job, dict[str, str]]]:
    """The render jobs of one document: each edition with the formats out of date
    (``count``: add the up-to-date ones to the result's figure; ``known``: the document,
    if it was parsed already)."""
    digest = file_digest(project.source_path(doc))
    facts, parsed = document_facts(project, doc, digest, state)
    result.titles[doc] = facts["title"]
    alternates = tuple(
        sorted(
            (language(item.code) for item in plans),
            key=lambda x: project.publication.sort_key(x.code),
        )
    )
    date = dt.date.fromisoformat(facts["date"]) if facts["date"] else now().date()
    inputs = {
        "pipeline": pipeline_digest(),
        "source": digest,
        "assets": tree_digest(project.source_dir / "assets"),
        "date": date.isoformat(),
        "epoch": os.environ.get("SOURCE_DATE_EPOCH"),
        "edition": [
            project.publisher,
            project.creator,
            project.rights,
            project.date_locales,
            project.identifiers,
        ],
        "hyphenation": hyphenation.fingerprint(),
        "publication": project.publication.fingerprint(),
    }
    stale: list[tuple[Plan, tuple[str, ...], dict[str, str]]] = []
    for item in plans:
        keys = output_keys(project, item, inputs, alternates)
        todo = stale_formats(project, item, keys, chosen, item.code in requested, state)
        if item.code in requested and count:
            result.up_to_date += len(chosen) - len(todo)
        if todo:
            stale.append((item, todo, keys))
    if not stale:
        return []
    source = parsed or known or read_source_document(project, doc)[0]
    return [
        (Job(project, source, item, todo, alternates, date), keys) for item, todo, keys in stale
    ]


def build(
    project: Project,
    codes: Sequence[str],
    formats: Sequence[str] | None,
    draft: bool,
    jobs: int | None = None,
    pseudo: bool = False,
    progress: Progress | None = None,
) -> BuildResult:
    """Build every document in the source language and in each of ``codes``.

    Every configured language is decided (published, as a draft, or held back with a
    reason) whatever ``codes`` says, and the site (index, manifest, language switchers)
    always describes all published editions; files no edition owns are removed.
    Pseudo-locale builds write their own folders only.
    """
    progress = progress or _quiet
    result = BuildResult()
    state = BuildState.load(project.outputs_dir)
    chosen = tuple(name for name in project.formats if formats is None or name in formats)
    requested = set(PSEUDO_LOCALES) if pseudo else {project.source_language, *codes}
    plans: dict[str, list[Plan]] = {}
    parsed: dict[str, SourceDocument | None] = {}  # the documents parsed on the way
    for doc in project.documents():
        if pseudo:
            plans[doc] = [Plan(doc, code, False, None, project.formats) for code in PSEUDO_LOCALES]
        else:
            plans[doc], held, errors = decisions(project, doc, draft, state)
            result.held += held
            result.findings += [f for code in requested for f in errors.get(code, [])]
        missing, parsed[doc] = asset_findings(project, doc, state)
        noted = editions_.metadata_findings(project, doc)
        result.findings += [finding for finding in noted if finding.severity != ERROR]
        missing += [finding for finding in noted if finding.severity == ERROR]
        if missing:  # no edition with a broken image
            result.findings += missing
            result.held += [
                Held(doc, item.code, missing[0].message, item.completeness) for item in plans[doc]
            ]
            plans[doc] = []
    rejected: dict[str, str] = {}  # "doc [lang]" -> the output checks its files failed
    decided = [item for items in plans.values() for item in items]
    records = state.facts.setdefault("editions", {})
    first = True
    while True:  # again when files failed their checks: the other pages' switchers change
        pending = [
            job
            for doc, items in plans.items()
            for job in _document_jobs(
                project, doc, requested, chosen, items, state, result, first, parsed.get(doc)
            )
        ]
        newly = _render_all(pending, jobs, progress, state, requested, records, result)
        rejected |= newly
        first = False
        if not newly:
            break
        plans = {
            doc: [item for item in items if item.label not in rejected]
            for doc, items in plans.items()
        }
    if pseudo:
        result.published = [item for item in decided if item.label not in result.failed]
        state.save()
        return result
    result.findings += _hyphenation_notes(project, decided, requested)
    _publish(project, decided, requested, records, rejected, result)
    state.forget_missing()
    state.save()
    return result


def _hyphenation_notes(project: Project, decided: list[Plan], requested: set[str]) -> list[Finding]:
    """One note for each language built as PDF whose lines cannot be hyphenated."""
    codes = {item.code for item in decided if "pdf" in item.formats and item.code in requested}
    notes = []
    for code in sorted(codes):
        note = hyphenation.missing_note(language(code).tag)
        if note:
            where = project.relative(project.outputs_dir / code)
            notes.append(Finding(where, 0, INFO, "no-hyphenation", note))
    return notes


def _render_all(
    pending: list[tuple[Job, dict[str, str]]],
    jobs: int | None,
    progress: Progress,
    state: BuildState,
    requested: set[str],
    records: dict[str, Any],
    result: BuildResult,
) -> dict[str, str]:
    """Render the jobs, record what succeeded; return the editions whose files failed
    their checks ("doc [lang]" -> the checks)."""
    rejected: dict[str, str] = {}
    for outcome in _run(pending, jobs, progress):
        label = outcome.job.plan.label
        result.written += outcome.written
        result.findings += outcome.findings
        failed = {
            f.code for f in outcome.findings if f.severity == ERROR and f.code in OUTPUT_CODES
        }
        if not outcome.ok:
            result.failed.append(label)
        elif failed:
            rejected[label] = ", ".join(sorted(failed))
    for job, keys in pending:
        item = job.plan
        if item.label in {*result.failed, *rejected}:
            continue
        for fmt in job.build_formats:
            state.record(job.project.output_path(item.code, item.doc, fmt), keys[fmt])
        if item.code in requested:
            records[f"{item.doc}/{item.code}"] = editions.record(item)
    return rejected


def _publish(
    project: Project,
    decided: list[Plan],
    requested: set[str],
    records: dict[str, Any],
    rejected: dict[str, str],
    result: BuildResult,
) -> None:
    """Remove what is not published, then write the index and manifest of what is."""
    # Files that failed their checks are not published; a render that failed (a full disk,
    # say) left the previous files whole, and they stay published as they were built.
    publishable = [item for item in decided if item.label not in rejected]
    requested = requested - {item.code for item in decided if item.label in result.failed}
    result.held += [
        Held(
            item.doc,
            item.code,
            f"its files failed checks ({rejected[item.label]})",
            item.completeness,
        )
        for item in decided
        if item.label in rejected
    ]
    shown, missing = editions.listed(project, publishable, requested, records)
    result.published = [item for item in shown if item.code in requested]
    result.held += [item for item in missing if item.code in requested]
    kept = {f"{item.doc}/{item.code}" for item in shown}
    for key in [key for key in records if key not in kept]:
        del records[key]
    removed = editions.remove(editions.unpublished_files(project, shown, PSEUDO_LOCALES))
    result.removed += [project.relative(path) for path in removed]
    texts = readers(project, [item.code for item in shown], result.titles)
    result.written += site.write_site(project, result.titles, shown, result.held + missing, texts)


def _run(
    pending: list[tuple[Job, dict[str, str]]], jobs: int | None, progress: Progress
) -> list[Outcome]:
    """Run the jobs, one process per core, reporting each as it finishes."""
    all_jobs = [job for job, _keys in pending]
    workers = min(jobs or os.cpu_count() or 1, len(all_jobs))
    outcomes: list[Outcome] = []
    if workers <= 1:
        for job in all_jobs:
            outcomes.append(run_job(job))
            progress(outcomes[-1], len(outcomes), len(all_jobs))
        return outcomes
    with processes.worker_pool(workers) as pool:
        for future in as_completed([pool.submit(run_job, job) for job in all_jobs]):
            outcomes.append(future.result())
            progress(outcomes[-1], len(outcomes), len(all_jobs))
    return outcomes


Progress = Callable[[Outcome, int, int], None]


def _quiet(outcome: Outcome, done: int, total: int) -> None:
    """The default progress report: none."""
