"""``hague backtest``: how the forecasts would have done from every past origin (coverage, PIT, CRPS, MAE)."""

from __future__ import annotations

import sys

import click

from hague.cli._common import args_of, export_options, output_format

POSITIVE = click.IntRange(min=1)


def _origins(ctx, param, text):
    if not text:
        return None
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
            raise click.BadParameter(f"expected years like 2018,2019 or 2015-2020, got {part!r}") from None
    return out


@click.command("backtest")
@click.option("--history", default=None, metavar="DATASET",
              help="share-of-GDP history: a NATO edition (default: the default edition) or an imported SIPRI "
                   "dataset (sipri-YYYY, from hague data import sipri FILE) for decades of origins")
@click.option("--draws", type=POSITIVE, default=20000, show_default=True, help="draws per origin")
@click.option("--seed", type=click.IntRange(min=0), default=20250625, show_default=True, help="random seed")
@click.option("--origins", callback=_origins, metavar="YEARS", help="only these origins (e.g. 2018-2021)")
@click.option("--ally", multiple=True, metavar="CODE", help="only these allies (repeatable or comma-separated)")
@click.option("--workers", type=POSITIVE, default=1, show_default=True, help="local processes")
@click.option("--scheduler", metavar="ADDRESS", help="run on an existing Dask cluster")
@click.option("--vintages", is_flag=True,
              help="score the forecasts made from each real release (as published: its data and date) against "
                   "the latest values of --history (default nato-2026), one row per release and pooled")
@click.option("--revised", is_flag=True,
              help="start every origin from the revised history (default: from the release as published at the "
                   "origin wherever hague holds one)")
@click.option("--detail", is_flag=True, help="the table lists every origin too (JSON and CSV always do)")
@click.option("--chart", metavar="FILE", help="coverage by horizon against the nominal line (.png or .svg)")
@click.option("--no-progress", is_flag=True, help="no progress bar")
@click.option("--pledges", is_flag=True, help="score pledge delivery instead: the delivery record of the pledges "
              "of 2014-2024 (leave one pledge out, and by origin), and the record itself")
@export_options
def command(**kw) -> int:
    """Score the forecasts from every past origin: interval coverage, PIT, CRPS and MAE.

    For every origin with 4 years of history and a later outcome: recalibrate on the data up to the origin (and
    the national plans published by then), forecast every later year up to 10 years ahead with the simulate
    model, and score the outcomes (docs/economics.md, 'Backtest'). The table shows coverage by horizon and pooled;
    --format json or csv gives every (origin, horizon, nominal) row.
    """
    return cmd_backtest(args_of(kw))


def history_or_default(history: str | None) -> str:
    from hague.data import resolve_edition

    return resolve_edition(history)


def cmd_backtest(args) -> int:
    from hague.cli._common import emit
    from hague.data import resolve_edition
    from hague.models.montecarlo.backtest import backtest

    fmt = output_format(args)
    if args.pledges:
        from hague.models.pledge_delivery import pledge_backtest_result, pledge_delivery_result

        rc = emit(args, pledge_backtest_result(source=history_or_default(args.history)))
        if fmt == "table" and not args.output:
            from hague.render import render

            sys.stdout.write("\n" + render(pledge_delivery_result(source=history_or_default(args.history)), "table",
                                           columns=None, wide=args.wide) + "\n")
        return rc
    if args.chart:
        from hague.charts import check_chart_file

        check_chart_file(args.chart)
    allies = [c.strip() for a in args.ally for c in a.split(",") if c.strip()] if args.ally else None
    history = resolve_edition(args.history)
    if args.vintages:
        from hague.models.montecarlo.backtest import vintage_backtest

        if args.origins or allies or args.chart or args.revised:
            from hague.errors import HagueError

            raise HagueError("--vintages scores each release from its own last year for every ally: it takes no "
                             "--origins, --ally, --chart or --revised")
        v = vintage_backtest(latest=history, draws=args.draws, seed=args.seed, workers=args.workers,
                             scheduler=args.scheduler, progress=(not args.no_progress) and sys.stderr.isatty())
        return emit(args, v.result())
    r = backtest(history=history, draws=args.draws, seed=args.seed, origins=args.origins, workers=args.workers,
                 scheduler=args.scheduler, allies=allies, real_time=not args.revised,
                 progress=(not args.no_progress) and sys.stderr.isatty())
    res = r.result(detail=args.detail or fmt != "table")
    rc = emit(args, res)
    if fmt == "table" and not args.output:
        from hague.models.montecarlo.backtest import backtest_skill_result
        from hague.render import render

        sys.stdout.write(render(backtest_skill_result(r), "table", columns=None, wide=args.wide) + "\n")
    if args.chart:
        r.chart(args.chart)
        print(f"wrote {args.chart} (chart)", file=sys.stderr)
    return rc

