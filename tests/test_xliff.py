"""XLIFF 2.1 exchange: lossless round trips, CAT-tool edits, damaged markup, hostile files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline.adapters import pandoc
from pipeline.catalogs import pofile
from pipeline.catalogs.model import Catalog, Entry
from pipeline.core.errors import PipelineError
from pipeline.exchange import applying, inline, xliff, xliff_read
from tests.conftest import copy_project, run_cli

REPO = Path(__file__).resolve().parent.parent
CATALOGS = sorted(REPO.glob("locales/*/LC_MESSAGES/*.po"))
NS = {"x": xliff.XLIFF_NS, "mda": xliff.MDA_NS}


def _export(catalogs: list[tuple[str, Catalog]], target: str = "fr") -> bytes:
    documents = [xliff.Document(domain, f"{domain}.po", c) for domain, c in catalogs]
    return xliff.export(documents, "en", target)


def test_every_repository_catalog_goes_through_xliff_unchanged() -> None:
    assert len(CATALOGS) == 46  # 23 target languages x (factsheet, ui)
    for path in CATALOGS:
        catalog = pofile.read(path)
        data = _export([(path.stem, catalog)], path.parts[-3])
        _check_structure(data)
        document = xliff_read.parse(data, "t.xlf")
        [(domain, back)] = xliff_read.catalogs(document)
        assert domain == path.stem
        assert pofile.render(back).encode("utf-8") == path.read_bytes(), path
        applied = applying.apply(catalog, document.files[0], "t.xlf")
        assert applied.changed == 0 and not applied.findings
        assert pofile.render(applied.catalog).encode("utf-8") == path.read_bytes()


def test_export_and_import_through_the_command_line_change_no_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "p")
    before = {p: p.read_bytes() for p in root.glob("locales/*/LC_MESSAGES/*.po")}
    status, out, _ = run_cli(
        root, "xliff", "export", "de", "-o", str(tmp_path / "de.xlf"), capsys=capsys
    )
    assert status == 0 and "wrote" in out
    status, out, err = run_cli(
        root, "xliff", "import", "de", str(tmp_path / "de.xlf"), capsys=capsys
    )
    assert (status, err) == (0, "")
    units = len(re.findall(r"<(?:unit|trans-unit) ", (tmp_path / "de.xlf").read_text("utf-8")))
    assert units > 60 and "nothing changed" in out and f"0 of {units} units applied" in out
    assert {p: p.read_bytes() for p in before} == before


# --- the inline codes -------------------------------------------------------------------

MARKDOWN = st.lists(
    st.sampled_from(
        ["word", " ", "*", "**", "_", "[", "]", "(", ")", "^[", "`", "\\", "<", ">", "~", "^",
         "![", "{.x}", '"', "https://a.eu/x", "@", "\n", "é", "\x0b", "\u2028", "a@b.eu"]
    ),
    max_size=30,
).map("".join)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(MARKDOWN)
def test_tokenizing_loses_no_character(text: str) -> None:
    assert inline.flatten(inline.tokenize(text)) == text


def _count(node: Any, found: dict[str, int]) -> None:
    if isinstance(node, dict):
        tag = node.get("t")
        names = {"Emph": "emphasis", "Strong": "strong", "Link": "link", "Note": "note"}
        if tag in names:
            found[names[tag]] = found.get(names[tag], 0) + 1
        if tag == "Code":
            found["code"] = found.get("code", 0) + 1
        for value in node.values():
            _count(value, found)
    elif isinstance(node, list):
        for item in node:
            _count(item, found)


def test_inline_codes_are_the_markup_pandoc_reads() -> None:
    """Every emphasis, strong, link, note and code span pandoc reads in the
    repository's messages is an inline code, and nothing else is."""
    messages = [e.msgid for p in REPO.glob("locales/*.pot") for e in pofile.read(p).entries]
    messages += [e.msgstr for p in CATALOGS[:6] for e in pofile.read(p).entries if e.msgstr]
    readings = pandoc.read_translations(messages)
    for message, reading in zip(messages, readings, strict=True):
        expected: dict[str, int] = {}
        _count(pandoc.usable(reading), expected)
        found: dict[str, int] = {}
        for code in inline.codes(inline.tokenize(message)):
            kind = "link" if code.kind == "autolink" else code.kind  # <a@b.eu> is a link
            if kind in ("emphasis", "strong", "link", "note", "code"):
                found[kind] = found.get(kind, 0) + 1
        assert found == expected, message


# --- generated catalogs -----------------------------------------------------------------

TEXT = st.lists(
    st.sampled_from(["Word", " ", "*em*", "**strong**", "[link](https://a.eu \"T\")", "^[note]",
                     "`code`", "\\@", "é", "\t", "\x0b", "\r", "\"", "%(n)s", "<a@b.eu>"]),
    min_size=1, max_size=8,
).map("".join)  # fmt: skip
LINE = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\x00"), max_size=12
)


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    entries = []
    keys = set()
    for _ in range(draw(st.integers(1, 5))):
        msgctxt = draw(st.none() | st.sampled_from(["menu", ""]))
        msgid = draw(TEXT)
        if (msgctxt, msgid) in keys:
            continue
        keys.add((msgctxt, msgid))
        plural = draw(st.booleans()) and draw(st.booleans())
        obsolete = draw(st.booleans()) and draw(st.booleans())
        fuzzy = draw(st.booleans())
        flags = (("fuzzy",) if fuzzy else ()) + draw(st.sampled_from([(), ("python-format",)]))
        entries.append(
            Entry(
                msgid=msgid,
                msgstr="" if plural else draw(st.just("") | TEXT),
                msgctxt=msgctxt,
                msgid_plural=draw(TEXT) if plural else None,
                msgstr_plural=tuple(draw(st.lists(st.just("") | TEXT, min_size=1, max_size=3)))
                if plural
                else (),
                extracted_comments=() if obsolete else tuple(draw(st.lists(LINE, max_size=2))),
                translator_comments=tuple(draw(st.lists(LINE, max_size=2))),
                references=() if obsolete else draw(st.sampled_from([(), ("source/a.md",)])),
                flags=flags,
                previous_msgid=draw(TEXT) if fuzzy and not obsolete else None,
                obsolete=obsolete,
            )
        )
    header = (("Project-Id-Version", "a"), ("Language", "fr"), ("X-Odd", draw(LINE)))
    return Catalog(header=header, entries=tuple(entries), header_comments=(draw(LINE),))


@settings(max_examples=150, deadline=None)
@given(catalogs())
def test_generated_catalogs_survive_the_round_trip(catalog: Catalog) -> None:
    data = _export([("doc", catalog)])
    document = xliff_read.parse(data, "t.xlf")
    [(_, back)] = xliff_read.catalogs(document)
    assert back.entries == catalog.entries
    assert (back.header, back.header_comments) == (catalog.header, catalog.header_comments)
    assert pofile.render(back) == pofile.render(catalog)
    applied = applying.apply(catalog, document.files[0], "t.xlf")
    assert (applied.changed, applied.findings) == (0, ())


# --- a file a CAT tool edited -------------------------------------------------------------


def _units(root: Any) -> dict[str, Any]:
    return {
        u.find("x:segment/x:source", NS).xpath("string()")[:40]: u
        for u in root.iter(f"{{{xliff.XLIFF_NS}}}unit")
    }


def _unit_with(root: Any, source_start: str) -> Any:
    return next(u for text, u in _units(root).items() if text.startswith(source_start))


def test_an_edited_translation_is_imported_and_damaged_markup_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "p")
    target = tmp_path / "fr.xlf"
    assert (
        run_cli(root, "xliff", "export", "fr", "factsheet", "-o", str(target), capsys=capsys)[0]
        == 0
    )
    tree = etree.fromstring(target.read_bytes())
    # 1. "support related research and innovation through **Horizon Europe**;"
    edited = _unit_with(tree, "support related research")
    new_target = edited.find("x:segment/x:target", NS)
    strong = new_target.find("x:pc", NS)
    new_target.text = "soutenir la recherche par "
    strong.tail = " (modifié);"
    # 2. the paragraph with the e-mail address and links: its first link deleted
    damaged = _unit_with(tree, "For more information")
    damaged_target = damaged.find("x:segment/x:target", NS)
    email = damaged_target.find("x:ph", NS)
    damaged_target.text = (damaged_target.text or "") + (email.tail or "")
    damaged_target.remove(email)
    # 3. a translation marked for review again (state initial): it becomes fuzzy
    review = _unit_with(tree, "Digital Education Action Plan, action 6")
    review.find("x:segment", NS).set("state", "initial")
    review.find("x:segment/x:target", NS).text = "Plan d’action, action 6"
    target.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    damaged_line = etree.fromstring(target.read_bytes())
    line = (
        _unit_with(damaged_line, "For more information").find("x:segment/x:target", NS).sourceline
    )

    po = root / "locales/fr/LC_MESSAGES/factsheet.po"
    before = pofile.read(po)
    status, out, _ = run_cli(root, "xliff", "import", "fr", str(target), capsys=capsys)
    assert status == 1
    finding = f"{target}:{line}: error[xliff-markup]: unit {damaged.get('id')}: inline code c1"
    assert finding in out and "was deleted; not applied" in out
    assert "2 of" in out and "wrote locales/fr/LC_MESSAGES/factsheet.po" in out
    after = {e.msgid: e for e in pofile.read(po).entries}
    changed = after["support related research and innovation through **Horizon Europe**;"]
    assert changed.msgstr == "soutenir la recherche par **Horizon Europe** (modifié);"
    assert not changed.fuzzy
    assert after["Digital Education Action Plan, action 6"].fuzzy
    for entry in before.entries:  # everything else as it was, comments and all
        if entry.msgid not in (changed.msgid, "Digital Education Action Plan, action 6"):
            assert after[entry.msgid] == entry
        assert after[entry.msgid].extracted_comments == entry.extracted_comments


def test_reviewing_a_fuzzy_entry_clears_the_flag_and_the_previous_source() -> None:
    entry = Entry(
        msgid="New *text*", msgstr="Vieux *texte*", flags=("fuzzy",), previous_msgid="Old"
    )
    catalog = Catalog(header=(("Language", "fr"),), entries=(entry,))
    tree = etree.fromstring(_export([("doc", catalog)]))
    segment = tree.find(".//x:segment", NS)
    assert (segment.get("state"), segment.get("subState")) == ("initial", "po:fuzzy")
    assert tree.find(".//x:note[@category='previous-source']", NS).text == "Old"
    segment.set("state", "final")
    segment.find("x:target", NS).find("x:pc", NS).text = "texte"
    document = xliff_read.parse(etree.tostring(tree), "t.xlf")
    applied = applying.apply(catalog, document.files[0], "t.xlf")
    [result] = applied.catalog.entries
    assert (result.msgstr, result.flags, result.previous_msgid) == ("Vieux *texte*", (), None)


def test_split_codes_duplicates_and_inventions_are_read(tmp_path: Path) -> None:
    entry = Entry(msgid="See [the plan](https://a.eu) and *this*.", msgstr="x")
    catalog = Catalog(header=(), entries=(entry,))
    text = _export([("doc", catalog)]).decode()
    pc = re.search(r'<pc id="c1"[^>]*dataRefStart="(d\d)" dataRefEnd="(d\d)">', text)
    assert pc is not None
    start, end = pc.groups()
    link = f'dataRefStart="{start}" dataRefEnd="{end}"'
    emphasis = '<pc id="c2" dataRefStart="d3" dataRefEnd="d4">x</pc>'
    cases = {
        # a tool that writes pairs as <sc>/<ec>: read as the same link
        f'<sc id="c1" dataRef="{start}"/>le plan<ec startRef="c1" dataRef="{end}"/> {emphasis}': (
            "[le plan](https://a.eu) *x*",
            (),
        ),
        f'<ec startRef="c1" dataRef="{end}"/>le plan<sc id="c1" dataRef="{start}"/> {emphasis}': (
            None,
            ("ends before it starts",),
        ),
        f'<pc id="c1" {link}>a</pc><pc id="c1" {link}>b</pc>{emphasis}': (
            None,
            ("appears 2 times",),
        ),
        f'<pc id="c1" {link}>a</pc><ph id="c9" dataRef="d99"/>{emphasis}': (
            None,
            ("refers to no markup",),
        ),
        f'<pc id="c1" {link}>a</pc><pc id="c7" {link}>b</pc>{emphasis}': (
            None,
            ("duplicates markup",),
        ),
        f'<pc id="c1" {link}>a</pc> x': (None, ("c2 ('*') was deleted",)),
    }
    for content, (markdown, problems) in cases.items():
        edited = re.sub(r"<target>.*?</target>", f"<target>{content}</target>", text, flags=re.S)
        [segment] = xliff_read.parse(edited.encode(), "t.xlf").files[0].units[0].segments
        if markdown is not None:
            assert segment.target == markdown
        assert len(segment.damage) == len(problems)
        for problem, message in zip(problems, segment.damage, strict=True):
            assert problem in message


def test_units_missing_or_stale_leave_entries_untouched() -> None:
    entries = (Entry(msgid="One", msgstr="Un"), Entry(msgid="Two", msgstr="Deux"))
    catalog = Catalog(header=(), entries=entries)
    text = _export([("doc", catalog)]).decode()
    first_unit = re.search(r"\s*<unit .*?</unit>", text, flags=re.S)
    assert first_unit is not None
    without_first = text.replace(first_unit.group(), "")
    stale = without_first.replace("<source>Two</source>", "<source>Too</source>")
    stale = stale.replace("<target>Deux</target>", "<target>Trop</target>")
    document = xliff_read.parse(stale.encode(), "t.xlf")
    applied = applying.apply(catalog, document.files[0], "t.xlf")
    assert applied.catalog.entries == entries
    [finding] = applied.findings
    assert (finding.severity, finding.code) == ("warning", "xliff-stale")


# --- hostile files ----------------------------------------------------------------------


@pytest.mark.hostile
@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE xliff [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">]>',
        '<!DOCTYPE xliff SYSTEM "http://127.0.0.1:9/x.dtd">',
    ],
)
def test_a_doctype_or_entity_is_refused(
    prolog: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "p", ["fr"])
    catalog = pofile.read(root / "locales/fr/LC_MESSAGES/ui.po")
    text = _export([("ui", catalog)]).decode()
    text = text.replace("?>\n", "?>\n" + prolog + "\n", 1).replace(
        ">Skip to content<", ">&secret;<"
    )
    hostile = tmp_path / "x.xlf"
    hostile.write_text(text, "utf-8")
    with pytest.raises(PipelineError, match="DOCTYPE"):
        xliff_read.parse(hostile.read_bytes(), "x.xlf")
    status, out, err = run_cli(root, "xliff", "import", "fr", str(hostile), capsys=capsys)
    assert status == 1 and "root:" not in out
    assert f"{hostile}:2: a DOCTYPE or entity declaration is not accepted" in err


@pytest.mark.hostile
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<xliff", "not well-formed"),
        (b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"/>', "XLIFF 1.2"),
        (b"<html/>", "not an XLIFF 2"),
    ],
)
def test_files_that_are_not_xliff_2_are_refused_at_their_line(data: bytes, message: str) -> None:
    with pytest.raises(PipelineError, match=message) as raised:
        xliff_read.parse(data, "x.xlf")
    assert raised.value.line == 1


# --- structure ----------------------------------------------------------------------------


def _check_structure(data: bytes) -> None:
    """The XLIFF 2.1 core's required parts, as its schema has them (no package here
    ships the OASIS schema): attributes, element order, unique ids, resolvable data."""
    root = etree.fromstring(data)
    assert root.tag == f"{{{xliff.XLIFF_NS}}}xliff"
    assert root.get("version") == "2.1" and root.get("srcLang") and root.get("trgLang")
    files = list(root)
    assert files and all(f.tag == f"{{{xliff.XLIFF_NS}}}file" for f in files)
    assert len({f.get("id") for f in files}) == len(files)
    for file in files:
        units = file.findall("x:unit", NS)
        assert units and len({u.get("id") for u in units}) == len(units)
        for unit in units:
            order = [etree.QName(child).localname for child in unit]
            allowed = ["metadata", "notes", "originalData", "segment"]
            assert order == sorted(order, key=allowed.index) and "segment" in order
            data_ids = [d.get("id") for d in unit.findall("x:originalData/x:data", NS)]
            assert len(set(data_ids)) == len(data_ids)
            for segment in unit.findall("x:segment", NS):
                assert segment.get("state") in ("initial", "translated", "reviewed", "final")
                assert etree.QName(segment[0]).localname == "source"
                for part in segment:
                    ids = [c.get("id") for c in part.iter() if c is not part and c.get("id")]
                    assert len(set(ids)) == len(ids)
                    for code in part.iter():
                        for ref in ("dataRef", "dataRefStart", "dataRefEnd"):
                            assert code.get(ref) is None or code.get(ref) in data_ids
