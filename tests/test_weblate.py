"""The catalogs as Weblate reads and writes them: through translate-toolkit's PO store."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, require_tool

pypo = pytest.importorskip("translate.storage.pypo")

CATALOGS = sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po")) + sorted(
    (REPO / "locales").glob("*.pot")
)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: path.relative_to(REPO).as_posix())
def test_weblate_writes_an_untouched_catalog_back_unchanged(path: Path) -> None:
    data = path.read_bytes()

    assert bytes(pypo.pofile(data)) == data


def test_weblate_reads_python_format_on_labels_and_no_flag_on_document_text() -> None:
    # md-text belongs to the document component's settings (README, "Weblate"): msgcat
    # and msgmerge would drop it from the files.
    ui = pypo.pofile((REPO / "locales" / "de" / "LC_MESSAGES" / "ui.po").read_bytes())
    placeholders = [unit for unit in ui.units if "%(" in unit.source]
    assert placeholders
    assert all("python-format" in unit.typecomments[0] for unit in placeholders)
    doc = pypo.pofile((REPO / "locales" / "factsheet.pot").read_bytes())
    assert not [unit.source for unit in doc.units if not unit.isheader() and unit.typecomments]


def test_gnu_msgcat_drops_a_flag_it_does_not_know(tmp_path: Path) -> None:
    # Why md-text is not written into the catalogs: every GNU tool would remove it.
    require_tool("msgcat")
    catalog = tmp_path / "flags.po"
    catalog.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy, md-text\nmsgid "*Hello*"\nmsgstr "*Hallo*"\n',
        "utf-8",
    )

    written = subprocess.run(["msgcat", str(catalog)], capture_output=True, text=True, check=True)

    assert "#, fuzzy\n" in written.stdout
    assert "md-text" not in written.stdout
