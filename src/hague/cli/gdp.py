"""``hague gdp``: one ally's GDP path 2014-2035."""

from __future__ import annotations

import click

from hague.cli._common import args_of, economics_option, edition_option, emit_table, export_options


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
    from hague.economics import gdp_path

    p = gdp_path(args.ally, economics=args.economics, source=args.edition)
    cols = [("year", "Year", ""), ("gdp_nc", f"GDP {p.currency} m", f"{p.currency} million, current"),
            ("gdp_usd", "GDP USD m", "USD million, current"),
            ("gdp_usd_2021", "GDP USD m 2021", "USD million, constant 2021"),
            ("real_growth", "Real growth %", "percent"), ("deflator", "Deflator (2021=1)", "index"),
            ("xr", f"{p.currency} per USD", "exchange rate"), ("population", "Population m", "million"),
            ("basis", "Source", "")]
    title = f"{resolve_name(p.ally)}: GDP path 2014-2035"
    meta = {"ally": p.ally, "currency": p.currency, "dataset": p.source, "economics": p.economics}
    footer = (f"NATO {p.source} Table 5 to {p.last_data_year}; IMF {p.economics} growth to {p.last_imf_year}; "
              "extension rule after (docs/economics.md). Population: IMF.")
    return emit_table(args, cols, p.rows(), title=title, footer=footer, meta=meta)


def resolve_name(code: str) -> str:
    from hague.allies import resolve

    return resolve(code).name
