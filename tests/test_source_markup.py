"""The source's own attributes, spans and raw inlines: kept by a translation, they are
published; changed or dropped, they are reported; added, they are refused.

Real pandoc, real catalogs, real HTML and PDF builds.
"""

from __future__ import annotations

import re
import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import edited_catalog, pdf_text, run_cli, write_project

pytestmark = pytest.mark.hostile

SOURCE = """\
---
title: Marked up
---

# Where it starts {#start}

Some [small caps]{.smallcaps} text and [a word]{#word lang=fr} here.

Press <kbd>Ctrl</kbd> to go on.

Back to [the start](#start) and [the word](#word).

![A square](assets/dot.png){width=50%}

![A dot](assets/dot.png){fig-alt="A grey dot"}

Code `<div>` and math $\\frac{a}{b}$ stay as they are.
"""

KEPT = {
    "Marked up": "Balisé",
    "Where it starts": "Où tout commence",
    'Some [small caps]{.smallcaps} text and [a word]{#word lang="fr"} here.': (
        'Du texte en [petites capitales]{.smallcaps} et [un mot]{#word lang="fr"} ici.'
    ),
    "Press `<kbd>`{=html}Ctrl`</kbd>`{=html} to go on.": (
        "Appuyez sur `<kbd>`{=html}Ctrl`</kbd>`{=html} pour continuer."
    ),
    "Back to [the start](#start) and [the word](#word).": (
        "Retour au [début](#start) et au [mot](#word)."
    ),
    "A square": "Un carré",
    '![A square](assets/dot.png){width="50%"}': '![Un carré](assets/dot.png){width="50%"}',
    "A dot": "Un point",
    "![A grey dot](assets/dot.png)": "![Un point gris](assets/dot.png)",
    "Code `<div>` and math $\\frac{a}{b}$ stay as they are.": (
        "Le code `<div>` et les maths $\\frac{a}{b}$ restent tels quels."
    ),
}
# German changes the anchor, gives an image a fig-alt attribute, drops the raw inlines and
# adds attributes of its own (where the source message has none, they stay text). A
# figure's fig-alt is its image's alt text (the message), no attribute a translation has.
CHANGED = {
    **KEPT,
    'Some [small caps]{.smallcaps} text and [a word]{#word lang="fr"} here.': (
        'Text in [Kapitälchen]{.smallcaps} und [ein Wort]{#wort lang="fr"} [hier]{onclick="x()"}.'
    ),
    "Press `<kbd>`{=html}Ctrl`</kbd>`{=html} to go on.": "Drücken Sie Strg, um fortzufahren.",
    "Back to [the start](#start) and [the word](#word).": (
        'Zurück zum [Anfang]{onclick="alert(1)"} und zum [Wort](#word).'
    ),
    '![A square](assets/dot.png){width="50%"}': (
        '![Ein Quadrat](assets/dot.png){width="50%" fig-alt="Ein grauer Punkt"}'
    ),
}


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x10\x20\x30")
    body = chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pipeline.cli import main

    root = write_project(tmp_path_factory.mktemp("markup"), SOURCE, ["fr", "de"])
    (root / "source" / "assets").mkdir()
    (root / "source" / "assets" / "dot.png").write_bytes(_png())
    assert main(["--root", str(root), "extract"]) == 0
    for code, table in (("fr", KEPT), ("de", CHANGED)):
        assert main(["--root", str(root), "init", code]) == 0
        with edited_catalog(root / "locales" / code / "LC_MESSAGES" / "doc.po") as catalog:
            for entry in catalog:
                entry.msgstr = table[entry.msgid]
    main(["--root", str(root), "build", "--jobs", "1", "--formats", "html,pdf", "--draft"])
    return root


def _findings(root: Path, code: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    _status, out, err = run_cli(root, "check", code, capsys=capsys)
    return [line for line in (out + err).splitlines() if "doc.po:" in line]


def test_kept_markup_is_published_and_check_is_clean(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (project / "outputs" / "fr" / "doc.html").read_text("utf-8")
    assert '<span class="smallcaps">petites capitales</span>' in page
    assert '<span id="word" lang="fr">un mot</span>' in page
    assert "<kbd>Ctrl</kbd>" in page
    assert 'style="width:50.0%"' in page and 'alt="Un carré"' in page
    assert 'alt="Un point gris"' in page and "data-fig-alt" not in page
    assert 'id="start"' in page and 'href="#word"' in page
    for literal in ("{.smallcaps}", "{#word", "{=html}", "{width", "&lt;kbd&gt;"):
        assert literal not in page
    text = pdf_text(project / "outputs" / "fr" / "doc.pdf")
    assert "petites capitales" in text and "Ctrl" in text and "{" not in text.split("maths")[0]
    problems = [line for line in _findings(project, "fr", capsys) if "error" in line]
    assert problems == []


def test_changed_or_dropped_markup_is_reported_at_its_entry(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    findings = _findings(project, "de", capsys)
    markup = [line for line in findings if "source-markup" in line]
    assert any("{#word" in line and "error" in line for line in markup), findings
    assert any("`<kbd>`{=html}" in line for line in markup), findings
    assert any('{width="50%"}' in line and "warning" in line for line in markup), findings
    assert any("fig-alt" in line and "not the source's" in line for line in markup), findings
    assert any("onclick" in line and "not the source's" in line for line in markup), findings
    assert all(re.search(r"doc\.po:\d+: ", line) and ":0:" not in line for line in markup)


def test_added_markup_is_never_applied(project: Path) -> None:
    page = (project / "outputs" / "de" / "doc.html").read_text("utf-8")
    attributes = _Attributes()
    attributes.feed(page)
    assert not [name for name in attributes.names if name.startswith("on")]
    assert "wort" not in attributes.ids and "word" not in attributes.ids  # changed: not used
    assert "Kapitälchen" in page and "ein Wort" in page and "Anfang" in page
    assert "Ein grauer Punkt" not in page
    for literal in ("{#wort", "hier]{onclick", "{fig-alt", "{.smallcaps}"):
        assert literal not in page  # the text stays, the markup goes


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self.ids: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names += [name for name, _ in attrs]
        self.ids += [value for name, value in attrs if name == "id"]
