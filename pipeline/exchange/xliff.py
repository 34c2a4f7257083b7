"""Catalogs -> an XLIFF 2.1 document for CAT tools (Trados Studio, memoQ, OmegaT ...).

Pure: values in, bytes out, built with lxml (never by joining strings). One ``<file>``
per catalog, one ``<unit>`` per entry, in the catalog's order. What a translator sees:

- the message as ``<source>``, its translation as ``<target>``, with every piece of
  Markdown as an inline code (:mod:`pipeline.exchange.inline`) whose original text
  stays in ``<originalData>``, outside the translatable text, so the tool protects it;
- the extracted comments, references, translator comments and, for a fuzzy entry,
  the previous source text, as ``<notes>``;
- the state: untranslated ``initial``; translated ``translated``; fuzzy ``initial``
  with its target and ``subState="po:fuzzy"``; obsolete entries as units with
  ``translate="no"``, which the tool shows locked.

Everything else a catalog holds (the header and its comments, msgctxt, flags,
previous msgids, obsolete status, and each comment line exactly) is kept in the
XLIFF Metadata module, so that :func:`pipeline.exchange.xliff_read.catalogs` gives
the catalog back entry for entry, and writing it gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree

from pipeline.catalogs.model import Catalog, Entry
from pipeline.exchange import inline

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
VERSION = "2.1"
FUZZY_SUBSTATE = "po:fuzzy"

# Metadata: one group per file and per unit, one meta per value, in order.
FILE_GROUP, UNIT_GROUP = "po-file", "po-entry"
DOMAIN, HEADER_FIELD, HEADER_COMMENT, HEADER_FLAG = "domain", "header", "header-comment", "flag"
MSGCTXT, MSGID_PLURAL, FORMS, FLAG, OBSOLETE = (
    "msgctxt",
    "msgid-plural",
    "forms",
    "flag",
    "obsolete",
)
PREVIOUS, PREVIOUS_PLURAL = "previous-msgid", "previous-msgid-plural"
EXTRACTED, TRANSLATOR, REFERENCE = "extracted-comment", "translator-comment", "reference"
# A value XML cannot hold (a control character) is kept as JSON, marked by this suffix.
ENCODED = ":json"

_TYPES = {
    inline.STRONG: ("fmt", "xlf:b"),
    inline.EMPHASIS: ("fmt", "xlf:i"),
    inline.STRIKEOUT: ("fmt", "xlf:s"),
    inline.SUPERSCRIPT: ("fmt", "xlf:sup"),
    inline.SUBSCRIPT: ("fmt", "xlf:sub"),
    inline.LINK: ("link", None),
    inline.IMAGE: ("image", None),
    inline.BREAK: ("fmt", "xlf:lb"),
}
# Characters XML 1.0 cannot hold; inline content writes them as <cp hex="..."/>.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Document:
    """One catalog to exchange: its domain (document name or ``ui``) and path."""

    domain: str
    original: str
    catalog: Catalog


def q(name: str, namespace: str = XLIFF_NS) -> str:
    return f"{{{namespace}}}{name}"


def unit_ids(entries: Sequence[Entry]) -> list[str]:
    """A stable id per entry, from its msgctxt and msgid: the same entry has the same
    id in every export, so a unit finds its entry again however the catalog moved."""
    ids: list[str] = []
    seen: set[str] = set()
    for entry in entries:
        key = ("\x04" + entry.msgctxt + "\x04" if entry.msgctxt is not None else "") + entry.msgid
        base = "m" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        unit_id, n = base, 1
        while unit_id in seen:  # a collision of 64 bits: never in practice, still defined
            n += 1
            unit_id = f"{base}-{n}"
        seen.add(unit_id)
        ids.append(unit_id)
    return ids


def file_id(index: int) -> str:
    return f"f{index + 1}"


def export(documents: Iterable[Document], source_language: str, target_language: str) -> bytes:
    """The XLIFF 2.1 document of ``documents`` (catalogs without entries are left out:
    a ``<file>`` must hold a unit)."""
    root = etree.Element(
        q("xliff"),
        nsmap={None: XLIFF_NS, "mda": MDA_NS},
        version=VERSION,
        srcLang=source_language,
        trgLang=target_language,
    )
    for index, document in enumerate(d for d in documents if d.catalog.entries):
        root.append(_file(document, file_id(index)))
    indent(root, _STRUCTURE)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data + b"\n"


# Elements whose children are structure, not content: only these are indented, since
# white space inside <source>, <target>, <data>, <note> or <meta> is part of the text.
_STRUCTURE = {q(name) for name in ("xliff", "file", "unit", "segment", "notes", "originalData")} | {
    q("metadata", MDA_NS),
    q("metaGroup", MDA_NS),
}


def indent(element: etree._Element, structure: set[str], level: int = 0) -> None:
    """Indent the children of the ``structure`` elements only: white space inside any
    other element is part of its text."""
    if element.tag not in structure or not len(element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        child.tail = inner
        indent(child, structure, level + 1)
    element[-1].tail = "\n" + "  " * level


def _file(document: Document, identifier: str) -> etree._Element:
    catalog = document.catalog
    element = etree.Element(q("file"), id=identifier, original=document.original)
    element.set(q("space", XML_NS), "preserve")
    values = [(DOMAIN, document.domain)]
    values += [(HEADER_COMMENT, line) for line in catalog.header_comments]
    values += [(HEADER_FLAG, flag) for flag in catalog.header_flags]
    values += [(f"{HEADER_FIELD}:{key}", value) for key, value in catalog.header]
    element.append(_metadata(FILE_GROUP, values))
    for entry, unit_id in zip(catalog.entries, unit_ids(catalog.entries), strict=True):
        element.append(_unit(entry, unit_id))
    return element


def _metadata(category: str, values: list[tuple[str, str]]) -> etree._Element:
    metadata = etree.Element(q("metadata", MDA_NS))
    group = etree.SubElement(metadata, q("metaGroup", MDA_NS), category=category)
    for kind, value in values:
        if _NOT_XML.search(value):
            kind, value = kind + ENCODED, json.dumps(value, ensure_ascii=True)
        etree.SubElement(group, q("meta", MDA_NS), type=kind).text = value
    return metadata


def _unit_values(entry: Entry) -> list[tuple[str, str]]:
    values: list[tuple[str, str]] = []
    if entry.msgctxt is not None:
        values.append((MSGCTXT, entry.msgctxt))
    if entry.msgid_plural is not None:
        values += [(MSGID_PLURAL, entry.msgid_plural), (FORMS, str(len(entry.msgstr_plural)))]
    if entry.obsolete:
        values.append((OBSOLETE, "yes"))
    values += [(FLAG, flag) for flag in entry.flags]
    if entry.previous_msgid is not None:
        values.append((PREVIOUS, entry.previous_msgid))
    if entry.previous_msgid_plural is not None:
        values.append((PREVIOUS_PLURAL, entry.previous_msgid_plural))
    values += [(EXTRACTED, line) for line in entry.extracted_comments]
    values += [(TRANSLATOR, line) for line in entry.translator_comments]
    values += [(REFERENCE, reference) for reference in entry.references]
    return values


def _notes(entry: Entry) -> etree._Element | None:
    """What the translator should see next to the segment (the metadata holds the
    exact values; notes are for reading)."""
    shown: list[tuple[str, str, str | None]] = []
    shown += [("context", line, "source") for line in entry.extracted_comments]
    shown += [("reference", reference, "source") for reference in entry.references]
    if entry.msgctxt is not None:
        shown.append(("context", f"context: {entry.msgctxt}", "source"))
    if entry.fuzzy and entry.previous_msgid is not None:
        shown.append(("previous-source", entry.previous_msgid, "source"))
    shown += [("translator", line, None) for line in entry.translator_comments]
    if not shown:
        return None
    notes = etree.Element(q("notes"))
    for category, text, applies in shown:
        note = etree.SubElement(notes, q("note"), category=category)
        if applies:
            note.set("appliesTo", applies)
        note.text = _NOT_XML.sub("\ufffd", text)
    return notes


def _state(entry: Entry) -> tuple[str, str | None]:
    if entry.fuzzy and entry.has_translation:
        return "initial", FUZZY_SUBSTATE
    if entry.has_translation:
        return "translated", None
    return "initial", None


def _unit(entry: Entry, unit_id: str) -> etree._Element:
    unit = etree.Element(q("unit"), id=unit_id)
    if entry.obsolete:
        unit.set("translate", "no")
    unit.append(_metadata(UNIT_GROUP, _unit_values(entry)))
    notes = _notes(entry)
    if notes is not None:
        unit.append(notes)
    writer = _InlineWriter()
    state, substate = _state(entry)
    segments: list[etree._Element] = []
    for index, (source, target) in enumerate(_forms(entry)):
        segment = etree.Element(q("segment"), id=f"s{index + 1}", state=state)
        if substate:
            segment.set("subState", substate)
        source_nodes = inline.tokenize(source)
        ids = writer.write(etree.SubElement(segment, q("source")), source_nodes, {})
        if target:
            writer.write(etree.SubElement(segment, q("target")), inline.tokenize(target), ids)
        segments.append(segment)
    if len(writer.original):
        unit.append(writer.original)
    unit.extend(segments)
    return unit


def _forms(entry: Entry) -> list[tuple[str, str]]:
    """(source, target) per segment: one, or one per plural form (msgid, then
    msgid_plural for every other form)."""
    if entry.msgid_plural is None:
        return [(entry.msgid, entry.msgstr)]
    forms = entry.msgstr_plural or ("",)
    return [
        (entry.msgid if index == 0 else entry.msgid_plural, target)
        for index, target in enumerate(forms)
    ]


Signature = tuple[str, str, str]  # kind, start (or data), end


def signature(node: inline.Code | inline.Pair) -> Signature:
    if isinstance(node, inline.Code):
        return (node.kind, node.data, "")
    return (node.kind, node.start, node.end)


class _InlineWriter:
    """Writes a unit's inline content; numbers its codes and their data across the
    unit's segments, and gives a target's code the id of the source's same code."""

    def __init__(self) -> None:
        self.original = etree.Element(q("originalData"))
        self._codes = 0
        self._refs: dict[str, dict[str, str]] = {}

    def _data(self, value: str) -> str:
        identifier = f"d{len(self.original) + 1}"
        data = etree.SubElement(self.original, q("data"), id=identifier)
        _append_text(data, value)
        return identifier

    def write(
        self,
        parent: etree._Element,
        nodes: tuple[inline.Node, ...],
        source_ids: dict[Signature, list[str]],
    ) -> dict[Signature, list[str]]:
        """Write ``nodes`` into ``parent``; returns the ids given, by signature. A
        target's code takes the first unused id of a source code of its signature,
        or a new one (markup of the translation that the source lacks)."""
        available = {key: list(ids) for key, ids in source_ids.items()}
        given: dict[Signature, list[str]] = {}
        self._write(parent, nodes, available, given)
        return given

    def _write(
        self,
        parent: etree._Element,
        nodes: tuple[inline.Node, ...],
        available: dict[Signature, list[str]],
        given: dict[Signature, list[str]],
    ) -> None:
        for node in nodes:
            if isinstance(node, inline.Text):
                _append_text(parent, node.text)
                continue
            key = signature(node)
            reuse = available.get(key)
            if reuse:
                identifier = reuse.pop(0)
            else:
                self._codes += 1
                identifier = f"c{self._codes}"
                self._refs[identifier] = self._new_data(node)
            given.setdefault(key, []).append(identifier)
            element = _code_element(node, identifier)
            for attribute, value in self._refs[identifier].items():
                element.set(attribute, value)
            parent.append(element)
            if isinstance(node, inline.Pair):
                self._write(element, node.children, available, given)

    def _new_data(self, node: inline.Code | inline.Pair) -> dict[str, str]:
        if isinstance(node, inline.Code):
            return {"dataRef": self._data(node.data)}
        return {"dataRefStart": self._data(node.start), "dataRefEnd": self._data(node.end)}


def _code_element(node: inline.Code | inline.Pair, identifier: str) -> etree._Element:
    tag = "ph" if isinstance(node, inline.Code) else "pc"
    element = etree.Element(q(tag), id=identifier)
    kind, subtype = _TYPES.get(node.kind, ("other", None))
    element.set("type", kind)
    if subtype:
        element.set("subType", subtype)
    # Markdown markup cannot be dropped or repeated without changing the document.
    element.set("canCopy", "no")
    element.set("canDelete", "no")
    if isinstance(node, inline.Code) and node.kind == inline.ESCAPE:
        element.set("equiv", node.data[1:])
    return element


def _append_text(parent: etree._Element, text: str) -> None:
    """Append ``text`` at the end of ``parent``'s content, a character XML cannot hold
    as ``<cp hex="..."/>``."""
    position = 0
    for match in _NOT_XML.finditer(text):
        _add_text(parent, text[position : match.start()])
        etree.SubElement(parent, q("cp"), hex=f"{ord(match.group()):04X}")
        position = match.end()
    _add_text(parent, text[position:])


def _add_text(parent: etree._Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
