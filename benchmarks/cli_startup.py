"""Cold-start time of `hague status` as a ratio against `python -c "import numpy"`, measured in the same run.

Goal (issue 2): ratio <= 3. Prints the medians of N runs of each command (fresh interpreter each time; the
OS file cache is warm after the first run, as it is for a user running commands one after another).

    python benchmarks/cli_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time


def measure(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    hague_exe = shutil.which("hague")
    status = [hague_exe, "status"] if hague_exe else [sys.executable, "-m", "hague", "status"]
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import numpy' (baseline)": [sys.executable, "-c", "import numpy"],
        "hague status": status,
        "hague status --format csv": status + ["--format", "csv"],
        "hague ally POL": status[:-1] + ["ally", "POL"],
    }
    for cmd in cases.values():  # warm the file cache
        measure(cmd, 1)
    results = {name: measure(cmd, args.runs) for name, cmd in cases.items()}
    base = statistics.median(results["python -c 'import numpy' (baseline)"])
    print(f"{'command':40} {'median s':>9} {'min s':>7} {'ratio vs numpy':>15}")
    for name, ts in results.items():
        med = statistics.median(ts)
        print(f"{name:40} {med:9.3f} {min(ts):7.3f} {med / base:15.2f}")
    ratio = statistics.median(results["hague status"]) / base
    print(f"\nhague status cold start / import numpy = {ratio:.2f} (goal <= 3.0): {'met' if ratio <= 3 else 'NOT met'}")


if __name__ == "__main__":
    main()
