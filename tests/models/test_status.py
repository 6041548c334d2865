from __future__ import annotations

import pytest

from hague.errors import HagueError, YearOutOfRangeError
from hague.models.status import status_table


def test_latest_year_is_2026_estimate():
    t = status_table()
    assert (t.year, t.estimate) == (2026, True)
    assert len(t.rows) == 32 and [a["code"] for a in t.aggregates] == ["NATO", "EUCA", "USA"]


def test_germany_2026_row():
    r = status_table(2026).row("DEU")
    assert r["share_gdp"] == 2.69
    assert r["spend_usd_bn"] == pytest.approx(147.002)
    assert r["equipment_share"] == 32.11 and r["real_change"] == 22.29 and r["per_capita"] == 1427
    # gap from the unrounded share: Table 2 constant 2021 USD / Table 5 constant 2021 GDP = 2.6943 (issue 11)
    assert r["gap_35_pp"] == pytest.approx(3.5 - 2.6943, abs=1e-4) and round(r["gap_35_pp"], 2) == 0.81
    assert r["gap_35_usd_bn"] == pytest.approx(r["gap_35_pp"] / 100 * 5455.980)  # NATO Table 5 GDP USD 5,455,980 m


def test_flags_against_2pct_and_20pct():
    t = status_table(2026)
    assert t.row("SVN")["meets_2pct"] is False  # 1.61 %
    assert t.row("NOR")["meets_20pct"] is False  # 17.95 %
    assert t.row("POL")["gap_35_pp"] == 0.0


def test_2014_counts_of_allies_below_2pct():
    t = status_table(2014)
    below = [r["code"] for r in t.rows if r["meets_2pct"] is False]
    assert "DEU" in below and "USA" not in below


def test_iceland_is_never_zero():
    r = status_table(2026).row("ISL")
    assert r["share_gdp"] is None and r["meets_2pct"] is None and "without armed forces" in r["note"]


def test_sorting():
    t = status_table(2026).sorted("share_gdp")
    assert [r["code"] for r in t.rows[:2]] == ["LTU", "EST"]
    assert t.rows[-1]["code"] == "ISL"
    assert status_table(2026).sorted("share_gdp", descending=False).rows[0]["code"] == "SVN"
    with pytest.raises(HagueError, match="unknown sort column 'foo'; accepted: code"):
        status_table(2026).sorted("foo")


def test_year_out_of_range_lists_years():
    with pytest.raises(YearOutOfRangeError, match="available years: 2014-2026"):
        status_table(2030)


def test_older_edition_uses_its_own_series_and_published_aggregates():
    t = status_table(source="nato-2025-secondary")
    assert (t.year, t.estimate) == (2024, True)
    assert round(t.row("POL")["share_gdp"], 2) == 3.79  # Aug 2025 edition, 2024e (2026 edition: 3.75)
    nato = next(a for a in t.aggregates if a["code"] == "NATO")
    assert nato["spend_usd_bn"] is None and "as published" in nato["note"]
    assert nato["share_gdp"] is not None
    at_or_above = sum(1 for r in t.rows if r["meets_2pct"])
    assert at_or_above == 18  # allies at or above 2 % in 2024 per the 2025 edition (press: 18)
