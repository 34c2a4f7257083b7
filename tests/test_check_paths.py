"""``check`` finds the same whether it reuses what was learnt before or works it all out.

The build remembers each catalog's assessment (and the texts ``check`` looks for in the
files), and ``check`` keeps its findings on each built file; both are reused while
their inputs are unchanged. The findings must be those of the straightforward path,
which reads every catalog and every file again: here on a real build whose PDF was
replaced by one that lacks most texts and breaks an address.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.core.config import load_project
from pipeline.project.assessments import remembered_assessment
from pipeline.project.state import BuildState
from pipeline.render import pdf
from tests.conftest import copy_project

# Hyphenated by WeasyPrint in a narrow German column: the address comes out broken.
BROKEN = (
    '<html lang="de"><head><style>p { width: 32mm; hyphens: auto; }</style></head><body>'
    "<p>Pour en savoir plus: <a>EAC-DIGITALEDUCATION@ec.europa.eu</a> schreiben</p>"
    "</body></html>"
)
# The same, in a column wide enough for the address: it comes out whole.
WHOLE = BROKEN.replace("32mm", "150mm")


def _findings(root: Path) -> tuple[int, list[dict[str, object]]]:
    status = main(["--root", str(root), "check", "--json"])
    report = json.loads((root / "outputs" / "report.json").read_text("utf-8"))
    return status, report["findings"]


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A French build whose PDF is replaced by a real one that is missing texts."""
    root = copy_project(tmp_path_factory.mktemp("project"), ["fr"])
    assert main(["--root", str(root), "build", "fr"]) == 0
    target = root / "outputs" / "fr" / "factsheet.pdf"
    pdf.write_pdf(BROKEN, target, root, [root], identifier=b"0" * 16)
    return root


@pytest.mark.hostile
def test_reused_assessments_give_the_findings_of_a_full_check(planted: Path) -> None:
    project = load_project(planted)
    state = BuildState.load(project.outputs_dir)
    assert remembered_assessment(project, "fr", "factsheet", state) is not None  # reused

    status, reused = _findings(planted)
    assert _findings(planted) == (status, reused)  # again, with the files' findings kept

    for name in (".build-state.json", ".epubcheck-cache.json", ".output-check-cache.json"):
        (planted / "outputs" / name).unlink(missing_ok=True)
    shutil.rmtree(planted / "outputs" / ".cache")
    full_status, full = _findings(planted)

    assert (status, reused) == (full_status, full)
    codes = {finding["code"] for finding in full if finding["path"].endswith(".pdf")}
    assert {"output-text", "protected-text"} <= codes
    assert status != 0


@pytest.mark.hostile
def test_a_file_that_changed_is_checked_again(planted: Path, tmp_path: Path) -> None:
    root = shutil.copytree(planted, tmp_path / "project")
    target = root / "outputs" / "fr" / "factsheet.pdf"

    def address_broken() -> bool:
        return any(
            finding["code"] == "protected-text"
            and "EAC-DIGITALEDUCATION" in str(finding["message"])
            for finding in _findings(root)[1]
        )

    assert address_broken()
    assert (root / "outputs" / ".output-check-cache.json").is_file()
    pdf.write_pdf(WHOLE, target, root, [root], identifier=b"0" * 16)
    assert not address_broken()
