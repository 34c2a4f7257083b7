"""Segments -> catalog entries; template + old catalog -> merged catalog; completeness.

Pure: no files, no clock (times come in as parameters). The merge follows GNU
``msgmerge --previous``: exact matches keep their translation; obsolete entries come
back on an exact match; a changed message takes the closest old translation (similarity
above 0.6, see :mod:`pipeline.catalogs.fuzzy`), marked fuzzy with the previous msgid; a
message that disappeared becomes obsolete with its translation, never deleted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from pipeline.catalogs.fuzzy import FuzzyIndex, word_lists
from pipeline.extract.segments import Segment

FUZZY = "fuzzy"
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Entry:
    """One message of a catalog, as gettext models it."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: tuple[str, ...] = ()
    extracted_comments: tuple[str, ...] = ()
    translator_comments: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    # Line of the msgstr in the file it was read from (0 if none): where findings point,
    # not part of the entry's content, so it takes no part in comparisons.
    line: int = field(default=0, compare=False)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return FUZZY in self.flags

    @property
    def translated(self) -> bool:
        """Translated and usable: every form filled in, and not fuzzy."""
        return self.has_translation and not self.fuzzy

    @property
    def has_translation(self) -> bool:
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural)
        return bool(self.msgstr)

    @property
    def first_msgstr(self) -> str:
        """The msgstr, or msgstr[0] of a plural entry: what gettext tests to tell an
        entry with a translation (to match it, to keep it obsolete) from one without."""
        if self.msgid_plural is not None:
            return self.msgstr_plural[0] if self.msgstr_plural else ""
        return self.msgstr


@dataclass(frozen=True)
class Catalog:
    """A template (POT) or a language's catalog (PO)."""

    header: tuple[tuple[str, str], ...]
    entries: tuple[Entry, ...]
    header_comments: tuple[str, ...] = ()
    header_flags: tuple[str, ...] = ()
    path: str = ""

    def header_value(self, key: str) -> str | None:
        return dict(self.header).get(key)

    @property
    def active(self) -> list[Entry]:
        return [entry for entry in self.entries if not entry.obsolete]

    @property
    def obsolete(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.obsolete]

    @property
    def messages(self) -> dict[str, Entry]:
        """msgid -> active entry, for documents and page labels, whose messages never
        have a msgctxt: an entry with one never stands in for the entry without."""
        return {entry.msgid: entry for entry in self.active if entry.msgctxt is None}


def template_header(project_id: str, creation_date: str) -> tuple[tuple[str, str], ...]:
    """The header of a freshly extracted template."""
    return (
        ("Project-Id-Version", project_id),
        ("Report-Msgid-Bugs-To", ""),
        ("POT-Creation-Date", creation_date),
        ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        ("Language-Team", "LANGUAGE <LL@li.org>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
    )


def template_from_segments(
    segments: Iterable[Segment], reference: str, header: tuple[tuple[str, str], ...]
) -> Catalog:
    """One entry per distinct msgid, in first-occurrence order, with every context."""
    comments: dict[str, list[str]] = {}
    for segment in segments:
        if not segment.msgid.strip():
            continue
        seen = comments.setdefault(segment.msgid, [])
        comment = segment.comment
        if comment not in seen:
            seen.append(comment)
    entries = tuple(
        Entry(msgid=msgid, extracted_comments=tuple(found), references=(reference,))
        for msgid, found in comments.items()
    )
    return Catalog(header=header, entries=entries)


def with_creation_date(template: Catalog, previous: Catalog | None) -> Catalog:
    """Keep the previous template's creation date when nothing but the date changed."""
    if previous is None:
        return template
    old_date = previous.header_value("POT-Creation-Date")
    if old_date is None or previous.entries != template.entries:
        return template
    header = tuple(
        (key, old_date if key == "POT-Creation-Date" else value) for key, value in template.header
    )
    return replace(template, header=header)


def new_catalog(
    template: Catalog, language: str, language_name: str, plural_forms: str, project_id: str
) -> Catalog:
    """A catalog for ``language`` with every template message untranslated."""
    header = language_header(template.header, language, language_name, plural_forms, project_id)
    comments = (f"{language_name} translation of {project_id}.",)
    return Catalog(header=header, entries=template.entries, header_comments=comments)


def language_header(
    template_header: Sequence[tuple[str, str]],
    language: str,
    language_name: str,
    plural_forms: str,
    project_id: str,
) -> tuple[tuple[str, str], ...]:
    values = dict(template_header)
    values.update(
        {
            "Project-Id-Version": project_id,
            "Language-Team": language_name,
            "Language": language,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": plural_forms,
        }
    )
    order = [key for key, _ in template_header]
    order += [key for key in ("Language", "Plural-Forms") if key not in order]
    return tuple((key, values[key]) for key in order)


def merge(template: Catalog, old: Catalog) -> Catalog:
    """Merge ``template`` into the language catalog ``old`` (msgmerge semantics).

    As ``msgmerge --previous``: a template message finds its old entry (active or
    obsolete) by msgctxt and msgid; failing that, the old entry with a translation whose
    msgid is most similar, as a fuzzy match. An old entry matched neither way becomes
    obsolete, if it has a translation. Where the two differ:

    - a fuzzy match from an entry that was fuzzy without a previous msgid takes that
      entry's msgid as its previous msgid (msgmerge gives none): the translator still
      sees the text the translation was last matched to, rather than nothing.
    """
    active = {entry.key: entry for entry in old.active}
    obsolete = {entry.key: entry for entry in old.obsolete}
    new = [e for e in template.entries if e.key not in active and e.key not in obsolete]
    new_words = dict(zip([e.key for e in new], word_lists([e.msgid for e in new]), strict=True))
    candidates = [entry for entry in old.entries if entry.first_msgstr] if new else []
    wanted = {word for words in new_words.values() for word in words}
    index = FuzzyIndex([entry.msgid for entry in candidates], wanted)
    forms = plural_count(old.header_value("Plural-Forms"))
    used: set[tuple[str | None, str]] = set()
    merged: list[Entry] = []
    for fresh in template.entries:
        previous = active.get(fresh.key) or obsolete.get(fresh.key)
        if previous is not None:
            used.add(previous.key)
            merged.append(_carry(fresh, previous, forms))
            continue
        position = index.closest(fresh.msgid, new_words[fresh.key])
        if position is None:
            merged.append(fresh)
        else:
            close = candidates[position]
            used.add(close.key)
            merged.append(_carry(fresh, close, forms, fuzzy_match=True))
    current = {fresh.key for fresh in template.entries}
    gone = [
        _obsolete(entry)
        for entry in old.entries
        if entry.key not in used and entry.key not in current and _any_translation(entry)
    ]
    created = template.header_value("POT-Creation-Date")
    header = tuple(
        (key, created if key == "POT-Creation-Date" and created else value)
        for key, value in old.header
    )
    return replace(old, header=header, entries=tuple(merged) + tuple(gone))


def _any_translation(entry: Entry) -> bool:
    return bool(entry.msgstr) or any(entry.msgstr_plural)


def _obsolete(entry: Entry) -> Entry:
    """``entry`` as an obsolete entry: as msgmerge, without references, extracted
    comments or previous msgid (gettext's readers never give ``#~|`` lines back)."""
    already = entry.obsolete and not entry.references and not entry.extracted_comments
    if already and entry.previous_msgid is None and entry.previous_msgid_plural is None:
        return entry
    return replace(
        entry,
        obsolete=True,
        references=(),
        extracted_comments=(),
        previous_msgid=None,
        previous_msgid_plural=None,
    )


_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def plural_count(plural_forms: str | None) -> int:
    """The number of plural forms a ``Plural-Forms`` header declares (2 if it declares
    none, as gettext assumes)."""
    found = _NPLURALS.search(plural_forms or "")
    count = int(found.group(1)) if found else 2
    return count if 1 <= count <= 100 else 2


def _carry(fresh: Entry, previous: Entry, forms: int, fuzzy_match: bool = False) -> Entry:
    """The template entry with the translation and translator data of ``previous``.

    An exact match keeps its fuzzy state (and previous msgid); a fuzzy match becomes
    fuzzy, with the matched message as its previous msgid, or the previous msgid it
    already had if it was fuzzy: the source text its translation was made for, however
    many edits ago. A change between singular and plural, or of the msgid_plural, is
    carried as msgmerge does: fuzzy, a singular translation copied into every plural
    form, a plural one reduced to its first form.
    """
    if not fuzzy_match and _unchanged(fresh, previous):
        return previous  # the common case on a large catalog: no new object to build
    reshaped = fresh.msgid_plural != previous.msgid_plural
    flags = (FUZZY,) if fuzzy_match or reshaped else previous.flags
    before: tuple[str | None, str | None]
    if previous.fuzzy and previous.previous_msgid is not None:
        before = (previous.previous_msgid, previous.previous_msgid_plural)
    elif fuzzy_match or reshaped:
        before = (previous.msgid, previous.msgid_plural)
    else:
        before = (None, None)
    msgstr, msgstr_plural = _translation_for(fresh, previous, forms)
    return replace(
        fresh,
        msgstr=msgstr,
        msgstr_plural=msgstr_plural,
        translator_comments=previous.translator_comments,
        flags=_merge_flags(fresh.flags, flags),
        previous_msgid=before[0],
        previous_msgid_plural=before[1],
    )


def _translation_for(fresh: Entry, previous: Entry, forms: int) -> tuple[str, tuple[str, ...]]:
    """``previous``'s translation in the shape of ``fresh``: msgstr, msgstr[N]."""
    if fresh.msgid_plural is None:
        return previous.first_msgstr, ()
    if previous.msgid_plural is not None:
        return "", previous.msgstr_plural or fresh.msgstr_plural
    if previous.msgstr:
        return "", (previous.msgstr,) * forms
    return "", fresh.msgstr_plural


def _unchanged(fresh: Entry, previous: Entry) -> bool:
    """Whether carrying ``previous`` over ``fresh`` would give ``previous`` back."""
    return (
        not previous.obsolete
        and previous.extracted_comments == fresh.extracted_comments
        and previous.references == fresh.references
        and previous.msgid_plural == fresh.msgid_plural
        and previous.flags == _merge_flags(fresh.flags, previous.flags)
        and (previous.fuzzy or previous.previous_msgid is None)
        and (previous.fuzzy or previous.previous_msgid_plural is None)
        and bool(previous.msgstr_plural or not fresh.msgstr_plural)
    )


def _merge_flags(template_flags: tuple[str, ...], previous: tuple[str, ...]) -> tuple[str, ...]:
    flags = [FUZZY] if FUZZY in previous else []
    return tuple(flags + [flag for flag in template_flags if flag != FUZZY])


def purge_obsolete(catalog: Catalog) -> Catalog:
    return replace(catalog, entries=tuple(catalog.active))


@dataclass(frozen=True)
class Completeness:
    """How far a catalog is translated, in entries and in source words."""

    entries: int
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    words: int
    translated_words: int
    fuzzy_words: int

    @property
    def percent(self) -> float:
        """Percent of source words translated (fuzzy does not count)."""
        if self.words == 0:
            return 100.0
        return 100.0 * self.translated_words / self.words


def word_count(text: str) -> int:
    return len(_WORD.findall(_MARKUP_TARGETS.sub("", text)))


_MARKUP_TARGETS = re.compile(r"\]\([^)]*\)")  # link targets are not words to translate


def completeness(catalog: Catalog) -> Completeness:
    """Count entries and source words of the active messages."""
    active = catalog.active
    words = {entry.msgid: word_count(entry.msgid) for entry in active}
    translated = [entry for entry in active if entry.translated]
    fuzzy = [entry for entry in active if entry.fuzzy and entry.has_translation]
    return Completeness(
        entries=len(active),
        translated=len(translated),
        fuzzy=len(fuzzy),
        untranslated=len(active) - len(translated) - len(fuzzy),
        obsolete=len(catalog.obsolete),
        words=sum(words.values()),
        translated_words=sum(words[entry.msgid] for entry in translated),
        fuzzy_words=sum(words[entry.msgid] for entry in fuzzy),
    )


def completeness_against(catalog: Catalog, current: Sequence[str]) -> Completeness:
    """How far ``catalog`` translates the ``current`` source's messages.

    The one definition every command uses. A message of the source that the catalog
    lacks counts as untranslated; an entry whose message left the source counts for
    nothing (only as obsolete, when it is marked so). Fuzzy translations do not count.
    """
    entries = {entry.msgid: entry for entry in catalog.active if entry.msgctxt is None}
    messages = list(dict.fromkeys(current))
    translated = fuzzy = words = translated_words = fuzzy_words = 0
    for msgid in messages:
        count = word_count(msgid)
        words += count
        entry = entries.get(msgid)
        if entry is not None and entry.translated:
            translated += 1
            translated_words += count
        elif entry is not None and entry.fuzzy and entry.has_translation:
            fuzzy += 1
            fuzzy_words += count
    return Completeness(
        entries=len(messages),
        translated=translated,
        fuzzy=fuzzy,
        untranslated=len(messages) - translated - fuzzy,
        obsolete=len(catalog.obsolete),
        words=words,
        translated_words=translated_words,
        fuzzy_words=fuzzy_words,
    )
