"""Tests for pipeline.poformat: GNU msgcat is the oracle."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.poformat import format_catalog, wrap_string

MSGCAT = shutil.which("msgcat")
needs_msgcat = pytest.mark.skipif(MSGCAT is None, reason="GNU msgcat is not installed")

HEADER = {
    "Project-Id-Version": "factsheet 1.0",
    "Language": "uk",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
}


def msgcat(text: str, tmp_path: Path) -> str:
    """What GNU msgcat writes for the PO text."""
    assert MSGCAT is not None
    source = tmp_path / "in.po"
    source.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [MSGCAT, str(source)], capture_output=True, check=True, env={"LC_ALL": "C.UTF-8"}
    )
    return done.stdout.decode("utf-8")


def catalog(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile()
    po.metadata = dict(HEADER)
    for entry in entries:
        po.append(entry)
    return po


def quoted(keyword: str, value: str, prefix: str) -> str:
    escaped = value.translate({92: "\\\\", 34: '\\"', 10: "\\n", 9: "\\t", 13: "\\r"})
    return f'{prefix}{keyword} "{escaped}"'


def plain_entry(entry: polib.POEntry) -> list[str]:
    """The entry written naively, one line per field and nothing wrapped."""
    prefix = "#~ " if entry.obsolete else ""
    lines = [f"# {line}" for line in entry.tcomment.split("\n")] if entry.tcomment else []
    lines += [f"#. {line}" for line in entry.comment.split("\n")] if entry.comment else []
    lines += [f"#: {name}:{line}" if line else f"#: {name}" for name, line in entry.occurrences]
    lines += [f"#, {', '.join(entry.flags)}"] if entry.flags else []
    for keyword in ("msgctxt", "msgid", "msgid_plural"):
        value = getattr(entry, f"previous_{keyword}")
        if value is not None:
            lines.append(quoted(keyword, value, "#~| " if entry.obsolete else "#| "))
    if entry.msgctxt is not None:
        lines.append(quoted("msgctxt", entry.msgctxt, prefix))
    lines.append(quoted("msgid", entry.msgid, prefix))
    if entry.msgid_plural:
        lines.append(quoted("msgid_plural", entry.msgid_plural, prefix))
        lines += [quoted(f"msgstr[{n}]", v, prefix) for n, v in entry.msgstr_plural.items()]
    else:
        lines.append(quoted("msgstr", entry.msgstr, prefix))
    return lines


def plain_po(po: polib.POFile) -> str:
    """The catalog as a PO file in the simplest form msgcat can read."""
    header = polib.POEntry(msgid="", tcomment=po.header, flags=["fuzzy"] * po.metadata_is_fuzzy,
                           msgstr="".join(f"{k}: {v}\n" for k, v in po.metadata.items()))
    return "\n".join("\n".join(plain_entry(e)) + "\n" for e in [header, *po])


def printed(po: polib.POFile) -> bool:
    """Whether msgcat writes any message besides the header for this catalog."""
    return any(not e.obsolete or (e.msgstr_plural.get(0) if e.msgid_plural else e.msgstr)
               for e in po)


def assert_like_msgcat(po: polib.POFile, tmp_path: Path, reread: bool = True) -> str:
    """Our text equals msgcat's output for the same catalog and is a fixed point."""
    text = format_catalog(po)
    assert msgcat(plain_po(po), tmp_path) == text
    if printed(po):  # msgcat writes nothing for a header-only file
        assert msgcat(text, tmp_path) == text
        if reread:  # polib re-reads what we wrote into the same catalog
            assert format_catalog(polib.pofile(text)) == text
    return text


# ---------------------------------------------------------------- strategies

WORDS = ["the", "data", "factsheet", "Ukraine", "per cent", "2023", "e.g.", "3.5%", "$10"]
PUNCT = list(".,;:!?-()[]{}<>/'`~@#$%^&*_+=|") + ["...", " - ", "--", "\u2014", "\u2013"]
MARKUP = ["*", "**", "_", "`", "[", "](https://example.org/a-b)", "](#anchor)", "# ", "> ", "<br>"]
UNICODE = ["café", "naïve", "Łódź", "αβγ", "Ελλάδα", "Київ", "щоденник", "中文", "日本語",
           "한국어", "「引用」", "、", "。", "（注）", "«", "»", "\u201cq\u201d", "\u2018s\u2019"]
SPECIAL = ["\n", "\t", '"', "\\", "\u00a0", "\u202f", "\r"]
SPACES = [" ", " ", " ", "  "]

long_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-./", min_size=20, max_size=90)
token = st.one_of(
    st.sampled_from(WORDS + PUNCT + MARKUP + UNICODE + SPECIAL + SPACES),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC", min_size=1, max_size=12),
    long_word,
    st.just("https://example.org/a-very/long/path/without-any/break-opportunity_at_all"),
)
text = st.lists(token, max_size=40).map("".join)
nonempty_text = text.filter(bool)
comment_line = st.lists(st.sampled_from(WORDS + UNICODE[:12] + ["TODO:", "(c)"]), min_size=1,
                        max_size=20).map(" ".join)
comment = st.lists(comment_line, max_size=3).map("\n".join)
file_name = st.sampled_from(["source/factsheet.md", "src/app.py", "./lib/x.c",
                             "docs/a-rather-long-directory-name/with/many/levels/file.md"])
reference = st.tuples(file_name, st.sampled_from(["", "1", "42", "1234"]))
flags = st.lists(st.sampled_from(["fuzzy", "python-format", "no-c-format", "python-brace-format",
                                  "no-wrap"]), max_size=3, unique=True)


@st.composite
def entries(draw: st.DrawFn) -> polib.POEntry:
    plural = draw(st.booleans()) and draw(st.booleans())
    entry = polib.POEntry(
        msgid=draw(nonempty_text),
        msgctxt=draw(st.one_of(st.none(), text)),
        tcomment=draw(comment),
        comment=draw(comment),
        occurrences=draw(st.lists(reference, max_size=6)),
        flags=draw(flags),
        obsolete=draw(st.booleans()) and draw(st.booleans()),
    )
    if plural:
        entry.msgid_plural = draw(nonempty_text)
        entry.msgstr_plural = dict(enumerate(draw(st.lists(text, min_size=1, max_size=3))))
    else:
        entry.msgstr = draw(text)
    if draw(st.booleans()):
        entry.previous_msgid = draw(text)
        entry.previous_msgctxt = draw(st.one_of(st.none(), text))
        entry.previous_msgid_plural = draw(nonempty_text) if plural else None
    return entry


@st.composite
def catalogs(draw: st.DrawFn) -> polib.POFile:
    po = catalog(*draw(st.lists(entries(), max_size=8, unique_by=lambda e: (e.msgctxt, e.msgid))))
    po.header = draw(comment)
    po.metadata_is_fuzzy = draw(st.booleans())
    return po


# ---------------------------------------------------------------- tests


@needs_msgcat
@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(po=catalogs())
def test_matches_msgcat(po: polib.POFile, tmp_path: Path) -> None:
    # polib's parser skips "#~|" lines, so those catalogs cannot round-trip.
    lossy = any(e.obsolete and (e.previous_msgid is not None or e.previous_msgctxt is not None)
                for e in po)
    assert_like_msgcat(po, tmp_path, reread=not lossy)


def test_string_of_exactly_79_columns_stays_on_one_line() -> None:
    value = "x" * 70  # msgid + space + quotes + 70 = 79 columns
    assert wrap_string("msgid", value) == [f'msgid "{value}"']
    assert wrap_string("msgid", value + "y") == ["msgid \"\"", f'"{value}y"']


@needs_msgcat
def test_80_columns_wraps_after_the_space(tmp_path: Path) -> None:
    words = "word " * 14 + "end"  # 73 characters: 80 columns with msgid and quotes
    text = assert_like_msgcat(catalog(polib.POEntry(msgid="a" + words, msgstr="")), tmp_path)
    assert 'msgid ""\n"aword word word word word word word word word word word word word word "\n' \
        '"end"\n' in text


@needs_msgcat
def test_long_url_without_break_opportunity(tmp_path: Path) -> None:
    url = "https://example.org/" + "a" * 90
    lines = wrap_string("msgstr", f"See {url} now")
    assert lines == ['msgstr ""', '"See "', f'"{url} "', '"now"']
    assert wrap_string("msgid", url) == [f'msgid "{url}"']
    assert_like_msgcat(catalog(polib.POEntry(msgid=url, msgstr=f"See {url} now")), tmp_path)


@needs_msgcat
def test_newlines_split_lines_and_trailing_newline(tmp_path: Path) -> None:
    assert wrap_string("msgid", "one line\n") == ['msgid "one line\\n"']
    assert wrap_string("msgid", "a\nb\n") == ['msgid ""', '"a\\n"', '"b\\n"']
    assert wrap_string("msgstr[1]", "") == ['msgstr[1] ""']
    entry = polib.POEntry(msgid="Tab\there \"quoted\" back\\slash\n", msgstr="Таб\tтут\n\n")
    assert_like_msgcat(catalog(entry), tmp_path)


@needs_msgcat
def test_obsolete_fuzzy_entry_with_previous_msgid(tmp_path: Path) -> None:
    entry = polib.POEntry(msgid="New text", msgstr="Новий текст", flags=["fuzzy"], obsolete=True,
                          previous_msgid="Old text that was rather long " * 3)
    text = assert_like_msgcat(catalog(entry), tmp_path, reread=False)
    assert text.endswith(
        '\n#, fuzzy\n#~| msgid ""\n'
        '#~| "Old text that was rather long Old text that was rather long Old text that "\n'
        '#~| "was rather long "\n#~ msgid "New text"\n#~ msgstr "Новий текст"\n'
    )


@needs_msgcat
def test_comments_references_and_flags_order(tmp_path: Path) -> None:
    entry = polib.POEntry(
        msgid="Hello", msgstr="Привіт", tcomment="translator\n\nnote", comment="extracted",
        occurrences=[("source/factsheet.md", ""), ("./src/app.py", "12"),
                     ("source/factsheet.md", "")] + [(f"docs/page-{n}.md", "7") for n in range(6)],
        flags=["python-format", "fuzzy", "markdown-text"],
    )
    text = assert_like_msgcat(catalog(entry), tmp_path)
    assert "#: source/factsheet.md src/app.py:12 docs/page-0.md:7 docs/page-1.md:7\n#: " in text
    assert "# translator\n#\n# note\n#. extracted\n" in text
    assert "#, fuzzy, python-format\n" in text


@needs_msgcat
def test_cjk_and_no_break_spaces(tmp_path: Path) -> None:
    entry = polib.POEntry(msgid="数据" * 30, msgstr="10\u00a0%\u202fde la population " * 5)
    assert_like_msgcat(catalog(entry), tmp_path)


@needs_msgcat
def test_empty_obsolete_and_fuzzy_without_translation(tmp_path: Path) -> None:
    gone = polib.POEntry(msgid="gone", msgstr="", obsolete=True)
    fuzzy = polib.POEntry(msgid="todo", msgstr="", flags=["fuzzy"])
    text = assert_like_msgcat(catalog(gone, fuzzy), tmp_path)
    assert "gone" not in text and "fuzzy" not in text
