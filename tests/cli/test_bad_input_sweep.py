"""The bad-input sweep of the CLI. Each input gets a one-line error (exit 2) or a clear answer."""

from __future__ import annotations

import json

import pytest

from hague.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("amount,says", [("nan", "'nan' is not a finite number"), ("inf", "'inf' is not a finite number"),
                                         ("-inf", "'-inf' is not a finite number"),
                                         ("1e308", "1e+308 million is out of range"), ("abc", "'abc' is not a number")])
def test_convert_refuses_non_finite_and_huge_amounts(capsys, amount, says):
    code, out, err = run(capsys, "convert", "--ally", "DEU", "--year", "2026", "--", amount, "EUR")
    assert code == 2 and out == ""
    assert err.strip() == f"hague: error: amount {says}; accepted: -1e+12 to 1e+12 million"


def test_convert_says_how_the_amount_was_read_and_takes_a_unit(capsys):
    # NATO 2026 Table 1 / Table 2: Germany 2026e EUR 124,660 m = USD 147,002 m
    code, out, _ = run(capsys, "convert", "124.66", "EUR", "--unit", "billion", "--ally", "DEU", "--year", "2026",
                       "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert [round(r["amount"]) for r in doc["rows"]] == [124660, 147002]
    code, out, _ = run(capsys, "convert", "124660", "EUR", "--ally", "DEU", "--year", "2026")
    assert "Amount read as 124660 EUR million (--unit)" in " ".join(out.split())


def test_buys_refuses_nan_amount_and_shows_whole_units_with_price_currency(capsys):
    code, _, err = run(capsys, "buys", "--amount", "nan")
    assert code == 2 and "--amount 'nan' is not a finite number" in err
    code, out, _ = run(capsys, "buys", "DEU", "--split", "air-missile-defence=100", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    iris = doc["rows"][0]
    # DEU gap 2026 USD 43,958 m / IRIS-T SLM at EUR 158 m (2023) converted to USD 2026 -> 216.36 -> 216 fire units
    assert iris["id"] == "iris-t-slm" and iris["quantity"] == 216 and isinstance(iris["quantity"], int)
    headers = {c["key"]: c["header"] for c in doc["columns"]}
    assert headers["unit_price"] == "Unit price USD" and headers["amount"] == "Amount USD m"


@pytest.mark.parametrize("growth,says", [("-200", "-200% a year is out of range"), ("-100", "-100% a year is out of range"),
                                         ("nan", "nan is not a finite number"), ("150", "150% a year is out of range")])
def test_compare_validates_russian_growth_before_printing(capsys, growth, says):
    code, out, err = run(capsys, "compare", "ammunition", "--russia-growth", growth)
    assert code == 2 and out == ""  # nothing half-printed (the estimates table came first before)
    assert err.strip() == (f"hague: error: Russian growth {says}; accepted: above -100% and up to 100% a year")


def test_compare_accepts_growth_in_range(capsys):
    code, out, _ = run(capsys, "compare", "ammunition", "--view", "parity", "--russia-growth", "5", "--format", "json")
    assert code == 0 and json.loads(out)["rows"][0]["scenario"] == "stalled"


@pytest.mark.parametrize("name,iso3", [("Holland", "NLD"), ("Slovak Republic", "SVK"), ("Turkey", "TUR"),
                                       ("Czech Republic", "CZE"), ("United States of America", "USA"),
                                       ("Great Britain", "GBR"), ("FYROM", "MKD")])
def test_ally_accepts_nato_sipri_imf_names(capsys, name, iso3):
    code, out, _ = run(capsys, "ally", name, "--format", "json")
    assert code == 0 and json.loads(out)["meta"]["ally"] == iso3


def test_check_halt_decline_value_has_its_own_unit(capsys):
    # Belgium 2016: real change -0.34% (NATO Table 3) while its share is 0.90% of GDP
    code, out, _ = run(capsys, "check", "--ally", "BEL", "--year", "2016", "--commitment", "wales-2014", "--format", "json")
    assert code == 0
    rows = {r["rule"]: r for r in json.loads(out)["rows"]}
    assert (rows["wales-2014.floor"]["value"], rows["wales-2014.floor"]["value_unit"]) == (0.90, "% GDP")
    assert (rows["wales-2014.halt_decline"]["value"], rows["wales-2014.halt_decline"]["value_unit"]) == (-0.34, "% real chg")
    assert rows["wales-2014.equipment"]["value_unit"] == "% core"


def test_targets_confidence_is_a_vocabulary_value(capsys):
    from hague.confidence import CONFIDENCE

    code, out, _ = run(capsys, "targets", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert {r["confidence"] for r in doc["rows"]} <= set(CONFIDENCE)
    assert next(r for r in doc["rows"] if r["id"] == "f-35")["confidence"] == "low"
    assert "not in an official text" in json.dumps(doc)


def test_apportion_and_path_refuse_out_of_range_numbers(capsys):
    code, _, err = run(capsys, "targets", "apportion", "armour", "--amount", "1e308")
    assert code == 2 and "up to 1e+12" in err
    code, _, err = run(capsys, "targets", "apportion", "armour", "--principle", "ability", "--elasticity", "nan")
    assert code == 2 and "--elasticity must be a finite number, got nan" in err
    code, _, err = run(capsys, "path", "DEU", "--related", "--related-target", "nan")
    assert code == 2 and "related target nan is not a share of GDP" in err


@pytest.mark.parametrize("argv, says", [
    (["check", "--ally", ""], "--ally is empty"),
    (["check", "--commitment", "hague-2025.bogus"], "unknown parameter 'hague-2025.bogus' of hague-2025; accepted: "
                                                    "hague-2025.core"),
    (["check", "--commitment", "national.XXX"], "unknown ally 'XXX'"),
    (["serve", "--port", "99999"], "--port 99999 is not a TCP port; accepted: 1 to 65535"),
])
def test_bad_selectors_and_ports_are_one_line_errors(capsys, argv, says):
    """Each was silent (check: '(no rows)' or every row, exit 0) or hung (serve said it served on port 99999)."""
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("hague: error: ") and says in err[0], err


def test_a_column_asked_twice_is_shown_once(capsys):
    """``status --columns share_gdp,share_gdp`` was a traceback; Poland 2025 shows 4.25 once."""
    assert main(["status", "--year", "2025", "--columns", "code,share_gdp,share_gdp", "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "code,share_gdp" and "POL,4.25" in out


def test_the_python_api_refuses_a_fractional_year_and_a_year_without_data():
    import hague
    from hague.errors import YearOutOfRangeError

    with pytest.raises(YearOutOfRangeError, match="2025.5 is not a whole year"):
        hague.value("POL", "core_defence_expenditure_share_gdp", 2025.5)  # was 4.25, the 2025 value
    with pytest.raises(YearOutOfRangeError, match="year 2013 is not in nato-2026"):
        hague.aggregate("NATO", 2013)  # was a row of None
    assert round(hague.aggregate("NATO", 2014)["share_gdp"], 2) == 2.56
