"""The EPUB as reading systems show it: cover, title page, navigation, publication metadata.

Also the dates: each language's own long form, British English for this project's ``en``.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from pipeline.core.config import parse_config
from pipeline.core.errors import UsageError
from pipeline.render.cover import Cover, cover_svg
from pipeline.render.page import FONT_FILE, font_dir
from tests.conftest import copy_project, pdf_text, require_tool, run_cli, write_project
from tests.textutil import html_text

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("project"), ["de"])
    from pipeline.cli import main

    assert main(["--root", str(root), "build"]) == 0
    return root


def _book(root: Path, code: str, doc: str = "factsheet") -> zipfile.ZipFile:
    return zipfile.ZipFile(root / "outputs" / code / f"{doc}.epub")


def _xml(book: zipfile.ZipFile, name: str) -> ElementTree.Element:
    return ElementTree.fromstring(book.read(name))


def _text(node: ElementTree.Element) -> str:
    return " ".join("".join(node.itertext()).split())


def test_the_books_pass_epubcheck(built: Path) -> None:
    require_tool("epubcheck")
    from pipeline.checks.epubcheck import epubcheck_batch

    books = [built / "outputs" / code / "factsheet.epub" for code in ("en", "de")]
    assert epubcheck_batch(books, lambda _book: None) == {book: [] for book in books}


def test_the_package_names_creator_publisher_rights_date_and_language(built: Path) -> None:
    metadata = _xml(_book(built, "de"), "EPUB/content.opf").find(f"{OPF}metadata")
    assert metadata is not None
    found = {name: _text(metadata.find(f"{DC}{name}")) for name in  # type: ignore[arg-type]
             ("creator", "publisher", "rights", "date", "language", "description")}  # fmt: skip
    assert found["creator"] == found["publisher"] == "Europäische Kommission"
    assert found["rights"].startswith("© Europäische Union, 2026. Die Weiterverwendung")
    assert found["date"] == "2026-11-30"
    assert found["language"] == "de"
    assert found["description"].startswith("Was die ethischen Leitlinien")
    properties = [node.get("property") for node in metadata.iter(f"{OPF}meta")]
    assert "schema:accessibilitySummary" in properties  # still added after pandoc
    assert "schema:accessMode" in properties


def test_the_cover_is_the_translated_title_drawn_in_the_shipped_typeface(built: Path) -> None:
    book = _book(built, "de")
    package = _xml(book, "EPUB/content.opf")
    covers = [
        item
        for item in package.iter(f"{OPF}item")
        if "cover-image" in (item.get("properties") or "").split()
    ]
    assert len(covers) == 1
    assert covers[0].get("media-type") == "image/svg+xml"
    legacy = [meta for meta in package.iter(f"{OPF}meta") if meta.get("name") == "cover"]
    assert [meta.get("content") for meta in legacy] == [covers[0].get("id")]
    image = _xml(book, f"EPUB/{covers[0].get('href')}")
    assert _text(image.find(f"{SVG}title")).startswith(  # type: ignore[arg-type]
        "Ethische Leitlinien für Lehrkräfte"
    )
    assert len(image.findall(f"{SVG}path")) >= 5  # label, title lines, subtitle, imprint
    assert image.findall(f"{SVG}text") == []  # every letter is in the typeface
    spine = [ref.get("idref") for ref in package.iter(f"{OPF}itemref")]
    assert spine[:2] == ["cover_xhtml", "title_page_xhtml"]


def test_navigation_lists_the_headings_and_each_chapter_is_titled_by_its_heading(
    built: Path,
) -> None:
    book = _book(built, "de")
    nav = _xml(book, "EPUB/nav.xhtml")
    toc = next(node for node in nav.iter(f"{XHTML}nav") if node.get("id") == "toc")
    entries = [_text(link) for link in toc.iter(f"{XHTML}a")]
    chapters = sorted(name for name in book.namelist() if re.search(r"/ch\d+\.xhtml$", name))
    headings, titles = [], []
    for name in chapters:
        page = _xml(book, name)
        headings.append(_text(next(page.iter(f"{XHTML}h1"))))
        titles.append(_text(next(page.iter(f"{XHTML}title"))))
    assert entries == headings == titles
    assert entries[0] == "Warum Leitlinien für Lehrkräfte"
    title = "Ethische Leitlinien für Lehrkräfte über die Nutzung von KI und Daten"
    assert title not in entries  # shown once, on the title page
    shown = [name for name in book.namelist() if f">{title}</h1>" in book.read(name).decode()]
    assert shown == ["EPUB/text/title_page.xhtml"]


def test_the_title_page_shows_kind_lead_localized_date_and_imprint(built: Path) -> None:
    page = _xml(_book(built, "de"), "EPUB/text/title_page.xhtml")
    texts = {node.get("class"): _text(node) for node in page.iter() if node.get("class")}
    assert texts["series"] == "Informationsblatt"
    assert texts["published"] == "Veröffentlicht am 30. November 2026"
    assert texts["lead"].startswith("Was die ethischen Leitlinien")
    assert texts["publisher"] == "Europäische Kommission"
    assert texts["rights"].startswith("© Europäische Union, 2026.")
    assert "2026-11-30" not in _text(page)


def test_english_dates_are_british_in_every_format(built: Path) -> None:
    out = built / "outputs" / "en"
    page = _text(_xml(_book(built, "en"), "EPUB/text/title_page.xhtml"))
    html = html_text((out / "factsheet.html").read_text("utf-8"))
    pdf = " ".join(pdf_text(out / "factsheet.pdf").split())
    for text in (page, html, pdf):
        assert "30 November 2026" in text
        assert "November 30" not in text


def test_date_locale_is_validated() -> None:
    root = Path("/nowhere")
    project = parse_config({"date-locale": {"en": "en-GB"}, "publisher": "EC"}, root)
    assert project.date_locale("en", "en") == "en_GB"
    assert project.date_locale("de", "de") == "de"
    assert project.creator == "EC"  # the publisher, unless a creator is set
    with pytest.raises(UsageError, match="not a variant"):
        parse_config({"date-locale": {"en": "de_AT"}}, root)
    with pytest.raises(UsageError, match="date-locale must be a table"):
        parse_config({"date-locale": "en_GB"}, root)
    with pytest.raises(UsageError, match="publisher must be one line"):
        parse_config({"publisher": "EC\nforged"}, root)
    with pytest.raises(UsageError, match="unknown key 'publsher'"):
        parse_config({"publsher": "EC"}, root)


def test_the_cover_is_the_same_bytes_every_time() -> None:
    cover = Cover("Ethical guidelines", "Action 6", "Factsheet", "European Commission")
    font = font_dir() / FONT_FILE
    assert cover_svg(cover, font) == cover_svg(cover, font)


@pytest.mark.hostile
def test_markup_and_letters_outside_the_typeface_stay_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    markdown = (
        "---\ntitle: 'Guide 指南 \\<b\\>&amp; 5 > 3'\ndate: 2026-11-30\n---\n\n"
        "# First *emphasis* &amp; `<code>`\n\nText.\n\n# Second\n\nMore.\n"
    )
    settings = {"publisher": "<Office> & Co", "rights": "© A & B", "formats": ["epub"]}
    root = write_project(tmp_path, markdown, [], **settings)  # the PDF has no CJK font
    assert run_cli(root, "build", capsys=capsys)[0] == 0
    book = _book(root, "en", "doc")
    metadata = _xml(book, "EPUB/content.opf").find(f"{OPF}metadata")
    assert _text(metadata.find(f"{DC}publisher")) == "<Office> & Co"  # type: ignore[union-attr,arg-type]
    first = _xml(book, "EPUB/text/ch001.xhtml")
    assert _text(next(first.iter(f"{XHTML}title"))) == "First emphasis & <code>"
    cover_name = next(name for name in book.namelist() if name.endswith(".svg"))
    cover = _xml(book, cover_name)
    drawn_as_text = [_text(node) for node in cover.iter(f"{SVG}text")]
    assert drawn_as_text == ["Guide 指南 <b>& 5 > 3"]  # the font has no CJK: text, escaped
    require_tool("epubcheck")
    from pipeline.checks.epubcheck import epubcheck_batch

    path = root / "outputs" / "en" / "doc.epub"
    assert epubcheck_batch([path], lambda _book: None) == {path: []}


@pytest.mark.hostile
def test_raw_html_void_elements_written_the_html_way_still_make_a_book(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``<br>`` and ``<img ...>`` are HTML, not XHTML: the book must still be well-formed."""
    markdown = (
        "# Notes\n\nA line<br>break, a <wbr>hint and <img src='x.png' alt='x'> kept.\n\n"
        "<hr>\n\n<p>Block<br/>with a closed break and <br >one with a space.</p>\n"
    )
    root = write_project(tmp_path / "p", markdown, [])
    status, out, err = run_cli(root, "build", "--formats", "epub", capsys=capsys)
    assert status == 0, out + err
    book = _book(root, "en", "doc")
    chapter = next(n for n in book.namelist() if n.endswith(".xhtml") and "ch0" in n)
    text = _text(_xml(book, chapter))
    assert "A line break" in text or "A linebreak" in text
    assert "Block" in text and "one with a space" in text
