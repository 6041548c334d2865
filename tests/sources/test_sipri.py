"""SIPRI Milex workbook: the small fixture (April 2025 release values), markers, fractions, fonts, deviations."""

from __future__ import annotations

import openpyxl
import pytest
from openpyxl.styles import Font
from openpyxl.styles.colors import Color

from hague.data import dataset
from hague.sources import LayoutError, import_file, read_source


@pytest.fixture
def sipri_file(tmp_path, build):
    return build.sipri(tmp_path / "SIPRI-Milex-data-1949-2024_2.xlsx")


def test_reads_the_allies_values(sipri_file, build):
    res = read_source("sipri", sipri_file)
    got = {(o.ally, o.year, o.indicator, o.price_basis): o for o in res.rows}
    assert res.dataset_id == "sipri-2025" and res.meta["price_base"] == 2023
    # April 2025 release (shared/data/sipri_milex_2025release.csv): USA 2024 share 3.419217 %, USD 997,309 m
    assert got[("USA", 2024, "military_expenditure_share_gdp", "current")].value == pytest.approx(3.419217)
    assert got[("USA", 2024, "military_expenditure", "current")].value == 997309.0
    assert got[("POL", 2024, "military_expenditure", "constant_2023")].value == pytest.approx(34488.346)
    assert got[("LUX", 2024, "military_expenditure_share_gov_spending", "current")].value == pytest.approx(1.992978)
    # every value of the extract comes back, with its flag
    for (iso, y, ind, basis), (v, flag) in build.sipri_values().items():
        o = got[(iso, y, ind, basis)]
        assert o.value == pytest.approx(v, rel=1e-9)
        assert (o.get("flag") or "") == flag
        assert o.estimate == ("sipri_estimate" in flag)
    assert len(res.rows) == len(build.sipri_values())
    assert got[("ALB", 2024, "military_expenditure", "current")].get("sipri_notes") == "§¶3"


def test_estimates_zeros_and_markers(sipri_file):
    res = read_source("sipri", sipri_file)
    got = {(o.ally, o.year, o.indicator, o.price_basis): o for o in res.rows}
    bgr = got[("BGR", 2000, "military_expenditure_share_gdp", "current")]
    assert bgr.estimate is True and bgr.value == pytest.approx(2.652456)  # blue font in SIPRI's sheet
    isl = got[("ISL", 2024, "military_expenditure", "current")]
    assert isl.value == 0 and isl.get("flag") == "zero_in_source"
    assert ("ISL", 2024, "military_expenditure_share_gdp", "current") not in got  # '...' in the release
    assert any("'xxx'" in n for n in res.notes) and any("'...'" in n for n in res.notes)


def test_rgb_red_font_is_flagged_uncertain(sipri_file, tmp_path):
    wb = openpyxl.load_workbook(sipri_file)
    ws = wb["Share of GDP"]
    cell = next(c for row in ws.iter_rows(min_row=7) if row[0].value == "Poland" for c in row if c.column == 3 + 2024 - 1949)
    cell.font = Font(color=Color(rgb="FFFF0000"))
    p = tmp_path / "red.xlsx"
    wb.save(p)
    o = next(o for o in read_source("sipri", p).rows
             if (o.ally, o.year, o.indicator) == ("POL", 2024, "military_expenditure_share_gdp"))
    assert o.get("flag") == "highly_uncertain" and o.estimate is False and o.value == pytest.approx(4.154394)


def test_import_into_data_dir(sipri_file, data_dir):
    out = import_file("sipri", sipri_file)
    assert out.dataset_id == "sipri-2025"
    assert dataset("sipri-2025").value("DEU", "military_expenditure_share_gdp", 2024) == pytest.approx(1.891904)
    assert out.meta["family"] == "sipri" and "SIPRI" in out.meta["attribution"]


def _edit(path, tmp_path, fn):
    wb = openpyxl.load_workbook(path)
    fn(wb)
    p = tmp_path / "edited.xlsx"
    wb.save(p)
    return p


def _percent_not_fraction(wb):
    ws = wb["Share of GDP"]
    for row in ws.iter_rows(min_row=7):
        if row[0].value == "Poland":
            row[2 + 2024 - 1949].value = 4.154394


DEVIATIONS = [
    ("missing sheet", lambda wb: wb.remove(wb["Share of GDP"]),
     r"missing sheet 'Share of GDP'; expected the SIPRI sheets Constant \(2023\) US\$, Current US\$"),
    ("moved header", lambda wb: wb["Current US$"].insert_rows(2),
     r"sheet 'Current US\$' cell A7: header 'Country' moved; expected it in A6"),
    ("unknown marker", lambda wb: setattr(wb["Share of GDP"]["BZ20"], "value", "n.a."),
     r"sheet 'Share of GDP' cell BZ20 \(.* 2024\): unknown marker 'n.a.'"),
    ("percent instead of fraction", _percent_not_fraction,
     r"sheet 'Share of GDP' cell BZ\d+ \(Poland 2024\): 4.154394 is not a fraction"),
    ("renamed ally", lambda wb: setattr(wb["Constant (2023) US$"]["A10"], "value", "Kanada"),
     r"sheet 'Constant \(2023\) US\$' column A: no row for Canada"),
]


@pytest.mark.parametrize("name,change,message", DEVIATIONS, ids=[d[0] for d in DEVIATIONS])
def test_layout_deviation(sipri_file, tmp_path, data_dir, name, change, message):
    p = _edit(sipri_file, tmp_path, change)
    with pytest.raises(LayoutError, match=message):
        import_file("sipri", p)
    assert not (data_dir / "datasets").exists() or not any((data_dir / "datasets").iterdir())
