"""Compliance: every ally (and the alliance) against each dated commitment and national target.

For one year (default: the latest of the NATO edition) and each rule that has a measure in the data:

- **status** (the outlook): ``met``; for a share-of-GDP target whose deadline is still ahead, in the edition's last
  year, the forecast of ``hague simulate`` (the same run: 10,000 draws, its default seed, the central path on the
  record of past delivery): ``likely`` (probability of meeting it by the deadline at least 2/3), ``as likely as
  not`` (1/3 to 2/3), ``unlikely`` (below 1/3), with the pace test beside it (``pace``: ``on track`` when the
  recent pace is at least the pace required, else ``off track``); where no forecast exists (an earlier year, an
  aggregate, another measure) the status is the pace test itself: ``on track`` or ``off track`` (also below a
  target whose deadline has passed, or a floor already in force); ``not applicable`` (rule not yet adopted in that year,
  target period over, not yet a member, or a member without armed forces); ``no data`` (the source has no value).
- **gap** in percentage points and in money: the points times the year's GDP (current prices) from NATO
  Table 5 in USD; in national currency, the same USD amount at the exchange rate implied by NATO Table 1
  (national currency) over Table 2 (USD) core expenditure of that year. For the 20% equipment guideline the
  base is core defence expenditure instead of GDP.
- **required pp/yr**: the gap divided by the years left to the deadline (a straight line).
- **pace** and **year reached**: the average annual change over the last three years (``(v[Y] - v[Y-3]) / 3``)
  and the first year the target would be reached at that pace.

>>> r = check(2026, commitment="hague-2025.core", allies=["DEU"])
>>> row = r.rows[0]
>>> row["value"], round(row["gap_pp"], 2), row["pace"], round(row["required_pp_yr"], 3), row["year_reached"]
(2.69, 0.81, 'on track', 0.089, 2029)
>>> row["status"], row["p_met"]
('as likely as not', 0.4982)

Long (over 500 lines): the evaluation of every commitment kind (floor, target, cap, total, national) and its Result are one table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from hague.allies import all_allies, resolve
from hague.columns import table_result, with_kind
from hague.data import DEFAULT_DATASET, DEFAULT_ECONOMICS, dataset
from hague.errors import HagueError
from hague.results import Result, Source
from hague.rules.loader import Parameter, RuleError, resolve_rules

__all__ = ["check", "CheckResult", "STATUSES", "COLUMNS", "resolve_rules", "gdp_national_currency", "check_result"]

STATUSES = ("met", "likely", "as likely as not", "unlikely", "on track", "off track", "not applicable", "no data", "core known, related not reported",
            "core known, related claimed", "related not reported", "related claimed")

#: measures evaluated from NATO's core series plus the related-spending ledger (claims, not NATO figures)
_LEDGER_MEASURES = ("total_share_gdp", "related_share_gdp")

#: measure -> key of hague.models.aggregates.aggregate()
_AGGREGATE_KEYS = {"core_defence_expenditure_share_gdp": "share_gdp",
                   "core_defence_expenditure|equipment_share": "equipment_share",
                   "core_defence_expenditure_real_change": "real_change"}
_EPS = 1e-9

#: a rule's unit -> the short label of the ``value_unit`` column: values in different units never share a column
#: without saying so (Wales's "halt decline" is a real change in %, not a share of GDP)
UNIT_LABELS = {"percent of GDP": "% GDP", "percent real change": "% real chg",
               "percent of core defence expenditure": "% core"}

#: column key -> (header, unit)
COLUMNS: dict[str, tuple[str, str]] = {
    "code": ("Code", ""),
    "name": ("Ally", ""),
    "rule": ("Rule", "commitment.parameter or national.ALLY.target"),
    "target": ("Target", ""),
    "deadline": ("By", "target year"),
    "value": ("Value", "in the rule's unit (next column), NATO edition"),
    "value_unit": ("Unit", "% GDP = percent of GDP; % real chg = real change on the year; % core = percent of core "
                           "defence expenditure"),
    "status": ("Outlook", "met; likely / as likely as not / unlikely from the probability of meeting the target by "
                          "its deadline (hague simulate); else the pace test: on track / off track"),
    "p_met": ("P(met)", "probability of meeting the target by its deadline (hague simulate, 10,000 draws, central "
                        "path on the record of past delivery)"),
    "pace": ("Pace", "the pace test beside a forecast: on track if the recent pace is at least the pace needed"),
    "gap_pp": ("Gap pp", "percentage points"),
    "gap_nc_m": ("Gap NC m", "national currency million, current prices"),
    "currency": ("Cur", ""),
    "gap_usd_m": ("Gap USD m", "USD million, current prices and exchange rates"),
    "required_pp_yr": ("Need pp/yr", "linear path from the year checked to the deadline"),
    "pace_pp_yr": ("Pace pp/yr", "average annual change over the last three years"),
    "year_reached": ("Reached", "first year at the recent pace"),
    "central": ("Central %", "the central path's share of GDP at the deadline (the ally's stated plans, else a damped "
                            "trend): the path hague simulate draws its probabilities around"),
    "central_reaches": ("Central reaches", "first year the central path reaches the target"),
    "central_basis": ("Central basis", "plans: the ally's stated plans; trend: a damped trend (no stated plan)"),
    "core": ("Core %", "percent of GDP, NATO"),
    "related": ("Related %", "percent of GDP, claimed by the ally (not a NATO figure)"),
    "related_confidence": ("Evidence", "grade of the related claim"),
    "note": ("Note", ""),
}


@dataclass
class CheckResult:
    """The outcome of :func:`check`: ally rows, aggregate rows and the rules that could not be evaluated."""

    year: int
    estimate: bool
    rows: list[dict]
    aggregates: list[dict]
    not_evaluated: list[dict]
    source: str
    edition: str
    attribution: str
    rule_files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def row(self, ally: str, rule: str) -> dict:
        code = ally if ally in ("NATO", "EUCA", "USA") and any(r["code"] == ally for r in self.aggregates) else None
        pool = self.aggregates if code else self.rows
        code = code or resolve(ally).iso3
        for r in pool:
            if r["code"] == code and r["rule"] == rule:
                return r
        raise RuleError(f"no check row for {ally} and {rule!r}")

    def footer(self) -> str:
        est = " (NATO estimate)" if self.estimate else ""
        parts = [f"{self.attribution}; dataset {self.source}, edition {self.edition}. Year {self.year}{est}.",
                 "Gap in money = gap pp x GDP at current prices (NATO Table 5, USD); national currency at the rate "
                 "implied by NATO Table 1 / Table 2 core expenditure of the year. Pace = (value[Y] - value[Y-3]) / 3.",
                 "Outlook: met, or from the probability of meeting the target by its deadline (P(met), the "
                 "same run as hague simulate: likely >= 2/3, unlikely < 1/3, else as likely as not), its central "
                 "path (the stated plans read on the record of past delivery, else a damped trend) at the "
                 "deadline; the pace test (is the recent pace at least the pace needed?) is beside it; where no "
                 "forecast exists the outlook is the pace test: on track / off track (docs/economics.md)."]
        parts += self.notes
        if self.not_evaluated:
            parts.append("Not evaluated (no data series): " + "; ".join(
                f"{n['rule']} ({n['reason']})" for n in self.not_evaluated))
        return " ".join(parts)

    def to_dict(self) -> dict:
        return {"year": self.year, "estimate": self.estimate, "rows": self.rows, "aggregates": self.aggregates,
                "not_evaluated": self.not_evaluated, "source": self.source, "edition": self.edition,
                "attribution": self.attribution, "notes": self.notes, "footer": self.footer()}


def gdp_national_currency(ally: str, year: int, *, source: str = DEFAULT_DATASET) -> tuple[float | None, str | None]:
    """GDP in national currency million (current prices) implied by the NATO tables, and the currency.

    NATO Table 5 GDP in USD times the exchange rate implied by Table 1 over Table 2 core expenditure.

    >>> gdp, cur = gdp_national_currency("DEU", 2026)
    >>> cur, round(gdp / 1e6, 2)  # EUR trillion
    ('EUR', 4.63)
    """
    a = resolve(ally)
    ds = dataset(source)
    gdp_usd = ds.value(a.iso3, "gdp", year, unit="USD million", price_basis="current")
    rate = exchange_rate(a.iso3, year, source=source)
    if gdp_usd is None or rate is None:
        return None, a.currency
    return gdp_usd * rate, a.currency


def exchange_rate(ally: str, year: int, *, source: str = DEFAULT_DATASET) -> float | None:
    """National currency per USD implied by NATO Table 1 / Table 2: :func:`hague.economics.gdp.implied_exchange_rate`."""
    from hague.economics.gdp import implied_exchange_rate

    return implied_exchange_rate(ally, year, source=source)


def _target_text(p: Parameter, v) -> str:
    if isinstance(v, tuple):
        return f"{v[0]:g}–{v[1]:g}"
    sign = {"at_least": "≥ ", "at_most": "≤ "}.get(p.comparison, "")
    return f"{sign}{v:g}"


def _past(series_value, year: int) -> tuple[int, float] | None:
    """The value 3 years back, or the earliest within the last 3 years: ``(years back, value)``."""
    for k in (3, 2, 1):
        v = series_value(year - k)
        if v is not None:
            return k, v
    return None


def _evaluate(p: Parameter, year: int, value: float | None, past: tuple[int, float] | None, target,
              exact: float | None = None) -> dict:
    """Status, gap, required pace, recent pace and year reached for one value against one target.

    ``value`` is the figure as published (two decimals): it decides ``met``, as NATO counts it. ``exact`` is the
    unrounded figure (default: ``value``) from which the gap, the pace and the year reached are computed; ``past``
    must be on the same (unrounded) basis. One definition for an ally's row and an aggregate's row.
    """
    out = {"status": None, "gap_pp": None, "required_pp_yr": None, "pace_pp_yr": None, "year_reached": None,
           "notes": []}
    if value is None:
        out["status"] = "no data"
        out["notes"].append("no value in the source for this year")
        return out
    shown = round(value, 2)
    value = value if exact is None else exact
    pace = None
    if not p.unit.startswith("percent of"):  # e.g. real change: a rate, not a level to reach
        past = None
    if past is not None:
        k, earlier = past
        pace = (value - earlier) / k
        if k < 3:
            out["pace_note"] = f"pace over {k} year{'s' if k > 1 else ''} (no value for {year - 3})"
    out["pace_pp_yr"] = pace
    if p.comparison == "at_most":
        out.pop("pace_note", None)
        gap = 0.0 if shown <= target + _EPS else max(0.0, value - target)
        out["gap_pp"] = gap
        out["status"] = "met" if gap <= _EPS else "off track"
        if gap > _EPS:
            out["notes"].append(f"above the cap of {target:g}")
        return out
    lo, hi = target if isinstance(target, tuple) else (target, None)
    gap = 0.0 if shown + _EPS >= lo else max(0.0, lo - value)
    out["gap_pp"] = gap
    if hi is not None and shown > hi + _EPS:
        out["notes"].append(f"above the stated range ({hi:g})")
    if gap <= _EPS:
        out["status"] = "met"
        out["gap_pp"] = 0.0
        out.pop("pace_note", None)
        return out
    if "pace_note" in out:
        out["notes"].append(out.pop("pace_note"))
    if pace is not None and pace > _EPS:
        out["year_reached"] = year + math.ceil(gap / pace - 1e-6)
    elif pace is not None:
        out["notes"].append("not reached at the recent pace (flat or falling)")
    if p.target_year is None and "pace_note" in out:
        out.pop("pace_note")
    if p.target_year is not None and p.target_year > year:
        need = gap / (p.target_year - year)
        out["required_pp_yr"] = need
        if pace is None:
            out["status"] = "no data"
            out["notes"].append(f"no earlier value: the on-track test needs the recent pace (years {year - 3}-{year})")
        else:
            out["status"] = "on track" if pace + _EPS >= need else "off track"
    elif p.target_year is not None:
        out["status"] = "off track"
        out["notes"].append(f"deadline {p.target_year} passed" if p.target_year < year else f"due in {year}")
    elif p.applies_below is not None:
        out["status"] = "off track"
        out["notes"].append(f"{value:g} ({p.unit}) below {lo:g} while the share of GDP is below {p.applies_below:g}%")
    else:
        out["status"] = "off track"
        out["notes"].append("below a floor already in force")
    return out


def _applicability(p: Parameter, year: int) -> tuple[object, str | None]:
    target = p.value_at(year)
    if target is None:
        return None, f"not yet adopted in {year} (took effect {p.adopted.isoformat()})"
    if p.until_year is not None and year > p.until_year:
        return None, f"target period ended in {p.until_year}"
    return target, None


_CORE_SHARE = "core_defence_expenditure_share_gdp"


def _add_central(pairs: list[tuple[dict, Parameter]], year: int, source: str, economics: str) -> None:
    """Beside the pace test, the central path that ``hague simulate`` draws its probabilities around (the same
    function, :func:`hague.models.montecarlo.scenarios.central_paths`): its share at the deadline, the year it
    reaches the target and its basis. Only for the edition's last year, where central paths start."""
    if not pairs:
        return
    from hague.models.montecarlo.scenarios import central_paths
    from hague.rules import thresholds

    codes = tuple(dict.fromkeys(row["code"] for row, _ in pairs))
    try:
        origin, paths = central_paths(codes, source=source, scenario="plans", target=thresholds.core(), by=thresholds.by(),
                                      economics=economics)
    except HagueError:  # e.g. an edition without the series the money paths need: the pace test stands alone
        return
    if origin != year:
        return
    by_ally = {cp.ally: cp for cp in paths}
    for row, p in pairs:
        cp = by_ally.get(row["code"])
        target, _ = _applicability(p, year)
        if cp is None or not isinstance(target, int | float):
            continue
        last = max(cp.shares)
        row["central"] = cp.shares.get(min(p.target_year, last))
        row["central_reaches"] = (year if row["value"] >= target else
                                  next((y for y in sorted(cp.shares) if cp.shares[y] >= target - 1e-9), None))
        row["central_basis"] = cp.basis


#: draws and seed of the forecast behind check's outlook: hague simulate's defaults (the same probabilities)
CHECK_DRAWS, CHECK_SEED = 10_000, 20250625
LIKELY, UNLIKELY = 2 / 3, 1 / 3


def outlook(p: float) -> str:
    """The outlook word for a probability of meeting a target: likely (>= 2/3), unlikely (< 1/3), else as likely as
    not.

    >>> outlook(0.12), outlook(0.5), outlook(0.9)
    ('unlikely', 'as likely as not', 'likely')
    """
    return "likely" if p >= LIKELY else "unlikely" if p < UNLIKELY else "as likely as not"


def _forecast(source: str, economics: str):
    from functools import lru_cache

    global _FORECAST
    if _FORECAST is None:
        @lru_cache(maxsize=2)
        def run(source, economics):
            from hague.models.montecarlo import simulate

            return simulate(draws=CHECK_DRAWS, seed=CHECK_SEED, edition=source, economics=economics)
        _FORECAST = run
    return _FORECAST(source, economics)


_FORECAST = None


def _add_forecast(pairs: list[tuple[dict, Parameter]], year: int, source: str, economics: str) -> None:
    """The outlook of each forward-looking share-of-GDP row from the forecast (see the module docstring)."""
    if not pairs:
        return
    try:
        sim = _forecast(source, economics)
    except HagueError:  # e.g. an edition that cannot start a forecast: the pace test stands alone
        return
    if sim.origin != year:
        return
    national = {(t["ally"], t["id"]): int(sim.acc.extra[k]) / sim.acc.draws for k, t in enumerate(sim.national)}
    from hague.rules import thresholds

    reported = (thresholds.review_year(), thresholds.by())  # the years simulate reports: the review and deadline
    for row, p in pairs:
        a = row["code"]
        if p.key == "hague-2025.core" or (p.target_year in reported and p.value_at(year) == sim.threshold
                                          and not p.key.startswith("national.")):
            prob = sim.probability(a, p.target_year) if p.target_year in reported else None
        else:
            prob = national.get((a, p.name))
        if prob is None or row["status"] in ("met", "no data", "not applicable"):
            continue
        row["pace"], row["p_met"], row["status"] = row["status"], prob, outlook(prob)


def _selected(key: str, selectors: list[str] | None) -> bool:
    if not selectors:
        return True
    return any(key == s or key.startswith(s + ".") for s in selectors)


def check(year: int | None = None, *, commitment: str | list[str] | None = None, allies=None, rules=None,
          source: str = DEFAULT_DATASET, economics: str = DEFAULT_ECONOMICS, aggregates: bool = True) -> CheckResult:
    """Evaluate allies against the rules in ``year``.

    Args:
        year: the year to check (default: the latest year of the NATO edition).
        commitment: commitment id(s) (``hague-2025``), parameter key(s) (``hague-2025.core``) or ``national``
            (all national targets; ``national.DEU`` for one ally's). Default: everything with a data series.
        allies: ally codes or names (default: all). Aggregates are shown only when no ally filter is given.
        rules: a RuleTree, or folder(s) layered on a copy of the shipped tree.
        source: NATO dataset id.
    """
    tree = resolve_rules(rules)
    ds = dataset(source)
    share = _indicator(ds, "core_defence_expenditure_share_gdp")
    if share is None:
        raise RuleError(f"dataset {ds.id} has no defence expenditure share-of-GDP series; use a NATO edition "
                        "such as nato-2026")
    year = max(ds.years(share)) if year is None else ds.check_year(int(year))
    selectors = [commitment] if isinstance(commitment, str) else (list(commitment) if commitment else None)
    if selectors:
        known = list(tree.commitments) + ["national"]
        for s in selectors:
            head = s.split(".")[0]
            if head not in known:
                raise RuleError(f"unknown commitment {s!r}; accepted: {', '.join(known)} "
                                "(or a parameter such as hague-2025.core, or national.DEU)")
            rest = s.split(".", 1)[1] if "." in s else ""
            if rest and head == "national":
                resolve(rest)  # an unknown ally is a one-line error naming the ally (did you mean ...?)
            elif rest and rest not in tree.commitments[head].parameters:
                params = ", ".join(f"{head}.{k}" for k in tree.commitments[head].parameters)
                raise RuleError(f"unknown parameter {s!r} of {head}; accepted: {params}")
    chosen = [resolve(a) for a in allies] if allies else list(all_allies())
    estimate = year in ds.estimate_years()
    indicators = {m for m in _MEASURES if _indicator(ds, m) is not None} | _indicators(ds)

    alliance: list[Parameter] = []
    not_evaluated: list[dict] = []
    for c in tree.commitments.values():
        for p in c.parameters.values():
            if p.comparison == "provision" or not _selected(p.key, selectors):
                continue
            if p.measure in indicators or p.measure in _LEDGER_MEASURES:
                alliance.append(p)
            else:
                not_evaluated.append({"rule": p.key, "reason": f"no {p.measure} series in {ds.id}"})

    rows: list[dict] = []
    central_rows: list[tuple[dict, Parameter]] = []
    # an older edition knows only the national targets announced by its publication date (no leakage)
    as_of = None
    if source != DEFAULT_DATASET:
        from hague.sources.vintages import edition_date

        as_of = edition_date(source)
    for a in chosen:
        params = list(alliance)
        for p in tree.national.get(a.iso3, {}).values():
            if p.comparison == "provision" or not _selected(p.key, selectors):
                continue
            if as_of is not None and p.adopted > as_of:
                not_evaluated.append({"rule": p.key, "reason": f"announced {p.adopted.isoformat()}, after {ds.id} "
                                                               f"was published ({as_of.isoformat()})"})
                continue
            if p.measure in indicators:
                params.append(p)
            else:
                why = ("includes related spending: NATO publishes no related series and the ally has reported no "
                       "related amount for the year; see hague-2025.total for what is known"
                       if p.measure == "total_share_gdp" else
                       f"no {p.measure} series in {ds.id}" if p.measure else
                       f"basis: {p.basis or 'not a NATO-definition share'}; not comparable with {ds.id}")
                not_evaluated.append({"rule": p.key, "reason": why})
        for p in params:
            if p.measure in _LEDGER_MEASURES:
                rows.append(_ledger_row(a, p, year, ds, source, estimate))
            else:
                rows.append(_ally_row(a, p, year, ds, source, estimate))
                if p.measure == _CORE_SHARE and p.target_year and p.target_year > year and rows[-1]["value"] is not None:
                    central_rows.append((rows[-1], p))
    _add_central(central_rows, year, source, economics)
    _add_forecast(central_rows, year, source, economics)

    aggs: list[dict] = []
    if aggregates and not allies and "core_defence_expenditure_share_gdp" not in _indicators(ds):
        not_evaluated.append({"rule": "aggregates", "reason": f"{ds.id} is not on NATO's core basis; "
                                                              "aggregates are computed from nato-2026-style data"})
    elif aggregates and not allies:
        from hague.models.aggregates import GROUPS, aggregate

        cache: dict = {}
        data_years = set(ds.years())

        def agg(g, y):
            if (g, y) not in cache:
                cache[(g, y)] = aggregate(g, y, source=source, economics=economics)
            return cache[(g, y)]

        for p in alliance:
            key = _AGGREGATE_KEYS.get(p.measure)
            if key is None:
                continue
            for g in GROUPS:
                target, why = _applicability(p, year)
                now = agg(g, year)
                row = {"code": g, "name": now["name"], "rule": p.key, "label": p.label, "unit": p.unit,
                       "value_unit": UNIT_LABELS.get(p.unit, p.unit), "target": None, "deadline": p.target_year, "year": year, "value": now[key],
                       "currency": "USD", "gap_nc_m": None, "source": p.reference[0].href}
                if why:
                    rows_note = why
                    row.update(status="not applicable", gap_pp=None, gap_usd_m=None, required_pp_yr=None,
                               pace_pp_yr=None, year_reached=None, note=rows_note)
                    aggs.append(row)
                    continue
                if p.applies_below is not None and (now["share_gdp"] or 0) + _EPS >= p.applies_below:
                    row.update(target=_target_text(p, target), status="not applicable", gap_pp=None, gap_usd_m=None,
                               required_pp_yr=None, pace_pp_yr=None, year_reached=None,
                               note=f"share {now['share_gdp']:.2f}% is at or above {p.applies_below:g}%: "
                                    "the clause applies only below")
                    aggs.append(_rounded(row))
                    continue
                past = _past(lambda y, g=g, key=key: agg(g, y)[key] if y in data_years else None, year)
                ev = _evaluate(p, year, now[key], past, target)
                base = {"share_gdp": now["gdp_usd_current"], "equipment_share": now["spend_usd_current"]}.get(key)
                notes = ev.pop("notes")
                if now.get("missing"):
                    notes.append("incomplete: " + "; ".join(f"{k} missing for {', '.join(v)}"
                                                            for k, v in now["missing"].items()))
                row.update(target=_target_text(p, target), status=ev["status"], gap_pp=ev["gap_pp"],
                           gap_usd_m=None if ev["gap_pp"] is None or base is None else ev["gap_pp"] / 100 * base,
                           required_pp_yr=ev["required_pp_yr"], pace_pp_yr=ev["pace_pp_yr"],
                           year_reached=ev["year_reached"], note="; ".join(notes))
                aggs.append(_rounded(row))

    seen = set()
    uniq = []
    for n in not_evaluated:
        if n["rule"] not in seen:
            seen.add(n["rule"])
            uniq.append(n)
    notes = []
    if any(p.measure in _LEDGER_MEASURES for p in alliance):
        from hague.rules.related import no_reporting_rules

        notes.append("Total = NATO core share + related spending claimed by the ally for the year (counted up to "
                     "1.5%); the gap to 5% is on what is known. " + no_reporting_rules())
    return CheckResult(year=year, estimate=estimate, rows=rows, aggregates=aggs,
                       not_evaluated=uniq, source=ds.id, edition=ds.edition,
                       attribution=str(ds.meta.get("attribution", ds.title)), rule_files=list(tree.files),
                       notes=notes)


_MEASURES = ("core_defence_expenditure_share_gdp", "core_defence_expenditure|equipment_share",
             "core_defence_expenditure_real_change")


_INDICATORS: dict[int, frozenset] = {}


def _indicators(ds) -> frozenset:
    """The dataset's indicators, computed once per loaded dataset (``Dataset.indicators()`` scans every row)."""
    key = id(ds)
    if key not in _INDICATORS:
        _INDICATORS.clear()  # one dataset at a time is enough; never hold stale objects
        _INDICATORS[key] = frozenset(ds.indicators())
    return _INDICATORS[key]


def _indicator(ds, name: str) -> str | None:
    """The dataset's indicator for a measure: NATO editions before 2026 call it ``defence_expenditure...``."""
    have = _indicators(ds)
    if name in have:
        return name
    legacy = name.replace("core_defence_expenditure", "defence_expenditure", 1)
    return legacy if legacy in have else None


def _start_row(a, p: Parameter, year: int, **extra) -> tuple[dict, object, bool]:
    """An ally's row before evaluation: the fields every row has (``extra`` adds more), the rule's target in
    ``year``, and True when the row is already complete: no armed forces, not yet a member, or the rule not in
    force (the note says which)."""
    row = {"code": a.iso3, "name": a.name, "rule": p.key, "label": p.label, "unit": p.unit,
           "value_unit": UNIT_LABELS.get(p.unit, p.unit), "target": None, "deadline": p.target_year, "year": year,
           "value": None, "status": "not applicable", "gap_pp": None, "gap_nc_m": None, "currency": a.currency,
           "gap_usd_m": None, "required_pp_yr": None, "pace_pp_yr": None, "year_reached": None, "note": "",
           "source": p.reference[0].href, **extra}
    target, why = _applicability(p, year)
    if target is not None:
        row["target"] = _target_text(p, target)
    note = ("member without armed forces: NATO reports no defence expenditure" if not a.has_armed_forces else
            f"not yet a member (joined {a.accession_year})" if not a.is_member(year) else why)
    if note:
        row["note"] = note
    return row, target, bool(note)


def _ally_row(a, p: Parameter, year: int, ds, source: str, estimate: bool) -> dict:
    row, target, done = _start_row(a, p, year)
    if done:
        return row
    if p.applies_below is not None:
        share = ds.value(a.iso3, _indicator(ds, "core_defence_expenditure_share_gdp") or "", year)
        if share is None:
            row["status"], row["note"] = "no data", "no share of GDP for this year"
            return row
        if share + _EPS >= p.applies_below:
            row["note"] = f"share {share:g}% is at or above {p.applies_below:g}%: the clause applies only below"
            return row
    measure = _indicator(ds, p.measure) or p.measure
    value = ds.value(a.iso3, measure, year)
    if p.measure == "core_defence_expenditure_share_gdp":  # gap and pace from the unrounded share, as aggregates
        from hague.models.aggregates import exact_share

        def series(y):
            return exact_share(ds, a.iso3, y) if ds.value(a.iso3, measure, y) is not None else None
    else:
        def series(y):
            return ds.value(a.iso3, measure, y)
    past = _past(series, year)
    ev = _evaluate(p, year, value, past, target, exact=None if value is None else series(year))
    notes = ev.pop("notes")
    row.update(value=value, **ev)
    if ev["gap_pp"] is not None:
        base_usd = None
        if p.unit.startswith("percent of GDP"):
            base_usd = ds.value(a.iso3, "gdp", year, unit="USD million", price_basis="current")
        elif p.unit.startswith("percent of core defence expenditure"):  # the 20% guideline
            spend = _indicator(ds, "core_defence_expenditure") or "core_defence_expenditure"
            base_usd = ds.value(a.iso3, spend, year, unit="USD million", price_basis="current")
        rate = exchange_rate(a.iso3, year, source=source)
        if base_usd is not None:
            row["gap_usd_m"] = ev["gap_pp"] / 100 * base_usd
            if rate is not None:
                row["gap_nc_m"] = row["gap_usd_m"] * rate
    if p.status:
        notes.append(p.status)
    if p.basis and p.key.startswith("national."):
        notes.append(p.basis)
    if measure != p.measure:
        notes.append(f"{ds.id} series {measure!r} (pre-2026 'defence expenditure' basis)")
    if estimate:
        notes.append("NATO estimate")
    row["note"] = "; ".join(notes)
    return _rounded(row)


def _ledger_row(a, p: Parameter, year: int, ds, source: str, estimate: bool) -> dict:
    """The related cap or the 5 % total for one ally: core from NATO, related from the ledger (claims only)."""
    from hague.rules.related import related_apart, related_share

    row, target, done = _start_row(a, p, year, core=None, related=None, related_confidence=None,
                                    related_source=None, related_apart=None)
    if done:
        return row
    claim = related_share(a.iso3, year)
    related = claim.value if claim else None
    notes = []
    apart = related_apart(a.iso3, year)
    if apart:  # shown with their year and reason, never added
        row["related_apart"] = "; ".join(apart)
        notes.append("shown apart: " + "; ".join(apart))
    if claim:
        row.update(related=related, related_confidence=claim.confidence, related_source=claim.source_url)
        notes.append(f"related {related:g}% claimed by {a.name} ({claim.confidence} evidence, {claim.source_kind or 'source'} "
                     f"{claim.published}; not a NATO figure)")
    if p.measure == "related_share_gdp":
        row["value"] = related
        if claim is None:
            row["status"] = "related not reported"
            notes.append("no related amount reported for the year; NATO publishes none")
        else:
            row["status"] = "related claimed"
            if related > target + _EPS:
                notes.append(f"only {target:g}% counts toward 5%")
        row["note"] = "; ".join(notes)
        return _rounded(row)
    core = ds.value(a.iso3, _indicator(ds, "core_defence_expenditure_share_gdp") or "", year)
    if core is None:
        row["status"] = "no data"
        row["note"] = "no core share of GDP in the source for this year"
        return row
    cap = float(_shipped_cap())
    known = core + (min(related, cap) if related is not None else 0.0)
    row.update(core=core, value=known)
    gap = max(0.0, target - known)
    row["gap_pp"] = gap
    if gap <= _EPS:
        row["status"] = "met"
        row["gap_pp"] = 0.0
        if related is None:
            notes.append(f"core alone ({core:g}%) is at or above {target:g}%")
    else:
        row["status"] = "core known, related claimed" if claim else "core known, related not reported"
        if claim is None:
            notes.append(f"core {core:g}% only: no related amount reported (gap on what is known)")
        if p.target_year is not None and p.target_year > year:
            row["required_pp_yr"] = gap / (p.target_year - year)
    if row["gap_pp"]:
        gdp_usd = ds.value(a.iso3, "gdp", year, unit="USD million", price_basis="current")
        rate = exchange_rate(a.iso3, year, source=source)
        if gdp_usd is not None:
            row["gap_usd_m"] = row["gap_pp"] / 100 * gdp_usd
            if rate is not None:
                row["gap_nc_m"] = row["gap_usd_m"] * rate
    if estimate:
        notes.append("NATO estimate")
    row["note"] = "; ".join(notes)
    return _rounded(row)


def _shipped_cap() -> float:
    from hague.rules import thresholds  # the 1.5% related cap, from the rule tree

    return thresholds.value(thresholds.RELATED)


def _rounded(row: dict) -> dict:
    """Round computed figures: pp to 4 decimals, money to 0.1 million (the sources have fewer digits); the value
    to the two decimals NATO publishes (an aggregate's 2.5622 is shown as 2.56, as in ``status`` and ``burden``;
    gaps and paces were computed from the unrounded figure before this)."""
    if isinstance(row.get("value"), float):
        row["value"] = round(row["value"], 2)
    if row.get("unit") is not None:
        row.setdefault("value_unit", UNIT_LABELS.get(row["unit"], row["unit"]))
    for k in ("gap_pp", "required_pp_yr", "pace_pp_yr", "core", "related"):
        if isinstance(row.get(k), float):
            row[k] = round(row[k], 4)
    for k in ("gap_nc_m", "gap_usd_m"):
        if isinstance(row.get(k), float):
            row[k] = round(row[k], 1)
    return row


# ------------------------------------------------------------------ the Result of this model's table(s)

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
                 edition: str | None = None, economics: str = DEFAULT_ECONOMICS, ally=None) -> Result:
    """``hague check`` as a Result: each ally (``kind`` ally) then the NATO, EUCA and USA aggregates (``kind``
    aggregate) against each commitment; ``status`` keeps only rows with these statuses. ``allies`` (or ``ally``):
    a code or a list of codes.

    >>> r = check_result(2026, commitment="hague-2025.core")
    >>> row = r.row(code="DEU", kind="ally")
    >>> row["value"], row["status"], r.provenance.edition, r.column("gap_pp").origin
    (2.69, 'as likely as not', '2026-07', 'computed by hague')
    """
    allies = allies if allies is not None else ally
    from hague.data import resolve_edition
    from hague.errors import HagueError

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
