"""An image without alt text is decorative: it is given an empty ``alt``.

Pure. pandoc writes no ``alt`` attribute for an image whose alt text is empty, and a
screen reader then reads out its file name; ``alt=""`` tells it to pass over the image,
in the HTML page, the EPUB and the PDF's tags alike. An image with alt text keeps it.
"""

from __future__ import annotations

from typing import Any

_BLANK = frozenset(("Space", "SoftBreak", "LineBreak"))


def decorative_alts(value: Any) -> Any:
    """``value`` (an AST or any part of it) with ``alt=""`` on each image without alt
    text; the parts without an image are returned as they are, uncopied."""
    if isinstance(value, list):
        items = [decorative_alts(item) for item in value]
        return value if all(new is old for new, old in zip(items, value, strict=True)) else items
    if not isinstance(value, dict):
        return value
    if value.get("t") == "Image":
        (ident, classes, pairs), alt, target = value["c"]
        if any(node["t"] not in _BLANK for node in alt) or any(k == "alt" for k, _ in pairs):
            return value
        return {"t": "Image", "c": [[ident, classes, [*pairs, ["alt", ""]]], alt, target]}
    if "c" not in value and "blocks" not in value and "meta" not in value:
        return value
    changed = {key: decorative_alts(item) for key, item in value.items()}
    return value if all(changed[key] is value[key] for key in value) else changed
