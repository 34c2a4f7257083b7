"""The numbers of a message, written in any digits and with any locale's separators.

Pure. ``45``, ``٤٥`` (Arabic-Indic), ``۴۵`` (Persian) and ``४५`` (Devanagari) are one
number; so are ``1,000.5``, ``1 000,5``, ``1’000.5`` and ``١٬٠٠٠٫٥``: digits become ASCII
and the separators between them, the usual ones and the target locale's decimal and group
symbols in its default, Latin and native numbering systems (CLDR, through Babel), are
dropped. Decimal and group marks count alike: the check compares digit sequences.
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
def separators(babel_locale: str) -> str:
    """The characters that may stand between the digits of one number in the locale."""
    found = set(_COMMON_SEPARATORS)
    try:
        locale = Locale.parse(babel_locale)
    except (UnknownLocaleError, ValueError):
        return "".join(sorted(found))
    systems = {"latn", locale.default_numbering_system}
    native = locale.other_numbering_systems.get("native")
    if native:
        systems.add(native)
    for system in systems:
        symbols = locale.number_symbols.get(system, {})
        for name in ("decimal", "group"):
            symbol = symbols.get(name, "")
            # one mark, never a digit or a letter ('٫', '٬', '’', "'"; not "٫٬" or "x")
            if len(symbol) == 1 and not symbol.isalnum():
                found.add(symbol)
    return "".join(sorted(found))


@cache
def _pattern(babel_locale: str) -> re.Pattern[str]:
    marks = re.escape(separators(babel_locale))
    return re.compile(rf"[0-9]+(?:[{marks}][0-9]{{3}})*(?:[{marks}][0-9]+)?")


@cache
def _decimal_marks(babel_locale: str) -> str:
    """The marks that may end a number's whole part in the locale."""
    found = set(_COMMON_DECIMALS)
    try:
        locale = Locale.parse(babel_locale)
    except (UnknownLocaleError, ValueError):
        return "".join(sorted(found))
    for symbols in locale.number_symbols.values():
        symbol = symbols.get("decimal", "")
        if len(symbol) == 1 and not symbol.isalnum() and not symbol.isspace():
            found.add(symbol)
    return "".join(sorted(found))


def numbers(text: str, babel_locale: str) -> Counter[str]:
    """Each number of ``text`` as its digits, with ``.`` where it certainly has a
    decimal part (``1 000,5`` -> ``1000.5``, ``0,80`` -> ``0.8``, ``1,250`` -> ``1250``)."""
    marks = separators(babel_locale)
    decimals = _decimal_marks(babel_locale)
    found = _pattern(babel_locale).findall(ascii_digits(text))
    return Counter(_canonical(number, marks, decimals) for number in found)


def _canonical(number: str, marks: str, decimals: str) -> str:
    digits = number.translate({ord(mark): None for mark in marks})
    last = max(number.rfind(mark) for mark in marks)
    fraction = number[last + 1 :] if last >= 0 else ""
    if last < 0 or number[last] not in decimals or len(fraction) == 3:
        return digits
    whole = digits[: len(digits) - len(fraction)]
    return f"{whole}.{fraction.rstrip('0')}".rstrip(".")
