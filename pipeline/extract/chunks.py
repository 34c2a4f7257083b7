"""Source text -> top-level chunks, so that re-extraction parses only what changed.

Pure. A chunk is a run of lines between blank lines that pandoc parses the same on
its own as within the document: a paragraph, a heading, a list item, a table, a
fenced code block. Lines that continue the previous chunk (indented, or inside a
fence) stay with it. Reference link and footnote definitions apply document-wide, so
they are kept apart; each chunk is parsed with the definitions whose label it may
use, and they are part of its cache key. Constructs whose extent a line scan cannot
see (raw HTML blocks, fenced divs, line blocks), and links to a heading by its text
(pandoc's implicit header references, which need every heading in view), and
footnotes of more than one block (whose context names their number), make
:func:`split` return None: the caller then parses the whole document, which is
always correct.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from itertools import pairwise

_FENCE = re.compile(r"^(`{3,}|~{3,})")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:")
# Raw HTML blocks and fenced divs may span blank lines: a line scan cannot see their end.
_UNSAFE = re.compile(r"^ {0,3}(?:<(?:[A-Za-z][A-Za-z0-9-]*[\s>/]|/|!)|:::)")
# A table caption or a definition after a blank line belongs to the block before it.
_ATTACHED = re.compile(r"^ {0,3}(?::\s|Table:)")
_YAML_END = re.compile(r"^(?:---|\.\.\.)\s*$")
# First characters of a line that may be blank, indented, a fence, a definition, raw
# HTML or attached to the chunk before: any other line is ordinary text.
_MAY_BE_SPECIAL = frozenset(" \t`~<:[") | {""}


@dataclass(frozen=True)
class Chunk:
    """A chunk's text and the definitions (reference links, footnotes) it may use."""

    text: str
    definitions: tuple[tuple[int, str], ...]  # (place among the definitions, text), in order

    @property
    def key(self) -> str:
        """The cache key: what the chunk's messages depend on."""
        data = "\0".join((self.text, *(text for _, text in self.definitions))).encode()
        return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Split:
    """A document cut into its metadata block and its chunks."""

    metadata: str  # the YAML block with its delimiters, or ""
    chunks: tuple[Chunk, ...]


def split(text: str) -> Split | None:
    """Cut ``text`` into chunks, or None when it has constructs that need a full parse."""
    lines = text.replace("\r\n", "\n").split("\n")
    metadata, start = _metadata(lines)
    chunks: list[list[str]] = []
    definitions: list[list[str]] = []
    current: list[str] = []
    fence: str | None = None
    target = chunks
    attached: set[int] = set()  # the chunks (by id) with a line that may be a caption

    def close() -> None:
        nonlocal current
        if current:
            target.append(current)
            current = []

    for line in lines[start:]:
        if fence is not None:
            current.append(line)
            if line.startswith(fence) and not line[len(fence) :].strip():
                fence = None
            continue
        if line[:1] not in _MAY_BE_SPECIAL and not line.startswith("Table:"):
            # The common case, checked first: an ordinary line of text.
            if not current:
                target = chunks
            current.append(line)
            continue
        if not line.strip(" \t"):  # pandoc: spaces and tabs only (not a no-break space)
            close()
            continue
        opening = _FENCE.match(line)
        if _UNSAFE.match(line):
            return None
        definition, attaches = _DEFINITION.match(line), _ATTACHED.match(line)
        indented = line[:1] in (" ", "\t") and not definition
        continues = (indented or attaches) and not current and target and not opening
        if continues:
            # An indented line after a blank one belongs to the chunk before it (a list
            # item's next paragraph, a footnote's continuation, indented code).
            current = target.pop()
            current.append("")
        elif not current:
            target = definitions if definition else chunks
        current.append(line)
        if attaches:
            attached.add(id(current))
        if opening:
            fence = opening.group(1)
    if fence is not None:
        return None
    close()
    if _caption_before_table(chunks, attached):
        return None
    if any("" in block and block[0].lstrip().startswith("[^") for block in definitions):
        return None  # a footnote of several blocks: its messages are numbered document-wide
    texts = ["\n".join(chunk) for chunk in chunks]
    uses = [_bracketed(text) if "[" in text else set() for text in texts]
    headings = {_loose(heading) for chunk in chunks for heading in _heading_texts(chunk)}
    headings.discard("")
    if any(not headings.isdisjoint(used) for used in uses):
        return None  # a link may point to a heading by its text: only a full parse sees it
    needed = _Definitions(["\n".join(block) for block in definitions])
    return Split(
        metadata="\n".join(metadata),
        chunks=tuple(
            Chunk(text, needed.for_labels(used)) for text, used in zip(texts, uses, strict=True)
        ),
    )


class _Definitions:
    """The document's definitions, found by the labels a chunk uses."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.by_label: dict[str, list[int]] = {}
        for index, text in enumerate(texts):
            self.by_label.setdefault(_loose(text.split("]:", 1)[0]), []).append(index)
        # A definition may use others (a footnote with a reference link in it).
        self.uses = [_bracketed(text) for text in texts]

    def for_labels(self, labels: set[str]) -> tuple[tuple[int, str], ...]:
        """The definitions with one of ``labels``, and those they use, in order (of two
        definitions of a label, pandoc takes the last)."""
        if not labels or not self.by_label:
            return ()
        found: set[int] = set()
        pending = [index for label in labels for index in self.by_label.get(label, ())]
        while pending:
            index = pending.pop()
            if index not in found:
                found.add(index)
                pending += [i for label in self.uses[index] for i in self.by_label.get(label, ())]
        return tuple((index, self.texts[index]) for index in sorted(found))


# Bracketed text that pandoc may resolve by its label: reference links, note marks,
# implicit links to headings; not the text of a link whose target follows. One level
# of nesting is allowed.
_BRACKETED = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\](?!\()")
_NOT_WORD = re.compile(r"\W+")
_ATX = re.compile(r"^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*(?:\{[^}]*\})?\s*$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)\s*$")


def _loose(text: str) -> str:
    """Text compared loosely: lower case, word characters only (pandoc compares labels
    case-insensitively with whitespace collapsed; looser only means more matches)."""
    return _NOT_WORD.sub("", text).lower()


def _bracketed(text: str) -> set[str]:
    """Every bracketed text in ``text``, and every bracket inside one, loosely."""
    found = set()
    for inner in _BRACKETED.findall(text):
        found.add(_loose(inner))
        found.update(_loose(nested) for nested in _BRACKETED.findall(inner))
    return found - {""}


def _heading_texts(lines: list[str]) -> list[str]:
    """What the heading ``lines`` may be titled (ATX or setext); none if not a heading."""
    atx = _ATX.match(lines[0]) if "#" in lines[0][:4] else None
    if atx:
        return [atx.group(1) or ""]
    if len(lines) >= 2 and lines[-1].lstrip(" ")[:1] in ("=", "-") and _SETEXT.match(lines[-1]):
        return [lines[-2], " ".join(lines[:-1])]
    return []


_TABLE_LINE = re.compile(r"^\s*(?:[|+]|-{3,}[\s-]*$)")


def _caption_before_table(chunks: list[list[str]], attached: set[int]) -> bool:
    """A ": text" line may be a definition or the caption of the table after it.

    pandoc decides with the whole document in view: when such a line (in a chunk of
    ``attached``) is followed by something that may be a table, only a full parse
    gives the same answer.
    """
    return any(
        id(chunk) in attached and any(_TABLE_LINE.match(line) for line in following)
        for chunk, following in pairwise(chunks)
    )


def _metadata(lines: list[str]) -> tuple[list[str], int]:
    """The leading YAML metadata block (delimiters included) and the line after it."""
    if not lines or lines[0].rstrip() != "---":
        return [], 0
    for index in range(1, len(lines)):
        if _YAML_END.match(lines[index]):
            return lines[: index + 1], index + 1
    return [], 0
