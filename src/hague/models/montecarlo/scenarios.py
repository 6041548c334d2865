"""Scenarios: the central path per ally, the national targets scored, and the kernel's inputs."""

from __future__ import annotations

import datetime as _dt
import math

import numpy as np

from hague.data import DEFAULT_DATASET, DEFAULT_ECONOMICS, dataset
from hague.economics.gdp import HORIZON, gdp_path
from hague.errors import HagueError, YearOutOfRangeError
from hague.models.montecarlo.calibration import Calibration, calibrate, trend_drift
from hague.models.montecarlo.central import CentralPath, central_path, on_record
from hague.models.montecarlo.constants import REVIEW_YEAR, SCENARIOS, SPEND, THRESHOLD
from hague.models.montecarlo.history import share_history
from hague.models.montecarlo.kernel import Params


def edition_date(source: str) -> _dt.date:
    """When the edition was published (:func:`hague.sources.vintages.edition_date`: its provenance ``published``;
    an import without one, the 31 December of its last data year): plans after it are unknown to a forecast made
    from it."""
    from hague.sources.vintages import edition_date as _edition_date

    return _edition_date(source)


def central_paths(allies: tuple[str, ...], *, source: str, scenario: str, target: float, by: int,
                  plan: dict[int, float] | None = None, plan_ally: str | None = None, plan_file: str | None = None,
                  as_of: _dt.date | None = None, last: int = HORIZON,
                  economics: str = DEFAULT_ECONOMICS, delivery: str = "record") -> tuple[int, list[CentralPath]]:
    """The origin (the edition's last year) and each ally's central path to ``last``; plan-anchored paths read
    on the record of past delivery (``delivery``: ``record``, ``delivered`` or ``stated``, see
    :func:`hague.models.montecarlo.central.on_record`)."""
    if scenario not in SCENARIOS:
        raise HagueError(f"unknown scenario {scenario!r}; accepted: {', '.join(SCENARIOS)} (or --plan FILE)")
    sh = share_history(source, allies)
    y0 = sh.last
    if as_of is None and source != DEFAULT_DATASET:  # an older edition forecasts with what was known then
        as_of = edition_date(source)
    out = []
    for a in allies:
        hist = sh.shares[a]
        if y0 not in hist:
            raise HagueError(f"{a}: {source} has no share of GDP in {y0}, its last year; nothing to start from")
        own = plan if plan is not None and a == plan_ally else None
        cp = central_path(a, origin=y0, history=hist, last=last, scenario=scenario, as_of=as_of, target=target,
                          by=by, plan=own, plan_file=plan_file)
        if scenario == "plans" and own is None:
            cp = on_record(_money_overlay(cp, source=source, economics=economics, as_of=as_of), delivery)
        if cp.basis == "trend":
            cal = trend_drift(source)
            cp = with_drift(cp, float(cal.drifts(1, (a,))[0, 0]))
        out.append(cp)
    return y0, out


def with_drift(cp: CentralPath, drift: float) -> CentralPath:
    """A damped-trend path moved by the drift of the trend's past errors: ``share * exp(drift * years ahead)``
    (docs/economics.md, "Drift"); the median hague simulate draws around, and the central path check reports."""
    if not drift:
        return cp
    from dataclasses import replace

    shares = {y: v * math.exp(drift * (y - cp.origin)) for y, v in cp.shares.items()}
    return replace(cp, shares=shares, detail=f"{cp.detail}; plus the drift of the damped trend's past errors, "
                                             f"{100 * drift:+.1f}% a year")


def _money_overlay(cp: CentralPath, *, source: str, economics: str, as_of) -> CentralPath:
    """Years of a stated money path (NATO basis) become budgets fixed in national currency."""
    from hague.allies import resolve
    from hague.models.montecarlo.central import money_records, with_money

    anchor, later = money_records(cp.ally, origin=cp.origin, as_of=as_of)
    if anchor is None:
        return cp
    cur = resolve(cp.ally).currency or "USD"
    if anchor["currency"] != cur:
        return cp
    try:
        nc0 = dataset(source).value(cp.ally, SPEND, cp.origin, unit=f"{cur} million", price_basis="current")
        g = gdp_path(cp.ally, economics=economics, source=source)
    except HagueError:
        return cp
    if not nc0:
        return cp
    return with_money(cp, anchor=anchor, later=later, nc0=nc0, gdp_nc=g.gdp_nc)


def national_targets_simulated(allies: tuple[str, ...], origin: int = 2025, *,
                               as_of: _dt.date | None = None) -> list[dict]:
    """National targets that the simulation can score (rules in docs/economics.md, "National targets").

    From :func:`hague.rules.national_targets`: targets on NATO's core share of GDP (``measure``
    ``core_defence_expenditure_share_gdp``) with ``comparison`` ``at_least`` or ``between`` (scored at the lower
    bound). The year scored is the deadline when it falls after ``origin`` and by 2035; a target that took effect earlier and holds
    ``until`` a later year is scored in that year (at most 2035). Others (no year, past, national definitions,
    core-plus-related totals) are left out, and so are targets announced after ``as_of`` (a forecast from an older
    edition knows only what was announced by its publication date).
    """
    try:
        from hague.rules import national_targets
    except ImportError:  # pragma: no cover - the rules package ships with hague
        return []
    out = []
    for t in national_targets():
        if t["ally"] not in allies or t.get("measure") != f"{SPEND}_share_gdp":
            continue
        if t.get("comparison") not in ("at_least", "between") or t.get("unit") != "percent of GDP":
            continue
        if as_of is not None and (not t.get("date") or str(t["date"])[:10] > as_of.isoformat()):
            continue
        dl, until = t.get("deadline"), t.get("until")
        if dl is not None and origin < dl <= HORIZON:
            year = dl
        elif dl is not None and dl <= origin and until is not None and until > origin:
            year = min(until, HORIZON)
        else:
            continue
        out.append({**t, "scored_year": year})
    return out


def _to_z(x: np.ndarray, up: float, down: float) -> np.ndarray:
    """The bar in the kernel's symmetric units: the error is ``up * z`` above the central path, ``down * z`` below."""
    return np.where(x > 0, x / up, x / down)


def build_params(*, draws: int, seed: int, scenario: str, target: float, by: int, source: str, economics: str,
                 cal: Calibration | None = None, national: list[dict] | None = None,
                 paths: list[CentralPath] | None = None, plan: dict[int, float] | None = None,
                 plan_ally: str | None = None, plan_file: str | None = None) -> tuple[Params, Calibration]:
    """Everything the kernel needs, from the edition's last year to 2035 (docs/economics.md)."""
    cal = cal or calibrate(source=source)
    if paths is None:
        _, paths = central_paths(cal.allies, source=source, scenario=scenario, target=target, by=by, plan=plan,
                                 plan_ally=plan_ally, plan_file=plan_file)
    y0 = paths[0].origin
    years = tuple(range(y0 + 1, HORIZON + 1))
    T, A = len(years), len(cal.allies)
    if T < 1 or REVIEW_YEAR not in years:
        raise YearOutOfRangeError(f"{source} ends in {y0}; simulations run to {REVIEW_YEAR} and {HORIZON} and need "
                                  f"an edition whose last year is before {REVIEW_YEAR}")
    if by not in years:
        raise YearOutOfRangeError(f"target year {by} must come after the last year of data ({y0}, {source}) and not "
                                  f"after {HORIZON}")
    sstar = np.array([[c.shares[y] for c in paths] for y in years], dtype=float)
    c21, ccur, cnc = (np.empty((T, A)) for _ in range(3))
    gdp_source, currencies = source, []
    for i, a in enumerate(cal.allies):
        try:
            g = gdp_path(a, economics=economics, source=gdp_source)
        except HagueError:  # an edition with shares only (no GDP tables): GDP paths from the default edition
            gdp_source = DEFAULT_DATASET
            g = gdp_path(a, economics=economics, source=gdp_source)
        currencies.append(g.currency)
        for j, y in enumerate(years):
            c21[j, i] = sstar[j, i] / 100 * g.gdp_usd_2021[y]
            cnc[j, i] = c21[j, i] * g.xr_2021 * g.defence_deflator[y]
            ccur[j, i] = cnc[j, i] / g.xr[y]
            # constant prices: the mean drift of defence prices against the GDP deflator (NATO's history)
            c21[j, i] *= math.exp(-cal.drift_wedge[i] * (j + 1))
    groups = np.zeros((A, 3))
    for i, a in enumerate(cal.allies):
        groups[i] = (a != "USA", a == "USA", 1)
    f32 = np.float32
    c = math.sqrt
    ahead = np.sqrt(np.arange(1, T + 1, dtype=float))[:, None]  # sqrt(years after the origin)
    ex = cal.execution
    sig = ex.spread(T, ex.factor)  # (T, A) sd of the execution error h years ahead
    # a plan-anchored path: the spread of past delivery where it is wider (it includes execution); never shrinking
    spread = np.array([[p.spread.get(y, 0.0) for p in paths] for y in years])
    sig = np.maximum.accumulate(np.maximum(sig, spread), axis=0)
    inc = np.sqrt(np.diff(sig**2, axis=0, prepend=0.0))  # yearly shocks of a random walk with that spread
    hit_years = (years.index(REVIEW_YEAR), years.index(HORIZON), years.index(by))
    up, down = ex.up, ex.down
    cur_codes = {k: n for n, k in enumerate(dict.fromkeys(currencies))}
    money = np.array([[1.0 if y in p.money_years else 0.0 for p in paths] for y in years])
    p = Params(
        seed=seed, draws=draws, plan_mode=False, years=years, allies=cal.allies,
        log_sstar=np.log(sstar).astype(f32), sstar=sstar,
        sg=(ahead * cal.sigma_growth / 100 * np.array([c(1 - x * x) for x in cal.load_growth])).astype(f32),
        sgf=(cal.sigma_growth / 100 * cal.load_growth).astype(f32),
        sp=(ahead * cal.sigma_inflation / 100 * np.array([c(1 - x * x) for x in cal.load_inflation])).astype(f32),
        spf=(cal.sigma_inflation / 100 * cal.load_inflation).astype(f32),
        rho=f32(1.0), sz=inc.astype(f32),
        central21=c21.astype(f32), centralcur=ccur.astype(f32), central_nc=cnc, groups=groups.astype(f32),
        currencies=tuple(currencies),
        group_central21=(c21 @ groups).astype(f32), group_centralcur=(ccur @ groups).astype(f32),
        hit_years=hit_years, thresholds=(THRESHOLD, THRESHOLD, target),
        hit_log=np.stack([_to_z(np.log(thr / sstar[t]), up, down)
                          for t, thr in zip(hit_years, (THRESHOLD, THRESHOLD, target), strict=True)]).astype(f32),
        extra_hits=tuple((years.index(t["scored_year"]), cal.allies.index(t["ally"]),
                          float(f32(_to_z(np.array(math.log(float(t["value"]) / sstar[
                              years.index(t["scored_year"]), cal.allies.index(t["ally"])])), up, down))))
                         for t in (national or ())),
        boot=ex.boot_rows(T).astype(f32),
        money=money.astype(f32) if money.any() else None,
        fx=(ahead * cal.sigma_fx[None, :]).astype(f32) if cal.sigma_fx.any() else None,
        cur_idx=np.array([cur_codes[k] for k in currencies], dtype=np.intp),
        skew=(up, down), gdp_source=gdp_source,
    )
    return p, cal


def restrict(p: Params, allies: tuple[str, ...], national: list[dict]) -> tuple[Params, list[dict]]:
    """The inputs of a run of ``allies`` only, without alliance totals, and the national targets it scores.

    The kernel still draws every ally's random shocks (the streams are per block, not per ally) and keeps the
    columns of ``allies``, so each ally's counts are those of the all-ally run, bit for bit; it skips the other
    allies' paths, money and histograms and the alliance totals.
    """
    import dataclasses

    cols = np.array([p.allies.index(a) for a in allies], dtype=np.intp)
    keep = [k for k, (_, a, _) in enumerate(p.extra_hits) if a in cols]
    where = {int(c): i for i, c in enumerate(cols)}

    def sub(x):
        return None if x is None else np.ascontiguousarray(x[..., cols])

    q = dataclasses.replace(
        p, allies=tuple(allies), log_sstar=sub(p.log_sstar), sstar=sub(p.sstar), sg=sub(p.sg), sgf=sub(p.sgf),
        sp=sub(p.sp), spf=sub(p.spf), sz=sub(p.sz), central21=sub(p.central21), centralcur=sub(p.centralcur),
        central_nc=sub(p.central_nc), currencies=tuple(p.currencies[c] for c in cols),
        groups=np.ascontiguousarray(p.groups[cols]), hit_log=sub(p.hit_log),
        extra_hits=tuple((p.extra_hits[k][0], where[p.extra_hits[k][1]], p.extra_hits[k][2]) for k in keep),
        money=sub(p.money), fx=sub(p.fx), cur_idx=np.ascontiguousarray(p.cur_idx[cols]),
        stream_allies=len(p.allies), stream_cols=cols, stream_currencies=int(p.cur_idx.max()) + 1, totals=False)
    return q, [national[k] for k in keep]
