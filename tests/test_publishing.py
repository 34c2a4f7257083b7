"""What gets published: thresholds, drafts, and the pseudo-locale that proves extraction."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from pipeline.translate.protect import tokens
from tests.conftest import copy_project, edited_catalog, run_cli
from tests.textutil import html_text, pdf_plain


def _translate_part(root: Path, code: str, share: float) -> None:
    """Keep the translations of the first ``share`` of the source words, drop the rest."""
    path = root / "locales" / code / "LC_MESSAGES" / "factsheet.po"
    with edited_catalog(path) as catalog:
        total = sum(len(entry.msgid.split()) for entry in catalog)
        kept = 0
        for entry in catalog:
            if kept + len(entry.msgid.split()) > share * total:
                entry.msgstr = ""
            else:
                kept += len(entry.msgid.split())


def test_a_language_below_the_threshold_is_held_back_and_drafts_say_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path, ["de", "it"])
    _translate_part(root, "it", 0.6)
    status, out, _err = run_cli(root, "build", "--formats", "html", capsys=capsys)
    assert status == 0
    assert re.search(r"held back factsheet \[it\]: (59|60)% translated, 100% needed", out)
    assert not (root / "outputs" / "it").exists()
    index = (root / "outputs" / "index.html").read_text("utf-8")
    assert "Not published: " in index and "100% needed" in index
    assert 'href="it/factsheet.html"' not in index
    german = (root / "outputs" / "de" / "factsheet.html").read_text("utf-8")
    assert 'hreflang="it"' not in german  # the switcher links only published languages

    status, out, _err = run_cli(root, "build", "--formats", "html", "--draft", capsys=capsys)
    assert status == 0 and "published factsheet [it] (draft)" in out
    page = (root / "outputs" / "it" / "factsheet.html").read_text("utf-8")
    assert 'class="draft-banner"' in page and re.search(r"(59|60)\u00a0?%", page)
    assert '<span class="fallback" lang="en">' in page  # untranslated text, marked English
    assert 'hreflang="it"' in (root / "outputs" / "de" / "factsheet.html").read_text("utf-8")


def test_the_pseudo_locale_shows_no_source_word_outside_its_brackets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every visible string (document, page labels, dates) went through a transformation."""
    root = copy_project(tmp_path, [])
    status, _out, _err = run_cli(root, "build", "--pseudo", "--formats", "html,pdf", capsys=capsys)
    assert status == 0
    english = set()
    addresses = set()  # shown as they are; in the PDF, maybe broken over lines after a "."
    for path in (root / "locales").glob("*.pot"):
        for entry in polib.pofile(str(path)):
            addresses |= {token for token in tokens(entry.msgid) if "@" in token}
            english |= {
                w.lower()
                for w in re.findall(r"[A-Za-z]{4,}", re.sub(r"\(http[^)]*\)", "", entry.msgid))
            }
    # What legitimately stays: e-mail and web addresses, the names of other languages in
    # the switcher, and the format names on download links.
    allowed = {"english", "pseudo", "localized", "mirrored", "epub", "html"}
    page = (root / "outputs" / "qps_ploc" / "factsheet.html").read_text("utf-8")
    for text in (html_text(page), pdf_plain(root / "outputs" / "qps_ploc" / "factsheet.pdf")):
        for address in addresses:
            text = re.sub(r"\s*".join(map(re.escape, address)), " ", text)
        text = re.sub(r"\S+@\S+|https?://\S+|@\w+", " ", text)
        leaked = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)} & english - allowed
        assert not leaked, sorted(leaked)
        assert "[!!" in text and "!!]" in text
    assert '<html lang="en-XA" dir="ltr"' in page
    mirrored = (root / "outputs" / "qps_plocm" / "factsheet.html").read_text("utf-8")
    assert '<html lang="ar-XB" dir="rtl"' in mirrored


@pytest.mark.hostile
def test_an_entry_with_a_context_never_replaces_the_reviewed_translation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path, ["fr"])
    path = root / "locales" / "fr" / "LC_MESSAGES" / "factsheet.po"
    catalog = polib.pofile(str(path))
    reviewed = next(
        entry
        for entry in catalog
        if len(entry.msgid) > 20 and re.fullmatch(r"[^\W\d][\w ,.]+", entry.msgstr)
    )
    intruder = polib.POEntry(msgctxt="x", msgid=reviewed.msgid, msgstr="INTRUDER TEXT")
    catalog.append(intruder)
    catalog.save(str(path))
    line = next(i for i, text in enumerate(path.read_text("utf-8").splitlines(), 1)
                if text == 'msgstr "INTRUDER TEXT"')  # fmt: skip
    status, out, _err = run_cli(root, "build", "--formats", "html", capsys=capsys)
    assert status == 0, out
    page = html_text((root / "outputs" / "fr" / "factsheet.html").read_text("utf-8"))
    assert "INTRUDER" not in page
    assert " ".join(reviewed.msgstr.split()[:3]) in page
    status, out, _err = run_cli(root, "check", "fr", capsys=capsys)
    assert f"factsheet.po:{line}: warning[unexpected-context]" in out
