"""Source text -> top-level chunks, so that re-extraction parses only what changed.

Pure. A chunk is a run of lines between blank lines that pandoc parses the same on
its own as within the document: a paragraph, a heading, a list item, a table, a
fenced code block. Lines that continue the previous chunk (indented, or inside a
fence) stay with it, and so do the lines of a construct that spans blank lines: a
fenced div, a raw HTML element and an HTML comment are one chunk each, from the line
that opens them to the line that closes them (:class:`_Open`); a caption, the table
after it and the definition list that may claim the caption are one chunk.

Reference link and footnote definitions apply document-wide, so they are kept apart;
each chunk is parsed with the definitions whose label it may use, and they are part of
its cache key. A footnote of several blocks is parsed with the chunk that marks it; its
number in the document is the caller's to count. A chunk that links to a heading by
its text (pandoc's implicit header references) is parsed with every chunk that may hold
a heading, which gives the link's target and the identifiers pandoc numbers. What a
line scan cannot be sure of (an opening that does not start a block, a closing without
its opening, a construct never closed, a definition inside a div, a heading in a note
or a link in the metadata where a link names a heading) and example lists (numbered
throughout the document, as are the links to their items) make :func:`split` return
None: the caller then parses the whole document, which is always correct.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace

_FENCE = re.compile(r"^(`{3,}|~{3,})")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:")
# A table caption or a definition after a blank line belongs to the block before it.
_ATTACHED = re.compile(r"^ {0,3}(?::\s|Table:)")
_YAML_END = re.compile(r"^(?:---|\.\.\.)\s*$")
# First characters of a line that may be blank, indented, a fence, a definition, raw
# HTML or attached to the chunk before: any other line is ordinary text.
_MAY_BE_SPECIAL = frozenset(" \t`~<:[") | {""}


@dataclass(frozen=True)
class Chunk:
    """A chunk's text and the definitions (reference links, footnotes) it may use."""

    text: str
    definitions: tuple[tuple[int, str], ...]  # (place among the definitions, text), in order
    index: int = 0  # its place among the document's chunks
    # For a chunk that may link to a heading by its text: a digest of every chunk that
    # may hold a heading (the link's target, and the identifiers pandoc gives them
    # depend on all of them). It is parsed with those chunks (:attr:`Split.headed`).
    headings: str = ""

    @property
    def key(self) -> str:
        """The cache key: what the chunk's messages depend on."""
        texts = (self.text, *(text for _, text in self.definitions), self.headings)
        return hashlib.sha256("\0".join(texts).encode()).hexdigest()


@dataclass(frozen=True)
class Split:
    """A document cut into its metadata block and its chunks."""

    metadata: str  # the YAML block with its delimiters, or ""
    chunks: tuple[Chunk, ...]
    # The chunks that may hold a heading, when a chunk may link to one by its text.
    headed: tuple[Chunk, ...] = ()


def split(text: str) -> Split | None:
    """Cut ``text`` into chunks, or None when it has constructs that need a full parse."""
    if "(@" in text:
        return None  # example lists: pandoc numbers their items, and links to them, throughout
    lines = text.replace("\r\n", "\n").split("\n")
    metadata, start = _metadata(lines)
    chunks: list[list[str]] = []
    definitions: list[list[str]] = []
    current: list[str] = []
    fence: str | None = None
    target = chunks
    attached: set[int] = set()  # the chunks (by id) with a line that may be a caption
    opened = _Open()
    blank_before = True  # whether the line before is blank (or there is none)

    def close() -> None:
        nonlocal current
        if current:
            target.append(current)
            current = []

    for line in lines[start:]:
        if fence is not None:
            current.append(line)
            if line.startswith(fence) and not line[len(fence) :].strip():
                fence = None
            blank_before = False
            continue
        if opened:  # inside a construct that spans blank lines: its chunk goes on
            current.append(line)
            blank = not line.strip(" \t")
            if not opened.verbatim and (opening := _FENCE.match(line)):
                fence = opening.group(1)
            elif not blank and blank_before and _DEFINITION.match(line):
                return None  # a definition inside a div applies to the whole document
            elif not opened.feed(line, blank_before):
                return None
            blank_before = blank
            continue
        if line[:1] not in _MAY_BE_SPECIAL and not line.startswith("Table:"):
            # The common case, checked first: an ordinary line of text.
            if not current:
                target = chunks
            current.append(line)
            blank_before = False
            continue
        if not line.strip(" \t"):  # pandoc: spaces and tabs only (not a no-break space)
            close()
            blank_before = True
            continue
        opening = _FENCE.match(line)
        definition, attaches = _DEFINITION.match(line), _ATTACHED.match(line)
        indented = line[:1] in (" ", "\t") and not definition
        continues = (indented or attaches) and not current and target and not opening
        if continues:
            # An indented line after a blank one belongs to the chunk before it (a list
            # item's next paragraph, a footnote's continuation, indented code).
            current = target.pop()
            current.append("")
        elif not current:
            target = definitions if definition else chunks
        current.append(line)
        if attaches:
            attached.add(id(current))
        if opening:
            fence = opening.group(1)
        elif not opened.feed(line, blank_before):
            return None
        blank_before = False
    if fence is not None or opened:
        return None
    close()
    _join_multiline_tables(chunks)
    _join_captions(chunks, attached)
    return _cut("\n".join(metadata), chunks, definitions)


def _cut(metadata: str, chunks: list[list[str]], definitions: list[list[str]]) -> Split | None:
    """The chunks with the definitions each may use, and, where a chunk may link to a
    heading by its text, the chunks it is parsed with; None where only a full parse sees
    what a link names."""
    texts = ["\n".join(chunk) for chunk in chunks]
    uses = [_bracketed(text) if "[" in text else set() for text in texts]
    titles = [{_loose(heading) for heading in _headings(chunk)} - {""} for chunk in chunks]
    noted = {_loose(heading) for block in definitions for heading in _headings(block)}
    headings = set().union(*titles, noted) - {""}
    linked = [not headings.isdisjoint(used) for used in uses]
    needed = _Definitions(["\n".join(block) for block in definitions])
    found = [
        Chunk(text, needed.for_labels(used), index)
        for index, (text, used) in enumerate(zip(texts, uses, strict=True))
    ]
    if not headings.isdisjoint(_bracketed(metadata)):
        return None  # the metadata may link to a heading: only a full parse sees it
    if not any(linked):
        return Split(metadata, tuple(found))
    if noted:
        return None  # a link, and a heading in a note: where pandoc numbers its identifier
    # A link to a heading by its text: its chunk is parsed with every chunk that may hold
    # a heading, in their order, which gives pandoc's targets and identifiers.
    headed = tuple(chunk for chunk, names in zip(found, titles, strict=True) if names)
    digest = hashlib.sha256("\0".join(chunk.key for chunk in headed).encode()).hexdigest()
    return Split(
        metadata,
        tuple(
            replace(chunk, headings=digest) if link else chunk
            for chunk, link in zip(found, linked, strict=True)
        ),
        headed,
    )


class _Definitions:
    """The document's definitions, found by the labels a chunk uses."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.by_label: dict[str, list[int]] = {}
        for index, text in enumerate(texts):
            self.by_label.setdefault(_loose(text.split("]:", 1)[0]), []).append(index)
        # A definition may use others (a footnote with a reference link in it).
        self.uses = [_bracketed(text) for text in texts]

    def for_labels(self, labels: set[str]) -> tuple[tuple[int, str], ...]:
        """The definitions with one of ``labels``, and those they use, in order (of two
        definitions of a label, pandoc takes the last)."""
        if not labels or not self.by_label:
            return ()
        found: set[int] = set()
        pending = [index for label in labels for index in self.by_label.get(label, ())]
        while pending:
            index = pending.pop()
            if index not in found:
                found.add(index)
                pending += [i for label in self.uses[index] for i in self.by_label.get(label, ())]
        return tuple((index, self.texts[index]) for index in sorted(found))


# Bracketed text that pandoc may resolve by its label: reference links, note marks,
# implicit links to headings; not the text of a link whose target follows. One level
# of nesting is allowed.
_BRACKETED = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\](?!\()")
_NOT_WORD = re.compile(r"\W+")
# What may stand before a heading inside another block: block quote marks, list item
# markers, indentation (a heading in a div, a quote, a list or a note is one too).
_INSIDE = r"(?:[ \t]*(?:>|[-*+]|\(?[0-9A-Za-z#@]{1,9}[.)]))*[ \t]*"
_ATX = re.compile(rf"^{_INSIDE}#{{1,6}}(?=[ \t]|$)")
# What may close a heading's line: attributes, then hashes (each sought without going
# back over the line, which may be long).
_ATTRIBUTES = re.compile(r"\{[^{}]*\}[ \t]*$")
_SETEXT = re.compile(rf"^{_INSIDE}(?:=+|-+)[ \t]*$")
_PREFIX = re.compile(f"^{_INSIDE}")


def _loose(text: str) -> str:
    """Text compared loosely: lower case, word characters only (pandoc compares labels
    case-insensitively with whitespace collapsed; looser only means more matches)."""
    return _NOT_WORD.sub("", text).lower()


def _bracketed(text: str) -> set[str]:
    """Every bracketed text in ``text``, and every bracket inside one, loosely."""
    found = set()
    for inner in _BRACKETED.findall(text):
        found.add(_loose(inner))
        found.update(_loose(nested) for nested in _BRACKETED.findall(inner))
    return found - {""}


def _headings(lines: list[str]) -> list[str]:
    """What each line of ``lines`` that may be a heading (ATX or setext, at the margin or
    inside a quote, a list, a div or a note) may be titled: more than pandoc finds, never
    less, as a heading missed would leave a link to it unresolved in its chunk."""
    found: list[str] = []
    for index, line in enumerate(lines):
        if "#" in line and (atx := _ATX.match(line)):
            text = _ATTRIBUTES.sub("", line[atx.end() :]).strip()
            closing = text.rstrip("#")
            found.append(closing.rstrip() if closing.endswith((" ", "\t")) or not closing else text)
        elif index and line.rstrip()[-1:] in ("=", "-") and _SETEXT.match(line):
            start = index
            while start and lines[start - 1].strip():
                start -= 1
            title = [_PREFIX.sub("", previous) for previous in lines[start:index]]
            found += [title[-1], " ".join(title)] if title else []
    return found


_DASHES = re.compile(r"^-{3,}[ \t]*$")


def _join_multiline_tables(chunks: list[list[str]]) -> None:
    """A multiline table's rows are apart, between a line of dashes that opens it (then a
    line of text) and the next one, which closes it (a caption may follow): its chunks
    become one (in place)."""
    index = 0
    while index < len(chunks):
        chunk = chunks[index]
        opens = len(chunk) > 1 and _DASHES.match(chunk[0]) and chunk[1].strip()
        if opens and not any(map(_DASHES.match, chunk[2:])):
            end = next(
                (i for i in range(index + 1, len(chunks)) if any(map(_DASHES.match, chunks[i]))),
                None,
            )
            if end is not None:
                for following in chunks[index + 1 : end + 1]:
                    chunk += ["", *following]
                del chunks[index + 1 : end + 1]
        index += 1


_TABLE_LINE = re.compile(r"^\s*(?:[|+]|-{3,}[\s-]*$)")


def _join_captions(chunks: list[list[str]], attached: set[int]) -> None:
    """A ": text" line may be a definition or the caption of the table after it: pandoc
    decides with both in view, and with the definition list it may continue. A chunk
    with such a line (one of ``attached``) and a chunk after it that may be a table
    become one chunk (in place), with the chunks of such lines just before them."""
    index = 0
    while index + 1 < len(chunks):
        chunk, following = chunks[index], chunks[index + 1]
        if id(chunk) in attached and any(_TABLE_LINE.match(line) for line in following):
            chunk += ["", *chunks.pop(index + 1)]
            while index and id(chunks[index - 1]) in attached:
                index -= 1
                chunks[index] += ["", *chunks.pop(index + 1)]
        else:
            index += 1


# A fenced div's fences, at the margin only (an indented one is text to pandoc).
_DIV_CLOSE = re.compile(r"^:{3,}\s*$")
_DIV_OPEN = re.compile(r"^:{3,}\s*\S")
# The start of a line that is raw HTML: a comment, a declaration, a closing tag, a tag.
_HTML_LINE = re.compile(r"^ {0,3}<(!--|[!?/]|[A-Za-z][A-Za-z0-9-]*)")
_VOID_ELEMENTS = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
))  # fmt: skip
# Elements whose content pandoc keeps as it is: no Markdown, no comment inside them.
_VERBATIM_ELEMENTS = frozenset(("pre", "script", "style", "textarea"))
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_COMMENT = re.compile(r"<!--.*?-->")


@dataclass
class _Frame:
    kind: str  # "div", "html" or "comment"
    tag: str = ""  # the element's name, for "html"
    depth: int = 0  # how many elements of that name are open, for "html"


@dataclass
class _Open:
    """The constructs that span blank lines and are open after the lines fed so far,
    innermost last: fenced divs, raw HTML elements and HTML comments. Their lines are
    one chunk until the outermost closes; :meth:`feed` says False where a line scan
    cannot be sure what pandoc reads (the caller then parses the whole document)."""

    frames: list[_Frame] = field(default_factory=list)
    after_fence: bool = False  # the line before is a div's fence: a block starts here

    def __bool__(self) -> bool:
        return bool(self.frames)

    @property
    def verbatim(self) -> bool:
        """Whether the innermost construct is an element whose content is kept as is."""
        return bool(self.frames) and self.frames[-1].tag in _VERBATIM_ELEMENTS

    def feed(self, line: str, blank_before: bool) -> bool:
        """Take ``line`` into account (one outside any code fence)."""
        top = self.frames[-1] if self.frames else None
        if top is not None and top.kind == "comment":
            if "-->" not in line:
                return True
            self.frames.pop()
            line = line.split("-->", 1)[1]
            return not line.strip()  # what follows a comment on its line: unsure
        if top is not None and top.kind == "html":
            return self._inside_element(top, line)
        block_start = blank_before or self.after_fence
        self.after_fence = False
        if _DIV_CLOSE.match(line):
            if top is None:
                return False  # a closing fence with no div open
            self.frames.pop()
            self.after_fence = True
            return True
        if _DIV_OPEN.match(line):
            self.frames.append(_Frame("div"))
            self.after_fence = True
            return block_start  # after a paragraph's line, pandoc reads it as text
        html = _HTML_LINE.match(line)
        if html is None:
            return True
        name = html.group(1)
        if name == "!--":
            unclosed = _uncommented(line)[1]
            if unclosed:
                self.frames.append(_Frame("comment"))
            return block_start or not unclosed
        if name[0] in "!?/" or ">" not in line:
            return False  # a declaration, a stray closing tag, a tag that goes on
        tag = name.lower()
        if tag in _VOID_ELEMENTS:
            return True
        opens, closes = _tag_counts(_CODE_SPAN.sub("", _uncommented(line)[0]), tag)
        if opens <= closes:
            return True  # closed on its line, or inline
        self.frames.append(_Frame("html", tag, opens - closes))
        return block_start

    def _inside_element(self, top: _Frame, line: str) -> bool:
        if top.tag in _VERBATIM_ELEMENTS:
            text, unclosed = line, False
        else:
            text, unclosed = _uncommented(_CODE_SPAN.sub("", line))
        opens, closes = _tag_counts(text, top.tag)
        top.depth += opens - closes
        if top.depth < 0:
            return False  # more closed than was open: an element around it is unknown
        if top.depth == 0:
            self.frames.pop()
            return not unclosed
        if unclosed:
            self.frames.append(_Frame("comment"))
        return True


def _uncommented(line: str) -> tuple[str, bool]:
    """``line`` without its HTML comments, and whether one is left open at its end."""
    text = _COMMENT.sub("", line)
    if "<!--" in text:
        return text.split("<!--", 1)[0], True
    return text, False


def _tag_counts(text: str, tag: str) -> tuple[int, int]:
    """How many elements named ``tag`` open (not self-closing) and close in ``text``."""
    name = re.escape(tag)
    opens = re.findall(rf"<{name}(?=[\s/>])[^>]*>", text, re.IGNORECASE)
    closes = re.findall(rf"</{name}\s*>", text, re.IGNORECASE)
    return sum(1 for found in opens if not found.endswith("/>")), len(closes)


def _metadata(lines: list[str]) -> tuple[list[str], int]:
    """The leading YAML metadata block (delimiters included) and the line after it."""
    if not lines or lines[0].rstrip() != "---":
        return [], 0
    for index in range(1, len(lines)):
        if _YAML_END.match(lines[index]):
            return lines[: index + 1], index + 1
    return [], 0
