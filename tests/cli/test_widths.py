"""At COLUMNS=100 every table command fits 100 characters a line (issue 11: tables that fit)."""

from __future__ import annotations

import pytest

from hague.cli import main

COMMANDS = [
    ["status"], ["status", "--year", "2014"], ["ally", "POL"], ["ally", "ISL"], ["check"], ["rules"],
    ["rules", "--assessment"], ["rules", "--national"], ["path", "DEU"], ["path", "--all"],
    ["simulate", "--draws", "2048", "--seed", "1"], ["simulate", "--draws", "2048", "--seed", "1", "--fans", "--ally", "POL"],
    ["simulate", "--draws", "2048", "--seed", "1", "--national"], ["simulate", "--calibration"],
    ["burden"], ["burden", "--trend"], ["targets"], ["targets", "apportion", "brigades"],
    ["targets", "apportion", "brigades", "--compare"], ["buys", "DEU"], ["costs"], ["compare"],
    ["compare", "--view", "runs"], ["sources"], ["validate"], ["data", "editions"],
    ["data", "diff", "NATO-2025", "NATO-2026"], ["gdp", "DEU"], ["convert", "124660", "EUR", "--ally", "DEU", "--year", "2026"],
    ["allies"], ["plan", "assess", "examples/plans/deu-2026-illustrative.csv"],
    ["delivery", "--view", "investment"], ["delivery", "--view", "sweden"],  # shipped data; SIPRI views: test_delivery_cli
    ["dossier", "--overview", "--draws", "2048"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_fits_100_columns(argv, capsys, monkeypatch):
    from pathlib import Path

    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    code = main(argv)
    out = capsys.readouterr().out
    assert code in (0, 1) and out.strip()
    long = [line for line in out.splitlines() if len(line) > 100]
    assert not long, f"{len(long)} lines over 100 characters, e.g. {long[0]!r}"


def test_wide_keeps_every_column(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["status", "--wide"]) == 0
    header = capsys.readouterr().out.splitlines()[1]
    assert "Note" in header and "Real chg %" in header and len(header) > 100


def test_columns_picks_and_orders(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["status", "--columns", "name,share_gdp"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].split() == ["Ally", "%", "GDP"] and any(line.startswith("Germany") and "2.69" in line for line in out)
    assert main(["status", "--columns", "name,bogus"]) == 2
    assert "unknown column 'bogus'" in capsys.readouterr().err


EDITION_COMMANDS = [["status"], ["ally", "POL"], ["check", "--ally", "POL"], ["path", "POL"],
                    ["simulate", "--draws", "512", "--ally", "POL"], ["gdp", "POL"],
                    ["convert", "100", "PLN", "--ally", "POL", "--year", "2025"], ["burden"],
                    ["targets", "apportion", "brigades"], ["buys", "DEU"]]


@pytest.mark.parametrize("argv", EDITION_COMMANDS, ids=" ".join)
def test_edition_option_on_every_data_command(argv, capsys):
    """`--edition 2026` (a NATO year), `NATO-2026` (an edition name) and `nato-2026` (a dataset id) give the same
    output; an unknown edition is a one-line error listing what exists."""
    outs = []
    for ed in ("2026", "NATO-2026", "nato-2026"):
        assert main([*argv, "--edition", ed, "--format", "csv"]) == 0
        outs.append(capsys.readouterr().out)
    assert outs[0] == outs[1] == outs[2] and outs[0].count("\n") > 1
    assert main([*argv, "--edition", "2031"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hague: error: unknown edition '2031'") and "nato-2026" in err and err.count("\n") == 1
