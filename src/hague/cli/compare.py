"""``hague compare``: adversary and allied production estimates, balance and the year of parity."""

from __future__ import annotations

import click

from hague.cli._common import args_of, emit, export_options

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
    from hague.models.adversary import estimates_result

    return emit(args, estimates_result(args.topic))


def _balance(args) -> int:
    from hague.models.adversary import balance_result

    return emit(args, balance_result())


def _parity(args) -> int:
    from hague.models.adversary import parity_result

    return emit(args, parity_result(args.russia_growth))


def _runs(args) -> int:
    from hague.models.adversary import runs_result

    return emit(args, runs_result(args.russia_growth))


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
