"""The strict syntax of PO files, checked as GNU msgfmt (gettext 0.21) checks it. Pure.

polib, which builds the entries, is lenient: it drops the last character of an
unterminated string, joins a broken continuation line into the text, loses an entry
without ``msgstr`` and keeps ``\\q`` literally. :func:`validate` runs first, in one pass
over the lines, and raises :class:`PipelineError` at the first error msgfmt would
report, at the line msgfmt names (see ``gettext-tools/src/po-lex.c`` and
``po-gram-gen.y``). It does not build entries; it returns the text for polib, with
the escapes that polib does not know (``\\a \\b \\f \\v``, octal and hexadecimal)
replaced by the characters they stand for.

Most messages are in the shape gettext tools write: one regular expression reads each
of them whole, and hands the grammar its joined strings. Only the lines of the other
messages are lexed one by one, and the two ways must always decide alike (a test
compares them on damaged catalogs).

Where this reader is deliberately stricter than msgfmt, the message says so and the
reason is given beside it: every case is a layout that no gettext tool writes and
that polib would misread.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.catalogs.pogrammar import (
    NUMERIC_ESCAPE,
    POLIB_ONLY,
    SIMPLE_ESCAPES,
    STRICTER,
    Parser,
    Token,
    decoded,
)
from pipeline.core.errors import PipelineError

_KEYWORDS = frozenset({"msgctxt", "msgid", "msgid_plural", "msgstr", "domain"})

# The line as every gettext tool writes it: an optional "#~ " / "#| " / "#~| " prefix,
# an optional keyword (msgstr[N] for plurals), one quoted string with valid-looking
# escapes, nothing after it. Lines that do not match are lexed character by character.
_PLAIN_LINE = re.compile(
    r"[ \t]*(?:(#~\||#~|#\|)[ \t]+)?(?:(msgctxt|msgid_plural|msgid|msgstr)(?:\[([0-9]+)\])?[ \t]+)?"
    r'"([^"\\]*(?:\\.[^"\\]*)*)"[ \t]*'
)
# A whole message as gettext tools write it, from its comments to the blank lines after
# it: no plural forms, strings with only the escapes polib knows (so nothing to rewrite),
# LF line ends, "#~ " with one space. Such a message is read by one match; all else is
# lexed line by line. The next line must begin with a token that cannot continue the
# message (a comment, #|, #~|, msgctxt or msgid): only then has the message ended.
_CONTENT = r'[^"\\\n]*+(?:\\[ntr\\"][^"\\\n]*+)*+'


def _entry_pattern() -> re.Pattern[str]:
    space = r"[ \t]+"

    def strings(keyword: str, more: str, group: str | None = None) -> str:
        # A keyword's strings; the group holds their content from after the first quote
        # to before the last one, joined by removing every '"\n' + more + '"'.
        inner = _CONTENT + r'(?:"\n' + more + '"' + _CONTENT + ")*+"
        if group is not None:
            inner = f"(?P<{group}>{inner})"
        return keyword + space + '"' + inner + '"\\n'

    def message(prefix: str, previous: str, groups: tuple[str, str, str]) -> str:
        then = previous + space
        return (
            f"(?:(?:{strings(then + 'msgctxt', then)})?{strings(then + 'msgid', then)}"
            f"(?:{strings(then + 'msgid_plural', then)})?)?"
            f"(?:{strings(prefix + 'msgctxt', prefix, groups[0])})?"
            + strings(prefix + "msgid", prefix, groups[1])
            + strings(prefix + "msgstr", prefix, groups[2])
        )

    comment = r"#(?:[ \t][^\n]*+|[.:,](?:[ \t][^\n]*+)?)?(?<!\\)\n"
    active = message("", r"#\|", ("ctx", "id", "str"))
    obsolete = message("#~ ", r"#~\|", ("octx", "oid", "ostr"))
    after = r"(?:[ \t]*\n)*+(?=\Z|#[^~]|#~\||(?:#~ )?msg(?:id|ctxt))"
    return re.compile(f"(?:{comment})*+(?:{active}|{obsolete}){after}")


_PLAIN_ENTRY = _entry_pattern()
_INDEX = re.compile(r"[ \t]*\[[ \t]*(?:([0-9]+)[ \t]*\]|([A-Za-z_$][A-Za-z0-9_$]*))?")
_IDENTIFIER = re.compile(r"[A-Za-z0-9_$]*")
_SPACE = " \t"
_COMMENT_MARKS = ("", " ", "\t", ".", ":", ",")
# msgfmt also skips \f, \v and \r between tokens: see _lex_line.
_MSGFMT_SPACE = " \t\f\v\r"


def validate(text: str, where: str, *, fast: bool = True) -> str:
    """Raise PipelineError at the first error msgfmt would report in ``text``.

    Returns ``text`` with the escapes polib does not understand replaced (the same
    object when there are none, the common case). ``fast=False`` reads every line with
    the lexer: the reference that the whole-message fast path must agree with.
    """
    if text.startswith("\ufeff"):
        # msgfmt reads the byte order mark as a stray character: a syntax error.
        raise PipelineError("byte order mark at the start of the catalog", where, 1)
    _refuse_nul_and_lone_cr(text, where)
    # Every CR is now part of a CR LF, which msgfmt reads as a line end: read LF alone.
    work = text.replace("\r\n", "\n") if "\r" in text else text
    if not work.endswith("\n"):
        work += "\n"
    parser = Parser(where)
    rewritten: dict[int, str] = {}
    # A layout error of one line waits for the next line: when msgfmt itself rejects
    # the text there, its error is the one to report.
    pending: PipelineError | None = None
    entry = _PLAIN_ENTRY.match
    try_entry = fast
    position, number, size = 0, 1, len(work)
    while position < size:
        if try_entry and pending is None and parser.between_messages():
            match = entry(work, position)
            if match is not None and _plain_entry(parser, match, number, work):
                number += work.count("\n", position, match.end())
                position = match.end()
                continue
            # Read line by line up to the next message's msgstr: a failed match is
            # tried again only past it, so that no line is matched twice over.
            try_entry = False
        end = work.index("\n", position)
        pending = _one_line(work[position:end], number, parser, pending, rewritten)
        position, number = end + 1, number + 1
        if fast and not try_entry:
            try_entry = parser.state in ("str", "str-n")
    parser.finish(text.count("\n") + 1)
    if pending is not None:
        raise pending
    if not rewritten:
        return text
    lines = text.split("\n")
    return "\n".join(rewritten.get(index, line) for index, line in enumerate(lines))


def _one_line(
    line: str,
    number: int,
    parser: Parser,
    pending: PipelineError | None,
    rewritten: dict[int, str],
) -> PipelineError | None:
    """Read one line; return the layout error that waits for the next line, if any."""
    match = _PLAIN_LINE.fullmatch(line)
    if match is not None:  # the common case: one keyword and one string
        prefix, keyword, index, content = match.groups()
        if "\\" not in content or POLIB_ONLY.fullmatch(content):
            if pending is not None:
                raise pending
            _plain_line(parser, number, prefix, keyword, index, content)
            return None
    elif not line.strip(_MSGFMT_SPACE):
        return pending
    fixed, layout = _line(line, number, parser, parser.where)
    if pending is not None:
        raise pending
    if fixed is not line:
        rewritten[number - 1] = fixed
    return layout


def _plain_entry(parser: Parser, match: re.Match[str], number: int, work: str) -> bool:
    """Give the parser a whole message matched by _PLAIN_ENTRY, which starts on line
    ``number``; False when the lexer must read it (it repeats an earlier message)."""
    msgid = match.group("id")
    if msgid is not None:
        obsolete, join, context, msgstr = False, '"\n"', match.group("ctx"), "str"
    else:
        obsolete, join, context, msgstr = True, '"\n#~ "', match.group("octx"), "ostr"
        msgid = match.group("oid")
    msgstr_line = number + work.count("\n", match.start(), match.start(msgstr))
    # The message before ends here, as it would at this message's first token.
    parser.close()
    return parser.plain_message(
        obsolete,
        None if context is None else context.replace(join, ""),
        msgid.replace(join, ""),
        match.group(msgstr).replace(join, ""),
        msgstr_line,
    )


def _line(line: str, number: int, parser: Parser, where: str) -> tuple[str, PipelineError | None]:
    """Feed the tokens of one line to ``parser``; return the line as polib should read
    it and the layout error it has, if any."""
    stripped = line.lstrip(_SPACE)
    if stripped.startswith("#") and stripped[1:2] not in ("~", "|"):
        if stripped[1:2] not in _COMMENT_MARKS or (
            stripped[1:2] in ".:," and stripped[2:3] not in _COMMENT_MARKS[:3]
        ):
            # polib fails on "#x" and "#,x": gettext tools write a space after the mark.
            message = f"a comment must start with '# ', '#. ', '#: ' or '#, ' {STRICTER}"
            raise PipelineError(message, where, number)
        if line.endswith("\\"):
            # msgfmt joins the next line to the comment (see _string_end).
            raise PipelineError(f"a backslash at the end of a line {STRICTER}", where, number)
        parser.feed(Token("comment", number, False, False))
        return line, None
    return _slow_line(line, number, parser, where)


def _plain_line(
    parser: Parser,
    number: int,
    prefix: str | None,
    keyword: str | None,
    index: str | None,
    content: str,
) -> None:
    obsolete = previous = False
    if prefix is not None:
        obsolete, previous = "~" in prefix, "|" in prefix
    if keyword is not None:
        if index is not None and keyword != "msgstr":
            raise parser.error("syntax error", number)
        parser.feed(Token(keyword, number, obsolete, previous, index or ""))
    parser.string(number, obsolete, previous, content)


def _refuse_nul_and_lone_cr(text: str, where: str) -> None:
    # msgfmt accepts a NUL byte and silently cuts the string there (a .mo string is a
    # C string): refused, like every other silent loss of text.
    nul = text.find("\x00")
    if nul >= 0:
        raise PipelineError("NUL character in the catalog", where, text.count("\n", 0, nul) + 1)
    # msgfmt takes CR LF as a line end and a CR alone as space between tokens or as part
    # of a string; polib ends a line at it. Refused: gettext tools write it as \r.
    if text.count("\r") != text.count("\r\n"):
        lone = re.search("\r(?!\n)", text)
        assert lone is not None
        line = text.count("\n", 0, lone.start()) + 1
        raise PipelineError(f"carriage return inside a line {STRICTER}", where, line)


def _slow_line(
    line: str, number: int, parser: Parser, where: str
) -> tuple[str, PipelineError | None]:
    """Lex one line as msgfmt does, feeding the parser token by token."""
    tokens: list[Token] = []
    for token in _lex_line(line, number, where):
        parser.feed(token)
        tokens.append(token)
    layout = _layout_error(line, tokens)
    if layout is not None:
        return line, PipelineError(f"{layout} {STRICTER}", where, number)
    if all(token.kind == "comment" for token in tokens):  # "#~" alone, "#~ # note"
        message = f"#~ or #| without a keyword or string {STRICTER}"
        return line, PipelineError(message, where, number)
    return _for_polib(line, number, where), None


def _lex_line(line: str, number: int, where: str) -> Iterator[Token]:
    """po-lex.c's tokens on one line (without its line end)."""
    obsolete = previous = False
    position, end = 0, len(line)
    while position < end:
        char = line[position]
        if char in _MSGFMT_SPACE:
            position += 1
        elif char == "#":
            if line.startswith("#~", position):
                obsolete, position = True, position + 2
                if line.startswith("|", position):
                    previous, position = True, position + 1
            elif line.startswith("#|", position):
                previous, position = True, position + 2
            else:
                if line.endswith("\\"):
                    message = f"a backslash at the end of a line {STRICTER}"
                    raise PipelineError(message, where, number)
                yield Token("comment", number, obsolete, previous)
                return
        elif char == '"':
            start = position + 1
            position = _string_end(line, start, number, where)
            yield Token("string", number, obsolete, previous, line[start : position - 1])
        elif char.isascii() and (char.isalpha() or char in "_$"):
            word = _IDENTIFIER.match(line, position)
            assert word is not None
            position = word.end()
            name = word.group()
            if name not in _KEYWORDS or (previous and name in ("msgstr", "domain")):
                yield Token("name", number, obsolete, previous, name)
                continue
            index = ""
            bracket = _INDEX.match(line, position) if name == "msgstr" else None
            if bracket is not None:
                if bracket.group(2) is not None:
                    raise PipelineError(f'keyword "{bracket.group(2)}" unknown', where, number)
                if bracket.group(1) is None:
                    raise PipelineError("syntax error in msgstr[N]", where, number)
                index, position = bracket.group(1), bracket.end()
            yield Token(name, number, obsolete, previous, index)
        elif char == "\\" and position == end - 1:
            # msgfmt joins a line ending in a backslash to the next (see _string_end).
            raise PipelineError(f"a backslash at the end of a line {STRICTER}", where, number)
        else:
            yield Token("junk", number, obsolete, previous, char)
            raise PipelineError(f"syntax error: unexpected {char!r}", where, number)


def _string_end(line: str, position: int, number: int, where: str) -> int:
    """The position after the closing quote of a string whose content starts at
    ``position``; raises at an invalid escape or a missing closing quote."""
    end = len(line)
    while position < end:
        char = line[position]
        if char == '"':
            return position + 1
        if char == "\\":
            escape = NUMERIC_ESCAPE.match(line, position)
            if escape is None:
                # msgfmt joins a line ending in a backslash to the next one (po-lex.c,
                # lex_getc); polib does not, and no gettext tool writes it.
                message = f"a backslash at the end of a line {STRICTER}"
                raise PipelineError(message, where, number)
            body = escape.group(1)
            if (body not in SIMPLE_ESCAPES and body[0] not in "01234567x") or body == "x":
                raise PipelineError(f"invalid control sequence \\{body}", where, number)
            position = escape.end()
            continue
        position += 1
    # msgfmt names the next line (its line counter has passed the line end); the line
    # that holds the string is the useful one.
    raise PipelineError("end-of-line within string", where, number)


def _layout_error(line: str, tokens: list[Token]) -> str | None:
    """What msgfmt accepts but polib misreads: every gettext tool writes at most one
    keyword and one string on a line, separated by a space, and "#~ " with its space."""
    kinds = [token.kind for token in tokens if token.kind != "comment"]
    if tokens and tokens[-1].kind == "comment" and kinds:
        return "a comment after a string or keyword"
    if len(kinds) > 2 or (len(kinds) == 2 and kinds[1] != "string"):
        return "more than one string or keyword on a line"
    if kinds and kinds[-1] != "string":
        return "a keyword without its string on the line"
    if kinds and _PLAIN_LINE.fullmatch(line) is None:
        return "a keyword, #~ or #| must be followed by a space"
    return None


def _for_polib(line: str, number: int, where: str) -> str:
    """``line`` with the escapes polib does not know replaced by the characters they mean."""
    match = _PLAIN_LINE.fullmatch(line)
    assert match is not None
    start, end = match.span(4)
    return line[:start] + _polib_content(match.group(4), number, where) + line[end:]


_POLIB_FORM = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _polib_content(content: str, number: int, where: str) -> str:
    """The string's content with every escape decoded to bytes, the bytes read as
    UTF-8, and the result escaped the way polib reads it."""
    try:
        text = decoded(content, number, where).decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"escapes that do not form UTF-8 characters {STRICTER}"
        raise PipelineError(message, where, number) from error
    return "".join(_POLIB_FORM.get(char, char) for char in text)
