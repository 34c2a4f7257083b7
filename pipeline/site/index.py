"""Published files -> ``outputs/index.html`` and ``outputs/manifest.json``.

The index lists every document and language in EU protocol order, with native
names, each format's size and the completeness of the translation. The manifest
lists every published file with its size and SHA-256.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from babel.numbers import format_decimal

from pipeline.adapters import files
from pipeline.checks.gate import Held, Plan
from pipeline.core.config import Project
from pipeline.core.languages import language, protocol_sort_key
from pipeline.render.ui import environment, render, templates_dir

LABELS = {"html": "HTML", "epub": "EPUB", "pdf": "PDF"}


def human_size(size: int, locale: str) -> str:
    """``123456`` -> ``"121 KB"`` (binary kilobytes, the locale's digits and separators)."""
    if size < 1024 * 1024:
        return f"{format_decimal(round(size / 1024), locale=locale)} KB"
    return f"{format_decimal(round(size / 1024 / 1024, 1), locale=locale)} MB"


def _rows(
    project: Project, doc: str, published: Sequence[Plan], held: Sequence[Held]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    locale = project.source_language
    for item in published:
        info = language(item.code)
        percent = item.completeness.percent if item.completeness else 100.0
        found = []
        for name in item.formats:
            path = project.output_path(item.code, doc, name)
            if path.is_file():
                found.append(
                    {
                        "href": f"{item.code}/{doc}.{name}",
                        "label": LABELS[name],
                        "size": human_size(path.stat().st_size, locale),
                    }
                )
        rows.append(_row(info.code, percent, found, "draft" if item.draft else ""))
    for entry in held:
        percent = entry.completeness.percent if entry.completeness else 0.0
        rows.append(_row(entry.code, percent, [], f"not published: {entry.reason}"))
    return sorted(rows, key=lambda row: protocol_sort_key(row["code"]))


def _row(code: str, percent: float, found: list[dict[str, str]], reason: str) -> dict[str, Any]:
    info = language(code)
    return {
        "code": info.code,
        "tag": info.tag,
        "native_name": info.native_name,
        "files": found,
        "reason": reason,
        "percent": f"{percent:.0f}%",
        "percent_width": f"{percent:.0f}",
    }


def write_site(
    project: Project, titles: Mapping[str, str], published: Sequence[Plan], held: Sequence[Held]
) -> list[str]:
    """Write the index page and the manifest; return the paths written."""
    documents = [
        {
            "name": doc,
            "title": title,
            "rows": _rows(
                project,
                doc,
                [item for item in published if item.doc == doc],
                [entry for entry in held if entry.doc == doc],
            ),
        }
        for doc, title in titles.items()
    ]

    context = {
        "language": language(project.source_language),
        "documents": documents,
        "stylesheet": (templates_dir() / "factsheet.css").read_text("utf-8"),
    }
    index = project.outputs_dir / "index.html"
    manifest = project.outputs_dir / "manifest.json"
    pages = {
        index: render(environment({}), "index.html", context).encode("utf-8"),
        manifest: json.dumps(_manifest(project, published), indent=2).encode("utf-8") + b"\n",
    }
    return [
        project.relative(path) for path, data in pages.items() if files.write_if_changed(path, data)
    ]


def _manifest(project: Project, published: Sequence[Plan]) -> dict[str, Any]:
    entries = []
    for item in sorted(published, key=lambda p: (p.doc, protocol_sort_key(p.code))):
        for name in item.formats:
            path = project.output_path(item.code, item.doc, name)
            if path.is_file():
                data = path.read_bytes()
                entries.append(
                    {
                        "path": f"{item.code}/{item.doc}.{name}",
                        "document": item.doc,
                        "language": item.code,
                        "format": name,
                        "size": len(data),
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "draft": item.draft,
                    }
                )
    return {"files": entries}
