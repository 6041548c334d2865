"""What the money buys: a budget increment turned into quantities of equipment, with ranges.

The budget is either a given amount or, by default, an ally's gap to 3.5% of GDP in a year at that year's GDP
(:mod:`hague.models.status`: ``(3.5 - share) % x GDP``, USD at current prices and exchange rates). It is split
across capability areas (each area priced by its default system in the unit-cost catalog) or named systems, and
divided by the unit price converted to the budget's currency and year.

**Price conversion** (:func:`convert_price`). A price published in currency ``C`` at ``price_year`` prices is

1. moved to the budget year with the implied deflator of the ally whose currency is ``C`` (USD: USA, EUR:
   Germany, SEK: Sweden, NOK: Norway, CZK: Czechia, PLN: Poland, GBP: United Kingdom). NATO deflates defence
   spending with the GDP deflator, so the ratio of core spending at current and at constant 2021 prices in
   national currency (NATO Table 1) is that deflator, 2021 = 1;
2. converted to USD at NATO's implied exchange rate of the budget year: national-currency expenditure (Table 1)
   divided by USD expenditure (Table 2), both at current prices.

Germany stands for the euro because NATO publishes no euro-area series; the euro allies' deflators differ.
Quantities are per year when the budget is a yearly gap; they assume every euro buys equipment, which it never
does (personnel, operations and infrastructure take most of a defence budget).

>>> round(convert_price(100.0, "EUR", 2024, 2024), 2)  # EUR 100m in 2024 -> USD m at NATO's 2024 rate (DEU)
108.21
>>> b = what_money_buys(amount=1000.0, split={"ammunition": 100}, year=2026)
>>> b.rows[0]["system"], round(b.rows[0]["quantity"])
('155 mm artillery shell', 182237)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from hague.allies import resolve
from hague.columns import table_result
from hague.data import DEFAULT_DATASET, DEFAULT_ECONOMICS, dataset
from hague.errors import HagueError
from hague.models.catalog import CURRENCY_ALLY, UnknownEntryError, areas, catalog_source, unit_cost, unit_costs
from hague.results import Result

__all__ = ["convert_price", "deflator", "exchange_rate", "what_money_buys", "Purchase", "budget_gap_35", "buys_result"]

SPEND = "core_defence_expenditure"


def deflator(currency: str, year: int, *, source: str = DEFAULT_DATASET) -> float:
    """NATO's implied deflator (2021 = 1) for ``currency`` in ``year``: current / constant-2021 core spending
    (:func:`hague.economics.gdp.implied_defence_deflator` of the ally whose currency it is).

    >>> round(deflator("USD", 2024), 4)
    1.1383
    """
    from hague.economics.gdp import implied_defence_deflator

    ally = _ally_for(currency)
    dataset(source).check_year(int(year))
    d = implied_defence_deflator(ally, year, source=source)
    if d is None:
        raise HagueError(f"no NATO deflator for {currency} ({ally}) in {year}")
    return d


def exchange_rate(currency: str, year: int, *, source: str = DEFAULT_DATASET) -> float:
    """NATO's implied exchange rate, units of ``currency`` per USD in ``year`` (Table 1 / Table 2, current)
    (:func:`hague.economics.gdp.implied_exchange_rate` of the ally whose currency it is).

    >>> round(exchange_rate("SEK", 2024), 3)
    10.568
    """
    from hague.economics.gdp import implied_exchange_rate

    if currency == "USD":
        return 1.0
    ally = _ally_for(currency)
    dataset(source).check_year(int(year))
    r = implied_exchange_rate(ally, year, source=source)
    if r is None:
        raise HagueError(f"no NATO implied exchange rate for {currency} ({ally}) in {year}")
    return r


def _ally_for(currency: str) -> str:
    if currency not in CURRENCY_ALLY:
        raise HagueError(f"unknown currency {currency!r}; accepted: {', '.join(CURRENCY_ALLY)}")
    return CURRENCY_ALLY[currency]


def convert_price(price: float, currency: str, price_year: int, year: int, *, to: str = "USD",
                  source: str = DEFAULT_DATASET) -> float:
    """``price`` (currency ``currency``, ``price_year`` prices) in ``to`` at ``year`` prices and exchange rates."""
    ds = dataset(source)
    years = ds.years(SPEND)
    py = price_year
    if py < years[0]:
        raise HagueError(f"price year {py} is before the first year of {ds.id} ({years[0]}); no deflator")
    in_cur = price * deflator(currency, year, source=source) / deflator(currency, py, source=source)
    usd = in_cur / exchange_rate(currency, year, source=source)
    return usd * exchange_rate(to, year, source=source)


def budget_gap_35(ally: str, year: int | None = None, *, source: str = DEFAULT_DATASET,
                  economics: str = DEFAULT_ECONOMICS) -> tuple[float, int, dict]:
    """An ally's yearly gap to 3.5% of GDP, USD million at ``year`` prices (default: latest year), and its row.

    >>> gap, y, row = budget_gap_35("DEU", 2026)
    >>> round(gap), y, row["share_gdp"]
    (43958, 2026, 2.69)
    """
    from hague.models.status import HAGUE_CORE, status_table

    a = resolve(ally)
    if not a.has_armed_forces:
        raise HagueError(f"{a.name} ({a.iso3}) has no armed forces and reports no defence expenditure; "
                         "pass --amount")
    t = status_table(year, source=source, economics=economics)
    row = t.row(a.iso3)
    if row["share_gdp"] is None or row["gap_35_usd_bn"] is None:
        raise HagueError(f"no share of GDP or GDP for {a.iso3} in {t.year} in {source}; pass --amount")
    if row["gap_35_pp"] <= 0:
        raise HagueError(f"{a.name} ({a.iso3}) is at or above {HAGUE_CORE}% in {t.year} ({row['share_gdp']}% of GDP): "
                         "no gap to spend; pass --amount")
    return row["gap_35_usd_bn"] * 1000, t.year, row


@dataclass
class Purchase:
    """The result of :func:`what_money_buys`: the budget, one row per area/system, and notes.

    ``budget`` and each row's ``amount`` are in million ``currency``; ``unit_price``, ``price_low`` and
    ``price_high`` in ``currency`` units (not millions), ``unit_price_m`` the same price in million ``currency``,
    all at ``year`` prices. ``quantity``, ``quantity_low`` and ``quantity_high`` are whole units (rounded down:
    a budget buys 27 fire units, not 27.04); ``remainder`` is what is left of ``amount`` after ``quantity``.
    """

    budget: float  # in `currency` million at `year` prices
    currency: str
    year: int
    basis: str
    rows: list[dict]
    notes: list[str] = field(default_factory=list)

    def frame(self):
        import pandas as pd

        df = pd.DataFrame(self.rows)
        df.attrs.update({"budget": self.budget, "currency": self.currency, "year": self.year, "basis": self.basis})
        return df


def _parse_split(split) -> dict[str, float]:
    if split is None:
        a = areas()
        return {k: 100 / len(a) for k in a}
    if isinstance(split, str):
        items = [s for s in split.split(",") if s.strip()]
        out = {}
        for it in items:
            k, sep, v = it.partition("=")
            if not sep:
                raise HagueError(f"--split {it!r}: expected AREA_OR_SYSTEM=PERCENT, e.g. air-missile-defence=50")
            try:
                out[k.strip()] = float(v)
            except ValueError:
                raise HagueError(f"--split {it!r}: percent must be a number") from None
        split = out
    for k, v in split.items():
        if not math.isfinite(v) or v < 0:
            raise HagueError(f"--split {k}={v}: percent must be non-negative")
    tot = sum(split.values())
    if abs(tot - 100) > 1e-6:
        raise HagueError(f"--split percentages add up to {tot:g}, not 100")
    return dict(split)


def _whole(x: float) -> int:
    """Whole units a budget buys: rounded down (with a tolerance for float noise: 27.9999999999 buys 28)."""
    return int(math.floor(x + 1e-9))


def what_money_buys(ally: str | None = None, *, amount: float | None = None, currency: str = "USD",
                    year: int | None = None, split=None, source: str = DEFAULT_DATASET,
                    economics: str = DEFAULT_ECONOMICS) -> Purchase:
    """Quantities a budget buys, split across capability areas or systems, with ranges from the price ranges.

    ``amount`` (million ``currency`` at ``year`` prices) wins; otherwise ``ally``'s gap to 3.5% of GDP in
    ``year`` (default: the latest NATO year). ``split`` maps an area (priced by its default system) or a
    system id to a percent (summing to 100); default: equal across the catalog's areas. A later projection
    module can pass its extra spending as ``amount``.
    """
    notes: list[str] = []
    ds = dataset(source)
    if amount is not None:
        amount = float(amount)
        if not math.isfinite(amount) or amount < 0:
            raise HagueError(f"--amount must be a non-negative number (million {currency}), got {amount:g}")
        _ally_for(currency)
        year = max(ds.years(SPEND)) if year is None else ds.check_year(int(year))
        budget = amount
        basis = f"given amount: {amount:,.1f} million {currency} at {year} prices"
    elif ally is not None:
        gap, year, row = budget_gap_35(ally, year, source=source, economics=economics)
        a = resolve(ally)
        budget = gap * exchange_rate(currency, year, source=source) if currency != "USD" else gap
        basis = (f"{a.name}'s gap to 3.5% of GDP in {year}: {row['gap_35_pp']:.2f} pp of GDP = "
                 f"{gap:,.0f} USD million a year (NATO {ds.edition}{', estimate' if year in ds.estimate_years() else ''})")
        notes.append("The gap is a yearly amount: quantities are per year of extra spending")
    else:
        raise HagueError("give an ally (its gap to 3.5% is the budget) or --amount")
    shares = _parse_split(split)
    default_for = areas()
    rows = []
    for key, pct in shares.items():
        if key in default_for:
            u = unit_cost(default_for[key])
            area = key
        else:
            try:
                u = unit_cost(key)
            except UnknownEntryError:
                raise UnknownEntryError(f"unknown area or system {key!r}; areas: {', '.join(default_for)}; "
                                        f"systems: {', '.join(x.id for x in unit_costs())}") from None
            area = u.area
        money = budget * pct / 100
        conv = convert_price(1.0, u.currency, u.price_year, year, to=currency, source=source)
        p, lo, hi = u.price * conv * 1e6, u.low * conv * 1e6, u.high * conv * 1e6  # currency units
        money_units = money * 1e6
        q = _whole(money_units / p)
        rows.append({
            "area": area, "system": u.system, "id": u.id, "share_pct": pct, "amount": money,
            "unit_price": p, "unit_price_m": p / 1e6, "price_low": lo, "price_high": hi,
            "quantity": q, "quantity_low": _whole(money_units / hi), "quantity_high": _whole(money_units / lo),
            "remainder": (money_units - q * p) / 1e6,
            "unit": u.unit, "basis": u.basis,
            "published": f"{u.currency} {u.price:,.4g}m ({u.price_year} prices)"
                         + (f", range {u.low:,.4g}-{u.high:,.4g}m" if u.low != u.high else ""),
            "confidence": u.confidence,
            "source": "; ".join(str(s) for s in u.sources),
        })
    notes.append(f"Prices converted to {currency} at {year} prices: NATO implied deflators (current / constant-2021 "
                 "core spending in national currency; EUR via Germany) and implied exchange rates (Table 1 / Table 2)")
    notes.append("Package prices include what the catalog's 'includes' says (missiles, support, training); "
                 "a range is shown only where the sources give other prices for the same scope")
    notes.append("Quantities are whole units, rounded down (what is left of each amount buys no further unit)")
    notes.append("Assumes the whole amount buys equipment; in practice personnel, operations and infrastructure "
                 "take most of a defence budget")
    return Purchase(budget=budget, currency=currency, year=year, basis=basis, rows=rows, notes=notes)


# ------------------------------------------------------------------ the Result of this model's table(s)

def buys_result(ally: str | None = None, *, amount: float | None = None, currency: str = "USD",
                year: int | None = None, split=None, edition: str | None = None) -> Result:
    """``hague buys`` as a Result: quantities of equipment a budget (default: the ally's gap to 3.5%) buys."""
    from hague.data import resolve_edition

    source = resolve_edition(edition)
    b = what_money_buys(ally, amount=amount, currency=currency, year=year, split=split, source=source)
    cur = f"{b.currency} million, {b.year} prices"
    cols = [("area", "Area", ""), ("id", "Id", ""), ("system", "System (priced by)", ""), ("share_pct", "Share %", "percent"),
            ("amount", f"Amount {b.currency} m", cur),
            ("unit_price", f"Unit price {b.currency}", f"{b.currency} per unit (not millions), {b.year} prices"),
            ("quantity", "Quantity", "whole units, rounded down"),
            ("quantity_low", "Qty low", "whole units at the high price"),
            ("quantity_high", "Qty high", "whole units at the low price"),
            ("unit", "Unit", ""), ("basis", "Price basis", ""), ("published", "Published price", ""),
            ("confidence", "Confidence", ""), ("source", "Source", "")]
    computed = {"share_pct": ("split",), "amount": ("budget", "share_pct"),
                "unit_price": ("published price", "NATO deflator", "NATO exchange rate"),
                "quantity": ("amount", "unit_price"), "quantity_low": ("amount", "high price"),
                "quantity_high": ("amount", "low price")}
    notes = [n.rstrip(".") + "." for n in b.notes]
    return table_result(cols, b.rows, title=f"What {b.budget:,.0f} {b.currency} million buys ({b.year} prices)",
                        footer=b.basis + ".", notes=notes, computed=computed,
                        meta={"budget": b.budget, "currency": b.currency, "year": b.year},
                        datasets=(source,), sources=(catalog_source("unit_costs"),))
