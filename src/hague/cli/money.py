"""``hague path`` (deterministic budget paths) and ``hague simulate`` (Monte Carlo probabilities and fans)."""

from __future__ import annotations

import argparse
import sys

from hague.cli._common import add_edition_option, add_export_options, emit


def _positive_int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def register(sub: argparse._SubParsersAction) -> None:
    register_economics(sub)
    p = sub.add_parser(
        "path", help="year-by-year budget to reach a share of GDP by a deadline (one ally or --all)",
        description="Per year: share of GDP, budget in national currency, current and constant 2021 USD, extra "
                    "over a frozen-share baseline and the cumulative extra to the deadline. History is NATO's; "
                    "GDP is projected with the IMF WEO (docs/economics.md).")
    p.add_argument("ally", nargs="?", help="ISO3 / ISO2 code or English name, e.g. DEU")
    p.add_argument("--all", action="store_true", help="every ally plus totals for Europe and Canada, the US, NATO")
    p.add_argument("--target", type=float, default=3.5, help="share of GDP to reach, percent (default 3.5)")
    p.add_argument("--by", type=int, default=2035, help="deadline year (default 2035)")
    p.add_argument("--shape", default=["linear"], nargs="+", metavar="SHAPE",
                   help="linear (default), front, back, or 'plan FILE' (a CSV with columns year,share_gdp)")
    p.add_argument("--plan", metavar="FILE", help="plan CSV with columns year,share_gdp (same as --shape plan FILE)")
    p.add_argument("--related", action="store_true", help="add the up-to-1.5%% related spending as its own lines")
    p.add_argument("--related-target", type=float, default=1.5, help="related share by the deadline (default 1.5)")
    p.add_argument("--economics", default="imf-weo-2025-10", metavar="DATASET",
                   help="IMF WEO vintage for GDP projections (imf-weo-2025-10 default, imf-weo-2025-04)")
    add_edition_option(p)
    p.add_argument("--chart", metavar="FILE", help="also draw a chart (.png or .svg): history solid, projection dashed")
    add_export_options(p)
    p.set_defaults(func=cmd_path)

    s = sub.add_parser(
        "simulate", help="Monte Carlo: probability of reaching 3.5%% by 2029 and 2035, fans of share and money",
        description="Simulate growth, inflation and spending execution per ally (calibrated from the IMF and NATO "
                    "history, docs/economics.md). The same seed gives bit-identical results whatever the chunk size, "
                    "process count or Dask cluster.")
    s.add_argument("--draws", type=_positive_int, default=10000, help="number of draws (default 10,000)")
    s.add_argument("--seed", type=_positive_int, default=20250625, help="random seed (default 20250625)")
    s.add_argument("--ally", action="append", metavar="CODE",
                   help="ally to report (repeatable or comma-separated; default: every ally)")
    s.add_argument("--scenario", default="trend", metavar="{trend,plan,target}",
                   help="target: share path to --target by --by; plan: the same budgets fixed in national "
                        "currency; trend: each ally's 2014-2026 trend (default)")
    s.add_argument("--target", type=float, default=3.5, help="share of GDP, percent (default 3.5)")
    s.add_argument("--by", type=int, default=2035, help="deadline year (default 2035)")
    s.add_argument("--workers", type=_positive_int, default=1, help="local processes (default 1: in this process)")
    s.add_argument("--scheduler", metavar="ADDRESS", help="run on an existing Dask cluster, e.g. tcp://host:8786")
    s.add_argument("--chunk-size", type=_positive_int, default=None, metavar="DRAWS",
                   help="draws per task, rounded up to whole blocks; never changes the results")
    s.add_argument("--fans", action="store_true", help="print the percentile fans per ally and year")
    s.add_argument("--calibration", action="store_true",
                   help="print the calibrated parameters per ally (and the data they come from) and stop")
    s.add_argument("--national", action="store_true",
                   help="print every national target the simulation scores, with its probability and source")
    s.add_argument("--economics", default="imf-weo-2025-10", metavar="DATASET")
    add_edition_option(s)
    s.add_argument("--chart", metavar="FILE", help="fan chart (.png/.svg) of the first --ally")
    s.add_argument("--no-progress", action="store_true", help="no progress bar (it only shows on a terminal anyway)")
    add_export_options(s)
    s.set_defaults(func=cmd_simulate)


def register_economics(sub: argparse._SubParsersAction) -> None:
    g = sub.add_parser("gdp", help="one ally's GDP path 2014-2035 (NATO history, IMF projection, extension rule)",
                       description="GDP in national currency, current and constant 2021 USD, real growth, deflator, "
                                   "exchange rate and population per year, with where each year comes from.")
    g.add_argument("ally", help="ISO3 / ISO2 code or English name")
    g.add_argument("--economics", default="imf-weo-2025-10", metavar="DATASET",
                   help="IMF WEO vintage (imf-weo-2025-10 default, imf-weo-2025-04)")
    add_edition_option(g)
    add_export_options(g)
    g.set_defaults(func=cmd_gdp)

    c = sub.add_parser("convert", help="convert money: national currency, current / constant 2021 USD, EUR",
                       description="Convert an amount in millions with NATO's exchange rates and deflators, e.g. "
                                   "hague convert 124660 EUR --ally DEU --year 2026 --to USD --basis constant_2021")
    c.add_argument("amount", help="amount, in millions unless --unit says otherwise")
    c.add_argument("--unit", default="million", choices=("unit", "thousand", "million", "billion", "trillion"),
                   help="scale of AMOUNT (default million)")
    c.add_argument("currency", help="currency of the amount: the ally's own, USD or EUR")
    c.add_argument("--ally", required=True, help="whose exchange rate and deflator")
    c.add_argument("--year", type=int, required=True, help="year of the amount (2014-2035)")
    c.add_argument("--from-basis", default="current", choices=("current", "constant_2021"),
                   help="price basis of the amount (default current)")
    c.add_argument("--to", default="USD", help="target currency (default USD)")
    c.add_argument("--basis", default=None, choices=("current", "constant_2021"),
                   help="target price basis (default: the same as --from-basis)")
    c.add_argument("--economics", default="imf-weo-2025-10", metavar="DATASET")
    add_edition_option(c)
    add_export_options(c)
    c.set_defaults(func=cmd_convert)


def cmd_gdp(args) -> int:
    from hague.economics import gdp_path

    p = gdp_path(args.ally, economics=args.economics, source=args.edition)
    cols = [("year", "Year", ""), ("gdp_nc", f"GDP {p.currency} m", f"{p.currency} million, current"),
            ("gdp_usd", "GDP USD m", "USD million, current"),
            ("gdp_usd_2021", "GDP USD m 2021", "USD million, constant 2021"),
            ("real_growth", "Real growth %", "percent"), ("deflator", "Deflator (2021=1)", "index"),
            ("xr", f"{p.currency} per USD", "exchange rate"), ("population", "Population m", "million"),
            ("basis", "Source", "")]
    title = f"{resolve_name(p.ally)}: GDP path 2014-2035"
    meta = {"ally": p.ally, "currency": p.currency, "dataset": p.source, "economics": p.economics}
    footer = (f"NATO {p.source} Table 5 to {p.last_data_year}; IMF {p.economics} growth to {p.last_imf_year}; "
              "extension rule after (docs/economics.md). Population: IMF.")
    return emit(args, cols, p.rows(), title=title, footer=footer, meta=meta)


def resolve_name(code: str) -> str:
    from hague.allies import resolve

    return resolve(code).name


def cmd_convert(args) -> int:
    from hague.economics import Money, convert

    from hague.economics.money import amount_in_millions

    amount = amount_in_millions(args.amount, args.unit)
    m = Money(amount, args.currency.upper(), args.from_basis, year=args.year, ally=args.ally)
    out = convert(m, args.to.upper(), args.basis, economics=args.economics, source=args.edition)
    cols = [("amount", "Amount (million)", ""), ("currency", "Currency", ""), ("price_basis", "Price basis", ""),
            ("year", "Year", ""), ("ally", "Ally", "")]
    rows = [{"amount": x.amount, "currency": x.currency, "price_basis": x.price_basis, "year": x.year,
             "ally": x.ally or out.ally} for x in (m, out)]
    footer = (f"Amount read as {args.amount} {args.currency.upper()} {args.unit} (--unit); amounts shown in millions. "
              f"NATO {args.edition} exchange rates and deflators (Tables 1, 2), IMF {args.economics} after "
              f"the NATO years; rules in docs/economics.md.")
    return emit(args, cols, rows, title=f"{m} = {out}", footer=footer, meta={"economics": args.economics})


def cmd_path(args) -> int:
    from hague.errors import HagueError
    from hague.models.projection import COLUMNS, RELATED_COLUMNS, SHAPES, path, path_all

    shape, *rest = args.shape
    if shape not in SHAPES:
        raise HagueError(f"unknown shape {shape!r}; accepted: {', '.join(SHAPES)}")
    if len(rest) > 1 or (rest and shape != "plan"):
        raise HagueError(f"--shape takes one of {', '.join(SHAPES[:-1])}, or 'plan FILE'; got {' '.join(args.shape)}")
    if rest and args.plan:
        raise HagueError("give the plan file once: --shape plan FILE or --plan FILE")
    args.shape = shape
    if args.chart:
        from hague.charts import check_chart_file

        check_chart_file(args.chart)
    plan = args.plan or (rest[0] if rest else None)
    if args.shape == "plan" and not plan:
        raise HagueError("--shape plan needs a FILE (CSV with columns year,share_gdp)")
    if plan and args.shape not in ("plan", "linear"):
        raise HagueError(f"a plan file and --shape {args.shape} exclude each other")
    if args.all:
        if args.ally:
            raise HagueError("give an ally or --all, not both")
        if plan:
            raise HagueError("a plan file belongs to one ally; --all takes --shape linear, front or back")
        ap = path_all(target=args.target, by=args.by, shape=args.shape, related=args.related,
                      source=args.edition, economics=args.economics)
        cols = [("code", "Code", ""), ("name", "Name", ""), ("year", "Year", ""),
                ("share_gdp", "% GDP", "percent of GDP"), ("budget_usd", "Budget USD m", "USD million, current"),
                ("budget_usd_2021", "Budget USD m 2021", "USD million, constant 2021"),
                ("extra_usd_2021", "Extra USD m 2021", "USD million, constant 2021"),
                ("cum_extra_usd_2021", "Cum. extra USD m 2021", "USD million, constant 2021")]
        allies, totals = ap.summary_rows(), ap.total_rows()
        any_path = next(iter(ap.paths.values()))
        title = f"Paths to {args.target}% of GDP by {args.by} ({args.shape}): allies in {args.by}, alliance totals"
        meta = {"target": args.target, "by": args.by, "shape": args.shape, "dataset": args.edition,
                "economics": args.economics}
        rc = emit(args, cols, allies + totals, title=title, footer=any_path.footer(), meta=meta,
                  sections=[("", allies), ("", totals)])
        if args.chart:
            from hague.charts import chart_alliance

            chart_alliance(ap, args.chart)
            print(f"wrote {args.chart} (chart)", file=sys.stderr)
        return rc
    if not args.ally:
        raise HagueError("name an ally (e.g. hague path DEU) or use --all")
    p = path(args.ally, target=args.target, by=args.by, shape=args.shape, plan=plan, related=args.related,
             related_target=args.related_target, source=args.edition, economics=args.economics)
    spec = dict(COLUMNS)
    if p.related:
        spec.update(RELATED_COLUMNS)
    cols = [(k, h.replace("NC", p.currency), u.replace("national currency", p.currency)) for k, (h, u) in spec.items()]
    title = (f"{p.name}: path to {p.target}% of GDP by {p.by} ({p.shape}); cumulative extra "
             f"{p.last_data_year + 1}-{p.by}: USD {p.cumulative_extra_usd_2021 / 1000:,.1f} bn at 2021 prices, "
             f"{p.currency} {p.cumulative_extra_nc / 1000:,.1f} bn nominal")
    meta = {"ally": p.ally, "target": p.target, "by": p.by, "shape": p.shape, "dataset": p.source,
            "economics": p.economics, "cumulative_extra_usd_2021": p.cumulative_extra_usd_2021,
            "cumulative_extra_nc": p.cumulative_extra_nc, "currency": p.currency}
    rc = emit(args, cols, p.rows, title=title, footer=p.footer(), meta=meta)
    if args.chart:
        from hague.charts import chart_path

        chart_path(p, args.chart)
        print(f"wrote {args.chart} (chart)", file=sys.stderr)
    return rc


def cmd_simulate(args) -> int:
    from hague.models.montecarlo import simulate

    if args.calibration:
        from hague.models.montecarlo import calibrate

        cal = calibrate(source=args.edition)
        cols = [("ally", "Ally", ""), ("sigma_growth", "σ growth pp", "percentage points"),
                ("load_growth", "λ growth", "loading"), ("sigma_inflation", "σ inflation pp", "percentage points"),
                ("load_inflation", "λ inflation", "loading"), ("sigma_exec", "σ execution", "log points"),
                ("rho", "ρ", "persistence"), ("trend_slope", "Trend pp/yr", "percentage points of GDP per year")]
        return emit(args, cols, cal.rows(), title="Monte Carlo calibration (docs/economics.md)",
                    footer="Data: " + "; ".join(cal.sources), meta={"sources": list(cal.sources)})

    allies = None
    if args.ally:
        allies = [c.strip() for a in args.ally for c in a.split(",") if c.strip()]
    if args.chart:
        from hague.charts import check_chart_file

        check_chart_file(args.chart)
    progress = (not args.no_progress) and sys.stderr.isatty()
    res = simulate(draws=args.draws, seed=args.seed, allies=allies, scenario=args.scenario, target=args.target,
                   by=args.by, workers=args.workers, scheduler=args.scheduler, chunk_size=args.chunk_size,
                   progress=progress, source=args.edition, economics=args.economics)
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
                 f"{res.draws:,} draws, seed {res.seed})")
    rc = emit(args, cols, rows, title=title, footer=res.footer(), meta=res.meta())
    if args.chart:
        from hague.charts import chart_fan

        chart_fan(res, res.report_allies[0], args.chart)
        print(f"wrote {args.chart} (chart)", file=sys.stderr)
    return rc
