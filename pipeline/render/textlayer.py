"""A PDF text layer that reads as the text: /ActualText on the clusters a font map cannot say.

WeasyPrint writes one ToUnicode entry per glyph, taken from the first place the glyph
is drawn. A cluster that needs several glyphs (a Devanagari vowel sign drawn before its
consonant, a conjunct, an Arabic letter drawn as a shape and its dots) therefore reads
wrongly: its text sticks to one of its glyphs, in drawing order, and that glyph reads
so everywhere. Search, copy and screen readers then get other words.

This module wraps WeasyPrint's ``draw_first_line`` (how it draws one line of text): for
each cluster whose glyphs do not map back to its text, the glyphs are drawn inside a
``/Span <</ActualText (text)>> BDC ... EMC`` marked-content sequence, which PDF readers
use instead of the glyphs' own map. The glyphs of such a cluster that the font's cmap
names (a consonant drawn inside a conjunct) get that character as their map entry
instead of the cluster's text or nothing, for readers that ignore /ActualText. A line
whose clusters all map back draws exactly as before, and a line of Latin, Greek or
Cyrillic text is not even looked at, so those documents are unchanged byte for byte.

/ActualText spans do not nest: a reader takes the inner text and loses the glyphs
drawn before it in the outer one. A run that ``render/pdfhooks`` gives an /ActualText
of its own (the text around a line break) therefore gets no spans here; that text
already says what the whole run reads (its glyphs are still named as below).

The wrapper depends on the structure of ``draw_first_line`` in the WeasyPrint versions
of :data:`SUPPORTED`: with another version it is not installed (the ``text-layer``
check then still reports a wrong text layer), and a test fails so that it is reviewed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

# The WeasyPrint versions whose draw_first_line this wrapper was written against.
SUPPORTED = ("70.0",)

# Characters outside Latin, Greek, Cyrillic (their precomposed letters, not their
# combining marks), punctuation and symbols: a line without any is drawn as it was.
_COMPLEX = re.compile(
    "[^\u0000-\u02ff\u0370-\u0482\u048a-\u052f\u1e00-\u1fff\u2000-\u20cf\u2100-\u2bff]"
)
_TOKEN = re.compile(r"<([0-9a-fA-F]*)>|([^<>\s]+)")
# Set on a content stream while it draws inside an /ActualText of its own (see covered).
_COVERED = "pipeline_actual_text_open"


@dataclass(frozen=True)
class _Glyph:
    """One drawn glyph: the cluster it belongs to, that cluster's text and size, its font."""

    glyph: int
    cluster: tuple[int, int]  # the item's offset and the cluster's start in it
    text: str
    size: int  # how many glyphs the cluster draws
    pango_font: Any
    rtl: bool


def supported() -> bool:
    """Whether the installed WeasyPrint is one this module knows how to wrap."""
    import weasyprint

    return str(weasyprint.__version__) in SUPPORTED


def install() -> bool:
    """Wrap WeasyPrint's line drawing once; return whether the wrapper is in place."""
    from weasyprint.draw import text as draw_text

    if getattr(draw_text.draw_first_line, "actual_text", False):
        return True
    if not supported():
        return False
    original = draw_text.draw_first_line

    def draw_first_line(
        stream: Any, textbox: Any, text_overflow: Any, block_ellipsis: Any, matrix: Any
    ) -> Any:
        return _draw(original, stream, textbox, text_overflow, block_ellipsis, matrix)

    draw_first_line.actual_text = True  # type: ignore[attr-defined]
    draw_first_line.original = original  # type: ignore[attr-defined]
    draw_text.draw_first_line = draw_first_line
    return True


@contextmanager
def covered(stream: Any) -> Iterator[None]:
    """Draw the lines in this block without spans: an enclosing /ActualText gives their text."""
    setattr(stream, _COVERED, True)
    try:
        yield
    finally:
        delattr(stream, _COVERED)


def _draw(
    original: Callable[..., Any],
    stream: Any,
    textbox: Any,
    text_overflow: Any,
    block_ellipsis: Any,
    matrix: Any,
) -> Any:
    """Draw one line with ``original``, splitting its glyph strings at complex clusters."""
    layout = textbox.pango_layout
    if not _COMPLEX.search(layout.text):
        return original(stream, textbox, text_overflow, block_ellipsis, matrix)
    line = _Line(stream, stream.show_text, layout, getattr(stream, _COVERED, False))
    get_first_line = layout.get_first_line

    def first_line() -> Any:
        found, index = get_first_line()
        line.line = found
        return found, index

    layout.get_first_line = first_line
    stream.show_text = line.show
    try:
        return original(stream, textbox, text_overflow, block_ellipsis, matrix)
    finally:
        del layout.get_first_line
        del stream.show_text
        line.close()


def _line_glyphs(line: Any, text: str) -> list[_Glyph]:
    """The glyphs of ``line`` in the order WeasyPrint draws them, each with its cluster."""
    from weasyprint.text.ffi import ffi, pango

    utf8 = text.encode()
    glyphs: list[_Glyph] = []
    run = line.runs[0]
    while run != ffi.NULL:
        item = run.data.item
        string = run.data.glyphs
        run = run.next
        count = string.num_glyphs
        starts = [string.log_clusters[i] for i in range(count)]
        rtl = bool(item.analysis.level % 2)
        end = _cluster_ends(starts, item.length)
        drawn = [i for i in range(count) if string.glyphs[i].glyph != pango.PANGO_GLYPH_EMPTY]
        sizes: dict[int, int] = {}
        for i in drawn:
            sizes[starts[i]] = sizes.get(starts[i], 0) + 1
        for i in drawn:
            glyph = string.glyphs[i].glyph
            first = starts[i]
            cluster = utf8[item.offset + first : item.offset + end[first]]
            unknown = bool(glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG)
            glyphs.append(
                _Glyph(
                    glyph,
                    (item.offset, first),
                    cluster.decode(errors="replace"),
                    0 if unknown else sizes[first],
                    item.analysis.font,
                    rtl,
                )
            )
    return glyphs


def _cluster_ends(starts: list[int], length: int) -> dict[int, int]:
    """For each cluster start (a byte offset in the item), where the cluster ends.

    An Arabic or Hebrew vowel mark the shaper keeps apart from its letter is a cluster of
    its own: its glyph names it, and readers place it by position. Given the text of its
    letter as one /ActualText, PDFium (Chromium's viewer) read the letters of the word
    out of order ("أسرّة" as "رسأّة"), and poppler the mark before its letter.
    """
    ordered = sorted(set(starts))
    return dict(zip(ordered, [*ordered[1:], length], strict=True))


class _Line:
    """The glyph strings of one line as they are drawn, and the span open among them (a
    cluster's glyphs may come in several strings, when one is raised or lowered)."""

    def __init__(
        self, stream: Any, show_text: Callable[[str], None], layout: Any, covered: bool
    ) -> None:
        self.stream = stream
        self.covered = covered  # inside an /ActualText already: name glyphs, open no span
        self.show_text = show_text
        self.layout = layout
        self.line: Any = None
        self.glyphs: list[_Glyph] | None = None
        self.at = 0  # the index of the next glyph to draw
        self.span: tuple[int, int] | None = None  # the cluster of the open span
        self.pieces: list[str] = []
        self.spanned: set[tuple[int, int]] = set()  # the clusters whose text is given
        self.fonts: dict[Any, Any] = {}

    def show(self, string: str) -> None:
        """Draw ``string`` (glyph codes and adjustments, for ``TJ``), in spans as needed."""
        if self.glyphs is None:
            self.glyphs = [] if self.line is None else _line_glyphs(self.line, self.layout.text)
        if self.at >= len(self.glyphs):
            self.close()
            self.show_text(string)
            return
        stream, glyphs = self.stream, self.glyphs
        tokens = _TOKEN.findall(string)
        count = sum(len(code) for code, _ in tokens)
        width = 2 if self.font(glyphs[self.at]).bitmap else 4
        drawn = glyphs[self.at : self.at + count // width]
        self.at += len(drawn)
        if self.covered:
            if len(drawn) * width == count:
                _needs_spans(self.font, drawn)
            self.show_text(string)
            return
        if len(drawn) * width != count or (
            self.span is None and not _needs_spans(self.font, drawn)
        ):
            self.close()
            self.show_text(string)
            return
        index = 0
        for code, number in tokens:
            if number or not code:  # an adjustment, or an empty string between two
                self.pieces.append(number or "<>")
                continue
            for start in range(0, len(code), width):
                glyph = drawn[index]
                index += 1
                cluster = glyph.cluster if _spanned(self.font, glyph) else None
                if cluster != self.span:
                    self.close()
                    if cluster is not None:
                        # The rest of a cluster whose text an earlier span gave: nothing.
                        _begin_span(stream, "" if cluster in self.spanned else glyph.text)
                        self.spanned.add(cluster)
                    self.span = cluster
                self.pieces.append(f"<{code[start : start + width]}>")
        self._flush()

    def font(self, glyph: _Glyph) -> Any:
        """The font ``glyph`` is drawn with (the line has already added it)."""
        font = self.fonts.get(glyph.pango_font)
        if font is None:
            font = self.fonts[glyph.pango_font] = self.stream.add_font(glyph.pango_font)[0]
        return font

    def _flush(self) -> None:
        if self.pieces:
            self.show_text("".join(self.pieces))
            self.pieces.clear()

    def close(self) -> None:
        """Draw what is pending and end the open span."""
        self._flush()
        if self.span is not None:
            self.stream.end_marked_content()
            self.span = None


def _begin_span(stream: Any, text: str) -> None:
    import pydyf

    stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))


def _needs_spans(font: Callable[[_Glyph], Any], drawn: list[_Glyph]) -> bool:
    needed = False
    for glyph in drawn:
        if glyph.size > 1:
            _name_glyph(font(glyph), glyph.glyph)
            needed = True
    return needed or any(_spanned(font, glyph) for glyph in drawn)


def _spanned(font: Callable[[_Glyph], Any], glyph: _Glyph) -> bool:
    """Whether ``glyph``'s cluster must carry its text: it draws several glyphs, or its
    one glyph's map entry says something else (not merely other white space), or it is
    right-to-left and its one glyph stands for several characters (a lam-alef), which
    readers put in reverse order."""
    if glyph.size != 1:
        return glyph.size > 1
    if glyph.rtl and len(glyph.text) > 1:
        return True
    mapped = font(glyph).to_unicode.get(glyph.glyph)
    return mapped != glyph.text and not (mapped and mapped.isspace() and glyph.text.isspace())


def _name_glyph(font: Any, glyph: int) -> None:
    """Map a glyph of a complex cluster to the character the font draws with it, if any."""
    character = _characters(font.hash, font.file_content).get(glyph)
    if character is not None:
        font.to_unicode[glyph] = character


_CHARACTERS: dict[str, dict[int, str]] = {}


def _characters(key: str, data: bytes) -> dict[int, str]:
    """Glyph id -> the one character the font's cmap draws with it (none if several)."""
    if key not in _CHARACTERS:
        _CHARACTERS[key] = _read_characters(data)
    return _CHARACTERS[key]


def _read_characters(data: bytes) -> dict[int, str]:
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(io.BytesIO(data), lazy=True, fontNumber=0)
        cmap = font.getBestCmap() or {}
        order = font.getGlyphOrder()
    except Exception:  # a font fontTools cannot read: keep the renderer's map
        return {}
    ids = {name: index for index, name in enumerate(order)}
    found: dict[int, list[int]] = {}
    for codepoint, name in cmap.items():
        if name in ids:
            found.setdefault(ids[name], []).append(codepoint)
    return {glyph: chr(points[0]) for glyph, points in found.items() if len(points) == 1}
