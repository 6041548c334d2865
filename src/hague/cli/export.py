"""``hague export``: every edition and table as a data package, Parquet, DuckDB, Stata or long CSV for R."""

from __future__ import annotations

import sys

import click

from hague.cli._common import args_of, edition_option


@click.command("export")
@click.option("--package", "package", metavar="DIR",
              help="Frictionless data package: CSV resources + datapackage.json (schema, units, sources, sha256)")
@click.option("--parquet", "parquet", metavar="DIR", help="one Parquet file per table, units and provenance in "
                                                          "the schema metadata (needs the export extra)")
@click.option("--duckdb", "duckdb", metavar="FILE", help="one DuckDB database: every table, column and source "
                                                         "tables, views status_allies, status_totals, gaps")
@click.option("--dta", "dta", metavar="DIR", help="one Stata .dta per table with variable and value labels "
                                                  "(+ .dta.meta.json with the provenance)")
@click.option("--long-csv", "long_csv", metavar="DIR", help="one long CSV per table for R (variable, value, unit)")
@edition_option
def command(**kw) -> int:
    """Write every embedded and imported edition, the status table of every year (of --edition), national plans,
    rules, related (1.5%) claims, the allies, the editions list and, once a SIPRI trade register is imported, the
    deliveries ledger (orders, deliveries, still to come), in one or more machine formats.

    Each target is written all-or-nothing: a folder is built beside the target and renamed into place (an
    existing folder must be empty or an earlier export); nothing is left behind on error. Any single table
    command writes the same formats with `--format package|parquet|dta|long-csv --output PATH`.
    """
    from hague.errors import HagueError
    from hague.exports import writers
    from hague.exports.tables import export_tables

    args = args_of(kw)
    targets = [(k, getattr(args, k)) for k in ("package", "parquet", "duckdb", "dta", "long_csv") if getattr(args, k)]
    if not targets:
        raise HagueError("name at least one target: --package DIR, --parquet DIR, --duckdb FILE, --dta DIR or "
                         "--long-csv DIR")
    for what, path in targets:
        writers.needs_export(what)
        (writers.check_file if what == "duckdb" else writers.check_dir)(path)
    skipped: list[str] = []
    tables = export_tables(args.edition, skipped=skipped)
    for line in skipped:
        print(f"hague: {line}", file=sys.stderr)
    rows = sum(t.nrows for t in tables)
    for what, path in targets:
        if what == "package":
            from hague.exports.package import write_package

            write_package(tables, path)
        elif what == "parquet":
            from hague.exports.columnar import write_parquet

            write_parquet(tables, path)
        elif what == "duckdb":
            from hague.data import dataset
            from hague.exports.columnar import write_duckdb
            from hague.exports.frames import table_name

            status_from = table_name(args.edition)
            core = "core_defence_expenditure_share_gdp" in dataset(args.edition).indicators()
            write_duckdb(tables, path, status_from=status_from if core else None)
        elif what == "dta":
            from hague.exports.stata import write_dta

            write_dta(tables, path)
        else:
            from hague.exports.stata import write_long_csv

            write_long_csv(tables, path)
        print(f"wrote {path} ({what.replace('_', '-')}: {len(tables)} tables, {rows:,} rows)", file=sys.stderr)
    return 0
