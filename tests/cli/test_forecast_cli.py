"""``hague backtest`` and the forecast options of ``hague simulate`` from the command line."""

from __future__ import annotations

import csv
import io
import json

import pytest

from hague.cli import main


def run(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_backtest_json_one_row_per_origin_horizon_nominal(capsys, tmp_path):
    png = tmp_path / "coverage.png"
    rc, out, err = run(capsys, "backtest", "--draws", "2048", "--origins", "2019-2020", "--format", "json",
                       "--chart", str(png))
    assert rc == 0 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    doc = json.loads(out)
    rows = doc["rows"]
    keyed = {(r["origin"], r["horizon"], r["nominal"]): r for r in rows}
    # origin 2019 forecasts 2020-2026 for 31 allies (2025 and 2026 are NATO estimates, pooled and flagged);
    # 2020 forecasts 2021-2026
    assert keyed[(2019, 5, 0.9)]["n"] == 31 and keyed[(2019, 7, 0.9)]["outcomes"] == "estimates"
    assert (2020, 7, 0.9) not in keyed and keyed[(2019, 1, 0.9)]["data"] == "revised (nato-2026)"
    pooled = keyed[("all", "all", 0.9)]
    assert pooled["n"] == 31 * 7 + 31 * 6 and pooled["n_estimates"] == 31 * 2 * 2
    assert set(pooled) >= {"origin", "horizon", "nominal", "coverage", "n", "outcomes", "data"}
    from hague.models.montecarlo.backtest import backtest

    model = backtest(draws=2048, origins=[2019, 2020])
    assert pooled["coverage"] == round(model.coverage(0.9)[0], 3)  # one figure, one value
    assert doc["meta"]["origins"] == [2019, 2020] and doc["meta"]["by_kind"]["estimates"]["coverage"][-1]["n"] == 124
    assert [b["count"] for b in doc["meta"]["pit"]] == [b["count"] for b in model.pit_histogram()]


def test_backtest_table_pools_every_outcome_and_names_the_start_data(capsys):
    rc, out, _ = run(capsys, "backtest", "--draws", "2048", "--origins", "2023-2024", "--detail")
    assert rc == 0 and "Backtest coverage" in out and "CRPS / no change" in out
    text = " ".join(out.split())  # the notes wrap at the terminal width
    assert "Every outcome is pooled: 124 of 155 are the source's estimates" in text and "PIT histogram" in text
    assert "origins 2024 as published, the others revised" in text


def test_backtest_vintages_one_row_per_release(capsys):
    rc, out, _ = run(capsys, "backtest", "--vintages", "--draws", "2048", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.split("\n#")[0])))
    assert rc == 0 and [r["release"] for r in rows] == ["nato-2024-table3", "nato-2025-secondary", "all"]
    assert rows[0]["n"] == "62" and rows[0]["origin"] == "2024" and rows[0]["outcomes"] == "2025-2026"
    rc, _, err = run(capsys, "backtest", "--vintages", "--origins", "2020")
    assert rc == 2 and "--vintages scores each release" in err


@pytest.mark.parametrize("argv,msg", [
    (["backtest", "--origins", "2012"], "origin 2012: too little history in nato-2026"),
    (["backtest", "--history", "nato-2025-press"], "no year with 4 years of history"),
    (["backtest", "--history", "sipri-1999"], "sipri-1999"),
    (["simulate", "--scenario", "plan"], "unknown scenario 'plan'; accepted: plans, trend, target"),
    (["simulate", "--scenario", "target", "--target", "25"], "target 25.0% of GDP is outside 0-20% of GDP"),
])
def test_errors_are_one_line_exit_2(capsys, argv, msg):
    rc, out, err = run(capsys, *argv)
    assert rc == 2 and out == "" and msg in err and len(err.strip().splitlines()) == 1


def test_simulate_plan_file_missing_and_duplicate_years(capsys, tmp_path):
    from tests.conftest import plan_csv

    good = tmp_path / "deu.csv"
    good.write_text(plan_csv("DEU", core0=2.9, step=0.2))
    rc, out, _ = run(capsys, "simulate", "--draws", "2048", "--ally", "DEU", "--plan", str(good), "--format", "json")
    doc = json.loads(out)
    row = doc["rows"][0]
    assert rc == 0 and row["basis"] == "plan file" and row["central_2029"] == 3.5  # 2.9 + 3 x 0.2 capped at 3.5
    gap = tmp_path / "gap.csv"
    gap.write_text("\n".join(line for line in plan_csv("DEU").splitlines() if not line.startswith("DEU,2028")))
    rc, out, err = run(capsys, "simulate", "--ally", "DEU", "--plan", str(gap))
    assert rc == 2 and out == "" and "gap.csv" in err and "2028" in err and len(err.strip().splitlines()) == 1
    dup = tmp_path / "dup.csv"
    dup.write_text(plan_csv("DEU") + "DEU,2030,3.0,1.0\n")
    rc, out, err = run(capsys, "simulate", "--ally", "DEU", "--plan", str(dup))
    assert rc == 2 and "dup.csv" in err and "row 12" in err and "2030" in err
    high = tmp_path / "high.csv"
    high.write_text("\n".join("DEU,2030,25,1.0" if line.startswith("DEU,2030,") else line
                               for line in plan_csv("DEU").splitlines()))
    rc, out, err = run(capsys, "simulate", "--ally", "DEU", "--plan", str(high))
    assert rc == 2 and "high.csv row 6, column core_share_gdp, year 2030" in err and "0-20% of GDP" in err
    rc, out, err = run(capsys, "simulate", "--plan", str(good))
    assert rc == 2 and "belongs to one ally" in err


def test_simulate_from_an_older_edition_and_calibration_for_one_ally(capsys):
    rc, out, _ = run(capsys, "simulate", "--draws", "2048", "--edition", "nato-2025-secondary", "--ally", "DEU",
                     "--format", "json")
    doc = json.loads(out)
    assert rc == 0 and doc["meta"]["origin"] == 2024 and "from 2024" in doc["meta"]["title"]
    assert doc["rows"][0]["share_last"] == 2.0  # 2.0037 in the 2025 edition, shown to 2 decimals
    rc, out, _ = run(capsys, "simulate", "--calibration", "--ally", "DEU,POL", "--format", "json")
    doc = json.loads(out)
    from hague.models.montecarlo import calibrate

    c = calibrate()
    assert [r["ally"] for r in doc["rows"]] == ["DEU", "POL"]
    i = c.allies.index("POL")
    assert doc["rows"][1]["sigma_exec_5y"] == pytest.approx(c.execution.ally_sigma(i, 5), abs=1e-3)


def test_backtest_pledges(capsys):
    rc, out, _ = run(capsys, "backtest", "--pledges", "--format", "json")
    rows = {r["method"]: r for r in json.loads(out)["rows"]}
    assert rc == 0 and rows["leave one pledge out"]["n"] == 65 and rows["by origin"]["n"] == 12
    assert rows["leave one pledge out"]["cov_80"] == 0.71


def test_simulate_says_beyond_the_scored_horizon(capsys):
    rc, out, _ = run(capsys, "simulate", "--ally", "POL", "--draws", "2048", "--edition", "nato-2025-secondary",
                     "--fans", "--format", "csv")
    rows = [r for r in csv.DictReader(io.StringIO(out.split("\n#")[0])) if r["kind"] == "% GDP"]
    assert rc == 0 and {r["year"]: r["horizon"] for r in rows}["2031"] == "scored"
    assert {r["year"]: r["horizon"] for r in rows}["2032"] == "beyond the scored horizon"
    rc, out, _ = run(capsys, "simulate", "--ally", "POL", "--draws", "2048", "--edition", "nato-2025-secondary",
                     "--format", "json")
    doc = json.loads(out)
    # from 2024, 2029 (5 years) is scored and 2035 (11 years) is not
    assert doc["rows"][0]["ally"] == "POL" and doc["rows"][0]["horizon"] == "2035: beyond the scored horizon"
    assert "Scored horizon: the backtest on nato-2025-secondary scores forecasts up to 7 years ahead" in \
        doc["meta"]["source"]
