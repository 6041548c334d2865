"""The column dictionary (kind, decimals and priority of every column key that hague's tables use) and
:func:`table_result`, which builds a model's :class:`hague.results.Result` from ``(key, header, unit)`` columns.

Models describe a column by ``(key, header, unit)``; :func:`column_for` completes it into a
:class:`hague.results.Column` from this one table, so that a key (``share_gdp``, ``spend_usd_bn``, ``gap_pp``) is
rounded the same way in every command and every face. Decimals follow the precision of the inputs: NATO publishes
shares of GDP to two decimals and money in whole millions.

>>> column_for("share_gdp", "% GDP", "percent of GDP").decimals, column_for("gap_usd_m", "Gap USD m", "USD million").decimals
(2, 0)
>>> column_for("source", "Source", "").priority
8
"""

from __future__ import annotations

import re
from dataclasses import replace

from hague.results import COMPUTED, Column, Provenance, Result

__all__ = ["column_for", "KEYS", "table_result", "with_kind", "records"]

#: key -> (kind, decimals, priority); exact keys first, then the patterns below
KEYS: dict[str, tuple[str, int | None, int]] = {
    # identifiers and names
    "code": ("text", None, 0), "ally": ("text", None, 0), "id": ("text", None, 0), "key": ("text", None, 0),
    "rule": ("text", None, 0), "iso3": ("text", None, 0), "scenario": ("text", None, 0),
    "area": ("text", None, 1), "name": ("text", None, 1), "system": ("text", None, 1), "actor": ("text", None, 1),
    "item": ("text", None, 2), "kind": ("text", None, 4), "status": ("text", None, 1), "severity": ("text", None, 0),
    "message": ("text", None, 1), "target": ("text", None, 1), "indicator": ("text", None, 1),
    "currency": ("text", None, 4), "unit": ("text", None, 4), "basis": ("text", None, 6), "est": ("text", None, 5),
    "estimate": ("text", None, 5), "confidence": ("text", None, 6), "date": ("text", None, 6),
    "since": ("text", None, 5), "family": ("text", None, 2), "edition": ("text", None, 2), "origin": ("text", None, 4),
    "years": ("text", None, 3), "published": ("text", None, 6), "change": ("number", None, 2),
    "requirement": ("text", None, 5), "national": ("text", None, 5), "label": ("text", None, 7),
    "binding": ("text", None, 5), "russia": ("text", None, 2), "russia_label": ("text", None, 1),
    "nato_label": ("text", None, 1), "russia_confidence": ("text", None, 5), "lag_basis": ("text", None, 6),
    "source": ("text", None, 8), "notes": ("text", None, 8), "note": ("text", None, 7), "caveat": ("text", None, 7),
    "includes": ("text", None, 8), "reason": ("text", None, 7), "url": ("text", None, 8),
    "price_basis": ("text", None, 6), "indicator_old": ("text", None, 7), "edition_old": ("text", None, 7),
    "edition_new": ("text", None, 7),
    # years and counts
    "year": ("year", None, 0), "deadline": ("year", None, 3), "year_reached": ("year", None, 3), "central_reaches": ("year", None, 6), "central": ("percent", 2, 5),
    "central_basis": ("text", None, 6),
    "price_year": ("year", None, 5), "base_year": ("year", None, 4), "parity_year": ("year", None, 1),
    "earliest": ("year", None, 2), "median": ("year", None, 1), "latest": ("year", None, 2),
    "accession_year": ("year", None, 2), "members": ("int", None, 5), "rows": ("int", None, 4),
    "runs": ("int", None, 4), "not_by_horizon": ("int", None, 3), "by_2035": ("int", None, 3),
    # money (NATO: whole millions; billions keep the millions)
    "spend_usd_bn": ("money", 3, 2), "nato_spend_usd_bn": ("money", 3, 3), "gap_35_usd_bn": ("money", 2, 3),
    "per_capita": ("money", 0, 6), "per_capita_usd": ("money", 0, 5), "unit_price": ("money", 0, 4),
    "price": ("money", 2, 2), "low": ("number", None, 5), "high": ("number", None, 5),
    "amount": ("money", 0, 2), "value": ("number", None, 1),
    "value_unit": ("text", None, 1),
    # economics
    "deflator": ("number", 4, 4), "xr": ("number", 4, 4), "population": ("number", 2, 5),
    "real_growth": ("percent", 2, 3), "hhi": ("number", 0, 3), "hhi_equivalent": ("number", 2, 4),
    "ratio": ("number", 2, 2), "ratio_gdp": ("number", 2, 3), "ratio_pop": ("number", 2, 5),
    "months_of_nato_output": ("number", 2, 2), "lag": ("number", 2, 4), "growth_pct": ("percent", 2, 2),
    # quantities and apportionment
    "quantity": ("int", None, 2), "quantity_low": ("int", None, 4), "quantity_high": ("int", None, 4),  # whole units
    "remainder": ("money", 1, 7), "unit_price_m": ("money", 4, 6),
    "share_pct": ("percent", 1, 3), "vs_fair_pct": ("percent", 1, 4), "weight_share": ("percent", 2, 3),
    "effort_share": ("percent", 2, 3), "fair_share": ("number", 2, 2), "allocated": ("number", 2, 1),
    "cap": ("number", 2, 6), "minimum": ("number", 2, 6),
    # Monte Carlo calibration
    "sigma_growth": ("number", 2, 2), "load_growth": ("number", 2, 3), "sigma_inflation": ("number", 2, 2),
    "load_inflation": ("number", 2, 3), "sigma_exec": ("number", 3, 2), "rho": ("number", 3, 4),
    "trend_slope": ("number", 3, 2),
}

#: (pattern on the key, pattern on the unit, spec) tried in order when the key is not in :data:`KEYS`
PATTERNS: list[tuple[str, str, tuple[str, int | None, int]]] = [
    (r"^(p_|prob)", r"", ("number", 3, 2)),
    (r"", r"^probability", ("number", 3, 2)),
    (r"^p\d+$", r"", ("number", None, 3)),  # fans mix measures (share, money) in one column: per-value decimals
    (r"share_gdp$|share$|_pct$|_pp$|pp_yr$|_change$", r"", ("percent", 2, 2)),
    (r"", r"^percent|percentage points", ("percent", 2, 3)),
    (r"_bn$", r"billion", ("money", 3, 3)),
    (r"", r"million", ("money", 0, 3)),
    (r"_m$|_usd$|_nc$|_usd_2021$", r"", ("money", 0, 3)),
    (r"^share_\d{4}$|^median_\d{4}$", r"", ("percent", 2, 2)),
]


def column_for(key: str, header: str, unit: str = "", values=()) -> Column:
    """The :class:`Column` for ``key`` from the dictionary (or, for an unknown key, from its values: text, int or
    a number with per-value decimals)."""
    spec = KEYS.get(key)
    if spec is None:
        for kpat, upat, s in PATTERNS:
            if (not kpat or re.search(kpat, key)) and (not upat or re.search(upat, unit or "")):
                spec = s
                break
    vals = [v for v in values if v is not None and v == v]
    if spec is None:
        if vals and all(isinstance(v, bool) for v in vals):
            spec = ("bool", None, 4)
        elif vals and all(isinstance(v, int) and not isinstance(v, bool) for v in vals):
            spec = ("int", None, 4)
        elif vals and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
            spec = ("number", None, 4)
        else:
            spec = ("text", None, 5)
    kind, decimals, priority = spec
    if kind != "text" and vals and not all(isinstance(v, (int, float)) for v in vals):
        kind, decimals = "text", None  # e.g. a value column holding ranges such as "2–3"
    if kind in ("year", "int") and vals and not all(isinstance(v, int) or float(v).is_integer() for v in vals):
        kind = "number"
    return Column(key, header, unit, decimals, kind, priority)


# ------------------------------------------------------------------ the Result of this model's table(s)

def table_result(cols, rows: list[dict], *, title: str = "", footer: str = "", datasets=(), sources=(),
                 computed: dict | None = None, notes=(), meta: dict | None = None, sections=None) -> Result:
    """A Result from ``(key, header, unit)`` columns (or :class:`Column`), completed from the column dictionary.

    ``datasets``: dataset ids read (their provenance is looked up); ``sources``: other :class:`Source` entries
    (catalogs); ``computed``: column key -> the inputs it is computed from (other columns are copied from the
    source); ``footer``: the statement that already cites the sources (printed as is, then ``notes``).
    """
    computed = computed or {}
    columns = []
    for i, c in enumerate(cols):
        col = c if isinstance(c, Column) else column_for(c[0], c[1], c[2], [r.get(c[0]) for r in rows])
        if i == 0 and col.priority:
            col = replace(col, priority=0)
        if col.key in computed:
            col = replace(col, origin=COMPUTED, inputs=tuple(computed[col.key]))
        elif col.key == "kind" and not isinstance(c, Column) and "aggregate" in c[2]:
            col = replace(col, origin=COMPUTED, inputs=("the allies' rows",))
        columns.append(col)
    prov = Provenance.of(*datasets, statement=footer, footer_sources=False)
    if sources:
        prov = replace(prov, sources=prov.sources + tuple(sources))
    return Result(title, rows, columns, prov, list(notes), sections, dict(meta or {}))


def with_kind(cols, groups: list[tuple[str, list[dict]]]):
    """Tag rows with ``kind`` (e.g. ally / aggregate) and add the column after the name, for tables that mix
    allies and aggregates. Returns the columns, all rows and the sections."""
    rows, sections = [], []
    for kind, rs in groups:
        tagged = [{**r, "kind": kind} for r in rs]
        rows += tagged
        sections.append(("", tagged))
    keys = [c[0] for c in cols]
    at = keys.index("name") + 1 if "name" in keys else 1
    kind_col = ("kind", "Kind", "ally or aggregate (computed by hague from the allies)")
    return list(cols[:at]) + [kind_col] + list(cols[at:]), rows, sections


def records(df, keys) -> list[dict]:
    """DataFrame rows as plain dicts (index as ``code``/``year``), NaN as None."""
    out = []
    for idx, r in df.iterrows():
        d = {df.index.name or "code": idx}
        for k in keys:
            if k in r.index:
                v = r[k]
                d[k] = None if isinstance(v, float) and v != v else (v.item() if hasattr(v, "item") else v)
        out.append(d)
    return out
