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
import functools
import math
from dataclasses import dataclass, field

import numpy as np

from hague.errors import HagueError

__all__ = ["CentralPath", "central_path", "damped_trend", "plain_trend", "PHI", "TREND_YEARS", "BASES",
           "plan_records", "money_records", "with_money", "on_record", "hague_record", "DELIVERY_BASES"]

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
    money_years: tuple[int, ...] = ()  # the years whose budget is fixed in money
    #: plan-anchored paths on the record of past delivery (:func:`on_record`): the stated path, the spread of
    #: delivery around the central path (sd, log points, by year) and the delivery group it comes from
    stated: dict[int, float] = field(default_factory=dict, repr=False)
    spread: dict[int, float] = field(default_factory=dict, repr=False)
    delivery: dict | None = field(default=None, repr=False)

    def row(self) -> dict:
        return {"ally": self.ally, "basis": self.basis, "detail": self.detail, "source": "; ".join(self.sources)}


def _slope(history: dict[int, float], origin: int, years: int = TREND_YEARS) -> float | None:
    """Least-squares slope of the log share over the ``years`` years up to ``origin`` (None with fewer than 2)."""
    return _window_slope(tuple(history.get(y) for y in range(origin - years + 1, origin + 1)), origin)


@functools.lru_cache(maxsize=1 << 16)
def _window_slope(window: tuple[float | None, ...], origin: int) -> float | None:
    """:func:`_slope` of the values ``window`` (the years up to ``origin``), computed once per window: the
    backtest recalibrates at every origin on the same pseudo-origins (the SIPRI backtest asked for 51,420
    slopes of about 3,000 windows)."""
    first = origin - len(window) + 1
    ys = [y for y, v in zip(range(first, origin + 1), window, strict=True) if v and v > 0]
    if len(ys) < 2:
        return None
    t = np.array(ys, dtype=float)
    return float(np.polyfit(t - t.mean(), np.log([window[y - first] for y in ys]), 1)[0])


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
    """The ally's stated core path on NATO's basis as published by ``as_of``: one record per stated year.

    From :func:`hague.rules.stated_paths.stated_core_path` (target and path shares, budgets with a stated share;
    NATO basis, core only, not superseded by ``as_of``). A stated range (Lithuania's 5-6%) counts at its middle.
    Each record: ``year``, ``value`` (percent of GDP), ``kind``, ``source``, ``label``, ``confidence``,
    ``published``.
    """
    from hague.rules.stated_paths import stated_core_path

    out = []
    for y, (v, p) in stated_core_path(ally, as_of=as_of).items():
        if p.value_max is not None and p.unit == "pct_GDP" and p.kind in ("target_share", "path_share"):
            v = (p.value + p.value_max) / 2
        kind = "alliance" if p.includes_related else p.kind  # The Hague's 5% restated: the alliance pledge
        out.append({"year": y, "value": float(v), "kind": kind, "source": p.source_url,
                    "label": f"{p.what} ({p.published})", "confidence": p.confidence, "published": p.published_date,
                    "id": p.id})
    return out


def money_records(ally: str, *, origin: int, as_of: _dt.date | None = None) -> tuple[dict | None, list[dict]]:
    """A stated money path on NATO's basis (national currency): the record at or before ``origin`` that anchors
    it, and the later years. Amounts of the same series (``path_amount``, ``budget_law``, ``budget_draft``, NATO
    basis, core only, a single year, no stated share of GDP)."""
    from hague.rules.national_plans import national_plans

    rows = [p for p in national_plans(ally, as_of=as_of)
            if p.kind in ("path_amount", "budget_law", "budget_draft") and p.basis == "NATO" and p.currency
            and not p.includes_related and p.value is not None and p.stated_share_gdp is None
            and p.amount_type == "total"
            and p.year_from is not None and p.year_from == p.year_to]
    by_year: dict[int, object] = {}
    for p in rows:
        by_year.setdefault(p.year_from, p)
    anchor = max((y for y in by_year if y <= origin), default=None)
    later = [y for y in by_year if y > origin]
    if anchor is None or not later:
        return None, []
    a = by_year[anchor]
    return ({"year": anchor, "value": a.value, "currency": a.currency, "source": a.source_url, "id": a.id},
            [{"year": y, "value": by_year[y].value, "source": by_year[y].source_url, "id": by_year[y].id,
              "label": f"{by_year[y].what} ({by_year[y].published})", "confidence": by_year[y].confidence}
             for y in sorted(later)])


def _plan_path(s0: float, origin: int, last: int, recs: list[dict], trend: dict[int, float]) -> dict[int, float]:
    """Straight lines from (origin, s0) through each later stated year; the last stated level held after it."""
    knots = [(origin, s0)] + sorted((r["year"], r["value"]) for r in recs if r["year"] > origin)
    out = {}
    for y in range(origin + 1, last + 1):
        for (y1, v1), (y2, v2) in zip(knots, knots[1:], strict=False):
            if y1 < y <= y2:
                out[y] = v1 + (v2 - v1) * (y - y1) / (y2 - y1)
                break
        else:
            out[y] = knots[-1][1] if len(knots) > 1 else trend[y]
    return out


def central_path(ally: str, *, origin: int, history: dict[int, float], last: int | None = None, scenario: str = "plans",
                 as_of: _dt.date | None = None, target: float | None = None, by: int | None = None,
                 plan: dict[int, float] | None = None, plan_file: str | None = None) -> CentralPath:
    """The central path of ``ally`` from ``origin`` (its last data year) to ``last``.

    ``history``: year -> share of GDP (percent) up to ``origin``. ``scenario``: ``plans`` (national plans where
    sourced, else the damped trend), ``trend``, ``target`` (a straight line to ``target`` by ``by``), or a user
    plan (``plan``: year -> share, from ``plan_file``).
    """
    from hague.rules import thresholds as _t

    target, by, last = _t.core(target), _t.by(by), _t.by(last)
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
    usable = [r for r in recs if r["year"] > origin]
    hague = hague_record(as_of)
    if hague is not None and origin < hague["year"] and not any(r["year"] >= hague["year"] for r in usable) and (
            usable[-1]["value"] if usable else s0) < hague["value"]:
        usable.append(hague)  # every ally's pledge; national plans come on top (a path above it keeps its level)
    if not usable:
        return CentralPath(ally, origin, s0, trend, "trend", "no stated plan on NATO's core share after "
                           f"{origin}; " + trend_detail, ())
    shares = _plan_path(s0, origin, last, usable, trend)
    labels = "; ".join(f"{r['year']}: {r['value']:g}% ({r['label']}, {r.get('confidence') or 'confidence n/a'})"
                       for r in usable)
    srcs = tuple(dict.fromkeys(str(r["source"]) for r in usable if r.get("source")))
    return CentralPath(ally, origin, s0, shares, "plans", f"from {s0:g}% in {origin} through the stated path: "
                       f"{labels}; the last level held after it", srcs, records=tuple(usable))


#: how a plan-anchored path is read: ``record`` (the median and spread of past delivery, the headline),
#: ``delivered`` (as the pledges that were met or exceeded), ``stated`` (the stated path as the median)
DELIVERY_BASES = ("record", "delivered", "stated")
_KIND = {"alliance": "alliance-wide", "target_share": "political target", "path_share": "political target",
         "budget_draft": "political target", "budget_law": "law"}
_Z90 = 2 * 1.2815515655446004  # the 10th to 90th percentile of a normal, in standard deviations


def hague_record(as_of: _dt.date | None = None) -> dict | None:
    """The Hague commitment as a record of the stated path (3.5% in 2035), once adopted (2025-06-25) by ``as_of``."""
    from hague.rules.pledges import hague_pledge

    p = hague_pledge("USA")  # the same pledge for every ally
    if as_of is not None and as_of < p.announced_date:
        return None
    return {"year": p.target_year, "value": p.target_value, "kind": "alliance", "source": p.source_url,
            "label": f"The Hague commitment, every ally ({p.announced})", "confidence": p.confidence,
            "published": p.announced_date, "id": p.source_id}


def on_record(cp: CentralPath, how: str = "record", *, passed_by: int | None = None) -> CentralPath:
    """A plan-anchored path read on the record of past delivery (:mod:`hague.models.pledge_delivery`).

    With ``s0`` the origin's share and ``p(y)`` the stated path, the central path is ``s0 + d50 * (p(y) - s0)`` and
    the spread of delivery ``sd_d * |p(y) - s0| / central(y)`` log points, ``d50`` the median and ``sd_d`` the
    10th-90th percentile range / 2.563 of the fraction of the gap that pledges of the same kind and distance closed
    by their deadline, among those whose deadline had passed by ``passed_by`` (default: the path's origin).
    ``how``: ``record`` (every such pledge: the headline), ``delivered`` (only those met or exceeded: "if the
    stated plan is delivered") or ``stated`` (the stated path as the median, unchanged). The kind and the gap are
    those of the path's last stated year (its deadline). A path that is not plan-anchored, or whose last stated
    level is at or below the origin's share, is returned unchanged.
    """
    if how not in DELIVERY_BASES:
        raise HagueError(f"unknown delivery basis {how!r}; accepted: {', '.join(DELIVERY_BASES)}")
    if how == "stated" or cp.basis != "plans" or not cp.records and not cp.money_years:
        return cp
    from hague.models.pledge_delivery import delivery_model

    end = max(cp.records, key=lambda r: r["year"]) if cp.records else None
    last_year = end["year"] if end else max(cp.money_years)
    kind = "money" if cp.money_years and (end is None or max(cp.money_years) >= end["year"]) else _KIND.get(
        end["kind"], "political target")
    gap = cp.shares[min(last_year, max(cp.shares))] - cp.s0
    if gap <= 0:
        return cp
    model = delivery_model(cp.origin if passed_by is None else passed_by, met_only=(how == "delivered"))
    try:
        group, fr = model.group(kind, gap)
        q = model.fractions(kind, gap)
    except ValueError:  # no pledge's deadline had passed by then: the stated path stands
        return cp
    sd = (q[90] - q[10]) / _Z90
    shares, spread = {}, {}
    for y, v in cp.shares.items():
        shares[y] = cp.s0 + q[50] * (v - cp.s0) if v > cp.s0 else v
        spread[y] = sd * abs(v - cp.s0) / shares[y] if v > cp.s0 else 0.0
    what = "pledges met or exceeded" if how == "delivered" else "pledges"
    detail = (f"on the record of past delivery: {group} {what} closed a median {q[50]:.2f} of their gap "
              f"(p10-p90 {q[10]:.2f}-{q[90]:.2f}, {len(fr)} pledges with passed deadlines); stated path: "
              + cp.detail)
    return CentralPath(cp.ally, cp.origin, cp.s0, shares, cp.basis, detail, cp.sources, money=cp.money,
                       records=cp.records, money_years=cp.money_years, stated=dict(cp.shares), spread=spread,
                       delivery={"how": how, "kind": kind, "group": group, "n": len(fr), "gap_pp": gap,
                                 "d10": q[10], "d50": q[50], "d90": q[90]})


def with_money(cp: CentralPath, *, anchor: dict, later: list[dict], nc0: float, gdp_nc: dict[int, float]) -> CentralPath:
    """The central path with the years of a stated money path as budgets fixed in national currency.

    NATO's spending at the origin (``nc0``, national currency million) grows as the stated amounts do from the
    anchor year; the share is that money over the projected nominal GDP (``gdp_nc``), so GDP surprises move it.
    """
    shares = dict(cp.shares)
    money_years = []
    for r in later:
        y = r["year"]
        if y in shares and y in gdp_nc:
            shares[y] = 100 * nc0 * r["value"] / anchor["value"] / gdp_nc[y]
            money_years.append(y)
    if not money_years:
        return cp
    last_money = max(money_years)
    # after the money path: the stated share path where there is one, else the last money share held
    if cp.basis != "plans":
        for y in shares:
            if y > last_money:
                shares[y] = shares[last_money]
    desc = (f"budgets fixed in {anchor['currency']} {money_years[0]}-{last_money}: NATO's {cp.origin} spending "
            f"grown as the stated amounts from {anchor['year']} ({anchor['value']:g}bn) to "
            + ", ".join(f"{r['year']}: {r['value']:g}bn" for r in later if r["year"] in money_years)
            + "; share = money / projected nominal GDP")
    srcs = tuple(dict.fromkeys([*cp.sources, *(str(r["source"]) for r in [anchor, *later] if r.get("source"))]))
    detail = desc + ("; then " + cp.detail if cp.basis == "plans" else "")
    return CentralPath(cp.ally, cp.origin, cp.s0, shares, "plans", detail, srcs, money=True,
                       records=cp.records, money_years=tuple(money_years))
