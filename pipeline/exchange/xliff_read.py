"""XLIFF 2 bytes (as a CAT tool gives them back) -> values; and -> catalogs.

Pure. The file is untrusted: a DOCTYPE (and so any entity, external or not) is
refused before anything else, the parser resolves no entity and reaches no network,
and a file that is not well-formed XLIFF 2 raises :class:`PipelineError` at its line.

Each segment's source and target are read back to Markdown by putting every inline
code's original data (``<originalData>``) back in place. Damage a tool or translator
did to the codes of a target is listed with the segment, never repaired:

- a code of the source missing from the target (deleted);
- a code twice, or a copy of the source's markup under another id (duplicated);
- a code whose data is not the unit's, or that refers to no data (invented);
- the end of a split pair (``<ec>``) before its start, or without one (reordered).

Codes may otherwise move freely: a translation reorders its phrases.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from pipeline.catalogs.model import Catalog, Entry
from pipeline.core.errors import PipelineError
from pipeline.exchange import xliff as x

_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_VERSIONS = ("2.0", "2.1", "2.2")
_XLIFF_1 = "urn:oasis:names:tc:xliff:document:1.2"


@dataclass(frozen=True)
class Segment:
    source: str
    target: str | None  # None: no <target>
    state: str
    substate: str | None
    line: int  # of the <target>, else of the <segment>
    damage: tuple[str, ...]


@dataclass(frozen=True)
class Unit:
    id: str
    line: int
    translate: bool
    meta: tuple[tuple[str, str], ...]
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class File:
    id: str
    original: str
    line: int
    meta: tuple[tuple[str, str], ...]
    units: tuple[Unit, ...]

    @property
    def domain(self) -> str:
        """The domain the file was exported from (failing its metadata, the name of
        its original catalog)."""
        for kind, value in self.meta:
            if kind == x.DOMAIN:
                return value
        name = self.original.rsplit("/", 1)[-1]
        return name[:-3] if name.endswith((".po", ".pot")) else name


@dataclass(frozen=True)
class Document:
    source_language: str
    target_language: str
    files: tuple[File, ...]


def parse(data: bytes, where: str) -> Document:
    """Read an XLIFF 2 document; ``where`` names it in errors."""
    return document_of(root_of(data, where), where)


def root_of(data: bytes, where: str) -> etree._Element:
    """The root element of untrusted XML bytes (no DOCTYPE, no entity, no network)."""
    found = _DOCTYPE.search(data)
    if found is not None:
        line = data[: found.start()].count(b"\n") + 1
        raise PipelineError("a DOCTYPE or entity declaration is not accepted", where, line)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        where_line = int(error.position[0]) if error.position else None
        raise PipelineError(f"not well-formed XML: {error.msg}", where, where_line) from None
    return root


def document_of(root: etree._Element, where: str) -> Document:
    """The XLIFF 2 document whose root element is ``root``."""
    if root.tag == f"{{{_XLIFF_1}}}xliff":
        raise PipelineError("an XLIFF 1.2 file: export and import XLIFF 2", where, root.sourceline)
    if root.tag != x.q("xliff") or root.get("version") not in _VERSIONS:
        raise PipelineError("not an XLIFF 2 document", where, root.sourceline)
    files = tuple(_file(element, where) for element in root.iterchildren(x.q("file")))
    return Document(root.get("srcLang", ""), root.get("trgLang", ""), files)


def required(element: etree._Element, name: str, where: str) -> str:
    """The attribute ``name``, or an error at the element's line."""
    value = element.get(name)
    if value is None:
        local = etree.QName(element).localname
        raise PipelineError(f"<{local}> without {name}", where, element.sourceline)
    return str(value)


def _meta(element: etree._Element) -> tuple[tuple[str, str], ...]:
    values: list[tuple[str, str]] = []
    for meta in element.iterchildren(x.q("metadata", x.MDA_NS)):
        for item in meta.iter(x.q("meta", x.MDA_NS)):
            values.append(decoded(item.get("type", ""), item.text or ""))
    return tuple(values)


def decoded(kind: str, value: str) -> tuple[str, str]:
    """A catalog value as the writer stored it: a kind ending in ``ENCODED`` holds its
    value as a JSON string (white space or characters XML cannot keep)."""
    if kind.endswith(x.ENCODED):
        value_ = json.loads(value) if value.startswith('"') else None
        if isinstance(value_, str):
            return kind[: -len(x.ENCODED)], value_
    return kind, value


def _file(element: etree._Element, where: str) -> File:
    units = tuple(_unit(unit, where) for unit in element.iter(x.q("unit")))
    return File(
        required(element, "id", where),
        element.get("original", ""),
        element.sourceline or 0,
        _meta(element),
        units,
    )


def _unit(element: etree._Element, where: str) -> Unit:
    data: dict[str, str] = {}
    for original in element.iterchildren(x.q("originalData")):
        for item in original.iterchildren(x.q("data")):
            data[required(item, "id", where)] = _text_and_cp(item, where)
    segments = []
    for segment in element.iterchildren(x.q("segment")):
        source = segment.find(x.q("source"))
        if source is None:
            raise PipelineError("<segment> without <source>", where, segment.sourceline)
        source_content = _Content(data, {}, where)
        source_text = source_content.read(source)
        target = segment.find(x.q("target"))
        target_text: str | None = None
        damage: list[str] = []
        if target is not None:
            content = _Content(data, source_content.pairs, where)
            target_text = content.read(target)
            damage = content.problems + _compare(source_content, content)
        segments.append(
            Segment(
                source_text,
                target_text,
                segment.get("state", "initial"),
                segment.get("subState"),
                (target if target is not None else segment).sourceline or 0,
                tuple(damage),
            )
        )
    return Unit(
        required(element, "id", where),
        element.sourceline or 0,
        element.get("translate", "yes") != "no",
        _meta(element),
        tuple(segments),
    )


def _text_and_cp(element: etree._Element, where: str) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag != x.q("cp"):
            local = etree.QName(child).localname
            raise PipelineError(f"<{local}> inside <data>", where, child.sourceline)
        parts += [_code_point(child, where), child.tail or ""]
    return "".join(parts)


def _code_point(element: etree._Element, where: str) -> str:
    try:
        return chr(int(element.get("hex", ""), 16))
    except (ValueError, OverflowError):
        raise PipelineError("<cp> without a valid hex", where, element.sourceline) from None


@dataclass(frozen=True)
class _Code:
    id: str
    tag: str  # "pc" (pc, or sc/ec) or "ph"
    refs: tuple[str, ...]  # data ids: start and end, or the one
    key: tuple[str, str]  # tag and start data: what a code is, whatever its id


class _Content:
    """Reads one <source> or <target> to its Markdown, noting the codes it holds."""

    def __init__(self, data: dict[str, str], pairs: dict[str, tuple[str, str]], where: str):
        self.data = data
        self.pairs = dict(pairs)  # id -> (start ref, end ref) of the source's pairs
        self.where = where
        self.codes: list[_Code] = []
        self.problems: list[str] = []
        self._open: dict[str, str] = {}
        self._ended: dict[str, str] = {}

    def read(self, element: etree._Element) -> str:
        parts: list[str] = []
        self._walk(element, parts)
        for identifier in self._open:
            self.problems.append(f"inline code {identifier} is opened and never closed")
        return "".join(parts)

    def _ref(self, identifier: str, ref: str | None) -> str:
        if ref is None or ref not in self.data:
            self.problems.append(f"inline code {identifier} refers to no markup of this unit")
            return ""
        return self.data[ref]

    def _walk(self, element: etree._Element, parts: list[str]) -> None:
        parts.append(element.text or "")
        for child in element:
            namespace, tag = etree.QName(child).namespace, etree.QName(child).localname
            identifier = child.get("id", "")
            if namespace != x.XLIFF_NS:
                self.problems.append(f"unknown element <{tag}>")
            elif tag == "cp":
                parts.append(_code_point(child, self.where))
            elif tag == "ph":
                parts.append(self._ref(identifier, child.get("dataRef")))
                self.codes.append(
                    _Code(
                        identifier,
                        "ph",
                        (child.get("dataRef", ""),),
                        self._key("ph", child.get("dataRef")),
                    )
                )
            elif tag == "pc":
                start, end = child.get("dataRefStart"), child.get("dataRefEnd")
                self.pairs.setdefault(identifier, (start or "", end or ""))
                self.codes.append(
                    _Code(identifier, "pc", (start or "", end or ""), self._key("pc", start))
                )
                parts.append(self._ref(identifier, start))
                self._walk(child, parts)
                parts.append(self._ref(identifier, end))
            elif tag == "sc":
                start = child.get("dataRef")
                parts.append(self._ref(identifier, start))
                if identifier in self._ended:  # reported at its end: counted, not open
                    end = self._ended.pop(identifier)
                    self.codes.append(
                        _Code(identifier, "pc", (start or "", end), self._key("pc", start))
                    )
                else:
                    self._open[identifier] = start or ""
            elif tag == "ec":
                self._end(child, parts)
            elif tag == "mrk":
                self._walk(child, parts)
            elif tag not in ("sm", "em"):
                self.problems.append(f"unknown element <{tag}>")
            parts.append(child.tail or "")

    def _end(self, element: etree._Element, parts: list[str]) -> None:
        identifier = element.get("startRef") or element.get("id", "")
        start = self._open.pop(identifier, None)
        end = element.get("dataRef") or self.pairs.get(identifier, ("", ""))[1]
        if start is None:
            self.problems.append(f"inline code {identifier} ends before it starts")
            self._ended[identifier] = end
            parts.append(self._ref(identifier, end))
            return
        self.codes.append(_Code(identifier, "pc", (start, end), self._key("pc", start)))
        parts.append(self._ref(identifier, end))

    def _key(self, tag: str, ref: str | None) -> tuple[str, str]:
        return (tag, self.data.get(ref or "", ""))


def _compare(source: _Content, target: _Content) -> list[str]:
    """What the target did to the source's codes (see the module's docstring)."""
    problems: list[str] = []
    by_id = {code.id: code for code in source.codes}
    source_refs = {ref for code in source.codes for ref in code.refs}
    counts = Counter(code.id for code in target.codes)
    for identifier, count in counts.items():
        if count > 1:
            problems.append(f"inline code {identifier} appears {count} times")
    own: list[_Code] = []
    for code in target.codes:
        mine = by_id.get(code.id)
        if mine is not None and (mine.refs != code.refs or mine.tag != code.tag):
            problems.append(f"inline code {code.id} does not stand for the source's markup")
        elif mine is None and source_refs.intersection(code.refs):
            problems.append(f"inline code {code.id} duplicates markup of the source")
        elif mine is None:
            own.append(code)  # the translation's own markup, exported from the catalog
    kept = {code.id for code in target.codes}
    spare = Counter(code.key for code in own)
    for code in source.codes:
        if code.id in kept:
            continue
        if spare[code.key]:
            spare[code.key] -= 1  # a translated link title, say: the same kind of markup
            continue
        markup = source.data.get(code.refs[0], "")
        problems.append(f"inline code {code.id} ({markup!r}) was deleted")
    return problems


# --- the catalogs a document holds --------------------------------------------------


def catalogs(document: Document) -> list[tuple[str, Catalog]]:
    """Every file's catalog, entry for entry as it was exported (domain, catalog)."""
    return [(file.domain, _catalog(file)) for file in document.files]


def _values(meta: tuple[tuple[str, str], ...], kind: str) -> tuple[str, ...]:
    return tuple(value for key, value in meta if key == kind)


def _one(meta: tuple[tuple[str, str], ...], kind: str) -> str | None:
    found = _values(meta, kind)
    return found[0] if found else None


def _catalog(file: File) -> Catalog:
    prefix = x.HEADER_FIELD + ":"
    header = tuple((k[len(prefix) :], v) for k, v in file.meta if k.startswith(prefix))
    return Catalog(
        header=header,
        entries=tuple(entry_of(unit) for unit in file.units),
        header_comments=_values(file.meta, x.HEADER_COMMENT),
        header_flags=_values(file.meta, x.HEADER_FLAG),
        path=file.original,
    )


def entry_of(unit: Unit) -> Entry:
    """The catalog entry a unit was exported from (its translation as in the file)."""
    meta = unit.meta
    msgid_plural = _one(meta, x.MSGID_PLURAL)
    targets = tuple(segment.target or "" for segment in unit.segments)
    plural = msgid_plural is not None
    forms = int(_one(meta, x.FORMS) or 0) if plural else 0
    return Entry(
        msgid=unit.segments[0].source if unit.segments else "",
        msgstr="" if plural else (targets[0] if targets else ""),
        msgctxt=_one(meta, x.MSGCTXT),
        msgid_plural=msgid_plural,
        msgstr_plural=targets[:forms] if plural else (),
        extracted_comments=_values(meta, x.EXTRACTED),
        translator_comments=_values(meta, x.TRANSLATOR),
        references=_values(meta, x.REFERENCE),
        flags=_values(meta, x.FLAG),
        previous_msgid=_one(meta, x.PREVIOUS),
        previous_msgid_plural=_one(meta, x.PREVIOUS_PLURAL),
        obsolete=_one(meta, x.OBSOLETE) == "yes",
    )
