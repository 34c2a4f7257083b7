"""Translated document -> HTML page, EPUB and PDF.

The pure part builds the template context; the writers call the adapters
(``pandoc`` for HTML fragments and EPUB, ``pdf`` for WeasyPrint). Every output is
written atomically.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import html as html_module
import mimetypes
import re
import tempfile
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
from babel.dates import format_date
from markupsafe import Markup

from pipeline import __version__
from pipeline.adapters import files, pandoc
from pipeline.core.languages import Language
from pipeline.core.publication import Publication
from pipeline.extract.segments import plain_text
from pipeline.render import alts, bookast, cover, epub, pdf
from pipeline.render.imprint import Imprint as Imprint  # the build names it here
from pipeline.render.labels import Placeholder, pieces
from pipeline.render.ui import css_string, render, templates_dir
from pipeline.translate import isolate, protect, typography
from pipeline.translate.pseudo import pseudo_message

MIME_TYPES = {"html": "text/html", "epub": "application/epub+zip", "pdf": "application/pdf"}
FORMAT_LABELS = {"html": "HTML", "epub": "EPUB", "pdf": "PDF"}


@dataclass(frozen=True)
class Page:
    """What the page template needs, in one language."""

    doc: str
    language: Language
    parts: dict[str, str]  # HTML fragments: title, subtitle, description, body
    title_text: str
    description_text: str
    date: dt.date
    alternates: tuple[Language, ...]
    formats: tuple[str, ...]
    draft_percent: str | None  # "63 %" when this is a draft build
    date_locale: str = ""  # the locale that writes the date; "" for the language's own
    index_name: str = "index.html"  # the index page in this language, beside the folders
    font_css: str = ""  # the PDF's font stacks (render/fonts.py); "" for the stylesheet's
    authors: tuple[str, ...] = ()  # the source's ``author``: the PDF's Author
    keywords: tuple[str, ...] = ()
    publication: Publication = field(default_factory=Publication)
    logo_alt: str = ""  # the logo's text alternative: the publisher

    @property
    def logo(self) -> str:
        """The logo's address from the source folder (``assets/logo.svg``); "" for none."""
        return self.publication.logo.removeprefix("source/")

    imprint: Imprint = field(default_factory=Imprint)

    @property
    def date_text(self) -> str:
        """The date as this edition's readers write it: "30. November 2026"."""
        locale = self.date_locale or self.language.babel_locale
        text = format_date(self.date, format="long", locale=locale)
        if self.language.is_pseudo:  # locale data, not a catalog string: transform it too
            text = pseudo_message(text)
        return text


def meta_text(ast: dict[str, Any], name: str) -> str:
    value = ast.get("meta", {}).get(name)
    if value is None:
        return ""
    if value["t"] == "MetaInlines":
        return plain_text(value["c"])
    if value["t"] == "MetaString":
        return str(value["c"])
    if value["t"] == "MetaBlocks":
        return " ".join(plain_text(block.get("c", [])) for block in value["c"])
    return ""


def document_date(ast: dict[str, Any], fallback: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(meta_text(ast, "date").strip())
    except ValueError:
        return fallback


def font_dir() -> Path:
    """The embedded typeface: Noto Sans (Latin, Greek, Cyrillic), pinned as a dependency.

    Shipping the font as a Python package makes PDFs independent of the fonts a
    machine happens to have, and so reproducible from one machine to the next.
    """
    import fontpkg_noto_sans

    return Path(fontpkg_noto_sans.ROOT) / "files"


def font_faces() -> str:
    """``@font-face`` rules for the PDF (the screen uses the reader's own fonts)."""
    faces = (("normal", "NotoSans[wdth,wght].ttf"), ("italic", "NotoSans-Italic[wdth,wght].ttf"))
    return "\n".join(
        f'@font-face {{ font-family: "Factsheet Sans"; font-style: {style}; font-weight: {weight}; '
        f'src: url("{(font_dir() / name).as_uri()}"); }}'
        for style, name in faces
        for weight in (400, 700)
    )


def html_parts(
    ast: dict[str, Any],
    language: str = "",
    source_language: str = "",
    words: frozenset[str] = frozenset(),
    direction: str = "ltr",
) -> dict[str, str]:
    """The page's HTML fragments, set in ``language``'s typography (see
    translate/typography.py), with addresses, identifiers and code protected, and the
    text written in the other direction than ``direction`` isolated."""
    if language:
        ast = typography.typeset(ast, language, source_language, words)
    marked = isolate.isolate(protect.mark(alts.decorative_alts(ast)), direction)
    return pandoc.to_html_parts(marked, templates_dir() / "fragments.html")


# pandoc writes every image as ``<img src="..."`` with the address HTML-escaped inside
# double quotes; translations cannot add raw HTML, so every match is one of pandoc's.
_IMAGE_SOURCE = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')
# Fixed here rather than read from the machine's mime.types, so a page's bytes do not
# depend on the machine that built it.
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}


def asset_file(url: str, source_dir: Path) -> Path | None:
    """The file below ``source_dir/assets`` that a relative image address names, if any."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = (source_dir / unquote(parts.path)).resolve()
    if not path.is_relative_to((source_dir / "assets").resolve()) or not path.is_file():
        return None
    return path


def data_uri(path: Path) -> str:
    kind = IMAGE_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:{kind or 'application/octet-stream'};base64,{encoded}"


def embed_images(fragment: str, source_dir: Path) -> str:
    """``fragment`` with each image of the project's assets as a ``data:`` URI.

    The screen page then needs no file beside it. Only files below ``source/assets``
    are read; any other address is left as it is. A translation's images are the
    source's own (see translate/document.py), so it cannot name another file.
    """

    def inline(match: re.Match[str]) -> str:
        path = asset_file(html_module.unescape(match.group(2)), source_dir)
        if path is None:
            return match.group(0)
        return match.group(1) + data_uri(path) + match.group(3)

    return _IMAGE_SOURCE.sub(inline, fragment)


def with_embedded_images(page: Page, source_dir: Path) -> Page:
    """``page`` with its images inside it (for the screen; the PDF reads the files)."""
    parts = {name: embed_images(part, source_dir) for name, part in page.parts.items()}
    return dataclasses.replace(page, parts=parts)


def logo_source(page: Page, source_dir: Path, embedded: bool) -> str:
    """The logo's ``src``: a ``data:`` URI on screen, the asset's address in print."""
    if not page.logo:
        return ""
    path = asset_file(page.logo, source_dir) if embedded else None
    return data_uri(path) if path is not None else page.logo


# The logo above the document kind: a size that suits a wide or a square mark.
LOGO_CSS = (
    ".logo { display: block; margin: 0 0 0.8rem; }"
    " img.logo, .logo img { display: block; max-height: 4rem; max-width: 14rem; width: auto; }"
)


def extra_css(publication: Publication) -> str:
    """What the publication adds to the stylesheet: its colours, its logo's size."""
    rules = [publication.colour_css(), LOGO_CSS if publication.logo else ""]
    return "\n".join(rule for rule in rules if rule)


def _context(
    page: Page, for_print: bool, gettext: Callable[..., str], logo: str = ""
) -> dict[str, Any]:
    date_text = page.date_text
    imprint = page.imprint
    counters = " ".join(_footer_counter(gettext("Page %(page)s of %(pages)s")))
    return {
        "doc": page.doc,
        "language": page.language,
        "alternates": page.alternates,
        "title_text": page.title_text,
        "description_text": page.description_text,
        "authors": page.authors,
        "keywords": page.keywords,
        "title_html": Markup(page.parts["title"]),
        "subtitle_html": Markup(page.parts["subtitle"]),
        "description_html": Markup(page.parts["description"]),
        "body_html": Markup(page.parts["body"]),
        "date_iso": page.date.isoformat(),
        "date_text": date_text,
        "for_print": for_print,
        "draft": page.draft_percent is not None,
        "draft_percent": page.draft_percent,
        "page_counter": Markup(counters),
        "version": __version__,
        "stylesheet": Markup((templates_dir() / "factsheet.css").read_text("utf-8")),
        "extra_css": Markup(extra_css(page.publication)),
        "logo": logo,
        "logo_alt": page.logo_alt,
        "font_faces": Markup("\n".join(filter(None, [font_faces(), page.font_css])))
        if for_print
        else "",
        "print_stylesheet": Markup((templates_dir() / "print.css").read_text("utf-8")),
        "rtl_print_css": Markup((templates_dir() / "rtl-print.css").read_text("utf-8")),
        "screen_stylesheet": Markup((templates_dir() / "screen.css").read_text("utf-8")),
        "index_name": page.index_name,
        "publisher": imprint.publisher,
        "creator": imprint.creator or imprint.publisher,
        "rights": imprint.rights,
        "identifiers": [
            (scheme, _identifier_label(scheme, gettext), value)
            for scheme, value in imprint.identifiers
        ],
        "downloads": [
            {"href": f"{page.doc}.{name}", "mime": MIME_TYPES[name], "label": FORMAT_LABELS[name]}
            for name in page.formats
            if name != "html"
        ],
    }


def _identifier_label(scheme: str, gettext: Callable[..., str]) -> str:
    """How the colophon names an identifier: ISBN and DOI are the same in every language."""
    return gettext("Catalogue number") if scheme == "catalogue" else scheme.upper()


def _footer_counter(footer: str) -> list[str]:
    """``"Page %(page)s of %(pages)s"`` -> CSS strings and page counters for ``content``."""
    counters = {"page": "counter(page)", "pages": "counter(pages)"}
    return [
        counters.get(piece.name, "") if isinstance(piece, Placeholder) else css_string(piece)
        for piece in pieces(footer) or [footer]
    ]


def page_html(
    env: jinja2.Environment,
    page: Page,
    gettext: Callable[..., str],
    source_dir: Path | None = None,
) -> str:
    """The screen page; its logo, if any, read from ``source_dir`` into the page."""
    logo = logo_source(page, source_dir, embedded=True) if source_dir else page.logo
    return render(env, "page.html", _context(page, False, gettext, logo))


def print_html(env: jinja2.Environment, page: Page, gettext: Callable[..., str]) -> str:
    return render(env, "page.html", _context(page, True, gettext, page.logo))


def identifier(doc: str, language: str) -> str:
    """A stable identifier per document and language (for EPUB and PDF)."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'pipeline:{doc}:{language}')}"


def write_html(path: Path, html: str) -> None:
    files.write_atomic(path, html.encode("utf-8"))


def write_epub(
    ast: dict[str, Any],
    page: Page,
    path: Path,
    gettext: Callable[..., str],
    source_dir: Path,
    imprint: Imprint | None = None,
) -> None:
    """EPUB 3 with a cover, the factsheet's title page, its stylesheet and full metadata
    (the imprint: ``page``'s unless given)."""
    imprint = imprint or page.imprint
    extra = [
        f"--resource-path={source_dir}",
        f"--metadata=lang:{page.language.tag}",
        f"--metadata=identifier:{identifier(page.doc, page.language.code)}",
        f"--metadata=date:{page.date.isoformat()}",
        f"--metadata=toc-title:{gettext('Contents')}",
        f"--template={templates_dir() / 'epub.xhtml'}",
        "--epub-title-page=true",
    ]
    stylesheet = templates_dir() / "factsheet.css"
    typeset = typography.typeset(
        epub.closed_void_elements(bookast.book_ast(alts.decorative_alts(ast))),
        page.language.code,
        "",
        frozenset(),
    )
    book = protect.mark(book_metadata(typeset, page, gettext, imprint))
    book = isolate.isolate(book, page.language.direction)
    summary = gettext(page.publication.label("summary"))
    art = cover.Cover(
        title=page.title_text,
        subtitle=meta_text(ast, "subtitle"),
        kind=gettext(page.publication.label("kind")),
        publisher=imprint.publisher,
        direction=page.language.direction,
        colours=cover.Colours.of(page.publication),
    )
    added = extra_css(page.publication)

    def produce(target: Path) -> None:
        # pandoc names the cover's NCX entry after the image's file name: a fixed name
        # keeps the book reproducible.
        with tempfile.TemporaryDirectory() as folder:
            image = Path(folder) / "cover.svg"
            image.write_bytes(cover.cover_svg(art, font_dir() / FONT_FILE))
            style = stylesheet
            if added:
                style = Path(folder) / "factsheet.css"
                style.write_text(f"{stylesheet.read_text('utf-8')}{added}\n", "utf-8")
            pandoc.to_epub(book, target, style, [*extra, f"--epub-cover-image={image}"])
        target.write_bytes(
            epub.finish(target.read_bytes(), summary, page.language.direction == "rtl")
        )

    files.write_atomic_with(path, produce)


FONT_FILE = "NotoSans[wdth,wght].ttf"


def book_metadata(
    ast: dict[str, Any], page: Page, gettext: Callable[..., str], imprint: Imprint
) -> dict[str, Any]:
    """The document's metadata as the EPUB template and pandoc's OPF writer use it.

    The title page shows the document kind (``series``), the description (``lead``),
    the localized date (``published``) and the imprint; the OPF takes ``creator``,
    ``publisher`` and ``rights``. ``date`` stays ISO 8601, as the OPF needs it.
    """
    meta = dict(ast.get("meta", {}))
    if not meta_text(ast, "title").strip():  # an OPF needs a title, a reader too
        meta["title"] = _meta_inlines(page.title_text)
    meta["series"] = _meta_inlines(gettext(page.publication.label("kind")))
    if page.logo:  # an image of the book: pandoc adds the file to it
        image = [["", ["logo"], []], _meta_inlines(page.logo_alt)["c"], [page.logo, ""]]
        meta["logo"] = {"t": "MetaInlines", "c": [{"t": "Image", "c": image}]}
    meta["published"] = _meta_inlines(gettext("Published %(date)s", date=page.date_text))
    description = meta.get("description")
    if description is not None:
        lead = description["c"] if description["t"] == "MetaBlocks" else None
        if description["t"] == "MetaInlines":
            lead = [{"t": "Para", "c": description["c"]}]
        if lead:
            meta["lead"] = {"t": "MetaBlocks", "c": lead}
    for key, value in (
        ("publisher", imprint.publisher),
        ("creator", imprint.creator),
        ("rights", imprint.rights),
    ):
        if value:
            meta[key] = _meta_inlines(value)
    return {
        **ast,
        "meta": meta,
        "blocks": [_without_empty_headings(block) for block in ast["blocks"]],
    }


def _without_empty_headings(block: dict[str, Any]) -> dict[str, Any]:
    """A heading without text becomes an empty div with its anchor: a book's navigation
    cannot hold an entry without a name, nor a table of contents without entries, and
    there is nothing to read in it. Divs are looked into."""
    if block.get("t") == "Div":
        attributes, blocks = block["c"]
        return {**block, "c": [attributes, [_without_empty_headings(item) for item in blocks]]}
    if block.get("t") != "Header" or plain_text(block["c"][2]).strip():
        return block
    return {"t": "Div", "c": [block["c"][1], []]}


def _meta_inlines(text: str) -> dict[str, Any]:
    inlines: list[dict[str, Any]] = []
    for word in text.split():
        if inlines:
            inlines.append({"t": "Space"})
        inlines.append({"t": "Str", "c": word})
    return {"t": "MetaInlines", "c": inlines}


def write_pdf(
    html: str,
    path: Path,
    base_dir: Path,
    allowed: Sequence[Path],
    page: Page,
    fontconfig: Path | None = None,
) -> tuple[list[str], pdf.FetchLog]:
    digest = hashlib.sha256(identifier(page.doc, page.language.code).encode()).digest()[:16]
    return pdf.write_pdf(html, path, base_dir, allowed, identifier=digest, fontconfig=fontconfig)
