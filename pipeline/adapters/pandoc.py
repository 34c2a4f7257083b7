"""Adapter for pandoc: the only module that runs it.

The binary comes with the ``pypandoc-binary`` package, so a fresh machine needs no
system pandoc; it is run directly (pypandoc's own wrapper starts pandoc twice more
per conversion, to list its formats).

Every function makes exactly one pandoc call, whatever the number of messages:
messages travel in one document, separated by a marker paragraph, and are split
apart again here.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.core.errors import PipelineError

Ast = dict[str, Any]
Inlines = list[dict[str, Any]]

# A paragraph holding only this word separates messages in batched calls. Letters
# and digits only, so no writer escapes it.
MARKER = "PIPELINEMESSAGEBREAKq7x"
_MARKER_BLOCK = {"t": "Para", "c": [{"t": "Str", "c": MARKER}]}

# The source is trusted as the editor wrote it; translations are not. Everything
# that lets text become markup or attributes is switched off when reading them.
SOURCE_FORMAT = "markdown"
TRANSLATION_FORMAT = (
    "markdown-raw_html-raw_tex-raw_attribute-native_divs-native_spans-fenced_divs"
    "-bracketed_spans-link_attributes-header_attributes-inline_code_attributes"
    "-fenced_code_attributes-yaml_metadata_block-markdown_in_html_blocks"
)
_WRITE_ARGS = ["--wrap=none", "--markdown-headings=atx"]
# Without "smart", typographic quotes and dashes are written as the characters they
# are (’ – …) rather than as ASCII stand-ins, so msgids show the real text.


@cache
def executable() -> str:
    """The pandoc binary shipped with pypandoc-binary.

    Found next to the package without importing it: pypandoc's own lookup runs every
    pandoc it can find to compare versions, which costs a tenth of a second per
    command, and may pick another pandoc than the one the build fingerprint records.
    Only a pypandoc without its bundled binary falls back to that lookup.
    """
    spec = importlib.util.find_spec("pypandoc")
    if spec is not None and spec.origin is not None:
        bundled = Path(spec.origin).parent / "files" / "pandoc"
        if os.access(bundled, os.X_OK):
            return str(bundled)
    import pypandoc

    return str(pypandoc.get_pandoc_path())


def run(args: list[str], text: str) -> str:
    """Run pandoc once with ``text`` on standard input; its standard output."""
    result = subprocess.run([executable(), *args], input=text.encode("utf-8"), capture_output=True)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise PipelineError(f"pandoc failed: {message}")
    return result.stdout.decode("utf-8")


def _json(ast: Ast) -> str:
    """The AST as pandoc reads it: UTF-8 as it is (escaping every non-ASCII character
    makes the encoder several times slower) and no spaces between tokens."""
    return json.dumps(ast, ensure_ascii=False, separators=(",", ":"))


def _convert(text: str, to: str, source: str, extra: list[str] | None = None) -> str:
    return run(["--from", source, "--to", to, *(extra or [])], text)


def read_source(text: str, quiet: bool = False) -> Ast:
    """Parse a source document (Pandoc Markdown) into its JSON AST."""
    ast: Ast = json.loads(_convert(text, "json", SOURCE_FORMAT, ["--quiet"] if quiet else []))
    return ast


def write_inlines(batch: list[Inlines]) -> list[str]:
    """Write each inline list as one line of Pandoc Markdown (one pandoc call)."""
    if not batch:
        return []
    blocks: list[dict[str, Any]] = []
    for inlines in batch:
        blocks += [{"t": "Para", "c": inlines}, _MARKER_BLOCK]
    doc = {"pandoc-api-version": api_version(), "meta": {}, "blocks": blocks}
    text = _convert(_json(doc), "markdown-smart", "json", _WRITE_ARGS)
    parts = text.split(f"\n\n{MARKER}\n")
    # The last marker has no blank line after it; it ends the document.
    parts = [part.strip("\n") for part in parts[:-1]]
    if len(parts) != len(batch):
        raise PipelineError(f"pandoc wrote {len(parts)} messages for {len(batch)}")
    return parts


def read_translations(texts: list[str]) -> list[list[dict[str, Any]] | None]:
    """Parse each translation as restricted Markdown (one pandoc call).

    Each text is read as the continuation of a line that starts with a marker word,
    so that no translation can open a heading, list or block quote however it begins
    ("2022. gada oktobris" is a date, not a numbered list). Returns, for each text,
    the blocks it parsed to (marker removed), or ``None`` when it could not be split
    back unambiguously (the caller reports it).
    """
    if not texts:
        return []
    joined = "".join(f"{LEAD} {text}\n\n{MARKER}\n\n" for text in texts)
    groups = split_blocks(_read_restricted(joined))
    if len(groups) == len(texts):
        return [_strip_lead(group) for group in groups]
    # One text swallowed the markers (an unclosed code fence, say): parse each on its
    # own so that only the broken ones fail. Hostile input only; never the normal path.
    results: list[list[dict[str, Any]] | None] = []
    for text in texts:
        single = split_blocks(_read_restricted(f"{LEAD} {text}\n\n{MARKER}\n\n"))
        results.append(_strip_lead(single[0]) if len(single) == 1 else None)
    return results


LEAD = "PIPELINEMESSAGESTARTq7x"


def _strip_lead(blocks: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    if not blocks or blocks[0]["t"] != "Para" or blocks[0]["c"][:1] != [{"t": "Str", "c": LEAD}]:
        return None
    inlines = blocks[0]["c"][1:]
    if inlines and inlines[0]["t"] in ("Space", "SoftBreak"):
        inlines = inlines[1:]
    return [{"t": "Para", "c": inlines}, *blocks[1:]]


def _read_restricted(text: str) -> list[dict[str, Any]]:
    ast = json.loads(_convert(text, "json", TRANSLATION_FORMAT))
    blocks: list[dict[str, Any]] = ast["blocks"]
    return blocks


def split_blocks(blocks: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    groups: list[list[dict[str, Any]]] = []
    current: list[dict[str, Any]] = []
    for block in blocks:
        if block == _MARKER_BLOCK:
            groups.append(current)
            current = []
        else:
            current.append(block)
    return groups


HTML_PARTS = ("title", "subtitle", "description", "body")
_PART_BREAK = "<!--pipeline-part-->"


def to_html_parts(ast: Ast, fragments_template: Path) -> dict[str, str]:
    """Title, subtitle, description and body as HTML5 fragments (one pandoc call).

    Section headings move one level down: the page's title is its only ``h1``.
    """
    args = [
        "--standalone",
        f"--template={fragments_template}",
        "--wrap=none",
        "--section-divs",
        "--shift-heading-level-by=1",
        "--html-q-tags",
    ]
    parts = _convert(_json(ast), "html5", "json", args).split(_PART_BREAK)
    if len(parts) != len(HTML_PARTS):
        raise PipelineError("pandoc's HTML could not be split into its parts")
    return {name: part.strip() for name, part in zip(HTML_PARTS, parts, strict=True)}


def to_epub(ast: Ast, output: Path, stylesheet: Path, extra: list[str]) -> None:
    """Write the document as EPUB 3 to ``output``."""
    # --quiet: pandoc warns that it has no translation of "Abstract" for some languages,
    # a term the book does not show.
    args = [f"--css={stylesheet}", "--split-level=1", "--wrap=none", "--quiet", *extra]
    try:
        _convert(_json(ast), "epub3", "json", [*args, f"--output={output}"])
    except PipelineError as error:
        raise PipelineError(error.message, path=str(output)) from error


@cache
def api_version() -> list[int]:
    """The AST version of the pandoc in use (asked once per process)."""
    version: list[int] = read_source("")["pandoc-api-version"]
    return version
