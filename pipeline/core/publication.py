"""What a project publishes: the ``publication`` and ``index`` tables of its settings.

Pure. The document kind ("Factsheet", "Policy brief") names every label that speaks of
the document; each label is a whole English sentence made from the kind (or written in
the settings), and is a msgid of the ``ui`` catalog like any template string, so each
language translates the sentence as its grammar needs, not a word slotted into it.
Colours are CSS hex colours; the logo is an image below ``source/assets``; the index
lists languages in EU protocol order, alphabetically by native name, or in a list.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pipeline.core.errors import UsageError
from pipeline.core.languages import language, normalize_code, protocol_sort_key

# The stylesheet's own colours (render/templates/factsheet.css): a project that sets
# none gets exactly that stylesheet.
DEFAULT_COLOURS = {"accent": "#003399", "highlight": "#ffcc00", "tint": "#eef2fa"}
# The custom property each colour sets.
COLOUR_PROPERTIES = {"accent": "--accent", "highlight": "--accent-2", "tint": "--tint"}
ORDERS = ("eu-protocol", "alphabetical")
LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")
# The labels that speak of the document kind, by the name the templates use.
LABEL_KEYS = ("kind", "download", "summary", "index-title", "editions")

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_PUBLICATION_KEYS = ("kind", "kind-plural", "logo", "colours", "labels")
_INDEX_KEYS = ("title", "caption", "order")


@dataclass(frozen=True)
class Publication:
    """The publication's kind, labels, colours, logo and index order."""

    kind: str = "Factsheet"
    labels: Mapping[str, str] = field(default_factory=dict)  # LABEL_KEYS -> English msgid
    colours: Mapping[str, str] = field(default_factory=dict)  # the ones set, lower case
    logo: str = ""  # below source/assets, from the project root; "" for none
    order: str | tuple[str, ...] = "eu-protocol"

    def label(self, key: str) -> str:
        """The English label ``key`` (a msgid of the ``ui`` catalog)."""
        order = self.order if isinstance(self.order, str) else ""
        return self.labels.get(key) or default_labels(self.kind, self.kind + "s", order)[key]

    def colour_css(self) -> str:
        """A ``:root`` rule for the colours that differ from the stylesheet's ("" if none)."""
        changed = [
            f"{COLOUR_PROPERTIES[name]}: {value};"
            for name, value in self.colours.items()
            if value != DEFAULT_COLOURS[name]
        ]
        return f":root {{ {' '.join(changed)} }}" if changed else ""

    def colour(self, name: str) -> str:
        return self.colours.get(name, DEFAULT_COLOURS[name])

    def sort_key(self, code: str) -> tuple[int, str, str]:
        """Where ``code`` goes in the index and the language switcher."""
        if isinstance(self.order, tuple):
            if code in self.order:
                return (self.order.index(code), "", code)
            rank, _ = protocol_sort_key(code)
            return (len(self.order) + rank, "", code)
        if self.order == "alphabetical":
            return (0, _collation_key(language(code).native_name), code)
        rank, _ = protocol_sort_key(code)
        return (rank, "", code)

    def fingerprint(self) -> list[Any]:
        """Everything here that an output shows (for knowing when to rebuild)."""
        labels = [self.label(key) for key in LABEL_KEYS]
        order = list(self.order) if isinstance(self.order, tuple) else self.order
        return [labels, sorted(self.colours.items()), self.logo, order]


def _collation_key(name: str) -> str:
    """A name without accents, case folded: "Čeština" sorts with the c's."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def in_sentence(kind: str) -> str:
    """``kind`` inside an English sentence: "Policy brief" -> "policy brief", "EU report"
    unchanged (a first word in capitals is a name or an abbreviation)."""
    first = kind.split(" ", 1)[0]
    if len(first) > 1 and first[1:2].isupper():
        return kind
    return kind[:1].lower() + kind[1:]


def default_labels(kind: str, plural: str, order: str) -> dict[str, str]:
    """The English labels made from the kind: whole sentences, each one msgid."""
    noun = in_sentence(kind)
    article = "An" if noun[:1].lower() in "aeiou" else "A"
    editions = f"Editions of this {noun}"
    if order == "eu-protocol":
        editions += ", in EU protocol order"
    elif order == "alphabetical":
        editions += ", in alphabetical order"
    return {
        "kind": kind,
        "download": f"Download this {noun}:",
        "summary": (
            f"{article} {noun} with headings, lists and a table; all content is available as text."
        ),
        "index-title": f"{plural} in every language",
        "editions": editions,
    }


def parse_publication(
    publication: object, index: object, languages: tuple[str, ...], where: str
) -> Publication:
    """Validate the ``publication`` and ``index`` tables (``where`` names the file)."""
    pub = _table(publication, "publication", _PUBLICATION_KEYS, where)
    ind = _table(index, "index", _INDEX_KEYS, where)
    kind = _text(pub.get("kind", "Factsheet"), "publication.kind", where)
    plural = _text(pub.get("kind-plural", kind + "s"), "publication.kind-plural", where)
    order = _order(ind.get("order", "eu-protocol"), languages, where)
    labels = default_labels(kind, plural, order if isinstance(order, str) else "")
    given = _table(pub.get("labels", {}), "publication.labels", LABEL_KEYS, where)
    for key, value in given.items():
        labels[key] = _text(value, f"publication.labels.{key}", where)
    for key, name in (("title", "index-title"), ("caption", "editions")):
        if key in ind:
            labels[name] = _text(ind[key], f"index.{key}", where)
    colours = _table(pub.get("colours", {}), "publication.colours", tuple(DEFAULT_COLOURS), where)
    for name, value in colours.items():
        if not isinstance(value, str) or not _HEX.fullmatch(value):
            raise UsageError(
                f"{where}: publication.colours.{name} must be a CSS hex colour such as "
                f"'#003399', not {value!r}"
            )
    logo = pub.get("logo", "")
    if not isinstance(logo, str) or (logo and not _logo_path_ok(logo)):
        raise UsageError(
            f"{where}: publication.logo must be an image below source/assets "
            f"({', '.join(LOGO_TYPES)}), not {logo!r}"
        )
    return Publication(
        kind=kind,
        labels=labels,
        colours={name: str(value).lower() for name, value in colours.items()},
        logo=logo,
        order=order,
    )


def _table(value: object, name: str, known: tuple[str, ...], where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise UsageError(f"{where}: {name} must be a table, not {value!r}")
    unknown = sorted(set(value) - set(known))
    if unknown:
        raise UsageError(f"{where}: unknown key {name}.{unknown[0]} (known: {', '.join(known)})")
    return value


def _text(value: object, name: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip() or any(ord(c) < 32 for c in value):
        raise UsageError(f"{where}: {name} must be one line of text, not {value!r}")
    return value.strip()


def _order(value: object, languages: tuple[str, ...], where: str) -> str | tuple[str, ...]:
    if isinstance(value, str):
        if value not in ORDERS:
            raise UsageError(
                f"{where}: index.order must be {' or '.join(map(repr, ORDERS))} or a list "
                f"of language codes, not {value!r}"
            )
        return value
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise UsageError(f"{where}: index.order must be a list of language codes")
    try:
        codes = tuple(dict.fromkeys(normalize_code(code) for code in value))
    except UsageError as error:
        raise UsageError(f"{where}: index.order: {error.message}") from None
    strangers = [code for code in codes if code not in languages]
    if strangers:
        raise UsageError(f"{where}: index.order names {strangers[0]!r}, not a project language")
    return codes


def _logo_path_ok(logo: str) -> bool:
    parts = logo.replace("\\", "/").split("/")
    return (
        len(parts) > 2
        and parts[:2] == ["source", "assets"]
        and ".." not in parts
        and "" not in parts
        and logo.lower().endswith(LOGO_TYPES)
    )
