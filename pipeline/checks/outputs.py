"""Built outputs -> findings: text completeness, fonts, language tags, whole addresses
and identifiers, EPUBCheck.

Reads the published files (and runs EPUBCheck when it is installed). A finding here
means a reader would see something wrong even though the catalog is right.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from pipeline.checks import reading_order
from pipeline.checks.textlayer import text_layer_findings
from pipeline.checks.textsearch import missing_texts
from pipeline.core.findings import ERROR, Finding
from pipeline.core.languages import Language
from pipeline.extract.segments import plain_text
from pipeline.translate.protect import tokens

# The findings on built files that keep a language from being published.
OUTPUT_CODES = frozenset(
    {"html-lang", "font-coverage", "output-text", "protected-text", "text-layer"}
)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0
        self.html_attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.html_attrs = dict(attrs)
        if tag in ("style", "script"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_text(markup: str) -> tuple[str, dict[str, str | None]]:
    parser = _TextParser()
    parser.feed(markup)
    return "".join(parser.parts), parser.html_attrs


def epub_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        names = sorted(name for name in archive.namelist() if name.endswith(".xhtml"))
        return " ".join(html_text(archive.read(name).decode("utf-8"))[0] for name in names)


def pdf_text(path: Path) -> str:
    return "\n".join(pdf_pages(path))


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(path).pages]


def pdf_scan(path: Path) -> tuple[list[str], list[str]]:
    """The text of each page of a PDF and the fonts that draw ``.notdef`` (see ``notdef_fonts``).

    One reading of the file: each page's content stream is parsed once, by the text
    extraction, and its operators are then scanned for boxes (pypdf keeps them parsed).
    """
    from pypdf import PdfReader
    from pypdf.generic import ContentStream, NameObject

    reader = PdfReader(path)
    texts: list[str] = []
    found: list[str] = []
    for page in reader.pages:
        contents = page.get_contents()
        if contents is not None:
            # Strings read as bytes, as the text extraction reads them; it parses this one.
            contents = ContentStream(contents, reader, "bytes")
            page[NameObject("/Contents")] = contents
        texts.append(page.extract_text() or "")
        if contents is not None:
            _scan_notdef(reader, contents, page.get("/Resources"), set(), found)
    return texts, found


def visible_texts(translations: Iterable[list[dict[str, Any]] | None]) -> list[str]:
    """The plain text of each parsed translation that is shown as one paragraph.

    An image's alt text is not shown as text, so the text is cut at each image and each
    piece must be found (an image the translation may not have is shown as its alt text,
    between the same pieces). It is cut likewise at each footnote (whose number the
    outputs show in its place), each formula (rendered, not shown as written) and each
    raw inline.
    """
    texts = []
    for blocks in translations:
        if blocks and len(blocks) == 1 and blocks[0]["t"] in ("Para", "Plain"):
            shown = _NOTE_MARK.sub(_CUT, plain_text(_images_cut(blocks[0]["c"])))
            for text in shown.split(_CUT):
                if text.strip():
                    texts.append(text)
    return texts


_CUT = "\x00"
_NOTE_MARK = re.compile(r"\[\^\d+\]")
_CUT_AT = frozenset(("Image", "Note", "Math", "RawInline"))


def _images_cut(node: Any) -> Any:
    """``node`` (inlines, or any part of them) with each image replaced by :data:`_CUT`."""
    if isinstance(node, list):
        return [_images_cut(item) for item in node]
    if isinstance(node, dict) and node.get("t") in _CUT_AT:
        return {"t": "Str", "c": _CUT}
    if isinstance(node, dict) and "c" in node:
        return {**node, "c": _images_cut(node["c"])}
    return node


def _whole(token: str) -> re.Pattern[str]:
    """``token`` with a line break allowed between its characters, except after a hyphen.

    A line that ends at a hyphen loses it in pdftotext and the viewers built on poppler,
    which take it for hyphenation; an inserted hyphen (U+2010) never matches.
    """
    head = "".join(re.escape(ch) + ("" if ch == "-" else r"\s*") for ch in token[:-1])
    return re.compile(head + re.escape(token[-1]))


def broken_tokens(messages: Iterable[str], text: str) -> list[str]:
    """The addresses, URLs, handles and identifiers of ``messages`` not whole in ``text``."""
    broken: list[str] = []
    for message in messages:
        for token in tokens(message):
            if token not in broken and not _whole(token).search(text):
                broken.append(token)
    return broken


_CID_CHAR = re.compile(rb"<([0-9a-fA-F]{4})>\s*(\d+)")
_CID_RANGE = re.compile(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]{4})>\s*(\d+)")
_SECTION = re.compile(rb"begincid(char|range)(.*?)endcid\1", re.S)


def _cid_map(cmap: bytes) -> dict[int, int]:
    """Two-byte code -> CID, from an embedded encoding CMap (the renderer writes one when
    it draws a glyph under several codes, as it does for .notdef)."""
    found: dict[int, int] = {}
    for kind, body in _SECTION.findall(cmap):
        if kind == b"char":
            for code, cid in _CID_CHAR.findall(body):
                found[int(code, 16)] = int(cid)
        else:
            for low, high, cid in _CID_RANGE.findall(body):
                for offset in range(int(high, 16) - int(low, 16) + 1):
                    found[int(low, 16) + offset] = int(cid) + offset
    return found


def _glyph_ids(font: Any, data: bytes) -> list[int]:
    """The glyphs ``data`` draws in a composite font with two-byte codes (as the renderer
    writes every TrueType font); [] for any other font, whose codes are not glyphs."""
    if font.get("/Subtype") != "/Type0":
        return []
    codes = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
    encoding = font.get("/Encoding")
    if encoding == "/Identity-H":
        cids = codes
    elif encoding is not None and hasattr(encoding.get_object(), "get_data"):
        table = _cid_map(encoding.get_object().get_data())
        cids = [table.get(code, 0) for code in codes]  # a code the CMap lacks draws .notdef
    else:
        return []
    mapping = font["/DescendantFonts"][0].get_object().get("/CIDToGIDMap")
    if mapping is None or mapping == "/Identity":
        return cids
    gids = mapping.get_object().get_data()
    return [int.from_bytes(gids[2 * cid : 2 * cid + 2], "big") for cid in cids]


def _drawn_strings(operands: list[Any], operator: bytes) -> list[Any]:
    if operator in (b"Tj", b"'"):
        return operands[:1]
    if operator == b'"':
        return operands[2:3]
    if operator == b"TJ":
        return [item for item in operands[0] if not isinstance(item, int | float)]
    return []


def _string_bytes(value: Any) -> bytes:
    original = getattr(value, "original_bytes", None)
    return bytes(original if original is not None else value)


def notdef_fonts(path: Path) -> list[str]:
    """The fonts of a PDF in which a page draws glyph 0, ``.notdef``: a box, not a letter."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    found: list[str] = []
    for page in reader.pages:
        contents = page.get_contents()
        if contents is not None:
            _scan_notdef(reader, contents, page.get("/Resources"), set(), found)
    return found


def _scan_notdef(
    reader: Any, content: Any, resources: Any, seen: set[int], found: list[str]
) -> None:
    """Add to ``found`` each font that draws glyph 0 in ``content`` or the forms it draws."""
    from pypdf.generic import ContentStream

    fonts = resources.get("/Font", {}) if resources else {}
    objects = resources.get("/XObject", {}) if resources else {}
    font: Any = None
    stream = content if isinstance(content, ContentStream) else ContentStream(content, reader)
    for operands, operator in stream.operations:
        if operator == b"Tf":
            font = fonts[operands[0]].get_object() if operands[0] in fonts else None
        elif operator == b"Do" and operands[0] in objects:
            form = objects[operands[0]]
            if id(form.get_object()) in seen or form.get_object().get("/Subtype") != "/Form":
                continue
            seen.add(id(form.get_object()))
            form = form.get_object()
            _scan_notdef(reader, form, form.get("/Resources") or resources, seen, found)
        elif font is not None:
            for value in _drawn_strings(operands, operator):
                if 0 in _glyph_ids(font, _string_bytes(value)):
                    name = str(font.get("/BaseFont", "?")).lstrip("/")
                    if name not in found:
                        found.append(name)


def check_outputs(
    outputs: dict[str, Path],
    messages: list[str],
    language: Language,
    shown: dict[str, str],
) -> list[Finding]:
    """Check one language's published files against its translated message texts."""
    findings: list[Finding] = []
    for fmt, path in outputs.items():
        where = shown[fmt]
        pages: list[str] | None = None
        looked_for = messages
        if fmt == "html":
            text, attrs = html_text(path.read_text("utf-8"))
            if attrs.get("lang") != language.tag or attrs.get("dir") != language.direction:
                findings.append(
                    Finding(
                        where,
                        0,
                        ERROR,
                        "html-lang",
                        f"<html> has lang={attrs.get('lang')!r} dir={attrs.get('dir')!r}; "
                        f"expected {language.tag!r} and {language.direction!r}",
                    )
                )
        elif fmt == "epub":
            text = epub_text(path)
        else:
            pages, boxed = pdf_scan(path)
            text = "\n".join(pages)
            for font in boxed:
                findings.append(
                    Finding(
                        where,
                        0,
                        ERROR,
                        "font-coverage",
                        f"a missing glyph (.notdef, drawn as a box) in the embedded font {font}",
                    )
                )
            for token in broken_tokens(messages, text):
                findings.append(
                    Finding(
                        where,
                        0,
                        ERROR,
                        "protected-text",
                        f"{token!r} is hyphenated or broken at its own hyphen in the PDF's text",
                    )
                )
            layer, read = text_layer_findings(path, messages, where)
            findings += layer
            looked_for = [message for message in messages if message not in read]
        missing = missing_texts(looked_for, text, pages)
        if fmt == "pdf" and language.direction == "rtl":
            missing = reading_order.missing_right_to_left(missing, text)
        for message in missing:
            findings.append(
                Finding(
                    where,
                    0,
                    ERROR,
                    "output-text",
                    f"translated text missing from the output: {message[:60]!r}",
                )
            )
    return findings
