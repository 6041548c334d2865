"""Military aid to Ukraine per ally and year, from the Kiel Ukraine Support Tracker (allocations).

The tracker's licence restricts redistribution, so hague does not ship it: :func:`military_aid` reads the
release's ``data_explorer.csv`` (per donor and month: military allocations in EUR bn and the donor's GDP in EUR bn)
from the folder named by ``HAGUE_KIEL_DIR``, else ``kiel-ust-release29`` in hague's data directory, else
``../shared/data/delivery/kiel-ust-release29`` beside the working directory. A missing file is a one-line error
naming the places looked in.
"""

from __future__ import annotations

import csv
import os
from functools import lru_cache
from pathlib import Path

from hague.allies import resolve
from hague.errors import HagueError
from hague.results import Source

__all__ = ["military_aid", "kiel_dir", "RELEASE_DIR"]

RELEASE_DIR = "kiel-ust-release29"


def kiel_dir() -> Path:
    """The folder holding the Kiel release (see the module docstring)."""
    from hague.sources.store import user_data_dir

    cands = []
    if os.environ.get("HAGUE_KIEL_DIR"):
        cands.append(Path(os.environ["HAGUE_KIEL_DIR"]))
    cands.append(Path(user_data_dir()) / RELEASE_DIR)
    here = Path.cwd()
    cands += [p / "shared" / "data" / "delivery" / RELEASE_DIR for p in (here.parent, here.parent.parent)]
    for c in cands:
        if (c / "data_explorer.csv").is_file():
            return c
    raise HagueError("the Kiel Ukraine Support Tracker (data_explorer.csv of release 29) was not found in: "
                     + ", ".join(str(c) for c in cands) + "; set HAGUE_KIEL_DIR to its folder")


@lru_cache(maxsize=4)
def _read(folder: str) -> tuple[dict, dict]:
    path = Path(folder) / "data_explorer.csv"
    by: dict[tuple[str, int], dict] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for n, r in enumerate(csv.DictReader(fh), start=2):
            try:
                key = (r["iso"], int(r["year"]))
                mil, gdp, month = float(r["military"] or 0), float(r["gdp"] or 0), int(r["month"])
            except (KeyError, ValueError) as exc:
                raise HagueError(f"{path}: row {n}: {exc}; expected columns iso, year, month, military, gdp") from None
            d = by.setdefault(key, {"eur_bn": 0.0, "gdp": gdp, "months": set()})
            d["eur_bn"] += mil
            d["months"].add(month)
    info = {}
    rel = Path(folder) / "release_info.csv"
    if rel.is_file():
        with rel.open(newline="", encoding="utf-8") as fh:
            info = next(csv.DictReader(fh), {}) or {}
    return by, info


def military_aid(ally: str, *, year: int | None = None) -> dict | None:
    """Military aid allocated to Ukraine by ``ally`` in ``year`` (default: the latest whole year of the release):
    ``{"year", "eur_bn", "gdp_eur_bn", "share_gdp", "release", "source"}``; None when the tracker lists none."""
    code = resolve(ally).iso3
    folder = kiel_dir()
    by, info = _read(str(folder))
    if year is None:  # the latest calendar year the release covers whole (release 29 runs to 04/2026: 2025)
        period = str(info.get("period", ""))
        last_year = max(y for _, y in by)
        year = int(period[-4:]) - 1 if period[-4:].isdigit() and period[:2] != "12" else last_year
    d = by.get((code, year))
    if d is None or not d["eur_bn"]:
        return None
    label = info.get("label") or f"Kiel Ukraine Support Tracker ({folder.name})"
    src = Source(dataset="kiel-ust", edition=info.get("date", ""), producer="Kiel Institute for the World Economy",
                 title=label, url="https://www.ifw-kiel.de/topics/war-against-ukraine/ukraine-support-tracker/",
                 licence="cite the Kiel Institute Ukraine Support Tracker; not redistributed by hague",
                 attribution=f"{label}: military allocations by donor and month ({folder / 'data_explorer.csv'})")
    # share of the year's GDP as NATO states it (the tracker's own % of GDP uses 2021 GDP): EUR -> USD at hague's
    # rate for the year (hague.economics), over NATO's GDP in current USD
    from hague.data import DEFAULT_DATASET, dataset
    from hague.economics import Money, convert

    gdp_usd = dataset(DEFAULT_DATASET).value(code, "gdp", year, unit="USD million", price_basis="current")
    usd_m = convert(Money(d["eur_bn"] * 1000, "EUR", year=year, ally=code), "USD").amount
    return {"year": year, "eur_bn": d["eur_bn"], "usd_m": usd_m, "gdp_usd_m": gdp_usd,
            "share_gdp": 100 * usd_m / gdp_usd if gdp_usd else None, "release": label, "source": src}
