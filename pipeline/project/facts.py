"""What the build remembers of a source document, and the images it names.

Title, date and images are read from the parsed document once per version of its
bytes (the build state keeps them); the images are looked for on disk every time.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from pipeline.adapters import files
from pipeline.core.config import Project
from pipeline.core.findings import ERROR, Finding
from pipeline.project.sources import read_source_document
from pipeline.project.state import BuildState, file_digest
from pipeline.render.page import document_date, meta_text
from pipeline.render.quotes import metadata_quotes
from pipeline.translate.document import SourceDocument, targets


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
