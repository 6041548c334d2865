"""IMF WEO: legacy tab-delimited (UTF-16LE and cp1252), the October 2025 Excel layout and the portal CSV."""

from __future__ import annotations

import pytest

from hague.data import dataset
from hague.sources import LayoutError, import_file, read_source
from hague.sources.weo import decode_text, detect_format


def _same_as(res, dataset_id):
    emb = {(o.ally, o.year, o.indicator, o.unit, o.price_basis): o for o in dataset(dataset_id).rows}
    got = {(o.ally, o.year, o.indicator, o.unit, o.price_basis): o for o in res.rows}
    assert set(got) == set(emb)
    for k, o in emb.items():
        assert got[k].value == pytest.approx(o.value, rel=1e-12), k
        assert got[k].estimate == o.estimate, k
        assert got[k].get("weo_code") == o.get("weo_code")
        assert got[k].get("last_actual_year") == o.get("last_actual_year")


@pytest.mark.parametrize("encoding", ["utf-16-le", "cp1252"])
def test_legacy_file_gives_the_april_2025_values(tmp_path, build, encoding):
    p = build.weo_legacy(tmp_path / "WEOApr2025all.xls", encoding=encoding)
    raw = p.read_bytes()
    assert (raw[1] == 0) == (encoding == "utf-16-le")
    res = read_source("weo", p)
    assert res.meta["edition"] == "2025-04" and res.dataset_id == "imf-weo-2025-04"
    assert any(encoding in n for n in res.notes)
    _same_as(res, "imf-weo-2025-04")


def test_legacy_edition_from_footer_wins_and_cp1252_names_decode(tmp_path, build):
    p = build.weo_legacy(tmp_path / "weo.xls", encoding="cp1252", edition_line="April 2025")
    assert "Türkiye" in p.read_bytes().decode("cp1252")
    res = read_source("weo", p, dataset_id="weo-legacy")
    assert res.meta["edition"] == "2025-04"
    o = next(o for o in res.rows if (o.ally, o.year, o.get("weo_code")) == ("USA", 2024, "NGDPD"))
    assert o.value == dataset("imf-weo-2025-04").value("USA", "gdp", 2024, unit="USD billion")


def test_excel_layout_gives_the_october_2025_values(tmp_path, build):
    res = read_source("weo", build.weo_excel(tmp_path / "WEOOct2025all.xlsx"))
    assert res.meta["edition"] == "2025-10"
    _same_as(res, "imf-weo-2025-10")
    usa = {(o.year, o.get("weo_code")): o.value for o in res.rows if o.ally == "USA"}
    assert usa[(2024, "NGDPD")] == 29298.025  # USD billion, IMF WEO Oct 2025


def test_portal_csv_divides_by_the_scale_exponent(tmp_path, build):
    p = build.weo_portal(tmp_path / "dataset_2025-10-16T05_59_25_IMF.RES_WEO_9.0.0.csv")
    res = read_source("weo", p, edition="2025-10")
    _same_as(res, "imf-weo-2025-10")
    assert any("without a scale" in n for n in res.notes)


def test_fiscal_year_latest_actual(tmp_path, build):
    p = build.weo_excel(tmp_path / "WEOOct2025all.xlsx")
    import openpyxl

    wb = openpyxl.load_workbook(p)
    ws = wb["Countries"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "GBR.NGDPD.A")
    row[7].value = "FY2024/25"
    wb.save(p)
    res = read_source("weo", p)
    gbr = {o.year: o for o in res.rows if o.ally == "GBR" and o.get("weo_code") == "NGDPD"}
    assert gbr[2025].get("last_actual_year") == "2025" and gbr[2025].estimate is False and gbr[2026].estimate is True


def test_import_needs_another_id_than_the_shipped_one(tmp_path, build, data_dir):
    from hague.errors import HagueError

    p = build.weo_excel(tmp_path / "WEOOct2025all.xlsx")
    with pytest.raises(HagueError, match="'imf-weo-2025-10' is shipped"):
        import_file("weo", p)
    import_file("weo", p, dataset_id="imf-weo-2025-10-mine")
    assert dataset("imf-weo-2025-10-mine").value("ISL", "population", 2026) == 0.4


def test_detection_and_decoding():
    assert decode_text(b"\xff\xfeW\x00E\x00")[0] == "WE"
    assert detect_format(None, "WEO Country Code\tISO\n".encode("utf-16-le")) == "legacy"  # type: ignore[arg-type]


def test_deviations(tmp_path, build):
    p = build.weo_legacy(tmp_path / "WEOApr2025all.xls", encoding="cp1252")
    text = p.read_bytes().decode("cp1252")
    bad = tmp_path / "scale.xls"
    bad.write_bytes(text.replace("\tBillions\t", "\tThousands\t", 1).encode("cp1252"))
    with pytest.raises(LayoutError, match=r"scale.xls line 2 column 'Scale': unknown scale 'Thousands'"):
        read_source("weo", bad)
    bad.write_bytes(text.replace("\tn/a\t", "\tnone\t", 1).encode("cp1252"))
    with pytest.raises(LayoutError, match=r"line 2 column '1980' \(ALB NGDPD\): unknown value 'none'"):
        read_source("weo", bad)
    bad.write_bytes(text.replace("Estimates Start After", "Estimates start", 1).encode("cp1252"))
    with pytest.raises(LayoutError, match=r"line 1: missing column 'Estimates Start After'"):
        read_source("weo", bad)
    nofooter = tmp_path / "weo.xls"
    nofooter.write_bytes(text.replace("International Monetary Fund, World Economic Outlook Database, April 2025", "")
                         .encode("cp1252"))
    with pytest.raises(LayoutError, match="no edition found"):
        read_source("weo", nofooter)
    unknown = tmp_path / "x.csv"
    unknown.write_text("a,b\n1,2\n")
    with pytest.raises(LayoutError, match="not a WEO file I know"):
        read_source("weo", unknown)


@pytest.mark.parametrize("raw_units", [False, True])
def test_excel_without_scale_column_is_scaled_by_magnitude(tmp_path, build, raw_units):
    import openpyxl

    p = build.weo_excel(tmp_path / "WEOOct2025all.xlsx")
    wb = openpyxl.load_workbook(p)
    ws = wb["Countries"]
    ws.delete_cols(7)  # SCALE: whether levels are in billions or units is not documented for this layout
    if raw_units:
        for row in ws.iter_rows(min_row=3):
            exp = {"NGDPD": 9, "NGDP": 9, "LP": 6}.get(row[3].value)
            for c in row[8:]:
                if exp and c.value is not None:
                    c.value = c.value * 10**exp
    wb.save(p)
    res = read_source("weo", p)
    _same_as(res, "imf-weo-2025-10")


def test_implausible_magnitude_is_an_error(tmp_path, build):
    import openpyxl

    p = build.weo_excel(tmp_path / "WEOOct2025all.xlsx")
    wb = openpyxl.load_workbook(p)
    ws = wb["Countries"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value in ("USA.NGDPD.A", "G001.NGDPD.A"):
            row[6].value = "Millions"  # the values are billions: a wrong scale label
    wb.save(p)
    with pytest.raises(LayoutError, match=r"United States NGDPD 2010 is 15.049 USD billion after scaling; expected"):
        read_source("weo", p)
