"""Locale knowledge: validated language codes, native names, plural forms, EU order.

Pure: every answer comes from Babel's CLDR data or from the tables below. Codes are
validated here, before they can ever become part of a path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale
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
    def label(self) -> str:
        """The code as a list of languages shows it: the BCP 47 tag with the language in
        capitals (``FI``, ``PT-BR``, ``SR-Latn``, ``ZH-Hans``)."""
        head, _, rest = self.tag.partition("-")
        return head.upper() + ("-" + rest if rest else "")

    @property
    def is_pseudo(self) -> bool:
        return self.code in PSEUDO_LOCALES


# A language code in either spelling: BCP 47 (``pt-BR``, ``sr-Latn``, ``zh-Hant-HK``) or
# gettext's (``pt_BR``, ``sr@latin``, ``zh_TW``).
_CODE_SHAPE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8}){0,3}(?:@[A-Za-z]{2,16})?")

# gettext writes a script as a modifier (glibc's locale names: ``sr_RS@latin``).
_SCRIPT_MODIFIERS = {"Latn": "latin", "Cyrl": "cyrillic", "Arab": "arabic", "Deva": "devanagari"}
_MODIFIER_SCRIPTS = {modifier: script for script, modifier in _SCRIPT_MODIFIERS.items()}
# Chinese catalogs are named by territory in gettext (zh_CN, zh_TW), which implies the script.
_CHINESE_TERRITORIES = {"Hans": "CN", "Hant": "TW"}


@dataclass(frozen=True)
class _Parts:
    language: str
    script: str | None  # only a script the language and territory do not imply
    territory: str | None
    variant: str | None
    implied_script: str | None

    @property
    def folder(self) -> str:
        """gettext's name: ``pt_BR``, ``sr@latin``, ``zh_TW``."""
        name = "_".join(p for p in (self.language, self.territory, self.variant) if p)
        if self.script:
            name += "@" + _SCRIPT_MODIFIERS.get(self.script, self.script.lower())
        return name

    @property
    def tag(self) -> str:
        """BCP 47: ``pt-BR``, ``sr-Latn``, ``zh-Hans`` (Chinese always names its script)."""
        script = self.script
        territory = self.territory
        if self.language == "zh" and not script and self.implied_script in _CHINESE_TERRITORIES:
            script = self.implied_script
            if territory == _CHINESE_TERRITORIES[script]:
                territory = None
        variant = self.variant.lower() if self.variant else None
        return "-".join(p for p in (self.language, script, territory, variant) if p)

    @property
    def babel(self) -> str:
        """The identifier whose CLDR data describes the language (``sr_Latn``)."""
        parts = (self.language, self.script, self.territory, self.variant)
        return str(Locale.parse("_".join(p for p in parts if p)))


def _parts(raw: str) -> _Parts:
    body, _, modifier = raw.partition("@")
    try:
        lang, territory, script, variant = parse_locale(body.replace("-", "_"))[:4]
    except ValueError as error:
        raise UsageError(f"invalid language code {raw!r}: {error}") from error
    known = Locale("en")
    if modifier:
        named = _MODIFIER_SCRIPTS.get(modifier.lower(), modifier.title())
        if named not in known.scripts:
            raise UsageError(
                f"unknown modifier @{modifier} in language code {raw!r}: a script is expected,"
                f" such as @latin or @cyrillic"
            )
        if script and script != named:
            raise UsageError(f"language code {raw!r} names two scripts: {script} and @{modifier}")
        script = named
    if script and script not in known.scripts:
        raise UsageError(f"unknown script {script!r} in language code {raw!r}")
    if territory and (territory not in known.territories or territory == "ZZ"):
        raise UsageError(f"unknown region {territory!r} in language code {raw!r}")
    try:
        locale = Locale.parse("_".join(p for p in (lang, script, territory, variant) if p))
    except (UnknownLocaleError, ValueError) as error:
        raise UsageError(f"unknown language code {raw!r}: {error}") from error
    if territory and locale.territory != territory:
        raise UsageError(f"no locale data for {raw!r}: CLDR does not describe it")
    likely: Mapping[str, str] = get_global("likely_subtags")
    expanded = likely.get(f"{lang}_{territory}") or likely.get(lang) or str(locale)
    implied = next((p for p in expanded.split("_")[1:] if len(p) == 4), None)
    if lang == "zh" and script in _CHINESE_TERRITORIES and territory is None:
        territory = _CHINESE_TERRITORIES[script]
        implied = script
    return _Parts(lang, None if script == implied else script, territory, variant, implied)


def normalize_code(raw: str) -> str:
    """Return the catalog folder name for ``raw``, in gettext's convention.

    ``pt-BR`` and ``pt_BR`` give ``pt_BR``; ``sr-Latn``, ``sr_Latn`` and ``sr@latin`` give
    ``sr@latin``; ``zh-CN``, ``zh-Hans`` and ``zh_CN`` give ``zh_CN`` (``zh-Hant``:
    ``zh_TW``). Raises :class:`UsageError` for anything that is not a language Babel
    knows, which also rules out path tricks such as ``../x``.
    """
    if not _CODE_SHAPE.fullmatch(raw):
        raise UsageError(
            f"invalid language code {raw!r}: expected a code such as 'fr', 'pt-BR' or 'sr@latin'"
        )
    candidate = raw.replace("-", "_")
    if candidate.lower() in PSEUDO_LOCALES:
        return candidate.lower()
    return _parts(raw).folder


def same_language(raw: str | None, code: str) -> bool:
    """Whether ``raw`` names the language ``code`` in another spelling (``pt-BR``, ``sr_Latn``)."""
    try:
        return raw is not None and normalize_code(raw) == code
    except UsageError:
        return False


@cache
def language(code: str) -> Language:
    """Everything the pipeline needs to know about the language ``code``."""
    code = normalize_code(code)
    base = PSEUDO_LOCALES.get(code, code)
    parts = _parts(base)
    plural = get_plural(parts.babel)
    if code in PSEUDO_LOCALES:
        native = english = "Pseudo-" + ("mirrored" if code.endswith("m") else "localized")
        direction = "rtl" if code.endswith("m") else "ltr"
    elif code in EU_NATIVE_NAMES:
        native, direction = EU_NATIVE_NAMES[code], "ltr"
        english = Locale("en").languages.get(code, code)
    else:
        locale = Locale.parse(parts.tag, sep="-")  # named as the tag: no implied region
        native = locale.get_display_name(locale) or code
        english = locale.get_display_name("en") or code
        direction = "rtl" if locale.character_order == "right-to-left" else "ltr"
    return Language(
        code=code,
        tag=_PSEUDO_TAGS.get(code, parts.tag),
        native_name=native,
        english_name=english,
        direction=direction,
        plural_forms=f"nplurals={plural.num_plurals}; plural={plural.plural_expr};",
        babel_locale=parts.babel,
    )


def protocol_sort_key(code: str) -> tuple[int, str]:
    """Sort key putting EU languages in protocol order and every other code after them."""
    primary = re.split("[_@]", code)[0]
    if primary in EU_PROTOCOL_ORDER:
        return (EU_PROTOCOL_ORDER.index(primary), code)
    return (len(EU_PROTOCOL_ORDER), code)
