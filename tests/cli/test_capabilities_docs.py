"""Every command and public function of the burden/capability area is documented."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

import hague
from hague.cli import COMMANDS as CLI_COMMANDS
from hague.cli import main

DOC = (Path(__file__).resolve().parents[2] / "docs" / "burden-capabilities.md").read_text(encoding="utf-8")
COMMANDS = ["burden", "targets", "buys", "costs", "compare"]
FUNCTIONS = ["burden", "burden_groups", "burden_trend", "targets", "apportion", "compare_principles", "unit_costs",
             "what_money_buys", "compare", "ammunition_balance", "parity_years", "parity_runs"]


@pytest.mark.parametrize("cmd", COMMANDS)
def test_command_registered_documented_and_has_help(cmd, capsys):
    assert cmd in CLI_COMMANDS
    assert f"hague {cmd}" in DOC
    assert main([cmd, "--help"]) == 0
    assert capsys.readouterr().out.startswith(f"Usage: hague {cmd}")


def test_apportion_subcommand_help(capsys):
    assert main(["targets", "apportion", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--principle" in out and "--cap" in out and "--min" in out


@pytest.mark.parametrize("name", FUNCTIONS)
def test_public_function_exported_and_documented(name):
    assert name in hague.__all__
    f = getattr(hague, name)
    assert inspect.getdoc(f)
    assert f"hague.{name}()" in DOC
