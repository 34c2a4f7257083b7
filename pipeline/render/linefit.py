"""Line breaking: a run of text that fits but for its final space stays on its line.

WeasyPrint lays out each run of text of a line with ``split_first_line``. A run that
ends with a space (the space before ``<em>``, ``<a>`` or a language span) is measured
with that space. When the run fits only without it, Pango still sets the whole run on
one line (a line's final space may hang), and ``split_first_line`` then reads the run as
one word too wide for the line and breaks after its first word: "eine" alone on its
line, and the rest of the run, which fitted, on the next one.

This module wraps ``split_first_line`` as the inline layout calls it: when the original
breaks a run that ends with collapsible spaces and the run without them fits, the whole
run is returned unbroken, as it would be with room for the space. The inline layout
already lets a final space hang past the line's end, so it then breaks before the
element that follows, where the line's last break opportunity is. Every other run is
laid out exactly as before, so documents without such a run are unchanged.

The wrapper depends on ``split_first_line``'s signature and return value in the
WeasyPrint versions of :data:`SUPPORTED`: with another version it is not installed,
and a test fails so that it is reviewed.
"""

from __future__ import annotations

from typing import Any

SUPPORTED = ("70.0",)
# white-space values whose final spaces collapse (and so may hang past the line's end).
_COLLAPSING = ("normal", "pre-line")


def supported() -> bool:
    """Whether the installed WeasyPrint is one this module knows how to wrap."""
    import weasyprint

    return str(weasyprint.__version__) in SUPPORTED


def install() -> bool:
    """Wrap the inline layout's ``split_first_line`` once; return whether it is in place."""
    from weasyprint.layout import inline

    if getattr(inline.split_first_line, "hanging_space", False):
        return True
    if not supported():
        return False
    original = inline.split_first_line

    def split_first_line(
        text: str,
        style: Any,
        context: Any,
        max_width: float | None,
        justification_spacing: float,
        is_line_start: bool = True,
        minimum: bool = False,
    ) -> Any:
        result = original(
            text, style, context, max_width, justification_spacing, is_line_start, minimum
        )
        resume_index = result[2]
        if (
            resume_index is None
            or max_width is None
            or minimum
            or style["white_space"] not in _COLLAPSING
            or not text.endswith(" ")
        ):
            return result
        trimmed = text.rstrip(" ")
        if not trimmed or resume_index >= len(trimmed.encode()):
            return result
        fitted = original(
            trimmed, style, context, max_width, justification_spacing, is_line_start, minimum
        )
        if fitted[2] is not None or fitted[3] > max_width:
            return result
        # The run fits but for its final spaces: lay it out whole, without a width.
        return original(text, style, context, None, justification_spacing, is_line_start)

    split_first_line.hanging_space = True  # type: ignore[attr-defined]
    inline.split_first_line = split_first_line
    return True
