"""Adversary comparison: metrics and the ramp-up model against hand computation."""

from __future__ import annotations

import math

import pytest

from hague.errors import HagueError
from hague.models.adversary import RAMP_PARAMETERS, ammunition_balance, estimates, parity_year, parity_years
from hague.models.catalog import UnknownEntryError


def test_balance_ratio_and_months():
    b = ammunition_balance().set_index(["russia", "nato"])
    # EFIS 4.5m (2024) against US 40,000/month + EU 2m/yr capacity target = 2.48m
    r = b.loc[("ru-shells-efis-2024", "us-eu-2025")]
    assert r["nato_per_year"] == 40_000 * 12 + 2_000_000
    assert r["ratio"] == pytest.approx(4.5e6 / 2.48e6)
    assert r["months_of_nato_output"] == pytest.approx(12 * 4.5e6 / 2.48e6)
    # RUSI 2.5m against the 1.2m the US and Europe could make in 2024 (CNN): 25 months
    assert b.loc[("ru-shells-rusi-2023", "us-eu-2024"), "months_of_nato_output"] == pytest.approx(25)
    # Rutte: "in three months what the whole of NATO produces in a year" -> 4, 48 months
    assert b.loc[("ru-nato-ammo-ratio-rutte", "quoted"), "months_of_nato_output"] == 48
    assert len(b) == 3 * 3 + 1


def test_growth_parameter_is_the_us_ramp():
    assert RAMP_PARAMETERS["growth.us-pace"]["value"] == pytest.approx((40_000 / 14_500) ** (1 / 3.4) - 1)
    assert RAMP_PARAMETERS["lag.slip"]["basis"] == "derived" and RAMP_PARAMETERS["lag.new-plant"]["basis"] == "assumption"


def test_parity_year_hand_cases():
    # 1.2m growing 34.78%/yr after a 2-year lag reaches 4.5m when 1.3478^k >= 3.75: k >= 4.43 -> 2024 + 2 + 4.43
    g = RAMP_PARAMETERS["growth.us-pace"]["value"]
    k = math.log(3.75) / math.log(1 + g)
    assert parity_year(4.5e6, 1.2e6, 2024, growth=g, lag=2.0) == math.ceil(2024 + 2 + k) == 2031
    assert parity_year(2.5e6, 3.2e6, 2026, growth=0, lag=2) == 2026  # already above
    assert parity_year(3e6, 1.2e6, 2024, growth=0, lag=0) is None
    # Russian growth equal to allied growth and no lag: the gap never closes
    assert parity_year(3e6, 1.2e6, 2024, growth=0.1, lag=0, russia_growth=0.1) is None
    with pytest.raises(HagueError):
        parity_year(-1, 1, 2024, growth=0.1, lag=0)


def test_parity_years_by_scenario():
    p = parity_years().set_index("scenario")
    assert (p["runs"] == 18).all()
    assert p.loc["us-pace", "earliest"] == 2026 and p.loc["us-pace", "latest"] == 2031
    assert p.loc["stalled", "not_by_horizon"] == 14  # only bases already above an estimate reach parity
    assert p.loc["half-us-pace", "latest"] > p.loc["us-pace", "latest"]
    slower = parity_years(russia_growth=0.10).set_index("scenario")
    assert slower.loc["us-pace", "median"] > p.loc["us-pace", "median"]
    with pytest.raises(HagueError, match="unknown scenario"):
        parity_years(scenarios=["miracle"])


def test_estimates_tables():
    a = estimates("armour").set_index("id")
    assert a.loc["ru-tanks-2025", "per_year"] == 1500
    assert a.loc["ru-tanks-q1-2025-kiel", "per_year"] == 1600  # 400 a quarter
    n = estimates("naval").set_index("id")
    assert n.loc["cn-ships-2030", "value"] == 435 and n.loc["cn-ships-2030", "per_year"] is None  # a level
    with pytest.raises(UnknownEntryError):
        estimates("lasers")
