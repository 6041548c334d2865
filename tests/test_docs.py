"""Every CLI command and every public function is documented."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import hague
from hague.cli import COMMANDS

ROOT = Path(__file__).resolve().parents[1]


def test_every_cli_command_is_in_the_reference():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^## `hague ([a-z][a-z-]*)", text, flags=re.M))
    missing = set(COMMANDS) - documented
    assert not missing, f"commands missing from docs/cli.md: {sorted(missing)}"


def test_every_public_function_has_a_docstring():
    for name in hague.__all__:
        obj = getattr(hague, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert (obj.__doc__ or "").strip(), f"hague.{name} has no docstring"


def test_readme_has_the_two_setup_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    assert any("hague status" in b for b in blocks) and any("pytest" in b for b in blocks)


def test_help_of_every_command_renders(capsys):
    from hague.cli import main

    for argv in [["--help"]] + [[name, "--help"] for name in COMMANDS]:
        assert main(argv) == 0, argv
        assert capsys.readouterr().out.startswith(f"Usage: hague {argv[0] if len(argv) > 1 else ''}".rstrip())
