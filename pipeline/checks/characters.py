"""One translated entry -> findings about its characters: controls, bidi, invisibles.

Pure. Applies to every catalog, document and page labels alike. A control character
or noncharacter is an error (``control-character``): it is not text, and XML cannot
hold most of them, so an EPUB would be broken. Bidi embeddings and overrides, and
isolates without their pair, are errors (``invisible-character``): they make a reader
see other text than the reviewer approved ("Trojan Source"). Zero-width and other
invisible format characters are warnings, unless the script around them needs them
(joiners in Persian or Devanagari, in emoji sequences; direction marks in a language
written right to left) or the source has them too.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.catalogs.model import Entry
from pipeline.core.languages import Language
from pipeline.core.untrusted import character_problems


def character_checks(entry: Entry, language: Language) -> Iterator[tuple[str, str, str]]:
    """(severity, code, message) for each kind of unwanted character in the msgstr."""
    for problem in character_problems(entry.msgstr, entry.msgid, language.direction == "rtl"):
        yield problem.severity, problem.code, problem.message
