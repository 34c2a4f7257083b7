"""The printed page: its measure, its length, and the colophon in the text and the metadata."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
import pytest

from pipeline.core.config import parse_config
from pipeline.core.errors import UsageError
from tests.conftest import copy_project, pdf_text, require_tool
from tests.measure import measure

LANGUAGES = ["el", "mt", "de", "fi"]
RIGHTS = "© European Union, 2026. Reuse is authorised provided the source is acknowledged."
# The configured statement as the Maltese and German editions print it (their ui catalogs).
RIGHTS_MT = "© Unjoni Ewropea, 2026. L-użu mill-ġdid huwa awtorizzat dment li jissemma s-sors."
RIGHTS_DE = (
    "© Europäische Union, 2026. Die Weiterverwendung ist gestattet, "
    "sofern die Quelle angegeben wird."
)
CATALOGUE = "XX-00-00-000-EN-N"  # a test's number, not a real one


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("layout"), LANGUAGES)
    config = root / "pyproject.toml"
    config.write_text(
        config.read_text("utf-8").replace(
            "[tool.ruff]",
            f'identifiers = {{ en = {{ catalogue = "{CATALOGUE}" }} }}\n\n[tool.ruff]',
        ),
        "utf-8",
    )
    from pipeline.cli import main

    assert main(["--root", str(root), "build", "--formats", "pdf,epub"]) == 0
    return root


@pytest.mark.parametrize("code", ["en", *LANGUAGES])
def test_body_lines_hold_at_most_75_characters_on_average_within_three_pages(
    built: Path, code: str
) -> None:
    require_tool("pdftotext")
    found = measure(built / "outputs" / code / "factsheet.pdf")
    assert found.lines >= 20, found  # the body text was found, not a heading or two
    assert 55 <= found.average <= 75, found
    assert found.pages <= 3, found
    # WeasyPrint has no hyphenate-limit-lines: the hyphenation zone keeps ladders short.
    assert found.ladder <= 2, found


def test_the_colophon_closes_the_pdf_with_rights_publisher_date_and_number(built: Path) -> None:
    text = " ".join(pdf_text(built / "outputs" / "en" / "factsheet.pdf").split())
    assert RIGHTS in text
    assert "European Commission, 30 November 2026" in text
    assert f"Catalogue number {CATALOGUE}" in text
    assert text.index(RIGHTS) > text.index("Digital Education Action Plan (2021–2027)")
    greek = " ".join(pdf_text(built / "outputs" / "el" / "factsheet.pdf").split())
    assert "Ευρωπαϊκή Επιτροπή, 30 Νοεμβρίου 2026" in greek  # the publisher in Greek
    assert "© Ευρωπαϊκή Ένωση, 2026." in greek
    assert RIGHTS not in greek
    assert CATALOGUE not in greek  # the number is the English edition's only
    german = " ".join(pdf_text(built / "outputs" / "de" / "factsheet.pdf").split())
    assert RIGHTS_DE in german


def test_the_pdf_metadata_names_author_publisher_rights_and_number(built: Path) -> None:
    with pikepdf.open(built / "outputs" / "en" / "factsheet.pdf") as pdf:
        info = {str(key): str(value) for key, value in pdf.docinfo.items()}
    assert info["/Author"] == "European Commission"
    assert info["/publisher"] == "European Commission"
    assert info["/rights"] == RIGHTS
    assert info["/catalogue"] == CATALOGUE
    assert "/viewport" not in info
    with pikepdf.open(built / "outputs" / "de" / "factsheet.pdf") as pdf:
        german = {str(key): str(value) for key, value in pdf.docinfo.items()}
    assert german["/Author"] == german["/publisher"] == "Europäische Kommission"
    assert german["/rights"] == RIGHTS_DE


def test_the_epub_package_says_what_the_pdf_says(built: Path) -> None:
    dc = "{http://purl.org/dc/elements/1.1/}"
    with zipfile.ZipFile(built / "outputs" / "mt" / "factsheet.epub") as book:
        opf = ElementTree.fromstring(book.read("EPUB/content.opf"))
    assert opf.findtext(f".//{dc}rights") == RIGHTS_MT
    assert opf.findtext(f".//{dc}publisher") == "Il-Kummissjoni Ewropea"
    assert opf.findtext(f".//{dc}creator") == "Il-Kummissjoni Ewropea"


@pytest.mark.hostile
@pytest.mark.parametrize(
    "identifiers",
    [
        "not a table",
        {"en": "978-0"},
        {"en": {"issn": "1234-5678"}},
        {"en": {"isbn": ""}},
        {"en": {"doi": "10.1/x\nforged"}},
        {"en": {"isbn": 978}},
    ],
)
def test_identifiers_that_are_not_one_line_per_known_scheme_are_refused(
    identifiers: object, tmp_path: Path
) -> None:
    table = {"languages": ["de"], "identifiers": identifiers}
    with pytest.raises(UsageError, match="identifiers"):
        parse_config(table, tmp_path, where="pyproject.toml")


def test_identifiers_are_read_per_language_in_a_fixed_order(tmp_path: Path) -> None:
    table = {"languages": ["pt-BR"], "identifiers": {"pt-BR": {"doi": "10.2766/1", "isbn": "9"}}}
    project = parse_config(table, tmp_path, where="pyproject.toml")
    assert list(project.identifiers["pt_BR"].items()) == [("isbn", "9"), ("doi", "10.2766/1")]
