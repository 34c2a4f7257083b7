"""The problems the pipeline reports: one value per finding, printed compiler-style.

Pure. A finding is never an exception: stages return them, the CLI prints them as
``path:line: severity[code]: message`` and decides the exit status.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from pipeline.core.errors import PipelineError

ERROR = "error"
WARNING = "warning"
INFO = "info"


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    severity: str
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}[{self.code}]: {self.message}"

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(finding.severity == ERROR for finding in findings)


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """By file, then line, then code: the order a reader walks a file in."""
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.code, f.message))


def error_finding(error: PipelineError, code: str) -> Finding:
    """An exception that stopped one file, as a finding about that file."""
    return Finding(error.path or "", error.line or 0, ERROR, code, error.message)
