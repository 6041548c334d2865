"""Aggregates follow NATO's conventions and reproduce NATO's published totals."""

from __future__ import annotations

import pytest

from hague.data import dataset
from hague.models.aggregates import aggregate, iceland_gdp


def test_nato_total_share_2025_matches_the_2026_edition():
    # NATO 2026 edition, NATO total 2025e = 2.75 % (shared/data/SOURCES.md, cross-check E: 2.76 -> 2.75)
    assert round(aggregate("NATO", 2025)["share_gdp"], 2) == 2.75


def test_2014_totals_match_nato_in_current_usd():
    # SOURCES.md cross-check D: 2014 totals USD 943.3bn (NATO) and 289.3bn (Europe and Canada)
    assert round(aggregate("NATO", 2014)["spend_usd_current"] / 1000, 1) == 943.3
    assert round(aggregate("EUCA", 2014)["spend_usd_current"] / 1000, 1) == 289.3


def test_members_count_from_accession():
    ds = dataset("nato-2026")
    a23 = aggregate("NATO", 2023)
    assert "FIN" in a23["members"] and "SWE" not in a23["members"]
    expected = sum(
        ds.value(c, "core_defence_expenditure", 2023, unit="USD million", price_basis="current")
        for c in a23["members"] if c != "ISL"
    )
    assert a23["spend_usd_current"] == pytest.approx(expected)
    assert "SWE" in aggregate("NATO", 2024)["members"]
    assert "MNE" not in aggregate("NATO", 2016)["members"] and "MNE" in aggregate("NATO", 2017)["members"]


def test_parts_add_up_and_shares_are_ratios_of_sums():
    n, e, u = (aggregate(g, 2026) for g in ("NATO", "EUCA", "USA"))
    assert n["spend_usd_constant"] == pytest.approx(e["spend_usd_constant"] + u["spend_usd_constant"])
    assert n["gdp_usd_constant"] == pytest.approx(e["gdp_usd_constant"] + u["gdp_usd_constant"])
    assert n["share_gdp"] == pytest.approx(100 * n["spend_usd_constant"] / n["gdp_usd_constant"])
    ds = dataset("nato-2026")
    mean_of_shares = sum(ds.value(c, "core_defence_expenditure_share_gdp", 2026) for c in e["members"] if c != "ISL") / 31
    assert abs(e["share_gdp"] - mean_of_shares) > 0.1  # a ratio of sums, not an average of shares


def test_iceland_adds_gdp_not_spending():
    e = aggregate("EUCA", 2026)
    assert "ISL" in e["members"]
    ds = dataset("nato-2026")
    nato_gdp = sum(ds.value(c, "gdp", 2026, unit="USD million", price_basis="current") for c in e["members"] if c != "ISL")
    # IMF WEO Oct 2025: Iceland 2026 GDP USD 43.404 bn
    assert e["gdp_usd_current"] - nato_gdp == pytest.approx(43404.0)
    assert iceland_gdp(2021, price_basis="constant_2021") == pytest.approx(26235.0)  # 2021 = base year


def test_us_aggregate_equals_us_row():
    u = aggregate("USA", 2026)
    ds = dataset("nato-2026")
    assert round(u["share_gdp"], 2) == ds.value("USA", "core_defence_expenditure_share_gdp", 2026) == 3.17
