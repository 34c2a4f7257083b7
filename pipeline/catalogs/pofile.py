"""Adapter for PO and POT files: polib reads them, :mod:`pipeline.poformat` writes them.

The only module that touches polib. Reading returns :class:`pipeline.catalog.Catalog`
values with the line of every msgstr, for findings; a file polib cannot parse
raises :class:`PipelineError` with its path and line. Writing is byte-identical to
GNU ``msgcat`` and leaves a file alone when its bytes would not change.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline.adapters import files
from pipeline.catalogs import syntax
from pipeline.catalogs.cache import CatalogCache, Content, content
from pipeline.catalogs.model import Catalog, Entry
from pipeline.catalogs.poformat import format_entry, header_entry
from pipeline.core.errors import PipelineError

_SYNTAX_LINE = re.compile(r"line (\d+)")


def read(
    path: Path,
    shown_as: str | None = None,
    max_bytes: int | None = None,
    max_message: int | None = None,
    cache: CatalogCache | None = None,
) -> Catalog:
    """Read the catalog at ``path``; errors name ``shown_as`` (default: the path).

    With a ``cache``, a file whose bytes were read or written before is not parsed.
    """
    where = shown_as or str(path)
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise PipelineError(f"catalog is {size} bytes, over the limit of {max_bytes}", where)
        data = path.read_bytes()
    except OSError as error:
        raise PipelineError(f"cannot read catalog: {error.strerror}", where) from error
    known = cache.lookup(data, where) if cache is not None else None
    if known is not None:
        _check_lengths(known.entries, where, max_message)
        return known
    catalog = parse(data, where, max_message)
    if cache is not None:
        cache.remember(data, catalog)
    return catalog


def _check_lengths(entries: Iterable[Entry], where: str, max_message: int | None) -> None:
    if max_message is None:
        return
    for entry in entries:
        if len(entry.msgstr) <= max_message and not entry.msgstr_plural:
            continue
        longest = max([len(entry.msgstr), *map(len, entry.msgstr_plural)])
        if longest > max_message:
            limit = f"over the limit of {max_message} characters"
            raise PipelineError(f"translation is {longest} characters, {limit}", where, entry.line)


def parse(data: bytes, where: str, max_message: int | None = None) -> Catalog:
    """Parse PO file bytes; ``where`` names the file in errors."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad_line = data[: error.start].count(b"\n") + 1
        raise PipelineError("invalid UTF-8 (catalogs must be UTF-8)", where, bad_line) from error
    text = syntax.validate(text, where)
    if "\n" not in text:
        # polib takes a string that names an existing file as that file's path: a
        # one-line catalog reading "/etc/passwd" must stay text.
        text += "\n"
    text, restore = _shield_line_ends(text)
    try:
        # polib's own duplicate check compares each entry with all before it: quadratic.
        po = polib.pofile(text, encoding="utf-8")
    except (OSError, ValueError, IndexError, KeyError, TypeError, UnicodeError) as error:
        match = _SYNTAX_LINE.search(str(error))
        line = int(match.group(1)) if match else None
        raise PipelineError(f"cannot parse catalog: {error}", where, line) from error
    lines = text.splitlines()
    converted = [_entry(item, lines, restore) for item in po]  # in file order
    seen: dict[tuple[str | None, str], int] = {}
    for entry in converted:
        if entry.key in seen:
            first = seen[entry.key]
            raise PipelineError(f"duplicate message (first at line {first})", where, entry.line)
        seen[entry.key] = entry.line
    _check_lengths(converted, where, max_message)
    return Catalog(
        header=tuple((key, restore(value)) for key, value in po.metadata.items()),
        # Active entries first, then the obsolete ones, as msgcat writes them.
        entries=tuple(sorted(converted, key=lambda entry: entry.obsolete)),
        header_comments=tuple(map(restore, po.header.splitlines())) if po.header else (),
        header_flags=("fuzzy",) if po.metadata_is_fuzzy else (),
        path=where,
    )


# str.splitlines(), and so polib, also ends a line at these characters; gettext does not.
_OTHER_LINE_ENDS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _shield_line_ends(text: str) -> tuple[str, Callable[[str], str]]:
    """``text`` with every character of _OTHER_LINE_ENDS in it replaced by a character
    it does not contain, and the function that puts them back."""
    present = [character for character in _OTHER_LINE_ENDS if character in text]
    if not present:
        return text, _same
    used = set(text)  # one pass; a catalog may hold every private-use character
    candidates = itertools.chain.from_iterable(_STAND_INS)
    unused = (chr(code) for code in candidates if chr(code) not in used)
    stand_ins: dict[int, str] = {}
    for character in present:
        stand_in = next(unused, None)
        if stand_in is None:  # only a text of over a million distinct characters
            raise PipelineError("the catalog uses too many distinct characters")
        stand_ins[ord(character)] = stand_in
    back = {ord(stand_in): chr(code) for code, stand_in in stand_ins.items()}
    return text.translate(stand_ins), lambda value: value.translate(back)


# Private-use planes first, then every other code point polib keeps within a line.
_STAND_INS = (
    range(0xF0000, 0xFFFFE),
    range(0x100000, 0x10FFFE),
    range(0xE000, 0xF900),
    range(0x10000, 0xF0000),
    range(0x3400, 0xD800),
)


def _same(value: str) -> str:
    return value


def _entry(item: polib.POEntry, lines: list[str], restore: Callable[[str], str]) -> Entry:
    def each(values: Iterable[str]) -> tuple[str, ...]:
        return tuple(map(restore, values))

    return Entry(
        msgid=restore(item.msgid),
        msgstr=restore(item.msgstr),
        msgctxt=None if item.msgctxt is None else restore(item.msgctxt),
        msgid_plural=restore(item.msgid_plural) or None,
        msgstr_plural=each(item.msgstr_plural[k] for k in sorted(item.msgstr_plural)),
        extracted_comments=each(item.comment.splitlines()) if item.comment else (),
        translator_comments=each(item.tcomment.splitlines()) if item.tcomment else (),
        references=each(f"{name}:{line}" if line else name for name, line in item.occurrences),
        flags=each(item.flags),
        previous_msgid=None if item.previous_msgid is None else restore(item.previous_msgid),
        previous_msgid_plural=(
            None if item.previous_msgid_plural is None else restore(item.previous_msgid_plural)
        ),
        obsolete=bool(item.obsolete),
        line=_msgstr_line(lines, item.linenum),
    )


def _msgstr_line(lines: list[str], start: int) -> int:
    """The 1-based line of the entry's msgstr, searching from polib's entry line."""
    for number in range(max(start - 1, 0), len(lines)):
        if lines[number].lstrip("#~ ").startswith("msgstr"):
            return number + 1
    return start


def _header_only(catalog: Catalog) -> polib.POFile:
    po = polib.POFile(wrapwidth=79)
    po.header = "\n".join(catalog.header_comments)
    po.metadata = dict(catalog.header)
    po.metadata_is_fuzzy = "fuzzy" in catalog.header_flags
    return po


def _polib_entry(entry: Entry) -> polib.POEntry:
    item = polib.POEntry(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        msgctxt=entry.msgctxt,
        comment="\n".join(entry.extracted_comments),
        tcomment="\n".join(entry.translator_comments),
        occurrences=[_occurrence(reference) for reference in entry.references],
        flags=list(entry.flags),
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        obsolete=entry.obsolete,
    )
    if entry.msgid_plural is not None:
        item.msgid_plural = entry.msgid_plural
        item.msgstr_plural = dict(enumerate(entry.msgstr_plural))
    return item


def _occurrence(reference: str) -> tuple[str, str]:
    name, _, line = reference.rpartition(":")
    if name and line.isdigit():
        return (name, line)
    return (reference, "")


def _written(entry: Entry) -> bool:
    """msgcat writes every active message, and obsolete ones that have a translation."""
    if not entry.obsolete:
        return True
    return bool(entry.msgstr_plural[0] if entry.msgid_plural is not None else entry.msgstr)


@dataclass
class _Rendering:
    """A catalog as msgcat writes it, entry by entry."""

    entries: list[Entry]  # those written: the active ones, then the obsolete ones kept
    contents: list[Content]  # each one's content, which keys its formatted text
    parts: list[str]  # the header's text (if any), then each entry's
    formatted: dict[Content, str]  # content -> text, for the entries written

    @property
    def text(self) -> str:
        return "\n".join(self.parts)

    def msgstr_lines(self) -> list[int]:
        """The line of each entry's msgstr once the parts are joined by blank lines.

        An entry's text starts with its comments and msgid: its first line that starts
        with the msgstr keyword is the msgstr (msgstr[0] for plurals).
        """
        lines, start = [], 1
        header = len(self.parts) - len(self.entries)
        for index, text in enumerate(self.parts):
            if index >= header:
                keyword = "\n#~ msgstr" if self.entries[index - header].obsolete else "\nmsgstr"
                lines.append(start + text.count("\n", 0, text.index(keyword) + 1))
            start += text.count("\n") + 1
        return lines


def _render(catalog: Catalog, known: Mapping[Content, str]) -> _Rendering:
    """``catalog`` as msgcat writes it; entries whose content is in ``known`` are not
    formatted again (wrapping strings as gettext does is the slow part)."""
    if not catalog.entries:  # like msgcat without --force-po: nothing at all
        return _Rendering([], [], [], {})
    kept = [e for e in catalog.entries if not e.obsolete]
    kept += [e for e in catalog.entries if e.obsolete and _written(e)]
    header = header_entry(_header_only(catalog))
    parts = [format_entry(header)] if header is not None else []
    contents = [content(entry) for entry in kept]
    formatted: dict[Content, str] = {}
    for entry, key in zip(kept, contents, strict=True):
        text = known.get(key)
        if text is None:
            text = format_entry(_polib_entry(entry))
        parts.append(formatted.setdefault(key, text))
    return _Rendering(kept, contents, parts, formatted)


def render(catalog: Catalog) -> str:
    """The exact text GNU msgcat would write for ``catalog``."""
    return _render(catalog, {}).text


def write(
    path: Path,
    catalog: Catalog,
    cache: CatalogCache | None = None,
    max_bytes: int | None = None,
    shown_as: str | None = None,
) -> bool:
    """Write ``catalog`` atomically; returns False when the file already had these bytes.

    With a ``cache``, entries formatted by earlier writes are reused and the written
    catalog is remembered, so that reading the file back costs no parsing. A catalog
    over ``max_bytes``, which reading would refuse, is not written: PipelineError.
    """
    rendering = _render(catalog, cache.formatted if cache is not None else {})
    data = rendering.text.encode("utf-8")
    if max_bytes is not None and len(data) > max_bytes:
        over = f"over the limit of {max_bytes}"
        raise PipelineError(f"catalog would be {len(data)} bytes, {over}", shown_as or str(path))
    changed = files.write_if_changed(path, data)
    if cache is not None and (changed or not cache.knows(data)):
        cache.remember_written(
            data, catalog, rendering.contents, rendering.msgstr_lines(), rendering.formatted
        )
    return changed
