"""``make bench``: every benchmark, one page of ratios (each benchmark's header with its load average, and its
``figure`` lines); the full output of each goes to ``$TMPDIR/hague-bench/<name>.txt``.

    python benchmarks/run_all.py [--quick] [--verbose]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = [("cli_startup", []), ("apportion", []), ("data_import", []), ("montecarlo", ["--blocks", "8"]),
           ("backtest", ["--speedup-only"]), ("web", []), ("simulate_load", []), ("mcp_tools", [])]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="shorter runs (Monte Carlo at 200,000 draws instead of "
                                                           "1,000,000)")
    ap.add_argument("--full", action="store_true", help="Monte Carlo with 20 kernel blocks (the default 8)")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    out = Path(tempfile.gettempdir()) / "hague-bench"
    out.mkdir(exist_ok=True)
    print(f"hague benchmarks ({os.cpu_count()} cpus, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}); "
          f"full output in {out}")
    for name, extra in BENCHES:
        if name == "montecarlo" and (a.full or a.quick):
            extra = ["--quick"] if a.quick else []
        if a.quick and name == "cli_startup":
            extra = ["--runs", "7"]
        t = time.perf_counter()
        p = subprocess.run([sys.executable, str(HERE / f"{name}.py"), *extra], capture_output=True, text=True)
        (out / f"{name}.txt").write_text(p.stdout + p.stderr)
        lines = p.stdout.splitlines()
        keep = lines if a.verbose else [x for x in lines if x.startswith(("==", "figure ", "  hague status  "))
                                        or "floor" in x.lower()]
        print("\n".join(keep))
        if p.returncode:
            print(f"!! {name} failed (exit {p.returncode}); see {out / (name + '.txt')}")
        print(f"   ({name}: {time.perf_counter() - t:.0f} s)")


if __name__ == "__main__":
    main()
