"""XLIFF 1.2 bytes -> the values :mod:`pipeline.exchange.xliff_read` gives for XLIFF 2.

Pure. :func:`parse` reads either version (the root element says which), with the same
refusal of DOCTYPEs and entities. A 1.2 file becomes the same :class:`xliff_read.Document`,
so :mod:`pipeline.exchange.applying` applies it and :func:`xliff_read.catalogs` gives
back the catalogs :mod:`pipeline.exchange.xliff12` wrote.

A code's markup is its content (``<ph>``, ``<bpt>``, ``<ept>``). Damage to a target's
codes is found as in XLIFF 2: a code of the source deleted, one twice, one whose
markup is not the source's code of that id, an ``<ept>`` before its ``<bpt>`` or
without one, and elements a target cannot hold (``<x/>``, ``<g>``, ``<it>`` ...).

States: ``approved="yes"`` is ``reviewed``; a target ``state`` of ``translated``,
``signed-off`` or ``final`` is ``translated``; any other state is ``initial`` (needs
work: the entry becomes fuzzy); a target without a state is ``translated`` unless its
unit says ``approved="no"``.
"""

from __future__ import annotations

import json

from lxml import etree

from pipeline.core.errors import PipelineError
from pipeline.exchange import xliff as x
from pipeline.exchange import xliff12 as w
from pipeline.exchange import xliff_read as r

DONE = ("translated", "signed-off", "final")


def parse(data: bytes, where: str) -> r.Document:
    """Read an XLIFF 1.2 or 2.x document; ``where`` names it in errors."""
    root = r.root_of(data, where)
    if root.tag != w.q("xliff"):
        return r.document_of(root, where)
    if root.get("version") != w.VERSION:
        raise PipelineError("not an XLIFF 1.2 document (version)", where, root.sourceline)
    elements = list(root.iterchildren(w.q("file")))
    files = tuple(_file(element, n, where) for n, element in enumerate(elements))
    first = elements[0] if elements else root
    source, target = first.get("source-language", ""), first.get("target-language", "")
    return r.Document(str(source), str(target), files)


def _file(element: etree._Element, index: int, where: str) -> r.File:
    header = element.find(w.q("header"))
    meta = r._meta(header) if header is not None else ()
    body = element.find(w.q("body"))
    units: list[r.Unit] = []
    if body is not None:
        for item in body.iter(w.q("trans-unit"), w.q("group")):
            if item.tag == w.q("group") and item.get("restype") == w.PLURALS:
                units.append(_unit(item, list(item.iterchildren(w.q("trans-unit"))), where))
            elif item.tag == w.q("trans-unit") and item.getparent().get("restype") != w.PLURALS:
                units.append(_unit(item, [item], where))
    return r.File(
        x.file_id(index),
        element.get("original", ""),
        element.sourceline or 0,
        meta,
        tuple(units),
    )


def _meta(element: etree._Element) -> tuple[tuple[str, str], ...]:
    values: list[tuple[str, str]] = []
    for group in element.iterchildren(w.q("context-group")):
        if group.get("name") != w.ENTRY_GROUP:
            continue
        for context in group.iterchildren(w.q("context")):
            kind = context.get("context-type", "").removeprefix(w.CONTEXT_PREFIX)
            values.append(r.decoded(kind, context.text or ""))
    return tuple(values)


def _unit(outer: etree._Element, parts: list[etree._Element], where: str) -> r.Unit:
    segments = []
    approved = outer.get("approved")
    for part in parts:
        source = part.find(w.q("source"))
        if source is None:
            raise PipelineError("<trans-unit> without <source>", where, part.sourceline)
        source_content = _Content(where)
        source_text = source_content.read(source)
        target = part.find(w.q("target"))
        target_text, damage, state = None, [], "initial"
        if target is not None:
            content = _Content(where, source_content)
            target_text = content.read(target)
            damage = content.problems + r._compare(
                source_content.codes_read(), content.codes_read()
            )
            state = _state(target, part.get("approved", approved))
        line = (target if target is not None else part).sourceline or 0
        segments.append(r.Segment(source_text, target_text, state, None, line, tuple(damage)))
    return r.Unit(
        r.required(outer, "id", where),
        outer.sourceline or 0,
        outer.get("translate", "yes") != "no",
        _meta(outer),
        tuple(segments),
    )


def _state(target: etree._Element, approved: str | None) -> str:
    if approved == "yes":
        return "reviewed"
    state = target.get("state")
    if state is None:
        return "initial" if approved == "no" else "translated"
    return "translated" if state in DONE else "initial"


class _Content:
    """Reads one <source> or <target> to its Markdown and its codes, as
    :class:`xliff_read._Content` does for XLIFF 2 (whose comparison it reuses: a
    code's "data" here is its markup, keyed by id and role)."""

    def __init__(self, where: str, source: _Content | None = None) -> None:
        self.where = where
        self.source = source
        self.data: dict[str, str] = {}
        self.codes: list[r._Code] = []
        self.problems: list[str] = []
        self._open: dict[str, str] = {}
        self._ended: dict[str, str] = {}
        self._own = 0

    def read(self, element: etree._Element) -> str:
        parts: list[str] = []
        self._walk(element, parts)
        for identifier in self._open:
            self.problems.append(f"inline code {identifier} is opened and never closed")
        return "".join(parts)

    def codes_read(self) -> r._Content:
        content = r._Content(self.data, {}, self.where)
        content.codes = self.codes
        return content

    def _markup(self, element: etree._Element) -> str:
        text = "".join(element.itertext())
        if element.get(w.ENCODED_ATTRIBUTE) == "json" and text.startswith('"'):
            decoded = json.loads(text)
            if isinstance(decoded, str):
                return decoded
        return text

    def _ref(self, identifier: str, role: str, markup: str) -> str:
        """The data ref of a code: the source's, when the source has this code with
        this markup; otherwise one of this content's own."""
        ref = f"{identifier}:{role}"
        if self.source is None or self.source.data.get(ref) == markup:
            self.data[ref] = markup
            return ref
        self._own += 1
        own = f"own{self._own}"
        self.data[own] = markup
        return own

    def _walk(self, element: etree._Element, parts: list[str]) -> None:
        parts.append(element.text or "")
        for child in element:
            namespace, tag = etree.QName(child).namespace, etree.QName(child).localname
            identifier = child.get("id", "")
            ctype = child.get("ctype", "")
            if namespace != w.XLIFF12_NS:
                self.problems.append(f"unknown element <{tag}>")
            elif tag == "ph" and ctype.startswith(w.CHAR_PREFIX):
                parts.append(_character(child, ctype, self.where))
            elif tag == "ph":
                markup = self._markup(child)
                ref = self._ref(identifier, "ph", markup)
                self.codes.append(r._Code(identifier, "ph", (ref,), ("ph", markup)))
                parts.append(markup)
            elif tag == "bpt":
                markup = self._markup(child)
                start = self._ref(identifier, "start", markup)
                parts.append(markup)
                if identifier in self._ended:  # reported at its end: counted, not open
                    end = self._ended.pop(identifier)
                    self.codes.append(r._Code(identifier, "pc", (start, end), ("pc", markup)))
                else:
                    self._open[identifier] = start
            elif tag == "ept":
                self._end(child, identifier, parts)
            elif tag == "mrk":
                self._walk(child, parts)
            else:
                self.problems.append(f"unknown element <{tag}>")
            parts.append(child.tail or "")

    def _end(self, element: etree._Element, identifier: str, parts: list[str]) -> None:
        markup = self._markup(element)
        parts.append(markup)
        start = self._open.pop(identifier, None)
        end = self._ref(identifier, "end", markup)
        if start is None:
            self.problems.append(f"inline code {identifier} ends before it starts")
            self._ended[identifier] = end
            return
        self.codes.append(r._Code(identifier, "pc", (start, end), ("pc", self.data[start])))


def _character(element: etree._Element, ctype: str, where: str) -> str:
    try:
        return chr(int(ctype.removeprefix(w.CHAR_PREFIX), 16))
    except (ValueError, OverflowError):
        raise PipelineError(f"<ph> with a bad ctype {ctype!r}", where, element.sourceline) from None
