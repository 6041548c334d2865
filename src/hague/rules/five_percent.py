"""Results for the national plans, their comparison with NATO's figures, the related ledger and the whole 5 %.

Every function returns a :class:`hague.results.Result` that the CLI, the API and the pages render unchanged.

>>> r = plans_compare("DEU")
>>> row = r.row(id="path-2.8-2026")
>>> row["stated"], row["nato"], round(row["difference"], 2), row["comparison"]
(2.8, 2.69, 0.11, 'stated above NATO by 0.11')
>>> law = r.row(id="law-2026-82.69eur")
>>> law["comparison"], law["difference"] is None
('national basis: not compared with NATO core', True)
"""

from __future__ import annotations

import re
from datetime import date

from hague.results import COMPUTED, Column, Provenance, Result, Source
from hague.rules.national_plans import KINDS, NationalPlan, national_plans
from hague.rules.related import CATEGORIES, no_reporting_rules, related_claims

__all__ = ["plans_result", "plans_compare", "related_result", "five_percent", "UNIT_LABELS"]

UNIT_LABELS = {"pct_GDP": "% of GDP", "pct_GNI": "% of GNI", "pp_GDP_cumulative": "pp of GDP above base",
               "pct_GDP_cap": "% of GDP (cap)"}
_INCREMENT = re.compile(r"\b(extra|additional|add-on|surmarche)\b", re.I)


def _unit(u: str) -> str:
    if u in UNIT_LABELS:
        return UNIT_LABELS[u]
    if u.endswith("_bn"):
        return f"{u[:-3]} bn"
    if u.endswith("_m"):
        return f"{u[:-2]} m"
    return u


def _source_cols() -> list[Column]:
    return [Column("source_kind", "Source kind", priority=6), Column("published", "Published", priority=4),
            Column("confidence", "Conf.", priority=3), Column("source_url", "Source", priority=9)]


def plans_result(ally: str | None = None, *, as_of: date | None = None, include_superseded: bool = False,
                 kind: str | None = None) -> Result:
    """Every national plan row (targets, paths, budget laws, drafts) with its source, as a Result."""
    plans = national_plans(ally, as_of=as_of, include_superseded=include_superseded, kind=kind)
    rows = []
    for p in plans:
        rows.append({"ally": p.ally, "id": p.id, "kind": p.kind, "year": p.year, "value": p.value,
                     "value_max": p.value_max, "unit": _unit(p.unit) if p.unit else "", "basis": p.basis,
                     "includes_related": {True: "yes", False: "no", None: ""}[p.includes_related],
                     "stated_share_gdp": p.stated_share_gdp, "what": p.what, "source_kind": p.source_kind or "",
                     "published": p.published or "", "confidence": p.confidence,
                     "superseded": f"{p.superseded_on} by {p.superseded_by}" if p.superseded_on else "",
                     "source_url": p.source_url or "", "note": p.note})
    cols = [Column("ally", "Ally", priority=0), Column("id", "Plan", priority=0), Column("kind", "Kind", priority=1),
            Column("year", "Year", priority=0), Column("value", "Value", decimals=None, kind="number", priority=0),
            Column("value_max", "Max", kind="number", priority=7), Column("unit", "Unit", priority=0),
            Column("basis", "Basis", priority=1), Column("includes_related", "Incl. related", priority=5),
            Column("stated_share_gdp", "Stated % GDP", "percent of GDP, on the row's basis", 2, "percent", 4),
            Column("what", "What the source says", priority=8), *_source_cols(),
            Column("superseded", "Superseded", priority=2), Column("note", "Note", priority=10)]
    where = f" of {plans[0].ally}" if ally and plans else ""
    when = f", as known on {as_of.isoformat()}" if as_of else ""
    notes = ["National plans as stated by governments, parliaments and the press, each with its source, kind of "
             "source, publication date and confidence. basis NATO = NATO's definition of defence expenditure; "
             "national = a national budget definition, not comparable with NATO's core series."]
    if not include_superseded:
        notes.append("Plans dropped by a later statement are left out (--include-superseded shows them).")
    if not rows:
        notes.append("No plan found for this selection." if not ally else
                     f"No plan recorded for {ally}{when}: nothing was found in the sources searched.")
    plans_file = Source(dataset="national-plans", producer="hague national-plans ledger (from the cited sources)",
                        title="National plans: targets, paths, budget laws and drafts",
                        attribution="src/hague/rules/tree/national/plans.csv; each row names its source")
    return Result(f"National plans{where}{when}", rows, cols, Provenance((plans_file,), footer_sources=False), notes,
                  meta={"ally": ally, "as_of": as_of.isoformat() if as_of else None, "kinds": list(KINDS)})


def _nato_figure(ds, p: NationalPlan, year: int):
    """NATO's figure in the plan's unit for ``year`` (core share of GDP, or core expenditure in national currency
    billion), or None."""
    if p.unit == "pct_GDP" or p.stated_share_gdp is not None and p.kind in ("budget_law", "budget_draft"):
        return ds.value(p.ally, "core_defence_expenditure_share_gdp", year)
    if p.currency:
        v = ds.value(p.ally, "core_defence_expenditure", year, unit=f"{p.currency} million", price_basis="current")
        return None if v is None else v / 1000
    return None


def plans_compare(ally: str | None = None, *, edition: str | None = None, as_of: date | None = None) -> Result:
    """Each ally's stated figures set against NATO's core series, year by year.

    A NATO-basis share (a target or path point, or a budget's stated share) is compared with NATO's core share
    of GDP for the same year; a NATO-basis amount with NATO's core expenditure in national currency. A
    national-basis figure is shown with NATO's figure beside it but **not compared** (``comparison`` says so);
    increments over a baseline, multi-year envelopes, shares of GNI, totals that include related spending and
    years NATO has no figure for are listed with the reason there is no comparison.
    """
    from hague.data import dataset, resolve_edition

    ds = dataset(resolve_edition(edition))
    last = max(ds.years())
    rows = []
    for p in national_plans(ally, as_of=as_of):
        if p.value is None:
            continue
        single = p.year_from is not None and p.year_to == p.year_from
        share_row = p.kind in ("budget_law", "budget_draft") and p.stated_share_gdp is not None
        stated = p.stated_share_gdp if share_row else p.value
        unit = "pct_GDP" if share_row else p.unit
        row = {"ally": p.ally, "id": p.id, "kind": p.kind, "year": p.year, "stated": stated, "unit": _unit(unit),
               "basis": p.basis, "nato": None, "difference": None, "comparison": "", "confidence": p.confidence,
               "source_url": p.source_url or ""}
        year = p.year_from
        first_of_range = (not single and unit == "pct_GDP" and p.kind == "target_share" and p.year_to is not None)
        if not single and not first_of_range:
            row["comparison"] = ("no year stated" if p.year_from is None else
                                 "open-ended: no single year to compare" if p.year_to is None else
                                 f"a {p.year_from}-{p.year_to} total: no single year to compare")
        elif year > last:
            row["comparison"] = f"future: NATO has no figure for {year} yet ({ds.id} ends in {last})"
        elif unit == "pct_GNI":
            row["comparison"] = "share of GNI: not comparable with NATO's share of GDP"
        elif unit == "pp_GDP_cumulative" or (p.kind == "path_amount" and _INCREMENT.search(p.what)):
            row["comparison"] = "an increment over a baseline, not a level: not compared"
        else:
            nato = _nato_figure(ds, p, year) if unit == "pct_GDP" or p.currency else None
            row["nato"] = nato
            if p.basis == "national":
                row["comparison"] = "national basis: not compared with NATO core"
            elif p.includes_related:
                row["comparison"] = "includes related spending: NATO's series is core only"
            elif nato is None:
                row["comparison"] = f"NATO ({ds.id}) has no figure for {year}"
            else:
                diff = stated - nato
                row["difference"] = diff
                tol = 0.005 * max(1.0, abs(nato))
                row["comparison"] = ("stated = NATO" if abs(diff) <= tol else
                                     f"stated {'above' if diff > 0 else 'below'} NATO by {abs(diff):.2f}")
                if first_of_range:
                    row["comparison"] += f" (first year of {p.year})"
        rows.append(row)
    cols = [Column("ally", "Ally", priority=0), Column("id", "Plan", priority=1), Column("kind", "Kind", priority=3),
            Column("year", "Year", priority=0), Column("stated", "Stated", "in the row's unit", 2, "number", 0),
            Column("unit", "Unit", priority=0), Column("basis", "Basis", priority=0),
            Column("nato", "NATO core", f"NATO {ds.edition}, same unit and year", 2, "number", 0),
            Column("difference", "Stated - NATO", "in the row's unit", 2, "number", 1, origin=COMPUTED,
                   inputs=("stated", "nato")),
            Column("comparison", "Comparison", priority=0), Column("confidence", "Conf.", priority=4),
            Column("source_url", "Source", priority=9)]
    notes = ["Stated figures against NATO's core series (% of GDP, or core expenditure in national currency bn at "
             "current prices). A figure on a national budget definition is shown beside NATO's but never compared "
             "with it; NATO's series does not include defence- and security-related spending."]
    title = "National plans against NATO's figures" + (f": {rows[0]['ally']}" if ally and rows else "")
    return Result(title, rows, cols, Provenance.of(ds.id), notes, meta={"edition": ds.id, "last_year": last})


def related_result(ally: str | None = None, *, as_of: date | None = None) -> Result:
    """The related-spending ledger as a Result (NATO's statements first when no ally is given)."""
    claims = related_claims(ally, as_of=as_of)
    rows = [{"ally": c.ally, "id": c.id, "year": c.year, "value": c.value, "unit": _unit(c.unit) if c.unit else "",
             "categories": c.category_label, "claim": c.claim, "counted_in": c.counted_in,
             "new_or_reclassified": c.new_or_reclassified, "description": c.description,
             "source_kind": c.source_kind or "", "published": c.published or "", "confidence": c.confidence,
             "source_url": c.source_url or "", "note": c.note} for c in claims]
    cols = [Column("ally", "Ally", priority=0), Column("year", "Year", priority=0),
            Column("value", "Value", kind="number", priority=0), Column("unit", "Unit", priority=0),
            Column("categories", "Category", priority=1), Column("claim", "Claim", priority=1),
            Column("counted_in", "Counted in", priority=2), Column("new_or_reclassified", "New?", priority=5),
            Column("description", "What was said", priority=8), *_source_cols(), Column("id", "Id", priority=10),
            Column("note", "Note", priority=11)]
    notes = [no_reporting_rules(),
             "Categories are the declaration's five (" + ", ".join(list(CATEGORIES.values())[:5]) +
             ") or other/unspecified. Claim: spending (an amount counted for a year), intention (a pledge), "
             "category (what would count), candidate (an item considered), nato (a NATO statement)."]
    if ally and not rows:
        notes.append(f"{ally}: no statement about related spending was found.")
    ledger = Source(dataset="related-ledger", producer="hague related-spending ledger (from the cited statements)",
                    title="Related (1.5%) spending claims by allies and NATO",
                    attribution="src/hague/rules/tree/related/claims.csv; each row names its source")
    return Result("Related (1.5%) spending: what allies claim", rows, cols, Provenance((ledger,), footer_sources=False),
                  notes,
                  meta={"ally": ally})


def five_percent(year: int | None = None, *, edition: str | None = None, allies=None) -> Result:
    """Per ally: NATO core + related claimed (with its evidence grade) against 3.5 %, 1.5 % and 5 %.

    The same rows as ``hague check --commitment hague-2025.total``; the page "The 5%" and ``/api/v1/related``
    render this.

    >>> r = five_percent(2026)
    >>> ita = r.row(code="ITA")
    >>> ita["core"], ita["related"], ita["known_total"], ita["status"]  # Italy's 0.7% (low evidence) is not added
    (2.1, None, 2.1, 'core known, related not reported')
    >>> ita["related_apart"]
    'claimed for 2026: 0.7% (low evidence, think_tank source; not added)'
    >>> r.row(code="GBR")["related_apart"]  # the UK's 1.5% is derived from its 4.1% total, and for 2027
    'claimed for 2027: 1.5% (derived from a stated total, not stated itself; not added)'
    """
    from hague.data import resolve_edition
    from hague.rules.check import check
    from hague.rules.loader import _shipped

    tree = _shipped()
    core_t = tree.parameter("hague-2025.core").latest
    cap = tree.parameter("hague-2025.related").latest
    total_t = tree.parameter("hague-2025.total").latest
    ds_id = resolve_edition(edition)
    r = check(year, commitment="hague-2025.total", allies=allies, source=ds_id)
    rows = []
    for x in r.rows:
        rows.append({"code": x["code"], "name": x["name"], "year": x["year"], "core": x["core"],
                     "related": x["related"], "related_confidence": x["related_confidence"] or "",
                     "related_apart": x.get("related_apart") or "",
                     "known_total": x["value"], "gap_to_core": None if x["core"] is None else max(0.0, core_t - x["core"]),
                     "gap_to_total": x["gap_pp"], "status": x["status"], "related_source": x["related_source"] or "",
                     "note": x["note"]})
    cols = [Column("code", "Code", priority=0), Column("name", "Ally", priority=1),
            Column("core", "Core %", "percent of GDP, NATO", 2, "percent", 0),
            Column("related", "Related %", "percent of GDP, claimed by the ally", 2, "percent", 0),
            Column("related_confidence", "Evidence", priority=1),
            Column("related_apart", "Shown apart (not added)", "related figures for another year or below the bar",
                   priority=6),
            Column("known_total", "Known total %", "core + related claimed (up to 1.5)", 2, "percent", 0,
                   origin=COMPUTED, inputs=("core", "related")),
            Column("gap_to_core", "Gap to 3.5", "percentage points", 2, "number", 2, origin=COMPUTED, inputs=("core",)),
            Column("gap_to_total", "Gap to 5", "percentage points, on what is known", 2, "number", 0,
                   origin=COMPUTED, inputs=("known_total",)),
            Column("status", "Status", priority=0), Column("note", "Note", priority=9),
            Column("related_source", "Related source", priority=10)]
    notes = [f"Lines: core {core_t:g}%, related up to {cap:g}%, total {total_t:g}% of GDP by 2035. "
             "Core is NATO's figure; related counts only where the government itself stated it for the year with at "
             "least medium evidence; derived, lower-evidence and other-year figures are shown apart, never added.",
             no_reporting_rules()]
    return Result(f"The 5%: core (NATO) + related (claimed), {r.year}", rows, cols, Provenance.of(r.source), notes,
                  meta={"year": r.year, "lines": {"core": core_t, "related": cap, "total": total_t}})
