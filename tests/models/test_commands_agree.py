"""One figure, one value: the same alliance figure from `status`, `burden` and `check` (issue 11, "commands disagree")."""

from __future__ import annotations

import pytest

from hague.data import dataset
from hague.models.aggregates import aggregate, exact_share, meets
from hague.models.burden import burden_groups
from hague.models.status import status_table
from hague.rules.check import check


def test_nato_total_2014_share_is_natos_published_2_56_in_status_burden_and_check():
    # NATO's own NATO-total share of GDP for 2014, Aug 2025 edition Table 3 (constant 2021 prices): 2.562248439
    published = dataset("nato-2025-secondary").value("NATO_TOTAL", "defence_expenditure_share_gdp", 2014)
    assert published == pytest.approx(2.5622, abs=1e-4)
    status = next(r for r in status_table(2014).aggregates if r["code"] == "NATO")["share_gdp"]
    burden = burden_groups(2014).loc["NATO", "share_gdp"]
    chk = check(2014, commitment="wales-2014.floor").row("NATO", "wales-2014.floor")["value"]
    assert round(status, 2) == round(float(burden), 2) == round(chk, 2) == 2.56  # burden said 2.47 (current prices)
    assert abs(status - published) < 0.01
    # Europe and Canada 2014: 1.40 everywhere (NATO published 1.398854284)
    assert round(float(burden_groups(2014).loc["EUCA", "share_gdp"]), 2) == 1.40


def test_us_gap_2026_is_one_figure_from_unrounded_values():
    t = status_table(2026)
    ally = t.row("USA")
    agg = next(r for r in t.aggregates if r["code"] == "USA")
    assert ally["share_gdp"] == 3.17  # as NATO publishes it
    # 3.5% of GDP from the unrounded share 3.1733 (constant 2021 expenditure / GDP), times current-price GDP
    assert round(ally["gap_35_usd_bn"], 1) == round(agg["gap_35_usd_bn"], 1) == 106.3  # the ally row said 107.4
    assert ally["gap_35_pp"] == pytest.approx(agg["gap_35_pp"], abs=1e-12)
    c = check(2026, commitment="hague-2025.core")
    assert c.row("USA", "hague-2025.core")["gap_usd_m"] == c.aggregates[-1]["gap_usd_m"] == pytest.approx(106318, abs=1)


def test_us_year_reached_is_one_definition():
    c = check(2026, commitment="hague-2025.core")
    ally = c.row("USA", "hague-2025.core")
    agg = next(r for r in c.aggregates if r["code"] == "USA" and r["rule"] == "hague-2025.core")
    # pace = (unrounded 2026 - unrounded 2023) / 3; the ally row said 2076 from the rounded shares
    assert ally["year_reached"] == agg["year_reached"] == 2066
    assert ally["pace_pp_yr"] == pytest.approx(agg["pace_pp_yr"], abs=1e-4)


def test_met_is_decided_on_natos_published_two_decimals():
    ds = dataset("nato-2026")
    # Poland 2018: NATO publishes 2.00 (unrounded 1.9957): it meets the 2% floor, with no gap
    assert ds.value("POL", "core_defence_expenditure_share_gdp", 2018) == 2.0
    assert exact_share(ds, "POL", 2018) == pytest.approx(1.9957, abs=1e-4)
    assert meets(exact_share(ds, "POL", 2018), 2.0)
    row = check(2018, commitment="wales-2014.floor", allies=["POL"]).rows[0]
    assert row["status"] == "met" and row["gap_pp"] == 0.0
    assert status_table(2018).row("POL")["meets_2pct"] is True


def test_usa_aggregate_row_carries_the_allys_published_figures():
    t = status_table(2014)
    ally = t.row("USA")
    agg = next(r for r in t.aggregates if r["code"] == "USA")
    for key in ("real_change", "equipment_share", "per_capita"):  # the aggregate said 2,345 per head (IMF pop.)
        assert agg[key] == ally[key]
    assert ally["per_capita"] == 2338.0
    assert aggregate("USA", 2014)["per_capita"] == 2338.0
