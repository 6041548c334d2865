"""Fiscal space beside a spending path: how the extra defence spending compares with the government's budget.

A budget office's first question is how it is paid for. For each year of an ally's path to a share of GDP
(:func:`hague.models.projection.path`) this puts the extra spending over the frozen-share baseline next to the
IMF's general-government series (WEO October 2025, percent of GDP, embedded as ``imf-weo-2025-10-fiscal``):

- ``extra_pp``: path share minus the share of the last year of data (percentage points of GDP);
- ``extra_pct_revenue`` = 100 x extra_pp / revenue (% of GDP): the extra as a percent of government revenue;
- ``extra_pct_expenditure`` = 100 x extra_pp / expenditure (% of GDP): as a percent of government spending;
- ``gross_debt``, ``net_lending`` (negative = deficit) and ``primary_balance``, percent of GDP, as the IMF
  projects them (which do not include the extra spending: the IMF's path is its own).

NATO's share is of real GDP and the IMF's ratios are nominal; both are percent of the same GDP concept, and
their ratio is what is shown. The IMF series end in 2030: later years have no fiscal figures (None), and
``notes`` says so.

Germany, linear from 2.69 % (2026) to 3.5 % by 2035: in 2030 the extra 0.36 pp of GDP is 0.75 % of the
government's revenue (48.163 % of GDP), while the IMF projects gross debt at 73.583 % of GDP.

>>> r = fiscal_space("DEU").year(2030)
>>> round(r["share_gdp"], 2), round(r["extra_pp"], 2), r["revenue"], round(r["extra_pct_revenue"], 2)
(3.05, 0.36, 48.163, 0.75)
>>> r["gross_debt"], r["net_lending"]
(73.583, -4.05)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hague.data import DEFAULT_DATASET, DEFAULT_ECONOMICS, dataset
from hague.errors import HagueError

__all__ = ["DEFAULT_FISCAL", "FISCAL_SERIES", "FiscalSpace", "fiscal_space", "fiscal_result"]

#: the embedded IMF government-finance series (WEO October 2025)
DEFAULT_FISCAL = "imf-weo-2025-10-fiscal"

#: row key -> (indicator in the WEO dataset, WEO code)
FISCAL_SERIES = {
    "revenue": ("general_government_revenue", "GGR_NGDP"),
    "expenditure": ("general_government_expenditure", "GGX_NGDP"),
    "gross_debt": ("general_government_gross_debt", "GGXWDG_NGDP"),
    "net_lending": ("general_government_net_lending", "GGXCNL_NGDP"),
    "primary_balance": ("general_government_primary_balance", "GGXONLB_NGDP"),
}

#: column key -> (header, unit), in output order
COLUMNS = {
    "year": ("Year", ""),
    "kind": ("Kind", ""),
    "share_gdp": ("Defence % GDP", "percent of GDP (path)"),
    "extra_pp": ("Extra pp GDP", "percentage points of GDP over the frozen-share baseline"),
    "revenue": ("Revenue % GDP", "general government revenue, percent of GDP (IMF)"),
    "expenditure": ("Spending % GDP", "general government expenditure, percent of GDP (IMF)"),
    "extra_pct_revenue": ("Extra % revenue", "extra defence spending, percent of government revenue"),
    "extra_pct_expenditure": ("Extra % spending", "extra defence spending, percent of government expenditure"),
    "gross_debt": ("Debt % GDP", "general government gross debt, percent of GDP (IMF)"),
    "net_lending": ("Balance % GDP", "general government net lending (negative = deficit), percent of GDP (IMF)"),
    "primary_balance": ("Primary % GDP", "general government primary balance, percent of GDP (IMF)"),
    "imf_projection": ("IMF proj.", "the IMF figures of this year are projections"),
}


@dataclass
class FiscalSpace:
    ally: str
    name: str
    target: float
    by: int
    last_data_year: int
    rows: list[dict] = field(default_factory=list)
    source: str = DEFAULT_DATASET
    fiscal: str = DEFAULT_FISCAL
    notes: list[str] = field(default_factory=list)

    def year(self, y: int) -> dict:
        for r in self.rows:
            if r["year"] == y:
                return r
        raise HagueError(f"year {y} is outside the fiscal table of {self.ally} "
                         f"({self.rows[0]['year']}-{self.rows[-1]['year']})")

    def footer(self) -> str:
        f = dataset(self.fiscal)
        return (f"Path: {self.target}% of GDP by {self.by} from {self.source} (last data {self.last_data_year}); "
                f"government finance: {f.meta.get('attribution', f.title)} (dataset {f.id}). " + " ".join(self.notes))


def fiscal_space(ally: str, *, target: float | None = None, by: int | None = None, shape: str = "linear",
                 source: str = DEFAULT_DATASET, economics: str = DEFAULT_ECONOMICS,
                 fiscal: str = DEFAULT_FISCAL, from_year: int | None = None) -> FiscalSpace:
    """Per year from ``from_year`` (default: 2020) to ``by``: the path's extra spending next to the IMF's
    government revenue, expenditure, debt and balances (percent of GDP).

    ``fiscal`` is any dataset with the five government-finance indicators (:data:`FISCAL_SERIES`), e.g. an
    imported WEO file that carries them; a dataset without them is an error naming what it lacks.
    """
    from hague.rules import thresholds as _t

    target, by = _t.core(target), _t.by(by)
    from hague.models.projection import path

    p = path(ally, target=target, by=by, shape=shape, source=source, economics=economics)
    f = dataset(fiscal)
    have = set(f.indicators())
    lacking = [f"{ind} ({code})" for ind, code in FISCAL_SERIES.values() if ind not in have]
    if lacking:
        raise HagueError(f"dataset {fiscal!r} lacks the government-finance series {', '.join(lacking)}; use "
                         f"{DEFAULT_FISCAL} or import a WEO file that has them (hague data import weo FILE)")
    y0 = p.last_data_year
    s0 = p.year(y0)["share_gdp"]
    start = from_year if from_year is not None else min(2020, y0)
    rows = []
    last_imf = None
    for pr in p.rows:
        y = pr["year"]
        if y < start or y > by:
            continue
        r = {"year": y, "kind": pr["kind"], "share_gdp": pr["share_gdp"],
             "extra_pp": None if y <= y0 else pr["share_gdp"] - s0}
        est = False
        for key, (ind, _code) in FISCAL_SERIES.items():
            o = f.find(p.ally, ind, y)
            r[key] = None if o is None else o.value
            est = est or (o is not None and o.estimate)
            if o is not None:
                last_imf = y if last_imf is None else max(last_imf, y)
        r["imf_projection"] = est if r["revenue"] is not None else None
        extra = r["extra_pp"]
        r["extra_pct_revenue"] = 100 * extra / r["revenue"] if extra is not None and r["revenue"] else None
        r["extra_pct_expenditure"] = (100 * extra / r["expenditure"] if extra is not None and r["expenditure"]
                                      else None)
        rows.append(r)
    notes = ["Extra = path share minus the frozen share of the last year of data.",
             "The IMF's debt and balance projections do not include the extra defence spending."]
    if last_imf is not None and last_imf < by:
        notes.append(f"IMF government-finance figures end in {last_imf}: no fiscal figures for {last_imf + 1}-{by}.")
    return FiscalSpace(ally=p.ally, name=p.name, target=target, by=by, last_data_year=y0, rows=rows, source=source,
                       fiscal=fiscal, notes=notes)


#: decimals and kind per column (for the one formatter)
_FORMAT = {"year": (0, "year"), "kind": (None, "text"), "imf_projection": (None, "text")}


def fiscal_result(ally: str, **kw):
    """:func:`fiscal_space` as a :class:`hague.results.Result` (the same numbers in terminal, CSV, JSON, API)."""
    from hague.results import Column, Provenance, Result

    f = fiscal_space(ally, **kw)
    cols = []
    for i, (k, (h, u)) in enumerate(COLUMNS.items()):
        dec, kind = _FORMAT.get(k, (2, "percent"))
        cols.append(Column(k, h, u, dec, kind, 0 if k == "year" else min(8, 1 + i // 2)))
    title = f"{f.name} ({f.ally}): fiscal space on the path to {f.target}% of GDP by {f.by}"
    return Result(title, [dict(r) for r in f.rows], cols, Provenance.of(f.source, f.fiscal), list(f.notes),
                  meta={"ally": f.ally, "target": f.target, "by": f.by, "dataset": f.source, "fiscal": f.fiscal})
