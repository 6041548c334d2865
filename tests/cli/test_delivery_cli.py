"""``hague delivery`` and ``hague data import`` of the delivery files, from the command line (real files)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from hague.cli import main

FIX = Path(__file__).resolve().parents[1] / "sources" / "fixtures"


def run(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_f35_sentence_and_table(capsys, delivery_data):
    rc, out, _ = run(capsys, "delivery", "--system", "f-35")
    assert rc == 0
    assert "F-35: 713 ordered by allies other than the US, 188 delivered by end-2024, 525 to come; at the 2024 " \
           "delivery rate (36 a year) that is 14.6 years" in " ".join(out.split())
    assert "SIPRI counts major conventional weapons only" in " ".join(out.split())
    rc, out, _ = run(capsys, "delivery", "--system", "pac-3-mse", "--format", "csv")
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(out))}
    assert (rows["ALLIES"]["ordered"], rows["ALLIES"]["delivered"]) == ("1601", "528")
    assert (rows["POL"]["ordered"], rows["POL"]["delivered"]) == ("852", "208")


def test_ally_and_capability_json(capsys, delivery_data):
    rc, out, _ = run(capsys, "delivery", "POL", "--capability", "air-missile-defence", "--format", "json")
    doc = json.loads(out)
    mse = next(r for r in doc["rows"] if r["system"] == "MIM-104 PAC-3 MSE")
    assert rc == 0 and (mse["ordered"], mse["delivered"], mse["outstanding"]) == (852, 208, 644)
    assert doc["notes"][0].startswith("Target served: Air and missile defence")


@pytest.mark.parametrize("argv", [[], ["POL"], ["--capability", "armour"], ["--system", "f-35"],
                                  ["--view", "systems"], ["--view", "history", "--capability", "drones"],
                                  ["--view", "ukraine", "--year", "2025"], ["--view", "dependence"],
                                  ["--view", "dependence", "POL"], ["--view", "exporters"]], ids=" ".join)
def test_every_view_fits_100_columns(argv, capsys, monkeypatch, delivery_data):
    monkeypatch.setenv("COLUMNS", "100")
    rc, out, _ = run(capsys, "delivery", *argv)
    assert rc == 0 and out.strip()
    assert not [line for line in out.splitlines() if len(line) > 100]


def test_chart_and_bad_input(capsys, tmp_path, delivery_data):
    png = tmp_path / "amd.png"
    rc, _, err = run(capsys, "delivery", "--capability", "air-missile-defence", "--chart", str(png))
    assert rc == 0 and png.read_bytes()[:4] == b"\x89PNG" and "wrote" in err
    assert run(capsys, "delivery", "GER")[0] == 2
    rc, _, err = run(capsys, "delivery", "--capability", "tanks")
    assert rc == 2 and err.strip().startswith("hague: error: unknown capability 'tanks'; accepted:")
    assert run(capsys, "delivery", "--chart", str(tmp_path / "x.gif"))[0] == 2


def test_import_commands_one_line_errors_and_nothing_written(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("HAGUE_DATA_DIR", str(tmp_path / "d"))
    rc, out, err = run(capsys, "delivery")
    assert rc == 2 and "hague data import sipri-trade FILE" in err
    rc, out, err = run(capsys, "data", "import", "sipri-trade", str(FIX / "sipri_trade_register_small.csv"))
    assert rc == 0 and out.startswith("imported sipri-trade-2025-03: 16 deals")
    bad = tmp_path / "bad.csv"
    bad.write_bytes((FIX / "sipri_trade_register_small.csv").read_bytes().replace(b"Norway,United States,2008",
                                                                                 b"Norway,United States,20O8"))
    rc, out, err = run(capsys, "data", "import", "sipri-trade", str(bad), "--id", "other")
    assert rc == 2 and err.strip() == ("hague: error: bad.csv: line 22 column 3 (Year of order): '20O8'; expected a "
                                       "year such as 2019")
    assert not (tmp_path / "d" / "delivery" / "other").exists()
    rc, out, err = run(capsys, "data", "import", "kiel", str(FIX / "kiel_small"), "--dry-run")
    assert rc == 0 and "nothing written (--dry-run)" in out and not (tmp_path / "d" / "delivery" / "kiel-ust-r29").exists()
    excel = tmp_path / "excel.csv"
    excel.write_bytes((FIX / "sipri_trade_register_small.csv").read_bytes().replace(b"F-35A Lightning-2", b"1-Mar"))
    rc, out, err = run(capsys, "data", "import", "sipri-trade", str(excel), "--id", "excel")
    assert rc == 0 and "warning: excel.csv: line 22 column 7 (Weapon designation): '1-Mar' looks like a date" in err
