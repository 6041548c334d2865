"""hague: NATO's 2025 defence-investment framework as software, with sourced data.

The public Python API. Data come from the embedded NATO July-2026 edition unless you name another dataset
(``hague.datasets()`` lists them).

>>> import hague
>>> df = hague.load()
>>> float(df.query("ally == 'POL' and year == 2025 and indicator == 'core_defence_expenditure_share_gdp'").value.iloc[0])
4.25
>>> hague.value("DEU", "core_defence_expenditure", 2026, unit="EUR million", price_basis="current")
124660.0
>>> hague.series("POL", "core_defence_expenditure_share_gdp")[2026]
4.68
>>> hague.wide("core_defence_expenditure_share_gdp").loc["LTU", 2026]
np.float64(5.33)
>>> len(hague.allies())
32
>>> round(hague.convert(hague.Money(124660, "EUR", year=2026, ally="DEU"), "USD").amount)
147002
"""

from __future__ import annotations

from hague.allies import Ally, resolve
from hague.data import DEFAULT_DATASET, DEFAULT_ECONOMICS, dataset, dataset_ids, provenance
from hague.errors import (
    CatalogError,
    DataValidationError,
    ExportError,
    HagueError,
    InfeasibleError,
    UnitMismatchError,
    UnknownAllyError,
    UnknownDatasetError,
    UnknownEntryError,
    UnknownIndicatorError,
    YearOutOfRangeError,
)
from hague.results import Column, Result

__version__ = "0.1.0"

__all__ = [
    "load",
    "allies",
    "ally",
    "value",
    "series",
    "wide",
    "year",
    "status",
    "status_result",
    "Result",
    "Column",
    "aggregate",
    "datasets",
    "sources",
    "check",
    "check_result",
    "plan_assess",
    "read_plan",
    "load_rules",
    "national_targets",
    "national_plans",
    "plans_result",
    "plans_compare",
    "money_plans_result",
    "pledge_backtest_result",
    "delivery_result",
    "related_result",
    "five_percent",
    "dossier",
    "verify",
    "validate",
    "import_source",
    "editions",
    "editions_result",
    "diff_editions",
    "diff_editions_result",
    "compare_sources",
    "compare_sources_result",
    "export_nato_workbook",
    "create_app",
    "open_registry",
    "gdp_path",
    "gdp_result",
    "convert",
    "convert_result",
    "rules_result",
    "backtest",
    "backtest_result",
    "Money",
    "path",
    "path_all",
    "path_result",
    "path_all_result",
    "simulate",
    "simulate_result",
    "resolve",
    "Ally",
    "HagueError",
    "UnknownAllyError",
    "UnknownIndicatorError",
    "UnknownDatasetError",
    "YearOutOfRangeError",
    "UnitMismatchError",
    "DataValidationError",
    "ExportError",
    "DEFAULT_DATASET",
    "DEFAULT_ECONOMICS",
    # burden sharing, capability targets, what the money buys, adversary comparison (docs/burden-capabilities.md)
    "burden",
    "burden_result",
    "burden_groups",
    "burden_trend",
    "burden_trend_result",
    "targets",
    "targets_result",
    "apportion",
    "apportion_result",
    "compare_principles",
    "compare_principles_result",
    "unit_costs",
    "unit_costs_result",
    "what_money_buys",
    "what_money_buys_result",
    "compare",
    "compare_result",
    "ammunition_balance",
    "ammunition_balance_result",
    "parity_years",
    "parity_years_result",
    "parity_runs",
    "parity_runs_result",
    "CatalogError",
    "UnknownEntryError",
    "InfeasibleError",
    "delivery_result",  # money against delivery (hague.models.money_delivery; docs/delivery.md)
    "systems_result",
    "kiel_allocations",
    "ukraine_result",
    "investment_result",
    "dependence_result",
]


def _edition(edition: str | None, dataset_id: str | None = None) -> str:
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

        _validate(_edition(edition, dataset_id)).raise_for_errors()
    return dataset(_edition(edition, dataset_id)).frame()


def allies():
    """The allies as a DataFrame (ISO3, ISO2, NATO code, name, accession year, currency, armed forces).

    >>> allies().set_index("iso3").loc["SWE", "accession_year"]
    np.int64(2024)
    """
    import pandas as pd

    from hague.allies import all_allies

    return pd.DataFrame([a.to_dict() for a in all_allies()])


def ally(code: str, edition: str | None = None, *, dataset_id: str | None = None):
    """One ally's rows of a dataset (long format). Accepts ISO3/ISO2 codes and English names.

    >>> ally("Poland").query("year == 2026 and indicator == 'core_defence_expenditure_share_gdp'").value.item()
    4.68
    """
    iso3 = resolve(code).iso3
    df = dataset(_edition(edition, dataset_id)).frame()
    return df[df["ally"] == iso3].reset_index(drop=True)


def value(ally: str, indicator: str, year: int, *, unit: str | None = None, price_basis: str | None = None,
          edition: str | None = None, dataset_id: str | None = None) -> float | None:
    """One value; None when the source has none. Ambiguous keys (several units) raise :class:`UnitMismatchError`.

    >>> value("POL", "core_defence_expenditure_share_gdp", 2025)
    4.25
    """
    ds = dataset(_edition(edition, dataset_id))
    a = resolve(ally)
    ds.check_indicator(indicator)
    ds.check_year(int(year))
    return ds.value(a.iso3, indicator, int(year), unit=unit, price_basis=price_basis)


def series(ally: str, indicator: str, *, unit: str | None = None, price_basis: str | None = None,
           edition: str | None = None, dataset_id: str | None = None) -> dict[int, float]:
    """Year -> value for one ally and indicator."""
    ds = dataset(_edition(edition, dataset_id))
    ds.check_indicator(indicator)
    return ds.series(resolve(ally).iso3, indicator, unit=unit, price_basis=price_basis)


def wide(indicator: str, *, unit: str | None = None, price_basis: str | None = None, edition: str | None = None, dataset_id: str | None = None):
    """Allies x years table of one indicator (pandas DataFrame, index ``ally``).

    >>> wide("core_defence_expenditure", unit="USD million", price_basis="current").loc["USA", 2014]
    np.float64(653942.0)
    """
    ds = dataset(_edition(edition, dataset_id))
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
    ds = dataset(_edition(edition, dataset_id))
    ds.check_year(int(y))
    df = ds.frame()
    return df[df["year"] == int(y)].reset_index(drop=True)


def status(year: int | None = None, *, edition: str | None = None, dataset_id: str | None = None):
    """The ``hague status`` table as a DataFrame (allies then the NATO, EUCA and USA aggregates, told apart by
    ``kind``): :func:`status_result` ``.frame()``, unrounded, with provenance and column specs in ``attrs``.

    >>> s = status(2025).set_index("code")
    >>> round(s.loc["NATO", "share_gdp"], 2), s.loc["POL", "share_gdp"]
    (np.float64(2.75), np.float64(4.25))
    """
    r = status_result(year, edition=edition, dataset_id=dataset_id)
    df = r.frame()
    df.attrs["source"] = r.footer()
    return df


def status_result(year: int | None = None, *, edition: str | None = None, dataset_id: str | None = None):
    """The ``hague status`` table as a :class:`hague.results.Result`: the rows every face renders, with column
    specs (unit, decimals, kind), provenance and notes.

    >>> from hague.render import format_value
    >>> r = status_result(2026)
    >>> alb = r.row(code="ALB", kind="ally")
    >>> format_value(alb["spend_usd_bn"], r.column("spend_usd_bn")), r.provenance.edition
    ('0.722', '2026-07')
    """
    from hague.models.status import status_result as _status_result

    return _status_result(year, edition=_edition(edition, dataset_id))


def aggregate(group: str, year: int, *, edition: str | None = None, dataset_id: str | None = None) -> dict:
    """NATO aggregates computed from the allies: ``NATO``, ``EUCA`` (Europe and Canada) or ``USA``.

    >>> round(aggregate("EUCA", 2014)["spend_usd_current"] / 1000, 1)
    289.3
    """
    from hague.models.aggregates import aggregate as _aggregate

    return _aggregate(group, int(year), source=_edition(edition, dataset_id))


def datasets() -> list[str]:
    """Ids of the embedded (and imported) datasets."""
    return dataset_ids()


def sources() -> list[dict]:
    """Provenance of every dataset: producer, title, edition, URL, licence, processing."""
    return provenance()


def validate():
    """Run the load-time checks on every embedded dataset; returns the report (errors and known outliers)."""
    from hague.data.validate import validate as _validate

    return _validate()


def gdp_path(ally: str, *, economics: str = DEFAULT_ECONOMICS, edition: str | None = None, dataset_id: str | None = None):
    """One ally's GDP path 2014-2035: NATO history, IMF WEO projections to 2030, extension rule to 2035.

    ``economics`` picks the IMF WEO vintage (``imf-weo-2025-10`` or the older ``imf-weo-2025-04``). Returns a
    :class:`hague.economics.GdpPath`; ``.frame()`` gives a DataFrame. Rules: docs/economics.md.

    >>> gdp_path("DEU").gdp_usd_2021[2026]  # NATO 2026 Table 5, USD million at 2021 prices
    4422594.0
    """
    from hague.economics import gdp_path as _gdp_path

    return _gdp_path(resolve(ally).iso3, economics=economics, source=_edition(edition, dataset_id))


def convert(money, currency: str, price_basis: str | None = None, **kwargs):
    """Convert a :class:`hague.economics.Money` between national currency, USD (current or constant 2021) and EUR.

    >>> from hague import Money
    >>> m = Money(124660, "EUR", "current", year=2026, ally="DEU")
    >>> round(convert(m, "USD", "constant_2021").amount)  # NATO 2026 Table 2: 119,159
    119159
    """
    from hague.economics import convert as _convert

    return _convert(money, currency, price_basis, **kwargs)


def path(ally: str, *, target: float = 3.5, by: int = 2035, shape: str = "linear", plan=None, related: bool = False,
         edition: str | None = None, dataset_id: str | None = None, economics: str = DEFAULT_ECONOMICS):
    """Year-by-year budget of one ally on a path to ``target`` % of GDP by ``by`` (``hague path``).

    Returns a :class:`hague.models.projection.SpendingPath` (``.rows``, ``.frame()``, cumulative extras).

    >>> p = path("DEU", target=3.5, by=2035)
    >>> round(p.year(2035)["budget_usd_2021"])  # USD million at 2021 prices: 3.5% of projected 2035 GDP
    169465
    """
    from hague.models.projection import path as _path

    return _path(ally, target=target, by=by, shape=shape, plan=plan, related=related, source=_edition(edition, dataset_id),
                 economics=economics)


def path_all(*, target: float = 3.5, by: int = 2035, shape: str = "linear", edition: str | None = None, dataset_id: str | None = None,
             economics: str = DEFAULT_ECONOMICS):
    """Every ally's path plus Europe-and-Canada, US and NATO totals (``hague path --all``)."""
    from hague.models.projection import path_all as _path_all

    return _path_all(target=target, by=by, shape=shape, source=_edition(edition, dataset_id), economics=economics)


def simulate(*, draws: int = 10_000, seed: int = 20250625, allies=None, scenario: str = "plans", target: float = 3.5,
             by: int = 2035, workers: int = 1, scheduler: str | None = None, chunk_size: int | None = None,
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
                     workers=workers, scheduler=scheduler, chunk_size=chunk_size, source=_edition(edition, dataset_id),
                     economics=economics, plan=plan)


def path_result(ally: str, *, target: float = 3.5, by: int = 2035, shape: str = "linear", plan=None,
                related: bool = False, edition: str | None = None, economics: str = DEFAULT_ECONOMICS):
    """:func:`path` as a :class:`hague.results.Result` (the ``hague path ALLY`` table).

    >>> r = path_result("DEU")
    >>> round(r.row(year=2035)["budget_usd_2021"]), r.column("budget_usd_2021").origin
    (169465, 'computed by hague')
    """
    from hague.tables import path_result as _pr

    return _pr(ally, target=target, by=by, shape=shape, plan=plan, related=related, edition=_edition(edition),
               economics=economics)


def path_all_result(*, target: float = 3.5, by: int = 2035, shape: str = "linear", related: bool = False,
                    edition: str | None = None, economics: str = DEFAULT_ECONOMICS):
    """:func:`path_all` as a :class:`hague.results.Result` (allies at the deadline, then alliance totals)."""
    from hague.tables import path_all_result as _par

    return _par(target=target, by=by, shape=shape, related=related, edition=_edition(edition), economics=economics)


def simulate_result(view: str = "probability", **kwargs):
    """:func:`simulate` (same keywords) as a :class:`hague.results.Result`: ``view`` is ``probability`` (default),
    ``fans`` or ``national``. ``simulate(...).result(view)`` does the same for a run you already have."""
    return simulate(**kwargs).result(view)


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
    r = check_result(year, commitment=commitment, ally=ally, rules=rules, edition=edition, dataset_id=dataset_id)
    df = r.frame(extra=True)  # plus each row's label, unit, year and source
    df.attrs.update({"year": r.meta["year"], "estimate": r.meta["estimate"], "source": r.footer(),
                     "not_evaluated": r.meta["not_evaluated"]})
    return df


def check_result(year: int | None = None, *, commitment: str | list[str] | None = None, ally=None, rules=None,
                 status=None, edition: str | None = None, dataset_id: str | None = None):
    """The ``hague check`` table as a :class:`hague.results.Result` (ally rows, then aggregates, told apart by
    ``kind``), with column specs, provenance (edition; gaps, pace and status computed by hague from named inputs)
    and notes. ``status``: keep only rows with these statuses.

    >>> r = check_result(2026, commitment="hague-2025.core")
    >>> r.row(code="DEU", kind="ally")["value"], r.provenance.edition, r.column("gap_pp").origin
    (2.69, '2026-07', 'computed by hague')
    """
    from hague.tables import check_result as _check_result

    allies_ = [ally] if isinstance(ally, str) else ally
    return _check_result(year, commitment=commitment, allies=allies_, rules=rules, status=status,
                         edition=_edition(edition, dataset_id))


def read_plan(source, *, name: str | None = None):
    """Read an annual plan (.csv, .xlsx, .yaml path, or content with ``name``); see :mod:`hague.rules.plans`."""
    from hague.rules.plans import read_plan as _read

    return _read(source, name=name)


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


def load_rules(extra_dirs=()):
    """The dated rule tree (a private copy), with any user folders layered on top.

    (Named ``load_rules``, not ``rules``: ``hague.rules`` is the sub-package holding the rule tree.)

    >>> load_rules().parameter("hague-2025.review_year").latest
    2029
    """
    from hague.rules import load_rules

    return load_rules(extra_dirs)


def national_targets(extra_dirs=()) -> list[dict]:
    """National targets (ally, value, deadline/year, source, date, confidence, ...), one dict each.

    >>> [(t["value"], t["deadline"]) for t in national_targets() if t["ally"] == "NLD"]
    [(2.8, 2030), (3.5, 2035)]
    """
    from hague.rules import national_targets as _nt

    return _nt(extra_dirs)


def national_plans(ally=None, *, as_of=None, include_superseded=False, kind=None):
    """National plans (targets, paths, budget laws and drafts) as dated, sourced rows (``NationalPlan``).

    ``as_of`` (a date) returns only what had been published by then, so a backtest never sees the future.
    See :func:`hague.rules.national_plans.national_plans` and docs/commitments.md.

    >>> [(p.kind, p.year, p.value, p.unit) for p in national_plans("POL", kind="budget_draft")]
    [('budget_draft', '2027', 198.1, 'PLN_bn'), ('budget_draft', '2027', 131.7, 'PLN_bn')]
    """
    from hague.rules.national_plans import national_plans as _np

    return _np(ally, as_of=as_of, include_superseded=include_superseded, kind=kind)


def import_source(kind: str, path, *, dataset_id: str | None = None, edition: str | None = None,
                  replace: bool = False, allow_findings: bool = False):
    """Import a NATO workbook, SIPRI Milex workbook or IMF WEO file (``kind``: nato, sipri, weo) into the user data
    dir, all-or-nothing; returns the outcome (dataset id, rows, validation, aggregate comparison).
    See :func:`hague.sources.import_file` and docs/data-import.md."""
    from hague.sources.store import import_file

    return import_file(kind, path, dataset_id=dataset_id, edition=edition, replace=replace,
                       allow_findings=allow_findings)


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


def export_nato_workbook(path, *, edition: str | None = None, dataset_id: str | None = None):
    """Write a NATO dataset in NATO's workbook layout (Tables 1-8b); :func:`import_source` reads it back."""
    from hague.sources.nato import write_nato_workbook

    return write_nato_workbook(_edition(edition, dataset_id), path)


# ---------------------------------------------------------------- burden sharing and capabilities


def burden(year: int | None = None, *, edition: str | None = None, dataset_id: str | None = None):
    """Burden sharing in one year: each member's share of alliance core spending vs GDP and population.

    A DataFrame indexed by ISO3 (see :func:`hague.models.burden.burden_table`); ``attrs["hhi"]`` is the
    concentration index.

    >>> round(float(burden(2026).loc["USA", "spend_share"]), 2)
    57.07
    """
    from hague.models.burden import burden_table

    return burden_table(year, source=_edition(edition, dataset_id))


def burden_groups(year: int | None = None, *, edition: str | None = None, dataset_id: str | None = None):
    """United States vs Europe and Canada vs the NATO total (same columns as :func:`burden`)."""
    from hague.models.burden import burden_groups as _groups

    return _groups(year, source=_edition(edition, dataset_id))


def burden_trend(start: int | None = None, end: int | None = None, *, edition: str | None = None, dataset_id: str | None = None):
    """Year by year: US and Europe-and-Canada shares of spending and GDP, and the HHI."""
    from hague.models.burden import burden_trend as _trend

    return _trend(start, end, source=_edition(edition, dataset_id))


def targets():
    """The capability-target ledger as a DataFrame (id, name, change, requirement, date, confidence, sources).

    >>> targets().set_index("id").loc["f-35", "confidence"]
    'low'
    """
    import pandas as pd

    from hague.models.catalog import targets as _targets

    rows = []
    for t in _targets():
        rq = t.requirement
        rows.append({"id": t.id, "name": t.name, "area": t.area, "statement": t.statement, "change": t.change_text,
                     "unit": t.unit, "scope": t.scope, "requirement": rq.value if rq else None,
                     "requirement_low": rq.low if rq else None, "requirement_high": rq.high if rq else None,
                     "requirement_unit": rq.unit if rq else None, "date": t.date, "confidence": t.confidence,
                     "sources": "; ".join(str(s) for s in t.sources), "notes": t.notes})
    return pd.DataFrame(rows)


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


# ---------------------------------------------------------------- the same tables as Results (hague.tables)


def editions_result():
    """``hague data editions`` as a :class:`hague.results.Result`."""
    from hague.tables import editions_result as _f

    return _f()


def diff_editions_result(old: str, new: str, *, ally: str | None = None, indicator: str | None = None,
                         year: int | None = None, changed: bool = False):
    """:func:`diff_editions` as a :class:`hague.results.Result` (``hague data diff``), provenance naming both
    editions' datasets.

    >>> r = diff_editions_result("NATO-2025", "NATO-2026", ally="POL", year=2025)
    >>> row = r.row(indicator="core_defence_expenditure_share_gdp")
    >>> row["old"], row["new"], sorted(s.dataset for s in r.provenance.sources)[-1]
    (4.48, 4.25, 'nato-2026')
    """
    from hague.tables import diff_result

    return diff_result(old, new, ally=ally, indicator=indicator, year=year, changed=changed)


def compare_sources_result(year: int, *, nato: str | None = None, sipri: str | None = None):
    """:func:`compare_sources` as a :class:`hague.results.Result` (needs an imported SIPRI file)."""
    from hague.tables import compare_sources_result as _f

    return _f(int(year), nato=nato, sipri=sipri)


def burden_result(year: int | None = None, *, edition: str | None = None):
    """``hague burden`` as a :class:`hague.results.Result`: allies, then US, Europe-and-Canada and NATO rows.

    >>> r = burden_result(2026)
    >>> round(r.row(code="USA", kind="ally")["spend_share"], 2), r.provenance.edition
    (57.07, '2026-07')
    """
    from hague.tables import burden_result as _f

    return _f(year, edition=_edition(edition))


def burden_trend_result(end: int | None = None, *, edition: str | None = None):
    """``hague burden --trend`` as a :class:`hague.results.Result`."""
    from hague.tables import burden_trend_result as _f

    return _f(end, edition=_edition(edition))


def targets_result():
    """``hague targets`` (the capability-target ledger) as a :class:`hague.results.Result`."""
    from hague.tables import targets_result as _f

    return _f()


def apportion_result(target: str, *, principle: str = "gdp", edition: str | None = None, **kwargs):
    """``hague targets apportion`` as a :class:`hague.results.Result` (keywords as :func:`apportion`).

    >>> round(apportion_result("brigades", year=2026).row(code="POL")["allocated"], 2)
    0.81
    """
    from hague.tables import apportion_result as _f

    return _f(target, principle=principle, edition=_edition(edition), **kwargs)


def compare_principles_result(target: str, *, edition: str | None = None, **kwargs):
    """``hague targets apportion TARGET --compare`` as a :class:`hague.results.Result`."""
    from hague.tables import compare_principles_result as _f

    return _f(target, edition=_edition(edition), **kwargs)


def unit_costs_result():
    """``hague costs`` (the unit-cost catalog) as a :class:`hague.results.Result`."""
    from hague.tables import costs_result

    return costs_result()


def what_money_buys_result(ally: str | None = None, *, edition: str | None = None, **kwargs):
    """``hague buys`` as a :class:`hague.results.Result` (keywords: amount, currency, year, split)."""
    from hague.tables import buys_result

    return buys_result(ally, edition=_edition(edition), **kwargs)


def compare_result(topic: str = "ammunition"):
    """``hague compare TOPIC --view estimates`` as a :class:`hague.results.Result`."""
    from hague.tables import estimates_result

    return estimates_result(topic)


def ammunition_balance_result():
    """``hague compare --view balance`` as a :class:`hague.results.Result`."""
    from hague.tables import balance_result

    return balance_result()


def parity_years_result(russia_growth: float = 0.0):
    """``hague compare --view parity`` as a :class:`hague.results.Result` (``russia_growth`` in % a year)."""
    from hague.tables import parity_result

    return parity_result(russia_growth)


def parity_runs_result(russia_growth: float = 0.0):
    """``hague compare --view runs`` as a :class:`hague.results.Result` (``russia_growth`` in % a year)."""
    from hague.tables import runs_result

    return runs_result(russia_growth)


def gdp_result(ally: str, *, economics: str = DEFAULT_ECONOMICS, edition: str | None = None):
    """:func:`gdp_path` as a :class:`hague.results.Result` (the ``hague gdp ALLY`` table).

    >>> gdp_result("DEU").row(year=2026)["gdp_usd_2021"]  # NATO 2026 Table 5, USD million at 2021 prices
    4422594.0
    """
    from hague.tables import gdp_result as _f

    return _f(resolve(ally).iso3, edition=_edition(edition), economics=economics)


def convert_result(money, currency: str, price_basis: str | None = None, *, edition: str | None = None,
                   economics: str = DEFAULT_ECONOMICS):
    """:func:`convert` as a :class:`hague.results.Result`: the amount given and its conversion (``hague convert``)."""
    from hague.tables import convert_result as _f

    return _f(money, currency, price_basis, edition=_edition(edition), economics=economics)


def rules_result(extra_dirs=(), *, national: bool = False, assessment: bool = False):
    """The dated rule tree as a :class:`hague.results.Result` (``hague rules``)."""
    from hague.tables import rules_result as _f

    return _f(extra_dirs, national=national, assessment=assessment)


def backtest(*, history: str | None = None, draws: int = 20_000, seed: int = 20250625, origins=None,
             allies=None, workers: int = 1, scheduler: str | None = None):
    """Score the Monte Carlo forecasts from every past origin (``hague backtest``): a
    :class:`hague.models.montecarlo.backtest.BacktestResult` (``.result()`` coverage table, ``.skill_rows()``)."""
    from hague.models.montecarlo.backtest import backtest as _bt

    return _bt(history=_edition(history), draws=draws, seed=seed, origins=origins, workers=workers,
               scheduler=scheduler, allies=allies)


def backtest_result(view: str = "coverage", *, detail: bool = False, **kwargs):
    """:func:`backtest` (same keywords) as a :class:`hague.results.Result`: ``view`` ``coverage`` (interval
    coverage by horizon; ``detail``: every origin too) or ``skill`` (CRPS and MAE against no-change)."""
    from hague.errors import HagueError
    from hague.tables import backtest_skill_result

    if view not in ("coverage", "skill"):
        raise HagueError(f"unknown view {view!r}; accepted: coverage, skill")
    r = backtest(**kwargs)
    return r.result(detail=detail) if view == "coverage" else backtest_skill_result(r)


def plans_result(ally: str | None = None, *, as_of=None, include_superseded: bool = False, kind: str | None = None):
    """``hague plans``: national plans with their sources, as a :class:`hague.results.Result`."""
    from hague.rules.five_percent import plans_result as _f

    return _f(ally, as_of=as_of, include_superseded=include_superseded, kind=kind)


def plans_compare(ally: str | None = None, *, edition: str | None = None, as_of=None):
    """``hague plans compare``: stated figures against NATO's for the same year, as a :class:`hague.results.Result`."""
    from hague.rules.five_percent import plans_compare as _f

    return _f(ally, edition=_edition(edition), as_of=as_of)


def money_plans_result(ally: str | None = None, *, edition: str | None = None):
    """``hague plans money``: the share of GDP each money plan implies (total, or increment over its baseline) beside
    the stated share, as a :class:`hague.results.Result`.

    >>> money_plans_result("ITA").row(id="amount-2028-12eur-nato")["verdict"]
    'consistent'
    """
    from hague.rules.money_plans import money_plans_result as _f

    return _f(ally, source=_edition(edition))


def pledge_backtest_result(*, edition: str | None = None):
    """``hague backtest --pledges``: the delivery model scored on the pledges of 2014-2024 (leave one pledge out, by
    origin), as a :class:`hague.results.Result`.

    >>> pledge_backtest_result().row(method="leave one pledge out")["n"]
    65
    """
    from hague.models.delivery import pledge_backtest_result as _f

    return _f(source=_edition(edition))


def delivery_result(*, edition: str | None = None):
    """The delivery record: the fraction of the gap to a stated target closed by its deadline, by kind and distance
    (``hague backtest --pledges``), as a :class:`hague.results.Result`."""
    from hague.models.delivery import delivery_result as _f

    return _f(source=_edition(edition))


def related_result(ally: str | None = None, *, as_of=None):
    """``hague related``: the related (1.5%) spending ledger, as a :class:`hague.results.Result`."""
    from hague.rules.five_percent import related_result as _f

    return _f(ally, as_of=as_of)


def five_percent(year: int | None = None, *, edition: str | None = None, allies=None):
    """``hague related --five``: core (NATO) + related (claimed) against 3.5 / 1.5 / 5, as a
    :class:`hague.results.Result`.

    >>> five_percent(2026).row(code="ITA")["known_total"]  # Italy's 0.7% related (low evidence) is not added
    2.1
    """
    from hague.rules.five_percent import five_percent as _f

    return _f(year, edition=_edition(edition), allies=allies)


def __getattr__(name: str):
    """Lazy attributes (keep ``import hague`` fast): ``hague.Money``."""
    if name == "Money":
        from hague.economics.money import Money

        return Money
    if name in ("delivery_result", "systems_result", "kiel_allocations", "ukraine_result", "investment_result", "dependence_result"):
        from hague.models import money_delivery as delivery

        return getattr(delivery, name)
    if name in ("dossier", "verify"):  # hague.models.dossier.dossier, hague.models.verify.verify (issue 21)
        return getattr(__import__(f"hague.models.{name}", fromlist=[name]), name)
    raise AttributeError(f"module 'hague' has no attribute {name!r}")

def _needs_web() -> None:
    from hague.extras import needs_web

    needs_web()


def create_app(settings=None):
    """The web application (dashboard, REST API ``/api/v1``, plan registry) as a FastAPI app.

    ``settings`` is a :class:`hague.web.settings.Settings` (default: from ``HAGUE_*`` environment variables; SQLite in
    the user data directory). Serve it with any ASGI server, or run ``hague serve``. See docs/web.md.
    Needs the web extra (``pip install -e '.[web]'``); without it: :class:`HagueError` saying so.
    """
    _needs_web()
    from hague.web.app import create_app as _create

    return _create(settings)


def open_registry(url: str | None = None, *, migrate: bool = True):
    """The plan registry's service layer (:class:`hague.store.registry.Registry`) on ``url``.

    ``url``: ``sqlite:///PATH`` or ``postgresql://USER@HOST:PORT/DB`` (default: SQLite in the user data directory);
    migrations are applied unless ``migrate=False``. Authorization is enforced on every call (pass a principal).
    Needs the web extra (``pip install -e '.[web]'``).
    """
    _needs_web()
    from hague.store import open_registry as _open

    return _open(url, migrate=migrate)
