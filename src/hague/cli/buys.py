"""``hague buys``: what a budget increment buys."""

from __future__ import annotations

import click

from hague.cli._common import args_of, edition_option, emit_table, export_options


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
    from hague.models.capability import what_money_buys

    amount = None if args.amount is None else amount_in_millions(args.amount, args.unit, what="--amount")
    b = what_money_buys(args.ally, amount=amount, currency=args.currency, year=args.year, split=args.split,
                        source=args.edition)
    cur = f"{b.currency} million, {b.year} prices"
    cols = [("area", "Area", ""), ("id", "Id", ""), ("system", "System (priced by)", ""), ("share_pct", "Share %", "percent"),
            ("amount", f"Amount {b.currency} m", cur),
            ("unit_price", f"Unit price {b.currency}", f"{b.currency} per unit (not millions), {b.year} prices"),
            ("quantity", "Quantity", "whole units, rounded down"),
            ("quantity_low", "Qty low", "whole units at the high price"),
            ("quantity_high", "Qty high", "whole units at the low price"),
            ("unit", "Unit", ""), ("basis", "Price basis", ""), ("published", "Published price", ""),
            ("confidence", "Confidence", ""), ("source", "Source", "")]
    title = f"What {b.budget:,.0f} {b.currency} million buys ({b.year} prices)"
    footer = b.basis + ". " + " ".join(n.rstrip(".") + "." for n in b.notes)
    meta = {"budget": b.budget, "currency": b.currency, "year": b.year}
    return emit_table(args, cols, b.rows, title=title, footer=footer, meta=meta)
