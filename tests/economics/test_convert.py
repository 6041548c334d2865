"""Conversions reproduce NATO's Tables 1 and 2."""

import pytest

from hague.data import dataset
from hague.economics import Money, convert
from hague.errors import UnitMismatchError, YearOutOfRangeError


def test_germany_2026_eur_to_usd_current_and_constant():
    m = Money(124660, "EUR", "current", year=2026, ally="DEU")  # Table 1
    assert round(convert(m, "USD").amount) == 147002  # Table 2, current
    assert round(convert(m, "USD", "constant_2021").amount) == 119159  # Table 2, constant 2021
    assert round(convert(m, "EUR", "constant_2021").amount) == 100681  # Table 1, constant 2021


def test_back_and_forth():
    m = Money(119159, "USD", "constant_2021", year=2026, ally="DEU")
    back = convert(convert(m, "EUR"), "USD", "constant_2021")
    assert back.amount == pytest.approx(119159)
    assert convert(m, "EUR", "current").amount == pytest.approx(124660, abs=2)
    assert convert(m, "EUR").amount == pytest.approx(100681, abs=1)  # price basis kept by default


@pytest.mark.parametrize("ally,cur", [("POL", "PLN"), ("GBR", "GBP"), ("TUR", "TRY"), ("FRA", "EUR")])
def test_every_history_year_matches_table2(ally, cur):
    nato = dataset("nato-2026")
    for y in range(2014, 2027):
        nc = nato.value(ally, "core_defence_expenditure", y, unit=f"{cur} million", price_basis="current")
        usd = nato.value(ally, "core_defence_expenditure", y, unit="USD million", price_basis="current")
        con = nato.value(ally, "core_defence_expenditure", y, unit="USD million", price_basis="constant_2021")
        m = Money(nc, cur, "current", year=y, ally=ally)
        assert convert(m, "USD").amount == pytest.approx(usd, rel=1e-9)
        assert convert(m, "USD", "constant_2021").amount == pytest.approx(con, rel=1e-9)


def test_eur_for_a_non_euro_ally_goes_through_usd():
    # Poland 2026: PLN 100,000 m -> USD at Poland's rate -> EUR at the euro's rate
    m = Money(100000, "PLN", "current", year=2026, ally="POL")
    usd = convert(m, "USD").amount
    eur = convert(m, "EUR").amount
    assert eur == pytest.approx(usd * 124660 / 147002)
    assert convert(convert(m, "EUR"), "PLN").amount == pytest.approx(100000)


def test_projection_years_convert_too():
    m = convert(Money(100, "USD", "constant_2021", year=2035, ally="DEU"), "EUR")
    assert m.amount > 100 * 0.8449  # prices rise after 2021


def test_refusals():
    with pytest.raises(UnitMismatchError, match="needs an ally and a year"):
        convert(Money(1, "EUR"), "USD")
    with pytest.raises(UnitMismatchError, match="converts between"):
        convert(Money(1, "GBP", year=2026, ally="DEU"), "USD")
    with pytest.raises(YearOutOfRangeError):
        convert(Money(1, "EUR", year=2040, ally="DEU"), "USD")
