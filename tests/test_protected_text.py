"""Addresses, handles, identifiers, URLs and code come out of the PDF whole.

Readers copy an e-mail address or a call identifier from the PDF: hyphenation must
never put a hyphen into one, and a line must never end at one of its own hyphens
(text extractors such as pdftotext take a hyphen at a line end for hyphenation and
drop it). pdftotext is the oracle here; the ``protected-text`` check reads the PDF
with pypdf, as the other output checks do.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from pipeline.adapters import pandoc
from pipeline.checks.outputs import OUTPUT_CODES, check_outputs
from pipeline.core.languages import language
from pipeline.extract.segments import plain_text
from pipeline.render import pdf
from pipeline.translate import protect
from tests.conftest import (
    REPO,
    copy_project,
    edited_catalog,
    keep_labels_in_english,
    require_tool,
    run_cli,
    write_project,
)
from tests.textutil import epub_text, html_text

# Languages whose PDFs broke the address, the handle or the call identifier before.
REPRESENTATIVE = ["de", "bg", "fi", "hr", "nl", "el"]


def pdftotext(path: Path) -> str:
    """The PDF's text as a reader copying it gets it (reading order, not layout)."""
    require_tool("pdftotext")
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def joined(text: str) -> str:
    """The text with its line breaks removed (a URL may be broken over lines at ``/``)."""
    return text.replace("\n", "")


def _inlines(value: object) -> list[list[dict[str, object]]]:
    """Every inline list of a pandoc AST."""
    found: list[list[dict[str, object]]] = []
    if isinstance(value, dict):
        for item in value.values():
            found += _inlines(item)
    elif isinstance(value, list):
        inline = value and all(isinstance(item, dict) and "t" in item for item in value)
        if inline and any(item["t"] in ("Str", "Space") for item in value):
            found.append(value)  # type: ignore[arg-type]
        for item in value:
            found += _inlines(item)
    return found


def _source_facts() -> tuple[set[str], set[str]]:
    """The protected tokens the source shows as text, and its link targets."""
    ast = pandoc.read_source((REPO / "source" / "factsheet.md").read_text("utf-8"))
    shown = {token for inlines in _inlines(ast) for token in protect.tokens(plain_text(inlines))}
    links: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if value.get("t") == "Link":
                links.add(value["c"][2][0])  # type: ignore[index]
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(ast)
    return shown, links


def test_the_source_shows_the_address_the_handle_and_the_call_identifier() -> None:
    shown, links = _source_facts()
    assert {
        "EAC-DIGITALEDUCATION@ec.europa.eu",
        "@EUDigitalEdu",
        "HORIZON-WIDERA-2021-ERA-01-91",
    } <= shown
    assert "mailto:EAC-DIGITALEDUCATION@ec.europa.eu" in links
    assert any(link.startswith("https://") for link in links)


@pytest.fixture(scope="module")
def repo_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("protected"), REPRESENTATIVE)
    from pipeline.cli import main

    assert main(["--root", str(root), "build", "--formats", "pdf"]) == 0
    return root


@pytest.mark.parametrize("code", REPRESENTATIVE)
def test_every_shown_token_and_link_survives_in_the_pdf(repo_pdfs: Path, code: str) -> None:
    path = repo_pdfs / "outputs" / code / "factsheet.pdf"
    text = pdftotext(path)
    shown, links = _source_facts()
    for token in shown:
        assert token in joined(text), f"{token} is broken in {code}: {text!r}"
        assert "\u2010" not in token  # no hyphen was inserted: the token is found as it is
    # Link targets are not shown; they live in the link annotations, and must be intact.
    from pypdf import PdfReader

    uris = {
        annotation.get_object()["/A"]["/URI"]
        for page in PdfReader(path).pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object() and "/URI" in annotation.get_object()["/A"]
    }
    assert links <= uris


def _whole(token: str, text: str) -> bool:
    """``token`` in ``text``, line breaks allowed inside it except after its own hyphens."""
    pattern = "".join(re.escape(ch) + ("" if ch == "-" else r"\s*") for ch in token[:-1])
    return re.search(pattern + re.escape(token[-1]), text) is not None


@pytest.mark.parametrize("code", REPRESENTATIVE)
def test_no_line_ends_at_a_hyphen_inside_a_token(repo_pdfs: Path, code: str) -> None:
    from pypdf import PdfReader

    path = repo_pdfs / "outputs" / code / "factsheet.pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    shown, _links = _source_facts()
    for token in shown:
        assert _whole(token, text), f"{token} is broken in {code}"


# A document that puts long addresses, URLs and identifiers in narrow table columns
# and in running text, in a language with hyphenation.
SOURCE = """---
title: Protected text
---

# Contact

Write to <VERY-LONG-ADDRESS-FOR-TESTING@education.example.europa.eu> or read
https://example.org/a/very/long/path/that-goes-on-and-on/for-ever/index.html and apply to
HORIZON-CL2-2024-TRANSFORMATIONS-01-08 or follow [\\@ExampleHandleWithALongName](https://example.org/h)
or run `python -m pipeline --root some/long/path/to/a-project build`.

| Call | Address | Year | Note |
|:-----|:--------|:-----|:-----|
| HORIZON-WIDERA-2021-ERA-01-91 | EAC-DIGITALEDUCATION@ec.europa.eu | 2021 | Contact us |
"""
LONG_URL = "https://example.org/?q=" + "abcdefghijklmnopqrstuvwxyz" * 2
SOURCE += f"| COVID-19 | @ExampleHandleWithAVeryLongNameIndeed | 2022 | {LONG_URL} |\n"

GERMAN = {
    "Protected text": "Geschützter Text",
    "Contact": "Kontakt",
    "Call": "Aufforderung",
    "Address": "Anschrift",
    "Year": "Jahr",
    "Note": "Anmerkung",
    "Contact us": "Schreiben Sie uns",
}


def _german(msgid: str) -> str:
    if msgid in GERMAN:
        return GERMAN[msgid]
    if msgid.startswith("Write to"):
        return (
            "Schreiben Sie für weitergehende Informationsanfragen an "
            "<VERY-LONG-ADDRESS-FOR-TESTING@education.example.europa.eu> oder lesen Sie "
            "https://example.org/a/very/long/path/that-goes-on-and-on/for-ever/index.html "
            "und bewerben Sie sich auf HORIZON-CL2-2024-TRANSFORMATIONS-01-08 oder folgen Sie "
            "[\\@ExampleHandleWithALongName](https://example.org/h) oder führen Sie "
            "`python -m pipeline --root some/long/path/to/a-project build` aus."
        )
    return msgid  # identifiers and addresses are not translated


@pytest.fixture(scope="module")
def narrow_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("narrow"), SOURCE, ["de"])
    from pipeline.cli import main

    assert main(["--root", str(root), "extract"]) == 0
    assert main(["--root", str(root), "init", "de"]) == 0
    keep_labels_in_english(root, "de")
    with edited_catalog(root / "locales" / "de" / "LC_MESSAGES" / "doc.po") as catalog:
        for entry in catalog:
            entry.msgstr = _german(entry.msgid)
    assert main(["--root", str(root), "build", "--jobs", "1"]) == 0
    return root


RUNNING = [
    "VERY-LONG-ADDRESS-FOR-TESTING@education.example.europa.eu",
    "https://example.org/a/very/long/path/that-goes-on-and-on/for-ever/index.html",
    "HORIZON-CL2-2024-TRANSFORMATIONS-01-08",
    "@ExampleHandleWithALongName",
    "some/long/path/to/a-project",
]
# In the table's narrow cells; pdftotext reads a table line by line across its cells,
# so these are looked for in pypdf's text, which takes one cell after the other.
IN_CELLS = [
    "HORIZON-WIDERA-2021-ERA-01-91",
    "EAC-DIGITALEDUCATION@ec.europa.eu",
    "@ExampleHandleWithAVeryLongNameIndeed",
    LONG_URL,
]
TOKENS = RUNNING + IN_CELLS


@pytest.mark.hostile
@pytest.mark.parametrize("code", ["en", "de"])
def test_narrow_columns_break_tokens_only_where_nothing_is_lost(
    narrow_build: Path, code: str
) -> None:
    from pypdf import PdfReader

    path = narrow_build / "outputs" / code / "doc.pdf"
    text = pdftotext(path)
    for token in RUNNING:
        assert token in joined(text), f"{token} is broken: {text!r}"
    cells = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    for token in TOKENS:
        assert _whole(token, cells), f"{token} is broken: {cells!r}"
    # They really were broken over lines, else the test proves nothing. pdftotext reads the
    # ActualText that joins a word broken at a line end; pypdf reads the glyphs as drawn.
    assert all(token not in cells for token in TOKENS[1:3] + IN_CELLS)


@pytest.mark.hostile
@pytest.mark.parametrize("code", ["en", "de"])
def test_nothing_overflows_the_right_margin(narrow_build: Path, code: str) -> None:
    require_tool("pdftotext")
    path = narrow_build / "outputs" / code / "doc.pdf"
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    right = max(float(value) for value in re.findall(r'xMax="([\d.]+)"', boxes))
    assert right <= 595.28 - 18 / 25.4 * 72 + 0.5  # A4 less the 18 mm right margin


@pytest.mark.hostile
def test_html_and_epub_show_the_same_text(narrow_build: Path) -> None:
    page = (narrow_build / "outputs" / "de" / "doc.html").read_text("utf-8")
    shown = html_text(page)
    for token in TOKENS:
        assert token in shown
    assert "\u200b" not in page and "\u2060" not in page
    assert "<code>" in page  # inline code is still code
    book = epub_text(narrow_build / "outputs" / "de" / "doc.epub")
    for token in TOKENS:
        assert token in book


@pytest.mark.hostile
def test_check_passes_the_narrow_build(
    narrow_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _err = run_cli(narrow_build, "check", "de", capsys=capsys)
    assert "protected-text" not in out
    assert status == 0, out


def _rendered(tmp_path: Path, body: str) -> Path:
    """A narrow German PDF with automatic hyphenation, as the factsheet set it before."""
    html = (
        '<html lang="de"><head><style>p { width: 32mm; hyphens: auto; }</style></head>'
        f"<body><p>{body}</p></body></html>"
    )
    path = tmp_path / "narrow.pdf"
    pdf.write_pdf(html, path, tmp_path, [tmp_path], identifier=b"0" * 16)
    return path


@pytest.mark.hostile
@pytest.mark.parametrize(
    ("body", "message"),
    [
        # Hyphenation inserts a hyphen into the address.
        (
            "Informationen: <a>EAC-DIGITALEDUCATION@ec.europa.eu</a> schreiben",
            "Informationen: EAC-DIGITALEDUCATION@ec.europa.eu schreiben",
        ),
        # The line ends at the identifier's own hyphen, which pdftotext then drops.
        (
            "Aufforderungen HORIZON-WIDERA-2021-ERA-01-91 Zuverlässigkeit",
            "Aufforderungen HORIZON-WIDERA-2021-ERA-01-91 Zuverlässigkeit",
        ),
        # A handle is hyphenated.
        (
            "Folgen Sie dem Konto @EUDigitalEducationAccount für Neuigkeiten",
            "Folgen Sie dem Konto @EUDigitalEducationAccount für Neuigkeiten",
        ),
    ],
)
def test_the_check_finds_a_token_broken_in_the_pdf(tmp_path: Path, body: str, message: str) -> None:
    path = _rendered(tmp_path, body)
    assert joined(pdftotext(path)).count(protect.tokens(message)[0]) == 0  # really broken
    findings = check_outputs({"pdf": path}, [message], language("de"), {"pdf": "x.pdf"})
    codes = [finding.code for finding in findings]
    assert "protected-text" in codes
    assert "protected-text" in OUTPUT_CODES


def test_tokens_are_found_in_running_text() -> None:
    text = (
        "Write to EAC-DIGITALEDUCATION@ec.europa.eu. Follow @EUDigitalEdu, see "
        "(https://example.org/a/b?c=d). Call HORIZON-WIDERA-2021-ERA-01-91: COVID-19, "
        "KI-Systeme, 2021-2027, e-mail and EU-wide are words."
    )
    assert protect.tokens(text) == [
        "EAC-DIGITALEDUCATION@ec.europa.eu",
        "@EUDigitalEdu",
        "https://example.org/a/b?c=d",
        "HORIZON-WIDERA-2021-ERA-01-91",
        "COVID-19",
    ]


def test_pieces_break_after_slash_dot_at_and_before_a_hyphen() -> None:
    assert protect.pieces("EAC-DIGITALEDUCATION@ec.europa.eu") == [
        "EAC",
        "-DIGITALEDUCATION@",
        "ec.",
        "europa.eu",  # never a last piece of two letters alone on a line
    ]
    assert protect.pieces("https://a.eu/x-y/") == ["https://", "a.", "eu/", "x", "-y/"]
    assert protect.pieces("@EUDigitalEdu") == ["@EUDigitalEdu"]
    assert "".join(protect.pieces("a--b..c//d@@e")) == "a--b..c//d@@e"
    long = "-" + "x" * 49
    assert protect.pieces(long) == ["-" + "x" * 16, "x" * 17, "x" * 16]  # none over 24


def test_marking_keeps_the_text_and_adds_only_spans_and_break_points() -> None:
    ast = pandoc.read_source("Write to <A-B@c.eu> about X-1-Y and `a-b/c`.\n")
    marked = protect.mark(ast)
    assert plain_text(marked["blocks"][0]["c"]) == plain_text(ast["blocks"][0]["c"])
    assert re.search(r'<span class="protected">A</span><wbr />', str(pandoc_html(marked)))


def pandoc_html(ast: dict[str, object]) -> str:
    return pandoc.run(["--from", "json", "--to", "html5", "--wrap=none"], json.dumps(ast))
