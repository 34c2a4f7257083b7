"""The project's source documents: ``source/<doc>.md`` read within its limits and parsed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pipeline.adapters import files, pandoc
from pipeline.core.config import Project
from pipeline.core.errors import PipelineError, UsageError
from pipeline.extract import segments
from pipeline.extract.incremental import extract_segments, write_messages
from pipeline.project.state import BuildState
from pipeline.render.page import document_date, meta_text
from pipeline.render.ui import UI_DOMAIN, UiMessage, extract_ui
from pipeline.translate.document import SourceDocument


def source_text(project: Project, doc: str) -> str:
    """The text of ``source/<doc>.md``, within the project's size limit."""
    path = project.source_path(doc)
    shown = project.relative(path)
    if not path.is_file():
        raise UsageError(f"no source document {doc!r}", shown)
    data = files.read_bytes(path)
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


def source_segments(project: Project, doc: str) -> list[segments.Segment]:
    """The segments of ``source/<doc>.md``, re-parsing only the chunks that changed."""
    cache = project.cache_dir / f"extract-{doc}.bin"
    return extract_segments(source_text(project, doc), project.translatable_metadata, cache)


def ui_messages(project: Project) -> list[UiMessage]:
    """The page templates' messages (remembered while the templates do not change)."""
    return extract_ui(project.cache_dir / "ui-messages.bin")


def current_messages(project: Project, domain: str) -> tuple[str, ...]:
    """The msgids ``extract`` would write now for ``domain``, in template order.

    Completeness is measured against these, never against whatever a catalog holds.
    """
    if domain == UI_DOMAIN:
        return tuple(dict.fromkeys(message.msgid for message in ui_messages(project)))
    found = (segment.msgid for segment in source_segments(project, domain))
    return tuple(dict.fromkeys(msgid for msgid in found if msgid.strip()))


def document_facts(
    project: Project, doc: str, digest: str | None, state: BuildState
) -> tuple[dict[str, Any], SourceDocument | None]:
    """Title and date of a source document, parsed only when its bytes are new.

    Returns the parsed document too when it had to be parsed, so it is parsed once.
    """
    known = state.facts.setdefault("sources", {})
    source = None
    if digest not in known:
        source, _segments = read_source_document(project, doc)
        date = document_date(source.ast, dt.date.min)
        known[digest] = {
            "title": meta_text(source.ast, "title") or doc,
            "date": None if date == dt.date.min else date.isoformat(),
        }
    facts: dict[str, Any] = known[digest]
    return facts, source
