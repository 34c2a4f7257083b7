"""The review checks pofilter has, narrowed for prose: each defect is found, and the
locale forms and legitimate uses that pofilter reports are not."""

from __future__ import annotations

import pytest

from pipeline.catalogs.model import Entry
from pipeline.checks.entries import Parsed, entry_findings
from pipeline.core.languages import language


def codes(source: str, translation: str, code: str, comment: str = "paragraph") -> list[str]:
    entry = Entry(source, translation, extracted_comments=(comment,), line=3)
    parsed = Parsed([{"t": "Para", "c": []}], [{"t": "Para", "c": []}])
    return [f.code for f in entry_findings(entry, parsed, language(code), "x.po")]


@pytest.mark.parametrize(
    ("code", "source", "translation", "found"),
    [
        ("fr", "Read the report.", "Lisez le le rapport.", ["doubled-word"]),
        ("fr", "Read the report.", "Lisez Le le rapport.", ["doubled-word"]),
        ("es", "Data of the school.", "Datos de de la escuela.", ["doubled-word"]),
        ("fr", "We ask ourselves questions.", "Nous nous posons des questions.", []),
        ("fr", "You wonder why.", "Vous vous demandez pourquoi.", []),
        ("nl", "He says that this works.", "Hij zegt dat dat werkt.", []),
        ("de", "Teachers who read the guide.", "Lehrkräfte, die die Leitlinien lesen.", []),
        ("cs", "He met with me.", "Setkal se se mnou.", []),
        ("fr", "A trip to Bora Bora.", "Un voyage à Bora Bora.", []),
        ("lt", "The summary. Summary soon.", "Santrauka. Santrauka netrukus.", []),
        ("fr", "In rooms 12 and 12.", "Dans les salles 12 12.", []),
    ],
)
def test_doubled_words(code: str, source: str, translation: str, found: list[str]) -> None:
    assert [c for c in codes(source, translation, code) if c == "doubled-word"] == found


@pytest.mark.parametrize(
    ("code", "source", "translation", "found"),
    [
        ("de", "Is it clear?", "Ist es klar.", True),
        ("de", "It is clear.", "Es ist klar", True),
        ("de", "It is clear", "Ist es klar?", True),
        ("de", "The Commission will:", "Die Kommission wird.", True),
        ("fr", "Is it clear?", "Est-ce clair\u202f?", False),
        ("fr", "The Commission will:", "La Commission va\u00a0:", False),
        ("el", "Is it clear?", "Είναι σαφές;", False),
        ("el", "Is it clear?", "Είναι σαφές\u037e", False),
        ("el", "support research;", "υποστήριξη της έρευνας;", False),
        ("es", "Is it clear?", "¿Está claro?", False),
        ("es", "Is it clear?", "¿Está claro.", True),
        ("de", "He said “stop.”", "Er sagte „halt.“", False),
        ("fr", "He said “stop!”", "Il a dit « stop\u202f! »", False),
        ("de", "It went on…", "Es ging weiter...", False),
        ("de", "See **the guide**.", "Siehe **den Leitfaden**.", False),
        ("bg", "October 2022", "Октомври 2022 г.", False),
        ("hr", "By the end of 2021", "Do kraja 2021.", False),
        ("de", "See [the guide](https://example.org/a.)",
         "Siehe [den Leitfaden](https://example.org/a.)", False),

        # Each script's own full stop, question and exclamation marks.
        ("hi", "Every winter.", "हर सर्दी।", False),
        ("hy", "Every winter.", "Ամեն ձմեռ։", False),
        ("ja", "Every winter.", "毎年冬に。", False),
        ("zh", "Is it clear?", "清楚吗？", False),
        ("zh", "Stop!", "停！", False),
        ("ja", "It is clear.", "明らかです", True),
    ],
)  # fmt: skip
def test_end_punctuation(code: str, source: str, translation: str, found: bool) -> None:
    assert ("end-punctuation" in codes(source, translation, code)) is found


@pytest.mark.parametrize(
    ("code", "source", "translation", "found"),
    [
        ("de", "See the annex (page 4).", "Siehe Anhang (Seite 4.", True),
        ("de", "See the annex (page 4).", "Siehe Anhang Seite 4).", True),
        ("de", "A [list] of items.", "Eine [Liste) von Dingen.", True),
        ("de", "See [the guide](https://example.org/a_(b)) now.",
         "Siehe [den Leitfaden](https://example.org/a_(b)) jetzt.", False),
        ("de", "See [the guide](https://example.org/g) (short).",
         "Siehe [den Leitfaden](https://example.org/g) (kurz).", False),
        ("de", "a) first, b) second.", "a) erstens, b) zweitens.", False),
        ("de", "The “AI Act” applies.", "Der „AI Act“ gilt.", False),
        ("de", "The “AI Act” applies.", "Der „AI Act gilt.", True),
        ("pl", "The “AI Act” applies.", "„Akt w sprawie AI” obowiązuje.", False),
        ("fr", "The “AI Act” applies.", "Le « AI Act » s’applique.", False),
        ("fr", "The “AI Act” applies.", "Le « AI Act s’applique.", True),
        ("da", "The “AI Act” applies.", "»AI-forordningen« gælder.", False),
        ("sv", "The “AI Act” applies.", "»AI-förordningen» gäller.", False),
        ("sv", "The “AI Act” applies.", "”AI-förordningen” gäller.", False),
        ("fr", "The teachers’ guide.", "Le guide de l’enseignant, aujourd’hui.", False),
        ("de", 'The "AI Act" applies.', 'Der "AI Act gilt.', True),
        ("de", "Use `f(x` here (now).", "Nutze `f(x` hier (jetzt).", False),
    ],
)  # fmt: skip
def test_unbalanced(code: str, source: str, translation: str, found: bool) -> None:
    assert ("unbalanced" in codes(source, translation, code)) is found


@pytest.mark.parametrize(
    ("code", "source", "translation", "dropped"),
    [
        ("fr", "The JRC supports SELFIE.", "Le CCR soutient l’outil.", ["'SELFIE'"]),
        ("fr", "The OECD report.", "Le rapport de l’OCDE.", []),
        ("de", "Funded by Erasmus+.", "Gefördert durch das Programm.", ["'Erasmus+'"]),
        ("de", "The eTwinning community.", "Die Gemeinschaft.", ["'eTwinning'"]),
        ("fi", "The JRC report.", "JRC:n raportti.", []),
        ("fi", "The SELFIE tool.", "SELFIE-työkalu.", []),
        ("pl", "The eTwinning community.", "Społeczność eTwinningu.", []),
        ("de", "AI in schools.", "KI in Schulen.", []),
        ("fi", "AI in schools.", "Tekoäly kouluissa.", []),
        ("bg", "Funded by Erasmus+.", "Финансирано от „Еразъм+“.", []),
        ("bg", "Call HORIZON-WIDERA-2021-ERA-01-91.", "Покана.",
         ["'HORIZON-WIDERA-2021-ERA-01-91'"]),
        ("de", "Call HORIZON-WIDERA-2021-ERA-01-91.", "Aufruf HORIZON-WIDERA-2021-ERA-01-91.", []),
        ("de", "See [the JRC page](https://example.org/JRC).",
         "Siehe [die Seite](https://example.org/JRC).", ["'JRC'"]),
    ],
)  # fmt: skip
def test_dropped_names(code: str, source: str, translation: str, dropped: list[str]) -> None:
    entry = Entry(source, translation, line=3)
    parsed = Parsed([{"t": "Para", "c": []}], [{"t": "Para", "c": []}])
    found = entry_findings(entry, parsed, language(code), "x")
    found = [f for f in found if f.code == "dropped-name"]
    assert [f.message.split(" ")[0] for f in found] == dropped
    assert all(f.severity == "warning" for f in found)


@pytest.mark.parametrize(
    ("source", "comment", "found"),
    [
        ("Key activities", "heading 1", True),
        ("Expected results", "heading 2", True),
        ("Contact", "heading 1", False),
        ("Horizon Europe", "heading 1", False),
        ("Digital Education Action Plan", "heading 1", False),
        ("Key activities", "list item", False),
        ("Another sentence that stays.", "paragraph", True),
    ],
)
def test_unchanged_headings(source: str, comment: str, found: bool) -> None:
    assert ("unchanged" in codes(source, source, "fr", comment)) is found


def test_page_labels_skip_the_prose_checks() -> None:
    entry = Entry("Contents (page %(page)s)", "Inhalt (Seite %(page)s", line=2)
    assert not entry_findings(entry, None, language("de"), "ui.po")
