"""Dossier benchmark: one ally's dossier (20,000 draws, what-ifs off) and each what-if, against a floor.

Run: ``python benchmarks/dossier.py [--ally DEU] [--turns 3]``. Asserts nothing; ends with ``figure`` lines
(benchmarks/_common.py).

- **Cold**: ``hague dossier ALLY --format json`` in a fresh interpreter (imports, data loading, calibration, every
  section, the tornado, the manifest), against the floor ``hague simulate --ally ALLY --draws 20000 --format
  json`` in a fresh interpreter: the one Monte Carlo run (with its calibration and start-up) that a dossier cannot
  do without. Turns interleaved, the least of each kept. Goal: the dossier <= 5 s.
- **Each what-if** (``--without-ukraine-aid`` needs an imported Kiel release and is timed only when there is one):
  the dossier with the toggle on / the dossier with all off, both in process after a warm-up, interleaved, the
  least of each. Goal <= 2.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import figure, header, load  # noqa: E402

TOGGLES = {"related-cap 1.0": {"related_cap": "1.0"}, "weo 2025-04": {"weo": "2025-04"},
           "recession 2009": {"recession": "2009"}, "cost-growth": {"cost_growth": "historical"},
           "without-ukraine-aid": {"without_ukraine_aid": True}}


def _cold(argv: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "hague.cli", *argv], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ally", default="DEU")
    ap.add_argument("--turns", type=int, default=3)
    a = ap.parse_args()
    header(f"dossier {a.ally}, 20,000 draws")
    out = Path(tempfile.mkdtemp()) / "d.json"
    cold_d, cold_f = [], []
    for _ in range(a.turns):
        cold_f.append(_cold(["simulate", "--ally", a.ally, "--draws", "20000", "--format", "json"]))
        cold_d.append(_cold(["dossier", a.ally, "--draws", "20000", "--output", str(out)]))
    d, f = min(cold_d), min(cold_f)
    print(f"cold: dossier {d:.2f} s, floor (simulate --ally {a.ally} --draws 20000) {f:.2f} s, ratio {d / f:.2f}; "
          f"load average {load()}")

    from hague.models import whatif
    from hague.models.dossier import dossier
    from hague.sources.delivery_store import NotImportedError

    dossier(a.ally)  # warm: imports, data, calibration caches
    base_t, tog_t = [], {k: [] for k in TOGGLES}
    for _ in range(a.turns):
        t = time.perf_counter()
        dossier(a.ally)
        base_t.append(time.perf_counter() - t)
        for name, tog in TOGGLES.items():
            whatif._all_paths.cache_clear()  # each toggle pays for its own central paths, as a fresh run would
            t = time.perf_counter()
            try:
                dossier(a.ally, toggles=tog)
            except NotImportedError:
                tog_t[name] = None
                continue
            if tog_t[name] is not None:
                tog_t[name].append(time.perf_counter() - t)
    b = min(base_t)
    print(f"warm: dossier {b:.2f} s (all toggles off)")
    ratios = {}
    for name, ts in tog_t.items():
        if not ts:
            print(f"  --{name}: not timed (no Kiel release imported: hague data import kiel FOLDER)")
            continue
        ratios[name] = min(ts) / b
        print(f"  --{name}: {min(ts):.2f} s, {ratios[name]:.2f}x the dossier without toggles")
    print(f"load average {load()} (2 cores shared; os.cpu_count() = {os.cpu_count()})")
    figure("dossier_cold_seconds", d, "<=", 5)
    figure("dossier_toggle_max_ratio", max(ratios.values()), "<=", 2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
