"""Built outputs -> findings: text completeness, fonts, language tags, whole addresses
and identifiers, EPUBCheck.

Reads the published files (and runs EPUBCheck when it is installed). A finding here
means a reader would see something wrong even though the catalog is right.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from pipeline.core.findings import ERROR, INFO, Finding
from pipeline.core.languages import Language
from pipeline.extract.segments import plain_text
from pipeline.translate.protect import tokens

# The findings on built files that keep a language from being published.
OUTPUT_CODES = frozenset({"html-lang", "font-coverage", "output-text", "protected-text"})
_NOT_TEXT = re.compile(r"[\W_]+", re.UNICODE)


def squeeze(text: str) -> str:
    """Letters and digits only: hyphenation, line breaks and spacing cannot differ."""
    return _NOT_TEXT.sub("", text).casefold()


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0
        self.html_attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.html_attrs = dict(attrs)
        if tag in ("style", "script"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_text(markup: str) -> tuple[str, dict[str, str | None]]:
    parser = _TextParser()
    parser.feed(markup)
    return "".join(parser.parts), parser.html_attrs


def epub_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        names = sorted(name for name in archive.namelist() if name.endswith(".xhtml"))
        return " ".join(html_text(archive.read(name).decode("utf-8"))[0] for name in names)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def visible_texts(translations: Iterable[list[dict[str, Any]] | None]) -> list[str]:
    """The plain text of each parsed translation that is shown as one paragraph."""
    texts = []
    for blocks in translations:
        if blocks and len(blocks) == 1 and blocks[0]["t"] in ("Para", "Plain"):
            text = plain_text(blocks[0]["c"])
            if text.strip():
                texts.append(text)
    return texts


def missing_texts(messages: Iterable[str], text: str) -> list[str]:
    haystack = squeeze(text)
    return [message for message in messages if squeeze(message) not in haystack]


def _whole(token: str) -> re.Pattern[str]:
    """``token`` with a line break allowed between its characters, except after a hyphen.

    A line that ends at a hyphen loses it in pdftotext and the viewers built on poppler,
    which take it for hyphenation; an inserted hyphen (U+2010) never matches.
    """
    head = "".join(re.escape(ch) + ("" if ch == "-" else r"\s*") for ch in token[:-1])
    return re.compile(head + re.escape(token[-1]))


def broken_tokens(messages: Iterable[str], text: str) -> list[str]:
    """The addresses, URLs, handles and identifiers of ``messages`` not whole in ``text``."""
    broken: list[str] = []
    for message in messages:
        for token in tokens(message):
            if token not in broken and not _whole(token).search(text):
                broken.append(token)
    return broken


@cache
def covered_characters(font_file: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(font_file, lazy=True) as font:
        return frozenset(font.getBestCmap())


def uncovered(text: str, fonts: Iterable[Path]) -> set[str]:
    codepoints: set[int] = set()
    for font in fonts:
        codepoints |= covered_characters(font)
    return {
        ch for ch in set(text) if not ch.isspace() and ord(ch) not in codepoints and ord(ch) >= 32
    }


def check_outputs(
    outputs: dict[str, Path],
    messages: list[str],
    language: Language,
    fonts: list[Path],
    shown: dict[str, str],
) -> list[Finding]:
    """Check one language's published files against its translated message texts."""
    findings: list[Finding] = []
    for fmt, path in outputs.items():
        where = shown[fmt]
        if fmt == "html":
            text, attrs = html_text(path.read_text("utf-8"))
            if attrs.get("lang") != language.tag or attrs.get("dir") != language.direction:
                findings.append(
                    Finding(
                        where,
                        0,
                        ERROR,
                        "html-lang",
                        f"<html> has lang={attrs.get('lang')!r} dir={attrs.get('dir')!r}; "
                        f"expected {language.tag!r} and {language.direction!r}",
                    )
                )
        elif fmt == "epub":
            text = epub_text(path)
        else:
            text = pdf_text(path)
            for ch in sorted(uncovered(text, fonts)):
                findings.append(
                    Finding(
                        where,
                        0,
                        ERROR,
                        "font-coverage",
                        f"character {ch!r} (U+{ord(ch):04X}) is not in the embedded typeface",
                    )
                )
            for token in broken_tokens(messages, text):
                findings.append(
                    Finding(
                        where,
                        0,
                        ERROR,
                        "protected-text",
                        f"{token!r} is hyphenated or broken at its own hyphen in the PDF's text",
                    )
                )
        for message in missing_texts(messages, text):
            findings.append(
                Finding(
                    where,
                    0,
                    ERROR,
                    "output-text",
                    f"translated text missing from the output: {message[:60]!r}",
                )
            )
    return findings


def epubcheck_command() -> list[str] | None:
    """How to run EPUBCheck here, if it is installed (Debian installs it as a bare jar)."""
    tool = shutil.which("epubcheck")
    if tool is None:
        return None
    if Path(tool).resolve().suffix == ".jar":
        java = shutil.which("java")
        # Client compiler and serial GC: EPUBCheck runs in half the time of a default JVM.
        fast = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
        return [java, *fast, "-jar", str(Path(tool).resolve())] if java else None
    return [tool]


def epubcheck_messages(path: Path) -> list[str] | None:
    """EPUBCheck's error lines for ``path`` ([] when valid; None when not installed)."""
    command = epubcheck_command()
    if command is None:
        return None
    result = subprocess.run(
        [*command, "--quiet", str(path)], capture_output=True, text=True, check=False
    )
    if result.returncode == 0:
        return []
    lines = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if line.startswith(("ERROR", "FATAL"))
    ]
    return lines or ["EPUBCheck failed"]


def epubcheck_all(paths: list[Path], cache: dict[str, list[str]]) -> dict[Path, list[str] | None]:
    """EPUBCheck every file, two at a time, reusing results for files already checked.

    EPUBCheck spends seconds starting Java: ``cache`` maps a file's SHA-256 to its
    result, so an EPUB that did not change is not checked again.
    """
    digests = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}
    todo = [path for path in paths if digests[path] not in cache]
    with ThreadPoolExecutor(max_workers=2) as pool:
        for path, messages in zip(todo, pool.map(epubcheck_messages, todo), strict=True):
            if messages is not None:
                cache[digests[path]] = messages
    results: dict[Path, list[str] | None] = {}
    for path in paths:
        results[path] = cache.get(digests[path])
    return results


def epubcheck_findings(messages: list[str] | None, where: str) -> list[Finding]:
    if messages is None:
        note = "EPUBCheck is not installed; EPUB not validated"
        return [Finding(where, 0, INFO, "epubcheck", note)]
    return [Finding(where, 0, ERROR, "epubcheck", line) for line in messages]
