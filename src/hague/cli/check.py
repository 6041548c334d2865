"""``hague check``: every ally against each commitment."""

from __future__ import annotations

import click

from hague.cli._common import args_of, edition_option, emit_table, export_options, rules_option, split_codes, with_kind


@click.command("check")
@click.option("--year", type=int, help="year (default: latest of the NATO edition)")
@click.option("--commitment", multiple=True, metavar="ID",
              help="hague-2025, vilnius-2023, wales-2014, national, a parameter such as hague-2025.core, or "
                   "national.DEU (repeatable; default: all)")
@click.option("--ally", multiple=True, metavar="CODE",
              help="ally code or name (repeatable or comma-separated; default: all)")
@click.option("--status", multiple=True, metavar="STATUS",
              help="only rows with this status: met, 'on track', 'off track', 'not applicable', 'no data', "
                   "'core known, related not reported', 'core known, related claimed', 'related not reported', "
                   "'related claimed'")
@edition_option
@rules_option
@export_options
def command(**kw) -> int:
    """Every ally (and the NATO, Europe-and-Canada and US aggregates) against each commitment of the rule tree.

    In one year: met / on track / off track / not applicable / no data, the gap in percentage points, national
    currency and USD, the average increase needed per year to the deadline (linear path), the recent pace (last
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
    from hague.rules.check import COLUMNS, STATUSES, check

    if args.status:
        bad = [s for s in args.status if s not in STATUSES]
        if bad:
            from hague.errors import HagueError

            raise HagueError(f"unknown status {bad[0]!r}; accepted: {', '.join(STATUSES)}")
    r = check(args.year, commitment=args.commitment, allies=split_codes(args.ally), rules=args.rules or None, source=args.edition)
    rows, aggs = r.rows, r.aggregates
    if args.status:
        rows = [x for x in rows if x["status"] in args.status]
        aggs = [x for x in aggs if x["status"] in args.status]
    ledger = ("core", "related", "related_confidence")  # shown only for the related cap and the 5% total
    cols, tagged, sections = with_kind([(k, h, u) for k, (h, u) in COLUMNS.items()
                                        if k not in ledger or any(x.get(k) is not None for x in rows)],
                                       [("ally", rows), ("aggregate", aggs)])
    est = " (estimate)" if r.estimate else ""
    title = f"Commitments check, {r.year}{est}"
    meta = {"year": r.year, "estimate": r.estimate, "dataset": r.source, "edition": r.edition,
            "not_evaluated": r.not_evaluated, "rule_files": r.rule_files}
    if aggs:
        sections[1] = ("Alliance aggregates", sections[1][1])
    return emit_table(args, cols, tagged, title=title, footer=r.footer(), meta=meta, sections=sections)
