"""``hague plan assess`` and ``hague plan template``: annual national plans and the credible-path test."""

from __future__ import annotations

import click

from hague.cli._common import args_of, emit, export_options, rules_option
from hague.data import DEFAULT_DATASET


@click.group("plan")
def command() -> None:
    """Annual national plans toward 3.5 % core by 2035: the credible-path test and a template.

    Examples in examples/plans/ (illustrative, not official submissions).
    """


@command.command("assess")
@click.argument("plan", metavar="PLAN")
@click.option("--previous", metavar="OLD_PLAN", help="last year's plan, to report slippage")
@rules_option
@export_options
def assess_command(**kw) -> int:
    """Verdict (credible / not credible / incomplete) and every finding for a PLAN (.csv, .xlsx or .yaml).

    Findings name year and reason: target reached by 2035, related <= 1.5 %, incremental, not back-loaded by
    the 2029 review, no final jump, slippage against the previous plan, amounts consistent with shares. Bad
    plans get errors naming row and column.

    Exit status: 0 credible, 1 not credible or incomplete, 2 error (bad file, bad option).
    """
    args = args_of(kw)
    args.rules = list(args.rules)
    return cmd_plan_assess(args)


@command.command("template")
@click.argument("ally", metavar="ALLY")
@click.option("--year", type=int, default=None, help="plan year (default: latest year of the NATO edition)")
@click.option("--output", "-o", metavar="FILE", help="write to FILE.csv (all-or-nothing) instead of the terminal")
def template_command(**kw) -> int:
    """Write a CSV plan skeleton for ALLY from the plan year to 2035, the first year pre-filled from NATO."""
    return cmd_plan_template(args_of(kw))


def cmd_plan_assess(args) -> int:
    from hague.rules.plan_assessment import assessment_result
    from hague.rules.plans import assess, read_plan

    plan = read_plan(args.plan)
    previous = read_plan(args.previous) if args.previous else None
    result = assess(plan, previous=previous, rules=args.rules or None)
    emit(args, assessment_result(plan, result))
    return 0 if result.verdict == "credible" else 1  # documented: 0 credible, 1 not credible or incomplete


def cmd_plan_template(args) -> int:
    import sys

    from hague.data import dataset
    from hague.rules.plans import template

    if args.output and not args.output.lower().endswith(".csv"):  # it wrote CSV text under x.xlsx
        from hague.errors import HagueError

        raise HagueError(f"--output {args.output!r}: the plan template is CSV; accepted: a FILE ending in .csv")
    year = args.year if args.year is not None else max(dataset(DEFAULT_DATASET).years())
    text = template(args.ally, year)
    if args.output:
        from hague.export import write

        print(f"wrote {write(text, args.output)} (csv)", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
