"""The result layer and the one formatter: real figures from the embedded NATO 2026 edition."""

from __future__ import annotations

import json
import os
import stat

import pytest

from hague.data import resolve_edition
from hague.errors import ExportError, UnknownDatasetError
from hague.render import data_value, format_for, format_value, render, write_result
from hague.results import Column, Provenance, Result

SHARE = Column("share_gdp", "% GDP", "percent of GDP", 2, "percent", priority=1)
BN = Column("spend_usd_bn", "USD bn", "USD billion, current", 2, "money", priority=2)


def _albania() -> Result:
    from hague.data import dataset

    ds = dataset("nato-2026")
    share = ds.value("ALB", "core_defence_expenditure_share_gdp", 2026)
    usd = ds.value("ALB", "core_defence_expenditure", 2026, unit="USD million", price_basis="current")
    gdp = ds.value("ALB", "gdp", 2026, unit="USD million", price_basis="current")
    row = {"code": "ALB", "kind": "ally", "share_gdp": share, "spend_usd_bn": usd / 1000,
           "gap_35_usd_bn": (3.5 - share) / 100 * gdp / 1000}
    cols = [Column("code", "Code", priority=0), Column("kind", "Kind", priority=9), SHARE, BN,
            Column("gap_35_usd_bn", "Gap 3.5 USD bn", "USD billion", 2, "money", priority=3,
                   origin="computed by hague", inputs=("share_gdp", "gdp"))]
    return Result("Albania 2026", [row], cols, Provenance.of("nato-2026"))


def test_albania_same_string_in_every_format():
    r = _albania()
    row = r.rows[0]
    assert format_value(row["spend_usd_bn"], BN) == "0.72"  # NATO 2026 Table 2: USD 722 m
    gap = r.column("gap_35_usd_bn")
    assert format_value(row["gap_35_usd_bn"], gap) == "0.45"
    table = render(r, "table", width=100)
    assert "0.72" in table and "0.45" in table and "0.722" not in table
    csv_text = render(r, "csv")
    assert csv_text.splitlines()[1].split(",")[3:] == ["0.72", "0.45"]
    doc = json.loads(render(r, "json"))
    assert doc["rows"][0]["spend_usd_bn"] == 0.72 and doc["rows"][0]["gap_35_usd_bn"] == 0.45
    assert doc["provenance"]["columns"]["gap_35_usd_bn"]["origin"] == "computed by hague"
    assert doc["provenance"]["sources"][0]["edition"] == "2026-07"


def test_small_values_keep_significance_and_no_negative_zero():
    eur_m = Column("unit_cost", "Unit cost", "EUR million", 2, "money")
    assert format_value(0.0044, eur_m) == "0.0044" and data_value(0.0044, eur_m) == 0.0044
    assert format_value(-0.0000000000000004, SHARE) == "0.00"
    assert format_value(4.25 - 4.48, SHARE) == "-0.23"  # POL 2025, NATO 2026 vs 2025 edition
    assert format_value(None, SHARE) == format_value(float("nan"), SHARE) == "—"
    gdp_k = Column("gdp_per_capita", "GDP/cap USD k", "USD thousand", 1, "number")
    assert format_value(13.8, gdp_k) == "13.8"


def test_csv_loads_numeric_in_pandas_and_sidecar(tmp_path):
    import pandas as pd

    path = tmp_path / "alb.csv"
    fmt, written = write_result(_albania(), path)
    assert fmt == "csv" and [p.name for p in written] == ["alb.csv", "alb.csv.meta.json"]
    df = pd.read_csv(path)
    assert df["share_gdp"].dtype.kind == "f" and df.loc[0, "spend_usd_bn"] == 0.72
    meta = json.loads((tmp_path / "alb.csv.meta.json").read_text())
    assert meta["provenance"]["sources"][0]["dataset"] == "nato-2026"


def test_format_contradicting_extension_is_an_error_and_nothing_is_written(tmp_path):
    with pytest.raises(ExportError, match="contradicts the file extension"):
        write_result(_albania(), tmp_path / "x.csv", "xlsx")
    assert list(tmp_path.iterdir()) == []
    assert format_for("x.xlsx", None) == "xlsx"


def test_files_honour_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        _, [p, side] = write_result(_albania(), tmp_path / "a.csv")
    finally:
        os.umask(old)
    assert stat.S_IMODE(p.stat().st_mode) == 0o644 and stat.S_IMODE(side.stat().st_mode) == 0o644


def test_table_fits_width_and_names_left_out_columns():

    r = _albania()
    narrow = render(r, "table", width=30)
    assert all(len(line) <= 30 for line in narrow.splitlines())
    assert "Not shown at width 30: Kind (kind)" in " ".join(narrow.split())
    wide = render(r, "table", width=30, wide=True)
    assert "Kind" in wide.splitlines()[1]
    picked = render(r, "table", columns=["code", "share_gdp"], width=100)
    assert "USD bn" not in picked and "2.15" in picked  # Albania 2026: 2.15% of GDP


def test_frame_is_unrounded():
    df = _albania().frame()
    assert round(df.loc[0, "spend_usd_bn"], 3) == 0.722
    assert df.attrs["provenance"]["sources"][0]["edition"] == "2026-07"


def test_xlsx_has_sources_sheet(tmp_path):
    from openpyxl import load_workbook

    write_result(_albania(), tmp_path / "a.xlsx")
    wb = load_workbook(tmp_path / "a.xlsx")
    assert wb.sheetnames == ["data", "columns", "sources"]
    assert wb["data"]["D2"].value == 0.72
    assert any(row[1].value == "nato-2026" for row in wb["sources"].iter_rows(min_row=2) if len(row) > 1)


def test_resolve_edition_names_ids_and_unknown():
    assert resolve_edition(None) == "nato-2026"
    assert resolve_edition("2026") == resolve_edition("NATO-2026") == "nato-2026"
    assert resolve_edition("NATO-2025") == "nato-2025-secondary"
    with pytest.raises(UnknownDatasetError, match="nato-2026.*NATO-2025"):
        resolve_edition("2031")


def test_public_api_edition_keyword():
    import hague

    df = hague.load(edition="2026", validate=False)
    pol = df.query("ally == 'POL' and year == 2025 and indicator == 'core_defence_expenditure_share_gdp'")
    assert pol.value.item() == 4.25
    assert hague.value("DEU", "core_defence_expenditure_share_gdp", 2026, edition="NATO-2026") == 2.69
    with pytest.warns(DeprecationWarning):
        assert hague.value("POL", "core_defence_expenditure_share_gdp", 2025, dataset_id="nato-2026") == 4.25
