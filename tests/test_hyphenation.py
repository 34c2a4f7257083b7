"""Hyphenation for languages Pyphen lacks: TeX's patterns, converted and registered.

The patterns come from TeX Live (Debian's texlive-lang-european): without them these
tests skip, unless PIPELINE_REQUIRE_ORACLES says they must be there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pypdf
import pyphen
import pytest

from pipeline.adapters import hyphenation
from tests.conftest import copy_project, run_cli


def _require_patterns(tag: str) -> None:
    if hyphenation.tex_patterns(tag) is None:
        if os.environ.get("PIPELINE_REQUIRE_ORACLES"):
            pytest.fail(f"TeX hyphenation patterns for {tag} are required but not installed")
        pytest.skip(f"TeX hyphenation patterns for {tag} are not installed")


def _hyphenated_lines(pdf: Path) -> list[str]:
    """Lines drawn ending in WeasyPrint's hyphen (pypdf reads the glyphs drawn; poppler
    reads the actual text, which restores the whole word)."""
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    return [line for line in text.splitlines() if line.rstrip().endswith("\u2010")]


def test_exceptions_outweigh_patterns() -> None:
    dic = hyphenation.tex_to_dic("1ba\n% comment\n1ta 1le\n", "ta-ble\nbaba\n")
    assert dic.splitlines() == ["UTF-8", "1ba", "1ta", "1le", ".t8a9b8l8e.", ".b8a8b8a."]


@pytest.mark.parametrize(
    ("tag", "word", "expected"),
    [
        ("fi", "järjestelmällisyydellään", "jär-jes-tel-mäl-li-syy-del-lään"),
        ("ga", "neamhspleáchas", "neamh-spleáchas"),
        ("tr", "kullanılabilirlik", "kul-la-nı-la-bi-lir-lik"),
    ],
)
def test_languages_pyphen_lacks_are_hyphenated(
    tag: str, word: str, expected: str, tmp_path: Path
) -> None:
    _require_patterns(tag)
    assert pyphen.language_fallback(tag) is None or hyphenation.pyphen_has(tag)
    path = hyphenation.register(tag, tmp_path)
    assert path is not None and path.is_relative_to(tmp_path)
    assert pyphen.Pyphen(lang=tag, left=3, right=3).inserted(word) == expected


def test_an_irish_exception_is_never_broken(tmp_path: Path) -> None:
    _require_patterns("ga")
    hyphenation.register("ga", tmp_path)
    assert pyphen.Pyphen(lang="ga", left=2, right=2).inserted("bhrachtaí") == "bhrachtaí"


@pytest.mark.parametrize("tag", ["ar", "zh-Hans", "ja", "he", "hi", "ne", "en", "de", "sr-Latn"])
def test_no_note_where_none_is_needed(tag: str) -> None:
    assert hyphenation.missing_note(tag) is None


@pytest.mark.hostile
@pytest.mark.parametrize("tag", ["xx", "xx-MT", "../../etc", "../patterns/hyph-mt"])
def test_a_language_without_patterns_gets_a_note(tag: str) -> None:
    note = hyphenation.missing_note(tag)
    assert note is not None and repr(tag) in note


def test_built_pdfs_hyphenate_finnish_irish_and_maltese_without_notes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _require_patterns("fi")
    _require_patterns("ga")
    root = copy_project(tmp_path / "project", ["fi", "ga", "mt"])
    status, out, _err = run_cli(root, "build", "--formats", "pdf", capsys=capsys)
    assert status == 0, out
    for code in ("fi", "ga", "mt"):
        broken = _hyphenated_lines(root / "outputs" / code / "factsheet.pdf")
        assert broken, f"no word is hyphenated in the {code} PDF"
    assert "no-hyphenation" not in out, out
