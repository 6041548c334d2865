"""The dashboard's charts as data: one function per view returns the chart (wide and narrow SVG) and the rows it
draws, so the page, the SVG download and the CSV download show the same figures.

A figure is a dict: ``name``, ``title``, ``query`` (the URL parameters that rebuild it), ``wide``, ``narrow`` (SVG
text), ``columns`` (CSV header) and ``rows`` (CSV rows, unrounded values as the data hold them).
"""

from __future__ import annotations

from urllib.parse import urlencode

from hague.web import charts, services

__all__ = ["overview", "ally", "burden", "compare", "FIGURES", "CORE_LINES", "MAX_COMPARE"]

#: reference lines on charts of core defence expenditure. The 5% line (core + related) is never drawn over core-only
#: figures: it would make an ally at 5% core look as if it met a target that counts related spending too.
CORE_LINES = tuple((v, label) for v, label in services.LINES if v < 5.0)
MAX_COMPARE = 8


def _both(fn, *args, **kw) -> tuple[str, str]:
    return fn(*args, variant="wide", **kw), fn(*args, variant="narrow", width=360, **kw)


def overview(year: int | None, edition: str) -> dict:
    st = services.status(year, edition)
    rows = services.sorted_rows(st["rows"], "share_gdp", True)
    items = [(r["name"], r["share_gdp"]) for r in rows]
    est = " (NATO estimates)" if st["estimate"] else ""
    title = f"Core defence expenditure as a share of GDP, {st['year']}{est}"
    wide, narrow = _both(charts.bar_chart, items, lines=list(CORE_LINES), title=title,
                         unit="core defence expenditure, % of GDP",
                         note_missing="no armed forces: no expenditure reported")
    return {"name": "overview", "title": title, "query": {"year": st["year"]}, "wide": wide, "narrow": narrow,
            "csv": indicator_csv({"time": st["year"], "edition": edition}),
            "columns": ["ally", "name", "year", "core_defence_share_gdp", "estimate"],
            "rows": [[r["code"], r["name"], st["year"], r["share_gdp"], st["estimate"]] for r in rows]}


def _history_series(code: str, edition: str, *, label: str | None = None, colour: str | None = None,
                    dash: str = "") -> tuple[dict, dict]:
    h = services.ally_history(code, edition)
    pts = [(p["year"], p["share_gdp"], p["estimate"]) for p in h["history"]]
    s = {"label": label or f"{h['ally']['name']}: NATO figures (hollow points: NATO estimates)", "points": pts,
         "style": "data", "dash": dash}
    if colour:
        s["colour"] = colour
    return h, s


def ally(code: str, edition: str, *, sim: dict | None = None) -> dict:
    """An ally's NATO figures, its required paths and the Monte Carlo fan (``sim``: the result of
    ``services.simulate(code, 2048, 20250625, "plans", edition)``, computed here when not given)."""
    h, hist = _history_series(code, edition)
    a = h["ally"]
    series, bands, rows = [hist], [], []
    rows += [[a["iso3"], "NATO figure" + (" (estimate)" if e else ""), y, v, None, None] for y, v, e in hist["points"]]
    if a["has_armed_forces"]:
        for i, p in enumerate(services.ally_extras(a["iso3"], edition).get("paths", [])):
            series.append({**p, "style": "path", "colour": ("#b45309", "#7c3aed", "#be123c")[i % 3]})
            rows += [[a["iso3"], p["label"], y, v, None, None] for y, v, _ in p["points"]]
        sim = sim or services.simulate(a["iso3"], 2048, 20250625, "plans", edition)
        fan = [f for f in sim["fan"] if f["p5"] is not None]
        bands = [{"label": "Monte Carlo 5-95% range (plans scenario, 2,048 draws)",
                  "points": [(f["year"], f["p5"], f["p95"]) for f in fan], "colour": "#0b3d91", "opacity": 0.10},
                 {"label": "Monte Carlo 25-75% range", "points": [(f["year"], f["p25"], f["p75"]) for f in fan],
                  "colour": "#0b3d91", "opacity": 0.20}]
        series.append({"label": f"Central path ({sim['central']['basis']}) = Monte Carlo median (a projection, "
                                "not a NATO figure)", "style": "projection", "colour": "#0b3d91",
                       "points": [(f["year"], f["p50"], False) for f in fan]})
        rows += [[a["iso3"], f"Monte Carlo median ({sim['central']['basis']})", f["year"], f["p50"], f["p5"],
                  f["p95"]] for f in fan]
    title = f"{a['name']}: core defence expenditure as a share of GDP"
    wide, narrow = _both(charts.line_chart, series, lines=list(CORE_LINES), unit="% of GDP", bands=bands,
                         title=title)
    return {"name": "ally", "title": title, "query": {"ally": a["iso3"]}, "wide": wide, "narrow": narrow,
            "columns": ["ally", "series", "year", "share_gdp", "p5", "p95"], "rows": rows}


def burden(year: int | None, edition: str, top: int = 12) -> dict:
    b = services.burden(year, edition)
    rows = sorted(b["rows"], key=lambda r: -(r.get("spend_share") or 0))[:top]
    series = ["% of alliance spending", "% of alliance GDP", "% of alliance population"]
    items = [(r["name"], [r.get("spend_share"), r.get("gdp_share"), r.get("pop_share")]) for r in rows]
    title = f"Share of NATO spending, GDP and population, {b['year']} ({top} largest spenders)"
    wide, narrow = _both(charts.grouped_bar_chart, items, series, title=title,
                         unit="% of the alliance total (current USD; population)")
    return {"name": "burden", "title": title, "query": {"year": b["year"]}, "wide": wide, "narrow": narrow,
            "columns": ["ally", "name", "year", "spend_share", "gdp_share", "pop_share"],
            "rows": [[r["code"], r["name"], b["year"], r.get("spend_share"), r.get("gdp_share"), r.get("pop_share")]
                     for r in rows]}


def parse_allies(text: str | None) -> list[str]:
    """ISO3 codes from ``"POL,DEU"`` (names and codes accepted, duplicates dropped, at most 8)."""
    from hague.allies import resolve
    from hague.errors import HagueError

    out: list[str] = []
    for part in (text or "").replace(" ", ",").split(","):
        if part.strip():
            code = resolve(part.strip()).iso3
            if code not in out:
                out.append(code)
    if len(out) > MAX_COMPARE:
        raise HagueError(f"{len(out)} allies chosen; a comparison shows at most {MAX_COMPARE}")
    return out


def compare(codes: list[str], edition: str) -> dict:
    series, rows = [], []
    for i, code in enumerate(codes):
        h, s = _history_series(code, edition, label=None, colour=charts._PALETTE[i % len(charts._PALETTE)],
                               dash=charts._DASHES[i % len(charts._DASHES)])
        if not h["ally"]["has_armed_forces"]:
            continue
        s["label"] = h["ally"]["name"]
        series.append(s)
        rows += [[code, h["ally"]["name"], y, v, e] for y, v, e in s["points"]]
    names = ", ".join(s["label"] for s in series) or "no ally chosen"
    title = f"Core defence expenditure as a share of GDP: {names}"
    wide, narrow = _both(charts.line_chart, series, lines=list(CORE_LINES), unit="% of GDP", title=title)
    return {"name": "compare", "title": title, "query": {"allies": ",".join(codes)}, "wide": wide, "narrow": narrow,
            "csv": indicator_csv({"allies": "~".join(codes), "edition": edition}),
            "columns": ["ally", "name", "year", "core_defence_share_gdp", "estimate"], "rows": rows,
            "table": _wide_table(series)}


def _wide_table(series: list[dict]) -> dict:
    """The chart's figures as a table under it (one row a year, one column a series), with the chart's column spec
    so the page formats them with the one formatter; ``estimate`` marks NATO estimates."""
    from hague.results import Column

    cols = [Column("year", "Year", kind="year")] + [Column(s["label"], s["label"], "% of GDP", 2, "percent")
                                                    for s in series]
    by_year: dict[int, dict] = {}
    for s in series:
        for yr, v, est in s["points"]:
            by_year.setdefault(yr, {"year": yr})[s["label"]] = {"value": v, "estimate": bool(est)}
    return {"columns": cols, "rows": [by_year[y] for y in sorted(by_year, reverse=True)]}


FIGURES = {"overview", "ally", "burden", "compare"}


def indicator_csv(query: dict, indicator: str = "core_defence_expenditure_share_gdp") -> str:
    """The chart-data API's CSV of one indicator (``/api/v1/indicators/{indicator}.csv``, OWID style)."""
    return f"/api/v1/indicators/{indicator}.csv?{urlencode(query)}"


def links(fig: dict) -> dict:
    q = urlencode(fig["query"])
    return {"svg": f"/chart/{fig['name']}.svg?{q}", "csv": fig.get("csv") or f"/chart/{fig['name']}.csv?{q}"}
