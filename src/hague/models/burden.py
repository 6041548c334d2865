"""Burden sharing: who carries the alliance's core defence spending, against economic weight and population.

For one year, each member's share of alliance core defence expenditure is set beside its share of alliance
GDP and of alliance population. The ratio of spending share to GDP share says whether an ally contributes
more (> 1) or less (< 1) than its economic weight.

Conventions (the same as :mod:`hague.models.aggregates`):

- members count from their accession year; non-members of the year are left out of every denominator;
- Iceland, a member without armed forces, adds GDP (IMF WEO) and population but no expenditure; its
  spending share is reported as missing, never as 0 %;
- shares use **current prices and exchange rates** (USD million, NATO Table 2 and Table 5): NATO compares
  allies' weight in one year on that basis; population is the IMF WEO (NATO publishes none);
- aggregates are ratios of sums, never averages of shares;
- the concentration index is the Herfindahl-Hirschman index (HHI) of the spending shares in percent,
  0-10,000 (10,000 = one ally pays everything); ``hhi_equivalent`` = 10,000 / HHI is the number of
  equal-sized allies that would give the same concentration.

>>> t = burden_table(2026)
>>> float(round(t.loc["USA", "spend_share"], 1))  # NATO 2026 edition, 2026 estimates, current USD
57.1
>>> bool(t.loc["ISL", "spend_share"] != t.loc["ISL", "spend_share"])  # Iceland: missing, not 0
True
"""

from __future__ import annotations

from hague.allies import all_allies, resolve
from hague.columns import records, table_result, with_kind
from hague.data import DEFAULT_DATASET, DEFAULT_ECONOMICS, dataset
from hague.errors import HagueError
from hague.models.aggregates import aggregate, iceland_gdp
from hague.results import Result

__all__ = ["burden_table", "burden_groups", "burden_trend", "hhi", "COLUMNS", "BurdenInputs", "burden_inputs", "burden_result", "burden_trend_result"]

SPEND = "core_defence_expenditure"

#: column key -> (header, unit)
COLUMNS: dict[str, tuple[str, str]] = {
    "code": ("Code", ""),
    "name": ("Ally", ""),
    "spend_usd_bn": ("Spend USD bn", "USD billion, current prices and exchange rates"),
    "spend_share": ("% of NATO spend", "percent of alliance core defence expenditure"),
    "gdp_share": ("% of NATO GDP", "percent of alliance GDP, current USD"),
    "pop_share": ("% of NATO pop.", "percent of alliance population (IMF WEO)"),
    "ratio_gdp": ("Spend/GDP share", "spending share / GDP share (>1: above economic weight)"),
    "ratio_pop": ("Spend/pop. share", "spending share / population share"),
    "per_capita_usd": ("USD per head", "USD per head, current prices (IMF population)"),
    "share_gdp": ("% GDP", "core defence expenditure, percent of GDP, constant 2021 prices (NATO Table 3 basis)"),
    "note": ("Note", ""),
}


class BurdenInputs:
    """Per-member spending, GDP and population of one year (USD million current; million people)."""

    def __init__(self, year: int, members: list, spend: dict, gdp: dict, pop: dict, share_gdp: dict,
                 missing: dict, source: str, edition: str, attribution: str, estimate: bool):
        self.year = year
        self.members = members
        self.spend = spend
        self.gdp = gdp
        self.pop = pop
        self.share_gdp = share_gdp
        self.missing = missing
        self.source = source
        self.edition = edition
        self.attribution = attribution
        self.estimate = estimate


def burden_inputs(year: int | None = None, *, source: str = DEFAULT_DATASET,
                  economics: str = DEFAULT_ECONOMICS) -> BurdenInputs:
    """Members of ``year`` (default: latest) with spending, GDP (current USD million) and population (million)."""
    from hague.models.aggregates import require_core_2021

    require_core_2021(source, "burden sharing")
    ds = dataset(source)
    weo = dataset(economics)
    year = max(ds.years()) if year is None else ds.check_year(int(year))
    members = [a for a in all_allies() if a.is_member(year)]
    spend, gdp, pop, share, missing = {}, {}, {}, {}, {}
    for a in members:
        if a.has_armed_forces:
            s = ds.value(a.iso3, SPEND, year, unit="USD million", price_basis="current")
            g = ds.value(a.iso3, "gdp", year, unit="USD million", price_basis="current")
            share[a.iso3] = ds.value(a.iso3, f"{SPEND}_share_gdp", year)
            if s is None:
                missing.setdefault("spend", []).append(a.iso3)
            else:
                spend[a.iso3] = s
        else:
            g = iceland_gdp(year, price_basis="current", economics=economics)
        if g is None:
            missing.setdefault("gdp", []).append(a.iso3)
        else:
            gdp[a.iso3] = g
        p = weo.value(a.iso3, "population", year)
        if p is None:
            missing.setdefault("population", []).append(a.iso3)
        else:
            pop[a.iso3] = p
    return BurdenInputs(year, members, spend, gdp, pop, share, missing, ds.id, ds.edition,
                        str(ds.meta.get("attribution", ds.title)), year in ds.estimate_years())


def hhi(values) -> float:
    """Herfindahl-Hirschman index of a set of non-negative amounts: sum of squared percent shares (0-10,000).

    >>> hhi([50, 50])
    5000.0
    >>> hhi([1, 1, 1, 1])
    2500.0
    """
    vals = [float(v) for v in values]
    if any(v < 0 for v in vals):
        raise HagueError("HHI needs non-negative amounts")
    total = sum(vals)
    if total <= 0:
        raise HagueError("HHI needs a positive total")
    return sum((100 * v / total) ** 2 for v in vals)


def _pct(part, total):
    return None if part is None or not total else 100 * part / total


def burden_table(year: int | None = None, *, source: str = DEFAULT_DATASET, economics: str = DEFAULT_ECONOMICS):
    """One row per member of ``year``: spending, shares of alliance spending / GDP / population, ratios.

    Returns a pandas DataFrame indexed by ISO3 code with the columns of :data:`COLUMNS` (except ``code``),
    sorted by spending share (Iceland last). ``df.attrs`` carries ``year``, ``estimate``, ``hhi``,
    ``hhi_equivalent``, ``source`` and ``missing``.

    >>> t = burden_table(2014)
    >>> "FIN" in t.index, "MNE" in t.index  # members from accession
    (False, False)
    >>> float(round(t.loc["DEU", "ratio_gdp"], 2))
    0.47
    """
    import pandas as pd

    inp = burden_inputs(year, source=source, economics=economics)
    tot_s = sum(inp.spend.values())
    tot_g = sum(inp.gdp.values())
    tot_p = sum(inp.pop.values())
    rows = []
    for a in inp.members:
        s = inp.spend.get(a.iso3)
        ss = _pct(s, tot_s)
        gs = _pct(inp.gdp.get(a.iso3), tot_g)
        ps = _pct(inp.pop.get(a.iso3), tot_p)
        p = inp.pop.get(a.iso3)
        note = "" if a.has_armed_forces else "member without armed forces: adds GDP and population, no expenditure"
        rows.append({
            "code": a.iso3,
            "name": a.name,
            "spend_usd_bn": None if s is None else s / 1000,
            "spend_share": ss,
            "gdp_share": gs,
            "pop_share": ps,
            "ratio_gdp": None if ss is None or not gs else ss / gs,
            "ratio_pop": None if ss is None or not ps else ss / ps,
            "per_capita_usd": None if s is None or not p else s / p,  # USD million / million people
            "share_gdp": inp.share_gdp.get(a.iso3),
            "note": note,
        })
    df = pd.DataFrame(rows).set_index("code")
    df = df.astype({c: "float64" for c in df.columns if c not in ("name", "note")})
    df = df.sort_values("spend_share", ascending=False, na_position="last")
    h = hhi(inp.spend.values())
    df.attrs.update({"year": inp.year, "estimate": inp.estimate, "hhi": h, "hhi_equivalent": 10000 / h,
                     "hhi_gdp": hhi(inp.gdp.values()), "source": footer(inp), "missing": inp.missing})
    return df


def burden_groups(year: int | None = None, *, source: str = DEFAULT_DATASET, economics: str = DEFAULT_ECONOMICS):
    """United States against Europe and Canada (and the NATO total): the same columns as :func:`burden_table`.

    >>> g = burden_groups(2026)
    >>> float(round(g.loc["EUCA", "spend_share"] + g.loc["USA", "spend_share"], 6))
    100.0
    """
    import pandas as pd

    inp = burden_inputs(year, source=source, economics=economics)
    tot_s = sum(inp.spend.values())
    tot_g = sum(inp.gdp.values())
    tot_p = sum(inp.pop.values())
    rows = []
    for code, name, pick in (("USA", "United States", lambda c: c == "USA"),
                             ("EUCA", "NATO Europe and Canada", lambda c: c != "USA"),
                             ("NATO", "NATO total", lambda c: True)):
        s = sum(v for c, v in inp.spend.items() if pick(c))
        g = sum(v for c, v in inp.gdp.items() if pick(c))
        p = sum(v for c, v in inp.pop.items() if pick(c))
        ss, gs, ps = _pct(s, tot_s), _pct(g, tot_g), _pct(p, tot_p)
        # the share of GDP is the one aggregate figure (constant 2021 prices, NATO's Table 3 basis) that `status`
        # and `check` show too: 2.56 for the NATO total in 2014, as NATO publishes it
        share = aggregate(code, inp.year, source=source, economics=economics)["share_gdp"]
        rows.append({"code": code, "name": name, "spend_usd_bn": s / 1000, "spend_share": ss, "gdp_share": gs,
                     "pop_share": ps, "ratio_gdp": ss / gs, "ratio_pop": ss / ps, "per_capita_usd": s / p,
                     "share_gdp": share, "note": ""})
    df = pd.DataFrame(rows).set_index("code")
    df.attrs.update({"year": inp.year, "estimate": inp.estimate, "source": footer(inp)})
    return df


def burden_trend(start: int | None = None, end: int | None = None, *, source: str = DEFAULT_DATASET,
                 economics: str = DEFAULT_ECONOMICS):
    """Year by year (default: the dataset's first to latest year): US and Europe-and-Canada shares and the HHI.

    Columns: ``members``, ``nato_spend_usd_bn``, ``usa_spend_share``, ``euca_spend_share``, ``usa_gdp_share``,
    ``euca_gdp_share``, ``hhi``, ``hhi_equivalent``, ``estimate``; index ``year``.

    >>> tr = burden_trend()
    >>> int(tr.index[0]), int(tr.index[-1])
    (2014, 2026)
    >>> float(round(tr.loc[2014, "usa_spend_share"], 1))
    69.3
    """
    import pandas as pd

    ds = dataset(source)
    years = ds.years()
    start = years[0] if start is None else ds.check_year(int(start))
    end = years[-1] if end is None else ds.check_year(int(end))
    if start > end:
        raise HagueError(f"start year {start} is after end year {end}")
    rows = []
    for y in range(start, end + 1):
        inp = burden_inputs(y, source=source, economics=economics)
        tot_s, tot_g = sum(inp.spend.values()), sum(inp.gdp.values())
        h = hhi(inp.spend.values())
        rows.append({
            "year": y,
            "members": len(inp.members),
            "nato_spend_usd_bn": tot_s / 1000,
            "usa_spend_share": _pct(inp.spend.get("USA"), tot_s),
            "euca_spend_share": _pct(tot_s - inp.spend.get("USA", 0.0), tot_s),
            "usa_gdp_share": _pct(inp.gdp.get("USA"), tot_g),
            "euca_gdp_share": _pct(tot_g - inp.gdp.get("USA", 0.0), tot_g),
            "hhi": h,
            "hhi_equivalent": 10000 / h,
            "estimate": inp.estimate,
        })
    df = pd.DataFrame(rows).set_index("year")
    df.attrs["source"] = (f"{ds.meta.get('attribution', ds.title)}; dataset {ds.id}, edition {ds.edition}. "
                          "Current prices and exchange rates; members from accession; Iceland GDP from IMF WEO.")
    return df


def ally_burden(code: str, year: int | None = None, **kw) -> dict:
    """One member's row of :func:`burden_table` as a dict (raises for a non-member of the year)."""
    a = resolve(code)
    t = burden_table(year, **kw)
    if a.iso3 not in t.index:
        raise HagueError(f"{a.name} ({a.iso3}) was not a member in {t.attrs['year']} (joined {a.accession_year})")
    return {"code": a.iso3, **t.loc[a.iso3].to_dict()}


def footer(inp: BurdenInputs) -> str:
    est = " (estimate)" if inp.estimate else ""
    miss = ""
    if inp.missing:
        miss = " Missing: " + "; ".join(f"{k} for {', '.join(v)}" for k, v in inp.missing.items()) + "."
    return (f"{inp.attribution}; dataset {inp.source}, edition {inp.edition}; IMF WEO October 2025 (population, "
            f"Iceland GDP). Year {inp.year}{est}. Shares of alliance spending, GDP and population at current prices "
            f"and exchange rates; % GDP at constant 2021 prices (NATO Table 3 basis); members from accession; "
            f"Iceland adds GDP and population, no expenditure.{miss}")


# ------------------------------------------------------------------ the Result of this model's table(s)

_BURDEN_COMPUTED = {
    "spend_share": ("spend_usd[current]", "alliance total"), "gdp_share": ("gdp_usd[current]", "alliance total"),
    "pop_share": ("population", "alliance total"), "ratio_gdp": ("spend_share", "gdp_share"),
    "ratio_pop": ("spend_share", "pop_share"),
}


def burden_result(year: int | None = None, *, edition: str | None = None) -> Result:
    """``hague burden`` as a Result: each member's share of alliance core spending against its shares of GDP and
    population, then the US, Europe-and-Canada and NATO rows (``kind`` aggregate)."""
    from hague.data import resolve_edition

    source = resolve_edition(edition)
    t = burden_table(year, source=source)
    y = t.attrs["year"]
    g = burden_groups(y, source=source)
    tr = burden_trend(end=y, source=source)
    keys = [k for k in COLUMNS if k != "code"]
    cols = [(k, h, u) for k, (h, u) in COLUMNS.items()]
    est = " (estimate)" if t.attrs["estimate"] else ""
    y0 = int(tr.index[0])
    footer = (f"Concentration: HHI of spending shares {t.attrs['hhi']:,.0f} (= {t.attrs['hhi_equivalent']:.2f} "
              f"equal-sized allies; HHI of GDP shares {t.attrs['hhi_gdp']:,.0f}). Trend {y0}->{y}: US share of "
              f"alliance spending {tr.loc[y0, 'usa_spend_share']:.1f}% -> {tr.loc[y, 'usa_spend_share']:.1f}%, "
              f"Europe and Canada {tr.loc[y0, 'euca_spend_share']:.1f}% -> {tr.loc[y, 'euca_spend_share']:.1f}%, "
              f"HHI {tr.loc[y0, 'hhi']:,.0f} -> {tr.loc[y, 'hhi']:,.0f}. " + t.attrs["source"])
    meta = {"year": y, "estimate": t.attrs["estimate"], "dataset": source, "hhi": t.attrs["hhi"],
            "hhi_equivalent": t.attrs["hhi_equivalent"], "hhi_gdp": t.attrs["hhi_gdp"], "attribution": t.attrs["source"]}
    cols, rows, sections = with_kind(cols, [("ally", records(t, keys)), ("aggregate", records(g, keys))])
    computed = {k: v for k, v in _BURDEN_COMPUTED.items() if k in COLUMNS}
    computed.update({k: ("allies' spending, GDP and population",) for k in COLUMNS
                     if k not in computed and k not in ("code", "name") and k.endswith(("share", "ratio"))})
    return table_result(cols, rows, title=f"Burden sharing, {y}{est}", footer=footer, meta=meta, sections=sections,
                        datasets=(source, DEFAULT_ECONOMICS), computed=computed)


def burden_trend_result(end: int | None = None, *, edition: str | None = None) -> Result:
    """``hague burden --trend`` as a Result: US / Europe-and-Canada shares and the HHI year by year."""
    from hague.data import resolve_edition

    source = resolve_edition(edition)
    tr = burden_trend(end=end, source=source)
    cols = [("year", "Year", ""), ("members", "Members", ""),
            ("nato_spend_usd_bn", "NATO USD bn", "USD billion, current"),
            ("usa_spend_share", "US % spend", "percent of alliance core defence expenditure"),
            ("euca_spend_share", "EU+CA % spend", "percent of alliance core defence expenditure"),
            ("usa_gdp_share", "US % GDP", "percent of alliance GDP"),
            ("euca_gdp_share", "EU+CA % GDP", "percent of alliance GDP"),
            ("hhi", "HHI", "0-10,000"), ("hhi_equivalent", "Equiv. allies", "10,000 / HHI"),
            ("estimate", "Estimate", "")]
    rows = records(tr, [k for k, _, _ in cols if k != "year"])
    for r in rows:
        r["estimate"] = "e" if r["estimate"] else ""
    first, last = rows[0], rows[-1]
    footer = (f"US share of alliance spending {first['usa_spend_share']:.1f}% in {first['year']} -> "
              f"{last['usa_spend_share']:.1f}% in {last['year']}; HHI {first['hhi']:,.0f} -> {last['hhi']:,.0f}. "
              + tr.attrs["source"])
    allies_in = ("allies' core defence expenditure and GDP, USD current",)
    computed = {k: allies_in for k, _, _ in cols if k not in ("year", "estimate")}
    return table_result(cols, rows, title=f"Burden sharing trend {first['year']}-{last['year']}", footer=footer,
                        meta={"dataset": source}, datasets=(source, DEFAULT_ECONOMICS), computed=computed)
