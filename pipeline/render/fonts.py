"""Project settings -> the typefaces a PDF may use: their files, a fontconfig
configuration that sees only them, the CSS font stack, and a coverage check.

The typefaces ship with the pipeline as pinned packages (one per script, see
``SHIPPED``), so a PDF never depends on the fonts of the machine that renders it.
A project adds its own with the ``fonts`` key. The renderer's fontconfig is pointed
at a generated configuration that accepts these files and no others; a language whose
text uses a script none of them covers is refused before anything is rendered.
"""

from __future__ import annotations

import hashlib
import importlib
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from pipeline.core.errors import PipelineError


@dataclass(frozen=True)
class Shipped:
    """One typeface the pipeline ships: for which script, from which package and folder."""

    script: str  # as a reader names it: "Arabic"
    family: str  # the family name in the font files
    package: str  # the import name of the package that ships it
    folder: str  # below the package (or, for a Debian package, the absolute folder)
    pattern: str  # the files of the family in that folder
    extra: str = ""  # the optional extra that installs it ("" for always installed)


DEBIAN_NOTO = "/usr/share/fonts/truetype/noto"

# The order is the CSS fallback order: Latin first, so that digits and punctuation in
# other scripts' text come from the main typeface.
SHIPPED = (
    Shipped("Latin, Greek, Cyrillic", "Noto Sans", "fontpkg_noto_sans", "files", "NotoSans*.ttf"),
    # Amiri, not Noto Sans Arabic: Noto draws a letter as a dotless shape and its dots, and
    # a PDF maps each glyph to one text, so its text layer reads غ as ض and ف as ن.
    Shipped("Arabic", "Amiri", "fontpkg_amiri", "files", "*.ttf"),
    Shipped(
        "Hebrew", "Noto Sans Hebrew", "justmytype_intl_rtl", "fonts/ofl/notosanshebrew", "*.ttf"
    ),
    Shipped("Devanagari", "Noto Sans Devanagari", "fontpkg_noto_sans_devanagari", "files", "*.ttf"),
    Shipped("Georgian", "Noto Sans Georgian", "", DEBIAN_NOTO, "NotoSansGeorgian-*.ttf"),
    Shipped("Armenian", "Noto Sans Armenian", "", DEBIAN_NOTO, "NotoSansArmenian-*.ttf"),
    Shipped(
        "Simplified Chinese",
        "Noto Sans SC",
        "justmytype_intl_cjk",
        "fonts/ofl/notosanssc",
        "*.ttf",
        "cjk",
    ),
    Shipped(
        "Japanese", "Noto Sans JP", "justmytype_intl_cjk", "fonts/ofl/notosansjp", "*.ttf", "cjk"
    ),
)
MAIN = SHIPPED[0]
MONOSPACE = Shipped("code", "JetBrains Mono", "fontpkg_jetbrains_mono", "files", "*.ttf")
# Han characters are drawn the way the language writes them, and punctuation a script
# shares (the Armenian full stop is also in the Georgian face) by the language's own face.
PREFERRED = {
    "ja": "Noto Sans JP",
    "zh": "Noto Sans SC",
    "hy": "Noto Sans Armenian",
    "ka": "Noto Sans Georgian",
}
# Scripts whose typefaces come with an optional extra: named in the refusal.
EXTRA_SCRIPTS = {"Han": "cjk", "Hiragana": "cjk", "Katakana": "cjk", "Bopomofo": "cjk"}


@cache
def shipped_files(typeface: Shipped) -> tuple[Path, ...]:
    """The files of ``typeface`` on this machine; none when its package is not installed."""
    if typeface.package:
        try:
            module = importlib.import_module(typeface.package)
        except ImportError:
            return ()
        folder = Path(module.__file__ or "").parent / typeface.folder
    else:
        folder = Path(typeface.folder)
    return tuple(sorted(folder.glob(typeface.pattern)))


@dataclass(frozen=True)
class Typefaces:
    """The typefaces one build may use: the shipped ones installed here, and the project's."""

    shipped: tuple[tuple[Shipped, tuple[Path, ...]], ...]
    project: tuple[tuple[str, Path], ...]  # (family, file)

    @property
    def files(self) -> tuple[Path, ...]:
        return tuple(
            [path for _face, paths in self.shipped for path in paths]
            + [path for _family, path in self.project]
        )

    @property
    def configured(self) -> tuple[Path, ...]:
        """The files the renderer's fontconfig sees: all but the main typeface, which the
        page loads itself as "Factsheet Sans" (see page.font_faces)."""
        main = {path for face, paths in self.shipped if face is MAIN for path in paths}
        return tuple(path for path in self.files if path not in main)

    def families(self, code: str) -> list[str]:
        """The CSS font stack for language ``code``, after the main typeface."""
        names = [
            face.family
            for face, paths in self.shipped
            if paths and face is not MONOSPACE and face is not MAIN
        ]
        first = PREFERRED.get(code.split("-")[0].split("_")[0])
        if first in names:
            names.remove(first)
            names.insert(0, first)
        return list(dict.fromkeys([*names, *(family for family, _path in self.project)]))

    def missing_extras(self) -> set[str]:
        return {face.extra for face, paths in self.shipped if face.extra and not paths}


def family_name(path: Path) -> str:
    """The family a font file declares (its typographic family when it has one)."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True, fontNumber=0) as font:
        names = font["name"]
        for name_id in (16, 1):
            record = names.getName(name_id, 3, 1) or names.getName(name_id, 1, 0)
            if record is not None:
                return str(record.toUnicode())
    return path.stem


def project_fonts(root: Path, paths: Sequence[str]) -> tuple[tuple[str, Path], ...]:
    """The project's own font files (the ``fonts`` setting), checked and named."""
    found: list[tuple[str, Path]] = []
    for name in paths:
        path = (root / name).resolve()
        if not path.is_relative_to(root.resolve()):
            raise PipelineError(f"fonts: {name!r} is outside the project", "pyproject.toml")
        if not path.is_file():
            raise PipelineError(f"fonts: no such font file {name!r}", "pyproject.toml")
        try:
            found.append((family_name(path), path))
        except Exception as error:  # fontTools raises many kinds for a file that is no font
            raise PipelineError(f"fonts: {name!r} is not a font file ({error})", name) from error
    return tuple(found)


def typefaces(root: Path, paths: Sequence[str]) -> Typefaces:
    shipped = tuple((face, shipped_files(face)) for face in (*SHIPPED, MONOSPACE))
    return Typefaces(shipped, project_fonts(root, paths))


def font_css(faces: Typefaces, code: str) -> str:
    """The print stylesheet's font stacks: text, then code, in the typefaces configured."""
    stack = ", ".join(f'"{name}"' for name in ["Factsheet Sans", *faces.families(code)])
    return (
        f".print {{ font-family: {stack}, sans-serif; }}\n"
        f'.print code, .print pre {{ font-family: "{MONOSPACE.family}", {stack}, monospace; }}'
    )


def fontconfig_xml(files: Iterable[Path], cache_dir: Path) -> str:
    """A fontconfig configuration that sees ``files`` and no other font on the machine."""
    paths = sorted({path.resolve() for path in files})
    folders = sorted({path.parent for path in paths})
    lines = ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">', "<fontconfig>"]
    lines += [f"  <dir>{escape(str(folder))}</dir>" for folder in folders]
    lines.append(f"  <cachedir>{escape(str(cache_dir))}</cachedir>")
    lines.append("  <selectfont>")
    lines += [
        f"    <acceptfont><glob>{escape(str(path))}</glob></acceptfont>"
        for path in paths
        if not any(ch in str(path) for ch in "*?")  # a glob that names this file alone
    ]
    lines += ["    <rejectfont><glob>*</glob></rejectfont>", "  </selectfont>", "</fontconfig>"]
    return "\n".join(lines) + "\n"


def fontconfig_file(files: Iterable[Path]) -> Path:
    """Write the configuration for ``files`` (once per set of files); return its path."""
    folder = Path(tempfile.gettempdir()) / "pipeline-fontconfig"
    folder.mkdir(exist_ok=True)
    text = fontconfig_xml(files, folder / "cache")
    path = folder / f"{hashlib.sha256(text.encode()).hexdigest()[:16]}.conf"
    if not path.is_file():
        temporary = path.with_suffix(f".{id(text)}.tmp")
        temporary.write_text(text, "utf-8")
        temporary.replace(path)
    return path


@cache
def covered(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True, fontNumber=0) as font:
        return frozenset(font.getBestCmap() or {})


def script_of(ch: str) -> str:
    from fontTools import unicodedata as scripts

    return str(scripts.script_name(scripts.script(ch)))


# Punctuation, symbols and combining marks belong to no one script: a symbol no font
# has is found in the built PDF (a .notdef glyph), not refused here.
SHARED_SCRIPTS = frozenset({"Common", "Inherited", "Unknown"})


def uncovered_scripts(text: str, files: Iterable[Path]) -> dict[str, list[str]]:
    """The letters of ``text`` no file covers, by script ("Ethiopic" -> ["ሰ", ...])."""
    codepoints: set[int] = set()
    for path in files:
        codepoints |= covered(path)
    missing: dict[str, list[str]] = {}
    for ch in sorted(set(text)):
        if ord(ch) in codepoints or unicodedata.category(ch)[0] in "CZ":
            continue
        script = script_of(ch)
        if script not in SHARED_SCRIPTS:
            missing.setdefault(script, []).append(ch)
    return missing


def require_coverage(text: str, faces: Typefaces, language: str, where: str) -> None:
    """Refuse to render ``text`` when a script in it has no configured typeface."""
    missing = uncovered_scripts(text, faces.files)
    if not missing:
        return
    script, chars = next(iter(sorted(missing.items())))
    shown = " ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in chars[:3])
    extra = EXTRA_SCRIPTS.get(script)
    if extra and extra in faces.missing_extras():
        advice = f"install the pipeline with its '{extra}' extra (pip install 'pipeline[{extra}]')"
    else:
        advice = "add a font that has it to `fonts` in [tool.pipeline]"
    others = f" (and {', '.join(sorted(missing)[1:])})" if len(missing) > 1 else ""
    raise PipelineError(
        f"the {language} text uses the {script} script{others}, which no configured font "
        f"covers: {shown}; {advice}",
        where,
    )
