"""Benchmarks: the pipeline's extraction, update and build against its tools' own time.

Every measurement runs the command line (``python -m pipeline --root DIR ...``) in a
subprocess, in a temporary project, and takes its wall time (judged against the targets)
and its CPU time, user + system of all its processes (reported alongside: steadier when
the machine is busy); the repository's ``source/`` and ``locales/`` are only ever copied.
Each pipeline figure is set against a *floor*: what pandoc (parse and write the same
document, or write its HTML and EPUB) and WeasyPrint (render the page to PDF) take on
their own, run as bare commands.

Measured:

1. ``extract`` of synthetic documents of 100, 1,000 and 10,000 blocks (seeded, so the
   same documents every run) against pandoc's Markdown -> JSON -> Markdown round trip;
2. ``extract`` then ``update`` after one word of the middle paragraph changed, with a
   complete French catalog;
3. ``update`` alone after 1 % of the messages changed;
4. ``build fr`` of the real factsheet, one format at a time, from cold;
5. a cold ``build`` of every configured language in every format, against the bare
   tool times of one language times the number of languages over the number of cores;
6. the same ``build`` again, with nothing changed;
7. the peak memory of that full build;
9. the long manual (``benchmarks/manual.py``, about 300 KB of the corpus's hand-written
   sections): ``extract`` against pandoc's round trip, and ``build`` of its language in
   the three formats against the bare pandoc (HTML, EPUB) and WeasyPrint calls, the
   latter on the page the build renders, with its typefaces, as a tagged PDF/UA (the
   time WeasyPrint takes on the screen page, untagged, is kept in the JSON results);
8. ``check`` of every language after that build, cold (no EPUBCheck or output-check
   results kept; the catalog assessments the build remembered are used, as after any
   build) against EPUBCheck alone checking the same books in one JVM, and warm.

``python benchmarks/bench.py [--quick]`` prints a table and writes ``outputs/bench.json``.
It exits 0 whatever the figures: it measures, it does not test.
"""

from __future__ import annotations

import argparse
import compileall
import functools
import hashlib
import itertools
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import polib
import pypandoc

from pipeline.adapters import pandoc
from pipeline.checks import epubcheck

sys.path.insert(0, str(Path(__file__).resolve().parent))
import manual  # benchmarks/ is no package: its folder is put on the path above

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "outputs" / "bench.json"
SIZES = (100, 1_000, 10_000)
QUICK_SIZES = (100, 1_000)
LARGE = 10_000
SEED = 20_261_130
EDIT_REPEATS = 5
CORES = os.cpu_count() or 1
DOC = "bench"  # the synthetic document: source/bench.md, domain "bench"
LANG = "fr"

# Targets, judged on wall time and on the 10,000-block document or the full build only.
EXTRACT_MAX_RATIO = 1.3
EDIT_MAX_SECONDS = 1.5
UPDATE_1PC_MAX_SECONDS = 2.0
NOOP_BUILD_MAX_SECONDS = 0.5
FULL_BUILD_MAX_RATIO = 1.2
PEAK_MEMORY_MAX_MB = 500.0
COLD_CHECK_MAX_RATIO = 1.5
MANUAL_BUILD_MAX_RATIO = 1.3


# -- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    """One run: wall time, and CPU time (user + system) of the process and its children."""

    wall: float
    cpu: float

    def __add__(self, other: Timing) -> Timing:
        return Timing(self.wall + other.wall, self.cpu + other.cpu)

    def scaled(self, factor: float, divisor: float = 1.0) -> Timing:
        """``factor`` runs, spread over ``divisor`` cores (which shortens wall time only)."""
        return Timing(self.wall * factor / divisor, self.cpu * factor)


@dataclass
class Row:
    """One line of the table: a pipeline figure, its floor and its target."""

    measure: str
    value: float | None  # wall seconds, or megabytes when unit is "MB"; None when it failed
    floor: float | None = None
    unit: str = "s"
    max_ratio: float | None = None
    max_value: float | None = None
    cpu: float | None = None
    floor_cpu: float | None = None
    error: str | None = None

    @classmethod
    def timed(
        cls,
        measure: str,
        timing: Timing,
        floor: Timing | None = None,
        max_ratio: float | None = None,
        max_value: float | None = None,
    ) -> Row:
        """A row of times: wall time is judged, CPU time is reported alongside."""
        return cls(
            measure,
            timing.wall,
            floor.wall if floor else None,
            max_ratio=max_ratio,
            max_value=max_value,
            cpu=timing.cpu,
            floor_cpu=floor.cpu if floor else None,
        )

    @property
    def ratio(self) -> float | None:
        return _ratio(self.value, self.floor)

    @property
    def cpu_ratio(self) -> float | None:
        return _ratio(self.cpu, self.floor_cpu)

    @property
    def target(self) -> str:
        if self.max_ratio is not None:
            return f"<= {self.max_ratio:g} x floor"
        if self.max_value is not None:
            return f"<= {self.max_value:g} {self.unit}"
        return ""

    @property
    def status(self) -> str:
        if self.error is not None:
            return "ERROR"
        if self.max_ratio is not None and self.ratio is not None:
            return "PASS" if self.ratio <= self.max_ratio else "FAIL"
        if self.max_value is not None and self.value is not None:
            return "PASS" if self.value <= self.max_value else "FAIL"
        return ""

    def as_json(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "ratio": self.ratio,
            "cpu_ratio": self.cpu_ratio,
            "target": self.target,
            "status": self.status,
        }


def _ratio(value: float | None, floor: float | None) -> float | None:
    return value / floor if value is not None and floor else None


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        floor = f" (floor {row.floor:.3f}, ratio {row.ratio:.2f})" if row.ratio else ""
        print(f"  {row.measure}: {_value_text(row)}{floor}", flush=True)

    @contextmanager
    def guard(self, *measures: str) -> Iterator[None]:
        """Record a failing measurement as ERROR rows and carry on with the next one."""
        try:
            yield
        except (subprocess.CalledProcessError, OSError, RuntimeError, ValueError) as error:
            message = _error_text(error)
            print(f"  failed: {message}", file=sys.stderr, flush=True)
            done = {row.measure for row in self.rows}
            for measure in measures:
                if measure not in done:
                    self.rows.append(Row(measure, None, error=message))


def _error_text(error: BaseException) -> str:
    if isinstance(error, subprocess.CalledProcessError):
        tail = (error.stderr or error.stdout or "").strip().splitlines()[-3:]
        return f"exit {error.returncode}: {' | '.join(tail)}"
    return f"{type(error).__name__}: {error}"


# -- running commands ---------------------------------------------------------------------


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_command(command: Sequence[str], cwd: Path | None = None) -> tuple[Timing, str]:
    """Run ``command``; return its wall and CPU time and what it printed. Raise if it fails."""
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=True)
    return Timing(time.perf_counter() - start, _children_cpu() - cpu), done.stdout


def run_timed(command: Sequence[str], cwd: Path | None = None) -> Timing:
    return run_command(command, cwd)[0]


def pipeline_command(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "--root", str(root), *args]


def pipeline(root: Path, *args: str) -> Timing:
    """One pipeline command, through the command line, in its own process."""
    return run_timed(pipeline_command(root, *args), cwd=root)


def best_of(
    repeats: int, action: Callable[[], Timing], setup: Callable[[], None] | None = None
) -> Timing:
    """The run of ``action`` with the shortest wall time (``setup`` runs untimed before each)."""
    runs = []
    for _ in range(repeats):
        if setup is not None:
            setup()
        runs.append(action())
    return min(runs, key=lambda run: run.wall)


def pandoc_exe() -> str:
    """The pandoc the pipeline runs."""
    return pandoc.executable()


# -- synthetic documents ------------------------------------------------------------------

VOCABULARY = (
    "the of and to in a is that for it as with on be by this are or from at which an not "
    "have has can will their they more all about also such data use learning teachers school "
    "pupils education digital tools systems ethical guidance support training skills research "
    "public policy member states action plan report study group work year new open access "
    "quality risks rights privacy safety trust design evidence practice context results "
    "practical teaching class lesson course content online access level early basic local "
    "future national european network project staff model method review survey sample cost "
    "time share rate goal need help make take give show keep offer build create improve "
    "assess develop provide ensure reduce protect explain prepare apply adapt monitor"
)
SYLLABLES = "ba ce di fo gu ka le mi no pu ra se ti vo zu an el in or us ter con pre"
TAIL_WORDS = 5_000  # rarer, made-up words after the common ones, as in real text


def vocabulary(seed: int = SEED) -> tuple[tuple[str, ...], list[float]]:
    """Common words, then made-up rarer ones; cumulative weights of a Zipf distribution."""
    rng = random.Random(seed)
    common = VOCABULARY.split()
    syllables = SYLLABLES.split()
    words = dict.fromkeys(common)
    while len(words) < len(common) + TAIL_WORDS:
        words["".join(rng.choices(syllables, k=rng.randint(3, 4)))] = None
    weights = itertools.accumulate(1 / rank for rank in range(1, len(words) + 1))
    return tuple(words), list(weights)


WORDS, CUMULATIVE_WEIGHTS = vocabulary()
CAPITALISED = ("Commission", "Europe", "Member", "States", "Erasmus", "Horizon", "AI")


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "paragraph", "list", "table"
    text: str


def _words(rng: random.Random, low: int, high: int) -> list[str]:
    words = rng.choices(WORDS, cum_weights=CUMULATIVE_WEIGHTS, k=rng.randint(low, high))
    if rng.random() < 0.5:
        words[rng.randrange(len(words))] = rng.choice(CAPITALISED)
    return words


def _markup(rng: random.Random, words: list[str]) -> list[str]:
    """Emphasis, strong emphasis and a link over a few words, each now and then."""
    if rng.random() < 0.6:
        start = rng.randrange(len(words) - 2)
        words[start] = f"*{words[start]}"
        words[start + 1] = f"{words[start + 1]}*"
    if rng.random() < 0.2:
        start = rng.randrange(len(words))
        if "*" not in words[start]:
            words[start] = f"**{words[start]}**"
    if rng.random() < 0.3:
        start = rng.randrange(len(words) - 3)
        if not any("*" in word for word in words[start : start + 2]):
            slug = f"{words[start]}-{rng.randrange(1000)}"
            words[start] = f"[{words[start]}"
            words[start + 1] = f"{words[start + 1]}](https://example.org/{slug})"
    return words


def _sentence_text(words: list[str]) -> str:
    first = words[0]
    start = next((i for i, char in enumerate(first) if char.isalpha()), 0)
    words[0] = first[:start] + first[start : start + 1].upper() + first[start + 1 :]
    return " ".join(words) + "."


def _paragraph(rng: random.Random, notes: Iterator[int]) -> str:
    text = _sentence_text(_markup(rng, _words(rng, 20, 60)))
    if rng.random() < 0.04:  # a footnote now and then
        number = next(notes)
        note = _sentence_text(_words(rng, 6, 16))
        text = f"{text}[^{number}]\n\n[^{number}]: {note}"
    return text


def _list(rng: random.Random) -> str:
    ordered = rng.random() < 0.3
    items = []
    for index in range(rng.randint(2, 4)):
        words = _markup(rng, _words(rng, 6, 18))
        bullet = f"{index + 1}." if ordered else "-"
        items.append(f"{bullet} {' '.join(words)};")
    return "\n".join(items)


def _table(rng: random.Random) -> str:
    lines = ["| Measure | Year | Share |", "|---|---:|---:|"]
    for _ in range(rng.randint(2, 4)):
        label = " ".join(_words(rng, 2, 5))
        lines.append(f"| {label} | {rng.randint(2015, 2030)} | {rng.randint(1, 99)}% |")
    return "\n".join(lines)


def synthetic_blocks(count: int, seed: int = SEED) -> list[Block]:
    """A document of ``count`` blocks: a heading every ~20, mostly paragraphs."""
    rng = random.Random(seed)
    notes = itertools.count(1)
    blocks: list[Block] = []
    for index in range(count):
        roll = rng.random()
        if index % 20 == 0:
            level = "#" if index % 200 == 0 else "##"
            title = _sentence_text(_words(rng, 2, 6))[:-1]
            blocks.append(Block("heading", f"{level} {title}"))
        elif roll < 0.10:
            blocks.append(Block("list", _list(rng)))
        elif roll < 0.13:
            blocks.append(Block("table", _table(rng)))
        else:
            blocks.append(Block("paragraph", _paragraph(rng, notes)))
    return blocks


def document_text(blocks: Sequence[Block]) -> str:
    front = "---\ntitle: Synthetic benchmark document\ndate: 2026-11-30\n---\n\n"
    return front + "\n\n".join(block.text for block in blocks) + "\n"


def edit_word(text: str) -> str:
    """``text`` with one plain word near its middle changed."""
    words = text.split(" ")
    plain = [i for i, word in enumerate(words) if word.isalpha() and word.islower()]
    index = plain[len(plain) // 2]
    words[index] = "revised" if words[index] != "revised" else "amended"
    return " ".join(words)


def edited(blocks: Sequence[Block], count: int) -> list[Block]:
    """``blocks`` with ``count`` paragraphs edited, spread evenly (1: the middle one)."""
    paragraphs = [i for i, block in enumerate(blocks) if block.kind == "paragraph"]
    if count == 1:
        chosen = {paragraphs[len(paragraphs) // 2]}
    else:
        step = len(paragraphs) / count
        chosen = {paragraphs[int(step * k + step / 2)] for k in range(count)}
    return [
        Block(block.kind, edit_word(block.text)) if i in chosen else block
        for i, block in enumerate(blocks)
    ]


# -- projects -----------------------------------------------------------------------------


def synthetic_project(root: Path, text: str) -> Path:
    (root / "source").mkdir(parents=True)
    write_source(root, text)
    (root / "pyproject.toml").write_text(
        f'[tool.pipeline]\nsource-language = "en"\nlanguages = ["{LANG}"]\n', "utf-8"
    )
    return root


def write_source(root: Path, text: str) -> Path:
    path = root / "source" / f"{DOC}.md"
    path.write_text(text, "utf-8")
    return path


def fill_catalogs(root: Path, lang: str) -> int:
    """Translate every message of ``lang`` as "FR " + msgid; return how many."""
    count = 0
    for path in sorted((root / "locales" / lang / "LC_MESSAGES").glob("*.po")):
        catalog = polib.pofile(str(path), wrapwidth=0)
        for entry in catalog:
            if entry.obsolete:
                continue
            if entry.msgid_plural:
                entry.msgstr_plural = {0: f"FR {entry.msgid}", 1: f"FR {entry.msgid_plural}"}
            else:
                entry.msgstr = f"FR {entry.msgid}"
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            count += 1
        catalog.save()
    return count


def catalog_figures(path: Path) -> dict[str, int]:
    catalog = polib.pofile(str(path), wrapwidth=0)
    return {
        "entries": len(catalog),
        "translated": len(catalog.translated_entries()),
        "fuzzy": len(catalog.fuzzy_entries()),
        "obsolete": len(catalog.obsolete_entries()),
    }


# Everything else in a project folder is state the pipeline keeps: templates, catalogs,
# outputs and any cache, wherever it puts one.
PROJECT_INPUTS = {"source", "pyproject.toml"}


def state_entries(root: Path) -> list[Path]:
    return [path for path in root.iterdir() if path.name not in PROJECT_INPUTS]


def clear_state(root: Path, keep: Collection[str] = ()) -> None:
    """Back to the bare project (but for the ``keep`` entries): no template, output or cache."""
    for path in state_entries(root):
        if path.name in keep:
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def save_state(root: Path, snapshot: Path) -> None:
    """Keep a copy of the project's state (everything but its inputs)."""
    shutil.rmtree(snapshot, ignore_errors=True)
    snapshot.mkdir(parents=True)
    for path in state_entries(root):
        copy = shutil.copytree if path.is_dir() else shutil.copy2
        copy(path, snapshot / path.name)


def restore_state(snapshot: Path, root: Path) -> None:
    """Put the project's state back as :func:`save_state` kept it."""
    clear_state(root)
    for path in snapshot.iterdir():
        copy = shutil.copytree if path.is_dir() else shutil.copy2
        copy(path, root / path.name)


# -- floors -------------------------------------------------------------------------------


def pandoc_round_trip(source: Path, work: Path) -> Timing:
    """pandoc alone: parse the Markdown to JSON, then write the JSON as Markdown."""
    ast, target = work / "floor-ast.json", work / "floor-round-trip.md"
    parse = run_timed([pandoc_exe(), "-f", "markdown", "-t", "json", str(source), "-o", str(ast)])
    write = run_timed([pandoc_exe(), "-f", "json", "-t", "markdown", str(ast), "-o", str(target)])
    return parse + write


def pandoc_write(source: Path, to: str, output: Path) -> Timing:
    return run_timed([pandoc_exe(), "-f", "markdown", "-t", to, str(source), "-o", str(output)])


WEASYPRINT = "import sys, weasyprint; weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])"
# The same call with the base address, typefaces and PDF variant the build gives it.
WEASYPRINT_AS_BUILT = """import os, sys
os.environ["FONTCONFIG_FILE"] = sys.argv[4]
import weasyprint
weasyprint.HTML(filename=sys.argv[1], base_url=sys.argv[3]).write_pdf(
    sys.argv[2], pdf_variant="pdf/ua-1")"""


def weasyprint_pdf(html: Path, output: Path) -> Timing:
    """WeasyPrint alone, in a fresh interpreter (start-up and import included)."""
    return run_timed([sys.executable, "-c", WEASYPRINT, str(html), str(output)])


# Builds one edition's PDF and keeps the page WeasyPrint is given, with its base address
# and fontconfig file: the bare renderer's call can then be timed on the same content.
_KEEP_PRINT_PAGE = """import sys
from pathlib import Path
from pipeline.cli import main
from pipeline.render import page
write_pdf, keep = page.write_pdf, Path(sys.argv[3])
def kept(html, path, source_dir, allowed, edition, fontconfig):
    keep.write_text(html, "utf-8")
    keep.with_suffix(".txt").write_text(f"{source_dir.as_uri()}/\\n{fontconfig}\\n", "utf-8")
    return write_pdf(html, path, source_dir, allowed, edition, fontconfig)
page.write_pdf = kept
sys.exit(main(["--root", sys.argv[1], "build", sys.argv[2], "--formats", "pdf"]))"""


def print_page(root: Path, language: str, keep: Path) -> tuple[Path, str, str]:
    """The page the build renders as ``language``'s PDF, its base address and fontconfig."""
    subprocess.run(
        [sys.executable, "-c", _KEEP_PRINT_PAGE, str(root), language, str(keep)],
        cwd=root,
        check=True,
        capture_output=True,
    )
    base, fontconfig = keep.with_suffix(".txt").read_text("utf-8").splitlines()
    return keep, base, fontconfig


def weasyprint_as_built(html: Path, output: Path, base: str, fontconfig: str) -> Timing:
    """WeasyPrint alone on the build's own page and typefaces, as a tagged PDF/UA."""
    command = [sys.executable, "-c", WEASYPRINT_AS_BUILT, str(html), str(output), base, fontconfig]
    return run_timed(command)


# -- memory -------------------------------------------------------------------------------

# Runs a command and reports its wall time, its CPU time and the largest resident set
# among it and its descendants (the kernel keeps that maximum for waited-for children),
# from a fresh process so that no earlier child counts.
_MEASURED = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                  "max_rss_kb": usage.ru_maxrss, "code": done.returncode,
                  "stderr": done.stderr[-2000:]}))
"""


@dataclass(frozen=True)
class Measured:
    timing: Timing
    max_rss_mb: float  # the largest single process of the tree
    tree_peak_mb: float | None  # the whole tree at its largest (sampled), where /proc exists


class TreeSampler(threading.Thread):
    """Samples the memory of all a process's descendants together (PSS, else RSS)."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kb = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            total = sum(_memory_kb(pid) for pid in _descendants(self.pid))
            self.peak_kb = max(self.peak_kb, total)
            self.stopped.wait(self.interval)


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found: list[int] = []
    pending = list(children.get(root, []))
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending += children.get(pid, [])
    return found


def _memory_kb(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        match = re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)
        if match:
            return int(match.group(1))
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        return 0


def run_measured(command: Sequence[str], cwd: Path) -> Measured:
    """Time, largest process and whole-tree peak memory of ``command``. Raise if it fails."""
    process = subprocess.Popen(
        [sys.executable, "-c", _MEASURED, *command], cwd=cwd, stdout=subprocess.PIPE, text=True
    )
    sampler = TreeSampler(process.pid) if Path("/proc/self/stat").exists() else None
    if sampler is not None:
        sampler.start()
    stdout, _ = process.communicate()
    if sampler is not None:
        sampler.stopped.set()
        sampler.join()
    result = json.loads(stdout)
    if result["code"] != 0:
        raise subprocess.CalledProcessError(result["code"], command, stderr=result["stderr"])
    return Measured(
        timing=Timing(result["wall"], result["cpu"]),
        max_rss_mb=result["max_rss_kb"] / 1024,
        tree_peak_mb=sampler.peak_kb / 1024 if sampler is not None else None,
    )


# -- measurements 1 to 3: synthetic documents ---------------------------------------------


def size_label(size: int) -> str:
    return f"{size:,} blocks"


def size_measures(size: int) -> tuple[str, str, str, str, str]:
    label = size_label(size)
    return (
        f"extract ({label})",
        f"re-extract after 1-paragraph edit ({label})",
        f"update after 1-paragraph edit ({label})",
        f"re-extract + update, 1-paragraph edit ({label})",
        f"update, 1 % of messages changed ({label})",
    )


def measure_extract(report: Report, root: Path, size: int, repeats: int) -> Timing:
    """Extraction from cold (no template, no cache) against pandoc's round trip.

    Returns the floor.
    """
    source = root / "source" / f"{DOC}.md"
    timing = best_of(repeats, lambda: pipeline(root, "extract"), lambda: clear_state(root))
    floor = best_of(repeats, lambda: pandoc_round_trip(source, root.parent))
    judged = EXTRACT_MAX_RATIO if size == LARGE else None
    report.add(Row.timed(size_measures(size)[0], timing, floor, max_ratio=judged))
    return floor


def prepare_translation(root: Path, snapshot: Path) -> int:
    """A complete French catalog, merged once so that it is canonical; the project's state
    (with whatever the pipeline caches after one extraction) saved to ``snapshot``.

    Returns the number of messages translated.
    """
    pipeline(root, "init", LANG)
    filled = fill_catalogs(root, LANG)
    pipeline(root, "update")
    save_state(root, snapshot)
    return filled


def measure_one_edit(
    report: Report, root: Path, blocks: list[Block], size: int, repeats: int, floor: Timing
) -> dict[str, Any]:
    """Re-extraction, then update, after one word of the middle paragraph changed."""
    snapshot = canonical_state(root)
    original, changed = document_text(blocks), document_text(edited(blocks, 1))
    runs: list[tuple[Timing, Timing]] = []
    for _ in range(repeats):
        restore_state(snapshot, root)
        write_source(root, changed)
        runs.append((pipeline(root, "extract"), pipeline(root, "update")))
    figures = catalog_figures(root / "locales" / LANG / "LC_MESSAGES" / f"{DOC}.po")
    write_source(root, original)
    _, extract_name, update_name, both_name, _ = size_measures(size)
    judged = EDIT_MAX_SECONDS if size == LARGE else None
    report.add(Row.timed(extract_name, min((run[0] for run in runs), key=_wall), floor))
    report.add(Row.timed(update_name, min((run[1] for run in runs), key=_wall)))
    both = min((extract + update for extract, update in runs), key=_wall)
    report.add(Row.timed(both_name, both, max_value=judged))
    return {"catalog_after": figures}


def measure_one_percent(
    report: Report, root: Path, blocks: list[Block], size: int, repeats: int, messages: int
) -> dict[str, Any]:
    """``update`` alone after 1 % of the messages changed (as many paragraphs edited)."""
    snapshot = canonical_state(root)
    count = max(1, round(messages / 100))
    restore_state(snapshot, root)
    write_source(root, document_text(edited(blocks, count)))
    pipeline(root, "extract")
    extracted = root.parent / "extracted-state"
    save_state(root, extracted)
    timing = best_of(
        repeats, lambda: pipeline(root, "update"), lambda: restore_state(extracted, root)
    )
    figures = catalog_figures(root / "locales" / LANG / "LC_MESSAGES" / f"{DOC}.po")
    judged = UPDATE_1PC_MAX_SECONDS if size == LARGE else None
    report.add(Row.timed(size_measures(size)[4], timing, max_value=judged))
    return {"paragraphs_edited": count, "catalog_after": figures}


def _wall(timing: Timing) -> float:
    return timing.wall


def canonical_state(root: Path) -> Path:
    """Where the project's state before any edit is kept."""
    return root.parent / "canonical-state"


def measure_size(report: Report, work: Path, size: int) -> None:
    """Measurements 1 to 3 on one synthetic document."""
    print(f"synthetic document, {size_label(size)}", flush=True)
    repeats = 2 if size >= LARGE else 3  # cold extractions; the large one takes a while
    blocks = synthetic_blocks(size)
    text = document_text(blocks)
    root = synthetic_project(work / f"doc-{size}" / "project", text)
    kinds = ("heading", "paragraph", "list", "table")
    details: dict[str, Any] = {
        "blocks": size,
        "bytes": len(text.encode("utf-8")),
        "kinds": {kind: sum(block.kind == kind for block in blocks) for kind in kinds},
        "repeats": {"extract": repeats, "edits": EDIT_REPEATS},
    }
    report.details.setdefault("synthetic", {})[str(size)] = details
    names = size_measures(size)
    with report.guard(*names):
        floor = measure_extract(report, root, size, repeats)
        details["messages"] = len(polib.pofile(str(root / "locales" / f"{DOC}.pot")))
        details["filled_all_domains"] = prepare_translation(root, canonical_state(root))
        # Edits take a second or two: more runs, so that a noisy machine shows less.
        details["one_edit"] = measure_one_edit(report, root, blocks, size, EDIT_REPEATS, floor)
        details["one_percent"] = measure_one_percent(
            report, root, blocks, size, EDIT_REPEATS, details["messages"]
        )


# -- measurements 4 to 7: the factsheet ---------------------------------------------------

TOOLS = {"html": "pandoc html5", "epub": "pandoc epub3", "pdf": "WeasyPrint"}


def factsheet_project(root: Path) -> Path:
    """A copy of the repository's document project."""
    root.mkdir(parents=True)
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locales", root / "locales")
    shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


def clean_outputs(root: Path) -> None:
    """Remove the outputs and anything else built or cached: the catalogs stay."""
    clear_state(root, keep={"locales"})


def configured_languages(root: Path) -> list[str]:
    """The source language and every target language of the project."""
    table = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["tool"]["pipeline"]
    return [table.get("source-language", "en"), *table.get("languages", [])]


def format_measure(fmt: str) -> str:
    return f"build {LANG} --formats {fmt} (floor: {TOOLS[fmt]})"


def full_build_measures(languages: int) -> tuple[str, str, str, str]:
    return (
        f"full cold build ({languages} languages x 3 formats)",
        "no-op build (again, nothing changed)",
        "peak memory, full build (largest process)",
        "peak memory, full build (all processes, sampled PSS)",
    )


def measure_formats(report: Report, root: Path, work: Path) -> dict[str, Timing]:
    """``build fr`` one format at a time, from cold, against the bare tools; return floors."""
    print(f"factsheet, build {LANG} per format", flush=True)
    source = root / "source" / "factsheet.md"
    page = work / "floor-page.html"
    times: dict[str, Timing] = {}
    for fmt in TOOLS:
        command = ("build", LANG, "--formats", fmt)
        times[fmt] = best_of(
            2, functools.partial(pipeline, root, *command), lambda: clean_outputs(root)
        )
        if fmt == "html":
            shutil.copy2(root / "outputs" / LANG / "factsheet.html", page)
    floors = {
        "html": best_of(3, lambda: pandoc_write(source, "html5", work / "floor.html")),
        "epub": best_of(3, lambda: pandoc_write(source, "epub3", work / "floor.epub")),
        "pdf": best_of(2, lambda: weasyprint_pdf(page, work / "floor.pdf")),
    }
    for fmt in TOOLS:
        report.add(Row.timed(format_measure(fmt), times[fmt], floors[fmt]))
    return floors


def measure_full_build(report: Report, root: Path, floors: dict[str, Timing]) -> dict[str, Any]:
    """Cold build of every language and format, its memory, then the same build again."""
    languages = configured_languages(root)
    cold, noop, largest, tree = full_build_measures(len(languages))
    print(f"factsheet, full build ({len(languages)} languages x 3 formats)", flush=True)
    per_language = floors["html"] + floors["epub"] + floors["pdf"]
    floor = per_language.scaled(len(languages), CORES)
    clean_outputs(root)
    measured = run_measured(pipeline_command(root, "build"), cwd=root)
    published = sorted(path.name for path in (root / "outputs").iterdir() if path.is_dir())
    report.add(Row.timed(cold, measured.timing, floor, max_ratio=FULL_BUILD_MAX_RATIO))
    again, printed = run_command(pipeline_command(root, "build"), cwd=root)
    report.add(Row.timed(noop, again, max_value=NOOP_BUILD_MAX_SECONDS))
    report.add(Row(largest, measured.max_rss_mb, unit="MB", max_value=PEAK_MEMORY_MAX_MB))
    if measured.tree_peak_mb is not None:
        report.add(Row(tree, measured.tree_peak_mb, unit="MB"))
    return {
        "languages": languages,
        "published": [code for code in published if code in languages],
        "floor_per_language": asdict(per_language),
        # What the second build said it did: a no-op only if it wrote nothing.
        "noop_build_said": [line for line in printed.splitlines() if "published" not in line],
    }


def measure_builds(report: Report, work: Path) -> None:
    """Measurements 4 to 7 on a copy of the real factsheet project."""
    root = factsheet_project(work / "factsheet" / "project")
    floors: dict[str, Timing] = {}
    with report.guard(*(format_measure(fmt) for fmt in TOOLS)):
        floors = measure_formats(report, root, work / "factsheet")
        report.details["build_floors"] = {fmt: asdict(timing) for fmt, timing in floors.items()}
    full_rows = full_build_measures(len(configured_languages(root)))[:3]
    if len(floors) < len(TOOLS):
        for measure in full_rows:
            report.rows.append(Row(measure, None, error="no floors: the per-format builds failed"))
        return
    with report.guard(*full_rows):
        report.details["full_build"] = measure_full_build(report, root, floors)
    if (root / "outputs").is_dir():
        with report.guard(*CHECK_MEASURES):
            report.details["check"] = measure_check(report, root)


# -- measurement 9: the long manual ----------------------------------------------------------

MANUAL_DOC = "manual"
MANUAL_MEASURES = (
    "extract (manual, 300 KB; floor: pandoc parse + write)",
    "build en, 3 formats (manual; floor: pandoc html5 + epub3 + WeasyPrint, same page)",
)


def measure_manual(report: Report, work: Path) -> None:
    """The long manual: extraction and a build in three formats against the bare tools."""
    root = manual.manual_project(work / "manual" / "project", MANUAL_DOC, "en")
    source = root / "source" / f"{MANUAL_DOC}.md"
    print(f"manual ({source.stat().st_size // 1000} KB), extract and build", flush=True)
    extract = best_of(3, lambda: pipeline(root, "extract"), lambda: clear_state(root))
    floor = best_of(3, lambda: pandoc_round_trip(source, root.parent))
    report.add(Row.timed(MANUAL_MEASURES[0], extract, floor, max_ratio=EXTRACT_MAX_RATIO))
    command = ("build", "en", "--formats", "html,epub,pdf")
    build = best_of(2, functools.partial(pipeline, root, *command), lambda: clean_outputs(root))
    floors, page = root.parent, root.parent / "floor-page.html"
    shutil.copy2(root / "outputs" / "en" / f"{MANUAL_DOC}.html", page)
    clean_outputs(root)  # so that the PDF is rendered again
    html, base, fontconfig = print_page(root, "en", floors / "print-page.html")
    pandoc_floor = best_of(
        2, lambda: pandoc_write(source, "html5", floors / "floor.html")
    ) + best_of(2, lambda: pandoc_write(source, "epub3", floors / "floor.epub"))
    renderer = best_of(2, lambda: weasyprint_as_built(html, floors / "floor.pdf", base, fontconfig))
    report.add(
        Row.timed(
            MANUAL_MEASURES[1], build, pandoc_floor + renderer, max_ratio=MANUAL_BUILD_MAX_RATIO
        )
    )
    # The floor this row had before: WeasyPrint on the screen page, untagged, its own fonts.
    screen = best_of(2, lambda: weasyprint_pdf(page, floors / "floor-screen.pdf"))
    report.details["manual_floors"] = {
        "pandoc_html5_and_epub3": asdict(pandoc_floor),
        "weasyprint_print_page_pdf_ua": asdict(renderer),
        "weasyprint_screen_page_untagged": asdict(screen),
    }


# -- measurement 8: check -----------------------------------------------------------------

CHECK_MEASURES = (
    "EPUBCheck JVM start (epubcheck --version)",
    "check, cold (no check results kept; floor: EPUBCheck, one JVM)",
    "check, warm (EPUBCheck and output-check results kept)",
)


# What check keeps between runs: EPUBCheck's results and the other output checks' findings.
CHECK_CACHES = (".epubcheck-cache.json", ".output-check-cache.json")


def jvm_start(command: Sequence[str]) -> Timing:
    """EPUBCheck's ``--version``: the JVM starts and ends (exit status 1: no book given)."""
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run([*command, "--version"], capture_output=True, check=False)
    return Timing(time.perf_counter() - start, _children_cpu() - cpu)


def measure_check(report: Report, root: Path) -> dict[str, Any]:
    """``check`` of the built languages against EPUBCheck checking their books in one JVM.

    The floor is one JVM that starts, loads EPUBCheck and checks every book in turn,
    run bare; one JVM start alone (``--version`` loads no schema) is shown beside it.
    """
    start, cold, warm = CHECK_MEASURES
    command, jar, java = (
        epubcheck.epubcheck_command(),
        epubcheck.epubcheck_jar(),
        shutil.which("java"),
    )
    if command is None or jar is None or java is None:
        raise RuntimeError("EPUBCheck as a jar and Java are needed to measure check")
    books = sorted(str(path) for path in (root / "outputs").glob("*/*.epub"))
    print(f"factsheet, check ({len(books)} books)", flush=True)
    caches = [root / "outputs" / name for name in CHECK_CACHES]
    jvm = best_of(3, lambda: jvm_start(command))
    batch = [java, *epubcheck.FAST_JVM, "-cp", str(jar), str(epubcheck.BATCH), *books]
    floor = best_of(3, lambda: run_timed(batch))
    report.add(Row.timed(start, jvm))

    def forget() -> None:
        for cache in caches:
            cache.unlink(missing_ok=True)

    timing = best_of(3, lambda: pipeline(root, "check"), forget)
    report.add(Row.timed(cold, timing, floor, max_ratio=COLD_CHECK_MAX_RATIO))
    report.add(Row.timed(warm, pipeline(root, "check")))
    return {
        "books": len(books),
        "epubcheck_one_jvm": asdict(floor),
        "jvm_start": asdict(jvm),
        "load_average": os.getloadavg(),  # the machine's load when the check rows ended
    }


# -- output -------------------------------------------------------------------------------


def _value_text(row: Row) -> str:
    if row.value is None:
        return "error"
    return f"{row.value:.0f} MB" if row.unit == "MB" else f"{row.value:.3f}"


def _number(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def table(rows: Sequence[Row]) -> str:
    """The aligned table; the last two columns repeat the comparison in CPU time."""
    header = ("measure", "pipeline s", "floor s", "ratio", "target", "result", "cpu s", "cpu ratio")
    lines = [header]
    for row in rows:
        lines.append(
            (
                row.measure,
                _value_text(row),
                _number(row.floor, 3),
                _number(row.ratio, 2),
                row.target,
                row.status,
                _number(row.cpu, 3),
                _number(row.cpu_ratio, 2),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    right = {1, 2, 3, 6, 7}
    text = []
    for number, line in enumerate(lines):
        cells = [
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        text.append(" | ".join(cells).rstrip())
        if number == 0:
            text.append("-+-".join("-" * width for width in widths))
    return "\n".join(text)


def code_digest() -> str:
    """A digest of the pipeline's code and templates, to notice edits during a run."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "pipeline").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(REPO).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def machine() -> dict[str, Any]:
    import weasyprint

    return {
        "cores": CORES,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "pandoc": str(pypandoc.get_pandoc_version()),
        "weasyprint": weasyprint.__version__,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the 100 and 1,000 block sizes")
    parser.add_argument("--no-build", action="store_true", help="skip the factsheet builds")
    parser.add_argument("--manual-only", action="store_true", help="only the long manual")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"JSON results ({OUTPUT})")
    args = parser.parse_args(argv)
    sizes = QUICK_SIZES if args.quick else SIZES
    report = Report()
    load_before, code_before = os.getloadavg(), code_digest()
    started = time.perf_counter()
    # Bytecode compiled first, as an installed package has it: otherwise, where writing
    # it is switched off (PYTHONDONTWRITEBYTECODE), every run would compile the sources.
    compileall.compile_dir(REPO / "pipeline", quiet=1)
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-") as temporary:
        work = Path(temporary)
        for size in () if args.manual_only else sizes:
            measure_size(report, work, size)
        if not args.no_build and not args.manual_only:
            measure_builds(report, work)
        with report.guard(*MANUAL_MEASURES):
            measure_manual(report, work)
    load_after, code_after = os.getloadavg(), code_digest()
    print()
    print(table(report.rows))
    print(
        f"\n{CORES} cores; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after."
        " Wall times are best of N; CPU time is user + system of all processes of that run."
    )
    if max(load_before[0], load_after[0]) > CORES:
        print("The machine was busy with other work: wall times are inflated, CPU times less so.")
    if code_after != code_before:
        print("The pipeline's code changed during the run: the figures mix two versions.")
    if args.quick:
        print("--quick: no 10,000-block document, so the 10,000-block targets are not judged.")
    result = {
        "machine": {**machine(), "load_average": {"before": load_before, "after": load_after}},
        "pipeline_code": {"before": code_before, "after": code_after},
        "quick": args.quick,
        "sizes": list(sizes),
        "total_seconds": time.perf_counter() - started,
        "rows": [row.as_json() for row in report.rows],
        "details": report.details,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
