"""A right-to-left PDF's text against its translation, in the order the text layer keeps.

Pure: texts in, texts out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Letters and digits only, casefolded: as the output checks compare texts (outputs.py).
_NOT_TEXT = re.compile(r"[\W_]+", re.UNICODE)
# A stretch of digits or of left-to-right letters inside right-to-left text.
_LTR_STRETCH = re.compile(r"[0-9A-Za-z\u00c0-\u024f]+(?:[\W_]+[0-9A-Za-z\u00c0-\u024f]+)*")
_LTR_WORD = re.compile(r"[0-9A-Za-z\u00c0-\u024f]+")


def missing_right_to_left(messages: Iterable[str], text: str) -> list[str]:
    """Of ``messages`` not found whole in ``text`` (a right-to-left edition's PDF), those
    still missing when each stretch of digits or Latin letters, and each stretch of the
    text between them, is looked for on its own.

    A PDF draws a line in visual order; its text layer, read back without the
    bidirectional algorithm, may put "21" in "...  21 ..." before or after the
    words around it, and a reader that applies it word by word (PDFium) reads
    "https://example.org" as "org.example://https". Each right-to-left stretch keeps
    its own order, and each word of a left-to-right one its own: that is what is
    checked.
    """
    haystack = squeeze(text)
    missing = []
    for message in messages:
        stretches = [piece for part in _LTR_STRETCH.split(message) if (piece := squeeze(part))]
        stretches += [squeeze(word) for word in _LTR_WORD.findall(message)]
        if any(stretch not in haystack for stretch in stretches):
            missing.append(message)
    return missing


def squeeze(text: str) -> str:
    return _NOT_TEXT.sub("", text).casefold()


_WORDS = re.compile(r"([\W_]+)")


def token_readings(token: str) -> list[str]:
    """The orders a right-to-left PDF's text layer may give a left-to-right token in:
    as written, or with its words reversed, as PDFium reads "press@example.org" in
    Hebrew text ("org.example@press")."""
    return [token, "".join(reversed(_WORDS.split(token)))]
