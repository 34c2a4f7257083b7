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

from pipeline.adapters import pdfread
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
    return pdfread.page_texts(path)


def notdef_fonts(path: Path) -> list[str]:
    """The fonts of a PDF in which a page draws glyph 0, ``.notdef``: a box, not a letter."""
    return pdfread.notdef_fonts(path)


def pdf_scan(path: Path) -> tuple[list[str], list[str]]:
    """The text of each page of a PDF and the fonts that draw ``.notdef`` (see ``notdef_fonts``)."""
    return pdf_pages(path), notdef_fonts(path)


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


def broken_tokens(messages: Iterable[str], text: str, right_to_left: bool = False) -> list[str]:
    """The addresses, URLs, handles and identifiers of ``messages`` not whole in ``text``
    (in a right-to-left edition, in any of the orders its text layer may give them: see
    :func:`reading_order.token_readings`)."""
    broken: list[str] = []
    for message in messages:
        for token in tokens(message):
            readings = reading_order.token_readings(token) if right_to_left else [token]
            if token not in broken and not any(_whole(read).search(text) for read in readings):
                broken.append(token)
    return broken


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
            rtl = language.direction == "rtl"
            for token in broken_tokens(messages, text, rtl):
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
