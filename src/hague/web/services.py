"""Public data services: what the dashboard pages and the REST API both show.

Pure functions over the embedded data (``hague.data``, ``hague.models``), memoised because the data are static for
the life of the process. Every result carries its provenance (source, edition, licence).

Long (over 500 lines): the services behind both the pages and the REST API, plus the plan grid's number reading.
"""

from __future__ import annotations

import hashlib
import json
import re
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


_WORKING_NOTE = re.compile(r"\b(session|setup script|shared/|SOURCES\.md|tools/|re-typed|tidy parse|GitHub|@ ?[0-9a-f]{12,})",
                           re.I)
_INTERNAL_REF = re.compile(r"\s*\((?:see )?(?:shared/data/)?SOURCES\.md[^)]*\)")
_BARE_IP = re.compile(r"^https?://\d{1,3}(\.\d{1,3}){3}(:\d+)?/")


def public_text(text: str) -> str:
    """A provenance note as a reader sees it: where the figures come from and what was done to them, without the
    compilers' working notes (which session or script collected them, internal file references).

    >>> public_text("Read from the chart texts (SOURCES.md section 4). Reshaped without changing any value.")
    'Read from the chart texts. Reshaped without changing any value.'
    """
    text = _INTERNAL_REF.sub("", text)
    sentences = re.split(r"(?<=[.])\s+", text)
    return " ".join(x for x in sentences if x and not _WORKING_NOTE.search(x)).strip()


def public_url(url: str) -> str | None:
    """A link a reader may follow: http(s) to a named host; None for bare IP addresses and non-URLs."""
    if not url.startswith(("https://", "http://")) or _BARE_IP.match(url):
        return None
    return url


@lru_cache(maxsize=1)
def public_sources() -> list[dict]:
    """The sources page: each source with reader-facing notes and only followable links."""
    out = []
    for src in sources():
        url = public_url(src["url"])
        note = None if url or not src["url"] else (
            "copy on an unnamed web server (bare IP address, plain http): not linked" if _BARE_IP.match(src["url"])
            else src["url"])
        out.append({**src, "url": url, "url_note": note, "processing": public_text(src["processing"]),
                    "coverage": public_text(src["coverage"])})
    return out


def etag_for(*parts) -> str:
    """A strong ETag for static data: the package version, the dataset editions and the request's parameters."""
    from hague._version import __version__

    raw = json.dumps([__version__, *parts], sort_keys=True, default=str)
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def result_rows(result, rows: list[dict] | None = None) -> list[dict]:
    """Rows of a :class:`hague.results.Result` for JSON and pages: each figure rounded by its column spec (the one
    formatter, as in the CLI and its CSV); row fields without a column passed through (NaN as None)."""
    from hague.render import data_value

    cols = {c.key: c for c in result.columns}
    return [{k: (data_value(v, cols[k]) if k in cols else _clean(v)) for k, v in r.items()}
            for r in (result.rows if rows is None else rows)]


def result_doc(result) -> dict:
    """The Result's column specs (with origin and inputs), sources and notes, added to a response."""
    return {"columns": [c.to_dict() for c in result.columns], "sources": result.provenance.to_dict()["sources"],
            "notes": list(result.notes)}


def result_csv(result) -> bytes:
    """A Result as CSV: :func:`hague.render.render` (``"csv"``), the same bytes as the CLI's ``--format csv``."""
    from hague.render import render

    text = render(result, "csv")
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


@lru_cache(maxsize=64)
def check_of(year: int | None, edition: str, commitment: str | None = None, ally: str | None = None):
    """The :func:`hague.rules.check.check_result` Result behind ``GET /check`` (JSON and CSV)."""
    from hague.rules.check import check_result

    allies = [resolve(a).iso3 for a in ally.split(",")] if ally else None
    return check_result(year, commitment=commitment or None, allies=allies, edition=edition)


@lru_cache(maxsize=64)
def check(year: int | None, edition: str, commitment: str | None = None, ally: str | None = None) -> dict:
    """Every ally (or one) against each dated commitment and national target, from :func:`hague.check_result`."""
    r = check_of(year, edition, commitment, ally)
    src = r.provenance.sources[0]
    return {"year": r.meta["year"], "estimate": r.meta["estimate"],
            "rows": result_rows(r, [x for x in r.rows if x["kind"] == "ally"]),
            "aggregates": result_rows(r, [x for x in r.rows if x["kind"] == "aggregate"]),
            "not_evaluated": r.meta["not_evaluated"], "source": src.dataset, "edition": src.edition,
            "attribution": src.attribution, "footer": r.footer(), "provenance": provenance_of(edition),
            **result_doc(r)}


def ally_extras(iso3: str, edition: str) -> dict:
    """The ally page's commitments section and the dashed required paths (straight line from the latest year to each
    unmet % of GDP target by its deadline, as in ``hague check``)."""
    c = check(None, edition, None, iso3)
    rows = c["rows"]
    paths = []
    for r in rows:
        if (r["unit"] == "percent of GDP" and (r.get("pace") or r["status"]) in ("on track", "off track")
                and r.get("deadline") and r["value"] is not None and r.get("gap_pp") and r["deadline"] > r["year"]):
            paths.append({"label": f"required path: {r['label']} (linear, from {r['year']})",
                          "points": [(r["year"], r["value"], False), (r["deadline"], r["value"] + r["gap_pp"], False)]})
    return {"checks": rows, "check_footer": c["footer"], "paths": paths}


def plan_years(first_year: int | None = None) -> list[int]:
    """The years of a new plan: the current calendar year (or ``first_year``) to The Hague's deadline, 2035."""
    from datetime import date

    end = _deadline()
    return list(range(min(first_year or date.today().year, end), end + 1))


_PLAIN = re.compile(r"^[+-]?\d+$")
_ONE_SEP = re.compile(r"^([+-]?\d+)([.,])(\d+)$")
_EN_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_EU_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_SPACE_GROUPED = re.compile(r"^[+-]?\d{1,3}([ \u00a0\u202f']\d{3})+([.,]\d+)?$")


class GridNumberError(ValueError):
    pass


def parse_grid_number(text: str) -> str:
    """A number typed in the plan grid, in any European or English convention, as a plain decimal string.

    A decimal comma is read as a point; thousands separators (``,`` ``.`` space ``'``) are dropped where they are
    unambiguous. A single separator followed by exactly three digits (``4,800``, ``4.800``) could be either and is
    refused: the delegate writes ``4.8`` or ``4800``.

    >>> [parse_grid_number(t) for t in ("4,8", "4.8", "12 345,6", "1.234,5", "1,234.5", "3")]
    ['4.8', '4.8', '12345.6', '1234.5', '1234.5', '3']
    >>> try:
    ...     parse_grid_number("4,800")
    ... except GridNumberError as exc:
    ...     print(exc)
    '4,800' is ambiguous: 4.8 or 4800? Write 4.8 (decimal) or 4800 (thousands)
    """
    t = text.strip()
    if _PLAIN.match(t):
        return t
    m = _ONE_SEP.match(t)
    if m:
        whole, sep, frac = m.groups()
        if len(frac) == 3 and whole.lstrip("+-") not in ("0", ""):
            raise GridNumberError(f"{t!r} is ambiguous: {whole}.{frac.rstrip('0') or '0'} or {whole}{frac}? "
                                  f"Write {whole}.{frac.rstrip('0') or '0'} (decimal) or {whole}{frac} (thousands)")
        return f"{whole}.{frac}"
    if _EN_GROUPED.match(t):
        return t.replace(",", "")
    if _EU_GROUPED.match(t):
        return t.replace(".", "").replace(",", ".")
    if _SPACE_GROUPED.match(t):
        return re.sub(r"[ \u00a0\u202f']", "", t).replace(",", ".")
    raise GridNumberError(f"{t!r} is not a number; write e.g. 3.5 or 3,5")


def plan_from_grid(ally: str, fields: dict[str, str]) -> tuple[str | None, list[dict], list[dict]]:
    """(CSV text with read_plan's columns, errors, readings) from the web form's per-year inputs ``core_Y``,
    ``related_Y``, ``amount_Y``. The CSV is None when the grid was left empty. ``readings`` lists every cell whose
    typed form differs from how it was read (``4,8`` -> ``4.8``), to be shown back for confirmation; ``errors``
    every ambiguous or unreadable cell (year and field named).

    >>> csv, errors, readings = plan_from_grid("EST", {"core_2034": "3,4", "related_2034": "1", "core_2035": "3.5",
    ...                                               "related_2035": "1,5"})
    >>> print(csv)
    ally,year,core_share_gdp,related_share_gdp,core_amount
    EST,2034,3.4,1,
    EST,2035,3.5,1.5,
    <BLANKLINE>
    >>> readings[0]
    {'year': 2034, 'column': 'core_share_gdp', 'typed': '3,4', 'read': '3.4'}
    """
    names = {"core": "core_share_gdp", "related": "related_share_gdp", "amount": "core_amount"}
    years = sorted({int(k.split("_", 1)[1]) for k, v in fields.items()
                    if k.split("_", 1)[0] in names and k.split("_", 1)[1].isdigit() and str(v).strip()})
    if not years:
        return None, [], []
    errors, readings = [], []
    lines = ["ally,year,core_share_gdp,related_share_gdp,core_amount"]
    for y in years:
        cells = []
        for k in ("core", "related", "amount"):
            typed = str(fields.get(f"{k}_{y}", "")).strip()
            if not typed:
                cells.append("")
                continue
            try:
                read = parse_grid_number(typed)
            except GridNumberError as exc:
                errors.append({"row": None, "year": y, "column": names[k], "message": str(exc)})
                cells.append("")
                continue
            if read != typed:
                readings.append({"year": y, "column": names[k], "typed": typed, "read": read})
            cells.append(read)
        lines.append(f"{ally},{y}," + ",".join(cells))
    return "\n".join(lines) + "\n", errors, readings


def grid_value(v: float) -> str:
    """A stored plan value as the grid shows it (no float noise: 3.4000000000000004 -> 3.4)."""
    return f"{v:.10g}"


def plan_coverage(plan: dict) -> list[str]:
    """Warnings for a partial plan: The Hague asks for a path year by year from the plan year to 2035.

    >>> plan_coverage({"plan_year": 2026, "rows": [{"year": 2026}, {"year": 2027}]})
    ['The plan covers 2026-2027 only: 2028-2035 are missing (8 years). The Hague asks for a path to 2035; a partial plan is assessed "incomplete".']
    """
    years = sorted(r["year"] for r in plan.get("rows", []) if isinstance(r, dict) and isinstance(r.get("year"), int))
    if not years:
        return ["The plan has no years."]
    start = plan.get("plan_year") or years[0]
    missing = [y for y in range(start, _deadline() + 1) if y not in years]
    if not missing:
        return []
    span = f"{missing[0]}-{missing[-1]}" if len(missing) > 1 else str(missing[0])
    gaps = "" if missing == list(range(missing[0], missing[-1] + 1)) else " (not all in a row)"
    return [f"The plan covers {years[0]}-{years[-1]} only: {span} are missing{gaps} ({len(missing)} year"
            f"{'s' if len(missing) != 1 else ''}). The Hague asks for a path to 2035; a partial plan is assessed "
            '"incomplete".']


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
    from hague.models.projection import path_result

    a = resolve(code)
    r = path_result(a.iso3, target=target, by=by, shape=shape, edition=edition)
    return {"ally": a.iso3, "name": a.name, "target": target, "by": by, "shape": shape, "currency": r.meta["currency"],
            "rows": result_rows(r), "cumulative_extra_usd_2021": _clean(r.meta["cumulative_extra_usd_2021"]),
            "footer": r.footer(), "provenance": provenance_of(edition), **result_doc(r)}


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
def simulation(code: str, draws: int, seed: int, scenario: str, edition: str):
    """The :class:`hague.models.montecarlo.SimulationResult` of one ally (bounded draws, fixed seed)."""
    from hague.errors import HagueError
    from hague.models.montecarlo import simulate as run_simulate

    if not 256 <= draws <= MAX_WEB_DRAWS:
        raise HagueError(f"draws {draws} out of range; accepted on the web: 256 to {MAX_WEB_DRAWS}")
    a = resolve(code)
    if not a.has_armed_forces:
        raise HagueError(f"{a.name} has no armed forces and reports no defence expenditure: nothing to simulate")
    return run_simulate(draws=draws, seed=seed, allies=[a.iso3], scenario=scenario, source=edition)


def simulate_csv(code: str, draws: int, seed: int, scenario: str, edition: str, fmt: str = "csv") -> bytes:
    """``GET /simulate?format=csv``: the probability table, the same bytes as ``hague simulate --format csv``.
    ``fmt`` only keeps the simulation gate's cache key apart from :func:`simulate`'s."""
    from hague.models.montecarlo.result import simulation_result

    return result_csv(simulation_result(simulation(code, draws, seed, scenario, edition), "probability"))


@lru_cache(maxsize=64)
def simulate(code: str, draws: int, seed: int, scenario: str, edition: str) -> dict:
    """Monte Carlo fan of one ally's share of GDP to 2035 and its probabilities (:func:`hague.simulate`); every
    figure rounded by the column specs of the simulation's Results (:func:`hague.render.data_value`)."""
    from hague.models.montecarlo.result import simulation_result
    from hague.render import data_value

    a = resolve(code)
    r = simulation(code, draws, seed, scenario, edition)
    prob = simulation_result(r, "probability")
    fans = {c.key: c for c in simulation_result(r, "fans").columns}
    share = next(c for c in prob.columns if c.key == "share_last")
    fan = r.fan(a.iso3)
    row = next(({c.key: x.get(c.key) for c in prob.columns}  # the Result's columns only, each rounded by its spec
                for x in result_rows(prob) if x["ally"] == a.iso3), {})
    cp = r.path_of(a.iso3)
    return {"ally": a.iso3, "name": a.name, "draws": draws, "seed": seed, "scenario": scenario,
            "central": {"basis": cp.basis, "detail": cp.detail, "sources": list(cp.sources), "origin": cp.origin,
                        "money_years": list(cp.money_years),
                        "path": [{"year": y, "share_gdp": data_value(_clean(v), share)}
                                 for y, v in sorted(cp.shares.items())]},
            "fan": [{"year": y, **{f"p{q}": data_value(_clean(v), fans[f"p{q}"]) for q, v in qs.items()},
                     "horizon": r.horizon_of(y, alone=True)}
                    for y, qs in sorted(fan.items())],
            "probability": row, "footer": r.footer(),
            "horizon_note": r.horizon_note(),
            "provenance": provenance_of(edition)}


@lru_cache(maxsize=16)
def burden(year: int | None, edition: str) -> dict:
    """Burden sharing in one year: each member's share of alliance spending vs its share of GDP and population."""
    from hague.models.burden import burden_result

    r = burden_result(year, edition=edition)
    strip = lambda rows: [{k: v for k, v in x.items() if k != "kind"} for x in rows]  # noqa: E731
    attrs = {k: _clean(r.meta[k]) for k in ("year", "estimate", "hhi", "hhi_equivalent", "hhi_gdp")}
    return {**attrs, "source": r.meta["attribution"],
            "rows": strip(result_rows(r, [x for x in r.rows if x["kind"] == "ally"])),
            "groups": strip(result_rows(r, [x for x in r.rows if x["kind"] == "aggregate"])),
            "provenance": provenance_of(edition), **result_doc(r)}


@lru_cache(maxsize=1)
def targets() -> list[dict]:
    """The capability-target ledger (public statements, each with date, confidence and sources)."""
    import pandas as pd

    from hague.models.catalog import target_records

    return _records(pd.DataFrame(target_records()).set_index("id"))


@lru_cache(maxsize=8)
def compare(topic: str) -> list[dict]:
    """Adversary and allied production estimates of one topic, each with its source and confidence."""
    from hague.models.adversary import estimates

    return [{k: v for k, v in r.items() if k != "index"} for r in _records(estimates(topic))]


_LINKED = re.compile(r"\s*([^;<>]*?)\s*<(https?://[^>\s]+)>")


def source_links(text: str | None) -> list[dict]:
    """``"Label <https://...>; Other <https://...>"`` as ``[{label, url}]`` (bare-IP addresses are not linked).

    >>> source_links("Rutte, Chatham House speech (NATO) <https://www.nato.int/cps/en/natohq/opinions_235867.htm>")
    [{'label': 'Rutte, Chatham House speech (NATO)', 'url': 'https://www.nato.int/cps/en/natohq/opinions_235867.htm'}]
    """
    out = [{"label": (m.group(1) or m.group(2)).strip(" ;"), "url": public_url(m.group(2))}
           for m in _LINKED.finditer(text or "")]
    if not out and text:
        out = [{"label": text.strip(), "url": None}]
    return out


#: what a production figure is: output actually made, or a target for capacity or output
ESTIMATE_KINDS = {"production": "output", "capacity_target": "capacity target (not output)",
                  "plan": "production target (not output)", "ratio": "ratio"}


# --- the dossier and the claim checker (issue 21) -----------------------------------------------------------------


def dossier(code: str, draws: int, seed: int, toggles: tuple, edition: str) -> dict:
    """One ally's dossier (:func:`hague.models.dossier.dossier`): the document as JSON and its HTML body.
    ``toggles``: ``(name, value)`` pairs (hashable, for the simulation gate's cache)."""
    from hague.document import render_html
    from hague.errors import HagueError
    from hague.models.dossier import dossier as build

    if not 1000 <= draws <= MAX_WEB_DRAWS:
        raise HagueError(f"draws {draws} out of range; accepted on the web: 1,000 to {MAX_WEB_DRAWS}")
    doc = build(code, draws=draws, seed=seed, edition=edition, toggles=dict(toggles))
    return {"doc": doc.to_dict(), "html": render_html(doc, standalone=False), "title": doc.title}


def dossier_overview(draws: int, seed: int, edition: str) -> dict:
    """Every ally's review line (:func:`hague.models.dossier.overview`), rows rounded by their column specs."""
    from hague.models.dossier import overview

    r = overview(draws=draws, seed=seed, edition=edition)
    return {"result": r, "doc": r.to_dict()}


def verify_claim(claim: str | None, ally: str | None, year: int | None, value: float | None, unit: str | None,
                 price_basis: str) -> dict:
    """A claim checked against every source (:func:`hague.models.verify.verify`)."""
    from hague.errors import HagueError
    from hague.models.verify import verify, verify_result

    if claim and (ally or value is not None):
        raise HagueError("give either claim= (a sentence) or ally=, year=, value= and unit=, not both")
    if claim:
        v = verify(claim)
    elif ally:
        v = verify(ally, year=year, value=value, unit=unit, price_basis=price_basis)
    else:
        raise HagueError("give claim= (a sentence) or ally=, year=, value= and unit=")
    r = verify_result(v)
    return {"verdict": v.verdict, "reasons": list(v.reasons), "claim": r.meta["claim"], "result": r.to_dict(),
            "_result": r}
