"""``hague buys``: what a budget increment buys."""

from __future__ import annotations

import click

from hague.cli._common import args_of, edition_option, emit, export_options


@click.command("buys")
@click.argument("ally", required=False)
@click.option("--amount", help="budget in million CURRENCY (or --unit) instead of the gap")
@click.option("--unit", type=click.Choice(["unit", "thousand", "million", "billion", "trillion"]), default="million",
              show_default=True, help="scale of --amount")
@click.option("--currency", default="USD", show_default=True, help="currency of the budget and prices")
@click.option("--year", type=int, help="budget year (default: latest NATO year)")
@click.option("--split", metavar="KEY=PCT,...",
              help="percent per capability area or system id, summing to 100 (default: equal across areas)")
@edition_option
@export_options
def command(**kw) -> int:
    """Turn a budget increment into quantities of equipment with ranges.

    The budget is an ALLY's gap to 3.5 % of GDP in the latest year (default) or --amount, split across
    capability areas or systems (--split); prices are converted to the budget's currency and year with NATO's
    implied deflators and exchange rates.
    """
    return cmd_buys(args_of(kw))


def cmd_buys(args) -> int:
    from hague.economics.money import amount_in_millions
    from hague.models.capability import buys_result

    amount = None if args.amount is None else amount_in_millions(args.amount, args.unit, what="--amount")
    return emit(args, buys_result(args.ally, amount=amount, currency=args.currency, year=args.year,
                                  split=args.split, edition=args.edition))
