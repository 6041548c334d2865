"""Military aid to Ukraine per ally in one year, for the what-if ``--without-ukraine-aid``.

Read from the Kiel Ukraine Support Tracker release imported with ``hague data import kiel FOLDER``
(:func:`hague.models.money_delivery.kiel_allocations`; hague ships none of it: its terms restrict
redistribution). The share of GDP is the allocation converted to US dollars at hague's rate for the year over
NATO's GDP of that year (the tracker's own % of GDP divides by 2021 GDP).
"""

from __future__ import annotations

from hague.allies import resolve
from hague.results import Source

__all__ = ["military_aid"]


def military_aid(ally: str, *, year: int | None = None) -> dict | None:
    """Military aid allocated to Ukraine by ``ally`` in ``year`` (default: the latest whole year of the release):
    ``{"year", "eur_bn", "usd_m", "gdp_usd_m", "share_gdp", "release", "source"}``; None when the tracker lists
    none. Raises :class:`hague.sources.delivery_store.NotImportedError` (one line naming the import command) when
    no Kiel release is imported."""
    from hague.data import DEFAULT_DATASET, dataset
    from hague.economics import Money, convert
    from hague.models.money_delivery import kiel_allocations
    from hague.sources.delivery_store import load_delivery

    code = resolve(ally).iso3
    k, meta = load_delivery("kiel")
    if year is None:  # release 29 runs to 04/2026: its latest whole year is 2025
        period = str(getattr(k, "period", "") or "")
        last = max(r["year"] for r in k.rows)
        year = int(period[-4:]) - 1 if period[-4:].isdigit() and not period.startswith("12") else last
    rows = kiel_allocations(code, year)
    if not rows or not rows[0]["military"]:
        return None
    eur = rows[0]["military"]
    gdp_usd = dataset(DEFAULT_DATASET).value(code, "gdp", year, unit="USD million", price_basis="current")
    usd_m = convert(Money(eur * 1000, "EUR", year=year, ally=code), "USD").amount
    clean = lambda key: " ".join(str(meta.get(key, "") or "").split())  # noqa: E731
    label = clean("title") or clean("id")
    src = Source(dataset=clean("id") or "kiel-ust", edition=clean("edition"), producer=clean("producer"),
                 title=label, url=clean("url"), licence=clean("licence"),
                 attribution=clean("attribution") or label)
    return {"year": year, "eur_bn": eur, "usd_m": usd_m, "gdp_usd_m": gdp_usd,
            "share_gdp": 100 * usd_m / gdp_usd if gdp_usd else None, "release": clean("edition") or label,
            "source": src}
