"""GDP paths per ally, 2014-2035, and the exchange rates and deflators behind NATO's money conventions.

Rules (also in docs/economics.md, which docs/methodology.md links):

1. **History 2014-2026** is NATO's own (edition ``nato-2026``, Table 5 GDP in current and constant 2021 USD).
   NATO's exchange rate of a year (national currency per USD) is implied by Table 1 / Table 2
   (defence expenditure in national currency / in USD, current prices); NATO's constant 2021 exchange rate is
   the ratio of the constant-price rows (sum over 2014-2026 to damp rounding). GDP in national currency =
   GDP in current USD x that year's rate. NATO's GDP deflator (2021 = 1) = GDP in current national currency /
   (GDP in constant 2021 USD x the 2021 rate). NATO's defence deflator = Table 1 current / (Table 2 constant 2021 USD x the 2021 rate).
2. **Projection to the last IMF year (2030)**: IMF WEO growth rates chained onto NATO's 2026 level:
   real GDP grows at IMF ``real_gdp_growth``; the deflator moves like IMF ``gdp_deflator``; the exchange rate
   moves like IMF's implied rate (national-currency GDP / USD GDP). Population is IMF's level.
3. **Extension to 2035**: real growth = mean of IMF real growth in the last three projected years (2028-2030);
   deflator growth = geometric mean of IMF deflator growth over the same years; the exchange rate moves with the
   inflation difference against the United States (relative purchasing-power parity, the IMF's own convention of
   constant real exchange rates); population grows at its mean 2028-2030 rate.
4. **Bulgaria**: the IMF WEO October 2025 still reports Bulgaria in lev (BGN) while NATO reports it in euro.
   IMF national-currency values for Bulgaria are divided by 1.95583 BGN per EUR (the currency-board peg since
   1999, also the euro conversion rate). The data confirm it: IMF's implied BGN/USD rate is 1.9558 x its EUR/USD
   rate in every year (tests/economics/test_gdp.py).
5. **Iceland** has no NATO rows: its path is IMF's (current USD as published, constant 2021 USD from IMF real
   growth), as in :func:`hague.models.aggregates.iceland_gdp`. Years an older vintage does not cover (April 2025
   starts in 2021) come from the default vintage (October 2025).

>>> p = gdp_path("DEU")
>>> p.gdp_usd_2021[2026]  # NATO 2026 Table 5
4422594.0
>>> round(p.xr[2026], 4)  # EUR per USD implied by NATO Tables 1/2 (124,660 / 147,002)
0.848
>>> round(p.gdp_usd_2021[2027] / p.gdp_usd_2021[2026] - 1, 5)  # IMF WEO Oct 2025 real growth 2027
0.01...
>>> p.basis[2031]
'extension rule'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from hague.allies import Ally, resolve
from hague.columns import table_result
from hague.data import DEFAULT_DATASET, DEFAULT_ECONOMICS, dataset
from hague.errors import HagueError, YearOutOfRangeError
from hague.results import Result
from hague.rules import thresholds as _thresholds

__all__ = ["GdpPath", "gdp_path", "BGN_PER_EUR", "HORIZON", "FIRST_YEAR", "eur_per_usd", "imf_nc_factor",
           "implied_exchange_rate", "implied_defence_deflator", "gdp_result"]

#: Bulgarian lev per euro: the currency-board peg since 1999 and the euro conversion rate (EU Council, 8 July 2025).
BGN_PER_EUR = 1.95583
#: last year of every path: The Hague commitment's deadline (2035), from the rule tree
HORIZON = _thresholds.deadline(_thresholds.CORE)
#: first year of NATO's 2026-edition series
FIRST_YEAR = 2014
#: number of final IMF projection years averaged by the extension rule
EXTENSION_WINDOW = 3

SPEND = "core_defence_expenditure"


def imf_nc_factor(iso3: str) -> float:
    """Multiply IMF national-currency values by this to get NATO's national currency (Bulgaria: BGN -> EUR).

    >>> round(imf_nc_factor("BGR") * 1.95583, 12), imf_nc_factor("POL")
    (1.0, 1.0)
    """
    return 1 / BGN_PER_EUR if iso3 == "BGR" else 1.0


@dataclass
class GdpPath:
    """One ally's GDP path. Every mapping is year -> value; money in millions.

    Attributes: ``gdp_nc`` (national currency, current prices), ``gdp_usd`` (current USD), ``gdp_usd_2021``
    (constant 2021 prices and exchange rates), ``real_growth`` (%), ``deflator`` (GDP deflator, 2021 = 1, NATO
    basis), ``defence_deflator`` (NATO's deflator of defence expenditure, 2021 = 1), ``xr`` (national currency
    per USD), ``xr_2021`` (the constant 2021 rate), ``population`` (million, IMF), ``basis`` (where each year
    comes from), ``estimate`` (True for NATO estimates, projections and extensions).
    """

    ally: str
    currency: str
    economics: str
    source: str
    xr_2021: float
    last_data_year: int
    last_imf_year: int
    gdp_nc: dict[int, float] = field(default_factory=dict)
    gdp_usd: dict[int, float] = field(default_factory=dict)
    gdp_usd_2021: dict[int, float] = field(default_factory=dict)
    real_growth: dict[int, float | None] = field(default_factory=dict)
    deflator: dict[int, float] = field(default_factory=dict)
    defence_deflator: dict[int, float] = field(default_factory=dict)
    xr: dict[int, float] = field(default_factory=dict)
    population: dict[int, float | None] = field(default_factory=dict)
    basis: dict[int, str] = field(default_factory=dict)
    estimate: dict[int, bool] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted(self.gdp_usd_2021)

    def check_year(self, year: int) -> int:
        if year not in self.gdp_usd_2021:
            raise YearOutOfRangeError(
                f"year {year} is outside the GDP path of {self.ally} ({self.years[0]}-{self.years[-1]}: NATO "
                f"{self.source} history, IMF {self.economics} projection, extension rule to {HORIZON})"
            )
        return year

    def rows(self) -> list[dict]:
        """One dict per year (for tables and exports)."""
        return [
            {"ally": self.ally, "year": y, "gdp_nc": self.gdp_nc[y], "currency": self.currency,
             "gdp_usd": self.gdp_usd[y], "gdp_usd_2021": self.gdp_usd_2021[y], "real_growth": self.real_growth[y],
             "deflator": self.deflator[y], "xr": self.xr[y], "population": self.population[y],
             "basis": self.basis[y], "estimate": self.estimate[y]}
            for y in self.years
        ]

    def frame(self):
        """The path as a pandas DataFrame indexed by year."""
        import pandas as pd

        return pd.DataFrame(self.rows()).set_index("year")


def _imf(weo, iso3: str):
    def nc(y):
        v = weo.value(iso3, "gdp", y, unit="national currency billion", price_basis="current")
        return None if v is None else v * 1000 * imf_nc_factor(iso3)

    def usd(y):
        v = weo.value(iso3, "gdp", y, unit="USD billion", price_basis="current")
        return None if v is None else v * 1000

    def growth(y):
        return weo.value(iso3, "real_gdp_growth", y)

    def defl(y):
        return weo.value(iso3, "gdp_deflator", y)

    def pop(y):
        return weo.value(iso3, "population", y)

    return nc, usd, growth, defl, pop


def _need(v, what: str, iso3: str, year: int, ds: str) -> float:
    if v is None:
        raise HagueError(f"{ds} has no {what} for {iso3} in {year}; the GDP path cannot be built without it")
    return v


def _spend_family(ds) -> str:
    """``core_defence_expenditure`` (2026 edition on) or ``defence_expenditure`` (earlier editions)."""
    return SPEND if f"{SPEND}_share_gdp" in ds.indicators() else "defence_expenditure"


def implied_exchange_rate(ally: str, year: int, *, source: str = DEFAULT_DATASET) -> float | None:
    """National currency per USD in ``year`` implied by NATO: Table 1 / Table 2 core expenditure, current prices.

    The one definition of NATO's exchange rate in hague (``gdp_path``, ``hague check`` and ``hague buys`` use it);
    1 for the United States, ``None`` where the edition lacks either amount.

    >>> round(implied_exchange_rate("DEU", 2026), 4)  # EUR 124,660 m / USD 147,002 m
    0.848
    """
    a = resolve(ally)
    cur = a.currency
    if cur == "USD":
        return 1.0
    if not cur:
        return None
    ds = dataset(source)
    fam = _spend_family(ds)
    nc = ds.value(a.iso3, fam, year, unit=f"{cur} million", price_basis="current")
    usd = ds.value(a.iso3, fam, year, unit="USD million", price_basis="current")
    return None if nc is None or not usd else nc / usd


def implied_defence_deflator(ally: str, year: int, *, source: str = DEFAULT_DATASET) -> float | None:
    """NATO's deflator of core expenditure (2021 = 1): Table 1 current / constant-2021, national currency.

    >>> round(implied_defence_deflator("USA", 2024), 4)
    1.1383
    """
    a = resolve(ally)
    cur = a.currency
    if not cur:
        return None
    ds = dataset(source)
    fam = _spend_family(ds)
    unit = "USD million" if cur == "USD" else f"{cur} million"
    now = ds.value(a.iso3, fam, year, unit=unit, price_basis="current")
    con = ds.value(a.iso3, fam, year, unit=unit, price_basis="constant_2021")
    return None if now is None or not con else now / con


@lru_cache(maxsize=128)
def gdp_path(ally: str, *, economics: str = DEFAULT_ECONOMICS, source: str = DEFAULT_DATASET) -> GdpPath:
    """The GDP path of one ally, 2014-2035 (see the module docstring for the rules).

    ``economics`` selects the IMF WEO vintage (``imf-weo-2025-10`` default, ``imf-weo-2025-04`` older);
    ``source`` the NATO edition for history.

    >>> gdp_path("POL").basis[2026], gdp_path("POL").basis[2028]
    ('NATO nato-2026 Table 5', 'IMF imf-weo-2025-10 growth on NATO level')
    """
    from hague.models.aggregates import require_core_2021

    require_core_2021(source, "the GDP path (hague path, gdp, convert, simulate)")
    a = resolve(ally)
    if not a.has_armed_forces:
        return _imf_only_path(a, economics=economics, source=source)
    nato, weo = dataset(source), dataset(economics)
    iso = a.iso3
    cur = a.currency or "USD"
    nc_unit = f"{cur} million"
    years = [y for y in nato.years("gdp") if nato.value(iso, "gdp", y, unit="USD million", price_basis="current")]
    if not years:
        raise HagueError(f"{source} has no GDP for {iso}; GDP paths need a NATO edition with Tables 1, 2 and 5 "
                         f"(nato-2026)")
    # constant 2021 exchange rate: ratio of the constant-price rows summed over all years (damps rounding)
    if cur == "USD":
        xr21 = 1.0
    else:
        num = sum(_need(nato.value(iso, SPEND, y, unit=nc_unit, price_basis="constant_2021"), f"{SPEND} {nc_unit}",
                        iso, y, source) for y in years)
        den = sum(_need(nato.value(iso, SPEND, y, unit="USD million", price_basis="constant_2021"), f"{SPEND} USD",
                        iso, y, source) for y in years)
        xr21 = num / den
    p = GdpPath(ally=iso, currency=cur, economics=economics, source=source, xr_2021=xr21,
                last_data_year=years[-1], last_imf_year=0)
    for y in years:
        usd = nato.value(iso, "gdp", y, unit="USD million", price_basis="current")
        usd21 = nato.value(iso, "gdp", y, unit="USD million", price_basis="constant_2021")
        if cur == "USD":
            xr = 1.0
            sp_cur = nato.value(iso, SPEND, y, unit="USD million", price_basis="current")
            sp_con = nato.value(iso, SPEND, y, unit="USD million", price_basis="constant_2021")
        else:
            sp_cur = nato.value(iso, SPEND, y, unit=nc_unit, price_basis="current")
            sp_con = nato.value(iso, SPEND, y, unit=nc_unit, price_basis="constant_2021")
            xr = implied_exchange_rate(iso, y, source=source)
        p.xr[y] = xr
        p.gdp_usd[y] = usd
        p.gdp_usd_2021[y] = usd21
        p.gdp_nc[y] = usd * xr
        p.deflator[y] = usd * xr / (usd21 * xr21)
        # defence deflator consistent with Table 2's constant-2021 USD column (reproduces it exactly)
        sp_con_usd = nato.value(iso, SPEND, y, unit="USD million", price_basis="constant_2021")
        p.defence_deflator[y] = sp_cur / (sp_con_usd * xr21) if cur != "USD" else sp_cur / sp_con
        p.population[y] = weo.value(iso, "population", y)
        prev = p.gdp_usd_2021.get(y - 1)
        p.real_growth[y] = None if prev is None else 100 * (usd21 / prev - 1)
        p.basis[y] = f"NATO {source} Table 5"
        p.estimate[y] = bool(nato.find(iso, "gdp", y, unit="USD million", price_basis="current").estimate)
    _project(p, weo, iso)
    return p


def _project(p: GdpPath, weo, iso: str) -> None:
    """Chain IMF growth onto the last NATO year, then extend to HORIZON by the extension rule."""
    nc, usd, growth, defl, pop = _imf(weo, iso)
    y0 = p.last_data_year
    imf_years = [y for y in weo.years("real_gdp_growth") if y > y0 and growth(y) is not None]
    last_imf = max(imf_years) if imf_years else y0
    p.last_imf_year = last_imf
    ds = weo.id

    def imf_xr(y):
        return _need(nc(y), "national-currency GDP", iso, y, ds) / _need(usd(y), "USD GDP", iso, y, ds)

    for y in range(y0 + 1, last_imf + 1):
        g = _need(growth(y), "real GDP growth", iso, y, ds)
        d = _need(defl(y), "GDP deflator", iso, y, ds) / _need(defl(y - 1), "GDP deflator", iso, y - 1, ds)
        _step(p, y, g, d, p.xr[y - 1] * imf_xr(y) / imf_xr(y - 1),
              pop(y), f"IMF {ds} growth on NATO level")
    window = list(range(last_imf - EXTENSION_WINDOW + 1, last_imf + 1))
    g_ext = sum(_need(growth(y), "real GDP growth", iso, y, ds) for y in window) / len(window)
    d_ext = math.prod(defl(y) / defl(y - 1) for y in window) ** (1 / len(window))
    pops = [pop(y) for y in [window[0] - 1, *window]]
    pop_g = (pops[-1] / pops[0]) ** (1 / len(window)) if all(pops) else None
    us_infl = _us_inflation_ext(weo.id) if iso != "USA" else d_ext
    for y in range(last_imf + 1, HORIZON + 1):
        xr = p.xr[y - 1] * d_ext / us_infl
        pp = p.population[y - 1] * pop_g if (pop_g and p.population[y - 1]) else None
        _step(p, y, g_ext, d_ext, xr, pp, "extension rule")


def _step(p: GdpPath, y: int, g: float, d: float, xr: float, pop, basis: str) -> None:
    p.real_growth[y] = g
    p.gdp_usd_2021[y] = p.gdp_usd_2021[y - 1] * (1 + g / 100)
    p.deflator[y] = p.deflator[y - 1] * d
    p.defence_deflator[y] = p.defence_deflator[y - 1] * d
    p.xr[y] = xr
    p.gdp_nc[y] = p.gdp_usd_2021[y] * p.xr_2021 * p.deflator[y]
    p.gdp_usd[y] = p.gdp_nc[y] / xr
    p.population[y] = pop
    p.basis[y] = basis
    p.estimate[y] = True


@lru_cache(maxsize=4)
def _us_inflation_ext(economics: str) -> float:
    weo = dataset(economics)
    defl = lambda y: weo.value("USA", "gdp_deflator", y)  # noqa: E731
    last = max(y for y in weo.years("gdp_deflator") if defl(y) is not None)
    window = range(last - EXTENSION_WINDOW + 1, last + 1)
    return math.prod(defl(y) / defl(y - 1) for y in window) ** (1 / EXTENSION_WINDOW)


def _imf_only_path(a: Ally, *, economics: str, source: str) -> GdpPath:
    """Iceland: IMF levels (no NATO rows); constant 2021 USD from IMF real growth."""
    weo = dataset(economics)
    nc, usd, growth, defl, pop = _imf(weo, a.iso3)
    iso = a.iso3
    ds = weo.id
    xr21 = _need(nc(2021), "national-currency GDP", iso, 2021, ds) / _need(usd(2021), "USD GDP", iso, 2021, ds)
    nato_last = max(dataset(source).years("gdp"))
    p = GdpPath(ally=iso, currency="ISK", economics=economics, source=source, xr_2021=xr21,
                last_data_year=nato_last, last_imf_year=0)
    from hague.models.aggregates import iceland_gdp

    for y in range(FIRST_YEAR, nato_last + 1):
        # years an older vintage does not cover (the April 2025 WEO starts in 2021) come from the default vintage
        src = economics if usd(y) is not None else DEFAULT_ECONOMICS
        w = dataset(src)
        nc_y, usd_y, growth_y, _, pop_y = _imf(w, iso)
        p.gdp_usd[y] = _need(usd_y(y), "USD GDP", iso, y, src)
        p.gdp_nc[y] = _need(nc_y(y), "national-currency GDP", iso, y, src)
        p.xr[y] = p.gdp_nc[y] / p.gdp_usd[y]
        p.gdp_usd_2021[y] = _need(iceland_gdp(y, price_basis="constant_2021", economics=src),
                                  "constant GDP", iso, y, src)
        p.deflator[y] = p.gdp_nc[y] / (p.gdp_usd_2021[y] * xr21)
        p.defence_deflator[y] = p.deflator[y]
        p.real_growth[y] = growth_y(y)
        p.population[y] = pop_y(y)
        p.basis[y] = f"IMF {src}"
        p.estimate[y] = bool(w.find(iso, "gdp", y, unit="USD billion", price_basis="current").estimate)
    _project(p, weo, iso)
    return p


def eur_per_usd(year: int, *, economics: str = DEFAULT_ECONOMICS, source: str = DEFAULT_DATASET) -> float:
    """Euro per US dollar in ``year``: Germany's NATO-implied rate (Tables 1/2), projected like its GDP path.

    Every euro-area ally's implied rate agrees with it to four digits (NATO converts all euro amounts alike).

    >>> round(eur_per_usd(2021), 4)
    0.8449
    """
    p = gdp_path("DEU", economics=economics, source=source)
    p.check_year(year)
    return p.xr[year]


# ------------------------------------------------------------------ the Result of this model's table(s)

def gdp_result(ally: str, *, edition: str | None = None, economics: str = DEFAULT_ECONOMICS) -> Result:
    """``hague gdp ALLY``: the GDP path 2014-2035 (NATO history, IMF projection, extension rule).

    >>> gdp_result("DEU").row(year=2026)["gdp_usd_2021"]  # NATO 2026 Table 5, USD million at 2021 prices
    4422594.0
    """
    from hague.allies import resolve
    from hague.data import resolve_edition

    source = resolve_edition(edition)
    p = gdp_path(ally, economics=economics, source=source)
    cols = [("year", "Year", ""), ("gdp_nc", f"GDP {p.currency} m", f"{p.currency} million, current"),
            ("gdp_usd", "GDP USD m", "USD million, current"),
            ("gdp_usd_2021", "GDP USD m 2021", "USD million, constant 2021"),
            ("real_growth", "Real growth %", "percent"), ("deflator", "Deflator (2021=1)", "index"),
            ("xr", f"{p.currency} per USD", "exchange rate"), ("population", "Population m", "million"),
            ("basis", "Source", "")]
    meta = {"ally": p.ally, "currency": p.currency, "dataset": p.source, "economics": p.economics}
    footer = (f"NATO {p.source} Table 5 to {p.last_data_year}; IMF {p.economics} growth to {p.last_imf_year}; "
              "extension rule after (docs/economics.md). Population: IMF.")
    after = f"NATO up to {p.last_data_year}, then IMF WEO growth and the extension rule"
    computed = {"gdp_nc": (after,), "gdp_usd": ("gdp_nc", "xr"), "gdp_usd_2021": ("gdp_usd", "deflator"),
                "real_growth": ("gdp_usd_2021",), "deflator": ("NATO Tables 1 and 5", "IMF WEO deflator"),
                "xr": ("NATO Tables 1 and 2", "IMF WEO exchange rate")}
    return table_result(cols, p.rows(), title=f"{resolve(p.ally).name}: GDP path 2014-2035", footer=footer,
                        meta=meta, datasets=(p.source, p.economics), computed=computed)
