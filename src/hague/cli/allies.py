"""``hague allies``: the 32 allies."""

from __future__ import annotations

import click

from hague.cli._common import args_of, emit, export_options


@click.command("allies")
@export_options
def command(**kw) -> int:
    """The 32 allies: ISO3, ISO2, NATO code, name, accession year, NATO Table 1 currency, armed forces."""
    from hague.models.datatables import allies_result

    return emit(args_of(kw), allies_result())
