"""What-if toggles (each re-runs the same models; the baseline and the what-if share their random numbers) and the
sensitivity of the forecast (one at a time; variance-based on a local Dask cluster)."""

from __future__ import annotations

import math
import re

import pytest

from hague.errors import HagueError
from hague.models.sensitivity import full_sensitivity, tornado
from hague.models.whatif import Scenario, evaluate, recession_growth, whatif_result


@pytest.fixture(scope="module")
def deu():
    return evaluate("DEU", draws=4096, seed=3)


def _alt(base, **toggles):
    return evaluate("DEU", Scenario.parse(toggles), draws=4096, seed=3, base=base.sim)


def test_recession_like_2009_raises_germanys_share_a_denominator_effect(deu):
    # IMF WEO April 2020: Germany's real GDP fell 5.694% in 2009; Germany's central path holds budgets fixed in euros
    assert recession_growth("DEU") == -5.694 and recession_growth("USA") == -2.537
    alt = _alt(deu, recession="2009")
    b, w = deu.figures, alt.figures
    assert w["central_2029"] > b["central_2029"] + 0.2 and w["p_2029"] > b["p_2029"]
    assert w["spend_2035_nc"] < b["spend_2035_nc"]  # the money does not rise: GDP fell
    assert w["share_last"] == b["share_last"] == 2.69  # history does not move
    assert any("denominator effect" in n for n in alt.notes)
    r = whatif_result(deu, alt)
    row = r.row(key="central_2029")
    assert row["change"] == pytest.approx(w["central_2029"] - b["central_2029"])
    assert "imf-weo-2020-04" in [s.dataset for s in r.provenance.sources]


def test_recession_on_a_share_path_moves_the_money_not_the_share():
    pol = evaluate("POL", draws=4096, seed=3)  # Poland: a damped trend on its share, no budget fixed in money
    alt = evaluate("POL", Scenario(recession=2009), draws=4096, seed=3, base=pol.sim)
    assert alt.figures["p_2029"] == pol.figures["p_2029"] and alt.figures["central_2029"] == pol.figures[
        "central_2029"]
    assert alt.figures["spend_2035_nc"] < pol.figures["spend_2035_nc"]


def test_related_cap_weo_and_cost_growth(deu):
    cap = _alt(deu, related_cap="1.0")
    assert cap.figures == deu.figures  # no related figure counts for Germany in 2026: the cap changes nothing
    weo = _alt(deu, weo="2025-04")
    assert weo.sim.economics == "imf-weo-2025-04" and weo.figures["spend_2035_usd"] != deu.figures["spend_2035_usd"]
    cost = _alt(deu, cost_growth="2")
    h = 2035 - 2026
    assert cost.figures["spend_2035_real"] == pytest.approx(deu.figures["spend_2035_real"] * math.exp(-0.02 * h))
    assert cost.figures["share_same_volume_2035"] == pytest.approx(deu.figures["median_2035"] * math.exp(0.02 * h))
    assert cost.figures["p_2035"] == deu.figures["p_2035"]  # prices change what money buys, not the share


def test_without_ukraine_aid_reads_kiel_and_lowers_the_share(deu, delivery_data):
    from hague.models.kiel import military_aid

    aid = military_aid("DEU")  # Kiel release 29: Germany's military allocations in 2025, EUR 9.01 bn
    assert aid["year"] == 2025 and round(aid["eur_bn"], 2) == 9.01
    alt = _alt(deu, without_ukraine_aid=True)
    assert alt.figures["share_last"] == pytest.approx(2.69 - aid["share_gdp"])
    # Kiel's own share of GDP (EUR 9.01 bn over Germany's GDP as the tracker states it, EUR 3,601.75 bn): 0.25%
    assert round(aid["share_gdp"], 2) == 0.25 and alt.figures["p_2035"] < deu.figures["p_2035"]
    assert any(s.dataset.startswith("kiel-ust") for s in alt.sources)


def test_without_ukraine_aid_and_no_kiel_release_is_one_line(deu):
    with pytest.raises(HagueError, match="hague data import kiel"):
        _alt(deu, without_ukraine_aid=True)


def test_toggles_combine_and_bad_values_are_one_line_errors(deu):
    s = Scenario.parse({"recession": 2009, "cost_growth": "historical", "related_cap": 1.2})
    assert s.label == "related cap 1.2%, recession like 2009, defence cost growth at the historical rate"
    both = evaluate("DEU", s, draws=4096, seed=3, base=deu.sim)
    assert both.figures["central_2029"] == _alt(deu, recession="2009").figures["central_2029"]
    for values, msg in (({"recession": "1929"}, "--recession accepts 2009"),
                        ({"related_cap": "9"}, "--related-cap must be a share of GDP in percent (0-5)"),
                        ({"cost_growth": "fast"}, "--cost-growth accepts 'historical' or a rate"),
                        ({"weo": "2019-10"}, "--weo 2019-10: no IMF WEO vintage"),
                        ({"gdp": 1}, "unknown what-if 'gdp'")):
        with pytest.raises(HagueError, match=re.escape(msg)):
            Scenario.parse(values)


def test_tornado_delivery_record_drives_germanys_2035_probability(deu):
    t = tornado(deu.sim, "DEU")
    rows = {r["factor"]: r for r in t.rows}
    assert set(rows) == {"delivery record", "GDP growth", "exchange rate", "defence prices"}
    # the exchange rate moves dollars only, defence prices the 2021-price money only: never the probability
    for f in ("exchange rate", "defence prices"):
        assert rows[f]["p_2035_low"] == rows[f]["p_2035_high"] == deu.figures["p_2035"]
    assert rows["exchange rate"]["usd_2035_low"] < rows["exchange rate"]["usd_2035_high"]
    assert rows["defence prices"]["real_2035_low"] < rows["defence prices"]["real_2035_high"]
    # GDP growth moves Germany's share (budgets fixed in euros): a smaller GDP, a larger share
    assert rows["GDP growth"]["p_2029_low"] > rows["GDP growth"]["p_2029_high"]
    assert t.chart(2035).bars[0]["label"] in ("delivery record", "GDP growth")
    assert t.result.rows[0]["factor"] == "baseline"


def test_full_variance_based_sensitivity_on_a_local_dask_cluster(deu):
    pytest.importorskip("distributed")
    s = full_sensitivity(deu.sim, "DEU", n=8, draws=2048, scheduler="local")
    assert s["runs"] == 8 * 6 and s["backend"] == "dask local"
    idx = s["outputs"]["p_2029"]["indices"]
    assert idx["exchange rate"][1] == 0.0 and idx["defence prices"][1] == 0.0  # no effect on the share: total 0
    assert idx["delivery record"][1] > 0.05 and idx["GDP growth"][1] > 0.05  # Germany: euros fixed to 2029
    # Germany's central path ends at its 3.5% plan in 2035 (read on the record of past delivery: 3.49%), the
    # median at the line: P(2035) barely moves, its variance is a thousandth of P(2029)'s
    assert s["outputs"]["p_2035"]["variance"] < 0.001 * s["outputs"]["p_2029"]["variance"]
    usd = s["outputs"]["usd_2035"]["indices"]
    assert usd["exchange rate"][1] > 0.05 and usd["defence prices"][1] == 0.0
    # the same points in this process give the same indices (the back end never changes the numbers)
    local = full_sensitivity(deu.sim, "DEU", n=8, draws=2048)
    assert local["outputs"] == s["outputs"]
