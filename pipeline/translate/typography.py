"""Translated document -> the same document set as each language's typography wants it.

Rules a typesetter applies, not a translator, so they are applied here, at render time:

- Czech, Slovak, Polish and Slovene do not leave a one-letter word (``v``, ``k``, ``z``,
  ``a``, ``i``, ``w`` ...) at the end of a line: the space after it becomes a no-break
  space, as does the space before the Polish ``r.`` of ``2022 r.``.
- Maltese does not end a line with an article's hyphen (``l-``, ``tal-``, ``fil-`` ...):
  the article and its word become one unbreakable span. The text keeps its hyphen-minus
  (a non-breaking hyphen would change what a reader copies from the PDF).
- Words the translation keeps in the source language are tagged with it
  (``<span lang="en">``), so they are hyphenated, and read aloud, as that language:
  a run of three or more words of the source, or one name with a capital inside it
  (``eTwinning``).

Pure: an AST in, a new AST out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

NO_BREAK_SPACE = "\u00a0"
# One-letter words that may not end a line, by language (lower case; capitals too).
ONE_LETTER = {
    "cs": "aikosuvz",
    "sk": "aikosuvz",
    "pl": "aiouwz",
    "sl": "aiksouvz",
}
# Abbreviations that may not begin a line: the space before them does not break.
_BOUND_BEFORE = {"pl": {"r.", "w.", "tys.", "mln", "mld"}}
# A Maltese article and what it is joined to by its hyphen: "l-", "il-", "tal-", "fis-",
# "mill-", "għall-", "lill-", "bl-", "iż-" ... (the consonant assimilates to the noun's).
_MALTESE_ARTICLE = re.compile(
    r"^[(\[«“\"']?(?:[iI]|[tT]a|[fF]i|[bB]i|[mM]i|[mM]a|[sS]a|[dD]a|[lL]i|[gG]ħa|[mM]il|"
    r"[lL]il|[gG]ħal|[bBfF])?(?:l|[ċdnrstxżz])-\w",
)
_INNER_CAPITAL = re.compile(r"^[a-z]+[A-Z]\w*$")
_EDGE = "()[]{}«»“”„\"'‘’.,;:!?*"
NO_BREAK_CLASS = "nobreak"
_FOREIGN_RUN = 3  # source words in a row that make a phrase in the source language


def source_words(ast: dict[str, Any]) -> frozenset[str]:
    """Every word of the source document, without the punctuation around it."""
    found: set[str] = set()
    for text in _strings(ast):
        word = text.strip(_EDGE)
        if word:
            found.add(word)
    return frozenset(found)


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        if value.get("t") == "Str":
            yield value["c"]
        else:
            for item in value.values():
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def typeset(
    value: Any, language: str, source_language: str, words: frozenset[str] = frozenset()
) -> Any:
    """``value`` (an AST, blocks or inlines) with ``language``'s typography applied."""
    base = language.split("_")[0].split("-")[0]
    if isinstance(value, dict):
        if value.get("t") in ("Code", "CodeBlock", "RawInline", "RawBlock", "Math"):
            return value
        return {key: typeset(item, language, source_language, words) for key, item in value.items()}
    if not isinstance(value, list):
        return value
    items = [typeset(item, language, source_language, words) for item in value]
    if not any(isinstance(item, dict) and item.get("t") == "Str" for item in items):
        return items
    items = _bound_spaces(items, base)
    if base == "mt":
        items = [_maltese(item) for item in items]
    if base != source_language.split("_")[0] and words:
        items = _foreign_runs(items, source_language, words)
    return items


def _is_space(item: Any) -> bool:
    return isinstance(item, dict) and item.get("t") in ("Space", "SoftBreak")


def _str(item: Any) -> str | None:
    return item["c"] if isinstance(item, dict) and item.get("t") == "Str" else None


def _bound_spaces(items: list[Any], base: str) -> list[Any]:
    """Spaces after a one-letter word, and before a bound abbreviation, made no-break."""
    letters = ONE_LETTER.get(base, "")
    before = _BOUND_BEFORE.get(base, set())
    if not letters and not before:
        return items
    result = list(items)
    for index in range(1, len(result) - 1):
        if not _is_space(result[index]):
            continue
        previous, following = _str(result[index - 1]), _str(result[index + 1])
        if previous is None or following is None:
            continue
        last_word = re.split(r"[\s\u00a0]", previous)[-1].lstrip("([«„“\"'")
        one_letter = len(last_word) == 1 and last_word.lower() in letters
        bound = following.rstrip(",;:") in before and previous[-1:].isdigit()
        if one_letter or bound:
            result[index] = {"t": "Str", "c": NO_BREAK_SPACE}
    return result


def _maltese(item: Any) -> Any:
    text = _str(item)
    if text is None or not _MALTESE_ARTICLE.match(text):
        return item
    return {"t": "Span", "c": [["", [NO_BREAK_CLASS], []], [item]]}


def _word(item: Any) -> str | None:
    text = _str(item)
    return None if text is None else text.strip(_EDGE)


def _run(items: list[Any], index: int, words: frozenset[str]) -> tuple[int, int]:
    """Where a run of the source's words that starts at ``index`` ends, and its words."""
    end, count, position = index, 0, index
    while position < len(items):
        word = _word(items[position])
        if not word or word not in words or word.isdigit():
            break
        count += 1
        end = position + 1
        if position + 1 < len(items) and _is_space(items[position + 1]):
            position += 2
        else:
            break
    return end, count


def _foreign_runs(items: list[Any], source_language: str, words: frozenset[str]) -> list[Any]:
    """Runs of the source's words (three or more, or one inner-capital name) as spans
    in the source language."""
    result: list[Any] = []
    index = 0
    while index < len(items):
        end, count = _run(items, index, words)
        word = _word(items[index]) or ""
        if 1 <= count < _FOREIGN_RUN and _INNER_CAPITAL.match(word):
            end = index + 1  # a name alone: "eTwinning"
        if count >= _FOREIGN_RUN or (end == index + 1 and _INNER_CAPITAL.match(word)):
            attributes = ["", [], [["lang", source_language.replace("_", "-")]]]
            result.append({"t": "Span", "c": [attributes, items[index:end]]})
            index = end
        else:
            result.append(items[index])
            index += 1
    return result
