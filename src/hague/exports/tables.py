"""The tables of a full export (``hague export``): every edition, the status of every year, plans, rules, related
claims, allies, editions and, where this hague has them, deliveries. Each is a :class:`hague.results.Result`
built by the model that owns it; this module only names and stacks them.
"""

from __future__ import annotations

from dataclasses import replace

from hague.exports.frames import TypedTable, table_name, typed_table
from hague.results import Column, Provenance, Result

__all__ = ["export_tables", "observations_result", "status_all_years", "stack", "OBSERVATION_KEY"]

#: the columns that identify one observation (an edition file may hold two editions: the edition is part of it)
OBSERVATION_KEY = ["ally", "year", "indicator", "unit", "price_basis", "edition"]


def _decimals(values) -> int:
    """The most digits after the point any value needs (its shortest repr), so rounding to it changes none."""
    d = 0
    for v in values:
        text = repr(float(v))
        if "e" in text or "E" in text:
            return 12
        d = max(d, len(text.split(".")[1].rstrip("0")) if "." in text else 0)
    return d


def observations_result(dataset_id: str) -> Result:
    """One dataset's observations in long format (``ally, year, indicator, unit, price_basis, estimate, value,
    source, edition`` and the file's own extra columns), with the dataset's provenance. ``value`` keeps every
    digit the source has (its decimals are the most the file uses).

    >>> r = observations_result("nato-2026")
    >>> r.row(ally="ALB", year=2026, indicator="core_defence_expenditure", unit="USD million")["value"]
    722.0
    """
    from hague.data import dataset

    ds = dataset(dataset_id)
    cols = [Column("ally", "Ally", "", None, "text", 0, "ISO3 code of the ally"),
            Column("year", "Year", "", None, "year", 0),
            Column("indicator", "Indicator", "", None, "text", 0, "series name; '|' marks a part of a total"),
            Column("unit", "Unit", "", None, "text", 0, "unit of the value in this row"),
            Column("price_basis", "Price basis", "", None, "text", 0, "current, constant_YYYY or n/a"),
            Column("estimate", "Estimate", "", None, "bool", 2, "true where the producer marks an estimate"),
            Column("value", "Value", "given in the row's unit and price basis", _decimals(o.value for o in ds),
                   "number", 1, "the value as published"),
            Column("source", "Source", "", None, "text", 3, "source table or file named by the producer"),
            Column("edition", "Edition", "", None, "text", 0, "edition of the source (YYYY-MM)")]
    cols += [Column(c, c, "", None, "text", 4) for c in ds._extra_columns]
    rows = []
    for o in ds:
        r = {"ally": o.ally, "year": o.year, "indicator": o.indicator, "unit": o.unit, "price_basis": o.price_basis,
             "estimate": o.estimate, "value": o.value, "source": o.source, "edition": o.edition}
        extra = dict(o.extra)
        for c in ds._extra_columns:
            r[c] = extra.get(c) or None
        rows.append(r)
    return Result(f"{ds.title} ({ds.id})", rows, cols, Provenance.of(ds.id), [],
                  meta={"dataset": ds.id, "edition": ds.edition})


def stack(results: list[Result], key: Column, values: list) -> Result:
    """One Result from several of the same columns, with a leading ``key`` column holding ``values`` (e.g. the
    status table of every year, ``key`` = year)."""
    first = results[0]
    rows = [{key.key: v, **r} for res, v in zip(results, values) for r in res.rows]
    notes = list(dict.fromkeys(n for res in results for n in res.notes))
    return Result(first.title, rows, [key, *first.columns], first.provenance, notes,
                  meta={k: v for k, v in first.meta.items() if k != key.key})


def status_all_years(edition: str | None = None) -> Result:
    """The ``hague status`` table of every year of an edition, stacked (leading column ``year``)."""
    from hague.data import dataset, resolve_edition
    from hague.models.status import status_result

    ds = dataset(resolve_edition(edition))
    years = ds.years(f"{'core_defence_expenditure' if 'core_defence_expenditure_share_gdp' in ds.indicators() else 'defence_expenditure'}_share_gdp")
    res = [status_result(y, edition=ds.id) for y in years]
    out = stack(res, Column("year", "Year", "", None, "year", 0), years)
    return replace(out, title=f"Status of every ally against 2%, 20% and 3.5%, {years[0]}-{years[-1]}")


def _observational(dataset_id: str) -> bool:
    from hague.data import provenance

    return "reference" not in str(provenance(dataset_id).get("role", ""))


def export_tables(edition: str | None = None, *, skipped: list[str] | None = None) -> list[TypedTable]:
    """Every table of a full export, typed (see :mod:`hague.exports.frames`), in a stable order. A table whose
    data are not there (deliveries before ``hague data import sipri-trade``) is left out and the reason appended
    to ``skipped``."""
    import hague
    from hague.data import dataset_ids
    from hague.errors import HagueError
    from hague.models.datatables import allies_result

    out = [typed_table(hague.editions_result(), "editions", primary_key=["id"]),
           typed_table(allies_result(), "allies", primary_key=["iso3"])]
    for d in dataset_ids():
        if _observational(d):
            out.append(typed_table(observations_result(d), d, primary_key=OBSERVATION_KEY))
    out.append(typed_table(status_all_years(edition), "status", primary_key=["year", "code", "kind"]))
    out.append(typed_table(hague.plans_result(include_superseded=True), "plans", primary_key=["id"]))
    out.append(typed_table(hague.rules_result(), "rules", primary_key=["key"]))
    out.append(typed_table(hague.related_result(), "related", primary_key=["id"]))
    try:
        from hague.models import money_delivery
    except ImportError:  # a hague without the delivery ledger
        money_delivery = None
    if money_delivery is not None:
        try:
            out.append(typed_table(money_delivery.delivery_result(), "deliveries"))
            out.append(typed_table(money_delivery.systems_result(), "delivery_systems", primary_key=["system"]))
        except HagueError as exc:  # no register imported: say so, export the rest
            if skipped is not None:
                skipped.append(f"deliveries not exported: {exc}")
    names = [t.name for t in out]
    assert len(set(names)) == len(names), names
    return out


def result_table(result: Result, name: str | None = None) -> TypedTable:
    """Any Result as one typed table (``--format package|parquet|dta|long-csv`` of a command)."""
    return typed_table(result, name or table_name(result.title or "table"))
