"""Money against delivery on the real files (../shared, imported once per session by the ``delivery_data``
fixture): the capability ledger, headline systems, Ukraine support, investment, Sweden's nowcast, dependence."""

from __future__ import annotations

import pytest

from hague.errors import HagueError
from hague.models import money_delivery as D


def test_f35_sentence_and_rate(delivery_data):
    s = D.system_summary("f-35")
    assert (s["ordered"], s["delivered"], s["outstanding"], s["deals"]) == (713, 188, 525, 17)
    assert s["rate_year"] == 2024 and s["rate"] == 36  # F-35s delivered to allies other than the US in 2024
    assert round(s["years_to_complete"], 1) == 14.6
    assert s["sentence"].startswith("F-35: 713 ordered by allies other than the US, 188 delivered by end-2024, 525 to "
                                    "come; at the 2024 delivery rate (36 a year) that is 14.6 years (17 deals; SIPRI "
                                    "trade register 2025-03-13")


def test_pac3_mse_by_ally(delivery_data):
    r = D.delivery_result(system="pac-3-mse")
    by = {row["code"]: (row["ordered"], row["delivered"]) for row in r.rows}
    assert by["ALLIES"] == (1601, 528)
    assert by["POL"] == (852, 208) and by["DEU"] == (298, 50) and by["SWE"] == (200, 160)
    assert by["ROU"] == (168, 110) and by["ESP"] == (51, 0) and by["NLD"] == (32, 0)
    assert r.provenance.sources[0].dataset == "sipri-trade-2025-03"
    assert any("major conventional weapons only" in n for n in r.notes)


def test_f35_by_ally_matches_readme(delivery_data):
    r = D.delivery_result(system="F-35")
    by = {row["code"]: (row["ordered"], row["delivered"]) for row in r.rows}
    assert by["GBR"] == (138, 37) and by["ITA"] == (110, 37) and by["CAN"] == (88, 0) and by["NOR"] == (52, 46)
    assert by["NLD"] == (57, 41) and by["DNK"] == (27, 17) and by["BEL"] == (34, 7) and by["POL"] == (32, 3)
    assert "USA" not in by


def test_ledger_views(delivery_data):
    caps = D.delivery_result()
    assert [r["capability"] for r in caps.rows][:2] == ["air-missile-defence", "combat-air"]
    total = caps.row(capability="all")
    assert total["deals"] == sum(r["deals"] for r in caps.rows if r["kind"] == "capability")
    pol = D.delivery_result("POL", "air-missile-defence")
    mse = pol.row(system="MIM-104 PAC-3 MSE")
    assert (mse["ordered"], mse["delivered"], mse["outstanding"], mse["deals"]) == (852, 208, 644, 2)
    amd = D.delivery_result(capability="air-missile-defence")
    # the +400% target beside the pace of orders and deliveries of the systems that serve it
    assert amd.notes[0].startswith('Target served: Air and missile defence: "a 400 percent increase in air and missile '
                                   'defence" (+400%')
    assert "Orders 2022-2024: TIV 5,314 million (x10.2 the 2019-2021 orders" in amd.notes[0]
    assert amd.row(code="POL")["deals"] == pol.row(system="Total")["deals"]
    with pytest.raises(HagueError, match="unknown capability 'tanks'; accepted: air-missile-defence"):
        D.delivery_result(capability="tanks")
    with pytest.raises(HagueError, match="unknown ally 'GER'"):
        D.delivery_result("GER")


def test_capability_history_carries_the_target(delivery_data):
    h = D.capability_history("air-missile-defence", start=2015)
    assert h.meta["target"]["change"] == "+400%"
    y2024 = h.row(year=2024)
    assert y2024["delivered"] is not None and y2024["ordered"] > 0
    assert h.row(year=2025)["ordered"] is None  # the register ends in 2024: no order figures for 2025
    f = D.capability_history(system="f-35", start=2020)
    assert f.row(year=2024)["delivered"] == 36 and f.row(year=2024)["ordered_cum"] == 713


def test_kiel_allocations_and_without_ukraine(delivery_data):
    k = D.kiel_allocations()
    # allies only: of Kiel's EUR 173.0 bn military allocations, 171.76 come from NATO allies
    assert round(sum(e["military"] for e in k), 2) == 171.76
    swe = {e["year"]: e for e in D.kiel_allocations("SWE")}
    assert round(swe[2025]["military"], 2) == 3.71 and swe[2025]["months"] == 10  # months with a row in the release
    r = D.ukraine_result("SWE")
    row = r.row(year=2025)
    assert round(row["ukraine_in_budget_pp"], 2) == 0.17 and round(row["core_without_ukraine"], 2) == 2.68
    ltu = D.ukraine_result("LTU", 2026).row(year=2026)
    assert ltu["ukraine_in_budget_pp"] == 0.25
    assert any("direct contributions towards Ukraine's defence" in n for n in r.notes)
    assert any("procurement EUR 81.8 bn, stockpiles 56.8, unspecified 25.3, NATO PURL 4.1" in n for n in r.notes)


def test_investment_cross_check(delivery_data):
    r = D.investment_result(2025)
    assert r.row(code="EU27_2020")["p51g_eur_m"] == 78262.0
    assert r.row(code="SWE")["p51g_eur_m"] == 4864.3
    pol = r.row(code="POL")
    assert pol["nato_equipment_share"] is not None and pol["difference_pct"] is not None
    assert D.investment_result(2021).row(code="EU27_2020")["p51g_eur_m"] == 38360.1
    with pytest.raises(HagueError, match="year 2019 is not in"):
        D.investment_result(2019)


def test_sweden_nowcast():
    r = D.sweden_nowcast_result()
    assert r.meta["year"] == 2026 and r.meta["months"] == 7
    assert round(r.meta["december_prev_materiel"], 2) == 23327.02
    m = r.row(line="1:3")
    assert m["budget"] == 71192 and round(m["prev_full_year"]) == 58829


def test_dependence_and_exporters(delivery_data):
    d = D.dependence_result()
    nld = d.row(code="NLD")
    assert round(nld["us_share"], 1) == 88.4 and nld["top_supplier"] == "United States"
    assert 0 < nld["hhi"] <= 10000
    pol = D.dependence_result("POL")
    assert pol.rows[0]["supplier"] == "South Korea" and round(pol.row(supplier="Total")["share"]) == 100
    ex = D.exporters_result()
    assert ex.row(period="2024")["russia"] > 0 and ex.row(period="2024")["china"] > 0
    assert any("692 deals" in n for n in ex.notes)


def test_without_register_the_error_names_the_import_command(tmp_path, monkeypatch):
    monkeypatch.setenv("HAGUE_DATA_DIR", str(tmp_path))
    from hague.sources.delivery_store import NotImportedError

    with pytest.raises(NotImportedError, match="run 'hague data import sipri-trade FILE'"):
        D.delivery_result()


def test_sources_result_lists_shipped_and_imported(delivery_data):
    r = D.sources_result()
    by = {row["id"]: row for row in r.rows}
    assert by["sipri-trade-2025-03"]["sha256"] == "915257da0889e15d" and by["sipri-trade-2025-03"]["origin"] == "imported"
    assert by["kiel-ust-r29"]["edition"] == "release 29 (04/2026)"
    assert by["eurostat-gov-ev-2026-04-27"]["origin"] == "embedded"
