"""Source document -> segments, parsing only the chunks that changed since last time.

Each chunk's slots (msgid, kind, heading text) are cached by the chunk's text and the
document's definitions; the chunks not in the cache are parsed together in one pandoc
call and their messages written in one more. Section paths are then recomputed over
the whole document. The result is exactly what a full extraction gives; documents the
chunker cannot cut (see :mod:`pipeline.chunks`) are extracted in full.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline import chunks, files, pandoc, segments
from pipeline.segments import Segment

CACHE_VERSION = 1
# Cached per slot: msgid, kind, and for headings the heading's plain text.
CachedSlot = tuple[str, str, str]


def _slot_records(ast: dict[str, Any], fields: tuple[str, ...]) -> list[CachedSlot]:
    return _records_for(ast, [], fields)[0]


def with_sections(records: Sequence[CachedSlot]) -> list[Segment]:
    """Segments with the heading path each sits under, as a full walk computes it."""
    headings: list[str] = []
    result = []
    for msgid, kind, heading in records:
        if kind.startswith("heading "):
            section = segments.enter_heading(headings, int(kind.split()[1]), heading)
        elif kind.startswith("metadata "):
            section = ()
        else:
            section = tuple(h for h in headings if h)
        result.append(Segment(msgid, kind, section))
    return result


def _load(path: Path) -> dict[str, list[CachedSlot]]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if data.get("version") != CACHE_VERSION:
        return {}
    return {key: [tuple(slot) for slot in slots] for key, slots in data["chunks"].items()}


def extract_segments(text: str, fields: tuple[str, ...], cache_path: Path | None) -> list[Segment]:
    """The segments of a source document, reusing the cache at ``cache_path`` if given."""
    cut = chunks.split(text) if cache_path is not None else None
    if cut is None or cache_path is None:
        return with_sections(_slot_records(pandoc.read_source(text), fields))
    cache = _load(cache_path)
    keys = [cut.key(chunk) for chunk in cut.chunks]
    missing = list(dict.fromkeys(key for key in keys if key not in cache))
    by_key = dict(zip(keys, cut.chunks, strict=True))
    # One parse: the metadata block, every new chunk behind a marker, the definitions.
    body = "".join(f"{by_key[key]}\n\n{pandoc.MARKER}\n\n" for key in missing)
    # Quiet: definitions used only by cached chunks would be reported as unused.
    ast = pandoc.read_source(f"{cut.metadata}\n\n{body}{cut.definitions}\n", quiet=True)
    groups = pandoc.split_blocks(ast["blocks"])
    if len(groups) != len(missing):
        return with_sections(_slot_records(pandoc.read_source(text), fields))
    metadata_ast = {**ast, "blocks": []}
    chunk_asts = [{**ast, "meta": {}, "blocks": group} for group in groups]
    records = _records_for(metadata_ast, chunk_asts, fields)
    fresh = dict(zip(missing, records[1:], strict=True))
    cache.update(fresh)
    used = {key: cache[key] for key in keys}
    data = json.dumps({"version": CACHE_VERSION, "chunks": used}, ensure_ascii=False)
    files.write_if_changed(cache_path, data.encode("utf-8"))
    ordered = [slot for key in keys for slot in cache[key]]
    return with_sections(records[0] + ordered)


def write_messages(found: list[segments.Slot]) -> list[str]:
    """Each slot's inlines as one line of Markdown, footnotes inline (one pandoc call)."""
    batch, owners = segments.inline_batch(found)
    return segments.splice_notes(pandoc.write_inlines(batch), owners)


def _records_for(
    metadata_ast: dict[str, Any], chunk_asts: list[dict[str, Any]], fields: tuple[str, ...]
) -> list[list[CachedSlot]]:
    """Slot records of the metadata and of each chunk, with one pandoc call for all."""
    per_document = [list(segments.slots(metadata_ast, fields))]
    per_document += [list(segments.slots(chunk, ())) for chunk in chunk_asts]
    flat = [slot for found in per_document for slot in found]
    msgids = iter(write_messages(flat))
    return [[_record(next(msgids), slot) for slot in found] for found in per_document]


def _record(msgid: str, slot: segments.Slot) -> CachedSlot:
    heading = segments.plain_text(slot.inlines) if slot.kind.startswith("heading") else ""
    return (msgid, slot.kind, heading)
