"""The ``build`` command: catalogs -> translated documents -> HTML, EPUB, PDF, index.

First decide (which languages are complete enough to publish), then render each
language in a process pool, then write the index, the manifest and the report.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from babel.numbers import format_percent

from pipeline import catalog as cat
from pipeline import pandoc, pofile, render, site
from pipeline.catalog import Catalog, Completeness
from pipeline.config import Project
from pipeline.errors import PipelineError
from pipeline.findings import ERROR, WARNING, Finding
from pipeline.languages import PSEUDO_LOCALES, Language, language, protocol_sort_key
from pipeline.pseudo import pseudo_inlines, pseudo_message
from pipeline.segments import replace_inlines, slots
from pipeline.translation import SourceDocument, translate, usable_translations
from pipeline.ui import UI_DOMAIN, environment, extract_ui, gettext_for, templates_dir
from pipeline.workflow import now, read_source_document


@dataclass(frozen=True)
class Plan:
    """One language of one document, decided: publish it, and how."""

    doc: str
    code: str
    draft: bool
    completeness: Completeness | None  # None for the source language
    formats: tuple[str, ...]


@dataclass(frozen=True)
class Held:
    doc: str
    code: str
    reason: str
    completeness: Completeness | None


@dataclass
class BuildResult:
    published: list[Plan] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)


def _catalog(project: Project, code: str, domain: str) -> Catalog | None:
    path = project.catalog_path(code, domain)
    if not path.is_file():
        return None
    return pofile.read(path, project.relative(path), project.max_catalog_bytes)


def plan(
    project: Project, doc: str, codes: Sequence[str], draft: bool
) -> tuple[list[Plan], list[Held], list[Finding]]:
    """Which languages of ``doc`` are published; the rest are held back with a reason."""
    plans = [Plan(doc, project.source_language, False, None, project.formats)]
    held: list[Held] = []
    findings: list[Finding] = []
    for code in codes:
        try:
            found = _catalog(project, code, doc)
            _catalog(project, code, UI_DOMAIN)
        except PipelineError as error:
            findings.append(
                Finding(error.path or "", error.line or 0, ERROR, "catalog-syntax", error.message)
            )
            held.append(Held(doc, code, "catalog cannot be read", None))
            continue
        if found is None:
            held.append(Held(doc, code, "no catalog", None))
            continue
        figures = cat.completeness(found)
        threshold = project.threshold_for(code)
        if figures.percent + 1e-9 >= threshold:
            plans.append(Plan(doc, code, False, figures, project.formats))
        elif draft:
            plans.append(Plan(doc, code, True, figures, project.formats))
        else:
            reason = f"{figures.percent:.0f}% translated, {threshold:.0f}% needed"
            held.append(Held(doc, code, reason, figures))
    return plans, held, findings


@dataclass(frozen=True)
class Job:
    project: Project
    source: SourceDocument
    plan: Plan
    alternates: tuple[Language, ...]
    date: dt.date


def run_job(job: Job) -> tuple[list[str], list[Finding]]:
    """Render one language of one document in every requested format."""
    project, plan_ = job.project, job.plan
    info = language(plan_.code)
    out_dir = project.outputs_dir / plan_.code
    findings: list[Finding] = []
    ast = job.source.ast
    ui_texts: dict[str, str] = {}
    if info.is_pseudo:
        ast = pseudo_document(job.source)
        ui_texts = {message.msgid: pseudo_message(message.msgid) for message in extract_ui()}
    elif plan_.code != project.source_language:
        doc_catalog = _catalog(project, plan_.code, plan_.doc)
        entries = {entry.msgid: entry for entry in doc_catalog.active} if doc_catalog else {}
        texts = usable_translations(entries)
        unique = sorted(set(texts.values()))
        parsed = dict(zip(unique, pandoc.read_translations(unique), strict=True))
        shown = project.relative(project.catalog_path(plan_.code, plan_.doc))
        translated = translate(
            job.source, plan_.code, project.source_language, texts, parsed, entries, shown
        )
        ast = translated.ast
        findings += translated.findings
        ui_catalog = _catalog(project, plan_.code, UI_DOMAIN)
        ui_texts = (
            usable_translations({e.msgid: e for e in ui_catalog.active}) if ui_catalog else {}
        )
    gettext = gettext_for(ui_texts)
    env = environment(ui_texts)
    ast = dict(ast, meta=dict(ast.get("meta", {})))
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
    if "html" in plan_.formats:
        path = out_dir / f"{plan_.doc}.html"
        render.write_html(path, render.page_html(env, page, gettext))
        written.append(project.relative(path))
    if "epub" in plan_.formats:
        path = out_dir / f"{plan_.doc}.epub"
        render.write_epub(ast, page, path, gettext, project.source_dir)
        written.append(project.relative(path))
    if "pdf" in plan_.formats:
        path = out_dir / f"{plan_.doc}.pdf"
        allowed = [project.source_dir / "assets", templates_dir(), render.font_dir()]
        warnings, log = render.write_pdf(
            render.print_html(env, page, gettext), path, project.source_dir, allowed, page
        )
        findings += [
            Finding(project.relative(path), 0, WARNING, "pdf-fetch", f"refused to load {url}")
            for url in log.refused
        ]
        findings += [
            Finding(project.relative(path), 0, WARNING, "pdf-render", message)
            for message in warnings
        ]
        written.append(project.relative(path))
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


def build(
    project: Project,
    codes: Sequence[str],
    formats: Sequence[str] | None,
    draft: bool,
    jobs: int | None = None,
    pseudo: bool = False,
) -> BuildResult:
    """Build every document in the source language and in each of ``codes``."""
    result = BuildResult()
    chosen = tuple(name for name in project.formats if formats is None or name in formats)
    all_jobs: list[Job] = []
    for doc in project.documents():
        source, _segs = read_source_document(project, doc)
        result.titles[doc] = render.meta_text(source.ast, "title") or doc
        held: list[Held] = []
        findings: list[Finding] = []
        if pseudo:
            plans = [Plan(doc, code, False, None, chosen) for code in PSEUDO_LOCALES]
        else:
            plans, held, findings = plan(project, doc, codes, draft)
        plans = [replace(item, formats=chosen) for item in plans]
        result.published += plans
        result.held += held
        result.findings += findings
        alternates = tuple(
            sorted(
                (language(item.code) for item in plans),
                key=lambda lang: protocol_sort_key(lang.code),
            )
        )
        date = render.document_date(source.ast, now().date())
        all_jobs += [Job(project, source, item, alternates, date) for item in plans]
    workers = jobs or min(len(all_jobs), os.cpu_count() or 1)
    if workers <= 1:
        outcomes = [run_job(job) for job in all_jobs]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            outcomes = list(pool.map(run_job, all_jobs))
    for written, findings in outcomes:
        result.written += written
        result.findings += findings
    result.written += site.write_site(project, result.titles, result.published, result.held)
    return result


def output_path(project: Project, code: str, doc: str, fmt: str) -> Path:
    return project.outputs_dir / code / f"{doc}.{fmt}"
