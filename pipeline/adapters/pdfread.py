"""Adapter for reading built PDFs: PDF file -> the text of each page, and the fonts that
draw glyph 0 (``.notdef``, a box where a letter should be).

The text comes from PDFium (pypdfium2), the engine of Chromium's viewer, which reads a
page in about a millisecond; the glyphs from qpdf (pikepdf), which parses content
streams in C++. Both libraries are imported inside the functions, and only here and in
``render/pdfua``.
"""

from __future__ import annotations

import re
import sys
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def page_texts(path: Path) -> list[str]:
    """The text of each page of the PDF at ``path``, in its reading order."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


_CID_CHAR = re.compile(rb"<([0-9a-fA-F]{4})>\s*(\d+)")
_CID_RANGE = re.compile(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]{4})>\s*(\d+)")
_SECTION = re.compile(rb"begincid(char|range)(.*?)endcid\1", re.S)


def cid_map(cmap: bytes) -> dict[int, int]:
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


@dataclass(frozen=True)
class _Glyphs:
    """How one font's two-byte codes become glyph numbers (``None``: codes are no glyphs)."""

    name: str
    cids: dict[int, int] | None  # None: Identity-H, the code is the CID
    gids: bytes | None  # CIDToGIDMap; None: the CID is the glyph

    def draws_notdef(self, data: bytes) -> bool:
        codes = array("H", data[: len(data) // 2 * 2])
        if sys.byteorder == "little":
            codes.byteswap()  # the codes are big-endian
        cids = set(codes)
        if self.cids is not None:
            if not cids <= self.cids.keys():
                return True  # a code the CMap lacks draws .notdef
            cids = {self.cids[code] for code in cids}
        if self.gids is None:
            return 0 in cids
        gids = self.gids
        return any(gids[2 * cid : 2 * cid + 2] in (b"\0\0", b"\0", b"") for cid in cids)


def _glyphs(font: Any) -> _Glyphs | None:
    """The code-to-glyph reading of a composite font with two-byte codes (as the renderer
    writes every TrueType font); None for any other font, whose codes are not glyphs."""
    import pikepdf

    if font.get("/Subtype") != "/Type0":
        return None
    encoding = font.get("/Encoding")
    if encoding == "/Identity-H":
        cids = None
    elif isinstance(encoding, pikepdf.Stream):
        cids = cid_map(encoding.read_bytes())
    else:
        return None
    mapping = font.DescendantFonts[0].get("/CIDToGIDMap")
    gids = mapping.read_bytes() if isinstance(mapping, pikepdf.Stream) else None
    return _Glyphs(str(font.get("/BaseFont", "/?")).lstrip("/"), cids, gids)


def _drawn_strings(operands: Any, operator: str) -> list[Any]:
    import pikepdf

    if operator in ("Tj", "'"):
        return list(operands[:1])
    if operator == '"':
        return list(operands[2:3])
    if operator == "TJ":
        return [item for item in operands[0] if isinstance(item, pikepdf.String)]
    return []


# The operators the scan looks at: qpdf leaves out the others while it parses.
_SCANNED = "Tf Tj TJ ' \" Do"


def notdef_fonts(path: Path) -> list[str]:
    """The fonts of a PDF in which a page, or a form it draws, draws glyph 0."""
    import pikepdf

    found: list[str] = []
    readings: dict[tuple[int, int], _Glyphs | None] = {}
    seen: set[tuple[int, int]] = set()

    def scan(content: Any, resources: Any) -> None:
        fonts = resources.get("/Font", {}) if resources is not None else {}
        objects = resources.get("/XObject", {}) if resources is not None else {}
        glyphs: _Glyphs | None = None
        for instruction in pikepdf.parse_content_stream(content, _SCANNED):
            operands, name = instruction.operands, str(instruction.operator)
            if name == "Tf":
                font = fonts.get(str(operands[0])) if operands else None
                if font is None:
                    glyphs = None
                    continue
                key = font.objgen
                if key not in readings or key == (0, 0):
                    readings[key] = _glyphs(font)
                glyphs = readings[key]
            elif name == "Do" and str(operands[0]) in objects:
                form = objects[str(operands[0])]
                if form.objgen in seen or form.get("/Subtype") != "/Form":
                    continue
                seen.add(form.objgen)
                scan(form, form.get("/Resources", resources))
            elif glyphs is not None and glyphs.name not in found:
                # Each string is whole codes: joined, they are read in one pass.
                drawn = b"".join(bytes(value) for value in _drawn_strings(operands, name))
                if drawn and glyphs.draws_notdef(drawn):
                    found.append(glyphs.name)

    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            scan(page, page.obj.get("/Resources"))
    return found
