"""The publisher's entry point. Each session is one ``python -m pipeline`` call.

``nox -l`` lists the sessions. Sessions that write files (extract, update, build, ...)
run only when named; ``nox`` alone runs lint and tests.

Every pipeline session works on this repository's project, or on another project
folder named by ``--root DIR`` among its arguments (``nox -s build -- --root
../my-project de fr``) or by the environment variable ``PIPELINE_ROOT``; a relative
folder is taken from the folder of this file, where nox runs. ``build-language`` has
one session per language of that project, read when nox starts: name the project with
``PIPELINE_ROOT`` for it (``PIPELINE_ROOT=../my-project nox -s build-language``).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "tests"]

PYPROJECT = nox.project.load_toml("pyproject.toml")


def _install(session: nox.Session, *groups: str) -> None:
    session.install("-e", ".")
    for group in groups:
        session.install(*nox.project.dependency_groups(PYPROJECT, group))


def _split_root(args: list[str]) -> tuple[list[str], list[str]]:
    """``--root DIR`` (or ``--root=DIR``, else ``PIPELINE_ROOT``) apart from the other args."""
    root = os.environ.get("PIPELINE_ROOT", "")
    rest: list[str] = []
    words = iter(args)
    for word in words:
        if word == "--root":
            root = next(words, "")
        elif word.startswith("--root="):
            root = word.removeprefix("--root=")
        else:
            rest.append(word)
    return (["--root", root] if root else []), rest


def _pipeline(session: nox.Session, *command: str, args: bool = True) -> None:
    """``python -m pipeline [--root DIR] COMMAND [ARGS]``; ``args=False`` passes only the root."""
    root, rest = _split_root(list(session.posargs))
    _install(session)
    session.run("python", "-m", "pipeline", *root, *command, *(rest if args else []))


@nox.session(default=False)
def new(session: nox.Session) -> None:
    """Start a project folder: pyproject.toml's [tool.pipeline] and source/ (-- DIR)."""
    _install(session)
    session.run("python", "-m", "pipeline", "new", *session.posargs)


@nox.session(default=False)
def extract(session: nox.Session) -> None:
    """Write locales/<doc>.pot and locales/ui.pot from the source documents and templates."""
    _pipeline(session, "extract", args=False)


@nox.session(default=False)
def init(session: nox.Session) -> None:
    """Create the catalogs of a new language (-- LANG)."""
    _pipeline(session, "init")


@nox.session(default=False, requires=["extract"])
def update(session: nox.Session) -> None:
    """Merge the templates into every catalog (pass languages after --)."""
    _pipeline(session, "update")


@nox.session(name="import", default=False)
def import_(session: nox.Session) -> None:
    """Make a catalog from a translated document (-- LANG DOC TRANSLATED.md)."""
    _pipeline(session, "import")


@nox.session(default=False)
def rename(session: nox.Session) -> None:
    """Rename a document with its template and every catalog (-- OLD NEW)."""
    _pipeline(session, "rename")


@nox.session(default=False)
def stats(session: nox.Session) -> None:
    """How complete each catalog is (pass languages after --)."""
    _pipeline(session, "stats")


@nox.session(default=False)
def xliff(session: nox.Session) -> None:
    """Exchange catalogs as XLIFF 2.1 (-- export LANG -o FILE.xlf, or -- import LANG FILE.xlf)."""
    _pipeline(session, "xliff")


@nox.session(default=False)
def check(session: nox.Session) -> None:
    """Check every catalog; exit 1 on any error (pass languages after --)."""
    _pipeline(session, "check")


@nox.session(default=False)
def build(session: nox.Session) -> None:
    """Build HTML, EPUB and PDF for every publishable language (pass languages after --)."""
    _pipeline(session, "build")


def _project_languages() -> list[str]:
    """The source and target languages of PIPELINE_ROOT's project (else this one's)."""
    path = Path(os.environ.get("PIPELINE_ROOT", "."), "pyproject.toml")
    try:
        settings = tomllib.loads(path.read_text("utf-8")).get("tool", {}).get("pipeline", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        settings = {}  # the session's own run says what is wrong
    languages = settings.get("languages", [])
    listed = [str(code) for code in languages] if isinstance(languages, list) else []
    return list(dict.fromkeys([str(settings.get("source-language", "en")), *listed]))


@nox.session(name="build-language", default=False)
@nox.parametrize("language", _project_languages())
def build_language(session: nox.Session, language: str) -> None:
    """Build one language: one session per language, for a CI matrix across runners."""
    root, rest = _split_root(list(session.posargs))
    _install(session)
    session.run("python", "-m", "pipeline", *root, "build", language, *rest)


@nox.session(default=False)
def site(session: nox.Session) -> None:
    """Write the index and manifest of the editions gathered in outputs/ (after a matrix)."""
    _pipeline(session, "site")


@nox.session(default=False)
def pseudo(session: nox.Session) -> None:
    """Build the pseudo-locales: any plain source word in them escaped the catalogs."""
    _pipeline(session, "build", "--pseudo")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (real pandoc, WeasyPrint and PO files; gettext as the oracle)."""
    _install(session, "test")
    session.install("-e", ".[cjk]")  # the tests render Chinese and Japanese
    # One worker per core: most of the time goes to rendering real PDFs.
    session.run("pytest", "-n", "auto", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff and mypy --strict on the pipeline package."""
    _install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", "pipeline")
    session.run("mypy", "pipeline")


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Measure extraction, update and build against pandoc's and WeasyPrint's own time; print a table and write outputs/bench.json."""  # noqa: E501
    _install(session)
    session.run("python", "benchmarks/bench.py", *session.posargs)


@nox.session(default=False)
def a11y(session: nox.Session) -> None:
    """Accessibility: axe-core (WCAG 2.1 A and AA) on outputs/ HTML pages, DAISY Ace on its EPUBs.

    Offline, in Debian's headless Chromium (apt packages chromium and chromium-driver); the
    checkers are the npm packages pinned in tests/a11y/package-lock.json, installed with
    ``npm ci`` when the lock file changes. Builds outputs/ first if outputs/index.html is
    missing. Pass languages after -- to check only those (the index is always checked).
    Exits non-zero on any violation and lists each one.
    """
    import hashlib
    from pathlib import Path

    checks = Path("tests/a11y")
    lock = (checks / "package.json").read_bytes() + (checks / "package-lock.json").read_bytes()
    stamp = checks / "node_modules" / ".installed-lock-sha256"
    digest = hashlib.sha256(lock).hexdigest()
    if not stamp.is_file() or stamp.read_text().strip() != digest:
        session.run(
            "npm",
            "ci",
            "--prefix",
            str(checks),
            "--no-audit",
            "--no-fund",
            external=True,
            # Debian's Chromium and chromedriver: no package may download a browser or driver.
            env={"PUPPETEER_SKIP_DOWNLOAD": "1", "CHROMEDRIVER_SKIP_DOWNLOAD": "true"},
        )
        stamp.write_text(digest + "\n")
    if not Path("outputs/index.html").is_file():
        _install(session)
        session.run("python", "-m", "pipeline", "build")
    env = {"PUPPETEER_SKIP_DOWNLOAD": "1"}
    session.run("node", str(checks / "check.mjs"), *session.posargs, external=True, env=env)
