"""The data-access part of the public Python API (``hague.load``, ``hague.value``, ``hague.series`` ...): thin,
documented functions over :mod:`hague.data`, each taking ``edition=`` (see :func:`hague.data.resolve_edition`).

>>> value("POL", "core_defence_expenditure_share_gdp", 2025)
4.25
>>> series("POL", "core_defence_expenditure_share_gdp")[2026]
4.68
>>> wide("core_defence_expenditure_share_gdp").loc["LTU", 2026]
np.float64(5.33)
"""

from __future__ import annotations

from hague.allies import resolve
from hague.data import dataset, dataset_ids, provenance
from hague.errors import UnitMismatchError

__all__ = ["load", "ally", "value", "series", "wide", "year", "aggregate", "datasets", "provenance", "validate",
           "plan_assess", "export_nato_workbook", "edition_id"]


def edition_id(edition: str | None = None, dataset_id: str | None = None) -> str:
    """The dataset id for ``edition=`` (see :func:`hague.data.resolve_edition`); ``dataset_id=`` is the old name."""
    from hague.data import resolve_edition

    if dataset_id is not None:
        import warnings

        warnings.warn("dataset_id= is deprecated; use edition=", DeprecationWarning, stacklevel=3)
        edition = edition or dataset_id
    return resolve_edition(edition)


def load(edition: str | None = None, *, dataset_id: str | None = None, validate: bool = True):
    """The dataset as a long pandas DataFrame.

    Columns: ``ally, year, indicator, unit, price_basis, estimate, value, source, edition`` plus any
    file-specific columns (``nato_table`` for NATO, ``weo_code`` and ``last_actual_year`` for the IMF WEO).
    With ``validate=True`` (default) the load-time checks run first and raise
    :class:`DataValidationError` on anything that is not a listed known outlier.
    Provenance is in ``df.attrs["provenance"]``.

    >>> load("imf-weo-2025-10").query("ally == 'ISL' and year == 2026 and indicator == 'population'").value.item()
    0.4
    """
    if validate:
        from hague.data.validate import validate as _validate

        _validate(edition_id(edition, dataset_id)).raise_for_errors()
    return dataset(edition_id(edition, dataset_id)).frame()


def ally(code: str, edition: str | None = None, *, dataset_id: str | None = None):
    """One ally's rows of a dataset (long format). Accepts ISO3/ISO2 codes and English names.

    >>> ally("Poland").query("year == 2026 and indicator == 'core_defence_expenditure_share_gdp'").value.item()
    4.68
    """
    iso3 = resolve(code).iso3
    df = dataset(edition_id(edition, dataset_id)).frame()
    return df[df["ally"] == iso3].reset_index(drop=True)


def value(ally: str, indicator: str, year: int, *, unit: str | None = None, price_basis: str | None = None,
          edition: str | None = None, dataset_id: str | None = None) -> float | None:
    """One value; None when the source has none. Ambiguous keys (several units) raise :class:`UnitMismatchError`.

    >>> value("POL", "core_defence_expenditure_share_gdp", 2025)
    4.25
    """
    ds = dataset(edition_id(edition, dataset_id))
    a = resolve(ally)
    ds.check_indicator(indicator)
    ds.check_year(_whole_year(year))
    return ds.value(a.iso3, indicator, int(year), unit=unit, price_basis=price_basis)


def series(ally: str, indicator: str, *, unit: str | None = None, price_basis: str | None = None,
           edition: str | None = None, dataset_id: str | None = None) -> dict[int, float]:
    """Year -> value for one ally and indicator."""
    ds = dataset(edition_id(edition, dataset_id))
    ds.check_indicator(indicator)
    return ds.series(resolve(ally).iso3, indicator, unit=unit, price_basis=price_basis)


def wide(indicator: str, *, unit: str | None = None, price_basis: str | None = None, edition: str | None = None, dataset_id: str | None = None):
    """Allies x years table of one indicator (pandas DataFrame, index ``ally``).

    >>> wide("core_defence_expenditure", unit="USD million", price_basis="current").loc["USA", 2014]
    np.float64(653942.0)
    """
    ds = dataset(edition_id(edition, dataset_id))
    ds.check_indicator(indicator)
    df = ds.frame()
    sel = df[df["indicator"] == indicator]
    if unit is not None:
        sel = sel[sel["unit"] == unit]
    if price_basis is not None:
        sel = sel[sel["price_basis"] == price_basis]
    if sel.duplicated(["ally", "year"]).any():
        choices = sorted(set(zip(sel["unit"], sel["price_basis"])))
        raise UnitMismatchError(f"{indicator} has several units/price bases {choices}; pass unit= and price_basis=")
    return sel.pivot(index="ally", columns="year", values="value")


def year(y: int, *, edition: str | None = None, dataset_id: str | None = None):
    """All rows of one year (long format)."""
    ds = dataset(edition_id(edition, dataset_id))
    ds.check_year(int(y))
    df = ds.frame()
    return df[df["year"] == int(y)].reset_index(drop=True)


def aggregate(group: str, year: int, *, edition: str | None = None, dataset_id: str | None = None) -> dict:
    """NATO aggregates computed from the allies: ``NATO``, ``EUCA`` (Europe and Canada) or ``USA``.

    >>> round(aggregate("EUCA", 2014)["spend_usd_current"] / 1000, 1)
    289.3
    """
    from hague.models.aggregates import aggregate as _aggregate

    ds = dataset(edition_id(edition, dataset_id))
    ds.check_year(_whole_year(year))  # a year outside the data is an error, not a row of None

    return _aggregate(group, int(year), source=edition_id(edition, dataset_id))


def datasets() -> list[str]:
    """Ids of the embedded (and imported) datasets."""
    return dataset_ids()


def validate():
    """Run the load-time checks on every embedded dataset; returns the report (errors and known outliers)."""
    from hague.data.validate import validate as _validate

    return _validate()


def plan_assess(plan, *, previous=None, rules=None):
    """The credible-path test of a plan (a Plan, a path, or a ``(content, name)`` pair): an Assessment with
    ``.verdict`` (credible / not credible / incomplete) and ``.findings``.

    >>> rows = "".join(f"ESP,{y},2.1,0.3\\n" for y in range(2026, 2036))
    >>> a = plan_assess(("ally,year,core_share_gdp,related_share_gdp\\n" + rows, "esp.csv"))
    >>> a.verdict, sorted({f.code for f in a.findings if f.severity == "error"})
    ('not credible', ['back_loaded', 'below_target', 'total_short'])
    """
    from hague.rules.plans import Plan, assess
    from hague.rules.plans import read_plan as _read

    def _load(p):
        if p is None or isinstance(p, Plan):
            return p
        if isinstance(p, tuple):
            return _read(p[0], name=p[1])
        return _read(p)

    return assess(_load(plan), previous=_load(previous), rules=rules)


def export_nato_workbook(path, *, edition: str | None = None, dataset_id: str | None = None):
    """Write a NATO dataset in NATO's workbook layout (Tables 1-8b); :func:`import_source` reads it back."""
    from hague.sources.nato_writer import write_nato_workbook

    return write_nato_workbook(edition_id(edition, dataset_id), path)


def _whole_year(year) -> int:
    """``year`` as an int; 2025.5 or "2025a" is a one-line error (never silently 2025)."""
    from hague.errors import YearOutOfRangeError

    try:
        y = int(year)
    except (TypeError, ValueError):
        raise YearOutOfRangeError(f"year {year!r} is not a year; give a whole year such as 2025") from None
    if isinstance(year, bool) or y != year and str(y) != str(year).strip():
        raise YearOutOfRangeError(f"year {year!r} is not a whole year; give one such as {y}")
    return y
