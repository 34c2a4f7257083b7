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


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (real pandoc, WeasyPrint and PO files; gettext as the oracle)."""
    _install(session, "test")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff and mypy --strict on the pipeline package."""
    _install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", "pipeline")
    session.run("mypy", "pipeline")
