"""Hypothesis strategies shared by the property tests: documents and their edits."""

from __future__ import annotations

from hypothesis import strategies as st


def edit_paragraphs(
    draw: st.DrawFn,
    before: list[str],
    paragraph: st.SearchStrategy[str],
    word: st.SearchStrategy[str],
    edits: tuple[int, int],
) -> list[str]:
    """``before`` after random inserts, deletions, one-word changes and moves."""
    after = list(before)
    for _ in range(draw(st.integers(*edits))):
        action = draw(st.sampled_from(["insert", "delete", "change", "move"]))
        if action == "insert" or not after:
            after.insert(draw(st.integers(0, len(after))), draw(paragraph))
            continue
        index = draw(st.integers(0, len(after) - 1))
        if action == "delete":
            after.pop(index)
        elif action == "change":
            end = "." if after[index].endswith(".") else ""
            words = after[index].removesuffix(end).split()
            words[draw(st.integers(0, len(words) - 1))] = draw(word)
            after[index] = " ".join(words) + end
        else:
            after.insert(draw(st.integers(0, len(after) - 1)), after.pop(index))
    return after
