"""The adversary comparison: Russian artillery-ammunition output against NATO's, and a ramp-up model.

Estimates come from the adversary catalog (``catalogs/adversary.yaml``), each with
its date, source and confidence. Two metrics compare a Russian yearly output ``R`` with an allied one ``N``:

- **ratio** ``R / N``;
- **months of NATO output**: how many months NATO needs to make what Russia makes in a year, ``12 R / N``
  (Rutte's "Russia produces in three months what the whole of NATO produces in a year" is a ratio of 4,
  48 months).

Allied output bases (:data:`NATO_BASES`) combine catalog entries; the EU figure is a *capacity target*, not
confirmed output, and is labelled so.

**Ramp-up model.** Allied output grows after a lag: ``N(y) = N0 × (1 + g) ** max(0, y - y0 - lag)`` where ``N0``
is the output in base year ``y0``; Russian output is held at its estimate (the notes give no Russian growth
rate after 2024; EFIS's 2026 multiplier is truncated, low confidence), or grows at ``russia_growth``. The year
of parity is the first calendar year with ``N(y) >= R(y)``. Parameters (:data:`RAMP_PARAMETERS`):

- ``g``: scenario ``us-pace`` = the US 155 mm ramp from 14,500 rounds a month (Feb 2022) to about 40,000 a
  month (mid-2025), ``(40,000 / 14,500) ** (1 / 3.4) - 1`` ≈ 34.8 % a year (derived from notes 5.11);
  ``half-us-pace`` ≈ 17.4 % (assumption); ``stalled`` = 0 %;
- ``lag``: 0.75 years, derived from the US 100,000-a-month target slipping from October 2025 to
  spring/mid-2026 (6-9 months; notes 5.11), and 2 years (assumption: new plants, not sourced);
- uncertainty: every combination of the Russian estimates (2.5 m RUSI 2023, 3 m NATO via CNN 2024,
  4.5 m Estonian intelligence 2024), the allied bases and the lags gives one parity year; the result reports
  the earliest, median and latest.

>>> b = ammunition_balance()
>>> row = b[(b.russia == "ru-shells-efis-2024") & (b.nato == "us-eu-2025")].iloc[0]
>>> round(float(row.ratio), 2), round(float(row.months_of_nato_output), 1)
(1.81, 21.8)
>>> p = parity_years().set_index("scenario")
>>> int(p.loc["us-pace", "earliest"]), int(p.loc["us-pace", "latest"])
(2026, 2031)
"""

from __future__ import annotations

import math
import statistics

from hague.columns import records, table_result
from hague.errors import HagueError
from hague.models.catalog import adversary_entries, adversary_entry, catalog_source
from hague.results import Result

__all__ = ["NATO_BASES", "RUSSIA_SHELLS", "RAMP_PARAMETERS", "SCENARIOS", "estimates", "ammunition_balance",
           "parity_year", "parity_runs", "parity_years", "HORIZON", "check_russia_growth", "RUSSIA_GROWTH_RANGE", "estimates_result", "balance_result", "parity_result", "runs_result"]

#: Russian yearly artillery-round estimates used in the comparison (catalog ids)
RUSSIA_SHELLS = ("ru-shells-rusi-2023", "ru-shells-nato-cnn-2024", "ru-shells-efis-2024")

#: allied output bases: id -> (label, catalog ids summed, base year, caveat)
NATO_BASES: dict[str, tuple[str, tuple[str, ...], int, str]] = {
    "us-eu-2024": ("US and Europe, 2024 (NATO via CNN)", ("nato-for-kyiv-2024",), 2024,
                   "what the US and Europe could make for Kyiv"),
    "us-eu-2025": ("US actual mid-2025 + EU capacity target end-2025", ("us-155-2025", "eu-155-target-2025"), 2025,
                   "EU figure is a capacity target, not confirmed output"),
    "us-plan-eu-2026": ("US plan 2026 + EU capacity target", ("us-155-target-2026", "eu-155-target-2025"), 2026,
                        "US plan (slipped once) and EU capacity target: an upper bound"),
}

_US_PACE = (40_000 / 14_500) ** (1 / 3.4) - 1

#: ramp-up parameters with their basis
RAMP_PARAMETERS: dict[str, dict] = {
    "growth.us-pace": {"value": _US_PACE, "unit": "per year", "basis": "derived",
                       "source": "US 155 mm: 14,500/month (Feb 2022) -> ~40,000/month (mid-2025), 3.4 years; "
                                 "Defence Express, Defense One"},
    "growth.half-us-pace": {"value": _US_PACE / 2, "unit": "per year", "basis": "assumption",
                            "source": "half the US 2022-25 pace (assumption)"},
    "growth.stalled": {"value": 0.0, "unit": "per year", "basis": "assumption", "source": "no further growth"},
    "lag.slip": {"value": 0.75, "unit": "years", "basis": "derived",
                 "source": "US 100k/month target slipped from Oct 2025 to spring/mid-2026 (6-9 months); notes 5.11"},
    "lag.new-plant": {"value": 2.0, "unit": "years", "basis": "assumption",
                      "source": "time to build new capacity (assumption, not sourced)"},
    "russia_growth": {"value": 0.0, "unit": "per year", "basis": "assumption",
                      "source": "Russian output held at each estimate: no sourced growth rate after 2024"},
}

#: scenario -> growth parameter key
SCENARIOS = {"stalled": "growth.stalled", "half-us-pace": "growth.half-us-pace", "us-pace": "growth.us-pace"}
LAGS = ("lag.slip", "lag.new-plant")
HORIZON = 2060


def estimates(topic: str = "ammunition"):
    """The catalog's estimates for ``topic`` as a DataFrame (yearly rate where the value is a rate)."""
    import pandas as pd

    rows = []
    for e in adversary_entries(topic):
        rng = e.range_per_year()
        rows.append({"id": e.id, "side": e.side, "actor": e.actor, "item": e.item, "kind": e.kind, "year": e.year,
                     "value": e.value, "low": e.low if e.low != e.value else None,
                     "high": e.high if e.high != e.value else None, "unit": e.unit + ("" if e.per == "none" else f"/{e.per}"),
                     "per_year": e.per_year, "per_year_low": rng[0] if rng and e.low != e.value else None,
                     "per_year_high": rng[1] if rng and e.high != e.value else None,
                     "date": e.date, "confidence": e.confidence, "source": "; ".join(str(s) for s in e.sources),
                     "notes": e.notes})
    return pd.DataFrame(rows)


def _nato_output(base: str) -> float:
    if base not in NATO_BASES:
        raise HagueError(f"unknown allied output basis {base!r}; accepted: {', '.join(NATO_BASES)}")
    return sum(adversary_entry(i).per_year for i in NATO_BASES[base][1])


def ammunition_balance():
    """Every Russian estimate against every allied basis: ratio and months of NATO output (DataFrame)."""
    import pandas as pd

    rows = []
    for rid in RUSSIA_SHELLS:
        r = adversary_entry(rid)
        for bid, (label, _ids, year, caveat) in NATO_BASES.items():
            n = _nato_output(bid)
            rows.append({"russia": rid, "russia_label": f"{r.actor}, {r.year} ({r.sources[0].label.split(' via')[0].split(',')[0]})",
                         "russia_per_year": r.per_year, "russia_year": r.year, "russia_confidence": r.confidence,
                         "nato": bid, "nato_label": label, "nato_per_year": n, "nato_year": year,
                         "ratio": r.per_year / n, "months_of_nato_output": 12 * r.per_year / n, "caveat": caveat})
    q = adversary_entry("ru-nato-ammo-ratio-rutte")
    rows.append({"russia": q.id, "russia_label": "Rutte, Chatham House (quoted ratio)", "russia_per_year": None,
                 "russia_year": q.year, "russia_confidence": q.confidence, "nato": "quoted", "nato_label": "whole of NATO",
                 "nato_per_year": None, "nato_year": q.year, "ratio": q.value, "months_of_nato_output": 12 * q.value,
                 "caveat": "'in three months what the whole of NATO produces in a year'"})
    return pd.DataFrame(rows)


#: accepted yearly growth of Russian output in the ramp-up model, as a fraction: output cannot fall by 100% or
#: more (it would reach zero or turn negative), and more than doubling every year is outside anything the sources
#: report (the fastest sourced ramp-up, US 155 mm 2022-25, is 34.8% a year)
RUSSIA_GROWTH_RANGE = (-1.0, 1.0)


def check_russia_growth(g: float) -> float:
    """``g`` (a fraction a year) if finite and within :data:`RUSSIA_GROWTH_RANGE` (-100% excluded, +100% included).

    >>> check_russia_growth(-2.0)
    Traceback (most recent call last):
    ...
    hague.errors.OutOfRangeError: Russian growth -200% a year is out of range; accepted: above -100% and up to 100% a year
    """
    from hague.errors import OutOfRangeError, finite_number

    lo, hi = RUSSIA_GROWTH_RANGE
    accepted = f"accepted: above {100 * lo:g}% and up to {100 * hi:g}% a year"
    g = finite_number(g, "Russian growth", accepted)
    if not lo < g <= hi:
        raise OutOfRangeError(f"Russian growth {100 * g:g}% a year is out of range; {accepted}")
    return g


def parity_year(russia: float, nato0: float, base_year: int, *, growth: float, lag: float,
                russia_growth: float = 0.0, russia_year: int | None = None, horizon: int = HORIZON) -> int | None:
    """First year in which allied output reaches Russia's under the ramp-up model; None if not by ``horizon``.

    >>> parity_year(3.0e6, 1.2e6, 2024, growth=0.5, lag=1)  # 1.2m x 1.5**k >= 3m needs k >= 2.26 -> 2024+1+3
    2028
    >>> parity_year(3.0e6, 1.2e6, 2024, growth=0.0, lag=1) is None
    True
    """
    for v, name in ((russia, "Russian output"), (nato0, "allied output")):
        if not (v > 0 and math.isfinite(v)):
            raise HagueError(f"{name} must be a positive number, got {v}")
    if not (growth >= 0 and lag >= 0):  # also refuses NaN
        raise HagueError("growth and lag must be non-negative")
    russia_growth = check_russia_growth(russia_growth)
    ry = base_year if russia_year is None else russia_year
    for y in range(base_year, horizon + 1):
        n = nato0 * (1 + growth) ** max(0.0, y - base_year - lag)
        r = russia * (1 + russia_growth) ** max(0, y - ry)
        if n >= r * (1 - 1e-12):
            return y
    return None


def parity_runs(*, scenarios=None, russia_growth: float = 0.0, horizon: int = HORIZON):
    """Every run of the ramp-up model: scenario x Russian estimate x allied basis x lag -> year of parity.

    >>> r = parity_runs(scenarios=["us-pace"])
    >>> len(r), int(r["parity_year"].max())
    (18, 2031)
    """
    import pandas as pd

    russia_growth = check_russia_growth(russia_growth)
    scenarios = list(scenarios or SCENARIOS)
    rows = []
    for s in scenarios:
        if s not in SCENARIOS:
            raise HagueError(f"unknown scenario {s!r}; accepted: {', '.join(SCENARIOS)}")
        g = RAMP_PARAMETERS[SCENARIOS[s]]["value"]
        for rid in RUSSIA_SHELLS:
            r = adversary_entry(rid)
            for bid, (label, _, by, _) in NATO_BASES.items():
                n0 = _nato_output(bid)
                for lk in LAGS:
                    lag = RAMP_PARAMETERS[lk]["value"]
                    rows.append({"scenario": s, "growth_pct": 100 * g, "russia": rid, "russia_per_year": r.per_year,
                                 "russia_year": r.year, "nato": bid, "nato_label": label, "nato_per_year": n0,
                                 "base_year": by, "lag": lag, "lag_basis": RAMP_PARAMETERS[lk]["basis"],
                                 "parity_year": parity_year(r.per_year, n0, by, growth=g, lag=lag,
                                                            russia_growth=russia_growth, russia_year=r.year,
                                                            horizon=horizon)})
    df = pd.DataFrame(rows)
    df.attrs["horizon"] = horizon
    return df


def parity_years(*, scenarios=None, russia_growth: float = 0.0, horizon: int = HORIZON):
    """Year of parity per scenario, across the estimate ranges and lags: earliest, median, latest (DataFrame).

    ``runs`` counts the combinations (Russian estimate x allied basis x lag, see :func:`parity_runs`);
    ``not_by_horizon`` those that never reach parity by ``horizon``; ``by_2035`` those reaching it by 2035 (the
    Hague target year).
    """
    import pandas as pd

    runs = parity_runs(scenarios=scenarios, russia_growth=russia_growth, horizon=horizon)
    rows = []
    for s, grp in runs.groupby("scenario", sort=False):
        years = [None if y is None or y != y else int(y) for y in grp["parity_year"].astype(object)]
        found = sorted(y for y in years if y is not None)
        never = len(years) - len(found)
        # the median counts "never" as later than any year
        ordered = found + [horizon + 1] * never
        med = statistics.median_low(ordered)
        key = SCENARIOS[s]
        rows.append({"scenario": s, "growth_pct": 100 * RAMP_PARAMETERS[key]["value"],
                     "basis": RAMP_PARAMETERS[key]["basis"], "runs": len(years),
                     "earliest": found[0] if found else None, "median": med if med <= horizon else None,
                     "latest": (found[-1] if not never else None) if found else None,
                     "not_by_horizon": never, "by_2035": sum(1 for y in found if y <= _deadline())})
    df = pd.DataFrame(rows)
    df.attrs["horizon"] = horizon
    return df


# ------------------------------------------------------------------ the Result of this model's table(s)

def estimates_result(topic: str = "ammunition") -> Result:
    """``hague compare TOPIC --view estimates``: production estimates with dates, sources and confidence."""

    df = estimates(topic).set_index("id")
    cols = [("id", "Id", ""), ("actor", "Actor", ""), ("item", "Item", ""), ("kind", "Kind", ""), ("year", "Year", ""),
            ("value", "Value", ""), ("low", "Low", ""), ("high", "High", ""), ("unit", "Unit", ""),
            ("per_year", "Per year", "yearly rate"), ("date", "Estimate date", ""), ("confidence", "Confidence", ""),
            ("source", "Source", ""), ("notes", "Notes", "")]
    rows = records(df, [k for k, _, _ in cols if k != "id"])
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


def _deadline() -> int:
    """The Hague's deadline (2035), from the rule tree: the ``by_2035`` column counts runs at parity by then."""
    from hague.rules import thresholds

    return thresholds.by()
