"""``hague rules``: the dated rule tree."""

from __future__ import annotations

import click

from hague.cli._common import args_of, emit, export_options, rules_option


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
    from hague.rules.loader import rules_result

    return emit(args, rules_result(args.rules, national=args.national, assessment=args.assessment))
