"""Deterministic spending paths."""

import pytest

from hague.errors import HagueError, YearOutOfRangeError
from hague.models.aggregates import aggregate
from hague.models.projection import path, path_all, read_plan, share_path


def test_germany_at_3_5_percent_of_nato_2026_gdp():
    # 3.5 % of NATO's 2026 GDP for Germany (USD 4,422,594 m at 2021 prices, Table 5) = USD 154,791 m
    p = path("DEU", target=3.5, by=2027)
    r = p.year(2026)
    assert r["kind"] == "history" and r["budget_nc"] == 124660.0 and r["budget_usd_2021"] == 119159.0
    assert 0.035 * r["gdp_usd_2021"] == pytest.approx(154790.79)
    r27 = p.year(2027)
    assert r27["share_gdp"] == pytest.approx(3.5)
    assert r27["budget_usd_2021"] == pytest.approx(0.035 * r27["gdp_usd_2021"])
    # baseline keeps the 2026 share (2.69 %) and the extra is the difference
    assert r27["baseline_usd_2021"] == pytest.approx(0.0269 * r27["gdp_usd_2021"])
    assert r27["extra_usd_2021"] == pytest.approx((0.035 - 0.0269) * r27["gdp_usd_2021"])


def test_linear_path_cumulates_extra_to_the_deadline():
    p = path("DEU")
    assert [round(p.year(y)["share_gdp"], 2) for y in (2027, 2031, 2035)] == [2.78, 3.14, 3.5]
    extras = [p.year(y)["extra_usd_2021"] for y in range(2027, 2036)]
    assert p.cumulative_extra_usd_2021 == pytest.approx(sum(extras))
    assert round(p.cumulative_extra_usd_2021 / 1000) == 191  # USD bn at 2021 prices, 2027-2035
    # national currency follows NATO's 2026 EUR/USD relation on the 2026 row and the deflator afterwards
    assert p.year(2035)["budget_nc"] > p.year(2035)["budget_usd_2021"] * 0.8449


def test_shapes_front_and_back():
    lin = share_path(2.0, 2026, target=3.5, by=2035)
    front = share_path(2.0, 2026, target=3.5, by=2035, shape="front")
    back = share_path(2.0, 2026, target=3.5, by=2035, shape="back")
    assert front[2030] > lin[2030] > back[2030]
    assert front[2035] == lin[2035] == back[2035] == 3.5


def test_ally_above_target_keeps_its_share():
    p = path("POL", target=3.5)  # Poland 2026e: 4.68 %
    assert p.year(2035)["share_gdp"] == 4.68 and p.cumulative_extra_usd_2021 == 0


def test_plan_file(tmp_path):
    f = tmp_path / "plan.csv"
    f.write_text("year,share_gdp\n2028,3.0\n2030,3.5\n")
    p = path("DEU", plan=f)
    assert p.shape == "plan"
    assert p.year(2027)["share_gdp"] == pytest.approx((2.69 + 3.0) / 2)
    assert p.year(2033)["share_gdp"] == 3.5


@pytest.mark.parametrize("text,msg", [
    ("yr,share\n2028,3\n", "row 1"),
    ("year,share_gdp\n2028,abc\n", "row 2, column 'share_gdp'"),
    ("year,share_gdp\n2024,3.0\n", "row 2, column 'year'"),
    ("year,share_gdp\n2028,3.0\n2028,3.1\n", "appears twice"),
])
def test_plan_file_errors(tmp_path, text, msg):
    f = tmp_path / "plan.csv"
    f.write_text(text)
    with pytest.raises(HagueError, match=msg):
        read_plan(f, first_year=2027)


def test_related_line():
    p = path("DEU", related=True)
    assert p.year(2035)["related_share_gdp"] == pytest.approx(1.5)
    assert p.year(2035)["related_usd_2021"] == pytest.approx(0.015 * p.year(2035)["gdp_usd_2021"])
    assert p.year(2026)["related_usd"] is None


def test_errors():
    with pytest.raises(YearOutOfRangeError, match="after the last year of data"):
        path("DEU", by=2025)
    with pytest.raises(YearOutOfRangeError):
        path("DEU", by=2040)
    with pytest.raises(HagueError, match="no armed forces"):
        path("ISL")
    with pytest.raises(HagueError, match="unknown shape"):
        path("DEU", shape="zigzag")


def test_alliance_totals_match_nato_aggregates_in_history():
    ap = path_all()
    for grp in ("NATO", "EUCA", "USA"):
        for y in (2014, 2025):
            a = aggregate(grp, y)
            t = ap.totals[grp][y]
            assert t["budget_usd"] == pytest.approx(a["spend_usd_current"])
            assert t["share_gdp"] == pytest.approx(a["share_gdp"])
    assert round(ap.totals["NATO"][2025]["share_gdp"], 2) == 2.75  # SOURCES.md check E
    assert ap.totals["USA"][2035]["share_gdp"] == pytest.approx(3.5)
    assert ap.totals["EUCA"][2035]["cum_extra_usd_2021"] > 0


def test_path_reads_the_plan_assess_format(tmp_path):
    """One plan format: the file ``hague plan assess`` reads also drives ``path --plan`` and ``simulate --plan``."""
    from tests.conftest import plan_csv

    f = tmp_path / "deu.csv"
    f.write_text(plan_csv("DEU", core0=2.9, step=0.2))  # 2.9% in 2026 (history), 3.1% 2027 ... 3.5% from 2029
    p = path("DEU", plan=str(f))
    assert p.year(2027)["share_gdp"] == pytest.approx(3.1) and p.year(2029)["share_gdp"] == pytest.approx(3.5)
    assert read_plan(f, first_year=2027) == {y: min(3.5, round(2.9 + 0.2 * (y - 2026), 2)) for y in range(2027, 2036)}
    other = tmp_path / "pol.csv"
    other.write_text(plan_csv("POL"))
    with pytest.raises(HagueError, match="the plan is for POL, not DEU"):
        path("DEU", plan=str(other))
