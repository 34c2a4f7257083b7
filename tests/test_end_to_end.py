"""The whole pipeline on this repository's factsheet, with real pandoc and WeasyPrint."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from tests.conftest import REPO, copy_project, require_tool, run_cli
from tests.textutil import epub_text, fold, html_text, markdown_plain, pdf_plain

LANGUAGES = ["bg", "de", "fr", "nl"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("project"), LANGUAGES)
    from pipeline.cli import main

    assert main(["--root", str(root), "build"]) == 0
    return root


def _entries(code: str) -> list[polib.POEntry]:
    return list(polib.pofile(str(REPO / "locales" / code / "LC_MESSAGES" / "factsheet.po")))


def _texts(root: Path, code: str) -> dict[str, str]:
    out = root / "outputs" / code
    return {
        "html": html_text((out / "factsheet.html").read_text("utf-8")),
        "epub": epub_text(out / "factsheet.epub"),
        "pdf": pdf_plain(out / "factsheet.pdf"),
    }


@pytest.mark.parametrize("code", LANGUAGES)
def test_outputs_carry_the_translated_title_and_headings(built: Path, code: str) -> None:
    texts = _texts(built, code)
    wanted = [
        markdown_plain(entry.msgstr)
        for entry in _entries(code)
        if entry.comment.startswith(("metadata title", "heading"))
    ]
    assert len(wanted) >= 8
    for fmt, text in texts.items():
        missing = [heading for heading in wanted if heading not in text]
        assert not missing, f"{code} {fmt} lacks {missing}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_outputs_carry_no_english_body_paragraph(built: Path, code: str) -> None:
    texts = _texts(built, code)
    english = [
        fold(markdown_plain(entry.msgid))[:60]
        for entry in _entries(code)
        if entry.comment.startswith("paragraph") and len(entry.msgid.split()) > 8
    ]
    assert len(english) >= 5
    for fmt, text in texts.items():
        leaked = [paragraph for paragraph in english if paragraph in text]
        assert not leaked, f"{code} {fmt} shows English: {leaked}"


def test_english_and_every_language_are_published_with_an_index(built: Path) -> None:
    outputs = built / "outputs"
    for code in ["en", *LANGUAGES]:
        for fmt in ("html", "epub", "pdf"):
            assert (outputs / code / f"factsheet.{fmt}").stat().st_size > 1000
    index = (outputs / "index.html").read_text("utf-8")
    for name in ("български", "Deutsch", "français", "Nederlands", "English"):
        assert name in index
    for code in LANGUAGES:
        assert f'href="{code}/factsheet.pdf"' in index


def test_html_declares_its_language(built: Path) -> None:
    page = (built / "outputs" / "bg" / "factsheet.html").read_text("utf-8")
    assert '<html lang="bg" dir="ltr"' in page
    assert 'hreflang="fr"' in page


def test_pandoc_runs_a_constant_number_of_times_per_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Count the real pandoc calls of a one-language build: never one per message."""
    from pipeline.adapters import pandoc

    real, log = pandoc.run, tmp_path / "calls.txt"

    def counting(args: list[str], text: str) -> str:
        # Appended to a file: the process that writes the page and the book counts too.
        with log.open("a") as calls:
            calls.write(args[args.index("--to") + 1] + "\n")
        return real(args, text)

    monkeypatch.setattr(pandoc, "run", counting)
    pandoc.api_version.cache_clear()
    root = copy_project(tmp_path, ["fr"])
    status, _out, _err = run_cli(root, "build", "--jobs", "1", capsys=capsys)
    assert status == 0
    calls = log.read_text().split()
    # Per document: read the source and write its messages, for the page; the same for
    # the current messages the catalogs are measured against (none when the extraction
    # cache is warm). Per language: parse the catalog for its checks and read the
    # translations (fr only), write HTML, write EPUB. The AST version the writes need
    # is that of the document they come from: never a call of its own.
    assert len(calls) == 2 + 2 + (2 + 2) + 2, " ".join(calls)


def test_every_epub_passes_epubcheck(built: Path) -> None:
    require_tool("epubcheck")
    from pipeline.checks.epubcheck import epubcheck_batch

    books = [built / "outputs" / code / "factsheet.epub" for code in ["en", *LANGUAGES]]
    assert epubcheck_batch(books, lambda _book: None) == {book: [] for book in books}


def test_epub_carries_language_identifier_and_accessibility_metadata(built: Path) -> None:
    import zipfile

    with zipfile.ZipFile(built / "outputs" / "bg" / "factsheet.epub") as archive:
        opf = archive.read("EPUB/content.opf").decode("utf-8")
    assert "<dc:language>bg</dc:language>" in opf
    assert "urn:uuid:" in opf
    assert '<meta property="schema:accessibilitySummary">' in opf
    assert 'rel="dcterms:conformsTo"' in opf
    summary = opf.split('accessibilitySummary">')[1].split("<")[0]
    assert summary and "factsheet" not in summary.lower()  # translated, not English


def test_pdf_is_tagged_and_carries_language_title_and_outline(built: Path) -> None:
    import pikepdf

    title = next(e.msgstr for e in _entries("de") if e.comment == "metadata title")
    with pikepdf.open(built / "outputs" / "de" / "factsheet.pdf") as pdf:
        assert str(pdf.Root.Lang) == "de"
        assert "/StructTreeRoot" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.docinfo["/Title"]) == title
        with pdf.open_outline() as outline:
            assert len(outline.root) >= 8  # the title and every section


def test_switcher_and_alternates_link_every_published_language(built: Path) -> None:
    published = ["bg", "de", "en", "fr", "nl"]
    for code in published:
        page = (built / "outputs" / code / "factsheet.html").read_text("utf-8")
        for other in published:
            assert f'<link rel="alternate" hreflang="{other}"' in page, (code, other)
            assert f'hreflang="{other}">' in page.split('<nav class="languages"')[1], (code, other)


def test_index_lists_languages_in_eu_protocol_order(built: Path) -> None:
    index = (built / "outputs" / "index.html").read_text("utf-8")
    positions = [index.index(f'<span lang="{code}">') for code in ("bg", "de", "en", "fr", "nl")]
    assert positions == sorted(positions)
