"""The grammar of PO files as GNU msgfmt (gettext 0.21) parses them: a state machine
fed one token at a time by :mod:`pipeline.catalogs.syntax`. Pure.

It follows ``gettext-tools/src/po-gram-gen.y`` and the checks msgfmt makes of each
message (``msgl-check.c``): the order of keywords, ``#~`` used throughout a message or
not at all, plural forms numbered from 0, no message twice, line breaks at both ends
of a translation when its msgid has them. Errors name the line msgfmt names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from pipeline.core.errors import PipelineError

# The escapes gettext's lexer accepts (po-lex.c, control_sequence): no \', \? or \u.
SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v",
                   "a": "\a", "\\": "\\", '"': '"'}  # fmt: skip
POLIB_ONLY = re.compile(r'[^\\]*(?:\\[ntr\\"][^\\]*)*')
NUMERIC_ESCAPE = re.compile(r"\\([0-7]{1,3}|x[0-9A-Fa-f]+|.)")

STRICTER = "(msgfmt accepts this; this reader does not)"


class Token(NamedTuple):
    """A token of po-lex.c (a tuple: one or two are made for every line)."""

    kind: str  # a keyword, "string", "comment", "name" (an unknown keyword) or "junk"
    line: int
    obsolete: bool
    previous: bool
    text: str = ""  # a string's content as written, msgstr's plural index, a name


@dataclass
class _Message:
    """What the grammar needs of the message being read."""

    obsolete: bool
    first_line: int
    msgid_line: int = 0
    context: list[str] | None = None
    msgid: list[str] = field(default_factory=list)
    plural_index: int = -1
    missing_plural: bool = False  # msgstr[N] after a msgid without msgid_plural
    plural: list[str] = field(default_factory=list)
    forms: list[tuple[int, list[str]]] = field(default_factory=list)  # line, strings


class Parser:
    """The grammar of po-gram-gen.y, as a state machine fed one token at a time.

    States: "start" (between messages); "prev-ctxt", "prev-id", "prev-plural" (in the
    #| strings, with "want-..." before the first string of each); "ctxt", "id",
    "plural" (in the strings of msgctxt, msgid, msgid_plural); "str" (msgstr);
    "str-n" (msgstr[N]).
    """

    def __init__(self, where: str) -> None:
        self.where = where
        self.state = "start"
        self.want_string = False
        self.message: _Message | None = None
        self.strings: list[str] | None = None  # where the strings being read go
        self.seen: dict[tuple[str | None, str], int] = {}  # key -> line of its msgstr
        self.msgstr_line = 0
        # msgfmt compares the line ends of each message once the file is parsed.
        self.newline_error: PipelineError | None = None

    def error(self, message: str, line: int) -> PipelineError:
        return PipelineError(message, self.where, line)

    def string(self, line: int, obsolete: bool, previous: bool, content: str) -> None:
        """A string token: :meth:`feed` without making one, for the common case."""
        message = self.message
        if (
            message is not None
            and obsolete == message.obsolete
            and previous == self.state.startswith("prev")
        ):
            self.want_string = False
            if self.strings is not None:
                self.strings.append(content)
            return
        self.feed(Token("string", line, obsolete, previous, content))

    def between_messages(self) -> bool:
        """Whether a token that cannot continue a message would start the next one."""
        return self.state in ("start", "str", "str-n") and not self.want_string

    def close(self) -> None:
        """End the message being read, as its next message's first token ends it."""
        if self.state in ("str", "str-n"):
            self._end(Token("end", 0, False, False))

    def plain_message(
        self, obsolete: bool, context: str | None, msgid: str, msgstr: str, msgstr_line: int
    ) -> bool:
        """A whole message read at once, :meth:`close` called before it: no plural forms,
        its strings' contents joined, with no escapes but those polib knows.

        Returns False, and changes nothing, when it repeats a message: the lexer reads
        it again to report the error where msgfmt does.
        """
        key = (context, msgid)
        if key in self.seen:
            return False
        self.seen[key] = self.msgstr_line = msgstr_line
        checked = self.newline_error is None and msgid and msgstr and not obsolete
        if checked and _raw_edges(msgid) != _raw_edges(msgstr):
            message = _Message(obsolete, 0, forms=[(msgstr_line, [msgstr])])
            self.newline_error = _newline_error(message, msgid, self.where)
        return True

    def feed(self, token: Token) -> None:
        kind = token.kind
        if kind == "name":  # the lexer reports it before the grammar sees the token
            raise self.error(f'keyword "{token.text}" unknown', token.line)
        if self.want_string:
            if kind != "string" or token.previous != self.state.startswith("prev"):
                raise self.error("syntax error: a keyword must be followed by a string", token.line)
            self.want_string = False
            self._consistent(token)
            if self.strings is not None:
                self.strings.append(token.text)
            return
        if kind == "string" and token.previous == self.state.startswith("prev"):
            if self.state == "start":
                raise self.error("syntax error: a string outside a message", token.line)
            self._consistent(token)
            if self.strings is not None:
                self.strings.append(token.text)
            return
        if self.state == "str-n" and kind == "msgstr" and not token.previous:
            if not token.text:  # msgfmt takes it for the next msgstr[N]: "[" is missing
                raise self.error("syntax error", token.line)
            self._consistent(token)
            self._plural_form(token)
            return
        if self.state in ("str", "str-n") or not self._continues(token):
            self._end(token)
        self._start(token)

    def _continues(self, token: Token) -> bool:
        """Whether ``token`` goes on with a message that has no msgstr yet."""
        if self.state == "id":
            return token.kind in ("msgstr", "msgid_plural") and not token.previous
        if self.state == "plural":  # a msgstr without [N] is a syntax error here
            return token.kind == "msgstr" and not token.previous
        return True

    def _start(self, token: Token) -> None:
        kind, state = token.kind, self.state
        if kind == "comment" and state == "start":
            return
        if kind == "domain" and state == "start":
            raise self.error(f"'domain' directives are not supported {STRICTER}", token.line)
        if token.previous:
            self._previous(token)
            return
        if state in ("start", "prev-id", "prev-plural") and kind in ("msgctxt", "msgid"):
            if state == "start":
                self.message = _Message(token.obsolete, token.line)
            self._consistent(token)
            if kind == "msgctxt":
                self._expect("ctxt", [])
                assert self.message is not None
                self.message.context = self.strings
            else:
                self._msgid(token)
            return
        if state == "ctxt" and kind == "msgid":
            self._consistent(token)
            self._msgid(token)
            return
        if state == "id" and kind == "msgstr" and not token.text:
            self._consistent(token)
            self.msgstr_line = token.line
            self._expect("str", self._form(token))
            return
        if state == "id" and kind == "msgid_plural":
            self._consistent(token)
            assert self.message is not None
            self._expect("plural", self.message.plural)
            return
        if state in ("id", "plural") and kind == "msgstr" and token.text:
            assert self.message is not None
            self.message.missing_plural = state == "id"
            self._consistent(token)
            self.msgstr_line = token.line
            self._plural_form(token)
            return
        raise self.error("syntax error", token.line)

    def _previous(self, token: Token) -> None:
        transitions = {
            ("start", "msgctxt"): "prev-ctxt",
            ("start", "msgid"): "prev-id",
            ("prev-ctxt", "msgid"): "prev-id",
            ("prev-id", "msgid_plural"): "prev-plural",
        }
        target = transitions.get((self.state, token.kind))
        if target is None or (token.kind == "msgstr"):
            if token.kind == "msgstr":
                raise self.error('keyword "msgstr" unknown', token.line)
            raise self.error("syntax error", token.line)
        if self.state == "start":
            self.message = _Message(token.obsolete, token.line)
        self._consistent(token)
        self._expect(target, None)

    def _msgid(self, token: Token) -> None:
        assert self.message is not None
        self.message.msgid_line = token.line
        self._expect("id", self.message.msgid)

    def _expect(self, state: str, strings: list[str] | None) -> None:
        self.state, self.want_string, self.strings = state, True, strings

    def _consistent(self, token: Token) -> None:
        assert self.message is not None
        if token.obsolete != self.message.obsolete:
            raise self.error("inconsistent use of #~", token.line)

    def _plural_form(self, token: Token) -> None:
        assert self.message is not None
        index = int(token.text)
        expected = self.message.plural_index + 1
        if index != expected:
            first = "first plural form has nonzero index"
            raise self.error(first if expected == 0 else "plural form has wrong index", token.line)
        self.message.plural_index = index
        self._expect("str-n", self._form(token))

    def _end(self, token: Token) -> None:
        """The message ends before ``token`` (msgfmt reduces it on this lookahead)."""
        message = self.message
        assert message is not None
        if self.state in ("id", "plural"):
            missing = "msgstr[]" if self.state == "plural" else "msgstr"
            raise self.error(f"missing '{missing}' section", message.msgid_line)
        if message.missing_plural:
            raise self.error("missing 'msgid_plural' section", message.msgid_line)
        context = None if message.context is None else _key("".join(message.context))
        key = (context, _key("".join(message.msgid)))
        first = self.seen.get(key)
        if first is not None:
            raise self.error(f"duplicate message (first at line {first})", message.msgid_line)
        self.seen[key] = self.msgstr_line
        if self.newline_error is None and key[1] and not message.obsolete:
            self.newline_error = _newline_error(message, "".join(message.msgid), self.where)
        self.state, self.message, self.strings = "start", None, None

    def _form(self, token: Token) -> list[str]:
        assert self.message is not None
        strings: list[str] = []
        self.message.forms.append((token.line, strings))
        return strings

    def finish(self, last_line: int) -> None:
        end = Token("end", last_line, False, False)
        if self.want_string:
            raise self.error("syntax error: a keyword must be followed by a string", last_line)
        if self.state.startswith("prev") or self.state == "ctxt":
            raise self.error("syntax error: a message without msgid", last_line)
        if self.state != "start":
            self._end(end)
        if self.newline_error is not None:
            raise self.newline_error


def _newline_error(message: _Message, msgid: str, where: str) -> PipelineError | None:
    """msgfmt's check_pair (msgl-check.c): a translation begins and ends with a line
    break exactly when its msgid does (an empty translation is not checked)."""
    edges = _edges(msgid)
    texts = [("msgid_plural", message.forms[0][0], message.plural)] if message.plural else []
    texts += [("msgstr", line, strings) for line, strings in message.forms]
    for name, line, strings in texts:
        text = "".join(strings)
        if not text:
            continue
        have = _edges(text)
        if have != edges:
            edge = "begin" if have[0] != edges[0] else "end"
            said = f"'msgid' and '{name}' entries do not both {edge} with '\\n'"
            return PipelineError(said, where, line)
    return None


def _edges(raw: str) -> tuple[bool, bool]:
    """Whether the text of a string's content begins, and ends, with a line break."""
    if "\\" in raw and not POLIB_ONLY.fullmatch(raw):
        text = _value(raw)
        return text.startswith("\n"), text.endswith("\n")
    return _raw_edges(raw)


def _raw_edges(raw: str) -> tuple[bool, bool]:
    """_edges of a content with no escapes but those polib knows."""
    if not raw.endswith("\\n"):
        return raw.startswith("\\n"), False
    backslashes = len(raw) - 1 - len(raw[:-1].rstrip("\\"))
    return raw.startswith("\\n"), backslashes % 2 == 1


def _key(raw: str) -> str:
    """A message's text, as far as telling messages apart needs: its content as
    written, unless escapes polib does not know make two spellings of one text."""
    if "\\" in raw and not POLIB_ONLY.fullmatch(raw):
        return _value(raw)
    return raw


def _value(raw: str) -> str:
    """What a string's content stands for, as far as telling messages apart needs
    (its escapes were checked when its line was read)."""
    if "\\" not in raw:
        return raw
    return decoded(raw, 0, "").decode("utf-8", "surrogateescape")


def decoded(content: str, number: int, where: str) -> bytes:
    """The bytes a string's content stands for, as msgfmt reads its escapes."""
    data = bytearray()
    position = 0
    for escape in NUMERIC_ESCAPE.finditer(content):
        data += content[position : escape.start()].encode("utf-8")
        body = escape.group(1)
        if body in SIMPLE_ESCAPES:
            data += SIMPLE_ESCAPES[body].encode("ascii")
        else:
            code = int(body[1:], 16) if body[0] == "x" else int(body, 8)
            # msgfmt keeps the low byte of a larger value, and a NUL ends the string
            # in the .mo file: both lose text silently.
            if code == 0 or code > 0xFF:
                raise PipelineError(f"escape \\{body} is not a character {STRICTER}", where, number)
            data.append(code)
        position = escape.end()
    data += content[position:].encode("utf-8")
    return bytes(data)
