"""``hague rules``: the dated rule tree."""

from __future__ import annotations

import click

from hague.cli._common import args_of, emit_table, export_options, rules_option


@click.command("rules")
@click.option("--national", is_flag=True, help="list only the national targets")
@click.option("--assessment", is_flag=True, help="list only the plan-assessment thresholds and reasons")
@rules_option
@export_options
def command(**kw) -> int:
    """The rule tree: every parameter with its value, unit, date it took effect, deadline and reference.

    `--national` lists the national targets only, `--assessment` the plan-assessment thresholds with their
    reasons; `--rules DIR` layers your own YAML folder on a copy of the shipped tree.
    """
    args = args_of(kw)
    args.rules = list(args.rules)
    return cmd_rules(args)


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
    return emit_table(args, cols, rows, title="Rules (dated, with references)", footer=footer)


def _rule_row(p) -> dict:
    d, v = p.values[-1]
    if isinstance(v, tuple):
        v = f"{v[0]:g}–{v[1]:g}"
    return {"key": p.key, "value": v, "unit": p.unit, "since": d.isoformat(),
            "deadline": p.target_year if p.until_year in (None, p.target_year) else f"{p.target_year}-{p.until_year}",
            "status": p.status or "", "confidence": p.confidence or "", "reason": p.reason or "",
            "source": p.reference[0].href}
