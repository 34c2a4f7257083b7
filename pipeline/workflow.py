"""The commands, each written once as a short sequence of stage calls.

This is the shell around the pure stages: it reads files, calls the adapters and
writes results. It never prints; it returns what happened for the CLI to report.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline import catalog as cat
from pipeline import pandoc, pofile, segments
from pipeline.catalog import Catalog, Completeness
from pipeline.catalog_cache import CatalogCache, prune_caches
from pipeline.config import Project
from pipeline.errors import PipelineError, UsageError
from pipeline.extraction import extract_segments, write_messages
from pipeline.findings import ERROR, Finding
from pipeline.languages import language, normalize_code
from pipeline.translation import SourceDocument
from pipeline.ui import UI_DOMAIN, extract_ui


def now(epoch: str | None = None) -> dt.datetime:
    """The build time: ``SOURCE_DATE_EPOCH`` when set, so that builds are reproducible."""
    epoch = epoch if epoch is not None else os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def po_date(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M%z")


def project_id(domain: str) -> str:
    """The ``Project-Id-Version`` of a domain: its name, the same on every machine."""
    return domain


# -- extraction ---------------------------------------------------------------------------


def source_text(project: Project, doc: str) -> str:
    """The text of ``source/<doc>.md``, within the project's size limit."""
    path = project.source_path(doc)
    shown = project.relative(path)
    if not path.is_file():
        raise UsageError(f"no source document {doc!r}", shown)
    data = path.read_bytes()
    if len(data) > project.max_source_bytes:
        raise PipelineError(
            f"source is {len(data)} bytes, over the limit of {project.max_source_bytes}", shown
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PipelineError("invalid UTF-8", shown, line) from error
    return text


def read_source_document(
    project: Project, doc: str
) -> tuple[SourceDocument, list[segments.Segment]]:
    """Parse ``source/<doc>.md`` and write every slot's inlines as a message (2 pandoc calls)."""
    shown = project.relative(project.source_path(doc))
    ast = pandoc.read_source(source_text(project, doc))
    fields = project.translatable_metadata
    found = list(segments.slots(ast, fields))
    msgids = write_messages(found)
    segs = [
        segments.Segment(msgid, slot.kind, slot.section)
        for slot, msgid in zip(found, msgids, strict=True)
    ]
    source = SourceDocument(doc, shown, ast, tuple(msgids), fields)
    return source, segs


def document_template(project: Project, doc: str, moment: dt.datetime) -> Catalog:
    cache = project.cache_dir / f"extract-{doc}.bin"
    segs = extract_segments(source_text(project, doc), project.translatable_metadata, cache)
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
        for message in extract_ui(project.cache_dir / "ui-messages.bin")
    )
    comments = ("Messages of the page templates: labels, language switcher, downloads.",)
    return Catalog(header=header, entries=entries, header_comments=comments)


def domains(project: Project) -> list[str]:
    return [*project.documents(), UI_DOMAIN]


def extract(project: Project) -> list[str]:
    """Write ``locales/<domain>.pot`` for every document and the ``ui`` domain."""
    moment = now()
    written = []
    for domain in domains(project):
        fresh = (
            ui_template(project, moment)
            if domain == UI_DOMAIN
            else document_template(project, domain, moment)
        )
        path = project.template_path(domain)
        cache = catalog_cache(project, path)
        previous = read_catalog_file(project, path, cache)
        if write_catalog_file(project, path, cat.with_creation_date(fresh, previous), cache):
            written.append(project.relative(path))
    return written


def catalog_cache(project: Project, path: Path) -> CatalogCache:
    """What the last run learnt about the catalog at ``path`` (see catalog_cache)."""
    return CatalogCache.load(project.cache_dir, path)


def read_catalog_file(
    project: Project, path: Path, cache: CatalogCache | None = None
) -> Catalog | None:
    """The catalog at ``path`` within the project's size limits; None if there is none."""
    if not path.is_file():
        return None
    shown = project.relative(path)
    cache = cache or catalog_cache(project, path)
    return pofile.read(path, shown, project.max_catalog_bytes, project.max_message_length, cache)


def write_catalog_file(
    project: Project, path: Path, catalog: Catalog, cache: CatalogCache | None = None
) -> bool:
    """Write a catalog as msgcat would, reusing and refreshing the cache."""
    return pofile.write(path, catalog, cache or catalog_cache(project, path))


def read_template(project: Project, domain: str) -> Catalog:
    path = project.template_path(domain)
    template = read_catalog_file(project, path)
    if template is None:
        raise UsageError(f"no template {project.relative(path)}: run 'extract' first")
    return template


# -- catalogs -----------------------------------------------------------------------------


def init(project: Project, raw_code: str) -> list[str]:
    """Create the catalogs of a new language (existing ones are left alone)."""
    code = normalize_code(raw_code)
    info = language(code)
    written = []
    for domain in domains(project):
        path = project.catalog_path(code, domain)
        if path.exists():
            continue
        template = read_template(project, domain)
        fresh = cat.new_catalog(
            template, code, info.english_name, info.plural_forms, project_id(domain)
        )
        write_catalog_file(project, path, fresh)
        written.append(project.relative(path))
    return written


@dataclass
class UpdateResult:
    written: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def update(project: Project, codes: list[str], purge_obsolete: bool = False) -> UpdateResult:
    """Merge every template into each language's catalogs; a broken catalog is skipped."""
    result = UpdateResult()
    templates = {domain: read_template(project, domain) for domain in domains(project)}
    for code in codes:
        info = language(code)
        for domain, template in templates.items():
            path = project.catalog_path(code, domain)
            try:
                cache = catalog_cache(project, path)
                old = read_catalog_file(project, path, cache)
            except PipelineError as error:
                result.findings.append(_error_finding(error, "catalog-syntax"))
                continue
            if old is None:
                old = cat.new_catalog(
                    template, code, info.english_name, info.plural_forms, project_id(domain)
                )
            merged = cat.merge(template, old)
            if purge_obsolete:
                merged = cat.purge_obsolete(merged)
            if write_catalog_file(project, path, merged, cache):
                result.written.append(project.relative(path))
    # The caches of catalogs that are gone (a language removed, a document renamed).
    prune_caches(
        project.cache_dir,
        [*project.locales_dir.glob("*.pot"), *project.locales_dir.glob("*/LC_MESSAGES/*.po")],
    )
    return result


def _error_finding(error: PipelineError, code: str) -> Finding:
    return Finding(error.path or "", error.line or 0, ERROR, code, error.message)


def target_languages(project: Project, requested: list[str]) -> list[str]:
    """The requested languages (validated), or every configured language."""
    if not requested:
        return list(project.languages)
    codes = [normalize_code(code) for code in requested]
    unknown = [
        code for code in codes
        if code not in project.languages and not (project.locales_dir / code).is_dir()
    ]  # fmt: skip
    if unknown:
        raise UsageError(
            f"language {unknown[0]!r} is not in [tool.pipeline] languages and has no catalogs"
        )
    return codes


@dataclass(frozen=True)
class StatsRow:
    language: str
    domain: str
    completeness: Completeness


def stats(project: Project, codes: list[str]) -> tuple[list[StatsRow], list[Finding]]:
    rows: list[StatsRow] = []
    findings: list[Finding] = []
    for code in codes:
        for domain in domains(project):
            path = project.catalog_path(code, domain)
            try:
                found = read_catalog_file(project, path)
            except PipelineError as error:
                findings.append(_error_finding(error, "catalog-syntax"))
                continue
            if found is not None:
                rows.append(StatsRow(code, domain, cat.completeness(found)))
    return rows, findings


def elapsed(start: float) -> float:
    return time.perf_counter() - start


def import_translation(project: Project, raw_code: str, doc: str, translated: Path) -> str:
    """Create ``locales/<lang>/LC_MESSAGES/<doc>.po`` from a translated document."""
    from pipeline import importing

    code = normalize_code(raw_code)
    info = language(code)
    path = project.catalog_path(code, doc)
    if path.exists():
        raise UsageError(f"{project.relative(path)} exists; importing would overwrite translations")
    source, source_segments = read_source_document(project, doc)
    shown = str(translated)
    text = translated.read_text("utf-8")
    ast = pandoc.read_source(text)
    found = list(segments.slots(ast, project.translatable_metadata))
    msgstrs = write_messages(found)
    theirs = [
        segments.Segment(m, slot.kind, slot.section) for slot, m in zip(found, msgstrs, strict=True)
    ]
    source_text = project.source_path(doc).read_text("utf-8")
    source_plain = [
        segments.plain_text(slot.inlines)
        for slot in segments.slots(source.ast, source.metadata_fields)
    ]
    importing.align(
        importing.locate(source_text, source_segments, source_plain),
        importing.locate(text, theirs, [segments.plain_text(slot.inlines) for slot in found]),
        source.path,
        shown,
    )
    template = cat.new_catalog(
        read_template(project, doc), code, info.english_name, info.plural_forms, project_id(doc)
    )
    pairs = [(mine.msgid, other.msgid) for mine, other in zip(source_segments, theirs, strict=True)]
    write_catalog_file(project, path, importing.catalog_from_pairs(template, pairs))
    return project.relative(path)
