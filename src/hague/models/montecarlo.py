"""Monte Carlo: how likely is each ally to reach 3.5% of GDP by 2029 and 2035, and how much money is at stake.

The model, its calibration and every parameter are described in docs/economics.md (section "Monte Carlo").
In short, per draw, ally ``i`` and year ``t`` (2026-2035, the base year is 2025):

- real growth and inflation deviate from the projected path (:func:`hague.economics.gdp_path`) by
  ``sigma_i * (lambda_i * f_t + sqrt(1 - lambda_i**2) * e_it)``, with ``f_t`` a factor common to all allies;
  the deviations accumulate into the log level of real and nominal GDP (``R_real``, ``R_nom``);
- the spending share deviates from the scenario's planned share ``s*`` by a persistent execution error
  ``z_t = rho * z_{t-1} + sigma_z_i * u_t`` (log scale);
- ``target`` and ``trend``: the share is ``s* * exp(z)`` (the plan is a share of GDP); ``plan``: the same budgets
  are fixed in national currency, so GDP surprises move the share: ``s* * exp(z - R_nom)``;
- money = share x realised GDP, in constant 2021 USD and in current USD (exchange rates as projected).

Reproducibility: the draws are cut into fixed blocks of :data:`BLOCK` draws; block ``b`` draws from its own stream
``SeedSequence(seed, spawn_key=(b,))`` (identical to ``SeedSequence(seed).spawn(n)[b]``). A task (chunk) is a run
of whole blocks; each returns integer counts and histograms, whose sums do not depend on how blocks are grouped
or in which order tasks finish. So the same seed gives bit-identical probabilities and fans for any chunk size,
process count or Dask cluster. Percentiles are read from the histograms (exact to the bin width: 0.4% of the
share, 0.5% of money; linear within a bin). Half of each block's draws are the antithetic mirror of the other
half (variance reduction; also halves the random numbers needed). The kernel computes the paths of the stored
half only and counts each pair once (the twin's bin is the mirror image; the rare exceptions at a bin edge are
corrected), with the same histograms as binning every draw (docs/economics.md, "Reproducibility and scale").

>>> r = simulate(draws=4000, seed=1, allies=["POL", "DEU"], scenario="target")
>>> r.probability("POL", 2035)  # Poland is at 4.68% in 2026 and holds it; execution risk remains
0.98...
>>> 0.3 < r.probability("DEU", 2035) < 0.7  # Germany's path ends exactly at 3.5%
True
"""

from __future__ import annotations

import math
import sys
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from hague.allies import all_allies, resolve
from hague.data import DEFAULT_DATASET, DEFAULT_ECONOMICS, dataset
from hague.economics.gdp import HORIZON, gdp_path
from hague.errors import HagueError, YearOutOfRangeError
from hague.rules import thresholds as _thresholds

__all__ = ["BLOCK", "SCENARIOS", "MAX_DRAWS", "Calibration", "calibrate", "simulate", "SimulationResult",
           "PERCENTILES", "Accumulator"]

#: draws per block; fixed: changing it changes the random streams (and so the results)
BLOCK = 2048
SCENARIOS = ("trend", "plan", "target")
#: refuse more draws than this (hours of work on a laptop, and no extra precision worth having)
MAX_DRAWS = 1_000_000_000
PERCENTILES = (5, 25, 50, 75, 95)
#: counts of a task while it runs: int32 halves the memory np.add.at touches (a block runs about 15% faster), and
#: a task never counts more than MAX_DRAWS < 2**31 draws in one bin; folded results are int64
RAW_COUNT = np.int32
assert MAX_DRAWS < 2**31
THRESHOLD = _thresholds.value(_thresholds.CORE)  # 3.5, from the rule tree (hague-2025.core)
REVIEW_YEAR = _thresholds.review_year()  # 2029, from the rule tree (hague-2025.review_year)
BASE_YEAR = 2025
SHARE_BIN = 0.004  # log-ratio of the share to its planned path (0.4 %, 0.014 pp of GDP at 3.5 %)
SHARE_BINS = 500  # -1 .. +1
SHARE_LO = -1.0
LOG_BIN = 0.005  # log-ratio of money to its central path (0.5 %)
LOG_BINS = 600  # -1.5 .. +1.5
LOG_LO = -1.5
GROUPS = ("EUCA", "USA", "NATO")
SPEND = "core_defence_expenditure"


# --- calibration -------------------------------------------------------------------------------------------


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


# --- the simulation inputs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Params:
    """Everything a worker needs (picklable, small): float32 arrays shaped (T, A) unless said otherwise."""

    seed: int
    draws: int
    plan_mode: bool
    years: tuple[int, ...]
    allies: tuple[str, ...]
    log_sstar: np.ndarray  # log of the planned share (percent)
    sstar: np.ndarray  # planned share, percent (T, A), float64
    sg: np.ndarray  # (T, A) sigma * sqrt(1 - lambda^2) * sqrt(years ahead); sgf (A,) sigma * lambda; log points
    sgf: np.ndarray
    sp: np.ndarray
    spf: np.ndarray
    rho: float
    sz: np.ndarray  # (A,)
    central21: np.ndarray  # central money, constant 2021 USD million (T, A)
    centralcur: np.ndarray  # central money, current USD million (T, A)
    central_nc: np.ndarray  # central money, national currency million, current prices (T, A), float64
    currencies: tuple[str, ...]
    groups: np.ndarray  # (A, 3) membership of EUCA, USA, NATO
    group_central21: np.ndarray  # (T, 3)
    group_centralcur: np.ndarray  # (T, 3)
    hit_years: tuple[int, ...]  # indexes into years for the probability counts
    thresholds: tuple[float, ...]
    hit_log: np.ndarray = None  # (len(hit_years), A): log(threshold / planned share), the bar for the deviation
    extra_hits: tuple[tuple[int, int, float], ...] = ()  # (year index, ally index, log(threshold / planned share))


@dataclass
class Accumulator:
    """Integer counts and histograms; adding two is exact and order-free.

    While blocks run (``pending`` is a list), a draw that has an antithetic twin is counted once in the share and
    money histograms: the twin's bin is the mirror image, ``nbins - 1 - bin``, in the same year and ally, and
    :meth:`fold` adds the mirror images. ``pending`` holds the counts that are not mirrored: draws without a twin
    (an odd last block), and the rare twin whose float32 bin is not the mirror of its draw's bin (a value within
    rounding of a bin edge, a few per million): +1 at its own bin, -1 at the mirror. After :meth:`fold` the
    histograms hold the same counts as binning every draw on its own.
    """

    draws: int
    hits: np.ndarray  # (len(hit_years), A) int64
    share_hist: np.ndarray  # (T, A, SHARE_BINS), log-ratio of the share to the planned share
    m21_hist: np.ndarray  # (T, A, LOG_BINS)
    mcur_hist: np.ndarray
    g21_hist: np.ndarray  # (T, 3, LOG_BINS)
    gcur_hist: np.ndarray
    extra: np.ndarray  # (len(extra_hits),) national targets
    pending: list[tuple[int, np.ndarray, int]] | None = None  # (index in PAIRED, flat bins, +1 or -1)

    PAIRED = ("share_hist", "m21_hist", "mcur_hist")

    @classmethod
    def empty(cls, T: int, A: int, H: int, K: int = 0, *, paired: bool = False) -> Accumulator:
        """Zero counts. ``paired``: the raw form a task fills (int32 histograms, see :data:`RAW_COUNT`)."""
        z, c = np.zeros, RAW_COUNT if paired else np.int64
        return cls(0, z((H, A), np.int64), z((T, A, SHARE_BINS), c), z((T, A, LOG_BINS), c), z((T, A, LOG_BINS), c),
                   z((T, 3, LOG_BINS), c), z((T, 3, LOG_BINS), c), z(K, np.int64), [] if paired else None)

    def fold(self) -> Accumulator:
        """Add the mirror images of the paired counts and the pending counts, as int64; idempotent."""
        if self.pending is not None:
            for k in self.PAIRED:
                hist = getattr(self, k)
                hist += hist[..., ::-1].copy()
            for k, bins, sign in self.pending:
                hist = getattr(self, self.PAIRED[k])
                np.add.at(hist.reshape(-1), bins, hist.dtype.type(sign))
            for k in (*self.PAIRED, "g21_hist", "gcur_hist"):
                setattr(self, k, getattr(self, k).astype(np.int64))
            self.pending = None
        return self

    def add(self, o: Accumulator) -> None:
        """Add ``o`` (folded first if it is not)."""
        self.fold()
        o.fold()
        self.draws += o.draws
        for k in ("hits", "share_hist", "m21_hist", "mcur_hist", "g21_hist", "gcur_hist", "extra"):
            getattr(self, k).__iadd__(getattr(o, k))


class _Work:
    """Work arrays of one thread, reused from block to block (fresh large arrays cost page faults).

    Quantities that are linear in the normals (GDP deviations, execution error, money log ratios) are computed
    for the first half of the draws only: the antithetic second half is their exact negation (IEEE arithmetic is
    symmetric in sign), so only the steps that are not odd (``exp``, the bin index) run on both halves.
    """

    def __init__(self, T: int, A: int) -> None:
        f32 = np.float32
        h = (BLOCK + 1) // 2
        self.key = (T, A, BLOCK)
        self.e, self.rr, self.rn, self.u, self.vm = (np.empty(T * A * h, f32) for _ in range(5))  # first halves
        self.eta = np.empty(2 * A * h, f32)
        self.f = np.empty(2 * T * h, f32)
        self.v = np.empty(T * A * BLOCK, f32)  # both halves for the totals, then bins of the first half
        self.idx = np.empty(max(T * A * h, T * 3 * BLOCK), np.intp)
        self.offsets: dict[tuple[int, int, int], np.ndarray] = {}

    def first_bins(self, cells: int, draws: int, nbins: int) -> np.ndarray:
        """(cells, draws) float32: the first bin of each cell in a flat histogram (adding contiguous arrays is
        several times faster than broadcasting a column)."""
        key = (cells, draws, nbins)
        out = self.offsets.get(key)
        if out is None:
            if len(self.offsets) > 8:  # a partial last block adds shapes; keep the cache small
                self.offsets.clear()
            out = self.offsets[key] = np.repeat(np.arange(cells, dtype=np.float32) * nbins, draws).reshape(cells,
                                                                                                          draws)
        return out


_LOCAL = threading.local()  # one set of work arrays per thread (Dask workers often run several threads)


def _work(T: int, A: int) -> _Work:
    w = getattr(_LOCAL, "work", None)
    if w is None or w.key != (T, A, BLOCK):
        w = _LOCAL.work = _Work(T, A)
    return w


def _normals(rng: np.random.Generator, buf: np.ndarray, *shape: int) -> np.ndarray:
    """Float32 standard normals of ``shape`` from the front of ``buf`` (the first, stored, antithetic half)."""
    out = buf[: math.prod(shape)].reshape(shape)
    rng.standard_normal(out=out, dtype=np.float32)
    return out


def _bins(x: np.ndarray, m: int, lo: float, width: float, nbins: int, w: _Work) -> tuple[np.ndarray, np.ndarray]:
    """Bins (whole float32 numbers) of ``x`` (cells, h) and of the antithetic twins ``-x[:, :m]``.

    The bin of a value ``y`` is ``floor(y / width - lo / width)`` (float32 arithmetic) clipped to the histogram.
    Clipping ``y / width`` to ``[-s, nbins-1-s]`` before adding ``s = -lo / width`` gives the same bin as clipping
    after (adding is monotonic and ``s`` is a whole number), and lets the twins share the scaling.
    """
    scale, s = np.float32(1 / width), np.float32(-lo / width)
    C, h = x.shape
    u = w.u[: C * h].reshape(C, h)
    vp = w.v[: C * h].reshape(C, h)
    vm = w.vm[: C * m].reshape(C, m)
    np.multiply(x, scale, out=u)
    np.clip(u, -s, nbins - 1 - s, out=vp)
    vp += s
    np.trunc(vp, out=vp)  # whole numbers below 2**24 from here on: float32 sums are exact
    np.clip(u[:, :m], s - (nbins - 1), s, out=vm)
    np.subtract(s, vm, out=vm)  # s + (-u): the twins
    np.trunc(vm, out=vm)
    return vp, vm


def _count(hist: np.ndarray, x: np.ndarray, lo: float, width: float, w: _Work) -> None:
    """Add the bins of ``x`` (cells, draws) to ``hist`` (flat, cell after cell)."""
    C, n = x.shape
    nbins = hist.size // C
    vp, _ = _bins(x, 0, lo, width, nbins, w)
    vp += w.first_bins(C, n, nbins)
    idx = w.idx[: vp.size].reshape(vp.shape)
    np.copyto(idx, vp, casting="unsafe")
    np.add.at(hist, idx.reshape(-1), hist.dtype.type(1))  # in place, faster than np.bincount in NumPy 2


def _count_pairs(pairs: np.ndarray, pending: list, k: int, x: np.ndarray, m: int, lo: float, width: float,
                 w: _Work) -> None:
    """Count the stored draws ``x`` (cells, h) and their antithetic twins ``-x[:, :m]`` (see :class:`Accumulator`).

    ``pairs``: the flat histogram, cell after cell; ``pending``: the accumulator's list, ``k`` its histogram.
    """
    C, h = x.shape
    nbins = pairs.size // C
    vp, vm = _bins(x, m, lo, width, nbins, w)
    chk = w.u[: C * m].reshape(C, m)
    np.add(vp[:, :m], vm, out=chk)
    odd = np.flatnonzero(chk != nbins - 1)  # twins whose bin is not the mirror image
    if odd.size:
        c, j = np.divmod(odd, m)
        first = c * nbins
        pending.append((k, first + vm[c, j].astype(np.intp), 1))
        pending.append((k, first + (nbins - 1) - vp[c, j].astype(np.intp), -1))
    vp += w.first_bins(C, h, nbins)
    idx = w.idx[: C * h].reshape(C, h)
    np.copyto(idx, vp, casting="unsafe")
    np.add.at(pairs, idx[:, :m].reshape(-1), pairs.dtype.type(1))  # the same dtype: NumPy's fast path
    if m < h:  # draws without a twin
        pending.append((k, idx[:, m:].reshape(-1).copy(), 1))


def run_block(p: Params, b: int, acc: Accumulator | None = None) -> Accumulator:
    """Simulate block ``b`` (its own random stream) and add its counts and histograms to ``acc`` (new if None).

    ``acc`` is made with ``Accumulator.empty(..., paired=True)``; its share and money histograms are complete after
    :meth:`Accumulator.fold` (:meth:`Accumulator.add` folds). Arrays are laid out (year, ally, draw) so that every
    NumPy loop runs over the draws; quantities linear in the normals are computed for the stored half only.
    """
    n = min(BLOCK, p.draws - b * BLOCK)
    h = (n + 1) // 2  # stored draws; draw h + j is the antithetic mirror of draw j (j < m)
    m = n - h
    T, A = p.log_sstar.shape
    if acc is None:
        acc = Accumulator.empty(T, A, len(p.hit_years), len(p.extra_hits), paired=True)
    elif acc.pending is None:
        raise ValueError("run_block adds to an accumulator made with paired=True and not folded yet")
    w = _work(T, A)
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(p.seed, spawn_key=(b,))))
    e = _normals(rng, w.e, T, A, h)  # execution shocks
    eta = _normals(rng, w.eta, 2, A, h)  # idiosyncratic GDP level shocks: real, inflation
    f = _normals(rng, w.f, 2, T, h)  # common factor shocks: real, inflation
    np.cumsum(f, axis=1, out=f)  # common factor: random walk over the years
    r_real, r_nom = (a[: T * A * h].reshape(T, A, h) for a in (w.rr, w.rn))
    tmp = w.u[: T * A * h].reshape(T, A, h)
    # log-level deviations of real and nominal GDP (variance sigma^2 * years ahead)
    np.multiply(eta[0][None], p.sg[:, :, None], out=r_real)
    np.multiply(f[0][:, None, :], p.sgf[None, :, None], out=tmp)
    r_real += tmp
    np.multiply(eta[1][None], p.sp[:, :, None], out=r_nom)
    np.multiply(f[1][:, None, :], p.spf[None, :, None], out=tmp)
    r_nom += tmp
    r_nom += r_real
    # execution error, AR(1) in log points, yearly shocks
    z = e
    z *= p.sz[None, :, None]
    for t in range(1, T):
        np.multiply(z[t - 1], p.rho, out=tmp[0])
        z[t] += tmp[0]
    if p.plan_mode:
        z -= r_nom
    # z is now the log-ratio of the share to the planned share: share >= thr  <=>  z >= log(thr / planned);
    # for the mirrored draws, -z >= bar  <=>  z <= -bar
    acc.draws += n
    for k, t in enumerate(p.hit_years):
        bar = p.hit_log[k][:, None]
        acc.hits[k] += np.count_nonzero(z[t] >= bar, axis=1)
        acc.hits[k] += np.count_nonzero(z[t, :, :m] <= -bar, axis=1)
    if p.extra_hits:  # national targets: one (year, ally) row each
        t, a, thr = zip(*p.extra_hits, strict=True)
        zx, bar = z[list(t), list(a)], np.array(thr, dtype=np.float32)[:, None]  # float32 values, as stored
        acc.extra += np.count_nonzero(zx >= bar, axis=1)
        acc.extra += np.count_nonzero(zx[:, :m] <= -bar, axis=1)
    # money relative to the central path (log ratio): constant 2021 USD, current USD
    l21 = r_real
    l21 += z
    lcur = r_nom
    lcur += z
    # alliance totals: both halves side by side (the layout of one block of draws)
    gt = p.groups.T
    tot = []
    ex = w.v[: T * A * BLOCK].reshape(T, A, BLOCK)[..., :n]
    for lg, central in ((l21, p.central21), (lcur, p.centralcur)):
        np.exp(lg, out=ex[..., :h])
        np.negative(lg[..., :m], out=ex[..., h:])
        np.exp(ex[..., h:], out=ex[..., h:])
        ex *= central[:, :, None]
        tot.append(np.matmul(gt, ex))  # (T, 3, draws)
    for k, x, lo, width in ((0, z, SHARE_LO, SHARE_BIN), (1, l21, LOG_LO, LOG_BIN), (2, lcur, LOG_LO, LOG_BIN)):
        _count_pairs(getattr(acc, Accumulator.PAIRED[k]).reshape(-1), acc.pending, k, x.reshape(T * A, h), m, lo,
                     width, w)
    for total, central, hist in ((tot[0], p.group_central21, acc.g21_hist), (tot[1], p.group_centralcur,
                                                                             acc.gcur_hist)):
        total /= central[:, :, None]
        np.log(total, out=total)
        _count(hist.reshape(-1), total.reshape(T * 3, n), LOG_LO, LOG_BIN, w)
    return acc


def run_chunk(p: Params, first: int, count: int) -> Accumulator:
    """Blocks ``first .. first+count-1`` summed (integer sums: grouping never changes the result)."""
    T, A = p.log_sstar.shape
    acc = Accumulator.empty(T, A, len(p.hit_years), len(p.extra_hits), paired=True)
    for b in range(first, first + count):
        run_block(p, b, acc)
    return acc.fold()


# --- driver ------------------------------------------------------------------------------------------------


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


def _quantiles(hist: np.ndarray, lo: float, width: float) -> dict[int, float]:
    """Percentiles from a histogram (uniform within a bin); deterministic."""
    n = int(hist.sum())
    cum = np.cumsum(hist)
    out = {}
    for q in PERCENTILES:
        k = q / 100 * (n - 1)
        i = int(np.searchsorted(cum, k, side="right"))
        i = min(i, len(hist) - 1)
        before = cum[i - 1] if i > 0 else 0
        frac = (k - before + 0.5) / hist[i] if hist[i] else 0.5
        out[q] = float(lo + width * (i + min(max(frac, 0.0), 1.0)))
    return out


@dataclass
class SimulationResult:
    """Probabilities, fans and alliance totals of one run. Everything is a pure function of the inputs."""

    draws: int
    seed: int
    scenario: str
    target: float
    by: int
    threshold: float
    years: tuple[int, ...]
    allies: tuple[str, ...]
    report_allies: tuple[str, ...]
    acc: Accumulator
    params: Params
    calibration: Calibration
    source: str
    economics: str
    elapsed: float = 0.0
    chunks: int = 0
    backend: str = "in-process"
    national: list = field(default_factory=list)
    _cache: dict = field(default_factory=dict, repr=False)

    def national_rows(self) -> list[dict]:
        """Each scored national target with the probability of meeting it (see :func:`national_targets_simulated`)."""
        rows = []
        for k, t in enumerate(self.national):
            rng = f"{t['value']:g}-{t['value_max']:g}" if t.get("value_max") else f"{t['value']:g}"
            rows.append({"ally": t["ally"], "target": f"{rng}% in {t['scored_year']}", "label": t["label"],
                         "year": t["scored_year"], "value": t["value"],
                         "probability": int(self.acc.extra[k]) / self.acc.draws,
                         "confidence": t.get("confidence"), "source": t.get("source")})
        return rows

    def national_table(self) -> tuple[list, list[dict]]:
        cols = [("ally", "Ally", ""), ("target", "National target", ""), ("probability", "P(met)", "probability"),
                ("confidence", "Confidence", ""), ("label", "As announced", ""), ("source", "Source", "")]
        rows = [r for r in self.national_rows() if r["ally"] in self.report_allies]
        return cols, rows

    def _a(self, ally: str) -> int:
        return self.allies.index(resolve(ally).iso3)

    def probability(self, ally: str, year: int) -> float:
        """Share of draws with the ally at or above 3.5% of GDP in ``year`` (2029 or 2035) or the target in ``by``."""
        i = self._a(ally)
        if year == REVIEW_YEAR:
            k = 0
        elif year == HORIZON:
            k = 1
        else:
            raise YearOutOfRangeError(f"probabilities are counted for {REVIEW_YEAR} and {HORIZON}; got {year}")
        return int(self.acc.hits[k, i]) / self.acc.draws

    def probability_target(self, ally: str) -> float:
        """Share of draws with the ally at or above ``target`` in the year ``by``."""
        return int(self.acc.hits[2, self._a(ally)]) / self.acc.draws

    def fan(self, ally: str, kind: str = "share") -> dict[int, dict[int, float]]:
        """year -> {5, 25, 50, 75, 95: value}.

        ``kind``: ``share`` (% of GDP), ``usd_2021`` (USD million, constant 2021), ``usd`` (USD million, current) or
        ``nc`` (national currency million, current prices; exchange rates are not random, so it moves with ``usd``).
        """
        i = self._a(ally)
        out = {}
        for j, y in enumerate(self.years):
            if kind == "share":
                central = float(self.params.sstar[j, i])
                out[y] = {q: central * math.exp(v)
                          for q, v in _quantiles(self.acc.share_hist[j, i], SHARE_LO, SHARE_BIN).items()}
            elif kind in ("usd_2021", "usd", "nc"):
                hist = self.acc.m21_hist if kind == "usd_2021" else self.acc.mcur_hist
                central = {"usd_2021": self.params.central21, "usd": self.params.centralcur,
                           "nc": self.params.central_nc}[kind][j, i]
                out[y] = {q: float(central) * math.exp(v) for q, v in _quantiles(hist[j, i], LOG_LO, LOG_BIN).items()}
            else:
                raise HagueError(f"unknown fan kind {kind!r}; accepted: share, usd_2021, usd, nc")
        return out

    def total(self, group: str = "NATO", kind: str = "usd_2021") -> dict[int, dict[int, float]]:
        """Alliance total spending, year -> percentiles (USD million); ``group``: EUCA, USA or NATO."""
        if group not in GROUPS:
            raise HagueError(f"unknown group {group!r}; accepted: {', '.join(GROUPS)}")
        k = GROUPS.index(group)
        hist = self.acc.g21_hist if kind == "usd_2021" else self.acc.gcur_hist
        central = self.params.group_central21 if kind == "usd_2021" else self.params.group_centralcur
        return {y: {q: float(central[j, k]) * math.exp(v) for q, v in _quantiles(hist[j, k], LOG_LO, LOG_BIN).items()}
                for j, y in enumerate(self.years)}

    def probability_table(self) -> tuple[list, list[dict]]:
        cols = [("ally", "Ally", ""), ("share_2026", "% GDP 2026", "percent of GDP"),
                ("p_2029", f"P(>={self.threshold}%) {REVIEW_YEAR}", "probability"),
                ("p_2035", f"P(>={self.threshold}%) {HORIZON}", "probability"),
                ("median_2035", "Median % 2035", "percent of GDP"),
                ("usd_2021_2035_p50", "USD m 2021, 2035 p50", "USD million, constant 2021")]
        if (self.target, self.by) != (self.threshold, HORIZON):
            cols.insert(4, ("p_target", f"P(>={self.target}%) {self.by}", "probability"))
        cols += [("national", "National target", ""), ("p_national", "P(national)", "probability")]
        latest: dict[str, dict] = {}
        for r in self.national_rows():
            cur = latest.get(r["ally"])
            if cur is None or (r["year"], r["value"]) > (cur["year"], cur["value"]):
                latest[r["ally"]] = r
        nato = dataset(self.source)
        rows = []
        for a in self.report_allies:
            nt = latest.get(a)
            rows.append({"ally": a, "national": nt["target"] if nt else None,
                         "p_national": nt["probability"] if nt else None,
                         "share_2026": nato.value(a, f"{SPEND}_share_gdp", 2026),
                         "p_2029": self.probability(a, REVIEW_YEAR), "p_2035": self.probability(a, HORIZON),
                         "p_target": self.probability_target(a), "median_2035": self.fan(a)[HORIZON][50],
                         "usd_2021_2035_p50": self.fan(a, "usd_2021")[HORIZON][50]})
        for g in GROUPS:
            t = self.total(g)[HORIZON]
            rows.append({"ally": g, "national": None, "p_national": None, "share_2026": None, "p_2029": None, "p_2035": None, "p_target": None,
                         "median_2035": None, "usd_2021_2035_p50": t[50]})
        return cols, rows

    def fan_table(self) -> tuple[list, list[dict]]:
        cols = [("ally", "Ally", ""), ("year", "Year", ""), ("kind", "Measure", "")]
        cols += [(f"p{q}", f"p{q}", "") for q in PERCENTILES]
        rows = []
        for a in self.report_allies:
            cur = self.params.currencies[self.allies.index(a)]
            kinds = ("share", "usd_2021", "usd") + (("nc",) if cur != "USD" else ())
            labels = {"share": "% GDP", "usd_2021": "USD m 2021", "usd": "USD m current", "nc": f"{cur} m current"}
            for kind in kinds:
                for y, qs in self.fan(a, kind).items():
                    rows.append({"ally": a, "year": y, "kind": labels[kind], **{f"p{q}": v for q, v in qs.items()}})
        for g in GROUPS:
            for kind in ("usd_2021", "usd"):
                for y, qs in self.total(g, kind).items():
                    rows.append({"ally": g, "year": y, "kind": "USD m 2021" if kind == "usd_2021" else "USD m current",
                                 **{f"p{q}": v for q, v in qs.items()}})
        return cols, rows

    def footer(self) -> str:
        nato, weo = dataset(self.source), dataset(self.economics)
        return (f"Simulation: {self.draws:,} draws, seed {self.seed}, scenario {self.scenario}, blocks of {BLOCK} "
                f"draws; calibrated on {'; '.join(self.calibration.sources)} (docs/economics.md). History: "
                f"{nato.title} (edition {nato.edition}); GDP: {weo.title} (edition {weo.edition}).")

    def meta(self) -> dict:
        return {"draws": self.draws, "seed": self.seed, "scenario": self.scenario, "target": self.target,
                "by": self.by, "threshold": self.threshold, "block": BLOCK, "dataset": self.source,
                "economics": self.economics, "calibration": self.calibration.sources}


class _Progress:
    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.enabled, self.t0 = total, 0, enabled, time.perf_counter()

    def update(self, n: int) -> None:
        self.done += n
        if self.enabled:
            frac = self.done / self.total
            bar = "#" * int(30 * frac)
            sys.stderr.write(f"\rsimulate [{bar:<30}] {100 * frac:5.1f}% {self.done:,}/{self.total:,} draws "
                             f"{time.perf_counter() - self.t0:6.1f}s")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def _chunks(n_blocks: int, per: int) -> list[tuple[int, int]]:
    return [(b, min(per, n_blocks - b)) for b in range(0, n_blocks, per)]


def _run(p: Params, chunks, *, workers: int, scheduler: str | None, progress: _Progress) -> Accumulator:
    T, A = p.log_sstar.shape
    total = Accumulator.empty(T, A, len(p.hit_years), len(p.extra_hits))

    def done(acc: Accumulator) -> None:
        total.add(acc)
        progress.update(acc.draws)

    if scheduler:
        _run_dask(p, chunks, scheduler, done)
    elif workers > 1:
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        with ProcessPoolExecutor(max_workers=workers) as ex:
            pending, it = set(), iter(chunks)
            for c in it:
                pending.add(ex.submit(run_chunk, p, *c))
                if len(pending) >= 2 * workers:
                    fin, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for fu in fin:
                        done(fu.result())
            for fu in pending:
                done(fu.result())
    else:
        for c in chunks:
            done(run_chunk(p, *c))
    return total


def _run_dask(p: Params, chunks, address: str, done) -> None:
    try:
        from distributed import Client, wait
    except ImportError:  # pragma: no cover
        raise HagueError("--scheduler needs the 'distributed' package (pip install 'hague[dask]')") from None
    try:
        client = Client(address, timeout="5s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise HagueError(f"cannot reach the Dask scheduler at {address!r}: {exc}; start one with "
                         "'dask scheduler' or drop --scheduler") from None
    try:
        nworkers = max(1, len(client.scheduler_info().get("workers", {})))
        pf = client.scatter(p, broadcast=True)
        window = 2 * nworkers  # at most two tasks per worker in flight: memory stays bounded
        pending: set = set()

        def drain() -> set:
            fin, rest = wait(pending, return_when="FIRST_COMPLETED")
            for fu in fin:
                done(fu.result())
                fu.release()
            return set(rest)

        with client.as_current():  # distributed.wait looks up the current client
            for c in chunks:
                pending.add(client.submit(run_chunk, pf, *c, pure=False))
                if len(pending) >= window:
                    pending = drain()
            while pending:
                pending = drain()
    finally:
        client.close()


def simulate(*, draws: int = 10_000, seed: int = 20250625, allies: list[str] | None = None, scenario: str = "trend",
             target: float = THRESHOLD, by: int = HORIZON, workers: int = 1, scheduler: str | None = None,
             chunk_size: int | None = None, progress: bool = False, source: str = DEFAULT_DATASET,
             economics: str = DEFAULT_ECONOMICS) -> SimulationResult:
    """Run the Monte Carlo (see the module docstring and docs/economics.md).

    ``chunk_size`` (draws per task, rounded up to whole blocks), ``workers`` (local processes) and ``scheduler``
    (a Dask scheduler address) change only where and in what grouping the blocks run, never the results.
    """
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws <= 0:
        raise HagueError(f"draws must be a whole number of at least 1, got {draws!r}")
    if draws > MAX_DRAWS:
        raise HagueError(f"draws {draws:,} is more than the {MAX_DRAWS:,} accepted (percentiles are exact to the bin "
                         "width long before that)")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise HagueError(f"seed must be a whole number >= 0, got {seed!r}")
    if scenario not in SCENARIOS:
        raise HagueError(f"unknown scenario {scenario!r}; accepted: {', '.join(SCENARIOS)}")
    if not isinstance(workers, int) or workers < 1:
        raise HagueError(f"workers must be at least 1, got {workers!r}")
    if chunk_size is not None and (not isinstance(chunk_size, int) or chunk_size < 1):
        raise HagueError(f"chunk size must be at least 1 draw, got {chunk_size!r}")
    if not (0 < target < 100) or math.isnan(target):
        raise HagueError(f"target {target} is not a share of GDP in (0, 100)")
    last_data = max(dataset(source).years(f"{SPEND}_share_gdp"))
    if not (last_data < by <= HORIZON):
        raise YearOutOfRangeError(f"target year {by} must come after the last year of data ({last_data}, {source}) "
                                  f"and not after {HORIZON}")
    report = tuple(dict.fromkeys(resolve(a).iso3 for a in allies)) if allies else None
    for a in report or ():
        if not resolve(a).has_armed_forces:
            raise HagueError(f"{resolve(a).name} ({a}) has no armed forces; nothing to simulate")
    cal = calibrate(source=source)
    nat = national_targets_simulated(cal.allies)
    p, cal = build_params(draws=int(draws), seed=int(seed), scenario=scenario, target=target, by=by, source=source,
                          economics=economics, cal=cal, national=nat)
    n_blocks = -(-p.draws // BLOCK)
    if chunk_size is None:
        per = max(1, min(64, -(-n_blocks // (4 * (workers if not scheduler else 8)))))
    else:
        per = -(-chunk_size // BLOCK)
    chunks = _chunks(n_blocks, per)
    bar = _Progress(p.draws, progress)
    t0 = time.perf_counter()
    try:
        acc = _run(p, chunks, workers=workers, scheduler=scheduler, progress=bar)
    finally:
        bar.close()
    if acc.draws != p.draws:  # every block must be counted exactly once
        raise HagueError(f"the back end returned {acc.draws:,} draws instead of {p.draws:,}; results discarded")
    return SimulationResult(draws=p.draws, seed=p.seed, scenario=scenario, target=target, by=by, threshold=THRESHOLD,
                            years=p.years, allies=cal.allies, report_allies=report or cal.allies, acc=acc, params=p,
                            calibration=cal, source=source, economics=economics, national=nat,
                            elapsed=time.perf_counter() - t0, chunks=len(chunks),
                            backend=f"dask {scheduler}" if scheduler else (f"{workers} processes" if workers > 1
                                                                           else "in-process"))
