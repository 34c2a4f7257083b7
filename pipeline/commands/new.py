"""The ``new`` command: a project folder to start from.

Writes ``DIR/pyproject.toml`` with a ``[tool.pipeline]`` table (or adds the table to a
pyproject.toml that has none), ``DIR/source/<doc>.md`` with a first document to replace,
and ``DIR/.gitignore`` for the build outputs. A project that exists is left alone.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pipeline.adapters import files
from pipeline.core.config import TABLE
from pipeline.core.errors import PipelineError, UsageError
from pipeline.core.languages import normalize_code

SETTINGS = """\
[tool.pipeline]
source-language = "{source}"
languages = [{languages}]                 # target languages: add one, then run 'init LANG'
formats = ["html", "epub", "pdf"]
publish-threshold = 100                  # percent of source words translated to publish
"""

FIRST_DOCUMENT = """\
---
title: {title}
---

# Introduction

Replace this text with your document, written in Pandoc Markdown.
"""


def new_project(folder: Path, source: str, languages: list[str], doc: str) -> list[str]:
    """Create the project folder ``folder``; return the files written."""
    if not doc or doc.startswith(".") or any(char in doc for char in "/\\") or doc == "ui":
        raise UsageError(f"{doc!r} is not a document name (source/<name>.md)")
    codes = [normalize_code(code) for code in languages]
    source = normalize_code(source)
    pyproject = folder / "pyproject.toml"
    settings = SETTINGS.format(source=source, languages=", ".join(f'"{code}"' for code in codes))
    if pyproject.is_file():
        text = files.read_bytes(pyproject).decode("utf-8", "replace")
        try:
            has_table = TABLE in tomllib.loads(text).get("tool", {})
        except tomllib.TOMLDecodeError as error:
            raise PipelineError(f"invalid TOML: {error}", str(pyproject)) from error
        if has_table:
            raise UsageError(f"{pyproject} has a [tool.{TABLE}] table already: nothing written")
        settings = text.rstrip("\n") + "\n\n" + settings
    written = []
    document = folder / "source" / f"{doc}.md"
    if not (folder / "source").is_dir() or not any((folder / "source").glob("*.md")):
        document.parent.mkdir(parents=True, exist_ok=True)
        title = doc.replace("-", " ").replace("_", " ").capitalize()
        files.write_atomic(document, FIRST_DOCUMENT.format(title=title).encode("utf-8"))
        written.append(document)
    folder.mkdir(parents=True, exist_ok=True)
    files.write_atomic(pyproject, settings.encode("utf-8"))
    written.append(pyproject)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        files.write_atomic(ignore, b"outputs/\n")
        written.append(ignore)
    return [str(path) for path in written]
