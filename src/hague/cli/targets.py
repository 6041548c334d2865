"""``hague targets``: the capability-target ledger and fair-share apportionment."""

from __future__ import annotations

import argparse

from hague.cli._common import add_edition_option, add_export_options, emit


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("targets", help="capability-target ledger; `targets apportion` splits one across allies",
                       description="Public proxies for NATO's June 2025 capability targets, each with source, date "
                                   "and confidence. `hague targets apportion TARGET` splits a target's requirement "
                                   "across allies under a fair-share principle (linear programme, HiGHS).")
    add_export_options(p)
    p.set_defaults(func=cmd_list)
    tsub = p.add_subparsers(dest="targets_command", metavar="SUBCOMMAND", parser_class=type(p))
    a = tsub.add_parser("apportion", help="split a target's requirement across allies",
                        description="Split an alliance-wide requirement across allies under a principle (gdp, "
                                    "spending, population, ability) with an optional cap (a multiple of each "
                                    "ally's current effort, i.e. its share of core spending) and minimums.")
    a.add_argument("target", help="target id (see `hague targets`)")
    a.add_argument("--principle", default="gdp", help="gdp | spending | population | ability (default gdp)")
    a.add_argument("--compare", action="store_true", help="all principles side by side")
    a.add_argument("--cap", type=float, help="no ally above CAP x its current share of core spending")
    a.add_argument("--min", action="append", dest="minimum", metavar="M",
                   help="minimum: a multiple of current effort (e.g. 0.5) or ALLY=AMOUNT (repeatable)")
    a.add_argument("--amount", type=float, help="requirement to split instead of the target's own")
    a.add_argument("--unit", help="unit of --amount (e.g. 'USD million')")
    a.add_argument("--scope", choices=("NATO", "Europe"), help="allies in scope (default: the target's)")
    a.add_argument("--elasticity", type=float, default=1.0, help="ability-to-pay elasticity (default 1)")
    a.add_argument("--year", type=int, help="year of GDP, spending and population (default: latest)")
    add_edition_option(a)
    add_export_options(a)
    a.set_defaults(func=cmd_apportion)


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
        conf = t.confidence + (" (say so: not in official text)" if t.confidence == "low" else "")
        rows.append({"id": t.id, "name": t.name, "change": t.change_text, "unit": t.unit, "requirement": req,
                     "date": t.date, "confidence": conf, "source": "; ".join(str(s) for s in t.sources)})
    footer = ("Public proxies: NATO's June 2025 capability targets are classified. Quotes and "
              "figures from the public sources named on each row. Apportionable = the alliance-wide "
              "quantity `hague targets apportion` splits (derived where marked in the catalog).")
    return emit(args, cols, rows, title="Capability-target ledger (June 2025 targets, public proxies)", footer=footer)


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
        return emit(args, cols, rows, title=title, footer=footer)
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
    return emit(args, cols, a.rows, title=title, footer=footer, meta=meta)
