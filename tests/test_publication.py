"""A project publishes its own kind of document, in its own colours, with its own logo.

``[tool.pipeline.publication]`` and ``[tool.pipeline.index]``: a "Policy brief" in green
and orange shows no trace of the factsheet the pipeline was first written for, in any
format; its labels are msgids of the ``ui`` catalog that a translator translates;
settings that cannot be right stop the run with the file and the key named; and page
labels left in English hold a language back like an untranslated document would.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from pipeline.core.config import load_project
from pipeline.core.errors import UsageError
from pipeline.core.publication import default_labels, in_sentence
from tests.conftest import edited_catalog, require_tool, run_cli, write_project
from tests.textutil import epub_text, html_text, pdf_plain

DOC = """\
---
title: Water for towns
---

# Findings

Towns use less water than they did.

| Town | Litres |
|------|--------|
| Ede  | 120    |
"""
GREEN, ORANGE, PURPLE = "#1b7a3a", "#f28c28", "#7f00ff"
SETTINGS = f"""
[tool.pipeline.publication]
kind = "Policy brief"
kind-plural = "Policy briefs"
logo = "source/assets/mark.svg"
colours = {{ accent = "{GREEN}", highlight = "{ORANGE}" }}

[tool.pipeline.index]
order = "alphabetical"
"""
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">'
    f'<rect width="200" height="100" fill="{PURPLE}"/></svg>\n'
)
SPANISH_LABELS = {
    "Policy brief": "Nota política",
    "Download this policy brief:": "Descargue esta nota política:",
    "Policy briefs in every language": "Notas políticas en todas las lenguas",
    "Editions of this policy brief, in alphabetical order": "Ediciones, por orden alfabético",
    "A policy brief with headings, lists and a table; all content is available as text.": (
        "Una nota política con títulos, listas y un cuadro; todo el contenido es texto."
    ),
}


def _brief(root: Path, settings: str = SETTINGS, languages: tuple[str, ...] = ("es", "cs")) -> Path:
    write_project(root, DOC, list(languages), publisher="Water Board")
    with (root / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write(settings)
    (root / "source" / "assets").mkdir()
    (root / "source" / "assets" / "mark.svg").write_text(LOGO, "utf-8")
    return root


def _translate(root: Path, code: str, domain: str, known: dict[str, str] | None = None) -> None:
    with edited_catalog(root / "locales" / code / "LC_MESSAGES" / f"{domain}.po") as catalog:
        for entry in catalog:
            entry.msgstr = (known or {}).get(entry.msgid) or f"{entry.msgid} [{code}]"


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pipeline.cli import main

    root = _brief(tmp_path_factory.mktemp("brief") / "brief")
    assert main(["--root", str(root), "extract"]) == 0
    for code in ("es", "cs"):
        assert main(["--root", str(root), "init", code]) == 0
        _translate(root, code, "doc")
        _translate(root, code, "ui", SPANISH_LABELS if code == "es" else None)
    assert main(["--root", str(root), "build"]) == 0
    return root


def _epub_files(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as book:
        return {name: book.read(name) for name in book.namelist()}


def _pixels_near(path: Path, colour: str, page: int = 1) -> int:
    """How many pixels of the PDF's page are ``colour`` (within a small tolerance)."""
    require_tool("pdftoppm")
    prefix = path.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", "40", "-f", str(page), "-l", str(page), "-png", str(path), str(prefix)],
        check=True,
    )
    image = Image.open(next(prefix.parent.glob(f"{prefix.name}*.png"))).convert("RGB")
    want = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    data = image.tobytes()  # R, G, B, R, G, B, ...
    pixels = zip(data[0::3], data[1::3], data[2::3], strict=True)
    near = [all(abs(a - b) <= 6 for a, b in zip(pixel, want, strict=True)) for pixel in pixels]
    return sum(near)


@pytest.mark.hostile
def test_a_policy_brief_shows_no_factsheet_in_any_format(brief: Path) -> None:
    outputs = brief / "outputs"
    page = (outputs / "en" / "doc.html").read_text("utf-8")
    assert "Policy brief" in html_text(page)
    assert "Download this policy brief:" in html_text(page)
    assert "Policy brief" in epub_text(outputs / "en" / "doc.epub")
    assert "POLICY BRIEF" in pdf_plain(outputs / "en" / "doc.pdf").upper()
    index = (outputs / "index.html").read_text("utf-8")
    assert "Policy briefs in every language" in index
    assert "Editions of this policy brief, in alphabetical order" in index
    for code in ("en", "es", "cs"):
        assert "factsheet" not in (outputs / code / "doc.html").read_text("utf-8").lower()
        assert "factsheet" not in pdf_plain(outputs / code / "doc.pdf").lower()
        for name, data in _epub_files(outputs / code / "doc.epub").items():
            assert "factsheet" not in name.lower()
            if not name.endswith((".ttf", ".otf", ".png", ".jpg")):
                assert b"factsheet" not in data.lower(), name
    assert "factsheet" not in index.lower()


@pytest.mark.hostile
def test_the_configured_colours_and_logo_reach_every_format(brief: Path) -> None:
    outputs = brief / "outputs" / "en"
    page = (outputs / "doc.html").read_text("utf-8")
    assert f"--accent: {GREEN};" in page and f"--accent-2: {ORANGE};" in page
    logo = r'<img class="logo" src="data:image/svg\+xml;base64,[^"]+" alt="Water Board">'
    assert re.search(logo, page)
    files = _epub_files(outputs / "doc.epub")
    css = b"".join(data for name, data in files.items() if name.endswith(".css"))
    assert GREEN.encode() in css and ORANGE.encode() in css
    logos = [name for name in files if name.endswith(".svg") and PURPLE.encode() in files[name]]
    assert logos, "the logo is a file of the book"
    title_page = b"".join(data for name, data in files.items() if b"titlepage" in data)
    assert logos[0].rsplit("/", 1)[-1].encode() in title_page
    cover = next(data for name, data in files.items() if b"<svg" in data and b"<title>" in data)
    assert f'fill="{GREEN}"'.encode() in cover and b"#003399" not in cover
    pdf = outputs / "doc.pdf"
    assert _pixels_near(pdf, GREEN) > 50  # the table's header row
    assert _pixels_near(pdf, PURPLE) > 50  # the logo
    assert _pixels_near(pdf, "#003399") == 0
    index = (brief / "outputs" / "index.html").read_text("utf-8")
    assert f"--accent: {GREEN};" in index


@pytest.mark.hostile
def test_the_index_and_switcher_follow_the_alphabetical_order(brief: Path) -> None:
    index = (brief / "outputs" / "index.html").read_text("utf-8")
    codes = re.findall(r'<span class="code">(\w+)</span>', index)
    assert codes == ["CS", "EN", "ES"]  # čeština, English, español (EU order: es, cs, en)
    page = (brief / "outputs" / "es" / "doc.html").read_text("utf-8")
    assert re.findall(r'hreflang="([a-z]+)" href="\.\./', page) == ["cs", "en", "es"]


@pytest.mark.hostile
def test_a_translated_ui_catalog_translates_the_configured_labels(brief: Path) -> None:
    outputs = brief / "outputs" / "es"
    text = html_text((outputs / "doc.html").read_text("utf-8"))
    assert "Nota política" in text and "Descargue esta nota política:" in text
    assert "Policy brief" not in text
    book = epub_text(outputs / "doc.epub")
    assert "Nota política" in book and "Policy brief" not in book
    files = _epub_files(outputs / "doc.epub")
    opf = next(data for name, data in files.items() if name.endswith(".opf"))
    assert "Una nota política con títulos".encode() in opf
    assert "NOTA POLÍTICA" in pdf_plain(outputs / "doc.pdf").upper()
    pot = (brief / "locales" / "ui.pot").read_text("utf-8")
    for msgid in SPANISH_LABELS:
        assert f'msgid "{msgid}"' in pot.replace('"\n"', "")


@pytest.mark.hostile
@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ('[tool.pipeline.publication]\ncolours = { accent = "green" }\n', "colours.accent"),
        ('[tool.pipeline.publication]\ncolours = { accent = "#12345" }\n', "colours.accent"),
        ('[tool.pipeline.publication]\ncolours = { link = "#123456" }\n', "colours.link"),
        ('[tool.pipeline.publication]\nkinds = "Brief"\n', "publication.kinds"),
        ('[tool.pipeline.publication]\nlabels = { downlaod = "Get:" }\n', "labels.downlaod"),
        ('[tool.pipeline.index]\nsort = "alphabetical"\n', "index.sort"),
        ('[tool.pipeline.index]\norder = "by size"\n', "index.order"),
        ('[tool.pipeline.index]\norder = ["de", "xx"]\n', "index.order"),
        ('[tool.pipeline.publication]\nlogo = "source/assets/none.svg"\n', "publication.logo"),
        ('[tool.pipeline.publication]\nlogo = "../logo.svg"\n', "publication.logo"),
        ('[tool.pipeline.publication]\nlogo = "source/assets/../../x.svg"\n', "publication.logo"),
        ('[tool.pipeline.publication]\nkind = ""\n', "publication.kind"),
        ('[tool.pipeline.publication]\nkind = "Brief\\nfor all"\n', "publication.kind"),
    ],
)
def test_settings_that_cannot_be_right_name_the_file_and_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], settings: str, named: str
) -> None:
    root = _brief(tmp_path / "bad", settings, ("de",))
    with pytest.raises(UsageError) as raised:
        load_project(root)
    assert "pyproject.toml" in str(raised.value) and named in str(raised.value)
    status, _out, err = run_cli(root, "build", capsys=capsys)
    assert status == 2 and named in err and "Traceback" not in err


@pytest.mark.hostile
def test_page_labels_left_in_english_hold_the_language_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _brief(tmp_path / "brief", languages=("es",))
    run_cli(root, "extract", capsys=capsys)
    run_cli(root, "init", "es", capsys=capsys)
    _translate(root, "es", "doc")  # the document is complete; its page labels are not
    status, out, _err = run_cli(root, "build", "--formats", "html", capsys=capsys)
    assert status == 0
    assert "held back doc [es]: page labels 0% translated, 100% needed" in out
    assert not (root / "outputs" / "es").exists()
    status, out, _err = run_cli(root, "check", capsys=capsys)
    assert status != 0
    assert "locales/es/LC_MESSAGES/ui.po: error[completeness]" in out
    status, out, _err = run_cli(root, "build", "--formats", "html", "--draft", capsys=capsys)
    assert (root / "outputs" / "es" / "doc.html").is_file()
    _translate(root, "es", "ui", SPANISH_LABELS)
    status, out, _err = run_cli(root, "build", "--formats", "html", capsys=capsys)
    assert "published doc [es]" in out


def test_the_default_labels_are_the_factsheet_s_msgids() -> None:
    """This repository's 23 ui catalogs keep their translations: the msgids are unchanged."""
    assert default_labels("Factsheet", "Factsheets", "eu-protocol") == {
        "kind": "Factsheet",
        "download": "Download this factsheet:",
        "summary": (
            "A factsheet with headings, lists and a table; all content is available as text."
        ),
        "index-title": "Factsheets in every language",
        "editions": "Editions of this factsheet, in EU protocol order",
    }
    assert in_sentence("EU report") == "EU report"
    assert default_labels("Annual report", "Annual reports", "")["summary"].startswith(
        "An annual report with"
    )
    assert default_labels("Brief", "Briefs", "")["editions"] == "Editions of this brief"


def test_the_brief_passes_every_check(brief: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """EPUBCheck, PDF/UA tags and the text checks accept the logo, labels and colours."""
    status, out, _err = run_cli(brief, "check", capsys=capsys)
    assert status == 0, out
    assert "error" not in out
