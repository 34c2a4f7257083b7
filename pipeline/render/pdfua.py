"""Post-processing of WeasyPrint's tagged PDF towards PDF/UA-1: PDF bytes -> PDF bytes.

WeasyPrint (70) tags the PDF page by page. This step repairs, with pikepdf, what it gets
wrong, using the keys ``render/pdfhooks`` recorded while the tree was built:

- one structure element per HTML element: the per-page pieces of ``main`` (``Part``), of
  sections, lists, paragraphs, tables, and the per-line pieces of links and emphasis are
  merged; moved marked-content references keep their page (``MCR``), and the ParentTree
  points at the merged element;
- running headers and footers (page margin boxes), which WeasyPrint marks as content of
  elements outside the tree, become ``/Artifact`` of type ``/Pagination``; so do
  decorative images (``alt=""``: a ``Figure`` without ``/Alt``), taken out of the tree;
- the items of the footnotes section (``role="doc-endnotes"``) become ``Note`` elements
  with the footnote's ``id``;
- list labels are painted before their item's text (``render/pdforder``);
- every link annotation is referenced (``OBJR``) from its ``Link`` element, not from a
  span inside it, and carries the Print flag (``/F 4``); pages with annotations get
  ``/Tabs /S``.

The output is a function of the input: the same bytes in give the same bytes out.
pikepdf is imported here only.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from functools import cache
from typing import Any

from pipeline.render import pdforder

NODE, ID, ROLE = "/PipelineNode", "/PipelineId", "/PipelineRole"
PRIVATE = (NODE, ID, ROLE)
ENDNOTES = "doc-endnotes"
PRINT_FLAG = 4


def _kids(element: Any) -> list[Any]:
    import pikepdf

    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _is_element(item: Any) -> bool:
    import pikepdf

    return isinstance(item, pikepdf.Dictionary) and item.get("/Type") not in (
        "/MCR",
        "/OBJR",
    )


def _elements(element: Any) -> Iterator[Any]:
    """``element`` and every structure element below it, depth first."""
    yield element
    for kid in _kids(element):
        if _is_element(kid):
            yield from _elements(kid)


def _same_piece(first: Any, second: Any) -> bool:
    return (
        _is_element(first)
        and _is_element(second)
        and NODE in first
        and first.get(NODE) == second.get(NODE)
        and first.get("/S") == second.get("/S")
    )


def _moved_kid(pdf: Any, kid: Any, page: Any, target_page: Any) -> Any:
    """A kid moved under another element: a bare MCID names its page when that differs."""
    import pikepdf

    if isinstance(kid, int) and page is not None and page.objgen != target_page.objgen:
        return pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=page, MCID=int(kid)))
    return kid


def _merge_pieces(pdf: Any, element: Any, survivor_of: dict[tuple[int, int], Any]) -> None:
    """Merge adjacent kids that are pieces of one HTML element, then look inside them."""
    import pikepdf

    merged: list[Any] = []
    for kid in _kids(element):
        if merged and _same_piece(merged[-1], kid):
            target = merged[-1]
            moved = [_moved_kid(pdf, k, kid.get("/Pg"), target.Pg) for k in _kids(kid)]
            for item in moved:
                if _is_element(item):
                    item.P = target
            target.K = pikepdf.Array([*_kids(target), *moved])
            survivor_of[kid.objgen] = target
        else:
            merged.append(kid)
    if "/K" in element:
        element.K = pikepdf.Array(merged)
    for kid in merged:
        if _is_element(kid):
            _merge_pieces(pdf, kid, survivor_of)


def _notes(element: Any) -> None:
    """The footnotes section's list items become Note elements; the list goes."""
    import pikepdf

    for section in list(_elements(element)):
        if str(section.get(ROLE, "")) != ENDNOTES:
            continue
        kids: list[Any] = []
        for kid in _kids(section):
            if _is_element(kid) and kid.get("/S") == "/L":
                for item in _kids(kid):
                    if _is_element(item) and item.get("/S") == "/LI":
                        item.S = pikepdf.Name.Note
                        item.P = section
                        if ID in item:
                            item.ID = pikepdf.String(str(item[ID]))
                    kids.append(item)
            else:
                kids.append(kid)
        section.K = pikepdf.Array(kids)


def _links(root: Any, annotation_parent: dict[tuple[int, int], Any]) -> None:
    """Each link annotation's OBJR sits directly in its Link element."""
    import pikepdf

    def gather(element: Any, link: Any | None) -> list[Any]:
        """Kids to keep; OBJRs below a Link are handed up to it (``link``, or ``element``
        when it is the Link). An OBJR outside any Link stays where it is."""
        is_link = link is not None and link.objgen == element.objgen
        kept: list[Any] = []
        handed: list[Any] = []
        for kid in _kids(element):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                (handed if link is not None and not is_link else kept).append(kid)
                annotation_parent[kid.Obj.objgen] = link if link is not None else element
            else:
                kept.append(kid)
                if _is_element(kid):
                    handed += gather(kid, kid if kid.get("/S") == "/Link" else link)
        if is_link:
            kept, handed = [*handed, *kept], []
        if "/K" in element:
            element.K = pikepdf.Array(kept)
        return handed

    for top in _kids(root):
        if _is_element(top):
            gather(top, None)


def _drop_decorative(root: Any) -> None:
    """An image without alt text (``alt=""``: decorative) leaves the tree; its marked
    content, then owned by no element, becomes an artifact like the running header's."""
    import pikepdf

    def decorative(kid: Any) -> bool:
        return (
            _is_element(kid)
            and kid.get("/S") == "/Figure"
            and "/Alt" not in kid
            and not any(_is_element(item) for item in _kids(kid))
        )

    pending = [top for top in _kids(root) if _is_element(top)]
    while pending:
        element = pending.pop()
        kids = _kids(element)
        kept = [kid for kid in kids if not decorative(kid)]
        if len(kept) != len(kids):
            element.K = pikepdf.Array(kept)
        pending += [kid for kid in kept if _is_element(kid)]


def _parent_tree(pdf: Any) -> list[Any]:
    return list(pdf.Root.StructTreeRoot.ParentTree.Nums)


def _survivor(element: Any, survivor_of: dict[tuple[int, int], Any]) -> Any:
    """The element a merged piece went into (itself if it was not merged)."""
    while element.objgen in survivor_of:
        element = survivor_of[element.objgen]
    return element


def _artifacts(
    pdf: Any, reachable: set[tuple[int, int]], survivor_of: dict[tuple[int, int], Any]
) -> dict[int, set[int]]:
    """Per page index, the MCIDs whose element is outside the tree (margin boxes)."""
    nums = _parent_tree(pdf)
    orphans: dict[int, set[int]] = {}
    for key, value in zip(nums[::2], nums[1::2], strict=True):
        if int(key) >= len(pdf.pages) or not hasattr(value, "__len__"):
            continue
        for mcid, element in enumerate(value):
            if element is not None and _survivor(element, survivor_of).objgen not in reachable:
                orphans.setdefault(int(key), set()).add(mcid)
    return orphans


def _page_mcids(element: Any, pages: dict[tuple[int, int], int]) -> list[tuple[int, int]]:
    """(page index, MCID) of the marked content below ``element``, in tree order."""
    import pikepdf

    found = []
    for item in _elements(element):
        for kid in _kids(item):
            if isinstance(kid, int) and "/Pg" in item:
                found.append((pages[item.Pg.objgen], kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                found.append((pages[kid.Pg.objgen], int(kid.MCID)))
    return found


def _label_moves(pdf: Any, tree: list[Any]) -> dict[int, list[tuple[int, list[int]]]]:
    """Per page index, (label MCID, body MCIDs) of each list item drawn on it."""
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    moves: dict[int, list[tuple[int, list[int]]]] = {}
    for item in tree:
        if item.get("/S") not in ("/LI", "/Note"):
            continue
        kids = [kid for kid in _kids(item) if _is_element(kid)]
        labels = [kid for kid in kids if kid.get("/S") == "/Lbl"]
        if not labels:
            continue
        body = [mcid for kid in kids if kid.get("/S") != "/Lbl" for mcid in _page_mcids(kid, pages)]
        for page, label in _page_mcids(labels[0], pages):
            on_page = [mcid for where, mcid in body if where == page]
            moves.setdefault(page, []).append((label, on_page))
    return moves


@cache
def _operator(name: str) -> Any:
    """The content stream operator ``name`` (one object for each name)."""
    import pikepdf

    return pikepdf.Operator(name)


def _rewrite_page(
    pdf: Any, page: Any, artifacts: set[int], moves: list[tuple[int, list[int]]]
) -> None:
    """Margin-box content becomes artifacts; list labels are painted before their items."""
    import pikepdf

    instructions: list[tuple[list[Any], str]] = []
    for instruction in pikepdf.parse_content_stream(page):
        operands, operator = list(instruction.operands), str(instruction.operator)
        if operator == "BDC" and len(operands) == 2:
            properties = operands[1]
            if (
                isinstance(properties, pikepdf.Dictionary)
                and int(properties.get("/MCID", -1)) in artifacts
            ):
                operands = [
                    pikepdf.Name.Artifact,
                    pikepdf.Dictionary(Type=pikepdf.Name.Pagination),
                ]
        instructions.append((operands, operator))
    instructions = pdforder.reorder(instructions, moves)
    page.obj.Contents = pdf.make_stream(
        pikepdf.unparse_content_stream(
            [(operands, _operator(operator)) for operands, operator in instructions]
        )
    )


def _rewrite_parent_tree(
    pdf: Any,
    survivor_of: dict[tuple[int, int], Any],
    annotation_parent: dict[tuple[int, int], Any],
    artifacts: dict[int, set[int]],
) -> None:
    import pikepdf

    def survivor(element: Any) -> Any:
        return _survivor(element, survivor_of)

    annotations = {
        int(annotation.StructParent): annotation
        for page in pdf.pages
        for annotation in page.obj.get("/Annots", [])
        if "/StructParent" in annotation
    }
    nums = _parent_tree(pdf)
    rewritten: list[Any] = []
    for key, value in zip(nums[::2], nums[1::2], strict=True):
        index = int(key)
        if index < len(pdf.pages):
            dropped = artifacts.get(index, set())
            value = pikepdf.Array(
                [
                    None if mcid in dropped or element is None else survivor(element)
                    for mcid, element in enumerate(value)
                ]
            )
        elif index in annotations:
            owner = annotation_parent.get(annotations[index].objgen, value)
            value = survivor(owner)
        rewritten += [key, value]
    pdf.Root.StructTreeRoot.ParentTree.Nums = pikepdf.Array(rewritten)


def repair(data: bytes) -> bytes:
    """WeasyPrint's tagged PDF -> the repaired PDF (see the module docstring)."""
    import pikepdf

    try:
        return _repaired(data)
    except (pikepdf.PdfError, KeyError, AttributeError) as error:  # not WeasyPrint's tagging
        raise ValueError(f"the tagged PDF could not be repaired: {error}") from error


def _repaired(data: bytes) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.StructTreeRoot
        survivor_of: dict[tuple[int, int], Any] = {}
        for top in _kids(root):
            if _is_element(top):
                _merge_pieces(pdf, top, survivor_of)
                _notes(top)
        annotation_parent: dict[tuple[int, int], Any] = {}
        _links(root, annotation_parent)
        _drop_decorative(root)
        # From here on the tree's shape does not change: it is walked once.
        tree = [element for top in _kids(root) if _is_element(top) for element in _elements(top)]
        artifacts = _artifacts(pdf, {element.objgen for element in tree}, survivor_of)
        moves = _label_moves(pdf, tree)
        for index, page in enumerate(pdf.pages):
            if index in artifacts or index in moves:
                _rewrite_page(pdf, page, artifacts.get(index, set()), moves.get(index, []))
        _rewrite_parent_tree(pdf, survivor_of, annotation_parent, artifacts)
        for element in tree:
            for key in PRIVATE:
                if key in element:
                    del element[key]
        for page in pdf.pages:
            annotations = page.obj.get("/Annots")
            if annotations:
                page.obj.Tabs = pikepdf.Name.S
                for annotation in annotations:
                    annotation.F = PRINT_FLAG
        output = io.BytesIO()
        pdf.save(output, deterministic_id=True)
    return output.getvalue()
