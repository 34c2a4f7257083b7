"""Cover image of an edition: an SVG in the publication's colours, one per language.

The text is drawn as outlines of the shipped typeface (:func:`pipeline.render.page.font_dir`):
an SVG shown as a book's cover image may load no font, and outlines look the same in
every reading system. A line with a character the typeface lacks, a combining mark it
would need to position, or right-to-left text is written as SVG text instead, in the
reading system's own fonts. The same inputs give the same bytes; nothing depends on
the clock.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pipeline.core.publication import Publication

WIDTH, HEIGHT = 1200, 1800
MARGIN = 96
BLUE, YELLOW, INK, PALE = "#003399", "#ffcc00", "#1b1b1f", "#dfe6f5"
_BAND = 1240  # where the blue band ends and the imprint begins


@dataclass(frozen=True)
class Colours:
    """The band, its rule and the subtitle's colour."""

    band: str = BLUE
    rule: str = YELLOW
    pale: str = PALE

    @staticmethod
    def of(publication: Publication) -> Colours:
        band, rule = publication.colour("accent"), publication.colour("highlight")
        return Colours(band, rule, PALE if band == BLUE else _mix(band, "#ffffff", 0.85))


def _mix(colour: str, other: str, share: float) -> str:
    """``colour`` with ``share`` of ``other`` mixed in (hex colours, 3 or 6 digits)."""

    def channels(value: str) -> list[int]:
        digits = value[1:] if len(value) == 7 else "".join(c * 2 for c in value[1:])
        return [int(digits[i : i + 2], 16) for i in (0, 2, 4)]

    mixed = [
        round(a + (b - a) * share) for a, b in zip(channels(colour), channels(other), strict=True)
    ]
    return "#" + "".join(f"{value:02x}" for value in mixed)


@dataclass(frozen=True)
class Cover:
    """What a cover shows, already translated."""

    title: str
    subtitle: str
    kind: str  # the document kind label: "Factsheet"
    publisher: str
    direction: str = "ltr"
    colours: Colours = Colours()


@dataclass(frozen=True)
class _Style:
    size: float
    bold: bool
    fill: str
    tracking: float = 0.0  # extra space between letters, in ems


def cover_svg(cover: Cover, font_file: Path) -> bytes:
    """The cover as SVG bytes (1200 × 1800, a 2:3 portrait)."""
    face = _Face(font_file)
    parts = [
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<rect width="{WIDTH}" height="{_BAND}" fill="{cover.colours.band}"/>',
        f'<rect y="{_BAND}" width="{WIDTH}" height="16" fill="{cover.colours.rule}"/>',
    ]
    y = 200.0
    label = _Style(44, True, cover.colours.rule, tracking=0.12)
    parts.append(face.line(_capitals(cover.kind), y, label, cover.direction))
    for size in (100, 92, 84, 76, 68, 60, 52):  # long text: smaller, not out of the band
        lines = _block(face, cover, size, y + 80)
        if not lines or lines[-1][1] <= _BAND - 60:
            break
    parts += [face.line(text, at, style, cover.direction) for text, at, style in lines]
    if cover.publisher:
        imprint = _Style(56, True, cover.colours.band)
        imprint_lines = face.wrap(cover.publisher, imprint)[:2]
        y = HEIGHT - MARGIN - 56 * 1.3 * (len(imprint_lines) - 1)
        for line in imprint_lines:
            parts.append(face.line(line, y, imprint, cover.direction))
            y += 56 * 1.3
    label_text = " — ".join(part for part in (cover.title, cover.subtitle) if part)
    body = "\n".join(parts)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img">\n'
        f"<title>{escape(label_text)}</title>\n{body}\n</svg>\n"
    )
    return svg.encode("utf-8")


def _block(face: _Face, cover: Cover, size: float, top: float) -> list[tuple[str, float, _Style]]:
    """The title's and subtitle's lines at title size ``size``: text, baseline, style.

    At the smallest size, lines that would leave the band are dropped, the last one
    kept ending in an ellipsis (the full title is the book's metadata and title page).
    """
    title = _Style(size, True, "#ffffff")
    subtitle = _Style(min(52, size * 0.6), False, cover.colours.pale)
    lines: list[tuple[str, float, _Style]] = []
    y = top
    for text in face.wrap(cover.title, title):
        y += size * 1.18
        lines.append((text, y, title))
    y += 50 if cover.subtitle else 0
    for text in face.wrap(cover.subtitle, subtitle):
        y += subtitle.size * 1.3
        lines.append((text, y, subtitle))
    fitting = [line for line in lines if line[1] <= _BAND - 60]
    if len(fitting) < len(lines) and size <= 52:
        text, at, style = fitting[-1]
        fitting[-1] = (text + " …", at, style)
        return fitting
    return lines


class _Face:
    """The typeface at the two weights the cover uses, measured and drawn."""

    def __init__(self, font_file: Path) -> None:
        self.font_file = font_file

    def advance(self, text: str, style: _Style) -> float:
        glyphs = _glyphs(self.font_file, style.bold)
        units = glyphs.units
        width = 0.0
        for char in text:
            name = glyphs.cmap.get(ord(char))
            width += glyphs.widths[name] if name else units * 0.55
            width += style.tracking * units
        return width * style.size / units

    def wrap(self, text: str, style: _Style) -> list[str]:
        """``text`` in lines that fit between the margins, broken at spaces."""
        lines: list[str] = []
        for word in unicodedata.normalize("NFC", text).split():
            candidate = f"{lines[-1]} {word}" if lines else word
            if lines and self.advance(candidate, style) <= WIDTH - 2 * MARGIN:
                lines[-1] = candidate
            else:
                lines.append(word)
        return lines

    def line(self, text: str, baseline: float, style: _Style, direction: str) -> str:
        glyphs = _glyphs(self.font_file, style.bold)
        if direction != "ltr" or not _drawable(text, glyphs.cmap):
            return _text_element(text, baseline, style, direction)
        from fontTools.pens.svgPathPen import SVGPathPen
        from fontTools.pens.transformPen import TransformPen

        pen = SVGPathPen(glyphs.glyph_set, ntos=_number)
        offset = 0.0
        for char in text:
            name = glyphs.cmap[ord(char)]
            glyphs.glyph_set[name].draw(TransformPen(pen, (1, 0, 0, 1, offset, 0)))
            offset += glyphs.widths[name] + style.tracking * glyphs.units
        scale = style.size / glyphs.units
        matrix = f"matrix({scale:.6g} 0 0 {-scale:.6g} {MARGIN} {_number(baseline)})"
        return f'<path fill="{style.fill}" transform="{matrix}" d="{pen.getCommands()}"/>'


def _capitals(text: str) -> str:
    """``text`` in capitals; Greek capitals drop their accents, as Greek typesetting does."""
    decomposed = unicodedata.normalize("NFD", text.upper())
    kept = [
        char
        for index, char in enumerate(decomposed)
        if not (char in _GREEK_ACCENTS and index and _is_greek(decomposed[index - 1]))
    ]
    return unicodedata.normalize("NFC", "".join(kept))


_GREEK_ACCENTS = {"\u0301", "\u0342", "\u0313", "\u0314", "\u0345"}


def _is_greek(char: str) -> bool:
    return "GREEK" in unicodedata.name(char, "")


def _drawable(text: str, cmap: dict[int, str]) -> bool:
    return all(
        ord(char) in cmap and not unicodedata.combining(char)
        and unicodedata.bidirectional(char) not in ("R", "AL")
        for char in text
    )  # fmt: skip


def _text_element(text: str, baseline: float, style: _Style, direction: str) -> str:
    x = WIDTH - MARGIN if direction == "rtl" else MARGIN
    anchor = ' text-anchor="end" direction="rtl"' if direction == "rtl" else ""
    weight = "bold" if style.bold else "normal"
    return (
        f'<text x="{x}" y="{_number(baseline)}" fill="{style.fill}" font-size="{style.size:g}" '
        f'font-weight="{weight}" font-family="\'Noto Sans\', sans-serif"{anchor}>'
        f"{escape(text)}</text>"
    )


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class _Glyphs:
    units: int
    cmap: dict[int, str]
    widths: dict[str, float]
    glyph_set: Any  # fontTools' glyph set at the weight: draws outlines, components included


@cache
def _glyphs(font_file: Path, bold: bool) -> _Glyphs:
    """The typeface's outlines and advances at weight 700 or 400 (read once per process)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(font_file), lazy=True)
    glyph_set = font.getGlyphSet(location={"wght": 700 if bold else 400, "wdth": 100})
    cmap: dict[int, str] = dict(font.getBestCmap())
    widths = {name: float(glyph_set[name].width) for name in set(cmap.values())}
    return _Glyphs(int(font["head"].unitsPerEm), cmap, widths, glyph_set)
