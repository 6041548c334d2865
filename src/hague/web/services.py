"""Public data services: what the dashboard pages and the REST API both show.

Pure functions over the embedded data (``hague.data``, ``hague.models``), memoised because the data are static for
the life of the process. Every result carries its provenance (source, edition, licence).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from hague.allies import all_allies, resolve
from hague.data import dataset, provenance

__all__ = ["provenance_of", "allies", "ally_history", "status", "indicators", "observations", "sources",
           "etag_for", "LINES"]

def _lines() -> tuple:
    """The reference lines of the charts, from the rule tree (hague.rules.thresholds: the one source)."""
    from hague.rules import thresholds as t

    floor, core, total, by = t.value(t.FLOOR), t.value(t.CORE), t.value(t.TOTAL), t.deadline(t.CORE)
    return ((floor, f"{floor:g}% floor (Wales 2014, Vilnius 2023)"),
            (core, f"{core:g}% core (The Hague 2025, by {by})"),
            (total, f"{total:g}% core + related (The Hague 2025, by {by})"))


#: reference lines on every chart, with their source
LINES = _lines()


def _deadline() -> int:
    """The Hague's deadline (2035), from the rule tree."""
    from hague.rules import thresholds as t

    return t.deadline(t.CORE)


@lru_cache(maxsize=32)
def provenance_of(edition: str) -> dict:
    """Source, edition, licence and attribution of a dataset (shown in every footer and API response)."""
    ds = dataset(edition)
    m = ds.meta
    return {"dataset": ds.id, "producer": m.get("producer", ""), "title": ds.title, "edition": ds.edition,
            "url": m.get("url", ""), "licence": " ".join(str(m.get("licence", "")).split()),
            "attribution": m.get("attribution", ds.title)}


@lru_cache(maxsize=1)
def allies() -> list[dict]:
    return [a.to_dict() for a in all_allies()]


@lru_cache(maxsize=64)
def status(year: int | None, edition: str) -> dict:
    """Status of every ally and the alliance totals in ``year`` (default latest): the overview page and
    ``GET /api/v1/status``."""
    from hague.models.status import status_result
    from hague.render import data_value

    r = status_result(year, edition=edition)  # the same Result the CLI renders; rounded once, by the column spec

    def rounded(row: dict) -> dict:
        return {c.key: data_value(row.get(c.key), c) for c in r.columns}

    return {"year": r.meta["year"], "estimate": r.meta["estimate"],
            "columns": {c.key: {"header": c.header, "unit": c.unit, "decimals": c.decimals, "kind": c.kind}
                        for c in r.columns},
            "rows": [rounded(x) for x in r.rows if x["kind"] == "ally"],
            "aggregates": [rounded(x) for x in r.rows if x["kind"] == "aggregate"],
            "footer": r.footer(), "provenance": provenance_of(edition)}


def sorted_rows(rows: list[dict], column: str | None, descending: bool | None) -> list[dict]:
    from hague.models.status import COLUMNS

    if not column:
        return rows
    if column not in COLUMNS:
        from hague.errors import HagueError

        raise HagueError(f"unknown sort column {column!r}; accepted: {', '.join(COLUMNS)}")
    numeric = column not in ("code", "name", "note")
    desc = numeric if descending is None else descending
    present = [r for r in rows if r.get(column) is not None]
    absent = [r for r in rows if r.get(column) is None]
    present.sort(key=lambda r: r[column], reverse=desc)
    return present + absent


@lru_cache(maxsize=64)
def ally_history(code: str, edition: str) -> dict:
    """One ally's history: share of GDP and spending by year, with estimate flags."""
    a = resolve(code)
    ds = dataset(edition)
    est = set(ds.estimate_years())
    hist = []
    for y in ds.years():
        share = ds.value(a.iso3, "core_defence_expenditure_share_gdp", y) if a.has_armed_forces else None
        usd = ds.value(a.iso3, "core_defence_expenditure", y, unit="USD million", price_basis="current") \
            if a.has_armed_forces else None
        usd21 = ds.value(a.iso3, "core_defence_expenditure", y, unit="USD million", price_basis="constant_2021") \
            if a.has_armed_forces else None
        eq = ds.value(a.iso3, "core_defence_expenditure|equipment_share", y) if a.has_armed_forces else None
        hist.append({"year": y, "estimate": y in est, "share_gdp": share, "spend_usd_m": usd,
                     "spend_usd_m_2021": usd21, "equipment_share": eq})
    note = None if a.has_armed_forces else (f"{a.name} is a NATO member without armed forces: NATO reports no "
                                            "defence expenditure (not 0%).")
    return {"ally": allies_by_code()[a.iso3], "history": hist, "note": note,
            "units": {"share_gdp": "percent of GDP (constant 2021 prices)",
                      "spend_usd_m": "USD million, current prices and exchange rates",
                      "spend_usd_m_2021": "USD million, constant 2021 prices and exchange rates",
                      "equipment_share": "percent of core defence expenditure"},
            "provenance": provenance_of(edition)}


@lru_cache(maxsize=1)
def allies_by_code() -> dict[str, dict]:
    return {a["iso3"]: a for a in allies()}


@lru_cache(maxsize=32)
def indicators(edition: str) -> list[dict]:
    ds = dataset(edition)
    out: dict[tuple, dict] = {}
    for o in ds.rows:
        k = (o.indicator, o.unit if not o.unit.endswith(" million") or o.unit == "USD million" else "national currency million",
             o.price_basis)
        d = out.setdefault(k, {"indicator": k[0], "unit": k[1], "price_basis": k[2], "years": set(), "allies": set()})
        d["years"].add(o.year)
        d["allies"].add(o.ally)
    return [{**d, "years": [min(d["years"]), max(d["years"])], "allies": len(d["allies"])}
            for _, d in sorted(out.items())]


def observations(edition: str, *, ally: str | None = None, indicator: str | None = None, year: int | None = None,
                 limit: int = 100, offset: int = 0) -> tuple[list[dict], int]:
    """A page of the dataset's observations (long format), filtered; returns (page, total)."""
    ds = dataset(edition)
    if ally:
        ally = resolve(ally).iso3
    if indicator:
        ds.check_indicator(indicator)
    if year is not None:
        ds.check_year(year)
    rows = [o for o in ds.rows if (ally is None or o.ally == ally) and (indicator is None or o.indicator == indicator)
            and (year is None or o.year == year)]
    page = [{"ally": o.ally, "year": o.year, "indicator": o.indicator, "unit": o.unit, "price_basis": o.price_basis,
             "estimate": o.estimate, "value": o.value, "source": o.source, "edition": o.edition}
            for o in rows[offset:offset + limit]]
    return page, len(rows)


@lru_cache(maxsize=1)
def sources() -> list[dict]:
    keys = ["id", "role", "producer", "title", "edition", "published", "url", "licence", "attribution", "coverage",
            "processing"]
    return [{k: " ".join(str(m.get(k, "")).split()) for k in keys} for m in provenance()]


def etag_for(*parts) -> str:
    """A strong ETag for static data: the package version, the dataset editions and the request's parameters."""
    from hague import __version__

    raw = json.dumps([__version__, *parts], sort_keys=True, default=str)
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


@lru_cache(maxsize=64)
def check(year: int | None, edition: str, commitment: str | None = None, ally: str | None = None) -> dict:
    """Every ally (or one) against each dated commitment and national target (:func:`hague.rules.check.check`)."""
    from hague.rules.check import check as run_check

    allies = [resolve(a).iso3 for a in ally.split(",")] if ally else None
    r = run_check(year, commitment=commitment or None, allies=allies, source=edition)
    d = r.to_dict()
    for part in ("rows", "aggregates"):
        if isinstance(d.get(part), list):
            d[part] = [_rounded(x) for x in d[part]]
    return {**d, "provenance": provenance_of(edition)}


def ally_extras(iso3: str, edition: str) -> dict:
    """The ally page's commitments section and the dashed required paths (straight line from the latest year to each
    unmet % of GDP target by its deadline, as in ``hague check``)."""
    c = check(None, edition, None, iso3)
    rows = c["rows"]
    paths = []
    for r in rows:
        if (r["unit"] == "percent of GDP" and r["status"] in ("on track", "off track") and r.get("deadline")
                and r["value"] is not None and r.get("gap_pp") and r["deadline"] > r["year"]):
            paths.append({"label": f"required path: {r['label']} (linear, from {r['year']})",
                          "points": [(r["year"], r["value"], False), (r["deadline"], r["value"] + r["gap_pp"], False)]})
    return {"checks": rows, "check_footer": c["footer"], "paths": paths}


def plan_years(first_year: int | None = None) -> list[int]:
    """The years of a new plan: the current calendar year (or ``first_year``) to The Hague's deadline, 2035."""
    from datetime import date

    end = _deadline()
    return list(range(min(first_year or date.today().year, end), end + 1))


def plan_from_grid(ally: str, fields: dict[str, str]) -> str | None:
    """CSV text (read_plan's columns) from the web form's per-year inputs ``core_Y``, ``related_Y``, ``amount_Y``;
    None when the grid was left empty. Values are passed through as typed: read_plan validates them.

    >>> print(plan_from_grid("EST", {"core_2034": "3.4", "related_2034": "1", "core_2035": "3.5", "related_2035": "1.5"}))
    ally,year,core_share_gdp,related_share_gdp,core_amount
    EST,2034,3.4,1,
    EST,2035,3.5,1.5,
    <BLANKLINE>
    """
    years = sorted({int(k.split("_", 1)[1]) for k, v in fields.items()
                    if k.split("_", 1)[0] in ("core", "related", "amount") and k.split("_", 1)[1].isdigit()
                    and str(v).strip()})
    if not years:
        return None
    lines = ["ally,year,core_share_gdp,related_share_gdp,core_amount"]
    for y in years:
        cells = [str(fields.get(f"{k}_{y}", "")).strip().replace(",", "") for k in ("core", "related", "amount")]
        lines.append(f"{ally},{y}," + ",".join(cells))
    return "\n".join(lines) + "\n"


def plan_template(ally: str | None, first_year: int | None = None) -> str:
    """A blank plan for the web form: :func:`hague.rules.plans.template` without pre-filling (defined once there),
    one row per year from ``first_year`` (default: the current calendar year, at most 2035) to 2035.

    >>> plan_template("POL", 2034).splitlines()
    ['ally,year,core_share_gdp,related_share_gdp,core_amount,related_amount,gdp', 'POL,2034,,,,,', 'POL,2035,,,,,']
    """
    from datetime import date

    from hague.rules.plans import template

    start = first_year or min(date.today().year, _deadline())
    return template(ally, start, prefill=False)


# --- features of the other areas: projections, Monte Carlo, burden sharing, capabilities ---------------------------
def _clean(v):
    """JSON-safe: NaN and infinities become None; numpy scalars become Python numbers."""
    import math

    if hasattr(v, "item") and not isinstance(v, str | bytes):
        v = v.item()
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return None
    return v


def _rounded(row: dict) -> dict:
    """A row with every number rounded by the column dictionary (:func:`hague.columns.column_for`), as the CLI
    and the CSV round it: one figure, one value."""
    from hague.columns import column_for
    from hague.render import data_value

    out = {}
    for k, v in row.items():
        v = _clean(v)
        out[k] = data_value(v, column_for(k, k, "", [v])) if isinstance(v, float) else v
    return out


def _records(df) -> list[dict]:
    return [_rounded(r) for r in df.reset_index().to_dict("records")]


MAX_WEB_DRAWS = 20_000  # bound for the web: one request never runs more than this many Monte Carlo draws


@lru_cache(maxsize=64)
def path(code: str, target: float, by: int, shape: str, edition: str) -> dict:
    """One ally's year-by-year budget on a path to ``target`` % of GDP by ``by`` (:func:`hague.path`)."""
    from hague.models.projection import path as run_path

    a = resolve(code)
    p = run_path(a.iso3, target=target, by=by, shape=shape, source=edition)
    return {"ally": a.iso3, "name": a.name, "target": target, "by": by, "shape": shape, "currency": p.currency,
            "rows": [_rounded(r) for r in p.rows],
            "cumulative_extra_usd_2021": _clean(p.cumulative_extra_usd_2021), "footer": p.footer(),
            "provenance": provenance_of(edition)}


def fiscal(code: str, target: float, by: int, shape: str, edition: str) -> dict:
    """Fiscal space on one ally's path (:func:`hague.models.fiscal.fiscal_space`): the extra spending as a share
    of government revenue and expenditure, next to the IMF's debt and balance paths."""
    from hague.models.fiscal import fiscal_result

    a = resolve(code)
    r = fiscal_result(a.iso3, target=target, by=by, shape=shape, source=edition)
    keys = [c.key for c in r.columns]
    return {"ally": a.iso3, "name": a.name, "target": target, "by": by, "shape": shape,
            "columns": [{"key": c.key, "header": c.header, "unit": c.unit, "decimals": c.decimals} for c in r.columns],
            "rows": [{k: _clean(row[k]) for k in keys} for row in r.rows], "footer": r.footer(),
            "provenance": provenance_of(edition), "fiscal_provenance": provenance_of(r.meta["fiscal"])}


@lru_cache(maxsize=64)
def simulate(code: str, draws: int, seed: int, scenario: str, edition: str) -> dict:
    """Monte Carlo fan of one ally's share of GDP to 2035 and its probabilities (:func:`hague.simulate`)."""
    from hague.errors import HagueError
    from hague.models.montecarlo import simulate as run_simulate

    if not 256 <= draws <= MAX_WEB_DRAWS:
        raise HagueError(f"draws {draws} out of range; accepted on the web: 256 to {MAX_WEB_DRAWS}")
    a = resolve(code)
    if not a.has_armed_forces:
        raise HagueError(f"{a.name} has no armed forces and reports no defence expenditure: nothing to simulate")
    r = run_simulate(draws=draws, seed=seed, allies=[a.iso3], scenario=scenario, source=edition)
    fan = r.fan(a.iso3)
    cols, rows = r.probability_table()
    row = next((x for x in rows if x["ally"] == a.iso3), {})
    cp = r.path_of(a.iso3)
    return {"ally": a.iso3, "name": a.name, "draws": draws, "seed": seed, "scenario": scenario,
            "central": {"basis": cp.basis, "detail": cp.detail, "sources": list(cp.sources), "origin": cp.origin,
                        "money_years": list(cp.money_years),
                        "path": [{"year": y, "share_gdp": _clean(v)} for y, v in sorted(cp.shares.items())]},
            "fan": [{"year": y, **{f"p{q}": _clean(v) for q, v in qs.items()}} for y, qs in sorted(fan.items())],
            "probability": {k: _clean(v) for k, v in row.items()}, "footer": r.footer(),
            "provenance": provenance_of(edition)}


@lru_cache(maxsize=16)
def burden(year: int | None, edition: str) -> dict:
    """Burden sharing in one year: each member's share of alliance spending vs its share of GDP and population."""
    from hague.models.burden import burden_groups, burden_table

    b = burden_table(year, source=edition)
    g = burden_groups(year, source=edition)
    attrs = {k: _clean(v) for k, v in b.attrs.items() if not isinstance(v, dict)}
    return {**attrs, "rows": _records(b.rename_axis("code")), "groups": _records(g.rename_axis("code")),
            "provenance": provenance_of(edition)}


@lru_cache(maxsize=1)
def targets() -> list[dict]:
    """The capability-target ledger (public statements, each with date, confidence and sources)."""
    import hague

    return _records(hague.targets().set_index("id"))


@lru_cache(maxsize=8)
def compare(topic: str) -> list[dict]:
    """Adversary and allied production estimates of one topic, each with its source and confidence."""
    import hague

    return [{k: v for k, v in r.items() if k != "index"} for r in _records(hague.compare(topic))]
