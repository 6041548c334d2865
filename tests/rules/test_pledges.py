"""Historical pledges (2014-2024) and The Hague commitment as dated pledges of every ally."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from tests.conftest import shared_path

from hague.data import dataset
from hague.rules.pledges import PledgeDataError, hague_pledge, historical_pledges, read_pledges_csv

SHARE = "core_defence_expenditure_share_gdp"


def test_the_rule_tree_holds_the_reference_file_row_for_row():
    ref = shared_path("reference", "historical-pledges", "historical-pledges-2014-2024.csv")
    with ref.open(newline="", encoding="utf-8") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    ours = {p.id: p for p in historical_pledges(expand=False)}
    assert len(rows) == len(ours) == 100
    for pid, r in rows.items():
        p = ours[pid]
        assert (p.ally, p.announced, p.kind, p.target_value, p.unit, p.source_url, p.source_kind) == (
            r["ally_iso3"], r["announced"], r["kind"], float(r["target_value"]), r["unit"], r["source_url"],
            r["source_kind"]), pid


def test_realised_shares_in_the_file_are_natos_2026_edition():
    ds = dataset("nato-2026")
    checked = 0
    for p in historical_pledges(expand=False):
        if p.file_realised is not None:
            assert ds.value(p.ally, SHARE, p.target_year) == pytest.approx(p.file_realised, abs=0.005), p.id
            checked += 1
    assert checked == 55
    rou = next(p for p in historical_pledges("ROU") if p.id == "ROU-2022-floor2.5-2023")
    assert (rou.target_value, rou.target_year, rou.file_realised, rou.delivery_kind) == (2.5, 2023, 1.61,
                                                                                         "political target")


def test_wales_binds_the_members_of_2014_below_two_percent():
    wales = {p.ally: p for p in historical_pledges() if p.source_id == "NATO-2014-wales-2pct-2024"}
    assert len(wales) == 24
    assert {"DEU", "ESP", "CAN", "ITA", "BEL"} <= set(wales)  # 2014: 1.16, 0.92, 1.01, 1.13, 0.97 % of GDP
    assert not {"GRC", "USA", "GBR"} & set(wales)  # at or above 2% in 2014 (NATO 2026 edition)
    assert not {"FIN", "SWE", "MNE", "MKD"} & set(wales)  # not members in 2014
    assert wales["DEU"].delivery_kind == "alliance-wide" and wales["DEU"].id == "NATO-2014-wales-2pct-2024.DEU"


def test_kinds_and_dates():
    by_id = {p.id: p for p in historical_pledges(expand=False)}
    assert by_id["LVA-2015-path-2.0-2018"].delivery_kind == "legislated path"
    assert by_id["CZE-2023-law-floor2-2024"].delivery_kind == "law"
    assert by_id["GBR-2024-87bn-2030"].delivery_kind == "money"
    assert by_id["POL-2015-floor2-2016"].origin_year == 2015  # announced 2015-07-23: the 2015 estimate known
    assert [p.id for p in historical_pledges("EST", as_of=date(2023, 12, 31))] == [
        "NATO-2014-wales-2pct-2024.EST", "NATO-2023-vilnius-floor2.EST", "EST-2023-3pct-2024"]
    assert [p.id for p in historical_pledges("EST", as_of=date(2023, 2, 28))] == ["NATO-2014-wales-2pct-2024.EST"]


@pytest.mark.parametrize("ally", ["CAN", "ESP", "TUR", "USA", "DEU"])
def test_the_hague_is_a_dated_pledge_of_every_ally(ally):
    p = hague_pledge(ally)
    assert (p.target_value, p.target_year, p.announced_date, p.delivery_kind, p.source_kind) == (
        3.5, 2035, date(2025, 6, 25), "alliance-wide", "NATO")


HEADER = ("id,ally_iso3,announced,kind,target_value,unit,target_year,basis,source_url,source_kind,confidence,"
          "superseded_by,note,realised_share_in_target_year,realised_edition,realised_is_estimate,gap_pp,outcome,"
          "floor_end_year,realised_floor_min_to_2025,role\n")


@pytest.mark.parametrize("row,expect", [
    ("x,DEU,2019-13,share_target,2,pct_GDP,2024,NATO,https://a.org,press,low,,n,,,,,,,,headline", "column announced"),
    ("x,DEU,2019,wish,2,pct_GDP,2024,NATO,https://a.org,press,low,,n,,,,,,,,headline", "column kind"),
    ("x,DEU,2019,share_target,-2,pct_GDP,2024,NATO,https://a.org,press,low,,n,,,,,,,,headline",
     "column target_value"),
    ("x,GER,2019,share_target,2,pct_GDP,2024,NATO,https://a.org,press,low,,n,,,,,,,,headline", "column ally_iso3"),
    ("x,DEU,2019,share_target,2,pct_GDP,2024,NATO,https://a.org,press,low,y,n,,,,,,,,headline",
     "column superseded_by"),
])
def test_bad_pledge_rows_name_row_and_column(row, expect):
    with pytest.raises(PledgeDataError) as e:
        read_pledges_csv(HEADER + row + "\n", "my-pledges.csv")
    assert str(e.value).startswith("my-pledges.csv: row 2") and expect in str(e.value), str(e.value)
