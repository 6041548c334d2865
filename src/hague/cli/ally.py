"""``hague ally CODE``: one ally's full history, every indicator, with a terminal chart."""

from __future__ import annotations

import click

from hague.cli._common import args_of, edition_option, emit, export_options, output_format


@click.command("ally")
@click.argument("code")
@edition_option
@click.option("--no-chart", is_flag=True, help="omit the terminal chart")
@export_options
def command(**kw) -> int:
    """One ally's full history (2014-2026): every indicator of the NATO edition.

    National currency and USD, with a small terminal chart of the share of GDP against the 2 % and 3.5 % marks.
    CODE is an ISO3 or ISO2 code, NATO table code or English name, e.g. POL.
    """
    from hague.models.datatables import ally_result, bar_chart

    args = args_of(kw)
    r = ally_result(args.code, edition=args.edition)
    rc = emit(args, r)
    if output_format(args) == "table" and not args.output and not args.no_chart and r.meta["has_armed_forces"]:
        print()
        print(f"{r.meta['series']}, share of GDP")
        print(bar_chart({row["year"]: row["core_defence_expenditure_share_gdp"] for row in r.rows}))
    return rc
