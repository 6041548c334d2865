"""``hague status``: every ally against 2 %, 20 % and 3.5 % in one year."""

from __future__ import annotations

import click

from hague.cli._common import args_of, edition_option, emit, export_options

SORT_KEYS = ("code", "name", "share_gdp", "spend_usd_bn", "real_change", "equipment_share", "per_capita",
             "meets_2pct", "meets_20pct", "gap_35_pp", "gap_35_usd_bn", "note")


@click.command("status")
@click.option("--year", type=int, help="year (default: the latest of the edition)")
@click.option("--sort", metavar="COLUMN", help=f"sort allies by a column: {', '.join(SORT_KEYS)}")
@click.option("--ascending", is_flag=True, help="sort ascending (numbers sort descending by default)")
@edition_option
@export_options
def command(**kw) -> int:
    """Where each ally stands in one year (default: the latest of the NATO edition).

    Per ally: core defence expenditure as % of GDP, USD bn (current prices), real change, equipment share, per
    capita (USD, 2021 prices), flags against the 2 % floor and the 20 % equipment guideline, and the gap to 3.5 % in
    percentage points and in USD bn at that year's GDP; then the NATO total, NATO Europe and Canada, and the United
    States (rows of kind `aggregate`, computed by hague from the allies). Iceland is listed as a member without
    armed forces, never as 0 %.
    """
    from hague.errors import HagueError
    from hague.models.status import status_result

    args = args_of(kw)
    r = status_result(args.year, edition=args.edition)
    if args.sort:
        if args.sort not in SORT_KEYS:
            raise HagueError(f"unknown sort column {args.sort!r}; accepted: {', '.join(SORT_KEYS)}")
        r = r.sorted(args.sort, descending=False if args.ascending else None)
    return emit(args, r)
