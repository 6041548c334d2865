"""Apportionment of 1,000 requirement lines x 32 allies, against the water-filling floor measured in the same run.

The lines: the real 2026 GDP shares of all 32 allies as weights (Iceland included: GDP but no spending, so its cap
is 0), current effort their 2026 core-spending shares; each line has its own requirement, a cap of 1.2x-3x current
effort and, on every other line, a minimum of 0.3x current effort. A second case puts binding minimums (0.8x
effort) on every line.

The floor: the bare arithmetic of the answer, ``x_i = clip(t w_i, lo_i, hi_i)``, computed the faster of two ways
on all lines at once, with no input checks and no verification: ``t`` by 60 steps of vectorised bisection, or
exactly from the sorted kinks of ``sum_i clip(t w_i, lo_i, hi_i)`` (a bare version written here). No correct
apportionment does less work than computing the allocation it returns. Figures: ``solve_lines`` (the public
solver: checks, exact water filling, verification, LP fall-back) / floor, goal <= 5. The HiGHS LP path
(``method="lp"``, the solver before issue 15) is timed for the record.

Run: python benchmarks/apportion.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import best, figure, header, interleaved, load  # noqa: E402

from hague.allies import members  # noqa: E402
from hague.models.apportion import _raw_weights, solve_lines  # noqa: E402
from hague.models.burden import burden_inputs  # noqa: E402

LINES = 1000


def floor_kinks(R, W, LO, HI) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        ev = np.concatenate([LO / W, HI / W], axis=1)
        dw = np.concatenate([W, np.where(np.isfinite(HI), -W, 0.0)], axis=1)
        o = np.argsort(ev, axis=1)
        ev = np.take_along_axis(ev, o, axis=1)
        s = np.take_along_axis(dw, o, axis=1).cumsum(axis=1)
        G = np.concatenate([LO.sum(axis=1)[:, None], s[:, :-1] * np.diff(ev, axis=1)], axis=1).cumsum(axis=1)
        k = np.maximum((G < R[:, None]).sum(axis=1) - 1, 0)
        r = np.arange(R.shape[0])
        t = ev[r, k] + (R - G[r, k]) / s[r, k]
    return np.clip(t[:, None] * W, LO, HI)


def floor(R, W, LO, HI) -> np.ndarray:
    a, b = np.zeros(R.shape[0]), np.full(R.shape[0], R.max() / W[W > 0].min())
    for _ in range(60):
        m = (a + b) / 2
        below = np.clip(m[:, None] * W, LO, HI).sum(axis=1) < R
        a, b = np.where(below, m, a), np.where(below, b, m)
    return np.clip(b[:, None] * W, LO, HI)


def main() -> None:
    header("apportion: 1,000 lines x 32 allies")
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
    lo2 = 0.8 * effort[None, :] * R[:, None]
    W = np.broadcast_to(w, (LINES, 32))
    out = []
    for name, LO in (("caps, minimums on half", lo), ("binding minimums 0.8x on every line", lo2)):
        x = solve_lines(R, w, lo=LO, hi=hi)
        xf = floor(R, W, LO, hi)
        xk = floor_kinks(R, W, LO, hi)
        xl = solve_lines(R, w, lo=LO, hi=hi, method="lp")
        assert np.allclose(x.sum(axis=1), R, rtol=1e-9) and (x <= hi * (1 + 1e-12)).all() and (x >= LO).all()
        dev_floor = float(max(np.max(np.abs(x - xf) / R[:, None]), np.max(np.abs(x - xk) / R[:, None])))
        dev_lp = float(np.max(np.abs(x - xl) / R[:, None]))
        t = interleaved({"bisection": lambda LO=LO: floor(R, W, LO, hi),  # floors and case in turns
                         "kinks": lambda LO=LO: floor_kinks(R, W, LO, hi),
                         "solve": lambda LO=LO: solve_lines(R, w, lo=LO, hi=hi)}, 7)
        t_bis, t_kink, t_solve = t["bisection"], t["kinks"], t["solve"]
        t_floor = min(t_bis, t_kink)
        t_lp = best(lambda LO=LO: solve_lines(R, w, lo=LO, hi=hi, method="lp"), 2)
        capped = int((np.abs(x - hi) < 1e-9 * R[:, None]).sum())
        held = int(((np.abs(x - LO) < 1e-9 * R[:, None]) & (LO > 0)).sum())
        print(f"  {name}: {capped} allocations at their cap, {held} at their minimum")
        print(f"    floor: bare water filling, bisection {t_bis * 1e3:.2f} ms, sorted kinks {t_kink * 1e3:.2f} ms;"
              f" floor = {t_floor * 1e3:.2f} ms")
        print(f"    solve_lines (checks + exact water filling): {t_solve * 1e3:7.2f} ms   ratio {t_solve / t_floor:.2f}"
              f"   largest difference from the floor {dev_floor:.1e} x requirement")
        print(f"    HiGHS LP (method='lp'): {t_lp * 1e3:9.1f} ms   ratio {t_lp / t_floor:.1f}   "
              f"largest difference from solve_lines {dev_lp:.1e} x requirement")
        out.append((t_solve / t_floor, t_lp / t_floor))
    print(f"  load average after: {load()}")
    figure("apportion_vs_floor", out[0][0], "<=", 5)
    figure("apportion_binding_min_vs_floor", out[1][0], "<=", 5)


if __name__ == "__main__":
    main()
