"""Adapter that remembers, per catalog file, its last parse and its formatted entries.

Parsing a PO file and wrapping its strings as gettext does are the slow parts of
``update`` on a large catalog. What was read or written last time is kept in
``outputs/.cache/po/``, keyed by the file's SHA-256: an unchanged file is not parsed
again, and unchanged entries are not formatted again. A missing or damaged cache only
costs time.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from pipeline import files
from pipeline.catalog import Catalog, Entry

VERSION = 3
# Entries are stored as lists of their fields, in field order (compact and fast).
_FIELDS = [f.name for f in fields(Entry)]
_TUPLES = [str(f.type).startswith("tuple") for f in fields(Entry)]


def _entry(values: list[Any]) -> Entry:
    restored: list[Any] = [
        tuple(value) if is_tuple else value for value, is_tuple in zip(values, _TUPLES, strict=True)
    ]
    return Entry(*restored)


def _entry_record(entry: Entry) -> list[Any]:
    return [getattr(entry, name) for name in _FIELDS]


def _catalog(data: dict[str, Any]) -> Catalog:
    return Catalog(
        header=tuple((key, value) for key, value in data["header"]),
        entries=tuple(_entry(entry) for entry in data["entries"]),
        header_comments=tuple(data["header_comments"]),
        header_flags=tuple(data["header_flags"]),
        path=data["path"],
    )


def _catalog_record(catalog: Catalog) -> dict[str, Any]:
    return {
        "header": catalog.header,
        "entries": [_entry_record(entry) for entry in catalog.entries],
        "header_comments": catalog.header_comments,
        "header_flags": catalog.header_flags,
        "path": catalog.path,
    }


@dataclass
class CatalogCache:
    """The cache of one catalog file."""

    path: Path
    digest: str | None = None
    catalog: Catalog | None = None
    formatted: dict[str, str] = field(default_factory=dict)  # entry fingerprint -> text

    @classmethod
    def load(cls, folder: Path, catalog_path: Path) -> CatalogCache:
        name = hashlib.sha256(str(catalog_path.resolve()).encode("utf-8")).hexdigest()[:32]
        path = folder / "po" / f"{name}.json"
        try:
            data = json.loads(path.read_text("utf-8"))
            if data["version"] != VERSION:
                return cls(path)
            return cls(path, data["digest"], _catalog(data["catalog"]), data["formatted"])
        except (OSError, ValueError, KeyError, TypeError):
            return cls(path)

    def lookup(self, data: bytes) -> Catalog | None:
        """The remembered catalog, if ``data`` are the bytes it was remembered for."""
        return self.catalog if self.knows(data) else None

    def knows(self, data: bytes) -> bool:
        return self.catalog is not None and hashlib.sha256(data).hexdigest() == self.digest

    def remember(self, data: bytes, catalog: Catalog, formatted: dict[str, str]) -> None:
        self.digest = hashlib.sha256(data).hexdigest()
        self.catalog, self.formatted = catalog, formatted
        record = {
            "version": VERSION,
            "digest": self.digest,
            "catalog": _catalog_record(catalog),
            "formatted": formatted,
        }
        files.write_atomic(self.path, json.dumps(record, ensure_ascii=False).encode("utf-8"))
