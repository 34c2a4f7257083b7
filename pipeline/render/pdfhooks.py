"""WeasyPrint hooks that give the tagged PDF what post-processing needs to repair it.

WeasyPrint's tagged output loses two things the PDF/UA repair in ``render/pdfua`` cannot
recover from the PDF alone:

- Which structure elements are pieces of one HTML element. A section, list or paragraph
  split by a page break, or a link or emphasis split by a line break, becomes one structure
  element per piece. While the tree is built, each element gets the number of its HTML
  element (``/PipelineNode``), its ``id`` and its ARIA ``role``; ``render/pdfua`` merges the
  pieces and removes these keys.
- What the text was around a line break. WeasyPrint draws the line without the space it
  broke at, and with U+2010 where it hyphenated, so extracted and spoken text reads
  ``andlearning`` and ``Bil‐ dung``. Each text run at a line end gets an ``/ActualText``
  that restores the space; where the break was inside a word (hyphenation, ``<wbr>``, a
  hyphen in the text) the whole word goes in the actual text of the first line, and the
  pieces of it on the next line get an actual text of one space (an empty one PDFium
  ignores, and would read the piece twice). Such a run's actual text
  stands for all of it, so ``render/textlayer`` opens no span of its own inside it
  (actual texts must not nest). A run with right-to-left letters gets none: readers
  spread an actual text over its glyphs from left to right and so read it backwards
  (pdftotext reads "قبل" as "لبق"); its line end still reads as a line break.

Only this module and ``render/pdf`` import WeasyPrint; the hooks are installed for one
``write_pdf`` call and removed after it.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pipeline.render import textlayer

AUTO_HYPHEN = "\u2010"  # WeasyPrint's default hyphenate-character
_SPACE = re.compile(r"[ \t\n\r\f]+")  # what CSS collapses, not NBSP


ZERO_WIDTH_SPACE = "\u200b"  # what WeasyPrint draws for <wbr>: nothing to read


def _collapsed(text: str) -> str:
    return _SPACE.sub(" ", text).replace(ZERO_WIDTH_SPACE, "")


def _drawn(run: Any) -> str:
    return str(run.text).replace(ZERO_WIDTH_SPACE, "")


def _plain(run: Any, texts: dict[int, str]) -> str:
    """The text a run stands for so far: its actual text, or what it draws."""
    drawn: str = run.text.replace(ZERO_WIDTH_SPACE, "")
    return texts.get(id(run), drawn)


def _right_to_left(run: Any) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in run.text)


def _source_text(element: Any) -> str:
    return _collapsed("".join(element.itertext())) if element is not None else ""


def _lines(box: Any, boxes: Any) -> Iterator[tuple[Any, list[Any]]]:
    """(block element, text boxes of one line) for every line, in document order."""
    if isinstance(box, boxes.MarginBox) or str(box.element_tag).endswith("::marker"):
        return  # running headers and footers become artifacts; a list marker is no line
    if isinstance(box, boxes.LineBox):
        runs: list[Any] = []

        def collect(child: Any) -> None:
            if isinstance(child, boxes.TextBox):
                runs.append(child)
            elif isinstance(child, boxes.InlineBox):
                for grandchild in child.children:
                    collect(grandchild)

        for child in box.children:
            collect(child)
        if runs:
            yield box.element, runs
        return
    for child in getattr(box, "children", ()):
        yield from _lines(child, boxes)


def actual_texts(document: Any) -> dict[int, str]:
    """``id(text box)`` -> the text it stands for, for the runs around each line break."""
    from weasyprint.formatting_structure import boxes

    by_element: dict[int, tuple[Any, list[list[Any]]]] = {}
    for page in document.pages:
        for element, runs in _lines(page._page_box, boxes):
            by_element.setdefault(id(element), (element, []))[1].append(runs)
    texts: dict[int, str] = {}
    for element, lines in by_element.values():
        source, cursor = _source_text(element), 0
        for line, following in itertools.pairwise(lines):
            # A <wbr> draws no glyph, and an actual text needs one to stand in for.
            # The last run that draws a glyph: not a <wbr>, whatever actual text it has.
            last = next((run for run in reversed(line) if _drawn(run)), line[-1])
            current = _plain(last, texts)
            drawn = "".join(run.text for run in line).replace(ZERO_WIDTH_SPACE, "")
            hyphenated = drawn.endswith(AUTO_HYPHEN)
            found = source.find(drawn[:-1] if hyphenated else drawn, cursor) if drawn else -1
            if found < 0:  # text-transform or generated text: assume the usual space
                if not _right_to_left(last):
                    texts[id(last)] = current + " "
                continue
            cursor = found + len(drawn) - hyphenated
            if hyphenated and source.startswith(AUTO_HYPHEN, cursor):
                hyphenated = False  # the text has the hyphen itself
                cursor += 1
            if hyphenated:
                current = current[:-1]
            if cursor >= len(source) or source[cursor] == " ":
                if not _right_to_left(last):
                    texts[id(last)] = current + " "
                continue
            word = ""  # the rest of the word: the start of the next line, up to a space
            pieces: list[tuple[Any, str]] = []
            for run in following:
                head, space, rest = _plain(run, texts).partition(" ")
                word += head
                pieces.append((run, space + rest))
                if space:
                    break
            pieces.append((last, current + word))
            # A right-to-left run whose text stays as drawn needs no actual text.
            changed = [(run, text) for run, text in pieces if text != _plain(run, texts)]
            if not any(_right_to_left(run) for run, _ in changed):
                keep = [(run, text) for run, text in pieces if not _right_to_left(run)]
                texts.update((id(run), text) for run, text in keep)
    return texts


@contextmanager
def installed(document: Any) -> Iterator[None]:
    """Record HTML elements on structure elements and actual texts on line-end runs."""
    import pydyf
    from weasyprint.pdf import stream, tags

    texts = actual_texts(document)
    numbers: dict[int, int] = {}
    build_tree, marked = tags._build_box_tree, stream.Stream.marked

    def build(box: Any, parent: Any, *rest: Any) -> Iterator[Any]:
        element = getattr(getattr(box, "_box", box), "element", None)
        for built in build_tree(box, parent, *rest):
            if element is not None and "PipelineNode" not in built:
                built["PipelineNode"] = numbers.setdefault(id(element), len(numbers))
                for attribute, key in (("id", "PipelineId"), ("role", "PipelineRole")):
                    if value := element.get(attribute):
                        built[key] = pydyf.String(value)
            yield built

    @contextmanager
    def marked_with_text(self: Any, box: Any, tag: str) -> Iterator[None]:
        text = texts.get(id(box))
        if text is None or self._tags is None:
            with marked(self, box, tag):
                yield
            return
        mcid = len(self._tags)
        self._tags[box] = {"tag": tag, "mcid": mcid}
        # Never empty: PDFium (Chromium's viewer) ignores an empty actual text, and so
        # would read the piece twice; a lone space it reads as nothing.
        actual = pydyf.String(text or " ")
        properties = pydyf.Dictionary({"MCID": mcid, "ActualText": actual})
        pydyf.Stream.begin_marked_content(self, tag, properties)
        try:
            with textlayer.covered(self):
                yield
        finally:
            pydyf.Stream.end_marked_content(self)

    tags._build_box_tree, stream.Stream.marked = build, marked_with_text
    try:
        yield
    finally:
        tags._build_box_tree, stream.Stream.marked = build_tree, marked
