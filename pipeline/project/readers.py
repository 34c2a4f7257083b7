"""Catalogs -> what each language's index page says: its labels and the documents' titles.

The labels are the language's usable ``ui`` translations; a document's title is the
usable translation of its title message (when the title is one message, as it is in
plain text), else the source title.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pipeline.core.config import Project
from pipeline.project.catalogs import active_entries
from pipeline.render.ui import UI_DOMAIN
from pipeline.site.index import Reader, index_name
from pipeline.translate.document import usable_translations


def readers(project: Project, codes: Iterable[str], titles: Mapping[str, str]) -> dict[str, Reader]:
    """The index page's texts of each language in ``codes`` that has an index of its own."""
    found: dict[str, Reader] = {}
    for code in sorted(set(codes)):
        if index_name(code, project.source_language) == "index.html":
            continue
        ui = usable_translations(active_entries(project, code, UI_DOMAIN))
        translated = {}
        for doc, title in titles.items():
            texts = usable_translations(active_entries(project, code, doc))
            translated[doc] = texts.get(title, title)
        found[code] = Reader(ui, translated)
    return found
