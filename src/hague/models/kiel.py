"""Military aid to Ukraine per ally in one year, for the what-if ``--without-ukraine-aid``.

Read from the Kiel Ukraine Support Tracker release imported with ``hague data import kiel FOLDER``
(:func:`hague.models.money_delivery.kiel_allocations`; hague ships none of it: its terms restrict
redistribution). The share of GDP is the tracker's own (``military_pct_gdp``: the allocation over the donor's GDP
as Kiel states it), the same figure ``hague delivery ukraine`` shows.
"""

from __future__ import annotations

from hague.allies import resolve
from hague.results import Source

__all__ = ["military_aid"]


def military_aid(ally: str, *, year: int | None = None) -> dict | None:
    """Military aid allocated to Ukraine by ``ally`` in ``year`` (default: the latest whole year of the release):
    ``{"year", "eur_bn", "gdp_eur_bn", "share_gdp", "release", "source"}``; None when the tracker lists
    none. Raises :class:`hague.sources.delivery_store.NotImportedError` (one line naming the import command) when
    no Kiel release is imported."""
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
    clean = lambda key: " ".join(str(meta.get(key, "") or "").split())  # noqa: E731
    label = clean("title") or clean("id")
    src = Source(dataset=clean("id") or "kiel-ust", edition=clean("edition"), producer=clean("producer"),
                 title=label, url=clean("url"), licence=clean("licence"),
                 attribution=clean("attribution") or label)
    return {"year": year, "eur_bn": eur, "gdp_eur_bn": rows[0]["gdp_eur_bn"], "share_gdp": rows[0]["military_pct_gdp"],
            "release": clean("edition") or label, "source": src}
