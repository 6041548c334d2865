"""Helpers shared by the command modules: the common options and the one output path.

Every table command takes ``--format``, ``--output``, ``--columns`` and ``--wide`` (:func:`export_options`) and
every command that reads data takes ``--edition`` (:func:`edition_option`). :func:`emit` renders a
:class:`hague.results.Result` through :mod:`hague.render` to the terminal or writes it to a file.
"""

from __future__ import annotations

import sys
from types import SimpleNamespace

import click

from hague.data import DEFAULT_DATASET

FORMATS = ("table", "csv", "json", "md", "xlsx", "package", "parquet", "dta", "long-csv")
#: machine formats (hague.exports): a data package folder, a Parquet, Stata or long-CSV file; they need --output
MACHINE = {"package": None, "parquet": ".parquet", "dta": ".dta", "long-csv": ".csv"}


def _columns(ctx, param, value):
    if not value:
        return None
    return [c.strip() for c in value.split(",") if c.strip()]


def export_options(f):
    """``--format``, ``--output``, ``--columns``, ``--wide`` on a table command."""
    f = click.option("--wide", is_flag=True, help="every column at its natural width (no fitting to the terminal)")(f)
    f = click.option("--columns", metavar="KEY,KEY", callback=_columns,
                     help="only these columns, in this order (keys as in the CSV header)")(f)
    f = click.option("--output", "-o", metavar="FILE",
                     help="write to FILE (all-or-nothing; format from the extension; CSV gets FILE.meta.json); "
                          "a folder for --format package")(f)
    f = click.option("--format", "format", type=click.Choice(FORMATS), default=None,
                     help="output format (default: table, or from --output's extension)")(f)
    return f


def edition_option(f):
    """``--edition``: a NATO dataset id, edition name or year; the default is defined once, in hague.data."""
    return click.option("--edition", default=None, metavar="EDITION",
                        help=f"dataset id, edition name or NATO year, e.g. 2025 or NATO-2025 (default "
                             f"{DEFAULT_DATASET}; see hague data editions)")(f)


def args_of(kwargs: dict) -> SimpleNamespace:
    """The command's options as attributes; ``edition`` resolved to a dataset id (unknown: error listing ids)."""
    if "edition" in kwargs:
        from hague.data import resolve_edition

        kwargs = {**kwargs, "edition": resolve_edition(kwargs["edition"])}
    kwargs.setdefault("columns", None)
    kwargs.setdefault("wide", False)
    return SimpleNamespace(**kwargs)


def output_format(args) -> str:
    from hague.render import format_for

    return format_for(getattr(args, "output", None), getattr(args, "format", None))


def emit(args, result) -> int:
    """Render ``result`` to stdout, or write it to ``--output`` (xlsx needs a file)."""
    from hague.errors import ExportError
    from hague.render import render, write_result

    machine = getattr(args, "format", None) in MACHINE or (
        args.output and str(args.output).lower().endswith((".parquet", ".dta")))
    if machine:
        return emit_machine(args, result)
    fmt = output_format(args)
    if args.output:
        fmt, paths = write_result(result, args.output, fmt, columns=args.columns, wide=args.wide)
        print(f"wrote {', '.join(str(p) for p in paths)} ({fmt})", file=sys.stderr)
        return 0
    if fmt == "xlsx":
        raise ExportError("format xlsx needs --output FILE.xlsx (it is a binary file)")
    content = render(result, fmt, columns=args.columns, wide=args.wide)
    content = content if content.endswith("\n") else content + "\n"
    sys.stdout.write(content)
    start = sys.modules.get("_hague_start")  # the entry point keeps `hague status` for the next start
    if start is not None and start._key and fmt != "csv":
        start.record(content)
    if fmt == "csv":
        print(f"# {result.footer()}", file=sys.stderr)  # the CSV itself is header + rows only
    return 0


def emit_machine(args, result) -> int:
    """``--format package|parquet|dta|long-csv --output PATH``: the Result through :mod:`hague.exports`."""
    from pathlib import Path

    from hague.errors import ExportError
    from hague.exports import write_result

    ext = Path(str(args.output or "")).suffix.lower()
    fmt = args.format or {".parquet": "parquet", ".dta": "dta"}[ext]
    if not args.output:
        where = "a folder" if fmt == "package" else f"FILE{MACHINE[fmt]}"
        raise ExportError(f"format {fmt} needs --output ({where})")
    want = MACHINE[fmt]
    if want and ext != want:
        raise ExportError(f"--format {fmt} writes a {want} file; name the output FILE{want} (got {args.output})")
    if fmt == "package" and ext:
        raise ExportError(f"--format package writes a folder; name a folder without an extension (got {args.output})")
    res = result.select(args.columns) if args.columns else result
    name = (click.get_current_context(silent=True).command_path.split(" ", 1)[-1]
            if click.get_current_context(silent=True) else None)
    paths = write_result(res, args.output, fmt, name=name)
    print(f"wrote {', '.join(str(p) for p in paths)} ({fmt})", file=sys.stderr)
    return 0


def emit_table(args, cols, rows, *, title="", footer="", meta=None, sections=None) -> int:
    """:func:`emit` for commands that still build ``(key, header, unit)`` columns (see :mod:`hague.export`)."""
    from hague.export import to_result

    return emit(args, to_result(cols, rows, title=title, footer=footer, meta=meta, sections=sections))


def with_kind(cols, groups: list[tuple[str, list[dict]]]):
    """See :func:`hague.columns.with_kind` (kept here for commands not yet built on a core Result)."""
    from hague.columns import with_kind as _with_kind

    return _with_kind(cols, groups)


def split_codes(values) -> list[str] | None:
    """``--ally DEU --ally POL`` and ``--ally DEU,POL`` alike; None when not given."""
    if not values:
        return None
    codes = [c.strip() for v in values for c in v.split(",") if c.strip()]
    if not codes:
        from hague.errors import HagueError

        raise HagueError("--ally is empty; give an ally code or name, e.g. --ally DEU or --ally DEU,POL")
    return codes


def rules_option(f):
    return click.option("--rules", multiple=True, metavar="DIR",
                        help="a folder of your own rule YAML files, layered on a copy of the shipped tree "
                             "(repeatable)")(f)


def _check_economics(ctx, param, value):
    from hague.sources.store import check_economics

    return value if value is None else check_economics(value)


def economics_option(f):
    from hague.data import DEFAULT_ECONOMICS

    return click.option("--economics", default=DEFAULT_ECONOMICS, metavar="DATASET", callback=_check_economics,
                        help=f"IMF WEO vintage for GDP projections ({DEFAULT_ECONOMICS} default, imf-weo-2025-04)")(f)
