"""Money conversions: national currency <-> current USD <-> constant 2021 USD (NATO's convention) <-> EUR.

NATO's conventions (its 2026 edition, Tables 1 and 2):

- current USD = national currency at current prices / that year's exchange rate (national currency per USD);
- constant 2021 USD = national currency at current prices / the ally's deflator (2021 = 1) / the 2021 exchange
  rate ("constant 2021 prices and exchange rates");
- EUR for an ally outside the euro area goes through USD at the euro's rate of that year (current) or of 2021
  (constant 2021).

Rates and deflators come from :func:`hague.economics.gdp_path` (NATO history, then IMF projections and the
extension rule). By default the deflator is NATO's defence-expenditure deflator (so NATO's own tables are
reproduced); ``deflator="gdp"`` uses the GDP deflator.

>>> m = Money(124660, "EUR", "current", year=2026, ally="DEU")  # NATO 2026 Table 1, Germany 2026e
>>> round(convert(m, "USD").amount)  # Table 2, current prices: 147,002
147002
>>> round(convert(m, "USD", "constant_2021").amount)  # Table 2, constant 2021 prices: 119,159
119159
>>> pl = Money(31874, "PLN", "current", year=2014, ally="POL")  # Poland 2014, Table 1
>>> round(convert(pl, "USD").amount), round(convert(pl, "USD", "constant_2021").amount)  # Table 2: 10,107; 9,769
(10107, 9769)
"""

from __future__ import annotations

from hague.allies import resolve
from hague.columns import table_result
from hague.data import DEFAULT_DATASET, DEFAULT_ECONOMICS
from hague.economics.gdp import eur_per_usd, gdp_path
from hague.economics.money import PRICE_BASES, Money
from hague.errors import HagueError, UnitMismatchError
from hague.results import Result

__all__ = ["convert", "convert_result"]


def convert(m: Money, currency: str, price_basis: str | None = None, *, ally: str | None = None,
            year: int | None = None, deflator: str = "defence", economics: str = DEFAULT_ECONOMICS,
            source: str = DEFAULT_DATASET) -> Money:
    """Convert ``m`` to ``currency`` (the ally's own, ``USD`` or ``EUR``) on ``price_basis`` (default: unchanged).

    ``ally`` and ``year`` default to the ones carried by ``m``; both are needed (rates and deflators are per
    ally and year). Raises :class:`UnitMismatchError` for currencies other than the ally's, USD and EUR.

    >>> m = Money(124660, "EUR", "current", year=2026, ally="DEU")
    >>> round(convert(m, "USD", "constant_2021").amount)  # NATO 2026 Table 2: 119,159
    119159
    """
    price_basis = price_basis or m.price_basis
    if price_basis not in PRICE_BASES:
        raise UnitMismatchError(f"unknown price basis {price_basis!r}; accepted: {', '.join(PRICE_BASES)}")
    if deflator not in ("defence", "gdp"):
        raise HagueError(f"unknown deflator {deflator!r}; accepted: defence, gdp")
    code = ally or m.ally
    yr = year if year is not None else m.year
    if code is None or yr is None:
        raise UnitMismatchError(f"converting {m} needs an ally and a year (exchange rates and deflators are per ally-year)")
    iso = resolve(code).iso3
    p = gdp_path(iso, economics=economics, source=source)
    p.check_year(int(yr))
    yr = int(yr)
    nc = p.currency
    defl = (p.defence_deflator if deflator == "defence" else p.deflator)[yr]
    allowed = {nc, "USD", "EUR"}
    for c in (m.currency, currency):
        if c not in allowed:
            raise UnitMismatchError(f"{iso} money converts between {', '.join(sorted(allowed))}; got {c}")

    # 1. to national currency, current prices
    if m.currency == nc:
        x = m.amount if m.price_basis == "current" else m.amount * defl
    else:
        if m.currency == "USD":
            usd_cur, usd_con = (m.amount, None) if m.price_basis == "current" else (None, m.amount)
        else:  # EUR for a non-euro ally
            rate = eur_per_usd(yr if m.price_basis == "current" else 2021, economics=economics, source=source)
            usd_cur, usd_con = (m.amount / rate, None) if m.price_basis == "current" else (None, m.amount / rate)
        x = usd_cur * p.xr[yr] if usd_cur is not None else usd_con * p.xr_2021 * defl

    # 2. from national currency, current prices, to the target
    if currency == nc:
        out = x if price_basis == "current" else x / defl
    else:
        usd = x / p.xr[yr] if price_basis == "current" else x / defl / p.xr_2021
        if currency == "USD":
            out = usd
        else:
            out = usd * eur_per_usd(yr if price_basis == "current" else 2021, economics=economics, source=source)
    return Money(out, currency, price_basis, year=yr, ally=iso)


# ------------------------------------------------------------------ the Result of this model's table(s)

def convert_result(money, currency: str, price_basis: str | None = None, *, edition: str | None = None,
                   economics: str = DEFAULT_ECONOMICS, read_as: str = "") -> Result:
    """``hague convert``: one amount (a :class:`hague.economics.Money`) and its conversion, as two rows;
    ``read_as`` (e.g. ``"Amount read as 5 EUR billion (--unit); amounts shown in millions."``) opens the footer.

    >>> from hague.economics.money import Money
    >>> r = convert_result(Money(124660, "EUR", "current", year=2026, ally="DEU"), "USD", "constant_2021")
    >>> round(r.rows[1]["amount"])  # NATO 2026 Table 2: 119,159
    119159
    """
    from hague.data import resolve_edition

    source = resolve_edition(edition)
    out = convert(money, currency, price_basis, economics=economics, source=source)
    cols = [("amount", "Amount (million)", ""), ("currency", "Currency", ""), ("price_basis", "Price basis", ""),
            ("year", "Year", ""), ("ally", "Ally", "")]
    rows = [{"amount": x.amount, "currency": x.currency, "price_basis": x.price_basis, "year": x.year,
             "ally": x.ally or out.ally} for x in (money, out)]
    footer = ((read_as + " " if read_as else "") + f"NATO {source} exchange rates and deflators (Tables 1, 2), "
              f"IMF {economics} after the NATO years; rules in docs/economics.md.")
    return table_result(cols, rows, title=f"{money} = {out}", footer=footer, meta={"economics": economics},
                        datasets=(source, economics),
                        computed={"amount": ("the given amount (first row)", "NATO exchange rate", "NATO deflator")})
