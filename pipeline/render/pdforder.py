"""Paint order of list labels: a page's content stream, label moved before its item's body.

WeasyPrint paints the outside markers of a list after the items' text, so a reader that
follows the content stream (not the structure tree) reads the bullet or number after the
item. This step moves each label's marked content (with the ``q``/``Q`` pair around it)
to just before the first marked content of its item's body on the same page.

A move changes nothing painted: the label is moved only when the transformation matrix is
the same at both places, and it carries with it the colour and text state it had, inside
its own ``q``/``Q``. A label that cannot be moved safely stays where it is.
"""

from __future__ import annotations

from typing import Any

# Operators whose effect lasts until Q, other than the matrix (cm): repeated before a moved label.
STATE = {"rg", "g", "k", "cs", "sc", "scn", "Tc", "Tw", "Tz", "TL", "Ts", "Tr", "gs", "w"}
COLOUR_SPACE = {"cs": "fill", "sc": "fill", "scn": "fill", "rg": "fill", "g": "fill", "k": "fill"}


def _states_at(
    instructions: list[tuple[list[Any], str]], indices: tuple[int, ...]
) -> list[tuple[dict[str, Any], tuple[Any, ...]]]:
    """Before each instruction of ``indices``: (the lasting state operators, the matrix
    history)."""
    stack: list[tuple[dict[str, Any], tuple[Any, ...]]] = []
    state: dict[str, Any] = {}
    matrix: tuple[Any, ...] = ()
    found: dict[int, tuple[dict[str, Any], tuple[Any, ...]]] = {}
    wanted = set(indices)
    for index, (operands, operator) in enumerate(instructions[: max(indices) + 1]):
        if index in wanted:
            found[index] = (dict(state), matrix)
        if operator == "q":
            stack.append((dict(state), matrix))
        elif operator == "Q" and stack:
            state, matrix = stack.pop()
        elif operator == "cm":
            matrix = (*matrix, tuple(str(value) for value in operands))
        elif operator in STATE:
            key = COLOUR_SPACE.get(operator, operator)
            if operator == "cs":
                state.pop("sc", None)
            state[key] = (operator, operands)
    return [found[index] for index in indices]


def _group(instructions: list[tuple[list[Any], str]], start: int) -> tuple[int, int] | None:
    """The label's span: its BDC..EMC at ``start``, widened over the q/Q pairs around it."""
    depth, end = 0, start
    for end in range(start, len(instructions)):
        operator = instructions[end][1]
        depth += operator in ("BDC", "BMC")
        depth -= operator == "EMC"
        if depth == 0:
            break
    else:
        return None
    first, last = start, end
    while (
        first > 0
        and last + 1 < len(instructions)
        and instructions[first - 1][1] == "q"
        and instructions[last + 1][1] == "Q"
    ):
        first, last = first - 1, last + 1
    return (first, last) if first < start else None


def reorder(
    instructions: list[tuple[list[Any], str]], moves: list[tuple[int, list[int]]]
) -> list[tuple[list[Any], str]]:
    """Move the marked content with MCID ``label`` before the first of the ``body`` MCIDs.

    ``moves`` are (label MCID, body MCIDs) of one page; the operands of a BDC with an MCID
    are a tag and a mapping with ``/MCID``.
    """
    for label, bodies in moves:
        where = {
            int(operands[1]["/MCID"]): index
            for index, (operands, operator) in enumerate(instructions)
            if operator == "BDC" and len(operands) == 2 and "/MCID" in operands[1]
        }
        placed = [where[mcid] for mcid in bodies if mcid in where]
        if label not in where or not placed or min(placed) > where[label]:
            continue
        span = _group(instructions, where[label])
        if span is None:
            continue
        first, last = span
        target = min(placed)
        (label_state, label_matrix), (body_state, body_matrix) = _states_at(
            instructions, (first, target)
        )
        if label_matrix != body_matrix:
            continue
        setup = [
            value for key, value in sorted(label_state.items()) if body_state.get(key) != value
        ]
        moved = [
            ([], "q"),
            *[(list(operands), operator) for operator, operands in setup],
            *instructions[first : last + 1],
            ([], "Q"),
        ]
        instructions = [
            *instructions[:target],
            *moved,
            *instructions[target:first],
            *instructions[last + 1 :],
        ]
    return instructions
