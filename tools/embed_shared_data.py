"""Rebuild the embedded dataset in ``src/hague/data/embedded`` from ``../shared/data``.

The project's verified source copies live in ``shared/data`` (see ``shared/data/SOURCES.md``).
This script re-shapes them into hague's long format -- one row per value with
``ally, year, indicator, unit, price_basis, estimate, value, source, edition`` (plus a few
file-specific columns) -- and never changes a figure: values are copied as text.

Usage::

    python tools/embed_shared_data.py [SHARED_DATA_DIR]

The provenance sidecars (``*.yaml`` beside each CSV) are written by hand and kept in git;
this script only rewrites the CSV files.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "hague" / "data" / "embedded"
STANDARD = ["ally", "year", "indicator", "unit", "price_basis", "estimate", "value", "source", "edition"]

# file in shared/data -> (output name, extra columns kept, how to split)
NATO = "nato_defence_expenditure_2026ed.csv"


def _rows(path: Path):
    with path.open(newline="", encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


def _write(name: str, header: list[str], rows: list[dict]) -> None:
    path = OUT / name
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in header})
    print(f"wrote {path.relative_to(ROOT)}: {len(rows)} rows")


def _bool(text: str) -> str:
    t = text.strip().lower()
    if t in ("true", "1"):
        return "true"
    if t in ("false", "0", ""):
        return "false"
    raise ValueError(f"not a boolean: {text!r}")


def main(shared: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)

    allies = list(_rows(shared / "allies.csv"))
    _write("allies.csv", list(allies[0].keys()), allies)

    rows = []
    for r in _rows(shared / NATO):
        rows.append({
            "ally": r["ally_iso3"], "year": r["year"], "indicator": r["indicator"], "unit": r["unit"],
            "price_basis": r["price_basis"] or "n/a", "estimate": _bool(r["estimate"]), "value": r["value"],
            "source": r["source_id"], "edition": "2026-07", "nato_table": r["nato_table"],
        })
    _write("nato_2026.csv", STANDARD + ["nato_table"], rows)

    rows = []
    for r in _rows(shared / "nato_2025ed_share_gdp_secondary.csv"):
        rows.append({
            "ally": r["ally_iso3"], "year": r["year"], "indicator": r["indicator"], "unit": r["unit"],
            "price_basis": r["price_basis"] or "n/a", "estimate": _bool(r["estimate"]), "value": r["value"],
            "source": r["source_id"], "edition": "2025-08",
        })
    _write("nato_2025_secondary.csv", STANDARD, rows)

    rows = []
    for r in _rows(shared / "nato_2025ed_press_values.csv"):
        try:
            float(r["value"])
        except ValueError:  # a range such as '1.59-1.6': not one number, documented in the sidecar instead
            print(f"skipped (not a single number): {r['ally_iso3']} {r['year']} {r['indicator']} {r['value']!r}")
            continue
        rows.append({
            "ally": r["ally_iso3"], "year": r["year"], "indicator": r["indicator"], "unit": r["unit"],
            "price_basis": r["price_basis"] or "n/a", "estimate": _bool(r["estimate"]), "value": r["value"],
            "source": r["source_id"], "edition": "2025-08", "source_urls": r["source_urls"], "note": r["note"],
        })
    _write("nato_2025_press.csv", STANDARD + ["source_urls", "note"], rows)

    rows = []
    for r in _rows(shared / "nato_2023ed_2024ed_share_gdp_graphicnews.csv"):
        rows.append({
            "ally": r["ally_iso3"], "year": r["year"], "indicator": r["indicator"], "unit": r["unit"],
            "price_basis": r["price_basis"] or "n/a", "estimate": _bool(r["estimate"]), "value": r["value"],
            "source": r["source_id"], "edition": {"2023": "2023-07", "2024": "2024-06"}[r["edition"]],
            "source_url": r["source_url"], "note": r["note"],
        })
    _write("nato_2023_2024_graphicnews.csv", STANDARD + ["source_url", "note"], rows)

    by_vintage: dict[str, list[dict]] = {"2025-10": [], "2025-04": []}
    vintage = {"October 2025": "2025-10", "April 2025": "2025-04"}
    for r in _rows(shared / "imf_weo_2025.csv"):
        v = vintage[r["edition"]]
        if r["value"].strip().lower() in ("", "nan"):  # not available in the source: leave the row out
            print(f"skipped (no value in source): {r['ally_iso3']} {r['year']} {r['indicator']} {r['edition']}")
            continue
        by_vintage[v].append({
            "ally": r["ally_iso3"], "year": r["year"], "indicator": r["indicator"], "unit": r["unit"],
            "price_basis": r["price_basis"] or "n/a", "estimate": _bool(r["projection"]), "value": r["value"],
            "source": r["source_id"], "edition": v, "weo_code": r["weo_code"],
            "last_actual_year": r["last_actual_year"],
        })
    for v, rs in by_vintage.items():
        _write(f"imf_weo_{v.replace('-', '_')}.csv", STANDARD + ["weo_code", "last_actual_year"], rs)

    # IMF WEO October 2025, government finance (percent of GDP): SOURCES.md section 6b
    fiscal = []
    for r in _rows(shared / "imf_weo_2025_10_fiscal.csv"):
        if r["edition"] != "October 2025":
            raise ValueError(f"imf_weo_2025_10_fiscal.csv: edition {r['edition']!r}; expected 'October 2025'")
        if r["value"].strip().lower() in ("", "nan"):
            print(f"skipped (no value in source): {r['ally_iso3']} {r['year']} {r['indicator']}")
            continue
        fiscal.append({
            "ally": r["ally_iso3"], "year": r["year"], "indicator": r["indicator"], "unit": r["unit"],
            "price_basis": r["price_basis"] or "n/a", "estimate": _bool(r["projection"]), "value": r["value"],
            "source": r["source_id"], "edition": "2025-10", "weo_code": r["weo_code"],
            "last_actual_year": r["last_actual_year"],
        })
    _write("imf_weo_2025_10_fiscal.csv", STANDARD + ["weo_code", "last_actual_year"], fiscal)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data")
