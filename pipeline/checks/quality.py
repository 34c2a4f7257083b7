"""A document message's source and translation -> findings a careful reviewer would make.

Pure. The checks translate-toolkit's pofilter offers that apply to prose, narrowed so
that they rarely fire on a correct translation: each compares the translation with
its source and reports only what the source does not explain.

- ``doubled-word``: the same word twice in a row ("de de"), unless the source has the
  doubling too, it is a number, or the language doubles it by grammar (French "nous
  nous", Dutch "dat dat", German "die die", Czech "se se");
- ``end-punctuation``: the source ends a sentence, question, exclamation or lead-in
  (. ? ! : …) and the translation ends otherwise; a translation may add a final period
  the source lacks (abbreviations and ordinals: "2022 г.", "2021.");
- ``unbalanced``: brackets or quotation marks that do not pair up in the translation
  while they do in the source (Markdown link targets and code are left out; an
  apostrophe is not a quotation mark);
- ``dropped-name``: an acronym, a code or a brand name of the source (JRC, SELFIE,
  HORIZON-WIDERA-2021-ERA-01-91, eTwinning, Erasmus+) missing from the translation,
  unless the translation has an acronym of the same length of its own (OECD -> OCDE). Two
  letters (AI, EU) are too often spelt out or translated to tell, and a translation in
  another script may transliterate names (Еразъм+): there only codes with digits count;
- ``unchanged``: a translation identical to its source, for a heading as soon as two
  of its words are common words, not names;
- ``typography``: the locale's punctuation (French no-break spaces, quotation marks).

All are warnings: each can be right in some sentence, and none breaks the document.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence

from pipeline.core.findings import WARNING

Result = Iterator[tuple[str, str, str]]

# Link targets, autolinks, bare URLs, code spans and e-mail addresses are not prose.
_LINK_TARGET = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_NOT_PROSE = re.compile(
    r"<[^<>\s]+>|https?://[^\s)\]]+|`[^`]*`|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\\[\\()\[\]{}\"'*_]"
)


def prose(text: str) -> str:
    """``text`` without what is not words: link targets (the ``[text]`` stays) and code."""
    return _NOT_PROSE.sub(" ", _LINK_TARGET.sub("] ", unicodedata.normalize("NFC", text)))


# Doublings that a language's grammar makes (a pronoun object after a subject, a
# relative pronoun before an article): lower case, by primary language subtag.
GRAMMATICAL_DOUBLES = {
    "fr": {"nous", "vous"},
    "nl": {"dat", "die"},
    "de": {"die", "der", "das", "sie"},
    "da": {"det"},
    "sv": {"det"},
    "cs": {"se"},
    "sl": {"se"},
    "hr": {"se"},
    "hu": {"az"},
    "en": {"that", "had"},
}
_DOUBLE = re.compile(r"(?<!\w)(\w+)(?=[ \u00a0\u202f]+(\1)(?!\w))", re.IGNORECASE)


def doubled_words(source: str, translation: str, language: str) -> Result:
    allowed = GRAMMATICAL_DOUBLES.get(language, set())
    source_doubles = {m.group(1).casefold() for m in _DOUBLE.finditer(prose(source))}
    seen = set()
    for match in _DOUBLE.finditer(prose(translation)):
        word = match.group(1).casefold()
        if word in seen or word in allowed or word in source_doubles:
            continue
        if any(char.isdigit() for char in word):
            continue
        seen.add(word)
        yield WARNING, "doubled-word", f"{match.group(1)!r} twice in a row"


_CLOSERS = "\"'”’“»«)]}*_ \u00a0\u202f\u2009"
# Each script's own marks: Devanagari danda, Armenian full stop, Urdu full stop, the
# ideographic full stop and the full-width question, exclamation and colon of CJK text.
_ENDS = {
    ".": ".", "…": ".", "।": ".", "॥": ".", "։": ".", "۔": ".", "。": ".", "｡": ".",
    "?": "?", "؟": "?", "？": "?", "!": "!", "！": "!", ":": ":", "：": ":",
}  # fmt: skip
_NAMES = {".": "a period", "?": "a question mark", "!": "an exclamation mark", ":": "a colon"}


def _final(text: str, language: str) -> str | None:
    """The kind of the text's final punctuation, after closing quotes and brackets."""
    stripped = prose(text).rstrip(_CLOSERS + "\n\t")
    if not stripped:
        return None
    last = stripped[-1]
    if language == "el" and last in ";\u037e":
        return "?"  # the Greek question mark
    return _ENDS.get(last)


def end_punctuation(source: str, translation: str, language: str) -> Result:
    expected, found = _final(source, "en"), _final(translation, language)
    if expected == found or (expected is None and found == "."):
        return
    if language == "el" and source.rstrip(_CLOSERS).endswith(";"):
        return  # the source's semicolon kept: the mark is the same, its name differs
    what = f"ends with {_NAMES[expected]}" if expected else "has no final punctuation"
    got = f"with {_NAMES[found]}" if found else "without one"
    yield WARNING, "end-punctuation", f"the source {what}, the translation ends {got}"


_PAIRS = {")": "(", "]": "[", "}": "{"}


def _bracket_problem(text: str) -> str | None:
    stack: list[str] = []
    for char in text:
        if char in "([{":
            stack.append(char)
        elif char in _PAIRS and (not stack or stack.pop() != _PAIRS[char]):
            return f"a {char!r} without its {_PAIRS[char]!r}"
    return f"a {stack[-1]!r} that is never closed" if stack else None


def _quote_problem(text: str) -> str | None:
    counts = Counter(text)
    guillemets = counts["«"], counts["»"]
    if guillemets[0] != guillemets[1] and not (guillemets[0] == 0 and guillemets[1] % 2 == 0):
        return "« and » that do not pair up"
    if (counts["„"] + counts["“"] + counts["”"]) % 2:
        return "an odd number of double quotation marks („ “ ”)"
    if counts['"'] % 2:
        return 'an odd number of straight quotation marks (")'
    return None


def unbalanced(source: str, translation: str, language: str) -> Result:
    source_text, text = prose(source), prose(translation)
    for problem in (_bracket_problem, _quote_problem):
        if problem(source_text) is None:
            found = problem(text)
            if found is not None:
                yield WARNING, "unbalanced", f"the translation has {found}"


# An acronym or code: capitals (and digits, hyphens) with at least two capitals; a
# brand: a lower-case letter followed by a capital (eTwinning, DigComp), or a final +.
_ACRONYM = re.compile(r"(?<![\w-])(?=(?:[A-Z0-9-]*[A-Z]){2})[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*(?![\w-])")
_BRAND = re.compile(r"(?<![\w-])(?:\w*[a-z]\w*[A-Z]\w*|\w+\+)(?![\w+])")
_ANY_ACRONYM = re.compile(r"(?<!\w)(?=\w*[^\W\d_])[^\W\d_a-z]{2,}(?!\w)")  # any script


def names(text: str) -> list[str]:
    """The acronyms, codes and brand names of ``text``, in order."""
    text = prose(text)
    found = [m.group(0) for m in _ACRONYM.finditer(text)]
    return found + [m.group(0) for m in _BRAND.finditer(text) if m.group(0) not in found]


def _present(name: str, text: str) -> bool:
    # At a word's start, with any ending: "JRC:n", "SELFIE-työkalu", "eTwinningu".
    return re.search(rf"(?<![\w-]){re.escape(name)}", text) is not None


def _latin(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    latin = sum(1 for char in letters if unicodedata.name(char, "").startswith("LATIN"))
    return 2 * latin >= len(letters)


def dropped_names(source: str, translation: str, language: str) -> Result:
    text = prose(translation)
    candidates = [
        name
        for name in dict.fromkeys(names(source))
        if len(name) >= 3 and (_latin(text) or any(char.isdigit() for char in name))
    ]
    missing = [name for name in candidates if not _present(name, text)]
    if not missing:
        return
    in_source = set(_ANY_ACRONYM.findall(prose(source)))
    own = Counter(len(word) for word in set(_ANY_ACRONYM.findall(text)) - in_source)
    for name in missing:
        if name.isalpha() and name.isupper() and own[len(name)] > 0:
            own[len(name)] -= 1  # translated, most likely: JRC -> CCR, OECD -> OCDE
            continue
        yield WARNING, "dropped-name", f"{name!r} of the source is not in the translation"


_WORD = re.compile(r"[^\W\d_][\w’'-]*")


def _common_words(text: str) -> int:
    """Words of three letters or more that are not names (only the first may be
    capitalised), nor acronyms or brands."""
    words = _WORD.findall(text)
    brands = set(names(text))
    return sum(
        1
        for index, word in enumerate(words)
        if len(word) >= 3 and word not in brands and (index == 0 or word[0].islower())
    )


def unchanged(source: str, translation: str, comments: Sequence[str]) -> Result:
    if translation != source or _common_words(source) < 2:
        return  # a name ("Horizon Europe", "Digital Education Action Plan") stays
    if len(re.findall(r"[^\W\d_]{3,}", source)) >= 3:
        yield WARNING, "unchanged", "translation is identical to the source"
    elif is_heading(comments):
        yield WARNING, "unchanged", "heading left in the source language"


def is_heading(comments: Sequence[str]) -> bool:
    """Whether the extracted comments mark a heading or the document's title."""
    return any(
        comment.startswith(("heading", "metadata title", "metadata subtitle"))
        for comment in comments
    )


def quality(source: str, translation: str, language: str) -> Result:
    """Every check above but ``unchanged``; ``language`` is the primary subtag."""
    for check in (doubled_words, end_punctuation, unbalanced, dropped_names):
        yield from check(source, translation, language)


_FRENCH_SPACE = re.compile(r"(?<=[^\s\u00a0\u202f])([;!?:»])|(«)(?=[^\s\u00a0\u202f])")
_STRAIGHT_QUOTE = re.compile(r'(?<![=\w])"(?=\w)')
_QUOTES = {
    "de": "„…“",
    "bg": "„…“",
    "cs": "„…“",
    "sk": "„…“",
    "sl": "„…“",
    "hr": "„…“",
    "lt": "„…“",
    "et": "„…“",
    "ro": "„…”",
    "pl": "„…”",
    "hu": "„…”",
    "nl": "‘…’ or “…”",
    "fr": "« … »",
    "it": "«…»",
    "es": "«…»",
    "pt": "«…»",
    "el": "«…»",
    "da": "»…«",
    "sv": "”…”",
    "fi": "”…”",
    "lv": "“…”",
    "mt": "“…”",
    "ga": "“…”",
}


_EMPHASIS = re.compile(r"\*[^*]+\*")


_TYPOGRAPHY_TARGET = re.compile(r"\]\([^)]*\)|<[^<>\s]+@[^<>\s]+>|<https?://[^<>\s]+>")


def typography(source: str, translation: str, code: str, english_name: str) -> Result:
    """The locale's punctuation: French no-break spaces, its quotation marks."""
    # Emphasised text kept verbatim from the source (an English title, say) follows
    # the source's typography, not the locale's.
    text = _EMPHASIS.sub(lambda m: " " if m.group(0) in source else m.group(0), translation)
    text = _TYPOGRAPHY_TARGET.sub(" ", text)
    text = re.sub(r"https?://\S+", " ", text)
    primary = code.split("_")[0]
    if primary == "fr":
        match = _FRENCH_SPACE.search(text)
        if match:
            mark = match.group(1) or match.group(2)
            yield (
                WARNING,
                "typography",
                f"French needs a no-break space next to {mark!r} "
                "(U+202F before ; ! ?, U+00A0 before : and inside « »)",
            )
    if primary in _QUOTES and _STRAIGHT_QUOTE.search(text):
        yield (
            WARNING,
            "typography",
            f"straight quotation marks: {english_name} uses {_QUOTES[primary]}",
        )


CODES = {
    "doubled-word": "the same word twice in a row, where neither the source nor the "
    "language's grammar doubles it",
    "end-punctuation": "the translation ends a sentence differently (. ? ! : …) from the source",
    "unbalanced": "brackets or quotation marks that do not pair up, where the source's do",
    "dropped-name": "an acronym, code or brand name of the source missing from the translation",
}
