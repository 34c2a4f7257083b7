"""The ``ui`` domain: template strings, extracted with Babel, rendered with Jinja2.

Page labels, the language switcher, download links and the draft banner live in
the Jinja2 templates shipped with the pipeline. :func:`extract_ui` turns them into
segments-like messages for the ``ui`` template; :func:`environment` gives a Jinja2
environment whose ``_``/``gettext`` look strings up in a language's translations.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from pipeline.adapters import files
from pipeline.core.languages import Language
from pipeline.core.publication import Publication
from pipeline.render import labels

if TYPE_CHECKING:  # Jinja2 is imported where it is used: catalog updates need none of it.
    import jinja2

TEMPLATE_NAMES = ("page.html", "index.html")
UI_DOMAIN = "ui"
# The templates name a label of the project's settings as ``label("kind")``: its msgid
# is the settings' English sentence (see :mod:`pipeline.core.publication`).
LABEL_FUNCTION = "label"
# Strings the code passes to the templates (EPUB metadata, the PDF footer); declared
# here so that extraction finds them like the template strings. A ``label:`` entry is
# one of the settings' labels; an ``imprint:`` entry is the project's publisher or rights
# statement, when it sets one.
CODE_STRINGS = (
    ("Page %(page)s of %(pages)s", "PDF footer; %(page)s and %(pages)s are page numbers"),
    ("label:summary", "EPUB accessibility summary"),
    ("Not published: %(percent)s translated, %(threshold)s needed", "index page"),
    ("Contents", "EPUB table of contents title"),
    (
        "This page in your language: %(language)s",
        "index page, offered to a reader whose browser prefers this language; "
        "%(language)s is the language's own name",
    ),
    (
        "Catalogue number",
        "colophon: the label before the publisher's catalogue number of this edition",
    ),
    (
        "imprint:publisher",
        "colophon, cover and book metadata: the publisher's name as published in this "
        "language (a proper name: its official form in the language, else unchanged)",
    ),
    (
        "imprint:rights",
        "colophon and book metadata: the copyright and reuse notice, in the publisher's "
        "official wording for this language",
    ),
)


@dataclass(frozen=True)
class UiMessage:
    msgid: str
    comment: str


def templates_dir() -> Path:
    return Path(str(resources.files("pipeline.render") / "templates"))


def extract_ui(
    publication: Publication | None = None,
    cache: Path | None = None,
    imprint: Mapping[str, str] | None = None,
) -> list[UiMessage]:
    """Every translatable template string, in template order, then the code's strings,
    with each of the publication's labels where the templates name it, and the
    ``imprint`` texts the project sets (``publisher``, ``rights``; "" or none for none).

    With a ``cache`` file, the templates' strings are remembered by the templates'
    content and the code's strings: extracting imports Jinja2 and Babel's extractor, a
    tenth of a second that re-extracting a document need not pay when no template changed.
    """
    publication = publication or Publication()
    imprint = imprint or {}
    if cache is None:
        return _resolved(_extract_ui(), publication, imprint)
    digest = hashlib.sha256(repr(("labels", CODE_STRINGS)).encode())
    for name in TEMPLATE_NAMES:
        digest.update((templates_dir() / name).read_bytes())
    version = digest.hexdigest()
    pairs = files.load_cached(cache, version)
    if pairs is None:
        pairs = _extract_ui()
        files.store_cached(cache, version, pairs)
    return _resolved(pairs, publication, imprint)


def _resolved(
    pairs: list[tuple[str, str]], publication: Publication, imprint: Mapping[str, str]
) -> list[UiMessage]:
    found: dict[str, str] = {}
    for key, comment in pairs:
        if key.startswith("imprint:"):
            msgid = imprint.get(key[8:], "")
        elif key.startswith("label:"):
            msgid = publication.label(key[6:])
        else:
            msgid = key
        if msgid:
            found.setdefault(msgid, comment)
    return [UiMessage(msgid, comment) for msgid, comment in found.items()]


def _extract_ui() -> list[tuple[str, str]]:
    """The templates' and the code's strings: a msgid, or ``label:<key>`` for a label."""
    from jinja2.ext import babel_extract

    found: list[tuple[str, str]] = []
    keywords = ("_", "gettext", "ngettext", LABEL_FUNCTION)
    options = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}
    for name in TEMPLATE_NAMES:
        with (templates_dir() / name).open("rb") as handle:
            for _line, function, message, _comments in babel_extract(handle, keywords, (), options):
                if isinstance(message, tuple) and function != "ngettext":
                    message = message[0]  # the msgid, then one None per named variable
                if not isinstance(message, str):  # ngettext, or not a literal: none here
                    continue
                key = f"label:{message}" if function == LABEL_FUNCTION else message
                found.append((key, f"template {name}"))
    return [*found, *CODE_STRINGS]


def gettext_for(translations: Mapping[str, str]) -> Callable[..., str]:
    """The label lookup of one language: plain text, placeholders filled in safely.

    A translation with a problem (see :func:`pipeline.render.labels.label_problems`) is
    not used; the source label is shown instead and ``check`` reports the translation.
    Called without variables, a format label comes back unfilled, for the caller to
    split (:func:`pipeline.render.labels.pieces`).
    """

    def gettext(message: str, **variables: object) -> str:
        return _filled(message, labels.usable(message, translations.get(message)), variables)

    return gettext


def _filled(message: str, text: str, variables: Mapping[str, object]) -> str:
    """``text``, the label shown for ``message``, with ``variables`` in its placeholders."""
    if variables and labels.is_format(message):
        return labels.fill(text, variables)
    return text


def html_text(value: str) -> Markup:
    """Plain text for HTML content and double-quoted attributes: ``& < > "`` escaped."""
    return Markup(
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


# Inside a CSS string, a newline (LF, CR, FF) ends the string, a quote or a backslash
# changes it, and ``</style>`` ends the style element: all are written as escapes, and so
# is every other control character.
_CSS_ESCAPED = set("\"\\<>&'\n\r\f") | {chr(code) for code in (*range(0x20), *range(0x7F, 0xA0))}


def css_string(value: str) -> Markup:
    """``value`` as a quoted CSS string, safe inside a ``<style>`` element."""
    escaped = "".join(f"\\{ord(ch):x} " if ch in _CSS_ESCAPED else ch for ch in value)
    return Markup(f'"{escaped}"')


class _Label(Markup):
    """A label as escaped text, and whether it is shown in the source's words, for want of
    a usable translation."""

    untranslated = False


def environment(
    translations: Mapping[str, str],
    publication: Publication | None = None,
    languages: tuple[Language, Language] | None = None,
) -> jinja2.Environment:
    """A Jinja2 environment rendering the templates in the language of ``translations``,
    with the labels of ``publication`` (``label("kind")``).

    Labels come out as escaped text: a translation is never markup, in content, in an
    attribute or (through :func:`css_string`) in a style sheet. With ``languages`` (the
    source's, the edition's), the filter ``in_its_language`` marks a label of element
    content shown in the source's words in another edition with the source's language
    and direction: a screen reader reads it in that language, and an English label in a
    right-to-left page keeps its full stop at its end.
    """
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
    )
    # An edition in another language than the source's may show a label in the source's
    # words, for want of a usable translation.
    foreign = languages is not None and languages[0].tag != languages[1].tag

    def gettext(message: str, **variables: object) -> Markup:
        translation = translations.get(message)
        text = labels.usable(message, translation)
        # None, empty or not usable: the source's label; the same words by choice are not.
        untranslated = foreign and translation != message == text
        if untranslated and variables:  # the edition's values (its date) keep their direction
            variables = {name: f"\u2068{value}\u2069" for name, value in variables.items()}
        label = _Label(html_text(_filled(message, text, variables)))
        label.untranslated = untranslated
        return label

    def in_its_language(label: Markup) -> Markup:
        if languages is None or not getattr(label, "untranslated", False):
            return label
        source = languages[0]
        return Markup(f'<span lang="{source.tag}" dir="{source.direction}">{label}</span>')

    def ngettext(singular: str, plural: str, n: int, **variables: object) -> Markup:
        return gettext(singular if n == 1 else plural, **variables)

    # Not Jinja2's "newstyle" gettext: that one returns Markup(translation) % variables,
    # which trusts the translation as HTML and formats it with Python's % operator.
    env.install_gettext_callables(gettext, ngettext, newstyle=False)  # type: ignore[attr-defined]
    env.filters["css_string"] = css_string
    env.filters["in_its_language"] = in_its_language
    settings = publication or Publication()
    env.globals[LABEL_FUNCTION] = lambda key: gettext(settings.label(key))
    return env


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    return env.get_template(name).render(**context)
