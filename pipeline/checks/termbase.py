"""Term list text -> concepts: TBX (as IATE exports it) or CSV, read into one model.

Pure: bytes in, a :class:`TermList` out; a term list that cannot be read is a
``PipelineError`` naming the file (and the line, where there is one).

A concept has its source-language terms and, per language, approved and forbidden
translations. Each form is matched as whole words, case-insensitively; a word ending
in ``*`` matches any ending (``Horizont* Europa``), for languages that decline names.

- TBX: the TBX-Basic / TBX 2008 ``martif`` shape (``termEntry`` / ``langSet xml:lang``
  / ``tig`` or ``ntig`` / ``term``), and TBX v3 (``conceptEntry`` / ``langSec`` /
  ``termSec``). A term whose ``administrativeStatus`` is deprecated or superseded is
  forbidden; any other term (preferred, admitted, no status...) is approved.
- CSV: a header ``source,lang,approved,forbidden``; one row per concept and language,
  several forms in a cell separated by ``|``, rows of the same source term adding up;
  a row in the source language adds other source forms (``JRC``). ``;`` also works as
  the delimiter (what spreadsheets write in many European locales).
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pipeline.core.errors import PipelineError

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_FORBIDDEN_STATUS = ("deprecated", "superseded")
CSV_COLUMNS = ("source", "lang", "approved", "forbidden")


@dataclass(frozen=True)
class Concept:
    """One named thing: how the source says it, how each language must and must not."""

    source: tuple[str, ...]
    approved: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # by language
    forbidden: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class TermList:
    """A project's terminology: its concepts, in the order the file gives them."""

    concepts: tuple[Concept, ...]
    path: str = ""


def language_key(code: str) -> str:
    """A language code as term lists and catalogs are compared: ``pt_BR`` -> ``pt-br``."""
    return code.strip().replace("_", "-").lower()


def forms_for(forms: Mapping[str, tuple[str, ...]], code: str) -> tuple[str, ...]:
    """The forms given for ``code``, or for its primary language (``pt`` for ``pt-br``)."""
    key = language_key(code)
    return forms.get(key) or forms.get(key.split("-")[0], ())


def parse_term_list(data: bytes, shown: str, source_language: str) -> TermList:
    """Read a term list: TBX if it is XML, CSV otherwise."""
    text = _decode(data, shown)
    if text.lstrip().startswith("<"):
        return parse_tbx(text, shown, source_language)
    return parse_csv(text, shown, source_language)


def _decode(data: bytes, shown: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PipelineError(f"term list is not UTF-8 (byte {error.start})", path=shown) from error


def parse_tbx(text: str, shown: str, source_language: str) -> TermList:
    """The concepts of a TBX file (2008 ``martif`` or v3 ``tbx``)."""
    if "<!ENTITY" in text:
        raise PipelineError("term list declares XML entities: refused", path=shown)
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        line = error.position[0] if error.position else None
        raise PipelineError(f"term list is not well-formed XML: {error}", shown, line) from error
    source = language_key(source_language)
    concepts = []
    for entry in root.iter():
        if _local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        terms: dict[str, dict[str, list[str]]] = {}
        for lang_set in entry:
            if _local(lang_set.tag) not in ("langSet", "langSec"):
                continue
            code = language_key(lang_set.get(_XML_LANG) or lang_set.get("lang") or "")
            by_status = terms.setdefault(code, {"approved": [], "forbidden": []})
            for term, status in _terms(lang_set):
                kind = "forbidden" if status.startswith(_FORBIDDEN_STATUS) else "approved"
                by_status[kind].append(term)
        concept = _concept(terms, source)
        if concept is not None:
            concepts.append(concept)
    return TermList(tuple(concepts), shown)


def _terms(lang_set: ElementTree.Element) -> Iterable[tuple[str, str]]:
    """(term, lower-case status) of each ``tig``/``ntig``/``termSec`` of a language."""
    for group in lang_set.iter():
        if _local(group.tag) not in ("tig", "ntig", "termSec"):
            continue
        term, status = "", ""
        for item in group.iter():
            name = _local(item.tag)
            if name == "term":
                term = " ".join("".join(item.itertext()).split())
            elif name == "administrativeStatus" or (
                name == "termNote" and item.get("type") == "administrativeStatus"
            ):
                status = (item.text or "").strip().lower()
        if term:
            yield term, status


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _concept(terms: Mapping[str, Mapping[str, list[str]]], source: str) -> Concept | None:
    """A concept from its terms by language; None without an approved source term."""
    source_forms = tuple(dict.fromkeys(forms_for_status(terms, source, "approved")))
    if not source_forms:
        return None
    approved, forbidden = {}, {}
    for code, by_status in terms.items():
        if code == source or code.split("-")[0] == source:
            continue
        if by_status["approved"]:
            approved[code] = tuple(dict.fromkeys(by_status["approved"]))
        if by_status["forbidden"]:
            forbidden[code] = tuple(dict.fromkeys(by_status["forbidden"]))
    return Concept(source_forms, approved, forbidden)


def forms_for_status(
    terms: Mapping[str, Mapping[str, list[str]]], code: str, status: str
) -> list[str]:
    """The terms of ``status`` for ``code`` and its regional variants (``en-gb``)."""
    return [
        term
        for key, by_status in terms.items()
        if key == code or key.split("-")[0] == code
        for term in by_status[status]
    ]


def parse_csv(text: str, shown: str, source_language: str) -> TermList:
    """The concepts of a CSV term list (see the module's docstring)."""
    first = text.lstrip("\n").split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    terms: dict[str, dict[str, dict[str, list[str]]]] = {}  # source term -> language -> ...
    source = language_key(source_language)
    try:
        for row in rows:
            line = rows.line_num
            if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = _csv_header(row, shown, line)
                continue
            values = dict(zip(header, (cell.strip() for cell in row), strict=False))
            term, code = values.get("source", ""), language_key(values.get("lang", ""))
            if not term or not code:
                raise PipelineError("a row needs a source term and a language", shown, line)
            approved = _cell_forms(values.get("approved", ""))
            forbidden = _cell_forms(values.get("forbidden", ""))
            if not approved and not forbidden:
                raise PipelineError(
                    f"{term!r} [{code}]: no approved or forbidden form", shown, line
                )
            by_language = terms.setdefault(term, {source: {"approved": [term], "forbidden": []}})
            by_status = by_language.setdefault(code, {"approved": [], "forbidden": []})
            by_status["approved"] += approved
            by_status["forbidden"] += forbidden
    except csv.Error as error:
        raise PipelineError(f"term list is not valid CSV: {error}", shown, rows.line_num) from error
    if header is None:
        raise PipelineError(
            f"empty term list (a CSV needs the header {','.join(CSV_COLUMNS)})", shown
        )
    concepts = [_concept(by_language, source) for by_language in terms.values()]
    return TermList(tuple(concept for concept in concepts if concept is not None), shown)


def _csv_header(row: list[str], shown: str, line: int) -> list[str]:
    header = [cell.strip().lower() for cell in row]
    unknown = [name for name in header if name not in CSV_COLUMNS]
    missing = [name for name in ("source", "lang", "approved") if name not in header]
    if unknown or missing:
        said = f"unknown column {unknown[0]!r}" if unknown else f"no column {missing[0]!r}"
        raise PipelineError(f"{said} (the header is {','.join(CSV_COLUMNS)})", shown, line)
    return header


def _cell_forms(cell: str) -> list[str]:
    return [" ".join(form.split()) for form in cell.split("|") if form.strip()]
