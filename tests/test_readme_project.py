"""The README's "Your own project" section, followed as written on a new project: every
``python -m pipeline`` and ``cd`` line of its shell blocks, in order, with the
translator's and the author's work done between them."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import nox.registry
import polib
import pytest

from pipeline.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"


def _section_commands() -> list[list[str]]:
    text = README.read_text("utf-8")
    section = text.split("\n## Your own project\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    lines = [line.split("#", 1)[0].strip() for block in blocks for line in block.splitlines()]
    return [shlex.split(line) for line in lines if line]


def _translate(folder: Path) -> None:
    """What a translator does in a PO editor: every message of every German catalog."""
    for path in sorted(folder.glob("*.po")):
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = f"DE {entry.msgid}"
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        catalog.save(str(path))


def test_the_readme_section_takes_a_new_project_from_start_to_published(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = _section_commands()
    assert len(commands) >= 9
    monkeypatch.chdir(tmp_path)
    extracted = 0
    seen: list[str] = []
    for command in commands:
        if command[0] == "cd":
            monkeypatch.chdir(Path.cwd() / command[1])
            continue
        assert command[:3] == ["python", "-m", "pipeline"], command
        args = command[3:]
        if args[0] == "extract":
            extracted += 1
            if extracted == 2:  # the author changes the source
                source = Path("source/document.md")
                source.write_text(source.read_text("utf-8") + "\nA new paragraph.\n", "utf-8")
        status = main(args)
        out = capsys.readouterr().out
        assert status == 0, (args, out)
        seen.append(args[0])
        if args[0] == "init":
            _translate(Path("locales") / args[1] / "LC_MESSAGES")
        if args[0] == "build":
            assert "published document [de]: html, epub, pdf" in out
            assert "DE Introduction" in Path("outputs/de/document.html").read_text("utf-8")
        if args[0] == "update":
            catalog = polib.pofile("locales/de/LC_MESSAGES/document.po")
            assert [entry.msgid for entry in catalog.untranslated_entries()] == ["A new paragraph."]
            assert catalog.find("Introduction").msgstr == "DE Introduction"
    assert {"new", "extract", "init", "xliff", "stats", "build", "check", "update"} <= set(seen)


def _noxfile(monkeypatch: pytest.MonkeyPatch, root: str | None) -> object:
    import importlib.util

    if root is None:
        monkeypatch.delenv("PIPELINE_ROOT", raising=False)
    else:
        monkeypatch.setenv("PIPELINE_ROOT", root)
    monkeypatch.chdir(README.parent)
    monkeypatch.setattr(nox.registry, "_REGISTRY", {})  # the sessions of this load only
    spec = importlib.util.spec_from_file_location(
        "noxfile_under_test", README.parent / "noxfile.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_nox_sessions_take_a_project_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    noxfile = _noxfile(monkeypatch, None)
    split = noxfile._split_root  # type: ignore[attr-defined]
    assert split(["--root", "../p", "de", "fr"]) == (["--root", "../p"], ["de", "fr"])
    assert split(["de", "--root=../p"]) == (["--root", "../p"], ["de"])
    assert split(["de"]) == ([], ["de"])
    # build-language: one session per language of the project PIPELINE_ROOT names.
    assert noxfile._project_languages()[:2] == ["en", "bg"]  # type: ignore[attr-defined]
    monkeypatch.setenv("PIPELINE_ROOT", "/elsewhere")
    assert split(["de"]) == (["--root", "/elsewhere"], ["de"])
    assert split(["--root", "x"]) == (["--root", "x"], [])
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pipeline]\nsource-language = "de"\nlanguages = ["fr", "pt-BR"]\n', "utf-8"
    )
    monkeypatch.setenv("PIPELINE_ROOT", str(tmp_path))
    assert noxfile._project_languages() == ["de", "fr", "pt-BR"]  # type: ignore[attr-defined]
    (tmp_path / "pyproject.toml").write_text("[tool.pipline]\n", "utf-8")
    assert noxfile._project_languages() == ["en"]  # type: ignore[attr-defined]
    # every command has a session of the same name
    sessions = set(nox.registry.get())
    for command in ("new", "extract", "init", "update", "import", "rename", "stats", "xliff"):
        assert command in sessions
    assert {"check", "build", "site", "pseudo", "build-language"} <= sessions
