"""Adapter that remembers, per catalog file, its last parse and its formatted entries.

Parsing a PO file and wrapping its strings as gettext does are the slow parts of
``update`` on a large catalog. What was read or written last time is kept in
``outputs/.cache/po/``, keyed by the file's SHA-256: an unchanged file is not parsed
again, and unchanged entries are not formatted again. A missing or damaged cache only
costs time.
"""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from pipeline.adapters import files
from pipeline.catalogs.model import Catalog, Entry

VERSION = 5  # 5: entries carry their previous msgid_plural

# An entry's content: every field but its line, in field order. It is what the file
# says about the entry, so it keys the formatted text too.
Content = tuple[Any, ...]
CONTENT_FIELDS = tuple(f.name for f in fields(Entry) if f.name != "line")
_content = operator.attrgetter(*CONTENT_FIELDS)


# Entry(*content, line): typed loosely, as Content's length is not in its type.
_new_entry: Callable[..., Entry] = Entry


def content(entry: Entry) -> Content:
    values: Content = _content(entry)
    return values


@dataclass(frozen=True)
class _Remembered:
    """A catalog as plain values: what the cache file holds besides its tag and digest."""

    header: tuple[tuple[str, str], ...]
    header_comments: tuple[str, ...]
    header_flags: tuple[str, ...]
    contents: list[Content]
    lines: list[int]

    def catalog(self, path: str) -> Catalog:
        entries = tuple(
            _new_entry(*values, line)
            for values, line in zip(self.contents, self.lines, strict=True)
        )
        return Catalog(self.header, entries, self.header_comments, self.header_flags, path)


@dataclass
class CatalogCache:
    """The cache of one catalog file."""

    path: Path
    digest: str | None = None
    remembered: _Remembered | None = None
    formatted: dict[Content, str] = field(default_factory=dict)  # entry content -> text
    # The bytes last hashed and their digest: checking then remembering the same bytes
    # (a read, a write) hashes them once.
    _hashed: tuple[bytes, str] | None = field(default=None, repr=False)

    @classmethod
    def load(cls, folder: Path, catalog_path: Path) -> CatalogCache:
        path = _cache_path(folder, catalog_path)
        try:
            digest, values, formatted = files.load_cached(path, VERSION)
            return cls(path, digest, _Remembered(*values), formatted)
        except (TypeError, ValueError):  # none stored, or not in this version's shape
            return cls(path)

    def lookup(self, data: bytes, shown_as: str) -> Catalog | None:
        """The remembered catalog, if ``data`` are the bytes it was remembered for."""
        if self.remembered is None or not self.knows(data):
            return None
        return self.remembered.catalog(shown_as)

    def knows(self, data: bytes) -> bool:
        return self.remembered is not None and self._digest(data) == self.digest

    def _digest(self, data: bytes) -> str:
        if self._hashed is None or self._hashed[0] is not data:
            self._hashed = (data, hashlib.sha256(data).hexdigest())
        return self._hashed[1]

    def remember(self, data: bytes, catalog: Catalog) -> None:
        """Remember ``catalog`` as read from ``data``, with the lines its entries carry."""
        contents = [content(entry) for entry in catalog.entries]
        self._store(data, catalog, contents, [entry.line for entry in catalog.entries])

    def remember_written(
        self,
        data: bytes,
        catalog: Catalog,
        contents: list[Content],
        lines: list[int],
        formatted: dict[Content, str],
    ) -> None:
        """Remember what was written as ``data``: the header of ``catalog``, the content
        and msgstr line of each entry written, and their formatted text."""
        self.formatted = formatted
        self._store(data, catalog, contents, lines)

    def _store(
        self, data: bytes, catalog: Catalog, contents: list[Content], lines: list[int]
    ) -> None:
        self.digest = self._digest(data)
        self.remembered = _Remembered(
            catalog.header, catalog.header_comments, catalog.header_flags, contents, lines
        )
        # The formatted texts are keyed by the same content tuples: marshal stores each once.
        values = tuple(getattr(self.remembered, f.name) for f in fields(_Remembered))
        files.store_cached(self.path, VERSION, (self.digest, values, self.formatted))


def _cache_path(folder: Path, catalog_path: Path) -> Path:
    name = hashlib.sha256(str(catalog_path.resolve()).encode("utf-8")).hexdigest()[:32]
    return folder / "po" / f"{name}.bin"


def prune_caches(folder: Path, catalogs: Iterable[Path]) -> None:
    """Delete the caches in ``folder`` of every catalog file but ``catalogs``."""
    kept = {_cache_path(folder, catalog) for catalog in catalogs}
    for path in (folder / "po").glob("*.bin"):
        if path not in kept:
            path.unlink(missing_ok=True)
