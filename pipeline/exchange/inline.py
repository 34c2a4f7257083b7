"""A message's Pandoc Markdown -> text and inline codes, for exchange formats.

Pure. A CAT tool protects inline codes and lets the translator edit only the text
between them: every piece of markup of a message (``*``, ``**``, ``[`` and
``](url "title")``, ``^[`` and ``]``, a code span, an escape, an autolink) becomes a
:class:`Code` (standalone) or a :class:`Pair` (start and end around translatable
text), and the rest stays :class:`Text`.

The tokenizer is lossless by construction: :func:`flatten` of :func:`tokenize`'s
result is the message, character for character, whatever the message is, so a
round trip through an exchange file cannot change a catalog. Where it cannot tell
markup from text (an unmatched ``*``, a ``[`` without a link target) it keeps text:
the pipeline's own ``check`` still reads every translation as Markdown.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# What a pair or a code is, for the exchange format's type attributes.
STRONG, EMPHASIS, STRIKEOUT = "strong", "emphasis", "strikeout"
SUPERSCRIPT, SUBSCRIPT = "superscript", "subscript"
LINK, IMAGE, NOTE, SPAN = "link", "image", "note", "span"
CODE, ESCAPE, AUTOLINK, HTML, BREAK = "code", "escape", "autolink", "html", "break"


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Code:
    """Markup that stands alone (a code span, an escape): nothing in it is translated."""

    kind: str
    data: str


@dataclass(frozen=True)
class Pair:
    """Markup around translatable text (emphasis, a link, a note)."""

    kind: str
    start: str
    end: str
    children: tuple[Node, ...]


Node = Text | Code | Pair


def flatten(nodes: tuple[Node, ...] | list[Node]) -> str:
    """The Markdown the nodes stand for."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, Code):
            parts.append(node.data)
        else:
            parts += [node.start, flatten(node.children), node.end]
    return "".join(parts)


def codes(nodes: tuple[Node, ...]) -> list[Code | Pair]:
    """Every code and pair, in document order (a pair before what it contains)."""
    found: list[Code | Pair] = []
    for node in nodes:
        if isinstance(node, Code):
            found.append(node)
        elif isinstance(node, Pair):
            found.append(node)
            found += codes(node.children)
    return found


def tokenize(text: str) -> tuple[Node, ...]:
    """``text`` as text and inline codes; ``flatten`` gives ``text`` back."""
    nodes = tuple(_merge_text(_emphasis(_scan(_Index(text), 0, len(text), 0))))
    assert flatten(nodes) == text  # by construction; a test holds it on random text
    return nodes


# --- first pass: atoms and bracketed constructs --------------------------------------

# Bounds that keep tokenizing linear in a hostile message's length: brackets nested
# deeper, link targets longer, or more emphasis runs than these stay text.
MAX_DEPTH = 40
MAX_DESTINATION = 1000
MAX_DELIMITERS = 2000


class _Index:
    """Where each code span and each bracket of a text ends, found in linear time."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Every maximal run of backticks, by its length: a code span that opens with a
        # run ends at the next run of the same length (escapes mean nothing in code).
        self._runs: dict[int, list[int]] = {}
        for match in re.finditer(r"`+", text):
            self._runs.setdefault(len(match.group()), []).append(match.start())
        self.bracket_close: dict[int, int] = {}
        stack: list[int] = []
        i = 0
        while i < len(text):
            char = text[i]
            if char == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPABLE:
                i += 2
                continue
            if char == "`":
                end = self.code_end(i, len(text))
                i = end if end is not None else i + _run_length(text, i, "`", len(text))
                continue
            if char == "[":
                stack.append(i)
            elif char == "]" and stack:
                self.bracket_close[stack.pop()] = i
            i += 1

    def code_end(self, i: int, stop: int) -> int | None:
        """The end of the code span whose opening backticks start at ``i``, if it closes
        before ``stop``."""
        run = _run_length(self.text, i, "`", stop)
        positions = self._runs.get(run, [])
        found = bisect.bisect_left(positions, i + run)
        if found == len(positions) or positions[found] + run > stop:
            return None
        return positions[found] + run


@dataclass
class _Delim:
    """A run of ``*``, ``_`` or ``~~`` that may open or close emphasis (mutable on
    purpose: matching uses its characters up from the inside)."""

    char: str
    count: int
    opens: bool
    closes: bool


_Item = Text | Code | Pair | _Delim

_ESCAPABLE = set("\\`*_{}[]()>#+-.!|~^$&@\"'<:;,/=?%\n ")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")
_HTML = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9\-]*(?:\s[^<>]*)?/?|!--.{0,4000}?--)>", re.DOTALL)
_SUPER = re.compile(r"\^((?:\\.|[^\s^\\\[])(?:\\.|[^\s^\\])*)\^")
_SUB = re.compile(r"~((?:\\.|[^\s~\\])+)~")
_ATTRIBUTES = re.compile(r"\{[^{}\n]*\}")
_REFERENCE = re.compile(r"\[[^\[\]\n]*\]")


def _scan(index: _Index, start: int, stop: int, depth: int) -> list[_Item]:
    text = index.text
    items: list[_Item] = []
    plain: list[str] = []
    i = start

    def emit(item: _Item) -> None:
        if plain:
            items.append(Text("".join(plain)))
            plain.clear()
        items.append(item)

    while i < stop:
        char = text[i]
        if char == "\\" and i + 1 < stop and text[i + 1] in _ESCAPABLE:
            kind = BREAK if text[i + 1] == "\n" else ESCAPE
            emit(Code(kind, text[i : i + 2]))
            i += 2
        elif char == "`":
            end = index.code_end(i, stop)
            if end is None:
                run = _run_length(text, i, "`", stop)
                plain.append(text[i : i + run])
                i += run
            else:
                emit(Code(CODE, text[i:end]))
                i = end
        elif char == "<" and (
            match := _AUTOLINK.match(text, i, stop) or _HTML.match(text, i, stop)
        ):
            emit(Code(AUTOLINK if match.re is _AUTOLINK else HTML, match.group()))
            i = match.end()
        elif char in "[!^" and (pair := _bracketed(index, i, stop, depth)) is not None:
            emit(pair[0])
            i = pair[1]
        elif char == "^" and depth < MAX_DEPTH and (match := _SUPER.match(text, i, stop)):
            inner = _scan(index, match.start(1), match.end(1), depth + 1)
            emit(Pair(SUPERSCRIPT, "^", "^", tuple(_merge_text(_emphasis(inner)))))
            i = match.end()
        elif char == "~" and text.startswith("~~", i):
            run = _run_length(text, i, "~", stop)
            if run == 2:
                emit(_delim(text, i, run, stop, start))
            else:
                plain.append(text[i : i + run])
            i += run
        elif char == "~" and depth < MAX_DEPTH and (match := _SUB.match(text, i, stop)):
            inner = _scan(index, match.start(1), match.end(1), depth + 1)
            emit(Pair(SUBSCRIPT, "~", "~", tuple(_merge_text(_emphasis(inner)))))
            i = match.end()
        elif char in "*_":
            run = _run_length(text, i, char, stop)
            emit(_delim(text, i, run, stop, start))
            i += run
        else:
            plain.append(char)
            i += 1
    if plain:
        items.append(Text("".join(plain)))
    return items


def _run_length(text: str, i: int, char: str, stop: int) -> int:
    end = i
    while end < stop and text[end] == char:
        end += 1
    return end - i


def _delim(text: str, i: int, run: int, stop: int, start: int) -> _Delim:
    """A delimiter run with Pandoc's flanking rules: ``*`` opens before a non-space and
    closes after one; ``_`` also never opens or closes inside a word."""
    char = text[i]
    before = text[i - 1] if i > start else " "
    after = text[i + run] if i + run < stop else " "
    opens = not after.isspace()
    closes = not before.isspace()
    if char == "_":
        opens = opens and not before.isalnum()
        closes = closes and not after.isalnum()
    return _Delim(char, run, opens, closes)


def _bracketed(index: _Index, i: int, stop: int, depth: int) -> tuple[Pair, int] | None:
    """A note ``^[...]``, image ``![...](...)``, link ``[...](...)``/``[...][ref]`` or
    span ``[...]{...}`` opening at ``i``: the pair and where it ends."""
    text = index.text
    if depth >= MAX_DEPTH:
        return None
    if text.startswith("^[", i):
        kind, opener = NOTE, 2
    elif text.startswith("![", i):
        kind, opener = IMAGE, 2
    elif text[i] == "[":
        kind, opener = LINK, 1
    else:
        return None
    close = index.bracket_close.get(i + opener - 1)
    if close is None or close >= stop:
        return None
    end = close + 1
    if kind != NOTE:
        after = _destination_end(text, end, stop)
        if after is None and (match := _REFERENCE.match(text, end, stop)):
            after = match.end()
        if after is None and (match := _ATTRIBUTES.match(text, end, stop)):
            kind, after = SPAN, match.end()
        elif after is not None and (match := _ATTRIBUTES.match(text, after, stop)):
            after = match.end()
        if after is None:
            return None
        end = after
    inner = _scan(index, i + opener, close, depth + 1)
    pair = Pair(kind, text[i : i + opener], text[close:end], tuple(_merge_text(_emphasis(inner))))
    return pair, end


def _destination_end(text: str, i: int, stop: int) -> int | None:
    """The end of ``(url "title")`` starting at ``i``, or None if there is none."""
    if i >= stop or text[i] != "(":
        return None
    j = i + 1
    depth = 0
    quote: str | None = None
    stop = min(stop, i + MAX_DESTINATION)
    while j < stop:
        char = text[j]
        if char == "\\":
            j += 2
            continue
        if quote is not None:
            if char == quote:
                quote = None
        elif char in "\"'" and text[j - 1] in " \t\n":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return j + 1
            depth -= 1
        elif char == "\n" and text[j - 1] == "\n":
            return None
        j += 1
    return None


# --- second pass: emphasis -------------------------------------------------------------

_KINDS = {("*", 1): EMPHASIS, ("_", 1): EMPHASIS, ("*", 2): STRONG, ("_", 2): STRONG}


def _emphasis(items: list[_Item]) -> list[Text | Code | Pair]:
    """Match delimiter runs into emphasis, strong and strikeout pairs (innermost
    first, as CommonMark and Pandoc do); what matches nothing stays text."""
    if sum(isinstance(item, _Delim) for item in items) > MAX_DELIMITERS:
        return _literal(items)
    work: list[_Item] = list(items)
    index = 0
    while index < len(work):
        closer = work[index]
        if not (isinstance(closer, _Delim) and closer.closes):
            index += 1
            continue
        opener_at = _find_opener(work, index)
        if opener_at is None:
            index += 1
            continue
        opener = work[opener_at]
        assert isinstance(opener, _Delim)
        both_double = opener.count >= 2 and closer.count >= 2
        use = 2 if closer.char == "~" or both_double else 1
        kind = STRIKEOUT if closer.char == "~" else _KINDS[(closer.char, use)]
        marks = closer.char * use
        inner = _literal(work[opener_at + 1 : index])
        pair = Pair(kind, marks, marks, tuple(_merge_text(inner)))
        opener.count -= use
        closer.count -= use
        work[opener_at + 1 : index + 1] = [pair, closer]
        index = opener_at + 2
        if opener.count == 0:
            del work[opener_at]
            index -= 1
        if closer.count == 0:
            del work[index]
    return _literal(work)


def _find_opener(work: list[_Item], index: int) -> int | None:
    closer = work[index]
    assert isinstance(closer, _Delim)
    for back in range(index - 1, -1, -1):
        item = work[back]
        if not (isinstance(item, _Delim) and item.char == closer.char and item.opens):
            continue
        if closer.char == "~" and item.count != 2:
            continue
        # CommonMark's rule of three: a run that both opens and closes does not pair
        # with one whose sum with it is a multiple of three, unless both are.
        both = closer.opens or item.closes
        total = item.count + closer.count
        if both and total % 3 == 0 and (item.count % 3 or closer.count % 3):
            continue
        return back
    return None


def _literal(items: list[_Item]) -> list[Text | Code | Pair]:
    """Unmatched delimiter runs become text."""
    return [Text(item.char * item.count) if isinstance(item, _Delim) else item for item in items]


def _merge_text(items: list[Text | Code | Pair]) -> list[Node]:
    merged: list[Node] = []
    for item in items:
        if isinstance(item, Text):
            if not item.text:
                continue
            if merged and isinstance(merged[-1], Text):
                merged[-1] = Text(merged[-1].text + item.text)
                continue
        merged.append(item)
    return merged
