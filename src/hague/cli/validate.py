"""``hague validate``: the load-time data checks and the known outliers."""

from __future__ import annotations

import click

from hague.cli._common import args_of, emit, export_options


@click.command("validate")
@export_options
def command(**kw) -> int:
    """Run the load-time checks on every embedded dataset and list the known outliers with their reasons.

    Exits 1 if a check fails outside the listed outliers.
    """
    from hague.models.datatables import validate_result

    r = validate_result()
    emit(args_of(kw), r)
    return 1 if r.meta["errors"] else 0
