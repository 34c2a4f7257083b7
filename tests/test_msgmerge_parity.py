"""``update`` merges as GNU ``msgmerge --previous`` does, or better, on realistic edits.

Each case is an edit of a document: the old catalog (translated, as the pipeline writes
it) and the new template are merged once by the pipeline and once by the real
``msgmerge --previous``. For every template message the two must agree on which old
translation it takes (or none), whether it is fuzzy and its previous msgid, and both
must keep the same obsolete entries; where the pipeline does otherwise, the case says
so and why it is better, and the test holds it to exactly those differences.
"""

from __future__ import annotations

import random
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from pipeline.catalogs.model import (
    Catalog,
    Entry,
    language_header,
    merge,
    template_header,
)
from pipeline.catalogs.pofile import parse, render
from tests.conftest import REPO, require_tool

REFERENCE = ("source/doc.md",)
FRENCH_PLURALS = "nplurals=2; plural=(n > 1);"


@dataclass(frozen=True)
class Old:
    """An old catalog entry other than a plain translated one."""

    msgid: str
    fuzzy: bool = False
    previous: str | None = None
    obsolete: bool = False
    translated: bool = True
    plural: str | None = None


@dataclass(frozen=True)
class Edit:
    name: str
    before: list[str | Old]
    after: list[str]
    # Template message -> why the pipeline's outcome for it is better than msgmerge's.
    better: dict[str, str] = field(default_factory=dict)


P1 = (
    "Artificial intelligence (AI) systems are now part of everyday life. As they develop"
    " further and the use of data grows, we need a better understanding of how they affect"
    " the world around us, including education and training."
)
P2 = (
    "AI can transform education and training for learners, teachers and school staff. It"
    " can help reduce early school leaving and support teachers with personalised learning."
)
P3 = (
    "To meet these challenges, the Commission published the ethical guidelines in"
    " **October 2022**. They offer practical support and guidance, above all for primary"
    " and secondary school teachers who have little or no experience of using AI."
)
P4 = (
    "The guidelines and their summary were drawn up with the support of an informal"
    " Commission expert group that brings together expertise from education and academia."
)
S1 = "The Commission will also support related research and innovation."
S2 = "It will develop a training programme for researchers and students."
ITEM = "help teachers and pupils in teaching and learning;"
LINK = (
    "Read the [guidelines](https://op.europa.eu/en/publication-detail/-/publication/d81a0d54)"
    " in any official language."
)
NOTE = "Around 45% of teachers say they lack the skills to use AI in class.^[Survey of 2022.]"
TITLE = "Ethical guidelines for teachers on AI and data use"
ITEMS = [
    "explain how AI is used in schools;",
    "explain how data is used in schools;",
    "explain how AI is used in classrooms;",
    "explain how AI is taught in schools;",
    "explain how data is kept in schools;",
]
ACCENTED = (
    "Les lignes directrices éthiques s’adressent aux enseignants du primaire et du secondaire."
)
DIFFERENT = "Bees make honey in the summer months, far from any classroom."

FUZZY_WITHOUT_PREVIOUS = (
    "the old entry was fuzzy without a previous msgid; msgmerge then shows no old source"
    " text at all, the pipeline shows the text the translation was last matched to"
)

CASES = [
    Edit("typo fixed in a paragraph", [P2], [P2.replace("personalised", "personalized")]),
    Edit("typo fixed in a heading", ["Fundng", "Objectives"], ["Funding", "Objectives"]),
    Edit(
        "heading made singular", ["Objectives", "Key activities"], ["Objective", "Key activities"]
    ),
    Edit("heading made plural", ["Timeline", "Funding"], ["Timelines", "Funding"]),
    Edit("date changed", [P3], [P3.replace("October", "November")]),
    Edit("percentage changed", [NOTE], [NOTE.replace("45%", "47%")]),
    Edit("year of a footnote changed", [NOTE], [NOTE.replace("2022", "2023")]),
    Edit("final full stop added", [S1.rstrip(".")], [S1]),
    Edit("comma turned into a semicolon", [P2], [P2.replace("staff. It", "staff; it")]),
    Edit(
        "straight apostrophe made typographic",
        ["The Commission's guidelines"],
        ["The Commission’s guidelines"],
    ),
    Edit("two sentences swapped", [f"{S1} {S2}"], [f"{S2} {S1}"]),
    Edit("sentence added at the end", [P4], [f"{P4} They were published in 2022."]),
    Edit("sentence added at the start", [P1], [f"Read this first. {P1}"]),
    Edit("clause removed", [P1], [P1.replace(", including education and training", "")]),
    Edit("paragraph split in two", [f"{S1} {S2}"], [S1, S2]),
    Edit("two paragraphs merged", [S1, S2], [f"{S1} {S2}"]),
    Edit("heading renamed outright", ["Background", P1], ["Context", P1]),
    Edit(
        "heading reworded",
        ["How the guidelines were prepared"],
        ["How the guidelines were developed"],
    ),
    Edit(
        "heading capitalised", ["Digital education action plan"], ["Digital Education Action Plan"]
    ),
    Edit("word added to a heading", ["Guidelines"], ["Ethical guidelines"]),
    Edit("title changed", [TITLE, P1], [TITLE.replace("AI", "artificial intelligence"), P1]),
    Edit(
        "list item reworded",
        [ITEM, "explain how AI is used in schools;"],
        [ITEM.replace("pupils", "learners"), "explain how AI is used in schools;"],
    ),
    Edit("link target changed", [LINK], [LINK.replace("d81a0d54", "e9a0c3f1")]),
    Edit("emphasis added", [P4], [P4.replace("informal", "*informal*")]),
    Edit("double space removed", [P4.replace("the support", "the  support")], [P4]),
    Edit("paragraph removed", [P1, P2, P3], [P1, P3]),
    Edit("paragraphs reordered", [P1, P2, P3], [P3, P1, P2]),
    Edit("unrelated paragraph added", [P1, P2], [P1, DIFFERENT, P2]),
    Edit("paragraph rewritten beyond recognition", [S1], ["Nothing here resembles the past."]),
    Edit(
        "the closest of two similar messages is chosen",
        ["Teachers use AI tools in class.", "Teachers use AI tools at home."],
        ["Teachers use AI tools in classes."],
    ),
    Edit("table year changed", ["2021", "Share of schools"], ["2022", "Share of schools"]),
    Edit("heading replaced by a word of similar letters", ["Funding"], ["Financing"]),
    Edit(
        "one of many similar list items changed",
        ITEMS,
        [*ITEMS[:3], ITEMS[3].replace("schools", "colleges"), *ITEMS[4:]],
    ),
    Edit("accented text edited", [ACCENTED], [ACCENTED.replace("éthiques", "éthiques et")]),
    Edit(
        "one old message matched by two new ones",
        [S1, P4],
        [S1.replace("also", "further"), S1.replace("also", "in time"), P4],
    ),
    Edit("table share changed", ["45%", "Year"], ["47%", "Year"]),
    Edit("obsolete message revived", [P1, Old(P2, obsolete=True)], [P1, P2]),
    Edit(
        "obsolete message revived with an edit",
        [P1, Old(P2, obsolete=True)],
        [P1, P2.replace("school staff", "other staff")],
    ),
    Edit("obsolete fuzzy message revived", [P1, Old(P2, fuzzy=True, obsolete=True)], [P1, P2]),
    Edit(
        "second edit before review",
        [Old(S1.replace("related", "new"), fuzzy=True, previous=S1)],
        [S1.replace("related", "newer")],
    ),
    Edit(
        "fuzzy message unchanged",
        [Old(S1.replace("related", "new"), fuzzy=True, previous=S1)],
        [S1.replace("related", "new")],
    ),
    Edit(
        "fuzzy message without previous msgid edited",
        [Old(S1, fuzzy=True)],
        [S1.replace("also", "further")],
        better={S1.replace("also", "further"): FUZZY_WITHOUT_PREVIOUS},
    ),
    Edit("fuzzy message made obsolete", [Old(S1, fuzzy=True, previous=S2), P4], [P4]),
    Edit(
        "untranslated message edited",
        [Old(S1, translated=False), P4],
        [S1.replace("also", "further"), P4],
    ),
    Edit("plural entry of a singular message", [Old("One apple", plural="Apples")], ["One apple"]),
    Edit("plural entry of a removed message", [Old("One apple", plural="Apples"), P4], [P4]),
]


def _old_catalog(before: list[str | Old]) -> tuple[Catalog, dict[str, str]]:
    """The old catalog as the pipeline writes it, and translation -> the old msgid."""
    entries: list[Entry] = []
    owners: dict[str, str] = {}
    for number, item in enumerate(before):
        old = item if isinstance(item, Old) else Old(item)
        translation = f"FR-{number}" if old.translated else ""
        owners[translation] = old.msgid
        place = {} if old.obsolete else {"references": REFERENCE}
        entry = Entry(
            old.msgid,
            translation,
            extracted_comments=() if old.obsolete else ("paragraph",),
            flags=("fuzzy",) if old.fuzzy else (),
            previous_msgid=old.previous,
            obsolete=old.obsolete,
            **place,  # type: ignore[arg-type]
        )
        if old.plural is not None:
            entry = Entry(
                old.msgid,
                msgid_plural=old.plural,
                msgstr_plural=(translation, f"{translation}s"),
                extracted_comments=entry.extracted_comments,
                references=entry.references,
            )
        entries.append(entry)
    entries.sort(key=lambda entry: entry.obsolete)
    header = language_header(
        template_header("doc", "2026-01-01 00:00+0000"), "fr", "French", FRENCH_PLURALS, "doc"
    )
    return Catalog(header=header, entries=tuple(entries)), owners


def _template(after: list[str]) -> Catalog:
    entries = tuple(
        Entry(msgid, extracted_comments=("paragraph",), references=REFERENCE) for msgid in after
    )
    return Catalog(header=template_header("doc", "2026-02-01 00:00+0000"), entries=entries)


Outcome = tuple[str | None, bool, str | None]  # old msgid chosen, fuzzy, previous msgid


def _outcomes(merged: Catalog, owners: dict[str, str]) -> tuple[dict[str, Outcome], list[str]]:
    active: dict[str, Outcome] = {}
    for entry in merged.active:
        first = entry.msgstr_plural[0] if entry.msgstr_plural else entry.msgstr
        chosen = owners.get(first) if first else None
        fuzzy = entry.fuzzy and chosen is not None  # fuzzy needs a translation
        active[entry.msgid] = (chosen, fuzzy, entry.previous_msgid if fuzzy else None)
    return active, sorted(entry.msgid for entry in merged.obsolete)


def _merged_both_ways(
    case: Edit, folder: Path
) -> tuple[tuple[dict[str, Outcome], list[str]], tuple[dict[str, Outcome], list[str]]]:
    old, owners = _old_catalog(case.before)
    (folder / "old.po").write_text(render(old), "utf-8")
    (folder / "new.pot").write_text(render(_template(case.after)), "utf-8")
    old_read = parse((folder / "old.po").read_bytes(), "old.po")
    template_read = parse((folder / "new.pot").read_bytes(), "new.pot")
    ours = parse(render(merge(template_read, old_read)).encode("utf-8"), "ours.po")
    subprocess.run(
        [require_tool("msgmerge"), "--previous", "--quiet", "-o", "theirs.po", "old.po", "new.pot"],
        cwd=folder,
        check=True,
    )
    theirs = parse((folder / "theirs.po").read_bytes(), "theirs.po")
    return _outcomes(ours, owners), _outcomes(theirs, owners)


def test_there_are_enough_realistic_edits() -> None:
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_update_chooses_as_msgmerge_does_or_better(case: Edit, tmp_path: Path) -> None:
    (ours, our_obsolete), (theirs, their_obsolete) = _merged_both_ways(case, tmp_path)
    assert list(ours) == list(theirs) == list(dict.fromkeys(case.after))
    differing = {msgid for msgid in ours if ours[msgid] != theirs[msgid]}
    assert differing == set(case.better), {m: (ours[m], theirs[m]) for m in differing}
    for msgid in case.better:  # a better outcome still offers a translation
        assert ours[msgid][0] is not None
    # Obsolete entries: what msgmerge keeps, less what the pipeline put to better use.
    reused = {ours[msgid][0] for msgid in case.better}
    assert our_obsolete == [msgid for msgid in their_obsolete if msgid not in reused]


def test_parity_summary(tmp_path: Path) -> None:
    """Every template message of every case, counted as the same as msgmerge or better."""
    same = better = 0
    for number, case in enumerate(CASES):
        folder = tmp_path / str(number)
        folder.mkdir()
        (ours, _), (theirs, _) = _merged_both_ways(case, folder)
        for msgid in ours:
            if ours[msgid] == theirs[msgid]:
                same += 1
            else:
                better += 1
    assert better == sum(len(case.better) for case in CASES)
    assert same + better == sum(len(dict.fromkeys(case.after)) for case in CASES)


def _random_edit(text: str, rng: random.Random) -> str:
    """One edit of the kinds writers make: a letter dropped, a word added, removed,
    replaced or made plural."""
    words = text.split(" ")
    index = rng.randrange(len(words))
    kind = rng.choice(["letter", "insert", "delete", "replace", "plural"])
    if kind == "letter":
        at = rng.randrange(len(text))
        return text[:at] + text[at + 1 :]
    if kind == "insert":
        words.insert(index, rng.choice(["new", "also", "the", "2023", "*key*"]))
    elif kind == "delete" and len(words) > 1:
        words.pop(index)
    elif kind == "replace":
        words[index] = rng.choice(["teachers", "learners", "data", "schools", "Europe"])
    else:
        words[index] += "s"
    return " ".join(words)


@pytest.mark.parametrize("seed", range(5))
def test_random_edits_of_the_factsheet_merge_as_msgmerge_does(seed: int, tmp_path: Path) -> None:
    """The real French catalog, a third of its messages edited, some removed."""
    msgmerge = require_tool("msgmerge")
    old_path = REPO / "locales" / "fr" / "LC_MESSAGES" / "factsheet.po"
    old = parse(old_path.read_bytes(), "factsheet.po")
    template = parse((REPO / "locales" / "factsheet.pot").read_bytes(), "factsheet.pot")
    rng = random.Random(seed)
    entries: dict[str, Entry] = {}
    for entry in template.entries:
        roll = rng.random()
        if roll < 0.05:
            continue
        if roll < 0.4:
            entry = replace(entry, msgid=_random_edit(entry.msgid, rng))
        entries.setdefault(entry.msgid, entry)
    (tmp_path / "new.pot").write_text(render(replace(template, entries=tuple(entries.values()))))
    subprocess.run(
        [msgmerge, "--previous", "--quiet", "-o", "theirs.po", str(old_path), "new.pot"],
        cwd=tmp_path,
        check=True,
    )
    ours = merge(parse((tmp_path / "new.pot").read_bytes(), "new.pot"), old)
    theirs = parse((tmp_path / "theirs.po").read_bytes(), "theirs.po")
    owners = {entry.msgstr: entry.msgid for entry in old.entries}
    assert _outcomes(parse(render(ours).encode(), "ours.po"), owners) == _outcomes(theirs, owners)
