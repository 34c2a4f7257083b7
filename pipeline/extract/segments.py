"""Source document -> translatable segments, and segments -> translated document.

Pure: works on pandoc's JSON AST (plain dicts) and never calls pandoc itself. A
*slot* is one translatable inline list in the AST (a paragraph, a heading, a list
item's paragraph, a table cell, a metadata string ...). Slots are visited in a fixed
document order, so the i-th slot of a document always pairs with the i-th segment.

Footnotes of one paragraph travel inside their paragraph as Pandoc inline notes
(``^[...]``), which the Markdown writer cannot produce: notes are swapped for
placeholders before writing and spliced back afterwards (:func:`inline_batch`,
:func:`splice_notes`). A footnote of several blocks (paragraphs, a list, code) is a
mark in its paragraph's message, ``[^1]``, and each of its blocks is segmented like
any other: a paragraph of it is a message of its own, code stays as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pipeline.core.errors import PipelineError
from pipeline.extract.faithful import (
    alt_from_fig_alt,
    citations_as_typed,
    image_alone,
    indentation,
    math_alone,
    replaced,
    tags_in,
)

Node = dict[str, Any]
Inlines = list[Node]

_NOTE_PLACEHOLDER = "PIPELINENOTE{}q7x"
_MARK_PLACEHOLDER = "PIPELINEMARK{}q7x"
_MARK = re.compile(r"PIPELINEMARK(\d+)q7x")
_SKIPPED_BLOCKS = {"CodeBlock", "RawBlock", "HorizontalRule", "Null"}


@dataclass(frozen=True)
class Segment:
    """One translatable message of a source document."""

    msgid: str
    kind: str  # what the block is: "heading 2", "paragraph", "list item", "metadata title" ...
    section: tuple[str, ...]  # the heading path the block sits under

    @property
    def comment(self) -> str:
        """The extracted comment translators see: what the text is and where."""
        if self.section:
            return f"{self.kind} in: {' > '.join(self.section)}"
        return self.kind


@dataclass
class Slot:
    """A place in the AST that holds one message's inlines (mutable on purpose).

    ``notes`` are the footnotes in ``inlines`` that hold more than one paragraph (or a
    list, or code): their message shows each as a mark, ``[^1]`` for the first, and
    their blocks are slots of their own, which follow this one.
    """

    inlines: Inlines
    kind: str
    section: tuple[str, ...]
    notes: tuple[Node, ...] = ()
    # Where the inlines sit in the AST when they are not a list of it themselves: the
    # line of a line block they end, after its indentation (``lead``), which is
    # structure, not text, and so is no part of the message.
    container: Inlines | None = None
    lead: tuple[Node, ...] = ()
    # The node types in the inlines as the walk found them (None: not known).
    tags: set[str] | None = None
    # The divs the slot is in, outermost first, each by its number in the walk: a
    # heading in a div heads a section inside that div only.
    divs: tuple[int, ...] = ()


def slots(ast: Node, metadata_fields: tuple[str, ...]) -> Iterator[Slot]:
    """Every translatable inline list of ``ast``, in document order.

    Inline lists without text (an empty heading, an empty line of a line block, an
    empty title) are no slot: they stay as they are. Nor is math with no word beside
    it (an equation alone, with its punctuation or a pandoc-crossref label such as
    ``{#eq:decay}``), nor an image with neither alt text nor title: like code, they
    are published as they are.
    """
    meta = ast.get("meta", {})
    for name in metadata_fields:
        if name in meta:
            yield from _meta_slots(meta[name], f"metadata {name}", _Walk())
    yield from _Walk().blocks(ast["blocks"], None)


def _meta_slots(value: Node, kind: str, walk: _Walk) -> Iterator[Slot]:
    tag = value["t"]
    if tag == "MetaInlines":
        yield from walk.slot(value["c"], kind, ())
    elif tag == "MetaString" and value["c"].strip():
        # Normalise to inlines so that it is written and translated like the rest.
        value["t"], value["c"] = "MetaInlines", [{"t": "Str", "c": value["c"]}]
        yield from walk.slot(value["c"], kind, ())
    elif tag == "MetaBlocks":
        yield from walk.blocks(value["c"], kind)
    elif tag == "MetaList":
        for item in value["c"]:
            yield from _meta_slots(item, kind, walk)


class _Walk:
    """One walk over blocks: the heading stack, and the footnotes met so far (numbered
    as readers see them, for the translators' context)."""

    def __init__(self) -> None:
        self.headings: list[str] = []
        self.notes = 0
        self.within = ""  # "footnote 2, " while inside a footnote's blocks
        self.divs: tuple[int, ...] = ()  # the divs the walk is in
        self.div_count = 0
        # Inside a footnote's blocks: the section of the text the note belongs to, which
        # is theirs too (a heading in a note heads no section of the document).
        self.note_section: tuple[str, ...] | None = None

    def blocks(self, blocks: list[Node], container: str | None) -> Iterator[Slot]:
        for block in blocks:
            yield from self.block(block, container)

    def slot(
        self,
        inlines: Inlines,
        kind: str,
        section: tuple[str, ...],
        container: Inlines | None = None,
        lead: tuple[Node, ...] = (),
    ) -> Iterator[Slot]:
        """The slot of ``inlines`` (none if blank), then the slots of its block notes.

        The notes are collected before the slot is handed out: a caller may replace
        the slot's inlines before it asks for the next slot.
        """
        if _blank(inlines) or math_alone(inlines):
            return
        tags = tags_in(inlines)
        if "Image" in tags:
            alt_from_fig_alt(inlines)
            if image_alone(inlines):
                return
        numbered = []
        for note in _notes_in(inlines) if "Note" in tags else ():
            self.notes += 1
            if not _inline_note(note):
                numbered.append((self.notes, note))
        if numbered:
            marks = (f"{note_mark(i)} is footnote {n}" for i, (n, _) in enumerate(numbered, 1))
            kind += f" ({', '.join(marks)})"
        notes = tuple(note for _, note in numbered)
        yield Slot(inlines, self.within + kind, section, notes, container, lead, tags, self.divs)
        for number, note in numbered:
            yield from self._note_blocks(note["c"], number, section)

    def _note_blocks(
        self, blocks: list[Node], number: int, section: tuple[str, ...]
    ) -> Iterator[Slot]:
        outer, self.within = self.within, f"footnote {number}, "
        outer_section, self.note_section = self.note_section, section
        paragraph = 0
        for block in blocks:
            if block["t"] in ("Para", "Plain"):
                paragraph += 1
                yield from self.slot(block["c"], f"paragraph {paragraph}", section)
            elif block["t"] == "Header":
                yield from self.slot(block["c"][2], "heading", section)
            else:
                yield from self.block(block, None)
        self.within, self.note_section = outer, outer_section

    def block(self, block: Node, container: str | None) -> Iterator[Slot]:
        tag: str = block["t"]
        content: Any = block.get("c")
        section = self.note_section
        if section is None:
            section = tuple(h for h in self.headings if h)
        if tag in ("Para", "Plain"):
            yield from self.slot(content, container or "paragraph", section)
        elif tag == "Header":
            level, _attr, inlines = content
            if not _blank(inlines) and self.note_section is None:  # an empty one names none
                section = enter_heading(self.headings, level, plain_text(inlines))
            yield from self.slot(inlines, f"heading {level}", section)
        elif tag == "BlockQuote":
            yield from self.blocks(content, "block quote")
        elif tag in ("BulletList", "OrderedList"):
            items = content if tag == "BulletList" else content[1]
            for item in items:
                yield from self.blocks(item, "list item")
        elif tag == "DefinitionList":
            for term, definitions in content:
                yield from self.slot(term, "definition term", section)
                for definition in definitions:
                    yield from self.blocks(definition, "definition")
        elif tag == "LineBlock":
            for line in content:
                lead, text = indentation(line)
                if lead:
                    yield from self.slot(text, "line", section, line, lead)
                else:
                    yield from self.slot(line, "line", section)
        elif tag == "Div":  # its headings head sections inside it, not after it
            outer, outer_divs = list(self.headings), self.divs
            self.div_count += 1
            self.divs = (*outer_divs, self.div_count)
            yield from self.blocks(content[1], container)
            self.headings[:], self.divs = outer, outer_divs
        elif tag == "Figure":
            _attr, caption, body = content
            yield from self.blocks(caption[1], "figure caption")
            yield from self.blocks(body, "figure image")
        elif tag == "Table":
            yield from self._table(content)
        elif tag not in _SKIPPED_BLOCKS:
            raise PipelineError(f"unsupported block type {tag!r} in the source document")

    def _table(self, content: list[Any]) -> Iterator[Slot]:
        _attr, caption, _specs, head, bodies, foot = content
        yield from self.blocks(caption[1], "table caption")
        rows = list(head[1])
        for body in bodies:
            rows += body[2] + body[3]
        rows += foot[1]
        for _row_attr, cells in rows:
            for cell in cells:
                yield from self.blocks(cell[4], "table cell")


def _blank(inlines: Inlines) -> bool:
    return all(node["t"] in _BLANK or node == {"t": "Str", "c": ""} for node in inlines)


_BLANK = frozenset(("Space", "SoftBreak", "LineBreak"))


def _inline_note(note: Node) -> bool:
    """Whether a footnote is one paragraph, and so travels inline, as ``^[...]``."""
    blocks = note["c"]
    return len(blocks) == 1 and blocks[0]["t"] in ("Para", "Plain")


def _notes_in(value: Any) -> Iterator[Node]:
    """The footnotes in ``value``, in document order, not looking inside them."""
    if isinstance(value, list):
        for item in value:
            yield from _notes_in(item)
    elif isinstance(value, dict):
        if value.get("t") == "Note":
            yield value
        else:
            for item in value.values():
                yield from _notes_in(item)


def notes_numbered(found: list[Slot]) -> int:
    """How many footnotes the walk that gave ``found`` numbered (one-paragraph notes too):
    only the slots whose node types, as the walk found them, include one are looked in."""
    with_notes = (slot for slot in found if slot.tags is None or "Note" in slot.tags)
    return sum(1 for slot in with_notes for _ in _notes_in(slot.inlines))


def enter_heading(headings: list[str], level: int, text: str) -> tuple[str, ...]:
    """Put a heading of ``level`` on the heading stack; return the section it sits in."""
    del headings[level - 1 :]
    headings.extend([""] * (level - 1 - len(headings)))
    section = tuple(h for h in headings if h)
    headings.append(text)
    return section


def plain_text(inlines: Inlines) -> str:
    """The visible text of ``inlines``, without markup (for context comments)."""
    parts: list[str] = []
    for node in inlines:
        tag: str = node["t"]
        content: Any = node.get("c")
        if tag == "Str":
            parts.append(content)
        elif tag in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif tag in ("Code", "Math"):
            parts.append(content[1])
        elif tag == "Quoted" or tag in ("Link", "Image", "Span", "Cite"):
            parts.append(plain_text(content[1]))
        elif tag in (
            "Emph",
            "Strong",
            "Strikeout",
            "Superscript",
            "Subscript",
            "SmallCaps",
            "Underline",
        ):
            parts.append(plain_text(content))
    return "".join(parts)


def inline_batch(all_slots: list[Slot]) -> tuple[list[Inlines], list[list[int]]]:
    """The inline lists to write for ``all_slots``, with each note as a placeholder.

    Returns the batch (one entry per slot, then one per note) and, for each slot,
    the batch indexes of the notes it contains.
    """
    batch: list[Inlines] = []
    known: list[set[str] | None] = []  # the node types of each batch entry, when known
    notes: list[Inlines] = []
    owners: list[list[int]] = []
    for slot in all_slots:
        tags = tags_in(slot.inlines) if slot.tags is None else slot.tags
        inlines, found = slot.inlines, list[Inlines]()
        if "Note" in tags:  # most messages have none: their inlines go uncopied
            inlines, found = _swap_notes(inlines, len(notes))
        batch.append(inlines)
        known.append(tags)  # a copy without its notes holds no type the inlines do not
        owners.append([len(all_slots) + len(notes) + i for i in range(len(found))])
        notes += found
    known += [None] * len(notes)
    return [
        citations_as_typed(inlines, tags)
        for inlines, tags in zip(batch + notes, known, strict=True)
    ], owners


def _swap_notes(inlines: Inlines, first: int) -> tuple[Inlines, list[Inlines]]:
    """A copy of ``inlines`` with every footnote, at any depth, replaced by a placeholder."""
    found: list[Inlines] = []
    marks = 0

    def placeholder(note: Node) -> Node:
        nonlocal marks
        if not _inline_note(note):
            marks += 1
            return {"t": "Str", "c": _MARK_PLACEHOLDER.format(marks)}
        found.append(note["c"][0]["c"])
        return {"t": "Str", "c": _NOTE_PLACEHOLDER.format(first + len(found) - 1)}

    return replaced(inlines, "Note", placeholder), found


def splice_notes(written: list[str], owners: list[list[int]]) -> list[str]:
    """Put each written note back into its message as ``^[...]``, and write the mark of
    each note of several blocks as ``[^1]``, ``[^2]`` ... (numbered in its message)."""
    messages = written[: len(owners)]
    for index, note_indexes in enumerate(owners):
        for batch_index in note_indexes:
            placeholder = _NOTE_PLACEHOLDER.format(batch_index - len(owners))
            messages[index] = messages[index].replace(placeholder, f"^[{written[batch_index]}]")
        if "PIPELINEMARK" in messages[index]:
            messages[index] = _MARK.sub(r"[^\1]", messages[index])
    return messages


def note_mark(number: int) -> str:
    """How a message shows its ``number``-th note of several blocks."""
    return f"[^{number}]"


def replace_inlines(slot: Slot, inlines: Inlines) -> None:
    """Put ``inlines`` into the AST where ``slot`` points (the AST is a working copy)."""
    slot.inlines[:] = inlines
    slot.tags = None  # no longer known
    if slot.container is not None:
        slot.container[:] = [*slot.lead, *inlines]
