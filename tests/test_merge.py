"""Merging a new template into a translated catalog: msgmerge's semantics, nothing lost."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.catalogs.model import Catalog, Entry, completeness, merge, purge_obsolete
from pipeline.catalogs.pofile import parse, render
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


def test_a_second_edit_before_review_keeps_the_text_the_translation_was_made_for() -> None:
    """As msgmerge: ``#| msgid`` is what Poedit shows as the old source text."""
    original = "Funding comes from Horizon Europe."
    old = _translated({original: "Financé par Horizon Europe."})
    once = merge(_template("Funding comes from the Horizon Europe."), old)
    twice = merge(_template("Funding comes from the Horizon Europe programme."), once)
    entry = _by_msgid(twice)["Funding comes from the Horizon Europe programme."]
    assert entry.fuzzy and entry.msgstr == "Financé par Horizon Europe."
    assert entry.previous_msgid == original
    assert not twice.obsolete  # the intermediate, untranslated text is nowhere


def test_a_fuzzy_entry_without_previous_msgid_shows_the_text_it_was_matched_to() -> None:
    old = Catalog(
        header=HEADER, entries=(Entry("The dog ran in the park.", "Le chien", flags=("fuzzy",)),)
    )
    entry = _by_msgid(merge(_template("The dogs ran in the park."), old))[
        "The dogs ran in the park."
    ]
    assert entry.fuzzy and entry.previous_msgid == "The dog ran in the park."


def test_one_word_changes_that_share_no_whole_word_get_a_suggestion() -> None:
    old = _translated({"Objectives": "Objectifs", "Timeline": "Calendrier", "Fundng": "Fonds"})
    entries = _by_msgid(merge(_template("Objective", "Timelines", "Funding"), old))
    for new, before, translation in [
        ("Objective", "Objectives", "Objectifs"),
        ("Timelines", "Timeline", "Calendrier"),
        ("Funding", "Fundng", "Fonds"),
    ]:
        entry = entries[new]
        assert (entry.fuzzy, entry.previous_msgid, entry.msgstr) == (True, before, translation)


def _plural(msgid: str, plural: str, *forms: str) -> Entry:
    return Entry(msgid, msgid_plural=plural, msgstr_plural=forms)


def test_a_plural_entry_keeps_its_forms() -> None:
    template = Catalog(
        header=(),
        entries=(Entry("One pear", msgid_plural="%d pears", references=("source/doc.md",)),),
    )
    old = Catalog(
        header=HEADER, entries=(_plural("One pear", "%d pears", "Une poire", "%d poires"),)
    )
    entry = merge(template, old).entries[0]
    assert entry.msgstr_plural == ("Une poire", "%d poires") and not entry.fuzzy


def test_a_plural_entry_of_a_singular_message_keeps_its_first_form_as_fuzzy() -> None:
    """A document's messages are singular: a plural entry made of one keeps msgstr[0],
    fuzzy, with the plural source as previous text (as msgmerge)."""
    old = Catalog(header=HEADER, entries=(_plural("One apple", "Apples", "Une pomme", "Pommes"),))
    entry = merge(_template("One apple"), old).entries[0]
    assert (entry.msgid_plural, entry.msgstr, entry.msgstr_plural) == (None, "Une pomme", ())
    assert entry.fuzzy
    assert (entry.previous_msgid, entry.previous_msgid_plural) == ("One apple", "Apples")


def test_a_singular_translation_of_a_now_plural_message_fills_every_form() -> None:
    header = (("Plural-Forms", "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2);"),)
    old = Catalog(header=header, entries=(Entry("One apple", "Jabłko"),))
    template = Catalog(header=(), entries=(Entry("One apple", msgid_plural="%d apples"),))
    entry = merge(template, old).entries[0]
    assert entry.msgstr_plural == ("Jabłko",) * 3 and entry.fuzzy
    assert entry.previous_msgid == "One apple"


def test_a_partly_translated_plural_entry_that_leaves_becomes_obsolete() -> None:
    old = Catalog(header=HEADER, entries=(_plural("One apple", "Apples", "Une pomme", ""),))
    merged = merge(_template("Other"), old)
    assert [(e.msgid, e.msgstr_plural) for e in merged.obsolete] == [
        ("One apple", ("Une pomme", ""))
    ]


def test_an_entry_made_obsolete_loses_its_previous_msgid_so_a_second_merge_changes_nothing() -> (
    None
):
    old = Catalog(
        header=HEADER,
        entries=(
            Entry("Alpha beta gamma delta.", "ABGD", flags=("fuzzy",), previous_msgid="Alpha."),
            Entry("Keep", "Garder"),
        ),
    )
    once = merge(_template("Keep"), old)
    (gone,) = once.obsolete
    assert gone.fuzzy and gone.previous_msgid is None and gone.msgstr == "ABGD"
    text = render(once)
    assert render(merge(_template("Keep"), parse(text.encode(), "fr.po"))) == text


# -- properties ---------------------------------------------------------------------------

OLD_ENTRY = st.tuples(PARAGRAPH, st.booleans(), st.one_of(st.none(), PARAGRAPH), st.booleans())


@st.composite
def translated_catalogs(draw: st.DrawFn) -> tuple[Catalog, list[str]]:
    """An old catalog (some entries fuzzy with a previous msgid, some obsolete, some
    plural) and the new template's messages after random edits."""
    rows = draw(st.lists(OLD_ENTRY, min_size=1, max_size=12, unique_by=lambda row: row[0]))
    entries = []
    for msgid, fuzzy, previous, obsolete in rows:
        flags = ("fuzzy",) if fuzzy else ()
        entries.append(
            Entry(
                msgid,
                f"FR<{msgid}>",
                flags=flags,
                previous_msgid=previous if fuzzy and not obsolete else None,
                obsolete=obsolete,
            )
        )
    if draw(st.booleans()):
        entries[0] = _plural(entries[0].msgid, "many", "FR<one>", "FR<many>")
    entries.sort(key=lambda entry: entry.obsolete)
    before = [entry.msgid for entry in entries if not entry.obsolete]
    after = edit_paragraphs(draw, before, PARAGRAPH, WORDS, (0, 5))
    return Catalog(header=HEADER, entries=tuple(entries)), list(dict.fromkeys(after))


def _translations(entry: Entry) -> tuple[str, ...]:
    return (entry.msgstr, *entry.msgstr_plural)


@settings(max_examples=300, deadline=None)
@given(translated_catalogs())
def test_every_old_translation_is_active_or_obsolete_after_a_merge(
    case: tuple[Catalog, list[str]],
) -> None:
    old, after = case
    merged = merge(_template(*after), old)
    for previous in old.entries:
        sources = {previous.msgid, previous.previous_msgid}
        first = previous.first_msgstr
        assert any(
            first in _translations(entry)
            and (entry.msgid == previous.msgid or (entry.fuzzy and entry.previous_msgid in sources))
            for entry in merged.entries
        ), f"lost the translation of {previous.msgid!r}"
    assert [e.msgid for e in merged.active] == after


@settings(max_examples=200, deadline=None)
@given(translated_catalogs())
def test_a_merge_written_and_read_back_merges_to_the_same_file(
    case: tuple[Catalog, list[str]],
) -> None:
    old, after = case
    once = render(merge(_template(*after), old))
    again = render(merge(_template(*after), parse(once.encode(), "fr.po")))
    assert again == once
