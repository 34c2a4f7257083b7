"""The PDF's text layer reads as the translation in complex scripts (``text-layer``).

Real pandoc, real WeasyPrint with the shipped typefaces, and poppler's pdftotext as the
reader: Hindi whose vowel signs are drawn before their consonants and whose conjuncts
are single glyphs, Arabic and Persian (with a zero-width non-joiner).
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from pipeline.checks.textlayer import complex_text, letters
from pipeline.render import textlayer
from tests.conftest import (
    edited_catalog,
    keep_labels_in_english,
    run_cli,
    started_translation,
    write_project,
)

SOURCE = """\
---
title: Contact
---

# First chapter

Contact us.

The purpose of this document.
"""

TRANSLATIONS = {
    "hi": {
        "Contact": "संपर्क",
        "First chapter": "पहला अध्याय",
        "Contact us.": "संपर्क करें।",
        "The purpose of this document.": (
            "इस दस्तावेज़ का उद्देश्य: हिन्दी में क्षमा, श्री, कृपया, द्वितीय, स्थिति, प्रिंटर, किताब और हिंदी।"
        ),
    },
    "ar": {
        "Contact": "اتصال",
        "First chapter": "الفصل الثاني",
        "Contact us.": "اتصلوا بنا.",
        "The purpose of this document.": (
            "الغرض من هذا المستند: فيه قليل من الكلمات، غير أن الحروف كثيرة."
        ),
    },
    "fa": {
        "Contact": "تماس",
        "First chapter": "فصل نخست",
        "Contact us.": "با ما تماس بگیرید.",
        "The purpose of this document.": "هدف این سند: پیش‌نویس گزارش‌ها و پیغام‌ها.",
    },
}


def _folded(text: str) -> str:
    """NFC, without formatting controls (poppler adds direction marks and drops joiners)
    and without white space (poppler spaces punctuation in right-to-left lines)."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", "", "".join(ch for ch in text if unicodedata.category(ch) != "Cf"))


def _project(root: Path, codes: list[str], capsys: pytest.CaptureFixture[str]) -> Path:
    write_project(root, SOURCE, codes)
    assert run_cli(root, "extract", capsys=capsys)[0] == 0
    for code in codes:
        assert run_cli(root, "init", code, capsys=capsys)[0] == 0
        with edited_catalog(root / "locales" / code / "LC_MESSAGES" / "doc.po") as catalog:
            for entry in catalog:
                entry.msgstr = TRANSLATIONS[code][entry.msgid]
        keep_labels_in_english(root, code)
    return root


def _pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")


def test_the_installed_weasyprint_is_one_the_text_layer_wrapper_knows() -> None:
    """Fails when WeasyPrint changes: review render/textlayer.py against the new
    draw_first_line, then add the version to SUPPORTED."""
    import weasyprint

    assert textlayer.supported(), f"WeasyPrint {weasyprint.__version__} is not in SUPPORTED"
    assert textlayer.install()


@pytest.mark.hostile
def test_hindi_arabic_and_persian_pdfs_read_as_their_translations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path, ["hi", "ar", "fa"], capsys)
    status, out, err = run_cli(root, "build", "--jobs", "1", capsys=capsys)
    assert "text-layer" not in out + err
    assert status == 0
    for code, texts in TRANSLATIONS.items():
        read = _folded(_pdftotext(root / "outputs" / code / "doc.pdf"))
        for text in texts.values():
            assert _folded(text) in read, (code, text)


@pytest.mark.hostile
def test_a_text_layer_that_reads_other_words_is_a_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As WeasyPrint draws Hindi on its own, "संपर्क" reads "संप र्क" and "किताब" "ताब"."""
    from weasyprint.draw import text

    original = getattr(text.draw_first_line, "original", text.draw_first_line)
    monkeypatch.setattr(text, "draw_first_line", original)
    monkeypatch.setattr(textlayer, "SUPPORTED", ())
    root = _project(tmp_path, ["hi"], capsys)
    status, out, err = run_cli(root, "build", "--jobs", "1", capsys=capsys)
    assert "text-layer" in out + err
    assert "संपर्क करें" in out + err
    assert status != 0


def test_the_comparison_keeps_vowel_signs_and_leaves_out_what_poppler_rewrites() -> None:
    assert complex_text("पहला") and complex_text("الغرض") and not complex_text("Ελληνικά")
    assert letters("पहला") != letters("पहिला")  # a vowel sign that is not there counts
    assert letters("الغرض") != letters("الضرض")  # so does a letter with its dots moved
    assert letters("\u202bكَتَبَ\u202c") == letters("كتب")  # direction marks, harakat
    assert letters("الأرض") == letters("األرض")  # a lam-alef, read in either order
    assert letters("پیش\u200cنویس") == letters("پیشنویس")  # a zero-width non-joiner


WRAPPED = """\
---
title: Shelter
description: Why cities need more emergency beds before the cold season.
---

Read the full study at <https://example.org/winter-shelter> or write to press@example.org.
"""

WRAPPED_TRANSLATIONS = {
    "hi": {
        "Shelter": "आश्रय",
        "Why cities need more emergency beds before the cold season.": (
            "शहरों को ठंड के मौसम से पहले और अधिक आपातकालीन बिस्तरों की ज़रूरत क्यों है।"
        ),
        "Read the full study at <https://example.org/winter-shelter> or write to "
        "press@example.org.": (
            "पूरा अध्ययन <https://example.org/winter-shelter> पर पढ़ें या "
            "press@example.org पर लिखें। संपर्क करें, कृपया, क्षमा, श्री, द्वितीय।"
        ),
    },
    "ar": {
        "Shelter": "مأوى",
        "Why cities need more emergency beds before the cold season.": (
            "لماذا تحتاج المدن إلى مزيد من أسرّة الطوارئ قبل موسم البرد."
        ),
        "Read the full study at <https://example.org/winter-shelter> or write to "
        "press@example.org.": (
            "اقرأوا الدراسة الكاملة على <https://example.org/winter-shelter> "
            "أو راسلونا على press@example.org."
        ),
    },
}


def _nested_actual_texts(path: Path) -> list[str]:
    """The /ActualText spans that open inside another one (a reader keeps the inner
    text and loses the glyphs drawn before it)."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(path)
    nested: list[str] = []
    for page in reader.pages:
        stack: list[bool] = []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator in (b"BDC", b"BMC"):
                props = operands[1] if operator == b"BDC" else None
                actual = hasattr(props, "get") and props.get("/ActualText") is not None
                if actual and any(stack):
                    nested.append(str(props["/ActualText"]))
                stack.append(actual)
            elif operator == b"EMC":
                stack.pop()
    return nested


@pytest.mark.hostile
def test_wrapped_lines_read_as_their_translations_without_nested_actual_texts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A line-end run carries the text around the break as its /ActualText; the spans of
    its complex clusters inside it hid its first glyphs ("أسرّة الطوارئ قبل" was lost)."""
    write_project(tmp_path, WRAPPED, ["hi", "ar"])
    assert run_cli(tmp_path, "extract", capsys=capsys)[0] == 0
    for code in ("hi", "ar"):
        assert run_cli(tmp_path, "init", code, capsys=capsys)[0] == 0
        with edited_catalog(tmp_path / "locales" / code / "LC_MESSAGES" / "doc.po") as catalog:
            for entry in catalog:
                entry.msgstr = WRAPPED_TRANSLATIONS[code][entry.msgid]
        keep_labels_in_english(tmp_path, code)
    status, out, err = run_cli(tmp_path, "build", "--jobs", "1", "--formats", "pdf", capsys=capsys)
    assert "text-layer" not in out + err
    assert status == 0
    for code, texts in WRAPPED_TRANSLATIONS.items():
        pdf = tmp_path / "outputs" / code / "doc.pdf"
        assert _nested_actual_texts(pdf) == [], code
        read = letters(_pdftotext(pdf))
        for text in texts.values():
            assert letters(text) in read, (code, text)


# Words whose vowel marks (a shadda, a tanwin) the shaper keeps apart from their letter.
VOWELLED = {
    "Contact": "مأوى",
    "First chapter": "أسرّة الطوارئ",
    "Contact us.": "تمر 21 يومًا قبل أن تجد الأسرة مكانًا.",
    "The purpose of this document.": "لماذا تحتاج المدن إلى مزيد من الأسرّة؟",
}


@pytest.mark.hostile
def test_arabic_vowel_marks_leave_their_words_in_order_for_pdfium_and_poppler(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Given the text of a mark and its letter as one /ActualText, PDFium (Chromium's
    viewer) read the letters around them out of order: "أسرّة" as "رسأّة"."""
    import pypdfium2

    catalog_path = started_translation(tmp_path, SOURCE, "ar", capsys)
    with edited_catalog(catalog_path) as catalog:
        for entry in catalog:
            entry.msgstr = VOWELLED[entry.msgid]
    keep_labels_in_english(tmp_path, "ar")
    status, out, err = run_cli(tmp_path, "build", "--jobs", "1", "--formats", "pdf", capsys=capsys)
    assert status == 0, out + err
    pdf = tmp_path / "outputs" / "ar" / "doc.pdf"
    pdfium = "".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(pdf))
    poppler = letters(_pdftotext(pdf))
    words = [word for text in VOWELLED.values() for word in re.findall("[\u0600-\u06ff]+", text)]
    assert any(unicodedata.category(ch) == "Mn" for word in words for ch in word)
    for word in words:
        assert word in pdfium, word  # the marks too, each after its letter
        assert letters(word) in poppler, word  # poppler may put a tanwin before its letter
