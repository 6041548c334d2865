"""``hague burden``: shares of alliance spending against shares of GDP and population."""

from __future__ import annotations

import click

from hague.cli._common import args_of, edition_option, emit, export_options


@click.command("burden")
@click.option("--year", type=int, help="year (default: latest of the edition)")
@click.option("--trend", is_flag=True, help="year-by-year US / Europe-and-Canada shares and HHI")
@edition_option
@export_options
def command(**kw) -> int:
    """Burden sharing: each member's share of alliance core defence spending against its share of alliance GDP
    and population, the ratio, spending per head, the United States against Europe and Canada, and the
    concentration index (HHI). With --trend: the same summary year by year from 2014.
    """
    return cmd_burden(args_of(kw))


def cmd_burden(args) -> int:
    from hague.models.burden import burden_result, burden_trend_result

    if args.trend:
        return emit(args, burden_trend_result(args.year, edition=args.edition))
    return emit(args, burden_result(args.year, edition=args.edition))
