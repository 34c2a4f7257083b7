"""Plural-Forms headers -> whether they classify numbers as the language's CLDR rule does.

Pure. A ``Plural-Forms`` value is compared by what it does, not how it is written: the
C expression is parsed by a small recursive-descent parser (GNU gettext's grammar, never
``eval``) and evaluated, as gettext does, in unsigned 64-bit arithmetic for every n in
0..1000 and some large numbers. Three outcomes:

- the same forms for every n: no finding (``(n > 1)`` and ``n>1`` are one rule);
- the same distinctions for the numbers below a million, in the same order, with forms
  no whole number reaches, or without CLDR's form for round millions (gettext's older
  two-form French, Transifex's four-form Czech): a warning, since a document catalog has
  no plural entries that the difference could misplace;
- anything else (a missing distinction, a form out of range, an unreadable expression):
  an error that names the first n whose form differs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

MASK = (1 << 64) - 1
MAX_LENGTH = 500  # the longest rule in use, Arabic's, has about 130
MAX_DEPTH = 60
MILLION = 1_000_000
SAMPLES = (
    *range(0, 1001),
    *(10**k + d for k in range(4, 10) for d in (0, 1, 2, 5, 11, 21)),
    2 * MILLION,
    MILLION * 1000 + 1,
)
_TOKEN = re.compile(r"\s*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")
_HEADER = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]*?)\s*;?\s*$", re.S)

Node = Callable[[int], int]


class PluralError(ValueError):
    """The expression cannot be read, or fails for some n (division by zero)."""


@dataclass(frozen=True)
class Rule:
    count: int
    formula: Node

    def form(self, n: int) -> int:
        return self.formula(n)


def parse_rule(value: str) -> Rule:
    """``nplurals=N; plural=EXPR;`` as a rule; PluralError says what is wrong."""
    match = _HEADER.match(value)
    if match is None:
        raise PluralError("it is not of the form 'nplurals=N; plural=EXPRESSION;'")
    count = int(match.group(1))
    if not 1 <= count <= 100:
        raise PluralError(f"nplurals={count} is not between 1 and 100")
    return Rule(count, parse_expression(match.group(2)))


def parse_expression(text: str) -> Node:
    """The C expression ``text`` as a function of n (gettext's grammar: no unary minus)."""
    if len(text) > MAX_LENGTH:
        raise PluralError(f"the expression is longer than {MAX_LENGTH} characters")
    tokens: list[str] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None:
            raise PluralError(f"unexpected {text[position:].strip()[:10]!r} in the expression")
        tokens.append(match.group(match.lastindex or 0))
        position = match.end()
    parser = _Parser(tokens)
    node = parser.ternary(0)
    if parser.position != len(tokens):
        raise PluralError(f"unexpected {tokens[parser.position]!r} in the expression")
    return node


_BINARY: tuple[dict[str, Callable[[int, int], int]], ...] = (
    {"||": lambda a, b: int(bool(a) or bool(b))},
    {"&&": lambda a, b: int(bool(a) and bool(b))},
    {"==": lambda a, b: int(a == b), "!=": lambda a, b: int(a != b)},
    {
        "<": lambda a, b: int(a < b),
        ">": lambda a, b: int(a > b),
        "<=": lambda a, b: int(a <= b),
        ">=": lambda a, b: int(a >= b),
    },
    {"+": lambda a, b: (a + b) & MASK, "-": lambda a, b: (a - b) & MASK},
    {
        "*": lambda a, b: (a * b) & MASK,
        "/": lambda a, b: _divide(a, b) // b,
        "%": lambda a, b: _divide(a, b) % b,
    },
)


def _divide(a: int, b: int) -> int:
    if b == 0:
        raise PluralError("the expression divides by zero")
    return a


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.position = 0

    def _peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self, expected: str | None = None) -> str:
        token = self._peek()
        if token is None or (expected is not None and token != expected):
            raise PluralError(f"expected {expected or 'more'!r} in the expression")
        self.position += 1
        return token

    def ternary(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise PluralError("the expression is nested too deeply")
        condition = self.binary(0, depth)
        if self._peek() != "?":
            return condition
        self._take("?")
        then = self.ternary(depth + 1)
        self._take(":")
        otherwise = self.ternary(depth + 1)
        return lambda n: then(n) if condition(n) else otherwise(n)

    def binary(self, level: int, depth: int) -> Node:
        if level == len(_BINARY):
            return self.unary(depth)
        left = self.binary(level + 1, depth)
        while self._peek() in _BINARY[level]:
            operation = _BINARY[level][self._take()]
            right = self.binary(level + 1, depth)
            left = _combine(operation, left, right)
        return left

    def unary(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise PluralError("the expression is nested too deeply")
        token = self._take()
        if token == "!":
            operand = self.unary(depth + 1)
            return lambda n: int(not operand(n))
        if token == "(":
            inner = self.ternary(depth + 1)
            self._take(")")
            return inner
        if token == "n":
            return lambda n: n & MASK
        if token.isdigit():
            value = int(token) & MASK
            return lambda n: value
        raise PluralError(f"unexpected {token!r} in the expression")


def _combine(operation: Callable[[int, int], int], left: Node, right: Node) -> Node:
    return lambda n: operation(left(n), right(n))


def plural_difference(value: str, expected: str) -> tuple[str, str] | None:
    """None if ``value`` classifies numbers as ``expected`` does; else (severity, message).

    Severity is "warning" for a rule with the same distinctions below a million
    (numbered differently, or without a form for round millions), "error" otherwise.
    """
    try:
        rule = parse_rule(value)
    except PluralError as problem:
        return "error", f"Plural-Forms cannot be read: {problem}"
    wanted = parse_rule(expected)
    try:
        forms = [rule.form(n) for n in SAMPLES]
    except PluralError as problem:
        return "error", f"Plural-Forms fails: {problem}"
    goal = [wanted.form(n) for n in SAMPLES]
    for n, form in zip(SAMPLES, forms, strict=True):
        if form >= rule.count:
            return "error", f"n={n} gives form {form}, but nplurals={rule.count}"
    if forms == goal and rule.count == wanted.count:
        return None
    first = next(((n, f, g) for n, f, g in zip(SAMPLES, forms, goal, strict=True) if f != g), None)
    if first is None:
        return "warning", (
            f"Plural-Forms declares nplurals={rule.count}, CLDR's rule {wanted.count}, "
            "with the same forms for every whole number; harmless without plural entries"
        )
    n, form, other = first
    below = [i for i, number in enumerate(SAMPLES) if number < MILLION]
    if _same_partition([forms[i] for i in below], [goal[i] for i in below]) and _coarser(
        forms, goal
    ):
        return "warning", (
            "Plural-Forms makes the distinctions of CLDR's rule below a million, "
            f"but differently (n={n} gives form {form}, CLDR's rule {other}); "
            "harmless without plural entries"
        )
    counts = (
        f"nplurals={rule.count}, expected {wanted.count}; " if rule.count != wanted.count else ""
    )
    return "error", f"{counts}n={n} gives form {form}, expected {other}"


def _same_partition(forms: list[int], goal: list[int]) -> bool:
    pairs = set(zip(forms, goal, strict=True))
    return len(pairs) == len({f for f, _ in pairs}) == len({g for _, g in pairs})


def _coarser(forms: list[int], goal: list[int]) -> bool:
    """Every form of CLDR's rule maps to one form of ``forms``, in CLDR's order (it may
    merge neighbours or skip forms that no whole number reaches, never swap two)."""
    mapping: dict[int, int] = {}
    if any(mapping.setdefault(g, f) != f for f, g in zip(forms, goal, strict=True)):
        return False
    ordered = [mapping[g] for g in sorted(mapping)]
    return ordered == sorted(ordered)
