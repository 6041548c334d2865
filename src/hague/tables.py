"""The :class:`hague.results.Result` of every public table: what ``hague check``, ``path``, ``simulate``,
``burden``, ``targets``, ``buys``, ``costs``, ``compare``, ``data editions``, ``data diff`` and
``compare-sources`` show, built here from the models' output so that the CLI, the Python API and the REST API
render one object.

Each function computes through the model that owns the figures and returns a Result with column specs (from
:mod:`hague.columns`), provenance (the datasets or catalogs read, with their editions, and per column whether it is
copied from the source or computed by hague and from what) and notes. The faces only render.

>>> r = check_result(2026, commitment="hague-2025.core")
>>> row = r.row(code="DEU", kind="ally")
>>> row["value"], row["status"], r.provenance.edition
(2.69, 'as likely as not', '2026-07')
>>> r.column("gap_pp").origin
'computed by hague'
"""

from __future__ import annotations

from dataclasses import replace

from hague.columns import column_for
from hague.data import DEFAULT_ECONOMICS
from hague.results import COMPUTED, Column, Provenance, Result, Source

__all__ = [
    "table_result", "with_kind", "check_result", "path_result", "path_all_result", "simulation_result", "calibration_result",
    "burden_result", "burden_trend_result", "targets_result", "apportion_result", "compare_principles_result",
    "buys_result", "costs_result", "estimates_result", "balance_result", "parity_result", "runs_result",
    "editions_result", "diff_result", "compare_sources_result", "catalog_source", "gdp_result", "convert_result",
    "rules_result", "assessment_result", "data_status_result", "backtest_skill_result",
]


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


def catalog_source(name: str) -> Source:
    """The provenance entry of one of hague's sourced catalogs (``targets``, ``unit_costs``, ``adversary``)."""
    from hague.models.catalog import load_catalog

    meta, _ = load_catalog(name)
    return Source(dataset=f"catalog:{name}", producer="hague catalog (from the cited public sources)",
                  title=" ".join(str(meta.get("title", name)).split()),
                  attribution=" ".join(str(meta.get("reference", "")).split()))


def _records(df, keys) -> list[dict]:
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


# --------------------------------------------------------------------------------------------- check

_CHECK_COMPUTED = {
    "status": ("value", "target", "deadline", "p_met", "pace"),
    "p_met": ("hague simulate (10,000 draws, seed 20250625)", "central path on the record of past delivery"),
    "pace": ("value", "target", "deadline", "pace_pp_yr", "required_pp_yr"),
    "gap_pp": ("target", "value"),
    "gap_nc_m": ("gap_pp", "gdp[national currency, current]"),
    "gap_usd_m": ("gap_pp", "gdp[USD million, current]"),
    "required_pp_yr": ("gap_pp", "deadline", "year"),
    "pace_pp_yr": ("value[year]", "value[year-3]"),
    "year_reached": ("value", "pace_pp_yr", "target"),
}


def check_result(year: int | None = None, *, commitment=None, allies=None, rules=None, status=None,
                 edition: str | None = None, economics: str = DEFAULT_ECONOMICS) -> Result:
    """``hague check`` as a Result: each ally (``kind`` ally) then the NATO, EUCA and USA aggregates (``kind``
    aggregate) against each commitment; ``status`` keeps only rows with these statuses."""
    from hague.data import resolve_edition
    from hague.errors import HagueError
    from hague.rules.check import COLUMNS, STATUSES, check

    statuses = [status] if isinstance(status, str) else (list(status) if status else None)
    if statuses:
        bad = [s for s in statuses if s not in STATUSES]
        if bad:
            raise HagueError(f"unknown status {bad[0]!r}; accepted: {', '.join(STATUSES)}")
    allies = [allies] if isinstance(allies, str) else allies
    source = resolve_edition(edition)
    r = check(year, commitment=commitment, allies=allies, rules=rules, source=source, economics=economics)
    rows, aggs = r.rows, r.aggregates
    if statuses:
        rows = [x for x in rows if x["status"] in statuses]
        aggs = [x for x in aggs if x["status"] in statuses]
    ledger = ("core", "related", "related_confidence")  # shown only for the related cap and the 5% total
    cols, tagged, sections = with_kind([(k, h, u) for k, (h, u) in COLUMNS.items()
                                        if k not in ledger or any(x.get(k) is not None for x in rows)],
                                       [("ally", rows), ("aggregate", aggs)])
    est = " (estimate)" if r.estimate else ""
    meta = {"year": r.year, "estimate": r.estimate, "dataset": r.source, "edition": r.edition,
            "not_evaluated": r.not_evaluated, "rule_files": r.rule_files}
    if aggs:
        sections[1] = ("Alliance aggregates", sections[1][1])
    ledger = ()
    if any(x.get("related") is not None or x.get("rule") in ("hague-2025.total", "hague-2025.related")
           for x in tagged):  # the 5% rows add what allies claim (not NATO figures)
        ledger = (Source(dataset="related-ledger", producer="hague related-spending ledger (from the cited "
                         "statements)", title="Related (1.5%) spending claims by allies and NATO",
                         attribution="src/hague/rules/tree/related/claims.csv; each row names its source"),)
    res = table_result(cols, tagged, title=f"Commitments check, {r.year}{est}", footer=r.footer(), meta=meta,
                       sections=sections, datasets=(r.source, economics), computed=_CHECK_COMPUTED, sources=ledger)
    # the outlook stays visible on an 80-column terminal
    res.columns = [replace(c, priority={"status": 0, "p_met": 1}.get(c.key, c.priority))
                   for c in res.columns]
    return res


# ---------------------------------------------------------------------------------------------- path

_PATH_COMPUTED = {
    "share_gdp": ("NATO share of GDP (history)", "target", "shape (projection)"),
    "budget_nc": ("share_gdp", "gdp[national currency, current]"),
    "budget_usd": ("share_gdp", "gdp[USD million, current]"),
    "budget_usd_2021": ("share_gdp", "gdp[USD million, constant]"),
    "baseline_usd_2021": ("share_gdp[last data year]", "gdp[USD million, constant]"),
    "extra_nc": ("budget_nc", "baseline"), "extra_usd": ("budget_usd", "baseline"),
    "extra_usd_2021": ("budget_usd_2021", "baseline_usd_2021"),
    "cum_extra_usd_2021": ("extra_usd_2021",),
}
_PATH_NOTE = ("Years up to the edition's last year copy NATO's figures; later years are computed by hague from "
              "the IMF WEO GDP projection and the path shape.")


def path_result(ally: str, *, target: float = 3.5, by: int = 2035, shape: str = "linear", plan=None,
                related: bool = False, related_target: float = 1.5, edition: str | None = None,
                economics: str = DEFAULT_ECONOMICS, path=None) -> Result:
    """``hague path ALLY`` as a Result (one row per year); ``path`` reuses an already computed SpendingPath."""
    from hague.data import resolve_edition
    from hague.models.projection import COLUMNS, RELATED_COLUMNS
    from hague.models.projection import path as _path

    p = path or _path(ally, target=target, by=by, shape=shape, plan=plan, related=related,
                      related_target=related_target, source=resolve_edition(edition), economics=economics)
    spec = dict(COLUMNS)
    if p.related:
        spec.update(RELATED_COLUMNS)
    cols = [(k, h.replace("NC", p.currency), u.replace("national currency", p.currency)) for k, (h, u) in spec.items()]
    title = (f"{p.name}: path to {p.target}% of GDP by {p.by} ({p.shape}); cumulative extra "
             f"{p.last_data_year + 1}-{p.by}: USD {p.cumulative_extra_usd_2021 / 1000:,.1f} bn at 2021 prices, "
             f"{p.currency} {p.cumulative_extra_nc / 1000:,.1f} bn nominal")
    meta = {"ally": p.ally, "target": p.target, "by": p.by, "shape": p.shape, "dataset": p.source,
            "economics": p.economics, "cumulative_extra_usd_2021": p.cumulative_extra_usd_2021,
            "cumulative_extra_nc": p.cumulative_extra_nc, "currency": p.currency}
    computed = {k: v for k, v in _PATH_COMPUTED.items() if k in spec}
    computed.update({k: ("related_target", "gdp") for k in spec if k.startswith("related")})
    return table_result(cols, p.rows, title=title, footer=p.footer(), meta=meta, datasets=(p.source, p.economics),
                        computed=computed)


def path_all_result(*, target: float = 3.5, by: int = 2035, shape: str = "linear", related: bool = False,
                    edition: str | None = None, economics: str = DEFAULT_ECONOMICS, paths=None) -> Result:
    """``hague path --all`` as a Result: every ally at the deadline, then the alliance totals per year;
    ``paths`` reuses an already computed AlliancePaths."""
    from hague.data import resolve_edition
    from hague.models.projection import path_all

    source = resolve_edition(edition)
    ap = paths or path_all(target=target, by=by, shape=shape, related=related, source=source, economics=economics)
    cols = [("code", "Code", ""), ("name", "Name", ""), ("year", "Year", ""),
            ("share_gdp", "% GDP", "percent of GDP"), ("budget_usd", "Budget USD m", "USD million, current"),
            ("budget_usd_2021", "Budget USD m 2021", "USD million, constant 2021"),
            ("extra_usd_2021", "Extra USD m 2021", "USD million, constant 2021"),
            ("cum_extra_usd_2021", "Cum. extra USD m 2021", "USD million, constant 2021")]
    any_path = next(iter(ap.paths.values()))
    title = f"Paths to {ap.target}% of GDP by {ap.by} ({ap.shape}): allies in {ap.by}, alliance totals"
    meta = {"target": ap.target, "by": ap.by, "shape": ap.shape, "dataset": any_path.source,
            "economics": any_path.economics}
    cols, rows, sections = with_kind(cols, [("ally", ap.summary_rows()), ("aggregate", ap.total_rows())])
    computed = {k: v for k, v in _PATH_COMPUTED.items() if k in {c[0] for c in cols}}
    return table_result(cols, rows, title=title, footer=any_path.footer(), meta=meta, sections=sections,
                        datasets=(any_path.source, any_path.economics), computed=computed)


# ------------------------------------------------------------------------------------------ simulate

SIMULATION_VIEWS = ("probability", "fans", "national")


def simulation_result(sim, view: str = "probability") -> Result:
    """A table of a :class:`hague.models.montecarlo.SimulationResult`: ``probability`` (of reaching the
    threshold by the years reported), ``fans`` (percentiles per ally and year) or ``national`` (targets)."""
    from hague.errors import HagueError

    if view == "national":
        cols, rows = sim.national_table()
        title = (f"Probability of meeting national targets, {sim.scenario} scenario, {sim.draws:,} draws, "
                 f"seed {sim.seed}")
    elif view == "fans":
        cols, rows = sim.fan_table()
        title = f"Percentile fans, {sim.scenario} scenario, {sim.draws:,} draws, seed {sim.seed}"
    elif view == "probability":
        cols, rows = sim.probability_table()
        title = (f"Probability of core defence spending >= {sim.threshold}% of GDP ({sim.scenario} scenario, "
                 f"from {sim.origin}, {sim.draws:,} draws, seed {sim.seed})")
    else:
        raise HagueError(f"unknown view {view!r}; accepted: {', '.join(SIMULATION_VIEWS)}")
    keys = [c[0] if not isinstance(c, Column) else c.key for c in cols]
    draws = (f"{sim.draws:,} Monte Carlo draws (seed {sim.seed}, {sim.scenario} scenario)",)
    computed = {k: draws for k in keys if k.startswith(("p_", "p", "prob", "median", "share_")) and k != "plan"}
    gdp_source = getattr(getattr(sim, "params", None), "gdp_source", "") or ""
    return table_result(cols, rows, title=title, footer=sim.footer(), meta=sim.meta(),
                        datasets=(sim.source, sim.economics, gdp_source), computed=computed)


def calibration_result(*, allies=None, edition: str | None = None, economics: str = DEFAULT_ECONOMICS) -> Result:
    """``hague simulate --calibration``: the calibrated Monte Carlo parameters per ally and their data."""
    from hague.allies import resolve
    from hague.data import resolve_edition
    from hague.models.montecarlo import calibrate

    source = resolve_edition(edition)
    cal = calibrate(source=source, history=economics)
    inputs = ("NATO share history", "IMF WEO forecast errors")

    def num(key, header, unit, decimals, priority=3):
        return Column(key, header, unit, decimals, "number", priority=priority, origin=COMPUTED, inputs=inputs)

    cols = [Column("ally", "Ally", priority=0), num("sigma_growth", "σ growth pp", "percentage points", 2),
            num("load_growth", "λ growth", "loading", 2, 4),
            num("sigma_inflation", "σ inflation pp", "percentage points", 2),
            num("load_inflation", "λ inflation", "loading", 2, 4),
            num("sigma_exec_1y", "σ exec 1y", "log points", 3, 1),
            num("sigma_exec_5y", "σ exec 5y", "log points", 3, 1),
            num("sigma_exec_10y", "σ exec 10y", "log points", 3, 1),
            num("skew_up", "Skew up", "scale above the path", 2, 5),
            num("skew_down", "Skew down", "scale below the path", 2, 5),
            num("sigma_fx", "σ FX", "log points per year", 3, 2)]
    rows = cal.rows()
    if allies:
        codes = [allies] if isinstance(allies, str) else allies
        want = {resolve(c.strip()).iso3 for a in codes for c in a.split(",") if c.strip()}
        rows = [r for r in rows if r["ally"] in want]
    ex = cal.execution
    footer = ("Data: " + "; ".join(cal.sources) + f". Execution error: sigma(h) = {ex.a:.3f} * "
              f"h^{ex.b:.2f} log points, {ex.years} outcome years, horizons 1-10 with "
              f"{', '.join(str(n) for n in ex.n_by_h)} pseudo-forecast errors.")
    return table_result(cols, rows, title="Monte Carlo calibration (docs/economics.md)", footer=footer,
                        meta={"sources": list(cal.sources), "a": ex.a, "b": ex.b, "years": ex.years},
                        datasets=(source, economics))


# ---------------------------------------------------------------------------------------------- burden

_BURDEN_COMPUTED = {
    "spend_share": ("spend_usd[current]", "alliance total"), "gdp_share": ("gdp_usd[current]", "alliance total"),
    "pop_share": ("population", "alliance total"), "ratio_gdp": ("spend_share", "gdp_share"),
    "ratio_pop": ("spend_share", "pop_share"),
}


def burden_result(year: int | None = None, *, edition: str | None = None) -> Result:
    """``hague burden`` as a Result: each member's share of alliance core spending against its shares of GDP and
    population, then the US, Europe-and-Canada and NATO rows (``kind`` aggregate)."""
    from hague.data import resolve_edition
    from hague.models.burden import COLUMNS, burden_groups, burden_table, burden_trend

    source = resolve_edition(edition)
    t = burden_table(year, source=source)
    y = t.attrs["year"]
    g = burden_groups(y, source=source)
    tr = burden_trend(end=y, source=source)
    keys = [k for k in COLUMNS if k != "code"]
    cols = [(k, h, u) for k, (h, u) in COLUMNS.items()]
    est = " (estimate)" if t.attrs["estimate"] else ""
    y0 = int(tr.index[0])
    footer = (f"Concentration: HHI of spending shares {t.attrs['hhi']:,.0f} (= {t.attrs['hhi_equivalent']:.2f} "
              f"equal-sized allies; HHI of GDP shares {t.attrs['hhi_gdp']:,.0f}). Trend {y0}->{y}: US share of "
              f"alliance spending {tr.loc[y0, 'usa_spend_share']:.1f}% -> {tr.loc[y, 'usa_spend_share']:.1f}%, "
              f"Europe and Canada {tr.loc[y0, 'euca_spend_share']:.1f}% -> {tr.loc[y, 'euca_spend_share']:.1f}%, "
              f"HHI {tr.loc[y0, 'hhi']:,.0f} -> {tr.loc[y, 'hhi']:,.0f}. " + t.attrs["source"])
    meta = {"year": y, "estimate": t.attrs["estimate"], "dataset": source, "hhi": t.attrs["hhi"],
            "hhi_equivalent": t.attrs["hhi_equivalent"], "hhi_gdp": t.attrs["hhi_gdp"], "attribution": t.attrs["source"]}
    cols, rows, sections = with_kind(cols, [("ally", _records(t, keys)), ("aggregate", _records(g, keys))])
    computed = {k: v for k, v in _BURDEN_COMPUTED.items() if k in COLUMNS}
    computed.update({k: ("allies' spending, GDP and population",) for k in COLUMNS
                     if k not in computed and k not in ("code", "name") and k.endswith(("share", "ratio"))})
    return table_result(cols, rows, title=f"Burden sharing, {y}{est}", footer=footer, meta=meta, sections=sections,
                        datasets=(source, DEFAULT_ECONOMICS), computed=computed)


def burden_trend_result(end: int | None = None, *, edition: str | None = None) -> Result:
    """``hague burden --trend`` as a Result: US / Europe-and-Canada shares and the HHI year by year."""
    from hague.data import resolve_edition
    from hague.models.burden import burden_trend

    source = resolve_edition(edition)
    tr = burden_trend(end=end, source=source)
    cols = [("year", "Year", ""), ("members", "Members", ""),
            ("nato_spend_usd_bn", "NATO USD bn", "USD billion, current"),
            ("usa_spend_share", "US % spend", "percent of alliance core defence expenditure"),
            ("euca_spend_share", "EU+CA % spend", "percent of alliance core defence expenditure"),
            ("usa_gdp_share", "US % GDP", "percent of alliance GDP"),
            ("euca_gdp_share", "EU+CA % GDP", "percent of alliance GDP"),
            ("hhi", "HHI", "0-10,000"), ("hhi_equivalent", "Equiv. allies", "10,000 / HHI"),
            ("estimate", "Estimate", "")]
    rows = _records(tr, [k for k, _, _ in cols if k != "year"])
    for r in rows:
        r["estimate"] = "e" if r["estimate"] else ""
    first, last = rows[0], rows[-1]
    footer = (f"US share of alliance spending {first['usa_spend_share']:.1f}% in {first['year']} -> "
              f"{last['usa_spend_share']:.1f}% in {last['year']}; HHI {first['hhi']:,.0f} -> {last['hhi']:,.0f}. "
              + tr.attrs["source"])
    allies_in = ("allies' core defence expenditure and GDP, USD current",)
    computed = {k: allies_in for k, _, _ in cols if k not in ("year", "estimate")}
    return table_result(cols, rows, title=f"Burden sharing trend {first['year']}-{last['year']}", footer=footer,
                        meta={"dataset": source}, datasets=(source, DEFAULT_ECONOMICS), computed=computed)


# ------------------------------------------------------------------------------ targets and apportionment


def targets_result() -> Result:
    """``hague targets``: the capability-target ledger (public proxies), each with source, date and confidence."""
    from hague.models.catalog import targets

    cols = [("id", "Id", ""), ("name", "Capability", ""), ("change", "Change", ""), ("unit", "Unit", ""),
            ("requirement", "Apportionable", ""), ("date", "Date", ""), ("confidence", "Confidence", ""),
            ("source", "Source", "")]
    rows = []
    for t in targets():
        rq = t.requirement
        req = ""
        if rq:
            rng = f" ({rq.low:g}-{rq.high:g})" if rq.low != rq.high else ""
            req = f"{rq.value:g}{rng} {rq.unit}, {rq.scope}"
        rows.append({"id": t.id, "name": t.name, "change": t.change_text, "unit": t.unit, "requirement": req,
                     "date": t.date, "confidence": t.confidence,  # a vocabulary value only (hague.confidence)
                     "source": "; ".join(str(s) for s in t.sources)})
    low = [t.id for t in targets() if t.confidence == "low"]
    footer = ("Public proxies: NATO's June 2025 capability targets are classified. Quotes and "
              "figures from the public sources named on each row. Apportionable = the alliance-wide "
              "quantity `hague targets apportion` splits (derived where marked in the catalog)."
              + (f" Low confidence ({', '.join(low)}): the figure is not in an official text." if low else ""))
    return table_result(cols, rows, title="Capability-target ledger (June 2025 targets, public proxies)",
                        footer=footer, sources=(catalog_source("targets"),))


_APPORTION_COMPUTED = {
    "weight_share": ("principle", "gdp / spending / population of the allies in scope"),
    "effort_share": ("core defence expenditure",), "fair_share": ("requirement", "weight_share"),
    "allocated": ("fair_share", "cap", "minimum", "linear programme (HiGHS)"),
    "low": ("requirement low", "weight_share"), "high": ("requirement high", "weight_share"),
    "vs_fair_pct": ("allocated", "fair_share"), "cap": ("effort_share", "cap multiple"), "minimum": ("minimum",),
    "binding": ("allocated", "cap", "minimum"),
}


def apportion_result(target: str, *, principle: str = "gdp", edition: str | None = None, **kwargs) -> Result:
    """``hague targets apportion TARGET`` as a Result (see :func:`hague.models.apportion.apportion`)."""
    from hague.data import resolve_edition
    from hague.models.apportion import apportion

    source = resolve_edition(edition)
    a = apportion(target, principle=principle, source=source, **kwargs)
    u = a.unit
    cols = [("code", "Code", ""), ("name", "Ally", ""), ("weight_share", "Weight %", f"{a.principle} share"),
            ("effort_share", "Effort %", "share of core spending"), ("fair_share", "Fair share", u),
            ("allocated", "Allocated", u), ("low", "Low", u), ("high", "High", u),
            ("vs_fair_pct", "vs fair %", "percent"), ("cap", "Cap", u), ("minimum", "Min", u), ("binding", "Bound", "")]
    rng = f" (range {a.low:g}-{a.high:g})" if a.low != a.high else ""
    title = f"{a.target}: {a.requirement:g} {u}{rng} apportioned by {a.principle}, {a.year}" + (
        f", cap {a.cap:g}x current effort" if a.cap else "")
    notes = [n.rstrip(".") + "." for n in a.notes]
    if a.sources:
        notes.append("Sources: " + "; ".join(a.sources))
    meta = {"target": a.target, "principle": a.principle, "year": a.year, "requirement": a.requirement, "unit": u}
    return table_result(cols, a.rows, title=title, meta=meta, notes=notes, computed=_APPORTION_COMPUTED,
                        datasets=(source, DEFAULT_ECONOMICS), sources=(catalog_source("targets"),))


def compare_principles_result(target: str, *, edition: str | None = None, **kwargs) -> Result:
    """``hague targets apportion TARGET --compare``: the allocation per ally under every principle."""
    from hague.data import resolve_edition
    from hague.models.apportion import compare_principles

    source = resolve_edition(edition)
    df = compare_principles(target, source=source, **kwargs)
    keys = list(df.columns)
    cols = [("code", "Code", ""), ("name", "Ally", ""), ("effort_share", "Current effort %", "share of core spending")]
    cols += [(k, k, df.attrs["unit"]) for k in keys if k not in ("name", "effort_share")]
    rows = _records(df, keys)
    title = (f"{target}: {df.attrs['requirement']:g} {df.attrs['unit']} apportioned under each principle, "
             f"{df.attrs['year']}")
    notes = [n.rstrip(".") + "." for n in df.attrs["notes"]] + ["Sources: " + "; ".join(df.attrs["sources"])]
    computed = {k: ("requirement", "principle", "allies' GDP, spending, population") for k in keys if k != "name"}
    return table_result(cols, rows, title=title, notes=notes, computed=computed,
                        meta={"target": target, "year": df.attrs["year"], "unit": df.attrs["unit"]},
                        datasets=(source, DEFAULT_ECONOMICS), sources=(catalog_source("targets"),))


# ------------------------------------------------------------------------------------------ buys, costs


def buys_result(ally: str | None = None, *, amount: float | None = None, currency: str = "USD",
                year: int | None = None, split=None, edition: str | None = None) -> Result:
    """``hague buys`` as a Result: quantities of equipment a budget (default: the ally's gap to 3.5%) buys."""
    from hague.data import resolve_edition
    from hague.models.capability import what_money_buys

    source = resolve_edition(edition)
    b = what_money_buys(ally, amount=amount, currency=currency, year=year, split=split, source=source)
    cur = f"{b.currency} million, {b.year} prices"
    cols = [("area", "Area", ""), ("id", "Id", ""), ("system", "System (priced by)", ""), ("share_pct", "Share %", "percent"),
            ("amount", f"Amount {b.currency} m", cur),
            ("unit_price", f"Unit price {b.currency}", f"{b.currency} per unit (not millions), {b.year} prices"),
            ("quantity", "Quantity", "whole units, rounded down"),
            ("quantity_low", "Qty low", "whole units at the high price"),
            ("quantity_high", "Qty high", "whole units at the low price"),
            ("unit", "Unit", ""), ("basis", "Price basis", ""), ("published", "Published price", ""),
            ("confidence", "Confidence", ""), ("source", "Source", "")]
    computed = {"share_pct": ("split",), "amount": ("budget", "share_pct"),
                "unit_price": ("published price", "NATO deflator", "NATO exchange rate"),
                "quantity": ("amount", "unit_price"), "quantity_low": ("amount", "high price"),
                "quantity_high": ("amount", "low price")}
    notes = [n.rstrip(".") + "." for n in b.notes]
    return table_result(cols, b.rows, title=f"What {b.budget:,.0f} {b.currency} million buys ({b.year} prices)",
                        footer=b.basis + ".", notes=notes, computed=computed,
                        meta={"budget": b.budget, "currency": b.currency, "year": b.year},
                        datasets=(source,), sources=(catalog_source("unit_costs"),))


def costs_result() -> Result:
    """``hague costs``: the unit-cost catalog, prices as published with currency, price year and source."""
    from hague.models.catalog import unit_costs

    cols = [("id", "Id", ""), ("system", "System", ""), ("area", "Area", ""), ("unit", "Unit", ""),
            ("price", "Price m", "million, currency and year as published"), ("low", "Low m", ""),
            ("high", "High m", ""), ("currency", "Cur.", ""), ("price_year", "Price year", ""),
            ("basis", "Basis", ""), ("includes", "Includes", ""), ("confidence", "Confidence", ""),
            ("source", "Source", "")]
    rows = [{"id": u.id, "system": u.system + (" *" if u.default_for_area else ""), "area": u.area, "unit": u.unit,
             "price": u.price, "low": u.low if u.low != u.price else None,
             "high": u.high if u.high != u.price else None, "currency": u.currency, "price_year": u.price_year,
             "basis": u.basis + (" (derived)" if u.derived else ""), "includes": u.includes,
             "confidence": u.confidence, "source": "; ".join(str(s) for s in u.sources)} for u in unit_costs()]
    footer = ("* = the system that prices its area in `hague buys`. Derived = per-unit price divided out by hague "
              "from the contract total in 'includes'. Order-of-magnitude values from the "
              "public sources named on each row; currency and year as published.")
    return table_result(cols, rows, title="Unit-cost catalog", footer=footer, sources=(catalog_source("unit_costs"),))


# --------------------------------------------------------------------------------------------- compare


def estimates_result(topic: str = "ammunition") -> Result:
    """``hague compare TOPIC --view estimates``: production estimates with dates, sources and confidence."""
    from hague.models.adversary import estimates

    df = estimates(topic).set_index("id")
    cols = [("id", "Id", ""), ("actor", "Actor", ""), ("item", "Item", ""), ("kind", "Kind", ""), ("year", "Year", ""),
            ("value", "Value", ""), ("low", "Low", ""), ("high", "High", ""), ("unit", "Unit", ""),
            ("per_year", "Per year", "yearly rate"), ("date", "Estimate date", ""), ("confidence", "Confidence", ""),
            ("source", "Source", ""), ("notes", "Notes", "")]
    rows = _records(df, [k for k, _, _ in cols if k != "id"])
    for r in rows:
        if isinstance(r.get("year"), float):
            r["year"] = int(r["year"])
    footer = ("Estimates from the public sources named on each row, each with its date, source and "
              "confidence; 'Per year' converts monthly and quarterly rates. Refurbished Russian equipment counts as "
              "output in these sources.")
    return table_result(cols, rows, title=f"Production estimates: {topic}", footer=footer,
                        computed={"per_year": ("value", "unit (per month / quarter / year)")},
                        sources=(catalog_source("adversary"),))


def balance_result() -> Result:
    """``hague compare --view balance``: Russian artillery-round estimates against allied output."""
    from hague.models.adversary import ammunition_balance

    df = ammunition_balance()
    cols = [("russia_label", "Russia estimate", ""), ("russia_per_year", "Russia/yr", "rounds a year"),
            ("russia_confidence", "Conf.", ""), ("nato_label", "Allied basis", ""),
            ("nato_per_year", "Allied/yr", "rounds a year"), ("ratio", "Ratio", "Russia / allied"),
            ("months_of_nato_output", "Months of NATO output", "12 x ratio"), ("caveat", "Caveat", "")]
    rows = [{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()} for r in df.to_dict("records")]
    footer = ("Months of NATO output = months the allies need to make what Russia makes in a year. Russian and allied "
              "figures are for different years (2023-2026): see each label. Catalog ids: " +
              ", ".join(dict.fromkeys(df["russia"])) + ".")
    return table_result(cols, rows, title="Artillery ammunition: Russia against the allies", footer=footer,
                        computed={"ratio": ("russia_per_year", "nato_per_year"),
                                  "months_of_nato_output": ("ratio",)},
                        sources=(catalog_source("adversary"),))


def parity_result(russia_growth: float = 0.0) -> Result:
    """``hague compare --view parity``: year of parity in artillery ammunition by scenario (``russia_growth`` in
    percent a year)."""
    from hague.models.adversary import RAMP_PARAMETERS, parity_years

    df = parity_years(russia_growth=russia_growth / 100)
    cols = [("scenario", "Scenario", ""), ("growth_pct", "Allied growth %/yr", ""), ("basis", "Basis", ""),
            ("runs", "Runs", "estimate x basis x lag"), ("earliest", "Earliest", "year of parity"),
            ("median", "Median", "year of parity"), ("latest", "Latest", "year of parity"),
            ("not_by_horizon", f"Not by {df.attrs['horizon']}", "runs"), ("by_2035", "By 2035", "runs")]
    rows = []
    for r in df.to_dict("records"):
        r = {k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()}
        for k in ("earliest", "median", "latest"):
            if r[k] is not None:
                r[k] = int(r[k])
        rows.append(r)
    params = "; ".join(f"{k} = {p['value']:.3g} {p['unit']} ({p['basis']}: {p['source']})"
                       for k, p in RAMP_PARAMETERS.items() if k != "russia_growth")
    footer = (f"Ramp-up model: allied output N(y) = N0 x (1+g)^max(0, y - y0 - lag); Russian output held at each "
              f"estimate{'' if not russia_growth else f' growing {russia_growth:g}%/yr'}. Runs = 3 Russian "
              f"estimates x 3 allied bases x 2 lags. A missing year means some runs never reach parity by "
              f"{df.attrs['horizon']}. Parameters: {params}.")
    model = ("ramp-up model runs", "Russian estimates", "allied bases", "lags")
    return table_result(cols, rows, title="Year of parity in artillery ammunition, by scenario", footer=footer,
                        computed={k: model for k in ("runs", "earliest", "median", "latest", "not_by_horizon",
                                                     "by_2035")},
                        meta={"russia_growth_pct": russia_growth, "horizon": df.attrs["horizon"]},
                        sources=(catalog_source("adversary"),))


def runs_result(russia_growth: float = 0.0) -> Result:
    """``hague compare --view runs``: every run of the ramp-up model with its parity year."""
    from hague.models.adversary import parity_runs

    df = parity_runs(russia_growth=russia_growth / 100)
    cols = [("scenario", "Scenario", ""), ("growth_pct", "Growth %/yr", ""), ("russia", "Russia estimate", ""),
            ("russia_per_year", "Russia/yr", "rounds a year"), ("nato_label", "Allied basis", ""),
            ("nato_per_year", "Allied/yr", "rounds a year"), ("base_year", "Base year", ""),
            ("lag", "Lag yrs", ""), ("lag_basis", "Lag basis", ""), ("parity_year", "Parity year", "")]
    rows = []
    for r in df.to_dict("records"):
        y = r["parity_year"]
        r["parity_year"] = None if y is None or y != y else int(y)
        rows.append(r)
    footer = (f"One row per run of the ramp-up model; no parity year = not by {df.attrs['horizon']}. "
              "See `hague compare --view parity` for the summary and the parameters.")
    return table_result(cols, rows, title="Ramp-up model runs: year of parity in artillery ammunition",
                        footer=footer,
                        computed={"parity_year": ("russia_per_year", "nato_per_year", "growth_pct", "lag")},
                        meta={"russia_growth_pct": russia_growth, "horizon": df.attrs["horizon"]},
                        sources=(catalog_source("adversary"),))


# ------------------------------------------------------------------------------------ editions, diffs


def editions_result() -> Result:
    """``hague data editions``: every embedded and imported dataset with family, edition and origin."""
    from hague.sources.store import editions

    cols = [("family", "Family", ""), ("id", "Dataset", ""), ("edition", "Edition", ""), ("origin", "Origin", ""),
            ("years", "Years", ""), ("rows", "Rows", ""), ("published", "Published", "")]
    rows = editions()
    return table_result(cols, rows, title="Editions (embedded and imported)",
                        footer="Select one with --edition ID (or a name such as NATO-2025 in hague data diff). "
                               "Imported editions live in the user data dir (hague data import).",
                        computed={"rows": ("the dataset's observations",), "years": ("the dataset's years",)})


def diff_result(old: str, new: str, *, ally: str | None = None, indicator: str | None = None,
                year: int | None = None, include_unmatched: bool = False, changed: bool = False,
                data_columns: bool = True, diff=None) -> Result:
    """``hague data diff OLD NEW`` as a Result: what changed between two editions (``changed``: with the split
    into spending and GDP revisions; ``data_columns``: add price basis and the editions' ids, as in files)."""
    from hague.sources.diff import diff_editions

    d = diff or diff_editions(old, new, ally=ally, indicator=indicator, year=year,
                              include_unmatched=include_unmatched, changed=changed)
    for r in d.rows:
        flags = (r["estimate_old"], r["estimate_new"])
        r["est"] = "/".join("e" if x else ("-" if x is None else "") for x in flags) if any(flags) or None in flags else ""
    cols = [("ally", "Ally", ""), ("year", "Year", ""), ("indicator", "Indicator", ""), ("unit", "Unit", ""),
            ("old", old, ""), ("new", new, ""), ("change", "Change", ""), ("change_pct", "Change %", ""),
            ("est", "Est. old/new", "")]
    if changed:
        cols += [("from_spending", "From spending pp", "percentage points of GDP"),
                 ("from_gdp", "From GDP pp", "percentage points of GDP"), ("other", "Other pp", "percentage points")]
    if data_columns:
        cols += [("price_basis", "price_basis", ""), ("indicator_old", "indicator_old", ""),
                 ("edition_old", "edition_old", ""), ("edition_new", "edition_new", "")]
    footer = (f"{old} = {', '.join(d.old_ids)}; {new} = {', '.join(d.new_ids)}. Change = new - old; "
              f"Change % relative to old. e = estimate in that edition. " + " ".join(d.notes))
    computed = {"change": ("new", "old"), "change_pct": ("change", "old"),
                "from_spending": ("spending in both editions", "GDP"), "from_gdp": ("GDP in both editions",),
                "other": ("change", "from_spending", "from_gdp")}
    return table_result(cols, d.rows, title=f"Revisions {old} -> {new}", footer=footer,
                        meta={"old": list(d.old_ids), "new": list(d.new_ids), "notes": d.notes},
                        datasets=tuple(d.old_ids) + tuple(d.new_ids), computed=computed)


def compare_sources_result(year: int, *, nato: str | None = None, sipri: str | None = None,
                           weo: str | None = None) -> Result:
    """``hague compare-sources``: NATO vs SIPRI vs NATO-spending-over-IMF-GDP shares for one year."""
    from hague.data import resolve_edition
    from hague.sources.compare import COLUMNS, compare_sources

    c = compare_sources(int(year), nato=resolve_edition(nato), sipri=sipri, weo=weo)
    computed = {"nato_imf": ("NATO core defence expenditure, USD current", "IMF WEO GDP, USD current"),
                "nato_minus_sipri": ("nato", "sipri"), "gdp_gap": ("NATO GDP", "IMF WEO GDP")}
    return table_result(COLUMNS, c.rows, title=c.title, footer=c.footer(), meta=c.meta,
                        datasets=(c.nato, c.sipri, c.weo), computed=computed)


# ------------------------------------------------------------------------------------ economics, rules


def gdp_result(ally: str, *, edition: str | None = None, economics: str = DEFAULT_ECONOMICS) -> Result:
    """``hague gdp ALLY``: the GDP path 2014-2035 (NATO history, IMF projection, extension rule)."""
    from hague.allies import resolve
    from hague.data import resolve_edition
    from hague.economics import gdp_path

    source = resolve_edition(edition)
    p = gdp_path(ally, economics=economics, source=source)
    cols = [("year", "Year", ""), ("gdp_nc", f"GDP {p.currency} m", f"{p.currency} million, current"),
            ("gdp_usd", "GDP USD m", "USD million, current"),
            ("gdp_usd_2021", "GDP USD m 2021", "USD million, constant 2021"),
            ("real_growth", "Real growth %", "percent"), ("deflator", "Deflator (2021=1)", "index"),
            ("xr", f"{p.currency} per USD", "exchange rate"), ("population", "Population m", "million"),
            ("basis", "Source", "")]
    meta = {"ally": p.ally, "currency": p.currency, "dataset": p.source, "economics": p.economics}
    footer = (f"NATO {p.source} Table 5 to {p.last_data_year}; IMF {p.economics} growth to {p.last_imf_year}; "
              "extension rule after (docs/economics.md). Population: IMF.")
    after = f"NATO up to {p.last_data_year}, then IMF WEO growth and the extension rule"
    computed = {"gdp_nc": (after,), "gdp_usd": ("gdp_nc", "xr"), "gdp_usd_2021": ("gdp_usd", "deflator"),
                "real_growth": ("gdp_usd_2021",), "deflator": ("NATO Tables 1 and 5", "IMF WEO deflator"),
                "xr": ("NATO Tables 1 and 2", "IMF WEO exchange rate")}
    return table_result(cols, p.rows(), title=f"{resolve(p.ally).name}: GDP path 2014-2035", footer=footer,
                        meta=meta, datasets=(p.source, p.economics), computed=computed)


def convert_result(money, currency: str, price_basis: str | None = None, *, edition: str | None = None,
                   economics: str = DEFAULT_ECONOMICS, read_as: str = "") -> Result:
    """``hague convert``: one amount (a :class:`hague.economics.Money`) and its conversion, as two rows;
    ``read_as`` (e.g. ``"Amount read as 5 EUR billion (--unit); amounts shown in millions."``) opens the footer."""
    from hague.data import resolve_edition
    from hague.economics import convert

    source = resolve_edition(edition)
    out = convert(money, currency, price_basis, economics=economics, source=source)
    cols = [("amount", "Amount (million)", ""), ("currency", "Currency", ""), ("price_basis", "Price basis", ""),
            ("year", "Year", ""), ("ally", "Ally", "")]
    rows = [{"amount": x.amount, "currency": x.currency, "price_basis": x.price_basis, "year": x.year,
             "ally": x.ally or out.ally} for x in (money, out)]
    footer = ((read_as + " " if read_as else "") + f"NATO {source} exchange rates and deflators (Tables 1, 2), "
              f"IMF {economics} after the NATO years; rules in docs/economics.md.")
    return table_result(cols, rows, title=f"{money} = {out}", footer=footer, meta={"economics": economics},
                        datasets=(source, economics),
                        computed={"amount": ("the given amount (first row)", "NATO exchange rate", "NATO deflator")})


def rules_result(extra_dirs=(), *, national: bool = False, assessment: bool = False) -> Result:
    """``hague rules``: the dated rule tree (commitments, national targets, assessment thresholds) with sources."""
    from hague.rules import load_rules

    tree = load_rules(list(extra_dirs))
    rows = []
    if not national and not assessment:
        rows += [_rule_row(p) for c in tree.commitments.values() for p in c.parameters.values()]
    if national or not assessment:
        rows += [_rule_row(p) for ally in sorted(tree.national) for p in tree.national[ally].values()]
    if assessment or not national:
        rows += [_rule_row(p) for p in tree.assessment.values()]
    cols = [("key", "Rule", ""), ("value", "Value", ""), ("unit", "Unit", ""), ("since", "Since", "date it took effect"),
            ("deadline", "By", "target year"), ("status", "Status", ""), ("confidence", "Conf.", ""),
            ("source", "Source", "")]
    if assessment:
        cols.insert(-1, ("reason", "Reason", ""))
    rule_tree = Source(dataset="rules", producer="hague rule tree (from the cited texts)",
                       title="Dated commitments, national targets and assessment rules",
                       attribution="; ".join(tree.files))
    return table_result(cols, rows, title="Rules (dated, with references)",
                        footer="Rule files: " + ", ".join(tree.files), sources=(rule_tree,))


def _rule_row(p) -> dict:
    d, v = p.values[-1]
    if isinstance(v, tuple):
        v = f"{v[0]:g}–{v[1]:g}"
    return {"key": p.key, "value": v, "unit": p.unit, "since": d.isoformat(),
            "deadline": p.target_year if p.until_year in (None, p.target_year) else f"{p.target_year}-{p.until_year}",
            "status": p.status or "", "confidence": p.confidence or "", "reason": p.reason or "",
            "source": p.reference[0].href}


def assessment_result(plan, result) -> Result:
    """``hague plan assess``: the findings of an assessment (``result``, from
    :func:`hague.rules.plans.assess`) of ``plan``; the verdict is in ``meta``."""
    from hague.rules.plans import FINDING_COLUMNS

    rows = [f.to_dict() for f in result.findings]
    title = (f"Plan {plan.name}: {plan.ally} ({plan.ally_name}), plan year {plan.plan_year}, "
             f"{plan.first_year}-{plan.last_year}. Verdict: {result.verdict.upper()}")
    meta = result.to_dict()
    meta.pop("findings", None)
    meta["plan_rows"] = meta.pop("rows")
    computed = {k: ("the plan's rows", "assessment rules of the rule tree") for k, _, _ in FINDING_COLUMNS}
    return table_result(FINDING_COLUMNS, rows, title=title, footer=result.footer(), meta=meta, computed=computed)


def data_status_result() -> Result:
    """``hague data status``: each source's edition in hague, its age and the newest known release."""
    from hague.sources.update import source_status

    rows = source_status()
    for r in rows:
        r["newer"] = "yes: update with hague data update" if r["newer_known"] else "no"
    cols = [("source", "Source", ""), ("dataset", "Dataset", ""), ("edition", "Edition", ""),
            ("age_days", "Age (days)", "days since the edition's publication month"),
            ("newest_known", "Newest known", ""), ("newer", "Newer known", ""), ("newest_known_from", "Known from", "")]
    return table_result(cols, rows, title="Data sources: editions in hague and newest known releases",
                        footer="Newest known: from the last 'hague data update' (or --check), else the releases "
                               "listed in hague.sources.update.KNOWN_RELEASES.",
                        computed={"age_days": ("edition", "today"), "newer": ("edition", "newest_known")})


def backtest_skill_result(backtest) -> Result:
    """The skill table of a backtest: :meth:`hague.models.montecarlo.backtest.BacktestResult.skill_result`."""
    return backtest.skill_result()
