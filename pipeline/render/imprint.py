"""What an edition says of who publishes it and on what terms, in the edition's language.

Pure. The project's ``publisher`` and ``rights`` settings are ``ui`` messages: the EU
translates its institutions' names and its reuse notice, so each edition prints them in
its own language, and the configured text until a translator gives one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.translate.pseudo import pseudo_message


@dataclass(frozen=True)
class Imprint:
    """Who publishes the edition, on what terms, under which numbers (the project's settings)."""

    publisher: str = ""
    creator: str = ""
    rights: str = ""
    # This edition's identifiers as (scheme, value): ("isbn", "978-..."), ("doi", "10...."),
    # ("catalogue", "NC-..."); none unless the project sets them.
    identifiers: tuple[tuple[str, str], ...] = ()

    def in_language(self, gettext: Callable[..., str], pseudo: bool = False) -> Imprint:
        """The imprint as an edition prints it: the publisher and the rights statement
        are ``ui`` messages (the configured text where untranslated), and a creator that
        is the publisher follows it. A pseudo edition transforms the rest too."""
        publisher = gettext(self.publisher) if self.publisher else ""
        creator = self.creator
        if creator and creator == self.publisher:
            creator = publisher
        elif creator and pseudo:
            creator = pseudo_message(creator)
        rights = gettext(self.rights) if self.rights else ""
        return dataclasses.replace(self, publisher=publisher, creator=creator, rights=rights)
