"""The corpus (``tests/corpus``): Pandoc Markdown written the way people write it, one
document per family of constructs, taken through extraction, a mechanical translation,
the build in every format and the checks.

The translation swaps the case of every letter of the text and keeps the markup, so
each translated document must be its source with only the case of its text changed.
All documents are one project, extracted, translated, built and checked once for the
module (the builds are the slow part); each test then looks at one document.
Templates are compared with the golden ``<doc>.expect.pot`` in ``test_extraction.py``.
"""

from __future__ import annotations

import copy
import dataclasses
import io
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib
import pytest
from filelock import FileLock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from pipeline.adapters import pandoc
from pipeline.catalogs.model import Entry
from pipeline.cli import main
from pipeline.core.config import parse_config
from pipeline.extract import segments
from pipeline.extract.incremental import write_messages
from pipeline.project.sources import read_source_document
from pipeline.translate.document import translate
from pipeline.translate.owned import may_own
from tests.conftest import keep_labels_in_english
from tests.textutil import epub_text, fold, html_text, pdf_plain, text_only

# Documents whose test fails for a reason another change is fixing: (document, test) ->
# the fix it waits for. strict: the mark must go as soon as the fix makes the test pass.
PENDING: dict[tuple[str, str], str] = {}

CORPUS = Path(__file__).parent / "corpus"
DOCUMENTS = sorted(CORPUS.glob("*.md"))
LANG = "de"
Change = Callable[[str], str]


def _cases(test: str) -> list[Any]:
    return [
        pytest.param(
            path,
            id=path.stem,
            marks=[pytest.mark.xfail(strict=True, reason=PENDING[path.stem, test])]
            if (path.stem, test) in PENDING
            else [],
        )
        for path in DOCUMENTS
    ]


def _recase(value: Any, change: Change) -> Any:
    """``value`` with every Str's text passed through ``change`` (markup kept)."""
    if isinstance(value, list):
        return [_recase(item, change) for item in value]
    if not isinstance(value, dict):
        return value
    if value.get("t") == "Str":  # addresses are kept as they are, as a translator would
        text = value["c"]
        return {"t": "Str", "c": text if "@" in text or "://" in text else change(text)}
    return {key: _recase(item, change) for key, item in value.items()}


def recased_messages(msgids: list[str], changes: list[Change]) -> list[str]:
    """Each msgid read as Markdown, its text re-cased, and written back (2 pandoc calls).

    Read with its attributes, spans and raw inlines as markup: a translator keeps
    `{#anchor lang=fr}` and `` `<kbd>`{=html} `` as they are and translates the text."""
    readings = pandoc.read_translations(msgids, markup=True)
    found = []
    for reading, change in zip(readings, changes, strict=True):
        assert isinstance(reading, list) and len(reading) == 1
        found.append(segments.Slot(_recase(reading[0]["c"], change), "", ()))
    return write_messages(found, pandoc.api_version())


# -- the corpus built once --------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    root: Path
    statuses: dict[str, tuple[int, str]]  # command -> exit status, what it printed
    findings: list[dict[str, Any]]  # of ``check --json``
    swapped: dict[str, list[str]]  # document -> its msgstrs


def _cli(root: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(["--root", str(root), *args])
    return status, out.getvalue() + err.getvalue()


def _build(root: Path) -> Built:
    shutil.copytree(CORPUS, root / "source", ignore=shutil.ignore_patterns("*.pot"))
    (root / "pyproject.toml").write_text(
        f'[tool.pipeline]\nsource-language = "en"\nlanguages = ["{LANG}"]\n'
        'translatable-metadata = ["title", "subtitle", "description", "abstract"]\n',
        "utf-8",
    )
    statuses = {"extract": _cli(root, "extract"), "init": _cli(root, "init", LANG)}
    keep_labels_in_english(root, LANG)  # the page labels stay in English
    swapped: dict[str, list[str]] = {}
    for path in sorted((root / "locales" / LANG / "LC_MESSAGES").glob("*.po")):
        if path.stem == "ui":  # the page labels: kept in English above
            continue
        catalog = polib.pofile(str(path), wrapwidth=0)
        entries = [entry for entry in catalog if entry.msgid and not entry.obsolete]
        texts = recased_messages([e.msgid for e in entries], [str.swapcase] * len(entries))
        for entry, msgstr in zip(entries, texts, strict=True):
            entry.msgstr = msgstr
        catalog.save()
        swapped[path.stem] = texts
    statuses["build"] = _cli(root, "build", LANG)
    status, report = _cli(root, "check", LANG, "--json")
    statuses["check"] = (status, report)
    findings = json.loads(report[report.index("{") :])["findings"] if "{" in report else []
    statuses["pseudo"] = _cli(root, "build", "--pseudo", "--formats", "html")
    return Built(root, statuses, findings, swapped)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The corpus built once per run: pytest-xdist's workers share one build."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    with FileLock(str(shared / "corpus.lock")):
        record = shared / "corpus-built.json"
        if record.is_file():
            kept = json.loads(record.read_text("utf-8"))
            statuses = {key: (value[0], value[1]) for key, value in kept["statuses"].items()}
            return Built(Path(kept["root"]), statuses, kept["findings"], kept["swapped"])
        root = shared / "corpus-project"
        result = _build(root)
        kept = {**dataclasses.asdict(result), "root": str(root)}
        record.write_text(json.dumps(kept, ensure_ascii=False), "utf-8")
        return result


def _mine(built: Built, document: Path, needle: str = "") -> str:
    """What the build printed about ``document`` (one line per edition or finding)."""
    return "\n".join(
        line
        for line in built.statuses["build"][1].splitlines()
        if document.stem in line and needle in line
    )


_MARKUP = re.compile(
    r"`[^`]*`(?:\{[^}]*\})?|\$\$[^$]+\$\$|\$[^$]+\$|<[^>]*>|\{[^}]*\}|\^\[|\\?\[\\?\^\d+\\?\]|\[@[^]]*\]"
    r"|@\w+|\\[\s\S]|[*_~^\[\]\"'☐☒|]|-{1,3}|!|\.\.\."
)


def _visible(msgstr: str) -> list[str]:
    """Runs of a one-line message that a reader sees as they are (cut at any markup)."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)(\{[^}]*\})?", "|", msgstr)  # images: alt text
    text = re.sub(r"\]\([^)]*\)|\]\[[^\]]*\]", "]", text)  # link targets
    runs = (fold(run) for run in _MARKUP.split(text))
    return [run for run in runs if len(run) > 3]


def test_extract_and_init_succeed(built: Built) -> None:
    assert built.statuses["extract"][0] == 0, built.statuses["extract"][1]
    assert built.statuses["init"][0] == 0, built.statuses["init"][1]
    assert sorted(built.swapped) == [path.stem for path in DOCUMENTS]


@pytest.mark.parametrize("document", _cases("build"))
def test_the_translation_builds_in_every_format_with_its_structure(
    built: Built, document: Path
) -> None:
    outputs = built.root / "outputs" / LANG
    for suffix in ("html", "epub", "pdf"):
        assert (outputs / f"{document.stem}.{suffix}").is_file(), _mine(built, document)
    page = (outputs / f"{document.stem}.html").read_text("utf-8")
    source_html = pandoc.run(["--from", "markdown", "--to", "html5"], document.read_text("utf-8"))
    body = page.split("<main", 1)[1]
    for marker in ("<li", "<p>", "<dd>", "<blockquote", "<td", "<th", "<caption", "<pre",
                   "<figure", "<hr", "<table", "<ol", "<dl", "<img"):  # fmt: skip
        assert body.count(marker) >= source_html.count(marker), marker
    headings = re.compile(r'<h[1-6]\b|role="heading"')
    assert len(headings.findall(body)) > len(headings.findall(source_html))  # and the title
    assert body.count('class="footnote-ref"') == source_html.count('class="footnote-ref"')
    plain = [run for msgstr in built.swapped[document.stem] for run in _visible(msgstr)]
    texts = {
        "html": html_text(page),
        "epub": epub_text(outputs / f"{document.stem}.epub"),
        "pdf": pdf_plain(outputs / f"{document.stem}.pdf"),
    }
    for name, text in texts.items():
        missing = [run for run in plain if run not in text]
        if name == "pdf":  # a table's cells wrap side by side: their words, not their runs
            words = set(re.split(r"[\s-]+", text))  # a run may end inside "prize-giving"
            words |= {re.sub(r"(?<=\D)\d+$", "", word) for word in words}  # "end.2": a note
            missing = [run for run in missing if not set(re.split(r"[\s-]+", run)) <= words]
        assert missing == [], name


@pytest.mark.parametrize("document", _cases("check"))
def test_check_finds_no_error_in_the_translation(built: Built, document: Path) -> None:
    errors = [
        finding
        for finding in built.findings
        if finding["severity"] == "error" and Path(finding["path"]).stem == document.stem
    ]
    assert errors == []


_DROPPED = "//code|//pre|//*[contains(@class,'math')]|//script|//style|//*[@class='sourceCode']"


def _prose(page: str) -> str:
    """The visible text of a page but code and math (which pseudo keeps as they are)."""
    tree = lxml_html.fromstring(page)
    for node in tree.xpath(_DROPPED):
        node.drop_tree() if node.getparent() is not None else None
    main = tree.xpath("//main") or [tree]
    return fold("".join(main[0].itertext()))


# A citation key may hold inner punctuation: @sec:model, @fig:a.b (pandoc-crossref's labels).
_KEY = r"@\w+(?:[:.#$%&+?<>~/-]\w+)*"
_KEPT = re.compile(
    rf"`[^`]*`|\$[^$]*\$|\]\([^)]*\)|<[^>]*>|\{{[^}}]*\}}|\[@[^]]*\]|{_KEY}|https?://\S+"
)


def _untranslated(value: Any) -> Iterator[str]:
    """The text of code, math and raw markup, which every edition shows as it is."""
    if isinstance(value, list):
        for item in value:
            yield from _untranslated(item)
    elif isinstance(value, dict):
        if value.get("t") in ("Code", "CodeBlock", "RawBlock", "RawInline", "Math"):
            yield value["c"][-1]
        else:
            yield from _untranslated(list(value.values()))


@pytest.mark.parametrize("document", _cases("pseudo"))
def test_the_pseudo_locale_leaves_no_source_word_behind(built: Built, document: Path) -> None:
    template = polib.pofile(str(built.root / "locales" / f"{document.stem}.pot"))
    english = {
        word.lower()
        for entry in template
        for word in re.findall(r"[A-Za-z]{4,}", _KEPT.sub(" ", entry.msgid))
    }
    ast = json.loads(pandoc.run(["--from", "markdown", "--to", "json"], document.read_text()))
    english -= {
        word.lower() for text in _untranslated(ast) for word in re.findall(r"[A-Za-z]{4,}", text)
    }
    for locale in ("qps_ploc", "qps_plocm"):
        path = built.root / "outputs" / locale / f"{document.stem}.html"
        assert path.is_file(), built.statuses["pseudo"][1]
        # Addresses, and pandoc-crossref labels ({#eq:decay}) shown as written, as code is.
        page = _prose(path.read_text("utf-8"))
        text = re.sub(r"\S*@\S+|https?://\S+|\{#[\w:.-]+\}", " ", page)
        leaked = {word.lower() for word in re.findall(r"[A-Za-z]{4,}", text)} & english
        assert not leaked, sorted(leaked)


_CASE_CHANGES: list[Change] = [str.swapcase, str.upper, str.lower, str.title]


@pytest.mark.parametrize("document", _cases("recase"))
@settings(
    max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(choices=st.lists(st.sampled_from(_CASE_CHANGES), min_size=1, max_size=40))
def test_a_recased_translation_changes_only_the_text(
    document: Path, tmp_path_factory: pytest.TempPathFactory, choices: list[Change]
) -> None:
    root = tmp_path_factory.mktemp("recase")
    (root / "source").mkdir()
    shutil.copy(document, root / "source" / document.name)
    shutil.copytree(CORPUS / "assets", root / "source" / "assets")
    project = parse_config(
        {
            "languages": [LANG],
            "translatable-metadata": ["title", "subtitle", "description", "abstract"],
        },
        root,
    )
    source, segs = read_source_document(project, document.stem)
    msgids = sorted({segment.msgid for segment in segs})
    changes = [choices[index % len(choices)] for index in range(len(msgids))]
    texts = dict(zip(msgids, recased_messages(msgids, changes), strict=True))
    unique = sorted(set(texts.values()))
    readings = pandoc.read_translations(unique)
    parsed = {text: pandoc.usable(reading) for text, reading in zip(unique, readings, strict=True)}
    owning = sorted({text for msgid, text in texts.items() if may_own(msgid)})
    readings = pandoc.read_translations(owning, markup=True)
    marked = {text: pandoc.usable(reading) for text, reading in zip(owning, readings, strict=True)}
    entries = {msgid: Entry(msgid=msgid, msgstr=text) for msgid, text in texts.items()}
    before = copy.deepcopy(source.ast)
    result = translate(source, LANG, "en", texts, parsed, entries, f"{document.stem}.po", marked)
    assert result.findings == ()
    assert result.fallback_slots == 0
    assert text_only(result.ast) == text_only(before)
    assert source.ast == before  # the source is not changed


FAMILIES = {
    "paragraphs": ("\n| ", "  \n", "\\\n"),
    "headings": ("\n===", "\n---", " {#", "{-}", "######"),
    "blockquotes": ("> >", ">\n> 1."),
    "code": ("```", "~~~", "\n    ", "````"),
    "lists": ("- [x]", "(@)", "#.", "i.", "a.", "~ ", ":   "),
    "rules": ("* * *", "___", "- - -"),
    "tables": ("+===", "|--", "-----  ", "Table:"),
    "metadata": ("abstract:", "keywords:", "author:", "date:"),
    "inline": ("~~", "^", "H~2~O", ".smallcaps", "`{.python}"),
    "math": ("$$", "$x"),
    "raw": ("<div", "{=html}", "{=latex}", "\\begin"),
    "links": ("](", "<https://", "![", "][", "{#fig-"),
    "footnotes": ("[^", "^["),
    "citations": ("[@", "[-@"),
    "divs": (":::", "]{."),
    "punctuation": ("--", "...", "\\*"),
    "unicode": ("Γ", "З", "ő", "ß", "ﬁ", "«"),
    # documents shaped like those of other tools, with the constructs they lean on
    "report": ("{.callout-note}", "fig-alt=", "](#fig-", "\n: "),
    "paper": ("{#fig:", "{#tbl:", "{#eq:", "[@fig:", "[@eq:", ", pp. ", "[see @"),
    "book": ('startFrom="10"', "- [ ]", "- [x]", "\n:   ", "{.section"),
    "changelog": ("## [", "* * *", "]: https://", "\n    - ", "`--"),
    "policy": ("a)  ", "(i)", "A.  ", "#.  ", "(@", "\n| ", "> > >", ".smallcaps"),
    "faq": ("+===", "  ------", "&nbsp;", "&mdash;", "\\\n", "  \n", "?]"),
}


def test_the_corpus_has_a_document_for_every_family_of_constructs() -> None:
    assert {path.stem for path in DOCUMENTS} >= set(FAMILIES)
    for family, constructs in FAMILIES.items():
        text = (CORPUS / f"{family}.md").read_text("utf-8")
        for construct in constructs:
            assert construct in text, (family, construct)
    lines = sum(len(path.read_text("utf-8").splitlines()) for path in DOCUMENTS)
    assert lines >= 3_000
