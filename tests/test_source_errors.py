"""A source pandoc cannot read is an error at the file and line that break it, with
pandoc's reason, whichever command reads the source first."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli, write_project

pytestmark = pytest.mark.hostile

UNCLOSED_LIST = """\
---
title: Groundwater
keywords: [groundwater, salinity
---

# Introduction

Coastal aquifers supply drinking water.
"""

MAPPING_IN_A_VALUE = """\
---
title: Groundwater
subtitle: Sensors: drift and salinity
---

# Introduction

Coastal aquifers supply drinking water.
"""

LATER_BLOCK = """\
# Introduction

Coastal aquifers supply drinking water.

---
note: a: b
---

More text.
"""


@pytest.mark.parametrize(
    ("markdown", "line", "reason"),
    [
        (UNCLOSED_LIST, 4, "did not find expected ',' or ']'"),
        (MAPPING_IN_A_VALUE, 3, "mapping values are not allowed in this context"),
        (LATER_BLOCK, 6, "mapping values are not allowed in this context"),
    ],
)
@pytest.mark.parametrize("command", ["extract", "build"])
def test_broken_yaml_metadata_is_reported_at_its_file_and_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    markdown: str,
    line: int,
    reason: str,
    command: str,
) -> None:
    root = write_project(tmp_path, markdown, [])
    status, _out, err = run_cli(root, command, capsys=capsys)
    assert status == 1
    first = err.strip().splitlines()[0]
    assert first.startswith(f"source/doc.md:{line}: "), err
    assert reason in err
    assert "(line 1, column 1)" not in err  # no position relative to something else
