"""The measure of a built PDF: how many characters the lines of its body text hold.

Reads the word boxes poppler's ``pdftotext -bbox-layout`` finds. Body text is the text
set in the size most of the document's lines have (so headings, tables, notes and the
running header and footer are left out); a paragraph's last line is short by nature and
is not counted. A line's characters are its words joined by single spaces.

    python tests/measure.py outputs   # per edition: average, longest, pages, hyphenation
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

_NS = "{http://www.w3.org/1999/xhtml}"
HYPHEN = "\u2010"  # the hyphen WeasyPrint sets where it hyphenates (hyphenate-character)


@dataclass(frozen=True)
class Measure:
    lines: int  # full lines of body text
    average: float  # characters per line
    longest: int
    pages: int
    hyphenated: int  # lines of body text that end in a hyphenation
    ladder: int  # the most hyphenated lines in a row


def _lines(pdf: Path) -> tuple[list[list[tuple[float, str]]], int]:
    """Per text block, its lines as (height, text); and the number of pages."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    root = etree.fromstring(xml, etree.XMLParser(recover=True, huge_tree=True))
    blocks = []
    for block in root.iter(f"{_NS}block"):
        lines = []
        for line in block.iter(f"{_NS}line"):
            words = [word.text or "" for word in line.iter(f"{_NS}word")]
            height = round(float(line.get("yMax", 0)) - float(line.get("yMin", 0)), 1)
            lines.append((height, " ".join(words)))
        blocks.append(lines)
    return blocks, len(list(root.iter(f"{_NS}page")))


def measure(pdf: Path) -> Measure:
    """The measure of ``pdf``'s body text (full lines only)."""
    blocks, pages = _lines(pdf)
    heights = Counter(height for lines in blocks for height, _ in lines)
    body = heights.most_common(1)[0][0]
    full = [
        len(text)
        for lines in blocks
        for height, text in lines[:-1]  # a paragraph's last line is short by nature
        if abs(height - body) < 0.5
    ]
    hyphenated, ladder = 0, 0
    for lines in blocks:
        run = 0
        for height, text in lines:
            broken = abs(height - body) < 0.5 and text.endswith(HYPHEN)
            run = run + 1 if broken else 0
            hyphenated += broken
            ladder = max(ladder, run)
    return Measure(len(full), statistics.fmean(full), max(full), pages, hyphenated, ladder)


def main(argv: list[str]) -> int:
    outputs = Path(argv[1] if len(argv) > 1 else "outputs")
    for pdf in sorted(outputs.glob("*/*.pdf")):
        found = measure(pdf)
        print(
            f"{pdf.parent.name:3} {pdf.stem}: {found.average:5.1f} characters a line "
            f"(longest {found.longest}, {found.lines} lines, {found.pages} pages, "
            f"{found.hyphenated} hyphenated, at most {found.ladder} in a row)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
