"""Bad option values and output names: each is a one-line error (exit 2) that names the option and what is accepted,
never a traceback, and nothing of the wrong format (or anything at all) is written."""

from __future__ import annotations

from hague.cli import main


def one_line_error(capsys, *argv) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and lines[0].startswith("hague: error: "), (code, err)
    return lines[0]


def test_simulate_refuses_a_nato_dataset_as_economics(capsys):
    """``--economics nato-2026`` was a traceback (min() of an empty sequence of WEO growth rows)."""
    err = one_line_error(capsys, "simulate", "--economics", "nato-2026", "--draws", "10")
    assert err.startswith("hague: error: --economics 'nato-2026' is not an IMF WEO vintage with GDP projections; "
                          "accepted: imf-weo-2025-04, imf-weo-2025-10")


def test_simulate_refuses_a_scheduler_that_is_not_an_address(capsys):
    """``--scheduler "not a url"`` printed its error, then a TimeoutError traceback from the half-made Client."""
    err = one_line_error(capsys, "simulate", "--scheduler", "not a url", "--draws", "10", "--ally", "POL")
    assert err == ("hague: error: --scheduler 'not a url' is not a Dask scheduler address; accepted: "
                   "[tcp://|tls://]HOST:PORT, e.g. tcp://127.0.0.1:8786, or an in-process inproc:// address")


def test_export_nato_workbook_refuses_a_name_that_is_not_xlsx(capsys, tmp_path):
    """``data export-nato-workbook x.csv`` wrote an xlsx workbook under the .csv name."""
    target = tmp_path / "x.csv"
    err = one_line_error(capsys, "data", "export-nato-workbook", str(target))
    assert err == "hague: error: x.csv: the NATO workbook is written as .xlsx only; accepted: a FILE ending in .xlsx"
    assert list(tmp_path.iterdir()) == []


def test_plan_template_refuses_an_output_that_is_not_csv(capsys, tmp_path):
    """``plan template DEU -o x.xlsx`` wrote CSV text under the .xlsx name."""
    err = one_line_error(capsys, "plan", "template", "DEU", "-o", str(tmp_path / "x.xlsx"))
    assert err == (f"hague: error: --output '{tmp_path / 'x.xlsx'}': the plan template is CSV; accepted: a FILE "
                   f"ending in .csv")
    assert list(tmp_path.iterdir()) == []
    assert main(["plan", "template", "DEU", "-o", str(tmp_path / "deu.csv")]) == 0
    # NATO 2026 Table 1/3: Germany 2026e EUR 124,660 m, 2.69 % of GDP
    assert "DEU,2026,2.69,,124660.0,," in (tmp_path / "deu.csv").read_text().splitlines()


def test_apportion_refuses_an_unknown_unit_and_a_negative_elasticity(capsys):
    """``targets apportion --unit bananas`` and ``--elasticity -1`` were accepted (bananas relabelled the tanks)."""
    err = one_line_error(capsys, "targets", "apportion", "armour", "--unit", "bananas")
    assert err == ("hague: error: --unit 'bananas' is not a unit of this requirement; accepted: main battle tanks, "
                   "units, USD million, USD billion, EUR million, EUR billion")
    err = one_line_error(capsys, "targets", "apportion", "armour", "--unit", "USD million")
    assert "--unit 'USD million' needs --amount" in err and "armour's own requirement is in main battle tanks" in err
    err = one_line_error(capsys, "targets", "apportion", "armour", "--principle", "ability", "--elasticity", "-1")
    assert err.startswith("hague: error: --elasticity -1 is out of range; accepted: 0 to 10 ")
    assert main(["targets", "apportion", "armour", "--amount", "1000", "--unit", "USD million", "--format",
                 "json"]) == 0
    assert '"unit": "USD million"' in capsys.readouterr().out


def test_db_current_refuses_a_missing_sqlite_file_and_creates_nothing(capsys, tmp_path):
    """``db current --database-url sqlite:///new/x.db`` created new/ and an empty x.db (and said 'revision (empty)')."""
    missing = tmp_path / "new" / "x.db"
    err = one_line_error(capsys, "db", "current", "--database-url", f"sqlite:///{missing}")
    assert err == (f"hague: error: no database at {missing}; create it with `hague db upgrade` or `hague serve` "
                   "(accepted: an existing SQLite file or a PostgreSQL URL)")
    assert list(tmp_path.iterdir()) == []
