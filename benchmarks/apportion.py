"""Benchmark: 1,000 requirement lines x 32 allies apportioned by the HiGHS linear programme.

Goal: <= 1 s for the whole batch. The weights are the real 2026 GDP shares of all 32 allies (Iceland included:
it has GDP but no spending, so its cap is 0), the current effort their 2026 core-spending shares. Each line has
its own requirement, cap (1.2x-3x current effort) and, on every other line, a minimum of 0.3x current effort.
The baseline, measured in the same run, is the plain proportional split of the same lines (no bounds, numpy),
and a Python loop of per-line proportional splits. Prints seconds and ratios; no assertions.

Run: python benchmarks/apportion.py
"""

from __future__ import annotations

import time

import numpy as np

from hague.allies import members
from hague.models.apportion import _raw_weights, solve_lines
from hague.models.burden import burden_inputs

LINES = 1000


def main() -> None:
    inp = burden_inputs(2026)
    codes = [a.iso3 for a in members(2026)]
    assert len(codes) == 32
    raw = _raw_weights("gdp", inp, codes, 1.0)
    w = np.array([raw[c] for c in codes])
    w = w / w.sum()
    spend = np.array([inp.spend.get(c, 0.0) for c in codes])
    effort = spend / spend.sum()
    rng = np.random.default_rng(2025)
    R = rng.uniform(10, 10_000, LINES)
    caps = rng.uniform(1.2, 3.0, LINES)
    hi = caps[:, None] * effort[None, :] * R[:, None]
    lo = np.where((np.arange(LINES) % 2 == 0)[:, None], 0.3 * effort[None, :] * R[:, None], 0.0)

    # baseline 1: vectorised proportional split
    t0 = time.perf_counter()
    for _ in range(100):
        base = R[:, None] * w[None, :]
    t_vec = (time.perf_counter() - t0) / 100
    # baseline 2: per-line proportional split in a Python loop
    t0 = time.perf_counter()
    loop = [[r * wi for wi in w] for r in R]
    t_loop = time.perf_counter() - t0

    solve_lines(R[:10], w, lo=lo[:10], hi=hi[:10])  # warm up imports
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        x = solve_lines(R, w, lo=lo, hi=hi)
        times.append(time.perf_counter() - t0)
    t_lp = min(times)
    assert np.allclose(x.sum(axis=1), R, rtol=1e-9)
    assert (x <= hi + 1e-6).all() and (x >= lo - 1e-6).all()
    capped = int((np.abs(x - hi) < 1e-6 * R[:, None]).sum())
    print(f"apportion: {LINES} lines x {len(codes)} allies, GDP principle, caps 1.2-3.0x effort, minimums on half")
    print(f"  LP (HiGHS, stacked in blocks of 100 lines, best of 3): {t_lp:.3f} s   goal <= 1 s: {'met' if t_lp <= 1 else 'NOT met'}")
    print(f"  baseline proportional split (numpy): {t_vec * 1e3:.3f} ms   ratio LP/baseline: {t_lp / t_vec:,.0f}x")
    print(f"  baseline proportional split (Python loop): {t_loop * 1e3:.1f} ms   ratio LP/loop: {t_lp / t_loop:,.1f}x")
    print(f"  allocations at their cap: {capped} of {x.size}; largest deviation from proportional: "
          f"{np.max(np.abs(x - base) / R[:, None]) * 100:.1f}% of a line's requirement")
    # a harder case: minimums of 0.8x current effort on every line bind for allies that spend above their GDP
    # weight (Poland, the Baltic states, ...), so the programme is solved again without them
    lo2 = 0.8 * effort[None, :] * R[:, None]
    t0 = time.perf_counter()
    x2 = solve_lines(R, w, lo=lo2, hi=hi)
    t_lp2 = time.perf_counter() - t0
    held = int((np.abs(x2 - lo2) < 1e-6 * R[:, None]).sum() - (lo2 == 0).sum())
    print(f"  with binding minimums (0.8x effort on every line, {held} allocations held at their minimum): "
          f"{t_lp2:.3f} s   ratio LP/baseline: {t_lp2 / t_vec:,.0f}x")
    del loop


if __name__ == "__main__":
    main()
