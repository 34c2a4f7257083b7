"""The tagged PDF, read back with pikepdf and pdftotext: structure, artifacts, text layer.

Built with real pandoc and WeasyPrint: a small document made to cross a page break in a
list, hyphenate and break at hyphens, and the factsheet's English edition.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from pipeline.checks import outputs as output_checks
from pipeline.cli import main
from pipeline.core.errors import PipelineError
from pipeline.render import pdfua
from tests.conftest import copy_project, require_tool, write_project

COMPOUND = "self-evident-state-of-the-art-practice"  # breaks after one of its hyphens
LONG_WORD = "internationalisation"  # hyphenated at a line end
REPEATS = 30
FILLERS = ["a", "an", "the", "with", "about", "between", "throughout"]  # lines end anywhere
ITEMS = 70
SMALL = f"""---
title: Tagging under test
---

# Words

Teaching and learning {" ".join(f"{FILLERS[n % 7]} {LONG_WORD}" for n in range(REPEATS))}.

Teaching and learning {" ".join(f"{FILLERS[n % 5]} {COMPOUND}" for n in range(REPEATS))}.

# A long list

{chr(10).join(f"- Item number {n} of the list" for n in range(1, ITEMS + 1))}

# A table

| Date | Milestone |
|:-----|:----------|
| 2021 | Start of the work |
| 2022 | End of the work |

# Contact

Write to [the office](https://example.org/office) about the plan.[^plan]

[^plan]: The plan runs from 2021 to 2027.
"""
BODY_AREA = ["-x", "0", "-y", "40", "-W", "596", "-H", "751"]  # A4 without the page margins
MARKER = re.compile(r"^(•|–|\d+\.)$")


def _build(root: Path) -> Path:
    main(["--root", str(root), "build"])  # the source edition is built either way
    return root / "outputs"


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("small"), SMALL, ["fr"])
    return _build(root) / "en" / "doc.pdf"


@pytest.fixture(scope="module")
def factsheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("factsheet"), ["de"])
    return _build(root) / "en" / "factsheet.pdf"


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _is_element(item: Any) -> bool:
    return isinstance(item, pikepdf.Dictionary) and item.get("/Type") not in ("/MCR", "/OBJR")


def _elements(element: Any) -> list[Any]:
    found = [element]
    for kid in _kids(element):
        if _is_element(kid):
            assert kid.P.objgen == element.objgen, "a kid's /P names its parent"
            found += _elements(kid)
    return found


def _tree(pdf: pikepdf.Pdf) -> list[Any]:
    return [e for top in _kids(pdf.Root.StructTreeRoot) for e in _elements(top)]


def _marked_content(pdf: pikepdf.Pdf) -> list[tuple[int, list[str], dict[str, Any]]]:
    """(page, enclosing tags, properties) for each BDC of each page's content stream."""
    found = []
    for index, page in enumerate(pdf.pages):
        stack: list[str] = []
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) in ("BDC", "BMC"):
                properties = operands[1] if len(operands) > 1 else {}
                if isinstance(properties, pikepdf.Dictionary):
                    found.append((index, list(stack), dict(properties.items())))
                stack.append(str(operands[0]))
            elif str(operator) == "EMC":
                stack.pop()
    return found


def _structure_problems(path: Path) -> list[str]:
    """What a PDF/UA reader of the structure tree would trip over."""
    problems = []
    with pikepdf.open(path) as pdf:
        elements = {e.objgen: e for e in _tree(pdf)}
        pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
        nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
        parents = dict(zip((int(key) for key in nums[::2]), nums[1::2], strict=True))
        in_tree = set()
        for element in elements.values():
            for kid in _kids(element):
                if isinstance(kid, int):
                    in_tree.add((pages[element.Pg.objgen], kid))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    in_tree.add((pages[kid.Pg.objgen], int(kid.MCID)))
        in_content = set()
        for index, enclosing, properties in _marked_content(pdf):
            if "/MCID" not in properties:
                continue
            mcid = int(properties["/MCID"])
            in_content.add((index, mcid))
            if "/Artifact" in enclosing:
                problems.append(f"MCID {mcid} on page {index} inside an artifact")
            owner = parents[index][mcid]
            if owner is None or owner.objgen not in elements:
                problems.append(f"MCID {mcid} on page {index} belongs to no element of the tree")
        if in_tree != in_content:
            problems.append(f"tree and content disagree: {sorted(in_tree ^ in_content)[:5]}")
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", []):
                owner = parents[int(annotation.StructParent)]
                objrs = [
                    kid.Obj.objgen
                    for kid in _kids(owner)
                    if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"
                ]
                if owner.S != "/Link" or annotation.objgen not in objrs:
                    problems.append(f"a link annotation is not an OBJR of a Link ({owner.S})")
                if int(annotation.get("/F", 0)) & 4 == 0:
                    problems.append("a link annotation without the Print flag")
    return problems


def _pdfium_text(path: Path) -> str:
    """The text PDFium (Chromium's viewer) selects and copies in BODY_AREA of each page."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    texts = []
    for page in document:
        height = page.get_height()
        texts.append(page.get_textpage().get_text_bounded(0, height - 791, 596, height - 40))
    return "\n".join(texts)


def _pdf_words(path: Path, reader: str = "poppler") -> list[str]:
    if reader == "pdfium":
        text = _pdfium_text(path)
    else:
        require_tool("pdftotext")
        text = subprocess.run(
            ["pdftotext", *BODY_AREA, "-enc", "UTF-8", str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    words = text.casefold().split()
    # The side column's facts (date and publisher) are print's own: not in the page's main.
    starts = [i for i, word in enumerate(words[:-1]) if (word, words[i + 1]) == ("published", "30")]
    if starts:
        end = words.index("commission", starts[0]) + 1
        del words[starts[0] : end]
    return words


def _unexplained(expected: list[str], found: list[str]) -> list[tuple[list[str], list[str]]]:
    """Differences other than list markers, which are painted, not written."""
    import difflib

    matcher = difflib.SequenceMatcher(a=expected, b=found, autojunk=False)
    return [
        (expected[i1:i2], found[j1:j2])
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal" and not (op == "insert" and all(MARKER.match(w) for w in found[j1:j2]))
    ]


def _html_words(path: Path) -> list[str]:
    markup = path.read_text("utf-8")
    main_part = markup.split("<main", 1)[1].split("</main>", 1)[0]
    main_part = re.sub(r'<a href="#fnref\d+"[^>]*>.*?</a>', "", main_part)  # hidden in print
    # The date and the downloads are the screen's; print sets the date in its side column.
    main_part = re.sub(r'<p class="(published|downloads)">.*?</p>', "", main_part, flags=re.S)
    return (
        output_checks.html_text(f"<html><body><main{main_part}</main></body></html>")[0]
        .casefold()
        .split()
    )


@pytest.mark.parametrize("fixture", ["small", "factsheet"])
def test_every_mcid_link_and_annotation_is_in_the_tree(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    assert _structure_problems(request.getfixturevalue(fixture)) == []


def test_weasyprints_own_output_fails_the_same_reading(tmp_path: Path) -> None:
    """The reading above finds what the repair fixes: without it, problems are found."""
    from weasyprint import HTML

    source = '<html lang="en"><style>@page { @bottom-left { content: "Page" } }</style>'
    source += '<body><main><p>A <a href="https://example.org/">link</a>.</p></main></body></html>'
    raw = tmp_path / "raw.pdf"
    HTML(string=source).write_pdf(raw, pdf_variant="pdf/ua-1")
    assert _structure_problems(raw)
    repaired = tmp_path / "repaired.pdf"
    repaired.write_bytes(pdfua.repair(raw.read_bytes()))
    assert _structure_problems(repaired) == []


def test_headings_lists_tables_notes_and_links_are_tagged(small: Path) -> None:
    with pikepdf.open(small) as pdf:
        tree = _tree(pdf)
        kinds = [str(element.S) for element in tree]
        assert {"/H1", "/H2", "/Table", "/TR", "/TH", "/TD", "/Note", "/Link"} <= set(kinds)
        assert kinds.count("/Part") == 1, "one main part, not one per page"
        lists = [element for element in tree if element.S == "/L"]
        assert len(lists) == 1, "the list crossing a page break stays one list"
        items = [kid for kid in _kids(lists[0]) if _is_element(kid)]
        assert len(items) == ITEMS
        pages = {element.Pg.objgen for element in _elements(lists[0])}
        assert len(pages) >= 2, "the list does cross a page break"
        for item in items:
            assert [str(kid.S) for kid in _kids(item)][:2] == ["/Lbl", "/LBody"]
        (note,) = [element for element in tree if element.S == "/Note"]
        assert str(note.ID) == "fn1"
        assert not any(str(key).startswith("/Pipeline") for e in tree for key in e)


def test_list_labels_are_painted_before_their_items(small: Path) -> None:
    with pikepdf.open(small) as pdf:
        order = {
            (page, int(properties["/MCID"])): position
            for position, (page, _, properties) in enumerate(_marked_content(pdf))
            if "/MCID" in properties
        }
        pages = {page.objgen: index for index, page in enumerate(pdf.pages)}

        def first(element: Any) -> int:
            return min(
                order[(pages[e.Pg.objgen], kid)]
                for e in _elements(element)
                for kid in _kids(e)
                if isinstance(kid, int)
            )

        items = [element for element in _tree(pdf) if element.S == "/LI"]
        assert len(items) == ITEMS
        for item in items:
            label, body = _kids(item)[:2]
            assert first(label) < first(body)


def test_the_repair_paints_exactly_what_weasyprint_paints(tmp_path: Path) -> None:
    from weasyprint import HTML

    from pipeline.render import pdf as pdf_adapter

    require_tool("pdftoppm")
    items = "".join(f"<li>Item {n} on internationalisation</li>" for n in range(40))
    source = (
        '<html lang="en"><style>@page { size: A6; @top-left { content: "Header" } '
        "@bottom-right { content: counter(page) } } body { hyphens: auto }</style><body>"
        f'<p>Read <a href="https://example.org/">the state-of-the-art plan</a>.</p><ol>{items}'
        "</ol></body></html>"
    )
    raw, repaired = tmp_path / "raw.pdf", tmp_path / "repaired.pdf"
    HTML(string=source).write_pdf(raw, pdf_variant="pdf/ua-1")
    pdf_adapter.write_pdf(source, repaired, tmp_path, [tmp_path], b"0" * 16)
    for path in (raw, repaired):
        subprocess.run(["pdftoppm", "-r", "72", "-png", str(path), str(path.with_suffix(""))])
    pictures = sorted(tmp_path.glob("raw-*.png"))
    assert len(pictures) >= 2
    for picture in pictures:
        twin = picture.with_name(picture.name.replace("raw", "repaired"))
        assert picture.read_bytes() == twin.read_bytes(), picture.name


def test_running_header_and_footer_are_pagination_artifacts(small: Path) -> None:
    with pikepdf.open(small) as pdf:
        assert len(pdf.pages) >= 2
        artifacts = [
            (page, properties)
            for page, enclosing, properties in _marked_content(pdf)
            if properties.get("/Type") == "/Pagination"
        ]
        assert {page for page, _ in artifacts} == set(range(len(pdf.pages)))


READERS = ["poppler", "pdfium"]


@pytest.mark.parametrize("reader", READERS)
def test_extracted_text_is_the_text_word_for_word(small: Path, reader: str) -> None:
    """Each reader reads a word broken at a line end once (PDFium ignores an empty actual
    text, and so read the piece on the next line a second time)."""
    words = _pdf_words(small, reader)
    text = " ".join(words)
    assert "\u2010" not in text and "andlearning" not in text
    assert [w.strip(".") for w in words].count(COMPOUND) == REPEATS, "hyphens kept at line ends"
    assert [w.strip(".") for w in words].count(LONG_WORD) == REPEATS, "hyphenated words whole"
    with pikepdf.open(small) as pdf:
        actual = [p["/ActualText"] for _, _, p in _marked_content(pdf) if "/ActualText" in p]
    assert any(str(text).endswith(" ") for text in actual), "spaces at line ends"
    # A line ending inside a word carries the whole word; the next line's piece is dropped.
    assert any(str(text).endswith(LONG_WORD) for text in actual), "hyphenation at a line end"
    assert any(str(text).endswith(COMPOUND) for text in actual), "a break after a hyphen"


def test_the_factsheet_reads_as_its_text(factsheet: Path) -> None:
    expected = _html_words(factsheet.with_suffix(".html"))
    found = _pdf_words(factsheet)
    assert "ethic\u2010" not in found and "ethically," in found
    assert "horizon-widera-2021-era-01-91" in found
    assert _unexplained(expected, found) == []


def test_pdfium_reads_each_word_of_the_factsheet_as_often_as_the_page_shows_it(
    factsheet: Path,
) -> None:
    """PDFium spaces footnote marks its own way, so words are counted, not aligned."""

    def counted(words: list[str]) -> Counter[str]:
        stripped = (word.strip(".,;:()“”0123456789") for word in words)
        return Counter(word for word in stripped if len(word) >= 6)

    expected = counted(_html_words(factsheet.with_suffix(".html")))
    found = counted(_pdf_words(factsheet, "pdfium"))
    assert expected["ethically"] >= 1 and sum(expected.values()) > 200
    differ = {word: (expected[word], found[word]) for word in expected | found}
    assert {word: counts for word, counts in differ.items() if counts[0] != counts[1]} == {}


def test_repair_is_deterministic(small: Path) -> None:
    data = small.read_bytes()
    assert pdfua.repair(data) == pdfua.repair(data)


@pytest.mark.hostile
def test_a_pdf_without_tags_is_refused_with_a_location(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ValueError, match="could not be repaired"):
        pdfua.repair(b"%PDF-1.7\n%%EOF\n")
    from pipeline.render import pdf as pdf_adapter

    original = pdfua.repair

    def broken(data: bytes) -> bytes:
        return original(data[:200])

    monkeypatch.setattr(pdfua, "repair", broken)  # a truncated PDF reaches the repair
    with pytest.raises(PipelineError) as raised:
        pdf_adapter.write_pdf("<p>x</p>", tmp_path / "x.pdf", tmp_path, [tmp_path], b"0" * 16)
    assert "x.pdf" in str(raised.value)
    assert not (tmp_path / "x.pdf").exists()
