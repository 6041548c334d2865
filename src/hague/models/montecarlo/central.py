"""The central path per ally: what the ally has said it will do, else a damped trend (docs/economics.md).

Bases, in order of preference for the ``plans`` scenario:

1. ``plans`` - national targets on NATO's core share of GDP from the rule tree (``hague.rules.national_targets``),
   and, once loaded, the dated national plans (``hague.rules.national_plans``: share targets and year-by-year
   share paths), published on or before ``as_of``. The path runs in a straight line from the last data year's
   share to each target level at its deadline, and holds the last level after it; a floor that holds ``until`` a
   year keeps the share at or above it. Targets are floors (``at least``): a path already above keeps the trend.
   Money paths (national currency) keep the budget fixed in money, so the share moves with nominal GDP.
2. ``trend`` - the damped trend: ``log s(y0 + h) = log s0 + b * (phi + phi**2 + ... + phi**h)`` with ``b`` the OLS
   slope of the log share over the last :data:`TREND_YEARS` years and ``phi`` = :data:`PHI` (chosen by the backtest,
   docs/economics.md "Central path"). A plain (undamped) trend and no change are kept for comparison.

Every path names its basis, a sentence describing it, and its sources.

>>> c = central_path("DEU", origin=2026, history={y: v for y, v in zip(range(2022, 2027), (1.49, 1.68, 2.0, 2.22, 2.69))})
>>> c.basis, round(c.shares[2029], 2), round(c.shares[2035], 2)
('plans', 3.5, 3.5)
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field

import numpy as np

from hague.errors import HagueError

__all__ = ["CentralPath", "central_path", "damped_trend", "plain_trend", "PHI", "TREND_YEARS", "BASES",
           "plan_records"]

#: damping of the trend slope per year (backtest over NATO 2014-2026 and SIPRI 1949-2024: docs/economics.md)
PHI = 0.2
#: years of history the trend slope is fitted on
TREND_YEARS = 5
BASES = ("plans", "trend", "target", "plan file", "no change")
SHARE_MEASURE = "core_defence_expenditure_share_gdp"


@dataclass(frozen=True)
class CentralPath:
    """The central (median) path of one ally's core share of GDP, percent, after its last data year."""

    ally: str
    origin: int
    s0: float
    shares: dict[int, float]
    basis: str
    detail: str
    sources: tuple[str, ...] = ()
    money: bool = False  # budgets fixed in national currency: GDP surprises move the share
    records: tuple[dict, ...] = field(default=(), repr=False)

    def row(self) -> dict:
        return {"ally": self.ally, "basis": self.basis, "detail": self.detail, "source": "; ".join(self.sources)}


def _slope(history: dict[int, float], origin: int, years: int = TREND_YEARS) -> float | None:
    ys = [y for y in range(origin - years + 1, origin + 1) if history.get(y) and history[y] > 0]
    if len(ys) < 2:
        return None
    t = np.array(ys, dtype=float)
    return float(np.polyfit(t - t.mean(), np.log([history[y] for y in ys]), 1)[0])


def damped_trend(history: dict[int, float], origin: int, last: int, *, phi: float = PHI) -> dict[int, float]:
    """Damped log-linear trend from ``history`` (year -> share) up to ``origin``, for ``origin+1 .. last``."""
    s0 = history[origin]
    b = _slope(history, origin) or 0.0
    out, cum, ph = {}, 0.0, 1.0
    for y in range(origin + 1, last + 1):
        ph *= phi
        cum += ph
        out[y] = s0 * math.exp(b * cum)
    return out


def plain_trend(history: dict[int, float], origin: int, last: int) -> dict[int, float]:
    """Undamped linear trend (OLS of the share on the year over all history up to ``origin``); floor 0.1%."""
    ys = [y for y in sorted(history) if y <= origin and history[y] is not None]
    s = [history[y] for y in ys]
    if len(ys) < 2:
        return {y: history[origin] for y in range(origin + 1, last + 1)}
    b, c = np.polyfit(np.array(ys, dtype=float), np.array(s), 1)
    # anchored at the last observation, as the old trend scenario was
    return {y: max(history[origin] + b * (y - origin), 0.1) for y in range(origin + 1, last + 1)}


def _published(rec: dict) -> _dt.date | None:
    d = rec.get("published") or rec.get("date") or rec.get("adopted")
    if d is None:
        return None
    if isinstance(d, _dt.date):
        return d
    try:
        return _dt.date.fromisoformat(str(d)[:10])
    except ValueError:
        return None


def plan_records(ally: str, *, as_of: _dt.date | None = None) -> list[dict]:
    """Share-of-GDP targets and paths the ally had stated by ``as_of`` (NATO definition, core spending).

    Each record: ``year`` (deadline), ``value`` (percent of GDP), ``until`` (a floor held to that year),
    ``kind``, ``source``, ``label``, ``confidence``, ``published``. From the national plans data when available
    (``hague.rules.national_plans``), else from the national targets in the rule tree.
    """
    out: list[dict] = []
    try:
        from hague.rules import national_plans  # type: ignore[attr-defined]
    except ImportError:
        national_plans = None
    if national_plans is not None:
        for r in national_plans(ally, as_of=as_of):
            kind = r.get("kind")
            if kind not in ("target_share", "path_share") or r.get("unit") not in ("percent of GDP", None):
                continue
            if (r.get("basis") or "NATO").lower().startswith("national"):
                continue
            pub = _published(r)
            if as_of is not None and (pub is None or pub > as_of):
                continue
            out.append({"year": int(r["year"]), "value": float(r["value"]), "until": None, "kind": kind,
                        "source": r.get("source") or r.get("source_url"), "label": r.get("label") or
                        f"{r['value']:g}% of GDP in {r['year']}", "confidence": r.get("confidence"),
                        "published": pub})
    if out:
        return out
    from hague.rules import national_targets

    for t in national_targets():
        if t["ally"] != ally or t.get("measure") != SHARE_MEASURE or t.get("unit") != "percent of GDP":
            continue
        if t.get("comparison") not in ("at_least", "between") or t.get("deadline") is None:
            continue
        pub = _published(t)
        if as_of is not None and (pub is None or pub > as_of):
            continue
        lo = float(t["value"])
        out.append({"year": int(t["deadline"]), "value": lo, "value_max": t.get("value_max"),
                    "until": t.get("until"), "kind": "target_share", "source": t.get("source"),
                    "label": t.get("label"), "confidence": t.get("confidence"), "published": pub})
    return out


def _plan_path(s0: float, origin: int, last: int, recs: list[dict], trend: dict[int, float]) -> dict[int, float]:
    """Straight lines from (origin, s0) to each later target; floors held; the trend where it is higher."""
    later = sorted((r for r in recs if r["year"] > origin), key=lambda r: r["year"])
    knots = [(origin, s0)]
    for r in later:
        v = r["value"]
        if r.get("value_max"):
            v = min(max(knots[-1][1], v), float(r["value_max"]))
        if r["year"] == knots[-1][0]:
            knots[-1] = (r["year"], max(knots[-1][1], v))
        else:
            knots.append((r["year"], v))
    out = {}
    for y in range(origin + 1, last + 1):
        for (y1, v1), (y2, v2) in zip(knots, knots[1:], strict=False):
            if y1 < y <= y2:
                out[y] = v1 + (v2 - v1) * (y - y1) / (y2 - y1)
                break
        else:
            out[y] = knots[-1][1] if len(knots) > 1 else trend[y]
    # floors: a target already due (deadline <= y) stays a floor up to its 'until' year (or for good)
    for r in recs:
        lo = r["value"]
        for y in out:
            if r["year"] <= y and (r.get("until") is None or y <= r["until"]):
                out[y] = max(out[y], lo)
    # the pledge is a floor, not a ceiling: where the damped trend is higher, it stays
    return {y: max(v, trend[y]) if knots[-1][1] <= s0 else v for y, v in out.items()}


def central_path(ally: str, *, origin: int, history: dict[int, float], last: int = 2035, scenario: str = "plans",
                 as_of: _dt.date | None = None, target: float = 3.5, by: int = 2035,
                 plan: dict[int, float] | None = None, plan_file: str | None = None) -> CentralPath:
    """The central path of ``ally`` from ``origin`` (its last data year) to ``last``.

    ``history``: year -> share of GDP (percent) up to ``origin``. ``scenario``: ``plans`` (national plans where
    sourced, else the damped trend), ``trend``, ``target`` (a straight line to ``target`` by ``by``), or a user
    plan (``plan``: year -> share, from ``plan_file``).
    """
    if origin not in history or not history[origin]:
        raise HagueError(f"{ally}: no share of GDP in {origin}, the last data year; a central path starts there")
    s0 = float(history[origin])
    trend = damped_trend(history, origin, last)
    b = _slope(history, origin)
    trend_detail = (f"damped trend: {100 * (b or 0):+.1f}% a year over {origin - TREND_YEARS + 1}-{origin}, "
                    f"the slope shrinking to {PHI:g} of itself each year")
    if plan is not None:
        from hague.models.projection import share_path

        shares = share_path(s0, origin, target=s0, by=last, shape="plan", plan=plan, last=last)
        return CentralPath(ally, origin, s0, {y: shares[y] for y in range(origin + 1, last + 1)}, "plan file",
                           f"the user's plan from {plan_file or 'a file'}", (str(plan_file),) if plan_file else ())
    if scenario == "trend":
        return CentralPath(ally, origin, s0, trend, "trend", trend_detail, ())
    if scenario == "target":
        if not (0 < target <= 20) or math.isnan(target):
            raise HagueError(f"target {target}% of GDP is outside 0-20%")
        if s0 >= target:
            shares = {y: max(s0, trend[y]) if y > by else s0 for y in range(origin + 1, last + 1)}
        else:
            shares = {y: s0 + (target - s0) * min(1.0, (y - origin) / (by - origin)) for y in range(origin + 1,
                                                                                                  last + 1)}
        return CentralPath(ally, origin, s0, shares, "target",
                           f"straight line from {s0:g}% in {origin} to {target:g}% in {by}", ())
    if scenario != "plans":
        raise HagueError(f"unknown scenario {scenario!r}; accepted: plans, trend, target (or --plan FILE)")
    recs = plan_records(ally, as_of=as_of)
    usable = [r for r in recs if r["year"] > origin or (r.get("until") or 0) > origin]
    if not usable:
        return CentralPath(ally, origin, s0, trend, "trend", "no stated plan on NATO's core share; " + trend_detail,
                           ())
    shares = _plan_path(s0, origin, last, usable, trend)
    labels = "; ".join(f"{r['label']} ({r.get('confidence') or 'confidence not stated'})" for r in usable)
    srcs = tuple(dict.fromkeys(str(r["source"]) for r in usable if r.get("source")))
    return CentralPath(ally, origin, s0, shares, "plans", f"from {s0:g}% in {origin} to the stated plans: {labels}",
                       srcs, records=tuple(usable))
