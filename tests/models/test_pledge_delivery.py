"""Pledge delivery: the record of 2014-2024, the model, and its backtest on the historical pledges."""

from __future__ import annotations

import pytest

from hague.models.pledge_delivery import delivery_cases, delivery_model, pledge_backtest, pledge_delivery_result


def _case(pid):
    return next(c for c in delivery_cases() if c.pledge.id == pid)


def test_delivery_fraction_of_named_pledges():
    rou = _case("ROU-2022-floor2.5-2023")  # 1.86% in 2021, pledged 2.5% for 2023, NATO: 1.61%
    assert (rou.origin, rou.s0, rou.target, rou.realised) == (2021, 1.86, 2.5, 1.61)
    assert rou.fraction == pytest.approx((1.61 - 1.86) / (2.5 - 1.86))
    deu = _case("NATO-2014-wales-2pct-2024.DEU")  # 1.16% in 2014, 2.00% in 2024: the gap closed exactly
    assert deu.fraction == pytest.approx(1.0) and deu.kind == "alliance-wide" and deu.distance == "far"
    esp = _case("NATO-2014-wales-2pct-2024.ESP")  # 0.92% -> 1.42%: under half the gap
    assert esp.fraction == pytest.approx(0.5 / 1.08)


def test_only_pledges_whose_deadline_had_passed_at_the_origin():
    m = delivery_model(2020)
    assert all(c.deadline <= 2020 for c in m.cases) and m.n() == 8
    assert delivery_model().n() == 65  # every scored case in the NATO 2026 edition
    # an origin before any deadline has no record to estimate from
    with pytest.raises(ValueError, match="no delivery record"):
        delivery_model(2015).fractions("political target", 1.0)


def test_record_by_kind_and_distance():
    r = pledge_delivery_result()
    wales = r.row(group="alliance-wide, far")
    assert wales["n"] == 20 and wales["d50"] == pytest.approx(0.99, abs=0.01)
    assert r.row(group="every kind and distance")["n"] == 65


def test_backtest_leave_one_pledge_out_and_by_origin():
    loo = pledge_backtest("leave one pledge out")
    assert loo.n == 65 and 0.70 <= loo.coverage(0.8) <= 0.90  # 0.708: the goal's range
    assert loo.mae("pledge") == pytest.approx(0.21, abs=0.005)  # "the pledge met exactly" is hard to beat
    org = pledge_backtest("by origin")  # only what a forecaster knew: 12 pledges had 10 passed deadlines before
    assert org.n == 12 and all(s.n_train >= 10 for s in org.scores)
    for s in org.scores:
        assert s.case.origin >= 2021  # the first origin with ten passed deadlines
