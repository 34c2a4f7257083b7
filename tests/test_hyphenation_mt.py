"""Maltese hyphenation: the project's own patterns, registered like TeX's.

The words come from the factsheet's Maltese catalog; each expected break follows the
rules the patterns are written from (V-CV, VC-CV, "għ" and "ie" kept whole, clusters
that begin a syllable kept together), with the PDF's three letters on either side.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pyphen
import pytest

from pipeline.adapters import hyphenation

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "locales" / "mt" / "LC_MESSAGES" / "factsheet.po"

EXPECTED = [
    "ammi-nis-trat-tivi", "appren-di-ment", "Atti-vi-ta-jiet", "azzjoni", "Diġi-tali",
    "edu-kat-tiv", "Edu-kaz-zjoni", "esperti", "ewle-nin", "eżem-pji", "Finan-zja-ment",
    "Għa-liex", "għal-liema", "għand-hom", "impor-tanti", "iskej-jel", "istu-denti",
    "jap-poġ-ġaw", "jis-pje-gaw", "kon-kreti", "Kum-mis-sjoni", "Kun-tatt", "kun-test",
    "Laq-għat", "mis-ten-nija", "Objet-tivi", "Per-mezz", "Pro-dotti", "pro-moss",
    "pro-posti", "pro-ċessi", "Riżul-tati", "sis-temi", "tagħ-lim", "tin-tuża", "Tne-dija",
]  # fmt: skip


@pytest.fixture
def maltese(tmp_path: Path) -> pyphen.Pyphen:
    path = hyphenation.register("mt", tmp_path)
    assert path is not None and path.name.startswith("hyph-mt-")
    return pyphen.Pyphen(lang="mt", left=3, right=3)


def _catalog_words() -> set[str]:
    text = CATALOG.read_text("utf-8")
    return set(re.findall(r"[^\W\d_]+", " ".join(re.findall(r'msgstr "(.*)"', text))))


def test_maltese_has_patterns_and_no_note() -> None:
    assert hyphenation.tex_patterns("mt") == hyphenation.BUNDLED_PATTERNS / "hyph-mt.pat.txt"
    assert hyphenation.missing_note("mt") is None
    assert hyphenation.missing_note("mt-MT") is None


@pytest.mark.parametrize("expected", EXPECTED)
def test_catalog_words_break_where_the_rules_allow(maltese: pyphen.Pyphen, expected: str) -> None:
    word = expected.replace("-", "")
    assert word in _catalog_words()
    assert maltese.inserted(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("tagħna", "tagħ-na"),  # għ is one consonant: VC-CV
        ("tiegħu", "tie-għu"),  # ie is one vowel, għ starts the syllable
        ("ngħidu", "ngħi-du"),  # never inside a word's first consonants
        ("storja", "storja"),  # sto-rja or stor-ja: neither, rather than a guess
        ("ħajja", "ħaj-ja"),
        ("ċentru", "ċen-tru"),
        ("lingwa", "lin-gwa"),
    ],
)
def test_digraphs_and_clusters(tmp_path: Path, word: str, expected: str) -> None:
    hyphenation.register("mt", tmp_path)
    assert pyphen.Pyphen(lang="mt", left=1, right=1).inserted(word) == expected


@pytest.mark.hostile
def test_never_inside_gh_or_ie_or_next_to_an_apostrophe(tmp_path: Path) -> None:
    hyphenation.register("mt", tmp_path)
    dic = pyphen.Pyphen(lang="mt", left=1, right=1)
    words = _catalog_words() | {"b'xejn", "ta'għhom", "m’għandux", "qiegħed"}
    checked = 0
    for word in words:
        lower = word.lower()
        for pos in dic.positions(word):
            pair = lower[pos - 1 : pos + 1]
            assert pair not in ("għ", "ie"), dic.inserted(word)
            assert "'" not in pair and "\u2019" not in pair, dic.inserted(word)
        checked += "għ" in lower or "ie" in lower
    assert checked > 10


def test_the_fingerprint_follows_the_bundled_patterns() -> None:
    entries = [e for e in hyphenation.fingerprint() if e.startswith("hyph-mt.pat.txt:")]
    digest = hashlib.sha256(
        (hyphenation.BUNDLED_PATTERNS / "hyph-mt.pat.txt").read_bytes()
    ).hexdigest()[:16]
    assert entries == [f"hyph-mt.pat.txt:{digest}"]
