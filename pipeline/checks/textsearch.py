"""Translated texts + the text read from an output -> the texts not found in it.

Pure: the comparison the ``output-text`` and ``text-layer`` checks share. A text may run
from one page over the next, with a running header and footer between.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_NOT_TEXT = re.compile(r"[\W_]+", re.UNICODE)


def squeeze(text: str) -> str:
    """Letters and digits only: hyphenation, line breaks and spacing cannot differ."""
    return _NOT_TEXT.sub("", text).casefold()


def missing_texts(
    messages: Iterable[str],
    text: str,
    pages: list[str] | None = None,
    key: Callable[[str], str] = squeeze,
) -> list[str]:
    """The messages not found in ``text``; with ``pages``, a message may also run on
    from one page to the next (the running header and footer come between). ``key``
    says what of a text is compared."""
    haystack = key(text)
    missing = [message for message in messages if key(message) not in haystack]
    if pages and missing:
        squeezed = [key(page) for page in pages]
        missing = [message for message in missing if not _across(key(message), squeezed)]
    return missing


def _across(message: str, pages: list[str]) -> bool:
    """Whether ``message`` runs from one page over the following ones: the longest start
    of it found on a page, then the longest start of the rest on the next, and so on."""
    for start in range(len(pages) - 1):
        rest, index = message, start
        while index < len(pages):
            found = _longest_prefix(rest, pages[index])
            if found == len(rest):
                return index > start
            if found == 0:
                break
            rest, index = rest[found:], index + 1
    return False


def _longest_prefix(text: str, page: str) -> int:
    """How many leading characters of ``text`` appear together somewhere on ``page``."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text[:middle] in page:
            low = middle
        else:
            high = middle - 1
    return low
