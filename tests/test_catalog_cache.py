"""The catalog cache never changes a result: a cached read equals a fresh parse."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import pofile
from pipeline.catalog_cache import CatalogCache
from tests.conftest import REPO


@pytest.mark.parametrize(
    "name", ["fr/LC_MESSAGES/factsheet.po", "el/LC_MESSAGES/ui.po", "factsheet.pot"]
)
def test_a_written_catalog_reads_back_from_the_cache_as_a_fresh_parse_would(
    tmp_path: Path, name: str
) -> None:
    fresh = pofile.read(REPO / "locales" / name, "x.po")
    cache = CatalogCache.load(tmp_path / "cache", tmp_path / "x.po")
    target = tmp_path / "x.po"
    pofile.write(target, fresh, cache)
    assert target.read_bytes() == (REPO / "locales" / name).read_bytes()
    cached = pofile.read(target, "x.po", cache=CatalogCache.load(tmp_path / "cache", target))
    parsed = pofile.read(target, "x.po")
    assert cached == parsed
    assert [e.line for e in cached.entries] == [e.line for e in parsed.entries]


def test_a_changed_file_is_parsed_again(tmp_path: Path) -> None:
    source = REPO / "locales" / "de" / "LC_MESSAGES" / "ui.po"
    target = tmp_path / "ui.po"
    cache = CatalogCache.load(tmp_path / "cache", target)
    pofile.write(target, pofile.read(source), cache)
    target.write_text(target.read_text("utf-8").replace("Inhalt", "Inhaltsverzeichnis"), "utf-8")
    again = pofile.read(target, cache=CatalogCache.load(tmp_path / "cache", target))
    assert any(entry.msgstr == "Inhaltsverzeichnis" for entry in again.entries)


def test_a_damaged_cache_costs_only_time(tmp_path: Path) -> None:
    target = tmp_path / "ui.po"
    cache = CatalogCache.load(tmp_path / "cache", target)
    pofile.write(target, pofile.read(REPO / "locales" / "fr" / "LC_MESSAGES" / "ui.po"), cache)
    cache.path.write_text("{not json", "utf-8")
    assert pofile.read(target, cache=CatalogCache.load(tmp_path / "cache", target)) == pofile.read(
        target
    )
