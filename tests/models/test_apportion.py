"""Fair-share apportionment against hand-computed cases and real 2026 weights."""

from __future__ import annotations

import numpy as np
import pytest

from hague.errors import HagueError
from hague.models.apportion import InfeasibleError, apportion, compare_principles, principle_weights, solve_lines
from hague.models.burden import burden_inputs
from hague.models.catalog import UnknownEntryError

INF = np.inf


def test_unbounded_is_proportional():
    x = solve_lines(np.array([90.0]), np.array([1.0, 2.0, 6.0]), lo=np.zeros(3), hi=np.full(3, INF))
    assert x[0] == pytest.approx([10, 20, 60])


def test_cap_spreads_excess_in_proportion():
    # A's fair share 50 > cap 40: the 10 left go to B and C in the ratio 3:2 -> 36, 24
    x = solve_lines(np.array([100.0]), np.array([0.5, 0.3, 0.2]), lo=np.zeros(3), hi=np.array([40.0, INF, INF]))
    assert x[0] == pytest.approx([40, 36, 24])


def test_two_caps_cascade():
    # fair 50/30/20; caps A 40, B 33: after A is capped B would get 36 > 33 -> B 33, C takes the rest 27
    x = solve_lines(np.array([100.0]), np.array([0.5, 0.3, 0.2]), lo=np.zeros(3), hi=np.array([40.0, 33.0, INF]))
    assert x[0] == pytest.approx([40, 33, 27])


def test_minimum_is_a_floor_and_the_rest_is_proportional():
    # C's fair share 20 < minimum 30: C pays 30, A and B split 70 as 5:3 -> 43.75, 26.25
    x = solve_lines(np.array([100.0]), np.array([0.5, 0.3, 0.2]), lo=np.array([0, 0, 30.0]), hi=np.full(3, INF))
    assert x[0] == pytest.approx([43.75, 26.25, 30])
    # a minimum below the fair share does not bind
    x = solve_lines(np.array([100.0]), np.array([0.5, 0.3, 0.2]), lo=np.array([0, 0, 15.0]), hi=np.full(3, INF))
    assert x[0] == pytest.approx([50, 30, 20])


def test_two_minimums_need_two_passes():
    # weights 0.6/0.2/0.1/0.1; minimums C 20, D 30 -> D pinned first (30/0.1), then C (20/0.1 > level)
    # rest 50 split 3:1 -> A 37.5, B 12.5
    x = solve_lines(np.array([100.0]), np.array([0.6, 0.2, 0.1, 0.1]), lo=np.array([0, 0, 20.0, 30.0]),
                    hi=np.full(4, INF))
    assert x[0] == pytest.approx([37.5, 12.5, 20, 30])


def test_cap_and_minimum_together_and_many_lines():
    R = np.array([100.0, 200.0, 0.0])
    lo = np.array([[0, 0, 30.0], [0, 0, 30.0], [0, 0, 0]])
    hi = np.array([[40.0, INF, INF], [INF, INF, INF], [INF, INF, INF]])
    x = solve_lines(R, np.array([0.5, 0.3, 0.2]), lo=lo, hi=hi)
    assert x[0] == pytest.approx([40, 30, 30])   # A capped, C at its floor, B the rest
    assert x[1] == pytest.approx([100, 60, 40])  # 200 x weights: C's floor does not bind
    assert x[2] == pytest.approx([0, 0, 0])


def test_zero_weight_ally_pays_only_its_minimum():
    x = solve_lines(np.array([10.0]), np.array([1.0, 0.0]), lo=np.array([0, 2.0]), hi=np.full(2, INF))
    assert x[0] == pytest.approx([8, 2])


@pytest.mark.parametrize("lo,hi,message", [
    ([0, 0, 0], [40, 30, 20], "caps add up to 90 u, less than the requirement 100 u"),
    ([60, 50, 0], [INF, INF, INF], "minimums add up to 110 u, more than the requirement 100 u"),
    ([0, 35, 0], [INF, 30, INF], "minimum for B (35 u) exceeds its cap (30 u)"),
])
def test_infeasible_bounds_are_named(lo, hi, message):
    with pytest.raises(InfeasibleError, match=message.replace("(", r"\(").replace(")", r"\)")):
        solve_lines(np.array([100.0]), np.array([0.5, 0.3, 0.2]), lo=np.array(lo, float), hi=np.array(hi, float),
                    names=["A", "B", "C"], unit="u")


def test_brigades_by_gdp_uses_real_2026_gdp():
    inp = burden_inputs(2026)
    a = apportion("brigades", principle="gdp", year=2026)
    armed = [c for c in inp.gdp if c != "ISL"]
    share_deu = inp.gdp["DEU"] / sum(inp.gdp[c] for c in armed)
    assert a.requirement == 45 and (a.low, a.high) == (40, 50)
    assert a.allocation("DEU") == pytest.approx(45 * share_deu)
    assert a.frame().loc["DEU", "low"] == pytest.approx(40 * share_deu)
    assert sum(r["allocated"] for r in a.rows) == pytest.approx(45)
    assert "ISL" not in a.frame().index  # no armed forces: not apportioned a brigade


def test_spending_principle_equals_current_effort_and_cap_never_binds():
    a = apportion("brigades", principle="spending", cap=1.5, year=2026)
    for r in a.rows:
        assert r["allocated"] == pytest.approx(45 * r["effort_share"] / 100, rel=1e-6)
        assert r["binding"] == ""


def test_cap_binds_for_allies_spending_below_their_gdp_weight():
    a = apportion("brigades", principle="gdp", cap=1.2, year=2026).frame()
    # Spain: GDP share 3.31% > 1.2 x spending share 2.31% -> capped at 1.2 x 2.31% x 45
    assert a.loc["ESP", "binding"] == "cap"
    assert a.loc["ESP", "allocated"] == pytest.approx(1.2 * a.loc["ESP", "effort_share"] / 100 * 45, rel=1e-6)
    assert a.loc["POL", "binding"] == ""  # Poland spends above its GDP weight
    assert a["allocated"].sum() == pytest.approx(45)
    # the uncapped allies share the excess in proportion to GDP: same relative uplift for all of them
    free = a[a["binding"] == ""]
    assert free["vs_fair_pct"].max() - free["vs_fair_pct"].min() < 1e-6


def test_europe_scope_and_minimum_per_ally():
    a = apportion("air-missile-defence", principle="population", minimum=["DEU=12"], year=2026)
    f = a.frame()
    assert "USA" not in f.index and "CAN" not in f.index
    assert f.loc["DEU", "allocated"] == pytest.approx(12) and f.loc["DEU", "binding"] == "minimum"
    assert f["allocated"].sum() == pytest.approx(54)


def test_ability_to_pay_is_progressive():
    w_g = principle_weights("gdp", 2026)
    w_a = principle_weights("ability", 2026)
    assert w_a["LUX"] / w_g["LUX"] > 1 > w_a["TUR"] / w_g["TUR"]  # rich per head pay more than GDP share
    assert sum(w_a.values()) == pytest.approx(1)


def test_compare_principles_side_by_side():
    df = compare_principles("brigades", year=2026)
    for p in ("gdp", "spending", "population", "ability"):
        assert df[p].sum() == pytest.approx(45)
    assert df.loc["TUR", "population"] > df.loc["TUR", "gdp"]


def test_errors():
    with pytest.raises(UnknownEntryError, match="unknown target"):
        apportion("brigadez")
    with pytest.raises(HagueError, match="unknown principle 'fair'"):
        apportion("brigades", principle="fair")
    with pytest.raises(HagueError, match="no public alliance-wide quantity"):
        apportion("enablers")
    with pytest.raises(HagueError, match="non-negative"):
        apportion("brigades", amount=-1)
    with pytest.raises(InfeasibleError, match="caps add up to 36 brigades, less than the requirement 45 brigades"):
        apportion("brigades", cap=0.8, year=2026)
    with pytest.raises(HagueError, match="--min 'abc'"):
        apportion("brigades", minimum=["abc"])
    a = apportion("enablers", amount=1000, unit="USD million", principle="gdp", year=2026)
    assert a.unit == "USD million" and sum(r["allocated"] for r in a.rows) == pytest.approx(1000)


def _water_fill(R, w, lo, hi):
    """Independent reference: bisection on the level t with sum clip(t w, lo, hi) = R."""
    a, b = 0.0, 1e9
    for _ in range(200):
        m = (a + b) / 2
        if np.clip(m * w, lo, hi).sum() < R:
            a = m
        else:
            b = m
    return np.clip(b * w, lo, hi)


def test_lp_matches_water_filling_on_random_cases():
    rng = np.random.default_rng(7)
    lines, expected = [], []
    W = rng.uniform(0.01, 1, (200, 12))
    W /= W.sum(axis=1, keepdims=True)
    R = rng.uniform(10, 1000, 200)
    LO = np.where(rng.random((200, 12)) < 0.3, rng.uniform(0, 0.15, (200, 12)) * R[:, None], 0.0)
    HI = np.where(rng.random((200, 12)) < 0.4, rng.uniform(0.02, 0.2, (200, 12)) * R[:, None], INF)
    HI = np.maximum(HI, LO)
    ok = (LO.sum(axis=1) <= R) & (HI.sum(axis=1) >= R)
    x = solve_lines(R[ok], W[ok], lo=LO[ok], hi=HI[ok])
    for k, i in enumerate(np.nonzero(ok)[0]):
        lines.append(x[k])
        expected.append(_water_fill(R[i], W[i], LO[i], HI[i]))
    assert len(lines) > 100
    np.testing.assert_allclose(np.array(lines), np.array(expected), rtol=1e-6, atol=1e-6)


def _random_lines(seed, L=200, n=12):
    rng = np.random.default_rng(seed)
    W = rng.uniform(0.01, 1, (L, n))
    W[rng.random((L, n)) < 0.05] = 0.0  # allies without a weight: they pay their minimum
    R = rng.uniform(10, 1000, L)
    LO = np.where(rng.random((L, n)) < 0.3, rng.uniform(0, 0.15, (L, n)) * R[:, None], 0.0)
    HI = np.where(rng.random((L, n)) < 0.4, rng.uniform(0.02, 0.2, (L, n)) * R[:, None], INF)
    HI = np.maximum(HI, LO)
    pos_caps = np.where(W > 0, HI, LO).sum(axis=1)
    ok = (LO.sum(axis=1) <= R) & (pos_caps >= R)
    return R[ok], W[ok], LO[ok], HI[ok]


@pytest.mark.parametrize("seed", [7, 11])
def test_water_filling_equals_the_lp_where_it_applies(seed):
    R, W, LO, HI = _random_lines(seed)
    assert len(R) > 100
    water = solve_lines(R, W, lo=LO, hi=HI, method="water")
    lp = solve_lines(R, W, lo=LO, hi=HI, method="lp")
    np.testing.assert_allclose(water, lp, rtol=1e-7, atol=1e-7 * R.max())
    # both bind the same bounds: caps and minimums held where the LP holds them
    assert ((np.abs(water - HI) < 1e-6) == (np.abs(lp - HI) < 1e-6)).mean() > 0.999
    assert solve_lines(R, W, lo=LO, hi=HI) == pytest.approx(water)  # auto takes water filling here


def test_water_filling_on_the_real_2026_weights_equals_the_lp():
    inp = burden_inputs(2026)
    a_lp = apportion("brigades", principle="gdp", cap=1.2, minimum=0.5, year=2026)
    w = principle_weights("gdp", 2026)
    codes = list(w)
    spend = np.array([inp.spend.get(c, 0.0) for c in codes])
    effort = spend / spend.sum()
    R = np.array([45.0])
    x_lp = solve_lines(R, np.array([w[c] for c in codes]), lo=0.5 * effort * 45, hi=1.2 * effort * 45, method="lp")
    x_w = solve_lines(R, np.array([w[c] for c in codes]), lo=0.5 * effort * 45, hi=1.2 * effort * 45, method="water")
    np.testing.assert_allclose(x_w, x_lp, rtol=1e-9, atol=1e-9)
    # Spain is capped at 1.2x its share of core spending in both, and the public result agrees
    i = codes.index("ESP")
    assert x_w[0, i] == pytest.approx(1.2 * effort[i] * 45)
    assert a_lp.allocation("ESP") == pytest.approx(float(x_w[0, i]))


def test_lp_still_runs_where_water_filling_cannot():
    # B has no weight, so the programme holds it at its minimum 2; A's cap 5 cannot carry the other 8:
    # water filling has no level that reaches 10, and the LP (called by auto) reports the programme infeasible
    args = (np.array([10.0]), np.array([1.0, 0.0]))
    bounds = {"lo": np.array([0.0, 2.0]), "hi": np.array([5.0, 20.0])}
    with pytest.raises(InfeasibleError, match="HiGHS"):
        solve_lines(*args, **bounds)
    with pytest.raises(InfeasibleError, match="water filling cannot reach"):
        solve_lines(*args, **bounds, method="water")
    # and a mix: the solvable line is water-filled, the other line goes to the LP and raises
    with pytest.raises(InfeasibleError, match="HiGHS"):
        solve_lines(np.array([10.0, 4.0]), np.array([1.0, 0.0]), lo=np.array([[0.0, 2.0], [0.0, 2.0]]),
                    hi=np.array([[5.0, 20.0], [5.0, 20.0]]))
    x = solve_lines(np.array([4.0]), np.array([1.0, 0.0]), **bounds)
    assert x[0] == pytest.approx([2.0, 2.0])


def test_unknown_method_is_an_error():
    with pytest.raises(HagueError, match="accepted: auto, lp, water"):
        solve_lines(np.array([1.0]), np.array([1.0]), lo=np.zeros(1), hi=np.full(1, INF), method="simplex")
