"""``hague compare-sources``: NATO vs SIPRI vs IMF-based shares of GDP."""

from __future__ import annotations

import click

from hague.cli._common import args_of, emit, export_options
from hague.data import DEFAULT_DATASET


@click.command("compare-sources")
@click.option("--year", type=int, required=True)
@click.option("--nato", "--edition", "nato", default=DEFAULT_DATASET, metavar="EDITION", show_default=True,
              help="NATO dataset id or edition name")
@click.option("--sipri", metavar="DATASET", help="SIPRI dataset (default: the newest imported)")
@click.option("--weo", default=None, metavar="DATASET", help="IMF WEO dataset (default imf-weo-2025-10)")
@export_options
def command(**kw) -> int:
    """NATO's share of GDP, SIPRI's, and NATO spending over IMF GDP for one year, with the documented reasons for
    differences. Needs an imported SIPRI file.
    """
    from hague.data import resolve_edition

    args = args_of(kw)
    args.nato = resolve_edition(args.nato)
    return cmd_compare(args)


def cmd_compare(args) -> int:
    from hague.sources.compare import compare_sources_result

    return emit(args, compare_sources_result(args.year, nato=args.nato, sipri=args.sipri, weo=args.weo))
