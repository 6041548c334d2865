"""Benchmark and goals of ``hague backtest``: pooled coverage, CRPS against no change, wall time.

Prints figures; asserts nothing (issue 10's goals are printed, never timed tests). Run:
``python benchmarks/backtest.py`` (NATO 2026 edition) or ``python benchmarks/backtest.py --history sipri-2025``
(after ``hague data import sipri SIPRI-Milex-data-1949-2024.xlsx``).

1. Coverage of the 50/80/90% intervals, pooled over every origin and horizon (actual outcomes), and by horizon
   1-5. Goals: 50% in [0.40, 0.60], 80% in [0.70, 0.90], 90% >= 0.85.
2. CRPS against the no-change forecast's absolute error (the CRPS of a point forecast). Goal: ratio <= 1.
3. Wall time of the whole backtest with 20,000 draws on ``--workers`` processes, and its ratio to a floor measured
   in the same run: drawing the same number of standard normals (one per draw-ally-year) with NumPy's PCG64.
   Goal: under 2 minutes on 2 cores.
5. Processes (``--speedup``, alone with ``--speedup-only``): the whole backtest on 1 worker and on 2 worker
   processes, in turns (two turns, the least of each; each origin is one task of one pool). Figure
   ``backtest_two_workers_speedup`` = 1-worker time / 2-worker time, goal >= 1.6 (an idle machine; the load
   average is printed).
4. Pledge delivery (:func:`pledge_goals`, also alone with ``--pledges-only``): the delivery model scored on the
   pledges of 2014-2024, leave one pledge out and by origin. Goals: n >= 30 pledges with passed deadlines, 80%
   coverage in [0.70, 0.90], median gap error below that of "the pledge met exactly".
"""

from __future__ import annotations

import argparse
import os
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--history", default="nato-2026")
    ap.add_argument("--draws", type=int, default=20_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--pledges-only", action="store_true", help="only section 4 (pledge delivery)")
    ap.add_argument("--speedup", action="store_true", help="also section 5 (1 worker against 2)")
    ap.add_argument("--speedup-only", action="store_true", help="only section 5")
    a = ap.parse_args()
    if a.pledges_only:
        pledge_goals(a.history)
        return
    if a.speedup_only:
        speedup(a.history, a.draws)
        return
    import numpy as np

    from hague.models.montecarlo.backtest import NOMINALS, backtest

    print(f"hague backtest benchmark (cpus: {os.cpu_count()}, load average before: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; other jobs share the machine)")
    t0 = time.perf_counter()
    r = backtest(history=a.history, draws=a.draws, workers=a.workers)
    wall = time.perf_counter() - t0
    goals = {0.5: (0.40, 0.60), 0.8: (0.70, 0.90), 0.9: (0.85, 1.0)}
    print(f"1. pooled coverage, {a.history}, origins {r.origins[0]}-{r.origins[-1]}, "
          f"{r.coverage(0.5)[1]:,} actual outcomes:")
    for nom in NOMINALS:
        c = r.coverage(nom)[0]
        lo, hi = goals[nom]
        print(f"   {int(nom * 100)}% interval: {c:.3f}   goal [{lo:.2f}, {hi:.2f}]   {'met' if lo <= c <= hi else 'NOT met'}")
    print("   by horizon (50 / 80 / 90%):")
    for h in range(1, 6):
        cs = [r.coverage(nom, horizon=h) for nom in NOMINALS]
        if cs[0][1]:
            print(f"   {h} year{'s' if h > 1 else ' '} ahead: {' / '.join(f'{c:.3f}' for c, _ in cs)}  (n {cs[0][1]})")
    est = r.coverage(0.9, estimate=True)
    if est[1]:
        print(f"   source estimates, scored apart: 90% {est[0]:.3f} (n {est[1]})")
    sk = next(x for x in r.skill_rows() if x["horizon"] == "all")
    print(f"2. CRPS {sk['crps']:.3f} pp, no-change MAE {sk['mae_nochange']:.3f} pp: ratio {sk['crps_vs_nochange']:.2f}"
          f"   goal <= 1   {'met' if sk['crps_vs_nochange'] <= 1 else 'NOT met'}")
    units = 0
    for o in r.calibrations:
        horizons = max((s.horizon for s in r.scores if s.origin == o), default=0)
        units += len({s.ally for s in r.scores if s.origin == o}) * horizons * a.draws
    rng = np.random.Generator(np.random.PCG64(1))
    t1 = time.perf_counter()
    left = units
    while left > 0:
        k = min(left, 10_000_000)
        rng.standard_normal(k)
        left -= k
    floor = time.perf_counter() - t1
    print(f"3. wall time, {len(r.origins)} origins x {a.draws:,} draws, {a.workers} worker processes: {wall:.1f} s"
          f"   goal < 120 s   {'met' if wall < 120 else 'NOT met'}")
    print(f"   floor (one standard normal per draw-ally-year, {units / 1e6:,.0f} M, one process): {floor:.1f} s; "
          f"ratio wall / floor {wall / floor:.1f}")
    print(f"   load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    pledge_goals(a.history)
    if a.speedup:
        speedup(a.history, a.draws)


def speedup(history: str, draws: int) -> None:
    """Section 5: the backtest on 1 and on 2 worker processes, in turns; the least of two turns each."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _common import figure, load

    from hague.models.montecarlo.backtest import backtest

    print(f"5. backtest of {history}, {draws:,} draws, 1 worker against 2 (load average {load()})")
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
    """Section 4: pledge delivery scored on the historical pledges (figure lines; asserts nothing)."""
    from hague.models.delivery import pledge_backtest

    for method in ("leave one pledge out", "by origin"):
        r = pledge_backtest(method, source=history)
        c80, mae, pledge = r.coverage(0.8), r.mae("model"), r.mae("pledge")
        print(f"4. pledge delivery, {method}: n {r.n} pledges with passed deadlines   goal >= 30   "
              f"{'met' if r.n >= 30 else 'NOT met'}")
        print(f"   coverage 50 / 80 / 90%: {r.coverage(0.5):.3f} / {c80:.3f} / {r.coverage(0.9):.3f}   80% goal "
              f"[0.70, 0.90]   {'met' if 0.70 <= c80 <= 0.90 else 'NOT met'}")
        print(f"   bias (outcome - median) {r.bias():+.3f} pp; outcomes above the median {r.above_median():.3f}")
        print(f"   median gap error {mae:.3f} pp vs 'pledge met exactly' {pledge:.3f} pp, no change "
              f"{r.mae('no change'):.3f} pp   goal below the pledge's   {'met' if mae < pledge else 'NOT met'}")


if __name__ == "__main__":
    main()
