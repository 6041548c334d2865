"""``hague convert``: money between national currency, USD (current or 2021 prices) and EUR."""

from __future__ import annotations

import click

from hague.cli._common import args_of, economics_option, edition_option, emit, export_options

BASES = click.Choice(["current", "constant_2021"])
SCALES = ("unit", "thousand", "million", "billion", "trillion")  # = hague.economics.money.SCALES (kept import-free)


@click.command("convert")
@click.argument("amount")
@click.argument("currency")
@click.option("--ally", required=True, help="whose exchange rate and deflator")
@click.option("--year", type=int, required=True, help="year of the amount (2014-2035)")
@click.option("--unit", type=click.Choice(list(SCALES)), default="million", show_default=True,
              help="scale of AMOUNT")
@click.option("--from-basis", type=BASES, default="current", show_default=True, help="price basis of the amount")
@click.option("--to", default="USD", show_default=True, help="target currency")
@click.option("--basis", type=BASES, default=None, help="target price basis (default: the same as --from-basis)")
@economics_option
@edition_option
@export_options
def command(**kw) -> int:
    """Convert an AMOUNT in millions (or --unit) of CURRENCY with NATO's exchange rates and deflators.

    For example: hague convert 124660 EUR --ally DEU --year 2026 --to USD --basis constant_2021
    """
    return cmd_convert(args_of(kw))


def cmd_convert(args) -> int:
    from hague.economics import Money
    from hague.economics.convert import convert_result
    from hague.economics.money import amount_in_millions

    amount = amount_in_millions(args.amount, args.unit)  # nan, inf, 1e308 -> one-line error with the range
    m = Money(amount, args.currency.upper(), args.from_basis, year=args.year, ally=args.ally)
    read_as = (f"Amount read as {args.amount} {args.currency.upper()} {args.unit} (--unit); amounts shown in "
               "millions.")
    return emit(args, convert_result(m, args.to.upper(), args.basis, edition=args.edition, economics=args.economics,
                                     read_as=read_as))
