"""Adapter for WeasyPrint: HTML page -> tagged A4 PDF.

The only module that imports WeasyPrint (it takes a second to import, so it is
imported inside the functions that need it). The renderer reads nothing but the
project's own assets: its URL fetcher serves files below the allowed folders and
refuses everything else (other local paths, ``file:`` URLs outside them, any
network), and every refusal is recorded.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from pipeline.adapters import files
from pipeline.core.errors import PipelineError
from pipeline.render import linefit, pdfhooks, pdfua, textlayer


@dataclass
class FetchLog:
    """What the renderer asked for, and what it was refused."""

    served: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def _fetcher(allowed: Sequence[Path], log: FetchLog) -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = [root.resolve() for root in allowed]

    class ProjectFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: object = None) -> Any:
            parts = urlsplit(url)
            path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
            if path is None or not any(path.is_relative_to(root) for root in roots):
                log.refused.append(url)
                raise ValueError(f"refused to fetch {url}: not one of the project's assets")
            if not path.is_file():
                log.refused.append(url)
                raise ValueError(f"no such asset: {url}")
            log.served.append(url)
            return URLFetcherResponse(path.as_uri(), body=path.read_bytes())

    return ProjectFetcher(allowed_protocols={"file"})


@contextmanager
def _captured_warnings() -> Iterator[list[str]]:
    """WeasyPrint logs missing glyphs and refused resources; keep them as findings."""
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler = Keep(logging.WARNING)
    logger.addHandler(handler)
    previous, logger.propagate = logger.propagate, False
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


def write_pdf(
    html: str,
    output: Path,
    base_dir: Path,
    allowed: Sequence[Path],
    identifier: bytes,
    fontconfig: Path | None = None,
) -> tuple[list[str], FetchLog]:
    """Render ``html`` to ``output`` atomically; return WeasyPrint's warnings and fetches.

    ``fontconfig`` is the fontconfig file the renderer finds fonts with (see
    render/fonts.py); WeasyPrint loads it anew for each document it renders.
    """
    from weasyprint import HTML

    textlayer.install()
    linefit.install()
    if fontconfig is not None:
        os.environ["FONTCONFIG_FILE"] = str(fontconfig)

    log = FetchLog()
    with _captured_warnings() as warnings:
        try:
            document = HTML(
                string=html, base_url=base_dir.as_uri() + "/", url_fetcher=_fetcher(allowed, log)
            ).render()
            with pdfhooks.installed(document):
                tagged = document.write_pdf(
                    pdf_variant="pdf/ua-1",
                    pdf_identifier=identifier,
                    # <meta name="publisher">, "rights", "identifier": the document
                    # information's Publisher, Rights and Identifier entries.
                    custom_metadata=True,
                )
            repaired = pdfua.repair(tagged)
            files.write_atomic_with(output, lambda target: target.write_bytes(repaired))
        except (OSError, ValueError) as error:
            raise PipelineError(f"PDF rendering failed: {error}", str(output)) from error
    return warnings, log
