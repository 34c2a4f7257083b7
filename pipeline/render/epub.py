"""Adapter that finishes pandoc's EPUB: accessibility metadata, page titles, direction.

pandoc writes access modes, features and hazards, but not the accessibility summary
or the conformance statement, and it never marks XHTML as right to left. It titles
each chapter file with its own name (``<title>ch001.xhtml</title>``), which reading
systems show in their navigation: the chapter's heading replaces it. It marks the
cover image only the EPUB 3 way; the EPUB 2 ``cover`` meta is added for the readers
that look for nothing else. This module
rewrites those few files inside the archive, keeping every entry's order, timestamp
and compression, so a reproducible EPUB stays reproducible. It also parses every XML
file of the book: pandoc copies characters XML forbids (NUL, other controls) into
the XHTML, and a book that is not well-formed is refused rather than written. Raw HTML
in the document is HTML, where ``<br>`` needs no closing: :func:`closed_void_elements`
closes such elements before pandoc copies them into the XHTML.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from pipeline.core.errors import PipelineError

_SUMMARY = re.compile(r'<meta\s+property="schema:accessibilitySummary"')
CONFORMS_TO = "http://www.idpf.org/epub/a11y/accessibility-20170105.html#wcag-aa"


def finish(data: bytes, summary: str, rtl: bool) -> bytes:
    """The EPUB ``data`` with the summary, the conformance link and, if ``rtl``, direction."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.endswith(".opf"):
                content = _package(content.decode("utf-8"), summary, rtl).encode("utf-8")
            elif info.filename.endswith(".xhtml"):
                text = _chapter_title(info.filename, content.decode("utf-8"))
                content = (_right_to_left(text) if rtl else text).encode("utf-8")
            if info.filename.endswith(_XML_FILES):
                _well_formed(info.filename, content)
            target.writestr(info, content, compress_type=info.compress_type)
    return output.getvalue()


_VOID = re.compile(
    r"<(area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr)\b"
    r"((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)\s*/?>",
    re.IGNORECASE,
)


def closed_void_elements(value: Any) -> Any:
    """``value`` (an AST or part of one) with each raw HTML ``<br>`` written ``<br />``.

    Pure: a new value; only the text of ``RawBlock`` and ``RawInline`` in HTML changes.
    """
    if isinstance(value, list):
        return [closed_void_elements(item) for item in value]
    if not isinstance(value, dict):
        return value
    if value.get("t") in ("RawBlock", "RawInline") and value["c"][0] in ("html", "html5"):
        text = _VOID.sub(lambda match: f"<{match[1]}{match[2]} />", value["c"][1])
        return {"t": value["t"], "c": [value["c"][0], text]}
    return {key: closed_void_elements(item) for key, item in value.items()}


_XML_FILES = (".xhtml", ".opf", ".ncx", ".xml")


def _well_formed(name: str, content: bytes) -> None:
    try:
        ElementTree.fromstring(content)
    except ElementTree.ParseError as error:
        raise PipelineError(f"the EPUB's {name} would not be well-formed XML: {error}") from None


_XHTML = "{http://www.w3.org/1999/xhtml}"
_HEADINGS = tuple(f"{_XHTML}h{level}" for level in range(1, 7))


def _chapter_title(name: str, text: str) -> str:
    """``text`` titled with its first heading when pandoc titled it with its file name."""
    own_name = f"<title>{escape(name.rsplit('/', 1)[-1])}</title>"
    if own_name not in text:
        return text
    try:
        root = ElementTree.fromstring(text.encode("utf-8"))
    except ElementTree.ParseError:
        return text  # refused with its location by the well-formedness check
    heading = next((node for node in root.iter() if node.tag in _HEADINGS), None)
    if heading is None:
        return text
    title = " ".join("".join(heading.itertext()).split())
    return text.replace(own_name, f"<title>{escape(title)}</title>", 1) if title else text


_COVER_IMAGE = re.compile(r'<item properties="cover-image" id="([^"]+)"')


def _package(opf: str, summary: str, rtl: bool) -> str:
    additions = (
        f'    <meta property="schema:accessibilitySummary">{escape(summary)}</meta>\n'
        f'    <link rel="dcterms:conformsTo" href="{CONFORMS_TO}" />\n'
    )
    cover = _COVER_IMAGE.search(opf)
    if cover and '<meta name="cover"' not in opf:
        additions += f'    <meta name="cover" content="{cover.group(1)}" />\n'
    if not _SUMMARY.search(opf):  # pandoc writes none; a title may still name the property
        opf = opf.replace("  </metadata>", additions + "  </metadata>", 1)
    if rtl and "page-progression-direction" not in opf:
        opf = re.sub(r"<spine\b", '<spine page-progression-direction="rtl"', opf, count=1)
    return opf


def _right_to_left(xhtml: str) -> str:
    return re.sub(r"<html\b(?![^>]*\bdir=)", '<html dir="rtl"', xhtml, count=1)
