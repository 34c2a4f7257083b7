"""Limits on untrusted text: Markdown that pandoc reads in bounded time, and characters
that are not text or hide what text says.

Pure. pandoc's Markdown reader backtracks on brackets (jgm/pandoc#1735): each ``[``
(also ``![``, ``^[``, ``[@``) that is still open when another opens multiplies the
work, and an unclosed one makes the reader try the rest of the paragraph again. Thirty
nested brackets take hours; two unclosed ones before 20,000 characters take seconds.
:func:`markdown_problem` estimates that work from a linear scan and refuses a message
before pandoc sees it. The limits are far above what prose needs: a paragraph with a
hundred links, a note with links inside, an image inside a link inside a note.

Deep nesting of another kind (emphasis in emphasis, lists in lists) is cheap for pandoc
but gives JSON deeper than Python reads recursively: :func:`json_depth` measures pandoc's
output before it is decoded.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import accumulate

from pipeline.core.findings import ERROR, WARNING

# Brackets open at once (nested, or opened and never closed): realistic text needs 3.
MAX_BRACKET_DEPTH = 6
# Characters pandoc may have to read again because of open brackets: each bracket counts
# the text up to its closing bracket (or the end of the message), doubled for every
# bracket already open around it. About 2 s of pandoc at the limit; a 20,000-character
# paragraph with one stray "[" near its start is still read.
MAX_BRACKET_WORK = 50_000
# Containers nested in pandoc's JSON: a paragraph with a link in a note is about 12; each
# level of emphasis adds 2, each level of list 3. Python decodes and walks the AST
# recursively, 1000 frames deep at most.
MAX_JSON_DEPTH = 120

_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)
_BRACKET = re.compile(r"\\.|[\[\]]", re.S)


def bracket_cost(text: str) -> tuple[int, int]:
    """The deepest nesting of open brackets in ``text`` and the work they cause.

    Escaped brackets and brackets inside code spans are text to pandoc, not openers.
    """
    text = _CODE_SPAN.sub(lambda match: " " * len(match.group(0)), text)
    opened: list[int] = []  # positions of the brackets still open
    deepest = work = 0
    for match in _BRACKET.finditer(text):
        token = match.group(0)
        if token == "[":
            opened.append(match.start())
            deepest = max(deepest, len(opened))
        elif token == "]" and opened:
            start = opened.pop()
            work += (match.start() - start) << min(len(opened), 30)
    for depth, start in enumerate(opened):  # never closed: read to the end
        work += (len(text) - start) << min(depth, 30)
    return deepest, work


def markdown_problem(text: str) -> str | None:
    """Why pandoc must not read ``text`` (None: it may)."""
    deepest, work = bracket_cost(text)
    if deepest > MAX_BRACKET_DEPTH:
        return (
            f"{deepest} brackets are open at once (at most {MAX_BRACKET_DEPTH}); "
            "write a literal bracket as \\["
        )
    if work > MAX_BRACKET_WORK:
        return (
            "unclosed or nested brackets before long text would take the Markdown reader "
            "too long; close each bracket or write a literal one as \\["
        )
    return None


# Only quotes and containers matter to the depth: every other byte is dropped at once
# (the bytes of a non-ASCII character are never ASCII), then the strings, which may hold
# brackets, with their escaped quotes and backslashes taken out first.
_STRUCTURE = b'"[]{}'
_NOT_STRUCTURE = bytes(byte for byte in range(256) if byte not in _STRUCTURE)
_STRING = re.compile(r'"[^"]*"')
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_depth(text: str) -> int:
    """How deeply arrays and objects nest in the JSON ``text`` (linear, and mostly in C:
    pandoc's JSON of a long document is megabytes)."""
    data = text.encode("utf-8", "surrogatepass")
    # A backslash escapes the character after it: pairs of them first, then the quotes.
    data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    # What is left alternates opening and closing quotes; an empty string (the most
    # common, once the letters are gone) or two strings side by side go together.
    data = data.translate(None, _NOT_STRUCTURE).replace(b'""', b"")
    containers = _STRING.sub("", data.decode("ascii"))
    return max(accumulate(map(_STEP.__getitem__, containers)), default=0)


@dataclass(frozen=True)
class CharacterProblem:
    """One kind of character a translation should not have, with an example."""

    severity: str  # ERROR or WARNING
    code: str  # "control-character" or "invisible-character"
    message: str


# C0 and C1 controls but tab and line feed, DEL, surrogates (which a PO file read as
# UTF-8 cannot hold, but a str can) and the noncharacters: none of them is text, and
# XML forbids most of them.
_NONCHARACTERS = "".join(chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef{_NONCHARACTERS}]")
# Embeddings and overrides reorder the text around them ("Trojan Source"): what a
# reviewer reads is not what the reader sees.
_BIDI_OVERRIDE = re.compile("[\u202a-\u202e]")
_ISOLATE_OPEN, _ISOLATE_CLOSE = "\u2066\u2067\u2068", "\u2069"
_MARKS = "\u200e\u200f\u061c"  # LRM, RLM, ALM: right-to-left text needs them
_JOINERS = "\u200c\u200d"  # ZWNJ, ZWJ
_ZWSP = "\u200b"
# Format characters that are visible (prepended concatenation marks) or hyphenation.
_VISIBLE_FORMAT = set("\u00ad\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891")
_VISIBLE_FORMAT |= set("\u08e2\U000110bd\U000110cd")
# Scripts that join or break with these characters (Arabic, Syriac, Thaana, N'Ko,
# Indic scripts, Sinhala, Thai to Myanmar, Tibetan, Khmer, Mongolian), and emoji.
_JOINING_SCRIPTS = (
    (0x0600, 0x08FF),
    (0x0900, 0x0DFF),
    (0x0E00, 0x109F),
    (0x1780, 0x18AF),
    (0xA8E0, 0xA8FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
_EMOJI = ((0x2600, 0x27BF), (0x1F000, 0x1FAFF), (0xFE0F, 0xFE0F))
_TAG_BASE = 0x1F3F4  # a black flag starts a tag sequence (subdivision flags)


def _in(ranges: tuple[tuple[int, int], ...], character: str) -> bool:
    code = ord(character)
    return any(low <= code <= high for low, high in ranges)


def character_problems(text: str, source: str, rtl: bool) -> list[CharacterProblem]:
    """Control, bidi and invisible characters in ``text`` that its ``source`` lacks.

    ``rtl``: the language is written right to left, so direction marks are text.
    """
    problems: list[CharacterProblem] = []
    if match := _CONTROL.search(text):
        problems.append(
            CharacterProblem(
                ERROR, "control-character", f"control character U+{ord(match.group(0)):04X}"
            )
        )
    for character in sorted(set(_BIDI_OVERRIDE.findall(text)) - set(source)):
        problems.append(
            CharacterProblem(
                ERROR,
                "invisible-character",
                f"bidirectional embedding or override U+{ord(character):04X} reorders the text",
            )
        )
    if not _balanced_isolates(text):
        problems.append(
            CharacterProblem(
                ERROR,
                "invisible-character",
                "bidirectional isolate (U+2066..U+2069) without its pair reorders the text",
            )
        )
    hidden = sorted(
        {ch for ch in _invisible(text, rtl) if ch not in source}, key=lambda ch: ord(ch)
    )
    if hidden:
        said = ", ".join(f"U+{ord(ch):04X}" for ch in hidden)
        problems.append(
            CharacterProblem(
                WARNING, "invisible-character", f"invisible character(s) {said}: remove them"
            )
        )
    return problems


def _balanced_isolates(text: str) -> bool:
    depth = 0
    for character in text:
        if character in _ISOLATE_OPEN:
            depth += 1
        elif character == _ISOLATE_CLOSE:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _invisible(text: str, rtl: bool) -> list[str]:
    """Zero-width and other format characters the text's own script does not need."""
    found = []
    for index, character in enumerate(text):
        if (
            unicodedata.category(character) != "Cf"
            or character in _VISIBLE_FORMAT
            or _BIDI_OVERRIDE.match(character)
            or character in _ISOLATE_OPEN + _ISOLATE_CLOSE
        ):
            continue
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if character in _MARKS and rtl:
            continue
        if character in _JOINERS + _ZWSP and _needed_between(character, before, after):
            continue
        if 0xE0020 <= ord(character) <= 0xE007F and _tag_sequence(text, index):
            continue
        found.append(character)
    return found


def _needed_between(character: str, before: str, after: str) -> bool:
    if any(_in(_JOINING_SCRIPTS, ch) for ch in (before, after) if ch):
        return True
    return character == "\u200d" and any(_in(_EMOJI, ch) for ch in (before, after) if ch)


def _tag_sequence(text: str, index: int) -> bool:
    """Whether the tag character at ``index`` follows a black flag, through tags only."""
    while index > 0 and 0xE0020 <= ord(text[index - 1]) <= 0xE007F:
        index -= 1
    return index > 0 and ord(text[index - 1]) == _TAG_BASE
