"""Plural-Forms headers are compared by what they do: real-world spellings of each
language's rule pass, rules that only renumber forms no whole number reaches warn, and
wrong rules are errors that name the first number they classify differently."""

from __future__ import annotations

import gettext

import pytest

from pipeline.catalogs.model import Catalog
from pipeline.checks.entries import header_findings
from pipeline.checks.plurals import SAMPLES, parse_rule, plural_difference
from pipeline.core.languages import language

# The same rule as CLDR's, as GNU gettext's manual, Weblate and Transifex write it.
EQUIVALENT = {
    "fr": ["nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"],
    "pl": [
        "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
        "nplurals=3; plural=n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : 2",
    ],
    "ru": [
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ],
    "uk": [
        "nplurals=3; plural=(n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && "
        "n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2);"
    ],
    "hr": [
        "nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2;"
    ],
    "cs": ["nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"],
    "sk": ["nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"],
    "ga": ["nplurals=5; plural=n==1 ? 0 : n==2 ? 1 : (n>2 && n<7) ? 2 :(n>6 && n<11) ? 3 : 4;"],
    "lt": [
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) "
        "? 1 : 2);"
    ],
    "lv": [
        "nplurals=3; plural=(n % 10 == 0 || n % 100 >= 11 && n % 100 <= 19) ? 0 : "
        "((n % 10 == 1 && n % 100 != 11) ? 1 : 2);"
    ],
    "ro": ["nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);"],
    "sl": ["nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);"],
    "ar": [
        "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
        "n%100>=11 ? 4 : 5;"
    ],
    "de": ["nplurals=2; plural=n != 1;", "nplurals=2;plural=(n!=1)"],
}

# Same distinctions below a million, in CLDR's order: harmless in a document catalog.
COMPATIBLE = {
    "fr": "nplurals=2; plural=(n > 1);",  # gettext and Weblate: no form for millions
    "es": "nplurals=2; plural=(n != 1);",
    "cs": "nplurals=4; plural=(n == 1 && n % 1 == 0) ? 0 : (n >= 2 && n <= 4 && n % 1 == 0) "
    "? 1: (n % 1 != 0 ) ? 2 : 3;",  # Transifex: a form for fractions
    "pl": "nplurals=4; plural=(n==1 ? 0 : (n%10>=2 && n%10<=4) && (n%100<12 || n%100>14) ? 1 "
    ": n!=1 && (n%10>=0 && n%10<=1) || (n%10>=5 && n%10<=9) || (n%100>=12 && n%100<=14) "
    "? 2 : 3);",
}

WRONG = {
    ("ga", "nplurals=1; plural=0;"): "nplurals=1, expected 5; n=0 gives form 0, expected 4",
    ("pl", "nplurals=2; plural=(n != 1);"): "nplurals=2, expected 3; n=0 gives form 1, expected 2",
    ("de", "nplurals=2; plural=(n == 1);"): "n=0 gives form 0, expected 1",
    ("fr", "nplurals=2; plural=(n != 1);"): (
        "nplurals=2, expected 3; n=0 gives form 1, expected 0"
    ),
    ("lv", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);"): (
        "n=0 gives form 2, expected 0"
    ),
    ("sl", "nplurals=4; plural=(n%100==1 ? 1 : n%100==2 ? 2 : n%100==3 || n%100==4 ? 3 : 0);"): (
        "n=0 gives form 0, expected 3"
    ),
    ("de", "nplurals=2; plural=n-1;"): "n=0 gives form 18446744073709551615, but nplurals=2",
}


def _all_equivalent() -> list[tuple[str, str]]:
    return [(code, rule) for code, rules in EQUIVALENT.items() for rule in rules]


@pytest.mark.parametrize(("code", "rule"), _all_equivalent())
def test_spellings_of_the_cldr_rule_pass(code: str, rule: str) -> None:
    assert plural_difference(rule, language(code).plural_forms) is None


@pytest.mark.parametrize(("code", "rule"), COMPATIBLE.items())
def test_older_or_finer_spellings_only_warn(code: str, rule: str) -> None:
    difference = plural_difference(rule, language(code).plural_forms)
    assert difference is not None
    assert difference[0] == "warning"
    assert "harmless without plural entries" in difference[1]


@pytest.mark.parametrize(("key", "message"), WRONG.items())
def test_a_wrong_rule_is_an_error_that_says_what_differs(
    key: tuple[str, str], message: str
) -> None:
    code, rule = key
    assert plural_difference(rule, language(code).plural_forms) == ("error", message)


@pytest.mark.parametrize(("code", "rule"), _all_equivalent() + list(COMPATIBLE.items()))
def test_the_evaluator_agrees_with_the_standard_library(code: str, rule: str) -> None:
    expression = rule.split("plural=", 1)[1].strip().rstrip(";")
    oracle = gettext.c2py(expression)
    parsed = parse_rule(rule)
    assert [parsed.form(n) for n in SAMPLES] == [oracle(n) for n in SAMPLES]


@pytest.mark.hostile
@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        ("nplurals=2; plural=__import__('os').system('true');", "cannot be read: unexpected"),
        ("nplurals=2; plural=(n != 1;", "cannot be read: expected ')'"),
        ("nplurals=2; plural=n/0;", "divides by zero"),
        ("nplurals=2; plural=n>1 ? 1 : 5 % (n - 1);", "divides by zero"),
        ("nplurals=2; plural=" + "(" * 200 + "n" + ")" * 200 + ";", "nested too deeply"),
        ("nplurals=2; plural=" + "!" * 300 + "n;", "nested too deeply"),
        ("nplurals=2; plural=" + "n+" * 240 + "n;", "n=1 gives form 241, but nplurals=2"),
        ("nplurals=2; plural=" + "n " * 300 + ";", "longer than 500"),
        ("nplurals=0; plural=0;", "nplurals=0 is not between 1 and 100"),
        ("plural=(n != 1);", "not of the form"),
        ("nplurals=2; plural=-n;", "unexpected '-'"),
    ],
)
def test_hostile_rules_are_errors_never_exceptions(rule: str, problem: str) -> None:
    difference = plural_difference(rule, language("de").plural_forms)
    assert difference is not None
    assert difference[0] == "error"
    assert problem in difference[1]


def test_the_header_check_uses_the_evaluation() -> None:
    def findings(code: str, rule: str) -> list[tuple[str, str]]:
        catalog = Catalog(
            header=(("Language", code), ("Content-Type", "text/plain; charset=UTF-8"),
                    ("Plural-Forms", rule)),
            entries=(),
        )  # fmt: skip
        return [(f.severity, f.message) for f in header_findings(catalog, language(code), "x")]

    assert findings("ro", EQUIVALENT["ro"][0]) == []
    ((severity, message),) = findings("fr", COMPATIBLE["fr"])
    assert severity == "warning"
    assert "n=2 gives form 1, CLDR's rule 2" in message
    ((severity, message),) = findings("ga", "nplurals=1; plural=0;")
    assert severity == "error"
    assert message.startswith("nplurals=1, expected 5; n=0 gives form 0, expected 4")
    assert "CLDR's rule for Irish is 'nplurals=5;" in message
