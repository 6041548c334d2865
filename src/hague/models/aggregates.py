"""Alliance aggregates computed from the allies, following NATO's conventions.

- An ally counts from its accession year (Montenegro 2017, North Macedonia 2020, Finland 2023, Sweden 2024).
- Iceland, a member without armed forces, adds GDP and population but no defence expenditure. NATO's tables
  do not carry Iceland, so its GDP comes from the IMF WEO: current USD as published, constant 2021 USD
  derived as Iceland's 2021 USD GDP moved by IMF real growth (NATO's constant 2021 prices and exchange rates).
- Shares of aggregates are ratios of sums, never averages of shares: share of GDP = sum of constant-2021 USD
  expenditure / sum of constant-2021 USD GDP (NATO's Table 3 basis); equipment share = expenditure-weighted
  (current USD) mean of the allies' shares.
- Real change compares the same members in both years (like-for-like), in constant 2021 USD.
- Per capita uses IMF WEO population (NATO publishes none), Iceland included.

>>> agg = aggregate("NATO", 2025)
>>> round(agg["share_gdp"], 2)  # NATO 2026 edition, NATO total 2025e: 2.75 (NATO's published total)
2.75
>>> round(aggregate("NATO", 2014)["spend_usd_current"] / 1000, 1)  # USD bn; NATO's published total: "$943bn"
943.3
"""

from __future__ import annotations

from hague.allies import Ally, members
from hague.data import DEFAULT_DATASET, DEFAULT_ECONOMICS, dataset
from hague.errors import HagueError

__all__ = ["GROUPS", "group_members", "aggregate", "iceland_gdp", "spending_family", "exact_share", "meets"]

#: aggregate code -> label
GROUPS = {"NATO": "NATO total", "EUCA": "NATO Europe and Canada", "USA": "United States"}

SPEND = "core_defence_expenditure"
#: the codes under which a secondary copy carries NATO's own published aggregates
PUBLISHED_CODES = {"NATO": "NATO_TOTAL", "EUCA": "NATO_EUROPE_CANADA", "USA": "USA"}


def spending_family(ds) -> str:
    """``core_defence_expenditure`` (2026 edition on) or ``defence_expenditure`` (earlier editions)."""
    return SPEND if f"{SPEND}_share_gdp" in ds.indicators() else "defence_expenditure"


def exact_share(ds, iso3: str, year: int) -> float | None:
    """An ally's share of GDP unrounded: constant-2021 USD expenditure / constant-2021 USD GDP (NATO Table 3 basis).

    NATO publishes the share rounded to two decimals (the figure shown); gaps, paces and the years a target is
    reached are computed from this unrounded ratio, the same way as the aggregates, so that the United States'
    row and the "United States" aggregate give one figure. Falls back to the published share when the edition
    carries no amounts (a secondary copy of Table 3 only).

    >>> from hague.data import dataset
    >>> round(exact_share(dataset("nato-2026"), "USA", 2026), 4)  # published: 3.17
    3.1733
    """
    fam = spending_family(ds)
    spend = ds.value(iso3, fam, year, unit="USD million", price_basis="constant_2021")
    gdp = ds.value(iso3, "gdp", year, unit="USD million", price_basis="constant_2021")
    if spend is None or not gdp:
        return ds.value(iso3, f"{fam}_share_gdp", year)
    return 100 * spend / gdp


def meets(value: float | None, threshold: float) -> bool | None:
    """Whether a share meets a threshold as NATO reports it: at the two decimals it publishes.

    Poland 2018 (published 2.00, unrounded 1.9957) meets the 2% floor, as NATO counts it.

    >>> meets(1.9957, 2.0), meets(1.994, 2.0), meets(None, 2.0)
    (True, False, None)
    """
    return None if value is None else round(value, 2) >= threshold - 1e-9


def require_core_2021(source: str, what: str) -> None:
    """One-line error when an edition lacks the series a computation is built on (NATO's core defence
    expenditure in constant 2021 prices, as in the 2026 edition): which series it lacks, what it has instead,
    and which editions have them. Editions that have them pass silently.

    >>> require_core_2021("nato-2026", "the GDP path")
    """
    from hague.data import dataset, dataset_ids

    ds = dataset(source)
    have = ds.indicators()
    if SPEND in have and any(o.price_basis == "constant_2021" for o in ds.rows if o.indicator == SPEND):
        return
    fam = spending_family(ds) if f"{SPEND}_share_gdp" in have or "defence_expenditure_share_gdp" in have else None
    has = (f"it has {fam} in {constant_basis(ds).replace('_', ' ')} prices" if fam and fam in have else
           f"it has {', '.join(sorted(have)[:6])}" + ("..." if len(have) > 6 else ""))
    ok = [i for i in dataset_ids() if i.startswith("nato") and SPEND in dataset(i).indicators()
          and any(o.price_basis == "constant_2021" for o in dataset(i).rows if o.indicator == SPEND)]
    raise HagueError(f"edition {source} lacks {SPEND} in constant 2021 prices (and in national currency), which "
                     f"{what} is built on; {has}; editions that have it: {', '.join(ok) or 'none'}")


def constant_basis(ds) -> str:
    """The dataset's constant-price basis: ``constant_2021`` (2025/2026 editions), ``constant_2015`` (2024 and
    earlier), whatever an imported edition carries; ``constant_2021`` when it has none."""
    bases = [b for b in ds.price_bases() if b.startswith("constant_")]  # from the summary: no scan of every row
    return bases[-1] if bases else "constant_2021"


def series_label(ds) -> str:
    """How the edition names its spending series, for titles: NATO's 2026 "core" wording or the older one."""
    if spending_family(ds) == SPEND:
        return "Core defence expenditure"
    return "Defence expenditure (NATO's series before the 2026 'core' definition)"


def group_members(group: str, year: int) -> tuple[Ally, ...]:
    """Allies in an aggregate in ``year`` (Iceland included: it adds GDP and population)."""
    ms = members(year)
    if group == "NATO":
        return ms
    if group == "EUCA":
        return tuple(a for a in ms if a.iso3 != "USA")
    if group == "USA":
        return tuple(a for a in ms if a.iso3 == "USA")
    from hague.errors import HagueError

    raise HagueError(f"unknown aggregate {group!r}; accepted: {', '.join(GROUPS)}")


def iceland_gdp(year: int, *, price_basis: str, economics: str = DEFAULT_ECONOMICS) -> float | None:
    """Iceland's GDP in USD million (current, or constant 2021 derived from IMF real growth); None if unavailable."""
    weo = dataset(economics)
    if price_basis == "current":
        v = weo.value("ISL", "gdp", year, unit="USD billion", price_basis="current")
        return None if v is None else v * 1000
    base = weo.value("ISL", "gdp", 2021, unit="USD billion", price_basis="current")
    if base is None:
        return None
    level = base * 1000
    step = 1 if year >= 2021 else -1
    y = 2021
    while y != year:
        nxt = y + step
        g = weo.value("ISL", "real_gdp_growth", nxt if step == 1 else y)
        if g is None:
            return None
        level = level * (1 + g / 100) if step == 1 else level / (1 + g / 100)
        y = nxt
    return level


def _sum(ds, allies, indicator, year, **kw) -> tuple[float, list[str]]:
    total, missing = 0.0, []
    for a in allies:
        v = ds.value(a.iso3, indicator, year, **kw)
        if v is None:
            missing.append(a.iso3)
        else:
            total += v
    return total, missing


def aggregate(group: str, year: int, *, source: str = DEFAULT_DATASET, economics: str = DEFAULT_ECONOMICS) -> dict:
    """Aggregate indicators of a group (``NATO``, ``EUCA`` or ``USA``) in ``year``.

    Returns a dict with ``spend_usd_current``, ``spend_usd_constant`` (USD million), ``gdp_usd_current``,
    ``gdp_usd_constant`` (USD million), ``share_gdp`` (%), ``real_change`` (%), ``equipment_share`` (%),
    ``per_capita`` (USD, 2021 prices), ``population`` (million), ``members`` and ``missing`` (what was not
    available, by indicator).
    """
    ds = dataset(source)
    weo = dataset(economics)
    spend_ind = spending_family(ds)
    allies = group_members(group, year)
    armed = tuple(a for a in allies if a.has_armed_forces)
    missing: dict[str, list[str]] = {}

    spend_cur, m = _sum(ds, armed, spend_ind, year, unit="USD million", price_basis="current")
    missing["spend_usd_current"] = m
    con = constant_basis(ds)
    spend_con, m = _sum(ds, armed, spend_ind, year, unit="USD million", price_basis=con)
    missing["spend_usd_constant"] = m
    gdp_cur, m = _sum(ds, armed, "gdp", year, unit="USD million", price_basis="current")
    gdp_con, m2 = _sum(ds, armed, "gdp", year, unit="USD million", price_basis=con)
    missing["gdp"] = sorted(set(m) | set(m2))
    for a in allies:
        if not a.has_armed_forces:
            # the edition's own Iceland GDP rows where it prints them (June 2024 Tables 5/6), else the IMF's
            c = ds.value(a.iso3, "gdp", year, unit="USD million", price_basis="current")
            k = ds.value(a.iso3, "gdp", year, unit="USD million", price_basis=con)
            if c is None:
                c = iceland_gdp(year, price_basis="current", economics=economics)
            if k is None and con == "constant_2021":
                k = iceland_gdp(year, price_basis="constant_2021", economics=economics)
            if c is None or k is None:
                missing["gdp"].append(a.iso3)
            else:
                gdp_cur += c
                gdp_con += k

    # real change, like-for-like: the same members in both years
    prev, m = _sum(ds, armed, spend_ind, year - 1, unit="USD million", price_basis=con)
    real_change = 100 * (spend_con / prev - 1) if prev and not m else None

    weighted, weight = 0.0, 0.0
    eq_missing = []
    for a in armed:
        s = ds.value(a.iso3, f"{spend_ind}|equipment_share", year)
        w = ds.value(a.iso3, spend_ind, year, unit="USD million", price_basis="current")
        if s is None or w is None:
            eq_missing.append(a.iso3)
            continue
        weighted += s * w
        weight += w
    missing["equipment_share"] = eq_missing

    pop, m = 0.0, []
    for a in allies:
        p = weo.value(a.iso3, "population", year)
        if p is None:
            m.append(a.iso3)
        else:
            pop += p
    missing["population"] = m

    complete = not missing["spend_usd_constant"] and not missing["gdp"]
    out = {
        "group": group,
        "name": GROUPS[group],
        "year": year,
        "members": [a.iso3 for a in allies],
        "spend_usd_current": spend_cur if not missing["spend_usd_current"] else None,
        "spend_usd_constant": spend_con if not missing["spend_usd_constant"] else None,
        "gdp_usd_current": gdp_cur if not missing["gdp"] else None,
        "gdp_usd_constant": gdp_con if not missing["gdp"] else None,
        "share_gdp": 100 * spend_con / gdp_con if complete and gdp_con else None,
        "real_change": real_change if not missing["spend_usd_constant"] else None,
        "equipment_share": weighted / weight if weight else None,
        "population": pop if not m else None,
        "per_capita": spend_con / pop if pop and not m and not missing["spend_usd_constant"] else None,
        "missing": {k: v for k, v in missing.items() if v},
        "published": False,
    }
    if group == "USA" and len(armed) == 1:
        # one ally: the group is the ally's own row. NATO publishes its real change, equipment share and per
        # capita (NATO population); the share of GDP is the same unrounded ratio as above (see exact_share).
        for key, ind in (("real_change", f"{spend_ind}_real_change"), ("equipment_share", f"{spend_ind}|equipment_share"),
                         ("per_capita", f"{spend_ind}_per_capita")):
            v = ds.value("USA", ind, year)
            if v is not None:
                out[key] = v
    code = PUBLISHED_CODES.get(group)
    if out["share_gdp"] is None and code:  # a copy that carries NATO's own aggregate, not the allies' amounts
        published = ds.value(code, f"{spend_ind}_share_gdp", year)
        if published is not None:
            out["share_gdp"] = published
            out["published"] = True
    return out
