"""``hague buys`` (what the money buys) and ``hague costs`` (the unit-cost catalog)."""

from __future__ import annotations

import argparse

from hague.cli._common import add_edition_option, add_export_options, emit


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("buys", help="what a budget increment buys (default: an ally's gap to 3.5%%)",
                       description="Turn a budget increment into quantities of equipment with ranges: an ally's "
                                   "gap to 3.5% of GDP in the latest year (default) or --amount, split across "
                                   "capability areas or systems (--split), prices converted to the budget's "
                                   "currency and year with NATO's implied deflators and exchange rates.")
    p.add_argument("ally", nargs="?", help="ally whose gap to 3.5%% of GDP is the budget (e.g. DEU)")
    p.add_argument("--amount", help="budget in million CURRENCY (or --unit) instead of the gap")
    p.add_argument("--unit", default="million", choices=("unit", "thousand", "million", "billion", "trillion"),
                   help="scale of --amount (default million)")
    p.add_argument("--currency", default="USD", help="currency of the budget and prices (default USD)")
    p.add_argument("--year", type=int, help="budget year (default: latest NATO year)")
    p.add_argument("--split", metavar="KEY=PCT,...",
                   help="percent per capability area or system id, summing to 100 (default: equal across areas)")
    add_edition_option(p)
    add_export_options(p)
    p.set_defaults(func=cmd_buys)

    c = sub.add_parser("costs", help="the unit-cost catalog (system, price, currency, price year, source)")
    add_export_options(c)
    c.set_defaults(func=cmd_costs)


def cmd_buys(args) -> int:
    from hague.models.capability import what_money_buys

    from hague.economics.money import amount_in_millions

    amount = None if args.amount is None else amount_in_millions(args.amount, args.unit, what="--amount")
    b = what_money_buys(args.ally, amount=amount, currency=args.currency, year=args.year, split=args.split,
                        source=args.edition)
    cur = f"{b.currency} million, {b.year} prices"
    cols = [("area", "Area", ""), ("id", "Id", ""), ("system", "System (priced by)", ""), ("share_pct", "Share %", "percent"),
            ("amount", f"Amount {b.currency} m", cur), ("unit_price", f"Unit price {b.currency}", f"{b.currency} per unit (not millions), {b.year} prices"),
            ("quantity", "Quantity", "whole units, rounded down"),
            ("quantity_low", "Qty low", "whole units at the high price"),
            ("quantity_high", "Qty high", "whole units at the low price"),
            ("unit", "Unit", ""), ("basis", "Price basis", ""), ("published", "Published price", ""),
            ("confidence", "Confidence", ""), ("source", "Source", "")]
    title = f"What {b.budget:,.0f} {b.currency} million buys ({b.year} prices)"
    footer = b.basis + ". " + " ".join(n.rstrip(".") + "." for n in b.notes)
    meta = {"budget": b.budget, "currency": b.currency, "year": b.year}
    return emit(args, cols, b.rows, title=title, footer=footer, meta=meta)


def cmd_costs(args) -> int:
    from hague.models.catalog import unit_costs

    cols = [("id", "Id", ""), ("system", "System", ""), ("area", "Area", ""), ("unit", "Unit", ""),
            ("price", "Price m", "million, currency and year as published"), ("low", "Low m", ""),
            ("high", "High m", ""), ("currency", "Cur.", ""), ("price_year", "Price year", ""),
            ("basis", "Basis", ""), ("includes", "Includes", ""), ("confidence", "Confidence", ""),
            ("source", "Source", "")]
    rows = [{"id": u.id, "system": u.system + (" *" if u.default_for_area else ""), "area": u.area, "unit": u.unit,
             "price": u.price, "low": u.low if u.low != u.price else None,
             "high": u.high if u.high != u.price else None, "currency": u.currency, "price_year": u.price_year,
             "basis": u.basis + (" (derived)" if u.derived else ""), "includes": u.includes,
             "confidence": u.confidence, "source": "; ".join(str(s) for s in u.sources)} for u in unit_costs()]
    footer = ("* = the system that prices its area in `hague buys`. Derived = per-unit price divided out by hague "
              "from the contract total in 'includes'. Order-of-magnitude values from shared/reference/"
              "commitments-and-figures.md section 6; currency and year as published.")
    return emit(args, cols, rows, title="Unit-cost catalog", footer=footer)
