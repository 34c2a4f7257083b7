"""Page labels are untrusted plain text: no markup, no attribute break-out, no CSS escape.

A ``ui.po`` translation reaches the page, its attributes, the PDF's style sheet and the
EPUB. Whatever a translator writes, the rendered page has exactly the template's
elements and attributes, the style sheet has exactly the template's rules, and a
placeholder error shows the source label instead of crashing the build.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import tinycss2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.languages import language
from pipeline.render import labels
from pipeline.render.page import Page, page_html, print_html
from pipeline.render.ui import css_string, environment, extract_ui, gettext_for
from tests.conftest import (
    edited_catalog,
    keep_labels_in_english,
    run_cli,
    started_translation,
    write_project,
)

pytestmark = pytest.mark.hostile

MSGIDS = [message.msgid for message in extract_ui()]


class _Structure(HTMLParser):
    """Every element with its attribute names, and the text of each style element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[str, ...]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, tuple(name for name, _value in attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def _structure(markup: str) -> tuple[list[tuple[str, tuple[str, ...]]], list[object]]:
    parser = _Structure()
    parser.feed(markup)
    parser.close()
    return parser.elements, [_css_shape(style) for style in parser.styles]


def _css_shape(css: str) -> list[object]:
    """The rules of a style sheet: at-rules with their nested rules, selectors' rule count."""
    shape: list[object] = []
    for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        if rule.type == "at-rule":
            inner = tinycss2.parse_blocks_contents(rule.content or [], skip_whitespace=True)
            names = [
                (item.type, getattr(item, "lower_at_keyword", getattr(item, "lower_name", "")))
                for item in inner
                if item.type != "comment"
            ]
            shape.append(("@" + rule.lower_at_keyword, names))
        else:
            shape.append(rule.type)
    return shape


def _page(code: str = "fr") -> Page:
    info = language(code)
    return Page(
        doc="doc",
        language=info,
        parts={"title": "Titre", "subtitle": "", "description": "Résumé", "body": "<p>Texte</p>"},
        title_text="Titre",
        description_text="Résumé",
        date=dt.date(2026, 11, 30),
        alternates=(language("en"), info),
        formats=("html", "epub", "pdf"),
        draft_percent="63 %",
    )


def _rendered(translations: dict[str, str]) -> tuple[str, str]:
    env = environment(translations)
    gettext = gettext_for(translations)
    return page_html(env, _page(), gettext), print_html(env, _page(), gettext)


PIECES = [*"<>\"'&%(){}[];:\\/=! \r\n\f\t\x00\x0b\u202e\u2066\u200bazAZ09",
          "%(date)s", "%(percent)s", "%(page)s", "%(pages)s", "%%", "</style>", "<script>",
          '" onfocus="x', "url(file:/etc/passwd)", "*/", "/*", "\\22 ", "<!--", "]]>"]  # fmt: skip
HOSTILE_TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(MSGIDS), HOSTILE_TEXT.map("".join)))
def test_no_label_changes_the_pages_elements_attributes_or_style_rules(
    translations: dict[str, str],
) -> None:
    expected_screen, expected_print = _rendered({})
    screen, printed = _rendered(translations)
    assert _structure(screen) == _structure(expected_screen)
    assert _structure(printed) == _structure(expected_print)


def test_a_script_label_is_shown_as_text() -> None:
    screen, _ = _rendered({"Skip to content": "<script>alert(1)</script>Aller au contenu"})
    assert "<script>" not in screen
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Aller au contenu" in screen


def test_an_attribute_break_out_stays_inside_the_attribute() -> None:
    screen, _ = _rendered({"Choose a language": 'Langue" onfocus="alert(1)" tabindex="0'})
    elements, _ = _structure(screen)
    nav = [attributes for tag, attributes in elements if tag == "nav"]
    assert nav == [("class", "aria-label")]
    assert 'aria-label="Langue&quot; onfocus=&quot;alert(1)&quot; tabindex=&quot;0"' in screen


@pytest.mark.parametrize(
    "footer",
    [
        "Page %(page)s \r; } } body { display: none } @page { x",
        "Page %(page)s \f} body { display: none }",
        "Page %(page)s sur %(pages)s'; } body { display: none }",
        'Page %(page)s "url(file:///etc/passwd)" %(pages)s',
        "Page %(page)s </style><script>x</script> %(pages)s",
    ],
)
def test_a_footer_label_cannot_end_its_css_string(footer: str) -> None:
    _, printed = _rendered({"Page %(page)s of %(pages)s": footer})
    _, expected = _rendered({})
    assert _structure(printed) == _structure(expected)


@pytest.mark.parametrize(
    ("msgstr", "shown"),
    [
        ("Publié le %(date)s", "Publié le 30 novembre 2026"),
        ("100% publié le %(date)s", "Published 30 novembre 2026"),  # bad %: source label
        ("Publié le %(date)3000000s", "Published 30 novembre 2026"),
        ("Publié", "Published 30 novembre 2026"),  # placeholder dropped
        ("Publié le %(date)s %(other)s", "Published 30 novembre 2026"),  # unknown placeholder
        ("Publié à 100 %% le %(date)s", "Publié à 100 % le 30 novembre 2026"),
    ],
)
def test_placeholders_are_filled_only_in_a_checked_format(msgstr: str, shown: str) -> None:
    screen, _ = _rendered({"Published %(date)s": msgstr})
    assert f'<p class="published">{shown}</p>' in screen


def test_a_percent_sign_in_a_label_without_placeholders_is_text() -> None:
    screen, _ = _rendered({"Factsheet": "Fiche 100% information"})
    assert "Fiche 100% information" in screen


@pytest.mark.parametrize(
    ("msgid", "msgstr", "codes"),
    [
        ("Published %(date)s", "Publié le %(date)s", []),
        ("Published %(date)s", "Publié à 100% le %(date)s", ["placeholder"]),
        ("Published %(date)s", "Publié", ["placeholder"]),
        ("Published %(date)s", "Publié %(date)5s", ["placeholder"]),
        ("Factsheet", "Fiche 100%", []),
        ("Factsheet", "Fiche\nd'information", ["label-text"]),
    ],
)
def test_label_problems(msgid: str, msgstr: str, codes: list[str]) -> None:
    assert [code for code, _message in labels.label_problems(msgid, msgstr)] == codes


@pytest.mark.parametrize("msgstr", ["Fiche\x00", "Fiche\x1b[0m", "Fiche\u202e", "\u2067Fiche"])
def test_a_label_with_a_control_or_bidi_character_is_not_used(msgstr: str) -> None:
    assert labels.usable("Factsheet", msgstr) == "Factsheet"
    assert labels.usable("Factsheet", "Fiche\u2067x\u2069") == "Fiche\u2067x\u2069"


def test_pieces_reads_percent_and_placeholders() -> None:
    assert labels.pieces("Page %(page)s of %(pages)s, 100 %%") == [
        "Page ",
        labels.Placeholder("page"),
        " of ",
        labels.Placeholder("pages"),
        ", 100 %",
    ]
    assert labels.pieces("100% sure") is None


def test_css_string_escapes_every_way_out_of_a_string() -> None:
    escaped = '"a\\d b\\c c\\27 d\\22 e\\5c f\\3c /style\\3e "'
    assert css_string("a\rb\fc'd\"e\\f</style>") == escaped


HOSTILE_LABELS = {
    "Skip to content": "<script>alert('x')</script>Aller au contenu",
    "Choose a language": 'Langue" onfocus="alert(1)" tabindex="0',
    "Published %(date)s": "Publié le %(date)3000000s",
    "Page %(page)s of %(pages)s": "Page %(page)s \r; } } body { display: none }",
    "Factsheet": '<base href="https://evil.example/">Fiche',
    "Download this factsheet:": '100% <a href="javascript:alert(1)">ici</a> :',
    "Contents": "Sommaire\x07",
}


@pytest.fixture(scope="module")
def hostile_labels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(
        tmp_path_factory.mktemp("labels"), "---\ntitle: Doc\n---\n\nText.\n", ["de", "fr"]
    )
    from pipeline.cli import main

    assert main(["--root", str(root), "extract"]) == 0
    for code in ("de", "fr"):
        assert main(["--root", str(root), "init", code]) == 0
        with edited_catalog(root / "locales" / code / "LC_MESSAGES" / "doc.po") as catalog:
            for entry in catalog:
                entry.msgstr = {"Doc": "Dokument", "Text.": "Texte."}[entry.msgid]
    keep_labels_in_english(root, "de")
    with edited_catalog(root / "locales" / "fr" / "LC_MESSAGES" / "ui.po") as catalog:
        for entry in catalog:
            entry.msgstr = HOSTILE_LABELS.get(entry.msgid, "")
    return root


def test_check_names_every_hostile_label_at_its_line(
    hostile_labels: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _err = run_cli(hostile_labels, "check", "fr", capsys=capsys)
    assert status == 1
    ui = "locales/fr/LC_MESSAGES/ui.po:"
    for code in ("raw-markup", "placeholder", "control-character"):
        assert any(line.startswith(ui) and f"error[{code}]" in line for line in out.splitlines())


def test_build_survives_hostile_labels_and_shows_them_as_text(
    hostile_labels: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run_cli(hostile_labels, "build", "--draft", "--jobs", "1", capsys=capsys)
    assert "Traceback" not in out + err
    assert status == 1 and "published doc [fr] (draft)" in out  # label errors: a draft only
    outputs = hostile_labels / "outputs"
    assert (outputs / "index.html").is_file()
    assert (outputs / "de" / "doc.pdf").is_file()
    page = (outputs / "fr" / "doc.html").read_text("utf-8")
    german = (outputs / "de" / "doc.html").read_text("utf-8")
    elements = _structure(page)[0]
    elements.remove(("p", ("class", "role")))  # the draft banner: fr has label errors
    # A label refused for its errors is shown in the source's words, marked as such.
    marked = ("span", ("lang", "dir"))
    assert marked in elements
    elements = [element for element in elements if element != marked]
    assert sorted(elements) == sorted(_structure(german)[0])  # otherwise the same elements
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;Aller au contenu" not in page
    assert "&lt;script&gt;alert('x')&lt;/script&gt;Aller au contenu" in page
    with zipfile.ZipFile(outputs / "fr" / "doc.epub") as book:
        for name in book.namelist():
            if name.endswith((".xhtml", ".opf", ".ncx")):
                assert "\x07" not in book.read(name).decode("utf-8")


def test_a_label_shown_in_the_source_words_carries_the_source_language_and_direction(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An Arabic draft whose page labels are not yet translated shows them in English:
    set right to left, the banner's full stop stood at its start, and a screen reader
    read English words as Arabic ones."""
    document = "---\ntitle: Shelter\n---\n\nBeds for every family.\n"
    with edited_catalog(started_translation(tmp_path, document, "ar", capsys)) as catalog:
        for entry in catalog:
            entry.msgstr = {"Shelter": "مأوى", "Beds for every family.": "أسرّة لكل أسرة."}[
                entry.msgid
            ]
    with edited_catalog(tmp_path / "locales" / "ar" / "LC_MESSAGES" / "ui.po") as catalog:
        for entry in catalog:
            if entry.msgid == "Skip to content":
                entry.msgstr = "انتقل إلى المحتوى"
    status, out, err = run_cli(tmp_path, "build", "ar", "--draft", capsys=capsys)
    assert status == 0, out + err
    page = (tmp_path / "outputs" / "ar" / "doc.html").read_text("utf-8")
    assert '<p class="draft-banner" role="note"><span lang="en" dir="ltr">Draft: ' in page
    assert '<a class="skip" href="#content">انتقل إلى المحتوى</a>' in page  # translated
    # The edition's date inside the English label keeps its own direction.
    assert '<p class="published"><span lang="en" dir="ltr">Published \u2068' in page
    index = next((tmp_path / "outputs").glob("index.ar.html")).read_text("utf-8")
    assert '<caption><span lang="en" dir="ltr">' in index
