"""Machine-readable exports of any :class:`hague.results.Result`: Frictionless data packages, Parquet, DuckDB,
Stata ``.dta`` and a long CSV for R.

One code path for every Result: :func:`hague.exports.frames.typed_table` turns a Result into typed columns with
the values rounded by :func:`hague.render.data_value` (the same numbers as the CSV and the JSON), and each writer
renders those columns with the column specs (header, unit, decimals, kind, origin) and the provenance (datasets,
editions, licences). :func:`export_tables` lists the tables of a full export (every embedded and imported
edition, the status table of every year, plans, rules, related claims, the allies, the editions, and deliveries
where the installed hague has them).

The heavy libraries (pyarrow, duckdb, pyreadstat) are imported inside the writers that need them; they come with
``pip install -e '.[export]'``. ``frictionless`` is only used by the tests (``frictionless validate``).
"""

from __future__ import annotations

__all__ = ["export_tables", "write_package", "write_parquet", "write_duckdb", "write_dta", "write_long_csv",
           "write_result", "typed_table", "MACHINE_FORMATS", "needs_export"]

#: --format values handled here (besides hague.render's table/csv/json/md/xlsx)
MACHINE_FORMATS = ("package", "parquet", "dta", "long-csv")


def __getattr__(name: str):
    import importlib

    where = {"export_tables": "tables", "typed_table": "frames", "write_package": "package",
             "write_parquet": "columnar", "write_duckdb": "columnar", "write_dta": "stata",
             "write_long_csv": "stata", "write_result": "dispatch", "needs_export": "writers"}
    if name in where:
        return getattr(importlib.import_module(f"hague.exports.{where[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
