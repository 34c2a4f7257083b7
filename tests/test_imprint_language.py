"""The publisher and the rights statement in each edition's language, through the ui catalog.

The configured texts are msgids of the ``ui`` domain; an edition prints its translation,
and the configured text while there is none.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from pipeline.core.publication import Publication
from pipeline.render.page import Imprint
from pipeline.render.ui import extract_ui, gettext_for
from tests.conftest import copy_project, edited_catalog
from tests.textutil import html_text

RIGHTS = "© European Union, 2026. Reuse is authorised provided the source is acknowledged."
RIGHTS_FR = (
    "© Union européenne, 2026. La réutilisation est autorisée, sous réserve de mention de la "
    "source."
)
DC = "{http://purl.org/dc/elements/1.1/}"


def _ui(root: Path, code: str) -> Path:
    return root / "locales" / code / "LC_MESSAGES" / "ui.po"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """French with its rights statement translated; Dutch with it left untranslated
    (published below 100 %, so that its colophon shows what a reader would get)."""
    root = copy_project(tmp_path_factory.mktemp("imprint"), ["fr", "nl"])
    config = root / "pyproject.toml"
    text = config.read_text("utf-8")
    config.write_text(re.sub(r"(?m)^publish-threshold = .*$", "publish-threshold = 50", text))
    with edited_catalog(_ui(root, "nl")) as catalog:
        for entry in catalog:
            if entry.msgid == RIGHTS:
                entry.msgstr = ""
    from pipeline.cli import main

    assert main(["--root", str(root), "build", "--formats", "html,epub"]) == 0
    return root


def _opf(root: Path, code: str) -> ElementTree.Element:
    with zipfile.ZipFile(root / "outputs" / code / "factsheet.epub") as book:
        return ElementTree.fromstring(book.read("EPUB/content.opf"))


def _colophon(root: Path, code: str) -> str:
    html = (root / "outputs" / code / "factsheet.html").read_text("utf-8")
    found = re.search(r'<footer class="colophon">(.*?)</footer>', html, re.S)
    assert found, "no colophon"
    return " ".join(html_text(found.group(1)).split())


def test_a_translated_statement_is_the_editions_colophon_and_package(built: Path) -> None:
    assert RIGHTS_FR in _colophon(built, "fr")
    assert "Commission européenne, 30 novembre 2026" in _colophon(built, "fr")
    opf = _opf(built, "fr")
    assert opf.findtext(f".//{DC}rights") == RIGHTS_FR
    assert opf.findtext(f".//{DC}publisher") == "Commission européenne"
    assert opf.findtext(f".//{DC}creator") == "Commission européenne"
    head = (built / "outputs" / "fr" / "factsheet.html").read_text("utf-8")
    assert f'<meta name="rights" content="{RIGHTS_FR}">' in head


def test_an_untranslated_statement_falls_back_to_the_configured_text(built: Path) -> None:
    assert RIGHTS in _colophon(built, "nl")
    assert "Europese Commissie" in _colophon(built, "nl")  # translated, beside it
    assert _opf(built, "nl").findtext(f".//{DC}rights") == RIGHTS
    english = _opf(built, "en")
    assert english.findtext(f".//{DC}rights") == RIGHTS
    assert english.findtext(f".//{DC}publisher") == "European Commission"


def test_the_msgids_are_the_configured_texts_and_only_when_set() -> None:
    imprint = {"publisher": "Water Board", "rights": "© Water Board, 2026."}
    messages = {m.msgid: m.comment for m in extract_ui(Publication(), imprint=imprint)}
    assert "publisher's name as published in this language" in messages["Water Board"]
    assert "reuse notice" in messages["© Water Board, 2026."]
    unset = [m.msgid for m in extract_ui(Publication(), imprint={"publisher": "", "rights": ""})]
    assert unset == [m.msgid for m in extract_ui(Publication())]
    assert "" not in unset


@pytest.mark.hostile
def test_a_translation_with_a_bidi_override_is_not_printed() -> None:
    imprint = Imprint("Water Board", "Water Board", "© Water Board, 2026.")
    gettext = gettext_for(
        {"© Water Board, 2026.": "© \u202eWater Board, 2026.", "Water Board": "x"}
    )
    shown = imprint.in_language(gettext)
    assert shown.rights == "© Water Board, 2026."  # the configured text, not the override
    assert shown.publisher == shown.creator == "x"
    other = Imprint("Water Board", "A. Author", "").in_language(gettext, pseudo=False)
    assert other.creator == "A. Author"  # a creator of its own is not the publisher's name
