from __future__ import annotations

import pytest

import hague
from hague.allies import all_allies, members, resolve
from hague.errors import UnknownAllyError


def test_32_allies_and_accession_years():
    assert len(all_allies()) == 32
    years = {a.iso3: a.accession_year for a in all_allies()}
    assert years["MNE"] == 2017 and years["MKD"] == 2020 and years["FIN"] == 2023 and years["SWE"] == 2024


def test_members_follow_accession():
    assert "SWE" not in {a.iso3 for a in members(2023)}
    assert "SWE" in {a.iso3 for a in members(2024)}
    assert len(members(2016)) == 28 and len(members(2026)) == 32


@pytest.mark.parametrize("code,iso3", [("pol", "POL"), ("PL", "POL"), ("Germany", "DEU"), ("EL", "GRC"),
                                       ("UK", "GBR"), ("Turkey", "TUR"), ("Türkiye", "TUR")])
def test_resolve_accepts_codes_and_names(code, iso3):
    assert resolve(code).iso3 == iso3


def test_unknown_ally_suggests():
    with pytest.raises(UnknownAllyError) as exc:
        resolve("GER")
    assert str(exc.value) == "unknown ally 'GER'; did you mean DEU (Germany)?"
    with pytest.raises(UnknownAllyError, match="did you mean FRA"):
        resolve("Frnace")


def test_iceland_has_no_armed_forces():
    isl = resolve("ISL")
    assert not isl.has_armed_forces and isl.currency is None


def test_public_allies_frame():
    df = hague.allies().set_index("iso3")
    assert df.loc["MKD", "name"] == "North Macedonia"
    assert not df.loc["ISL", "has_armed_forces"]  # the same key as the API and `hague allies`


# Issue 11, item 8: the names and short forms NATO, SIPRI and the IMF use (shared/reference/file-layouts.md 1.4, 2)
@pytest.mark.parametrize("name,iso3", [
    ("Holland", "NLD"), ("Netherlands", "NLD"), ("The Netherlands", "NLD"), ("Netherlands, The", "NLD"),
    ("Slovak Republic", "SVK"), ("Slovakia", "SVK"), ("Türkiye", "TUR"), ("Turkiye", "TUR"), ("Turkey", "TUR"),
    ("Türkiye, Republic of", "TUR"), ("Czechia", "CZE"), ("Czech Republic", "CZE"),
    ("United States of America", "USA"), ("United States", "USA"), ("U.S.", "USA"), ("UK", "GBR"),
    ("Great Britain", "GBR"), ("United Kingdom", "GBR"), ("North Macedonia", "MKD"), ("FYROM", "MKD"),
    ("North Macedonia, Republic of", "MKD"), ("Sweden* (Kronor)", "SWE"), ("  slovak   REPUBLIC ", "SVK"),
])
def test_resolve_accepts_nato_sipri_and_imf_names(name, iso3):
    assert resolve(name).iso3 == iso3


def test_holland_no_longer_suggests_poland_and_the_map_is_built_once():
    from hague.allies import _index, match_name

    assert resolve("Holland").name == "Netherlands"  # was: "did you mean POL (Poland)?"
    _index.cache_clear()
    match_name.cache_clear()
    for name in ("Holland", "Slovak Republic", "FYROM", "DEU", "Türkiye"):
        match_name(name)
    assert _index.cache_info().misses == 1 and _index.cache_info().hits == 4


def test_importers_use_the_same_name_map():
    from hague.sources._common import match_ally

    assert match_ally("Slovak Republic") == "SVK" and match_ally("Netherlands, The") == "NLD"
    assert match_ally("Russia") is None


def test_ally_dict_has_one_set_of_keys():
    from hague.allies import all_allies

    keys = {"iso3", "iso2", "nato_code", "name", "accession_year", "currency", "has_armed_forces"}
    assert set(resolve("ISL").to_dict()) == keys and resolve("ISL").to_dict()["has_armed_forces"] is False
    assert set(hague.allies().columns) == keys
    assert [a.to_dict() for a in all_allies()] == hague.allies().replace({float("nan"): None}).to_dict("records")
