"""Shared by the benchmarks: the load average line and the machine-readable figure lines.

Every benchmark prints ``load average ...`` before and after it runs and ends with one line per figure::

    figure <name> <value> goal <op> <target>

(``make bench`` collects them; docs/performance.md records them.)
"""

from __future__ import annotations

import os
import statistics
import time

#: a Dask LocalCluster with every port on loopback at a port the OS picks, and no dashboard: ``dashboard_address=None``
#: alone still starts the scheduler's HTTP server (health, metrics) on port 8787, which collides when several
#: people run the benchmarks at once; the workers' HTTP servers take a free port on the same host.
LOOPBACK_CLUSTER = {"host": "127.0.0.1", "dashboard_address": None, "scheduler_kwargs": {"dashboard_address": "127.0.0.1:0"}}


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def header(title: str) -> None:
    print(f"== {title}  (cpus {os.cpu_count()}, load average {load()})")


def figure(name: str, value: float, op: str, target: float) -> str:
    """One figure line; ``op`` is ``>=`` or ``<=``. Returns the line (also printed)."""
    line = f"figure {name} {value:.3g} goal {op} {target:g}"
    print(line)
    return line


def best(fn, n: int = 5) -> float:
    out = float("inf")
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - t)
    return out


def interleaved(fns: dict, n: int = 5, keep=min) -> dict:
    """Time every function of ``fns`` (name -> function) ``n`` times in turns (a, b, c, a, b, c, ...), so that
    a floor and the cases it is a floor for see the same moments of a shared machine; ``keep`` (min or a median)
    of each one's runs, by name."""
    runs: dict = {k: [] for k in fns}
    for _ in range(n):
        for k, fn in fns.items():
            t = time.perf_counter()
            fn()
            runs[k].append(time.perf_counter() - t)
    return {k: keep(v) for k, v in runs.items()}


def median(fn, n: int = 5) -> float:
    runs = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)
