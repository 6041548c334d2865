"""Every public table function returns a Result with real figures, numeric dtypes, provenance naming the edition
(or catalog) and per-column origin; the CLI renders exactly that Result."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import hague
from hague.cli import cli
from hague.render import render_csv
from hague.results import COMPUTED, SOURCE, Result


def _run(*argv: str) -> str:
    r = CliRunner().invoke(cli, list(argv), env={"COLUMNS": "100"})
    assert r.exit_code == 0, r.output
    return r.stdout


def _datasets(r: Result) -> list[str]:
    return [s.dataset for s in r.provenance.sources]


def test_check_result_deu_2026():
    r = hague.check_result(2026, commitment="hague-2025.core")
    deu = r.row(code="DEU", kind="ally")
    # NATO 2026 Table 3 (estimate): Germany 2.69% of GDP; 0.81 pp short of 3.5; pace 2023-2026 reaches it in 2029
    assert (deu["value"], round(deu["gap_pp"], 2), deu["pace"], deu["year_reached"]) == (2.69, 0.81, "on track", 2029)
    assert deu["status"] == "as likely as not" and r.column("status").priority == 0  # kept at 80 columns
    assert r.row(code="NATO", kind="aggregate")["rule"] == "hague-2025.core"
    assert r.provenance.edition == "2026-07" and _datasets(r)[0] == "nato-2026"
    assert r.column("value").origin == SOURCE
    gap = r.column("gap_pp")
    assert gap.origin == COMPUTED and "value" in gap.inputs
    assert r.provenance.to_dict()["columns"]["gap_usd_m"]["origin"] == COMPUTED
    df = r.frame()
    assert str(df["value"].dtype) == "float64" and str(df["gap_usd_m"].dtype) == "float64"
    assert set(df["kind"]) == {"ally", "aggregate"}
    # the public DataFrame is the same Result's frame (plus label/unit/year/source), so the old callers keep working
    c = hague.check(2026, commitment="hague-2025.core").set_index("code")
    assert float(c.loc["DEU", "gap_pp"]) == deu["gap_pp"] and "label" in c.columns
    # status filter and edition by NATO year
    off = hague.check_result(2026, commitment="hague-2025.core", status="as likely as not", edition="2026")
    assert off.rows and {x["status"] for x in off.rows} == {"as likely as not"}


def test_check_cli_renders_the_result():
    csv = _run("check", "--year", "2026", "--commitment", "hague-2025.core", "--format", "csv")
    assert csv == render_csv(hague.check_result(2026, commitment="hague-2025.core"))
    doc = json.loads(_run("check", "--ally", "DEU", "--commitment", "hague-2025.core", "--format", "json"))
    assert doc["provenance"]["sources"][0]["edition"] == "2026-07"
    assert doc["provenance"]["columns"]["gap_pp"]["origin"] == COMPUTED


def test_path_results():
    r = hague.path_result("DEU")
    y = r.row(year=2035)
    assert (y["share_gdp"], round(y["budget_usd_2021"])) == (3.5, 169465)  # as `hague path DEU`
    assert _datasets(r) == ["nato-2026", "imf-weo-2025-10"]
    assert r.column("budget_usd_2021").origin == COMPUTED and r.meta["currency"] == "EUR"
    assert hague.path("DEU").result().rows == r.rows
    assert str(r.frame()["budget_usd"].dtype) == "float64"
    a = hague.path_all_result()
    assert a.row(code="DEU", kind="ally")["share_gdp"] == 3.5
    usa = a.row(code="USA", kind="aggregate", year=2035)
    assert round(usa["share_gdp"], 2) == 3.5
    assert _run("path", "--all", "--format", "csv") == render_csv(a)


def test_simulate_result_is_the_model():
    from hague.models.montecarlo import simulate

    sim = simulate(draws=2048, seed=5, allies=["LTU"])
    r = sim.result()
    ltu = r.row(ally="LTU")
    assert ltu["p_2029"] == sim.probability("LTU", 2029) > 0.9  # Lithuania: 5.33% in 2026e, 5-6% stated
    assert r.column("p_2029").origin == COMPUTED and "nato-2026" in _datasets(r)
    fans = sim.result("fans")
    assert fans.row(ally="LTU", year=2035, kind="% GDP")["p50"] == sim.fan("LTU")[2035][50]
    with pytest.raises(hague.HagueError, match="accepted: probability, fans, national"):
        sim.result("pie")
    assert hague.simulate_result(draws=2048, seed=5, allies=["LTU"]).rows == r.rows


def test_burden_results():
    r = hague.burden_result(2026)
    assert round(r.row(code="USA", kind="ally")["spend_share"], 2) == 57.07
    assert [x["code"] for x in r.rows if x["kind"] == "aggregate"] == ["USA", "EUCA", "NATO"]
    assert r.provenance.edition == "2026-07" and r.column("spend_share").origin == COMPUTED
    assert str(r.frame()["spend_share"].dtype) == "float64"
    t = hague.burden_trend_result()
    first = t.row(year=2014)
    assert (first["members"], first["nato_spend_usd_bn"]) == (28, 943.257)
    assert round(first["usa_spend_share"], 1) == 69.3
    assert _run("burden", "--year", "2026", "--format", "csv") == render_csv(r)


def test_targets_apportion_results():
    t = hague.targets_result()
    assert t.row(id="f-35")["confidence"].startswith("low")
    assert _datasets(t) == ["catalog:targets"] and "public sources" in t.provenance.sources[0].attribution
    a = hague.apportion_result("brigades", year=2026)
    assert round(a.row(code="POL")["allocated"], 2) == 0.81
    assert a.column("allocated").origin == COMPUTED and a.provenance.edition == "2026-07"
    assert _run("targets", "apportion", "brigades", "--year", "2026", "--format", "csv") == render_csv(a)
    cmp = hague.compare_principles_result("brigades", year=2026)
    assert cmp.row(code="POL")["effort_share"] > 0


def test_buys_costs_results():
    from hague.models.capability import what_money_buys

    b = hague.what_money_buys_result("DEU")
    model = what_money_buys("DEU")
    assert b.meta["budget"] == model.budget and b.rows[0]["quantity"] == model.rows[0]["quantity"]
    assert b.column("quantity").origin == COMPUTED
    assert _datasets(b) == ["nato-2026", "catalog:unit_costs"]
    c = hague.unit_costs_result()
    shell = c.row(id="shell-155mm")
    assert (shell["price"], shell["currency"]) == (0.0044, "EUR")  # EUR 4,400 a round, as published
    assert c.column("price").origin == SOURCE and _datasets(c) == ["catalog:unit_costs"]
    assert _run("costs", "--format", "csv") == render_csv(c)


def test_compare_results():
    e = hague.compare_result("ammunition")
    assert e.row(id="ru-shells-rusi-2023")["per_year"] == 2_500_000
    bal = hague.ammunition_balance_result()
    row = bal.row(russia="ru-shells-rusi-2023", nato="us-eu-2024")
    assert row["months_of_nato_output"] == 25.0  # 2.5m a year / 1.2m a year x 12
    assert bal.column("ratio").origin == COMPUTED and _datasets(bal) == ["catalog:adversary"]
    p = hague.parity_years_result()
    assert p.row(scenario="stalled")["runs"] == 18
    assert _run("compare", "--view", "parity", "--format", "csv") == render_csv(p)
    assert hague.parity_runs_result().rows


def test_editions_and_diff_results():
    ed = hague.editions_result()
    assert ed.row(id="nato-2026")["edition"] == "2026-07"
    d = hague.diff_editions_result("NATO-2025", "NATO-2026", ally="POL", year=2025)
    row = d.row(indicator="core_defence_expenditure_share_gdp")
    assert (row["old"], row["new"], round(row["change"], 2)) == (4.48, 4.25, -0.23)
    assert "nato-2026" in _datasets(d) and d.column("change").origin == COMPUTED
    assert _run("data", "diff", "NATO-2025", "NATO-2026", "--ally", "POL", "--year", "2025", "--format", "csv") \
        == render_csv(d)


def test_gdp_convert_rules_results():
    g = hague.gdp_result("DEU")
    assert g.row(year=2026)["gdp_usd_2021"] == 4422594.0  # NATO 2026 Table 5, USD million at 2021 prices
    assert _datasets(g) == ["nato-2026", "imf-weo-2025-10"] and g.column("gdp_usd").origin == COMPUTED
    m = hague.Money(124660, "EUR", "current", year=2026, ally="DEU")
    c = hague.convert_result(m, "USD", "constant_2021")
    assert round(c.rows[1]["amount"]) == 119159  # NATO 2026 Table 2: Germany USD 119,159 m at 2021 prices
    r = hague.rules_result()
    assert r.row(key="hague-2025.core")["value"] == 3.5 and _datasets(r) == ["rules"]
    assert _run("rules", "--format", "csv") == render_csv(r)


def test_backtest_results():
    from hague.models.montecarlo.backtest import backtest

    bt = backtest(draws=512, origins=[2019, 2020])
    skill = hague.backtest_result("skill", draws=512, origins=[2019, 2020])
    h1 = skill.row(horizon=1)
    assert h1["n"] == 62  # 31 allies with armed forces x 2 origins, one year ahead
    assert h1["crps"] == next(x for x in bt.skill_rows() if x["horizon"] == 1)["crps"]
    assert skill.provenance.dataset == "nato-2026" and skill.column("crps").origin == COMPUTED
    cov = hague.backtest_result(draws=512, origins=[2019, 2020])
    assert cov.provenance.edition == "2026-07" and cov.rows == bt.result(detail=False).rows


def test_check_outlook_stays_visible_at_80_columns():
    from hague.render import render_table

    text = render_table(hague.check_result(2026, commitment="hague-2025.core", ally=["ESP", "CAN"]), width=80)
    lines = text.splitlines()
    assert "Outlook" in lines[1] + lines[2] and all(len(x) <= 80 for x in lines)
    # Spain and Canada: P 0.494 and 0.498, no longer "on track" beside P 0.12 / 0.10
    assert [x.split()[0] for x in lines if "as likely as not" in x][:2] == ["ESP", "CAN"]
