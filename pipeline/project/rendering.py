"""One edition: a language of a document rendered in its formats, and its files checked.

The screen formats (HTML page, EPUB) are written by a forked process beside the PDF,
on another core, while WeasyPrint keeps this one busy (a thread would share the
interpreter with it). Every file is written to a temporary name first and put in place
only when all of them were written, so a language that fails to render keeps its
previous files whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.numbers import format_percent

from pipeline.adapters import files, hyphenation, processes
from pipeline.checks.gate import Plan
from pipeline.checks.outputs import check_outputs, html_text
from pipeline.core.config import Project
from pipeline.core.errors import PipelineError
from pipeline.core.findings import ERROR, WARNING, Finding
from pipeline.core.languages import Language, language
from pipeline.project import editions as editions_
from pipeline.render import fonts
from pipeline.render import page as render
from pipeline.render.metadata import edition_metadata, meta_texts
from pipeline.render.quotes import metadata_quotes
from pipeline.render.ui import environment, gettext_for, templates_dir
from pipeline.site import index as site
from pipeline.translate.document import (
    SourceDocument,
)
from pipeline.translate.typography import source_words


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


def run_job(job: Job) -> Outcome:
    """Render one language of one document; a failure becomes a finding, not a crash."""
    try:
        written, findings = _render(job)
        return Outcome(job, written, findings, True)
    except PipelineError as error:
        where = job.project.relative(Path(error.path or job.project.outputs_dir / job.plan.code))
        finding = Finding(where, error.line or 0, ERROR, "build-failed", error.message)
        return Outcome(job, [], [finding], False)


def _render(job: Job) -> tuple[list[str], list[Finding]]:
    project, plan_ = job.project, job.plan
    info = language(plan_.code)
    ast, ui_texts, findings, published = editions_.translated_edition(
        project, job.source, plan_.code, plan_.doc
    )
    ast = edition_metadata(metadata_quotes(ast, info.code), info)
    gettext = gettext_for(ui_texts)
    env = environment(ui_texts, project.publication, (language(project.source_language), info))
    faces = fonts.typefaces(project.root, project.fonts) if "pdf" in job.build_formats else None
    imprint = render.Imprint(
        project.publisher,
        project.creator,
        project.rights,
        tuple(project.identifiers.get(info.code, {}).items()),
    ).in_language(gettext, info.is_pseudo)
    page = render.Page(
        doc=plan_.doc,
        language=info,
        parts=render.html_parts(
            ast,
            info.code,
            project.source_language,
            source_words(job.source.ast),
            info.direction,
        ),
        title_text=render.meta_text(ast, "title").strip() or plan_.doc,  # untitled: its name
        description_text=render.meta_text(ast, "description"),
        date=job.date,
        alternates=job.alternates,
        formats=plan_.formats,
        draft_percent=_percent(plan_, info.babel_locale) if plan_.draft else None,
        date_locale=project.date_locale(info.code, info.babel_locale),
        index_name=site.index_name(info.code, project.source_language),
        font_css=fonts.font_css(faces, info.code) if faces else "",
        authors=meta_texts(ast, "author"),
        keywords=meta_texts(ast, "keywords"),
        publication=project.publication,
        logo_alt=imprint.publisher,
        imprint=imprint,
    )
    finals = {fmt: project.output_path(plan_.code, plan_.doc, fmt) for fmt in job.build_formats}
    with files.staged(finals.values()) as temporary:
        staged = {fmt: temporary[path] for fmt, path in finals.items()}
        screen = {fmt: path for fmt, path in staged.items() if fmt != "pdf"}
        try:
            beside = (
                processes.forked(_screen_formats, job, page, ast, env, gettext, screen, published)
                if screen
                else processes.done([])
            )
            try:
                if "pdf" in staged:
                    assert faces is not None
                    findings += _print_format(job, page, env, gettext, faces, staged["pdf"])
                    findings += _checked(job, {"pdf": staged["pdf"]}, published)
            except BaseException:
                beside.wait()  # its files are stand-ins, removed with the others
                raise
            findings += beside.result()
        except PipelineError as error:  # named after the file it is about, not its stand-in
            shown = {str(stand_in): str(path) for path, stand_in in temporary.items()}
            error.path = shown.get(error.path or "", error.path)
            raise
    return [project.relative(path) for path in finals.values()], findings


def _screen_formats(
    job: Job,
    page: render.Page,
    ast: dict[str, Any],
    env: Any,
    gettext: Callable[[str], str],
    paths: dict[str, Path],
    published: list[str],
) -> list[Finding]:
    """Write the HTML page and the EPUB book at their ``paths``, and check them."""
    source_dir = job.project.source_dir
    for fmt, path in paths.items():
        if fmt == "html":
            screen = render.with_embedded_images(page, source_dir)
            render.write_html(path, render.page_html(env, screen, gettext, source_dir))
        else:
            render.write_epub(ast, page, path, gettext, source_dir, page.imprint)
    return _checked(job, paths, published)


def _print_format(
    job: Job,
    page: render.Page,
    env: Any,
    gettext: Callable[[str], str],
    faces: fonts.Typefaces,
    path: Path,
) -> list[Finding]:
    """Write the PDF at ``path``: the renderer's warnings."""
    project, plan_, info = job.project, job.plan, page.language
    shown = project.relative(project.output_path(plan_.code, plan_.doc, "pdf"))
    allowed = [project.source_dir / "assets", templates_dir(), render.font_dir()]
    hyphenation.register(info.tag, project.cache_dir)
    html = render.print_html(env, page, gettext)
    name = f"{info.english_name} ({info.code})"
    fonts.require_coverage(html_text(html)[0] + page.date_text, faces, name, shown)
    config = fonts.fontconfig_file(faces.configured)
    warnings, log = render.write_pdf(html, path, project.source_dir, allowed, page, config)
    findings = [
        Finding(shown, 0, WARNING, "pdf-fetch", f"refused to load {url}") for url in log.refused
    ]
    return findings + [_render_finding(shown, text) for text in warnings]


def _checked(job: Job, paths: dict[str, Path], published: list[str]) -> list[Finding]:
    """What a reader would see wrong in the files at ``paths`` although the catalog is
    right (not looked for in a pseudo-locale)."""
    project, plan_ = job.project, job.plan
    info = language(plan_.code)
    if info.is_pseudo:
        return []
    shown = {
        fmt: project.relative(project.output_path(plan_.code, plan_.doc, fmt)) for fmt in paths
    }
    return check_outputs(paths, published, info, shown)


def _render_finding(shown: str, warning: str) -> Finding:
    """A renderer's warning; a glyph drawn as a box is an error a reader would see."""
    if ".notdef glyph" in warning:
        return Finding(shown, 0, ERROR, "font-coverage", f"drawn as a missing glyph: {warning}")
    return Finding(shown, 0, WARNING, "pdf-render", warning)


def _percent(plan_: Plan, locale: str) -> str:
    value = plan_.completeness.percent if plan_.completeness else 100.0
    return format_percent(value / 100, locale=locale)
