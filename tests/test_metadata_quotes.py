"""Quotations in a title or subtitle keep their marks wherever the title is plain text:
the page's <title>, the PDF's running header, the EPUB's metadata and the site index.

Real pandoc, WeasyPrint and EPUB.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from pipeline.checks.outputs import pdf_pages
from tests.conftest import edited_catalog, write_project

pytestmark = pytest.mark.hostile

LONG = "\n\n".join(["A paragraph that fills the page with words."] * 120)
SOURCE = f"""\
---
title: The "quoted" title
subtitle: A 'small' subtitle
---

# Start

{LONG}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pipeline.cli import main

    root = write_project(tmp_path_factory.mktemp("quotes"), SOURCE, ["fr"])
    assert main(["--root", str(root), "extract"]) == 0
    assert main(["--root", str(root), "init", "fr"]) == 0
    with edited_catalog(root / "locales" / "fr" / "LC_MESSAGES" / "doc.po") as catalog:
        for entry in catalog:
            entry.msgstr = {
                "The “quoted” title": 'Le "titre" cité',
                "A ‘small’ subtitle": "Un sous-titre",
                "Start": "Début",
            }.get(entry.msgid, "Un paragraphe qui remplit la page de mots.")
    main(["--root", str(root), "build", "--jobs", "1", "--draft"])
    return root


@pytest.mark.parametrize(
    ("code", "title"), [("en", "The “quoted” title"), ("fr", "Le « titre » cité")]
)
def test_the_title_keeps_its_quotation_marks_as_plain_text(
    built: Path, code: str, title: str
) -> None:
    page = _spaced((built / "outputs" / code / "doc.html").read_text("utf-8"))
    found = re.search(r"<title>(.*?)</title>", page, re.S)
    assert found is not None and title in found.group(1)
    pages = pdf_pages(built / "outputs" / code / "doc.pdf")
    assert len(pages) > 1
    assert title in _spaced(pages[1])  # the running header
    with zipfile.ZipFile(built / "outputs" / code / "doc.epub") as archive:
        opf = next(name for name in archive.namelist() if name.endswith(".opf"))
        assert title in _spaced(archive.read(opf).decode("utf-8"))


def _spaced(text: str) -> str:
    return text.replace("\u00a0", " ")


def test_the_subtitle_and_the_index_keep_them(built: Path) -> None:
    page = (built / "outputs" / "en" / "doc.html").read_text("utf-8")
    assert "A ‘small’ subtitle" in page
    index = (built / "outputs" / "index.html").read_text("utf-8")
    assert "The “quoted” title" in index
