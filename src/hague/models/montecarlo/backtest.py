"""Backtest of the forecasts: rolling origins, recalibration on truncated data, coverage, PIT, CRPS and MAE.

For every origin ``o`` with at least 4 years of history up to ``o`` and one later outcome, hague

1. truncates the history at ``o`` (nothing after it: neither data nor national targets published later - each
   target's date is compared with the mid-year of ``o``, when NATO publishes that year's estimate);
2. recalibrates the execution error on pseudo-forecasts made before ``o`` (:func:`calibrate_execution`);
3. builds each ally's central path from ``o`` (plans published by then, else the damped trend) and runs the same
   Monte Carlo kernel as ``hague simulate`` (share of GDP only: GDP, money and exchange rates do not enter the share
   of an ally whose path is a share) with ``draws`` draws;
4. scores every later year up to :data:`MAX_HORIZON` ahead: the outcome's place in the predictive distribution (PIT),
   whether it fell in the central 50/80/90% intervals, the CRPS, and the absolute error of the central path, of
   no change and of the plain (undamped, least-squares) trend.

NATO's figures for the latest years of an edition are estimates: outcomes that are estimates are scored apart.

>>> r = backtest(draws=2048, origins=[2019])
>>> c, n = r.coverage(0.9)  # 31 allies x 2020-2024 (2025 and 2026 are NATO estimates, scored apart)
>>> n, round(c, 2), r.coverage(0.9, estimate=True)[1]
(155, 0.97, 62)
"""

from __future__ import annotations

import datetime as _dt
import math
import time
from dataclasses import dataclass, field

import numpy as np

from hague.data import DEFAULT_DATASET
from hague.errors import HagueError
from hague.models.montecarlo.calibration import MAX_HORIZON, MIN_HISTORY, ExecutionCalibration, calibrate_execution
from hague.models.montecarlo.central import central_path, plain_trend
from hague.models.montecarlo.constants import BLOCK, SHARE_BIN, SHARE_LO
from hague.models.montecarlo.history import ShareHistory, share_history
from hague.models.montecarlo.kernel import Params, run_chunk
from hague.models.montecarlo.progress import _Progress
from hague.models.montecarlo.runners import _chunks, _run

__all__ = ["backtest", "BacktestResult", "NOMINALS", "origins_of"]

NOMINALS = (0.5, 0.8, 0.9)
PIT_BINS = 10


@dataclass
class Score:
    """One scored outcome."""

    origin: int
    horizon: int
    ally: str
    outcome: float
    central: float
    pit: float
    crps: float
    ae_central: float
    ae_nochange: float
    ae_trend: float
    estimate: bool
    basis: str


@dataclass
class BacktestResult:
    history: str
    title: str
    draws: int
    seed: int
    origins: tuple[int, ...]
    scores: list[Score]
    calibrations: dict[int, ExecutionCalibration] = field(default_factory=dict, repr=False)
    elapsed: float = 0.0

    def _sel(self, *, estimate: bool = False, origin=None, horizon=None) -> list[Score]:
        return [s for s in self.scores if s.estimate == estimate and (origin is None or s.origin == origin)
                and (horizon is None or s.horizon == horizon)]

    @staticmethod
    def _cov(ss: list[Score], nominal: float) -> float | None:
        if not ss:
            return None
        lo, hi = (1 - nominal) / 2, (1 + nominal) / 2
        return sum(lo <= s.pit <= hi for s in ss) / len(ss)

    def coverage(self, nominal: float, *, origin=None, horizon=None, estimate: bool = False) -> tuple[float | None, int]:
        ss = self._sel(estimate=estimate, origin=origin, horizon=horizon)
        return self._cov(ss, nominal), len(ss)

    def horizons(self, *, estimate: bool = False) -> list[int]:
        return sorted({s.horizon for s in self._sel(estimate=estimate)})

    def coverage_rows(self, *, estimate: bool = False, detail: bool = True) -> list[dict]:
        """One row per (origin, horizon, nominal), then per horizon over all origins, then pooled."""
        rows = []
        keys: list[tuple] = []
        if detail:
            keys += sorted({(s.origin, s.horizon) for s in self._sel(estimate=estimate)})
        keys += [("all", h) for h in self.horizons(estimate=estimate)]
        keys += [("all", "all")]
        for o, h in keys:
            ss = self._sel(estimate=estimate, origin=None if o == "all" else o, horizon=None if h == "all" else h)
            if not ss:
                continue
            for nom in NOMINALS:
                rows.append({"origin": o, "horizon": h, "nominal": nom, "coverage": self._cov(ss, nom), "n": len(ss),
                             "outcomes": "estimates" if estimate else "actual"})
        return rows

    def skill_rows(self, *, estimate: bool = False) -> list[dict]:
        """Mean CRPS and MAE (percentage points of GDP) by horizon and pooled, against no change and plain trend."""
        out = []
        for h in [*self.horizons(estimate=estimate), "all"]:
            ss = self._sel(estimate=estimate, horizon=None if h == "all" else h)
            if not ss:
                continue
            m = {k: float(np.mean([getattr(s, k) for s in ss])) for k in ("crps", "ae_central", "ae_nochange",
                                                                            "ae_trend")}
            out.append({"horizon": h, "n": len(ss), "crps": m["crps"], "mae_central": m["ae_central"],
                        "mae_nochange": m["ae_nochange"], "mae_trend": m["ae_trend"],
                        "crps_vs_nochange": m["crps"] / m["ae_nochange"] if m["ae_nochange"] else None,
                        "outcomes": "estimates" if estimate else "actual"})
        return out

    def pit_histogram(self, *, estimate: bool = False) -> list[dict]:
        ss = self._sel(estimate=estimate)
        counts = np.histogram([s.pit for s in ss], bins=PIT_BINS, range=(0.0, 1.0))[0] if ss else np.zeros(PIT_BINS)
        n = max(len(ss), 1)
        return [{"bin": f"{k / PIT_BINS:.1f}-{(k + 1) / PIT_BINS:.1f}", "count": int(c), "share": c / n}
                for k, c in enumerate(counts)]

    def footer(self) -> str:
        o = self.origins
        est = len(self._sel(estimate=True))
        return (f"Backtest of hague simulate's share-of-GDP forecasts on {self.history} ({self.title}): origins "
                f"{o[0]}-{o[-1]} ({len(o)}), recalibrated on data up to each origin, central paths from plans "
                f"published by then else the damped trend, {self.draws:,} draws, seed {self.seed}, horizons 1-"
                f"{MAX_HORIZON} years. Coverage: share of outcomes inside the central interval. "
                + (f"{est} outcomes are the source's estimates (latest years) and are scored apart. " if est else "")
                + "CRPS and MAE in percentage points of GDP; no change = the origin's share held; plain trend = "
                "least-squares line through all years up to the origin (docs/economics.md, 'Backtest').")

    def meta(self) -> dict:
        return {"history": self.history, "draws": self.draws, "seed": self.seed, "origins": list(self.origins),
                "skill": self.skill_rows(), "pit": self.pit_histogram(),
                "estimates": {"coverage": self.coverage_rows(estimate=True, detail=False),
                              "skill": self.skill_rows(estimate=True)},
                "calibration": {str(o): {"a": c.a, "b": c.b, "up": c.up, "down": c.down, "n_by_h": list(c.n_by_h)}
                                for o, c in self.calibrations.items()}}


    def result(self, *, detail: bool = True):
        """The coverage table as a :class:`hague.results.Result`: one row per (origin, horizon, nominal), then per
        horizon over all origins (``origin`` "all"), then pooled (``origin`` and ``horizon`` "all"). Outcomes that
        are the source's estimates are in ``meta["estimates"]``; skill scores and the PIT histogram in ``meta``."""
        from hague.results import COMPUTED, Column, Provenance, Result

        cols = [Column("origin", "Origin", kind="year", priority=0),
                Column("horizon", "Years ahead", kind="int", priority=0),
                Column("nominal", "Nominal", "share of outcomes", 2, "number", priority=0),
                Column("coverage", "Coverage", "share of outcomes", 3, "number", priority=0, origin=COMPUTED,
                       inputs=(self.history,)),
                Column("n", "Outcomes", "", None, "int", priority=1),
                Column("outcomes", "Outcomes are", kind="text", priority=3)]
        notes = [self.footer(), self.summary()]
        return Result(f"Backtest coverage of the 50/80/90% intervals ({self.history}, origins {self.origins[0]}-"
                      f"{self.origins[-1]})", self.coverage_rows(detail=detail), cols,
                      Provenance.of(self.history), notes, meta=self.meta())

    def summary(self) -> str:
        """One line: pooled coverage and skill against the goals."""
        parts = []
        for nom in NOMINALS:
            c, n = self.coverage(nom)
            parts.append(f"{int(nom * 100)}%: {c:.2f}" if c is not None else f"{int(nom * 100)}%: -")
        sk = next((r for r in self.skill_rows() if r["horizon"] == "all"), None)
        tail = ""
        if sk:
            tail = (f"; CRPS {sk['crps']:.3f} pp vs no-change MAE {sk['mae_nochange']:.3f} pp (ratio "
                    f"{sk['crps_vs_nochange']:.2f}); MAE of the central path {sk['mae_central']:.3f}, plain trend "
                    f"{sk['mae_trend']:.3f}")
        return f"Pooled coverage ({len(self._sel())} outcomes) {', '.join(parts)}{tail}."

    def chart(self, file) -> None:
        """Coverage by horizon against the nominal line (.png or .svg)."""
        from hague.charts import _plt, _save, check_chart_file

        fmt = check_chart_file(file)
        plt = _plt()
        fig, ax = plt.subplots(figsize=(7, 4.2))
        hs = self.horizons()
        for nom, colour in zip(NOMINALS, ("#1f77b4", "#ff7f0e", "#2ca02c"), strict=True):
            ax.plot(hs, [self.coverage(nom, horizon=h)[0] for h in hs], marker="o", color=colour,
                    label=f"{int(nom * 100)}% interval")
            ax.axhline(nom, color=colour, linestyle="--", linewidth=1)
        ax.set_xlabel("years ahead")
        ax.set_ylabel("share of outcomes inside the interval")
        ax.set_ylim(0, 1.02)
        ax.set_title(f"Backtest coverage by horizon, {self.history} (dashed: nominal)", fontsize=10)
        ax.legend(loc="lower left", fontsize=8)
        _save(fig, file, fmt)


def origins_of(h: ShareHistory) -> list[int]:
    """Every year with at least :data:`MIN_HISTORY` years of history (for some ally) and one later year."""
    out = []
    for o in range(h.first, h.last):
        if any(all(y in s for y in range(o - MIN_HISTORY + 1, o + 1)) and any(y > o for y in s)
               for s in h.shares.values()):
            out.append(o)
    return out


def _as_of(origin: int) -> _dt.date:
    """What a forecaster knew at an origin: NATO publishes the origin year's estimate in the summer of that year."""
    return _dt.date(origin, 8, 31)


def _params(origin: int, allies: tuple[str, ...], sstar: np.ndarray, cal: ExecutionCalibration, *, draws: int,
            seed: int) -> Params:
    T, A = sstar.shape
    f32 = np.float32
    sig = cal.sigmas(T)[:, None] * np.array([cal.factor[cal.allies.index(a)] for a in allies])[None, :]
    inc = np.sqrt(np.diff(sig**2, axis=0, prepend=0.0))
    zero_ta, zero_a, ones_ta = np.zeros((T, A), f32), np.zeros(A, f32), np.ones((T, A), f32)
    return Params(seed=seed, draws=draws, plan_mode=False, years=tuple(range(origin + 1, origin + T + 1)),
                  allies=allies, log_sstar=np.log(sstar).astype(f32), sstar=sstar, sg=zero_ta, sgf=zero_a,
                  sp=zero_ta, spf=zero_a, rho=f32(1.0), sz=inc.astype(f32), central21=ones_ta, centralcur=ones_ta,
                  central_nc=np.ones((T, A)), currencies=("",) * A, groups=np.ones((A, 3), f32),
                  group_central21=np.full((T, 3), A, f32), group_centralcur=np.full((T, 3), A, f32), hit_years=(),
                  thresholds=(), hit_log=np.zeros((0, A), f32),
                  boot=cal.boot_rows(T).astype(f32), skew=(cal.up, cal.down), shares_only=True)


def _score_cell(hist: np.ndarray, s_star: float, x: float, up: float, down: float) -> tuple[float, float]:
    """PIT and CRPS (share scale) of outcome ``x`` under the histogram of the symmetric error ``z``."""
    n = hist.sum()
    nb = len(hist)
    edges_z = SHARE_LO + SHARE_BIN * np.arange(nb + 1)
    g = np.where(edges_z > 0, edges_z * up, edges_z * down)
    edges = s_star * np.exp(g)
    cum = np.concatenate([[0.0], np.cumsum(hist)]) / n
    # PIT: linear within the bin holding x (on the share scale)
    if x <= edges[0]:
        pit = 0.0
    elif x >= edges[-1]:
        pit = 1.0
    else:
        k = int(np.searchsorted(edges, x, side="right")) - 1
        frac = (x - edges[k]) / (edges[k + 1] - edges[k])
        pit = float(cum[k] + frac * (cum[k + 1] - cum[k]))
    # CRPS: integral of (F(s) - 1{s >= x})^2 ds, F linear within a bin (integrated exactly piecewise)
    lo_s, hi_s = edges[:-1], edges[1:]
    f0, f1 = cum[:-1], cum[1:]
    width = hi_s - lo_s

    def sq_int(a0, a1, w):  # integral over a segment of width w of (a0 + (a1 - a0) t)^2 dt, t in [0, 1]
        return w * (a0 * a0 + a0 * a1 + a1 * a1) / 3.0

    below = hi_s <= x
    above = lo_s >= x
    crps = float(np.sum(sq_int(f0[below], f1[below], width[below])) +
                 np.sum(sq_int(1 - f0[above], 1 - f1[above], width[above])))
    k = np.flatnonzero(~below & ~above)
    if len(k):
        k = int(k[0])
        t = (x - lo_s[k]) / width[k]
        fx = f0[k] + (f1[k] - f0[k]) * t
        crps += float(sq_int(f0[k], fx, x - lo_s[k]) + sq_int(1 - fx, 1 - f1[k], hi_s[k] - x))
    if x < edges[0]:
        crps += edges[0] - x
    elif x > edges[-1]:
        crps += x - edges[-1]
    return pit, crps


@dataclass
class _Prepared:
    """One origin, ready for the kernel: the truncated history, the allies scored, calibration, paths, inputs."""

    origin: int
    trunc: dict
    allies: tuple[str, ...]
    cal: ExecutionCalibration
    paths: list
    last: int
    sstar: np.ndarray
    params: Params


def _prepare(hist: ShareHistory, history: str, o: int, *, draws: int, seed: int) -> _Prepared:
    trunc = hist.truncated(o)
    al = tuple(a for a, s in hist.shares.items()
               if all(y in s for y in range(o - MIN_HISTORY + 1, o + 1)) and any(y > o for y in s))
    cal = calibrate_execution(trunc, o, history=history, estimates=hist.estimates, allies=al, seed=seed)
    last = min(o + MAX_HORIZON, hist.last)
    paths = [central_path(a, origin=o, history=trunc[a], last=last, scenario="plans", as_of=_as_of(o)) for a in al]
    sstar = np.array([[p.shares[y] for p in paths] for y in range(o + 1, last + 1)])
    return _Prepared(o, trunc, al, cal, paths, last, sstar, _params(o, al, sstar, cal, draws=draws, seed=seed))


def _scores(hist: ShareHistory, prep: _Prepared, acc) -> list[Score]:
    """Score every later year of every ally of one origin against the folded counts ``acc``."""
    o, cal, sstar, out = prep.origin, prep.cal, prep.sstar, []
    for i, a in enumerate(prep.allies):
        s = hist.shares[a]
        pt = plain_trend(prep.trunc[a], o, prep.last)
        for j, y in enumerate(range(o + 1, prep.last + 1)):
            if y not in s:
                continue
            pit, crps = _score_cell(acc.share_hist[j, i], float(sstar[j, i]), s[y], cal.up, cal.down)
            out.append(Score(origin=o, horizon=y - o, ally=a, outcome=s[y], central=float(sstar[j, i]), pit=pit,
                             crps=crps, ae_central=abs(s[y] - sstar[j, i]), ae_nochange=abs(s[y] - prep.trunc[a][o]),
                             ae_trend=abs(s[y] - pt[y]), estimate=(a, y) in hist.estimates,
                             basis=prep.paths[i].basis))
    return out


def _origin(hist: ShareHistory, history: str, o: int, *, draws: int, seed: int
            ) -> tuple[list[Score], ExecutionCalibration]:
    """Calibrate, simulate (every block in this process: integer counts, the same whatever the grouping) and
    score one origin."""
    prep = _prepare(hist, history, o, draws=draws, seed=seed)
    return _scores(hist, prep, run_chunk(prep.params, 0, -(-draws // BLOCK))), prep.cal


def _history(history: str, keep: tuple[str, ...] | None) -> ShareHistory:
    hist = share_history(history)
    if keep is not None:
        hist = ShareHistory(hist.dataset_id, hist.indicator, hist.title, {a: hist.shares[a] for a in keep
                                                                          if a in hist.shares}, hist.estimates)
    return hist


_WORKER_HISTORY: dict = {}


def _origin_task(history: str, keep: tuple[str, ...] | None, o: int, draws: int, seed: int):
    """:func:`_origin` in a worker process (the history is read once per process)."""
    key = (history, keep)
    if key not in _WORKER_HISTORY:
        _WORKER_HISTORY[key] = _history(history, keep)
    return _origin(_WORKER_HISTORY[key], history, o, draws=draws, seed=seed)


def backtest(*, history: str = DEFAULT_DATASET, draws: int = 20_000, seed: int = 20250625,
             origins: list[int] | None = None, workers: int = 1, scheduler: str | None = None,
             progress: bool = False, allies: list[str] | None = None) -> BacktestResult:
    """Run the backtest (see the module docstring); ``history``: a NATO edition or an imported SIPRI dataset."""
    from hague.allies import resolve

    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise HagueError(f"draws must be a whole number of at least 1, got {draws!r}")
    t0 = time.perf_counter()
    hist = _history(history, tuple(dict.fromkeys(resolve(a).iso3 for a in allies)) if allies else None)
    valid = origins_of(hist)
    if not valid:
        raise HagueError(f"{history} has {hist.first}-{hist.last}: no year with {MIN_HISTORY} years of history and an "
                         "outcome after it; a backtest needs a longer history (a NATO edition from 2014, or SIPRI)")
    if origins is None:
        origins = valid
    if not origins:
        raise HagueError("no origin given")
    for o in origins:
        if o not in valid:
            raise HagueError(f"origin {o}: too little history in {history} (needs {MIN_HISTORY} years up to {o} and "
                             f"an outcome after it; {history} has {hist.first}-{hist.last}; valid origins "
                             f"{valid[0]}-{valid[-1]})" if valid else
                             f"origin {o}: {history} has no year with {MIN_HISTORY} years of history and an outcome")
    scores: list[Score] = []
    cals: dict[int, ExecutionCalibration] = {}
    bar = _Progress(draws * len(origins), progress)

    def collect(o: int, res: tuple[list[Score], ExecutionCalibration]) -> None:
        scores.extend(res[0])
        cals[o] = res[1]
        bar.update(draws)

    try:
        if scheduler:  # the blocks of each origin on the Dask cluster
            n_blocks = -(-draws // BLOCK)
            for o in origins:
                prep = _prepare(hist, history, o, draws=draws, seed=seed)
                acc = _run(prep.params, _chunks(n_blocks, max(1, -(-n_blocks // (2 * workers)))), workers=1,
                           scheduler=scheduler, progress=_Progress(draws, False))
                collect(o, (_scores(hist, prep, acc), prep.cal))
        elif workers > 1:  # one pool for every origin; an origin (calibration, kernel, scores) is one task
            from concurrent.futures import ProcessPoolExecutor

            keep = tuple(hist.shares) if allies else None
            with ProcessPoolExecutor(max_workers=workers) as ex:
                futures = {o: ex.submit(_origin_task, history, keep, o, draws, seed) for o in origins}
                for o in origins:  # in order: the scores come out as a single process lists them
                    collect(o, futures[o].result())
        else:
            for o in origins:
                collect(o, _origin(hist, history, o, draws=draws, seed=seed))
    finally:
        bar.close()
    return BacktestResult(history=history, title=hist.title, draws=draws, seed=seed, origins=tuple(origins),
                          scores=scores, calibrations=cals, elapsed=time.perf_counter() - t0)


def _fmt(x) -> str:  # pragma: no cover - debugging aid
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.2f}"
