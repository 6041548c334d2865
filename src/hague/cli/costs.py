"""``hague costs``: the unit-cost catalog."""

from __future__ import annotations

import click

from hague.cli._common import args_of, emit, export_options


@click.command("costs")
@export_options
def command(**kw) -> int:
    """The unit-cost catalog: system, price, currency, price year, basis, confidence and source."""
    return cmd_costs(args_of(kw))


def cmd_costs(args) -> int:
    from hague.models.catalog import costs_result

    return emit(args, costs_result())
