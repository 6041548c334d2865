"""Economics: GDP paths per ally to 2035, exchange rates, deflators and money conversions.

>>> from hague.economics import Money, convert, gdp_path
>>> round(convert(Money(124660, "EUR", year=2026, ally="DEU"), "USD").amount)
147002
"""

from __future__ import annotations

from hague.economics.convert import convert
from hague.economics.gdp import BGN_PER_EUR, HORIZON, GdpPath, eur_per_usd, gdp_path
from hague.economics.money import PRICE_BASES, Money, Share

__all__ = ["Money", "Share", "PRICE_BASES", "convert", "gdp_path", "GdpPath", "eur_per_usd", "BGN_PER_EUR", "HORIZON"]
