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

NATO's figures for the latest years of an edition are estimates: they are pooled with the others (the headline) and
flagged by kind. Each origin starts from the release as published then where hague holds one (``data``), and
:func:`vintage_backtest` scores the forecasts made from each real release (docs/economics.md, "Vintages").

>>> r = backtest(draws=2048, origins=[2019])
>>> c, n = r.coverage(0.9)  # 31 allies x 2020-2026, every outcome pooled (2025 and 2026 are NATO estimates)
>>> n, round(c, 2), r.coverage(0.9, estimate=True)[1], r.data[2019]
(217, 0.97, 62, 'revised (nato-2026)')

Long (over 500 lines): the rolling backtest, the real-vintage backtest and their Results share one scoring path (origins, kernel runs, PIT).
"""

from __future__ import annotations

import datetime as _dt
import math
import time
from dataclasses import dataclass, field
from functools import lru_cache

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
from hague.results import COMPUTED, Column, Provenance, Result

__all__ = ["backtest", "BacktestResult", "NOMINALS", "origins_of", "vintage_backtest", "VintageBacktest",
           "scored_horizons", "horizon_label", "horizon_note", "MIN_SCORED", "backtest_skill_result", "backtest_result"]

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
    data: str = ""  # the data the origin started from: "as published: <release>" or "revised (<dataset>)"


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
    data: dict = field(default_factory=dict)  # origin -> the data it started from (as published or revised)

    def _sel(self, *, estimate: bool | None = None, origin=None, horizon=None) -> list[Score]:
        """Scores of one origin/horizon; ``estimate`` None: every outcome (the headline), True/False: only the
        source's estimates / only actual outcomes."""
        return [s for s in self.scores if (estimate is None or s.estimate == estimate)
                and (origin is None or s.origin == origin) and (horizon is None or s.horizon == horizon)]

    @staticmethod
    def _kind(estimate: bool | None) -> str:
        return "all" if estimate is None else "estimates" if estimate else "actual"

    def data_of(self, origin) -> str:
        """The data an origin (or "all") started from: as published (which release) or revised."""
        if origin != "all":
            return self.data.get(origin, "")
        pub = [o for o, d in self.data.items() if d.startswith("as published")]
        return (f"origins {', '.join(map(str, pub))} as published, the others revised" if pub
                else "revised (every origin)")

    def above_median(self, **kw) -> tuple[float | None, int]:
        """Share of outcomes above the median of their forecast (0.5 if the forecasts are not biased)."""
        ss = self._sel(**kw)
        return (sum(s.pit > 0.5 for s in ss) / len(ss) if ss else None), len(ss)

    def median_ae(self, **kw) -> tuple[float | None, float | None]:
        """Median absolute error of the central path and of no change, percentage points."""
        ss = self._sel(**kw)
        if not ss:
            return None, None
        return float(np.median([s.ae_central for s in ss])), float(np.median([s.ae_nochange for s in ss]))

    @staticmethod
    def _cov(ss: list[Score], nominal: float) -> float | None:
        if not ss:
            return None
        lo, hi = (1 - nominal) / 2, (1 + nominal) / 2
        return sum(lo <= s.pit <= hi for s in ss) / len(ss)

    def coverage(self, nominal: float, *, origin=None, horizon=None, estimate: bool | None = None
                 ) -> tuple[float | None, int]:
        ss = self._sel(estimate=estimate, origin=origin, horizon=horizon)
        return self._cov(ss, nominal), len(ss)

    def horizons(self, *, estimate: bool | None = None) -> list[int]:
        return sorted({s.horizon for s in self._sel(estimate=estimate)})

    def coverage_rows(self, *, estimate: bool | None = None, detail: bool = True) -> list[dict]:
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
                n_est = sum(x.estimate for x in ss)
                rows.append({"origin": o, "horizon": h, "nominal": nom, "coverage": self._cov(ss, nom), "n": len(ss),
                             "n_estimates": n_est, "outcomes": self._kind(estimate) if estimate is not None else
                             ("estimates" if n_est == len(ss) else "actual" if not n_est else "actual + estimates"),
                             "data": self.data_of(o)})
        return rows

    def skill_rows(self, *, estimate: bool | None = None) -> list[dict]:
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
                        "outcomes": self._kind(estimate)})
        return out

    def pit_histogram(self, *, estimate: bool | None = None) -> list[dict]:
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
                + (f"Every outcome is pooled: {est} of {len(self.scores)} are the source's estimates for its latest "
                   "years (flagged under 'Outcomes are'; apart in meta['by_kind']). " if est else "")
                + f"Start data: {self.data_of('all')} ('Data' column; docs/economics.md, 'Vintages'). "
                + "CRPS and MAE in percentage points of GDP; no change = the origin's share held; plain trend = "
                "least-squares line through all years up to the origin (docs/economics.md, 'Backtest').")

    def meta(self) -> dict:
        return {"history": self.history, "draws": self.draws, "seed": self.seed, "origins": list(self.origins),
                "skill": self.skill_rows(), "pit": self.pit_histogram(),
                "by_kind": {k: {"coverage": self.coverage_rows(estimate=e, detail=False),
                                "skill": self.skill_rows(estimate=e), "pit": self.pit_histogram(estimate=e)}
                            for k, e in (("actual", False), ("estimates", True))},
                "data": {str(o): d for o, d in self.data.items()},
                "above_median": self.above_median()[0],
                "calibration": {str(o): {"a": c.a, "b": c.b, "up": c.up, "down": c.down, "n_by_h": list(c.n_by_h),
                                         "drift": c.drift, "revision": c.revision}
                                for o, c in self.calibrations.items()}}


    def result(self, *, detail: bool = True):
        """The coverage table as a :class:`hague.results.Result`: one row per (origin, horizon, nominal), then per
        horizon over all origins (``origin`` "all"), then pooled (``origin`` and ``horizon`` "all"), every outcome
        pooled (the source's estimates flagged in ``outcomes``; apart in ``meta["by_kind"]``); ``data`` says whether
        the origin started from a release as published or from revised data. Skill scores and the PIT histogram
        are in ``meta``."""
        from hague.results import Result

        cols = [Column("origin", "Origin", kind="year", priority=0),
                Column("horizon", "Years ahead", kind="int", priority=0),
                Column("nominal", "Nominal", "share of outcomes", 2, "number", priority=0),
                Column("coverage", "Coverage", "share of outcomes", 3, "number", priority=0, origin=COMPUTED,
                       inputs=(self.history,)),
                Column("n", "Outcomes", "", None, "int", priority=1),
                Column("n_estimates", "Of which estimates", "", None, "int", priority=4),
                Column("outcomes", "Outcomes are", kind="text", priority=3),
                Column("data", "Data", kind="text", priority=2,
                       description="what the origin started from: a release as published at the origin, or the "
                                   "revised history")]
        notes = [self.footer(), self.summary()]
        return Result(f"Backtest coverage of the 50/80/90% intervals ({self.history}, origins {self.origins[0]}-"
                      f"{self.origins[-1]})", self.coverage_rows(detail=detail), cols,
                      Provenance.of(self.history), notes, meta=self.meta())

    def skill_result(self):
        """The skill table as a :class:`hague.results.Result`: CRPS and mean absolute errors by horizon against the
        no-change and plain-trend forecasts (every outcome pooled), with the PIT histogram."""
        from hague.results import Result

        inputs = ("backtest outcomes", "forecasts from each origin")
        pp = "percentage points of GDP"
        cols = [Column("horizon", "Years ahead", kind="int", priority=0),
                Column("n", "Outcomes", kind="int", origin=COMPUTED, inputs=inputs),
                Column("crps", "CRPS pp", pp, 3, "number", priority=0, origin=COMPUTED, inputs=inputs),
                Column("mae_nochange", "MAE no change", pp, 3, "number", priority=0, origin=COMPUTED, inputs=inputs),
                Column("crps_vs_nochange", "CRPS / no change", "", 2, "number", priority=0, origin=COMPUTED,
                       inputs=("crps", "mae_nochange")),
                Column("mae_central", "MAE central", pp, 3, "number", origin=COMPUTED, inputs=inputs),
                Column("mae_trend", "MAE plain trend", pp, 3, "number", origin=COMPUTED, inputs=inputs)]
        pit = ", ".join(f"{b['bin']}: {b['share']:.2f}" for b in self.pit_histogram())
        kinds = []
        for name, e in (("actual outcomes", False), ("the source's estimates", True)):
            pooled = [x for x in self.coverage_rows(estimate=e, detail=False) if x["horizon"] == "all"]
            if pooled:
                kinds.append(f"{name} ({pooled[0]['n']}): " + ", ".join(f"{int(x['nominal'] * 100)}% "
                                                                      f"{x['coverage']:.2f}" for x in pooled))
        return Result("Skill: CRPS and mean absolute error (every outcome pooled)", self.skill_rows(), cols,
                      Provenance.of(self.history, footer_sources=False),
                      notes=[f"PIT histogram (share of outcomes per decile; 0.10 each if calibrated): {pit}.",
                             "Coverage by kind of outcome: " + "; ".join(kinds) + "." if kinds else ""])

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
        am = self.above_median()[0]
        return (f"Pooled coverage ({len(self._sel())} outcomes, {len(self._sel(estimate=True))} of them the source's "
                f"estimates) {', '.join(parts)}; above the median {am:.2f}{tail}.")

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
    sig = cal.spread(T, np.array([cal.factor[cal.allies.index(a)] for a in allies]))
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
    """One origin, ready for the kernel: the start data, the allies scored, calibration, paths, inputs."""

    origin: int
    trunc: dict  # ally -> year -> share up to the origin, as the forecaster held them
    allies: tuple[str, ...]
    cal: ExecutionCalibration
    paths: list
    last: int
    sstar: np.ndarray
    params: Params
    data: str


@dataclass(frozen=True)
class _Start:
    """What an origin starts from: the data (None: the revised history cut at the origin), the date the forecaster
    knew plans by, the revision error known then, and the row label."""

    origin: int
    as_of: _dt.date
    shares: dict | None = None
    revision: float = 0.0
    data: str = ""


def _prepare(hist: ShareHistory, history: str, st: _Start, *, draws: int, seed: int) -> _Prepared:
    o = st.origin
    trunc = st.shares if st.shares is not None else hist.truncated(o)
    al = tuple(a for a, s in trunc.items()
               if all(y in s for y in range(o - MIN_HISTORY + 1, o + 1)) and any(y > o for y in hist.shares.get(a, {})))
    # the data published up to the origin, the source's estimates included, are what a forecaster knew: all are
    # outcomes of the pseudo-forecasts the calibration learns from
    cal = calibrate_execution(trunc, o, history=history, allies=al, seed=seed)
    if st.revision:
        cal = cal.with_revision(st.revision)
    last = min(o + MAX_HORIZON, hist.last)
    paths = [central_path(a, origin=o, history=trunc[a], last=last, scenario="plans", as_of=st.as_of) for a in al]
    sstar = np.array([[p.shares[y] for p in paths] for y in range(o + 1, last + 1)])
    sstar *= np.exp(cal.drifts(len(sstar), al) * np.array([p.basis == "trend" for p in paths])[None, :])
    return _Prepared(o, trunc, al, cal, paths, last, sstar, _params(o, al, sstar, cal, draws=draws, seed=seed),
                     st.data or f"revised ({hist.dataset_id})")


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
                             basis=prep.paths[i].basis, data=prep.data))
    return out


def _origin(hist: ShareHistory, history: str, st: _Start, *, draws: int, seed: int
            ) -> tuple[list[Score], ExecutionCalibration]:
    """Calibrate, simulate (every block in this process: integer counts, the same whatever the grouping) and
    score one origin."""
    prep = _prepare(hist, history, st, draws=draws, seed=seed)
    return _scores(hist, prep, run_chunk(prep.params, 0, -(-draws // BLOCK))), prep.cal


def _history(history: str, keep: tuple[str, ...] | None) -> ShareHistory:
    hist = share_history(history)
    if keep is not None:
        hist = ShareHistory(hist.dataset_id, hist.indicator, hist.title, {a: hist.shares[a] for a in keep
                                                                          if a in hist.shares}, hist.estimates)
    return hist


_WORKER_HISTORY: dict = {}


def _origin_task(history: str, keep: tuple[str, ...] | None, st: _Start, draws: int, seed: int):
    """:func:`_origin` in a worker process (the history is read once per process)."""
    key = (history, keep)
    if key not in _WORKER_HISTORY:
        _WORKER_HISTORY[key] = _history(history, keep)
    return _origin(_WORKER_HISTORY[key], history, st, draws=draws, seed=seed)


def _run_origins(hist: ShareHistory, history: str, starts: list[_Start], *, draws: int, seed: int, workers: int,
                 scheduler: str | None, keep: tuple[str, ...] | None, progress: bool):
    """Scores and calibration of every start, in the order given, whatever runs them (one process, a pool of
    ``workers`` with one task per origin, or the blocks of each origin on a Dask cluster)."""
    out: list[tuple[list[Score], ExecutionCalibration]] = []
    bar = _Progress(draws * len(starts), progress)
    try:
        if scheduler:
            n_blocks = -(-draws // BLOCK)
            for st in starts:
                prep = _prepare(hist, history, st, draws=draws, seed=seed)
                acc = _run(prep.params, _chunks(n_blocks, max(1, -(-n_blocks // (2 * workers)))), workers=1,
                           scheduler=scheduler, progress=_Progress(draws, False))
                out.append((_scores(hist, prep, acc), prep.cal))
                bar.update(draws)
        elif workers > 1:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=workers) as ex:
                futures = [ex.submit(_origin_task, history, keep, st, draws, seed) for st in starts]
                for fu in futures:  # in order: the scores come out as a single process lists them
                    out.append(fu.result())
                    bar.update(draws)
        else:
            for st in starts:
                out.append(_origin(hist, history, st, draws=draws, seed=seed))
                bar.update(draws)
    finally:
        bar.close()
    return out


def backtest(*, history: str = DEFAULT_DATASET, draws: int = 20_000, seed: int = 20250625,
             origins: list[int] | None = None, workers: int = 1, scheduler: str | None = None,
             progress: bool = False, allies: list[str] | None = None, real_time: bool = True) -> BacktestResult:
    """Run the backtest (see the module docstring); ``history``: a NATO edition or an imported SIPRI dataset.

    ``real_time``: start each origin from the release published by then that ends in it, where hague holds one
    (:mod:`hague.sources.vintages`); False starts every origin from the revised ``history``."""
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
    family = _family_of(hist.dataset_id) if real_time else None
    starts = []
    for o in origins:
        as_of = _as_of(o)
        rel = _release_at(family, o, as_of, hist) if family else None
        starts.append(_start_from(rel, hist, o, as_of) if rel is not None
                      else _Start(o, as_of, data=f"revised ({hist.dataset_id})"))
    keep = tuple(hist.shares) if allies else None
    res = _run_origins(hist, history, starts, draws=draws, seed=seed, workers=workers, scheduler=scheduler,
                       keep=keep, progress=progress)
    scores = [s for sc, _ in res for s in sc]
    cals = {st.origin: cal for st, (_, cal) in zip(starts, res, strict=True)}
    return BacktestResult(history=history, title=hist.title, draws=draws, seed=seed, origins=tuple(origins),
                          scores=scores, calibrations=cals, elapsed=time.perf_counter() - t0,
                          data={st.origin: st.data for st in starts})


def _family_of(dataset_id: str) -> str | None:
    from hague.data import provenance

    try:
        meta = provenance(dataset_id)
    except HagueError:
        return None
    fam = meta.get("family") or ("nato" if dataset_id.startswith("nato") else "sipri" if "sipri" in dataset_id
                                 else None)
    return str(fam) if fam else None


def _release_at(family: str, origin: int, as_of: _dt.date, hist: ShareHistory):
    """The data as first published for ``origin``: the release published by ``as_of`` that ends in ``origin``, else
    (a source that publishes a year's data later, as SIPRI does each April) the first release published after it
    that ends in ``origin``; never the history itself. None if hague holds no such release."""
    from hague.sources.vintages import as_published, releases

    rel = as_published(family, origin, as_of, exclude=(hist.dataset_id,))
    if rel is None:
        rel = next((r for r in releases(family) if r.last_year == origin and r.full and r.published > as_of
                    and r.dataset != hist.dataset_id), None)
    return rel


def _start_from(rel, hist: ShareHistory, origin: int, as_of: _dt.date) -> _Start:
    """Each ally's history as the release ``rel`` published it (revised data for an ally it lacks), the revision
    error known at ``as_of`` and the row label."""
    from hague.sources.vintages import revision_error

    out, revised = {}, []
    for a, s in hist.truncated(origin).items():
        r = rel.shares.get(a, {})
        if all(y in r for y in range(origin - MIN_HISTORY + 1, origin + 1)):
            out[a] = {y: v for y, v in r.items() if y <= origin}
        else:
            out[a] = s
            if s:
                revised.append(a)
    rev, _ = revision_error(rel.family, max(as_of, rel.published))
    label = f"as published: {rel.label()}" + (f"; revised ({hist.dataset_id}) for {', '.join(revised)}"
                                              if revised else "")
    return _Start(origin, as_of, out, rev, label)


def _fmt(x) -> str:  # pragma: no cover - debugging aid
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.2f}"


# --- real vintages: forecasts from each release as published, scored against the latest values ------------------

@dataclass
class VintageBacktest:
    """Forecasts made from each real release (its data, its publication date for plans, the revision error known
    then), scored against the latest release of the same family."""

    latest: str
    draws: int
    seed: int
    releases: list = field(default_factory=list)  # hague.sources.vintages.Release, one per scored release
    scores: dict = field(default_factory=dict)  # release key -> list[Score]
    calibrations: dict = field(default_factory=dict)  # release key -> ExecutionCalibration
    levels: dict = field(default_factory=dict)  # release key -> {ally: level difference} on overlapping years
    elapsed: float = 0.0

    def pooled(self) -> list[Score]:
        return [s for k in self.scores for s in self.scores[k]]

    def row(self, key: str, ss: list[Score]) -> dict:
        rel = next((r for r in self.releases if r.key == key), None)
        cov = {nom: BacktestResult._cov(ss, nom) for nom in NOMINALS}
        mc = float(np.median([s.ae_central for s in ss])) if ss else None
        mn = float(np.median([s.ae_nochange for s in ss])) if ss else None
        cal = self.calibrations.get(key)
        ys = sorted({s.origin + s.horizon for s in ss})
        return {"release": key, "published": rel.published.isoformat() if rel else "",
                "origin": rel.last_year if rel else "all",
                "outcomes": (f"{ys[0]}" if len(ys) == 1 else f"{ys[0]}-{ys[-1]}") if ys else "", "n": len(ss), "n_estimates": sum(s.estimate for s in ss),
                "cov50": cov[0.5], "cov80": cov[0.8], "cov90": cov[0.9],
                "above_median": sum(s.pit > 0.5 for s in ss) / len(ss) if ss else None,
                "mdae_central": mc, "mdae_nochange": mn, "mdae_ratio": mc / mn if mc is not None and mn else None,
                "drift": cal.drift if cal else None, "revision": cal.revision if cal else None}

    def rows(self) -> list[dict]:
        out = [self.row(k, ss) for k, ss in self.scores.items()]
        if len(self.scores) > 1:
            out.append(self.row("all", self.pooled()))
        return out

    def level_note(self) -> str:
        parts = []
        for key, lv in self.levels.items():
            if not lv:
                parts.append(f"{key} and {self.latest} share no year: not measured")
                continue
            big = sorted(((a, d["pp"]) for a, d in lv.items()), key=lambda x: x[1])
            within = sum(abs(d) <= 0.1 for _, d in big)
            ys = sorted({y for d in lv.values() for y in d["years"]})
            far = ", ".join(f"{a} {d:+.2f}" for a, d in big if abs(d) > 0.1)
            parts.append(f"{key} against {self.latest}, {ys[0]}-{ys[-1]} (the release's last two years): "
                         f"{within} of {len(big)} allies within +/-0.1 pp; {far or 'none beyond'}")
        return ("Level difference per ally (latest minus release, pp, mean over the overlapping years): "
                + "; ".join(parts) + ". A forecast is carried across the change as published, not spliced: its "
                "median and band start from the release's own level (NATO's 2026 'core' revision was not known "
                "then), the revision error known at the release widens the band, and the outcome is the latest "
                "value.") if parts else ""

    def result(self):
        """One row per release (origin = its last year, plans as published by its date) and the pooled row."""
        from hague.results import Result

        inputs = (self.latest, "forecasts from each release")
        share = "share of outcomes"
        pp = "percentage points of GDP"
        cols = [Column("release", "Release", kind="text", priority=0),
                Column("published", "Published", kind="text", priority=2),
                Column("origin", "Origin", kind="year", priority=1),
                Column("outcomes", "Scored years", kind="text", priority=1),
                Column("n", "Outcomes", kind="int", priority=0),
                Column("n_estimates", "Of which estimates", kind="int", priority=4),
                *(Column(f"cov{int(n * 100)}", f"{int(n * 100)}% coverage", share, 2, "number", priority=0,
                         origin=COMPUTED, inputs=inputs) for n in NOMINALS),
                Column("above_median", "Above median", share, 2, "number", priority=0, origin=COMPUTED,
                       inputs=inputs),
                Column("mdae_central", "MdAE central", pp, 3, "number", priority=2, origin=COMPUTED, inputs=inputs),
                Column("mdae_nochange", "MdAE no change", pp, 3, "number", priority=2, origin=COMPUTED,
                       inputs=inputs),
                Column("mdae_ratio", "MdAE / no change", "", 2, "number", priority=1, origin=COMPUTED,
                       inputs=("mdae_central", "mdae_nochange")),
                Column("drift", "Drift", "log points a year", 3, "number", priority=5, origin=COMPUTED,
                       inputs=("the release",)),
                Column("revision", "Revision error", "log points", 3, "number", priority=5, origin=COMPUTED,
                       inputs=("releases published by then",))]
        notes = [f"Forecasts made from each real release as published (its data; plans published by its date; "
                 f"drift and error scale calibrated on its own history; the revision error of releases published "
                 f"by then added to the spread), {self.draws:,} draws, seed {self.seed}, scored against "
                 f"{self.latest} (every outcome pooled, the source's estimates included and counted). MdAE: median "
                 "absolute error of the central path and of no change (the release's last value held). "
                 "docs/economics.md, 'Vintages'.", self.level_note()]
        return Result(f"Backtest of real vintages against {self.latest}", self.rows(), cols,
                      Provenance.of(*dict.fromkeys([*(r.dataset for r in self.releases), self.latest])),
                      [n for n in notes if n],
                      meta={"latest": self.latest, "draws": self.draws, "seed": self.seed,
                            "levels": {k: {a: d["pp"] for a, d in v.items()} for k, v in self.levels.items()}})


def vintage_backtest(*, latest: str = DEFAULT_DATASET, draws: int = 20_000, seed: int = 20250625,
                     workers: int = 1, scheduler: str | None = None, progress: bool = False,
                     releases: list[str] | None = None) -> VintageBacktest:
    """Score the forecasts made from each real release of ``latest``'s family (embedded and imported) that holds a
    full history and ends before ``latest`` does, against ``latest`` (``hague backtest --vintages``).

    >>> v = vintage_backtest(draws=2048)
    >>> [(r["release"], r["origin"], r["n"]) for r in v.rows()]
    [('nato-2024-table3', 2024, 62), ('nato-2025-secondary', 2024, 62), ('all', 'all', 124)]
    """
    from hague.sources.vintages import level_differences, revision_error
    from hague.sources.vintages import releases as _releases

    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise HagueError(f"draws must be a whole number of at least 1, got {draws!r}")
    t0 = time.perf_counter()
    fam = _family_of(latest)
    hist = share_history(latest)
    lat = next((r for r in _releases(fam) if r.dataset == latest), None) if fam else None
    if lat is None:
        raise HagueError(f"{latest} has no publication date or family; a vintage backtest scores releases against "
                         "the latest release of a family (nato-2026, or an imported sipri-YYYY)")
    seen, chosen = set(), []
    for r in _releases(fam):
        if r.dataset == latest or not r.full or r.last_year >= hist.last or r.published >= lat.published:
            continue
        if releases and r.key not in releases and r.dataset not in releases:
            continue
        if (r.published, r.last_year) in seen:  # two copies of one release (embedded and imported): score once
            continue
        seen.add((r.published, r.last_year))
        chosen.append(r)
    if not chosen:
        raise HagueError(f"no earlier release of {latest}'s family with a full history; import one (hague data import "
                         f"{fam} FILE)")
    out = VintageBacktest(latest=latest, draws=draws, seed=seed, releases=chosen)
    starts = []
    for r in chosen:
        o = r.last_year
        rev, _ = revision_error(fam, r.published)
        starts.append(_Start(o, r.published, {a: {y: v for y, v in s.items() if y <= o} for a, s in r.shares.items()},
                             rev, f"as published: {r.label()}"))
    res = _run_origins(hist, latest, starts, draws=draws, seed=seed, workers=workers, scheduler=scheduler, keep=None,
                       progress=progress)
    for r, (sc, cal) in zip(chosen, res, strict=True):
        out.scores[r.key], out.calibrations[r.key] = sc, cal
        out.levels[r.key] = level_differences(r.dataset, latest, years=(r.last_year - 1, r.last_year))
    out.elapsed = time.perf_counter() - t0
    return out


# --- horizon honesty: how far ahead the forecasts have been scored --------------------------------------------------

#: fewest scored outcomes at a horizon for it to count as scored
MIN_SCORED = 30


@lru_cache(maxsize=16)
def scored_horizons(history: str = DEFAULT_DATASET) -> tuple[int, tuple[int, ...]]:
    """The longest horizon (years ahead) that :func:`backtest` on ``history`` scores with at least
    :data:`MIN_SCORED` outcomes (every outcome pooled, as the headline), and the outcome count at each horizon
    1 .. :data:`MAX_HORIZON`. Counted from the data alone (the origins, the allies each scores and their later
    years), without simulating. (0, ...) when ``history`` has no origin.

    >>> scored_horizons("nato-2026")
    (9, (279, 248, 217, 186, 155, 124, 93, 62, 31, 0))
    """
    hist = share_history(history)
    n = [0] * MAX_HORIZON
    for o in origins_of(hist):
        for s in hist.shares.values():
            if all(y in s for y in range(o - MIN_HISTORY + 1, o + 1)):
                for y in s:
                    if o < y <= min(o + MAX_HORIZON, hist.last):
                        n[y - o - 1] += 1
    h = max((k + 1 for k, c in enumerate(n) if c >= MIN_SCORED), default=0)
    return h, tuple(n)


def horizon_label(years_ahead: int, history: str = DEFAULT_DATASET) -> str:
    """"scored" or "beyond the scored horizon" for a forecast ``years_ahead`` years after its origin."""
    return "scored" if years_ahead <= scored_horizons(history)[0] else "beyond the scored horizon"


def horizon_note(origin: int, history: str = DEFAULT_DATASET) -> str:
    """The sentence every forecast face carries: how far ahead the backtest scored, and which years lie beyond."""
    h, n = scored_horizons(history)
    if h == 0:
        return (f"No horizon of these forecasts has been scored: {history} is too short for a backtest; every year is "
                "beyond the scored horizon.")
    return (f"Scored horizon: the backtest on {history} scores forecasts up to {h} years ahead with at least "
            f"{MIN_SCORED} outcomes each ({n[h - 1]} at {h} years; every outcome pooled); from {origin} that is up "
            f"to {origin + h}. Fans and probabilities for later years are beyond the scored horizon ('Horizon' "
            "column): their spread is extrapolated, never checked against outcomes.")


# ------------------------------------------------------------------ the Result of this model's table(s)

def backtest_skill_result(backtest) -> Result:
    """The skill table of a backtest: :meth:`BacktestResult.skill_result`."""
    return backtest.skill_result()


def backtest_result(view: str = "coverage", *, detail: bool = False, history: str | None = None, **kwargs) -> Result:
    """:func:`backtest` (same keywords; ``history`` an edition name or dataset id) as a Result: ``view``
    ``coverage`` (interval coverage by horizon; ``detail``: every origin too) or ``skill`` (CRPS and MAE against
    no-change)."""
    from hague.data import resolve_edition

    if view not in ("coverage", "skill"):
        raise HagueError(f"unknown view {view!r}; accepted: coverage, skill")
    r = backtest(history=resolve_edition(history), **kwargs)
    return r.result(detail=detail) if view == "coverage" else backtest_skill_result(r)
