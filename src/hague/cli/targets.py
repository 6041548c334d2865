"""``hague targets`` and ``hague targets apportion``: capability targets and fair-share apportionment."""

from __future__ import annotations

import click

from hague.cli._common import args_of, edition_option, emit_table, export_options


@click.group("targets", invoke_without_command=True)
@export_options
@click.pass_context
def command(ctx, **kw) -> int:
    """Public proxies for NATO's June 2025 capability targets, each with source, date and confidence.

    `hague targets apportion TARGET` splits a target's requirement across allies under a fair-share principle
    (linear programme, HiGHS).
    """
    if ctx.invoked_subcommand is None:
        return cmd_list(args_of(kw))
    return 0


@command.command("apportion")
@click.argument("target")
@click.option("--principle", default="gdp", show_default=True, help="gdp | spending | population | ability")
@click.option("--compare", is_flag=True, help="all principles side by side")
@click.option("--cap", type=float, help="no ally above CAP x its current share of core spending")
@click.option("--min", "minimum", multiple=True, metavar="M",
              help="minimum: a multiple of current effort (e.g. 0.5) or ALLY=AMOUNT (repeatable)")
@click.option("--amount", type=float, help="requirement to split instead of the target's own")
@click.option("--unit", help="unit of --amount (e.g. 'USD million')")
@click.option("--scope", type=click.Choice(["NATO", "Europe"]), help="allies in scope (default: the target's)")
@click.option("--elasticity", type=float, default=1.0, show_default=True, help="ability-to-pay elasticity")
@click.option("--year", type=int, help="year of GDP, spending and population (default: latest)")
@edition_option
@export_options
def apportion_command(**kw) -> int:
    """Split an alliance-wide requirement across allies under a principle (gdp, spending, population, ability)
    with an optional cap (a multiple of each ally's current effort, i.e. its share of core spending) and
    minimums.
    """
    args = args_of(kw)
    args.minimum = list(args.minimum) or None
    return cmd_apportion(args)


def cmd_list(args) -> int:
    from hague.models.catalog import targets

    cols = [("id", "Id", ""), ("name", "Capability", ""), ("change", "Change", ""), ("unit", "Unit", ""),
            ("requirement", "Apportionable", ""), ("date", "Date", ""), ("confidence", "Confidence", ""),
            ("source", "Source", "")]
    rows = []
    for t in targets():
        rq = t.requirement
        req = ""
        if rq:
            rng = f" ({rq.low:g}-{rq.high:g})" if rq.low != rq.high else ""
            req = f"{rq.value:g}{rng} {rq.unit}, {rq.scope}"
        rows.append({"id": t.id, "name": t.name, "change": t.change_text, "unit": t.unit, "requirement": req,
                     "date": t.date, "confidence": t.confidence,  # a vocabulary value only (hague.confidence)
                     "source": "; ".join(str(s) for s in t.sources)})
    low = [t.id for t in targets() if t.confidence == "low"]
    footer = ("Public proxies: NATO's June 2025 capability targets are classified. Quotes and "
              "figures from the public sources named on each row. Apportionable = the alliance-wide "
              "quantity `hague targets apportion` splits (derived where marked in the catalog)."
              + (f" Low confidence ({', '.join(low)}): the figure is not in an official text." if low else ""))
    return emit_table(args, cols, rows, title="Capability-target ledger (June 2025 targets, public proxies)", footer=footer)


def cmd_apportion(args) -> int:
    from hague.models.apportion import apportion, compare_principles

    kw = dict(year=args.year, amount=args.amount, unit=args.unit, cap=args.cap, minimum=args.minimum,
              scope=args.scope, elasticity=args.elasticity, source=args.edition)
    if args.compare:
        from hague.cli.burden import records

        df = compare_principles(args.target, **kw)
        keys = list(df.columns)
        cols = [("code", "Code", ""), ("name", "Ally", ""), ("effort_share", "Current effort %", "share of core spending")]
        cols += [(k, k, df.attrs["unit"]) for k in keys if k not in ("name", "effort_share")]
        rows = records(df, keys)
        title = (f"{args.target}: {df.attrs['requirement']:g} {df.attrs['unit']} apportioned under each principle, "
                 f"{df.attrs['year']}")
        footer = " ".join(n.rstrip(".") + "." for n in df.attrs["notes"]) + " Sources: " + "; ".join(df.attrs["sources"])
        return emit_table(args, cols, rows, title=title, footer=footer)
    a = apportion(args.target, principle=args.principle, **kw)
    u = a.unit
    cols = [("code", "Code", ""), ("name", "Ally", ""), ("weight_share", "Weight %", f"{a.principle} share"),
            ("effort_share", "Effort %", "share of core spending"), ("fair_share", "Fair share", u),
            ("allocated", "Allocated", u), ("low", "Low", u), ("high", "High", u),
            ("vs_fair_pct", "vs fair %", "percent"), ("cap", "Cap", u), ("minimum", "Min", u), ("binding", "Bound", "")]
    rng = f" (range {a.low:g}-{a.high:g})" if a.low != a.high else ""
    title = f"{a.target}: {a.requirement:g} {u}{rng} apportioned by {a.principle}, {a.year}" + (
        f", cap {a.cap:g}x current effort" if a.cap else "")
    footer = " ".join(n.rstrip(".") + "." for n in a.notes) + (" Sources: " + "; ".join(a.sources) if a.sources else "")
    meta = {"target": a.target, "principle": a.principle, "year": a.year, "requirement": a.requirement, "unit": u}
    return emit_table(args, cols, a.rows, title=title, footer=footer, meta=meta)
