"""How long an import takes, as ratios against reading the embedded NATO 2026 CSV in the same run.

Run: ``.venv/bin/python benchmarks/data_import.py``. Prints seconds (median of N runs) and the ratio to the
baseline (parsing the embedded ``nato-2026`` CSV with hague's loader). Nothing is asserted: the figures go to
the report. The workbooks are written by hague's own exporter (the embedded data in NATO's layout) and by the
test fixture builders (IMF values from the embedded WEO; the small SIPRI extract).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "sources"))


def timed(fn, n: int = 5) -> float:
    runs = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def _sipri_full_size(src: Path, dst: Path) -> Path:
    """The fixture padded to the real release's 192 labelled rows per sheet with '...' rows (no figures added)."""
    import openpyxl

    wb = openpyxl.load_workbook(src)
    for name in ("Constant (2023) US$", "Current US$", "Share of GDP", "Per capita", "Share of Govt. spending"):
        ws = wb[name]
        width = ws.max_column
        for i in range(192 - ws.max_row + 6):
            ws.append([f"Entity {i}"] + [""] + ["..."] * (width - 2))
    wb.save(dst)
    return dst


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="hague-bench-"))
    os.environ["HAGUE_DATA_DIR"] = str(tmp / "data")
    import conftest  # the fixture builders
    from hague.data import read_csv
    from hague.sources import import_file, read_source, write_nato_workbook

    text = resources.files("hague.data").joinpath("embedded", "nato_2026.csv").read_text(encoding="utf-8")
    base = timed(lambda: read_csv(text, name="nato_2026.csv", dataset_id="bench", meta={}), 10)
    nato = write_nato_workbook("nato-2026", tmp / "def-exp-2026-en.xlsx")
    sipri = conftest.build_sipri(tmp / "SIPRI-Milex-data-1949-2024_2.xlsx")
    big = _sipri_full_size(sipri, tmp / "sipri-full-size.xlsx")
    weo_legacy = conftest.build_weo_legacy(tmp / "WEOApr2025all.xls")
    weo_xlsx = conftest.build_weo_excel(tmp / "WEOOct2025all.xlsx")
    counter = iter(range(10**6))
    cases = [
        ("export embedded 2026 to NATO workbook", lambda: write_nato_workbook("nato-2026", tmp / "out.xlsx")),
        ("read NATO workbook (6,013 values)", lambda: read_source("nato", nato)),
        ("import NATO workbook (read+validate+aggregates+write)",
         lambda: import_file("nato", nato, dataset_id=f"nato-bench-{next(counter)}")),
        ("read SIPRI workbook fixture (fonts kept, 5 sheets)", lambda: read_source("sipri", sipri)),
        ("read SIPRI-size workbook (192 rows x 5 sheets, fonts kept)", lambda: read_source("sipri", big)),
        ("read WEO legacy UTF-16 file (32 allies x 5 series)", lambda: read_source("weo", weo_legacy)),
        ("read WEO Excel (Oct 2025 layout)", lambda: read_source("weo", weo_xlsx)),
    ]
    print(f"{'baseline: parse embedded nato-2026 CSV (hague loader)':<60} {base * 1000:8.1f} ms  (  1.0x)")
    try:
        for name, fn in cases:
            t = timed(fn, 3)
            print(f"{name:<60} {t * 1000:8.1f} ms  ({t / base:5.1f}x baseline)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
