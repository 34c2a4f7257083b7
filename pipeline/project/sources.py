"""The project's source documents: ``source/<doc>.md`` read within its limits and parsed.

The source is trusted, but it is still held to the limits that keep pandoc's reading
bounded (:mod:`pipeline.core.untrusted`): a paragraph beyond them is an error at its
line, before pandoc sees it, and so is markup nested deeper than the AST may be.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TypeVar

from pipeline.adapters import files, pandoc
from pipeline.core.config import Project
from pipeline.core.errors import PipelineError, UsageError
from pipeline.core.untrusted import markdown_problem
from pipeline.extract import segments
from pipeline.extract.incremental import extract_segments, segments_of
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
    for line, block in _paragraphs(text):
        problem = markdown_problem(block)
        if problem is not None:
            raise PipelineError(problem, shown, line)
    return text


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """Each run of lines between blank lines, with its first line; code blocks left out
    (pandoc does not look for links in them)."""
    start, fence = 0, ""
    lines: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1).startswith(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
        if opening or not line.strip():
            if lines:
                yield start, "\n".join(lines)
            start, lines = 0, []
            continue
        start = start or number
        lines.append(line)
    if lines:
        yield start, "\n".join(lines)


Parsed = TypeVar("Parsed")


def _within_depth(shown: str, text: str, parse: Callable[[str], Parsed]) -> Parsed:
    """``parse(text)``; markup nested too deeply is an error at the line that nests it.

    The line is found by parsing ever shorter beginnings of the document (pandoc keeps
    no positions), which only an erroneous document pays for.
    """
    try:
        return parse(text)
    except pandoc.TooComplex as error:
        raise PipelineError(error.message, shown, _deep_line(text)) from error
    except pandoc.Failed as error:
        raise _refused(shown, text) from error


_YAML_ERROR = re.compile(
    r"^Error parsing YAML metadata at \(line (\d+), column \d+\):\s*"
    r"YAML parse exception at line (\d+), column \d+[,:]?\s*(.*)$",
    re.DOTALL,
)


def _refused(shown: str, text: str) -> PipelineError:
    """pandoc's refusal of the whole source, at the source's line where it can say.

    ``parse`` may have given pandoc a part of the source (only what changed), so the
    whole is read again to have pandoc's positions in it; a YAML block's error is at
    the block's first line plus the line within the block.
    """
    try:
        pandoc.read_source(text, quiet=True)
    except pandoc.Failed as error:
        match = _YAML_ERROR.match(error.reason)
        if match is None:
            return PipelineError(error.message, shown)
        line = int(match.group(1)) + int(match.group(2))
        reason = " ".join(match.group(3).split())
        return PipelineError(f"YAML metadata cannot be read: {reason}", shown, line)
    return PipelineError("pandoc failed on a part of this document", shown)


def _deep_line(text: str) -> int:
    """The first line at which the beginning of ``text`` nests too deeply."""
    lines = text.splitlines(keepends=True)
    low, high = 1, len(lines)  # the beginning of ``high`` lines is too deep
    while low < high:
        middle = (low + high) // 2
        try:
            pandoc.read_source("".join(lines[:middle]), quiet=True)
        except pandoc.TooComplex:
            high = middle
        else:
            low = middle + 1
    return high


def read_source_document(
    project: Project, doc: str
) -> tuple[SourceDocument, list[segments.Segment]]:
    """Parse ``source/<doc>.md`` and write every slot's inlines as a message (2 pandoc calls)."""
    shown = project.relative(project.source_path(doc))
    ast = _within_depth(shown, source_text(project, doc), pandoc.read_source)
    fields = project.translatable_metadata
    segs = segments_of(ast, fields)
    source = SourceDocument(doc, shown, ast, tuple(seg.msgid for seg in segs), fields)
    return source, segs


def source_segments(project: Project, doc: str) -> list[segments.Segment]:
    """The segments of ``source/<doc>.md``, re-parsing only the chunks that changed."""
    cache = project.cache_dir / f"extract-{doc}.bin"
    fields = project.translatable_metadata
    shown = project.relative(project.source_path(doc))
    return _within_depth(
        shown, source_text(project, doc), lambda text: extract_segments(text, fields, cache)
    )


def ui_messages(project: Project) -> list[UiMessage]:
    """The page templates' messages (remembered while the templates do not change)."""
    cache = project.cache_dir / "ui-messages.bin"
    return extract_ui(project.publication, cache, imprint_texts(project))


def imprint_texts(project: Project) -> dict[str, str]:
    """The settings an edition prints in its own language: each one a ``ui`` msgid."""
    return {"publisher": project.publisher, "rights": project.rights}


def current_messages(project: Project, domain: str) -> tuple[str, ...]:
    """The msgids ``extract`` would write now for ``domain``, in template order.

    Completeness is measured against these, never against whatever a catalog holds.
    """
    if domain == UI_DOMAIN:
        return tuple(dict.fromkeys(message.msgid for message in ui_messages(project)))
    found = (segment.msgid for segment in source_segments(project, domain))
    return tuple(dict.fromkeys(msgid for msgid in found if msgid.strip()))
