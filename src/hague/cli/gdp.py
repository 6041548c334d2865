"""``hague gdp``: one ally's GDP path 2014-2035."""

from __future__ import annotations

import click

from hague.cli._common import args_of, economics_option, edition_option, emit, export_options


@click.command("gdp")
@click.argument("ally")
@economics_option
@edition_option
@export_options
def command(**kw) -> int:
    """One ally's GDP path 2014-2035 (NATO history, IMF projection, extension rule).

    GDP in national currency, current and constant 2021 USD, real growth, deflator, exchange rate and
    population per year, with where each year comes from.
    """
    return cmd_gdp(args_of(kw))


def cmd_gdp(args) -> int:
    from hague.economics.gdp import gdp_result

    return emit(args, gdp_result(args.ally, edition=args.edition, economics=args.economics))
