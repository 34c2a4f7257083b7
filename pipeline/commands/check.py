"""The ``check`` command: every catalog and every published file -> findings and report.

A broken catalog becomes a finding and the other languages are still checked. The
same findings and the completeness figures go to ``outputs/report.json``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.adapters import files, pandoc
from pipeline.catalogs.model import Catalog, Completeness
from pipeline.checks import entries as checks
from pipeline.checks.outputs import check_outputs, epubcheck_all, epubcheck_findings
from pipeline.core.config import Project
from pipeline.core.errors import PipelineError
from pipeline.core.findings import ERROR, Finding, sorted_findings
from pipeline.core.languages import Language, language
from pipeline.extract.segments import plain_text
from pipeline.project.catalogs import domains, read_catalog_file
from pipeline.render.ui import UI_DOMAIN


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    completeness: dict[str, dict[str, Completeness]] = field(default_factory=dict)


def _parse_entries(catalog: Catalog) -> dict[str, checks.Parsed]:
    """Parse every msgid and msgstr of a document catalog in one pandoc call."""
    entries = [entry for entry in catalog.active if entry.msgstr]
    texts = [text for entry in entries for text in (entry.msgid, entry.msgstr)]
    parsed = pandoc.read_translations(texts)
    return {
        entry.msgid: checks.Parsed(parsed[2 * i], parsed[2 * i + 1])
        for i, entry in enumerate(entries)
    }


def check_catalog(
    project: Project, info: Language, domain: str, result: CheckResult
) -> tuple[Catalog, dict[str, checks.Parsed]] | None:
    """Check one catalog; return it and its parsed messages, or None if unreadable."""
    path = project.catalog_path(info.code, domain)
    shown = project.relative(path)
    catalog = None
    if not path.is_file():
        result.findings.append(
            Finding(shown, 0, ERROR, "missing-catalog", f"no catalog: run 'init {info.code}'")
        )
        return None
    try:
        catalog = read_catalog_file(project, path)
    except PipelineError as error:
        result.findings.append(
            Finding(shown, error.line or 0, ERROR, "catalog-syntax", error.message)
        )
        return None
    if catalog is None:
        return None
    result.findings += checks.header_findings(catalog, info, shown)
    if domain != UI_DOMAIN:
        result.findings += checks.plural_findings(catalog, shown)
    threshold = project.threshold_for(info.code) if domain != UI_DOMAIN else None
    figures, found = checks.completeness_findings(catalog, shown, threshold)
    result.completeness.setdefault(info.code, {})[domain] = figures
    result.findings += found
    parsed = _parse_entries(catalog) if domain != UI_DOMAIN else {}
    for entry in catalog.active:
        result.findings += checks.entry_findings(
            entry, parsed.get(entry.msgid) if parsed else None, info, shown
        )
    return catalog, parsed


def _visible_texts(parsed: dict[str, checks.Parsed], translated: set[str]) -> list[str]:
    texts = []
    for msgid, item in parsed.items():
        blocks = item.msgstr
        if (
            msgid in translated
            and blocks
            and len(blocks) == 1
            and blocks[0]["t"] in ("Para", "Plain")
        ):
            text = plain_text(blocks[0]["c"])
            if text.strip():
                texts.append(text)
    return texts


def check(project: Project, codes: list[str]) -> CheckResult:
    from pipeline.render.page import font_dir

    result = CheckResult()
    fonts = sorted(font_dir().glob("*.ttf"))
    epubs = [
        path
        for code in codes
        for doc in project.documents()
        if (path := project.output_path(code, doc, "epub")).is_file()
    ]
    cache_path = project.outputs_dir / ".epubcheck-cache.json"
    cache = json.loads(cache_path.read_text("utf-8")) if cache_path.is_file() else {}
    for epub, messages in epubcheck_all(epubs, cache).items():
        result.findings += epubcheck_findings(messages, project.relative(epub))
    files.write_atomic(cache_path, json.dumps(cache, indent=1, sort_keys=True).encode("utf-8"))
    for code in codes:
        info = language(code)
        for domain in domains(project):
            checked = check_catalog(project, info, domain, result)
            if domain == UI_DOMAIN or checked is None:
                continue
            catalog, parsed = checked
            outputs = {
                fmt: path
                for fmt in project.formats
                if (path := project.output_path(code, domain, fmt)).is_file()
            }
            translated = {entry.msgid for entry in catalog.active if entry.translated}
            shown = {fmt: project.relative(path) for fmt, path in outputs.items()}
            result.findings += check_outputs(
                outputs, _visible_texts(parsed, translated), info, fonts, shown
            )
    write_report(project, result)
    return result


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
