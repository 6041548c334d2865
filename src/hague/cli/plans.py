"""``hague plans`` and ``hague related``: national plans, their comparison with NATO, the related-spending ledger.

Thin: each command calls one core function that returns a :class:`hague.results.Result` and renders it.
"""

from __future__ import annotations

import argparse
import sys


def _add_output(p: argparse.ArgumentParser) -> None:
    from hague.render import FORMATS

    p.add_argument("--format", choices=FORMATS, default=None, metavar="{" + ",".join(FORMATS) + "}",
                   help="output format (default: table, or from --output's extension)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE (all-or-nothing) instead of the terminal")
    p.add_argument("--columns", metavar="A,B,C", help="only these columns, in this order")
    p.add_argument("--wide", action="store_true", help="every column, whatever the terminal width")


def show(args, result) -> int:
    """Render a Result to the terminal or to ``--output`` (format from ``--format`` or the extension)."""
    from hague.errors import ExportError
    from hague.render import format_for, render, write_result

    cols = [c.strip() for c in args.columns.split(",") if c.strip()] if getattr(args, "columns", None) else None
    fmt = format_for(args.output, args.format)
    if args.output:
        fmt, paths = write_result(result, args.output, fmt, columns=cols, wide=args.wide)
        print(f"wrote {', '.join(map(str, paths))} ({fmt})", file=sys.stderr)
        return 0
    if fmt == "xlsx":
        raise ExportError("format xlsx needs --output FILE.xlsx (it is a binary file)")
    text = render(result, fmt, columns=cols, wide=args.wide)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _date(text: str):
    from datetime import date

    from hague.errors import HagueError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise HagueError(f"--as-of {text!r} is not a date; accepted: YYYY-MM-DD, e.g. 2025-12-31") from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("plans", help="national plans: targets, paths, budget laws and drafts, with sources",
                       description="List the national plans (hague plans [ALLY]) or set each ally's stated figures "
                                   "against NATO's (hague plans compare [ALLY]). A figure on a national budget "
                                   "basis is shown as such, never compared with NATO's core series.")
    p.add_argument("args", nargs="*", metavar="[compare] [ALLY]", help="'compare' and/or an ally code or name")
    p.add_argument("--kind", help="only one kind: target_share, path_share, path_amount, budget_law, budget_draft")
    p.add_argument("--as-of", metavar="DATE", help="only what had been published by this date (YYYY-MM-DD)")
    p.add_argument("--include-superseded", action="store_true", help="also plans a later statement dropped")
    p.add_argument("--edition", default=None, metavar="DATASET", help="NATO edition for 'compare'")
    _add_output(p)
    p.set_defaults(func=cmd_plans)

    r = sub.add_parser("related", help="the related (1.5%%) spending ledger: what allies claim, by category",
                       description="What allies say they count toward the 1.5% of defence- and security-related "
                                   "spending, by the declaration's five categories, with evidence grades; NATO's "
                                   "own statements first. With --five: core (NATO) + related (claimed) against "
                                   "3.5%, 1.5% and 5%.")
    r.add_argument("ally", nargs="?", metavar="ALLY", help="ally code or name, or NATO")
    r.add_argument("--five", action="store_true", help="the 5%% table: core + related claimed, per ally")
    r.add_argument("--year", type=int, help="year for --five (default: latest of the NATO edition)")
    r.add_argument("--edition", default=None, metavar="DATASET", help="NATO edition for --five")
    _add_output(r)
    r.set_defaults(func=cmd_related)


def cmd_plans(args) -> int:
    from hague.errors import HagueError
    from hague.rules.five_percent import plans_compare, plans_result

    words = list(args.args)
    compare = bool(words) and words[0] == "compare"
    if compare:
        words = words[1:]
    if len(words) > 1:
        raise HagueError(f"hague plans takes at most one ally, got {', '.join(words)}")
    ally = words[0] if words else None
    as_of = _date(args.as_of) if args.as_of else None
    if compare:
        if args.kind or args.include_superseded:
            raise HagueError("--kind and --include-superseded apply to the list, not to 'compare'")
        return show(args, plans_compare(ally, edition=args.edition, as_of=as_of))
    return show(args, plans_result(ally, as_of=as_of, include_superseded=args.include_superseded, kind=args.kind))


def cmd_related(args) -> int:
    from hague.errors import HagueError
    from hague.rules.five_percent import five_percent, related_result

    if args.five:
        allies = None
        if args.ally:
            if args.ally.upper() == "NATO":
                raise HagueError("--five is per ally; leave out NATO")
            allies = [args.ally]
        return show(args, five_percent(args.year, edition=args.edition, allies=allies))
    if args.year is not None:
        raise HagueError("--year applies to --five")
    return show(args, related_result(args.ally))
