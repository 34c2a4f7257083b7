"""The term list: a planted wrong name is found at its line, TBX and CSV say the same,
inflected and folded forms match, and text in URLs and code does not count."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from pipeline.catalogs.model import Entry
from pipeline.checks.termbase import parse_term_list
from pipeline.checks.terminology import terminology_findings
from pipeline.core.config import load_project
from pipeline.core.errors import PipelineError
from pipeline.core.findings import ERROR, WARNING
from pipeline.project.assessments import cached_assessment
from pipeline.project.state import BuildState
from tests.conftest import REPO, copy_project, edited_catalog, run_cli

# The same concepts in the three shapes a project may keep them in.
TBX_2008 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en"><text><body>
  <termEntry id="IATE-3586358">
    <langSet xml:lang="en"><tig><term>Horizon Europe</term>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>
    <langSet xml:lang="de"><tig><term>Horizont Europa</term>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>
    <langSet xml:lang="lv">
      <tig><term>Apvārsnis Eiropa</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
      <ntig><termGrp><term>programma* “Apvārsnis Eiropa”</term>
        <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termGrp></ntig>
    </langSet>
    <langSet xml:lang="pl"><tig><term>Horyzont* Europa</term></tig>
      <tig><term>Horyzont Europejski</term>
        <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig></langSet>
  </termEntry>
  <termEntry id="IATE-erasmus">
    <langSet xml:lang="en"><tig><term>Erasmus+</term></tig></langSet>
    <langSet xml:lang="de"><tig><term>Erasmus+</term></tig>
      <tig><term>Erasmus Plus</term>
        <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
  </termEntry>
</body></text></martif>
"""
TBX_V3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<text><body>
  <conceptEntry id="c1">
    <langSec xml:lang="en"><termSec><term>Horizon Europe</term></termSec></langSec>
    <langSec xml:lang="de"><termSec><term>Horizont Europa</term>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec>
    <langSec xml:lang="lv"><termSec><term>Apvārsnis Eiropa</term></termSec>
      <termSec><term>programma* “Apvārsnis Eiropa”</term></termSec></langSec>
    <langSec xml:lang="pl"><termSec><term>Horyzont* Europa</term></termSec>
      <termSec><term>Horyzont Europejski</term>
      <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec></langSec>
  </conceptEntry>
  <conceptEntry id="c2">
    <langSec xml:lang="en"><termSec><term>Erasmus+</term></termSec></langSec>
    <langSec xml:lang="de"><termSec><term>Erasmus+</term></termSec>
      <termSec><term>Erasmus Plus</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec></langSec>
  </conceptEntry>
</body></text></tbx>
"""
CSV = """source,lang,approved,forbidden
Horizon Europe,de,Horizont Europa,
Horizon Europe,lv,Apvārsnis Eiropa | programma* “Apvārsnis Eiropa”,
Horizon Europe,pl,Horyzont* Europa,Horyzont Europejski
# a comment line, then a row in the spreadsheet style of many European locales
Erasmus+,de,Erasmus+,Erasmus Plus
"""
CSV_SEMICOLON = CSV.replace(",", ";")


def findings(term_list: str, code: str, *pairs: tuple[str, str]) -> list[tuple[int, str, str]]:
    terms = parse_term_list(term_list.encode("utf-8"), "terms", "en")
    entries = [Entry(msgid, msgstr, line=10 * i) for i, (msgid, msgstr) in enumerate(pairs, 1)]
    return [
        (f.line, f.severity, f.message) for f in terminology_findings(entries, terms, code, "x")
    ]


CASES = [
    ("de", ("Funded by Horizon Europe.", "Finanziert durch Horizont Europa."), []),
    ("de", ("Funded by **Horizon Europe**.", "Finanziert durch **HORIZONT EUROPA**."), []),
    ("de", ("Funded by Horizon Europe.", "Finanziert durch Horizon Europa."), [WARNING]),
    ("de", ("Erasmus+ and Horizon Europe.", "Erasmus Plus und Horizont Europa."), [ERROR]),
    ("de", ("Erasmus+ and Horizon Europe.", "Erasmus+ und Horizont\u00a0Europa."), []),
    ("pl", ("Through Horizon Europe.", "W ramach programu Horyzontu Europa."), []),
    ("pl", ("Through Horizon Europe.", "W ramach „Horyzont Europejski”."), [ERROR]),
    ("lv", ("Through Horizon Europe.", "Ar programmas “Apvārsnis Eiropa” atbalstu."), []),
    ("lv", ("Through Horizon Europe.", "Ar programmām Apvārsnis Eiropā."), [WARNING]),
    # A word must end where the form ends: "Europaweit" is not "Europa".
    ("de", ("Through Horizon Europe.", "Durch Horizont Europaweit."), [WARNING]),
    # No source term, nothing to require; a language the list does not cover either.
    ("de", ("Funded by Horizon 2020.", "Finanziert durch Horizont 2020."), []),
    ("fr", ("Funded by Horizon Europe.", "Financé par Horizon."), []),
]


@pytest.mark.parametrize("term_list", [TBX_2008, TBX_V3, CSV, CSV_SEMICOLON])
@pytest.mark.parametrize(("code", "pair", "severities"), CASES)
def test_tbx_and_csv_find_the_same(
    term_list: str, code: str, pair: tuple[str, str], severities: list[str]
) -> None:
    found = findings(term_list, code, pair)
    assert [severity for _line, severity, _message in found] == severities
    for line, _severity, message in found:
        assert line == 10
        assert "“Horizon Europe”" in message or "“Erasmus+”" in message
        assert "approved: “" in message  # the finding says what to write


def test_urls_and_code_are_not_text() -> None:
    link = "https://example.eu/horizon-europe"
    # The source names the programme only in a URL: nothing is required.
    assert findings(TBX_2008, "de", (f"See <{link}>.", f"Siehe <{link}>.")) == []
    assert findings(TBX_2008, "de", (f"See [the call]({link}).", f"Siehe [Aufruf]({link}).")) == []
    assert findings(TBX_2008, "de", ("Run `horizon europe`.", "`horizon europe` ausführen.")) == []
    # The translation names it only in a URL or code: not named at all.
    found = findings(TBX_2008, "de", (f"[Horizon Europe]({link})", f"[Das Programm]({link})"))
    assert [severity for _, severity, _ in found] == [WARNING]
    found = findings(TBX_2008, "de", ("Horizon Europe.", "`Horizont Europa`."))
    assert [severity for _, severity, _ in found] == [WARNING]


def test_folding_apostrophes_and_romanian_commas() -> None:
    term_list = """source,lang,approved,forbidden
Digital Education Action Plan,fr,plan d’action en matière d’éducation numérique,
Digital Education Action Plan,ro,Plan* de acțiune pentru educația digitală,
"""
    typed = (
        "The Digital Education Action Plan.",
        "Le Plan d'action en matière d'éducation numérique.",
    )
    assert findings(term_list, "fr", typed) == []
    cedilla = ("The Digital Education Action Plan.", "Planul de acţiune pentru educaţia digitală.")
    assert findings(term_list, "ro", cedilla) == []


def _msgstr_line(path: Path, msgid: str) -> int:
    """The line of the msgstr of ``msgid``, read with polib and the file's own text."""
    entry = polib.pofile(str(path)).find(msgid)
    assert entry is not None
    lines = path.read_text("utf-8").splitlines()
    return next(
        number
        for number in range(entry.linenum, len(lines) + 1)
        if lines[number - 1].startswith("msgstr")
    )


PLANTED = {  # language: (approved form in the catalog, the wrong form planted)
    "de": ("Horizont Europa", "Horizon Europa"),
    "it": ("Orizzonte Europa", "Horizon Europe"),
    "pl": ("**Erasmus+** i **„Horyzont Europa”**", "**Erasmus Plus** i **Horizon Europe**"),
}
FUNDING = "The action is funded by the EU programmes **Erasmus+** and **Horizon Europe**."


def test_planted_wrong_names_found_at_their_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "project", languages=list(PLANTED))
    assert run_cli(root, "check", *PLANTED, capsys=capsys)[0] == 0
    expected = set()
    for code, (right, wrong) in PLANTED.items():
        path = root / "locales" / code / "LC_MESSAGES" / "factsheet.po"
        with edited_catalog(path) as catalog:
            entry = catalog.find(FUNDING)
            assert entry is not None and right in entry.msgstr
            entry.msgstr = entry.msgstr.replace(right, wrong)
        expected.add((f"locales/{code}/LC_MESSAGES/factsheet.po", _msgstr_line(path, FUNDING)))
    status, out, _ = run_cli(root, "check", *PLANTED, capsys=capsys)
    found = re.findall(r"^(\S+):(\d+): (\w+)\[terminology\]: (.*)$", out, re.M)
    assert {(path, int(line)) for path, line, _, _ in found} == expected
    by_language: dict[str, list[tuple[str, str]]] = {}
    for path, _, severity, message in found:
        by_language.setdefault(path.split("/")[1], []).append((severity, message))
    assert by_language["de"] == [
        ("warning", "“Horizon Europe” without an approved translation; approved: “Horizont Europa”")
    ]
    assert by_language["it"] == [
        (
            "warning",
            "“Horizon Europe” without an approved translation; approved: “Orizzonte Europa”",
        )
    ]
    # "Erasmus Plus" is forbidden in the shipped list: an error, so Polish is held back.
    assert sorted(by_language["pl"]) == [
        ("error", "“Erasmus+” translated with the forbidden “Erasmus Plus”; approved: “Erasmus+”"),
        (
            "warning",
            "“Horizon Europe” without an approved translation; approved: “Horyzont* Europa”",
        ),
    ]
    assert status == 1


def test_the_shipped_list_keeps_every_language_clean() -> None:
    project = load_project(REPO)
    assert project.terminology_path is not None
    terms = parse_term_list(project.terminology_path.read_bytes(), "terms.tbx", "en")
    from pipeline.project.catalogs import read_catalog

    checked = 0
    for code in project.languages:
        catalog = read_catalog(project, code, "factsheet")
        assert catalog is not None
        assert terminology_findings(catalog.active, terms, code, code) == []
        checked += 1
    assert checked == 23 and len(terms.concepts) >= 7


def test_the_assessment_key_holds_the_term_list(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", languages=["de"])
    project = load_project(root)
    state = BuildState.load(project.outputs_dir)
    assert not [f for f in cached_assessment(project, "de", "factsheet", state).findings
                if f.code == "terminology"]  # fmt: skip
    tbx = root / "locales" / "terms.tbx"
    tbx.write_text(tbx.read_text("utf-8").replace("Horizont Europa", "Horizont Europx"), "utf-8")
    later = cached_assessment(project, "de", "factsheet", state).findings
    assert len([f for f in later if f.code == "terminology"]) == 3


@pytest.mark.hostile
@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("<martif><text><body><termEntry>", "not well-formed XML"),
        ('<!DOCTYPE m [<!ENTITY a "aaaa">]><martif>&a;</martif>', "entities"),
        ("term,lang\nHorizon Europe,de\n", "unknown column 'term'"),
        ("source,lang,approved\nHorizon Europe,de,\n", "no approved or forbidden form"),
        ("source,lang,approved\n,de,Horizont Europa\n", "needs a source term"),
        ("", "empty term list"),
    ],
)
def test_a_broken_term_list_is_an_error_naming_it(text: str, said: str) -> None:
    with pytest.raises(PipelineError) as raised:
        parse_term_list(text.encode("utf-8"), "locales/terms.csv", "en")
    assert raised.value.path == "locales/terms.csv" and said in raised.value.message


@pytest.mark.hostile
def test_a_missing_or_misconfigured_term_list_stops_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "project", languages=["de"])
    config = root / "pyproject.toml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("locales/terms.tbx", "locales/nothing.tbx"), "utf-8")
    status, _, err = run_cli(root, "check", "de", capsys=capsys)
    assert status == 1 and err.startswith("locales/nothing.tbx: no such term list")
    config.write_text(text.replace('"locales/terms.tbx"', "true"), "utf-8")
    status, _, err = run_cli(root, "check", "de", capsys=capsys)
    assert status == 2 and "terminology must be a path" in err
    config.write_text(text.replace("terminology =", "terminologie ="), "utf-8")
    status, _, err = run_cli(root, "check", "de", capsys=capsys)
    assert status == 2 and "unknown key 'terminologie'" in err
