"""The ``stats`` command: the completeness of each catalog."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.catalogs import model as cat
from pipeline.catalogs.model import Completeness
from pipeline.core.config import Project
from pipeline.core.errors import PipelineError
from pipeline.core.findings import Finding, error_finding
from pipeline.project.catalogs import domains, read_catalog_file
from pipeline.project.sources import current_messages


@dataclass(frozen=True)
class StatsRow:
    language: str
    domain: str
    completeness: Completeness


def stats(project: Project, codes: list[str]) -> tuple[list[StatsRow], list[Finding]]:
    rows: list[StatsRow] = []
    findings: list[Finding] = []
    for code in codes:
        for domain in domains(project):
            path = project.catalog_path(code, domain)
            try:
                found = read_catalog_file(project, path)
            except PipelineError as error:
                findings.append(error_finding(error, "catalog-syntax"))
                continue
            if found is not None:
                figures = cat.completeness_against(found, current_messages(project, domain))
                rows.append(StatsRow(code, domain, figures))
    return rows, findings
