"""The plan reader behind `hague plan assess` names what it cannot read (issue 14: Polish Excel files)."""

from __future__ import annotations

import pytest

from hague.cli import main
from hague.rules.plans import PlanError, read_plan

HEADER = "ally,year,core_share_gdp,related_share_gdp\n"


def test_semicolon_file_is_named_in_the_error():
    with pytest.raises(PlanError, match=r"row 1: the header is separated by semicolons.*commas and decimal points"):
        read_plan(b"ally;year;core_share_gdp;related_share_gdp\nPOL;2026;4,8;0,5\n", name="pol.csv")


def test_windows_1250_is_named_in_the_error(tmp_path, capsys):
    f = tmp_path / "pol.csv"
    f.write_bytes((HEADER + "POL,2026,4.81,0.5\n# Wydatki na obronę\n").encode("cp1250"))
    assert main(["plan", "assess", str(f)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not UTF-8 text" in err and "Windows-1250" in err


def test_utf16_excel_unicode_text_is_read():
    plan = read_plan((HEADER + "POL,2026,4.81,0.5\n").encode("utf-16"), name="pol.csv")
    assert [(r.year, r.core_share_gdp) for r in plan.rows] == [(2026, 4.81)]  # Poland's 2026 budget: 4.81% of GDP
