"""Metadata pandoc acts on: honoured by every edition, or refused at its line.

Real pandoc, WeasyPrint and EPUB.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import (
    edited_catalog,
    keep_labels_in_english,
    require_tool,
    run_cli,
    write_project,
)

pytestmark = pytest.mark.hostile

SOURCE = """\
---
title: Meta
author:
- Ana Author
- Bo Writer
date: 2025-03-14
lang: de
dir: rtl
css: extra.css
abstract: A short abstract.
keywords: [alpha, beta]
---

# Start

Some text.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    from pipeline.cli import main

    root = write_project(tmp_path_factory.mktemp("meta"), SOURCE, ["fr"])
    (root / "source" / "extra.css").write_text("body { color: red }", "utf-8")
    assert main(["--root", str(root), "extract"]) == 0
    assert main(["--root", str(root), "init", "fr"]) == 0
    keep_labels_in_english(root, "fr")
    french = {"Meta": "Méta", "A short abstract.": "Un court résumé.", "Start": "Début"}
    with edited_catalog(root / "locales" / "fr" / "LC_MESSAGES" / "doc.po") as catalog:
        for entry in catalog:
            entry.msgstr = french.get(entry.msgid, "Du texte.")
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        main(["--root", str(root), "build", "--jobs", "1"])
    return root, out.getvalue()


def test_every_edition_is_built_with_its_own_language_and_the_authors(
    built: tuple[Path, str],
) -> None:
    root, report = built
    assert "build-failed" not in report and "Traceback" not in report, report
    require_tool("pdfinfo")
    for code in ("en", "fr"):
        with zipfile.ZipFile(root / "outputs" / code / "doc.epub") as archive:
            opf = archive.read(next(n for n in archive.namelist() if n.endswith(".opf")))
        text = opf.decode("utf-8")
        assert f"<dc:language>{code}</dc:language>" in text
        assert "Ana Author" in text and "Bo Writer" in text
        page = (root / "outputs" / code / "doc.html").read_text("utf-8")
        assert f'<html lang="{code}" dir="ltr"' in page and "color: red" not in page
        abstract = "Un court résumé." if code == "fr" else "A short abstract."
        assert re.search(f'<div class="abstract">\\s*<p>{abstract}</p>', page)
        info = subprocess.run(
            ["pdfinfo", str(root / "outputs" / code / "doc.pdf")],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        assert re.search(r"Author:\s+Ana Author, Bo Writer", info)
        assert re.search(r"Keywords:\s+alpha, beta", info)


def test_what_is_not_used_is_said_at_its_line(built: tuple[Path, str]) -> None:
    _root, report = built
    assert "source/doc.md:7: warning[source-metadata]: lang: de" in report
    assert "source/doc.md:8: warning[source-metadata]: dir: rtl" in report
    assert "source/doc.md:9: warning[source-metadata]: css:" in report


@pytest.mark.parametrize("date", ["March 2025", "2025-03", "14/03/2025"])
def test_a_date_that_is_not_a_day_is_refused_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], date: str
) -> None:
    root = write_project(tmp_path, f"---\ntitle: T\ndate: {date}\n---\n\nText.\n", [])
    status, out, err = run_cli(root, "build", "--jobs", "1", capsys=capsys)
    assert status != 0
    assert "source/doc.md:3: error[source-metadata]: date:" in out + err
    assert not (root / "outputs" / "en" / "doc.html").exists()
