"""The ``xliff`` commands: a language's catalogs to an XLIFF 2.1 (or 1.2) file for CAT
tools, and the translations of such a file, of either version, back into the catalogs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.adapters import files
from pipeline.catalogs.model import Catalog
from pipeline.core.config import Project
from pipeline.core.errors import FileSystemError, PipelineError, UsageError
from pipeline.core.findings import Finding, error_finding
from pipeline.core.languages import normalize_code
from pipeline.exchange import applying, xliff, xliff12, xliff12_read
from pipeline.project.catalogs import domains, read_catalog_file, write_catalog_file

# An XLIFF file carries markup, notes and metadata besides the catalog's text: it may
# be this many times the size of the catalogs it holds.
SIZE_FACTOR = 8


@dataclass
class XliffResult:
    written: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    units: int = 0
    applied: int = 0


def _domains(project: Project, requested: list[str]) -> list[str]:
    known = domains(project)
    unknown = [name for name in requested if name not in known]
    if unknown:
        raise UsageError(f"no document {unknown[0]!r} (known: {', '.join(known)})")
    return requested or known


VERSIONS = {"2.1": xliff.export, "1.2": xliff12.export}


def export(
    project: Project, raw_code: str, requested: list[str], output: Path, version: str = "2.1"
) -> XliffResult:
    """Write the catalogs of ``raw_code`` (every domain, or ``requested``) to ``output``
    as XLIFF ``version`` (2.1 or 1.2)."""
    code = normalize_code(raw_code)
    result = XliffResult()
    documents = []
    for domain in _domains(project, requested):
        path = project.catalog_path(code, domain)
        catalog = _catalog(project, path, code, result)
        if catalog is None:
            continue
        documents.append(xliff.Document(domain, project.relative(path), catalog))
        result.units += len(catalog.entries)
    if not result.findings:
        data = VERSIONS[version](documents, project.source_language, code)
        files.write_atomic(output, data)
        result.written.append(str(output))
    return result


def _catalog(project: Project, path: Path, code: str, result: XliffResult) -> Catalog | None:
    """The catalog at ``path``; one that cannot be read is a finding (None), a missing one
    a usage error."""
    try:
        catalog = read_catalog_file(project, path)
    except PipelineError as error:
        result.findings.append(error_finding(error, "catalog-syntax"))
        return None
    if catalog is None:
        raise UsageError(f"no catalog {project.relative(path)}: run 'init {code}' first")
    return catalog


def _matches(target_language: str, code: str) -> bool:
    found = target_language.replace("_", "-").lower()
    wanted = code.replace("_", "-").lower()
    return found == wanted or found.startswith(wanted + "-")


def import_xliff(project: Project, raw_code: str, source: Path) -> XliffResult:
    """Apply the translations of the XLIFF file ``source`` to the catalogs of ``raw_code``."""
    code = normalize_code(raw_code)
    where = str(source)
    known = domains(project)
    limit = project.max_catalog_bytes * SIZE_FACTOR * len(known)
    try:
        size = source.stat().st_size
        if size > limit:
            raise PipelineError(f"file is {size} bytes, over the limit of {limit}", where)
        data = source.read_bytes()
    except OSError as error:
        raise FileSystemError(f"cannot read: {error.strerror}", where) from error
    document = xliff12_read.parse(data, where)
    if not _matches(document.target_language, code):
        raise UsageError(f"{where} translates into {document.target_language!r}, not {code!r}")
    result = XliffResult()
    for file in document.files:
        if file.domain not in known:
            message = f"file {file.id}: no catalog {file.domain!r} in this project; not applied"
            result.findings.append(Finding(where, file.line, "error", applying.STALE, message))
            continue
        path = project.catalog_path(code, file.domain)
        catalog = _catalog(project, path, code, result)
        if catalog is None:
            continue
        outcome = applying.apply(catalog, file, where, project.max_message_length)
        result.findings += outcome.findings
        result.units += len(file.units)
        result.applied += outcome.changed
        if outcome.changed and write_catalog_file(project, path, outcome.catalog):
            result.written.append(project.relative(path))
    return result
