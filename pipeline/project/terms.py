"""The project's term list (``terminology`` in ``[tool.pipeline]``), read once per content.

``check`` and ``build`` assess every language against it, so it is parsed once per
run and remembered by its bytes; its digest is part of each assessment's key.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from pipeline.checks.termbase import TermList, parse_term_list
from pipeline.core.config import Project
from pipeline.core.errors import PipelineError


def term_list_bytes(project: Project) -> bytes | None:
    """The term list's bytes, or None when the project has none; a configured list that
    is missing or over ``max-catalog-bytes`` is an error naming it."""
    path = project.terminology_path
    if path is None:
        return None
    shown = project.relative(path)
    try:
        size = path.stat().st_size
        if size > project.max_catalog_bytes:
            raise PipelineError(
                f"term list of {size} bytes is over max-catalog-bytes "
                f"({project.max_catalog_bytes})",
                path=shown,
            )
        return path.read_bytes()
    except FileNotFoundError as error:
        raise PipelineError(
            "no such term list (see terminology in [tool.pipeline])", shown
        ) from error


def load_terms(project: Project) -> TermList | None:
    """The project's term list, parsed; None when it has none."""
    data = term_list_bytes(project)
    if data is None or project.terminology_path is None:
        return None
    shown = project.relative(project.terminology_path)
    return _parsed(data, shown, project.source_language)


def terms_digest(project: Project) -> str | None:
    """A digest of the term list's bytes (None without one): part of assessment keys."""
    data = term_list_bytes(project)
    return None if data is None else hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=4)
def _parsed(data: bytes, shown: str, source_language: str) -> TermList:
    return parse_term_list(data, shown, source_language)
