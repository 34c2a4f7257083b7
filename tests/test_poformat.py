"""pipeline.poformat writes what GNU msgcat writes: msgcat is the oracle."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.catalogs.poformat import format_catalog, wrap_string
from tests.conftest import require_tool

Msgcat = Callable[[str], str]

HEADER = {
    "Project-Id-Version": "factsheet 1.0",
    "Language": "uk",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
}


@pytest.fixture(scope="module")
def msgcat(tmp_path_factory: pytest.TempPathFactory) -> Msgcat:
    """What ``msgcat FILE`` writes for a PO text (skips without GNU gettext)."""
    program = require_tool("msgcat")
    source = tmp_path_factory.mktemp("msgcat") / "in.po"

    def run(text: str) -> str:
        source.write_text(text, "utf-8")
        done = subprocess.run([program, str(source)], capture_output=True, check=True)
        return done.stdout.decode("utf-8")

    return run


def catalog(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile()
    po.metadata = dict(HEADER)
    for entry in entries:
        po.append(entry)
    return po


def quoted(keyword: str, value: str, prefix: str) -> str:
    escapes = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
    return f'{prefix}{keyword} "{"".join(escapes.get(c, c) for c in value)}"'


def plain_entry(entry: polib.POEntry) -> list[str]:
    """The entry written naively: one line per field, nothing wrapped or normalised."""
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
        lines += [quoted(f"msgstr[{n}]", s, prefix) for n, s in entry.msgstr_plural.items()]
    else:
        lines.append(quoted("msgstr", entry.msgstr, prefix))
    return lines


def plain_po(po: polib.POFile) -> str:
    """The catalog as the simplest PO file msgcat can read."""
    header = polib.POEntry(
        msgid="",
        msgstr="".join(f"{key}: {value}\n" for key, value in po.metadata.items()),
        tcomment=po.header,
        flags=["fuzzy"] if po.metadata_is_fuzzy else [],
    )
    return "\n".join("\n".join(plain_entry(e)) + "\n" for e in [header, *po])


def writes_messages(po: polib.POFile) -> bool:
    """Whether msgcat writes a message besides the header (empty obsolete ones are dropped)."""
    return any(
        not e.obsolete or (e.msgstr_plural.get(0) if e.msgid_plural else e.msgstr) for e in po
    )


def assert_like_msgcat(po: polib.POFile, msgcat: Msgcat, reread: bool = True) -> str:
    """Our text is msgcat's output for the catalog, msgcat leaves it alone, polib re-reads it."""
    text = format_catalog(po)
    assert text == msgcat(plain_po(po))
    if writes_messages(po):  # msgcat writes nothing at all for a header-only file
        assert msgcat(text) == text
        if reread:
            assert format_catalog(polib.pofile(text)) == text
    return text


# Random catalogs --------------------------------------------------------------------------

WORDS = ["the", "data", "factsheet", "Ukraine", "per cent", "2023", "e.g.", "3.5%", "$10", "—"]
PUNCT = [*".,;:!?-()[]{}<>/'`~@#$%^&*_+=|", "...", " - ", "--", "\u2013"]
MARKUP = ["*", "**", "_", "`", "[", "](https://example.org/a-b)", "](#anchor)", "> ", "<br>"]
UNICODE = ["café", "naïve", "Łódź", "αβγ", "Ελλάδα", "Київ", "щоденник", "«", "»", "\u201cq\u201d"]
CJK = ["中文", "日本語", "한국어", "「引用」", "、", "。", "（注）", "数据" * 8]
# Characters the line-break scan treats apart: combining marks, zero-width space and
# joiner, regional indicators, a Hebrew letter before a hyphen, a line separator.
SCAN = ["\u0301", " \u0301", "\u200b", "\u200d", "\U0001f1eb\U0001f1f7", "\u05d0-", "\u2028"]
FORMATS = ["%s", "%(name)s", "%d", "%5.1f%%", "%(a-b)s", "% d", "%-10s", "%*d", "{x}"]
SPECIAL = ["\n", "\n", "\t", '"', "\\", "\u00a0", "\u202f", "\r", " ", " ", " ", "  "]
LETTERS = "abcdefghijklmnopqrstuvwxyzABC-./"  # one alphabet: hypothesis shrinks them together
URL = "https://example.org/a-very/long/path/without-any/break-opportunity_at_all?q=1"

token = st.one_of(
    st.sampled_from(WORDS + PUNCT + MARKUP + UNICODE + CJK + SCAN + FORMATS + SPECIAL + [URL]),
    st.text(alphabet=LETTERS, min_size=1, max_size=12),
    st.text(alphabet=LETTERS, min_size=20, max_size=90),  # long words, some unbreakable
)
text = st.lists(token, max_size=40).map("".join)
nonempty_text = text.filter(bool)
comment_line = st.lists(st.sampled_from(WORDS + UNICODE + CJK + ["TODO:", "(c)"]), min_size=1)
comment = st.lists(comment_line.map(" ".join), max_size=3).map("\n".join)
reference = st.tuples(
    st.sampled_from(
        ["source/factsheet.md", "src/app.py", "./lib/x.c", "docs/a-long-directory/and/file.md"]
    ),
    st.sampled_from(["", "1", "42", "1234"]),
)
flags = st.lists(
    # python-format is the one format language whose directives wrap() is taught to keep
    st.sampled_from(["fuzzy", "python-format", "no-c-format", "no-python-brace-format", "no-wrap"]),
    max_size=3,
    unique=True,
)


@st.composite
def entries(draw: st.DrawFn) -> polib.POEntry:
    entry = polib.POEntry(
        msgid=draw(nonempty_text),
        msgctxt=draw(st.none() | text),
        tcomment=draw(comment),
        comment=draw(comment),
        occurrences=draw(st.lists(reference, max_size=6)),
        flags=draw(flags),
        obsolete=draw(st.integers(0, 3)) == 0,
    )
    plural = draw(st.integers(0, 3)) == 0
    if plural:
        entry.msgid_plural = draw(nonempty_text)
        entry.msgstr_plural = dict(enumerate(draw(st.lists(text, min_size=1, max_size=3))))
    else:
        entry.msgstr = draw(text)
    if draw(st.booleans()):
        entry.previous_msgid = draw(text)
        entry.previous_msgctxt = draw(st.none() | text)
        entry.previous_msgid_plural = draw(nonempty_text) if plural else None
    return entry


@st.composite
def catalogs(draw: st.DrawFn) -> polib.POFile:
    unique = st.lists(entries(), max_size=8, unique_by=lambda e: (e.msgctxt, e.msgid))
    po = catalog(*draw(unique))
    po.header = draw(comment)
    po.metadata_is_fuzzy = draw(st.booleans())
    return po


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(po=catalogs())
def test_random_catalogs_are_written_as_msgcat_writes_them(
    po: polib.POFile, msgcat: Msgcat
) -> None:
    # polib's parser skips "#~|" lines, so such catalogs cannot be re-read whole; and it
    # splits lines where str.splitlines() does, so not at a raw U+2028 either.
    previous = ("previous_msgid", "previous_msgctxt", "previous_msgid_plural")
    lossy = any(e.obsolete and any(getattr(e, p) is not None for p in previous) for e in po)
    lossy = lossy or "\u2028" in format_catalog(po)
    assert_like_msgcat(po, msgcat, reread=not lossy)


# Readable cases ---------------------------------------------------------------------------


def test_79_columns_fit_and_80_columns_wrap(msgcat: Msgcat) -> None:
    fits = "word " * 14 + "x"  # 'msgid "' + 71 characters + '"' = 79 columns
    assert wrap_string("msgid", fits) == [f'msgid "{fits}"']
    assert wrap_string("msgid", fits + "y") == ['msgid ""', f'"{fits}y"']
    # Continuation lines hold 77 columns of text; the space stays at the end of the line.
    five, fifteen = "word " * 5, "word " * 15
    assert wrap_string("msgstr", "word " * 20) == ['msgstr ""', f'"{fifteen}"', f'"{five}"']
    assert_like_msgcat(catalog(polib.POEntry(msgid=fits, msgstr="word " * 20)), msgcat)


def test_an_unbreakable_run_overflows_the_line(msgcat: Msgcat) -> None:
    url = "https://example.org/" + "x" * 90  # gettext may break after "/" but not in the x's
    assert wrap_string("msgstr", f"See {url} now") == [
        'msgstr ""',
        '"See https://example.org/"',
        f'"{"x" * 90} "',
        '"now"',
    ]
    assert wrap_string("msgid", "x" * 100) == [f'msgid "{"x" * 100}"']
    assert_like_msgcat(catalog(polib.POEntry(msgid="x" * 100, msgstr=f"See {url} now")), msgcat)


def test_newlines_and_escapes(msgcat: Msgcat) -> None:
    assert wrap_string("msgid", "one line\n") == ['msgid "one line\\n"']
    assert wrap_string("msgid", "a\nb\n\n") == ['msgid ""', '"a\\n"', '"b\\n"', '"\\n"']
    assert wrap_string("msgstr[1]", "") == ['msgstr[1] ""']
    assert wrap_string("msgid", 'tab\t"q" \\ \a\x01') == ['msgid "tab\\t\\"q\\" \\\\ \\a\x01"']
    entry = polib.POEntry(msgid='Tab\there "quoted" back\\slash\n', msgstr="Таб\tтут\n\n")
    assert_like_msgcat(catalog(entry), msgcat)


def test_no_line_break_just_before_a_final_newline_escape(msgcat: Msgcat) -> None:
    value = "word " * 15 + "end\n"  # the break goes after the last space, not before "\n"
    assert wrap_string("msgid", value)[-1] == '"end\\n"'
    assert_like_msgcat(catalog(polib.POEntry(msgid=value, msgstr=value)), msgcat)


def test_python_format_directives_are_not_split(msgcat: Msgcat) -> None:
    value = "x" * 70 + " %(a-b)s and %-5d"  # "-" allows a break, but not inside a directive
    xs = f'"{"x" * 70} '
    assert wrap_string("msgid", value) == ['msgid ""', xs + '%(a-"', '"b)s and %-5d"']
    python = wrap_string("msgid", value, language="python")
    assert python == ['msgid ""', xs + '"', '"%(a-b)s and %-5d"']
    for flags in (["python-format"], ["no-python-format"]):
        entry = polib.POEntry(msgid=value, msgstr=value.upper(), flags=flags)
        assert_like_msgcat(catalog(entry), msgcat)


def test_obsolete_fuzzy_entry_with_previous_msgid(msgcat: Msgcat) -> None:
    entry = polib.POEntry(
        msgid="New text",
        msgstr="Новий текст",
        flags=["fuzzy"],
        obsolete=True,
        previous_msgid="Old text that was rather long " * 3,
    )
    text = assert_like_msgcat(catalog(entry), msgcat, reread=False)
    assert text.endswith(
        "\n#, fuzzy\n"
        '#~| msgid ""\n'
        '#~| "Old text that was rather long Old text that was rather long Old text "\n'
        '#~| "that was rather long "\n'
        '#~ msgid "New text"\n'
        '#~ msgstr "Новий текст"\n'
    )


def test_comment_lines_in_msgcat_order(msgcat: Msgcat) -> None:
    entry = polib.POEntry(
        msgid="Hello",
        msgstr="Привіт",
        tcomment="translator\n\nnote",
        comment="extracted",
        occurrences=[("source/factsheet.md", ""), ("./src/app.py", "12")]
        + [("source/factsheet.md", "")]
        + [(f"docs/page-{n}.md", "7") for n in range(6)],
        flags=["python-format", "fuzzy", "markdown-text"],
        previous_msgid="Helo",
    )
    text = assert_like_msgcat(catalog(entry), msgcat)
    assert text.endswith(
        "\n# translator\n#\n# note\n#. extracted\n"
        "#: source/factsheet.md src/app.py:12 docs/page-0.md:7 docs/page-1.md:7\n"
        "#: docs/page-2.md:7 docs/page-3.md:7 docs/page-4.md:7 docs/page-5.md:7\n"
        '#, fuzzy, python-format\n#| msgid "Helo"\nmsgid "Hello"\nmsgstr "Привіт"\n'
    )


def test_wide_characters_and_no_break_spaces(msgcat: Msgcat) -> None:
    entry = polib.POEntry(msgid="数据" * 30, msgstr="10\u00a0%\u202fde la population " * 5)
    lines = assert_like_msgcat(catalog(entry), msgcat).splitlines()
    assert '"' + "数据" * 19 + '"' in lines  # 38 wide characters: 76 columns


def test_what_msgcat_leaves_out(msgcat: Msgcat) -> None:
    gone = polib.POEntry(msgid="gone", msgstr="", obsolete=True)
    untranslated = polib.POEntry(msgid="todo", msgstr="", flags=["fuzzy", "wrap"])
    text = assert_like_msgcat(catalog(gone, untranslated), msgcat)
    assert "gone" not in text and "#," not in text
    assert format_catalog(catalog()) == ""  # no messages: msgcat writes nothing
