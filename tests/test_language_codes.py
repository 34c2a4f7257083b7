"""Language codes in BCP 47 or gettext spelling: one catalog folder, one tag, CLDR names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.core.errors import UsageError
from pipeline.core.languages import language, normalize_code, protocol_sort_key, same_language
from tests.conftest import copy_project, run_cli


@pytest.mark.parametrize(
    ("spellings", "folder", "tag", "native"),
    [
        (["pt-BR", "pt_BR", "PT-br"], "pt_BR", "pt-BR", "português (Brasil)"),
        (["sr-Latn", "sr@latin", "sr@LATIN"], "sr@latin", "sr-Latn", "srpski (latinica)"),
        (["sr-Latn-RS", "sr_RS@latin"], "sr_RS@latin", "sr-Latn-RS", "srpski (latinica, Srbija)"),
        (["sr", "sr-Cyrl"], "sr", "sr", "српски"),
        (["zh-CN", "zh_CN", "zh-Hans", "zh-Hans-CN"], "zh_CN", "zh-Hans", "中文 (简体)"),
        (["zh-TW", "zh-Hant", "zh_TW"], "zh_TW", "zh-Hant", "中文 (繁體)"),
        (["uz-Cyrl", "uz@cyrillic"], "uz@cyrillic", "uz-Cyrl", "ўзбекча (Кирил)"),
        (["fi", "FI"], "fi", "fi", "suomi"),
    ],
)
def test_every_spelling_names_one_folder(
    spellings: list[str], folder: str, tag: str, native: str
) -> None:
    for spelling in spellings:
        assert normalize_code(spelling) == folder, spelling
        info = language(spelling)
        assert (info.code, info.tag, info.native_name) == (folder, tag, native)
        assert same_language(spelling, folder)


def test_babel_gets_an_identifier_it_knows() -> None:
    assert language("sr@latin").babel_locale == "sr_Latn"
    assert language("zh-CN").babel_locale == "zh_Hans_CN"
    assert language("sr@latin").plural_forms.startswith("nplurals=3;")
    assert protocol_sort_key("pt_BR")[0] == protocol_sort_key("pt")[0]


@pytest.mark.hostile
@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("xx", "unknown language code 'xx'"),
        ("en-XX", "unknown region 'XX'"),
        ("en-ZZ", "unknown region 'ZZ'"),
        ("sr@klingon", "unknown modifier @klingon"),
        ("sr-Cyrl@latin", "names two scripts"),
        ("sr-Qaaa", "unknown script 'Qaaa'"),
        ("../fr", "invalid language code"),
        ("fr/../../etc", "invalid language code"),
        ("pt_BR.UTF-8", "invalid language code"),
        ("sr@", "invalid language code"),
        ("@latin", "invalid language code"),
        ("zh-Hans-CN-x-private-use", "invalid language code"),
        ("", "invalid language code"),
    ],
)
def test_hostile_codes_are_refused_clearly(raw: str, says: str) -> None:
    with pytest.raises(UsageError, match=re.escape(says)):
        normalize_code(raw)
    assert not same_language(raw, "fr")


@pytest.mark.hostile
def test_a_hostile_code_in_the_configuration_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "p", ["fr", "sr@klingon"])
    status, _out, err = run_cli(root, "stats", capsys=capsys)
    assert status != 0 and "unknown modifier @klingon" in err and "Traceback" not in err


def test_serbian_latin_and_chinese_build_under_gettext_folders_with_bcp47_tags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "p", ["sr-Latn", "zh-Hans", "pt_BR"])
    for spelling in ("sr@latin", "zh-CN", "pt-BR"):
        status, out, err = run_cli(root, "init", spelling, capsys=capsys)
        assert status == 0, out + err
    assert {p.name for p in (root / "locales").iterdir() if p.is_dir()} >= {
        "sr@latin", "zh_CN", "pt_BR"
    }  # fmt: skip
    status, out, err = run_cli(root, "build", "--draft", "--formats", "html", capsys=capsys)
    assert status == 0, out + err
    page = (root / "outputs" / "sr@latin" / "factsheet.html").read_text("utf-8")
    assert '<html lang="sr-Latn"' in page
    assert 'hreflang="zh-Hans"' in page and 'hreflang="pt-BR"' in page
    index = (root / "outputs" / "index.html").read_text("utf-8")
    for label in ("SR-Latn", "ZH-Hans", "PT-BR"):
        assert f'<span class="code">{label}</span>' in index
    assert "srpski (latinica)" in index and "PT_BR" not in index
