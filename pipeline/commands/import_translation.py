"""The ``import`` command: a translated document with the source's structure -> a catalog."""

from __future__ import annotations

from pathlib import Path

from pipeline.adapters import pandoc
from pipeline.catalogs import importing
from pipeline.catalogs import model as cat
from pipeline.core.config import Project
from pipeline.core.errors import UsageError
from pipeline.core.languages import language, normalize_code
from pipeline.extract import segments
from pipeline.extract.incremental import write_messages
from pipeline.project.catalogs import project_id, read_template, write_catalog_file
from pipeline.project.sources import read_source_document


def import_translation(project: Project, raw_code: str, doc: str, translated: Path) -> str:
    """Create ``locales/<lang>/LC_MESSAGES/<doc>.po`` from a translated document."""
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
    msgstrs = write_messages(found, ast["pandoc-api-version"])
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
