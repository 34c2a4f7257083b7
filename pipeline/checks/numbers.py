"""The numbers of a message, written in any digits and with any locale's separators.

Pure. ``45``, ``٤٥`` (Arabic-Indic), ``۴۵`` (Persian) and ``४५`` (Devanagari) are one
number; so are ``1,000.5``, ``1 000,5``, ``1’000.5`` and ``١٬٠٠٠٫٥``: digits become ASCII
and the separators between them, the usual ones and the target locale's decimal and group
symbols in its default, Latin and native numbering systems (CLDR, through Babel), are
dropped. A mark that cannot be a group mark (a decimal one, not followed by three digits)
is kept as ``.``: ``1.2`` and ``12`` are two numbers.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache

from babel import Locale, UnknownLocaleError

_COMMON_SEPARATORS = ".,\u00a0\u202f "
_COMMON_DECIMALS = ".,\u066b"
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # any decimal digit but ASCII's


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit (Unicode category Nd) as its ASCII digit."""
    return _OTHER_DIGIT.sub(lambda match: str(unicodedata.decimal(match.group())), text)


@cache
def _locale_marks(babel_locale: str) -> tuple[frozenset[str], frozenset[str]]:
    """The locale's decimal marks and group marks, in its default, Latin and native
    numbering systems: one mark each, never a digit or a letter ('٫', '٬', '’', "'"; not
    "٫٬" or "x")."""
    try:
        locale = Locale.parse(babel_locale)
    except (UnknownLocaleError, ValueError):
        return frozenset(), frozenset()
    systems = {"latn", locale.default_numbering_system}
    native = locale.other_numbering_systems.get("native")
    if native:
        systems.add(native)
    found: dict[str, set[str]] = {"decimal": set(), "group": set()}
    for system in systems:
        symbols = locale.number_symbols.get(system, {})
        for name, marks in found.items():
            symbol = symbols.get(name, "")
            if len(symbol) == 1 and not symbol.isalnum():
                marks.add(symbol)
    return frozenset(found["decimal"]), frozenset(found["group"])


@cache
def separators(babel_locale: str) -> str:
    """The characters that may stand between the digits of one number in the locale."""
    decimal, group = _locale_marks(babel_locale)
    return "".join(sorted(set(_COMMON_SEPARATORS) | decimal | group))


@cache
def _pattern(babel_locale: str) -> re.Pattern[str]:
    marks = re.escape(separators(babel_locale))
    return re.compile(rf"[0-9]+(?:[{marks}][0-9]{{3}})*(?:[{marks}][0-9]+)?")


@cache
def _decimal_marks(babel_locale: str) -> str:
    """The marks that may end a number's whole part in the locale."""
    decimal = {mark for mark in _locale_marks(babel_locale)[0] if not mark.isspace()}
    return "".join(sorted(set(_COMMON_DECIMALS) | decimal))


@cache
def _dropped(babel_locale: str) -> dict[int, None]:
    """The table that takes the locale's separators out of a number."""
    return dict.fromkeys(map(ord, separators(babel_locale)))


def numbers(text: str, babel_locale: str) -> Counter[str]:
    """Each number of ``text`` as its digits, with ``.`` where it certainly has a
    decimal part (``1 000,5`` -> ``1000.5``, ``0,80`` -> ``0.8``, ``1,250`` -> ``1250``)."""
    found = _pattern(babel_locale).findall(ascii_digits(text))
    return Counter(_canonical(number, babel_locale) for number in found)


def _canonical(number: str, babel_locale: str) -> str:
    digits = number.translate(_dropped(babel_locale))
    last = max(number.rfind(mark) for mark in separators(babel_locale))
    fraction = number[last + 1 :] if last >= 0 else ""
    if last < 0 or number[last] not in _decimal_marks(babel_locale) or len(fraction) == 3:
        return digits
    whole = digits[: len(digits) - len(fraction)]
    return f"{whole}.{fraction.rstrip('0')}".rstrip(".")
