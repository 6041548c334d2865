"""``hague plans``: national plans (targets, paths, budget laws, drafts) and ``hague plans compare``."""

from __future__ import annotations

import click

from hague.cli._common import args_of, edition_option, emit, export_options


def as_of_date(text: str | None):
    """``--as-of`` as a date; a bad one is a one-line error saying what is accepted."""
    if text is None:
        return None
    from datetime import date

    from hague.errors import HagueError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise HagueError(f"--as-of {text!r} is not a date; accepted: YYYY-MM-DD, e.g. 2025-12-31") from None


@click.command("plans")
@click.argument("words", nargs=-1, metavar="[compare|money] [ALLY]")
@click.option("--kind", help="only one kind: target_share, path_share, path_amount, budget_law, budget_draft")
@click.option("--as-of", "as_of", metavar="DATE", help="only what had been published by this date (YYYY-MM-DD)")
@click.option("--include-superseded", is_flag=True, help="also plans that a later statement dropped")
@edition_option
@export_options
def command(**kw) -> int:
    """National plans: what each ally has stated (targets, year-by-year paths, budget laws and drafts), each with
    its source, kind of source, publication date and confidence.

    ``hague plans compare [ALLY]`` sets each stated figure against NATO's for the same year. A figure on a
    national budget basis is shown beside NATO's, never compared with NATO's core series.
    ``hague plans money [ALLY]`` gives the share of GDP each money plan implies (a total, or an increment over
    its baseline) beside the ally's stated share.
    """
    from hague.errors import HagueError
    from hague.rules.five_percent import plans_compare, plans_result

    args = args_of(kw)
    words = list(args.words)
    compare = bool(words) and words[0] == "compare"
    money = bool(words) and words[0] == "money"
    if compare or money:
        words = words[1:]
    if len(words) > 1:
        raise HagueError(f"hague plans takes at most one ally, got {', '.join(words)}")
    ally = words[0] if words else None
    as_of = as_of_date(args.as_of)
    if money:
        if args.kind or args.include_superseded or as_of:
            raise HagueError("--kind, --as-of and --include-superseded apply to the list, not to 'money'")
        from hague.rules.money_plans import money_plans_result

        return emit(args, money_plans_result(ally, source=args.edition or "nato-2026"))
    if compare:
        if args.kind or args.include_superseded:
            raise HagueError("--kind and --include-superseded apply to the list, not to 'compare'")
        return emit(args, plans_compare(ally, edition=args.edition, as_of=as_of))
    return emit(args, plans_result(ally, as_of=as_of, include_superseded=args.include_superseded, kind=args.kind))
