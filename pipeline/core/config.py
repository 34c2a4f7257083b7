"""Project settings: the ``[tool.pipeline]`` table of a project's pyproject.toml.

``parse_config`` is pure (a mapping in, a :class:`Project` out); ``load_project``
finds and reads the file. Unknown keys and invalid values are errors that name the
file and the key.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.core.errors import PipelineError, UsageError
from pipeline.core.languages import normalize_code
from pipeline.core.publication import Publication, parse_publication

FORMATS = ("html", "epub", "pdf")
TABLE = "pipeline"  # the table's name under [tool]
# Every key [tool.pipeline] knows, with its default: a key not listed here is an error that
# suggests the nearest known one. A new setting (or a nested table, default {}) goes here.
_DEFAULTS: dict[str, Any] = {
    "source-language": "en",
    "languages": [],
    "formats": list(FORMATS),
    "publish-threshold": 100,
    "translatable-metadata": ["title", "subtitle", "description", "abstract"],
    "overrides": {},
    "max-source-bytes": 5_000_000,
    "max-catalog-bytes": 20_000_000,
    "max-message-length": 20_000,
    "terminology": "",
    "translation-memory": True,
    "publisher": "",
    "creator": "",
    "rights": "",
    "date-locale": {},
    "fonts": [],
    "publication": {},
    "index": {},
    "identifiers": {},
}
# What an edition may be numbered with: { en = { catalogue = "NC-..", isbn = "..", doi = ".." } }
IDENTIFIER_SCHEMES = ("catalogue", "isbn", "doi")
_OVERRIDABLE = {"publish-threshold"}


@dataclass(frozen=True)
class Project:
    """A document project: where things live and what to build."""

    root: Path
    source_language: str
    languages: tuple[str, ...]
    formats: tuple[str, ...]
    publish_threshold: float
    translatable_metadata: tuple[str, ...]
    thresholds: Mapping[str, float] = field(default_factory=dict)
    max_source_bytes: int = 5_000_000
    max_catalog_bytes: int = 20_000_000
    max_message_length: int = 20_000
    terminology: str = ""  # the term list's path from the root; "" for none
    translation_memory: bool = True
    publisher: str = ""  # the EPUB's publisher and the cover's imprint; "" for none
    creator: str = ""  # the EPUB's author; "" for the publisher
    rights: str = ""  # the EPUB's rights statement; "" for none
    date_locales: Mapping[str, str] = field(default_factory=dict)  # "en" -> "en_GB"
    fonts: tuple[str, ...] = ()  # the project's own font files, from the root
    publication: Publication = field(default_factory=Publication)  # kind, labels, colours, logo
    # Per language, the edition's identifiers by scheme, in IDENTIFIER_SCHEMES order.
    identifiers: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def date_locale(self, lang: str, default: str) -> str:
        """The locale whose CLDR data writes dates in ``lang`` (``default`` if none is set)."""
        return self.date_locales.get(lang, default)

    @property
    def source_dir(self) -> Path:
        return self.root / "source"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def outputs_dir(self) -> Path:
        return self.root / "outputs"

    @property
    def cache_dir(self) -> Path:
        """What runs remember to save time (deleting it costs only time)."""
        return self.outputs_dir / ".cache"

    @property
    def report_path(self) -> Path:
        return self.outputs_dir / "report.json"

    @property
    def terminology_path(self) -> Path | None:
        """The term list (TBX or CSV), if the project has one."""
        return self.root / self.terminology if self.terminology else None

    def threshold_for(self, lang: str) -> float:
        return self.thresholds.get(lang, self.publish_threshold)

    def documents(self) -> list[str]:
        """Names of the source documents (``source/<doc>.md``), sorted."""
        return sorted(path.stem for path in self.source_dir.glob("*.md"))

    def source_path(self, doc: str) -> Path:
        return self.source_dir / f"{doc}.md"

    def template_path(self, domain: str) -> Path:
        return self.locales_dir / f"{domain}.pot"

    def catalog_path(self, lang: str, domain: str) -> Path:
        return self.locales_dir / lang / "LC_MESSAGES" / f"{domain}.po"

    def output_path(self, lang: str, doc: str, fmt: str) -> Path:
        return self.outputs_dir / lang / f"{doc}.{fmt}"

    def relative(self, path: Path) -> str:
        """``path`` as findings print it: relative to the project root when inside it."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def _threshold(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise UsageError(f"{where} must be a number from 0 to 100, not {value!r}")
    return float(value)


def _string_list(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise UsageError(f"{where} must be a list of strings, not {value!r}")
    return list(value)


def parse_config(table: Mapping[str, Any], root: Path, where: str = "[tool.pipeline]") -> Project:
    """Validate the ``[tool.pipeline]`` table and return the project it describes."""
    unknown = sorted(set(table) - set(_DEFAULTS))
    if unknown:
        raise UsageError(f"{where}: unknown key {unknown[0]!r}{_suggest(unknown[0], _DEFAULTS)}")
    settings = {**_DEFAULTS, **table}
    source = normalize_code(str(settings["source-language"]))
    codes = _string_list(settings["languages"], f"{where}: languages")
    languages = [normalize_code(code) for code in codes]
    if source in languages:
        raise UsageError(f"{where}: languages must not include the source language {source!r}")
    formats = _string_list(settings["formats"], f"{where}: formats")
    for name in formats:
        if name not in FORMATS:
            raise UsageError(f"{where}: unknown format {name!r} (known: {', '.join(FORMATS)})")
    overrides = settings["overrides"]
    if not isinstance(overrides, Mapping):
        raise UsageError(f"{where}: overrides must be a table of languages")
    thresholds: dict[str, float] = {}
    for raw_code, values in overrides.items():
        code = normalize_code(raw_code)
        bad = sorted(set(values) - _OVERRIDABLE)
        if bad:
            raise UsageError(
                f"{where}: overrides.{raw_code}: unknown key {bad[0]!r}"
                f"{_suggest(bad[0], _OVERRIDABLE)}"
            )
        if "publish-threshold" in values:
            thresholds[code] = _threshold(values["publish-threshold"], f"overrides.{raw_code}")
    terminology = settings["terminology"]
    if not isinstance(terminology, str):
        raise UsageError(f"{where}: terminology must be a path, not {terminology!r}")
    memory = settings["translation-memory"]
    if not isinstance(memory, bool):
        raise UsageError(f"{where}: translation-memory must be true or false, not {memory!r}")
    edition_codes = (source, *languages)
    return Project(
        **_edition(settings, where),
        publication=parse_publication(
            settings["publication"], settings["index"], edition_codes, where
        ),
        root=root,
        source_language=source,
        languages=tuple(dict.fromkeys(languages)),
        formats=tuple(name for name in FORMATS if name in formats),
        publish_threshold=_threshold(settings["publish-threshold"], f"{where}: publish-threshold"),
        translatable_metadata=tuple(
            _string_list(settings["translatable-metadata"], f"{where}: translatable-metadata")
        ),
        thresholds=thresholds,
        max_source_bytes=int(settings["max-source-bytes"]),
        max_catalog_bytes=int(settings["max-catalog-bytes"]),
        max_message_length=int(settings["max-message-length"]),
        terminology=terminology,
        translation_memory=memory,
        fonts=tuple(_string_list(settings["fonts"], "fonts")),
    )


def _edition(settings: Mapping[str, Any], where: str) -> dict[str, Any]:
    """The keys that describe the published edition: imprint, rights, date locales."""
    texts: dict[str, str] = {}
    for key in ("publisher", "creator", "rights"):
        value = settings[key]
        if not isinstance(value, str) or any(ord(char) < 32 for char in value):
            raise UsageError(f"{where}: {key} must be one line of text, not {value!r}")
        texts[key] = value.strip()
    variants = settings["date-locale"]
    if not isinstance(variants, Mapping):
        raise UsageError(f'{where}: date-locale must be a table such as {{ en = "en_GB" }}')
    date_locales: dict[str, str] = {}
    for raw_code, raw_locale in variants.items():
        code = normalize_code(raw_code)
        if not isinstance(raw_locale, str):
            raise UsageError(f"{where}: date-locale.{raw_code} must be a locale such as 'en_GB'")
        variant = normalize_code(raw_locale)
        if variant.split("_")[0] != code.split("_")[0]:
            raise UsageError(
                f"{where}: date-locale.{raw_code} = {raw_locale!r} is not a variant of {raw_code!r}"
            )
        date_locales[code] = variant
    creator = texts["creator"] or texts["publisher"]
    identifiers = _identifiers(settings["identifiers"], where)
    return {**texts, "creator": creator, "date_locales": date_locales, "identifiers": identifiers}


def _identifiers(table: Any, where: str) -> dict[str, dict[str, str]]:
    """``identifiers``: per language, a table of scheme -> one line of text."""
    example = '{ en = { isbn = "978-92-..." } }'
    if not isinstance(table, Mapping):
        raise UsageError(f"{where}: identifiers must be a table such as {example}")
    result: dict[str, dict[str, str]] = {}
    for raw_code, schemes in table.items():
        if not isinstance(schemes, Mapping):
            raise UsageError(f"{where}: identifiers.{raw_code} must be a table such as {example}")
        unknown = sorted(set(schemes) - set(IDENTIFIER_SCHEMES))
        if unknown:
            raise UsageError(
                f"{where}: identifiers.{raw_code}: {', '.join(unknown)} is not one of "
                f"{', '.join(IDENTIFIER_SCHEMES)}"
            )
        numbers: dict[str, str] = {}
        for scheme in IDENTIFIER_SCHEMES:
            value = schemes.get(scheme)
            if value is None:
                continue
            if not isinstance(value, str) or not value.strip() or any(ord(c) < 32 for c in value):
                raise UsageError(
                    f"{where}: identifiers.{raw_code}.{scheme} must be one line of text"
                )
            numbers[scheme] = value.strip()
        result[normalize_code(raw_code)] = numbers
    return result


def _suggest(name: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the nearest known name, else the list of known names."""
    choices = sorted(known)
    lowered = {choice.lower(): choice for choice in choices}
    near = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)
    if near:
        return f" (did you mean {lowered[near[0]]!r}?)"
    return f" (known: {', '.join(choices)})"


def _misnamed_table(path: Path, tool: Mapping[str, Any]) -> UsageError | None:
    """The error for a pyproject.toml whose [tool] has a near miss of [tool.pipeline]."""
    if TABLE in tool:
        return None
    near = difflib.get_close_matches(TABLE, [name.lower() for name in tool], n=1, cutoff=0.75)
    if not near:
        return None
    name = next(name for name in tool if name.lower() == near[0])
    return UsageError(
        f"{path}: [tool.{name}] is not read: the table is [tool.{TABLE}] (did you mean it?)"
    )


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` whose pyproject.toml has ``[tool.pipeline]``.

    A pyproject.toml on the way with a misspelt table (``[tool.pipline]``) is an error
    rather than a reason to look further up: a project above must not build instead.
    """
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if not candidate.is_file():
            continue
        tool = _read_toml(candidate).get("tool", {})
        if TABLE in tool:
            return folder
        misnamed = _misnamed_table(candidate, tool)
        if misnamed is not None:
            raise misnamed
    raise UsageError(f"no pyproject.toml with a [tool.{TABLE}] table at or above {start}")


def load_project(root: Path | None = None) -> Project:
    """Read the project at ``root`` (or the nearest one above the working directory)."""
    root = (root or find_root(Path.cwd())).resolve()
    path = root / "pyproject.toml"
    if not path.is_file():
        raise UsageError(f"{path}: no such file (is --root a project folder?)")
    tool = _read_toml(path).get("tool", {})
    table = tool.get(TABLE)
    if table is None:
        raise _misnamed_table(path, tool) or UsageError(f"{path}: no [tool.{TABLE}] table")
    project = parse_config(table, root, where=f"{path}: [tool.pipeline]")
    check_logo(project, f"{path}: [tool.pipeline]")
    return project


def check_logo(project: Project, where: str) -> None:
    """The configured logo must be a file (its path was checked by the settings)."""
    logo = project.publication.logo
    if logo and not (project.root / logo).is_file():
        raise UsageError(f"{where}: publication.logo: no such file {logo!r}")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise PipelineError(f"invalid TOML: {error}", path=str(path)) from error
