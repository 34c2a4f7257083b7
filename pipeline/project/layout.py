"""The project's folders made safe to use, before a command reads or writes them.

Every command first, holding the project lock: refuses to run when ``source/`` or a
document in it, or anything under ``locales/`` or ``outputs/``, is a link leading
outside the project (a catalog linked to ``/etc``, an ``outputs`` folder linked to
someone's home) or never resolving (a loop); then removes the temporary files a
killed run left in ``locales/`` and ``outputs/``. A link inside the project to a
place inside it is accepted.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.adapters import files
from pipeline.core.config import Project
from pipeline.core.errors import PipelineError


def prepare(project: Project) -> list[Path]:
    """Refuse links out of the project (PipelineError naming the first); then remove
    stale temporary files and return them. Call it holding the project lock."""
    refuse_links_out(project)
    return files.remove_stale_temporaries([project.locales_dir, project.outputs_dir])


def refuse_links_out(project: Project) -> None:
    """PipelineError naming the first link that leads out of the project or loops."""
    root = project.root
    documents = [
        (path, reason)
        for path, reason in files.links_leaving(root, project.source_dir, deep=False)
        if path == project.source_dir or path.suffix == ".md"
    ]
    for path, reason in [
        *documents,
        *files.links_leaving(root, project.locales_dir),
        *files.links_leaving(root, project.outputs_dir),
    ]:
        raise PipelineError(f"refused: a link that {reason}", project.relative(path))
