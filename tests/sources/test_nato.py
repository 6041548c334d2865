"""NATO workbook: round trip of the embedded 2026 edition, a 2025-layout fixture, and every layout deviation."""

from __future__ import annotations

import openpyxl
import pytest

from hague.data import dataset
from hague.errors import DataValidationError, HagueError
from hague.sources import LayoutError, import_file, read_nato_workbook, write_nato_workbook


def _key(o):
    return (o.ally, o.year, o.indicator, o.unit, o.price_basis, o.estimate, o.value, o.source, o.edition, o.extra)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    return write_nato_workbook("nato-2026", tmp_path_factory.mktemp("nato") / "def-exp-2026-en.xlsx")


def test_round_trip_gives_the_embedded_2026_edition_back(exported):
    res = read_nato_workbook(exported)
    emb = dataset("nato-2026")
    assert {_key(o) for o in res.rows} == {_key(o) for o in emb.rows}
    assert len(res.rows) == len(emb.rows) == 6013
    assert res.meta["edition"] == "2026-07" and res.meta["price_base"] == 2021
    # spot values of the edition (SOURCES.md check K): DE EUR 124,660m 2026e, PL 4.25% 2025e
    got = {(o.ally, o.indicator, o.unit, o.year): o for o in res.rows if o.price_basis != "constant_2021"}
    assert got[("DEU", "core_defence_expenditure", "EUR million", 2026)].value == 124660.0
    share = {(o.ally, o.year): o for o in res.rows if o.indicator == "core_defence_expenditure_share_gdp"}
    assert share[("POL", 2025)].value == 4.25 and share[("POL", 2025)].estimate is True
    assert ("NLD", "core_defence_expenditure|personnel_share", "percent of core defence expenditure", 2026) not in got


def test_exported_layout_follows_the_recipe(exported):
    wb = openpyxl.load_workbook(exported)
    assert wb.sheetnames == ["Table 1", "Table 2", "Table 3", "Table 5", "Table 6", "Table 7", "Table 8a", "Table 8b"]
    ws = wb["Table 2"]
    assert ws["A1"].value.startswith("Table 2: Core defence expenditure")
    assert "million us dollars" in ws["A2"].value.lower()
    assert ws["A3"].value == "Current prices and exchange rates"
    assert ws["B4"].value == 2014 and ws["M4"].value == "2025e" and ws["N4"].value == "2026e"
    assert ws["A5"].value == "Albania" and ws["A36"].value == "NATO Europe and Canada" and ws["A37"].value == "NATO Total"
    assert wb["Table 1"]["A32"].value == "Sweden (Kronor)"
    assert wb["Table 8a"]["N59"].value == ".."  # NLD 2026 personnel share: non-numeric in NATO's workbook


def test_import_round_trip_validates_and_compares_aggregates(exported, data_dir):
    out = import_file("nato", exported, dataset_id="nato-2026-copy")
    assert out.rows == 6013
    assert (data_dir / "datasets" / "nato-2026-copy.csv").is_file()
    assert dataset("nato-2026-copy").value("POL", "core_defence_expenditure_share_gdp", 2026) == 4.68
    ac = out.meta["aggregate_check"]
    assert ac["compared"] == 278 and ac["agree"] == 278 and ac["differ"] == []
    assert "nato_gdp_vs_imf_gdp LUX" in out.meta["validation"]["known_outliers"]
    assert out.meta["imported_from"]["file"] == "def-exp-2026-en.xlsx"


def test_id_clash_with_shipped_data_is_an_error_and_writes_nothing(exported, data_dir):
    with pytest.raises(HagueError, match="'nato-2026' is shipped with hague"):
        import_file("nato", exported)
    assert not (data_dir / "datasets").exists() or not any((data_dir / "datasets").iterdir())


def test_reimport_needs_replace(exported, data_dir):
    import_file("nato", exported, dataset_id="nato-x")
    with pytest.raises(HagueError, match="already imported"):
        import_file("nato", exported, dataset_id="nato-x")
    assert import_file("nato", exported, dataset_id="nato-x", replace=True).rows == 6013


def test_published_aggregate_differences_are_reported(exported, tmp_path, data_dir):
    wb = openpyxl.load_workbook(exported)
    ws = wb["Table 2"]
    assert ws["A37"].value == "NATO Total" and ws["H36"].value is not None
    ws["H37"] = ws["H37"].value + 1000.0  # NATO Total 2020, current USD
    p = tmp_path / "agg.xlsx"
    wb.save(p)
    out = import_file("nato", p, dataset_id="nato-agg")
    differ = out.meta["aggregate_check"]["differ"]
    assert len(differ) == 1 and differ[0].startswith("NATO Table 2 core_defence_expenditure 2020")


def test_validation_failure_imports_nothing(exported, tmp_path, data_dir):
    wb = openpyxl.load_workbook(exported)
    ws = wb["Table 8a"]
    row = next(r for r in range(5, 40) if ws.cell(r, 1).value == "Poland")
    ws.cell(row, 8).value = ws.cell(row, 8).value + 5  # POL 2020 equipment share: categories no longer sum to 100
    p = tmp_path / "bad.xlsx"
    wb.save(p)
    with pytest.raises(DataValidationError, match=r"nothing imported.*categories_sum.*POL 2020"):
        import_file("nato", p, dataset_id="nato-bad")
    assert not any((data_dir / "datasets").iterdir())
    out = import_file("nato", p, dataset_id="nato-bad", allow_findings=True)
    assert any("POL 2020" in e for e in out.meta["validation"]["errors"])


# --- the 2025 edition layout --------------------------------------------------------------------------------------


def test_2025_layout_fixture(tmp_path, data_dir, build):
    res = read_nato_workbook(build.nato_2025(tmp_path / "def-exp-2025-en.xlsx"))
    got = {(o.ally, o.year): o for o in res.rows if o.indicator == "defence_expenditure_share_gdp"}
    assert res.meta["series"] == "defence_expenditure" and res.meta["edition_year"] == 2025
    assert got[("ALB", 2023)].value == 1.75 and got[("ALB", 2023)].estimate is False
    assert got[("POL", 2024)].value == pytest.approx(3.788951289) and got[("POL", 2024)].estimate is True
    assert got[("POL", 2025)].value == 4.48 and got[("POL", 2025)].estimate is True
    assert ("DEU", 2025) not in got  # NATO published no German 2025 figure
    assert got[("SWE", 2024)].value > 2  # "Sweden*" matched despite the footnote star
    assert any("'-' (nil)" in n for n in res.notes)
    # the workbook's own NATO rows are kept for comparison, not as ally rows
    aggs = {(k[0], k[5]): v for k, v in res.aggregates.items() if k[1] == "Table 3"}
    assert aggs[("NATO", 2014)] == pytest.approx(dataset("nato-2025-secondary").value("NATO_TOTAL",
                                                 "defence_expenditure_share_gdp", 2014))


def test_2025_import_then_diff_uses_it(tmp_path, data_dir, build):
    from hague.sources.diff import diff_editions

    import_file("nato", build.nato_2025(tmp_path / "def-exp-2025-en.xlsx"), edition="2025-08")
    d = diff_editions("NATO-2025", "NATO-2026", ally="POL", year=2025)
    assert d.old_ids == ("nato-2025",)
    assert [(r["old"], r["new"]) for r in d.rows] == [(4.48, 4.25)]


# --- layout deviations: each names sheet and cell and what was expected, and imports nothing -----------------


def _mutated(exported, tmp_path, change) -> object:
    wb = openpyxl.load_workbook(exported)
    change(wb)
    p = tmp_path / "mutated.xlsx"
    wb.save(p)
    return p


def _insert_blank_row(wb):
    wb["Table 5"].insert_rows(4)


def _shift_header(wb):
    ws = wb["Table 2"]
    for c in range(15, 1, -1):
        ws.cell(4, c + 1).value = ws.cell(4, c).value
    ws.cell(4, 2).value = None


DEVIATIONS = [
    ("missing sheet", lambda wb: wb.remove(wb["Table 5"]),
     r"missing sheet 'Table 5': no sheet has a title 'Table 5: \.\.\.' .*expected the tables Table 1"),
    ("moved header (column)", _shift_header,
     r"sheet 'Table 2' cell B5: value 178 left of the first year column \(C4 holds 2014\)"),
    ("unknown ally", lambda wb: wb["Table 3"].cell(10, 1, "Atlantis"),
     r"sheet 'Table 3' cell A10: unknown ally name 'Atlantis'; expected one of the English names"),
    ("unknown marker", lambda wb: wb["Table 6"].cell(8, 5, "n.a."),
     r"sheet 'Table 6' cell E8: unknown marker 'n.a.'; expected a number or one of '..'"),
    ("unit line", lambda wb: wb["Table 2"].cell(2, 1, "Billion US dollars"),
     r"sheet 'Table 2' cell A2: unit line 'Billion US dollars'; expected a line containing 'million us dollars'"),
    ("block title", lambda wb: wb["Table 3"].cell(3, 1, "Share of nominal GNI"),
     r"sheet 'Table 3' cell A3: block title 'Share of nominal GNI'; expected a title containing 'share' and 'gdp'"),
    ("table title", lambda wb: wb["Table 7"].cell(1, 1, "Military personnel"),
     r"missing sheet 'Table 7': no sheet has a title .*Table 7 \(no title\)"),
    ("estimate year", lambda wb: wb["Table 1"].cell(4, 14, 2026),
     r"sheet 'Table 1' cell N4: year 2026 has no 'e' after an estimate year"),
    ("missing ally", lambda wb: setattr(wb["Table 7"]["A26"], "value", None),
     r"sheet 'Table 7' cell A5: block 'Thousands' \(header row 4\) has no row for .*Poland"),
    ("unknown currency", lambda wb: wb["Table 1"].cell(5, 1, "Albania (Drachmas)"),
     r"sheet 'Table 1' cell A5: unknown currency 'Drachmas'"),
    ("estimate note", lambda wb: wb["Table 2"].cell(75, 1, "Notes: Figures for 2026 are estimates."),
     r"sheet 'Table 2' cell A75: note says estimates are \[2026\] but the year headers mark \[2025, 2026\]"),
]


@pytest.mark.parametrize("name,change,message", DEVIATIONS, ids=[d[0] for d in DEVIATIONS])
def test_layout_deviation_is_an_error_naming_sheet_and_cell(exported, tmp_path, data_dir, name, change, message):
    p = _mutated(exported, tmp_path, change)
    with pytest.raises(LayoutError, match=message):
        import_file("nato", p, dataset_id="nato-deviant")
    assert not (data_dir / "datasets").exists() or not any((data_dir / "datasets").iterdir())


def test_not_a_workbook(tmp_path):
    p = tmp_path / "def-exp-2026-en.xlsx"
    p.write_text("not a zip")
    with pytest.raises(LayoutError, match=r"not an .xlsx workbook \(the content is text\)"):
        read_nato_workbook(p)


def _tolerated(wb):
    wb["Table 5"].insert_rows(4)  # a blank row between a block title and its year header
    wb["Table 1"]["N4"] = "2026 e"  # a space before the e
    wb["Table 2"]["B4"] = "2014"  # a year stored as text
    wb["Table 2"]["A33"] = "Turkey*"  # older spelling with a footnote star
    wb["Table 3"]["A29"] = "Slovak Republic"
    wb["Table 6"]["A8"] = "Canada *"
    wb["Table 1"].title = "TABLE1"  # sheets are found by their title cell, not their name


def test_tolerated_variations_give_the_same_data(exported, tmp_path):
    p = _mutated(exported, tmp_path, _tolerated)
    assert {_key(o)[:7] for o in read_nato_workbook(p).rows} == {_key(o)[:7] for o in dataset("nato-2026").rows}


def test_nil_and_dash_cells_are_missing_not_zero(exported, tmp_path):
    def change(wb):
        wb["Table 7"]["B5"] = "-"  # Albania 2014 personnel: nil
        wb["Table 7"]["C5"] = "\u2013"

    res = read_nato_workbook(_mutated(exported, tmp_path, change))
    alb = {o.year for o in res.rows if o.ally == "ALB" and o.indicator == "military_personnel"}
    assert 2014 not in alb and 2015 not in alb and 2016 in alb
    assert any("'-' (nil)" in n for n in res.notes) and "Table 7!B5='-'" in res.meta["missing_cells"]


def test_iceland_row_is_tolerated_in_table_5(exported, tmp_path):
    def change(wb):
        ws = wb["Table 5"]
        ws.insert_rows(17)
        ws["A17"] = "Iceland"
        for c in range(2, 15):
            ws.cell(17, c, "..")
        ws["L17"] = 31000.0  # a GDP figure in the Iceland row

    res = read_nato_workbook(_mutated(exported, tmp_path, change))
    isl = [o for o in res.rows if o.ally == "ISL"]
    assert [(o.indicator, o.year, o.value) for o in isl] == [("gdp", 2024, 31000.0)]
