"""The index in every reader's language, its accessible link names and the page's layout.

A copy of the project (German, French, Dutch) is built with real pandoc and WeasyPrint;
the index pages are read as a browser's accessibility tree would name their links.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import polib
import pytest

from tests.conftest import REPO, copy_project, run_cli

LANGUAGES = ["de", "fr", "nl"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("project"), LANGUAGES)
    from pipeline.cli import main

    assert main(["--root", str(root), "build", "--formats", "html,pdf"]) == 0
    return root


def _ui(code: str, msgid: str) -> str:
    entry = polib.pofile(str(REPO / "locales" / code / "LC_MESSAGES" / "ui.po")).find(msgid)
    assert entry is not None and entry.msgstr
    return entry.msgstr


def _names(page: str) -> list[str]:
    """The accessible name of each link in the editions tables (text, hidden text too)."""
    body = page.split('<table class="editions">', 1)[1]
    links = re.findall(r"<a [^>]*>(.*?)</a>", body, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", link)) for link in links]


def test_every_published_language_has_an_index_in_its_own_language(built: Path) -> None:
    outputs = built / "outputs"
    for code in LANGUAGES:
        page = (outputs / f"index.{code}.html").read_text("utf-8")
        assert f'<html lang="{code}"' in page
        heading = html.escape(_ui(code, "Factsheets in every language"), quote=False)
        assert f"<h1>{heading}</h1>" in page
        assert html.escape(_ui(code, "Language"), quote=False) in page
        for other in ["en", *LANGUAGES]:
            target = "index.html" if other == "en" else f"index.{other}.html"
            assert f'<link rel="alternate" hreflang="{other}" href="{target}">' in page
    assert not (outputs / "index.en.html").exists()
    source = (outputs / "index.html").read_text("utf-8")
    assert '<html lang="en"' in source and "<h1>Factsheets in every language</h1>" in source


def test_the_source_index_offers_each_language_without_storing_anything(built: Path) -> None:
    page = (built / "outputs" / "index.html").read_text("utf-8")
    data = re.search(r'<script type="application/json" id="offers">(.*?)</script>', page, re.S)
    assert data is not None
    offers = json.loads(data.group(1))
    assert offers["de"]["href"] == "index.de.html"
    assert offers["fr"]["text"] == _ui("fr", "This page in your language: %(language)s").replace(
        "%(language)s", "français"
    )
    assert "navigator.languages" in page
    assert not re.search(r"cookie|localStorage|sessionStorage|https?://|fetch\(", page)


def test_each_download_link_is_named_with_its_language_and_format(built: Path) -> None:
    for name in ["index.html", "index.de.html"]:
        names = _names((built / "outputs" / name).read_text("utf-8"))
        for expected in ["Deutsch, HTML", "Deutsch, PDF", "français, PDF", "Nederlands, HTML"]:
            assert expected in names, name
        assert "PDF" not in names and "HTML" not in names


def test_completeness_bars_only_when_an_edition_is_incomplete(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    complete = (built / "outputs" / "index.de.html").read_text("utf-8")
    assert 'class="bar"' not in complete
    assert html.escape(_ui("de", "Translated"), quote=False) not in complete

    root = copy_project(tmp_path, ["de", "fr"])
    catalog = root / "locales" / "fr" / "LC_MESSAGES" / "factsheet.po"
    po = polib.pofile(str(catalog))
    untranslated = [entry for entry in po if entry.msgid.startswith("The Commission will")]
    assert untranslated
    for entry in untranslated:
        entry.msgstr = ""
    po.save(str(catalog))
    status, _out, _err = run_cli(root, "build", "--draft", "--formats", "html", capsys=capsys)
    assert status == 0
    page = (root / "outputs" / "index.fr.html").read_text("utf-8")
    assert page.count('class="bar"') == 3
    assert _ui("fr", "Draft") in page


def test_an_index_of_a_language_no_longer_published_is_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path, ["de", "fr"])
    assert run_cli(root, "build", "--formats", "html", capsys=capsys)[0] == 0
    assert (root / "outputs" / "index.fr.html").is_file()
    config = root / "pyproject.toml"
    config.write_text(config.read_text("utf-8").replace('"de", "fr"', '"de"'), "utf-8")
    assert run_cli(root, "build", "--formats", "html", capsys=capsys)[0] == 0
    assert (root / "outputs" / "index.de.html").is_file()
    assert not (root / "outputs" / "index.fr.html").exists()


def test_a_page_offers_its_downloads_above_the_text_and_links_its_own_index(built: Path) -> None:
    page = (built / "outputs" / "de" / "factsheet.html").read_text("utf-8")
    assert page.index('class="downloads"') < page.index("<h2")
    title_block = page.split('<header class="title-block">', 1)[1].split("</header>", 1)[0]
    assert 'href="factsheet.pdf"' in title_block
    assert 'href="../index.de.html"' in page
    assert "@media print" in page and "prefers-color-scheme: dark" in page


def test_the_pdf_has_no_screen_only_styles(built: Path) -> None:
    from tests.conftest import pdf_text

    text = pdf_text(built / "outputs" / "de" / "factsheet.pdf")
    assert _ui("de", "Download this factsheet:") not in text
