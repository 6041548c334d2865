"""``hague path`` and ``hague simulate`` from the command line."""

import csv
import io
import json

import pytest

from hague.cli import main


def run(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_path_germany_csv(capsys):
    rc, out, _ = run(capsys, "path", "DEU", "--target", "3.5", "--by", "2035", "--format", "csv")
    assert rc == 0
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r and not r[next(iter(r))].startswith("#")]
    r26 = next(r for r in rows if r[next(iter(r))] == "2026")
    assert "124660" in ",".join(r26.values())  # NATO Table 1, EUR m
    assert any(r[next(iter(r))] == "2035" for r in rows)


def test_path_json_meta(capsys):
    rc, out, _ = run(capsys, "path", "Germany", "--format", "json")
    doc = json.loads(out)
    assert rc == 0 and doc["meta"]["ally"] == "DEU" and round(doc["meta"]["cumulative_extra_usd_2021"] / 1000) == 191


def test_path_all_and_chart(tmp_path, capsys):
    png = tmp_path / "all.png"
    rc, out, err = run(capsys, "path", "--all", "--chart", str(png))
    assert rc == 0 and "Europe and Canada" in out and "NATO total" in out
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_path_shape_plan_file_and_svg(tmp_path, capsys):
    plan = tmp_path / "p.csv"
    plan.write_text("year,share_gdp\n2030,3.5\n")
    svg = tmp_path / "deu.svg"
    rc, out, _ = run(capsys, "path", "DEU", "--shape", "plan", str(plan), "--related", "--chart", str(svg))
    assert rc == 0 and "(plan)" in out and "Related" in out
    text = svg.read_text()
    assert "<svg" in text and "stroke-dasharray" in text  # projection dashed


@pytest.mark.parametrize("argv,msg", [
    (["path", "GER"], "did you mean DEU"),
    (["path", "DEU", "--by", "2024"], "after the last year of data"),
    (["path", "DEU", "--shape", "zigzag"], "unknown shape"),
    (["path", "DEU", "--shape", "plan"], "needs a FILE"),
    (["path"], "name an ally"),
    (["path", "DEU", "--chart", "x.pdf"], ".png or .svg"),
    (["simulate", "--draws", "0"], "x>=1"),
    (["simulate", "--draws", "5000000000"], "more than"),
    (["simulate", "--scenario", "hope"], "unknown scenario 'hope'; accepted: plans, trend, target"),
    (["simulate", "--ally", "XYZ"], "unknown ally"),
    (["simulate", "--by", "2020"], "after the last year of data"),
    (["simulate", "--draws", "10", "--scheduler", "tcp://127.0.0.1:9"], "cannot reach the Dask scheduler"),
])
def test_errors_write_nothing(tmp_path, capsys, argv, msg):
    out_file = tmp_path / "out.csv"
    rc, out, err = run(capsys, *argv, "-o", str(out_file))
    assert rc == 2 and msg in err and err.startswith("hague: error:")
    assert not out_file.exists() and list(tmp_path.iterdir()) == []


def test_simulate_table_and_fans(tmp_path, capsys):
    rc, out, _ = run(capsys, "simulate", "--draws", "2048", "--seed", "3", "--ally", "DEU,POL")
    assert rc == 0 and "P(>=3.5%) 2029" in out and "POL" in out and "FRA" not in out.split("\n\n")[0]
    f = tmp_path / "fans.json"
    png = tmp_path / "fan.png"
    rc, _, _ = run(capsys, "simulate", "--draws", "2048", "--seed", "3", "--ally", "DEU", "--fans", "-o", str(f),
                   "--chart", str(png))
    doc = json.loads(f.read_text())
    assert rc == 0 and doc["meta"]["seed"] == 3 and png.exists()
    # the fan starts after nato-2026's last year (2026e, 2.69%); its median is the central path (EUR money path)
    row = next(r for r in doc["rows"] if r["ally"] == "DEU" and r["year"] == 2027 and r["kind"] == "% GDP")
    assert row["p5"] < 2.85 < row["p95"] and row["p50"] == pytest.approx(2.85, abs=0.01)


def test_simulate_national_targets(capsys):
    rc, out, _ = run(capsys, "simulate", "--draws", "2048", "--ally", "DEU", "--national")
    assert rc == 0 and "3.5% in 2029" in out and "bmvg.de" in out  # the national plans' source (BMVg)


def test_gdp_and_convert(capsys):
    rc, out, _ = run(capsys, "gdp", "DEU", "--format", "json")
    doc = json.loads(out)
    r26 = next(r for r in doc["rows"] if r["year"] == 2026)
    assert rc == 0 and r26["gdp_usd_2021"] == 4422594.0 and doc["rows"][-1]["basis"] == "extension rule"
    rc, out, _ = run(capsys, "convert", "124660", "EUR", "--ally", "DEU", "--year", "2026", "--to", "USD",
                     "--basis", "constant_2021", "--format", "json")
    rows = json.loads(out)["rows"]
    assert rc == 0 and round(rows[1]["amount"]) == 119159 and rows[1]["price_basis"] == "constant_2021"
    rc, _, err = run(capsys, "convert", "1", "GBP", "--ally", "DEU", "--year", "2026")
    assert rc == 2 and "converts between" in err
    rc, _, err = run(capsys, "convert", "1", "EUR", "--ally", "DEU", "--year", "2040")
    assert rc == 2 and "outside the GDP path" in err


def test_simulate_calibration_table(capsys):
    rc, out, _ = run(capsys, "simulate", "--calibration", "--format", "json")
    doc = json.loads(out)
    usa = next(r for r in doc["rows"] if r["ally"] == "USA")
    assert rc == 0 and len(doc["rows"]) == 31 and usa["sigma_fx"] == 0  # no exchange rate for the dollar
    assert usa["sigma_exec_1y"] < usa["sigma_exec_5y"] < usa["sigma_exec_10y"]  # errors grow with the horizon
