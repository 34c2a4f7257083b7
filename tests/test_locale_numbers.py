"""The number check reads digits of every script and every locale's separators."""

from __future__ import annotations

import pytest

from pipeline.catalogs.model import Entry
from pipeline.checks.entries import entry_findings
from pipeline.checks.numbers import ascii_digits, separators
from pipeline.core.languages import language


def _number_findings(source: str, translation: str, code: str) -> list[str]:
    entry = Entry(source, translation, line=3)
    found = entry_findings(entry, None, language(code), "x.po")
    return [f"{f.severity}: {f.message}" for f in found if f.code == "number"]


@pytest.mark.parametrize(
    ("code", "translation"),
    [
        ("fa", "در سال ۲۰۱۹ و ۴۵٪ از آنها"),  # Persian digits
        ("ar", "في عام ٢٠١٩ و٤٥٪ منهم"),  # Arabic-Indic digits
        ("hi", "वर्ष २०१९ में और उनमें से ४५%"),  # Devanagari digits
        ("mr", "२०१९ मध्ये ४५%"),
        ("ar", "في عام 2019 و45٪ منهم"),  # Arabic with Latin digits
    ],
)
def test_native_digits_equal_their_ascii_value(code: str, translation: str) -> None:
    assert _number_findings("In 2019, 45% of them.", translation, code) == []


@pytest.mark.parametrize(
    ("code", "source", "translation"),
    [
        ("ar", "A budget of 1,250.5 million.", "ميزانية قدرها ١٬٢٥٠٫٥ مليون."),
        ("fa", "A budget of 1,250.5 million.", "بودجه ۱٬۲۵۰٫۵ میلیون."),
        ("de-CH", "A budget of 1,250.5 million.", "Ein Budget von 1'250.5 Millionen."),
        ("fr", "A budget of 1,250.5 million.", "Un budget de 1\u202f250,5 millions."),
        ("de", "A budget of 1,250.5 million.", "Ein Budget von 1.250,5 Millionen."),
    ],
)
def test_locale_separators_are_no_finding(code: str, source: str, translation: str) -> None:
    assert _number_findings(source, translation, code) == []


@pytest.mark.hostile
def test_a_wrong_number_in_native_digits_is_still_found() -> None:
    findings = _number_findings("In 2019, 45% of them.", "في عام ٢٠١٨ و٤٥٪ منهم", "ar")
    assert findings == [
        "error: number 2019 of the source is missing from the translation",
        "warning: number 2018 is not in the source",
    ]


@pytest.mark.hostile
def test_mixed_scripts_and_other_digit_sets() -> None:
    assert ascii_digits("١٩ ۱۹ १९ ১৯ １９ 19") == "19 19 19 19 19 19"
    # A letter is never a separator, whatever a locale's data says.
    assert all(not mark.isalnum() for mark in separators("ar"))
    assert _number_findings("Call 112.", "اتصل بـ ١١٣.", "ar") == [
        "error: number 112 of the source is missing from the translation",
        "warning: number 113 is not in the source",
    ]
