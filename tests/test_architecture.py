"""The folder is the flowchart: layers import downwards only, adapters own the outside world."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"

# Bottom to top. A package may import itself and the packages before it, never one after:
# the data flows source -> segments -> catalogs (<-> exchange files for CAT tools)
# -> translated document -> outputs -> checks -> site; the project layer reads and writes
# the project's files with all of them; the commands compose the layers below; the command
# line prints.
LAYERS = [
    "core",
    "adapters",
    "extract",
    "catalogs",
    "exchange",
    "translate",
    "render",
    "checks",
    "site",
    "project",
    "commands",
    "cli",
]
TOP_LEVEL = {"__init__", "__main__"}  # the package itself: version, and ``python -m``

# Stages that take values and return values: tested without files, subprocesses or renderers.
PURE = ["extract/segments", "extract/chunks", "catalogs/model", "catalogs/fuzzy",
        "catalogs/importing", "catalogs/poformat", "catalogs/linebreak", "catalogs/syntax",
        "catalogs/pogrammar", "exchange/inline", "exchange/xliff", "exchange/xliff_read",
        "exchange/applying", "translate/document", "translate/pseudo", "translate/protect",
        "translate/isolate", "checks/entries", "checks/plurals", "checks/quality", "checks/gate",
        "checks/characters", "render/imprint", "render/bookast",
        "core/findings", "core/languages", "core/untrusted", "checks/termbase", "catalogs/memory",
        "checks/terminology", "checks/numbers", "checks/reading_order",
        "checks/textsearch", "extract/faithful"]  # fmt: skip
IO_MODULES = {"subprocess", "pypandoc", "weasyprint", "shutil", "tempfile", "os", "zipfile",
              "urllib.request", "pathlib", "fcntl"}  # fmt: skip
# Only these adapters may import the libraries that reach outside the process.
OWNERS = {
    "pypandoc": {"adapters/pandoc"},
    "weasyprint": {"render/linefit", "render/pdf", "render/pdfhooks", "render/textlayer"},
    "pikepdf": {"render/pdfua", "adapters/pdfread"},
    "pypdfium2": {"adapters/pdfread"},
    "pypdf": set(),
    "polib": {"catalogs/pofile", "catalogs/poformat"},
    "lxml": {"exchange/xliff", "exchange/xliff_read", "exchange/xliff12", "exchange/xliff12_read"},
}


def _modules() -> list[str]:
    return sorted(
        path.relative_to(PACKAGE).with_suffix("").as_posix() for path in PACKAGE.rglob("*.py")
    )


def _imports(module: str, text: str | None = None) -> set[str]:
    tree = ast.parse(text if text is not None else (PACKAGE / f"{module}.py").read_text("utf-8"))
    package = ["pipeline", *module.split("/")[:-1]]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the module's own package
                base = ".".join([*package[: len(package) - node.level + 1], base]).rstrip(".")
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def _layer(module: str) -> str:
    return module.split("/")[0]


def _pipeline_targets(module: str, text: str | None = None) -> set[str]:
    """The pipeline modules and packages ``module`` imports, as paths like ``catalogs/model``."""
    known = set(_modules())
    targets = set()
    for name in _imports(module, text):
        parts = name.split(".")
        if parts[0] != "pipeline" or len(parts) == 1:
            continue
        path = "/".join(parts[1:])
        # "pipeline.catalogs.model.Entry" names a module plus an attribute: keep the module.
        while path and path not in known and f"{path}/__init__" not in known:
            path = path.rpartition("/")[0]
        if path:
            targets.add(path)
    return targets


def test_every_module_belongs_to_a_layer() -> None:
    layers = {_layer(module) for module in _modules()} - TOP_LEVEL
    assert layers <= set(LAYERS), layers - set(LAYERS)


def _upward(module: str, text: str | None = None) -> set[str]:
    """What ``module`` imports from layers above its own."""
    rank = LAYERS.index(_layer(module))
    return {
        target
        for target in _pipeline_targets(module, text)
        if _layer(target) not in TOP_LEVEL and LAYERS.index(_layer(target)) > rank
    }


@pytest.mark.parametrize("module", [m for m in _modules() if _layer(m) not in TOP_LEVEL])
def test_imports_run_down_the_layers_only(module: str) -> None:
    upward = _upward(module)
    assert not upward, f"{module} imports from a layer above it: {sorted(upward)}"


@pytest.mark.parametrize("module", [m for m in _modules() if _layer(m) == "commands"])
def test_no_command_imports_another_command(module: str) -> None:
    others = {t for t in _pipeline_targets(module) if _layer(t) == "commands" and t != module}
    assert not others, f"{module} imports {sorted(others)}: share it through a lower layer"


@pytest.mark.parametrize(
    ("module", "text", "upward"),
    [
        ("extract/segments", "from pipeline.commands.build import build\n", {"commands/build"}),
        ("checks/gate", "from ..project import state\n", {"project", "project/state"}),
        ("catalogs/model", "import pipeline.render.ui\n", {"render/ui"}),
        ("site/index", "from pipeline import commands\n", {"commands"}),
        ("render/page", "from pipeline.catalogs.model import Entry\n", set()),
        ("commands/build", "from pipeline.project.state import BuildState\n", set()),
    ],
)
def test_the_layering_check_sees_every_spelling_of_an_arrow(
    module: str, text: str, upward: set[str]
) -> None:
    assert _upward(module, text) == upward


@pytest.mark.parametrize("module", PURE)
def test_pure_stages_import_no_io(module: str) -> None:
    imported = _imports(module)
    assert not {name for name in imported if name.split(".")[0] in IO_MODULES or name in IO_MODULES}


@pytest.mark.parametrize("library", sorted(OWNERS))
def test_each_outside_library_is_used_by_its_adapter_only(library: str) -> None:
    users = {
        module
        for module in _modules()
        if any(name.split(".")[0] == library for name in _imports(module))
    }
    assert users <= OWNERS[library]


def test_no_module_is_past_the_size_where_it_should_be_split() -> None:
    sizes = {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text("utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert max(sizes.values()) <= 450, sizes
