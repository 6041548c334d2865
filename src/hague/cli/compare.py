"""``hague compare``: adversary and allied production estimates, balance and the year of parity."""

from __future__ import annotations

import click

from hague.cli._common import args_of, emit_table, export_options

VIEWS = ("estimates", "balance", "parity", "runs", "all")


@click.command("compare")
@click.argument("topic", default="ammunition", required=False)
@click.option("--view", type=click.Choice(VIEWS), default="all", show_default=True,
              help="which table (all = estimates, balance, parity; runs = every model run; csv/json/xlsx/--output "
                   "need one view)")
@click.option("--russia-growth", type=float, default=0.0, metavar="PCT", show_default=True,
              help="yearly growth of Russian output in the ramp-up model, percent")
@export_options
def command(**kw) -> int:
    """Adversary and allied production estimates with ranges, dates, sources and confidence.

    TOPIC: ammunition (default), armour, missiles, drones, naval, nuclear, artillery. For ammunition also the
    ratio and 'months of NATO output', and a ramp-up model giving the year of parity under scenarios.
    """
    return cmd_compare(args_of(kw))


def _estimates(args) -> int:
    from hague.cli.burden import records
    from hague.models.adversary import estimates

    df = estimates(args.topic).set_index("id")
    cols = [("id", "Id", ""), ("actor", "Actor", ""), ("item", "Item", ""), ("kind", "Kind", ""), ("year", "Year", ""),
            ("value", "Value", ""), ("low", "Low", ""), ("high", "High", ""), ("unit", "Unit", ""),
            ("per_year", "Per year", "yearly rate"), ("date", "Estimate date", ""), ("confidence", "Confidence", ""),
            ("source", "Source", ""), ("notes", "Notes", "")]
    rows = records(df, [k for k, _, _ in cols if k != "id"])
    for r in rows:
        if isinstance(r.get("year"), float):
            r["year"] = int(r["year"])
    footer = ("Estimates from the public sources named on each row, each with its date, source and "
              "confidence; 'Per year' converts monthly and quarterly rates. Refurbished Russian equipment counts as "
              "output in these sources.")
    return emit_table(args, cols, rows, title=f"Production estimates: {args.topic}", footer=footer)


def _balance(args) -> int:
    from hague.models.adversary import ammunition_balance

    df = ammunition_balance()
    cols = [("russia_label", "Russia estimate", ""), ("russia_per_year", "Russia/yr", "rounds a year"),
            ("russia_confidence", "Conf.", ""), ("nato_label", "Allied basis", ""),
            ("nato_per_year", "Allied/yr", "rounds a year"), ("ratio", "Ratio", "Russia / allied"),
            ("months_of_nato_output", "Months of NATO output", "12 x ratio"), ("caveat", "Caveat", "")]
    rows = [{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()} for r in df.to_dict("records")]
    footer = ("Months of NATO output = months the allies need to make what Russia makes in a year. Russian and allied "
              "figures are for different years (2023-2026): see each label. Catalog ids: " +
              ", ".join(dict.fromkeys(df["russia"])) + ".")
    return emit_table(args, cols, rows, title="Artillery ammunition: Russia against the allies", footer=footer)


def _parity(args) -> int:
    from hague.models.adversary import RAMP_PARAMETERS, parity_years

    df = parity_years(russia_growth=args.russia_growth / 100)
    cols = [("scenario", "Scenario", ""), ("growth_pct", "Allied growth %/yr", ""), ("basis", "Basis", ""),
            ("runs", "Runs", "estimate x basis x lag"), ("earliest", "Earliest", "year of parity"),
            ("median", "Median", "year of parity"), ("latest", "Latest", "year of parity"),
            ("not_by_horizon", f"Not by {df.attrs['horizon']}", "runs"), ("by_2035", "By 2035", "runs")]
    rows = []
    for r in df.to_dict("records"):
        r = {k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()}
        for k in ("earliest", "median", "latest"):
            if r[k] is not None:
                r[k] = int(r[k])
        rows.append(r)
    params = "; ".join(f"{k} = {p['value']:.3g} {p['unit']} ({p['basis']}: {p['source']})"
                       for k, p in RAMP_PARAMETERS.items() if k != "russia_growth")
    footer = (f"Ramp-up model: allied output N(y) = N0 x (1+g)^max(0, y - y0 - lag); Russian output held at each "
              f"estimate{'' if not args.russia_growth else f' growing {args.russia_growth:g}%/yr'}. Runs = 3 Russian "
              f"estimates x 3 allied bases x 2 lags. A missing year means some runs never reach parity by "
              f"{df.attrs['horizon']}. Parameters: {params}.")
    return emit_table(args, cols, rows, title="Year of parity in artillery ammunition, by scenario", footer=footer)


def _runs(args) -> int:
    from hague.models.adversary import parity_runs

    df = parity_runs(russia_growth=args.russia_growth / 100)
    cols = [("scenario", "Scenario", ""), ("growth_pct", "Growth %/yr", ""), ("russia", "Russia estimate", ""),
            ("russia_per_year", "Russia/yr", "rounds a year"), ("nato_label", "Allied basis", ""),
            ("nato_per_year", "Allied/yr", "rounds a year"), ("base_year", "Base year", ""),
            ("lag", "Lag yrs", ""), ("lag_basis", "Lag basis", ""), ("parity_year", "Parity year", "")]
    rows = []
    for r in df.to_dict("records"):
        y = r["parity_year"]
        r["parity_year"] = None if y is None or y != y else int(y)
        rows.append(r)
    footer = (f"One row per run of the ramp-up model; no parity year = not by {df.attrs['horizon']}. "
              "See `hague compare --view parity` for the summary and the parameters.")
    return emit_table(args, cols, rows, title="Ramp-up model runs: year of parity in artillery ammunition", footer=footer)


def cmd_compare(args) -> int:
    from hague.errors import HagueError
    from hague.models.adversary import check_russia_growth
    from hague.models.catalog import adversary_entries

    adversary_entries(args.topic)  # unknown topic -> error listing the accepted ones
    check_russia_growth(args.russia_growth / 100)  # before anything is printed: no half-written output
    view = args.view
    if args.topic != "ammunition" and view in ("balance", "parity", "runs"):
        raise HagueError(f"no allied production figure for {args.topic!r} in the catalog: only --view "
                         "estimates is available")
    if view == "all" and (args.output or (args.format or "table") != "table"):
        raise HagueError("with --format or --output choose one --view: estimates, balance, parity or runs")
    if view in ("estimates", "all"):
        _estimates(args)
    if args.topic == "ammunition":
        if view in ("balance", "all"):
            if view == "all":
                print()
            _balance(args)
        if view in ("parity", "all"):
            if view == "all":
                print()
            _parity(args)
        if view == "runs":
            _runs(args)
    return 0
