"""``hague delivery``: money against delivery - orders, deliveries, investment, Ukraine support, dependence."""

from __future__ import annotations

import sys

import click

from hague.cli._common import args_of, emit, export_options

VIEWS = ("ledger", "systems", "history", "investment", "ukraine", "dependence", "exporters", "sweden", "sources")


@click.command("delivery")
@click.argument("ally", required=False)
@click.option("--capability", metavar="AREA",
              help="a capability area: air-missile-defence, combat-air, armour, artillery, long-range-fires, drones, "
                   "naval, enablers, other")
@click.option("--system", metavar="SYSTEM", help="a headline system: f-35, pac-3-mse, patriot, iris-t, himars, "
                                                 "leopard-2, k2 (one row per ally, and the pace)")
@click.option("--view", type=click.Choice(VIEWS), default="ledger", show_default=True,
              help="ledger (orders/deliveries), systems (headline systems and their pace), history (per year), "
                   "investment (Eurostat P51G vs NATO equipment), ukraine (Kiel allocations beside core spending), "
                   "dependence (suppliers' shares), exporters (Russia and China), sweden (monthly outturn nowcast), "
                   "sources (the datasets shipped and imported)")
@click.option("--year", type=int, help="year (investment, ukraine, sweden)")
@click.option("--start", type=int, default=None, help="first year (history: 2000; dependence, exporters: 2015)")
@click.option("--end", type=int, default=2025, show_default=True, help="last year (dependence, exporters)")
@click.option("--register", metavar="ID", help="trade-register dataset id (default: the newest imported register of "
                                               "every deal; see hague data import sipri-trade)")
@click.option("--chart", metavar="FILE", help="with --view history (or --capability/--system): also draw ordered vs "
                                              "delivered to date (.png or .svg)")
@export_options
def command(**kw) -> int:
    """Money against delivery: what allies ordered and received (SIPRI's trade register), with what is still to
    come and the years that takes at the last year's delivery rate; Eurostat's defence investment against NATO's
    equipment share; Kiel's Ukraine allocations beside core spending; suppliers' shares of arms imports.

    SIPRI counts major conventional weapons only (no ammunition). Needs your own SIPRI and Kiel files:
    hague data import sipri-trade FILE (and sipri-deliveries, kiel); see docs/delivery.md.
    """
    return cmd_delivery(args_of(kw))


def cmd_delivery(args) -> int:
    from hague.models.money_delivery import (
        capability_history,
        delivery_result,
        dependence_result,
        exporters_result,
        investment_result,
        sources_result,
        sweden_nowcast_result,
        systems_result,
        ukraine_result,
    )

    if args.chart:
        from hague.charts import check_chart_file

        check_chart_file(args.chart)
    view = args.view
    if args.chart and view == "ledger":
        view = "history"
    if view == "ledger":
        res = delivery_result(args.ally, args.capability, system=args.system, register=args.register)
    elif view == "systems":
        res = systems_result(register=args.register)
    elif view == "history":
        res = capability_history(args.capability, ally=args.ally, system=args.system, register=args.register,
                                   start=args.start or 2000)
    elif view == "investment":
        res = investment_result(args.year)
    elif view == "ukraine":
        res = ukraine_result(args.ally, args.year)
    elif view == "dependence":
        res = dependence_result(args.ally, start=args.start or 2015, end=args.end)
    elif view == "exporters":
        res = exporters_result(start=args.start or 2015, end=args.end)
    elif view == "sources":
        res = sources_result()
    else:
        res = sweden_nowcast_result(args.year)
    rc = emit(args, res)
    if args.chart:
        from hague.charts import chart_delivery

        chart_delivery(res, args.chart)
        print(f"wrote {args.chart} (chart)", file=sys.stderr)
    return rc
