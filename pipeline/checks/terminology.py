"""Catalog entries + term list -> ``terminology`` findings. Pure.

Where a message's source names a concept of the term list, its translation must name
it with an approved form and with no forbidden one:

- a forbidden form is an error: someone decided that this form is wrong, so it is
  never published by accident;
- no approved form is a warning: the translation may say it another way on purpose (a
  pronoun, a form the list does not give), which only a reader can judge.

Forms are matched as whole words after Unicode case folding (and the same apostrophe
and Romanian comma letters however typed); a word ending in ``*`` matches any ending.
Link targets, autolinks, bare URLs, e-mail addresses and inline code are not text and
are left out, in the source and in the translation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pipeline.catalogs.model import Entry
from pipeline.checks.termbase import Concept, TermList, forms_for
from pipeline.core.findings import ERROR, WARNING, Finding

CODE = "terminology"
_NOT_TEXT = re.compile(
    r"\]\([^)]*\)"  # a link's target and title
    r"|<[^<>\s]+>"  # an autolink or e-mail address
    r"|`+[^`]*`+"  # inline code
    r"|\b(?:https?|ftp)://\S+|\bwww\.\S+"  # a bare URL
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an e-mail address
)
_EMPHASIS = re.compile(r"[*]+")
_SAME = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark, as apostrophe
        "\u02bc": "'",  # modifier letter apostrophe
        "\u2018": "'",
        "\u015f": "\u0219",  # s with cedilla -> with comma below (Romanian)
        "\u0163": "\u021b",  # t with cedilla -> with comma below
    }
)


def fold(text: str) -> str:
    """``text`` as terms are compared: NFC, case folded, one apostrophe."""
    return unicodedata.normalize("NFC", text).casefold().translate(_SAME)


def plain_text(markdown: str) -> str:
    """The words of a message: without targets, URLs, addresses, code or emphasis marks."""
    return _EMPHASIS.sub("", _NOT_TEXT.sub(" ", markdown))


@lru_cache(maxsize=4096)
def form_pattern(form: str) -> re.Pattern[str]:
    """A compiled matcher of one form, for folded text: whole words, ``*`` endings."""
    parts = []
    for word in form.split():
        if word.endswith("*"):
            parts.append(re.escape(fold(word[:-1])) + r"\w*")
        else:
            parts.append(re.escape(fold(word)))
    body = r"\s+".join(parts)
    start = r"(?<!\w)" if re.match(r"\w", form) else ""
    end = r"(?!\w)" if re.search(r"[\w*]$", form) else ""
    return re.compile(start + body + end)


def find_form(forms: Iterable[str], folded: str) -> str | None:
    """The first of ``forms`` found in ``folded`` text, if any."""
    return next((form for form in forms if form_pattern(form).search(folded)), None)


@dataclass(frozen=True)
class _Prepared:
    """A term list narrowed to one language: the concepts that say anything about it."""

    concepts: tuple[tuple[Concept, tuple[str, ...], tuple[str, ...]], ...]


def for_language(terms: TermList, code: str) -> _Prepared:
    kept = []
    for concept in terms.concepts:
        approved, forbidden = forms_for(concept.approved, code), forms_for(concept.forbidden, code)
        if approved or forbidden:
            kept.append((concept, approved, forbidden))
    return _Prepared(tuple(kept))


def terminology_findings(
    entries: Iterable[Entry], terms: TermList, code: str, shown: str
) -> list[Finding]:
    """One finding per entry and concept whose translation breaks the term list."""
    prepared = for_language(terms, code)
    if not prepared.concepts:
        return []
    findings = []
    for entry in entries:
        texts = entry.msgstr_plural if entry.msgid_plural is not None else (entry.msgstr,)
        if entry.obsolete or not any(texts):
            continue
        source = fold(plain_text(entry.msgid))
        translation = fold(plain_text(" \n".join(texts)))
        for concept, approved, forbidden in prepared.concepts:
            if find_form(concept.source, source) is None:
                continue
            problem = _problem(concept, approved, forbidden, translation)
            if problem is not None:
                severity, message = problem
                findings.append(Finding(shown, entry.line, severity, CODE, message))
    return findings


def _problem(
    concept: Concept,
    approved: tuple[str, ...],
    forbidden: tuple[str, ...],
    translation: str,
) -> tuple[str, str] | None:
    name = concept.source[0]
    wanted = ", ".join(f"“{form}”" for form in approved) or "none listed"
    bad = find_form(forbidden, translation)
    if bad is not None:
        return ERROR, f"“{name}” translated with the forbidden “{bad}”; approved: {wanted}"
    if approved and find_form(approved, translation) is None:
        return WARNING, f"“{name}” without an approved translation; approved: {wanted}"
    return None
