"""Every command, option and Monte Carlo parameter of the money area is documented, with the values in use."""

from __future__ import annotations

import re
from pathlib import Path

import hague
from hague.cli import cli
from hague.models.montecarlo import calibrate

DOC = (Path(__file__).resolve().parents[2] / "docs" / "economics.md").read_text(encoding="utf-8")


def _options(command: str) -> set[str]:
    cmd = cli.get_command(None, command)
    return {o for p in cmd.params for o in p.opts if o.startswith("--")}


def test_commands_and_options_documented():
    for cmd in ("path", "simulate", "gdp", "convert", "backtest"):
        assert f"hague {cmd}" in DOC
        for opt in _options(cmd) - {"--help", "--format", "--output", "--columns", "--wide"}:
            assert f"`{opt}" in DOC, f"{cmd} {opt}"


def test_public_functions_have_docstrings_with_examples():
    for name in ("gdp_result", "convert", "convert_result", "path_result", "simulate_result"):
        fn = getattr(hague, name)
        assert name in hague.__all__ and ">>>" in fn.__doc__, name
    assert "Money" in hague.__all__ and hague.Money.__doc__


def test_calibration_table_matches_the_code():
    c = calibrate()
    ex = c.execution
    assert f"`a = {ex.a:.3f}`, `b = {ex.b:.2f}`" in DOC and f"{ex.years} outcome years" in DOC
    for r in c.rows():
        row = (f"| {r['ally']} | {r['sigma_growth']:.2f} | {r['load_growth']:.2f} | {r['sigma_inflation']:.2f} | "
               f"{r['load_inflation']:.2f} | {r['sigma_exec_1y']:.3f} | {r['sigma_exec_10y']:.3f} | "
               f"{r['sigma_fx']:.3f} | {r['sigma_wedge']:.4f} |")
        assert row in DOC, r["ally"]


def test_methodology_links_here():
    meth = (Path(__file__).resolve().parents[2] / "docs" / "methodology.md").read_text(encoding="utf-8")
    assert re.search(r"\(economics\.md\)", meth)
