"""``hague related``: the related (1.5%) spending ledger, and ``--five``: core + related against 3.5 / 1.5 / 5."""

from __future__ import annotations

import click

from hague.cli._common import args_of, edition_option, emit, export_options


@click.command("related")
@click.argument("ally", required=False, metavar="[ALLY|NATO]")
@click.option("--five", is_flag=True, help="the 5% table: per ally, core (NATO) + related (claimed)")
@click.option("--year", type=int, help="year for --five (default: latest of the NATO edition)")
@edition_option
@export_options
def command(**kw) -> int:
    """What allies (and NATO) have said about the 1.5% of defence- and security-related spending: year, amount or
    share, the declaration's five categories or other/unspecified, the kind of claim, core or related, new or
    reclassified, source and evidence grade. NATO has published no definition or reporting rules for the 1.5%.
    """
    from hague.errors import HagueError
    from hague.rules.five_percent import five_percent, related_result

    args = args_of(kw)
    if args.five:
        if args.ally and args.ally.upper() == "NATO":
            raise HagueError("--five is per ally; leave out NATO")
        return emit(args, five_percent(args.year, edition=args.edition, allies=[args.ally] if args.ally else None))
    if args.year is not None:
        raise HagueError("--year applies to --five")
    return emit(args, related_result(args.ally))
