"""Money and Share refuse arithmetic across mismatched units."""

import pytest

from hague.economics import Money, Share
from hague.errors import UnitMismatchError


def test_same_units_add_and_keep_year_and_ally():
    a = Money(124660, "EUR", "current", year=2026, ally="DEU")
    b = Money(99298, "EUR", "current", year=2025, ally="DEU")
    s = a + b
    assert s.amount == 223958.0 and s.currency == "EUR" and s.year is None and s.ally == "DEU"
    assert sum([a, a]).amount == 249320.0


@pytest.mark.parametrize(
    "other",
    [Money(147002, "USD", "current"), Money(100681, "EUR", "constant_2021"), 5.0, Share(2.69)],
)
def test_mismatched_units_are_refused(other):
    a = Money(124660, "EUR", "current", year=2026, ally="DEU")
    with pytest.raises(UnitMismatchError):
        a + other
    with pytest.raises(UnitMismatchError):
        a - other
    with pytest.raises(UnitMismatchError):
        assert a < other


def test_constant_national_currency_of_two_allies_do_not_add():
    with pytest.raises(UnitMismatchError, match="own deflator"):
        Money(1, "EUR", "constant_2021", ally="DEU") + Money(1, "EUR", "constant_2021", ally="FRA")
    # constant 2021 USD of two allies is NATO's common basis and adds
    assert (Money(1, "USD", "constant_2021", ally="DEU") + Money(2, "USD", "constant_2021", ally="FRA")).amount == 3


def test_share_times_gdp_is_money_and_share_of_money_is_share():
    gdp = Money(4422594, "USD", "constant_2021", year=2026, ally="DEU")  # NATO 2026 Table 5
    spend = Share(3.5).of(gdp)
    assert spend.currency == "USD" and spend.price_basis == "constant_2021"
    assert spend.amount == pytest.approx(154790.79)
    assert Money(119159, "USD", "constant_2021").share_of(gdp).percent == pytest.approx(2.694, abs=1e-3)
    with pytest.raises(UnitMismatchError):
        Share(3.5) + 1.5
    with pytest.raises(UnitMismatchError):
        Share(3.5) * 2


def test_bad_currency_or_basis():
    with pytest.raises(UnitMismatchError, match="ISO 4217"):
        Money(1, "euro")
    with pytest.raises(UnitMismatchError, match="price basis"):
        Money(1, "EUR", "real")
