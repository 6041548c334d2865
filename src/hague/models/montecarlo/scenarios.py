"""Scenarios: the planned share path per ally, the national targets scored, and the kernel's inputs."""

from __future__ import annotations

import math

import numpy as np

from hague.data import dataset
from hague.economics.gdp import HORIZON, gdp_path
from hague.models.montecarlo.calibration import Calibration, calibrate
from hague.models.montecarlo.constants import BASE_YEAR, REVIEW_YEAR, SPEND, THRESHOLD
from hague.models.montecarlo.kernel import Params


def _planned_shares(scenario: str, cal: Calibration, *, target: float, by: int, source: str) -> np.ndarray:
    from hague.models.projection import share_path

    nato = dataset(source)
    y0 = max(nato.years(f"{SPEND}_share_gdp"))
    years = list(range(BASE_YEAR + 1, HORIZON + 1))
    out = np.empty((len(years), len(cal.allies)))
    for i, a in enumerate(cal.allies):
        s0 = nato.value(a, f"{SPEND}_share_gdp", y0)
        if scenario == "trend":
            path = {y: max(s0 + cal.trend_slope[i] * (y - y0), 0.1) for y in range(y0 + 1, HORIZON + 1)}
        else:
            path = share_path(s0, y0, target=target, by=by, shape="linear")
        for j, y in enumerate(years):
            out[j, i] = nato.value(a, f"{SPEND}_share_gdp", y) if y <= y0 else path[y]
    return out


def national_targets_simulated(allies: tuple[str, ...]) -> list[dict]:
    """National targets that the simulation can score (rules in docs/economics.md, "National targets").

    From :func:`hague.rules.national_targets`: targets on NATO's core share of GDP (``measure``
    ``core_defence_expenditure_share_gdp``) with ``comparison`` ``at_least`` or ``between`` (scored at the lower
    bound). The year scored is the deadline when it falls in 2026-2035; a target that took effect earlier and holds
    ``until`` a later year is scored in that year (at most 2035). Others (no year, past, national definitions,
    core-plus-related totals) are left out.
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
        dl, until = t.get("deadline"), t.get("until")
        if dl is not None and BASE_YEAR < dl <= HORIZON:
            year = dl
        elif dl is not None and dl <= BASE_YEAR and until is not None and until > BASE_YEAR:
            year = min(until, HORIZON)
        else:
            continue
        out.append({**t, "scored_year": year})
    return out


def build_params(*, draws: int, seed: int, scenario: str, target: float, by: int, source: str, economics: str,
                 cal: Calibration | None = None, national: list[dict] | None = None) -> tuple[Params, Calibration]:
    cal = cal or calibrate(source=source)
    years = tuple(range(BASE_YEAR + 1, HORIZON + 1))
    sstar = _planned_shares(scenario, cal, target=target, by=by, source=source)
    A = len(cal.allies)
    c21 = np.empty((len(years), A))
    ccur = np.empty((len(years), A))
    cnc = np.empty((len(years), A))
    for i, a in enumerate(cal.allies):
        g = gdp_path(a, economics=economics, source=source)
        for j, y in enumerate(years):
            c21[j, i] = sstar[j, i] / 100 * g.gdp_usd_2021[y]
            cnc[j, i] = c21[j, i] * g.xr_2021 * g.defence_deflator[y]
            ccur[j, i] = cnc[j, i] / g.xr[y]
    groups = np.zeros((A, 3))
    for i, a in enumerate(cal.allies):
        groups[i, 0] = a != "USA"
        groups[i, 1] = a == "USA"
        groups[i, 2] = 1
    f32 = np.float32
    c = math.sqrt
    ahead = np.sqrt(np.arange(1, len(years) + 1, dtype=float))[:, None]  # sqrt(years after the base year)
    hit_years = (years.index(REVIEW_YEAR), years.index(HORIZON), years.index(by))
    p = Params(
        seed=seed, draws=draws, plan_mode=scenario == "plan", years=years, allies=cal.allies,
        log_sstar=np.log(sstar).astype(f32), sstar=sstar,
        sg=(ahead * cal.sigma_growth / 100 * np.array([c(1 - x * x) for x in cal.load_growth])).astype(f32),
        sgf=(cal.sigma_growth / 100 * cal.load_growth).astype(f32),
        sp=(ahead * cal.sigma_inflation / 100 * np.array([c(1 - x * x) for x in cal.load_inflation])).astype(f32),
        spf=(cal.sigma_inflation / 100 * cal.load_inflation).astype(f32),
        rho=f32(cal.rho), sz=cal.sigma_exec.astype(f32),
        central21=c21.astype(f32), centralcur=ccur.astype(f32), central_nc=cnc, groups=groups.astype(f32),
        currencies=tuple(gdp_path(a, economics=economics, source=source).currency for a in cal.allies),
        group_central21=(c21 @ groups).astype(f32), group_centralcur=(ccur @ groups).astype(f32),
        hit_years=hit_years, thresholds=(THRESHOLD, THRESHOLD, target),
        hit_log=np.stack([np.log(thr / sstar[t]) for t, thr in zip(hit_years, (THRESHOLD, THRESHOLD, target),
                                                                    strict=True)]).astype(f32),
        extra_hits=tuple((years.index(t["scored_year"]), cal.allies.index(t["ally"]),
                          float(f32(math.log(float(t["value"]) / sstar[years.index(t["scored_year"]),
                                                                    cal.allies.index(t["ally"])]))))
                         for t in (national or ())),
    )
    return p, cal

