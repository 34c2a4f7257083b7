"""The one exception type: raised only when a run cannot continue.

Problems the pipeline finds in catalogs or outputs are not exceptions; they are
returned as :class:`pipeline.checks.Finding` values. A ``PipelineError`` carries the
location it is about so that the CLI can print ``path:line: error: message``.
"""

from __future__ import annotations


class PipelineError(Exception):
    """A run cannot continue. ``path`` and ``line`` say where, when known."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class UsageError(PipelineError):
    """The command line or configuration asked for something invalid (exit status 2)."""


class FileSystemError(PipelineError):
    """The file system refused a read or a write (a full disk, a read-only folder, a
    name too long): not the input's fault, so no finding about it; the run stops."""
