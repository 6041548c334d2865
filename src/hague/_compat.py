"""The older public names kept for one release: each returns what it always did (a DataFrame or a model object)
and warns once that the Result-returning name replaces it (``hague.status`` -> ``hague.status_result(...)
.frame()``). ``hague/__init__.py`` maps each name here through :func:`deprecated`.
"""

from __future__ import annotations

import functools
import warnings

from hague.allies import resolve
from hague.data import DEFAULT_DATASET, DEFAULT_ECONOMICS
from hague.data.access import edition_id

#: old name -> what replaces it
REPLACED_BY = {
    "status": "hague.status_result(...).frame()", "check": "hague.check_result(...).frame(extra=True)",
    "path": "hague.path_result(...)", "path_all": "hague.path_all_result(...)",
    "simulate": "hague.simulate_result(view, ...)", "backtest": "hague.backtest_result(view, ...)",
    "gdp_path": "hague.gdp_result(...)", "burden": "hague.burden_result(...).frame()",
    "burden_groups": "hague.burden_result(...) (rows of kind aggregate)",
    "burden_trend": "hague.burden_trend_result(...).frame()", "targets": "hague.targets_result().frame()",
    "apportion": "hague.apportion_result(...)", "compare_principles": "hague.compare_principles_result(...)",
    "unit_costs": "hague.unit_costs_result().frame()", "what_money_buys": "hague.what_money_buys_result(...)",
    "compare": "hague.compare_result(topic).frame()", "ammunition_balance": "hague.ammunition_balance_result()",
    "parity_runs": "hague.parity_runs_result(...)", "parity_years": "hague.parity_years_result(...)",
    "editions": "hague.editions_result().frame()", "diff_editions": "hague.diff_editions_result(...)",
    "compare_sources": "hague.compare_sources_result(...)", "allies": "hague.allies_result().frame()",
}
__all__ = [*REPLACED_BY, "REPLACED_BY", "deprecated"]


def deprecated(name: str):
    """The old function ``name``, warning (:class:`DeprecationWarning`) at each call what replaces it."""
    f = globals()[name]

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        warnings.warn(f"hague.{name}() is deprecated and goes in the next release; use {REPLACED_BY[name]}",
                      DeprecationWarning, stacklevel=2)
        return f(*args, **kwargs)

    return wrapper


def status(year: int | None = None, *, edition: str | None = None, dataset_id: str | None = None):
    """The ``hague status`` table as a DataFrame (allies then the NATO, EUCA and USA aggregates, told apart by
    ``kind``): :func:`status_result` ``.frame()``, unrounded, with provenance and column specs in ``attrs``.

    >>> s = status(2025).set_index("code")
    >>> round(s.loc["NATO", "share_gdp"], 2), s.loc["POL", "share_gdp"]
    (np.float64(2.75), np.float64(4.25))
    """
    from hague.models.status import status_result

    r = status_result(year, edition=edition_id(edition, dataset_id))
    df = r.frame()
    df.attrs["source"] = r.footer()
    return df


def check(year: int | None = None, *, commitment: str | list[str] | None = None, ally=None, rules=None,
          edition: str | None = None, dataset_id: str | None = None):
    """The ``hague check`` table as a DataFrame: each ally (then the NATO, EUCA and USA aggregates) against each
    commitment and national target: status, gap in pp / national currency / USD, required pp per year, recent
    pace and the year the target is reached at that pace.

    ``ally``: a code or a list of codes; ``rules``: folder(s) layered on a copy of the shipped rule tree.

    >>> c = check(2026, commitment="hague-2025.core").set_index("code")
    >>> float(c.loc["DEU", "gap_pp"]), c.loc["DEU", "status"], int(c.loc["DEU", "year_reached"])  # 3.5 - 2.6943
    (0.8057, 'as likely as not', 2029)
    """
    from hague.rules.check import check_result

    r = check_result(year, commitment=commitment, allies=[ally] if isinstance(ally, str) else ally, rules=rules,
                     edition=edition_id(edition, dataset_id))
    df = r.frame(extra=True)  # plus each row's label, unit, year and source
    df.attrs.update({"year": r.meta["year"], "estimate": r.meta["estimate"], "source": r.footer(),
                     "not_evaluated": r.meta["not_evaluated"]})
    return df


def path(ally: str, *, target: float | None = None, by: int | None = None, shape: str = "linear", plan=None, related: bool = False,
         edition: str | None = None, dataset_id: str | None = None, economics: str = DEFAULT_ECONOMICS):
    """Year-by-year budget of one ally on a path to ``target`` % of GDP by ``by`` (``hague path``).

    Returns a :class:`hague.models.projection.SpendingPath` (``.rows``, ``.frame()``, cumulative extras).

    >>> p = path("DEU", target=3.5, by=2035)
    >>> round(p.year(2035)["budget_usd_2021"])  # USD million at 2021 prices: 3.5% of projected 2035 GDP
    169465
    """
    from hague.models.projection import path as _path

    return _path(ally, target=target, by=by, shape=shape, plan=plan, related=related, source=edition_id(edition, dataset_id),
                 economics=economics)


def path_all(*, target: float | None = None, by: int | None = None, shape: str = "linear", edition: str | None = None, dataset_id: str | None = None,
             economics: str = DEFAULT_ECONOMICS):
    """Every ally's path plus Europe-and-Canada, US and NATO totals (``hague path --all``)."""
    from hague.models.projection import path_all as _path_all

    return _path_all(target=target, by=by, shape=shape, source=edition_id(edition, dataset_id), economics=economics)


def simulate(*, draws: int = 10_000, seed: int = 20250625, allies=None, scenario: str = "plans", target: float | None = None,
             by: int | None = None, workers: int = 1, scheduler: str | None = None, chunk_size: int | None = None,
             edition: str | None = None, dataset_id: str | None = None, economics: str = DEFAULT_ECONOMICS,
             plan: str | None = None):
    """Monte Carlo of shares and money to 2035 (``hague simulate``); bit-identical for a seed on any back end.

    ``scenario``: ``plans`` (stated national plans where sourced, else a damped trend), ``trend`` or ``target``;
    ``plan``: a plan file for the one ally in ``allies``; ``edition``: the forecast starts after its last year.

    >>> r = simulate(draws=2048, seed=5, allies=["LTU"])
    >>> r.path_of("LTU").basis, r.probability("LTU", 2029) > 0.9  # Lithuania: 5.33% in 2026, 5-6% stated to 2030
    ('plans', True)
    """
    from hague.models.montecarlo import simulate as _simulate

    return _simulate(draws=draws, seed=seed, allies=allies, scenario=scenario, target=target, by=by,
                     workers=workers, scheduler=scheduler, chunk_size=chunk_size, source=edition_id(edition, dataset_id),
                     economics=economics, plan=plan)


def backtest(*, history: str | None = None, draws: int = 20_000, seed: int = 20250625, origins=None,
             allies=None, workers: int = 1, scheduler: str | None = None):
    """Score the Monte Carlo forecasts from every past origin (``hague backtest``): a
    :class:`hague.models.montecarlo.backtest.BacktestResult` (``.result()`` coverage table, ``.skill_rows()``)."""
    from hague.models.montecarlo.backtest import backtest as _bt

    return _bt(history=edition_id(history), draws=draws, seed=seed, origins=origins, workers=workers,
               scheduler=scheduler, allies=allies)


def gdp_path(ally: str, *, economics: str = DEFAULT_ECONOMICS, edition: str | None = None, dataset_id: str | None = None):
    """One ally's GDP path 2014-2035: NATO history, IMF WEO projections to 2030, extension rule to 2035.

    ``economics`` picks the IMF WEO vintage (``imf-weo-2025-10`` or the older ``imf-weo-2025-04``). Returns a
    :class:`hague.economics.GdpPath`; ``.frame()`` gives a DataFrame. Rules: docs/economics.md.

    >>> gdp_path("DEU").gdp_usd_2021[2026]  # NATO 2026 Table 5, USD million at 2021 prices
    4422594.0
    """
    from hague.economics import gdp_path as _gdp_path

    return _gdp_path(resolve(ally).iso3, economics=economics, source=edition_id(edition, dataset_id))


def burden(year: int | None = None, *, edition: str | None = None, dataset_id: str | None = None):
    """Burden sharing in one year: each member's share of alliance core spending vs GDP and population.

    A DataFrame indexed by ISO3 (see :func:`hague.models.burden.burden_table`); ``attrs["hhi"]`` is the
    concentration index.

    >>> round(float(burden(2026).loc["USA", "spend_share"]), 2)
    57.07
    """
    from hague.models.burden import burden_table

    return burden_table(year, source=edition_id(edition, dataset_id))


def burden_groups(year: int | None = None, *, edition: str | None = None, dataset_id: str | None = None):
    """United States vs Europe and Canada vs the NATO total (same columns as :func:`burden`)."""
    from hague.models.burden import burden_groups as _groups

    return _groups(year, source=edition_id(edition, dataset_id))


def burden_trend(start: int | None = None, end: int | None = None, *, edition: str | None = None, dataset_id: str | None = None):
    """Year by year: US and Europe-and-Canada shares of spending and GDP, and the HHI."""
    from hague.models.burden import burden_trend as _trend

    return _trend(start, end, source=edition_id(edition, dataset_id))


def targets():
    """The capability-target ledger as a DataFrame (id, name, change, requirement, date, confidence, sources).

    >>> targets().set_index("id").loc["f-35", "confidence"]
    'low'
    """
    import pandas as pd

    from hague.models.catalog import target_records

    return pd.DataFrame(target_records())


def apportion(target: str | None = None, *, principle: str = "gdp", **kwargs):
    """Split a target's requirement (or ``amount=``) across allies; see :func:`hague.models.apportion.apportion`.

    >>> round(apportion("brigades", year=2026).allocation("POL"), 2)
    0.81
    """
    from hague.models.apportion import apportion as _apportion

    return _apportion(target, principle=principle, **kwargs)


def compare_principles(target: str | None = None, **kwargs):
    """Allocation per ally under every principle, side by side (DataFrame)."""
    from hague.models.apportion import compare_principles as _cmp

    return _cmp(target, **kwargs)


def unit_costs():
    """The unit-cost catalog as a DataFrame (prices in million, currency and price year as published)."""
    import pandas as pd

    from hague.models.catalog import unit_costs as _costs

    return pd.DataFrame([{**{k: v for k, v in u.__dict__.items() if k != "sources"},
                          "sources": "; ".join(str(s) for s in u.sources)} for u in _costs()])


def what_money_buys(ally: str | None = None, **kwargs):
    """Quantities a budget buys (default: ``ally``'s gap to 3.5%); see :func:`hague.models.capability.what_money_buys`."""
    from hague.models.capability import what_money_buys as _buys

    return _buys(ally, **kwargs)


def compare(topic: str = "ammunition"):
    """Adversary and allied production estimates of one topic (DataFrame with dates, sources, confidence)."""
    from hague.models.adversary import estimates

    return estimates(topic)


def ammunition_balance():
    """Russian artillery-round estimates against allied output: ratio and months of NATO output."""
    from hague.models.adversary import ammunition_balance as _bal

    return _bal()


def parity_runs(**kwargs):
    """Every run of the ramp-up model (scenario x Russian estimate x allied basis x lag) with its parity year."""
    from hague.models.adversary import parity_runs as _pr

    return _pr(**kwargs)


def parity_years(**kwargs):
    """Year of parity in artillery ammunition by scenario (earliest, median, latest across the ranges)."""
    from hague.models.adversary import parity_years as _py

    return _py(**kwargs)


def editions():
    """Every embedded and imported dataset with its family (nato, sipri, weo), edition and origin, as a DataFrame.

    >>> e = editions().set_index("id")
    >>> e.loc["nato-2026", "edition"], e.loc["nato-2026", "origin"]
    ('2026-07', 'embedded')
    """
    import pandas as pd

    from hague.sources.store import editions as _editions

    return pd.DataFrame(_editions())


def diff_editions(old: str, new: str, *, ally: str | None = None, indicator: str | None = None,
                  year: int | None = None):
    """What changed between two editions (names such as ``NATO-2025`` or dataset ids), as a DataFrame with
    ``old``, ``new``, ``change`` and ``change_pct``.

    >>> d = diff_editions("NATO-2025", "NATO-2026", ally="POL", year=2025)
    >>> d[["old", "new"]].values.tolist()
    [[4.48, 4.25]]
    """
    import pandas as pd

    from hague.sources.diff import diff_editions as _diff

    d = _diff(old, new, ally=ally, indicator=indicator, year=year)
    df = pd.DataFrame(d.rows)
    df.attrs["notes"] = d.notes
    return df


def compare_sources(year: int, *, nato: str = DEFAULT_DATASET, sipri: str | None = None):
    """NATO vs SIPRI vs NATO-spending-over-IMF-GDP shares for one year, with documented reasons (needs an
    imported SIPRI file; see docs/data-import.md)."""
    import pandas as pd

    from hague.sources.compare import compare_sources as _compare

    c = _compare(int(year), nato=nato, sipri=sipri)
    df = pd.DataFrame(c.rows)
    df.attrs["source"] = c.footer()
    return df


def allies():
    """The allies as a DataFrame (ISO3, ISO2, NATO code, name, accession year, currency, armed forces).

    >>> allies().set_index("iso3").loc["SWE", "accession_year"]
    np.int64(2024)
    """
    import pandas as pd

    from hague.allies import all_allies

    return pd.DataFrame([a.to_dict() for a in all_allies()])
