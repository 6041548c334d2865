"""Calibration of the Monte Carlo from the data: GDP shocks (IMF WEO) and execution errors (NATO shares)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from hague.allies import all_allies
from hague.data import DEFAULT_DATASET, DEFAULT_ECONOMICS, dataset
from hague.errors import HagueError
from hague.models.montecarlo.constants import SPEND

__all__ = ["Calibration", "calibrate"]


@dataclass(frozen=True)
class Calibration:
    """Parameters per ally (arrays in the order of ``allies``) and pooled; see docs/economics.md."""

    allies: tuple[str, ...]
    sigma_growth: np.ndarray  # percentage points
    sigma_inflation: np.ndarray
    load_growth: np.ndarray  # loading on the common factor, in [0, 0.95]
    load_inflation: np.ndarray
    rho: float  # persistence of the execution error
    sigma_exec: np.ndarray  # log points per year
    trend_slope: np.ndarray  # percentage points of GDP per year (2014-2026 OLS)
    sources: tuple[str, ...] = ()

    def rows(self) -> list[dict]:
        return [
            {"ally": a, "sigma_growth": float(self.sigma_growth[i]), "load_growth": float(self.load_growth[i]),
             "sigma_inflation": float(self.sigma_inflation[i]), "load_inflation": float(self.load_inflation[i]),
             "sigma_exec": float(self.sigma_exec[i]), "rho": self.rho, "trend_slope": float(self.trend_slope[i])}
            for i, a in enumerate(self.allies)
        ]


def _mad_sigma(x: np.ndarray) -> float:
    """Robust standard deviation of year-on-year changes of a rate, per year of level noise."""
    d = np.diff(x)
    return float(1.4826 * np.median(np.abs(d - np.median(d))) / math.sqrt(2))


def _loadings(mat: np.ndarray) -> np.ndarray:
    """Correlation of each ally's yearly changes with the cross-ally mean of standardised changes, in [0, 0.95]."""
    d = np.diff(mat, axis=1)
    z = (d - d.mean(axis=1, keepdims=True)) / d.std(axis=1, keepdims=True)
    f = z.mean(axis=0)
    out = np.array([np.corrcoef(z[i], f)[0, 1] for i in range(len(z))])
    return np.clip(out, 0.0, 0.95)


def calibrate(*, source: str = DEFAULT_DATASET, history: str = DEFAULT_ECONOMICS) -> Calibration:
    """Estimate every parameter from the data (documented in docs/economics.md).

    Growth and inflation: IMF WEO actual years (``estimate`` false) 2011-2024 of real GDP growth and of the GDP
    deflator's change; execution: NATO's shares of GDP 2014-2026.

    >>> c = calibrate()
    >>> round(c.rho, 2), c.allies[:2]
    (0.51, ('ALB', 'BEL'))
    """
    weo, nato = dataset(history), dataset(source)
    allies = tuple(a.iso3 for a in all_allies() if a.has_armed_forces)
    first = 2011
    last = min(int(o.get("last_actual_year") or 0) or 9999 for o in weo.rows if o.indicator == "real_gdp_growth")
    last = min(last, max(y for y in weo.years("real_gdp_growth")))
    years = list(range(first, last + 1))
    if len(years) < 6:
        raise HagueError(f"{history} has only {len(years)} actual years ({first}-{last}); calibration needs 6 or more"
                         " (use imf-weo-2025-10, which has 2010-2024)")
    g = np.array([[weo.value(a, "real_gdp_growth", y) for y in years] for a in allies], dtype=float)
    d = np.array([[weo.value(a, "gdp_deflator", y) for y in [years[0] - 1, *years]] for a in allies], dtype=float)
    if np.isnan(g).any() or np.isnan(d).any():
        raise HagueError(f"{history} lacks real growth or deflator values in {first}-{last}")
    pi = 100 * (d[:, 1:] / d[:, :-1] - 1)
    sg = np.array([_mad_sigma(r) for r in g])
    sp = np.array([_mad_sigma(r) for r in pi])
    lg, lp = _loadings(g), _loadings(pi)

    syears = nato.years(f"{SPEND}_share_gdp")
    s = np.array([[nato.value(a, f"{SPEND}_share_gdp", y) for y in syears] for a in allies], dtype=float)
    t = np.array(syears, dtype=float) - syears[0]
    ls = np.log(s)
    resid, lin = [], []
    for i in range(len(allies)):
        b, c0 = np.polyfit(t, ls[i], 1)
        resid.append(ls[i] - (c0 + b * t))
        lin.append(np.polyfit(t, s[i], 1)[0])
    res = np.array(resid)
    x, y = res[:, :-1].ravel(), res[:, 1:].ravel()
    rho = float(np.clip((x @ y) / (x @ x), 0.0, 0.95))
    innov = res[:, 1:] - rho * res[:, :-1]
    sz_i = innov.std(axis=1, ddof=1)
    sz_pool = float(np.sqrt(np.mean(innov**2)))
    sz = 0.5 * sz_i + 0.5 * sz_pool
    return Calibration(allies=allies, sigma_growth=sg, sigma_inflation=sp, load_growth=lg, load_inflation=lp,
                       rho=rho, sigma_exec=sz, trend_slope=np.array(lin),
                       sources=(f"{history} {first}-{last} (actual years)", f"{source} {syears[0]}-{syears[-1]}"))

