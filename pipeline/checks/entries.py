"""Catalogs -> findings: header, completeness and entry checks.

Pure: the caller passes each catalog with the parsed ASTs of its msgids and msgstrs
(one batched pandoc call) and the language's settings. Every check has a stable code,
documented in the README; findings point at the msgstr's line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pipeline.catalogs.model import Catalog, Completeness, Entry
from pipeline.checks import quality
from pipeline.checks.characters import character_checks
from pipeline.checks.numbers import numbers
from pipeline.checks.plurals import plural_difference
from pipeline.core.findings import ERROR, INFO, WARNING, Finding
from pipeline.core.languages import Language, same_language
from pipeline.render.labels import label_problems
from pipeline.translate.document import allowed_target, single_paragraph, targets
from pipeline.translate.owned import CLASS_NODES, lost

Blocks = list[dict[str, Any]]
MARKUP_NODES = (
    "Emph",
    "Strong",
    "Code",
    "Link",
    "Image",
    "Note",
    "Strikeout",
    "Superscript",
    "Subscript",
    "Math",
    "Underline",
    "SmallCaps",
)
SAFE_SCHEMES = {"http", "https", "mailto", ""}
_BLOCK_OPENER = re.compile(r"\s*(?:#{1,6}\s|[-*+]\s|>)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TARGET = re.compile(r"\]\([^)]*\)|<[^<>\s]+@[^<>\s]+>|<https?://[^<>\s]+>")
_RAW_HTML = re.compile(r"<(?!https?://|mailto:)[/!]?[A-Za-z][^>]*>|<!--")
_RAW_TEX = re.compile(r"\\(?:begin|end|[A-Za-z]{2,})\b(?:\{|\[)")
_RAW_ATTRIBUTE = re.compile(r"\{=[A-Za-z]+\}")
_PLACEHOLDER = re.compile(r"%\([A-Za-z_]+\)[sd]|%[sd]")
LENGTH_RATIO = (0.35, 3.0)


@dataclass(frozen=True)
class Parsed:
    """The parsed blocks of an entry's msgid and msgstr (None: could not be parsed)."""

    msgid: Blocks | None
    msgstr: Blocks | None
    added: tuple[str, ...] = ()  # markup the translation has and the source lacks (not used)


def header_findings(catalog: Catalog, language: Language, path: str) -> list[Finding]:
    findings = []
    declared = catalog.header_value("Language")
    if declared != language.code and not same_language(declared, language.code):
        findings.append(
            Finding(
                path,
                1,
                ERROR,
                "header-language",
                f"header Language is {declared!r}; the folder says {language.code!r}",
            )
        )
    plural = catalog.header_value("Plural-Forms")
    difference = None if plural is None else plural_difference(plural, language.plural_forms)
    if difference is not None:
        severity, message = difference
        findings.append(
            Finding(
                path,
                1,
                severity,
                "header-plural-forms",
                f"{message} (Plural-Forms is {plural!r}; CLDR's rule for "
                f"{language.english_name} is {language.plural_forms!r})",
            )
        )
    content_type = catalog.header_value("Content-Type") or ""
    if "charset=utf-8" not in content_type.lower().replace(" ", ""):
        findings.append(
            Finding(
                path,
                1,
                ERROR,
                "header-charset",
                f"Content-Type is {content_type!r}; catalogs must be UTF-8",
            )
        )
    return findings


def plural_findings(catalog: Catalog, path: str) -> list[Finding]:
    """Document messages are never plural: a plural entry there is a mistake."""
    return [
        Finding(path, entry.line, ERROR, "plural", "plural entry in a document catalog")
        for entry in catalog.active
        if entry.msgid_plural is not None
    ]


def completeness_findings(
    catalog: Catalog, figures: Completeness, path: str, threshold: float | None
) -> list[Finding]:
    """Each untranslated and fuzzy entry, and the verdict of ``figures`` on the threshold."""
    findings = []
    for entry in catalog.active:
        if entry.fuzzy and entry.has_translation:
            findings.append(
                Finding(
                    path,
                    entry.line,
                    WARNING,
                    "fuzzy",
                    "fuzzy translation: review it and remove the fuzzy flag",
                )
            )
        elif not entry.translated:
            findings.append(
                Finding(path, entry.line, WARNING, "untranslated", "not translated yet")
            )
    if threshold is not None and figures.percent + 1e-9 < threshold:
        findings.append(
            Finding(
                path,
                0,
                ERROR,
                "completeness",
                f"{figures.percent:.1f}% of source words translated "
                f"({figures.translated}/{figures.entries} entries, "
                f"{figures.fuzzy} fuzzy); publishing needs {threshold:.0f}%",
            )
        )
    return findings


def entry_findings(
    entry: Entry, parsed: Parsed | None, language: Language, path: str
) -> list[Finding]:
    """Every entry-level check of one translated (or fuzzy) entry.

    ``parsed`` is None for plain-text messages (page labels), which skip the
    Markdown checks.
    """
    if not entry.msgstr or entry.obsolete:
        return []
    checks = _ENTRY_CHECKS if parsed is not None else _TEXT_CHECKS
    found: list[tuple[str, str, str]] = []
    for check in checks:
        found += check(entry, parsed, language)
    found += character_checks(entry, language)
    return [Finding(path, entry.line, severity, code, message) for severity, code, message in found]


Result = Iterator[tuple[str, str, str]]


def _structure(entry: Entry, parsed: Parsed | None, language: Language) -> Result:
    if parsed is None:
        return
    if parsed.msgstr is None:
        yield ERROR, "block-structure", "translation could not be parsed on its own"
        return
    blocks = parsed.msgstr
    if len(blocks) != 1 or blocks[0]["t"] not in ("Para", "Plain"):
        kinds = ", ".join(block["t"] for block in blocks) or "nothing"
        yield (
            ERROR,
            "block-structure",
            (
                f"translation would become {kinds}, not one paragraph of text: "
                "remove the blank lines"
            ),
        )
    elif single_paragraph(blocks) is None:
        yield (
            ERROR,
            "block-structure",
            "a note in the translation holds headings, lists, tables, code or another note; "
            "a note is one or more paragraphs of text",
        )
    elif _BLOCK_OPENER.match(entry.msgstr) and not _BLOCK_OPENER.match(entry.msgid):
        yield (
            ERROR,
            "block-structure",
            (
                "translation starts like a heading, list or quotation; it is shown as plain "
                "text (escape the first character with a backslash if that is meant)"
            ),
        )


def _markup(entry: Entry, parsed: Parsed | None, language: Language) -> Result:
    if parsed is None or parsed.msgid is None or parsed.msgstr is None:
        return
    source, target = _count_nodes(parsed.msgid), _count_nodes(parsed.msgstr)
    for tag in MARKUP_NODES:
        if source[tag] != target[tag]:
            yield (
                ERROR,
                "markup",
                (
                    f"{tag} appears {target[tag]} time(s) in the translation, "
                    f"{source[tag]} in the source: keep the same inline markup"
                ),
            )


def _count_nodes(value: Any, counts: Counter[str] | None = None) -> Counter[str]:
    counts = Counter() if counts is None else counts
    if isinstance(value, dict):
        if "t" in value:
            counts[value["t"]] += 1
        for item in value.values():
            _count_nodes(item, counts)
    elif isinstance(value, list):
        for item in value:
            _count_nodes(item, counts)
    return counts


def _links(entry: Entry, parsed: Parsed | None, language: Language) -> Result:
    if parsed is None:
        return
    source = targets(parsed.msgid or [])
    images = targets(parsed.msgid or [], ("Image",))
    for url in sorted(targets(parsed.msgstr or [], ("Image",)) - images):
        yield ERROR, "link-target", f"image {url!r} is not one of the source's images; not shown"
    for url in sorted(targets(parsed.msgstr or [], ("Link",))):
        scheme = urlsplit(url).scheme.lower()
        if scheme not in SAFE_SCHEMES:
            yield ERROR, "link-scheme", f"link target {url!r} uses a forbidden scheme"
        elif url in source or scheme == "mailto":  # addresses: see _emails
            continue
        elif allowed_target(url, source):  # the rule the build enforces
            yield WARNING, "link-target", f"link target {url!r} differs from the source (same host)"
        else:
            yield ERROR, "link-target", f"link target {url!r} is not in the source message"


def _emails(entry: Entry, parsed: Parsed | None, language: Language) -> Result:
    source, target = Counter(_EMAIL.findall(entry.msgid)), Counter(_EMAIL.findall(entry.msgstr))
    for address in source - target:
        yield ERROR, "email", f"e-mail address {address} is missing from the translation"
    for address in target - source:
        yield ERROR, "email", f"e-mail address {address} is not in the source"


def _numbers(text: str, babel_locale: str) -> Counter[str]:
    text = _TARGET.sub(" ", text)
    text = _EMAIL.sub(" ", text)
    return numbers(text, babel_locale)


def _number_check(entry: Entry, parsed: Parsed | None, language: Language) -> Result:
    locale = language.babel_locale
    source, target = _numbers(entry.msgid, locale), _numbers(entry.msgstr, locale)
    for number in source - target:
        yield ERROR, "number", f"number {number} of the source is missing from the translation"
    for number in target - source:
        yield WARNING, "number", f"number {number} is not in the source"


def _raw(entry: Entry, parsed: Parsed | None, language: Language) -> Result:
    # What the reader sees as text: code, math and the source's own raw inlines are
    # not text, and so not raw markup shown as text.
    if parsed is not None and parsed.msgstr is not None:
        text = _shown_text(parsed.msgstr)
    else:
        text = _TARGET.sub(" ", entry.msgstr)
    for pattern, what in (
        (_RAW_HTML, "raw HTML"),
        (_RAW_TEX, "raw TeX"),
        (_RAW_ATTRIBUTE, "a raw block"),
    ):
        match = pattern.search(text)
        if match:
            yield (
                ERROR,
                "raw-markup",
                f"{what} ({match.group(0)!r}) is shown as text, never as markup",
            )


def _shown_text(value: Any) -> str:
    """The text of ``value`` as it is shown, without code, math, raw inlines or targets."""
    if isinstance(value, list):
        return "".join(_shown_text(item) for item in value)
    if not isinstance(value, dict):
        return ""
    tag = value.get("t")
    if tag == "Str":
        return str(value["c"])
    if tag in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if tag in ("Code", "Math", "RawInline", "Note"):
        return " "
    if tag == "Quoted":
        return '"' + _shown_text(value["c"][1]) + '"'
    if tag in ("Link", "Image", "Span", "Cite"):
        return _shown_text(value["c"][1])
    return _shown_text(value.get("c"))


def _source_markup(entry: Entry, parsed: Parsed | None, language: Language) -> Result:
    if parsed is None or parsed.msgid is None or parsed.msgstr is None:
        return
    for serious, key in lost(parsed.msgid, parsed.msgstr):
        if key in CLASS_NODES.values():
            continue  # small caps and underline are counted by the markup check
        what = "id or raw inline" if serious else "attribute"
        yield (
            ERROR if serious else WARNING,
            "source-markup",
            f"the source's {what} {key} is missing or changed: keep it exactly as it is",
        )
    for key in parsed.added:
        yield (
            ERROR,
            "source-markup",
            f"{key} is not the source's: not used (markup of the source is kept exactly)",
        )


def _whitespace(entry: Entry, parsed: Parsed | None, language: Language) -> Result:
    if entry.msgstr != entry.msgstr.strip() or "\n" in entry.msgstr:
        yield (
            WARNING,
            "whitespace",
            "leading, trailing or line-break white space in the translation",
        )


def _unchanged(entry: Entry, parsed: Parsed | None, language: Language) -> Result:
    comments = entry.extracted_comments if parsed is not None else ()
    yield from quality.unchanged(entry.msgid, entry.msgstr, comments)


def _quality(entry: Entry, parsed: Parsed | None, language: Language) -> Result:
    yield from quality.quality(entry.msgid, entry.msgstr, language.code.split("_")[0])


def _length(entry: Entry, parsed: Parsed | None, language: Language) -> Result:
    if len(entry.msgid) < 30:
        return
    ratio = len(entry.msgstr) / len(entry.msgid)
    low, high = LENGTH_RATIO
    if not low <= ratio <= high:
        yield WARNING, "length", f"translation is {ratio:.1f} times as long as the source"


def _placeholders(entry: Entry, parsed: Parsed | None, language: Language) -> Result:
    if sorted(_PLACEHOLDER.findall(entry.msgid)) != sorted(_PLACEHOLDER.findall(entry.msgstr)):
        yield ERROR, "placeholder", "the %(name)s placeholders differ from the source"


def _typography(entry: Entry, parsed: Parsed | None, language: Language) -> Result:
    yield from quality.typography(entry.msgid, entry.msgstr, language.code, language.english_name)


_ENTRY_CHECKS: tuple[Callable[[Entry, Parsed | None, Language], Result], ...] = (
    _structure,
    _markup,
    _links,
    _emails,
    _number_check,
    _raw,
    _source_markup,
    _whitespace,
    _unchanged,
    _length,
    _placeholders,
    _typography,
    _quality,
)


def _label(entry: Entry, parsed: Parsed | None, language: Language) -> Result:
    """Page labels: what would make the page show the source label instead."""
    for code, message in label_problems(entry.msgid, entry.msgstr):
        yield ERROR, code, f"{message}; the page shows the source label instead"


_TEXT_CHECKS = (_emails, _number_check, _raw, _whitespace, _unchanged, _label, _typography)

CHECK_CODES: Mapping[str, str] = {
    "catalog-syntax": "the catalog cannot be parsed (the line says where)",
    "header-language": "the Language header does not match the catalog's folder",
    "header-plural-forms": "Plural-Forms differs from the language's CLDR plural rule",
    "header-charset": "the catalog is not declared UTF-8",
    "plural": "a plural entry in a document catalog, where none is expected",
    "completeness": "fewer source words translated than the publish threshold",
    "stale-catalog": "the catalog's messages are not the source's: run update",
    "unexpected-context": "an entry with a msgctxt, which no message has: ignored",
    "untranslated": "an entry without translation",
    "fuzzy": "a fuzzy entry: not published until reviewed",
    "block-structure": "the translation would become a heading, list, table or several paragraphs",
    "markup": "emphasis, strong, code, links, images or notes differ from the source",
    "link-target": "a link target that is not the source's (same host: warning; other host: error)",
    "link-scheme": "a javascript:, data:, file: or other non-web link",
    "email": "an e-mail address of the source is missing",
    "number": "a number of the source is missing, or a new one appears (45%, 45 % match)",
    "raw-markup": "raw HTML, TeX or a raw attribute in the translation (shown as text)",
    "source-markup": "an id, attribute, span or raw inline of the source is missing or changed "
    "(id or raw inline: error; class, language, size: warning)",
    "whitespace": "leading or trailing white space, or a line break",
    "unchanged": "the translation is identical to the source",
    "length": "the translation is far shorter or longer than the source",
    "placeholder": "a %(name)s placeholder of a page label is missing or new, or a bad %",
    "label-text": "a page label with a line break",
    "nesting": "brackets, emphasis or lists nested or left open beyond what is read safely",
    "control-character": "a control character or noncharacter (NUL, ESC, U+FFFE...)",
    "invisible-character": "a bidi override or unpaired isolate (error); a zero-width "
    "character the script does not need (warning)",
    "typography": "the locale's punctuation (French spaces, quotation marks)",
    **quality.CODES,
}

__all__ = [
    "CHECK_CODES",
    "INFO",
    "Parsed",
    "completeness_findings",
    "entry_findings",
    "header_findings",
]
