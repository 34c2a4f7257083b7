"""Page labels are plain text: placeholders parsed strictly, problems named, never markup.

Pure. A label of the ``ui`` domain ("Skip to content", "Published %(date)s") comes from
a translator, so it is untrusted text. It is never parsed as HTML, never formatted with
Python's ``%`` operator (which would accept ``%(date)3000000s`` or crash on a lone
``%``), and a translation that fails these rules is not used: the page shows the source
label, and the checks report why (:func:`label_problems`).

The placeholder syntax is the subset of python-format the templates use: ``%(name)s``
and ``%%``. A msgid containing ``%(`` is a python-format string (the ``ui`` template
flags it so, and GNU ``msgfmt --check`` then checks it too); any other msgid is literal
text, in which ``%`` is just a character ("100%").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

_TOKEN = re.compile(r"%(?:\((?P<name>[A-Za-z_][A-Za-z0-9_]*)\)s|(?P<percent>%))")
# C0 and C1 controls other than tab, DEL, lone surrogates and the noncharacters: none of
# them is text, and several make the EPUB's XML invalid.
_NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
# Bidi overrides and embeddings reorder the text around them: a label could show the
# reader something other than what the translator reviewed.
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
# A label lives on one line of the page (or in one CSS string, one attribute).
_LINE_BREAK = re.compile("[\n\u2028\u2029\x85]")


@dataclass(frozen=True)
class Placeholder:
    """A ``%(name)s`` in a label: filled in by the template."""

    name: str


Piece = str | Placeholder


def is_format(msgid: str) -> bool:
    """Whether a label's msgid is a python-format string (the ui template's rule)."""
    return "%(" in msgid


def pieces(text: str) -> list[Piece] | None:
    """``text`` as literal runs and placeholders, ``%%`` read as ``%``.

    None when a ``%`` starts anything but ``%(name)s`` or ``%%``: such a string is not
    a valid label format, whatever Python's ``%`` would make of it.
    """
    found: list[Piece] = []
    literal: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if "%" in text[position : match.start()]:
            return None
        literal.append(text[position : match.start()])
        if match.group("percent"):
            literal.append("%")
        else:
            found += ["".join(literal), Placeholder(match.group("name"))]
            literal = []
        position = match.end()
    if "%" in text[position:]:
        return None
    found.append("".join([*literal, text[position:]]))
    return [piece for piece in found if piece != ""]


def names(text: str) -> Counter[str] | None:
    """How often each placeholder occurs in ``text`` (None: not a valid format)."""
    parsed = pieces(text)
    if parsed is None:
        return None
    return Counter(piece.name for piece in parsed if isinstance(piece, Placeholder))


def label_problems(msgid: str, msgstr: str) -> list[tuple[str, str]]:
    """What makes ``msgstr`` unusable as the translation of the label ``msgid``.

    Each problem is a finding code (``placeholder`` or ``label-text``) and a message.
    """
    problems: list[tuple[str, str]] = []
    if is_format(msgid):
        wanted, given = names(msgid), names(msgstr)
        if given is None:
            said = "a '%' that is not part of %(name)s or %% (write %% for a percent sign)"
            problems.append(("placeholder", said))
        elif wanted is not None and set(given) != set(wanted):
            missing = ", ".join(f"%({name})s" for name in sorted(set(wanted) - set(given)))
            extra = ", ".join(f"%({name})s" for name in sorted(set(given) - set(wanted)))
            parts = [f"missing {missing}"] if missing else []
            parts += [f"unknown {extra}"] if extra else []
            problems.append(
                ("placeholder", f"placeholders differ from the source: {'; '.join(parts)}")
            )
    if match := _NOT_TEXT.search(msgstr):
        problems.append(("label-text", f"control character U+{ord(match.group(0)):04X}"))
    if (match := _BIDI_CONTROL.search(msgstr)) and match.group(0) not in msgid:
        code = ord(match.group(0))
        problems.append(("label-text", f"bidirectional control character U+{code:04X}"))
    if _LINE_BREAK.search(msgstr) and not _LINE_BREAK.search(msgid):
        problems.append(("label-text", "a line break: a label is one line"))
    return problems


def usable(msgid: str, msgstr: str | None) -> str:
    """The text to show for ``msgid``: its translation when that has no problem."""
    if msgstr and not label_problems(msgid, msgstr):
        return msgstr
    return msgid


def fill(text: str, variables: Mapping[str, object]) -> str:
    """``text`` (a checked format) with each placeholder replaced by its variable.

    The variables' text is inserted as it is: escaping is the output's business.
    """
    parsed = pieces(text)
    if parsed is None:  # not reachable for text from :func:`usable`; keep it literal
        return text
    return "".join(
        str(variables.get(piece.name, "")) if isinstance(piece, Placeholder) else piece
        for piece in parsed
    )
