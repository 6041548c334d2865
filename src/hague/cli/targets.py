"""``hague targets`` and ``hague targets apportion``: capability targets and fair-share apportionment."""

from __future__ import annotations

import click

from hague.cli._common import args_of, edition_option, emit, export_options


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
    from hague.models.catalog import targets_result

    return emit(args, targets_result())


def cmd_apportion(args) -> int:
    from hague.models.apportion import apportion_result, compare_principles_result

    kw = dict(year=args.year, amount=args.amount, unit=args.unit, cap=args.cap, minimum=args.minimum,
              scope=args.scope, elasticity=args.elasticity, edition=args.edition)
    if args.compare:
        return emit(args, compare_principles_result(args.target, **kw))
    return emit(args, apportion_result(args.target, principle=args.principle, **kw))
