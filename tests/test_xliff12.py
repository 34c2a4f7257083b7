"""XLIFF 1.2 exchange: lossless round trips, a CAT tool's edits, translate-toolkit as oracle."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from lxml import etree

from pipeline.catalogs import pofile
from pipeline.catalogs.model import Catalog, Entry
from pipeline.core.errors import PipelineError
from pipeline.exchange import applying, xliff, xliff12, xliff12_read, xliff_read
from tests.conftest import copy_project, run_cli
from tests.test_xliff import catalogs

REPO = Path(__file__).resolve().parent.parent
CATALOGS = sorted(REPO.glob("locales/*/LC_MESSAGES/*.po"))
NS = {"x": xliff12.XLIFF12_NS}


def _export(items: list[tuple[str, Catalog]], target: str = "fr") -> bytes:
    documents = [xliff.Document(domain, f"{domain}.po", c) for domain, c in items]
    return xliff12.export(documents, "en", target)


def test_every_repository_catalog_goes_through_xliff_1_2_unchanged() -> None:
    assert len(CATALOGS) == 46
    for path in CATALOGS:
        catalog = pofile.read(path)
        data = _export([(path.stem, catalog)], path.parts[-3])
        _check_structure(data)
        document = xliff12_read.parse(data, "t.xlf")
        [(domain, back)] = xliff_read.catalogs(document)
        assert domain == path.stem
        assert pofile.render(back).encode("utf-8") == path.read_bytes(), path
        applied = applying.apply(catalog, document.files[0], "t.xlf")
        assert applied.changed == 0 and not applied.findings
        assert pofile.render(applied.catalog).encode("utf-8") == path.read_bytes()


@settings(max_examples=100, deadline=None)
@given(catalogs())
def test_generated_catalogs_survive_the_1_2_round_trip(catalog: Catalog) -> None:
    document = xliff12_read.parse(_export([("doc", catalog)]), "t.xlf")
    [(_, back)] = xliff_read.catalogs(document)
    assert back.entries == catalog.entries
    assert pofile.render(back) == pofile.render(catalog)
    applied = applying.apply(catalog, document.files[0], "t.xlf")
    assert (applied.changed, applied.findings) == (0, ())


def test_export_1_2_and_import_through_the_command_line_change_no_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "p")
    before = {p: p.read_bytes() for p in root.glob("locales/*/LC_MESSAGES/*.po")}
    target = tmp_path / "de.xlf"
    status, out, _ = run_cli(
        root, "xliff", "export", "de", "--version", "1.2", "-o", str(target), capsys=capsys
    )
    assert status == 0 and "wrote" in out
    assert etree.fromstring(target.read_bytes()).get("version") == "1.2"
    status, out, err = run_cli(root, "xliff", "import", "de", str(target), capsys=capsys)
    assert (status, err) == (0, "")
    units = len(re.findall(r"<(?:unit|trans-unit) ", target.read_text("utf-8")))
    assert units > 60 and "nothing changed" in out and f"0 of {units} units applied" in out
    assert {p: p.read_bytes() for p in before} == before


def _unit_with(tree: etree._Element, source_start: str) -> etree._Element:
    return next(
        unit
        for unit in tree.iter(xliff12.q("trans-unit"))
        if unit.find("x:source", NS).xpath("string()").startswith(source_start)
    )


def test_a_cat_tools_edit_is_imported_and_a_deleted_code_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "p")
    target = tmp_path / "fr.xlf"
    args = ("xliff", "export", "fr", "factsheet", "--version", "1.2", "-o", str(target))
    assert run_cli(root, *args, capsys=capsys)[0] == 0
    tree = etree.fromstring(target.read_bytes())
    # the target of "support related research ... **Horizon Europe**;" rewritten
    edited = _unit_with(tree, "support related research").find("x:target", NS)
    edited.text = "soutenir la recherche par "
    edited.find("x:ept", NS).tail = " (modifié);"
    # the e-mail address (a <ph>) deleted from another unit's target
    damaged = _unit_with(tree, "For more information")
    damaged_target = damaged.find("x:target", NS)
    email = damaged_target.find("x:ph", NS)
    assert email.text.startswith("<EAC-DIGITALEDUCATION@")
    previous = email.getprevious()
    if previous is None:
        damaged_target.text = (damaged_target.text or "") + (email.tail or "")
    else:
        previous.tail = (previous.tail or "") + (email.tail or "")
    damaged_target.remove(email)
    target.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    line = _unit_with(etree.fromstring(target.read_bytes()), "For more information")
    line = line.find("x:target", NS).sourceline

    po = root / "locales/fr/LC_MESSAGES/factsheet.po"
    before = {e.msgid: e for e in pofile.read(po).entries}
    status, out, _ = run_cli(root, "xliff", "import", "fr", str(target), capsys=capsys)
    assert status == 1
    finding = f"{target}:{line}: error[xliff-markup]: unit {damaged.get('id')}: inline code"
    assert finding in out and "was deleted; not applied" in out
    assert "1 of" in out and "wrote locales/fr/LC_MESSAGES/factsheet.po" in out
    after = {e.msgid: e for e in pofile.read(po).entries}
    changed = "support related research and innovation through **Horizon Europe**;"
    assert after[changed].msgstr == "soutenir la recherche par **Horizon Europe** (modifié);"
    assert {k: v for k, v in after.items() if k != changed} == {
        k: v for k, v in before.items() if k != changed
    }


def _fixture_catalog() -> Catalog:
    entries = (
        Entry(msgid="See *this* and `code`.", msgstr="Voir *ceci* et `code`."),
        Entry(msgid="Open", msgstr="Ouvrir", msgctxt="menu", extracted_comments=("a verb",)),
        Entry(msgid="New", msgstr="Nouveau", flags=("fuzzy",), previous_msgid="Old"),
        Entry(msgid="Empty", msgstr=""),
        Entry(
            msgid="One file",
            msgid_plural="%d files",
            msgstr_plural=("Un fichier", "%d fichiers"),
            references=("a.md:1",),
        ),
        Entry(msgid="Gone", msgstr="Parti", obsolete=True),
    )
    return Catalog(header=(("Language", "fr"),), entries=entries)


def _xliff2po() -> str:
    found = Path(sys.executable).parent / "xliff2po"
    command = str(found) if found.exists() else shutil.which("xliff2po")
    if command is None:
        pytest.skip("translate-toolkit's xliff2po is not installed")
    return command


def test_translate_toolkit_reads_the_same_messages(tmp_path: Path) -> None:
    """The oracle: xliff2po's PO has our msgid and msgstr for every translated unit
    (with the Markdown put back together from the codes), whatever it makes of states."""
    command = _xliff2po()
    for domain, catalog in [("fixture", _fixture_catalog())] + [
        (p.stem, pofile.read(p)) for p in CATALOGS if p.parts[-3] in ("fr", "de", "pl")
    ]:
        source = tmp_path / f"{domain}.xlf"
        source.write_bytes(_export([(domain, catalog)]))
        result = tmp_path / f"{domain}.po"
        subprocess.run([command, str(source), str(result)], check=True, capture_output=True)
        theirs = [(e.msgid, e.msgstr) for e in polib.pofile(str(result)) if e.msgstr]
        ours: list[tuple[str, str]] = []
        for entry in catalog.entries:
            if entry.msgid_plural is not None:  # read as one entry per form
                forms = [entry.msgid] + [entry.msgid_plural] * (len(entry.msgstr_plural) - 1)
                ours += [(s, t) for s, t in zip(forms, entry.msgstr_plural, strict=True) if t]
            elif entry.msgstr:
                ours.append((entry.msgid, entry.msgstr))
        assert theirs == ours, domain
        assert len(theirs) > 3


@pytest.mark.hostile
def test_damage_in_1_2_codes_is_found() -> None:
    catalog = Catalog(header=(), entries=(Entry(msgid="See *this* `x`.", msgstr="y"),))
    text = _export([("doc", catalog)]).decode()
    pair = '<bpt id="1" ctype="italic">*</bpt>ceci<ept id="1">*</ept>'
    code = '<ph id="2" ctype="x-code">`x`</ph>'
    cases = {
        f"Voir {pair} {code}.": ("Voir *ceci* `x`.", ()),
        f'Voir {pair} <ph id="2" ctype="x-code">`y`</ph>.': (None, ("does not stand for",)),
        f'Voir <ept id="1">*</ept>ceci<bpt id="1">*</bpt> {code}.': (None, ("ends before",)),
        f"Voir {pair} {code}{code}.": (None, ("appears 2 times",)),
        f'Voir {pair} <x id="2"/>.': (None, ("unknown element <x>", "was deleted")),
    }
    for content, (markdown, problems) in cases.items():
        edited = text.replace(
            '<target state="translated">y</target>',
            f'<target state="translated">{content}</target>',
        )
        [segment] = xliff12_read.parse(edited.encode(), "t.xlf").files[0].units[0].segments
        if markdown is not None:
            assert segment.target == markdown
        assert len(segment.damage) == len(problems), (content, segment.damage)
        for problem, message in zip(problems, segment.damage, strict=True):
            assert problem in message


@pytest.mark.hostile
def test_a_1_2_file_with_a_doctype_is_refused() -> None:
    data = _export([("doc", _fixture_catalog())]).replace(
        b"?>\n", b'?>\n<!DOCTYPE xliff [<!ENTITY a "b">]>\n', 1
    )
    with pytest.raises(PipelineError, match="DOCTYPE") as raised:
        xliff12_read.parse(data, "x.xlf")
    assert raised.value.line == 2


def test_states_and_plurals_follow_the_1_2_conventions() -> None:
    tree = etree.fromstring(_export([("doc", _fixture_catalog())]))
    units = {
        u.find("x:source", NS).xpath("string()"): u for u in tree.iter(xliff12.q("trans-unit"))
    }
    fuzzy = units["New"]
    assert fuzzy.get("approved") == "no"
    assert fuzzy.find("x:target", NS).get("state") == "needs-review-translation"
    assert [n.text for n in fuzzy.findall("x:note", NS)] == ["previous source: Old"]
    assert units["Empty"].find("x:target", NS) is None
    assert units["Gone"].get("translate") == "no"
    assert units["Open"].get("resname") == "menu"
    group = units["One file"].getparent()
    assert group.get("restype") == "x-gettext-plurals"
    assert [u.get("id") for u in group.findall("x:trans-unit", NS)] == [
        group.get("id") + "[0]",
        group.get("id") + "[1]",
    ]
    # a reviewer's approval, or a target whose state says translated, clears fuzzy
    fuzzy.set("approved", "yes")
    document = xliff12_read.parse(etree.tostring(tree), "t.xlf")
    applied = applying.apply(_fixture_catalog(), document.files[0], "t.xlf")
    new = next(e for e in applied.catalog.entries if e.msgid == "New")
    assert (new.flags, new.previous_msgid, applied.changed) == ((), None, 1)


def _check_structure(data: bytes) -> None:
    """What the XLIFF 1.2 schema requires, checked by hand: no package installed here
    ships xliff-core-1.2 (strict or transitional) to validate against."""
    root = etree.fromstring(data)
    assert root.tag == xliff12.q("xliff") and root.get("version") == "1.2"
    for file in root:
        assert file.tag == xliff12.q("file")
        for name in ("original", "source-language", "datatype", "target-language"):
            assert file.get(name)
        assert [etree.QName(c).localname for c in file] == ["header", "body"]
        ids = [u.get("id") for u in file.iter(xliff12.q("trans-unit"))]
        assert all(ids) and len(set(ids)) == len(ids)
        for unit in file.iter(xliff12.q("trans-unit")):
            order = [etree.QName(c).localname for c in unit]
            assert order[0] == "source"
            allowed = ["source", "target", "context-group", "note"]
            assert order == sorted(order, key=allowed.index)
            target = unit.find("x:target", NS)
            if target is not None:
                assert target.get("state") in ("translated", "needs-review-translation")
            for part in unit.findall("x:source", NS) + unit.findall("x:target", NS):
                for code in part.iter(xliff12.q("bpt"), xliff12.q("ph")):
                    assert code.get("id")
