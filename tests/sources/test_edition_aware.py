"""An imported edition works with every command, or the command says in one line which series it lacks
(the real June 2024 NATO workbook: 'defence_expenditure', 2015 prices)."""

from __future__ import annotations

import pytest

from hague.cli import main
from hague.sources import import_file

NATO_2024 = "data/official/nato/240617-def-exp-2024-TABLES-en.xlsx"


@pytest.fixture
def nato2024(shared_file, data_dir):
    import_file("nato", shared_file(NATO_2024))
    return "nato-2024"


def test_status_ally_check_and_export_work_with_the_2024_edition(nato2024, capsys, tmp_path):
    assert main(["status", "--edition", nato2024, "--format", "csv", "--columns", "code,share_gdp"]) == 0
    out = capsys.readouterr().out
    assert "POL,4.12" in out and "EUCA,2.02" in out  # NATO Europe and Canada 2024e, as NATO publishes it
    assert main(["status", "--edition", nato2024, "--format", "json"]) == 0
    js = capsys.readouterr().out
    assert "Defence expenditure (NATO's series before the 2026 'core' definition) of NATO allies, 2024" in js
    assert "Core defence expenditure" not in js and "constant 2015 prices" in js
    assert main(["ally", "POL", "--edition", nato2024, "--format", "csv"]) == 0
    assert "216.1" in capsys.readouterr().out  # military personnel 2024e, thousand
    assert main(["check", "--edition", nato2024, "--format", "csv"]) == 0
    assert main(["data", "export-nato-workbook", str(tmp_path / "x.xlsx"), "--dataset", nato2024]) == 0


@pytest.mark.parametrize("argv", [["path", "DEU"], ["path", "DEU", "--fiscal"], ["gdp", "DEU"], ["burden"],
                                  ["convert", "100", "EUR", "--ally", "DEU", "--year", "2024"]])
def test_commands_built_on_core_2021_say_what_the_edition_lacks(nato2024, capsys, argv):
    assert main([*argv, "--edition", nato2024]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert ("edition nato-2024 lacks core_defence_expenditure in constant 2021 prices" in err
            and "it has defence_expenditure in constant 2015 prices; editions that have it: nato-2026" in err), err


def test_simulate_forecasts_from_the_2024_editions_own_vintage(nato2024, capsys):
    """The simulation runs on shares of GDP, which the June 2024 edition has: it starts from that edition's last year."""
    assert main(["simulate", "--draws", "256", "--ally", "DEU", "--edition", nato2024, "--format", "json"]) == 0
    import json

    doc = json.loads(capsys.readouterr().out)
    assert doc["meta"]["origin"] == 2024
