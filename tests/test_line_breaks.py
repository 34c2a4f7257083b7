"""A line ends at its last break opportunity that fits, not at its first one.

WeasyPrint measures a run of text together with the space that ends it. When the run is
followed by an inline element (``Schulungen, <em>...``) and fits only without that
space, it took the run for one unbreakable word and broke after the run's first word:
"eine" alone on a line, the rest on the next. Real WeasyPrint with the shipped typeface
at widths around the factsheet's text column; poppler's pdftotext reads the lines.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pipeline.render import fonts, linefit, pdf

ITEM = (
    "<li>eine Aufforderung zur Einreichung von Vorschlägen für Schulungen, "
    '<em><span lang="en">Ensuring the reliability of and trust in the quality of research'
    " ethics expertise</span></em> (Gewährleistung der Zuverlässigkeit)</li>"
)


def _document(widths: list[float]) -> str:
    faces = "".join(
        f'@font-face {{ font-family: "Body"; font-style: {style}; src: url("{path.as_uri()}"); }}'
        for path in fonts.shipped_files(fonts.MAIN)
        for style in ["italic" if "Italic" in path.name else "normal"]
    )
    sections = "".join(
        f'<section style="width: {width:.2f}mm"><ul>{ITEM}</ul></section>' for width in widths
    )
    return (
        f'<html lang="de"><head><meta charset="utf-8"><style>{faces}'
        "@page { size: A4; margin: 14mm 18mm; }"
        'body { margin: 0; font-family: "Body"; font-size: 10pt; line-height: 1.38; }'
        "ul { padding-inline-start: 1.4em; margin: 0 0 1em; }"
        "li { hyphens: auto; hyphenate-limit-chars: 7 3 3; hyphenate-limit-zone: 15%; }"
        f"</style></head><body>{sections}</body></html>"
    )


@pytest.mark.hostile
def test_a_run_before_an_inline_element_breaks_at_its_last_opportunity(tmp_path: Path) -> None:
    assert linefit.supported(), "review render/linefit.py against this WeasyPrint"
    # Every 0.05 mm around the 118 mm column: one of them is where the run fits only
    # without its final space.
    widths = [116.5 + step * 0.05 for step in range(60)]
    output = tmp_path / "lines.pdf"
    allowed = [tmp_path, fonts.shipped_files(fonts.MAIN)[0].parent]
    pdf.write_pdf(_document(widths), output, tmp_path, allowed, b"0" * 16)
    text = subprocess.run(
        ["pdftotext", str(output), "-"], capture_output=True, text=True, check=True
    ).stdout
    firsts = [line.split() for line in text.splitlines() if line.startswith("• eine")]
    assert len(firsts) == len(widths)
    # Each item's first line holds the words up to "Schulungen," (or part of it).
    assert [words for words in firsts if len(words) < 3] == []
