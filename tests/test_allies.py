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
    assert not df.loc["ISL", "armed_forces"]
