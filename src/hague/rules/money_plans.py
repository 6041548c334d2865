"""Money plans checked against shares: the share of GDP each stated amount implies, beside the ally's stated share.

Every money row of the national plans (unit ``XXX_bn``) is typed (:mod:`hague.rules.national_plans`,
``amount_type``): a ``total`` implies ``100 * amount / GDP``; an ``increment`` over a constant share of GDP
implies ``baseline + 100 * amount / GDP`` (Italy: 2% + EUR 12 bn / GDP 2028 = 2.50%, its stated 2.5% for 2028);
an increment over another baseline, or a ``part`` of the budget, implies only the extra or partial percentage
points. An amount over several years is divided by the GDP summed over those years (the yearly average). GDP is
the projected nominal GDP in national currency (``hague gdp``: IMF WEO growth and inflation on NATO's GDP).

The implied share is compared with the share the row states (``stated_share_gdp``), else with the ally's stated
core share for that year (:func:`hague.rules.stated_paths.stated_core_path`), on the same basis only; the
verdict says whether they agree within :data:`TOLERANCE` pp.

>>> ita = {r["id"]: r for r in money_plan_checks("ITA")}["amount-2028-12eur-nato"]
>>> round(ita["implied_share"], 2), ita["stated_share"], ita["verdict"]
(2.5, 2.5, 'consistent')
"""

from __future__ import annotations

from hague.data import DEFAULT_DATASET, DEFAULT_ECONOMICS
from hague.errors import HagueError
from hague.results import COMPUTED, Column, Provenance, Result

__all__ = ["money_plan_checks", "money_plans_result", "TOLERANCE"]

#: implied and stated shares agree within this many percentage points
TOLERANCE = 0.15


def money_plan_checks(ally: str | None = None, *, economics: str = DEFAULT_ECONOMICS,
                      source: str = DEFAULT_DATASET) -> list[dict]:
    """One row per money plan (superseded ones included): its type, the share it implies and the verdict."""
    from hague.economics.gdp import gdp_path
    from hague.rules.national_plans import national_plans
    from hague.rules.stated_paths import stated_core_path

    out, gdp = [], {}
    for p in national_plans(ally, include_superseded=True):
        if not p.currency or p.value is None:
            continue
        row = {"ally": p.ally, "id": p.id, "year": p.year, "amount_type": p.amount_type or "not stated",
               "amount_bn": p.value, "currency": p.currency, "basis": p.basis, "baseline": p.baseline,
               "implied_share": None, "implied_extra_pp": None, "stated_share": None, "difference_pp": None,
               "verdict": "", "source": p.source_url}
        out.append(row)
        if p.year_from is None or p.year_to is None:
            row["verdict"] = "no year range stated: no share implied"
            continue
        if p.ally not in gdp:
            try:
                gdp[p.ally] = gdp_path(p.ally, economics=economics, source=source).gdp_nc
            except HagueError as exc:
                gdp[p.ally] = str(exc)
        g = gdp[p.ally]
        years = range(p.year_from, p.year_to + 1)
        if isinstance(g, str) or any(y not in g for y in years):
            row["verdict"] = f"no GDP projection for {p.year}"
            continue
        pp = 100 * p.value * 1000 / sum(g[y] for y in years)  # bn over GDP in million
        per_year = " a year on average" if p.cumulative else ""
        if p.amount_type == "total":
            row["implied_share"] = pp
        elif p.amount_type == "increment" and p.baseline_share is not None:
            row["implied_share"] = p.baseline_share + pp
            row["implied_extra_pp"] = pp
        else:
            row["implied_extra_pp"] = pp
            what = {"increment": f"extra over {p.baseline}", "part": "a part of the budget"}.get(
                p.amount_type or "", "an amount of unstated type")
            row["verdict"] = f"{what}: +{pp:.2f} pp of GDP{per_year}; no total share implied"
            continue
        stated = p.stated_share_gdp
        if stated is None and p.basis == "NATO" and not p.cumulative:
            hit = stated_core_path(p.ally).get(p.year_from)
            stated = hit[0] if hit else None
        row["stated_share"] = stated
        if stated is None:
            row["verdict"] = (f"implies {row['implied_share']:.2f}% of GDP{per_year}"
                              f"{' (national definition)' if p.basis == 'national' else ''}; no stated share to "
                              "compare")
            continue
        row["difference_pp"] = row["implied_share"] - stated
        row["verdict"] = ("consistent" if abs(row["difference_pp"]) <= TOLERANCE else
                          f"differs by {row['difference_pp']:+.2f} pp")
    return out


COLUMNS = [
    Column("ally", "Ally", kind="text", priority=0),
    Column("id", "Plan", kind="text", priority=1),
    Column("year", "Year", kind="text", priority=1),
    Column("amount_type", "Type", kind="text", priority=2, description="total, increment over a baseline, or part"),
    Column("amount_bn", "Amount bn", "national currency billion", 2, "number", 2),
    Column("currency", "Cur", kind="text", priority=3),
    Column("basis", "Basis", kind="text", priority=4),
    Column("implied_share", "Implied %", "percent of GDP", 2, "percent", 1, "the share of GDP the amount implies",
           origin=COMPUTED, inputs=("national plans", "projected nominal GDP")),
    Column("stated_share", "Stated %", "percent of GDP", 2, "percent", 2,
           "the share stated on the row, else the ally's stated core share for the year"),
    Column("difference_pp", "Diff pp", "percentage points", 2, "number", 3, origin=COMPUTED,
           inputs=("implied share", "stated share")),
    Column("verdict", "Verdict", kind="text", priority=1),
]


def money_plans_result(ally: str | None = None, *, economics: str = DEFAULT_ECONOMICS,
                       source: str = DEFAULT_DATASET, edition: str | None = None) -> Result:
    """:func:`money_plan_checks` as a :class:`~hague.results.Result` (``hague plans money``); ``edition``: a NATO
    edition by any name (:func:`hague.data.resolve_edition`), else ``source``.

    >>> money_plans_result("ITA").row(id="amount-2028-12eur-nato")["verdict"]
    'consistent'
    """
    if edition is not None:
        from hague.data import resolve_edition

        source = resolve_edition(edition)
    rows = money_plan_checks(ally, economics=economics, source=source)
    return Result("Money plans: the share of GDP each stated amount implies, against the stated share", rows,
                  COLUMNS, Provenance.of(source, economics, statement="Plans: hague/rules/tree/national/plans.csv."),
                  [f"Shares agree within {TOLERANCE} pp: 'consistent'. GDP: projected nominal GDP in national "
                   "currency (hague gdp)."])
