"""Published files -> the index pages and ``outputs/manifest.json``.

The index lists every document and language in the project's order (EU protocol
order unless its settings say otherwise), with native
names, each format's size and, when not every edition is complete, the completeness
of the translation. ``index.html`` is in the source language; every other published
language has its own ``index.<code>.html``, its labels from that language's ``ui``
catalog. ``index.html`` offers a reader the index in a language their browser
prefers (a script reading ``navigator.languages``: nothing is stored or sent); the
pages name each other with ``hreflang`` links. The manifest lists every published
file with its size and SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal, format_percent
from markupsafe import Markup

from pipeline.adapters import files
from pipeline.checks.gate import Held, Plan
from pipeline.core.config import Project
from pipeline.core.languages import language, protocol_sort_key
from pipeline.render.ui import environment, gettext_for, render, templates_dir

LABELS = {"html": "HTML", "epub": "EPUB", "pdf": "PDF"}
_LANGUAGE_INDEX = re.compile(r"index\.[A-Za-z_]+\.html")


def index_name(code: str, source_language: str) -> str:
    """The index page in ``code``'s language: ``index.<code>.html``; ``index.html`` for
    the source language (and the pseudo-locales, which have no index of their own)."""
    if code == source_language or language(code).is_pseudo:
        return "index.html"
    return f"index.{code}.html"


@dataclass(frozen=True)
class Reader:
    """One index page's language: its ``ui`` labels and the documents' titles in it."""

    ui: Mapping[str, str]
    titles: Mapping[str, str]


def human_size(size: int, locale: str) -> str:
    """``123456`` -> ``"121 KB"`` (binary kilobytes, the locale's digits and separators)."""
    if size < 1024 * 1024:
        return f"{format_decimal(round(size / 1024), locale=locale)} KB"
    return f"{format_decimal(round(size / 1024 / 1024, 1), locale=locale)} MB"


def _rows(
    project: Project,
    doc: str,
    published: Sequence[Plan],
    held: Sequence[Held],
    locale: str,
    reasons: bool,
) -> list[dict[str, Any]]:
    """The rows of one document's table (``reasons``: say why an edition is held back)."""
    rows: list[dict[str, Any]] = []
    for item in published:
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
        rows.append(_row(item.code, percent, locale, found, draft=item.draft))
    for entry in held:
        percent = entry.completeness.percent if entry.completeness else 0.0
        reason = entry.reason if reasons else ""
        rows.append(_row(entry.code, percent, locale, [], held=True, reason=reason))
    return sorted(rows, key=lambda row: project.publication.sort_key(row["code"]))


def _row(
    code: str,
    percent: float,
    locale: str,
    found: list[dict[str, str]],
    draft: bool = False,
    held: bool = False,
    reason: str = "",
) -> dict[str, Any]:
    info = language(code)
    return {
        "code": info.code,
        "tag": info.tag,
        "label": info.label,
        "native_name": info.native_name,
        "files": found,
        "draft": draft,
        "held": held,
        "reason": reason,
        "complete": percent >= 100.0,
        "percent": format_percent(round(percent) / 100, locale=locale),
        "percent_width": f"{percent:.0f}",
    }


def write_site(
    project: Project,
    titles: Mapping[str, str],
    published: Sequence[Plan],
    held: Sequence[Held],
    readers: Mapping[str, Reader] | None = None,
) -> list[str]:
    """Write the index pages and the manifest; return the paths written.

    ``readers`` gives each published language's labels and titles; a language
    without them gets its index with the source language's labels. An index page
    of a language no longer published is removed.
    """
    source = project.source_language
    readers = readers or {}
    codes = sorted(
        {item.code for item in published if index_name(item.code, source) != "index.html"},
        key=project.publication.sort_key,
    )
    pages_of = {source: Reader({}, titles)} | {
        code: readers.get(code, Reader({}, titles)) for code in codes
    }
    indexes = [
        {
            "code": code,
            "tag": language(code).tag,
            "native_name": language(code).native_name,
            "href": index_name(code, source),
        }
        for code in sorted(pages_of, key=project.publication.sort_key)
    ]
    pages: dict[Path, bytes] = {}
    for code, reader in pages_of.items():
        info = language(code)
        locale = info.babel_locale
        documents = []
        for doc, title in titles.items():
            rows = _rows(
                project,
                doc,
                [item for item in published if item.doc == doc],
                [entry for entry in held if entry.doc == doc],
                locale,
                reasons=code == source,
            )
            documents.append(
                {
                    "name": doc,
                    "title": reader.titles.get(doc) or title,
                    "rows": rows,
                    # One bar per row says something only when not every row is complete.
                    "bars": not all(row["complete"] for row in rows),
                }
            )
        context = {
            "language": info,
            "documents": documents,
            "indexes": indexes,
            "offers": _offers(pages_of, source) if code == source else {},
            "stylesheet": Markup((templates_dir() / "factsheet.css").read_text("utf-8")),
            "screen_stylesheet": Markup((templates_dir() / "screen.css").read_text("utf-8")),
            "extra_css": Markup(project.publication.colour_css()),
        }
        env = environment(reader.ui, project.publication, (language(source), info))
        html = render(env, "index.html", context)
        pages[project.outputs_dir / index_name(code, source)] = html.encode("utf-8")
    manifest = project.outputs_dir / "manifest.json"
    pages[manifest] = json.dumps(_manifest(project, published), indent=2).encode("utf-8") + b"\n"
    _remove_other_indexes(project, set(pages))
    return [
        project.relative(path) for path, data in pages.items() if files.write_if_changed(path, data)
    ]


def _offers(pages_of: Mapping[str, Reader], source: str) -> dict[str, dict[str, str]]:
    """What ``index.html`` offers a reader whose browser prefers another language: by
    lower-case language tag and by its primary subtag, the page, and a link text in
    that language."""
    offers: dict[str, dict[str, str]] = {}
    for code, reader in pages_of.items():
        if code == source:
            continue
        info = language(code)
        text = gettext_for(reader.ui)(
            "This page in your language: %(language)s", language=info.native_name
        )
        offer = {"href": index_name(code, source), "tag": info.tag, "text": text}
        offers[info.tag.lower()] = offer
        offers.setdefault(info.tag.lower().split("-")[0], offer)
    return offers


def _remove_other_indexes(project: Project, kept: set[Path]) -> None:
    """Delete the ``index.<code>.html`` pages of languages that are not published now."""
    if not project.outputs_dir.is_dir():
        return
    for path in project.outputs_dir.iterdir():
        if _LANGUAGE_INDEX.fullmatch(path.name) and path.is_file() and path not in kept:
            path.unlink()


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
