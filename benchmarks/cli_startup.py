"""Cold start of ``hague status`` against the floor of starting Python at all, measured in the same run.

Floors: ``python -c pass`` (the interpreter alone) and ``python -c "import yaml"`` (the interpreter plus one small
library). Each command runs N times in a fresh interpreter, interleaved (command A, B, C, A, B, C, ...) so that
other jobs on the machine weigh on all alike; medians of wall time and of CPU time (user + system, less disturbed
by other jobs) are printed. Bytecode is written to a temporary ``PYTHONPYCACHEPREFIX`` (an installed hague has
its .pyc files; a checkout run with PYTHONDONTWRITEBYTECODE would compile every module on every start), and the
start-up cache (hague/data/_cache.py) is warm after the first run, as it is for a user. The same with the cache
off is printed for the record.

``hague status`` is answered from the start-up cache's rendered output after its first run (``_hague_start``: no
hague import); the same command with that output cache off (``HAGUE_OUTPUT_CACHE=off``, the data cache warm)
and with every cache off are printed for the record.

Figure: median wall time of ``hague status`` / median wall time of ``python -c pass``; goal <= 4.

    python benchmarks/cli_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import figure, header, load  # noqa: E402


def run(cmd: list[str], env: dict) -> tuple[float, float]:
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    header("cold start")
    tmp = Path(tempfile.mkdtemp(prefix="hague-bench-start-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPYCACHEPREFIX=str(tmp / "pyc"), HAGUE_CACHE_DIR=str(tmp / "cache"))
    hague_exe = shutil.which("hague")
    status = [hague_exe, "status"] if hague_exe else [sys.executable, "-m", "hague", "status"]
    cases = {
        "python -c pass (floor)": ([sys.executable, "-c", "pass"], env),
        "python -c 'import yaml' (floor 2)": ([sys.executable, "-c", "import yaml"], env),
        "hague status": (status, env),
        "hague status --format csv": (status + ["--format", "csv"], env),
        "hague ally POL": (status[:-1] + ["ally", "POL"], env),
        "hague status, output not cached": (status, {**env, "HAGUE_OUTPUT_CACHE": "off"}),
        "hague status, cache off": (status, {**env, "HAGUE_CACHE_DIR": "off"}),
    }
    try:
        for cmd, e in cases.values():  # write bytecode and the cache, warm the file cache
            run(cmd, e)
        res: dict[str, list[tuple[float, float]]] = {k: [] for k in cases}
        for _ in range(args.runs):
            for name, (cmd, e) in cases.items():
                res[name].append(run(cmd, e))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in res.items()}
    floor_w, floor_c = med["python -c pass (floor)"]
    print(f"  {'command':36} {'wall ms':>8} {'x floor':>8} {'cpu ms':>8} {'x floor':>8}   (medians of {args.runs})")
    for name, (w, c) in med.items():
        print(f"  {name:36} {w * 1e3:8.1f} {w / floor_w:8.2f} {c * 1e3:8.1f} {c / floor_c:8.2f}")
    print(f"  load average after: {load()}")
    w = med["hague status"][0]
    figure("status_cold_start_vs_python", w / floor_w, "<=", 4)


if __name__ == "__main__":
    main()
