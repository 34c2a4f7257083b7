"""Serialize a polib catalog exactly as GNU gettext's ``msgcat`` writes it.

This module is pure: it performs no file or subprocess I/O.  Its output is
byte-identical to what GNU gettext 0.21 ``msgcat FILE`` (default options,
page width 79) writes for the same catalog.  The string wrapping follows
``wrap()`` in gettext's ``write-po.c``: break opportunities are computed on the
*escaped* string (see :mod:`pipeline.linebreak`).  Like gettext, no line is
broken inside a format directive of the message's format language; only
python-format directives are recognised (not c-format, python-brace-format...).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import pairwise

import polib

from pipeline.catalogs import linebreak

__all__ = ["format_catalog", "format_entry", "header_entry", "wrap_string"]

PAGE_WIDTH = 79
_NO_WRAP = 2**31 - 1  # gettext uses INT_MAX as the width for "no-wrap"
# gettext's C escapes; every other control character is written raw.
_ESCAPES = dict(zip('\a\b\f\n\r\t\v\\"', 'abfnrtv\\"', strict=True))
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
# Format flags in the order of gettext 0.21's format_language[] table.
_FORMAT_NAMES = """
c objc python python-brace java java-printf csharp javascript scheme lisp elisp librep ruby
sh awk lua object-pascal smalltalk qt qt-plural kde kde-kuit boost tcl perl perl-brace php
gcc-internal gfc-internal ycp
"""
_FORMATS = _FORMAT_NAMES.split()
_PYTHON_SPEC = re.compile(r"[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d*))?[hlL]?([%csrdiuoxXeEfgG])")
_RANGE = re.compile(r"range:[ \t]+(\d+)\.\.(\d+)")  # trailing junk is ignored


Layout = Callable[[int, int], list[int]]  # (width, start column) -> where lines break


def _layout(portion: str, offset: int, kept: set[int]) -> tuple[str, Layout]:
    """A portion as written (escaped), and how to find its line breaks."""
    if (
        portion.isascii()
        and portion.isprintable()
        and not _NEEDS_ESCAPE.search(portion)
        and not any(offset <= index < offset + len(portion) for index in kept)
    ):  # the common case, made fast: nothing to escape, one column a character
        positions = linebreak.narrow_opportunities(portion)
        return portion, lambda width, start: linebreak.fit_narrow(
            len(portion), positions, width, start
        )
    text, opps = _escape(portion, offset, kept)
    return text, lambda width, start: linebreak.fit(text, opps, width, start)


def _escape(portion: str, offset: int, kept: set[int]) -> tuple[str, list[int]]:
    """Escape a portion; return it with its break opportunities.

    As write-po.c, no break may fall inside an escape sequence, nor just
    before the ``\\n`` that ends the portion, nor before a character of the
    value (at ``offset`` + index) in ``kept``: inside a format directive.
    """
    out: list[str] = []
    inside: list[int] = []
    for index, ch in enumerate(portion, offset):
        if index in kept:
            inside.append(len(out))
        if ch in _ESCAPES:
            inside.append(len(out) + 1)
            out += ["\\", _ESCAPES[ch]]
        else:
            out.append(ch)
    text = "".join(out)
    opps = linebreak.opportunities(text)
    for i in inside:
        opps[i] = linebreak.NO
    if portion.endswith("\n"):
        opps[-2] = linebreak.NO
    return text, opps


def _python_directives(value: str) -> Iterator[tuple[int, int]]:
    """(first, last) index of each python-format directive, as format-python.c.

    Parsing stops at the first invalid directive, which is not protected.
    """
    named = unnamed = False
    start = value.find("%")
    while start >= 0:
        end, name = start + 1, value.startswith("(", start + 1)
        if name:  # %(name)s, the name having balanced parentheses
            depth, end = 0, end + 1
            while end < len(value) and (value[end] != ")" or depth):
                depth += {"(": 1, ")": -1}.get(value[end], 0)
                end += 1
            end += 1
        spec = _PYTHON_SPEC.match(value, end)
        if end > len(value) or spec is None:
            return
        if "*" in spec[0] and named:  # named and unnamed arguments do not mix
            return
        unnamed |= "*" in spec[0]
        if (name and unnamed) or (not name and spec[1] != "%" and named):
            return
        named, unnamed = named or name, unnamed or (not name and spec[1] != "%")
        yield start, spec.end() - 1
        start = value.find("%", spec.end())


def _directive_interiors(language: str, value: str) -> set[int]:
    """Indexes inside a format directive (after its first character): write-po.c
    does not break there.  Only python-format directives are recognised."""
    spans = _python_directives(value) if language == "python" else ()
    return {i for first, last in spans for i in range(first + 1, last + 1)}


def wrap_string(
    keyword: str, value: str, width: int = PAGE_WIDTH, prefix: str = "", *, language: str = ""
) -> list[str]:
    """Lines for ``keyword "value"`` as gettext's wrap() writes them.

    The value is cut after every newline; a value that needs more than one
    line starts with ``keyword ""``.  Lines are at most ``width`` columns
    including both quotes, spaces stay at the end of a line.  ``language``
    (e.g. "python" for python-format) keeps its format directives unbroken.
    """
    portions = re.findall(r"[^\n]*\n|[^\n]+", value) or [""]
    kept = _directive_interiors(language, value)
    room = width - 2 - len(prefix.encode())  # text columns between the quotes
    lines: list[str] = []
    first, offset = True, 0
    for index, portion in enumerate(portions):
        text, fit = _layout(portion, offset, kept)
        offset += len(portion)
        start = len(keyword.encode()) + 1 if first else 0
        breaks = fit(room, start)
        if first and text and (index + 1 < len(portions) or start > room or breaks):
            lines.append(f'{prefix}{keyword} ""')
            first, breaks = False, fit(room, 0)
        head = f"{prefix}{keyword} " if first else prefix
        first = False
        bounds = [0, *breaks, len(text)]
        for n, (a, b) in enumerate(pairwise(bounds)):
            lines.append(f'{head if n == 0 else prefix}"{text[a:b]}"')
    return lines


def _comment_lines(marker: str, text: str) -> list[str]:
    """``# `` / ``#. `` lines: one per line of text, bare marker if empty."""
    if not text:
        return []
    return [marker + (" " + line if line else "") for line in text.split("\n")]


def _reference_lines(occurrences: list[tuple[str, str]]) -> list[str]:
    """``#:`` lines, filled up to the page width by byte length as gettext.

    References are deduplicated (as the PO reader does), leading ``./`` is
    dropped and a reference without a line number is written as the file.
    """
    seen: list[tuple[str, str]] = []
    for name, line in occurrences:
        number = str(int(line)) if str(line).isdigit() else ""
        if (name, number) not in seen:
            seen.append((name, number))
    if not seen:
        return []
    lines, column = ["#:"], 2
    for name, number in seen:
        while name.startswith("./"):
            name = name[2:]
        ref = name + (":" + number if number else "")
        if column > 2 and column + len(ref.encode()) + 1 > PAGE_WIDTH:
            lines.append("#:")
            column = 2
        lines[-1] += " " + ref
        column += len(ref.encode()) + 1
    return lines


def _flag_line(flags: list[str], fuzzy: bool, obsolete: bool) -> tuple[list[str], bool, str]:
    """The ``#,`` line (if any), the wrap setting and the format language whose
    directives wrap() keeps whole (the first one that is not "no-"), as gettext
    re-parses the flags.

    Order: fuzzy, format flags in gettext's language order, range (not kept
    on obsolete entries), no-wrap.  Unknown flags are dropped; for a repeated
    language or wrap flag the last one wins.
    """
    formats: dict[str, str] = {}
    span, wrap = "", True
    for flag in (f.strip() for f in flags):
        lang = re.sub(r"^(no-|possible-|impossible-)", "", flag)[:-7]
        match = _RANGE.match(flag)
        if flag.endswith("-format") and lang in _FORMATS:
            formats[lang] = flag[: -len(lang) - 7]
        elif match and int(match[1]) <= int(match[2]) and not obsolete:
            span = f"range: {int(match[1])}..{int(match[2])}"
        elif flag in ("wrap", "no-wrap"):
            wrap = flag == "wrap"
    shown = ["fuzzy"] if fuzzy else []
    languages = sorted(formats, key=_FORMATS.index)
    for lang in languages:
        kind = formats[lang]
        if kind != "impossible-":
            shown.append(("no-" if kind == "no-" else "") + lang + "-format")
    shown += [span] if span else []
    shown += [] if wrap else ["no-wrap"]
    possible = [lang for lang in languages if formats[lang] in ("", "possible-")]
    return (["#, " + ", ".join(shown)] if shown else []), wrap, (possible or [""])[0]


def _msgstrs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(keyword, value) pairs for msgstr or msgstr[N]."""
    if not entry.msgid_plural:
        return [("msgstr", entry.msgstr)]
    forms = entry.msgstr_plural or {0: ""}
    return [(f"msgstr[{n}]", forms[n]) for n in sorted(forms, key=int)]


def format_entry(entry: polib.POEntry) -> str:
    """One message, each line ending in a newline (no blank line before it), as
    gettext's message_print() / message_print_obsolete() write it."""
    obsolete = bool(entry.obsolete)
    msgstrs = _msgstrs(entry)
    fuzzy = "fuzzy" in entry.flags and msgstrs[0][1] != ""  # fuzzy needs msgstr
    flags, wrap, language = _flag_line(entry.flags, fuzzy, obsolete)
    width = PAGE_WIDTH if wrap else _NO_WRAP
    lines = _comment_lines("#", entry.tcomment) + _comment_lines("#.", entry.comment)
    lines += _reference_lines(entry.occurrences) + flags
    for keyword in ("msgctxt", "msgid", "msgid_plural"):  # the #| previous msgid
        value = getattr(entry, "previous_" + keyword)
        if value is not None:
            prefix = "#~| " if obsolete else "#| "
            lines += wrap_string(keyword, value, width, prefix, language=language)
    parts = [("msgctxt", entry.msgctxt)] if entry.msgctxt is not None else []
    parts += [("msgid", entry.msgid)]
    parts += [("msgid_plural", entry.msgid_plural)] if entry.msgid_plural else []
    for keyword, value in parts + msgstrs:
        lines += wrap_string(keyword, value, width, "#~ " if obsolete else "", language=language)
    return "".join(line + "\n" for line in lines)


def header_entry(po: polib.POFile) -> polib.POEntry | None:
    """The header message rebuilt from polib's metadata (in insertion order),
    or None for a catalog without one."""
    fuzzy = po.metadata_is_fuzzy
    if not (po.metadata or po.header or fuzzy):
        return None
    msgstr = "".join(f"{key}: {value}\n" for key, value in po.metadata.items())
    flags = list(fuzzy) if isinstance(fuzzy, list) else (["fuzzy"] if fuzzy else [])
    return polib.POEntry(msgid="", msgstr=msgstr, tcomment=po.header, flags=flags)


def format_catalog(po: polib.POFile) -> str:
    """The whole PO file text: header, messages, then obsolete messages.

    Obsolete messages whose (first) msgstr is empty are omitted, as msgcat
    does; messages are separated by one blank line.  Like msgcat without
    --force-po, a catalog with no message besides the header gives "".
    """
    if not len(po):
        return ""
    header = header_entry(po)
    entries = [header] if header is not None else []
    entries += [e for e in po if not e.obsolete]
    entries += [e for e in po if e.obsolete and _msgstrs(e)[0][1]]
    return "\n".join(format_entry(e) for e in entries)
