"""The importers on real files edited the way users and producers change them (issue 24's held-out cases):
a SIPRI release whose auxiliary sheet lost columns, a 1948-2023 release, WEO country-group files in UTF-16 and
cp1252, what the literal zeros are. Each starts from a real file of ../shared/data/official, edited in a tmp dir."""

from __future__ import annotations

import openpyxl
import pytest

from hague.cli import main
from hague.data import dataset
from hague.sources import LayoutError
from hague.sources.sipri import read_sipri_workbook

SIPRI = "data/official/sipri/SIPRI-Milex-data-1949-2024_2.xlsx"
WEO = "data/official/weo/WEOApr2020all.xls"


def _header(ws, row: int) -> dict:
    return {c.value: c.column for c in ws[row] if c.value is not None}


@pytest.fixture(scope="module")
def sipri_book(shared_path):
    return openpyxl.load_workbook(shared_path(SIPRI))


def _copy(shared_file, tmp_path, name: str, edit) -> str:
    wb = openpyxl.load_workbook(shared_file(SIPRI))
    edit(wb)
    p = tmp_path / name
    wb.save(p)
    return str(p)


def test_a_damaged_auxiliary_sheet_is_skipped_with_a_warning_and_the_rest_imports(shared_file, tmp_path, data_dir,
                                                                                   capsys):
    def lose_two_columns(wb):  # a user deleted the Notes column and 2024 of "Share of Govt. spending"
        ws = wb["Share of Govt. spending"]
        h = _header(ws, 8)
        for col in sorted((h["Notes"], h[2024]), reverse=True):
            ws.delete_cols(col)

    p = _copy(shared_file, tmp_path, "SIPRI-Milex-data-1949-2024_2.xlsx", lose_two_columns)
    assert main(["data", "import", "sipri", p]) == 0
    out, err = capsys.readouterr()
    assert "warning: sheet 'Share of Govt. spending' skipped, damaged (sheet 'Share of Govt. spending' row 8: no " \
           "'Notes' column header); its values were not imported, the other sheets were" in err
    ds = dataset("sipri-2025")
    # the four sound sheets: SIPRI April 2025, United States 2024: 3.419217 % of GDP, USD 997,309 m current
    assert round(ds.value("USA", "military_expenditure_share_gdp", 2024), 6) == 3.419217
    assert round(ds.value("USA", "military_expenditure", 2024, unit="USD million", price_basis="current")) == 997309
    assert ds.value("USA", "military_expenditure_share_gov_spending", 2024) is None
    assert "Share of Govt. spending" in ds.meta["warnings"][0]


def test_a_damaged_main_sheet_still_refuses_the_file(shared_file, tmp_path, data_dir):
    p = _copy(shared_file, tmp_path, "SIPRI-Milex-data-1949-2024.xlsx",
              lambda wb: wb["Current US$"].delete_cols(_header(wb["Current US$"], 6)["Notes"]))
    with pytest.raises(LayoutError, match=r"sheet 'Current US\$' row 6: no 'Notes' column header"):
        read_sipri_workbook(p)


def _as_1948_2023(wb):
    """The 1948-2023 release's shape from the 1949-2024 one: 2024 dropped, a 1948 column with no data, constant
    prices of 2022 (SIPRI's April 2024 file)."""
    for name, row in (("Constant (2023) US$", 6), ("Current US$", 6), ("Share of GDP", 6), ("Per capita", 7),
                      ("Share of Govt. spending", 8)):
        ws = wb[name]
        h = _header(ws, row)
        ws.delete_cols(h[2024])
        if 1949 in h:  # the sheets that start in 1949 (per capita and government spending start later)
            ws.insert_cols(h[1949])
            ws.cell(row, h[1949]).value = 1948
            for r in range(row + 1, ws.max_row + 1):
                if ws.cell(r, 1).value:
                    ws.cell(r, h[1949]).value = "..."
    wb["Constant (2023) US$"].title = "Constant (2022) US$"


def test_a_1948_2023_release_gets_its_own_years_and_sheet_names(shared_file, tmp_path, data_dir):
    p = _copy(shared_file, tmp_path, "SIPRI-Milex-data-1948-2023.xlsx", _as_1948_2023)
    r = read_sipri_workbook(p)
    assert r.meta["title"] == "SIPRI Military Expenditure Database (data 1948-2023)"  # not 1949-2023
    assert r.meta["coverage"].startswith("32 allies, 1948-2023")
    assert r.meta["price_base"] == 2022 and r.meta["edition"] == "2024"
    assert round([o for o in r.rows if o.ally == "USA" and o.year == 2023
                  and o.indicator == "military_expenditure_share_gdp"][0].value, 6) > 3
    wb = openpyxl.load_workbook(p)
    wb.remove(wb["Current US$"])
    wb.save(tmp_path / "SIPRI-Milex-data-1948-2023-broken.xlsx")  # its main sheet "Current US$" gone
    with pytest.raises(LayoutError) as exc:
        read_sipri_workbook(tmp_path / "SIPRI-Milex-data-1948-2023-broken.xlsx")
    assert "expected the SIPRI sheets Constant (2022) US$, Current US$" in str(exc.value)
    assert "2023) US$" not in str(exc.value).replace("1948-2023", "")


def test_zero_notes_say_which_allies_and_years(shared_file):
    r = read_sipri_workbook(shared_file(SIPRI))
    note = next(n for n in r.notes if "literal zeros" in n)
    assert note.startswith("113 literal zeros kept and flagged zero_in_source: Iceland 1988-2024 (74 cells; no armed "
                           "forces), Albania 1975-1991 (17 cells), Hungary 1954-1967 (14 cells), Romania 1950-1956 "
                           "(7 cells), Estonia 1992 (1 cell)")
    assert "Iceland has no military" not in " ".join(r.notes)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_a_weo_country_group_file_is_named_as_such(shared_file, tmp_path, data_dir, capsys, encoding):
    """The IMF's 'By Country Groups' file (WEOApr2020alla.xls) has the by-country file's shape with group columns."""
    lines = shared_file(WEO).read_bytes().decode("cp1252").splitlines()
    cols = lines[0].split("\t")
    assert cols[:4] == ["WEO Country Code", "ISO", "WEO Subject Code", "Country"]
    header = ["WEO Country Group Code", "WEO Subject Code", "Country Group Name"] + cols[4:8] + \
        ["Series-specific Notes"] + cols[9:]
    rows = ["\t".join(["001", c[2], "World"] + c[4:]) for c in (ln.split("\t") for ln in lines[1:4])]
    p = tmp_path / "WEOApr2020alla.xls"
    p.write_bytes("\r\n".join(["\t".join(header), *rows]).encode(encoding))
    assert main(["data", "import", "weo", str(p)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert ("WEOApr2020alla.xls line 1: a WEO country-group file (aggregates such as 'World' and 'Euro area', one row "
            "per group, no allies); hague reads the by-country file: use WEOApr2020all.xls") in err
    assert not (data_dir / "datasets").exists() or not any((data_dir / "datasets").iterdir())


def test_diff_parts_add_up_to_the_change_as_shown(shared_file, data_dir, capsys):
    """NATO's June 2024 workbook (imported) against the July 2026 edition: Albania 2024 fell 2.03 -> 1.35 % of GDP,
    -0.68 pp, of which -0.59 from the spending revision and -0.09 from GDP (was shown -0.59, -0.09, -0.01: -0.69)."""
    from decimal import Decimal

    assert main(["data", "import", "nato", str(shared_file("data/official/nato/240617-def-exp-2024-TABLES-en.xlsx"))]) \
        == 0
    capsys.readouterr()
    assert main(["data", "diff", "nato-2024", "nato-2026", "--changed", "--indicator",
                 "core_defence_expenditure_share_gdp", "--format", "csv"]) == 0
    import csv
    import io

    text = capsys.readouterr().out
    rows = [r for r in csv.DictReader(io.StringIO("\n".join(ln for ln in text.splitlines()
                                                            if not ln.startswith("#"))))]
    alb = next(r for r in rows if r["ally"] == "ALB" and r["year"] == "2024")
    assert (alb["old"], alb["new"], alb["change"]) == ("2.03", "1.35", "-0.68")
    assert (alb["from_spending"], alb["from_gdp"], alb["other"]) == ("-0.59", "-0.09", "0.0")
    parted = [r for r in rows if r["from_spending"]]
    assert len(parted) > 100
    for r in parted:  # every row: the three parts add up to the change at the shown precision
        assert Decimal(r["from_spending"]) + Decimal(r["from_gdp"]) + Decimal(r["other"]) == Decimal(r["change"]), r
        assert all(len(r[k].split(".")[-1]) <= 2 for k in ("from_spending", "from_gdp", "other"))  # one precision
