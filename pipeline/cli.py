"""The command line: parse arguments, run one workflow command, print, pick the exit code.

The only module that prints. Exit status: 0 success, 1 checks failed or a language
failed to build, 2 usage error. No traceback reaches the user for bad input.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.adapters.files import project_lock
from pipeline.checks.gate import Held, Plan, unreadable
from pipeline.commands.extract import extract
from pipeline.commands.import_translation import import_translation
from pipeline.commands.init import init
from pipeline.commands.rename import rename
from pipeline.commands.stats import StatsRow, stats
from pipeline.commands.update import update
from pipeline.core.config import FORMATS, Project, load_project
from pipeline.core.errors import PipelineError, UsageError
from pipeline.core.findings import Finding, has_errors, sorted_findings
from pipeline.project import layout
from pipeline.project.catalogs import target_languages

if TYPE_CHECKING:
    from pipeline.project.rendering import Outcome

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Translate Markdown documents through gettext catalogs and publish them.",
    )
    parser.add_argument(
        "--root", type=Path, help="project folder (default: nearest with [tool.pipeline])"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    new_args = commands.add_parser(
        "new", help="start a project folder: pyproject.toml [tool.pipeline] and source/"
    )
    new_args.add_argument("folder", type=Path, nargs="?", default=Path("."))
    new_args.add_argument("--source-language", default="en", help="default: en")
    new_args.add_argument("--languages", default="", help="comma-separated target languages")
    new_args.add_argument("--document", default="document", help="the first document's name")
    commands.add_parser(
        "extract", help="write locales/<doc>.pot and locales/ui.pot from the sources"
    )
    init_args = commands.add_parser("init", help="create the catalogs of a new language")
    init_args.add_argument("language")
    init_args.add_argument(
        "--no-memory", action="store_true", help="leave new messages untranslated"
    )
    update_args = commands.add_parser("update", help="merge the templates into the catalogs")
    update_args.add_argument("languages", nargs="*")
    update_args.add_argument("--purge-obsolete", action="store_true", help="drop obsolete entries")
    update_args.add_argument(
        "--no-memory",
        action="store_true",
        help="do not fill new messages from the other documents' catalogs",
    )
    rename_args = commands.add_parser(
        "rename", help="rename a document with its template and every language's catalog"
    )
    rename_args.add_argument("old", help="the document's name now (source/OLD.md)")
    rename_args.add_argument("new", help="its new name")
    importer = commands.add_parser("import", help="make a catalog from a translated document")
    importer.add_argument("language")
    importer.add_argument("document", help="the source document's name (source/<doc>.md)")
    importer.add_argument("translated", type=Path, help="the translated Markdown file")
    stats_args = commands.add_parser("stats", help="completeness of each catalog")
    stats_args.add_argument("languages", nargs="*")
    check_args = commands.add_parser("check", help="check catalogs and published files")
    check_args.add_argument("languages", nargs="*")
    check_args.add_argument("--json", action="store_true", help="print the report as JSON")
    build_args = commands.add_parser("build", help="build HTML, EPUB and PDF for each language")
    build_args.add_argument("languages", nargs="*")
    build_args.add_argument("--formats", help=f"comma-separated subset of {','.join(FORMATS)}")
    build_args.add_argument(
        "--draft", action="store_true", help="publish incomplete languages as drafts"
    )
    build_args.add_argument(
        "--pseudo", action="store_true", help="build the pseudo-locales instead"
    )
    build_args.add_argument("--jobs", type=int, help="parallel workers (default: one per core)")
    site_args = commands.add_parser(
        "site", help="write the index and manifest of the built editions present in outputs/"
    )
    site_args.add_argument("--draft", action="store_true", help="as the builds were run")
    xliff_args = commands.add_parser("xliff", help="exchange catalogs with CAT tools as XLIFF")
    xliff_commands = xliff_args.add_subparsers(
        dest="xliff_command", required=True, metavar="ACTION"
    )
    xliff_export = xliff_commands.add_parser("export", help="write a language's catalogs as XLIFF")
    xliff_export.add_argument("language")
    xliff_export.add_argument("documents", nargs="*", help="documents (default: all, and ui)")
    xliff_export.add_argument("-o", "--output", type=Path, required=True, help="the .xlf to write")
    xliff_export.add_argument(
        "--version", choices=("2.1", "1.2"), default="2.1", help="XLIFF version (default: 2.1)"
    )
    xliff_import = xliff_commands.add_parser("import", help="apply the translations of an XLIFF")
    xliff_import.add_argument("language")
    xliff_import.add_argument("file", type=Path, help="the .xlf a CAT tool gave back")
    return parser


# A command builds large trees that hold no cycle (pandoc's ASTs, catalogs): with the
# collector's default thresholds it would walk them again and again as they grow.
_COLLECT_EVERY = (100_000, 50, 50)


def main(argv: Sequence[str] | None = None) -> int:
    gc.set_threshold(*_COLLECT_EVERY)
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code else EXIT_OK
    project: Project | None = None
    try:
        if args.command == "new":
            return _new(args)
        project = load_project(args.root)
        return _run(project, args)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except PipelineError as error:
        if error.path and project is not None:
            error.path = project.relative(Path(error.path))
        print(f"{error}" if error.path else f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as error:  # the file system failed where no layer said which file
        where = error.filename if error.filename is not None else "error"
        if project is not None and error.filename is not None:
            where = project.relative(Path(str(error.filename)))
        print(f"{where}: {error.strerror or error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_FAILED


@contextlib.contextmanager
def _locked(project: Project) -> Iterator[None]:
    """Hold the project lock, over folders checked for links out of the project and
    cleared of the temporary files a killed run left."""
    with project_lock(project.root):
        layout.prepare(project)
        yield


def _run(project: Project, args: argparse.Namespace) -> int:
    command = args.command
    if command == "extract":
        with _locked(project):
            _report_written(extract(project))
        return EXIT_OK
    if command == "init":
        with _locked(project):
            _report_written(init(project, args.language, not args.no_memory))
        return EXIT_OK
    if command == "rename":
        with _locked(project):
            _report_written(rename(project, args.old, args.new))
        return EXIT_OK
    if command == "import":
        with _locked(project):
            _report_written(
                [import_translation(project, args.language, args.document, args.translated)]
            )
        return EXIT_OK
    if command == "update":
        codes = target_languages(project, args.languages)
        with _locked(project):
            result = update(project, codes, args.purge_obsolete, not args.no_memory)
        _report_written(result.written, quiet=has_errors(result.findings))
        return _print_findings(result.findings)
    if command == "stats":
        codes = target_languages(project, args.languages)
        with _locked(project):
            rows, findings = stats(project, codes)
        _print_stats(rows)
        return _print_findings(findings)
    if command == "build":
        return _build(project, args)
    if command == "check":
        return _check(project, args)
    if command == "site":
        return _site(project, args)
    if command == "xliff":
        return _xliff(project, args)
    raise UsageError(f"unknown command {command!r}")


def _new(args: argparse.Namespace) -> int:
    from pipeline.commands.new import new_project

    folder = args.folder if args.root is None else args.root / args.folder
    languages = [code for code in args.languages.split(",") if code.strip()]
    _report_written(new_project(folder, args.source_language, languages, args.document))
    print(f"next: in {folder}, write source/*.md, then run extract and init LANG")
    return EXIT_OK


def _build(project: Project, args: argparse.Namespace) -> int:
    from pipeline.commands.build import build

    formats = args.formats.split(",") if args.formats else None
    for name in formats or []:
        if name not in FORMATS:
            raise UsageError(f"unknown format {name!r} (known: {', '.join(FORMATS)})")
    codes = target_languages(project, args.languages)
    published = {project.source_language, *project.languages}
    if not args.pseudo and (unknown := [code for code in codes if code not in published]):
        raise UsageError(f"language {unknown[0]!r} is not in [tool.pipeline] languages")
    with _locked(project):
        result = build(project, codes, formats, args.draft, args.jobs, args.pseudo, _progress)
    _print_editions("published", result.published, result.held, result.removed)
    for label in result.failed:
        print(f"failed {label}: see the findings below")
    print(f"{len(result.written)} files written, {result.up_to_date} outputs up to date")
    status = _print_findings(result.findings)
    if result.failed or any(unreadable(held) for held in result.held):
        status = EXIT_FAILED
    return status


def _site(project: Project, args: argparse.Namespace) -> int:
    from pipeline.commands.site import site

    with _locked(project):
        result = site(project, args.draft)
    _print_editions("listed", result.published, result.held, result.removed)
    _report_written(result.written)
    return _print_findings(result.findings)


def _print_editions(verb: str, published: list[Plan], held: list[Held], removed: list[str]) -> None:
    """What is published (as a draft or not), what is held back and why, what went away."""
    for item in published:
        label = " (draft)" if item.draft else ""
        print(f"{verb} {item.label}{label}: {', '.join(item.formats)}")
    for back in held:
        print(f"held back {back.label}: {back.reason}")
    for path in removed:
        print(f"removed {path}: no longer published")


def _xliff(project: Project, args: argparse.Namespace) -> int:
    from pipeline.commands import xliff

    with _locked(project):
        if args.xliff_command == "export":
            result = xliff.export(project, args.language, args.documents, args.output, args.version)
            summary = f"{result.units} units"
        else:
            result = xliff.import_xliff(project, args.language, args.file)
            summary = f"{result.applied} of {result.units} units applied"
    _report_written(result.written)
    print(summary)
    return _print_findings(result.findings)


def _check(project: Project, args: argparse.Namespace) -> int:
    from pipeline.commands.check import check

    codes = target_languages(project, args.languages)
    with _locked(project):
        result = check(project, codes, _epubcheck_progress if sys.stderr.isatty() else None)
    if args.json:
        print(project.report_path.read_text("utf-8"), end="")
        return EXIT_FAILED if has_errors(result.findings) else EXIT_OK
    status = _print_findings(result.findings)
    for code, by_domain in sorted(result.completeness.items()):
        for domain, figures in sorted(by_domain.items()):
            print(
                f"{code} {domain}: {figures.percent:.1f}% of words translated, "
                f"{figures.fuzzy} fuzzy, {figures.untranslated} untranslated"
            )
    return status


def _progress(outcome: Outcome, done: int, total: int) -> None:
    """One plain line per finished language: readable on a terminal and in CI logs."""
    plan = outcome.job.plan
    state = "built" if outcome.ok else "FAILED"
    formats = ", ".join(outcome.job.build_formats)
    print(f"[{done}/{total}] {state} {plan.label}: {formats}", flush=True)


def _epubcheck_progress(done: int, total: int) -> None:
    """A counter on the terminal that rewrites itself, cleared when the last book is done."""
    line = f"epubcheck {done}/{total}"
    print(f"\r{line}" if done < total else f"\r{' ' * len(line)}\r", end="", file=sys.stderr)
    sys.stderr.flush()


def _report_written(paths: list[str], quiet: bool = False) -> None:
    """Each file written, or that none was (``quiet``: the findings below say why)."""
    for path in paths:
        print(f"wrote {path}")
    if not paths and not quiet:
        print("nothing changed")


def _print_findings(findings: list[Finding]) -> int:
    for finding in sorted_findings(findings):
        print(finding)
    return EXIT_FAILED if has_errors(findings) else EXIT_OK


def _print_stats(rows: list[StatsRow]) -> None:
    header = (
        "language",
        "domain",
        "entries",
        "translated",
        "fuzzy",
        "untransl.",
        "obsolete",
        "words",
        "done",
    )
    table = [header]
    for row in rows:
        c = row.completeness
        table.append(
            (
                row.language,
                row.domain,
                str(c.entries),
                str(c.translated),
                str(c.fuzzy),
                str(c.untranslated),
                str(c.obsolete),
                f"{c.translated_words}/{c.words}",
                f"{c.percent:.1f}%",
            )
        )
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for line in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )
