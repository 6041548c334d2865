"""Calibration of the Monte Carlo from the data: GDP shocks (IMF WEO) and execution errors (NATO shares)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from hague.allies import all_allies
from hague.columns import table_result
from hague.data import DEFAULT_DATASET, DEFAULT_ECONOMICS, dataset
from hague.errors import HagueError
from hague.models.montecarlo.constants import SPEND
from hague.results import COMPUTED, Column, Result

__all__ = ["Calibration", "calibrate", "trend_drift", "calibration_result"]


@dataclass(frozen=True)
class Calibration:
    """Parameters per ally (arrays in the order of ``allies``) and pooled; see docs/economics.md."""

    allies: tuple[str, ...]
    sigma_growth: np.ndarray  # percentage points
    sigma_inflation: np.ndarray
    load_growth: np.ndarray  # loading on the common factor, in [0, 0.95]
    load_inflation: np.ndarray
    execution: ExecutionCalibration  # errors of the central path by horizon
    sigma_fx: np.ndarray  # log points per year, exchange rate to the USD (0 for the USD)
    sigma_wedge: np.ndarray  # log points per year, defence prices relative to the GDP deflator
    drift_wedge: np.ndarray  # log points per year, mean of the same
    sources: tuple[str, ...] = ()

    @property
    def rho(self) -> float:
        """Persistence of the execution error: 1, a random walk whose spread keeps growing with the horizon."""
        return 1.0

    def rows(self) -> list[dict]:
        ex = self.execution
        return [
            {"ally": a, "sigma_growth": float(self.sigma_growth[i]), "load_growth": float(self.load_growth[i]),
             "sigma_inflation": float(self.sigma_inflation[i]), "load_inflation": float(self.load_inflation[i]),
             "sigma_exec_1y": ex.ally_sigma(i, 1), "sigma_exec_5y": ex.ally_sigma(i, 5),
             "sigma_exec_10y": ex.ally_sigma(i, 10), "skew_up": ex.up, "skew_down": ex.down,
             "sigma_fx": float(self.sigma_fx[i]), "sigma_wedge": float(self.sigma_wedge[i]),
             "drift_wedge": float(self.drift_wedge[i])}
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
    deflator's change; execution: errors of the damped trend on NATO's shares of GDP (every year published,
    2017-2026, NATO's estimates included; its drift and scale: :func:`calibrate_execution`); exchange rates: IMF
    WEO.

    >>> c = calibrate()
    >>> e = c.execution  # sigma(h) = a * h**b log points
    >>> round(e.a, 3), round(e.b, 2), e.years, c.allies[:2]
    (0.144, 0.5, 10, ('ALB', 'BEL'))
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

    from hague.models.montecarlo.history import share_history

    sh = share_history(source, allies)
    y0 = sh.last
    # every value published up to the origin, the source's estimates included, is an outcome of the pseudo-forecasts
    ex = calibrate_execution(sh.truncated(y0), y0, history=source, allies=allies)
    fx, wedge, drift, fx_note = _price_risks(allies, weo, nato, source, history, years)
    return Calibration(allies=allies, sigma_growth=sg, sigma_inflation=sp, load_growth=lg, load_inflation=lp,
                       execution=ex, sigma_fx=fx, sigma_wedge=wedge, drift_wedge=drift,
                       sources=(f"{history} {first}-{last} (actual years)",
                                f"{source} {sh.first}-{y0} (execution errors of the central path)", fx_note))


@lru_cache(maxsize=8)
def trend_drift(source: str = DEFAULT_DATASET) -> ExecutionCalibration:
    """The execution calibration whose drift moves a damped-trend path from ``source``'s last year (every ally's
    history, as :func:`calibrate`): ``.drifts(T, allies)``."""
    from hague.models.montecarlo.history import share_history

    allies = tuple(a.iso3 for a in all_allies() if a.has_armed_forces)
    sh = share_history(source, allies)
    return calibrate_execution(sh.truncated(sh.last), sh.last, history=source, allies=allies)


def _price_risks(allies, weo, nato, source: str, history: str, years: list[int]):
    """Exchange-rate volatility and the wedge between defence prices and the GDP deflator, per ally.

    Exchange rate: IMF WEO GDP in national currency over GDP in USD, actual years (``years``): standard deviation
    of the yearly log change (0 for the USD). Wedge: NATO's implicit defence deflator (core spending in national
    currency, current over constant 2021 prices; actual years, not estimates) against the IMF GDP deflator: mean
    and standard deviation of the yearly log change of their ratio.
    """
    fx = np.zeros(len(allies))
    wedge = np.zeros(len(allies))
    drift = np.zeros(len(allies))
    for i, a in enumerate(allies):
        xr = []
        for y in years:
            nc = weo.value(a, "gdp", y, unit="national currency billion")
            usd = weo.value(a, "gdp", y, unit="USD billion")
            if nc and usd:
                xr.append(nc / usd)
        if len(xr) >= 4 and np.ptp(xr) > 1e-9 * max(xr):
            fx[i] = float(np.std(np.diff(np.log(xr)), ddof=1))
        w = _wedge(nato, weo, a)
        if len(w) >= 4:
            wedge[i] = float(np.std(w, ddof=1))
            drift[i] = float(np.mean(w))
    note = (f"{history} exchange rates (GDP in national currency / in USD) {years[0]}-{years[-1]}; {source} "
            "defence deflator (core spending, current / constant 2021 prices) against the IMF GDP deflator")
    return fx, wedge, drift, note


def _wedge(nato, weo, a: str) -> np.ndarray:
    """Yearly log change of (NATO defence deflator / IMF GDP deflator), actual years only."""
    from hague.allies import resolve

    unit = f"{resolve(a).currency or 'USD'} million"
    est = {o.year for o in nato.rows if o.ally == a and o.indicator == SPEND and o.estimate}
    out, prev = [], None
    for y in nato.years(SPEND):
        dc = nato.value(a, SPEND, y, unit=unit, price_basis="current")
        dk = nato.value(a, SPEND, y, unit=unit, price_basis="constant_2021")
        gd = weo.value(a, "gdp_deflator", y)
        if y in est or not (dc and dk and gd):
            prev = None
            continue
        r = math.log((dc / dk) / gd)
        if prev is not None:
            out.append(r - prev)
        prev = r
    return np.array(out)


# --- execution errors: how far outcomes landed from the central path, by horizon ------------------------------

#: longest horizon calibrated and simulated (2026-2035 from a 2025 origin)
MAX_HORIZON = 10
#: history a backtest origin needs (years of data up to and including it)
MIN_HISTORY = 4
#: history a pseudo-origin inside the calibration needs (so that an origin with 4 years has one error to learn from)
MIN_PSEUDO_HISTORY = 3
#: bootstrap replicates of the calibration (allies resampled); each draw of the simulation uses one of them
BOOTSTRAP = 200
#: shrinkage of an ally's own error scale towards the pooled one: weight n / (n + SHRINK) on the ally's n errors
SHRINK = 20
#: fewest outcome years for a skew estimate; with fewer the error is symmetric
MIN_SKEW_YEARS = 10
#: half-life (years) of the weight of an outcome year in the drift: recent momentum counts most. Chosen on the
#: origins 2017-2021 of nato-2026 only (docs/economics.md, "Drift"); the origins 2022-2025 and the real vintages
#: are scored out of sample
DRIFT_HALF_LIFE = 1.0
#: persistence of the drift from one year ahead to the next (1: it accumulates linearly); chosen with the half-life
#: (0.6 and 0.8 scored worse on the tuning origins: 50% coverage 0.44-0.46, 0.66-0.71 of outcomes above the median)
DRIFT_PERSISTENCE = 1.0
Z90 = 1.2815515655446004  # standard normal 90th percentile


@dataclass(frozen=True)
class ExecutionCalibration:
    """Errors of the central path (log of outcome / central), by horizon, from pseudo-forecasts up to ``origin``.

    ``sigma[h-1]``: pooled root-mean-square error ``h`` years ahead (fitted ``a * h**b``); ``factor``: each ally's
    scale relative to the pool (shrunk); ``up``/``down``: scales of errors above/below the central path (skew);
    ``boot``: (BOOTSTRAP, MAX_HORIZON) ratios of replicate sigmas to ``sigma`` (parameter uncertainty, drawn from
    the sampling distribution of a variance estimated from ``years`` independent outcome years).
    """

    origin: int
    history: str
    allies: tuple[str, ...]
    sigma: np.ndarray
    a: float
    b: float
    factor: np.ndarray
    up: float
    down: float
    boot: np.ndarray
    n_by_h: tuple[int, ...]
    years: int
    rms_by_h: tuple[float, ...]
    pseudo_origins: tuple[int, int] | None
    drift: float = 0.0  # log points per year ahead: mean error of the damped trend, recent outcome years weighted
    revision: float = 0.0  # log points: revision error of the origin's data (0 when the origin data are revised)

    def ally_sigma(self, i: int, h: int) -> float:
        return float(math.hypot(self.a * h**self.b * self.factor[i], self.revision))

    def drifts(self, T: int, allies: tuple[str, ...] | None = None) -> np.ndarray:
        """(T, A) drift of the median 1 .. T years ahead, log points: the drift (one for every ally) times ``1 + psi
        + ... + psi**(h-1)`` (``psi`` = :data:`DRIFT_PERSISTENCE`); ``allies`` default: the calibration's."""
        d = np.full(len(self.allies if allies is None else allies), self.drift)
        return np.cumsum(DRIFT_PERSISTENCE ** np.arange(T, dtype=float))[:, None] * d[None, :]

    def spread(self, T: int, factor: np.ndarray) -> np.ndarray:
        """(T, A) standard deviation of the error 1 .. T years ahead: the ally's ``a * h**b`` and the origin's
        revision error, added in quadrature."""
        return np.sqrt((self.sigmas(T)[:, None] * factor[None, :]) ** 2 + self.revision**2)

    def with_revision(self, revision: float) -> ExecutionCalibration:
        """The same calibration for an origin whose data are a release as published (revision error ``revision``)."""
        from dataclasses import replace

        return replace(self, revision=float(revision))

    def sigmas(self, T: int) -> np.ndarray:
        """Pooled sigma 1 .. T years ahead (the fitted ``a * h**b``; beyond the calibrated horizons too)."""
        return self.a * np.arange(1, T + 1, dtype=float) ** self.b

    def boot_rows(self, T: int) -> np.ndarray:
        """(T, BOOTSTRAP) replicate scales for a kernel of T years (the same scale at every horizon)."""
        return np.ascontiguousarray(np.repeat(self.boot[:, :1].T, T, axis=0))

    def rows(self) -> list[dict]:
        return [{"ally": a, "sigma_1y": self.ally_sigma(i, 1), "sigma_5y": self.ally_sigma(i, 5),
                 "sigma_10y": self.ally_sigma(i, 10), "factor": float(self.factor[i]), "skew_up": self.up,
                 "skew_down": self.down} for i, a in enumerate(self.allies)]


def pseudo_errors(shares: dict[str, dict[int, float]], origin: int, estimates=frozenset(),
                  max_horizon: int = MAX_HORIZON) -> list[tuple[str, int, int, float]]:
    """(ally, pseudo-origin, horizon, log(outcome / damped trend)) for every outcome year up to ``origin``.

    Only data up to ``origin`` are used: the forecast at pseudo-origin ``p`` sees years up to ``p``, and its
    outcomes ``p + h <= origin`` (source estimates are not outcomes).
    """
    from hague.models.montecarlo.central import damped_trend

    out = []
    for a, s in shares.items():
        for p in sorted(y for y in s if y < origin):
            if any(y not in s for y in range(p - MIN_PSEUDO_HISTORY + 1, p + 1)):
                continue
            last = min(origin, p + max_horizon)
            f = damped_trend({y: v for y, v in s.items() if y <= p}, p, last)
            for y in range(p + 1, last + 1):
                if y in s and (a, y) not in estimates:
                    out.append((a, p, y - p, math.log(s[y] / f[y])))
    return out


def _fit_power(rms: np.ndarray, n: np.ndarray) -> tuple[float, float]:
    """``a * h**b`` through the per-horizon RMS errors (weighted by count); ``b`` in [0.5, 1] (0.5 if one horizon)."""
    hs = np.flatnonzero(n > 0) + 1
    if len(hs) == 0:
        raise HagueError("no pseudo-forecast errors to calibrate on")
    lr = np.log(rms[hs - 1])
    w = n[hs - 1].astype(float)
    if len(hs) == 1:
        b = 0.5
    else:
        lh = np.log(hs)
        mh, ml = np.average(lh, weights=w), np.average(lr, weights=w)
        b = float(np.sum(w * (lh - mh) * (lr - ml)) / np.sum(w * (lh - mh) ** 2))
        b = min(max(b, 0.5), 1.0)
    la = float(np.average(lr - b * np.log(hs), weights=w))
    return math.exp(la), b


def calibrate_execution(shares: dict[str, dict[int, float]], origin: int, *, history: str = "",
                        estimates=frozenset(), allies: tuple[str, ...] | None = None,
                        seed: int = 20250625) -> ExecutionCalibration:
    """Calibrate the execution error on pseudo-forecasts of the damped trend made before ``origin``.

    Raises an error naming the origin when there is no outcome to learn from (too little history).
    """
    allies = allies or tuple(shares)
    errs = pseudo_errors(shares, origin, estimates)
    if not errs:
        raise HagueError(f"origin {origin}: too little history in {history or 'the data'} to calibrate (needs "
                         f"{MIN_PSEUDO_HISTORY} years of data before {origin} and an outcome by {origin})")
    H = MAX_HORIZON
    ai = {a: i for i, a in enumerate(allies)}
    e = np.array([x[3] for x in errs])
    h = np.array([x[2] for x in errs])
    who = np.array([ai.get(x[0], -1) for x in errs])
    # drift: allies have spent more than the damped trend said, year after year since 2014 (Wales, then 2022),
    # and a surprise one year tends to be followed by another (momentum): the drift is the mean one-year-ahead
    # error, recent outcome years weighing most (half-life DRIFT_HALF_LIFE), and it accumulates with the horizon
    years = np.array([x[1] + x[2] for x in errs])
    one = h == 1
    w = 0.5 ** ((origin - years[one]) / DRIFT_HALF_LIFE)
    drift = float(np.sum(w * e[one]) / np.sum(w))
    # one drift for every ally: an ally's own drift (shrunk towards the pool with weight 0.5-5) scored worse on the
    # tuning origins (coverage 0.29-0.43 at 50%), its one-year errors being too few and noisy
    e = e - drift * np.cumsum(DRIFT_PERSISTENCE ** np.arange(H, dtype=float))[h - 1]
    ss = np.zeros((len(allies) + 1, H))  # per ally (last row: allies outside ``allies``) and horizon
    nn = np.zeros((len(allies) + 1, H))
    np.add.at(ss, (who, h - 1), e * e)
    np.add.at(nn, (who, h - 1), 1)
    n = nn.sum(0)
    rms = np.sqrt(np.divide(ss.sum(0), n, out=np.zeros(H), where=n > 0))
    a, b = _fit_power(rms, n)
    hh = np.arange(1, H + 1)
    sigma = a * hh**b
    # each ally's scale: mean squared standardised error, shrunk towards 1
    std2 = (ss[: len(allies)] / sigma**2).sum(1)
    na = nn[: len(allies)].sum(1)
    factor = np.sqrt((std2 + SHRINK) / (na + SHRINK))
    # errors of different allies in one year share that year's shocks (2020's GDP fall, 2022's invasion): the
    # independent observations are the outcome years, not the ally-years
    k_years = len(set(years.tolist()))
    # skew: root-mean-square of the standardised errors above and below the central path, once enough years exist
    r = e / (sigma[h - 1] * np.where(who >= 0, np.append(factor, 1.0)[who], 1.0))
    if k_years >= MIN_SKEW_YEARS and (r > 0).any() and (r < 0).any():
        up = float(np.sqrt(np.mean(r[r > 0] ** 2)))
        down = float(np.sqrt(np.mean(r[r < 0] ** 2)))
    else:
        up = down = 1.0
    # parameter uncertainty: the variance estimate from k independent years is scaled chi-square with k degrees
    # of freedom; each replicate draws sigma * sqrt(k / chi2_k) (the predictive distribution becomes Student t)
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(origin, 7))))
    ratio = np.sqrt(k_years / rng.chisquare(k_years, BOOTSTRAP))
    boot = np.repeat(ratio[:, None], H, axis=1)
    ps = sorted({x[1] for x in errs})
    return ExecutionCalibration(origin=origin, history=history, allies=allies, sigma=sigma, a=a, b=b, factor=factor,
                                up=up, down=down, boot=boot, n_by_h=tuple(int(x) for x in n), years=k_years,
                                rms_by_h=tuple(float(x) for x in rms), pseudo_origins=(ps[0], ps[-1]),
                                drift=drift)


# ------------------------------------------------------------------ the Result of this model's table(s)

def calibration_result(*, allies=None, edition: str | None = None, economics: str = DEFAULT_ECONOMICS) -> Result:
    """``hague simulate --calibration``: the calibrated Monte Carlo parameters per ally and their data."""
    from hague.allies import resolve
    from hague.data import resolve_edition

    source = resolve_edition(edition)
    cal = calibrate(source=source, history=economics)
    inputs = ("NATO share history", "IMF WEO forecast errors")

    def num(key, header, unit, decimals, priority=3):
        return Column(key, header, unit, decimals, "number", priority=priority, origin=COMPUTED, inputs=inputs)

    cols = [Column("ally", "Ally", priority=0), num("sigma_growth", "σ growth pp", "percentage points", 2),
            num("load_growth", "λ growth", "loading", 2, 4),
            num("sigma_inflation", "σ inflation pp", "percentage points", 2),
            num("load_inflation", "λ inflation", "loading", 2, 4),
            num("sigma_exec_1y", "σ exec 1y", "log points", 3, 1),
            num("sigma_exec_5y", "σ exec 5y", "log points", 3, 1),
            num("sigma_exec_10y", "σ exec 10y", "log points", 3, 1),
            num("skew_up", "Skew up", "scale above the path", 2, 5),
            num("skew_down", "Skew down", "scale below the path", 2, 5),
            num("sigma_fx", "σ FX", "log points per year", 3, 2)]
    rows = cal.rows()
    if allies:
        codes = [allies] if isinstance(allies, str) else allies
        want = {resolve(c.strip()).iso3 for a in codes for c in a.split(",") if c.strip()}
        rows = [r for r in rows if r["ally"] in want]
    ex = cal.execution
    footer = ("Data: " + "; ".join(cal.sources) + f". Execution error: sigma(h) = {ex.a:.3f} * "
              f"h^{ex.b:.2f} log points, {ex.years} outcome years, horizons 1-10 with "
              f"{', '.join(str(n) for n in ex.n_by_h)} pseudo-forecast errors.")
    return table_result(cols, rows, title="Monte Carlo calibration (docs/economics.md)", footer=footer,
                        meta={"sources": list(cal.sources), "a": ex.a, "b": ex.b, "years": ex.years},
                        datasets=(source, economics))
