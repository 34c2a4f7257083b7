"""Source document -> segments, parsing only the chunks that changed since last time.

Each chunk's slots (msgid, kind, heading text, the divs they are in) are cached by the
chunk's text and the definitions it uses; the chunks not in the cache are parsed
together in one pandoc call and their messages written in one more (a long document,
on a first extraction: a part per core, at the same time). Section paths are then
recomputed over the whole document. The result is exactly what a full extraction
gives; documents the chunker cannot cut (see :mod:`pipeline.extract.chunks`) are
extracted in full.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pipeline.adapters import files, pandoc
from pipeline.extract import chunks, segments
from pipeline.extract.segments import Segment

CACHE_VERSION = 9
# Cached per slot: msgid, kind, for headings the heading's plain text, and the divs the
# slot is in (numbered in its chunk).
CachedSlot = tuple[str, str, str, tuple[int, ...]]
# Cached per chunk: how many footnotes it numbers, and its slots (their footnotes
# numbered from 1 in the chunk).
CachedChunk = tuple[int, list[CachedSlot]]


def _in_full(text: str, fields: tuple[str, ...]) -> list[Segment]:
    """The segments of a document parsed whole, without the cache."""
    return segments_of(pandoc.read_source(text), fields)


def segments_of(ast: dict[str, Any], fields: tuple[str, ...]) -> list[Segment]:
    """The segments of a parsed document (one pandoc call), with the sections the walk
    gives them (a heading inside a div heads no section after the div)."""
    found = list(segments.slots(ast, fields))
    msgids = write_messages(found, ast["pandoc-api-version"])
    return [
        Segment(msgid, slot.kind, slot.section) for slot, msgid in zip(found, msgids, strict=True)
    ]


def with_sections(chunks: Sequence[CachedChunk]) -> list[Segment]:
    """Segments with the heading path each sits under, as a full walk computes it: the
    records of each chunk in turn, a heading inside a div heading a section up to the
    div's end only (a div never goes past its chunk), a footnote's blocks in the section
    of the text they belong to, and footnotes numbered across the document."""
    headings: list[str] = []
    result = []
    noted = 0  # the footnotes of the chunks before
    for notes, records in chunks:
        divs: tuple[int, ...] = ()  # the divs the record before is in
        before: list[list[str]] = []  # the headings as each of those divs began
        owner: tuple[str, ...] = ()  # the section of the last record not in a footnote
        for msgid, kind, heading, within in records:
            shared = _shared_length(divs, within)
            if shared < len(divs):  # the walk left these divs: their headings end
                headings[:] = before[shared]
            del before[shared:]
            before += [list(headings) for _ in within[shared:]]
            divs = within
            if kind.startswith("heading "):
                section = segments.enter_heading(headings, int(kind.split()[1]), heading)
            elif kind.startswith("metadata "):
                section = ()
            elif kind.startswith("footnote "):
                section = owner
            else:
                section = tuple(h for h in headings if h)
            if "footnote " in kind and noted:
                kind = _renumbered(kind, noted)
            owner = owner if kind.startswith("footnote ") else section
            result.append(Segment(msgid, kind, section))
        if before:  # the divs still open end with their chunk
            headings[:] = before[0]
        noted += notes
    return result


_FOOTNOTE = re.compile(r"footnote (\d+)")


def _renumbered(kind: str, offset: int) -> str:
    """``kind`` with the footnotes it names numbered ``offset`` further."""
    return _FOOTNOTE.sub(lambda found: f"footnote {int(found[1]) + offset}", kind)


def _shared_length(first: tuple[int, ...], second: tuple[int, ...]) -> int:
    """How many of their first items two tuples have in common."""
    for index, (a, b) in enumerate(zip(first, second, strict=False)):
        if a != b:
            return index
    return min(len(first), len(second))


def extract_segments(text: str, fields: tuple[str, ...], cache_path: Path | None) -> list[Segment]:
    """The segments of a source document, reusing the cache at ``cache_path`` if given."""
    cut = chunks.split(text) if cache_path is not None else None
    if cut is None or cache_path is None:
        return _in_full(text, fields)
    stored = files.load_cached(cache_path, CACHE_VERSION)
    cache: dict[str, CachedChunk] = stored if isinstance(stored, dict) else {}
    # The metadata block is cached like a chunk, with the fields that are translated.
    metadata_key = hashlib.sha256(repr((cut.metadata, fields)).encode()).hexdigest()
    keys = [chunk.key for chunk in cut.chunks]
    missing: dict[str, chunks.Chunk] = {}  # by key, the first chunk with it (in order)
    for key, chunk in zip(keys, cut.chunks, strict=True):
        if key not in cache:
            missing.setdefault(key, chunk)
    parsed = bool(missing) or metadata_key not in cache
    if parsed:
        new = list(missing.values())
        # Chunks that link to a heading by its text are parsed with the headings' chunks.
        context = list(cut.headed) if any(chunk.headings for chunk in new) else []
        fresh = _parse(cut.metadata, new, fields, context)
        if fresh is None:
            return _in_full(text, fields)
        cache[metadata_key] = fresh[0]
        cache.update(zip(missing, fresh[1:], strict=True))
    order = [metadata_key, *keys]
    kept = {key: cache[key] for key in order}  # what this version of the document uses
    if parsed or kept.keys() != cache.keys():
        files.store_cached(cache_path, CACHE_VERSION, kept)
    return with_sections([cache[key] for key in order])


def _parse(
    metadata: str, new: list[chunks.Chunk], fields: tuple[str, ...], context: list[chunks.Chunk]
) -> list[CachedChunk] | None:
    """Slot records of the metadata and of each new chunk; None if a parse does not give
    one group of blocks per chunk.

    One parse and one write for all of them; a long document (a first extraction) is cut
    into a part per core, each parsed and written by its own pandoc at the same time.
    The ``context`` chunks are parsed with each part, in their places, and left out.
    """
    parts = _partition(new, os.cpu_count() or 1)
    if len(parts) == 1:
        return _parse_part(metadata, new, fields, context)
    with ThreadPoolExecutor(max_workers=len(parts)) as pool:
        metadatas = [metadata] + [""] * (len(parts) - 1)  # the metadata goes with the first
        parse = functools.partial(_parse_part, fields=fields, context=context)
        results = list(pool.map(parse, metadatas, parts))
    done = [result for result in results if result is not None]
    if len(done) != len(results):
        return None
    return [done[0][0]] + [records for result in done for records in result[1:]]


_PART_CHARACTERS = 500_000  # below this, a second pandoc costs more than it saves


def _partition(new: list[chunks.Chunk], cores: int) -> list[list[chunks.Chunk]]:
    """``new`` cut into runs of about equal length, no more than ``cores`` of them."""
    runs = pandoc.even_runs([len(chunk.text) for chunk in new], cores, _PART_CHARACTERS)
    return [new[start:end] for start, end in runs] or [[]]


def _parse_part(
    metadata: str, new: list[chunks.Chunk], fields: tuple[str, ...], context: list[chunks.Chunk]
) -> list[CachedChunk] | None:
    """:func:`_parse` for one part: one pandoc call to parse, one to write."""
    wanted = {chunk.index for chunk in new}
    every = sorted([*new, *(c for c in context if c.index not in wanted)], key=lambda c: c.index)
    body = "".join(f"{chunk.text}\n\n{pandoc.MARKER}\n\n" for chunk in every)
    used = dict(definition for chunk in every for definition in chunk.definitions)
    definitions = "\n\n".join(used[index] for index in sorted(used))
    # Quiet: a definition used by only some of the chunks would be reported as unused.
    ast = pandoc.read_source(f"{metadata}\n\n{body}{definitions}\n", quiet=True)
    found = pandoc.split_blocks(ast["blocks"])
    if len(found) != len(every):
        return None
    groups = [group for chunk, group in zip(every, found, strict=True) if chunk.index in wanted]
    metadata_ast = {**ast, "blocks": []}
    return _records_for(metadata_ast, [{**ast, "meta": {}, "blocks": g} for g in groups], fields)


def write_messages(found: list[segments.Slot], version: list[int]) -> list[str]:
    """Each slot's inlines as one line of Markdown, footnotes inline (one pandoc call);
    ``version`` is the AST version of the document they are in."""
    batch, owners = segments.inline_batch(found)
    return segments.splice_notes(pandoc.write_inlines(batch, version), owners)


def _records_for(
    metadata_ast: dict[str, Any], chunk_asts: list[dict[str, Any]], fields: tuple[str, ...]
) -> list[CachedChunk]:
    """Slot records of the metadata and of each chunk, with one pandoc call for all (the
    metadata's footnotes are numbered apart from the body's, as in a full walk)."""
    per_document = [list(segments.slots(metadata_ast, fields))]
    per_document += [list(segments.slots(chunk, ())) for chunk in chunk_asts]
    flat = [slot for found in per_document for slot in found]
    msgids = iter(write_messages(flat, metadata_ast["pandoc-api-version"]))
    return [
        (
            segments.notes_numbered(found) if index else 0,
            [_record(next(msgids), slot) for slot in found],
        )
        for index, found in enumerate(per_document)
    ]


def _record(msgid: str, slot: segments.Slot) -> CachedSlot:
    heading = segments.plain_text(slot.inlines) if slot.kind.startswith("heading") else ""
    return (msgid, slot.kind, heading, slot.divs)
