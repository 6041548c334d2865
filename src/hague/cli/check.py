"""``hague check``: every ally against each commitment."""

from __future__ import annotations

import click

from hague.cli._common import args_of, edition_option, emit, export_options, rules_option, split_codes


@click.command("check")
@click.option("--year", type=int, help="year (default: latest of the NATO edition)")
@click.option("--commitment", multiple=True, metavar="ID",
              help="hague-2025, vilnius-2023, wales-2014, national, a parameter such as hague-2025.core, or "
                   "national.DEU (repeatable; default: all)")
@click.option("--ally", multiple=True, metavar="CODE",
              help="ally code or name (repeatable or comma-separated; default: all)")
@click.option("--status", multiple=True, metavar="STATUS",
              help="only rows with this status: met, likely, 'as likely as not', unlikely, 'on track', 'off track', "
                   "'not applicable', 'no data', "
                   "'core known, related not reported', 'core known, related claimed', 'related not reported', "
                   "'related claimed'")
@edition_option
@rules_option
@export_options
def command(**kw) -> int:
    """Every ally (and the NATO, Europe-and-Canada and US aggregates) against each commitment of the rule tree.

    In one year, the outlook: met, or - for a share-of-GDP target still ahead, in the edition's last year - likely /
    as likely as not / unlikely from the probability of meeting it by its deadline (the same forecast as hague
    simulate), with the pace test (on track / off track) beside it; where no forecast exists, the pace test itself;
    not applicable / no data. Then the gap in percentage points, national currency and USD, the average increase needed per year to the deadline (linear path), the recent pace (last
    three years) and the year the target is reached at that pace. ``--commitment hague-2025.total`` gives one row
    per ally with what is known: core from NATO, related spending the ally has claimed for the year (counted up to
    1.5%), the gap to 5% on what is known and a status such as "core known, related not reported" (NATO publishes
    no related figures). Details: docs/commitments.md.
    """
    args = args_of(kw)
    args.commitment = list(args.commitment) or None
    args.status = list(args.status) or None
    args.rules = list(args.rules)
    return cmd_check(args)


def cmd_check(args) -> int:
    from hague.rules.check import check_result

    return emit(args, check_result(args.year, commitment=args.commitment, allies=split_codes(args.ally),
                                   rules=args.rules or None, status=args.status, edition=args.edition))
