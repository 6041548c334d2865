"""Backtest: rolling origins on NATO (and SIPRI) history, recalibration without leakage, coverage and skill."""

from __future__ import annotations

import numpy as np
import pytest

from hague.errors import HagueError
from hague.models.montecarlo.backtest import backtest, origins_of
from hague.models.montecarlo.calibration import calibrate_execution
from hague.models.montecarlo.history import share_history


@pytest.fixture(scope="module")
def nato():
    return backtest(draws=2048, seed=20250625)


def test_origins_outcomes_and_the_coverage_goals(nato):
    # NATO 2026 edition: shares 2014-2026, 2025 and 2026 NATO estimates; origins need 4 years and an outcome
    assert nato.origins == tuple(range(2017, 2026))
    # actual outcomes: 31 allies x (7 + 6 + ... + 1) origin-years up to 2024; estimates: 31 x 17 (2025, 2026)
    assert nato.coverage(0.9)[1] == 868 and nato.coverage(0.9, estimate=True)[1] == 527
    c50, c80, c90 = (nato.coverage(x)[0] for x in (0.5, 0.8, 0.9))
    assert 0.40 <= c50 <= 0.60 and 0.70 <= c80 <= 0.90 and c90 >= 0.85  # the goals of issue 10
    assert c50 < c80 < c90
    skill = next(r for r in nato.skill_rows() if r["horizon"] == "all")
    assert skill["crps"] < skill["mae_nochange"]  # the forecast distribution beats no change
    assert skill["mae_central"] <= skill["mae_nochange"] < skill["mae_trend"]  # damped trend vs the plain trend
    assert sum(b["count"] for b in nato.pit_histogram()) == 868


def test_no_leakage_data_or_plans(nato):
    h = share_history("nato-2026")
    # the calibration at an origin sees nothing after it: doubling every later share changes nothing
    changed = {a: {y: v * (2 if y > 2019 else 1) for y, v in s.items()} for a, s in h.shares.items()}
    a = calibrate_execution(h.truncated(2019), 2019, estimates=h.estimates)
    b = calibrate_execution(changed, 2019, estimates=h.estimates)
    assert (a.a, a.b, a.years, a.n_by_h) == (b.a, b.b, b.years, b.n_by_h) and a.pseudo_origins == (2016, 2018)
    # Germany's plans were published in 2025: trend from the 2024 origin, plans from the 2025 origin
    basis = {s.origin: s.basis for s in nato.scores if s.ally == "DEU" and s.horizon == 1}
    assert basis[2024] == "trend" and basis[2025] == "plans"


def test_json_rows_per_origin_horizon_nominal(nato):
    rows = nato.coverage_rows()
    assert {"origin", "horizon", "nominal", "coverage", "n"} <= set(rows[0])
    pooled = [r for r in rows if r["origin"] == "all" and r["horizon"] == "all"]
    assert [r["nominal"] for r in pooled] == [0.5, 0.8, 0.9] and pooled[0]["n"] == 868
    first = [r for r in rows if r["origin"] == 2017 and r["horizon"] == 1]
    assert len(first) == 3 and first[0]["n"] == 31
    # the 2017 origin forecasts 2018-2024 (actual): 7 horizons x 3 nominal levels
    assert len([r for r in rows if r["origin"] == 2017]) == 21


def test_too_little_history_is_one_clear_error():
    with pytest.raises(HagueError, match=r"origin 2015: too little history in nato-2026 .*valid origins 2017-2025"):
        backtest(draws=10, origins=[2015])
    with pytest.raises(HagueError, match="no year with 4 years of history"):
        backtest(draws=10, history="nato-2025-press")
    assert origins_of(share_history("nato-2026"))[0] == 2017


def test_same_seed_same_scores_on_processes():
    a = backtest(draws=2048, origins=[2019, 2020])
    b = backtest(draws=2048, origins=[2019, 2020], workers=2)  # one pool; each origin a task
    assert [s.pit for s in a.scores] == [s.pit for s in b.scores]
    assert a.scores == b.scores and [s.origin for s in b.scores][0] == 2019
    assert np.isclose(a.coverage(0.8)[0], b.coverage(0.8)[0])


def test_sipri_history_gives_decades_of_origins(tmp_path, monkeypatch):
    """The real SIPRI workbook (shared/data/official/sipri), imported as a user would, 1949-2024."""
    from tests.conftest import shared_path as shared_file

    from hague.sources.store import import_file

    wb = shared_file("data", "official", "sipri", "SIPRI-Milex-data-1949-2024_2.xlsx")
    monkeypatch.setenv("HAGUE_DATA_DIR", str(tmp_path))
    import_file("sipri", wb)
    h = share_history("sipri-2025")
    assert h.first == 1949 and h.last == 2024 and h.shares["USA"][1990] == pytest.approx(5.6, abs=0.1)
    r = backtest(history="sipri-2025", draws=2048, origins=[1990, 1991, 1992])
    assert r.origins == (1990, 1991, 1992) and r.calibrations[1990].years == 39  # outcome years 1952-1990
    c, n = r.coverage(0.9)
    assert n == 541 and 0.6 < c < 0.85  # the end of the Cold War: cuts larger than the history before them
    assert len(origins_of(h)) == 72


def test_share_only_kernel_counts_the_same_shares():
    """The backtest's kernel counts the share only (no money, no alliance totals): the same share counts, bit
    for bit, as the full kernel on the same inputs (Germany: 1.32% in 2019, NATO 2026 edition; 2020 from that origin)."""
    import dataclasses

    from hague.models.montecarlo.backtest import _prepare
    from hague.models.montecarlo.kernel import run_chunk

    hist = share_history("nato-2026")
    prep = _prepare(hist, "nato-2026", 2019, draws=5000, seed=3)
    fast = run_chunk(prep.params, 0, 3)
    full = run_chunk(dataclasses.replace(prep.params, shares_only=False), 0, 3)
    assert prep.params.shares_only and fast.draws == full.draws == 5000
    assert np.array_equal(fast.share_hist, full.share_hist) and fast.m21_hist.sum() == 0 < full.m21_hist.sum()
    deu = prep.allies.index("DEU")
    assert fast.share_hist[0, deu].sum() == 5000  # every draw counted for 2020
    assert prep.trunc["DEU"][2019] == 1.32 and prep.sstar[0, deu] == pytest.approx(1.328, abs=0.001)  # damped trend
