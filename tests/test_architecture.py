"""The folder is the flowchart: pure stages import no I/O, adapters own the outside world."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"

# Stages that take values and return values: tested without files, subprocesses or renderers.
PURE = ["segments", "catalog", "translation", "checks", "findings", "languages", "pseudo",
        "chunks", "importing", "poformat", "linebreak", "fuzzy"]  # fmt: skip
IO_MODULES = {"subprocess", "pypandoc", "weasyprint", "shutil", "tempfile", "os", "zipfile",
              "urllib.request", "pathlib", "fcntl"}  # fmt: skip
# Only these adapters may import the libraries that reach outside the process.
OWNERS = {"pypandoc": {"pandoc"}, "weasyprint": {"pdf"}, "polib": {"pofile", "poformat"}}


def _imports(module: str) -> set[str]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


@pytest.mark.parametrize("module", PURE)
def test_pure_stages_import_no_io(module: str) -> None:
    imported = _imports(module)
    assert not {name for name in imported if name.split(".")[0] in IO_MODULES or name in IO_MODULES}


@pytest.mark.parametrize("library", sorted(OWNERS))
def test_each_outside_library_is_used_by_its_adapter_only(library: str) -> None:
    users = {
        path.stem
        for path in PACKAGE.glob("*.py")
        if any(name.split(".")[0] == library for name in _imports(path.stem))
    }
    assert users <= OWNERS[library]


def test_no_module_is_past_the_size_where_it_should_be_split() -> None:
    sizes = {path.name: len(path.read_text("utf-8").splitlines()) for path in PACKAGE.glob("*.py")}
    assert max(sizes.values()) <= 450, sizes
