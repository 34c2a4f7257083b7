"""Built PDF + translated texts -> findings: the PDF's text layer in complex scripts.

The ``output-text`` check compares letters and digits only, so a vowel sign or a dot
that the text layer loses or moves (Hindi "संपर्क" read as "संपिकर्क", Arabic "الغرض"
as "الضرض") passes it. Here each translated text that has such characters (combining
marks, or letters of the joining scripts) must be found in the text poppler's
``pdftotext`` reads from the PDF, which is also what most viewers on Linux read, with
its vowel signs and marks, in its order. Formatting controls (direction marks,
zero-width joiners), spacing and punctuation, Arabic vowel marks, lam and alef do not
count: poppler writes them its own way whatever the PDF says.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from pipeline.checks.textsearch import missing_texts
from pipeline.core.findings import ERROR, INFO, Finding

# Scripts whose letters join and change shape: Arabic (with its supplements and
# presentation forms), Syriac, Thaana, NKo, Mandaic.
_JOINING = re.compile("[\u0600-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
# Arabic vowel and reading marks: poppler puts each on either side of its letter.
_HARAKAT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u08d3-\u08ff]")
# A lam-alef is one glyph; in a right-to-left line poppler reads it as alef then lam,
# whatever the PDF says. Lam and the alefs are left out of the comparison: no rewriting
# of one order into the other holds where a text ends in lam and the next begins with
# alef.
_LAM_ALEF = re.compile("[\u0644\u0622\u0623\u0625\u0627]")


def complex_text(text: str) -> bool:
    """Whether ``text`` has characters a glyph-by-glyph text layer gets wrong."""
    return bool(_JOINING.search(text)) or any(
        unicodedata.category(ch) in ("Mn", "Mc") for ch in text
    )


def letters(text: str) -> str:
    """The letters, marks and digits of ``text`` in their order (NFC, case-folded)."""
    kept = "".join(
        ch
        for ch in _HARAKAT.sub("", unicodedata.normalize("NFC", text))
        if unicodedata.category(ch)[0] in "LMN"
    )
    return _LAM_ALEF.sub("", kept.casefold())


@cache
def pdftotext() -> str | None:
    return shutil.which("pdftotext")


def layer_pages(path: Path) -> list[str] | None:
    """The text of each page as poppler reads it; None without ``pdftotext``."""
    command = pdftotext()
    if command is None:
        return None
    done = subprocess.run(
        [command, "-q", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=False
    )
    return done.stdout.decode("utf-8", errors="replace").split("\f")


def text_layer_findings(
    path: Path, messages: Iterable[str], where: str
) -> tuple[list[Finding], list[str]]:
    """A finding for each complex-script message the PDF's text layer does not read, and
    the messages looked for (the ``output-text`` check, whose reader does not know
    /ActualText, leaves those to this one).
    """
    wanted = [message for message in messages if complex_text(message)]
    if not wanted:
        return [], []
    pages = layer_pages(path)
    if pages is None:
        note = "pdftotext (poppler) is not installed; the text layer was not checked"
        return [Finding(where, 0, INFO, "text-layer", note)], []
    missing = missing_texts(wanted, "\n".join(pages), pages, letters)
    findings = [
        Finding(
            where,
            0,
            ERROR,
            "text-layer",
            f"the PDF's text layer does not read as the translation: {message[:60]!r}",
        )
        for message in missing
    ]
    return findings, wanted
