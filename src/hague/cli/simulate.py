"""``hague simulate``: Monte Carlo probabilities of reaching 3.5 % and fans of share and money."""

from __future__ import annotations

import sys

import click

from hague.cli._common import args_of, economics_option, edition_option, emit, export_options

POSITIVE = click.IntRange(min=1)


@click.command("simulate")
@click.option("--draws", type=POSITIVE, default=10000, show_default=True, help="number of draws")
@click.option("--seed", type=click.IntRange(min=0), default=20250625, show_default=True, help="random seed")
@click.option("--ally", multiple=True, metavar="CODE",
              help="ally to report (repeatable or comma-separated; default: every ally)")
@click.option("--scenario", default="plans", show_default=True, metavar="plans|trend|target",
              help="plans: each ally's stated plans where sourced (shares, or budgets fixed in national currency), "
                   "else its damped trend; trend: the damped trend for every ally; target: a straight line to "
                   "--target by --by")
@click.option("--plan", metavar="FILE",
              help="the central path of the one --ally from a plan file (the format hague plan assess reads)")
@click.option("--target", type=float, default=None,
              help="share of GDP, percent  [default: The Hague's core share, 3.5, from the rule tree]")
@click.option("--by", type=int, default=None, help="deadline year  [default: The Hague's deadline, 2035]")
@click.option("--workers", type=POSITIVE, default=1, show_default=True, help="local processes (1: in this process)")
@click.option("--scheduler", metavar="ADDRESS", help="run on an existing Dask cluster, e.g. tcp://host:8786")
@click.option("--chunk-size", type=POSITIVE, default=None, metavar="DRAWS",
              help="draws per task, rounded up to whole blocks; never changes the results")
@click.option("--totals", is_flag=True,
              help="with --ally: simulate every ally and report the alliance totals too (without --ally they are "
                   "always reported)")
@click.option("--fans", is_flag=True, help="print the percentile fans per ally and year")
@click.option("--calibration", is_flag=True,
              help="print the calibrated parameters per ally (and the data they come from) and stop")
@click.option("--national", is_flag=True,
              help="print every national target the simulation scores, with its probability and source")
@economics_option
@edition_option
@click.option("--chart", metavar="FILE", help="fan chart (.png/.svg) of the first --ally")
@click.option("--no-progress", is_flag=True, help="no progress bar (it only shows on a terminal anyway)")
@export_options
def command(**kw) -> int:
    """Monte Carlo: probability of reaching 3.5 % by 2029 and by 2035, and fans of share and money.

    Each ally's central path is what it has said it will do (national plans), else a damped trend; growth,
    inflation, exchange rates and spending execution vary around it (calibrated from the IMF and NATO history
    and validated by hague backtest, docs/economics.md). The forecast starts after the edition's last year. The
    same seed gives bit-identical results whatever the chunk size, process count or Dask cluster.
    """
    from hague.rules import thresholds

    args = args_of(kw)
    args.target, args.by = thresholds.core(args.target), thresholds.by(args.by)
    return cmd_simulate(args)


def cmd_simulate(args) -> int:
    from hague.models.montecarlo import simulate

    if args.calibration:
        from hague.models.montecarlo.calibration import calibration_result

        return emit(args, calibration_result(allies=list(args.ally) or None, edition=args.edition,
                                             economics=args.economics))

    allies = None
    if args.ally:
        allies = [c.strip() for a in args.ally for c in a.split(",") if c.strip()]
    if args.chart:
        from hague.charts import check_chart_file

        check_chart_file(args.chart)
    progress = (not args.no_progress) and sys.stderr.isatty()
    res = simulate(draws=args.draws, seed=args.seed, allies=allies, scenario=args.scenario, target=args.target,
                   by=args.by, workers=args.workers, scheduler=args.scheduler, chunk_size=args.chunk_size,
                   progress=progress, source=args.edition, economics=args.economics, plan=args.plan,
                   totals=args.totals or None)
    if args.fans and args.national:
        from hague.errors import HagueError

        raise HagueError("choose one of --fans and --national")
    from hague.models.montecarlo.result import simulation_result

    rc = emit(args, simulation_result(res, "national" if args.national else "fans" if args.fans else "probability"))
    if args.chart:
        from hague.charts import chart_fan

        chart_fan(res, res.report_allies[0], args.chart)
        print(f"wrote {args.chart} (chart)", file=sys.stderr)
    return rc
