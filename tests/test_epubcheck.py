"""EPUBCheck in one JVM for all books gives each book the findings of a run of its own."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from pipeline.checks import epubcheck as outputs
from pipeline.checks.epubcheck import epubcheck_all, epubcheck_batch, epubcheck_messages
from tests.conftest import copy_project, require_tool


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A valid EPUB, and copies of it missing its navigation document or a chapter."""
    root = copy_project(tmp_path_factory.mktemp("project"), ["de"])
    from pipeline.cli import main

    assert main(["--root", str(root), "build", "--formats", "epub", "de"]) == 0
    valid = root / "outputs" / "de" / "factsheet.epub"
    with zipfile.ZipFile(valid) as archive:
        names = archive.namelist()
    nav = next(name for name in names if name.endswith("nav.xhtml"))
    chapter = next(name for name in names if name.endswith(".xhtml") and name != nav)
    broken = [
        _without(valid, name, root / f"without {i}.epub") for i, name in enumerate([nav, chapter])
    ]
    return [valid, *broken]


@pytest.fixture(scope="module")
def separately(books: list[Path]) -> dict[Path, list[str] | None]:
    """Each book's findings from a run of EPUBCheck of its own."""
    require_tool("epubcheck")
    return {book: epubcheck_messages(book) for book in books}


def _without(book: Path, name: str, target: Path) -> Path:
    """A copy of ``book`` whose zip lacks the member ``name``."""
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            if info.filename != name:
                copy.writestr(info, source.read(info))
    return target


@pytest.mark.hostile
def test_one_jvm_finds_what_one_run_per_book_finds(
    books: list[Path], separately: dict[Path, list[str] | None]
) -> None:
    assert separately[books[0]] == []
    assert all(separately[book] for book in books[1:]), separately
    assert any("RSC-001" in line for line in separately[books[2]]), separately  # file not found

    together = epubcheck_batch(books, lambda _book: None)

    assert together == separately


@pytest.mark.hostile
def test_books_the_jvm_left_are_checked_one_by_one(
    books: list[Path],
    separately: dict[Path, list[str] | None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A batch that reports the first book as valid, then ends: the rest must not be lost.
    early = tmp_path / "Early.java"
    early.write_text(
        "public class Early { public static void main(String[] args) {"
        ' System.out.print("0 0 0 0\\n"); } }'
    )
    monkeypatch.setattr(outputs, "BATCH", early)
    seen: list[tuple[int, int]] = []

    found = epubcheck_all(books, {}, lambda done, total: seen.append((done, total)))

    assert found == separately
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]


@pytest.mark.hostile
def test_a_batch_that_cannot_start_falls_back(
    books: list[Path],
    separately: dict[Path, list[str] | None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = tmp_path / "Broken.java"
    broken.write_text("this is not Java")
    monkeypatch.setattr(outputs, "BATCH", broken)

    assert epubcheck_batch(books, lambda _book: None) == {}
    assert epubcheck_all(books[1:2], {}) == {books[1]: separately[books[1]]}


def test_checked_books_are_not_checked_again(books: list[Path], tmp_path: Path) -> None:
    require_tool("epubcheck")
    cache: dict[str, list[str]] = {}
    first = epubcheck_all(books, cache)
    assert len(cache) == 3
    seen: list[tuple[int, int]] = []
    moved = tmp_path / "moved.epub"
    shutil.copy(books[2], moved)

    again = epubcheck_all([*books, moved], cache, lambda done, total: seen.append((done, total)))

    assert seen == []  # the same bytes under another name are not checked again
    assert again == {**first, moved: first[books[2]]}
