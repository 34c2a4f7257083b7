"""Every script has a typeface that ships with the pipeline, and only those are used.

A PDF never takes a font from the machine: Japanese and Arabic come from the shipped
packages, a script none of the configured fonts covers is refused before rendering,
and a box drawn for a missing glyph is found in the built PDF.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.checks.outputs import check_outputs, notdef_fonts, pdf_pages, pdf_scan
from pipeline.cli import main
from pipeline.core.languages import language
from pipeline.render import fonts, pdf
from tests.conftest import (
    edited_catalog,
    keep_labels_in_english,
    require_tool,
    run_cli,
    write_project,
)

SOURCE = """\
---
title: Fonts
---

# Purpose

The first paragraph has seven words here.
"""
TRANSLATIONS = {
    "ja": {
        "Fonts": "フォント",
        "Purpose": "目的",
        "The first": "最初の段落には七つの言葉があります。",
    },
    "ar": {"Fonts": "الخطوط", "Purpose": "الغرض", "The first": "الفقرة الأولى فيها سبع كلمات هنا."},
    "am": {"Fonts": "ፊደላት", "Purpose": "ዓላማ", "The first": "የመጀመሪያው አንቀጽ ሰባት ቃላት አሉት።"},
}
ETHIOPIC = Path(fonts.DEBIAN_NOTO) / "NotoSansEthiopic-Regular.ttf"


def _project(root: Path, codes: list[str], **settings: object) -> Path:
    write_project(root, SOURCE, codes, formats=["pdf"], **settings)
    assert main(["--root", str(root), "extract"]) == 0
    for code in codes:
        assert main(["--root", str(root), "init", code]) == 0
        keep_labels_in_english(root, code)
        with edited_catalog(root / "locales" / code / "LC_MESSAGES" / "doc.po") as catalog:
            for entry in catalog:
                entry.msgstr = next(
                    text
                    for start, text in TRANSLATIONS[code].items()
                    if entry.msgid.startswith(start)
                )
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    return root


def _font_names(path: Path) -> list[str]:
    listing = subprocess.run(
        [require_tool("pdffonts"), str(path)], check=True, capture_output=True, text=True
    ).stdout
    return [line.split()[0].split("+")[-1] for line in listing.splitlines()[2:]]


@pytest.mark.hostile
def test_japanese_and_arabic_pdfs_use_only_the_shipped_typefaces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """DejaVu is installed on this machine (CI installs it): the PDFs must not use it."""
    root = _project(tmp_path, ["ja", "ar"])
    status, out, _ = run_cli(root, "build", "--jobs", "1", capsys=capsys)
    assert status == 0, out
    assert set(_font_names(root / "outputs" / "ja" / "doc.pdf")) == {
        "Factsheet-Sans",
        "Factsheet-Sans-Bold",
        "Noto-Sans-JP",
        "Noto-Sans-JP-Bold",
    }
    assert set(_font_names(root / "outputs" / "ar" / "doc.pdf")) == {
        "Factsheet-Sans",  # the digits of the page numbers and the date
        "Factsheet-Sans-Bold",
        "Amiri",
        "Amiri-Bold",
    }
    status, out, _ = run_cli(root, "check", capsys=capsys)
    assert status == 0, out
    assert "font-coverage" not in out


@pytest.mark.hostile
def test_a_script_no_configured_font_covers_is_refused_before_rendering(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path, ["am"])
    status, out, _ = run_cli(root, "build", "--jobs", "1", capsys=capsys)
    assert status == 1
    assert (
        "outputs/am/doc.pdf: error[build-failed]: the Amharic (am) text uses the Ethiopic "
        "script, which no configured font covers"
    ) in out
    assert "to `fonts` in [tool.pipeline]" in out
    assert not (root / "outputs" / "am").exists()


@pytest.mark.hostile
def test_a_font_the_project_adds_covers_its_script_until_it_is_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ETHIOPIC.is_file(), "fonts-noto-core is not installed (see .ci/run)"
    (tmp_path / "fonts").mkdir()
    shutil.copy(ETHIOPIC, tmp_path / "fonts" / "Ethiopic.ttf")
    root = _project(tmp_path, ["am"], fonts=["fonts/Ethiopic.ttf"])
    status, out, _ = run_cli(root, "build", "--jobs", "1", capsys=capsys)
    assert status == 0, out
    assert "Noto-Sans-Ethiopic" in _font_names(root / "outputs" / "am" / "doc.pdf")
    (root / "fonts" / "Ethiopic.ttf").unlink()
    status, out, _ = run_cli(root, "build", "--jobs", "1", capsys=capsys)
    assert status == 1
    assert "error[build-failed]: fonts: no such font file 'fonts/Ethiopic.ttf'" in out


@pytest.mark.hostile
def test_a_box_drawn_for_a_missing_glyph_is_found_in_the_pdf(tmp_path: Path) -> None:
    config = fonts.fontconfig_file(fonts.shipped_files(fonts.SHIPPED[1]))
    html = (
        '<html lang="ar" dir="rtl"><body style="font-family: Amiri"><p>مرحبا 中文</p></body></html>'
    )
    path = tmp_path / "doc.pdf"
    warnings, _log = pdf.write_pdf(html, path, tmp_path, [], b"0" * 16, config)
    assert any(".notdef" in warning for warning in warnings)
    assert notdef_fonts(path) == _subset_names(path)  # the one font drew a box
    assert pdf_scan(path) == (pdf_pages(path), notdef_fonts(path))  # one reading, same answers
    findings = check_outputs({"pdf": path}, [], language("ar"), {"pdf": "doc.pdf"})
    assert [finding.code for finding in findings] == ["font-coverage"]
    assert "Amiri" in findings[0].message


def _subset_names(path: Path) -> list[str]:
    listing = subprocess.run(
        [require_tool("pdffonts"), str(path)], check=True, capture_output=True, text=True
    ).stdout
    return [line.split()[0] for line in listing.splitlines()[2:]]


def test_the_fontconfig_configuration_accepts_only_the_files_it_names(tmp_path: Path) -> None:
    odd = tmp_path / "a & b" / "Font[wght].ttf"
    text = fonts.fontconfig_xml([odd], tmp_path / "cache")
    assert f"<dir>{tmp_path}/a &amp; b</dir>" in text
    assert f"<acceptfont><glob>{tmp_path}/a &amp; b/Font[wght].ttf</glob></acceptfont>" in text
    assert re.search(r"<rejectfont><glob>\*</glob></rejectfont>", text)
    assert "<include" not in text  # not the machine's own configuration


def test_han_is_drawn_by_the_languages_own_typeface() -> None:
    faces = fonts.typefaces(Path("."), [])
    assert faces.families("ja")[0] == "Noto Sans JP"
    assert faces.families("zh")[0] == "Noto Sans SC"
    assert faces.families("fr")[0] == "Amiri"
