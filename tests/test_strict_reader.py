"""Catalogs are read exactly as GNU msgfmt reads them, or not at all.

The oracle is msgfmt itself: a catalog it rejects is refused at the line of its first
error; a catalog it accepts reads to the strings ``msgunfmt`` finds in the .mo file it
writes. The reader is stricter than msgfmt only where its message says so.
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.catalogs import pofile, syntax
from pipeline.core.errors import PipelineError
from tests.conftest import REPO, require_tool, run_cli, write_project

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)
SMALL = HEADER + (
    '#. a note\n#: doc.md:3\nmsgid "Funding"\nmsgstr "Financement"\n\n'
    'msgctxt "menu"\nmsgid "Open"\nmsgstr "Ouvrir"\n\n'
    '#, fuzzy\n#| msgid "Olde"\nmsgid ""\n"Open data "\n"and more"\n'
    'msgstr ""\n"des "\n"données"\n\n'
    'msgid "A \\"quoted\\" tab\\there\\\\"\nmsgstr "Un \\"mot\\" tab\\tici\\\\"\n\n'
    'msgid "One file"\nmsgid_plural "%d files"\nmsgstr[0] "Un fichier"\nmsgstr[1] "%d fichiers"\n\n'
    '#~ msgid "Gone"\n#~ msgstr "Parti"\n'
)
SOURCES = [
    SMALL,
    *(
        (REPO / "locales" / code / "LC_MESSAGES" / name).read_text("utf-8")
        for code, name in [("fr", "ui.po"), ("de", "factsheet.po"), ("el", "ui.po")]
    ),
]
_ERROR_LINE = re.compile(r"^[^:]+\.po:(\d+):(?:\d+:)? (?!warning)(.*)$", re.MULTILINE)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A valid catalog with a few slips: quotes, backslashes, lines and keywords
    deleted or doubled, unknown escapes and stray characters inserted."""
    text = draw(st.sampled_from(SOURCES))
    for _ in range(draw(st.integers(1, 3))):
        edit = draw(st.sampled_from(["char", "line", "keyword", "insert"]))
        if edit == "char":
            spots = [m.start() for m in re.finditer(r'["\\]', text)]
            at = draw(st.sampled_from(spots))
            text = text[:at] + ("" if draw(st.booleans()) else text[at]) + text[at:]
        elif edit == "line":
            lines = text.split("\n")
            at = draw(st.integers(0, len(lines) - 1))
            lines[at : at + 1] = [] if draw(st.booleans()) else [lines[at]] * 2
            text = "\n".join(lines)
        elif edit == "keyword":
            spots = [m for m in re.finditer(r"msgctxt|msgid_plural|msgid|msgstr(\[\d\])?", text)]
            found = draw(st.sampled_from(spots))
            doubled = found.group() + " " + '"x"\n' + found.group()
            replacement = draw(st.sampled_from(["", doubled, "msgstr", "msgid"]))
            text = text[: found.start()] + replacement + text[found.end() :]
        else:
            at = draw(st.integers(0, len(text)))
            piece = draw(st.sampled_from(["\\q", "\\u00e9", "x", "é", '"', "\\", "#", "~", "\n"]))
            text = text[:at] + piece + text[at:]
    return text


def _msgfmt(path: Path, *options: str) -> tuple[int, list[tuple[int, str]], Path]:
    mo = path.with_suffix(".mo")
    result = subprocess.run(
        ["msgfmt", *options, "--use-fuzzy", "-o", str(mo), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [(int(line), message) for line, message in _ERROR_LINE.findall(result.stderr)]
    return result.returncode, errors, mo


def _messages(catalog: pofile.Catalog) -> dict[tuple[str | None, str], tuple[str, ...]]:
    """What a .mo file keeps: the active, translated messages, the header aside."""
    kept = {}
    for entry in catalog.entries:
        forms = entry.msgstr_plural if entry.msgid_plural is not None else (entry.msgstr,)
        if entry.obsolete or not entry.msgid or not any(forms):
            continue
        kept[(entry.msgctxt, entry.msgid)] = forms
    return kept


def _read(path: Path) -> pofile.Catalog | PipelineError:
    try:
        return pofile.read(path, "x.po")
    except PipelineError as error:
        return error


@pytest.mark.hostile
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=mutated())
def test_the_reader_accepts_and_reads_what_msgfmt_does(tmp_path: Path, text: str) -> None:
    require_tool("msgfmt")
    path = tmp_path / "x.po"
    path.write_text(text, "utf-8")
    status, _errors, mo = _msgfmt(path, "--check")
    ours = _read(path)
    if status != 0:
        plain, syntax_errors, _mo = _msgfmt(path)
        if plain == 0:
            return  # a format, newline or header complaint: findings of `check`, not syntax
        assert isinstance(ours, PipelineError), f"msgfmt rejects: {syntax_errors}"
        if syntax.STRICTER in ours.message or not syntax_errors:
            return
        line, message = syntax_errors[0]
        # After an unterminated string or a comment, msgfmt's line counter has passed
        # the line end and names the next line; the reader names the line itself.
        before = text.split("\n")[line - 2] if line > 1 else ""
        after_comment = message == "syntax error" and "#" in before
        passed = "end-of-line within string" in message or after_comment
        expected = {line, line - 1} if passed else {line}
        assert ours.line in expected, (ours, syntax_errors)
        return
    if isinstance(ours, PipelineError):
        assert syntax.STRICTER in ours.message, ours
        return
    unpacked = subprocess.run(["msgunfmt", str(mo)], capture_output=True, check=True).stdout
    if not re.search(rb"\nContent-Type: text/plain; charset=UTF-8", unpacked):
        return  # msgfmt converts from another charset: the header-charset finding
    assert _messages(ours) == _messages(pofile.parse(unpacked, "msgunfmt"))


def _error(tmp_path: Path, body: str) -> PipelineError:
    path = tmp_path / "fr.po"
    path.write_text(HEADER + body, "utf-8")
    with pytest.raises(PipelineError) as raised:
        pofile.read(path)
    return raised.value


@pytest.mark.hostile
@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        # polib read "Financemen": the last character went in place of the quote.
        ('msgid "Funding"\nmsgstr "Financement\n', 7, "end-of-line within string"),
        # polib read "inancement".
        ('msgid "Funding"\nmsgstr Financement"\n', 7, 'keyword "Financement" unknown'),
        # polib read "dedonnées".
        ('msgid "Data"\nmsgstr "des "\ndonnées"\n', 8, 'keyword "donn" unknown'),
        # polib dropped the entry.
        ('msgid "Funding"\n\nmsgid "Data"\nmsgstr "Données"\n', 6, "missing 'msgstr' section"),
        ('msgid "Funding"\nmsgstr "Fi\\qnancement"\n', 7, "invalid control sequence \\q"),
        ('msgid "Funding"\nmsgstr "Financ\\u00e9ment"\n', 7, "invalid control sequence \\u"),
        ('msgid "A"\nmsgid_plural "B"\nmsgstr[1] "b"\n', 8, "first plural form has nonzero index"),
        ('msgid "A"\nmsgstr[0] "b"\n', 6, "missing 'msgid_plural' section"),
        (
            'msgid "A"\nmsgstr "a"\n\nmsgid "A"\nmsgstr "b"\n',
            9,
            "duplicate message (first at line 7)",
        ),
        ('#~ msgid "A"\nmsgstr "a"\n', 7, "inconsistent use of #~"),
        ('msgid "A"\nmsgstr "a"\nmsgstr "b"\n', 8, "syntax error"),
        ('msgid "A"\nmsgstr "a\x00b"\n', 7, "NUL character"),
    ],
)
def test_what_polib_misread_is_refused_at_msgfmts_line(
    tmp_path: Path, body: str, line: int, message: str
) -> None:
    error = _error(tmp_path, body)
    assert (error.line, error.message[: len(message)]) == (line, message)


def test_escapes_and_line_ends_read_as_msgfmt_reads_them(tmp_path: Path) -> None:
    body = 'msgid "A"\r\nmsgstr "\\a\\x41\\101\\303\\251\\"\\\\"\r\n'
    path = tmp_path / "fr.po"
    path.write_bytes((HEADER + body).encode("utf-8"))
    (entry,) = pofile.read(path).entries
    assert entry.msgstr == '\aAAé"\\'


def test_a_byte_order_mark_and_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    path.write_bytes(b"\xef\xbb\xbf" + HEADER.encode("utf-8"))
    with pytest.raises(PipelineError, match="byte order mark"):
        pofile.read(path)
    path.write_bytes(b"")  # what msgcat writes for a catalog without messages
    assert pofile.read(path).entries == ()
    path.write_text(HEADER + 'msgid "A"\nmsgstr "a"', "utf-8")  # no final line end
    assert pofile.read(path).entries[0].msgstr == "a"


@pytest.mark.hostile
def test_update_refuses_a_catalog_it_cannot_read_exactly_and_leaves_it_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_project(tmp_path, "# Funding\n\nOpen data and more.\n", ["fr"])
    for command in (["extract"], ["init", "fr"]):
        assert run_cli(root, *command, capsys=capsys)[0] == 0
    path = root / "locales" / "fr" / "LC_MESSAGES" / "doc.po"
    text = path.read_text("utf-8")
    broken = text.replace('msgid "Funding"\nmsgstr ""', 'msgid "Funding"\nmsgstr "Financement')
    assert broken != text
    path.write_text(broken, "utf-8")
    before = path.read_bytes()
    line = broken.splitlines().index('msgstr "Financement') + 1
    status, out, _err = run_cli(root, "update", "fr", capsys=capsys)
    assert status == 1
    assert f"locales/fr/LC_MESSAGES/doc.po:{line}: error[catalog-syntax]: end-of-line" in out
    assert "nothing changed" not in out  # the error says why nothing was written
    assert path.read_bytes() == before


@pytest.mark.hostile
def test_a_catalog_of_every_private_use_character_reads_fast(tmp_path: Path) -> None:
    planes = [range(0xE000, 0xF900), range(0xF0000, 0xFFFFE), range(0x100000, 0x10FFFE)]
    every = "".join(chr(code) for plane in planes for code in plane)
    lines = [f'"{every[start : start + 500]}"' for start in range(0, len(every), 500)]
    body = 'msgid "All"\nmsgstr ""\n' + "\n".join(lines) + '\n\nmsgid "Sep"\nmsgstr "a\u2028b"\n'
    path = tmp_path / "fr.po"
    path.write_text(HEADER + body, "utf-8")
    start = time.perf_counter()
    everything, separator = pofile.read(path).entries
    assert time.perf_counter() - start < 2
    assert (everything.msgstr, separator.msgstr) == (every, "a\u2028b")


# Messages of every shape the whole-message fast path reads: contexts, #| previous
# strings, multi-line strings, the escapes polib knows, line breaks at both ends,
# obsolete messages with their own #~| strings, and one plural message it leaves alone.
FAST_SHAPES = HEADER + (
    '# a translator\n#. a note\n#: doc.md:3 doc.md:9\n#, fuzzy\n#| msgctxt "old"\n'
    '#| msgid "Was"\n#| "here"\n#| msgid_plural "Were"\nmsgctxt "menu"\nmsgid ""\n'
    '"Open \\"data\\"\\n"\n"and more\\t\\\\"\n'
    'msgstr ""\n"Des \\"données\\"\\n"\n"et plus\\t\\\\"\n\n'
    'msgid "\\nEdges\\n"\nmsgstr "\\nBords\\n"\n\n'
    'msgid "Back\\\\"\nmsgstr "Retour\\\\"\n\n\n'
    '#.\nmsgid "A"\nmsgstr ""\n'
    'msgid "Sans"\nmsgstr "Sans"\n\n'
    'msgid "One file"\nmsgid_plural "%d files"\nmsgstr[0] "Un fichier"\nmsgstr[1] "%d"\n\n'
    '# kept\n#~| msgid "Older"\n#~ msgctxt "menu"\n#~ msgid "Gone"\n#~ "away"\n'
    '#~ msgstr "Parti"\n#~ "ailleurs"\n\n'
    '#~ msgid "Gone too"\n#~ msgstr "Aussi"\n'
)
_SLIPS = [" ", "\t", "#", "#~ ", "#~", "#| ", "#~| ", "#,", '"x" ', "msgstr ", "\\n", "\\a",
          "\\x41", "msgid_plural ", "msgstr[1] ", "\n", "\n\n", "\r", "\\", '"']  # fmt: skip


@st.composite
def slipped(draw: st.DrawFn) -> str:
    """A catalog from :func:`mutated`, or one of the fast path's shapes, with slips at
    the starts, ends and middles of lines, messages repeated, CR LF line ends or no
    last one."""
    text = draw(st.one_of(mutated(), st.just(FAST_SHAPES)))
    for _ in range(draw(st.integers(0, 4))):
        edit = draw(st.sampled_from(["slip", "slip", "slip", "repeat", "crlf", "strip"]))
        lines = text.split("\n")
        if edit == "slip":
            at = draw(st.integers(0, len(lines) - 1))
            line = lines[at]
            cut = draw(
                st.sampled_from([0, len(line), max(len(line) - 1, 0)]) | st.integers(0, len(line))
            )
            lines[at] = line[:cut] + draw(st.sampled_from(_SLIPS)) + line[cut:]
            text = "\n".join(lines)
        elif edit == "repeat":
            messages = text.split("\n\n")
            at = draw(st.integers(0, len(messages) - 1))
            to = draw(st.integers(0, len(messages)))
            messages.insert(to, messages[at])
            text = "\n\n".join(messages)
        elif edit == "crlf":
            text = text.replace("\n", "\r\n")
        else:
            text = text.rstrip("\n")
    return text


def _outcome(text: str, fast: bool) -> str | tuple[str, int | None]:
    try:
        return syntax.validate(text, "x.po", fast=fast)
    except PipelineError as error:
        return (error.message, error.line)


@pytest.mark.hostile
@settings(max_examples=400, deadline=None)
@given(text=slipped())
def test_the_fast_path_decides_as_the_lexer_does(text: str) -> None:
    assert _outcome(text, fast=True) == _outcome(text, fast=False)


@pytest.mark.hostile
@pytest.mark.parametrize(
    "body",
    [
        '# a note\\\nmsgid "A"\nmsgstr "a"\n',  # msgfmt joins the next line to the comment
        '#. note\\\nmsgid "A"\nmsgstr "a"\n',
        '#,fuzzy\nmsgid "A"\nmsgstr "a"\n',
        'msgid "A\\n"\nmsgstr "a"\n',  # a line break at one end only
        'msgid "\\nA"\nmsgstr "a\\\\n"\n',
        'msgid "A"\nmsgstr "a\\n"\n\nmsgid "B\\n"\nmsgstr "b"\n',
        'msgid "A\\\\\\n"\nmsgstr "a\\n"\n',
        'msgid "A"\nmsgstr "a"\n\nmsgid "A"\nmsgstr "b"\n',
        'msgctxt ""\nmsgid "A"\nmsgstr "a"\n\nmsgid "A"\nmsgstr "b"\n',
        '#~ msgid "A"\n#~ msgstr "a"\n\n#~ msgid "A"\n#~ msgstr "b"\n',
        'msgid "A"\nmsgstr "a"\n\n"b"\n',
        '#~ msgid "A"\n#~ msgstr "a"\n\n#~ "b"\n',
        'msgid "A"\nmsgstr "a"\n\n#~ msgid "A"\n#~ msgstr "a"\n',
        'msgid "A"\nmsgstr "a"\n#~ msgstr "b"\n',
        'msgid "A"\nmsgstr "a"\n#~\n"b"\n',
        'msgid "A"\nmsgstr "a\\a"\n\nmsgid "B"\nmsgstr "b"\n',
        '#| msgctxt "x"\nmsgid "A"\nmsgstr "a"\n',
        '#| msgid "x"\n# note\nmsgid "A"\nmsgstr "a"\n',
    ],
)
def test_the_fast_path_and_the_lexer_agree_at_message_ends(body: str) -> None:
    text = HEADER + body
    assert _outcome(text, fast=True) == _outcome(text, fast=False)
    crlf = text.replace("\n", "\r\n")
    assert _outcome(crlf, fast=True) == _outcome(crlf, fast=False)


def test_the_fast_path_reads_common_messages_whole() -> None:
    assert syntax.validate(FAST_SHAPES, "x.po") is FAST_SHAPES
    whole = "".join(match.group() for match in syntax._PLAIN_ENTRY.finditer(FAST_SHAPES))
    plural = 'msgid "One file"\nmsgid_plural "%d files"\nmsgstr[0] "Un fichier"\nmsgstr[1] "%d"\n\n'
    assert whole == FAST_SHAPES.replace(plural, "")  # every message but the plural one


@pytest.mark.hostile
def test_a_long_run_of_lines_before_a_slip_reads_in_linear_time() -> None:
    comments = "#. note\n" * 30_000
    continued = 'msgid ""\nmsgstr ""\n' + '"text"\n' * 30_000
    for body in (comments + 'msgid "A"\nmsgstr "a\\q"\n', continued + "\n" + "  \n" * 30_000):
        start = time.perf_counter()
        with pytest.raises(PipelineError):
            syntax.validate(HEADER + body + 'msgid "A"\n', "x.po")
        assert time.perf_counter() - start < 2


@pytest.mark.hostile
def test_a_backslash_beside_an_escape_polib_does_not_know(tmp_path: Path) -> None:
    # The text of this msgid, once its escapes are read, holds "\d": it must not be
    # read as an escape a second time.
    path = tmp_path / "fr.po"
    path.write_text(HEADER + 'msgid "C:\\\\dir \\x41\\n"\nmsgstr "C:\\\\rep A\\n"\n', "utf-8")
    (entry,) = pofile.read(path).entries
    assert (entry.msgid, entry.msgstr) == ("C:\\dir A\n", "C:\\rep A\n")
