"""A long real-world document for the benchmarks: the corpus's hand-written sections,
put one after another until the text is about 300 KB, as one manual.

Each pass over ``tests/corpus`` renames what must stay unique in one document (note
labels, explicit identifiers and the links to them, example labels), so the manual
reads as pandoc would read a long document written by several people.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
TARGET_BYTES = 300_000
_FRONT = re.compile(r"\A---\n.*?\n(?:---|\.\.\.)\n", re.DOTALL)
_NOTE = re.compile(r"\[\^([^\]\s]+)\]")
_IDENTIFIER = re.compile(r"(\{[^}\n]*?#|\]\(#|\(@)([\w-]+)")


def section(text: str, part: int) -> str:
    """One corpus document as a part of the manual: no front matter, labels renamed."""
    body = _FRONT.sub("", text, count=1)
    body = _NOTE.sub(lambda match: f"[^{match[1]}-{part}]", body)
    return _IDENTIFIER.sub(lambda match: f"{match[1]}{match[2]}-{part}", body)


def manual_text(target: int = TARGET_BYTES) -> str:
    """The manual: front matter, then corpus documents in turn until ``target`` bytes."""
    documents = sorted(CORPUS.glob("*.md"))
    parts = ["---\ntitle: The long manual\ndate: 2026-11-30\n---\n"]
    size, part = len(parts[0].encode("utf-8")), 0
    while size < target:
        document = documents[part % len(documents)]
        text = f"\n# Part {part + 1}: {document.stem}\n\n" + section(
            document.read_text("utf-8"), part
        )
        parts.append(text)
        size += len(text.encode("utf-8"))
        part += 1
    return "\n".join(parts)


def manual_project(root: Path, doc: str, language: str) -> Path:
    """A project holding only the manual (and the corpus's images)."""
    (root / "source").mkdir(parents=True)
    (root / "source" / f"{doc}.md").write_text(manual_text(), "utf-8")
    shutil.copytree(CORPUS / "assets", root / "source" / "assets")
    (root / "pyproject.toml").write_text(
        f'[tool.pipeline]\nsource-language = "{language}"\nlanguages = []\n', "utf-8"
    )
    return root
