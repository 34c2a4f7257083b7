"""Page labels are plain text: placeholders parsed strictly, problems named, never markup.

Pure. A label of the ``ui`` domain ("Skip to content", "Published %(date)s") comes from
a translator, so it is untrusted text. It is never parsed as HTML, never formatted with
Python's ``%`` operator (which would accept ``%(date)3000000s`` or crash on a lone
``%``), and a translation that fails these rules, or holds a control character or a
bidi override (:func:`pipeline.core.untrusted.character_problems`), is not used: the
page shows the source label, and the checks report why.

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

from pipeline.core.findings import ERROR
from pipeline.core.untrusted import character_problems

_TOKEN = re.compile(r"%(?:\((?P<name>[A-Za-z_][A-Za-z0-9_]*)\)s|(?P<percent>%))")
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
    if _LINE_BREAK.search(msgstr) and not _LINE_BREAK.search(msgid):
        problems.append(("label-text", "a line break: a label is one line"))
    return problems


def usable(msgid: str, msgstr: str | None) -> str:
    """The text to show for ``msgid``: its translation when that has no problem."""
    if msgstr and not label_problems(msgid, msgstr) and not _hides_text(msgid, msgstr):
        return msgstr
    return msgid


def _hides_text(msgid: str, msgstr: str) -> bool:
    """Whether ``msgstr`` has characters that are not text, or that reorder it."""
    return any(
        problem.severity == ERROR for problem in character_problems(msgstr, msgid, rtl=False)
    )


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
