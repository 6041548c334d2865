"""Benchmark and goals of ``hague backtest`` (issue 18): real vintages, the pooled rolling backtest, bit-identical
reruns, wall time. Prints figure lines; asserts nothing (goals are printed, never timed tests). Run:
``python benchmarks/backtest.py`` (NATO 2026 edition; ``--history sipri-2025`` after importing SIPRI's workbook).

1. Vintage: forecasts from the real June-2024 NATO workbook (``nato-2024-table3``, or an import of it) scored on
   2025-26 of the 2026 edition (n = 62): 80% coverage >= 0.70, 90% >= 0.85, outcomes above the median in
   [0.40, 0.60], median absolute error <= 0.9 x no change.
2. Rolling backtest, every outcome pooled (NATO's 2025-26 estimates included): 50% in [0.40, 0.60], 80% in
   [0.70, 0.90], 90% >= 0.85; no PIT decile below 0.05 or above 0.15.
3. Same seed => bit-identical scores: twice in one process, on ``--workers`` processes, on a local Dask cluster.
4. Wall time of the full backtest (rolling + vintages, 20,000 draws, ``--workers`` processes): goal <= 120 s on 2
   cores. Floor, measured in the same run right after: drawing as many standard normals as the backtest has
   draw-ally-years, one process (the least any Monte Carlo of this size does).
5. Pledge delivery (:func:`pledge_goals`, also alone with ``--pledges-only``).
6. Processes (``--speedup``, alone with ``--speedup-only``): the whole backtest on 1 worker and on 2 worker
   processes, in turns (two turns, the least of each; each origin is one task of one pool). Figure
   ``backtest_two_workers_speedup`` = 1-worker time / 2-worker time, goal >= 1.6 (an idle machine; the load
   average is printed).

``--tuning`` prints instead the grid on which the drift's constants were chosen (origins 2017-2021 only;
docs/economics.md, "Drift").
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import LOOPBACK_CLUSTER, figure, header, load  # noqa: E402

GOALS = {0.5: (0.40, 0.60), 0.8: (0.70, 0.90), 0.9: (0.85, 1.0)}


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def vintage_goals(v) -> None:
    print(f"1. vintages: forecasts from each real release, scored against {v.latest}")
    for r in v.rows():
        print(f"   {r['release']:<22} origin {r['origin']}, outcomes {r['outcomes']}, n {r['n']}: coverage "
              f"{r['cov50']:.3f} / {r['cov80']:.3f} / {r['cov90']:.3f}; above the median {r['above_median']:.3f}; "
              f"median abs. error {r['mdae_central']:.3f} pp vs no change {r['mdae_nochange']:.3f} "
              f"({r['mdae_ratio']:.2f})")
    jun = next((r for r in v.rows() if r["published"] == "2024-06-17"), None)
    if jun is None:
        print("   the June-2024 release is not held: goal not measured")
        return
    print(f"   June-2024 workbook ({jun['release']}), n {jun['n']}: 80% {jun['cov80']:.3f} goal >= 0.70 "
          f"{_met(jun['cov80'] >= 0.70)}; 90% {jun['cov90']:.3f} goal >= 0.85 {_met(jun['cov90'] >= 0.85)}; "
          f"above median {jun['above_median']:.3f} goal [0.40, 0.60] "
          f"{_met(0.40 <= jun['above_median'] <= 0.60)}; MdAE ratio {jun['mdae_ratio']:.2f} goal <= 0.90 "
          f"{_met(jun['mdae_ratio'] <= 0.90)}")
    figure("vintage_2024_cov50", jun["cov50"], ">=", 0.0)
    figure("vintage_2024_cov80", jun["cov80"], ">=", 0.70)
    figure("vintage_2024_cov90", jun["cov90"], ">=", 0.85)
    figure("vintage_2024_above_median_off_half", abs(jun["above_median"] - 0.5), "<=", 0.10)
    figure("vintage_2024_mdae_vs_nochange", jun["mdae_ratio"], "<=", 0.90)


def rolling_goals(r, history: str) -> None:
    print(f"2. rolling backtest, {history}, origins {r.origins[0]}-{r.origins[-1]}, {len(r.scores):,} outcomes "
          f"pooled ({r.coverage(0.5, estimate=True)[1]:,} of them the source's estimates); start data: "
          f"{r.data_of('all')}")
    for nom in (0.5, 0.8, 0.9):
        c = r.coverage(nom)[0]
        lo, hi = GOALS[nom]
        print(f"   {int(nom * 100)}% interval: {c:.3f}   goal [{lo:.2f}, {hi:.2f}]   {_met(lo <= c <= hi)}")
    pit = [b["share"] for b in r.pit_histogram()]
    print(f"   PIT deciles {' '.join(f'{x:.3f}' for x in pit)}   goal every decile in [0.05, 0.15]   "
          f"{_met(min(pit) >= 0.05 and max(pit) <= 0.15)}")
    print(f"   above the median {r.above_median()[0]:.3f}")
    for name, sel in (("origins <= 2021 (tuning)", lambda s: s.origin <= 2021),
                      ("origins >= 2022 (out of sample)", lambda s: s.origin >= 2022)):
        ss = [s for s in r.scores if sel(s)]
        if ss:
            print(f"   {name}: n {len(ss)}, coverage " + " / ".join(f"{r._cov(ss, n):.3f}" for n in (0.5, 0.8, 0.9))
                  + f", above the median {sum(s.pit > 0.5 for s in ss) / len(ss):.3f}")
    sk = next(x for x in r.skill_rows() if x["horizon"] == "all")
    print(f"   CRPS {sk['crps']:.3f} pp, no-change MAE {sk['mae_nochange']:.3f} pp: ratio {sk['crps_vs_nochange']:.2f}")
    figure("rolling_cov50_off_nominal", abs(r.coverage(0.5)[0] - 0.5), "<=", 0.10)
    figure("rolling_cov80_off_nominal", abs(r.coverage(0.8)[0] - 0.8), "<=", 0.10)
    figure("rolling_cov90", r.coverage(0.9)[0], ">=", 0.85)
    figure("rolling_pit_decile_min", min(pit), ">=", 0.05)
    figure("rolling_pit_decile_max", max(pit), "<=", 0.15)


def reproducibility(history: str, workers: int) -> None:
    """Same seed, same scores bit for bit: one process twice, ``workers`` processes, a local Dask cluster."""
    from hague.models.montecarlo.backtest import backtest, vintage_backtest

    def fp(r):
        return [(s.origin, s.horizon, s.ally, s.pit, s.crps, s.central) for s in r.scores]

    def fpv(v):
        return [(k, s.ally, s.horizon, s.pit, s.crps) for k, ss in v.scores.items() for s in ss]

    kw = {"history": history, "draws": 4 * 2048 + 3}
    a, b = fp(backtest(**kw)), fp(backtest(**kw))
    c = fp(backtest(**kw, workers=workers))
    va, vc = fpv(vintage_backtest(latest=history, draws=kw["draws"])), \
        fpv(vintage_backtest(latest=history, draws=kw["draws"], workers=workers))
    dask = "not run (distributed not installed)"
    d = vd = None
    try:
        import distributed

        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, **LOOPBACK_CLUSTER) as cl:
            d = fp(backtest(**kw, scheduler=cl.scheduler_address))
            vd = fpv(vintage_backtest(latest=history, draws=kw["draws"], scheduler=cl.scheduler_address))
        dask = "identical" if (d == a and vd == va) else "DIFFERENT"
    except ImportError:
        pass
    same = a == b and a == c and va == vc and (d is None or (d == a and vd == va))
    print(f"3. same seed, {kw['draws']:,} draws: one process twice {'identical' if a == b else 'DIFFERENT'}; "
          f"{workers} processes {'identical' if a == c and va == vc else 'DIFFERENT'}; local Dask cluster {dask} "
          f"({len(a):,} rolling + {len(va)} vintage scores)")
    figure("backtest_same_seed_identical", 1.0 if same else 0.0, ">=", 1)


def wall_time(history: str, draws: int, workers: int) -> None:
    import numpy as np

    from hague.models.montecarlo.backtest import backtest, vintage_backtest

    t0 = time.perf_counter()
    r = backtest(history=history, draws=draws, workers=workers)
    v = vintage_backtest(latest=history, draws=draws, workers=workers)
    wall = time.perf_counter() - t0
    cells = sum(len({s.ally for s in r.scores if s.origin == o}) * max(s.horizon for s in r.scores if s.origin == o)
                for o in r.origins)
    cells += sum(len({s.ally for s in ss}) * max(s.horizon for s in ss) for ss in v.scores.values())
    units = cells * draws
    rng = np.random.Generator(np.random.PCG64(1))
    t1 = time.perf_counter()
    left = units
    while left > 0:
        k = min(left, 10_000_000)
        rng.standard_normal(k)
        left -= k
    floor = time.perf_counter() - t1
    print(f"4. full backtest ({len(r.origins)} origins + {len(v.scores)} vintages) x {draws:,} draws on {workers} "
          f"processes: {wall:.1f} s   goal <= 120 s   {_met(wall <= 120)}")
    print(f"   floor (one standard normal per draw-ally-year, {units / 1e6:,.0f} M, one process, same run): "
          f"{floor:.2f} s; wall / floor {wall / floor:.1f}; load average {load()}")
    figure("backtest_full_seconds", wall, "<=", 120)


def tuning() -> None:
    """The grid the drift's constants were chosen on: origins 2017-2021 of nato-2026, revised data, every horizon."""
    import numpy as np

    import hague.models.montecarlo.calibration as C
    from hague.models.montecarlo.backtest import BacktestResult, backtest

    keep = (C.DRIFT_HALF_LIFE, C.DRIFT_PERSISTENCE)
    print("tuning grid: origins 2017-2021 of nato-2026 (revised data), 4,096 draws; loss = |cov50 - 0.5| + "
          "|cov80 - 0.8| + |cov90 - 0.9| + |above median - 0.5|")
    def scores(ss):
        c = [BacktestResult._cov(ss, n) for n in (0.5, 0.8, 0.9)]
        am = sum(s.pit > 0.5 for s in ss) / len(ss)
        return c, am, abs(c[0] - 0.5) + abs(c[1] - 0.8) + abs(c[2] - 0.9) + abs(am - 0.5)

    grid = ((0.5, 1.0), (1.0, 1.0), (2.0, 1.0), (4.0, 1.0), (1.0, 0.8), (1.0, 0.6))
    try:
        for hl, psi in grid:
            C.DRIFT_HALF_LIFE, C.DRIFT_PERSISTENCE = hl, psi
            r = backtest(draws=4096, origins=list(range(2017, 2022)), real_time=False)
            c, am, loss = scores(r.scores)
            pit = [b["share"] for b in r.pit_histogram()]
            print(f"   half-life {hl:g}, persistence {psi:g}: coverage {c[0]:.3f} / {c[1]:.3f} / {c[2]:.3f}, above "
                  f"the median {am:.3f}, PIT max {max(pit):.2f}, loss {loss:.3f}, CRPS "
                  f"{np.mean([s.crps for s in r.scores]):.4f}")
        print("   stricter: outcomes up to 2021 only (origins 2017-2020):")
        for hl, psi in grid:
            C.DRIFT_HALF_LIFE, C.DRIFT_PERSISTENCE = hl, psi
            r = backtest(draws=4096, origins=list(range(2017, 2021)), real_time=False)
            ss = [s for s in r.scores if s.origin + s.horizon <= 2021]
            c, am, loss = scores(ss)
            print(f"   half-life {hl:g}, persistence {psi:g}: n {len(ss)}, coverage {c[0]:.3f} / {c[1]:.3f} / "
                  f"{c[2]:.3f}, above the median {am:.3f}, loss {loss:.3f}")
    finally:
        C.DRIFT_HALF_LIFE, C.DRIFT_PERSISTENCE = keep
    print(f"   in use: half-life {keep[0]:g}, persistence {keep[1]:g}")
    phi_up_to(2021)


def phi_up_to(last: int) -> None:
    """The damping phi re-chosen with outcomes up to ``last`` only: mean absolute error of the damped trend relative
    to no change, every origin with 4 years of data and horizons 1-10 (NATO 2026 edition; SIPRI if imported)."""
    import numpy as np

    from hague.data import dataset_ids
    from hague.models.montecarlo.central import PHI, damped_trend
    from hague.models.montecarlo.history import share_history

    grid = (0.0, 0.1, 0.2, 0.25, 0.3, 0.5, 0.7, 0.9, 1.0)
    for ds in ("nato-2026", *(["sipri-2025"] if "sipri-2025" in dataset_ids() else [])):
        h = share_history(ds)
        ratio = {}
        for phi in grid:
            ae, an = [], []
            for s in h.shares.values():
                for o in sorted(s):
                    if o >= last or any(y not in s for y in range(o - 3, o + 1)):
                        continue
                    f = damped_trend({y: v for y, v in s.items() if y <= o}, o, min(o + 10, last), phi=phi)
                    for y, v in f.items():
                        if y in s:
                            ae.append(abs(s[y] - v))
                            an.append(abs(s[y] - s[o]))
            ratio[phi] = float(np.mean(ae) / np.mean(an))
        print(f"   phi on {ds}, outcomes up to {last} only ({len(ae):,}): MAE / no change " +
              ", ".join(f"{p:g}: {r:.3f}" for p, r in ratio.items()) + f"; in use {PHI:g}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--history", default="nato-2026")
    ap.add_argument("--draws", type=int, default=20_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--pledges-only", action="store_true", help="only section 5 (pledge delivery)")
    ap.add_argument("--tuning", action="store_true", help="only the tuning grid of the drift")
    ap.add_argument("--speedup", action="store_true", help="also section 6 (1 worker against 2)")
    ap.add_argument("--speedup-only", action="store_true", help="only section 6")
    a = ap.parse_args()
    if a.speedup_only:
        speedup(a.history, a.draws)
        return
    if a.pledges_only:
        pledge_goals(a.history)
        return
    if a.tuning:
        tuning()
        return
    from hague.models.montecarlo.backtest import backtest, vintage_backtest

    header(f"hague backtest, {a.history}, {a.draws:,} draws, {a.workers} processes")
    vintage_goals(vintage_backtest(latest=a.history, draws=a.draws, workers=a.workers))
    rolling_goals(backtest(history=a.history, draws=a.draws, workers=a.workers), a.history)
    reproducibility(a.history, a.workers)
    wall_time(a.history, a.draws, a.workers)
    pledge_goals(a.history)
    if a.speedup:
        speedup(a.history, a.draws)
    print(f"load average after: {load()}")


def speedup(history: str, draws: int) -> None:
    """Section 6: the backtest on 1 and on 2 worker processes, in turns; the least of two turns each."""
    from hague.models.montecarlo.backtest import backtest

    print(f"6. backtest of {history}, {draws:,} draws, 1 worker against 2 (load average {load()})")
    backtest(history=history, draws=2048, origins=None, workers=1)  # warm: data, caches
    times: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(2):
        for w in (1, 2):
            t = time.perf_counter()
            backtest(history=history, draws=draws, workers=w)
            times[w].append(time.perf_counter() - t)
    one, two = min(times[1]), min(times[2])
    print(f"   1 worker {one:.2f} s, 2 workers {two:.2f} s (turns: {times}); load average after: {load()}")
    figure("backtest_one_worker_s", one, "<=", 120)
    figure("backtest_two_workers_speedup", one / two, ">=", 1.6)


def pledge_goals(history: str = "nato-2026") -> None:
    """Section 5: pledge delivery scored on the historical pledges (figure lines; asserts nothing)."""
    from hague.models.pledge_delivery import pledge_backtest

    for method in ("leave one pledge out", "by origin"):
        r = pledge_backtest(method, source=history)
        c80, mae, pledge = r.coverage(0.8), r.mae("model"), r.mae("pledge")
        print(f"5. pledge delivery, {method}: n {r.n} pledges with passed deadlines   goal >= 30   "
              f"{'met' if r.n >= 30 else 'NOT met'}")
        print(f"   coverage 50 / 80 / 90%: {r.coverage(0.5):.3f} / {c80:.3f} / {r.coverage(0.9):.3f}   80% goal "
              f"[0.70, 0.90]   {'met' if 0.70 <= c80 <= 0.90 else 'NOT met'}")
        print(f"   bias (outcome - median) {r.bias():+.3f} pp; outcomes above the median {r.above_median():.3f}")
        print(f"   median gap error {mae:.3f} pp vs 'pledge met exactly' {pledge:.3f} pp, no change "
              f"{r.mae('no change'):.3f} pp   goal below the pledge's   {'met' if mae < pledge else 'NOT met'}")


if __name__ == "__main__":
    main()
