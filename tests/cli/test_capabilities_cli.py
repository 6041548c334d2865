"""The burden, targets, buys, costs and compare commands: output, exports and one-line errors."""

from __future__ import annotations

import json

import pytest

from hague.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_burden_table_and_json(capsys, tmp_path):
    code, out, _ = run(capsys, "burden", "--year", "2026")
    assert code == 0 and "Burden sharing, 2026 (estimate)" in out
    assert "57.07" in out  # US share of alliance core spending, 2026
    assert "HHI of spending shares 3,428" in out and "69.3% -> 57.1%" in out
    p = tmp_path / "b.json"
    code, _, err = run(capsys, "burden", "--format", "json", "--output", str(p))
    doc = json.loads(p.read_text())
    usa = next(r for r in doc["rows"] if r["code"] == "USA")
    assert round(usa["spend_share"], 2) == 57.07
    isl = next(r for r in doc["rows"] if r["code"] == "ISL")
    assert isl["spend_share"] is None


def test_burden_trend(capsys):
    code, out, _ = run(capsys, "burden", "--trend", "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("year,")
    assert any(line.startswith("2014,28,") for line in out.splitlines())


def test_targets_list_and_apportion(capsys):
    code, out, _ = run(capsys, "targets", "--wide")
    assert code == 0 and "air-missile-defence" in out and "+400%" in out
    assert "say so" not in out and "Low confidence (f-35): the figure is not in an official text." in " ".join(out.split())
    code, out, _ = run(capsys, "targets", "apportion", "air-missile-defence", "--principle", "gdp", "--cap", "2.0")
    assert code == 0 and "54 Patriot or SAMP/T fire units apportioned by gdp" in out and "DEU" in out
    code, out, _ = run(capsys, "targets", "apportion", "brigades", "--compare", "--format", "csv")
    assert code == 0 and out.splitlines()[0] == "code,name,effort_share,gdp,spending,population,ability"


@pytest.mark.parametrize("argv,message", [
    (["targets", "apportion", "brigadez"], "unknown target 'brigadez'; did you mean 'brigades'?"),
    (["targets", "apportion", "brigades", "--principle", "fair"], "unknown principle 'fair'"),
    (["targets", "apportion", "brigades", "--cap", "0.5"], "caps add up to 22.5 brigades, less than the requirement 45"),
    (["targets", "apportion", "brigades", "--min", "DEU=50"], "minimums add up to 50 brigades, more than the requirement"),
    (["buys", "--amount", "-10"], "--amount must be a non-negative number"),
    (["buys", "POL"], "Poland (POL) is at or above 3.5% in 2026"),
    (["buys", "DEU", "--split", "lasers=100"], "unknown area or system 'lasers'"),
    (["compare", "lasers"], "unknown comparison topic 'lasers'"),
    (["burden", "--year", "2050"], "year 2050 is not in nato-2026"),
])
def test_errors_are_one_line(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("hague: error: ") and message in err and err.count("\n") == 1


def test_buys_and_costs(capsys):
    code, out, _ = run(capsys, "buys", "DEU", "--split", "armour=50,ammunition=50", "--format", "json")
    doc = json.loads(out)
    assert [r["id"] for r in doc["rows"]] == ["leopard-2a8", "shell-155mm"]
    assert doc["meta"]["year"] == 2026
    code, out, _ = run(capsys, "costs")
    assert code == 0 and "leopard-2a8" in out and "Price year" in out


def test_compare(capsys):
    code, out, _ = run(capsys, "compare", "ammunition", "--wide")
    assert code == 0 and "Months of NATO output" in out and "Year of parity" in out and "21.77" in out
    code, out, _ = run(capsys, "compare", "ammunition", "--view", "parity", "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("scenario,")
    code, out, err = run(capsys, "compare", "naval", "--view", "balance")
    assert code == 2 and "only --view estimates" in err


def test_compare_runs_view(capsys):
    code, out, _ = run(capsys, "compare", "--view", "runs", "--format", "csv")
    lines = [line for line in out.splitlines() if line and not line.startswith("#")]
    assert code == 0 and lines[0].startswith("scenario,") and len(lines) == 1 + 54
    assert any(line.startswith("us-pace,") and line.endswith(",2031") for line in lines)
