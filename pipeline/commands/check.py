"""The ``check`` command: every catalog and every published file -> findings and report.

A broken catalog becomes a finding and the other languages are still checked. The
same findings and the completeness figures go to ``outputs/report.json``.

A catalog the last build already assessed with today's inputs (the build state keys each
assessment by the content of all it depends on) is not read and parsed again: its
findings, figures and shown texts are the build's. Likewise the findings on a built file
are kept in ``outputs/.output-check-cache.json``, keyed by the file's SHA-256 and all
else they depend on (the texts looked for, the language, the fonts, the pipeline), and
a file that did not change is not read again.
"""

from __future__ import annotations

import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.adapters import files
from pipeline.catalogs.model import Completeness
from pipeline.checks.catalogs import CatalogReport
from pipeline.checks.epubcheck import Progress, epubcheck_all, epubcheck_findings
from pipeline.checks.outputs import check_outputs
from pipeline.core.config import Project
from pipeline.core.findings import Finding, sorted_findings
from pipeline.core.languages import Language, language
from pipeline.project.assessments import assess_catalog, remembered_assessment, shown_texts
from pipeline.project.catalogs import domains
from pipeline.project.state import BuildState, file_digest, fingerprint, pipeline_digest
from pipeline.render.ui import UI_DOMAIN

# The built files are read by this many processes, beside EPUBCheck's.
WORKERS = 2


@dataclass(frozen=True)
class FileJob:
    """One built file to check, with all its check needs (sent to a worker process)."""

    fmt: str
    path: Path
    shown: str
    texts: list[str]
    language: Language

    def findings(self) -> list[dict[str, Any]]:
        found = check_outputs(
            {self.fmt: self.path}, self.texts, self.language, {self.fmt: self.shown}
        )
        return [finding.as_json() for finding in found]


def _file_findings(job: FileJob) -> list[dict[str, Any]]:
    return job.findings()


@dataclass(frozen=True)
class FileChecks:
    """The fonts the files are checked against, and the findings of files checked before:
    ``known`` as the last run left them, ``kept`` those this run used or found."""

    fonts: list[Path]
    known: dict[str, list[dict[str, Any]]]
    kept: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    todo: list[tuple[str, FileJob]] = field(default_factory=list)  # by key, not yet known

    def key(self, path: Path, fmt: str, shown: str, texts: list[str], info: Language) -> str:
        return fingerprint(
            {
                "pipeline": pipeline_digest(),
                "file": file_digest(path),
                "format": fmt,
                "shown": shown,
                "texts": texts,
                "language": [info.code, info.tag, info.direction],
                "fonts": [[font.name, _font_digest(font)] for font in self.fonts],
            }
        )


def _kept_findings(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The findings a previous run kept; none when the file is missing or not its own."""
    try:
        known = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    fields = {"path", "line", "severity", "code", "message"}
    if not isinstance(known, dict) or not all(
        isinstance(found, list)
        and all(isinstance(item, dict) and set(item) == fields for item in found)
        for found in known.values()
    ):
        return {}
    return known


@cache
def _font_digest(path: Path) -> str | None:
    return file_digest(path)


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    completeness: dict[str, dict[str, Completeness]] = field(default_factory=dict)


def check(project: Project, codes: list[str], progress: Progress | None = None) -> CheckResult:
    """Check ``codes``; ``progress`` hears (books validated, books to validate) from EPUBCheck.

    EPUBCheck runs in its own process while the catalogs are checked; the built files
    that were not checked before are then checked by two worker processes, forked before
    this process starts a thread.
    """
    from pipeline.render.page import font_dir

    result = CheckResult()
    checks_path = project.outputs_dir / ".output-check-cache.json"
    checks = FileChecks(sorted(font_dir().glob("*.ttf")), _kept_findings(checks_path))
    epubs = [
        path
        for code in codes
        for doc in project.documents()
        if (path := project.output_path(code, doc, "epub")).is_file()
    ]
    state = BuildState.load(project.outputs_dir)
    cache_path = project.outputs_dir / ".epubcheck-cache.json"
    cache = json.loads(cache_path.read_text("utf-8")) if cache_path.is_file() else {}
    forking = multiprocessing.get_context("fork")
    with (
        ProcessPoolExecutor(max_workers=WORKERS, mp_context=forking) as workers,
        ThreadPoolExecutor(max_workers=1) as pool,
    ):
        workers.submit(int).result()  # the workers start now, while there is one thread
        validating = pool.submit(epubcheck_all, epubs, cache, progress)
        others = CheckResult()
        for code in codes:
            if code == project.source_language:
                continue  # no catalogs: the source is the text
            if not _check_remembered(project, code, checks, state, others):
                _check_language(project, code, checks, others)
        jobs = [job for _, job in checks.todo]
        for (key, _), found in zip(checks.todo, workers.map(_file_findings, jobs), strict=True):
            checks.kept[key] = found
            others.findings += [Finding(**finding) for finding in found]
        for epub, messages in validating.result().items():
            result.findings += epubcheck_findings(messages, project.relative(epub))
    files.write_atomic(cache_path, json.dumps(cache, indent=1, sort_keys=True).encode("utf-8"))
    kept = json.dumps(checks.kept, indent=1, sort_keys=True, ensure_ascii=False)
    files.write_atomic(checks_path, kept.encode("utf-8"))
    result.findings += others.findings
    result.completeness = others.completeness
    write_report(project, result)
    return result


def _check_language(project: Project, code: str, checks: FileChecks, result: CheckResult) -> None:
    """Add one language's catalog findings, completeness and output findings to ``result``."""
    for domain in domains(project):
        report = assess_catalog(project, code, domain)
        result.findings += report.findings
        if report.completeness is not None:
            result.completeness.setdefault(code, {})[domain] = report.completeness
        if domain == UI_DOMAIN or report.completeness is None:
            continue
        _check_files(project, code, domain, shown_texts(report), checks, result)


def _check_remembered(
    project: Project, code: str, checks: FileChecks, state: BuildState, result: CheckResult
) -> bool:
    """:func:`_check_language` from the assessments the last build remembered, if it has
    them for every document with today's inputs; False (nothing added) when not."""
    remembered = {
        doc: remembered_assessment(project, code, doc, state) for doc in project.documents()
    }
    found: dict[str, tuple[CatalogReport, list[str]]] = {}
    for doc, item in remembered.items():
        if item is None:
            return False
        assessment, texts = item
        found[doc] = (assessment.reports[doc], texts)
        found.setdefault(UI_DOMAIN, (assessment.reports[UI_DOMAIN], []))
    for domain in domains(project):
        report, texts = found[domain]
        result.findings += report.findings
        if report.completeness is not None:
            result.completeness.setdefault(code, {})[domain] = report.completeness
            if domain != UI_DOMAIN:
                _check_files(project, code, domain, texts, checks, result)
    return True


def _check_files(
    project: Project,
    code: str,
    doc: str,
    texts: list[str],
    checks: FileChecks,
    result: CheckResult,
) -> None:
    """Add the findings kept on the built files of one language's document to ``result``;
    queue the files with none kept on ``checks.todo``."""
    info = language(code)
    for fmt in project.formats:
        path = project.output_path(code, doc, fmt)
        if not path.is_file():
            continue
        shown = project.relative(path)
        key = checks.key(path, fmt, shown, texts, info)
        found = checks.known.get(key)
        if found is None:
            checks.todo.append((key, FileJob(fmt, path, shown, texts, info)))
            continue
        checks.kept[key] = found
        result.findings += [Finding(**finding) for finding in found]


def write_report(project: Project, result: CheckResult) -> Path:
    report: dict[str, Any] = {
        "findings": [finding.as_json() for finding in sorted_findings(result.findings)],
        "completeness": {
            code: {
                domain: {**asdict(figures), "percent": round(figures.percent, 2)}
                for domain, figures in by_domain.items()
            }
            for code, by_domain in sorted(result.completeness.items())
        },
    }
    path = project.report_path
    files.write_atomic(
        path, json.dumps(report, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
    )
    return path
