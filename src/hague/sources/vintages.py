"""Real-time vintages: every release of a share-of-GDP series kept as published, with its publication date.

A *vintage* is one release (an embedded or imported dataset, or one edition of a file that holds several) with
its publication date. :func:`releases` lists them per family (``nato``, ``sipri``); :func:`as_published` picks the
release a forecaster held at a date (the latest published by then that ends in the origin year), and
:func:`revision_error` measures how much the last year of a release moved in the next release, from the pairs of
releases published by a date (what a forecaster could know about revisions then). :func:`level_differences`
measures the level difference per ally between two releases on their overlapping years (the June-2024 series, before
NATO's 2026 "core" definition, against the 2026 edition).

>>> v = {r.key: r for r in releases("nato")}
>>> v["nato-2024-table3"].published, v["nato-2024-table3"].last_year, v["nato-2024-table3"].full
(datetime.date(2024, 6, 17), 2024, True)
>>> as_published("nato", 2024, _dt.date(2024, 8, 31)).key
'nato-2024-table3'
>>> as_published("nato", 2023, _dt.date(2023, 8, 31)) is None  # the July-2023 edition: 2014 and 2023 only
True
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Release", "releases", "as_published", "revision_error", "level_differences", "publication_date",
           "edition_date", "MIN_YEARS"]

SHARE_INDICATORS = ("core_defence_expenditure_share_gdp", "defence_expenditure_share_gdp",
                    "military_expenditure_share_gdp")
#: years of history a release needs to start a forecast (as the backtest's origins: MIN_HISTORY)
MIN_YEARS = 4


def _parse_date(text: str) -> _dt.date | None:
    m = re.match(r"\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text or "")
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2) or 12), int(m.group(3) or 0)
    if not 1 <= mo <= 12:
        return None
    if not d:
        d = 28 if mo == 2 else 30 if mo in (4, 6, 9, 11) else 31
    try:
        return _dt.date(y, mo, d)
    except ValueError:
        return None


def publication_date(dataset_id: str) -> _dt.date | None:
    """The date the dataset's sidecar says it was published (``published``: ``YYYY-MM-DD``, ``YYYY-MM`` -> the
    month's last day, ``YYYY`` -> 31 December), or None if it states none."""
    from hague.data import provenance

    try:
        return _parse_date(str(provenance(dataset_id).get("published") or ""))
    except Exception:  # noqa: BLE001 - an unknown dataset: no date
        return None


def edition_date(dataset_id: str) -> _dt.date:
    """What a forecast made from ``dataset_id`` may know: its publication date, else (an import without one) the
    31 December of its last data year, so that no plan published after its data is used.

    >>> edition_date("nato-2025-secondary"), edition_date("nato-2024-table3")
    (datetime.date(2025, 8, 28), datetime.date(2024, 6, 17))
    """
    d = publication_date(dataset_id)
    if d is not None:
        return d
    from hague.data import dataset

    return _dt.date(max(dataset(dataset_id).years()), 12, 31)


@dataclass(frozen=True)
class Release:
    """One release of a share-of-GDP series: dataset id, edition filter (files holding several editions), family,
    publication date, shares (ally -> year -> percent of GDP), the years the release marks as estimates."""

    dataset: str
    edition: str | None
    family: str
    published: _dt.date
    indicator: str
    shares: dict
    estimates: frozenset

    @property
    def key(self) -> str:
        return self.dataset + (f"@{self.edition}" if self.edition else "")

    @property
    def last_year(self) -> int:
        return max(max(s) for s in self.shares.values() if s)

    @property
    def full(self) -> bool:
        """A full history: some ally has :data:`MIN_YEARS` consecutive years up to the last year."""
        y = self.last_year
        return any(all(k in s for k in range(y - MIN_YEARS + 1, y + 1)) for s in self.shares.values())

    def label(self) -> str:
        return f"{self.key} (published {self.published.isoformat()})"


def _family(meta: dict, dataset_id: str) -> str:
    if meta.get("family"):
        return str(meta["family"])
    return "nato" if dataset_id.startswith("nato") else "sipri" if "sipri" in dataset_id else "other"


@lru_cache(maxsize=8)
def _releases(family: str, _ids: tuple[tuple[str, str, str], ...]) -> tuple[Release, ...]:
    from hague.allies import all_allies
    from hague.data import dataset, provenance

    allies = {a.iso3 for a in all_allies() if a.has_armed_forces}
    out = []
    for i, _, _ in _ids:
        meta = provenance(i)
        if _family(meta, i) != family:
            continue
        ds = dataset(i)
        ind = next((x for x in SHARE_INDICATORS if x in ds.indicators()), None)
        if ind is None:
            continue
        by_ed: dict[str, tuple[dict, set]] = {}
        for o in ds.rows:
            if o.indicator != ind or o.value is None or o.value <= 0 or o.ally not in allies:
                continue
            sh, est = by_ed.setdefault(o.edition or "", ({}, set()))
            sh.setdefault(o.ally, {})[o.year] = float(o.value)
            if o.estimate:
                est.add((o.ally, o.year))
        several = len(by_ed) > 1
        for ed, (sh, est) in sorted(by_ed.items()):
            pub = _parse_date(ed) if several else publication_date(i)
            if pub is None:
                continue  # a release without a publication date cannot be placed in time
            out.append(Release(i, ed if several else None, family, pub, ind, sh, frozenset(est)))
    out.sort(key=lambda r: (r.published, r.key))
    return tuple(out)


def releases(family: str = "nato") -> list[Release]:
    """Every release of ``family`` held by hague (embedded and imported), oldest first."""
    from hague.data import dataset_ids, provenance

    # keyed by every dataset's id, publication date and path: a re-import (another date, another file) is re-read
    keys = []
    for i in dataset_ids():
        m = provenance(i)
        keys.append((i, str(m.get("published", "")), str(m.get("file", ""))))
    return list(_releases(family, tuple(keys)))


def as_published(family: str, origin: int, as_of: _dt.date, *, exclude: tuple[str, ...] = ()) -> Release | None:
    """The release a forecaster held at ``as_of`` that starts a forecast from ``origin``: the latest published by
    then whose last year is ``origin`` and that holds a full history (None if there is none: revised data)."""
    found = [r for r in releases(family) if r.published <= as_of and r.last_year == origin and r.full
             and r.dataset not in exclude]
    return found[-1] if found else None


def _month(r: Release) -> tuple[int, int]:
    return r.published.year, r.published.month


def revision_error(family: str, as_of: _dt.date) -> tuple[float, int]:
    """Root-mean-square log revision of a release's last year in the next release that has that year, over every
    ally and every pair of releases published by ``as_of`` (what could be known then); (0.0, 0) if no pair."""
    by_month: dict[tuple[int, int], Release] = {}
    for r in releases(family):  # one release per month: copies of one edition (embedded, imported) count once
        if r.published <= as_of:
            k = _month(r)
            if k not in by_month or (r.full, len(r.shares)) > (by_month[k].full, len(by_month[k].shares)):
                by_month[k] = r
    rel = [by_month[k] for k in sorted(by_month)]
    sq, n = 0.0, 0
    for i, r in enumerate(rel):
        y = r.last_year
        nxt = next((q for q in rel[i + 1:] if _month(q) > _month(r)  # copies of one edition are not revisions
                    and any(y in s for s in q.shares.values())), None)
        if nxt is None:
            continue
        for a, s in r.shares.items():
            v0, v1 = s.get(y), nxt.shares.get(a, {}).get(y)
            if v0 and v1:
                sq += math.log(v1 / v0) ** 2
                n += 1
    return (math.sqrt(sq / n), n) if n else (0.0, 0)


def level_differences(old: str, new: str, years: tuple[int, ...] | None = None) -> dict[str, dict]:
    """Per ally: the mean difference (percentage points, ``new - old``) between two releases' shares on their
    overlapping years (or ``years``), the mean log ratio, and the years compared.

    >>> d = level_differences("nato-2024-table3", "nato-2026", years=(2023, 2024))
    >>> round(d["ALB"]["pp"], 2), round(d["POL"]["pp"], 2)
    (-0.57, -0.19)
    """
    from hague.models.montecarlo.history import share_history

    a, b = share_history(old).shares, share_history(new).shares
    out = {}
    for ally in sorted(set(a) & set(b)):
        ys = [y for y in sorted(set(a[ally]) & set(b[ally])) if years is None or y in years]
        if not ys:
            continue
        out[ally] = {"pp": sum(b[ally][y] - a[ally][y] for y in ys) / len(ys),
                     "log": sum(math.log(b[ally][y] / a[ally][y]) for y in ys) / len(ys), "years": tuple(ys)}
    return out
