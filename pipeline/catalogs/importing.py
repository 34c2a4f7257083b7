"""An existing translated document -> a catalog (as po4a-gettextize does).

The translated Markdown must have the source's block structure: the same sequence of
headings, paragraphs, list items, table cells and metadata fields. Slots pair up in
order; the first pair whose kinds differ is refused with the line in each file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline.catalogs.model import Catalog, Entry
from pipeline.core.errors import PipelineError
from pipeline.extract.segments import Segment


@dataclass(frozen=True)
class Located:
    """A segment of a document and the line it starts on."""

    segment: Segment
    line: int


def line_of(text: str, needle: str, after: int) -> int:
    """The first line at or after ``after`` whose text contains the start of ``needle``."""
    words = needle.split()[:3]
    if not words:
        return after
    probe = " ".join(words)
    lines = text.splitlines()
    for number in range(max(after, 1), len(lines) + 1):
        # The block may wrap onto the next line, but it starts on this one.
        if words[0] in lines[number - 1] and probe in " ".join(lines[number - 1 : number + 1]):
            return number
    return after


def locate(text: str, segments: Sequence[Segment], plain: Sequence[str]) -> list[Located]:
    located: list[Located] = []
    line = 1
    for segment, visible in zip(segments, plain, strict=True):
        line = line_of(text, visible, line)
        located.append(Located(segment, line))
    return located


def align(
    source: Sequence[Located], translated: Sequence[Located], source_path: str, translated_path: str
) -> None:
    """Refuse, naming the first block that differs, unless both have the same structure."""
    for index in range(max(len(source), len(translated))):
        mine = source[index] if index < len(source) else None
        theirs = translated[index] if index < len(translated) else None
        if mine and theirs and mine.segment.kind == theirs.segment.kind:
            continue
        left = (
            f"{source_path}:{mine.line} has a {mine.segment.kind}"
            if mine
            else f"{source_path} ends"
        )
        right = (
            f"{translated_path}:{theirs.line} has a {theirs.segment.kind}"
            if theirs
            else f"{translated_path} ends"
        )
        raise PipelineError(
            f"structures differ at block {index + 1}: {left}, {right}",
            translated_path,
            theirs.line if theirs else None,
        )


def catalog_from_pairs(template: Catalog, pairs: Sequence[tuple[str, str]]) -> Catalog:
    """The template with each msgid translated by its first imported translation."""
    translations: dict[str, str] = {}
    for msgid, msgstr in pairs:
        translations.setdefault(msgid, msgstr)
    entries: list[Entry] = [
        replace(entry, msgstr=translations.get(entry.msgid, "")) for entry in template.entries
    ]
    return replace(template, entries=tuple(entries))
