"""The dashboard's charts as data: one function per view returns the chart (wide and narrow SVG) and the rows it
draws, so the page, the SVG download and the CSV download show the same figures.

A figure is a dict: ``name``, ``title``, ``query`` (the URL parameters that rebuild it), ``wide``, ``narrow`` (SVG
text), ``columns`` (CSV header) and ``rows`` (CSV rows, unrounded values as the data hold them).
"""

from __future__ import annotations

from urllib.parse import urlencode

from hague.results import Column
from hague.web import charts, services

__all__ = ["overview", "ally", "burden", "compare", "five", "FIGURES", "CORE_LINES", "MAX_COMPARE", "SHARE"]

#: reference lines on charts of core defence expenditure. The 5% line (core + related) is never drawn over core-only
#: figures: it would make an ally at 5% core look as if it met a target that counts related spending too.
CORE_LINES = services.LINES[:2]  # the floor and the core line (the 5% total is not drawn over core figures)
MAX_COMPARE = 8


def _both(fn, *args, **kw) -> tuple[str, str]:
    return fn(*args, variant="wide", **kw), fn(*args, variant="narrow", width=360, **kw)


def _column(columns: dict, key: str) -> Column:
    """A service's column spec (a dict) as the :class:`Column` the charts format their labels with."""
    c = columns[key] if isinstance(columns, dict) else next(x for x in columns if x["key"] == key)
    return Column(key, c.get("header", key), c.get("unit", ""), c.get("decimals"), c.get("kind", "number"))


#: the column spec of a share of GDP in the charts of NATO figures (2 decimals, as NATO publishes them)
SHARE = Column("share_gdp", "Share of GDP", "% of GDP", 2, "percent")


def overview(year: int | None, edition: str) -> dict:
    st = services.status(year, edition)
    rows = services.sorted_rows(st["rows"], "share_gdp", True)
    items = [(r["name"], r["share_gdp"]) for r in rows]
    est = " (NATO estimates)" if st["estimate"] else ""
    title = f"Core defence expenditure as a share of GDP, {st['year']}{est}"
    wide, narrow = _both(charts.bar_chart, items, lines=list(CORE_LINES), title=title,
                         unit="core defence expenditure, % of GDP", column=_column(st["columns"], "share_gdp"),
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
    ``services.simulate(code, 2048, 20250625, "plans", edition)``, computed here when not given). The fan and its
    median start at the last NATO figure, so the projection is joined to what was observed."""
    h, hist = _history_series(code, edition)
    a = h["ally"]
    hist["short"] = ""  # the title names the ally; its line needs no label
    series, bands, rows, legend = [hist], [], [], []
    rows += [[a["iso3"], "NATO figure" + (" (estimate)" if e else ""), y, v, None, None] for y, v, e in hist["points"]]
    if a["has_armed_forces"]:
        paths = services.ally_extras(a["iso3"], edition).get("paths", [])
        for i, p in enumerate(paths):
            (y_end, v_end, _e) = p["points"][-1]
            short = f"path to {round(v_end, 2):g}% by {y_end}"
            series.append({**p, "style": "path", "colour": charts.PALETTE[(i + 1) % len(charts.PALETTE)],
                           "short": short})
            legend.append(f"{short}: {p['label'].removeprefix('required path: ')}")
            rows += [[a["iso3"], p["label"], y, v, None, None] for y, v, _ in p["points"]]
        sim = sim or services.simulate(a["iso3"], 2048, 20250625, "plans", edition)
        fan = [f for f in sim["fan"] if f["p5"] is not None]
        last = next(((y, v) for y, v, _e in reversed(hist["points"]) if v is not None), None)
        join = [(last[0], last[1], last[1])] if last and fan and fan[0]["year"] > last[0] else []
        bands = [{"label": "Monte Carlo 5-95% range (plans scenario, 2,048 draws)",
                  "points": join + [(f["year"], f["p5"], f["p95"]) for f in fan], "colour": "#0b3d91",
                  "opacity": 0.10},
                 {"label": "Monte Carlo 25-75% range", "points": join + [(f["year"], f["p25"], f["p75"]) for f in fan],
                  "colour": "#0b3d91", "opacity": 0.20}]
        median_label = (f"Central path ({sim['central']['basis']}) = Monte Carlo median (a projection, not a NATO "
                        "figure)")
        series.append({"label": median_label, "short": "median", "style": "projection", "colour": "#0b3d91",
                       "points": [(y, v, False) for y, v, _ in join] + [(f["year"], f["p50"], False) for f in fan]})
        legend.append(f"median: {median_label}")
        rows += [[a["iso3"], f"Monte Carlo median ({sim['central']['basis']})", f["year"], f["p50"], f["p5"],
                  f["p95"]] for f in fan]
    title = f"{a['name']}: core defence expenditure as a share of GDP"
    wide, narrow = _both(charts.line_chart, series, lines=list(CORE_LINES), unit="% of GDP", bands=bands,
                         title=title, column=SHARE, legend=legend)
    return {"name": "ally", "title": title, "query": {"ally": a["iso3"]}, "wide": wide, "narrow": narrow,
            "columns": ["ally", "series", "year", "share_gdp", "p5", "p95"], "rows": rows}


def burden(year: int | None, edition: str, top: int | None = None) -> dict:
    """Every ally's share of alliance spending, GDP and population on a logarithmic axis (the United States' 57%
    and Montenegro's 0.03% both readable); ``top`` keeps only the largest spenders."""
    b = services.burden(year, edition)
    rows = sorted(b["rows"], key=lambda r: -(r.get("spend_share") or 0))[:top]
    series = ["% of alliance spending", "% of alliance GDP", "% of alliance population"]
    items = [(r["name"], [r.get("spend_share"), r.get("gdp_share"), r.get("pop_share")]) for r in rows]
    which = f"{top} largest spenders" if top else "every ally"
    title = f"Share of NATO spending, GDP and population, {b['year']} ({which})"
    wide, narrow = _both(charts.dot_chart, items, series, title=title, unit="% of the alliance total",
                         column=_column(b["columns"], "spend_share"), value_header="spending %")
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
        h, s = _history_series(code, edition, label=None, colour=charts.PALETTE[i % len(charts.PALETTE)],
                               dash=charts.DASHES[i % len(charts.DASHES)])
        if not h["ally"]["has_armed_forces"]:
            continue
        s["label"] = h["ally"]["name"]
        series.append(s)
        rows += [[code, h["ally"]["name"], y, v, e] for y, v, e in s["points"]]
    names = ", ".join(s["label"] for s in series) or "no ally chosen"
    title = f"Core defence expenditure as a share of GDP: {names}"
    wide, narrow = _both(charts.line_chart, series, lines=list(CORE_LINES), unit="% of GDP", title=title,
                         column=SHARE)
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


def five(year: int | None, edition: str) -> dict:
    """Core (NATO) plus related spending (claimed by the allies) against the 3.5% and 5% lines."""
    from hague.rules.five_percent import five_percent

    r = five_percent(year, edition=edition)
    lines = r.meta["lines"]
    rows = sorted(r.rows, key=lambda x: -((x["core"] or 0) + (x["related"] or 0)))
    items = [(x["name"], x["core"], x["related"], x["related_confidence"] + " evidence" if x["related"] is not None
              else "") for x in rows]
    title = f"Core (NATO) + related (claimed), {r.meta['year']}"
    col = r.column("core") if hasattr(r, "column") else SHARE
    wide, narrow = _both(charts.stacked_bar_chart, items, title=title, unit="% of GDP", column=col,
                         lines=[(lines["core"], f"{lines['core']:g}% core (The Hague 2025, by 2035)"),
                                (lines["total"], f"{lines['total']:g}% core + related (The Hague 2025, by 2035)")],
                         note_missing="no armed forces: no expenditure reported")
    return {"name": "five", "title": title, "query": {"year": r.meta["year"]}, "wide": wide, "narrow": narrow,
            "columns": ["ally", "name", "year", "core_share_gdp", "related_share_gdp", "related_evidence"],
            "rows": [[x.get("code"), x["name"], r.meta["year"], x["core"], x["related"],
                      x["related_confidence"] if x["related"] is not None else None] for x in rows]}


FIGURES = {"overview", "ally", "burden", "compare", "five"}


def indicator_csv(query: dict, indicator: str = "core_defence_expenditure_share_gdp") -> str:
    """The chart-data API's CSV of one indicator (``/api/v1/indicators/{indicator}.csv``, OWID style)."""
    return f"/api/v1/indicators/{indicator}.csv?{urlencode(query)}"


def links(fig: dict) -> dict:
    q = urlencode(fig["query"])
    return {"svg": f"/chart/{fig['name']}.svg?{q}", "csv": fig.get("csv") or f"/chart/{fig['name']}.csv?{q}"}
