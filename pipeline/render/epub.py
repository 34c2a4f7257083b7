"""Adapter that finishes pandoc's EPUB: accessibility metadata and text direction.

pandoc writes access modes, features and hazards, but not the accessibility summary
or the conformance statement, and it never marks XHTML as right to left. This module
rewrites those few files inside the archive, keeping every entry's order, timestamp
and compression, so a reproducible EPUB stays reproducible. It also parses every XML
file of the book: pandoc copies characters XML forbids (NUL, other controls) into
the XHTML, and a book that is not well-formed is refused rather than written.
"""

from __future__ import annotations

import io
import re
import zipfile
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
            elif rtl and info.filename.endswith(".xhtml"):
                content = _right_to_left(content.decode("utf-8")).encode("utf-8")
            if info.filename.endswith(_XML_FILES):
                _well_formed(info.filename, content)
            target.writestr(info, content, compress_type=info.compress_type)
    return output.getvalue()


_XML_FILES = (".xhtml", ".opf", ".ncx", ".xml")


def _well_formed(name: str, content: bytes) -> None:
    try:
        ElementTree.fromstring(content)
    except ElementTree.ParseError as error:
        raise PipelineError(f"the EPUB's {name} would not be well-formed XML: {error}") from None


def _package(opf: str, summary: str, rtl: bool) -> str:
    additions = (
        f'    <meta property="schema:accessibilitySummary">{escape(summary)}</meta>\n'
        f'    <link rel="dcterms:conformsTo" href="{CONFORMS_TO}" />\n'
    )
    if not _SUMMARY.search(opf):  # pandoc writes none; a title may still name the property
        opf = opf.replace("  </metadata>", additions + "  </metadata>", 1)
    if rtl and "page-progression-direction" not in opf:
        opf = re.sub(r"<spine\b", '<spine page-progression-direction="rtl"', opf, count=1)
    return opf


def _right_to_left(xhtml: str) -> str:
    return re.sub(r"<html\b(?![^>]*\bdir=)", '<html dir="rtl"', xhtml, count=1)
