"""GDP paths: NATO history, IMF projection, extension rule, Bulgaria's lev, vintages."""

import math

import pytest

from hague.data import dataset
from hague.economics import BGN_PER_EUR, gdp_path
from hague.economics.gdp import eur_per_usd
from hague.errors import YearOutOfRangeError


def test_history_is_nato_table5():
    p = gdp_path("DEU")
    assert p.gdp_usd[2026] == 5455980.0 and p.gdp_usd_2021[2026] == 4422594.0  # NATO 2026 Table 5
    assert p.years == list(range(2014, 2036))
    assert p.basis[2014] == "NATO nato-2026 Table 5" and p.estimate[2026] and not p.estimate[2024]
    # national currency GDP = USD GDP x NATO's implied rate (124,660 EUR m / 147,002 USD m in 2026)
    assert p.gdp_nc[2026] == pytest.approx(5455980 * 124660 / 147002)


def test_projection_uses_imf_growth_and_deflator():
    p, weo = gdp_path("POL"), dataset("imf-weo-2025-10")
    for y in (2027, 2030):
        g = weo.value("POL", "real_gdp_growth", y)
        assert p.gdp_usd_2021[y] / p.gdp_usd_2021[y - 1] == pytest.approx(1 + g / 100)
        d = weo.value("POL", "gdp_deflator", y) / weo.value("POL", "gdp_deflator", y - 1)
        assert p.deflator[y] / p.deflator[y - 1] == pytest.approx(d)
    assert p.basis[2030] == "IMF imf-weo-2025-10 growth on NATO level"


def test_extension_rule_averages_last_three_imf_years():
    p, weo = gdp_path("DEU"), dataset("imf-weo-2025-10")
    g = sum(weo.value("DEU", "real_gdp_growth", y) for y in (2028, 2029, 2030)) / 3
    for y in range(2031, 2036):
        assert p.basis[y] == "extension rule"
        assert p.real_growth[y] == pytest.approx(g)
    d = math.prod(weo.value("DEU", "gdp_deflator", y) / weo.value("DEU", "gdp_deflator", y - 1)
                  for y in (2028, 2029, 2030)) ** (1 / 3)
    assert p.deflator[2035] / p.deflator[2030] == pytest.approx(d**5)


def test_bulgaria_lev_is_converted_to_euro():
    weo = dataset("imf-weo-2025-10")
    for y in (2015, 2021, 2024, 2030):
        bgn_per_usd = weo.value("BGR", "gdp", y, unit="national currency billion", price_basis="current") / \
            weo.value("BGR", "gdp", y, unit="USD billion", price_basis="current")
        eur_per_usd_imf = weo.value("DEU", "gdp", y, unit="national currency billion", price_basis="current") / \
            weo.value("DEU", "gdp", y, unit="USD billion", price_basis="current")
        assert bgn_per_usd / eur_per_usd_imf == pytest.approx(BGN_PER_EUR, abs=2e-3)  # the peg, visible in the data
    p = gdp_path("BGR")
    assert p.currency == "EUR"
    # Bulgaria's projected exchange rate stays a euro rate (about 0.85 per USD), not a lev rate (about 1.7)
    assert p.xr[2030] == pytest.approx(gdp_path("DEU").xr[2030], rel=1e-3)


def test_older_vintage_is_selectable_and_differs():
    new, old = gdp_path("DEU"), gdp_path("DEU", economics="imf-weo-2025-04")
    assert new.gdp_usd_2021[2026] == old.gdp_usd_2021[2026]  # history is NATO's in both
    assert new.gdp_usd_2021[2030] != old.gdp_usd_2021[2030]
    assert old.basis[2028] == "IMF imf-weo-2025-04 growth on NATO level"


def test_iceland_from_imf():
    p = gdp_path("ISL")
    assert p.currency == "ISK" and p.gdp_usd[2026] == pytest.approx(
        dataset("imf-weo-2025-10").value("ISL", "gdp", 2026, unit="USD billion", price_basis="current") * 1000)
    assert 2035 in p.gdp_usd_2021


def test_year_outside_path():
    with pytest.raises(YearOutOfRangeError, match="2014-2035"):
        gdp_path("DEU").check_year(2040)
    assert eur_per_usd(2026) == pytest.approx(124660 / 147002)


def test_iceland_history_with_the_older_vintage_falls_back_to_october():
    old = gdp_path("ISL", economics="imf-weo-2025-04")
    assert old.years[0] == 2014 and old.basis[2014] == "IMF imf-weo-2025-10" and old.basis[2021] == "IMF imf-weo-2025-04"
    assert old.gdp_usd[2014] == gdp_path("ISL").gdp_usd[2014]
