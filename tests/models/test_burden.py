"""Burden sharing against the raw NATO 2026 and IMF WEO rows."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from hague.errors import HagueError, YearOutOfRangeError
from hague.models.burden import burden_groups, burden_table, burden_trend, hhi


def _raw(indicator: str, year: int, unit: str, basis: str, file: str = "nato_2026.csv") -> dict[str, float]:
    text = resources.files("hague.data").joinpath(f"embedded/{file}").read_text(encoding="utf-8")
    out = {}
    for r in csv.DictReader(text.splitlines()):
        if r["indicator"] == indicator and int(r["year"]) == year and r["unit"] == unit and r["price_basis"] == basis:
            out[r["ally"]] = float(r["value"])
    return out


def test_us_share_of_alliance_spending_2026_from_raw_rows():
    spend = _raw("core_defence_expenditure", 2026, "USD million", "current")
    assert len(spend) == 31  # allies with armed forces; Iceland not in NATO's tables
    expected = 100 * spend["USA"] / sum(spend.values())
    t = burden_table(2026)
    assert t.loc["USA", "spend_share"] == pytest.approx(expected, rel=1e-12)
    assert round(expected, 2) == 57.07  # USD 1,032,849m of 1,809,913m
    assert t.loc["USA", "spend_usd_bn"] == pytest.approx(1032.849)


def test_gdp_share_includes_iceland_from_imf():
    gdp = _raw("gdp", 2026, "USD million", "current")
    isl = _raw("gdp", 2026, "USD billion", "current", file="imf_weo_2025_10.csv")["ISL"] * 1000
    expected = 100 * gdp["DEU"] / (sum(gdp.values()) + isl)
    t = burden_table(2026)
    assert t.loc["DEU", "gdp_share"] == pytest.approx(expected, rel=1e-12)
    assert t.loc["ISL", "gdp_share"] == pytest.approx(100 * isl / (sum(gdp.values()) + isl))
    assert t["spend_share"].isna().sum() == 1 and t["spend_share"].isna()["ISL"]  # never 0 %


def test_population_share_and_per_capita():
    pop = _raw("population", 2026, "million", "n/a", file="imf_weo_2025_10.csv")
    t = burden_table(2026)
    members = list(t.index)
    tot = sum(pop[c] for c in members)
    assert t.loc["POL", "pop_share"] == pytest.approx(100 * pop["POL"] / tot)
    spend = _raw("core_defence_expenditure", 2026, "USD million", "current")
    assert t.loc["LTU", "per_capita_usd"] == pytest.approx(spend["LTU"] / pop["LTU"])


def test_members_from_accession_and_ratio():
    t14 = burden_table(2014)
    assert len(t14) == 28 and "SWE" not in t14.index and "FIN" not in t14.index
    t23 = burden_table(2023)
    assert "FIN" in t23.index and "SWE" not in t23.index
    # ratio = spending share / GDP share; Poland 2026 spends above its economic weight, Spain below
    t = burden_table(2026)
    assert t.loc["POL", "ratio_gdp"] == pytest.approx(t.loc["POL", "spend_share"] / t.loc["POL", "gdp_share"])
    assert t.loc["POL", "ratio_gdp"] > 1.5 and t.loc["ESP", "ratio_gdp"] < 0.75


def test_groups_and_hhi():
    g = burden_groups(2026)
    spend = _raw("core_defence_expenditure", 2026, "USD million", "current")
    assert g.loc["EUCA", "spend_usd_bn"] == pytest.approx((sum(spend.values()) - spend["USA"]) / 1000)
    t = burden_table(2026)
    assert t.attrs["hhi"] == pytest.approx(sum(s * s for s in t["spend_share"].dropna()))
    assert hhi([3, 1]) == pytest.approx(75**2 + 25**2)
    with pytest.raises(HagueError):
        hhi([1, -1])


def test_trend_2014_to_latest():
    tr = burden_trend()
    s14 = _raw("core_defence_expenditure", 2014, "USD million", "current")
    for later in ("MNE", "MKD", "FIN", "SWE"):  # joined 2017, 2020, 2023, 2024: not in the 2014 total
        s14.pop(later)
    assert tr.loc[2014, "usa_spend_share"] == pytest.approx(100 * s14["USA"] / sum(s14.values()))
    assert tr.loc[2014, "members"] == 28 and tr.loc[2026, "members"] == 32
    assert tr.loc[2026, "usa_spend_share"] < tr.loc[2014, "usa_spend_share"]  # 69.3 -> 57.1
    assert bool(tr.loc[2026, "estimate"]) and not bool(tr.loc[2024, "estimate"])


def test_bad_year():
    with pytest.raises(YearOutOfRangeError):
        burden_table(2040)
