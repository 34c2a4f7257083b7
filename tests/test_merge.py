"""Merging a new template into a translated catalog: msgmerge's semantics, nothing lost."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.catalogs.model import Catalog, Entry, completeness, merge, purge_obsolete
from tests.strategies import edit_paragraphs

HEADER = (("Language", "fr"),)


def _template(*msgids: str) -> Catalog:
    return Catalog(
        header=(("POT-Creation-Date", "2026-01-01 00:00+0000"),),
        entries=tuple(Entry(msgid, references=("source/doc.md",)) for msgid in msgids),
    )


def _translated(pairs: dict[str, str]) -> Catalog:
    return Catalog(header=HEADER, entries=tuple(Entry(k, v) for k, v in pairs.items()))


def _by_msgid(catalog: Catalog) -> dict[str, Entry]:
    return {entry.msgid: entry for entry in catalog.entries}


def test_unchanged_messages_keep_their_translation() -> None:
    merged = merge(_template("One apple.", "Two pears."), _translated({"One apple.": "Une pomme."}))
    entries = _by_msgid(merged)
    assert entries["One apple."].msgstr == "Une pomme."
    assert not entries["One apple."].fuzzy
    assert entries["Two pears."].msgstr == ""
    assert entries["One apple."].references == ("source/doc.md",)


def test_a_changed_message_takes_the_old_translation_as_fuzzy_with_the_previous_msgid() -> None:
    old = _translated(
        {"The guidelines were published in October 2022.": "Publiées en octobre 2022."}
    )
    merged = merge(_template("The guidelines were published in November 2022."), old)
    entry = _by_msgid(merged)["The guidelines were published in November 2022."]
    assert entry.fuzzy
    assert entry.msgstr == "Publiées en octobre 2022."
    assert entry.previous_msgid == "The guidelines were published in October 2022."
    assert not merged.obsolete  # used for the fuzzy match, so not also obsolete (as msgmerge)


def test_a_dissimilar_message_is_not_matched() -> None:
    merged = merge(
        _template("Completely different words here."), _translated({"Funding": "Financement"})
    )
    entry = _by_msgid(merged)["Completely different words here."]
    assert entry.msgstr == "" and not entry.fuzzy
    assert [e.msgid for e in merged.obsolete] == ["Funding"]


def test_a_removed_message_becomes_obsolete_and_comes_back_with_its_translation() -> None:
    old = _translated({"Contact": "Contact", "Funding": "Financement"})
    first = merge(_template("Contact"), old)
    assert [(e.msgid, e.msgstr, e.obsolete) for e in first.obsolete] == [
        ("Funding", "Financement", True)
    ]
    second = merge(_template("Contact", "Funding"), first)
    revived = _by_msgid(second)["Funding"]
    assert (revived.msgstr, revived.obsolete, revived.fuzzy) == ("Financement", False, False)
    assert not second.obsolete


def test_purge_obsolete_drops_only_obsolete_entries() -> None:
    merged = merge(
        _template("Contact"), _translated({"Contact": "Contact", "Funding": "Financement"})
    )
    assert [e.msgid for e in purge_obsolete(merged).entries] == ["Contact"]


def test_merge_takes_the_templates_creation_date() -> None:
    old = Catalog(
        header=(("POT-Creation-Date", "2020-01-01 00:00+0000"), ("Language", "fr")), entries=()
    )
    merged = merge(_template("A"), old)
    assert merged.header == (("POT-Creation-Date", "2026-01-01 00:00+0000"), ("Language", "fr"))


def test_fuzzy_never_counts_as_translated() -> None:
    catalog = Catalog(
        header=HEADER,
        entries=(
            Entry("one two three", "un deux trois"),
            Entry("four five", "quatre cinq", flags=("fuzzy",)),
            Entry("six", ""),
            Entry("gone", "parti", obsolete=True),
        ),
    )
    figures = completeness(catalog)
    assert (
        figures.entries,
        figures.translated,
        figures.fuzzy,
        figures.untranslated,
        figures.obsolete,
    ) == (3, 1, 1, 1, 1)
    assert (figures.words, figures.translated_words, figures.fuzzy_words) == (6, 3, 2)
    assert round(figures.percent) == 50


WORDS = st.sampled_from(
    [
        "the",
        "guidelines",
        "teachers",
        "data",
        "use",
        "learning",
        "action",
        "call",
        "results",
        "AI",
        "2022",
        "45%",
    ]
)
PARAGRAPH = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)


@st.composite
def edited_documents(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    before = draw(st.lists(PARAGRAPH, min_size=1, max_size=15, unique=True))
    after = edit_paragraphs(draw, before, PARAGRAPH, WORDS, (0, 5))
    return before, list(dict.fromkeys(after))


@settings(max_examples=300, deadline=None)
@given(edited_documents())
def test_no_translation_is_ever_lost(docs: tuple[list[str], list[str]]) -> None:
    before, after = docs
    old = merge(_template(*before), _translated({}))
    old = Catalog(
        header=HEADER, entries=tuple(Entry(e.msgid, f"FR<{e.msgid}>") for e in old.entries)
    )
    merged = merge(_template(*after), old)
    for previous in old.entries:
        keeps = [
            entry
            for entry in merged.entries
            if entry.msgstr == previous.msgstr
            and (
                entry.msgid == previous.msgid
                or (entry.fuzzy and entry.previous_msgid == previous.msgid)
            )
        ]
        assert keeps, f"lost the translation of {previous.msgid!r}"
    # Every template message is there, in template order, each once.
    assert [e.msgid for e in merged.active] == after


@settings(max_examples=100, deadline=None)
@given(edited_documents())
def test_merge_is_idempotent(docs: tuple[list[str], list[str]]) -> None:
    before, after = docs
    old = Catalog(header=HEADER, entries=tuple(Entry(m, f"FR<{m}>") for m in before))
    once = merge(_template(*after), old)
    assert merge(_template(*after), once) == once


def test_a_message_of_common_words_still_finds_its_old_translation() -> None:
    """Words found in every message single out nothing; the match must still be found."""
    words = ["the", "data", "teachers", "use", "and", "learning"]
    olds = [" ".join(words[(i + k) % 6] for k in range(12)) + f" {i}" for i in range(600)]
    old = _translated({msgid: f"FR {msgid}" for msgid in olds})
    changed = olds[300].replace("teachers", "pupils", 1)
    entry = _by_msgid(merge(_template(*olds[:300], changed, *olds[301:]), old))[changed]
    assert entry.fuzzy and entry.previous_msgid == olds[300]
