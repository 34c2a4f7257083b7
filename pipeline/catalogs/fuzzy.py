"""Which old message is closest to a new one, as msgmerge measures it, without comparing
all pairs. Pure.

The measure is msgmerge's: gettext's ``fstrcmp``, twice the length of the longest common
subsequence over the sum of the lengths, both in UTF-8 bytes, and a match must be more
similar than 0.6. It is computed exactly, the common prefix and suffix first (an edit is
usually local), the rest with a bit-parallel longest common subsequence.

msgmerge compares a changed message with the old messages that share the most character
4-grams with it; in Python, listing the 4-grams of 10,000 old messages takes longer than
the whole update may. Here the candidates are:

- the old messages that share the most distinctive words with the new one;
- for a short new message (a heading, a table cell, a one-word change that shares no
  whole word: ``Fundng`` -> ``Funding``), the old messages of a length that could be
  similar enough and that share the most 4-character sequences with it, as msgmerge
  chooses its candidates (for a message of fewer than 4 characters, all of them).

Of these, the most similar above the threshold is chosen; among equally similar ones,
the first in the old catalog. Upper bounds (the lengths, then the bytes the two have in
common) spare the exact measure for candidates that cannot win.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Collection, Sequence

SIMILARITY_THRESHOLD = 0.6  # msgmerge's FUZZY_THRESHOLD: a match must be above it
_CANDIDATES = 40  # word-sharing candidates weighed per message
SHORT_MESSAGE = 40  # bytes: new messages up to this long are also compared by characters
# Two texts of lengths l <= l' are at most 2 l / (l + l') similar: a short new message
# can only match old messages up to this many times its length.
_LENGTH_FACTOR = 2 / SIMILARITY_THRESHOLD - 1
_GRAM = 4  # characters: msgmerge's candidates share a 4-gram with the new message
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


def similarity(first: str, second: str) -> float:
    """msgmerge's similarity of two messages, from 0 (nothing shared) to 1 (equal)."""
    return _ratio(first.encode("utf-8"), second.encode("utf-8"))


def _ratio(first: bytes, second: bytes) -> float:
    total = len(first) + len(second)
    if total == 0:
        return 1.0
    return 2 * common_subsequence(first, second) / total


def common_subsequence(first: bytes, second: bytes) -> int:
    """The length of the longest common subsequence of two byte strings."""
    prefix = _common_prefix(first, second)
    first, second = first[prefix:], second[prefix:]
    suffix = _common_prefix(first[::-1], second[::-1])
    if suffix:
        first, second = first[:-suffix], second[:-suffix]
    if not first or not second:
        return prefix + suffix
    if len(first) < len(second):
        first, second = second, first
    # Bit-parallel LCS (Allison and Dix; Crochemore et al.): bit i of ``row`` is 0 where
    # position i of ``first`` ends a longer common subsequence than position i - 1 does.
    positions: dict[int, int] = {}
    for index, byte in enumerate(first):
        positions[byte] = positions.get(byte, 0) | 1 << index
    full = (1 << len(first)) - 1
    row = full
    for byte in second:
        matches = positions.get(byte)
        if matches is not None:
            matches &= row
            row = ((row + matches) | (row - matches)) & full
    return prefix + suffix + len(first) - row.bit_count()


def _grams(text: str) -> set[str]:
    return {text[i : i + _GRAM] for i in range(len(text) - _GRAM + 1)}


def _common_prefix(first: bytes, second: bytes) -> int:
    """How many leading bytes the two have in common (found by halving, in C slices)."""
    low, high = 0, min(len(first), len(second))
    while low < high:
        middle = (low + high + 1) // 2
        if first[:middle] == second[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


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
        self._bytes: dict[int, bytes] = {}
        self._counts: dict[int, Counter[int]] = {}
        self._short: tuple[list[int], list[int], dict[str, list[int]]] | None = None

    def closest(self, msgid: str, words: Collection[str]) -> int | None:
        """The position of the old message most similar to ``msgid`` (whose words are
        ``words``), if any is more similar than the threshold."""
        new = msgid.encode("utf-8")
        candidates = self._sharing_words(words)
        if len(new) <= SHORT_MESSAGE:
            candidates.update(self._of_similar_length(msgid, len(new)))
        return self._most_similar(new, candidates)

    def _sharing_words(self, words: Collection[str]) -> set[int]:
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
        return {position for position, _count in shared.most_common(_CANDIDATES)}

    def _of_similar_length(self, msgid: str, size: int) -> list[int]:
        """Old messages whose length (``size`` bytes) lets them be similar enough to a
        short new one: all of them for a message of fewer than 4 characters, else those
        that share a 4-character sequence with it, most shared first (as msgmerge)."""
        if self._short is None:
            self._short = self._short_index()
        lengths, positions, by_gram = self._short
        low = bisect_left(lengths, size / _LENGTH_FACTOR)
        high = bisect_right(lengths, size * _LENGTH_FACTOR)
        if len(msgid) < _GRAM:
            return positions[low:high]
        in_band = set(positions[low:high])
        shared: Counter[int] = Counter()
        for gram in _grams(msgid):
            shared.update(by_gram.get(gram, ()))
        ranked = [(-count, position) for position, count in shared.items() if position in in_band]
        return [position for _, position in sorted(ranked)[:_CANDIDATES]]

    def _short_index(self) -> tuple[list[int], list[int], dict[str, list[int]]]:
        """The old messages a short one can match, by length, and by their 4-grams."""
        longest = int(SHORT_MESSAGE * _LENGTH_FACTOR)
        sized = sorted(
            (len(self._encoded(position)), position)
            for position, text in enumerate(self.old)
            if len(text) <= longest  # bytes are at least as many as characters
        )
        sized = [(size, position) for size, position in sized if size <= longest]
        by_gram: dict[str, list[int]] = {}
        for _size, position in sized:
            for gram in _grams(self.old[position]):
                by_gram.setdefault(gram, []).append(position)
        return [size for size, _ in sized], [position for _, position in sized], by_gram

    def _most_similar(self, new: bytes, candidates: Collection[int]) -> int | None:
        size = len(new)
        bounded: list[tuple[float, int]] = []
        new_counts: Counter[int] | None = None
        for position in candidates:
            old = self._encoded(position)
            total = size + len(old)
            if 2 * min(size, len(old)) / total <= SIMILARITY_THRESHOLD:
                continue
            if new_counts is None:
                new_counts = Counter(new)
            in_common = (new_counts & self._counted(position)).total()
            bound = 2 * in_common / total
            if bound > SIMILARITY_THRESHOLD:
                bounded.append((-bound, position))
        bounded.sort()
        best, best_ratio = None, SIMILARITY_THRESHOLD
        for negated, position in bounded:
            if -negated < best_ratio:
                break  # sorted by bound: nothing further can reach the best
            ratio = _ratio(new, self._encoded(position))
            if ratio > best_ratio or (ratio == best_ratio and best is not None and position < best):
                best, best_ratio = position, ratio
        return best

    def _encoded(self, position: int) -> bytes:
        found = self._bytes.get(position)
        if found is None:
            found = self._bytes[position] = self.old[position].encode("utf-8")
        return found

    def _counted(self, position: int) -> Counter[int]:
        found = self._counts.get(position)
        if found is None:
            found = self._counts[position] = Counter(self._encoded(position))
        return found
