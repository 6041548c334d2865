"""``hague path``: year-by-year budget to reach a share of GDP by a deadline (one ally or --all)."""

from __future__ import annotations

import sys

import click

from hague.cli._common import args_of, economics_option, edition_option, export_options


@click.command("path")
@click.argument("ally", required=False)
@click.argument("plan_file", nargs=-1, metavar="")
@click.option("--all", "all", is_flag=True, help="every ally plus totals for Europe and Canada, the US, NATO")
@click.option("--target", type=float, default=None,
              help="share of GDP to reach, percent  [default: The Hague's core share, 3.5, from the rule tree]")
@click.option("--by", type=int, default=None, help="deadline year  [default: The Hague's deadline, 2035]")
@click.option("--shape", default="linear", metavar="SHAPE",
              help="linear (default), front, back, or 'plan FILE' (a plan in the format hague plan assess reads)")
@click.option("--plan", metavar="FILE", help="a plan file in the format hague plan assess reads, or a CSV year,share_gdp (implies --shape plan)")
@click.option("--related", is_flag=True, help="add the up-to-1.5% related spending as its own lines")
@click.option("--related-target", type=float, default=None,
              help="related share by the deadline  [default: The Hague's related cap, 1.5]")
@economics_option
@edition_option
@click.option("--chart", metavar="FILE", help="also draw a chart (.png or .svg): history solid, projection dashed")
@click.option("--fiscal", is_flag=True,
              help="fiscal space: the extra spending as a share of government revenue and expenditure, next to "
                   "the IMF's debt and deficit paths (WEO October 2025)")
@click.option("--fiscal-dataset", default=None, metavar="DATASET",
              help="government-finance dataset (default imf-weo-2025-10-fiscal, or an imported WEO edition)")
@export_options
def command(**kw) -> int:
    """Year-by-year budget to reach a share of GDP by a deadline.

    Per year: share of GDP, budget in national currency, current and constant 2021 USD, extra over a
    frozen-share baseline and the cumulative extra to the deadline. History is NATO's; GDP is projected with the
    IMF WEO and extended to the deadline by a stated rule (docs/economics.md). `--all` gives every ally plus
    totals for Europe and Canada, the United States and NATO.
    """
    from hague.rules import thresholds

    args = args_of(kw)
    args.shape = args.shape.split() + list(args.plan_file)  # `--shape plan FILE` as before
    args.target, args.by = thresholds.core(args.target), thresholds.by(args.by)
    args.related_target = thresholds.related(args.related_target)
    return cmd_path(args)


def cmd_path(args) -> int:
    from hague.cli._common import emit
    from hague.errors import HagueError
    from hague.models.projection import SHAPES, path, path_all, path_all_result, path_result

    shape, *rest = args.shape
    if shape not in SHAPES:
        raise HagueError(f"unknown shape {shape!r}; accepted: {', '.join(SHAPES)}")
    if len(rest) > 1 or (rest and shape != "plan"):
        raise HagueError(f"--shape takes one of {', '.join(SHAPES[:-1])}, or 'plan FILE'; got {' '.join(args.shape)}")
    if rest and args.plan:
        raise HagueError("give the plan file once: --shape plan FILE or --plan FILE")
    args.shape = shape
    if args.chart:
        from hague.charts import check_chart_file

        check_chart_file(args.chart)
    plan = args.plan or (rest[0] if rest else None)
    if getattr(args, "fiscal", False):
        if args.all or not args.ally:
            raise HagueError("--fiscal is per ally: give one ally, e.g. hague path DEU --fiscal")
        if plan or args.related or args.chart:
            raise HagueError("--fiscal takes --target, --by and --shape linear/front/back only")
        from hague.models.fiscal import DEFAULT_FISCAL, fiscal_result

        return emit(args, fiscal_result(args.ally, target=args.target, by=args.by, shape=args.shape,
                                        source=args.edition, economics=args.economics,
                                        fiscal=args.fiscal_dataset or DEFAULT_FISCAL))
    if args.shape == "plan" and not plan:
        raise HagueError("--shape plan needs a FILE (a plan in the format hague plan assess reads)")
    if plan and args.shape not in ("plan", "linear"):
        raise HagueError(f"a plan file and --shape {args.shape} exclude each other")
    if args.all:
        if args.ally:
            raise HagueError("give an ally or --all, not both")
        if plan:
            raise HagueError("a plan file belongs to one ally; --all takes --shape linear, front or back")
        ap = path_all(target=args.target, by=args.by, shape=args.shape, related=args.related,
                      source=args.edition, economics=args.economics)
        rc = emit(args, path_all_result(paths=ap))
        if args.chart:
            from hague.charts import chart_alliance

            chart_alliance(ap, args.chart)
            print(f"wrote {args.chart} (chart)", file=sys.stderr)
        return rc
    if not args.ally:
        raise HagueError("name an ally (e.g. hague path DEU) or use --all")
    p = path(args.ally, target=args.target, by=args.by, shape=args.shape, plan=plan, related=args.related,
             related_target=args.related_target, source=args.edition, economics=args.economics)
    rc = emit(args, path_result(p.ally, path=p))
    if args.chart:
        from hague.charts import chart_path

        chart_path(p, args.chart)
        print(f"wrote {args.chart} (chart)", file=sys.stderr)
    return rc
