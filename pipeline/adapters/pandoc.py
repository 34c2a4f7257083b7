"""Adapter for pandoc: the only module that runs it.

The binary comes with the ``pypandoc-binary`` package, so a fresh machine needs no
system pandoc; it is run directly (pypandoc's own wrapper starts pandoc twice more
per conversion, to list its formats).

Every function makes exactly one pandoc call, whatever the number of messages:
messages travel in one document, separated by a marker paragraph, and are split
apart again here.

Every call has a time limit (:func:`time_limit`), and pandoc's JSON is measured before
it is decoded: translations are untrusted, and pandoc's Markdown reader can take hours
on a few hundred bytes (see :mod:`pipeline.core.untrusted`). Translations that the
cheap guard refuses never reach pandoc; a batch that still overruns is split in halves
until the message at fault is found, so the others are read.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import signal
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from pipeline.core.errors import PipelineError
from pipeline.core.untrusted import MAX_JSON_DEPTH, json_depth, markdown_problem

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
# The second reading of a translation whose source message has attributes, spans or raw
# inlines of its own: whatever markup it finds is used only if the source has it
# exactly (translate/owned.py); blocks, divs and headings stay off.
MARKUP_FORMAT = (
    "markdown-native_divs-fenced_divs-header_attributes-fenced_code_attributes"
    "-yaml_metadata_block-markdown_in_html_blocks"
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


class TooComplex(PipelineError):
    """pandoc's input took too long to read, or its AST nests too deeply to decode."""


class Failed(PipelineError):
    """pandoc ended with an error; ``reason`` is what it printed."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"pandoc failed: {reason}")
        self.reason = reason


# Seconds a pandoc call may take, per started 100 kB of input: far above what any call
# needs (the repository's largest takes a tenth of a second), so only a runaway reaches it.
TIMEOUT_VARIABLE = "PIPELINE_PANDOC_TIMEOUT"
DEFAULT_TIMEOUT = 30.0


def time_limit(size: int) -> float:
    """The time limit of a pandoc call reading ``size`` bytes, in seconds."""
    try:
        base = float(os.environ.get(TIMEOUT_VARIABLE, DEFAULT_TIMEOUT))
    except ValueError:
        base = DEFAULT_TIMEOUT
    return max(base, 0.1) * (1 + size // 100_000)


def run(args: list[str], text: str) -> str:
    """Run pandoc once with ``text`` on standard input; its standard output.

    pandoc runs in a process group of its own, killed whole when it overruns its time
    limit (or when this process is interrupted), so no reader is left running.
    """
    data = text.encode("utf-8")
    limit = time_limit(len(data))
    process = subprocess.Popen(
        [executable(), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(data, timeout=limit)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise TooComplex(f"pandoc did not finish within {limit:.0f} s and was stopped") from None
    except BaseException:
        _kill(process)
        raise
    if process.returncode != 0:
        raise Failed(stderr.decode("utf-8", "replace").strip())
    return stdout.decode("utf-8")


def _kill(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def _loads(text: str) -> Ast:
    """pandoc's JSON, decoded only when it nests no deeper than Python reads it."""
    depth = json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise TooComplex(
            f"markup nested {depth} levels deep (emphasis in emphasis, lists in lists); "
            f"at most {MAX_JSON_DEPTH} are read"
        )
    ast: Ast = json.loads(text)
    return ast


def _json(ast: Ast) -> str:
    """The AST as pandoc reads it: UTF-8 as it is (escaping every non-ASCII character
    makes the encoder several times slower) and no spaces between tokens."""
    return json.dumps(ast, ensure_ascii=False, separators=(",", ":"))


def _convert(text: str, to: str, source: str, extra: list[str] | None = None) -> str:
    return run(["--from", source, "--to", to, *(extra or [])], text)


def read_source(text: str, quiet: bool = False) -> Ast:
    """Parse a source document (Pandoc Markdown) into its JSON AST."""
    return _loads(_convert(text, "json", SOURCE_FORMAT, ["--quiet"] if quiet else []))


def write_inlines(batch: list[Inlines], version: list[int] | None = None) -> list[str]:
    """Write each inline list as one line of Pandoc Markdown (one pandoc call; for a long
    document, one per core, at the same time: each line is written on its own).

    ``version`` is the AST version of the inlines, that of the document they come from
    (when not given, pandoc is asked for it).

    Blank inline lists (nothing, or only spaces and breaks) are written as "" without
    pandoc: it writes no paragraph for them, so nothing would stand between two markers.
    """
    wanted = [index for index, inlines in enumerate(batch) if not blank(inlines)]
    written = [""] * len(batch)
    if not wanted:
        return written
    paragraphs = [_json({"t": "Para", "c": batch[index]}) for index in wanted]
    parts = _parts(paragraphs, os.cpu_count() or 1)
    document = _document_start(version or api_version())
    if len(parts) == 1:
        texts = [_write_paragraphs(document, paragraphs)]
    else:
        with ThreadPoolExecutor(max_workers=len(parts)) as pool:
            runs = [paragraphs[start:end] for start, end in parts]
            texts = list(pool.map(_write_paragraphs, [document] * len(runs), runs))
    lines = [line for text in texts for line in text]
    for index, line in zip(wanted, lines, strict=True):
        written[index] = line
    return written


_PART_CHARACTERS = 250_000  # of JSON: below this, a second pandoc costs more than it saves


def _parts(paragraphs: list[str], cores: int) -> list[tuple[int, int]]:
    """(start, end) of runs of ``paragraphs`` of about equal length, at most ``cores``."""
    return even_runs([len(paragraph) for paragraph in paragraphs], cores, _PART_CHARACTERS)


def even_runs(sizes: Sequence[int], workers: int, smallest: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive runs of ``sizes`` of about equal total, one for each
    pandoc run side by side: at most ``workers`` of them, and fewer where a run would
    total less than ``smallest`` (below which another pandoc costs more than it saves)."""
    total = sum(sizes)
    count = max(1, min(workers, total // max(smallest, 1), len(sizes)))
    bounds, done = [0], 0
    for index, size in enumerate(sizes):
        done += size
        if len(bounds) < count and done * count >= total * len(bounds):
            bounds.append(index + 1)
    bounds.append(len(sizes))
    return [(start, end) for start, end in pairwise(bounds) if end > start]


def _document_start(version: list[int]) -> str:
    """The JSON of a document of AST ``version`` up to its first block."""
    written = json.dumps(version, separators=(",", ":"))
    return f'{{"pandoc-api-version":{written},"meta":{{}},"blocks":['


def _write_paragraphs(document: str, paragraphs: list[str]) -> list[str]:
    """Each paragraph (pandoc's JSON of a Para) as one line of Markdown; ``document`` is
    the JSON that comes before the blocks."""
    marker = _json(_MARKER_BLOCK)
    blocks = ",".join(f"{paragraph},{marker}" for paragraph in paragraphs)
    payload = f"{document}{blocks}]}}"
    hold = _HELD_DOUBLE not in payload and _HELD_SINGLE not in payload
    if hold:
        payload = _STR_NODE.sub(_held, payload)
    text = _convert(payload, "markdown-smart", "json", _WRITE_ARGS)
    if hold:
        text = text.replace(_HELD_DOUBLE, '\\"').replace(_HELD_SINGLE, "\\'")
    # Each marker is a line of its own; the last one ends the document.
    parts = [part.strip("\n") for part in _MARKER_LINE.split(text)[:-1]]
    if len(parts) != len(paragraphs):
        raise PipelineError(f"pandoc wrote {len(parts)} messages for {len(paragraphs)}")
    return parts


# Messages are read with smart quotes, so a straight quote of the text (one its author
# escaped) must be written escaped: it is held as a private-use character through the
# writer, which would write it bare, and written back as ``\"`` or ``\'``.
_HELD_DOUBLE, _HELD_SINGLE = "\U000f0022", "\U000f0027"


# A Str node as _json writes it, with a straight quote in its text (a few in a document
# of tens of thousands: the lookahead finds them without a call for every other node); a
# Code's text, a link's target or an attribute is never one. A text that holds a
# stand-in already (never a real one) keeps its quotes bare.
_STR_NODE = re.compile(
    r'\{"t":"Str","c":"(?=[^"\\\']*(?:\\[^"][^"\\\']*)*(?:\'|\\"))([^"\\]*(?:\\.[^"\\]*)*)"\}'
)


def _held(match: re.Match[str]) -> str:
    text = match[1].replace('\\"', _HELD_DOUBLE).replace("'", _HELD_SINGLE)
    return f'{{"t":"Str","c":"{text}"}}'


_MARKER_LINE = re.compile(f"^{MARKER}$", re.MULTILINE)
_BLANK_INLINES = frozenset(("Space", "SoftBreak", "LineBreak"))


def blank(inlines: Inlines) -> bool:
    """Whether ``inlines`` hold no text at all (an empty heading, an empty line of a
    line block, an empty title)."""
    return all(node["t"] in _BLANK_INLINES or node == {"t": "Str", "c": ""} for node in inlines)


@dataclass(frozen=True)
class Refused:
    """A translation not read: pandoc would take too long, or its AST is too deep."""

    reason: str


Reading = list[dict[str, Any]] | Refused | None


def read_translations(texts: list[str], markup: bool = False) -> list[Reading]:
    """Parse each translation as restricted Markdown (one pandoc call).

    ``markup``: read attributes, spans and raw inlines too (:data:`MARKUP_FORMAT`),
    for a caller that keeps only the source's own.

    Each text is read as the continuation of a line that starts with a marker word,
    so that no translation can open a heading, list or block quote however it begins
    ("2022. gada oktobris" is a date, not a numbered list). Returns, for each text,
    the blocks it parsed to (marker removed), ``None`` when it could not be split
    back unambiguously, or :class:`Refused` when it was not read (the caller reports
    both).
    """
    results: list[Reading] = [None] * len(texts)
    readable = []
    for index, text in enumerate(texts):
        problem = markdown_problem(text)
        if problem is None:
            readable.append(index)
        else:
            results[index] = Refused(problem)
    fmt = MARKUP_FORMAT if markup else TRANSLATION_FORMAT
    batch = _read_batch([texts[i] for i in readable], fmt)
    for index, reading in zip(readable, batch, strict=True):
        results[index] = reading
    return results


def _read_batch(texts: list[str], fmt: str) -> list[Reading]:
    if not texts:
        return []
    joined = "".join(f"{LEAD} {text}\n\n{MARKER}\n\n" for text in texts)
    try:
        groups = split_blocks(_read_restricted(joined, fmt))
    except TooComplex as error:
        if len(texts) == 1:
            return [Refused(error.message)]
        middle = len(texts) // 2  # find the message at fault; read all the others
        return _read_batch(texts[:middle], fmt) + _read_batch(texts[middle:], fmt)
    if len(groups) == len(texts):
        return [_strip_lead(group) for group in groups]
    if len(texts) == 1:
        return [None]
    # One text swallowed the markers (an unclosed code fence, say): parse each on its
    # own so that only the broken ones fail. Hostile input only; never the normal path.
    return [reading for text in texts for reading in _read_batch([text], fmt)]


def usable(reading: Reading) -> list[dict[str, Any]] | None:
    """The blocks of a reading, or None when there are none to use."""
    return None if isinstance(reading, Refused) else reading


LEAD = "PIPELINEMESSAGESTARTq7x"


def _strip_lead(blocks: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    if not blocks or blocks[0]["t"] != "Para" or blocks[0]["c"][:1] != [{"t": "Str", "c": LEAD}]:
        return None
    inlines = blocks[0]["c"][1:]
    if inlines and inlines[0]["t"] in ("Space", "SoftBreak"):
        inlines = inlines[1:]
    return [{"t": "Para", "c": inlines}, *blocks[1:]]


def _read_restricted(text: str, fmt: str) -> list[dict[str, Any]]:
    ast = _loads(_convert(text, "json", fmt))
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

    Section headings move one level down: the page's title is its only ``h1``. A sixth
    level heading becomes the seventh, which HTML has no element for: pandoc writes a
    paragraph, marked here as a heading of level 7 for assistive technology.
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
    return {
        name: part.strip().replace(_LEVEL_7, _LEVEL_7_HEADING)
        for name, part in zip(HTML_PARTS, parts, strict=True)
    }


_LEVEL_7 = '<p class="heading">'
_LEVEL_7_HEADING = '<p class="heading" role="heading" aria-level="7">'


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
