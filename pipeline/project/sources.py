"""The project's source documents: ``source/<doc>.md`` read within its limits and parsed.

The source is trusted, but it is still held to the limits that keep pandoc's reading
bounded (:mod:`pipeline.core.untrusted`): a paragraph beyond them is an error at its
line, before pandoc sees it, and so is markup nested deeper than the AST may be.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from pipeline.adapters import files, pandoc
from pipeline.core.config import Project
from pipeline.core.errors import PipelineError, UsageError
from pipeline.core.findings import ERROR, Finding
from pipeline.core.untrusted import markdown_problem
from pipeline.extract import segments
from pipeline.extract.incremental import extract_segments, write_messages
from pipeline.project.state import BuildState, file_digest
from pipeline.render.page import document_date, meta_text
from pipeline.render.quotes import metadata_quotes
from pipeline.render.ui import UI_DOMAIN, UiMessage, extract_ui
from pipeline.translate.document import SourceDocument, targets


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


def document_facts(
    project: Project, doc: str, digest: str | None, state: BuildState
) -> tuple[dict[str, Any], SourceDocument | None]:
    """Title and date of a source document, parsed only when its bytes are new.

    Returns the parsed document too when it had to be parsed, so it is parsed once.
    """
    known = state.facts.setdefault("sources", {})
    source = None
    if digest not in known or "images" not in known[digest]:
        source, _segments = read_source_document(project, doc)
        date = document_date(source.ast, dt.date.min)
        known[digest] = {
            "title": meta_text(metadata_quotes(source.ast, project.source_language), "title")
            or doc,
            "date": None if date == dt.date.min else date.isoformat(),
            "images": sorted(targets([source.ast["meta"], source.ast["blocks"]], ("Image",))),
        }
    facts: dict[str, Any] = known[digest]
    return facts, source


# Images the pages may show from elsewhere; every other address must be a project asset.
_REMOTE_SCHEMES = ("http", "https", "data")


def asset_findings(
    project: Project, doc: str, state: BuildState
) -> tuple[list[Finding], SourceDocument | None]:
    """An error for each image of ``source/<doc>.md`` that is not a file below
    ``source/assets``, at the line that names it (the files are looked at every time),
    and the parsed document when it had to be parsed (only when its bytes are new)."""
    path = project.source_path(doc)
    facts, source = document_facts(project, doc, file_digest(path), state)
    assets = (project.source_dir / "assets").resolve()
    shown = project.relative(path)
    text = files.read_bytes(path).decode("utf-8", "replace")
    findings = []
    for url in facts["images"]:
        parts = urlsplit(url)
        if parts.scheme in _REMOTE_SCHEMES and (parts.netloc or parts.scheme == "data"):
            continue
        target = (project.source_dir / unquote(parts.path)).resolve()
        if parts.scheme or parts.netloc or not target.is_relative_to(assets):
            problem = f"image {url} is not below source/assets"
        elif not target.is_file():
            problem = f"image {url} not found"
        else:
            continue
        findings.append(Finding(shown, _line_naming(text, url), ERROR, "missing-asset", problem))
    return sorted(findings, key=lambda finding: finding.line), source


def _line_naming(text: str, url: str) -> int:
    """The first line of ``text`` that names ``url`` (or its file name); 0 if none does."""
    lines = text.splitlines()
    for needle in (url, unquote(url), PurePosixPath(unquote(urlsplit(url).path)).name):
        for number, line in enumerate(lines, 1):
            if needle and needle in line:
                return number
    return 0
