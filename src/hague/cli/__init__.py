"""The ``hague`` command line: thin, parses arguments, calls the public API, renders.

Each command group lives in its own module in this package and exposes ``register(subparsers)``;
the module list is :data:`COMMAND_MODULES`. Modules are imported only when needed so that
``hague status`` starts fast.

Errors from hague (:class:`hague.errors.HagueError`) print one line ``hague: error: ...`` and exit 2;
no traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from hague.errors import HagueError

#: command name -> module (in hague.cli) that registers it
COMMAND_MODULES: dict[str, str] = {
    "status": "status",
    "ally": "status",
    "allies": "status",
    "sources": "status",
    "validate": "status",
    "serve": "web",
    "db": "web",
    "users": "web",
    "audit": "web",
    "path": "money",
    "simulate": "money",
    "gdp": "money",
    "convert": "money",
    "check": "rules",
    "rules": "rules",
    "plan": "rules",
    "plans": "plans",
    "related": "plans",
    "data": "data",
    "compare-sources": "data",
    "burden": "burden",
    "targets": "targets",
    "buys": "capability",
    "costs": "capability",
    "compare": "compare",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser; with ``only``, just the module that registers that command (fast path)."""
    parser = _Parser(prog="hague", description="NATO defence-investment tracker with sourced data.")
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="show hague's version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    modules = [COMMAND_MODULES[only]] if only in COMMAND_MODULES else list(dict.fromkeys(COMMAND_MODULES.values()))
    for mod in modules:
        importlib.import_module(f"hague.cli.{mod}").register(sub)
    return parser


class _VersionAction(argparse.Action):
    """``--version``, resolved only when asked (importlib.metadata costs ~15 ms at every start)."""

    def __call__(self, parser, namespace, values, option_string=None):
        parser.exit(0, _version() + "\n")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"hague {version('hague')}"
    except PackageNotFoundError:  # pragma: no cover
        return "hague (not installed)"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in argv if not a.startswith("-")), None)
    fast = first if first in COMMAND_MODULES and "-h" not in argv and "--help" not in argv else None
    parser = build_parser(fast)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except HagueError as exc:
        print(f"hague: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `hague status | head`
        return 0
    except KeyboardInterrupt:
        print("hague: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
