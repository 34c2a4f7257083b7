"""The source's metadata that pandoc would act on: what each edition keeps of it, and
what is refused, at the line of the source that sets it.

Pure. The pipeline styles, dates and tags every edition itself:

- ``css`` and ``stylesheet`` name files pandoc looks for beside a temporary file (the
  EPUB fails); they are not used, and a warning says so.
- ``date`` must be a day, ``YYYY-MM-DD``: anything else would be replaced by the build's
  date without a word, so it is an error that holds the document back.
- ``lang`` and ``dir`` are each edition's own language and direction: a source that
  sets other ones is told so (a warning), and every edition says its own.
- ``author`` goes to the EPUB's ``dc:creator`` and the PDF's Author and Keywords take
  ``keywords`` as they are; ``abstract`` is translated (a translatable metadata field)
  and shown before the first section, in a ``div.abstract``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pipeline.core.findings import ERROR, WARNING
from pipeline.core.languages import Language
from pipeline.extract.segments import plain_text

UNUSED = ("css", "stylesheet")
_KEY = re.compile(r"^([A-Za-z][\w-]*)\s*:\s*(.*?)\s*$")


def edition_metadata(ast: dict[str, Any], language: Language) -> dict[str, Any]:
    """``ast`` as an edition in ``language`` renders it: without the files pandoc would
    look for, with the edition's own ``lang`` and ``dir`` where the source sets them."""
    meta = ast.get("meta", {})
    if not any(key in meta for key in (*UNUSED, "lang", "dir", "abstract")):
        return ast
    kept = {key: value for key, value in meta.items() if key not in UNUSED}
    if "lang" in kept:
        kept["lang"] = {"t": "MetaString", "c": language.tag}
    if "dir" in kept:
        kept["dir"] = {"t": "MetaString", "c": language.direction}
    blocks = ast["blocks"]
    abstract = kept.pop("abstract", None)
    shown = _blocks(abstract) if abstract is not None else []
    if shown:
        blocks = [{"t": "Div", "c": [["", ["abstract"], []], shown]}, *blocks]
    return {**ast, "meta": kept, "blocks": blocks}


def _blocks(value: dict[str, Any]) -> list[dict[str, Any]]:
    """A metadata value as blocks (a list: one after the other)."""
    if value["t"] == "MetaBlocks":
        return list(value["c"])
    if value["t"] == "MetaInlines":
        return [{"t": "Para", "c": value["c"]}]
    if value["t"] == "MetaString" and str(value["c"]).strip():
        return [{"t": "Para", "c": [{"t": "Str", "c": value["c"]}]}]
    if value["t"] == "MetaList":
        return [block for item in value["c"] for block in _blocks(item)]
    return []


def metadata_problems(text: str, source: Language) -> list[tuple[int, str, str]]:
    """(line, severity, message) for each metadata key of the source's YAML block that is
    refused or overridden."""
    problems: list[tuple[int, str, str]] = []
    for number, key, value in _front_matter(text):
        if key in UNUSED:
            problems.append(
                (
                    number,
                    WARNING,
                    f"{key}: is not used: the pipeline's stylesheet styles every edition",
                )
            )
        elif key == "date" and value and not _is_day(value):
            problems.append(
                (
                    number,
                    ERROR,
                    f"date: {value!r} is not a day: write it as YYYY-MM-DD (2025-03-01)",
                )
            )
        elif key == "lang" and value and _primary(value) != _primary(source.tag):
            problems.append(
                (
                    number,
                    WARNING,
                    f"lang: {value} is not the source language ({source.tag}); "
                    "each edition is tagged with its own language",
                )
            )
        elif key == "dir" and value and value.lower() != source.direction:
            problems.append(
                (
                    number,
                    WARNING,
                    f"dir: {value} is not the source language's direction ({source.direction}); "
                    "each edition takes its own language's direction",
                )
            )
    return problems


def _front_matter(text: str) -> list[tuple[int, str, str]]:
    """(line, key, value) of each top-level key of the leading YAML block."""
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return []
    found = []
    for number, line in enumerate(lines[1:], 2):
        if line.rstrip() in ("---", "..."):
            break
        match = _KEY.match(line)
        if match:
            found.append((number, match.group(1), match.group(2).strip("'\"")))
    return found


def _is_day(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


def meta_texts(ast: dict[str, Any], name: str) -> tuple[str, ...]:
    """The text of each item of a metadata list (or of the one value), as plain text; a
    map stands for its name (see :func:`named`)."""
    value = ast.get("meta", {}).get(name)
    value = named(value) if value is not None else None
    items = value["c"] if value is not None and value["t"] == "MetaList" else [value]
    texts = []
    for item in items:
        if item is None:
            continue
        if item["t"] == "MetaInlines":
            texts.append(plain_text(item["c"]).strip())
        elif item["t"] == "MetaString":
            texts.append(str(item["c"]).strip())
    return tuple(text for text in texts if text)


def named(value: dict[str, Any]) -> dict[str, Any]:
    """A person (or a list of them) with each map replaced by its ``name``, as Quarto
    writes authors (``- name: …``): a name that is a map itself is its ``literal``, or
    its ``given`` and ``family`` names."""
    if value.get("t") == "MetaList":
        return {"t": "MetaList", "c": [named(item) for item in value["c"]]}
    if value.get("t") != "MetaMap":
        return value
    fields = value["c"]
    if "name" in fields:
        return named(fields["name"])
    if "literal" in fields:
        return named(fields["literal"])
    parts = [fields[key] for key in ("given", "family") if key in fields]
    if not parts or any(part.get("t") not in ("MetaInlines", "MetaString") for part in parts):
        return value  # nothing to name it by: pandoc leaves a map out
    inlines: list[dict[str, Any]] = []
    for part in parts:
        words = part["c"] if part["t"] == "MetaInlines" else [{"t": "Str", "c": part["c"]}]
        inlines += [{"t": "Space"}, *words] if inlines else words
    return {"t": "MetaInlines", "c": inlines}
