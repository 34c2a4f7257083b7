"""Locale knowledge: validated language codes, native names, plural forms, EU order.

Pure: every answer comes from Babel's CLDR data or from the tables below. Codes are
validated here, before they can ever become part of a path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from pipeline.core.errors import UsageError

# The order of the EU Interinstitutional Style Guide (section 7.2.1): by each
# language's name in that language.
EU_PROTOCOL_ORDER = (
    "bg",
    "es",
    "cs",
    "da",
    "de",
    "et",
    "el",
    "en",
    "fr",
    "ga",
    "hr",
    "it",
    "lv",
    "lt",
    "hu",
    "mt",
    "nl",
    "pl",
    "pt",
    "ro",
    "sk",
    "sl",
    "fi",
    "sv",
)

# Native names as the Interinstitutional Style Guide writes them (CLDR's differ for
# el, et, lv and lt). Every official EU language is written left to right; knowing
# these here spares loading each language's CLDR data just to name it.
EU_NATIVE_NAMES = {
    "bg": "български", "es": "español", "cs": "čeština", "da": "dansk", "de": "Deutsch",
    "et": "eesti keel", "el": "ελληνικά", "en": "English", "fr": "français", "ga": "Gaeilge",
    "hr": "hrvatski", "it": "italiano", "lv": "latviešu valoda", "lt": "lietuvių kalba",
    "hu": "magyar", "mt": "Malti", "nl": "Nederlands", "pl": "polski", "pt": "português",
    "ro": "română", "sk": "slovenčina", "sl": "slovenščina", "fi": "suomi", "sv": "svenska",
}  # fmt: skip

# Pseudo-locales: built like real languages to prove that every visible string
# passes through a catalog. They borrow locale data from a base language, and their
# pages are tagged with the pseudo-locale tags that validators accept (en-XA, ar-XB).
PSEUDO_LOCALES = {"qps_ploc": "en", "qps_plocm": "ar"}
_PSEUDO_TAGS = {"qps_ploc": "en-XA", "qps_plocm": "ar-XB"}

_CODE_SHAPE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8}){0,2}")


@dataclass(frozen=True)
class Language:
    """One language as the pipeline uses it."""

    code: str  # catalog folder name, POSIX style: ``pt_BR``
    tag: str  # BCP 47 tag for ``lang`` attributes: ``pt-BR``
    native_name: str
    english_name: str
    direction: str  # "ltr" or "rtl"
    plural_forms: str  # the PO header value
    babel_locale: str  # the locale whose CLDR data formats dates and numbers

    @property
    def is_pseudo(self) -> bool:
        return self.code in PSEUDO_LOCALES


def normalize_code(raw: str) -> str:
    """Return the catalog code for ``raw`` (``pt-BR`` and ``pt_BR`` give ``pt_BR``).

    Raises :class:`UsageError` for anything that is not a language Babel knows,
    which also rules out path tricks such as ``../x``.
    """
    if not _CODE_SHAPE.fullmatch(raw):
        raise UsageError(f"invalid language code {raw!r}: expected a code such as 'fr' or 'pt-BR'")
    candidate = raw.replace("-", "_")
    if candidate.lower() in PSEUDO_LOCALES:
        return candidate.lower()
    try:
        locale = Locale.parse(candidate)
    except (UnknownLocaleError, ValueError) as error:
        raise UsageError(f"unknown language code {raw!r}: {error}") from error
    return str(locale)


@cache
def language(code: str) -> Language:
    """Everything the pipeline needs to know about the language ``code``."""
    code = normalize_code(code)
    base = PSEUDO_LOCALES.get(code, code)
    plural = get_plural(base)
    if code in PSEUDO_LOCALES:
        native = english = "Pseudo-" + ("mirrored" if code.endswith("m") else "localized")
        direction = "rtl" if code.endswith("m") else "ltr"
    elif code in EU_NATIVE_NAMES:
        native, direction = EU_NATIVE_NAMES[code], "ltr"
        english = Locale("en").languages.get(code, code)
    else:
        locale = Locale.parse(base)
        native = locale.get_display_name(locale) or code
        english = locale.get_display_name("en") or code
        direction = "rtl" if locale.character_order == "right-to-left" else "ltr"
    return Language(
        code=code,
        tag=_PSEUDO_TAGS.get(code, code.replace("_", "-")),
        native_name=native,
        english_name=english,
        direction=direction,
        plural_forms=f"nplurals={plural.num_plurals}; plural={plural.plural_expr};",
        babel_locale=base,
    )


def protocol_sort_key(code: str) -> tuple[int, str]:
    """Sort key putting EU languages in protocol order and every other code after them."""
    primary = code.split("_")[0]
    if primary in EU_PROTOCOL_ORDER:
        return (EU_PROTOCOL_ORDER.index(primary), code)
    return (len(EU_PROTOCOL_ORDER), code)
