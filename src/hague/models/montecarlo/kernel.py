"""The Monte Carlo kernel: one block of draws from its own random stream, counted into integer histograms.

See the package docstring (:mod:`hague.models.montecarlo`) and docs/economics.md ("Reproducibility and scale").
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np

from hague.models.montecarlo.constants import (
    BLOCK,
    LOG_BIN,
    LOG_BINS,
    LOG_LO,
    RAW_COUNT,
    SHARE_BIN,
    SHARE_BINS,
    SHARE_LO,
)

__all__ = ["Params", "Accumulator", "run_block", "run_chunk"]


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
    rho: float  # persistence of the execution error (1: a random walk, errors grow with the horizon)
    sz: np.ndarray  # (T, A) standard deviation of the yearly execution shock, log points
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
    boot: np.ndarray | None = None  # (T, B) execution-error scale of each bootstrap replicate (parameter uncertainty)
    money: np.ndarray | None = None  # (T, A) 1 where the central path is a budget fixed in national currency
    fx: np.ndarray | None = None  # (T, A) sd of the log exchange rate to the USD, years ahead (0 for the USD)
    cur_idx: np.ndarray | None = None  # (A,) index of each ally's currency (allies sharing the euro share a shock)
    skew: tuple[float, float] = (1.0, 1.0)  # scales of the execution error above / below the central path (read-out)
    gdp_source: str = ""  # the NATO edition the GDP paths come from
    shares_only: bool = False  # count the share only (money and alliance histograms stay empty); same share counts
    # a run of some allies only (``simulate(allies=...)``): the random streams stay those of every ally (drawn for
    # ``stream_allies`` allies and ``stream_currencies`` currencies), of which the columns ``stream_cols`` are kept;
    # the per-ally arrays above hold those allies only, so their counts are the all-ally run's, bit for bit
    stream_allies: int = 0
    stream_cols: np.ndarray | None = None
    stream_currencies: int = 0
    totals: bool = True  # simulate the alliance totals (all allies only)


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
    mcur_hist: np.ndarray  # current USD (exchange-rate risk included)
    mnc_hist: np.ndarray  # national currency, current prices
    g21_hist: np.ndarray  # (T, 3, LOG_BINS)
    gcur_hist: np.ndarray
    extra: np.ndarray  # (len(extra_hits),) national targets
    pending: list[tuple[int, np.ndarray, int]] | None = None  # (index in PAIRED, flat bins, +1 or -1)

    PAIRED = ("share_hist", "m21_hist", "mcur_hist", "mnc_hist")

    @classmethod
    def empty(cls, T: int, A: int, H: int, K: int = 0, *, paired: bool = False) -> Accumulator:
        """Zero counts. ``paired``: the raw form a task fills (int32 histograms, see :data:`RAW_COUNT`)."""
        z, c = np.zeros, RAW_COUNT if paired else np.int64
        return cls(0, z((H, A), np.int64), z((T, A, SHARE_BINS), c), z((T, A, LOG_BINS), c), z((T, A, LOG_BINS), c),
                   z((T, A, LOG_BINS), c), z((T, 3, LOG_BINS), c), z((T, 3, LOG_BINS), c), z(K, np.int64), [] if paired else None)

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
        for k in ("hits", "share_hist", "m21_hist", "mcur_hist", "mnc_hist", "g21_hist", "gcur_hist", "extra"):
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
        self.e, self.rr, self.rn, self.vm, self.fxd = (np.empty(T * A * h, f32) for _ in range(5))
        self.u = np.empty(max(T * A * h, T * 3 * BLOCK), f32)  # also the alliance totals (3 groups, whole block)
        self.eta = np.empty(2 * A * h, f32)
        self.fxn = np.empty(A * h, f32)
        self.f = np.empty(2 * T * h, f32)
        self.v = np.empty(max(T * A, T * 3) * BLOCK, f32)  # both halves for the totals, then bins of the first half
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
    np.add.at(hist, idx.reshape(-1), hist.dtype.type(1))  # NumPy 2's fast path (benchmarks/montecarlo.py, floor)


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
    As = p.stream_allies or A  # the allies the random streams are drawn for
    w = _work(T, As)
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(p.seed, spawn_key=(b,))))
    e = _normals(rng, w.e, T, As, h)  # execution shocks
    eta = _normals(rng, w.eta, 2, As, h)  # idiosyncratic GDP level shocks: real, inflation
    f = _normals(rng, w.f, 2, T, h)  # common factor shocks: real, inflation
    if p.stream_cols is not None:  # some allies only: their columns of every ally's shocks
        e, eta = e[:, p.stream_cols], eta[:, p.stream_cols]
    r_real, r_nom = (a[: T * A * h].reshape(T, A, h) for a in (w.rr, w.rn))
    tmp = w.u[: T * A * h].reshape(T, A, h)
    if not p.shares_only or p.plan_mode or p.money is not None:  # GDP moves the money, or the share itself
        np.cumsum(f, axis=1, out=f)  # common factor: random walk over the years
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
    z *= p.sz[:, :, None]
    if p.rho == 1:  # a random walk: one pass
        for t in range(1, T):
            z[t] += z[t - 1]
    else:
        for t in range(1, T):
            np.multiply(z[t - 1], p.rho, out=tmp[0])
            z[t] += tmp[0]
    if p.boot is not None:  # each draw (and its antithetic twin) takes one calibration replicate
        pick = rng.integers(0, p.boot.shape[1], h)
        z *= p.boot[:, pick][:, None, :]
    if p.plan_mode:
        z -= r_nom
    elif p.money is not None:  # budgets fixed in money: nominal GDP surprises move the share
        for t, a in zip(*np.nonzero(p.money), strict=True):  # a few (year, ally) cells
            z[t, a] -= r_nom[t, a]
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
    if p.shares_only:  # only the share is asked for (the backtest): no money, no alliance totals
        _count_pairs(acc.share_hist.reshape(-1), acc.pending, 0, z.reshape(T * A, h), m, SHARE_LO, SHARE_BIN, w)
        return acc
    # money relative to the central path (log ratio): constant 2021 USD, current USD
    l21 = r_real
    l21 += z
    lcur = r_nom  # national currency, current prices
    lcur += z
    lusd = lcur
    if p.fx is not None:  # current USD: the exchange rate moves too (one shock per currency, growing with the years)
        fxn = _normals(rng, w.fxn, p.stream_currencies or int(p.cur_idx.max()) + 1, h)
        lusd = w.fxd[: T * A * h].reshape(T, A, h)
        np.multiply(fxn[p.cur_idx][None], p.fx[:, :, None], out=lusd)
        np.subtract(lcur, lusd, out=lusd)
    for k, x, lo, width in ((0, z, SHARE_LO, SHARE_BIN), (1, l21, LOG_LO, LOG_BIN), (2, lusd, LOG_LO, LOG_BIN),
                            (3, lcur, LOG_LO, LOG_BIN)):
        _count_pairs(getattr(acc, Accumulator.PAIRED[k]).reshape(-1), acc.pending, k, x.reshape(T * A, h), m, lo,
                     width, w)
    if not p.totals:  # some allies only: their share and money, no alliance totals
        return acc
    # alliance totals: both halves side by side (the layout of one block of draws)
    gt = p.groups.T
    tot = []
    ex = w.v[: T * A * BLOCK].reshape(T, A, BLOCK)[..., :n]
    for lg, central in ((l21, p.central21), (lusd, p.centralcur)):
        with np.errstate(over="ignore"):  # a draw far in the tail: inf, counted in the last bin
            np.exp(lg, out=ex[..., :h])
            np.negative(lg[..., :m], out=ex[..., h:])
            np.exp(ex[..., h:], out=ex[..., h:])
        ex *= central[:, :, None]
        tot.append(np.matmul(gt, ex))  # (T, 3, draws)
    for total, central, hist in ((tot[0], p.group_central21, acc.g21_hist), (tot[1], p.group_centralcur,
                                                                             acc.gcur_hist)):
        total /= central[:, :, None]
        with np.errstate(divide="ignore"):  # an underflow to 0: -inf, counted in the first bin
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

