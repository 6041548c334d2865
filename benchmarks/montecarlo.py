"""Monte Carlo benchmark: the kernel against its honest floor, process scaling, Dask against the pool, memory.

Run: ``python benchmarks/montecarlo.py`` (a few minutes on 2 shared cores) or ``--quick``. Asserts nothing;
ends with ``figure`` lines (see benchmarks/_common.py).

1. **Kernel vs floor.** The floor is the fastest way found on this machine, in the same run, to produce the
   standard normals (and any other variates, such as integers) the kernel draws: their number is counted from
   the kernel's own calls while it runs one block (about 0.63 per draw-ally-year: execution shocks per year and ally, GDP level shocks per ally, common
   factor shocks per year, for the stored half of each antithetic pair), produced as float32 by every NumPy bit
   generator (``standard_normal``, ziggurat) and by a vectorised float32 Box-Muller transform of
   ``random(dtype=float32)``. Each block and each floor method is timed in turns, and the least time of each
   is kept. Figure: floor time / kernel time per block. Goal >= 0.5.
2. **Two processes vs one**: wall time of ``simulate(draws=N)`` in process / on 2 worker processes (calibration
   and set-up included; fresh interpreters; two turns, the least of each). Goal >= 1.8 on an idle machine (the
   load average is printed).
3. **Dask vs the process pool** at 100,000 draws: a 2-worker, 1-thread-each ``LocalCluster`` started
   beforehand (first run discarded: the workers import hague), against ``workers=2``; three turns, the least of
   each. Goal <= 1.2.
5. **One ally**: ``simulate(draws=100,000, allies=["POL"])`` (what ``hague simulate --ally POL`` runs) against
   the all-ally run, in process, in turns (three turns, the least of each; set-up included). Goal <= 0.25.
4. **Memory**: peak resident memory of the parent and of the largest worker at 100,000 and 1,000,000 draws on 2
   processes.
   Goal: flat in draws (growth <= 1.1x for 10x draws) and <= 1 GB per process.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import LOOPBACK_CLUSTER, figure, header, load  # noqa: E402

BLOCK_WARM = 2048
CHILD = r"""
import json, resource, sys, time
from hague.models.montecarlo import simulate
draws, workers = int(sys.argv[1]), int(sys.argv[2])
t0 = time.perf_counter()
r = simulate(draws=draws, seed=1, workers=workers)
wall = time.perf_counter() - t0
self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "self_mb": self_kb / 1024, "child_mb": kids_kb / 1024, "chunks": r.chunks}))
"""


def _params(blocks: int):
    from hague.models.montecarlo import BLOCK, build_params

    p, _ = build_params(draws=blocks * BLOCK, seed=1, scenario="trend", target=3.5, by=2035, source="nato-2026",
                        economics="imf-weo-2025-10")
    return p


def variates_per_block(p) -> tuple[int, list[int]]:
    """Count the random variates the kernel draws in one full block, from its own calls to the generator:
    (standard normals, the upper bounds of its calls for integers, one per integer)."""
    from hague.models.montecarlo import kernel

    normals, ints = 0, []
    real = np.random.Generator

    class Counting:
        def __init__(self, bitgen):
            self._g = real(bitgen)

        def standard_normal(self, *a, **kw):
            nonlocal normals
            out = self._g.standard_normal(*a, **kw)
            normals += np.size(out)
            return out

        def integers(self, low, high=None, size=None, *a, **kw):
            out = self._g.integers(low, high, size, *a, **kw)
            ints.extend([high if high is not None else low] * int(np.size(out)))
            return out

        def __getattr__(self, name):  # any other method the kernel uses for random numbers
            raise AssertionError(f"the kernel calls Generator.{name}: count its variates in benchmarks/montecarlo.py")

    kernel.np.random.Generator = Counting
    try:
        kernel.run_block(p, 0)
    finally:
        kernel.np.random.Generator = real
    return normals, ints


def increments_per_block(p) -> list[tuple[np.ndarray, int]]:
    """The histogram increments of one full block, taken from the kernel's own counting calls (``np.add.at`` or
    ``np.bincount``, whichever the kernel uses, and the pending corrections its accumulator folds in): one
    (flat indices, histogram size) per call."""
    from hague.models.montecarlo import kernel

    seen: list[tuple[np.ndarray, int]] = []
    real = kernel.np

    class _Add:
        def __call__(self, *a, **kw):
            return real.add(*a, **kw)

        def at(self, arr, idx, v):
            seen.append((np.asarray(idx, np.intp).ravel().copy(), arr.size))
            return real.add.at(arr, idx, v)

        def __getattr__(self, name):
            return getattr(real.add, name)

    class _Np:
        add = _Add()

        def bincount(self, x, weights=None, minlength=0):
            seen.append((np.asarray(x, np.intp).ravel().copy(), minlength))
            return real.bincount(x, weights, minlength)

        def __getattr__(self, name):
            return getattr(real, name)

    kernel.np = _Np()
    try:
        kernel.run_block(p, 0).fold()
    finally:
        kernel.np = real
    return seen


class Floor:
    """The least work any implementation of the kernel must do for one block, with buffers made once and reused:

    - the block's random variates (``normals`` float32 standard normals, counted from the kernel's calls, and its
      integers), the fastest way found here (every NumPy bit generator's ziggurat; a float32 Box-Muller transform
      of SFC64 uniforms);
    - the exponentials of the two money paths (constant and current USD, both antithetic halves: ``n_exp`` float32
      ``exp``), needed for the alliance totals;
    - the histogram increments the kernel makes (``increments``, the kernel's own flat intp indices), counted the
      faster of two NumPy ways: ``np.add.at`` into an int32 histogram (NumPy 2's fast path) and ``np.bincount``
      into int64 added to a histogram.

    Binning (the float-to-index arithmetic), the paths and the alliance totals' matrix product are not in the
    floor. Each part is timed alone, least of its runs; the floor is their sum.
    """

    def __init__(self, normals: int, ints: list[int], n_exp: int, increments: list[tuple[np.ndarray, int]]) -> None:
        self.n, self.ints, self.n_exp, self.inc = normals, ints, n_exp, increments
        self.buf = np.empty(normals, np.float32)
        h = (normals + 1) // 2
        self.u1, self.u2, self.r = (np.empty(h, np.float32) for _ in range(3))
        self.ibuf = np.empty(len(ints), np.int32)
        rng = np.random.Generator(np.random.PCG64(3))
        self.x = (rng.standard_normal(n_exp, dtype=np.float32) * np.float32(0.1))
        self.ex = np.empty(n_exp, np.float32)
        self.hists = [np.zeros(size, np.int64) for _, size in increments]
        self.hists32 = [np.zeros(size, np.int32) for _, size in increments]
        self.gens = {name: np.random.Generator(getattr(np.random, name)(1))
                     for name in ("SFC64", "PCG64", "PCG64DXSM", "Philox", "MT19937")}
        self.best: dict[str, float] = {}
        self.cpu: dict[str, float] = {}  # the same, in CPU time of this process (less disturbed by other jobs)

    def _time(self, key: str, fn) -> None:
        c, t = time.process_time(), time.perf_counter()
        fn()
        self.best[key] = min(self.best.get(key, math.inf), time.perf_counter() - t)
        self.cpu[key] = min(self.cpu.get(key, math.inf), time.process_time() - c)

    def _box_muller(self) -> None:
        g, n = self.gens["SFC64"], self.n
        h = (n + 1) // 2
        u1, u2, r, buf = self.u1, self.u2, self.r, self.buf
        g.random(out=u1, dtype=np.float32)  # r = sqrt(-2 log(1 - u1)), z = r cos(2 pi u2), r sin(2 pi u2)
        g.random(out=u2, dtype=np.float32)
        np.subtract(np.float32(1), u1, out=u1)
        np.log(u1, out=u1)
        u1 *= np.float32(-2)
        np.sqrt(u1, out=r)
        u2 *= np.float32(2 * math.pi)
        np.cos(u2, out=buf[:h])
        buf[:h] *= r
        np.sin(u2, out=u2)
        np.multiply(u2[: n - h], r[: n - h], out=buf[h:])

    def _bincount(self) -> None:
        for (idx, size), hist in zip(self.inc, self.hists, strict=True):
            hist += np.bincount(idx, minlength=size)

    def _add_at(self) -> None:
        one = np.int32(1)
        for (idx, _), hist in zip(self.inc, self.hists32, strict=True):
            np.add.at(hist, idx, one)

    def run(self) -> None:
        """One turn: every part once."""
        for name, g in self.gens.items():
            self._time(f"{name} ziggurat", lambda g=g: g.standard_normal(out=self.buf, dtype=np.float32))
        self._time("SFC64 Box-Muller", self._box_muller)
        if self.ints:
            hi = max(self.ints)
            self._time("integers", lambda: self.gens["SFC64"].integers(0, hi, len(self.ibuf), dtype=np.int32))
        self._time("exp", lambda: np.exp(self.x, out=self.ex))
        self._time("counts np.bincount", self._bincount)
        self._time("counts np.add.at", self._add_at)
        for d in (self.best, self.cpu):
            d["counts"] = min(d["counts np.bincount"], d["counts np.add.at"])

    def normals(self, cpu: bool = False) -> tuple[str, float]:
        d = self.cpu if cpu else self.best
        return min(((k, v) for k, v in d.items() if "ziggurat" in k or "Box" in k), key=lambda kv: kv[1])

    def total(self, cpu: bool = False) -> float:
        d = self.cpu if cpu else self.best
        return self.normals(cpu)[1] + d.get("integers", 0.0) + d["exp"] + d["counts"]


def kernel_vs_floor(blocks: int, reps: int = 3) -> dict:
    """Per block, the least time of the kernel and of each part of the floor, measured in turns (block, floor,
    next block, ...): the least of many short runs is the run least disturbed by other jobs on the machine."""
    from hague.models.montecarlo import BLOCK, run_block

    p = _params(blocks)
    per_block, ints = variates_per_block(p)
    inc = increments_per_block(p)
    T, A = p.log_sstar.shape
    units = BLOCK * T * A
    fl = Floor(per_block, ints, 2 * T * A * BLOCK, inc)
    run_block(p, 0)  # warm up
    fl.run()
    best = cpu = math.inf
    for _ in range(reps):
        for b in range(blocks):
            c, t = time.process_time(), time.perf_counter()
            run_block(p, b)
            best = min(best, time.perf_counter() - t)
            cpu = min(cpu, time.process_time() - c)
            fl.run()
    return {"per_block": per_block, "ints": len(ints), "units": units, "kernel": best, "kernel_cpu": cpu, "floor": fl,
            "increments": sum(len(i) for i, _ in inc), "blocks": blocks * reps}


def child(draws: int, workers: int) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(draws), str(workers)], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def one_ally_vs_all(draws: int, turns: int = 3) -> dict:
    from hague.models.montecarlo import simulate

    simulate(draws=4096, seed=1)  # warm: data, calibration caches, work arrays
    pol, every = [], []
    for _ in range(turns):
        t = time.perf_counter()
        simulate(draws=draws, seed=1)
        every.append(time.perf_counter() - t)
        t = time.perf_counter()
        simulate(draws=draws, seed=1, allies=["POL"])
        pol.append(time.perf_counter() - t)
    return {"pol": min(pol), "all": min(every)}


def dask_vs_pool(draws: int) -> dict | None:
    try:
        import distributed
    except ImportError:
        return None
    from hague.models.montecarlo import simulate

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, **LOOPBACK_CLUSTER) as cl:
        first = simulate(draws=draws, seed=1, scheduler=cl.scheduler_address)
        dask, pool = [], []
        for _ in range(3):  # in turns; the least of each
            r = simulate(draws=draws, seed=1, scheduler=cl.scheduler_address)
            dask.append(r.elapsed)
            pool.append(simulate(draws=draws, seed=1, workers=2).elapsed)
    return {"first": first.elapsed, "dask": min(dask), "pool": min(pool), "chunks": r.chunks}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=1_000_000)
    ap.add_argument("--blocks", type=int, default=20, help="blocks for the kernel test (each measured 3 times)")
    ap.add_argument("--quick", action="store_true", help="200,000 draws and 10 kernel blocks")
    a = ap.parse_args()
    draws = 200_000 if a.quick else a.draws
    blocks = 8 if a.quick else a.blocks
    header("Monte Carlo")
    k = kernel_vs_floor(blocks)
    fl = k["floor"]
    name, t_norm = fl.normals()
    n = k["per_block"]
    print(f"1. kernel: one block ({k['units']:,} draw-ally-years) in {k['kernel'] * 1e3:.2f} ms at best of "
          f"{k['blocks']} ({k['units'] / k['kernel'] / 1e6:.1f} M/s); it draws {n:,} normals a block "
          f"({n / k['units']:.3f} per draw-ally-year) and {k['ints']:,} integers, and makes {k['increments']:,} "
          "histogram increments")
    for nm, t in sorted(fl.best.items(), key=lambda kv: kv[1]):
        if "ziggurat" in nm or "Box" in nm:
            print(f"   floor candidate {nm:<20} {n / t / 1e6:7.1f} M float32 normals/s ({t * 1e3:.2f} ms)")
    print(f"   full floor {fl.total() * 1e3:.2f} ms = normals ({name}) {t_norm * 1e3:.2f} + integers "
          f"{fl.best.get('integers', 0) * 1e3:.2f} + exp of the two money paths ({fl.n_exp:,}) "
          f"{fl.best['exp'] * 1e3:.2f} + histogram increments {fl.best['counts'] * 1e3:.2f} ms (np.add.at "
          f"{fl.best['counts np.add.at'] * 1e3:.2f}, np.bincount {fl.best['counts np.bincount'] * 1e3:.2f}); "
          f"floor / kernel = {fl.total() / k['kernel']:.3f} (normals alone: {t_norm / k['kernel']:.3f})")
    print(f"   in CPU time of this process (what the figure uses: a loaded machine preempts a 12 ms block more often "
          f"than a 1 ms floor part): kernel {k['kernel_cpu'] * 1e3:.2f} ms, full floor {fl.total(True) * 1e3:.2f} ms, "
          f"floor / kernel = {fl.total(True) / k['kernel_cpu']:.3f}")
    child(BLOCK_WARM, 1)  # writes the start-up data cache, which a later run only reads
    runs = [(child(draws, 1), child(draws, 2)) for _ in range(2)]  # in turns; the least of each
    one = min((r[0] for r in runs), key=lambda r: r["wall"])
    two = min((r[1] for r in runs), key=lambda r: r["wall"])
    print(f"2. simulate({draws:,} draws): 1 process {one['wall']:.2f} s, 2 processes {two['wall']:.2f} s "
          f"({two['chunks']} tasks), speed-up {one['wall'] / two['wall']:.2f} (load average now {load()})")
    dp = dask_vs_pool(100_000)
    if dp:
        print(f"3. 100,000 draws: Dask LocalCluster 2x1 {dp['dask']:.2f} s ({dp['chunks']} tasks; first run "
              f"{dp['first']:.2f} s, workers importing), process pool 2 workers {dp['pool']:.2f} s, "
              f"ratio {dp['dask'] / dp['pool']:.2f}")
    else:
        print("3. Dask: 'distributed' not installed, not measured")
    one_ally = one_ally_vs_all(100_000)
    print(f"5. simulate 100,000 draws: --ally POL {one_ally['pol']:.2f} s, every ally {one_ally['all']:.2f} s, "
          f"ratio {one_ally['pol'] / one_ally['all']:.3f} (load average now {load()})")
    small = child(100_000, 2)
    big = two if draws == 1_000_000 else child(1_000_000, 2)
    print(f"4. peak memory on 2 processes: 100,000 draws: parent {small['self_mb']:.0f} MB, largest worker "
          f"{small['child_mb']:.0f} MB; 1,000,000 draws: parent {big['self_mb']:.0f} MB, largest worker "
          f"{big['child_mb']:.0f} MB")
    growth = max(big["self_mb"], big["child_mb"]) / max(small["self_mb"], small["child_mb"])
    print(f"   load average after: {load()}")
    figure("mc_kernel_vs_full_floor", fl.total(True) / k["kernel_cpu"], ">=", 0.5)
    figure("mc_two_processes_speedup", one["wall"] / two["wall"], ">=", 1.8)
    if dp:
        figure("mc_dask_vs_pool", dp["dask"] / dp["pool"], "<=", 1.2)
    figure("mc_one_ally_vs_all", one_ally["pol"] / one_ally["all"], "<=", 0.25)
    figure("mc_peak_mb_per_process", max(big["self_mb"], big["child_mb"]), "<=", 1024)
    figure("mc_memory_growth_10x_draws", growth, "<=", 1.1)


if __name__ == "__main__":
    main()
