"""Helpers shared by the command modules: export options and output."""

from __future__ import annotations

import argparse
import sys

from hague.data import DEFAULT_DATASET
from hague.export import FORMATS, format_for, render, write


def add_export_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=FORMATS, default=None, metavar="{" + ",".join(FORMATS) + "}",
                   help="output format (default: table, or from --output's extension)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE (all-or-nothing) instead of the terminal")


def emit(args, cols, rows, *, title="", footer="", meta=None, sections=None) -> int:
    """Render and print or write; xlsx needs --output."""
    fmt = format_for(args.output, args.format)
    if fmt == "xlsx" and not args.output:
        from hague.errors import ExportError

        raise ExportError("format xlsx needs --output FILE.xlsx (it is a binary file)")
    content = render(cols, rows, fmt=fmt, title=title, footer=footer, meta=meta, sections=sections)
    if args.output:
        path = write(content, args.output)
        print(f"wrote {path} ({fmt})", file=sys.stderr)
    else:
        sys.stdout.write(content if content.endswith("\n") else content + "\n")
    return 0


def split_codes(values: list[str] | None) -> list[str] | None:
    """``--ally DEU --ally POL`` and ``--ally DEU,POL`` alike; None when not given."""
    if not values:
        return None
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def add_edition_option(p: argparse.ArgumentParser) -> None:
    """``--edition DATASET``: the NATO dataset or edition to use; the default is defined once, in hague.data."""
    p.add_argument("--edition", default=DEFAULT_DATASET, metavar="DATASET",
                   help=f"NATO dataset id or edition name (default {DEFAULT_DATASET}; see hague data editions)")
