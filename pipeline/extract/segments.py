"""Source document -> translatable segments, and segments -> translated document.

Pure: works on pandoc's JSON AST (plain dicts) and never calls pandoc itself. A
*slot* is one translatable inline list in the AST (a paragraph, a heading, a list
item's paragraph, a table cell, a metadata string ...). Slots are visited in a fixed
document order, so the i-th slot of a document always pairs with the i-th segment.

Footnotes travel inside their paragraph as Pandoc inline notes (``^[...]``), which
the Markdown writer cannot produce: notes are swapped for placeholders before
writing and spliced back afterwards (:func:`inline_batch`, :func:`splice_notes`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pipeline.core.errors import PipelineError

Node = dict[str, Any]
Inlines = list[Node]

_NOTE_PLACEHOLDER = "PIPELINENOTE{}q7x"
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
    """A place in the AST that holds one message's inlines (mutable on purpose)."""

    inlines: Inlines
    kind: str
    section: tuple[str, ...]


def slots(ast: Node, metadata_fields: tuple[str, ...]) -> Iterator[Slot]:
    """Every translatable inline list of ``ast``, in document order."""
    meta = ast.get("meta", {})
    for name in metadata_fields:
        if name in meta:
            yield from _meta_slots(meta[name], f"metadata {name}")
    headings: list[str] = []
    yield from _block_slots(ast["blocks"], None, headings)


def _meta_slots(value: Node, kind: str) -> Iterator[Slot]:
    tag = value["t"]
    if tag == "MetaInlines":
        yield Slot(value["c"], kind, ())
    elif tag == "MetaString":
        # Normalise to inlines so that it is written and translated like the rest.
        value["t"], value["c"] = "MetaInlines", [{"t": "Str", "c": value["c"]}]
        yield Slot(value["c"], kind, ())
    elif tag == "MetaBlocks":
        yield from _block_slots(value["c"], kind, [])
    elif tag == "MetaList":
        for item in value["c"]:
            yield from _meta_slots(item, kind)


def _block_slots(blocks: list[Node], container: str | None, headings: list[str]) -> Iterator[Slot]:
    for block in blocks:
        yield from _one_block(block, container, headings)


def _one_block(block: Node, container: str | None, headings: list[str]) -> Iterator[Slot]:
    tag: str = block["t"]
    content: Any = block.get("c")
    section = tuple(h for h in headings if h)
    if tag in ("Para", "Plain"):
        yield Slot(content, container or "paragraph", section)
    elif tag == "Header":
        level, _attr, inlines = content
        yield Slot(inlines, f"heading {level}", enter_heading(headings, level, plain_text(inlines)))
    elif tag == "BlockQuote":
        yield from _block_slots(content, "block quote", headings)
    elif tag in ("BulletList", "OrderedList"):
        items = content if tag == "BulletList" else content[1]
        for item in items:
            yield from _block_slots(item, "list item", headings)
    elif tag == "DefinitionList":
        for term, definitions in content:
            yield Slot(term, "definition term", section)
            for definition in definitions:
                yield from _block_slots(definition, "definition", headings)
    elif tag == "LineBlock":
        for line in content:
            yield Slot(line, "line", section)
    elif tag == "Div":
        yield from _block_slots(content[1], container, headings)
    elif tag == "Figure":
        _attr, caption, body = content
        yield from _block_slots(caption[1], "figure caption", headings)
        yield from _block_slots(body, "figure image", headings)
    elif tag == "Table":
        yield from _table_slots(content, headings)
    elif tag not in _SKIPPED_BLOCKS:
        raise PipelineError(f"unsupported block type {tag!r} in the source document")


def enter_heading(headings: list[str], level: int, text: str) -> tuple[str, ...]:
    """Put a heading of ``level`` on the heading stack; return the section it sits in."""
    del headings[level - 1 :]
    headings.extend([""] * (level - 1 - len(headings)))
    section = tuple(h for h in headings if h)
    headings.append(text)
    return section


def _table_slots(content: list[Any], headings: list[str]) -> Iterator[Slot]:
    _attr, caption, _specs, head, bodies, foot = content
    yield from _block_slots(caption[1], "table caption", headings)
    rows = list(head[1])
    for body in bodies:
        rows += body[2] + body[3]
    rows += foot[1]
    for _row_attr, cells in rows:
        for cell in cells:
            yield from _block_slots(cell[4], "table cell", headings)


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
    notes: list[Inlines] = []
    owners: list[list[int]] = []
    for slot in all_slots:
        replaced, found = _swap_notes(slot.inlines, len(notes))
        batch.append(replaced)
        owners.append([len(all_slots) + len(notes) + i for i in range(len(found))])
        notes += found
    return batch + notes, owners


def _swap_notes(inlines: Inlines, first: int) -> tuple[Inlines, list[Inlines]]:
    """A copy of ``inlines`` with every footnote, at any depth, replaced by a placeholder.

    Most messages have no footnote: those are returned as they are, uncopied.
    """
    found: list[Inlines] = []
    if not _has_note(inlines):
        return inlines, found

    def swap(value: Any) -> Any:
        if isinstance(value, list):
            return [swap(item) for item in value]
        if not isinstance(value, dict):
            return value
        if value.get("t") != "Note":
            return {key: swap(item) for key, item in value.items()}
        blocks = value["c"]
        if len(blocks) != 1 or blocks[0]["t"] not in ("Para", "Plain"):
            raise PipelineError("a footnote must be a single paragraph to be translated")
        found.append(blocks[0]["c"])
        return {"t": "Str", "c": _NOTE_PLACEHOLDER.format(first + len(found) - 1)}

    return swap(inlines), found


def _has_note(inlines: Inlines) -> bool:
    """Whether a footnote sits anywhere in ``inlines`` (a walk without recursion: this
    runs over every message of the document)."""
    pending: list[Any] = [inlines]
    while pending:
        for item in pending.pop():
            if isinstance(item, dict):
                if item.get("t") == "Note":
                    return True
                content = item.get("c")
                if isinstance(content, list | dict):
                    pending.append(content if isinstance(content, list) else [content])
            elif isinstance(item, list):
                pending.append(item)
    return False


def splice_notes(written: list[str], owners: list[list[int]]) -> list[str]:
    """Put each written note back into its message as ``^[...]``."""
    messages = written[: len(owners)]
    for index, note_indexes in enumerate(owners):
        for batch_index in note_indexes:
            placeholder = _NOTE_PLACEHOLDER.format(batch_index - len(owners))
            messages[index] = messages[index].replace(placeholder, f"^[{written[batch_index]}]")
    return messages


def replace_inlines(slot: Slot, inlines: Inlines) -> None:
    """Put ``inlines`` into the AST where ``slot`` points (the AST is a working copy)."""
    slot.inlines[:] = inlines
