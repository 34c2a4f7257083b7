"""Hostile translations never make pandoc, WeasyPrint or a page reach the network.

The source links to a web server of its own on loopback, which logs every request it
gets. Translations try every way to make a renderer fetch from it (or from the host a
parser might misread): images on the source's host, userinfo and backslash tricks,
remote style sheets in labels. After full builds in every format, the server has
seen no request, and every trick is a finding. CI runs this module a second time
inside a network namespace that has only loopback (see .ci/run).
"""

from __future__ import annotations

import http.server
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest

from pipeline.translate.document import allowed_target, restrict_targets, web_host
from tests.conftest import edited_catalog, run_cli, write_project

pytestmark = pytest.mark.hostile


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str]

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/svg+xml")
        self.end_headers()
        self.wfile.write(b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>')

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the list of requests is the log."""


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, list[str]]]:
    requests: list[str] = []
    handler = type("Handler", (_Recorder,), {"requests": requests})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def _source(base: str) -> str:
    return f"""\
---
title: Safety
---

Read [the guide]({base}/guide).

See [the report]({base}/report).

Look at [the site]({base}/).

Plain paragraph.
"""


def _hostile(base: str) -> dict[str, str]:
    host = base.removeprefix("http://")
    return {
        "Safety": "Sécurité",
        f"Read [the guide]({base}/guide).": f"Lisez ![le guide]({base}/image.svg).",
        f"See [the report]({base}/report).": (
            f"Voir [le rapport](http://evil.example\\@{host}/report)."
        ),
        f"Look at [the site]({base}/).": f"Voir [le site](http://user@{host}/) ![x]({base}/x.png).",
        "Plain paragraph.": f"Paragraphe <img src='{base}/raw.png'> simple.",
    }


@pytest.fixture(scope="module")
def built(
    server: tuple[str, list[str]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str]:
    base, _requests = server
    root = write_project(tmp_path_factory.mktemp("network"), _source(base), ["fr"])
    from pipeline.cli import main

    assert main(["--root", str(root), "extract"]) == 0
    assert main(["--root", str(root), "init", "fr"]) == 0
    with edited_catalog(root / "locales" / "fr" / "LC_MESSAGES" / "doc.po") as catalog:
        for entry in catalog:
            entry.msgstr = _hostile(base)[entry.msgid]
    with edited_catalog(root / "locales" / "fr" / "LC_MESSAGES" / "ui.po") as catalog:
        for entry in catalog:
            if entry.msgid == "Factsheet":
                entry.msgstr = f'<link rel="stylesheet" href="{base}/style.css">Fiche'
            if entry.msgid == "Page %(page)s of %(pages)s":
                entry.msgstr = f'Page %(page)s"; }} @import url({base}/x.css); x {{ a: "'
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["--root", str(root), "build", "--draft", "--jobs", "1"])
    return root, out.getvalue()


def test_no_renderer_and_no_page_reaches_the_network(
    built: tuple[Path, str], server: tuple[str, list[str]]
) -> None:
    root, _out = built
    base, requests = server
    assert requests == []
    page = (root / "outputs" / "fr" / "doc.html").read_text("utf-8")
    assert f'src="{base}' not in page and f"src='{base}" not in page
    assert f'href="{base}/style.css"' not in page
    with zipfile.ZipFile(root / "outputs" / "fr" / "doc.epub") as book:
        images = [name for name in book.namelist() if name.endswith((".svg", ".png"))]
        assert images == ["EPUB/media/file0.svg"]  # the cover the pipeline draws, only
        cover = ElementTree.fromstring(book.read(images[0]))
    assert not [node for node in cover.iter() if any(key.endswith("href") for key in node.attrib)]


def test_every_trick_is_a_finding(
    built: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, _out = built
    status, out, _err = run_cli(root, "check", "fr", capsys=capsys)
    assert status == 1
    found = "\n".join(line for line in out.splitlines() if "error[link-target]" in line)
    assert "image.svg" in found and "x.png" in found
    assert "evil.example" in found and "user@" in found


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://education.ec.europa.eu/other", True),
        ("HTTPS://Education.EC.europa.eu/other", True),
        ("https://evil.example\\@education.ec.europa.eu/x", False),
        ("https://evil.example/@education.ec.europa.eu/x", False),
        ("https://user@education.ec.europa.eu/x", False),
        ("https://education.ec.europa.eu\t.evil.example/x", False),
        ("https://education.ec.europa.eu.evil.example/x", False),
        ("javascript://education.ec.europa.eu/%0aalert(1)", False),
        ("//education.ec.europa.eu/x", False),
        ("https://education.ec.europa.eu:8080/x", True),  # the same host, another port
    ],
)
def test_same_host_means_the_host_a_browser_visits(url: str, allowed: bool) -> None:
    assert allowed_target(url, {"https://education.ec.europa.eu/page"}) is allowed


def test_web_host_reads_urls_as_browsers_do() -> None:
    assert web_host("https://evil.example\\@education.ec.europa.eu/") is None
    assert web_host("https://EXAMPLE.org./a") == "example.org."
    assert web_host("mailto:a@example.org") is None


def test_images_must_be_the_sources_own() -> None:
    def image(target: str, alt: list[dict[str, str]]) -> list[dict[str, object]]:
        return [{"t": "Image", "c": [["", [], []], alt, [target, ""]]}]

    source = image("assets/chart.png", [])
    same = image("assets/chart.png", [{"t": "Str", "c": "x"}])
    other = image("assets/other.png", [{"t": "Str", "c": "x"}])
    assert restrict_targets(same, source) == (same, [])
    cleaned, refused = restrict_targets(other, source)
    assert refused == ["assets/other.png"]
    assert cleaned == [{"t": "Span", "c": [["", [], []], [{"t": "Str", "c": "x"}]]}]
