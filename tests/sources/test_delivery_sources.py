"""Importers of the delivery, investment and support files: every export shape on real files (../shared) and on
the small shipped fixtures, one-line errors naming file, line and column, all-or-nothing storage with a sidecar."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hague.errors import HagueError
from hague.sources import LayoutError
from hague.sources.delivery_store import NotImportedError, delivery_datasets, import_delivery, load_delivery
from hague.sources.eurostat import read_jsonstat
from hague.sources.kiel import read_kiel
from hague.sources.sipri_trade import read_deliveries_by_year, read_trade_register
from hague.sources.statskontoret import read_outturn

FIX = Path(__file__).parent / "fixtures"
SMALL = FIX / "sipri_trade_register_small.csv"


def _f35(reg):
    deals = [d for d in reg.deals if d.designation.startswith("F-35") and d.recipient_iso3 not in (None, "USA")]
    return sum(d.ordered for d in deals), sum(d.delivered for d in deals)


# --- SIPRI trade register: the real exports --------------------------------------------------------------------------

def test_full_register_march_2025_f35_and_pac3(shared_file):
    reg = read_trade_register(shared_file("data/delivery/sipri/trade-register-2025-03.csv"))
    assert len(reg) == 29515 and reg.encoding == "cp1252" and reg.layout == "2025"
    assert reg.generated_iso == "2025-03-13" and reg.year_range is None and reg.last_year == 2024
    assert _f35(reg) == (713, 188)
    pac = [d for d in reg.deals if "PAC-3 MSE" in d.designation and d.recipient_iso3]
    assert (sum(d.ordered or 0 for d in pac), sum(d.delivered for d in pac)) == (1601, 528)
    pol = [d for d in pac if d.recipient_iso3 == "POL"]
    assert (sum(d.ordered for d in pol), sum(d.delivered for d in pol)) == (852, 208)
    # the four records SIPRI's export split over two lines are joined back, at the line where they start
    assert "4 deal(s) split over two physical lines" in reg.notes[0]
    civ = next(d for d in reg.deals if d.line == 5432)
    assert (civ.recipient, civ.designation, civ.tiv_order, civ.delivered) == ("Cote d'Ivoire", "vehicle engine", 0.36, 0)
    assert civ.order_year_uncertain and civ.ordered_uncertain and not civ.delivered_uncertain
    assert next(d for d in reg.deals if d.line == 5434).line == 5434  # the record after the split one


def test_delivered_only_export_october_2025(shared_file):
    reg = read_trade_register(shared_file("data/delivery/sipri/trade-register-2025-10-delivered.csv"))
    assert len(reg) == 28348 and reg.year_range == (1950, 2025) and reg.generated_iso == "2025-10-23"
    assert reg.scope.startswith("deals with deliveries in 1950-2025")
    # a subset: 2024 orders not yet delivered are absent (Poland's 644 PAC-3 MSE of 2023)
    assert not [d for d in reg.deals if d.recipient == "Poland" and "PAC-3 MSE" in d.designation and d.order_year == 2023]


def test_2026_format_china_register(shared_file):
    reg = read_trade_register(shared_file("data/delivery/sipri/china-exports-2026/trade_register_china_2000_2025.csv"))
    assert reg.layout == "2026" and reg.encoding == "utf-8" and len(reg) == 692
    assert reg.delivered_scope == "delivered in 2000-2025 only"
    assert {d.supplier for d in reg.deals} == {"China"}
    # TIV cells like '0 ' read as 0
    assert round(sum(d.tiv_delivered or 0 for d in reg.deals)) == 31795


# --- SIPRI trade register: every shape on the small fixture -----------------------------------------------------------

def test_fixture_latin1_with_title_block_and_split_record():
    reg = read_trade_register(SMALL)
    assert reg.encoding == "cp1252" and len(reg) == 16
    nor = next(d for d in reg.deals if d.recipient == "Norway")
    assert (nor.ordered, nor.delivered, nor.order_year_uncertain, nor.delivery_years[-1]) == (52, 46, True, 2024)
    kor = next(d for d in reg.deals if d.recipient == "South Korea" and d.designation == "MIM-104 PAC-3")
    assert kor.ordered is None  # empty 'Number ordered' = not yet known
    assert reg.deals[0].comments.endswith("from South Africa") and reg.deals[0].tiv_unit == 0.03


def test_fixture_utf8_without_title_block(tmp_path):
    lines = SMALL.read_bytes().decode("cp1252").splitlines(keepends=True)
    p = tmp_path / "register-utf8.csv"
    p.write_text("".join(lines[11:]), encoding="utf-8")
    reg = read_trade_register(p)
    assert reg.encoding == "utf-8" and len(reg) == 16 and reg.generated is None
    assert reg.deals[1].line == 4  # header on line 1, the split record on lines 2-3


def test_2026_column_names_on_the_fixture(tmp_path):
    text = SMALL.read_bytes().decode("cp1252").replace(",Number delivered,", ",Deliveries in the Year Range,", 1)
    p = tmp_path / "r.csv"
    p.write_text(text, encoding="utf-8")
    assert read_trade_register(p).layout == "2026"


def _broken(tmp_path, old: str, new: str) -> Path:
    text = SMALL.read_bytes().decode("cp1252")
    assert old in text
    p = tmp_path / "broken.csv"
    p.write_bytes(text.replace(old, new, 1).encode("cp1252"))
    return p


@pytest.mark.parametrize(("old", "new", "message"), [
    ("Norway,United States,2008,?", "Norway,United States,20O8,?",
     "broken.csv: line 22 column 3 (Year of order): '20O8'; expected a year such as 2019"),
    ("Norway,United States,2008,?", "Norway,United States,2008,x",
     "broken.csv: line 22 column 4 (' ' (uncertainty flag of the order year)): 'x'; expected '?' (uncertain) or empty"),
    (",52,,F-35A", ",fifty,,F-35A", "broken.csv: line 22 column 5 (Number ordered): 'fifty'"),
    ("2015; 2016; 2017", "2015; 2O16; 2017", "broken.csv: line 22 column 11 (Year(s) of delivery)"),
    (",46,,2015", ",46,,2015",  # unchanged: control
     None),
    (",New,NOK63", ",Used,NOK63", "broken.csv: line 22 column 12 (status): 'Used'"),
    ("Recipient,Supplier,Year of order", "Recipient,Supplier,Order year",
     "broken.csv: line 12 column 3: header 'Order year'; expected 'Year of order'"),
])
def test_register_errors_name_file_line_and_column(tmp_path, old, new, message):
    p = _broken(tmp_path, old, new)
    if message is None:
        assert len(read_trade_register(p)) == 16
        return
    with pytest.raises(LayoutError) as e:
        read_trade_register(p)
    assert str(e.value).startswith(message) and "\n" not in str(e.value)


def test_register_structural_errors(tmp_path):
    with pytest.raises(LayoutError, match=r"broken.csv: line 22: 17 fields, expected 16"):
        read_trade_register(_broken(tmp_path, "Norway,United States,2008", "Norway,United States,x,2008"))
    text = SMALL.read_bytes().decode("cp1252")
    p = tmp_path / "cut.csv"
    p.write_bytes(text[: text.index(",0.03,0.36,0")].encode("cp1252"))  # ends inside the split record
    with pytest.raises(LayoutError, match=r"cut.csv: line 13: 13 fields, expected 16 \(the file ends inside a record\)"):
        read_trade_register(p)
    semi = tmp_path / "semi.csv"
    semi.write_text(text.replace(",", ";"), encoding="utf-8")
    with pytest.raises(LayoutError, match=r"semi.csv: line 12: the columns are separated by ';' \(a re-save by Excel"):
        read_trade_register(semi)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(LayoutError, match="empty.csv: the file is empty"):
        read_trade_register(empty)
    with pytest.raises(LayoutError, match=r"other.csv: line 1: no header row 'Recipient,Supplier"):
        (tmp_path / "other.csv").write_text("a,b\n1,2\n")
        read_trade_register(tmp_path / "other.csv")


def test_excel_dates_in_designations_warn_with_line_and_column(tmp_path):
    p = _broken(tmp_path, "F-35A Lightning-2", "1-Mar")
    reg = read_trade_register(p)
    assert len(reg) == 16
    assert reg.warnings == ["broken.csv: line 22 column 7 (Weapon designation): '1-Mar' looks like a date made by "
                            "Excel from a designation; re-export the register from SIPRI rather than re-saving it in "
                            "Excel"]
    assert read_trade_register(_broken(tmp_path, "F-35A Lightning-2", "2023-03-01")).warnings[0].startswith(
        "broken.csv: line 22 column 7 (Weapon designation): '2023-03-01'")


# --- deliveries per year, Eurostat, Kiel, Statskontoret -------------------------------------------------------------

def test_deliveries_by_year_real_file(shared_file):
    d = read_deliveries_by_year(shared_file("data/delivery/sipri/deliveries-by-year-1950-2025.json"))
    assert len(d.records) == 60229 and d.years == (1950, 2025)
    f35_2024 = sum(r.number for r in d.records if r.year == 2024 and r.designation.startswith("F-35")
                   and r.recipient_iso3 not in (None, "USA"))
    assert f35_2024 == 36


def test_deliveries_by_year_errors(tmp_path):
    p = tmp_path / "d.json"
    p.write_text('{"Russia": {"2024": {"India": [["2", "5.2", "tank"]]}}}')
    with pytest.raises(LayoutError, match=r"d.json: supplier 'Russia' year 2024 recipient 'India' record 1: "):
        read_deliveries_by_year(p)
    p.write_text('{"Russia": {"2024": \n {"India": [}}')
    with pytest.raises(LayoutError, match=r"d.json: line 2 column 13: not JSON"):
        read_deliveries_by_year(p)


def test_eurostat_p51g_eu27_2021_and_2025(shared_file):
    js = read_jsonstat(shared_file("data/delivery/eurostat/gov_ev-defence.json"))
    assert js.get(na_item="P51G", unit="MIO_EUR", geo="EU27_2020", time="2021") == 38360.1
    assert js.get(na_item="P51G", unit="MIO_EUR", geo="EU27_2020", time="2025") == 78262.0
    members = sum(v.value for v in js.values if v.coords["na_item"] == "P51G" and v.coords["unit"] == "MIO_EUR"
                  and v.coords["time"] == "2025" and v.coords["geo"] != "EU27_2020")
    assert round(members) == 78262  # member values sum to EU27
    assert len(js.values) == 798 and js.dataset_code == "GOV_EV"


def test_eurostat_errors(tmp_path, shared_file):
    doc = json.loads(shared_file("data/delivery/eurostat/gov_ev-defence.json").read_text())
    doc["size"][4] = 27
    p = tmp_path / "e.json"
    p.write_text(json.dumps(doc))
    with pytest.raises(LayoutError, match=r"e.json: dimension 'geo': category index has 28 entries; expected 27"):
        read_jsonstat(p)
    p.write_text('{"version": "2.0",\n "class": "dataset", "value": [1,}')
    with pytest.raises(LayoutError, match=r"e.json: line 2 column 34: not JSON"):
        read_jsonstat(p)


def test_statskontoret_december_2025_materiel(shared_file):
    o = read_outturn(shared_file("data/delivery/statskontoret/utgifter-2026-07.csv"))
    assert round(o.total(year=2025, appropriation="1:3", months=(12,)), 2) == 23327.02
    assert round(o.total(year=2025, prefix="0601") / 1000, 1) == 154.7  # 2025 defence appropriations, SEK bn
    assert o.last_month == {2025: 12, 2026: 7}


def test_statskontoret_bad_number(tmp_path, shared_file):
    text = shared_file("data/delivery/statskontoret/utgifter-2026-07.csv").read_text(encoding="utf-8")
    p = tmp_path / "u.csv"
    p.write_text(text.replace("3759,45112166", "3759.451.12166", 1), encoding="utf-8")
    with pytest.raises(LayoutError, match=r"u.csv: line 16 column 22 \(Utfall november\): '3759.451.12166'; expected SEK"):
        read_outturn(p)


def test_kiel_release_29_totals(shared_file):
    k = read_kiel(shared_file("data/delivery/kiel-ust-release29"))
    assert k.release == "29" and k.date == "2026-08-04"
    assert round(sum(r["military"] for r in k.rows), 1) == 173.0
    assert round(sum(r["total"] for r in k.rows), 1) == 358.4
    assert round(sum(r["commitments"] for r in k.rows), 1) == 548.0
    ch = k.tables["procurement_trends"]
    assert [round(sum(r[c] for r in ch), 1) for c in ("procurement", "stockpile", "nato_purl")] == [81.8, 56.8, 4.1]


def test_kiel_fixture_and_errors(tmp_path):
    k = read_kiel(FIX / "kiel_small")
    assert k.release == "29" and len(k.rows) == 5
    assert round(sum(r["military"] for r in k.rows if r["iso"] == "SWE"), 6) == 2.087634
    bad = tmp_path / "data_explorer.csv"
    bad.write_text((FIX / "kiel_small" / "data_explorer.csv").read_text().replace("1.09585,0,0", "1.09585,zero,0", 1))
    with pytest.raises(LayoutError, match=r"data_explorer.csv: line 4 column 6 \(financial\): 'zero'; expected a number"):
        read_kiel(bad)


# --- the store: all-or-nothing, sidecar, sha256 -------------------------------------------------------------------------

def test_import_stores_verbatim_with_sidecar_and_is_all_or_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("HAGUE_DATA_DIR", str(tmp_path / "d"))
    with pytest.raises(NotImportedError, match="hague data import sipri-trade FILE"):
        load_delivery("sipri-trade")
    out = import_delivery("sipri-trade", SMALL)
    assert out.dataset_id == "sipri-trade-2025-03"
    side = out.path / "source.yaml"
    import hashlib

    import yaml

    meta = yaml.safe_load(side.read_text())
    assert meta["files"][0]["sha256"] == hashlib.sha256(SMALL.read_bytes()).hexdigest()
    assert (out.path / SMALL.name).read_bytes() == SMALL.read_bytes()
    reg, m = load_delivery("sipri-trade")
    assert len(reg) == 16 and m["id"] == "sipri-trade-2025-03"
    with pytest.raises(HagueError, match="already imported"):
        import_delivery("sipri-trade", SMALL)
    # a broken file: nothing written, the earlier import untouched
    bad = _broken(tmp_path, "Norway,United States,2008,?", "Norway,United States,20O8,?")
    before = sorted(p.name for p in (tmp_path / "d" / "delivery").iterdir())
    with pytest.raises(LayoutError):
        import_delivery("sipri-trade", bad, dataset_id="other", replace=True)
    assert sorted(p.name for p in (tmp_path / "d" / "delivery").iterdir()) == before
    # a stored file changed afterwards is refused
    (out.path / SMALL.name).write_bytes(SMALL.read_bytes() + b"\n")
    with pytest.raises(HagueError, match="changed since it was imported"):
        load_delivery("sipri-trade")
    assert import_delivery("sipri-trade", SMALL, replace=True).written
    assert len(load_delivery("sipri-trade")[0]) == 16


def test_shipped_eurostat_and_statskontoret_are_listed():
    kinds = {d["kind"]: d for d in delivery_datasets() if d["origin"] == "embedded"}
    assert kinds["eurostat"]["id"] == "eurostat-gov-ev-2026-04-27"
    assert kinds["statskontoret"]["id"] == "statskontoret-2026-07"
    js, meta = load_delivery("eurostat")
    assert js.get(na_item="P51G", unit="MIO_EUR", geo="SE", time="2025") == 4864.3 and meta["licence"].startswith("Eurostat")
