"""The project's source documents: ``source/<doc>.md`` read within its limits and parsed."""

from __future__ import annotations

from pipeline.adapters import pandoc
from pipeline.core.config import Project
from pipeline.core.errors import PipelineError, UsageError
from pipeline.extract import segments
from pipeline.extract.incremental import write_messages
from pipeline.translate.document import SourceDocument


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
