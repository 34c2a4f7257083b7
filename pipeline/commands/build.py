"""The ``build`` command: catalogs -> translated documents -> HTML, EPUB, PDF, index.

First decide (which languages are complete enough to publish, and which of their
outputs are out of date), then render the stale ones in a process pool, then write
the index, the manifest and the build state. A language that fails to render is
reported and the others are still built.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from babel.numbers import format_percent

from pipeline.adapters import pandoc
from pipeline.checks.gate import Held, Plan, plan
from pipeline.core.config import Project
from pipeline.core.errors import PipelineError
from pipeline.core.findings import ERROR, WARNING, Finding
from pipeline.core.languages import PSEUDO_LOCALES, Language, language, protocol_sort_key
from pipeline.extract.segments import replace_inlines, slots
from pipeline.project.catalogs import active_entries, cached_completeness
from pipeline.project.clock import now
from pipeline.project.sources import read_source_document
from pipeline.project.state import (
    BuildState,
    file_digest,
    fingerprint,
    pipeline_digest,
    tree_digest,
)
from pipeline.render import page as render
from pipeline.render.ui import UI_DOMAIN, environment, extract_ui, gettext_for, templates_dir
from pipeline.site import index as site
from pipeline.translate.document import SourceDocument, translate, usable_translations
from pipeline.translate.pseudo import pseudo_inlines, pseudo_message


@dataclass
class BuildResult:
    published: list[Plan] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)  # "doc [lang]" that could not be rendered
    up_to_date: int = 0  # outputs that did not need rebuilding


@dataclass(frozen=True)
class Job:
    """Render these formats of one language of one document."""

    project: Project
    source: SourceDocument
    plan: Plan  # plan.formats: every published format (the page links to all of them)
    build_formats: tuple[str, ...]  # the ones out of date
    alternates: tuple[Language, ...]
    date: dt.date


@dataclass(frozen=True)
class Outcome:
    job: Job
    written: list[str]
    findings: list[Finding]
    ok: bool


def _translated_ast(job: Job) -> tuple[dict[str, Any], dict[str, str], list[Finding]]:
    """The document and page labels in the job's language, and what could not be used."""
    project, code = job.project, job.plan.code
    if language(code).is_pseudo:
        ui_texts = {message.msgid: pseudo_message(message.msgid) for message in extract_ui()}
        return pseudo_document(job.source), ui_texts, []
    if code == project.source_language:
        return job.source.ast, {}, []
    entries = active_entries(project, code, job.plan.doc)
    texts = usable_translations(entries)
    unique = sorted(set(texts.values()))
    parsed = dict(zip(unique, pandoc.read_translations(unique), strict=True))
    shown = project.relative(project.catalog_path(code, job.plan.doc))
    translated = translate(job.source, code, project.source_language, texts, parsed, entries, shown)
    ui_texts = usable_translations(active_entries(project, code, UI_DOMAIN))
    return translated.ast, ui_texts, list(translated.findings)


def run_job(job: Job) -> Outcome:
    """Render one language of one document; a failure becomes a finding, not a crash."""
    try:
        written, findings = _render(job)
        return Outcome(job, written, findings, True)
    except PipelineError as error:
        where = error.path or job.project.relative(job.project.outputs_dir / job.plan.code)
        finding = Finding(where, error.line or 0, ERROR, "build-failed", error.message)
        return Outcome(job, [], [finding], False)


def _render(job: Job) -> tuple[list[str], list[Finding]]:
    project, plan_ = job.project, job.plan
    info = language(plan_.code)
    ast, ui_texts, findings = _translated_ast(job)
    gettext = gettext_for(ui_texts)
    env = environment(ui_texts)
    page = render.Page(
        doc=plan_.doc,
        language=info,
        parts=render.html_parts(ast),
        title_text=render.meta_text(ast, "title"),
        description_text=render.meta_text(ast, "description"),
        date=job.date,
        alternates=job.alternates,
        formats=plan_.formats,
        draft_percent=_percent(plan_, info.babel_locale) if plan_.draft else None,
    )
    written: list[str] = []
    for fmt in job.build_formats:
        path = project.output_path(plan_.code, plan_.doc, fmt)
        shown = project.relative(path)
        if fmt == "html":
            render.write_html(path, render.page_html(env, page, gettext))
        elif fmt == "epub":
            render.write_epub(ast, page, path, gettext, project.source_dir)
        else:
            allowed = [project.source_dir / "assets", templates_dir(), render.font_dir()]
            html = render.print_html(env, page, gettext)
            warnings, log = render.write_pdf(html, path, project.source_dir, allowed, page)
            findings += [
                Finding(shown, 0, WARNING, "pdf-fetch", f"refused to load {url}")
                for url in log.refused
            ]
            findings += [Finding(shown, 0, WARNING, "pdf-render", text) for text in warnings]
        written.append(shown)
    return written, findings


def pseudo_document(source: SourceDocument) -> dict[str, Any]:
    """The source AST with every slot pseudo-translated."""
    ast = copy.deepcopy(source.ast)
    for slot in slots(ast, source.metadata_fields):
        replace_inlines(slot, pseudo_inlines(slot.inlines))
    return ast


def _percent(plan_: Plan, locale: str) -> str:
    value = plan_.completeness.percent if plan_.completeness else 100.0
    return format_percent(value / 100, locale=locale)


def _source_facts(
    project: Project, doc: str, digest: str | None, state: BuildState
) -> tuple[dict[str, Any], SourceDocument | None]:
    """Title and date of a source document, parsed only when its bytes are new.

    Returns the parsed document too when it had to be parsed, so it is parsed once.
    """
    known = state.facts.setdefault("sources", {})
    source = None
    if digest not in known:
        source, _segments = read_source_document(project, doc)
        date = render.document_date(source.ast, dt.date.min)
        known[digest] = {
            "title": render.meta_text(source.ast, "title") or doc,
            "date": None if date == dt.date.min else date.isoformat(),
        }
    facts: dict[str, Any] = known[digest]
    return facts, source


def _output_keys(
    project: Project, item: Plan, formats: Sequence[str], inputs: dict[str, Any]
) -> dict[str, str]:
    """The fingerprint of each format's output of one language."""
    language_inputs = {
        **inputs,
        "language": item.code,
        "formats": item.formats,
        "draft": _percent(item, "en") if item.draft else None,
        "catalog": file_digest(project.catalog_path(item.code, item.doc)),
        "ui": file_digest(project.catalog_path(item.code, UI_DOMAIN)),
    }
    return {fmt: fingerprint({**language_inputs, "format": fmt}) for fmt in formats}


def build(
    project: Project,
    codes: Sequence[str],
    formats: Sequence[str] | None,
    draft: bool,
    jobs: int | None = None,
    pseudo: bool = False,
    progress: Progress | None = None,
) -> BuildResult:
    """Build every document in the source language and in each of ``codes``."""
    progress = progress or _quiet
    result = BuildResult()
    state = BuildState.load(project.outputs_dir)
    chosen = tuple(name for name in project.formats if formats is None or name in formats)
    pending: list[tuple[Job, dict[str, str]]] = []
    for doc in project.documents():
        digest = file_digest(project.source_path(doc))
        facts, parsed = _source_facts(project, doc, digest, state)
        result.titles[doc] = facts["title"]
        held: list[Held] = []
        findings: list[Finding] = []
        if pseudo:
            plans = [Plan(doc, code, False, None, project.formats) for code in PSEUDO_LOCALES]
        else:
            figures = partial(cached_completeness, project, doc=doc, state=state)
            plans, held, findings = plan(project, doc, codes, draft, figures)
        result.published += [replace(item, formats=chosen) for item in plans]
        result.held += held
        result.findings += findings
        alternates = tuple(
            sorted((language(item.code) for item in plans), key=lambda x: protocol_sort_key(x.code))
        )
        date = dt.date.fromisoformat(facts["date"]) if facts["date"] else now().date()
        inputs = {
            "pipeline": pipeline_digest(),
            "source": digest,
            "assets": tree_digest(project.source_dir / "assets"),
            "alternates": [lang.code for lang in alternates],
            "date": date.isoformat(),
            "epoch": os.environ.get("SOURCE_DATE_EPOCH"),
        }
        stale: list[tuple[Plan, tuple[str, ...], dict[str, str]]] = []
        for item in plans:
            keys = _output_keys(project, item, chosen, inputs)
            todo = tuple(
                fmt for fmt in chosen
                if not state.fresh(project.output_path(item.code, doc, fmt), keys[fmt])
            )  # fmt: skip
            result.up_to_date += len(chosen) - len(todo)
            if todo:
                stale.append((item, todo, keys))
        if stale:
            source = parsed or read_source_document(project, doc)[0]
            pending += [
                (Job(project, source, item, todo, alternates, date), keys)
                for item, todo, keys in stale
            ]
    for outcome in _run(pending, jobs, progress):
        result.written += outcome.written
        result.findings += outcome.findings
        if not outcome.ok:
            result.failed.append(f"{outcome.job.plan.doc} [{outcome.job.plan.code}]")
    for job, keys in pending:
        label = f"{job.plan.doc} [{job.plan.code}]"
        if label in result.failed:
            continue
        for fmt in job.build_formats:
            state.record(project.output_path(job.plan.code, job.plan.doc, fmt), keys[fmt])
    state.save()
    result.published = [
        item for item in result.published if f"{item.doc} [{item.code}]" not in result.failed
    ]
    result.written += site.write_site(project, result.titles, result.published, result.held)
    return result


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
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for future in as_completed([pool.submit(run_job, job) for job in all_jobs]):
            outcomes.append(future.result())
            progress(outcomes[-1], len(outcomes), len(all_jobs))
    return outcomes


Progress = Callable[[Outcome, int, int], None]


def _quiet(outcome: Outcome, done: int, total: int) -> None:
    """The default progress report: none."""
