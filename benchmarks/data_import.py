"""Imports against true floors measured in the same run.

Run: ``python benchmarks/data_import.py``. Floors:

- for hague's CSV loader (``hague.data.read_csv``): Python's ``csv`` module reading the same embedded file
  (``nato_2026.csv``, 6,013 values) into lists, nothing else;
- for a workbook read: openpyxl handing over every cell value of the same workbook, the faster of read-only
  (streamed) and full load (the least any reader built on openpyxl does); the NATO workbook is the embedded 2026 data written in NATO's layout
  by hague's exporter, the SIPRI one the test fixture padded to the real release's 192 rows per sheet.

Each floor is timed in turns with the case it is a floor for (floor, case, floor, case, ...); prints medians and
ratios; ends with ``figure`` lines. The goals are this benchmark's (issue 15 asks for the
name map built once and read-only workbooks, which the ratios check): hague's loader within 4x the csv module
(it validates every field and builds typed, indexed observations), a NATO workbook read within 3x reading its
cells, a SIPRI-size workbook read within 3x reading its cells (SIPRI is read with styles, whose font colours mark
estimates, so it needs the full load).

SIPRI's trade register (issue 20): ``hague data import sipri-trade`` of the full March-2025 register (29,515 deals,
3.8 MB, from ../shared/data/delivery: read, every cell checked, stored verbatim with its sidecar and sha256) against
the floor of Python's ``csv`` module parsing the same file into lists (open, decode, parse, nothing else),
**interleaved** (floor, import, floor, import, ...; medians of each) so both see the same machine load. Goal <= 2x.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "sources"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from _common import figure, header, interleaved, load  # noqa: E402
from _common import median as timed  # noqa: E402


def cells(path: Path, read_only: bool = True) -> int:
    """Every cell value of a workbook, read-only (streamed) or fully loaded."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=read_only, data_only=True)
    n = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            n += len(row)
    wb.close()
    return n


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
    header("data import")
    tmp = Path(tempfile.mkdtemp(prefix="hague-bench-"))
    os.environ["HAGUE_DATA_DIR"] = str(tmp / "data")
    import csv

    import conftest  # the fixture builders
    from hague.data import read_csv
    from hague.sources import import_file, read_source, write_nato_workbook

    text = resources.files("hague.data").joinpath("embedded", "nato_2026.csv").read_text(encoding="utf-8")
    import statistics

    t = interleaved({"floor": lambda: list(csv.reader(text.splitlines())),  # floor and case in turns
                     "read": lambda: read_csv(text, name="nato_2026.csv", dataset_id="bench", meta={})}, 15,
                    statistics.median)
    csv_floor, loader = t["floor"], t["read"]
    nato = write_nato_workbook("nato-2026", tmp / "def-exp-2026-en.xlsx")
    sipri = conftest.build_sipri(tmp / "SIPRI-Milex-data-1949-2024_2.xlsx")
    big = _sipri_full_size(sipri, tmp / "sipri-full-size.xlsx")
    weo_legacy = conftest.build_weo_legacy(tmp / "WEOApr2025all.xls")
    weo_xlsx = conftest.build_weo_excel(tmp / "WEOOct2025all.xlsx")
    counter = iter(range(10**6))
    # the floor for a workbook: the faster of openpyxl's two ways to hand over every cell (streaming is not
    # always faster: small workbooks load whole faster than they stream)
    # the floors and the two reads they are floors for, in turns
    t = interleaved({"nato stream": lambda: cells(nato, True), "nato whole": lambda: cells(nato, False),
                     "nato read": lambda: read_source("nato", nato), "sipri stream": lambda: cells(big, True),
                     "sipri whole": lambda: cells(big, False), "sipri read": lambda: read_source("sipri", big)}, 3,
                    statistics.median)
    floors = {k: min(t[f"{k} stream"], t[f"{k} whole"]) for k in ("nato", "sipri")}
    pre = {"read NATO workbook (6,013 values)": t["nato read"],
           "read SIPRI-size workbook (192 rows x 5 sheets)": t["sipri read"]}
    cases = [
        ("export embedded 2026 to NATO workbook", None, lambda: write_nato_workbook("nato-2026", tmp / "out.xlsx")),
        ("read NATO workbook (6,013 values)", "nato", lambda: read_source("nato", nato)),
        ("import NATO workbook (read+validate+aggregates+write)", "nato",
         lambda: import_file("nato", nato, dataset_id=f"nato-bench-{next(counter)}")),
        ("read SIPRI workbook fixture (fonts kept, 5 sheets)", None, lambda: read_source("sipri", sipri)),
        ("read SIPRI-size workbook (192 rows x 5 sheets)", "sipri", lambda: read_source("sipri", big)),
        ("read WEO legacy UTF-16 file (32 allies x 5 series)", None, lambda: read_source("weo", weo_legacy)),
        ("read WEO Excel (Oct 2025 layout)", None, lambda: read_source("weo", weo_xlsx)),
    ]
    print(f"  {'floor: csv module, embedded nato_2026.csv':<58} {csv_floor * 1000:8.1f} ms")
    print(f"  {'hague read_csv, same file':<58} {loader * 1000:8.1f} ms  {loader / csv_floor:5.1f}x csv floor")
    print(f"  {'floor: openpyxl, every cell, NATO workbook':<58} {floors['nato'] * 1000:8.1f} ms")
    print(f"  {'floor: openpyxl, every cell, SIPRI-size':<58} {floors['sipri'] * 1000:8.1f} ms")
    got = {}
    try:
        for name, fl, fn in cases:
            t = pre[name] if name in pre else timed(fn, 3)  # the two reads were timed in turns with their floors
            got[name] = t
            ratio = f"{t / floors[fl]:5.1f}x its cells floor" if fl else ""
            print(f"  {name:<58} {t * 1000:8.1f} ms  {ratio}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    register = sipri_register_ratio(tmp)
    print(f"  load average after: {load()}")
    figure("import_read_csv_vs_csv_module", loader / csv_floor, "<=", 4)
    figure("import_nato_read_vs_cells", got["read NATO workbook (6,013 values)"] / floors["nato"], "<=", 3)
    figure("import_sipri_read_vs_cells", got["read SIPRI-size workbook (192 rows x 5 sheets)"] / floors["sipri"],
           "<=", 3)
    if register is not None:
        figure("import_sipri_trade_register_vs_csv", register, "<=", 2)


def sipri_register_ratio(tmp: Path, rounds: int = 9) -> float | None:
    """Median import time of the full trade register over the median bare csv parse, measured interleaved."""
    import csv
    import statistics
    import time

    from hague.sources.delivery_store import import_delivery

    src = ROOT.parent / "shared" / "data" / "delivery" / "sipri" / "trade-register-2025-03.csv"
    if not src.is_file():
        src = ROOT.parents[1] / "shared" / "data" / "delivery" / "sipri" / "trade-register-2025-03.csv"
    if not src.is_file():
        print("  SIPRI trade register: ../shared/data/delivery/sipri/trade-register-2025-03.csv not found; skipped")
        return None

    def floor():
        with open(src, newline="", encoding="cp1252") as f:
            return len(list(csv.reader(f)))

    floors, imports = [], []
    floor()
    import_delivery("sipri-trade", src, dataset_id="bench-warm")  # imports and caches settled
    for i in range(rounds):
        t = time.perf_counter()
        floor()
        floors.append(time.perf_counter() - t)
        t = time.perf_counter()
        import_delivery("sipri-trade", src, dataset_id=f"bench-{i}")
        imports.append(time.perf_counter() - t)
    f, m = statistics.median(floors), statistics.median(imports)
    print(f"  {'floor: csv module parsing the full trade register':<58} {f * 1000:8.1f} ms  (interleaved, median of "
          f"{rounds})")
    print(f"  {'hague data import sipri-trade, same file (29,515 deals)':<58} {m * 1000:8.1f} ms  {m / f:5.2f}x csv floor")
    return m / f


if __name__ == "__main__":
    main()
