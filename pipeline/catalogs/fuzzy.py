"""Which old message is closest to a new one, without comparing all pairs. Pure.

msgmerge compares a changed message with every old message; in Python that is far too
slow for a catalog of 10,000. Here the candidates are the old messages that share the
most distinctive words with the new one, and only those are compared with difflib's
ratio (msgmerge's measure in spirit, with its threshold).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from difflib import SequenceMatcher

SIMILARITY_THRESHOLD = 0.6  # msgmerge's FUZZY_THRESHOLD
_CANDIDATES = 12  # compared per message
_WORD_CHARACTER = re.compile(r"\w")


class _WordCharacters(dict[int, str]):
    """A ``str.translate`` table that keeps word characters (those ``\\w`` matches) and
    line feeds, and turns every other character into a space; filled as it is used."""

    def __missing__(self, code: int) -> str:
        character = chr(code)
        kept = character if character == "\n" or _WORD_CHARACTER.match(character) else " "
        self[code] = kept
        return kept


def word_lists(texts: Sequence[str]) -> list[list[str]]:
    """The words of each text in lower case: its runs of word characters, as ``\\w+``
    finds them. One pass over all texts: much faster than a regular expression each."""
    if not texts:
        return []
    joined = "\n".join(text.replace("\n", " ") for text in texts).lower()
    return [line.split() for line in joined.translate(_WordCharacters()).split("\n")]


class FuzzyIndex:
    """The old messages, indexed by the words that new messages may share with them."""

    def __init__(self, old: Sequence[str], wanted: Collection[str]) -> None:
        """Index ``old``, for new messages whose words are all in ``wanted``."""
        self.old = old
        wanted = set(wanted)
        self.by_word: dict[str, list[int]] = {}
        for position, words in enumerate(word_lists(old)):
            for word in wanted.intersection(words):
                self.by_word.setdefault(word, []).append(position)

    def closest(self, msgid: str, words: Collection[str]) -> int | None:
        """The position of the old message most similar to ``msgid`` (whose words are
        ``words``), if any is more similar than the threshold."""
        shared: Counter[int] = Counter()
        common = max(50, len(self.old) // 10)
        # Rarest words first: they single out the candidates. Words found in everything
        # are used only when nothing rarer is shared, and then only a bounded slice.
        known = sorted(
            {word for word in words if word in self.by_word},
            key=lambda word: (len(self.by_word[word]), word),
        )
        for word in known:
            postings = self.by_word[word]
            if len(postings) > common and shared:
                break
            shared.update(postings[: common * 4])
        best, best_ratio = None, SIMILARITY_THRESHOLD
        for position, _count in shared.most_common(_CANDIDATES):
            matcher = SequenceMatcher(None, msgid, self.old[position], autojunk=False)
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = position, ratio
        return best
