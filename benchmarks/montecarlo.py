"""Benchmark of ``hague simulate``: throughput, ratio to raw normal variates, wall time, peak memory.

Prints figures; asserts nothing. Run: ``python benchmarks/montecarlo.py`` (about a minute on 2 cores)
or ``python benchmarks/montecarlo.py --quick``.

1. Kernel throughput in draw-ally-years per second (one process, blocks run back to back), and its ratio to
   generating the same number of standard normal variates with the same NumPy Generator (PCG64, float64 and
   float32) in the same run. Goal: ratio >= 0.6.
2. Wall time of the full simulation, N draws x 31 allies x 10 years (default N = 1,000,000), on ``--workers``
   local processes (calibration and set-up included). Goal: <= 10 s for 1,000,000 draws on 2 cores.
3. Peak resident memory (the parent and its worker processes, each measured in a fresh interpreter) for N/10 and
   N draws. Goal: <= 1 GB, and flat as N grows 10x.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

CHILD = r"""
import json, resource, sys, time
from hague.models.montecarlo import simulate
draws, workers = int(sys.argv[1]), int(sys.argv[2])
t0 = time.perf_counter()
r = simulate(draws=draws, seed=1, workers=workers)
wall = time.perf_counter() - t0
self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "self_mb": self_kb / 1024, "child_mb": kids_kb / 1024, "chunks": r.chunks,
                  "p_deu_2035": r.probability("DEU", 2035)}))
"""


def kernel_throughput(blocks: int) -> dict:
    import numpy as np

    from hague.models.montecarlo import BLOCK, build_params, run_block

    p, _ = build_params(draws=blocks * BLOCK, seed=1, scenario="trend", target=3.5, by=2035, source="nato-2026",
                        economics="imf-weo-2025-10")
    T, A = p.log_sstar.shape
    n = BLOCK * T * A
    run_block(p, 0)  # warm up
    best = {"kernel": float("inf"), "normal64": float("inf"), "normal32": float("inf")}
    for _ in range(3):  # best of three, interleaved, to damp noise from other jobs on the machine
        t = time.perf_counter()
        for b in range(blocks):
            run_block(p, b)
        best["kernel"] = min(best["kernel"], time.perf_counter() - t)
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(1, spawn_key=(0,))))
        t = time.perf_counter()
        for _b in range(blocks):
            rng.standard_normal(n)
        best["normal64"] = min(best["normal64"], time.perf_counter() - t)
        t = time.perf_counter()
        for _b in range(blocks):
            rng.standard_normal(n, dtype=np.float32)
        best["normal32"] = min(best["normal32"], time.perf_counter() - t)
    total = blocks * n
    return {"units": total, **{k: total / v for k, v in best.items()}}


def child(draws: int, workers: int) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(draws), str(workers)], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=1_000_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--blocks", type=int, default=40, help="blocks for the kernel throughput test")
    ap.add_argument("--quick", action="store_true", help="100,000 draws instead of 1,000,000")
    a = ap.parse_args()
    draws = 100_000 if a.quick else a.draws
    import os

    print(f"hague Monte Carlo benchmark (cpus: {os.cpu_count()}, load average before: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; other jobs share the machine)")
    k = kernel_throughput(a.blocks)
    print(f"1. kernel, one process: {k['kernel'] / 1e6:,.1f} M draw-ally-years/s over {k['units']:,} units")
    print(f"   same Generator, standard normals float64: {k['normal64'] / 1e6:,.1f} M/s; "
          f"float32: {k['normal32'] / 1e6:,.1f} M/s")
    print(f"   ratio kernel / normals: {k['kernel'] / k['normal64']:.2f} (float64), "
          f"{k['kernel'] / k['normal32']:.2f} (float32)   goal >= 0.6")
    small = child(draws // 10, a.workers)
    big = child(draws, a.workers)
    print(f"2. wall time, {draws:,} draws x 31 allies x 10 years, {a.workers} worker processes: "
          f"{big['wall']:.2f} s   goal <= 10 s  ({draws * 310 / big['wall'] / 1e6:,.1f} M draw-ally-years/s)")
    print(f"   {draws // 10:,} draws: {small['wall']:.2f} s")
    for label, r in ((f"{draws // 10:,}", small), (f"{draws:,}", big)):
        print(f"3. peak memory, {label} draws: parent {r['self_mb']:,.0f} MB, largest worker {r['child_mb']:,.0f} MB, "
              f"sum {r['self_mb'] + r['child_mb'] * max(1, a.workers):,.0f} MB (upper bound)   goal <= 1024 MB")
    print(f"   load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"   growth of the parent's peak for 10x draws: {big['self_mb'] / small['self_mb']:.2f}x; "
          f"worker: {big['child_mb'] / small['child_mb']:.2f}x   goal: flat (about 1.0x)")


if __name__ == "__main__":
    main()
