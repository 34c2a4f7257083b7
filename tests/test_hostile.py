"""Hostile translations: nothing of them reaches the outputs as markup, links or files.

Each msgstr below is something a stranger's merge request could carry. The build must
show it as text (or drop the target), report it, and never let a renderer read a file.
"""

from __future__ import annotations

import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest

from tests.conftest import edited_catalog, run_cli, write_project

pytestmark = pytest.mark.hostile

SOURCE = """\
---
title: Safety
---

# Heading

Plain paragraph one.

Plain paragraph two.

Plain paragraph three.

Read [the guide](https://example.org/guide).

See [the report](https://example.org/report).

Plain paragraph four.

Plain paragraph five.

Plain paragraph six.
"""

HOSTILE = {
    "Safety": "Sécurité",
    "Heading": "# Titre ouvert",
    "Plain paragraph one.": "<script>alert('x')</script> Paragraphe un.",
    "Plain paragraph two.": "<img src=file:///etc/passwd> Paragraphe deux.",
    "Plain paragraph three.": "![x](file:///etc/passwd) Paragraphe trois.",
    "Read [the guide](https://example.org/guide).": "Lisez [le guide](javascript:alert(1)).",
    "See [the report](https://example.org/report).": "Voir [le rapport](https://evil.example.com/r).",
    "Plain paragraph four.": '[Paragraphe]{style="background: url(file:///etc/passwd)"} quatre.',
    "Plain paragraph five.": "- Paragraphe cinq en liste",
    "Plain paragraph six.": '<link rel="attachment" href="file:///etc/passwd"> Six.',
}
FORBIDDEN = ("javascript:", "file:", "/etc/passwd", "evil.example.com")


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [f"{name}={value}" for name, value in attrs]


def _elements(markup: str) -> _Elements:
    parser = _Elements()
    parser.feed(markup)
    return parser


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = write_project(tmp_path_factory.mktemp("hostile"), SOURCE, ["fr"])
    from pipeline.cli import main

    main(["--root", str(root), "extract"])
    main(["--root", str(root), "init", "fr"])
    path = root / "locales" / "fr" / "LC_MESSAGES" / "doc.po"
    with edited_catalog(path) as catalog:
        for entry in catalog:
            entry.msgstr = HOSTILE[entry.msgid]
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["--root", str(root), "build", "--jobs", "1"])
    assert status == 1  # the refused links are errors: the publisher must look
    assert "held back doc [fr]" in out.getvalue()  # and they keep fr from being published
    assert not (root / "outputs" / "fr").exists()
    # A draft build shows what the renderers make of it all.
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["--root", str(root), "build", "--jobs", "1", "--draft"])
    assert status == 1
    return root, out.getvalue()


def test_html_has_no_script_no_forbidden_target_and_shows_the_text(
    hostile_build: tuple[Path, str],
) -> None:
    root, _out = hostile_build
    page = (root / "outputs" / "fr" / "doc.html").read_text("utf-8")
    found = _elements(page)
    assert "script" not in found.tags
    assert "img" not in found.tags
    bad = [attr for attr in found.attributes if any(word in attr for word in FORBIDDEN)]
    assert bad == []
    assert "&lt;script&gt;alert(" in page  # shown as text
    assert "# Titre ouvert" in page and "- Paragraphe cinq en liste" in page
    # No heading or list came from a translation: the one list is the language switcher.
    assert found.tags.count("ul") == 1 and "ol" not in found.tags
    assert found.tags.count("h2") == 1


def test_epub_has_no_script_no_forbidden_target_and_no_local_file(
    hostile_build: tuple[Path, str],
) -> None:
    root, _out = hostile_build
    with zipfile.ZipFile(root / "outputs" / "fr" / "doc.epub") as archive:
        names = archive.namelist()
        assert not [name for name in names if "passwd" in name]
        for name in names:
            if name.endswith((".xhtml", ".opf", ".ncx")):
                found = _elements(archive.read(name).decode("utf-8"))
                assert "script" not in found.tags, name
                bad = [attr for attr in found.attributes if any(word in attr for word in FORBIDDEN)]
                assert bad == [], name
            assert b"root:x:0:0" not in archive.read(name)


def test_pdf_embeds_nothing_and_the_renderer_read_no_file(hostile_build: tuple[Path, str]) -> None:
    root, out = hostile_build
    data = (root / "outputs" / "fr" / "doc.pdf").read_bytes()
    assert b"root:x:0:0" not in data
    with pikepdf.open(root / "outputs" / "fr" / "doc.pdf") as pdf:
        assert "/EmbeddedFiles" not in pdf.Root.get("/Names", {})
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                uri = str(annotation.get("/A", {}).get("/URI", ""))
                assert not any(word in uri for word in FORBIDDEN), uri
    assert "error[link-target]: link target 'javascript:alert(1)'" in out
    assert "error[link-target]: link target 'https://evil.example.com/r'" in out
    assert "error[link-target]: link target 'file:///etc/passwd'" in out


def test_the_check_names_every_hostile_translation(
    hostile_build: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, _out = hostile_build
    status, out, _err = run_cli(root, "check", "fr", capsys=capsys)
    assert status == 1
    codes = {line.split("[")[1].split("]")[0] for line in out.splitlines() if "]: " in line}
    assert {"raw-markup", "link-scheme", "link-target", "block-structure"} <= codes


def test_the_pdf_renderer_fetches_only_the_projects_own_files(tmp_path: Path) -> None:
    """Even HTML that reached the renderer unfiltered cannot make it read files or the net."""
    from pipeline.render.pdf import write_pdf

    assets = tmp_path / "source" / "assets"
    assets.mkdir(parents=True)
    (assets / "style.css").write_text("p { color: #123456; }", "utf-8")
    html = (
        '<html lang="en"><head><title>t</title>'
        '<link rel="stylesheet" href="assets/style.css">'
        '<link rel="attachment" href="file:///etc/passwd">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/remote.css">'
        "</head><body><p>Text</p>"
        '<img src="../../outside.png" alt="x"><img src="file:///etc/hostname" alt="y">'
        "</body></html>"
    )
    output = tmp_path / "out.pdf"
    _warnings, log = write_pdf(html, output, tmp_path / "source", [assets], b"0" * 16)
    assert log.served == [(assets / "style.css").as_uri()]
    assert "file:///etc/passwd" in log.refused
    assert "http://127.0.0.1:9/remote.css" in log.refused
    assert "file:///etc/hostname" in log.refused
    assert any(url.endswith("outside.png") for url in log.refused)
    data = output.read_bytes()
    assert b"root:x:0:0" not in data
    with pikepdf.open(output) as pdf:
        assert "/EmbeddedFiles" not in pdf.Root.get("/Names", {})
