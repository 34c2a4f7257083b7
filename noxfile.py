"""The publisher's entry point. Each session is one ``python -m pipeline`` call.

``nox -l`` lists the sessions. Sessions that write files (extract, update, build,
pseudo) run only when named; ``nox`` alone runs lint and tests.
"""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "tests"]

PYPROJECT = nox.project.load_toml("pyproject.toml")


def _install(session: nox.Session, *groups: str) -> None:
    session.install("-e", ".")
    for group in groups:
        session.install(*nox.project.dependency_groups(PYPROJECT, group))


@nox.session(default=False)
def extract(session: nox.Session) -> None:
    """Write locales/<doc>.pot and locales/ui.pot from the source documents and templates."""
    _install(session)
    session.run("python", "-m", "pipeline", "extract")


@nox.session(default=False, requires=["extract"])
def update(session: nox.Session) -> None:
    """Merge the templates into every catalog (pass languages after --)."""
    _install(session)
    session.run("python", "-m", "pipeline", "update", *session.posargs)


@nox.session(default=False)
def check(session: nox.Session) -> None:
    """Check every catalog; exit 1 on any error (pass languages after --)."""
    _install(session)
    session.run("python", "-m", "pipeline", "check", *session.posargs)


@nox.session(default=False)
def build(session: nox.Session) -> None:
    """Build HTML, EPUB and PDF for every publishable language (pass languages after --)."""
    _install(session)
    session.run("python", "-m", "pipeline", "build", *session.posargs)


SETTINGS = PYPROJECT["tool"]["pipeline"]


@nox.session(name="build-language", default=False)
@nox.parametrize("language", [SETTINGS.get("source-language", "en"), *SETTINGS["languages"]])
def build_language(session: nox.Session, language: str) -> None:
    """Build one language: one session per language, for a CI matrix across runners."""
    _install(session)
    session.run("python", "-m", "pipeline", "build", language, *session.posargs)


@nox.session(default=False)
def site(session: nox.Session) -> None:
    """Write the index and manifest of the editions gathered in outputs/ (after a matrix)."""
    _install(session)
    session.run("python", "-m", "pipeline", "site", *session.posargs)


@nox.session(default=False)
def pseudo(session: nox.Session) -> None:
    """Build the pseudo-locales: any plain source word in them escaped the catalogs."""
    _install(session)
    session.run("python", "-m", "pipeline", "build", "--pseudo", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (real pandoc, WeasyPrint and PO files; gettext as the oracle)."""
    _install(session, "test")
    session.install("-e", ".[cjk]")  # the tests render Chinese and Japanese
    session.run("pytest", *session.posargs)


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
