"""Source text -> top-level chunks, so that re-extraction parses only what changed.

Pure. A chunk is a run of lines between blank lines that pandoc parses the same on
its own as within the document: a paragraph, a heading, a list item, a table, a
fenced code block. Lines that continue the previous chunk (indented, or inside a
fence) stay with it. Reference link and footnote definitions apply document-wide, so
they are kept apart and given to every parse. Constructs whose extent a line scan
cannot see (raw HTML blocks, fenced divs, line blocks) make :func:`split` return
None: the caller then parses the whole document, which is always correct.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

_FENCE = re.compile(r"^(`{3,}|~{3,})")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:")
# Raw HTML blocks and fenced divs may span blank lines: a line scan cannot see their end.
_UNSAFE = re.compile(r"^ {0,3}(?:<(?:[A-Za-z][A-Za-z0-9-]*[\s>/]|/|!)|:::)")
# A table caption or a definition after a blank line belongs to the block before it.
_ATTACHED = re.compile(r"^ {0,3}(?::\s|Table:)")
_YAML_END = re.compile(r"^(?:---|\.\.\.)\s*$")


@dataclass(frozen=True)
class Split:
    """A document cut into its metadata block, its chunks and its definitions."""

    metadata: str  # the YAML block with its delimiters, or ""
    chunks: tuple[str, ...]
    definitions: str  # every reference and footnote definition, joined

    def key(self, chunk: str) -> str:
        """The cache key of a chunk: its text and every definition it could refer to."""
        digest = self._definitions_digest.copy()
        digest.update(chunk.encode("utf-8"))
        return digest.hexdigest()

    @cached_property
    def _definitions_digest(self) -> hashlib._Hash:
        return hashlib.sha256(self.definitions.encode("utf-8") + b"\0")


def split(text: str) -> Split | None:
    """Cut ``text`` into chunks, or None when it has constructs that need a full parse."""
    lines = text.replace("\r\n", "\n").split("\n")
    metadata, start = _metadata(lines)
    chunks: list[list[str]] = []
    definitions: list[list[str]] = []
    current: list[str] = []
    fence: str | None = None
    target = chunks

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
        opening = _FENCE.match(line)
        if not line.strip():
            close()
            continue
        if _UNSAFE.match(line):
            return None
        indented = line[:1] in (" ", "\t") and not _DEFINITION.match(line)
        continues = (indented or _ATTACHED.match(line)) and not current and target and not opening
        if continues:
            # An indented line after a blank one belongs to the chunk before it (a list
            # item's next paragraph, a footnote's continuation, indented code).
            current = target.pop()
            current.append("")
        elif not current:
            target = definitions if _DEFINITION.match(line) else chunks
        current.append(line)
        if opening:
            fence = opening.group(1)
    if fence is not None:
        return None
    close()
    if _caption_before_table(chunks):
        return None
    return Split(
        metadata="\n".join(metadata),
        chunks=tuple("\n".join(chunk) for chunk in chunks),
        definitions="\n\n".join("\n".join(block) for block in definitions),
    )


_TABLE_LINE = re.compile(r"^\s*(?:[|+]|-{3,}[\s-]*$)")


def _caption_before_table(chunks: list[list[str]]) -> bool:
    """A ": text" line may be a definition or the caption of the table after it.

    pandoc decides with the whole document in view: when such a line is followed by
    something that may be a table, only a full parse gives the same answer.
    """
    for chunk, following in pairwise(chunks):
        attached = any(_ATTACHED.match(line) for line in chunk)
        if attached and any(_TABLE_LINE.match(line) for line in following):
            return True
    return False


def _metadata(lines: list[str]) -> tuple[list[str], int]:
    """The leading YAML metadata block (delimiters included) and the line after it."""
    if not lines or lines[0].rstrip() != "---":
        return [], 0
    for index in range(1, len(lines)):
        if _YAML_END.match(lines[index]):
            return lines[: index + 1], index + 1
    return [], 0
