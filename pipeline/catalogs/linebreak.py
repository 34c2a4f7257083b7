"""Where gettext may break a line: UAX #14 as libunistring 1.0 compiles it. Pure.

``wrap()`` in gettext's ``write-po.c`` asks libunistring's ``ulc_width_linebreaks``
where a string may break, and counts columns with East Asian widths (wide characters
count 2). This module gives the same answers: the break opportunities of a string,
and the breaks that fit it into a width. Line-break classes come from
``uniseg.linebreak``.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

NO, YES, MUST = 0, 1, 2  # prohibited / possible / mandatory break

# The UAX #14 pair table as compiled into libunistring 1.0: row = class before,
# column = class after (same order as the rows).  D = direct break, I = break
# only if spaces intervene, P = prohibited.  (IS, AL) is D upstream on purpose.
_PAIR_TABLE = """
OP PPPPPPPPPPPPPPPPPPPPPPPPPPPPP
CL DPPIIPPPPIIDDDDIIIDDPDDDDDDDD
CP DPPIIIPPPIIIIIDIIIDDPDDDDDDDD
QU PPPIIIPPPIIIIIIIIIIIPIIIIIIII
GL IPPIIIPPPIIIIIIIIIIIPIIIIIIII
NS DPPIIIPPPDDDDDDIIIDDPDDDDDDDD
EX DPPIIIPPPDDDDDDIIIDDPDDDDDDDD
SY DPPIIIPPPDDIDIDIIIDDPDDDDDDDD
IS DPPIIIPPPDDIDDDIIIDDPDDDDDDDD
PR IPPIIIPPPDDIIIIIIIDDPIIIIIDII
PO IPPIIIPPPDDIIIDIIIDDPDDDDDDDD
NU IPPIIIPPPIIIIIDIIIDDPDDDDDDDD
AL IPPIIIPPPIIIIIDIIIDDPDDDDDDDD
HL IPPIIIPPPIIIIIDIIIDDPDDDDDDDD
ID DPPIIIPPPDIDDDDIIIDDPDDDDDDDD
IN DPPIIIPPPDDDDDDIIIDDPDDDDDDDD
HY DPPIDIPPPDDIDDDIIIDDPDDDDDDDD
BA DPPIDIPPPDDDDDDIIIDDPDDDDDDDD
BB IPPIIIPPPIIIIIIIIIIIPIIIIIIII
B2 DPPIIIPPPDDDDDDIIIDPPDDDDDDDD
WJ IPPIIIPPPIIIIIIIIIIIPIIIIIIII
H2 DPPIIIPPPDIDDDDIIIDDPDDDIIDDD
H3 DPPIIIPPPDIDDDDIIIDDPDDDDIDDD
JL DPPIIIPPPDIDDDDIIIDDPIIIIDDDD
JV DPPIIIPPPDIDDDDIIIDDPDDDIIDDD
JT DPPIIIPPPDIDDDDIIIDDPDDDDIDDD
RI DPPIIIPPPDDDDDDIIIDDPDDDDDIDD
EB DPPIIIPPPDIDDDDIIIDDPDDDDDDDI
EM DPPIIIPPPDIDDDDIIIDDPDDDDDDDD
"""
_ROWS = dict(line.split() for line in _PAIR_TABLE.strip().splitlines())
_PAIRS = {row: dict(zip(_ROWS, rules, strict=True)) for row, rules in _ROWS.items()}
# libunistring's resolution of the classes outside the table (UTF-8, not CJK).
_AS_ALPHABETIC = ("AI", "XX", "SA", "SG", "AK", "AS", "AP")
_RESOLVE = {"CJ": "NS", "CB": "ID", "VI": "CM", "VF": "CM", "NL": "BK", "LF": "BK", "CR": "BK"}


@lru_cache(maxsize=4096)
def _props(ch: str) -> tuple[str, bool]:
    """Resolved line-break class and whether the character is East Asian wide."""
    # Imported on first use: loading the Unicode tables takes a while, and a catalog
    # written from cached entries never needs them.
    from uniseg.linebreak import line_break

    cls = line_break(ch).name
    cls = "AL" if cls in _AS_ALPHABETIC else _RESOLVE.get(cls, cls)
    return cls, unicodedata.east_asian_width(ch) in "FWH"


@lru_cache(maxsize=4096)
def _width(ch: str) -> int:
    """Column width as libunistring's uc_width() for UTF-8 (controls count 0)."""
    code, cat = ord(ch), unicodedata.category(ch)
    if code < 0x20 or 0x7F <= code < 0xA0 or cat in ("Mn", "Me", "Cf"):
        return 0
    if 0x1160 <= code < 0x1200 or 0xD7B0 <= code < 0xD800:  # Hangul jamo V/T
        return 0
    if cat == "Cn":
        return 2 if 0x20000 <= code < 0x40000 else 1
    return 2 if unicodedata.east_asian_width(ch) in "FW" else 1


def opportunities(text: str) -> list[int]:
    """Break opportunity before each character, as libunistring's u8_possible_linebreaks().

    Worked out word by word: a space (the only SP character) resets everything the
    scan carries but the class before it, so what a space-separated word allows after
    its first character never depends on what came before. Words recur across a
    catalog, and each is scanned once.
    """
    result: list[int] = []
    last, last_wide = "BK", False
    for index, word in enumerate(text.split(" ")):
        if index:
            result.append(NO)  # LB7: never a break before a space
        if not word:
            continue
        scanned, _, word_last, word_wide = _scan_word(word)
        result.append(_first_after_space(word[0], last, last_wide) if index else scanned[0])
        result += scanned[1:]
        last, last_wide = word_last, word_wide
    return result


@lru_cache(maxsize=65536)
def _scan_word(word: str) -> tuple[tuple[int, ...], tuple[int, ...], str, bool]:
    """The opportunities of ``word`` at the start of a text, the places after its first
    character where a break is possible, and the class and width the scan ends with."""
    opportunities, last, last_wide = _scan(word, "BK", False, False)
    inner = tuple(i for i, opportunity in enumerate(opportunities) if i and opportunity == YES)
    return tuple(opportunities), inner, last, last_wide


def narrow_opportunities(text: str) -> list[int]:
    """The places where a break is possible in printable ASCII text (never a mandatory
    one there): :func:`opportunities` as positions."""
    positions: list[int] = []
    offset, last, last_wide = 0, "BK", False
    for index, word in enumerate(text.split(" ")):
        if word:
            _, inner, word_last, word_wide = _scan_word(word)
            if index and _first_after_space(word[0], last, last_wide) == YES:
                positions.append(offset)
            positions += [offset + i for i in inner]
            last, last_wide = word_last, word_wide
        offset += len(word) + 1
    return positions


@lru_cache(maxsize=4096)
def _first_after_space(ch: str, last: str, last_wide: bool) -> int:
    """The opportunity before ``ch`` when spaces separate it from a ``last`` character."""
    return _scan(ch, last, True, last_wide)[0][0]


def _scan(text: str, last: str, space: bool, last_wide: bool) -> tuple[list[int], str, bool]:
    """The UAX #14 pair-table scan from the given state; returns the opportunities and
    the class and width of the last character that counts."""
    result: list[int] = []
    prev, zwj, hl_hyphen, ri = "", False, False, 0
    for ch in text:
        prop, wide = _props(ch)
        brk = NO
        if prop == "BK":  # LB4-6: U+2028 etc. (newlines are escaped before this)
            brk, last, space = MUST, "BK", False
        elif prop == "SP":  # LB7: never before a space; remembered for the "I" entries
            space = True
        elif prop == "ZW":
            last, space = "ZW", False
        elif prop in ("CM", "ZWJ"):  # LB9/10: X CM is X; at the start or after a space, AL
            if last == "BK":
                last, space = "AL", False
            elif last == "ZW" or space:
                brk, last, space = YES, "AL", False
        else:  # LB8 after ZW, LB8a never after ZWJ, LB21a never after Hebrew + hyphen
            if last == "ZW":
                brk = YES
            elif last != "BK" and not zwj and not (hl_hyphen and not space):
                brk = _pair_break(last, prop, space, last_wide, wide, ri)
            last, space, last_wide = prop, False, wide
        zwj, hl_hyphen, prev = prop == "ZWJ", prop in ("HY", "BA") and prev == "HL", prop
        ri = ri + 1 if prop == "RI" else 0
        result.append(brk)
    return result, last, last_wide


def _pair_break(last: str, prop: str, space: bool, last_wide: bool, wide: bool, ri: int) -> int:
    """Table lookup, with LB30 (East Asian OP/CP) and LB30a (RI pairs)."""
    if last == prop == "RI":
        return YES if space or ri % 2 == 0 else NO
    rule = _PAIRS[last][prop]
    alnum = ("AL", "HL", "NU")
    if (prop == "OP" and wide and last in alnum) or (last == "CP" and last_wide and prop in alnum):
        rule = "D"
    return YES if rule == "D" or (rule == "I" and space) else NO


def fit(text: str, opps: list[int], width: int, start: int) -> list[int]:
    """Positions where a line break is inserted, as u8_width_linebreaks()."""
    breaks: list[int] = []
    last_pos, last_col, piece = -1, start, 0
    for i, ch in enumerate(text):
        if opps[i] != NO and last_pos >= 0 and last_col + piece > width:
            breaks.append(last_pos)
            last_col = 0
        if opps[i] == MUST:  # a mandatory break restarts at column 0, unprinted
            last_pos, last_col, piece = -1, 0, 0
            continue
        if opps[i] == YES:
            last_pos, last_col, piece = i, last_col + piece, 0
        piece += _width(ch)
    if last_pos >= 0 and last_col + piece > width:
        breaks.append(last_pos)
    return breaks


def fit_narrow(length: int, positions: list[int], width: int, start: int) -> list[int]:
    """:func:`fit` for printable ASCII, given where breaks are possible: a column for
    each character and no mandatory break, so only those places need visiting."""
    breaks: list[int] = []
    last_pos, last_col, anchor = -1, start, 0
    for position in positions:
        piece = position - anchor
        if last_pos >= 0 and last_col + piece > width:
            breaks.append(last_pos)
            last_col = 0
        last_pos, last_col, anchor = position, last_col + piece, position
    if last_pos >= 0 and last_col + length - anchor > width:
        breaks.append(last_pos)
    return breaks
