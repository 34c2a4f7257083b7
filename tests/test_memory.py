"""Translation memory across documents: a second document's shared paragraphs are
filled by ``update`` and ``init``, near matches as fuzzy with their origin, and nothing
a translator wrote is ever replaced."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.catalogs.memory import fill_documents
from pipeline.catalogs.model import FUZZY, Catalog, Entry, merge
from tests.conftest import edited_catalog, run_cli

SHARED = "Teachers need a basic knowledge of artificial intelligence and data use."
CHANGED = "The Commission will develop a training programme for researchers and doctoral students."
CHANGED_FROM = "The Commission will develop a training programme for researchers and students."
OWN = "The guidelines were prepared with an expert group."
NEW = "Each school decides how to use them."
FRENCH = {
    "Guidelines": "Lignes directrices",
    SHARED: "Les enseignants ont besoin de connaissances de base en IA et en données.",
    CHANGED_FROM: "La Commission élaborera un programme de formation pour chercheurs et étudiants.",
    OWN: "Les lignes directrices ont été préparées avec un groupe d’experts.",
}


def _project(root: Path, *, memory: bool = True) -> Path:
    (root / "source").mkdir(parents=True)
    alpha = f"# Guidelines\n\n{SHARED}\n\n{CHANGED_FROM}\n\n{OWN}\n"
    (root / "source" / "alpha.md").write_text(alpha, "utf-8")
    setting = "" if memory else "translation-memory = false\n"
    (root / "pyproject.toml").write_text(
        f'[tool.pipeline]\nsource-language = "en"\nlanguages = ["fr"]\n{setting}', "utf-8"
    )
    return root


def _translate(path: Path, translations: dict[str, str]) -> None:
    with edited_catalog(path) as catalog:
        for entry in catalog:
            if entry.msgid in translations:
                entry.msgstr = translations[entry.msgid]


def _add_second_document(root: Path) -> None:
    beta = f"# Guidelines\n\n{SHARED}\n\n{CHANGED}\n\n{NEW}\n"
    (root / "source" / "beta.md").write_text(beta, "utf-8")


def _started(root: Path, capsys: pytest.CaptureFixture[str], memory: bool = True) -> Path:
    """The alpha document translated into French, beta added and extracted."""
    _project(root, memory=memory)
    assert run_cli(root, "extract", capsys=capsys)[0] == 0
    assert run_cli(root, "init", "fr", capsys=capsys)[0] == 0
    _translate(root / "locales" / "fr" / "LC_MESSAGES" / "alpha.po", FRENCH)
    _add_second_document(root)
    assert run_cli(root, "extract", capsys=capsys)[0] == 0
    return root / "locales" / "fr" / "LC_MESSAGES" / "beta.po"


def _assert_filled_from_alpha(path: Path) -> None:
    catalog = polib.pofile(str(path))
    heading, shared, changed, new = (catalog.find(m) for m in ("Guidelines", SHARED, CHANGED, NEW))
    assert heading is not None and shared is not None and changed is not None
    assert new is not None
    for exact in (heading, shared):
        assert exact.msgstr == FRENCH[exact.msgid] and "fuzzy" not in exact.flags
        assert exact.tcomment == "translation memory: same text in alpha"
    assert changed.msgstr == FRENCH[CHANGED_FROM] and "fuzzy" in changed.flags
    assert changed.previous_msgid == CHANGED_FROM
    assert changed.tcomment == "translation memory: near match in alpha"
    assert new.msgstr == "" and not new.tcomment  # nothing close enough: left alone


def test_update_fills_a_second_document_and_is_idempotent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    beta = _started(tmp_path, capsys)
    assert run_cli(tmp_path, "update", capsys=capsys)[0] == 0
    _assert_filled_from_alpha(beta)
    first = beta.read_bytes()
    status, out, _ = run_cli(tmp_path, "update", capsys=capsys)
    assert status == 0 and "nothing changed" in out and beta.read_bytes() == first
    # msgfmt reads what was written, and check counts the exact matches as translated.
    status, out, _ = run_cli(tmp_path, "check", "fr", capsys=capsys)
    assert "fr beta: " in out and "1 fuzzy, 1 untranslated" in out


def test_init_fills_a_new_languages_second_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    beta = _started(tmp_path, capsys)
    # French gets beta's catalog from init (it already has alpha's): filled the same way.
    assert not beta.exists()
    status, out, _ = run_cli(tmp_path, "init", "fr", capsys=capsys)
    assert status == 0 and "wrote locales/fr/LC_MESSAGES/beta.po" in out
    _assert_filled_from_alpha(beta)


@pytest.mark.parametrize("how", ["option", "setting"])
def test_memory_can_be_turned_off(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    beta = _started(tmp_path, capsys, memory=how == "option")
    extra = ["--no-memory"] if how == "option" else []
    assert run_cli(tmp_path, "update", *extra, capsys=capsys)[0] == 0
    assert all(entry.msgstr == "" for entry in polib.pofile(str(beta)))
    beta.unlink()
    assert run_cli(tmp_path, "init", "fr", *extra, capsys=capsys)[0] == 0
    assert all(entry.msgstr == "" for entry in polib.pofile(str(beta)))


def test_a_translators_own_work_is_never_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    beta = _started(tmp_path, capsys)
    assert run_cli(tmp_path, "update", "--no-memory", capsys=capsys)[0] == 0
    mine = {SHARED: "Ma propre traduction.", CHANGED: "Mon brouillon."}
    _translate(beta, mine)
    with edited_catalog(beta) as catalog:
        draft = catalog.find(CHANGED)
        assert draft is not None
        draft.flags.append("fuzzy")
    assert run_cli(tmp_path, "update", capsys=capsys)[0] == 0
    catalog = polib.pofile(str(beta))
    for msgid, msgstr in mine.items():
        entry = catalog.find(msgid)
        assert entry is not None and entry.msgstr == msgstr and not entry.tcomment
    heading = catalog.find("Guidelines")
    assert heading is not None and heading.msgstr == FRENCH["Guidelines"]


# Property: over random catalogs of three documents, an update with memory (merge, then
# fill) keeps every translation it is given and changes nothing when run again.
WORD = st.sampled_from(["teachers", "data", "school", "guidelines", "ethics", "call", "use"])
MESSAGE = st.lists(WORD, min_size=3, max_size=8).map(lambda words: " ".join(words) + ".")
STATE = st.sampled_from(["none", "translated", "fuzzy"])


@st.composite
def catalogs(draw: st.DrawFn) -> dict[str, Catalog]:
    found = {}
    for doc in ("a", "b", "c"):
        messages = draw(st.lists(MESSAGE, min_size=1, max_size=6, unique=True))
        entries = []
        for i, msgid in enumerate(messages):
            state = draw(STATE)
            msgstr = "" if state == "none" else f"{doc}{i} " + msgid.upper()
            flags = (FUZZY,) if state == "fuzzy" else ()
            entries.append(Entry(msgid, msgstr, flags=flags))
        found[doc] = Catalog(header=(("Language", "fr"),), entries=tuple(entries))
    return found


def _update(documents: dict[str, Catalog]) -> dict[str, Catalog]:
    templates = {
        doc: Catalog(header=(), entries=tuple(Entry(e.msgid) for e in catalog.entries))
        for doc, catalog in documents.items()
    }
    merged = {doc: merge(templates[doc], documents[doc]) for doc in documents}
    return fill_documents(merged, list(merged))


@settings(max_examples=200, deadline=None)
@given(before=catalogs())
def test_memory_loses_nothing_and_is_idempotent(before: dict[str, Catalog]) -> None:
    once = _update(before)
    for doc, catalog in before.items():
        after = {entry.msgid: entry for entry in once[doc].entries}
        for entry in catalog.entries:
            if entry.msgstr:
                assert after[entry.msgid] == entry
    assert _update(once) == once
