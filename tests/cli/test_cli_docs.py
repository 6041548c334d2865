"""docs/cli.md is generated from the commands, and its pandas example works on a real export."""

from __future__ import annotations

import re
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_cli_reference_matches_the_commands():
    tool = runpy.run_path(str(ROOT / "tools" / "cli_docs.py"))
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == tool["generate"](), \
        "docs/cli.md is stale: run python tools/cli_docs.py"


def test_pandas_example_in_the_reference_runs(tmp_path):
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, flags=re.S).group(1)
    assert "hague status --year 2025 --output status-2025.csv" in code
    from hague.cli import main

    assert main(["status", "--year", "2025", "--output", str(tmp_path / "status-2025.csv")]) == 0
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["4.25", "float64"]  # Poland 2025, NATO July 2026 edition
