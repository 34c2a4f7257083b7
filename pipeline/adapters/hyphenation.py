"""Hyphenation patterns for the PDF renderer: Pyphen's own, else TeX's hyph-utf8.

WeasyPrint hyphenates ``hyphens: auto`` text with Pyphen, which looks a language up in
``pyphen.LANGUAGES``. Pyphen ships LibreOffice's dictionaries, which lack Finnish,
Irish and Turkish among others; TeX's hyph-utf8 patterns (Debian's
``texlive-lang-european`` and its siblings) have them as plain text. This adapter
converts those to Pyphen's ``.dic`` format once, in the project's cache, and registers
the result with Pyphen in the process that renders. A language neither source covers
is reported, once per build, by :func:`missing_note`. Patterns no source has (Maltese)
are written for this project and ship in the package's ``patterns`` folder, in
hyph-utf8's format; an installed TeX file of the same name comes first.

Stage contract: ``register(tag, cache_dir)`` before rendering a PDF in language
``tag``; it returns the dictionary used (``None``: none) and writes only below
``cache_dir``.
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import cache
from pathlib import Path

import pyphen
from babel.core import get_global

from pipeline.adapters import files

# Where TeX Live installs hyph-utf8's plain-text patterns; PIPELINE_TEX_PATTERNS adds
# folders in front (os.pathsep-separated).
TEX_PATTERN_DIRS = (
    Path("/usr/share/texlive/texmf-dist/tex/generic/hyph-utf8/patterns/txt"),
    Path("/usr/share/texmf/tex/generic/hyph-utf8/patterns/txt"),
)

# The project's own patterns, for languages hyph-utf8 lacks: searched last.
BUNDLED_PATTERNS = Path(__file__).with_name("patterns")

# hyph-utf8 names a few languages by variant: the one a page tagged with the plain
# language means (modern monotonic Greek, reformed German, Serbian Cyrillic).
_TEX_NAMES = {
    "el": "el-monoton",
    "de": "de-1996",
    "de-ch": "de-ch-1901",
    "en": "en-gb",
    "mn": "mn-cyrl",
    "sr": "sr-cyrl",
    "sr-latn": "sh-latn",
    "sr-cyrl": "sr-cyrl",
}

# Scripts written without hyphenation: their lines break between words or characters,
# so a language without patterns gets no note. Devanagari (Hindi, Nepali) is set
# unhyphenated in print; a dictionary that exists (Pyphen's Marathi) is still used.
_UNHYPHENATED_SCRIPTS = {
    "Arab", "Hebr", "Hani", "Hans", "Hant", "Jpan", "Kore", "Hira", "Kana", "Khmr",
    "Laoo", "Mymr", "Tibt", "Thaa", "Syrc", "Nkoo", "Deva",
}  # fmt: skip


_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def _candidates(tag: str) -> list[str]:
    """``sr-Latn-RS`` -> ``sr-latn-rs``, ``sr-latn``, ``sr``: the tag, then shorter."""
    if not _TAG.fullmatch(tag):  # never a path: a tag names a file below
        return []
    parts = tag.replace("_", "-").lower().split("-")
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]


def _pattern_dirs() -> list[Path]:
    extra = [Path(p) for p in os.environ.get("PIPELINE_TEX_PATTERNS", "").split(os.pathsep) if p]
    return [*extra, *TEX_PATTERN_DIRS, BUNDLED_PATTERNS]


def tex_patterns(tag: str) -> Path | None:
    """hyph-utf8's ``hyph-NAME.pat.txt`` for ``tag``, if one is installed."""
    for candidate in _candidates(tag):
        name = _TEX_NAMES.get(candidate, candidate)
        for folder in _pattern_dirs():
            path = folder / f"hyph-{name}.pat.txt"
            if path.is_file():
                return path
    return None


def pyphen_has(tag: str) -> bool:
    """Whether Pyphen itself has patterns for ``tag`` (or a language it falls back to)."""
    return pyphen.language_fallback(tag.replace("-", "_")) is not None


def tex_to_dic(patterns: str, exceptions: str = "") -> str:
    """hyph-utf8 patterns and hyphenation exceptions as a Hunspell-style ``.dic`` text.

    Patterns are copied as they are (one a line; blanks and comments dropped). Each
    exception (``ta-ble``; a word without hyphens is never broken) becomes a pattern
    that outweighs every other: 9 (odd: break) at its hyphens, 8 (even: no break)
    between its other letters, anchored at both word ends.
    """
    lines = ["UTF-8"]
    lines += _entries(patterns)
    for raw in _entries(exceptions):
        pieces = [piece for piece in raw.lower().split("-") if piece]
        lines.append("." + "9".join("8".join(piece) for piece in pieces) + ".")
    return "\n".join(lines) + "\n"


def _entries(text: str) -> list[str]:
    """The whitespace-separated entries of a hyph-utf8 file, without ``%`` comments."""
    return [w for line in text.splitlines() for w in line.split("%", 1)[0].split()]


def _dic_for(source: Path, cache_dir: Path) -> Path:
    """The ``.dic`` converted from ``source`` (and its exceptions), made once."""
    exceptions_path = source.with_name(source.name.replace(".pat.txt", ".hyp.txt"))
    patterns = source.read_text("utf-8")
    exceptions = exceptions_path.read_text("utf-8") if exceptions_path.is_file() else ""
    text = tex_to_dic(patterns, exceptions)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    name = source.name.removesuffix(".pat.txt")
    target = cache_dir / "hyphenation" / f"{name}-{digest}.dic"
    if not target.is_file():
        files.write_atomic(target, text.encode("utf-8"))
    return target


def register(tag: str, cache_dir: Path) -> Path | None:
    """Make patterns for ``tag`` available to Pyphen (and so WeasyPrint) in this process."""
    if pyphen_has(tag):
        return Path(str(pyphen.LANGUAGES[pyphen.language_fallback(tag.replace("-", "_"))]))
    source = tex_patterns(tag)
    if source is None:
        return None
    path = _dic_for(source, cache_dir)
    for name in {_candidates(tag)[-1], tag.replace("-", "_")}:
        pyphen.LANGUAGES[name] = path
        pyphen.LANGUAGES_LOWERCASE[name.lower()] = name
    return path


@cache
def hyphenated_script(tag: str) -> bool:
    """Whether text in ``tag``'s script is hyphenated at all (Arabic, Chinese: no)."""
    likely = get_global("likely_subtags")
    parts = tag.replace("-", "_").split("_")
    script = next((p for p in parts[1:] if len(p) == 4), None)
    if script is None:
        full = likely.get(parts[0].lower(), "")
        script = next((p for p in full.split("_")[1:] if len(p) == 4), None)
    return script not in _UNHYPHENATED_SCRIPTS


def missing_note(tag: str) -> str | None:
    """Why ``tag``'s PDF lines break only between words, or ``None`` if they need not."""
    if not hyphenated_script(tag) or pyphen_has(tag) or tex_patterns(tag) is not None:
        return None
    return (
        f"no hyphenation patterns for {tag!r}: its PDF breaks lines only between words"
        " (install TeX Live's patterns for it, e.g. Debian's texlive-lang-* packages)"
    )


def fingerprint() -> list[str]:
    """What the installed TeX patterns and the bundled ones are, for the outputs' fingerprints.

    Installed files are named by size; the bundled ones, which change with the code,
    by a hash of their content.
    """
    found = []
    for folder in _pattern_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("hyph-*.txt")):
            if folder == BUNDLED_PATTERNS:
                found.append(f"{path.name}:{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}")
            else:
                found.append(f"{path.name}:{path.stat().st_size}")
    return found
