"""Faithful round trips of constructs real documents use, each compared with what pandoc
itself makes of the source: a translated edition must differ from the source edition in
its text only.

Real pandoc, real catalogs, real builds.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pikepdf
import polib
import pytest
from lxml import html as lxml_html

from pipeline.adapters import pandoc
from pipeline.cli import main
from tests.conftest import edited_catalog, keep_labels_in_english, run_cli, write_project

pytestmark = pytest.mark.hostile


def _built(
    root: Path,
    source: str,
    translate: Callable[[str], str],
    formats: str = "html",
    assets: dict[str, bytes] | None = None,
) -> tuple[list[polib.POEntry], Path]:
    """``source`` (with ``assets``) extracted, translated into German by ``translate``
    (msgid -> msgstr) and built; the template's entries and the German outputs' folder."""
    write_project(root, source, ["de"])
    for name, data in (assets or {}).items():
        (root / "source" / "assets").mkdir(exist_ok=True)
        (root / "source" / "assets" / name).write_bytes(data)
    assert main(["--root", str(root), "extract"]) == 0
    assert main(["--root", str(root), "init", "de"]) == 0
    keep_labels_in_english(root, "de")
    with edited_catalog(root / "locales" / "de" / "LC_MESSAGES" / "doc.po") as catalog:
        for entry in catalog:
            entry.msgstr = translate(entry.msgid)
    assert main(["--root", str(root), "build", "--jobs", "1", "--formats", formats]) == 0
    template = polib.pofile(str(root / "locales" / "doc.pot"))
    return [entry for entry in template if entry.msgid], root / "outputs" / "de"


def _body(page: str) -> str:
    return page.split("<main", 1)[1].split("</main>", 1)[0]


# -- a paragraph that is only math ------------------------------------------------------

MATH = """\
The model is

$$ S(d) = e^{-d} $$ {#eq:decay}

$$\\lambda = \\lambda_0$$

$$ x = 1 $$, $$ y = 2 $$.

$$ z = 3 $$ where $z$ is the depth.
"""


def test_a_paragraph_of_math_alone_is_no_message_and_is_published_as_it_is(
    tmp_path: Path,
) -> None:
    entries, outputs = _built(tmp_path, MATH, lambda msgid: msgid.replace("the", "die"))
    msgids = [entry.msgid for entry in entries]
    assert msgids == ["The model is", "$$ z = 3 $$ where $z$ is the depth."]
    source_html = pandoc.run(["--from", "markdown", "--to", "html5"], MATH)
    page = _body((outputs / "doc.html").read_text("utf-8"))
    for equation in re.findall(r"<p>(?:<span class=\"math display\">.*?)</p>", source_html):
        assert equation in page
    assert "{#eq:decay}" in page
    assert "is die depth." in page


# -- an indented line of a line block ---------------------------------------------------

LINES = """\
| Monday to Friday: from seven until nine
|    but only until dusk in winter
|  Public holidays: as on Sundays
"""
GERMAN_LINES = {
    "Monday to Friday: from seven until nine": "Montag bis Freitag: von sieben bis neun",
    "but only until dusk in winter": "aber im Winter nur bis zur Dämmerung",
    "Public holidays: as on Sundays": "Feiertage: wie sonntags",
}


def test_the_indentation_of_a_line_is_structure_not_part_of_its_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entries, outputs = _built(tmp_path, LINES, GERMAN_LINES.__getitem__)
    assert [entry.msgid for entry in entries] == list(GERMAN_LINES)
    status, out, err = run_cli(tmp_path, "check", "de", capsys=capsys)
    assert "whitespace" not in out + err and status == 0, out + err
    source_html = pandoc.run(["--from", "markdown", "--to", "html5"], LINES)
    expected = source_html
    for english, german in GERMAN_LINES.items():
        expected = expected.replace(english.replace(" ", "\n", 1), german).replace(english, german)
    page = (outputs / "doc.html").read_text("utf-8")
    block = re.search(r'<div class="line-block">(.*?)</div>', page, re.S)
    wanted = re.search(r'<div class="line-block">(.*?)</div>', expected, re.S)
    assert block is not None and wanted is not None
    assert " ".join(block[1].split()) == " ".join(wanted[1].split())
    assert "&nbsp;&nbsp;&nbsp;aber" in block[1] or "\u00a0\u00a0\u00a0aber" in block[1]


# -- a citation's locator, shown as written without a bibliography ---------------------

CITATIONS = """\
Tyres last longer [@schwarz2018, pp. 12--15] and the rest [cf. @moreau2020, 41---43, and
passim...]; @doe2021 [p. 7--9] agrees, as does [@roe2019, 3–4].
"""


def test_a_citation_is_printed_in_a_translation_as_the_source_prints_it(tmp_path: Path) -> None:
    entries, outputs = _built(tmp_path, CITATIONS, lambda msgid: msgid.replace("Tyres", "Reifen"))
    assert len(entries) == 1 and "pp. 12--15" in entries[0].msgid
    source_html = pandoc.run(["--from", "markdown", "--to", "html5"], CITATIONS)
    page = (outputs / "doc.html").read_text("utf-8")
    wanted = _citations(source_html)
    assert _citations(page) == wanted
    assert "[@schwarz2018, pp. 12--15]" in wanted and "[@roe2019, 3–4]" in wanted


def _citations(page: str) -> list[str]:
    """The text of each citation of ``page``, as a reader sees it."""
    spans = lxml_html.fromstring(page).xpath("//span[@class='citation']")
    return [" ".join(span.text_content().split()) for span in spans]


# -- an image's alternative text given as fig-alt ---------------------------------------

FIGURES = """\
# Pools

![Share of water by pool](assets/dot.png){#fig-share fig-alt="A bar chart with five bars" width=50%}

Inline ![a dot](assets/dot.png){fig-alt="A grey dot"} here.
"""
GERMAN_FIGURES = {
    "A bar chart with five bars": "Ein Balkendiagramm mit fünf Balken",
    "Share of water by pool": "Wasseranteil je Bad",
    "A grey dot": "Ein grauer Punkt",
    "Inline": "Eingebettet",
    "here": "hier",
    "Pools": "Bäder",
}


def _german(msgid: str) -> str:
    for english, german in GERMAN_FIGURES.items():
        msgid = msgid.replace(english, german)
    return msgid


def _alts(page: str) -> list[str]:
    return [str(alt) for alt in lxml_html.fromstring(page.encode()).xpath("//img/@alt")]


def test_fig_alt_is_the_image_s_translated_alternative_text_in_every_format(
    tmp_path: Path,
) -> None:
    from tests.test_source_markup import _png

    assets = {"dot.png": _png()}
    entries, outputs = _built(tmp_path, FIGURES, _german, "html,epub,pdf", assets)
    msgids = [entry.msgid for entry in entries]
    assert '![A bar chart with five bars](assets/dot.png){width="50%"}' in msgids
    assert "Inline ![A grey dot](assets/dot.png) here." in msgids
    assert not [msgid for msgid in msgids if "fig-alt" in msgid]
    german = [GERMAN_FIGURES["A bar chart with five bars"], GERMAN_FIGURES["A grey dot"]]
    page = (outputs / "doc.html").read_text("utf-8")
    assert _alts(page) == german
    assert "data-fig-alt" not in page and "bar chart" not in page
    assert '<figcaption aria-hidden="true">' not in page  # the caption is no longer the alt
    with zipfile.ZipFile(outputs / "doc.epub") as epub:
        chapters = [name for name in epub.namelist() if name.endswith(".xhtml")]
        alts = [alt for name in chapters for alt in _alts(epub.read(name).decode())]
    assert alts == german
    with pikepdf.open(outputs / "doc.pdf") as pdf:
        found = [
            str(item.Alt) for item in pdf.objects if isinstance(item, pikepdf.Dictionary)
            and item.get("/S") == "/Figure" and "/Alt" in item
        ]  # fmt: skip
    assert sorted(found) == sorted(german)
    source_page = (outputs.parent / "en" / "doc.html").read_text("utf-8")
    assert _alts(source_page) == ["A bar chart with five bars", "A grey dot"]
    assert main(["--root", str(tmp_path), "build", "--pseudo", "--formats", "html"]) == 0
    pseudo = (outputs.parent / "qps_ploc" / "doc.html").read_text("utf-8")
    assert [alt[:6] for alt in _alts(pseudo)] == ["À~ ƀà~", "À~ ĝŕé"]  # A bar…, A grey…


# -- a decorative image -----------------------------------------------------------------

DECORATIVE = """\
A line of text.

![](assets/dot.png)

![](assets/dot.png){width="20%"} ![](assets/dot.png)

![](assets/dot.png){fig-alt="A grey dot"}

![](assets/dot.png "A title is text")
"""


def test_an_image_with_neither_alt_text_nor_title_is_no_message(tmp_path: Path) -> None:
    """A decorative image gives the translator nothing to translate: it is published as
    it is, in every edition, and counts nowhere in the completeness."""
    from tests.test_source_markup import _png

    entries, outputs = _built(
        tmp_path,
        DECORATIVE,
        lambda msgid: msgid.replace("A line of text.", "Eine Textzeile.").replace(
            "A grey dot", "Ein grauer Punkt"
        ),
        assets={"dot.png": _png()},
    )
    assert [entry.msgid for entry in entries] == [
        "A line of text.",
        "![A grey dot](assets/dot.png)",
        '![](assets/dot.png "A title is text")',
    ]
    page = _body((outputs / "doc.html").read_text("utf-8"))
    assert page.count("<img") == 5 and "Eine Textzeile." in page
    # Without alt text, alt="": a screen reader passes over the image, not reads its name.
    assert _alts(page) == ["", "", "", "Ein grauer Punkt", ""]


def test_a_decorative_image_is_an_artifact_of_the_pdf_and_one_with_alt_text_a_figure(
    tmp_path: Path,
) -> None:
    from tests.test_source_markup import _png

    source = "A line of text.\n\n![](assets/dot.png)\n\n![A grey dot](assets/dot.png)\n"
    _entries, outputs = _built(tmp_path, source, str, "pdf", {"dot.png": _png()})
    with pikepdf.open(outputs / "doc.pdf") as pdf:
        figures = [
            item for item in pdf.objects
            if isinstance(item, pikepdf.Dictionary) and item.get("/S") == "/Figure"
        ]  # fmt: skip
        assert [str(figure.get("/Alt")) for figure in figures] == ["A grey dot"]
        drawn = []  # what each image is drawn inside: a Figure or an artifact
        inside = ""
        for instruction in pikepdf.parse_content_stream(pdf.pages[0]):
            operator, operands = str(instruction.operator), instruction.operands
            if operator == "BDC":
                inside = str(operands[0])
            elif operator == "Do" and str(operands[0]).startswith("/i"):
                drawn.append(inside)
    assert drawn == ["/Artifact", "/Figure"]
