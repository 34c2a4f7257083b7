"""What needs rebuilding: content fingerprints of every output's inputs.

An output is rebuilt only when the fingerprint of its inputs changed since it was
written: the source document, the language's catalogs, the assets, the pipeline
itself (code, templates, stylesheets), the versions of pandoc, WeasyPrint and the
typeface, the publication date and the languages it links to. Fingerprints live in
``outputs/.build-state.json``. ``fingerprint`` is pure; the rest reads files.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.adapters import files
from pipeline.checks.gate import Plan
from pipeline.core.config import Project
from pipeline.core.languages import Language
from pipeline.render.ui import UI_DOMAIN

STATE_FILE = ".build-state.json"
_TOOLS = (
    "pypandoc-binary",
    "weasyprint",
    "fontpkg-noto-sans",
    "babel",
    "jinja2",
    # The typefaces of the other scripts (render/fonts.py): the CJK ones are an extra.
    "fontpkg-amiri",
    "fontpkg-noto-sans-devanagari",
    "fontpkg-jetbrains-mono",
    "justmytype-intl-rtl",
    "justmytype-intl-cjk",
)


def fingerprint(inputs: Mapping[str, Any]) -> str:
    """A digest of ``inputs`` (JSON-serialisable), independent of key order."""
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode("utf-8")).hexdigest()


def file_digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def catalog_digest(project: Project, path: Path) -> str | None:
    """:func:`file_digest` of a catalog; one over ``max-catalog-bytes`` is not read:
    every command refuses it for its size alone, so its size is all a key needs."""
    try:
        size = path.stat().st_size
    except OSError:
        return None
    if size > project.max_catalog_bytes:
        return f"oversized:{size}"
    return file_digest(path)


def tree_digest(folder: Path) -> str | None:
    """A digest of every file below ``folder`` (names and contents), None if absent."""
    if not folder.is_dir():
        return None
    digest = hashlib.sha256()
    for path in sorted(
        p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    ):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@cache
def pipeline_digest() -> str:
    """The pipeline itself: its code and templates, and the tools it renders with."""
    versions: dict[str, str | None] = {}
    for name in _TOOLS:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return fingerprint({"code": tree_digest(Path(__file__).parents[1]), "tools": versions})


@dataclass
class BuildState:
    """Fingerprints of the outputs as last written, and facts cached by content hash."""

    path: Path
    outputs: dict[str, str] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    _used: dict[str, set[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, outputs_dir: Path) -> BuildState:
        path = outputs_dir / STATE_FILE
        try:
            data = json.loads(path.read_text("utf-8"))
            return cls(path, dict(data.get("outputs", {})), dict(data.get("facts", {})))
        except (OSError, ValueError):
            return cls(path)  # no state, or a damaged one: rebuild everything

    def _name(self, output: Path) -> str:
        """Outputs are named relative to the outputs folder, so the state can move with it."""
        return output.relative_to(self.path.parent).as_posix()

    def fresh(self, output: Path, key: str) -> bool:
        return output.is_file() and self.outputs.get(self._name(output)) == key

    def record(self, output: Path, key: str) -> None:
        self.outputs[self._name(output)] = key

    def forget_missing(self) -> None:
        """Forget the fingerprints of outputs that are gone (removed, or deleted by hand)."""
        folder = self.path.parent
        kept = {name: key for name, key in self.outputs.items() if (folder / name).is_file()}
        self.outputs = kept

    def remember(self, kind: str, key: str, compute: Callable[[], Any]) -> Any:
        """The fact ``kind``/``key``, computed once; facts of a kind this run asked for
        but did not use are dropped on saving, so the state does not grow forever."""
        known = self.facts.setdefault(kind, {})
        self._used.setdefault(kind, set()).add(key)
        if key not in known:
            known[key] = compute()
        return known[key]

    def save(self) -> None:
        for kind, used in self._used.items():
            self.facts[kind] = {key: self.facts[kind][key] for key in sorted(used)}
        data = {"outputs": self.outputs, "facts": self.facts}
        files.write_if_changed(
            self.path, json.dumps(data, indent=1, sort_keys=True).encode("utf-8")
        )


def output_keys(
    project: Project,
    item: Plan,
    inputs: dict[str, Any],
    alternates: tuple[Language, ...],
) -> dict[str, str]:
    """The fingerprint of each format's output of one language.

    Only the HTML page shows the other editions (language switcher, ``hreflang``) and
    links to the downloads, so only its fingerprint holds them: publishing one more
    language rebuilds every page, not every book.
    """
    language_inputs = {
        **inputs,
        "language": item.code,
        "draft": round(item.completeness.percent, 6) if item.draft and item.completeness else None,
        "catalog": catalog_digest(project, project.catalog_path(item.code, item.doc)),
        "ui": catalog_digest(project, project.catalog_path(item.code, UI_DOMAIN)),
    }
    if project.fonts:  # the project's own typefaces
        language_inputs["fonts"] = [
            [name, file_digest(project.root / name)] for name in project.fonts
        ]
    links = {"alternates": [lang.code for lang in alternates], "formats": item.formats}
    return {
        fmt: fingerprint({**language_inputs, **(links if fmt == "html" else {}), "format": fmt})
        for fmt in project.formats
    }


def stale_formats(
    project: Project,
    item: Plan,
    keys: dict[str, str],
    chosen: tuple[str, ...],
    requested: bool,
    state: BuildState,
) -> tuple[str, ...]:
    """The formats of ``item`` this build renders.

    A requested language: every chosen format that is out of date. Any other edition:
    only its HTML page, and only when nothing but the links to other editions changed
    (its books are current), so that every page's language switcher stays true.
    """

    def fresh(fmt: str) -> bool:
        return state.fresh(project.output_path(item.code, item.doc, fmt), keys[fmt])

    if requested:
        return tuple(fmt for fmt in chosen if not fresh(fmt))
    books = [fmt for fmt in project.formats if fmt != "html"]
    if "html" in project.formats and not fresh("html") and all(map(fresh, books)):
        html = project.output_path(item.code, item.doc, "html")
        return ("html",) if html.is_file() else ()
    return ()
