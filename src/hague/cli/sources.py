"""``hague sources``: every dataset with its provenance."""

from __future__ import annotations

import click

from hague.cli._common import args_of, emit, export_options, output_format


@click.command("sources")
@export_options
def command(**kw) -> int:
    """Every embedded (and imported) dataset with producer, title, edition, publication date, URL, licence terms,
    attribution, coverage and processing.

    The terminal shows one block per dataset (wrapped to the width); the other formats one row per dataset.
    """
    from hague.models.datatables import sources_result
    from hague.render import format_value, terminal_width

    args = args_of(kw)
    r = sources_result()
    if output_format(args) != "table" or args.output:
        return emit(args, r)
    import textwrap

    width = max(40, terminal_width()) if not args.wide else 10**6
    out = []
    for row in r.rows:
        out.append(f"{row['id']}  [{row['role']}]")
        for c in r.columns[2:]:
            text = format_value(row.get(c.key), c)
            out += textwrap.wrap(f"{c.key:<12} {text}", width, initial_indent="  ", subsequent_indent=" " * 15) or [""]
        out.append("")
    print("\n".join(out).rstrip())
    return 0
