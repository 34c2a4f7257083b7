"""Catalog checks: one planted defect per check, and the exact finding for each.

``tests/checks/fr.po`` (a catalog of ``tests/checks/doc.md``) sits next to
``fr.expect.txt``, the findings ``check`` must print for it; regenerate with
``pytest --update-golden`` and review the diff like code.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.catalogs.model import Catalog, Entry
from pipeline.checks.entries import entry_findings, header_findings
from pipeline.core.languages import language
from tests.conftest import REPO, copy_project, edited_catalog, run_cli

CASES = Path(__file__).parent / "checks"


def _defects_project(root: Path) -> Path:
    (root / "source").mkdir(parents=True)
    shutil.copy(CASES / "doc.md", root / "source" / "doc.md")
    (root / "pyproject.toml").write_text('[tool.pipeline]\nlanguages = ["fr"]\n', "utf-8")
    catalogs = root / "locales" / "fr" / "LC_MESSAGES"
    catalogs.mkdir(parents=True)
    shutil.copy(CASES / "fr.po", catalogs / "doc.po")
    return root


def test_each_planted_defect_gives_its_exact_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], update_golden: bool
) -> None:
    root = _defects_project(tmp_path)
    assert run_cli(root, "extract", capsys=capsys)[0] == 0
    status, out, _err = run_cli(root, "check", capsys=capsys)
    assert status == 1
    findings = [
        line for line in out.splitlines() if line.startswith("locales/fr/LC_MESSAGES/doc.po")
    ]
    expected = CASES / "fr.expect.txt"
    if update_golden:
        expected.write_text("\n".join(findings) + "\n", "utf-8")
    assert findings == expected.read_text("utf-8").splitlines()
    report = json.loads((root / "outputs" / "report.json").read_text("utf-8"))
    codes = {item["code"] for item in report["findings"]}
    assert {"block-structure", "link-target", "link-scheme", "markup", "email", "number",
            "raw-markup", "length", "unchanged", "typography", "untranslated", "fuzzy",
            "completeness", "doubled-word", "end-punctuation", "unbalanced",
            "dropped-name"} <= codes  # fmt: skip
    assert report["completeness"]["fr"]["doc"]["fuzzy"] == 1


def test_findings_point_at_the_msgstr_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _defects_project(tmp_path)
    run_cli(root, "extract", capsys=capsys)
    _status, out, _err = run_cli(root, "check", capsys=capsys)
    lines = (root / "locales" / "fr" / "LC_MESSAGES" / "doc.po").read_text("utf-8").splitlines()
    for finding in out.splitlines():
        path, _, rest = finding.partition(":")
        number = rest.split(":")[0]
        if path.endswith("doc.po") and number.isdigit():
            assert lines[int(number) - 1].startswith("msgstr"), finding


def test_the_repository_catalogs_are_clean(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = copy_project(tmp_path)
    status, out, _err = run_cli(root, "check", capsys=capsys)
    findings = [line for line in out.splitlines() if "[" in line and "]: " in line]
    assert findings == []
    assert status == 0


def test_a_broken_link_in_the_french_catalog_fails_the_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path)
    path = root / "locales" / "fr" / "LC_MESSAGES" / "factsheet.po"
    with edited_catalog(path) as catalog:
        entry = next(e for e in catalog if "](https://education.ec.europa.eu" in e.msgstr)
        entry.msgstr = entry.msgstr.replace(
            "https://education.ec.europa.eu", "https://elsewhere.example"
        )
    status, out, _err = run_cli(root, "check", "fr", capsys=capsys)
    assert status == 1
    assert "error[link-target]: link target 'https://elsewhere.example" in out


def test_header_checks_name_what_is_wrong() -> None:
    catalog = Catalog(
        header=(("Language", "de"), ("Content-Type", "text/plain; charset=ISO-8859-1"),
                ("Plural-Forms", "nplurals=1; plural=0;")),
        entries=(),
    )  # fmt: skip
    codes = [f.code for f in header_findings(catalog, language("ga"), "ga.po")]
    assert codes == ["header-language", "header-plural-forms", "header-charset"]


def test_placeholders_of_page_labels_must_match() -> None:
    entry = Entry("Page %(page)s of %(pages)s", "Seite %(page)s", line=7)
    findings = entry_findings(entry, None, language("de"), "ui.po")
    assert [(f.line, f.code) for f in findings] == [(7, "placeholder")]


def test_numbers_match_whatever_the_spacing() -> None:
    for text in ("45 %", "45\u00a0%", "45\u202f%", "45%"):
        entry = Entry("A target of 45% women.", f"Un objectif de {text} de femmes.")
        assert not [
            f for f in entry_findings(entry, None, language("fr"), "x") if f.code == "number"
        ]


def test_repository_catalogs_are_in_every_configured_language() -> None:
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["pipeline"]
    for code in config["languages"]:
        assert (REPO / "locales" / code / "LC_MESSAGES" / "factsheet.po").is_file()
