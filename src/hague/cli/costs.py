"""``hague costs``: the unit-cost catalog."""

from __future__ import annotations

import click

from hague.cli._common import args_of, emit_table, export_options


@click.command("costs")
@export_options
def command(**kw) -> int:
    """The unit-cost catalog: system, price, currency, price year, basis, confidence and source."""
    return cmd_costs(args_of(kw))


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
              "from the contract total in 'includes'. Order-of-magnitude values from the "
              "public sources named on each row; currency and year as published.")
    return emit_table(args, cols, rows, title="Unit-cost catalog", footer=footer)
