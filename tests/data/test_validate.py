"""Load-time validation runs on the embedded data and catches bad data."""

from __future__ import annotations

import pytest

from hague.data import Dataset, read_csv
from hague.data.validate import validate, validate_dataset
from hague.errors import DataValidationError

HEADER = "ally,year,indicator,unit,price_basis,estimate,value,source,edition\n"


def test_embedded_data_passes_with_listed_known_outliers():
    rep = validate()
    assert rep.errors == []
    known = {(f.check, f.ally, f.year) for f in rep.known}
    assert ("share_vs_current_ratio", "NLD", 2024) in known
    assert ("categories_complete", "NLD", 2026) in known
    assert ("categories_complete", "PRT", 2026) in known
    assert ("nato_gdp_vs_imf_gdp", "LUX", 2023) in known
    assert all(f.reason for f in rep.known)
    assert rep.checked["ally_years"] == 31 * 13


def _ds(body: str, **meta) -> Dataset:
    return read_csv(HEADER + body, name="test.csv", dataset_id="test", meta=meta)


def test_unknown_ally_code_is_an_error():
    rep = validate_dataset(_ds("GER,2024,core_defence_expenditure_share_gdp,percent of GDP,constant_2021,false,2.1,x,1\n"))
    assert [f.check for f in rep.errors] == ["unknown_ally"]
    assert "GER" in str(rep.errors[0])


def test_duplicate_key_is_an_error():
    row = "POL,2024,core_defence_expenditure_share_gdp,percent of GDP,constant_2021,false,4.1,x,1\n"
    rep = validate_dataset(_ds(row + row))
    assert [f.check for f in rep.errors] == ["duplicate_key"]


def test_unit_mismatch_is_an_error():
    rep = validate_dataset(_ds("POL,2024,core_defence_expenditure,EUR million,current,false,1,x,1\n"))
    assert rep.errors[0].check == "unit"
    assert "PLN million" in rep.errors[0].message


def test_nan_value_names_file_row_and_column():
    with pytest.raises(DataValidationError, match=r"test.csv row 2: column 'value' is NaN"):
        _ds("POL,2024,gdp,USD million,current,false,nan,x,1\n")


def test_bad_year_names_row_and_column():
    with pytest.raises(DataValidationError, match=r"row 2: column 'year' must be an integer, got '20x4'"):
        _ds("POL,20x4,gdp,USD million,current,false,1,x,1\n")


def test_missing_column_is_named():
    with pytest.raises(DataValidationError, match="missing column.*estimate"):
        read_csv("ally,year,indicator,unit,price_basis,value,source,edition\n", name="t.csv", dataset_id="t", meta={})


def test_raise_for_errors_names_the_finding():
    rep = validate_dataset(_ds("XXX,2024,gdp,USD million,current,false,1,x,1\n"))
    with pytest.raises(DataValidationError, match="unknown_ally.*XXX 2024"):
        rep.raise_for_errors()
