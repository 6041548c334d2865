"""Typed money plans: total, increment over a baseline, or part; each one's implied share checked."""

from __future__ import annotations

import pytest

from hague.models.montecarlo.scenarios import central_paths
from hague.rules import national_plans  # the function (before the submodule is imported under the same name)
from hague.rules.money_plans import money_plan_checks
from hague.rules.national_plans import PlanDataError, read_plans_csv


def test_every_money_row_is_typed_and_checked():
    rows = money_plan_checks()
    money = [p for p in national_plans(include_superseded=True) if p.currency and p.value is not None]
    assert len(rows) == len(money) == 47
    for r in rows:
        assert r["amount_type"] in ("total", "increment", "part"), r
        assert r["verdict"], r  # consistent, differs by, or why no share is implied
        if r["amount_type"] == "total" and r["year"] and "-" not in r["year"] and "/" not in r["year"]:
            assert r["implied_share"] is not None, r


def test_italy_increments_over_a_constant_two_percent():
    ita = {r["id"]: r for r in money_plan_checks("ITA")}
    r = ita["amount-2028-12eur-nato"]  # 2% + EUR 12 bn / projected GDP 2028 (EUR 2,424 bn)
    assert r["amount_type"] == "increment" and r["implied_share"] == pytest.approx(2.495, abs=0.005)
    assert r["stated_share"] == 2.5 and r["verdict"] == "consistent"  # Italy's stated 2.5% by 2028
    assert ita["amount-2026-3.5eur-nato"]["implied_share"] == pytest.approx(2.15, abs=0.01)


def test_italy_central_path_is_no_longer_read_as_budgets():
    _, (ita,) = central_paths(("ITA",), source="nato-2026", scenario="plans", target=3.5, by=2035)
    assert ita.money_years == ()  # was 4.09% in 2027 and 6.83% in 2028 when EUR 7 / 12 bn were read as totals
    assert ita.shares[2028] < 2.6


def test_poland_total_agrees_with_its_stated_share():
    r = {r["id"]: r for r in money_plan_checks("POL")}["law-2026-200.1pln"]  # PLN 200.1 bn = 4.81% stated
    assert r["amount_type"] == "total" and r["verdict"] == "consistent"


HEADER = ("id,ally,kind,year,value,value_max,unit,basis,includes_related,stated_share_gdp,what,source_url,"
          "source_kind,published,confidence,superseded_on,superseded_by,note,amount_type,baseline\n")


@pytest.mark.parametrize("tail,expect", [
    (",", "column amount_type: a money row says what it is"),
    ("extra,", "column amount_type: 'extra' not accepted"),
    ("increment,", "column baseline: an increment names its baseline"),
    ("total,2.0 pct_GDP", "column baseline: only an increment has a baseline"),
])
def test_bad_money_types_name_row_and_column(tail, expect):
    row = "x,ITA,path_amount,2028,12,,EUR_bn,NATO,,,w,https://a.org,press,2025-10,low,,,," + tail
    with pytest.raises(PlanDataError) as e:
        read_plans_csv(HEADER + row + "\n", "my-plans.csv")
    assert str(e.value).startswith("my-plans.csv: row 2") and expect in str(e.value), str(e.value)
