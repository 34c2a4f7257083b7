"""The ``extract`` command: source documents and page templates -> ``locales/*.pot``."""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from pipeline.catalogs import model as cat
from pipeline.catalogs.model import Catalog
from pipeline.core.config import Project
from pipeline.core.errors import PipelineError
from pipeline.project.catalogs import (
    catalog_cache,
    domains,
    project_id,
    read_catalog_file,
    write_catalog_file,
)
from pipeline.project.clock import now, po_date
from pipeline.project.sources import source_segments, ui_messages
from pipeline.render.ui import UI_DOMAIN


def document_template(project: Project, doc: str, moment: dt.datetime) -> Catalog:
    """The template of ``source/<doc>.md``; a document with no translatable block (empty,
    or metadata alone) is an error: it would publish empty pages as complete."""
    segs = source_segments(project, doc)
    if all(segment.kind.startswith("metadata ") for segment in segs):
        raise PipelineError(
            "no translatable block: the document has no text to translate or publish",
            project.relative(project.source_path(doc)),
        )
    header = cat.template_header(project_id(doc), po_date(moment))
    reference = project.relative(project.source_path(doc))
    template = cat.template_from_segments(segs, reference, header)
    return replace(template, header_comments=(f"Messages of {reference}.",))


def ui_template(project: Project, moment: dt.datetime) -> Catalog:
    header = cat.template_header(project_id(UI_DOMAIN), po_date(moment))
    entries = tuple(
        cat.Entry(
            msgid=message.msgid,
            extracted_comments=(message.comment,),
            flags=("python-format",) if "%(" in message.msgid else (),
        )
        for message in ui_messages(project)
    )
    comments = ("Messages of the page templates: labels, language switcher, downloads.",)
    return Catalog(header=header, entries=entries, header_comments=comments)


def extract(project: Project) -> list[str]:
    """Write ``locales/<domain>.pot`` for every document and the ``ui`` domain.

    The domains are extracted at the same time, a thread each up to one per core: their
    time is mostly pandoc's, in processes of its own. The first error, in the order of
    the domains, is raised once all are done.
    """
    moment = now()
    names = domains(project)

    def one(domain: str) -> str | None:
        fresh = (
            ui_template(project, moment)
            if domain == UI_DOMAIN
            else document_template(project, domain, moment)
        )
        path = project.template_path(domain)
        cache = catalog_cache(project, path)
        previous = read_catalog_file(project, path, cache)
        if write_catalog_file(project, path, cat.with_creation_date(fresh, previous), cache):
            return project.relative(path)
        return None

    with ThreadPoolExecutor(max_workers=max(1, min(len(names), os.cpu_count() or 1))) as pool:
        done = list(pool.map(one, names))
    return [path for path in done if path is not None]
