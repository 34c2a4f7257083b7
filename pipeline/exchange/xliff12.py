"""Catalogs -> an XLIFF 1.2 document, for tools that read 1.2 best or only.

Pure: values in, bytes out, built with lxml. The same catalogs as
:mod:`pipeline.exchange.xliff` writes as 2.1, in the shape 1.2 tools and translate-
toolkit's ``po2xliff`` expect:

- one ``<file>`` per catalog (``original`` its path, ``datatype="x-markdown"``), one
  ``<trans-unit>`` per entry with the id 2.1 gives it; a plural entry is a ``<group
  restype="x-gettext-plurals">`` with one trans-unit per form (``ID[0]``, ``ID[1]`` ...);
- every piece of Markdown as an inline code holding the markup as its content:
  ``<bpt>``/``<ept>`` around translatable text, ``<ph>`` standing alone; a character
  XML cannot hold is an empty ``<ph ctype="x-char-HEX"/>``;
- states: translated ``state="translated"``; fuzzy ``state="needs-review-translation"``
  with ``approved="no"`` and the previous source as a note; untranslated, no target.
  A PO file records no review, so ``approved="yes"`` is never claimed;
- obsolete entries as ``translate="no"``, which tools show locked;
- extracted and translator comments as notes (``from="developer"``/``"translator"``),
  references as a ``po-reference`` context group, msgctxt as ``resname``.

Everything else, exactly, in a context group ``x-po-entry`` per unit (``x-po-msgctxt``,
``x-po-flag`` ...) and in XLIFF 2's metadata element in each file's ``<header>``, so
that :mod:`pipeline.exchange.xliff12_read` gives the catalogs back byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from lxml import etree

from pipeline.catalogs.model import Entry
from pipeline.exchange import inline
from pipeline.exchange import xliff as x

XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
VERSION = "1.2"
PLURALS = "x-gettext-plurals"
ENTRY_GROUP = "x-po-entry"
CONTEXT_PREFIX = "x-po-"
CHAR_PREFIX = "x-char-"
DATATYPE = "x-markdown"
OWN_NS = "urn:x-pipeline:xliff12"
ENCODED_ATTRIBUTE = f"{{{OWN_NS}}}encoded"

# What a pair or a code is, as a 1.2 ctype (x- values are the format's own).
_CTYPES = {
    inline.STRONG: "bold",
    inline.EMPHASIS: "italic",
    inline.STRIKEOUT: "x-strikeout",
    inline.SUPERSCRIPT: "x-superscript",
    inline.SUBSCRIPT: "x-subscript",
    inline.LINK: "link",
    inline.IMAGE: "image",
    inline.BREAK: "lb",
}


def q(name: str) -> str:
    return f"{{{XLIFF12_NS}}}{name}"


def export(documents: Iterable[x.Document], source_language: str, target_language: str) -> bytes:
    """The XLIFF 1.2 document of ``documents`` (catalogs without entries left out)."""
    root = etree.Element(q("xliff"), nsmap={None: XLIFF12_NS, "mda": x.MDA_NS}, version=VERSION)
    for document in documents:
        if document.catalog.entries:
            root.append(_file(document, source_language, target_language))
    x.indent(root, _STRUCTURE)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data + b"\n"


_STRUCTURE = {q(name) for name in ("xliff", "file", "header", "body", "group", "trans-unit")} | {
    q("context-group"),
    x.q("metadata", x.MDA_NS),
    x.q("metaGroup", x.MDA_NS),
}


def _file(document: x.Document, source: str, target: str) -> etree._Element:
    catalog = document.catalog
    element = etree.Element(q("file"), original=document.original, datatype=DATATYPE)
    element.set("source-language", source)
    element.set("target-language", target)
    element.set(x.q("space", x.XML_NS), "preserve")
    values = [(x.DOMAIN, document.domain)]
    values += [(x.HEADER_COMMENT, line) for line in catalog.header_comments]
    values += [(x.HEADER_FLAG, flag) for flag in catalog.header_flags]
    values += [(f"{x.HEADER_FIELD}:{key}", value) for key, value in catalog.header]
    etree.SubElement(element, q("header")).append(x._metadata(x.FILE_GROUP, values))
    body = etree.SubElement(element, q("body"))
    for entry, unit_id in zip(catalog.entries, x.unit_ids(catalog.entries), strict=True):
        body.append(_unit(entry, unit_id))
    return element


def _encoded(kind: str, value: str) -> tuple[str, str]:
    if x._NOT_XML.search(value):
        return kind + x.ENCODED, json.dumps(value, ensure_ascii=True)
    return kind, value


def _context_groups(entry: Entry) -> list[etree._Element]:
    groups = []
    values = x._unit_values(entry)
    if values:
        group = etree.Element(q("context-group"), name=ENTRY_GROUP, purpose="information")
        for kind, value in values:
            kind, value = _encoded(kind, value)
            context = etree.SubElement(group, q("context"))
            context.set("context-type", CONTEXT_PREFIX + kind)
            context.text = value
        groups.append(group)
    if entry.references:
        group = etree.Element(q("context-group"), name="po-reference", purpose="location")
        for reference in entry.references:
            context = etree.SubElement(group, q("context"))
            context.set("context-type", "sourcefile")
            context.text = x._NOT_XML.sub("\ufffd", reference)
        groups.append(group)
    return groups


def _notes(entry: Entry) -> list[etree._Element]:
    shown: list[tuple[str, str]] = [("developer", line) for line in entry.extracted_comments]
    if entry.msgctxt is not None:
        shown.append(("developer", f"context: {entry.msgctxt}"))
    if entry.fuzzy and entry.previous_msgid is not None:
        shown.append(("developer", f"previous source: {entry.previous_msgid}"))
    shown += [("translator", line) for line in entry.translator_comments]
    notes = []
    for origin, text in shown:
        note = etree.Element(q("note"))
        note.set("from", origin)
        note.text = x._NOT_XML.sub("\ufffd", text)
        notes.append(note)
    return notes


def _unit(entry: Entry, unit_id: str) -> etree._Element:
    forms = x._forms(entry)
    plural = entry.msgid_plural is not None
    outer = etree.Element(q("group" if plural else "trans-unit"), id=unit_id)
    if plural:
        outer.set("restype", PLURALS)
    if entry.msgctxt is not None:
        outer.set("resname", x._NOT_XML.sub("\ufffd", entry.msgctxt))
    if entry.obsolete:
        outer.set("translate", "no")
    fuzzy = entry.fuzzy and entry.has_translation
    if fuzzy:
        outer.set("approved", "no")
    ids = _Ids()
    units = []
    for index, (source, target) in enumerate(forms):
        unit = outer if not plural else etree.Element(q("trans-unit"), id=f"{unit_id}[{index}]")
        if plural and entry.obsolete:
            unit.set("translate", "no")
        if plural and fuzzy:
            unit.set("approved", "no")
        given = ids.write(etree.SubElement(unit, q("source")), inline.tokenize(source), {})
        if target:
            written = etree.SubElement(unit, q("target"))
            written.set("state", "needs-review-translation" if fuzzy else "translated")
            ids.write(written, inline.tokenize(target), given)
        units.append(unit)
    outer.extend(_context_groups(entry))
    outer.extend(_notes(entry))
    if plural:
        outer.extend(units)
    return outer


class _Ids:
    """Writes inline content, numbering codes across a unit; a target's code takes the
    id of the source's code with the same markup (as :class:`xliff._InlineWriter`)."""

    def __init__(self) -> None:
        self._count = 0

    def write(
        self,
        parent: etree._Element,
        nodes: tuple[inline.Node, ...],
        source_ids: dict[x.Signature, list[str]],
    ) -> dict[x.Signature, list[str]]:
        available = {key: list(ids) for key, ids in source_ids.items()}
        given: dict[x.Signature, list[str]] = {}
        self._write(parent, nodes, available, given)
        return given

    def _identifier(
        self, node: inline.Code | inline.Pair, available: dict[x.Signature, list[str]]
    ) -> str:
        reuse = available.get(x.signature(node))
        if reuse:
            return reuse.pop(0)
        self._count += 1
        return str(self._count)

    def _write(
        self,
        parent: etree._Element,
        nodes: tuple[inline.Node, ...],
        available: dict[x.Signature, list[str]],
        given: dict[x.Signature, list[str]],
    ) -> None:
        for node in nodes:
            if isinstance(node, inline.Text):
                _append_text(parent, node.text)
                continue
            identifier = self._identifier(node, available)
            given.setdefault(x.signature(node), []).append(identifier)
            ctype = _CTYPES.get(node.kind, "x-" + node.kind)
            if isinstance(node, inline.Code):
                code = etree.SubElement(parent, q("ph"), id=identifier, ctype=ctype)
                _append_text(code, node.data)
                continue
            start = etree.SubElement(parent, q("bpt"), id=identifier, ctype=ctype)
            _append_text(start, node.start)
            self._write(parent, node.children, available, given)
            end = etree.SubElement(parent, q("ept"), id=identifier)
            _append_text(end, node.end)


def _append_text(parent: etree._Element, text: str) -> None:
    """Append ``text`` to ``parent``, a character XML cannot hold as an empty
    ``<ph ctype="x-char-HEX"/>``; a code's markup holding one is kept as JSON, marked
    by an ``encoded`` attribute of this format's own namespace."""
    if parent.tag in (q("ph"), q("bpt"), q("ept")):
        if x._NOT_XML.search(text):
            parent.set(ENCODED_ATTRIBUTE, "json")
            text = json.dumps(text, ensure_ascii=True)
        x._add_text(parent, text)
        return
    position = 0
    for match in x._NOT_XML.finditer(text):
        x._add_text(parent, text[position : match.start()])
        code = f"{ord(match.group()):04X}"
        etree.SubElement(parent, q("ph"), id=f"u{code}", ctype=CHAR_PREFIX + code)
        position = match.end()
    x._add_text(parent, text[position:])
