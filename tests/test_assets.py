"""Images of ``source/assets`` in every format, and code that stays on the PDF page."""

from __future__ import annotations

import base64
import re
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import polib
import pytest
from pypdf import PdfReader

from pipeline.checks.epubcheck import epubcheck_messages
from pipeline.cli import main
from tests.conftest import keep_labels_in_english, require_tool, run_cli, write_project

CODE_LINE = (
    "result = compute(alpha_parameter, beta_parameter, gamma_parameter, "
    "delta_parameter, epsilon_parameter, zeta_last)"
)
INLINE_CODE = "inline_identifier_" + "abcdefgh_" * 12 + "end"

DOCUMENT = f"""---
title: Pictures
date: 2024-01-01
---

# Figures

A paragraph before the figure.

![A red bar chart of results](assets/chart.png)

An inline logo ![the round logo](assets/logo.svg) in running text.

```
{CODE_LINE}
```

Inline `{INLINE_CODE}` here.
"""

FRENCH = {
    "Pictures": "Images",
    "Figures": "Illustrations",
    "A paragraph before the figure.": "Un paragraphe avant la figure.",
    "A red bar chart of results": "Un histogramme rouge des résultats",
    "![A red bar chart of results](assets/chart.png)": (
        "![Un histogramme rouge des résultats](assets/chart.png)"
    ),
    "An inline logo ![the round logo](assets/logo.svg) in running text.": (
        "Un logo en ligne ![le logo rond](assets/logo.svg) dans le texte."
    ),
    f"Inline `{INLINE_CODE}` here.": f"Code en ligne `{INLINE_CODE}` ici.",
}

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40">'
    '<circle cx="20" cy="20" r="18" fill="#00ff00"/></svg>'
)


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A minimal truecolour PNG of one colour."""
    rows = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def illustrated_project(root: Path) -> Path:
    """The document above with its two images, extracted, and translated into French."""
    write_project(root, DOCUMENT, ["fr"])
    assets = root / "source" / "assets"
    assets.mkdir()
    (assets / "chart.png").write_bytes(png(120, 60, (200, 30, 30)))
    (assets / "logo.svg").write_text(SVG, "utf-8")
    for command in (["extract"], ["init", "fr"]):
        assert main(["--root", str(root), *command]) == 0
    keep_labels_in_english(root, "fr")
    path = root / "locales" / "fr" / "LC_MESSAGES" / "doc.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = FRENCH[entry.msgid]
    catalog.save(str(path))
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = illustrated_project(tmp_path_factory.mktemp("assets"))
    assert main(["--root", str(root), "build"]) == 0
    return root / "outputs"


def test_html_page_embeds_the_images_with_translated_alt_and_caption(built: Path) -> None:
    html = (built / "fr" / "doc.html").read_text("utf-8")
    images = dict(re.findall(r'<img src="([^"]*)" alt="([^"]*)"', html))
    assert len(images) == 2, html
    by_alt = {alt: src for src, alt in images.items()}
    chart = by_alt["Un histogramme rouge des résultats"]
    logo = by_alt["le logo rond"]
    assert chart.startswith("data:image/png;base64,")
    assert base64.b64decode(chart.split(",", 1)[1]) == png(120, 60, (200, 30, 30))
    assert logo.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(logo.split(",", 1)[1]).decode("utf-8") == SVG
    assert re.search(r"<figcaption[^>]*>Un histogramme rouge des résultats</figcaption>", html)
    assert not (built / "fr" / "assets").exists()  # nothing to copy: the page holds them


def test_epub_holds_the_images_and_its_text_refers_to_them(built: Path) -> None:
    with zipfile.ZipFile(built / "fr" / "doc.epub") as book:
        names = book.namelist()
        package = book.read("EPUB/content.opf").decode("utf-8")
        cover = re.search(r'<item properties="cover-image" id="[^"]+" href="([^"]+)"', package)
        assert cover is not None  # the generated cover, which the chapters do not show
        media = {n for n in names if n.startswith("EPUB/media/") and n != f"EPUB/{cover[1]}"}
        assert {Path(name).suffix for name in media} == {".png", ".svg"}
        xhtml = "".join(book.read(n).decode("utf-8") for n in names if n.endswith(".xhtml"))
    for name in media:
        assert f'src="../media/{Path(name).name}"' in xhtml
    assert 'alt="Un histogramme rouge des résultats"' in xhtml
    assert 'alt="le logo rond"' in xhtml
    assert "Un histogramme rouge des résultats</figcaption>" in xhtml


def test_epub_with_images_passes_epubcheck(built: Path) -> None:
    messages = epubcheck_messages(built / "fr" / "doc.epub")
    if messages is None:
        require_tool("epubcheck")
    assert messages == []


def test_pdf_shows_the_images_and_their_caption(built: Path) -> None:
    reader = PdfReader(built / "fr" / "doc.pdf")
    subtypes: list[str] = []
    for page in reader.pages:
        objects = page["/Resources"].get("/XObject", {})
        subtypes += [str(objects[name].get_object()["/Subtype"]) for name in objects]
    assert subtypes == ["/Image"]  # the PNG
    drawn = "\n".join(page.get_contents().get_data().decode("latin-1") for page in reader.pages)
    assert "\n0 1 0 rg\n" in drawn  # the SVG's green, drawn as vectors in the page
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Un histogramme rouge des résultats" in text
    assert "A red bar chart" not in text


def test_pdf_tags_each_image_as_a_figure_with_its_translated_alt_text(built: Path) -> None:
    import pikepdf

    with pikepdf.open(built / "fr" / "doc.pdf") as pdf:
        tagged = sorted(
            (str(item.get("/S")), str(item["/Alt"]))
            for item in pdf.objects
            if isinstance(item, pikepdf.Dictionary) and "/Alt" in item
        )
    assert tagged == [
        ("/Figure", "Un histogramme rouge des résultats"),
        ("/Figure", "le logo rond"),
    ]


def _words(pdf: Path) -> tuple[float, list[tuple[float, str]]]:
    """The page width and each word's right edge, as ``pdftotext -bbox`` finds them."""
    require_tool("pdftotext")
    result = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    width = float(re.search(r'<page width="([\d.]+)"', result.stdout).group(1))  # type: ignore[union-attr]
    words = re.findall(
        r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', result.stdout
    )
    return width, [(float(x), word) for x, word in words]


@pytest.mark.hostile
@pytest.mark.parametrize("code", ["en", "fr"])
def test_long_code_stays_inside_the_pdf_margins(built: Path, code: str) -> None:
    pdf = built / code / "doc.pdf"
    width, words = _words(pdf)
    right_margin = 18 / 25.4 * 72  # print.css: 18 mm
    beyond = [(x, word) for x, word in words if x > width - right_margin + 0.5]
    assert not beyond, beyond
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(pdf).pages))
    assert re.sub(r"\s+", "", CODE_LINE) in text
    assert INLINE_CODE in text


@pytest.mark.hostile
def test_missing_image_is_an_error_at_its_line_and_nothing_is_published(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = illustrated_project(tmp_path)
    assert run_cli(root, "build", "--formats", "html", capsys=capsys)[0] == 0
    assert (root / "outputs" / "fr" / "doc.html").is_file()
    (root / "source" / "assets" / "logo.svg").unlink()
    status, out, err = run_cli(root, "build", capsys=capsys)
    assert status == 1
    line = DOCUMENT.splitlines().index(
        "An inline logo ![the round logo](assets/logo.svg) in running text."
    )
    assert f"source/doc.md:{line + 1}: error[missing-asset]: image assets/logo.svg not found" in (
        out + err
    )
    assert "held back doc [fr]: image assets/logo.svg not found" in out
    assert not (root / "outputs" / "fr" / "doc.html").exists()
    assert not (root / "outputs" / "en" / "doc.html").exists()


@pytest.mark.hostile
def test_image_outside_the_assets_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(png(4, 4, (0, 0, 0)))
    root = tmp_path / "project"
    write_project(root, "# Title\n\nText.\n\n![a secret](../secret.png)\n", [])
    status, out, err = run_cli(root, "build", "--formats", "html", capsys=capsys)
    assert status == 1
    assert (
        "source/doc.md:5: error[missing-asset]: image ../secret.png is not below source/assets"
        in (out + err)
    )
    assert not (root / "outputs" / "en" / "doc.html").exists()


@pytest.mark.hostile
def test_a_translation_cannot_make_the_page_embed_another_file(tmp_path: Path) -> None:
    root = illustrated_project(tmp_path)
    secret = root / "source" / "assets" / "unused.png"
    secret.write_bytes(png(3, 3, (1, 2, 3)))
    path = root / "locales" / "fr" / "LC_MESSAGES" / "doc.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        if entry.msgid.startswith("An inline logo"):
            entry.msgstr = (
                "Un logo ![le logo rond](assets/unused.png) et ![x](../pyproject.toml) "
                "et ![y](data:image/png;base64,AAAA) dans le texte."
            )
    catalog.save(str(path))
    assert main(["--root", str(root), "build", "--draft", "--formats", "html,pdf"]) == 1
    html = (root / "outputs" / "fr" / "doc.html").read_text("utf-8")
    embedded = re.findall(r'<img src="data:[^;]*;base64,([^"]*)"', html)
    assert [base64.b64decode(data) for data in embedded] == [png(120, 60, (200, 30, 30))]
    assert "data:image/png;base64,AAAA" not in html
