"""``hague check``, ``hague rules`` and ``hague plan assess``: commitments, national targets and plans."""

from __future__ import annotations

import argparse

from hague.cli._common import add_edition_option, add_export_options, emit, split_codes
from hague.data import DEFAULT_DATASET


def _add_rules_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", action="append", metavar="DIR", default=[],
                   help="a folder of your own rule YAML files, layered on a copy of the shipped tree (repeatable)")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="every ally against each commitment: met / on track / off track, gap, pace",
                       description="Compliance with Wales 2014, Vilnius 2023, The Hague 2025 and national targets in "
                                   "one year: status, gap in pp and money, required pp/yr, year reached at the "
                                   "recent pace; alliance aggregates.")
    p.add_argument("--year", type=int, help="year (default: latest of the NATO edition)")
    p.add_argument("--commitment", action="append", metavar="ID",
                   help="hague-2025, vilnius-2023, wales-2014, national, a parameter such as hague-2025.core, "
                        "or national.DEU (repeatable; default: all)")
    p.add_argument("--ally", action="append", metavar="CODE", help="ally code or name (repeatable or comma-separated; default: all)")
    p.add_argument("--status", action="append", metavar="STATUS",
                   help="only rows with this status: met, 'on track', 'off track', 'not applicable', 'no data'")
    add_edition_option(p)
    _add_rules_option(p)
    add_export_options(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("rules", help="list the dated rules (commitments, national targets, plan thresholds)",
                       description="The rule tree: every parameter with its value, unit, date, deadline and source.")
    p.add_argument("--national", action="store_true", help="list only the national targets")
    p.add_argument("--assessment", action="store_true", help="list only the plan-assessment thresholds and reasons")
    _add_rules_option(p)
    add_export_options(p)
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("plan", help="annual plans: the credible-path test",
                       description="Annual national plans toward 3.5% core by 2035.")
    psub = p.add_subparsers(dest="plan_command", metavar="SUBCOMMAND")
    psub.required = True
    a = psub.add_parser("assess", help="verdict (credible / not credible / incomplete) and findings for a plan",
                        description="Assess a plan (CSV, XLSX or YAML) against the credible-path test.")
    a.add_argument("plan", metavar="PLAN", help="plan file: .csv, .xlsx or .yaml")
    a.add_argument("--previous", metavar="OLD_PLAN", help="last year's plan, to report slippage")
    _add_rules_option(a)
    add_export_options(a)
    a.set_defaults(func=cmd_plan_assess)
    t = psub.add_parser("template", help="a CSV plan skeleton for one ally, first year pre-filled from NATO",
                        description="Write a CSV plan skeleton (plan year to 2035) to fill in.")
    t.add_argument("ally", metavar="ALLY", help="ally code or name, e.g. DEU")
    t.add_argument("--year", type=int, default=None, help="plan year (default: latest year of the NATO edition)")
    t.add_argument("--output", "-o", metavar="FILE", help="write to FILE (all-or-nothing) instead of the terminal")
    t.set_defaults(func=cmd_plan_template)


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
    ledger = ("core", "related", "related_confidence")
    cols = [(k, h, u) for k, (h, u) in COLUMNS.items()
            if k not in ledger or any(x.get(k) is not None for x in rows)]
    est = " (estimate)" if r.estimate else ""
    title = f"Commitments check, {r.year}{est}"
    meta = {"year": r.year, "estimate": r.estimate, "dataset": r.source, "edition": r.edition,
            "not_evaluated": r.not_evaluated, "rule_files": r.rule_files}
    sections = [("", rows)] + ([("Alliance aggregates", aggs)] if aggs else [])
    return emit(args, cols, rows + aggs, title=title, footer=r.footer(), meta=meta, sections=sections)


def cmd_rules(args) -> int:
    from hague.rules import load_rules

    tree = load_rules(args.rules)
    rows = []
    if not args.national and not args.assessment:
        for c in tree.commitments.values():
            for p in c.parameters.values():
                rows.append(_rule_row(p))
    if args.national or not args.assessment:
        for ally in sorted(tree.national):
            for p in tree.national[ally].values():
                rows.append(_rule_row(p))
    if args.assessment or not args.national:
        for p in tree.assessment.values():
            rows.append(_rule_row(p))
    cols = [("key", "Rule", ""), ("value", "Value", ""), ("unit", "Unit", ""), ("since", "Since", "date it took effect"),
            ("deadline", "By", "target year"), ("status", "Status", ""), ("confidence", "Conf.", ""),
            ("source", "Source", "")]
    if args.assessment:
        cols.insert(-1, ("reason", "Reason", ""))
    footer = "Rule files: " + ", ".join(tree.files)
    return emit(args, cols, rows, title="Rules (dated, with references)", footer=footer)


def _rule_row(p) -> dict:
    d, v = p.values[-1]
    if isinstance(v, tuple):
        v = f"{v[0]:g}–{v[1]:g}"
    return {"key": p.key, "value": v, "unit": p.unit, "since": d.isoformat(),
            "deadline": p.target_year if p.until_year in (None, p.target_year) else f"{p.target_year}-{p.until_year}",
            "status": p.status or "", "confidence": p.confidence or "", "reason": p.reason or "",
            "source": p.reference[0].href}


def cmd_plan_assess(args) -> int:
    from hague.rules.plans import FINDING_COLUMNS, assess, read_plan

    plan = read_plan(args.plan)
    previous = read_plan(args.previous) if args.previous else None
    result = assess(plan, previous=previous, rules=args.rules or None)
    rows = [f.to_dict() for f in result.findings]
    title = (f"Plan {plan.name}: {plan.ally} ({plan.ally_name}), plan year {plan.plan_year}, "
             f"{plan.first_year}-{plan.last_year}. Verdict: {result.verdict.upper()}")
    meta = result.to_dict()
    meta.pop("findings", None)
    meta["plan_rows"] = meta.pop("rows")
    return emit(args, FINDING_COLUMNS, rows, title=title, footer=result.footer(), meta=meta)


def cmd_plan_template(args) -> int:
    import sys

    from hague.data import dataset
    from hague.rules.plans import template

    year = args.year if args.year is not None else max(dataset(DEFAULT_DATASET).years())
    text = template(args.ally, year)
    if args.output:
        from hague.export import write

        print(f"wrote {write(text, args.output)} (csv)", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
