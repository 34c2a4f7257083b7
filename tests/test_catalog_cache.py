"""The catalog cache never changes a result: a cached read equals a fresh parse."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.catalogs import pofile
from pipeline.catalogs.cache import CatalogCache
from tests.conftest import REPO, copy_project, run_cli


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


def test_the_cache_of_a_catalog_that_is_gone_is_deleted_by_the_next_update(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "project", languages=["de", "fr"])
    assert run_cli(root, "update", capsys=capsys)[0] == 0
    folder = root / "outputs" / ".cache"

    def caches(code: str) -> list[Path]:
        catalogs = sorted(root.glob(f"locales/{code}/LC_MESSAGES/*.po"))
        return [CatalogCache.load(folder, catalog).path for catalog in catalogs]

    kept, gone = caches("de"), caches("fr")
    assert kept and gone and all(path.is_file() for path in kept + gone)
    shutil.rmtree(root / "locales" / "fr")
    config = root / "pyproject.toml"
    config.write_text(config.read_text("utf-8").replace('"de", "fr"', '"de"'), "utf-8")
    assert run_cli(root, "update", capsys=capsys)[0] == 0
    assert all(path.is_file() for path in kept)
    assert not any(path.exists() for path in gone)
