"""One Result to one machine format: picks the writer (package, parquet, dta, long-csv) for
:func:`write_result`. Apart from :mod:`hague.exports.writers` (the atomic file helpers the writers import), so the
writers and their helpers import in one direction."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hague.errors import ExportError
from hague.exports.writers import needs_export

__all__ = ["write_result"]


def _writer(fmt: str) -> Callable:
    from hague.exports import columnar, package, stata

    return {"package": package.write_package, "parquet": columnar.write_parquet, "dta": stata.write_dta,
            "long-csv": stata.write_long_csv}[fmt]


def write_result(result, path: str | Path, fmt: str, *, name: str | None = None) -> list[Path]:
    """Write one Result as a data package (folder), a Parquet file, a ``.dta`` file or a long CSV (file).

    ``name`` names the table (default: from the title). Returns the paths written."""
    from hague.exports.tables import result_table

    if fmt not in ("package", "parquet", "dta", "long-csv"):
        raise ExportError(f"unknown format {fmt!r}; accepted: package, parquet, dta, long-csv")
    needs_export(fmt)
    table = result_table(result, name)
    return _writer(fmt)([table], path, single=True)
