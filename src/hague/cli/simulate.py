"""``hague simulate``: Monte Carlo probabilities of reaching 3.5 % and fans of share and money."""

from __future__ import annotations

import sys

import click

from hague.cli._common import args_of, economics_option, edition_option, emit_table, export_options

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
@click.option("--target", type=float, default=3.5, show_default=True, help="share of GDP, percent")
@click.option("--by", type=int, default=2035, show_default=True, help="deadline year")
@click.option("--workers", type=POSITIVE, default=1, show_default=True, help="local processes (1: in this process)")
@click.option("--scheduler", metavar="ADDRESS", help="run on an existing Dask cluster, e.g. tcp://host:8786")
@click.option("--chunk-size", type=POSITIVE, default=None, metavar="DRAWS",
              help="draws per task, rounded up to whole blocks; never changes the results")
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
    return cmd_simulate(args_of(kw))


def cmd_simulate(args) -> int:
    from hague.models.montecarlo import simulate

    if args.calibration:
        from hague.allies import resolve
        from hague.models.montecarlo import calibrate
        from hague.results import Column

        cal = calibrate(source=args.edition, history=args.economics)

        def num(key, header, unit, decimals, priority=3):
            return Column(key, header, unit, decimals, "number", priority=priority)

        cols = [Column("ally", "Ally", priority=0), num("sigma_growth", "σ growth pp", "percentage points", 2),
                num("load_growth", "λ growth", "loading", 2, 4),
                num("sigma_inflation", "σ inflation pp", "percentage points", 2),
                num("load_inflation", "λ inflation", "loading", 2, 4),
                num("sigma_exec_1y", "σ exec 1y", "log points", 3, 1),
                num("sigma_exec_5y", "σ exec 5y", "log points", 3, 1),
                num("sigma_exec_10y", "σ exec 10y", "log points", 3, 1),
                num("skew_up", "Skew up", "scale above the path", 2, 5),
                num("skew_down", "Skew down", "scale below the path", 2, 5),
                num("sigma_fx", "σ FX", "log points per year", 3, 2)]
        rows = cal.rows()
        if args.ally:
            want = {resolve(c.strip()).iso3 for a in args.ally for c in a.split(",") if c.strip()}
            rows = [r for r in rows if r["ally"] in want]
        ex = cal.execution
        return emit_table(args, cols, rows, title="Monte Carlo calibration (docs/economics.md)",
                          footer="Data: " + "; ".join(cal.sources) + f". Execution error: sigma(h) = {ex.a:.3f} * "
                          f"h^{ex.b:.2f} log points, {ex.years} outcome years, horizons 1-10 with "
                          f"{', '.join(str(n) for n in ex.n_by_h)} pseudo-forecast errors.",
                          meta={"sources": list(cal.sources), "a": ex.a, "b": ex.b, "years": ex.years})

    allies = None
    if args.ally:
        allies = [c.strip() for a in args.ally for c in a.split(",") if c.strip()]
    if args.chart:
        from hague.charts import check_chart_file

        check_chart_file(args.chart)
    progress = (not args.no_progress) and sys.stderr.isatty()
    res = simulate(draws=args.draws, seed=args.seed, allies=allies, scenario=args.scenario, target=args.target,
                   by=args.by, workers=args.workers, scheduler=args.scheduler, chunk_size=args.chunk_size,
                   progress=progress, source=args.edition, economics=args.economics, plan=args.plan)
    if args.fans and args.national:
        from hague.errors import HagueError

        raise HagueError("choose one of --fans and --national")
    if args.national:
        cols, rows = res.national_table()
        title = f"Probability of meeting national targets, {res.scenario} scenario, {res.draws:,} draws, seed {res.seed}"
    elif args.fans:
        cols, rows = res.fan_table()
        title = f"Percentile fans, {res.scenario} scenario, {res.draws:,} draws, seed {res.seed}"
    else:
        cols, rows = res.probability_table()
        title = (f"Probability of core defence spending >= {res.threshold}% of GDP ({res.scenario} scenario, "
                 f"from {res.origin}, {res.draws:,} draws, seed {res.seed})")
    rc = emit_table(args, cols, rows, title=title, footer=res.footer(), meta=res.meta())
    if args.chart:
        from hague.charts import chart_fan

        chart_fan(res, res.report_allies[0], args.chart)
        print(f"wrote {args.chart} (chart)", file=sys.stderr)
    return rc
