"""``hague backtest``: how the forecasts would have done from every past origin (coverage, PIT, CRPS, MAE)."""

from __future__ import annotations

import argparse
import sys

from hague.cli._common import add_export_options


def _positive_int(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return v


def _origins(text: str) -> list[int]:
    out = []
    for part in text.split(","):
        part = part.strip()
        try:
            if "-" in part[1:]:
                a, b = part.split("-", 1)
                out += list(range(int(a), int(b) + 1))
            elif part:
                out.append(int(part))
        except ValueError:
            raise argparse.ArgumentTypeError(f"origins: expected years like 2018,2019 or 2015-2020, got {part!r}") \
                from None
    return out


def register(sub: argparse._SubParsersAction) -> None:
    from hague.data import DEFAULT_DATASET

    b = sub.add_parser(
        "backtest", help="score the forecasts from every past origin: interval coverage, PIT, CRPS, MAE",
        description="For every origin with 4 years of history and a later outcome: recalibrate on the data up to "
                    "the origin (and the national plans published by then), forecast every later year up to 10 "
                    "years ahead with the simulate model, and score the outcomes (docs/economics.md, 'Backtest'). "
                    "The table shows coverage by horizon and pooled; --format json/csv gives every (origin, "
                    "horizon, nominal) row.")
    b.add_argument("--history", default=DEFAULT_DATASET, metavar="DATASET",
                   help=f"share-of-GDP history: a NATO edition (default {DEFAULT_DATASET}) or an imported SIPRI "
                        "dataset (sipri-YYYY, from hague data import sipri FILE) for decades of origins")
    b.add_argument("--draws", type=_positive_int, default=20000, help="draws per origin (default 20,000)")
    b.add_argument("--seed", type=_positive_int, default=20250625, help="random seed (default 20250625)")
    b.add_argument("--origins", type=_origins, metavar="YEARS", help="only these origins (e.g. 2018-2021)")
    b.add_argument("--ally", action="append", metavar="CODE", help="only these allies (repeatable or comma-separated)")
    b.add_argument("--workers", type=_positive_int, default=1, help="local processes (default 1)")
    b.add_argument("--scheduler", metavar="ADDRESS", help="run on an existing Dask cluster")
    b.add_argument("--detail", action="store_true",
                   help="the table lists every origin too (JSON and CSV always do)")
    b.add_argument("--chart", metavar="FILE", help="coverage by horizon against the nominal line (.png or .svg)")
    b.add_argument("--no-progress", action="store_true", help="no progress bar")
    add_export_options(b)
    b.set_defaults(func=cmd_backtest)


def cmd_backtest(args) -> int:
    from hague.errors import ExportError
    from hague.models.montecarlo.backtest import backtest
    from hague.render import format_for, render, write_result

    fmt = format_for(args.output, args.format)
    if fmt == "xlsx" and not args.output:
        raise ExportError("format xlsx needs --output FILE.xlsx (it is a binary file)")
    if args.chart:
        from hague.charts import check_chart_file

        check_chart_file(args.chart)
    allies = [c.strip() for a in args.ally for c in a.split(",") if c.strip()] if args.ally else None
    try:
        from hague.data import resolve_edition

        history = resolve_edition(args.history)
    except ImportError:  # pragma: no cover
        history = args.history
    r = backtest(history=history, draws=args.draws, seed=args.seed, origins=args.origins, workers=args.workers,
                 scheduler=args.scheduler, allies=allies, progress=(not args.no_progress) and sys.stderr.isatty())
    res = r.result(detail=args.detail or fmt != "table")
    if args.output:
        fmt, paths = write_result(res, args.output, fmt)
        print(f"wrote {', '.join(str(p) for p in paths)} ({fmt})", file=sys.stderr)
    else:
        out = render(res, fmt)
        if fmt == "table":
            out += "\n" + _skill_table(r)
        sys.stdout.write(out if out.endswith("\n") else out + "\n")
    if args.chart:
        r.chart(args.chart)
        print(f"wrote {args.chart} (chart)", file=sys.stderr)
    return 0


def _skill_table(r) -> str:
    from hague.render import render
    from hague.results import Column, Result

    cols = [Column("horizon", "Years ahead", kind="int", priority=0), Column("n", "Outcomes", kind="int"),
            Column("crps", "CRPS pp", "percentage points of GDP", 3, "number", priority=0),
            Column("mae_nochange", "MAE no change", "percentage points of GDP", 3, "number", priority=0),
            Column("crps_vs_nochange", "CRPS / no change", "", 2, "number", priority=0),
            Column("mae_central", "MAE central", "percentage points of GDP", 3, "number"),
            Column("mae_trend", "MAE plain trend", "percentage points of GDP", 3, "number")]
    pit = ", ".join(f"{b['bin']}: {b['share']:.2f}" for b in r.pit_histogram())
    est = r.coverage_rows(estimate=True, detail=False)
    est_line = ""
    pooled = [x for x in est if x["horizon"] == "all"]
    if pooled:
        est_line = ("Outcomes that are the source's estimates (scored apart, " + f"{pooled[0]['n']} outcomes): "
                    + ", ".join(f"{int(x['nominal'] * 100)}% {x['coverage']:.2f}" for x in pooled) + ".")
    res = Result("Skill: CRPS and mean absolute error (actual outcomes)", r.skill_rows(), cols,
                 notes=[f"PIT histogram (share of outcomes per decile; 0.10 each if calibrated): {pit}.", est_line])
    return render(res, "table")
