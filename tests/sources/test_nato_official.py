"""The NATO reader on NATO's real June 2024 workbook (../shared/data/official/nato, provenance in its README).

Figures asserted are those read from the file and listed in shared/data/official/README.md.
"""

from __future__ import annotations

import pytest

from hague.data import dataset
from hague.sources import import_file, read_nato_workbook

WORKBOOK = "data/official/nato/240617-def-exp-2024-TABLES-en.xlsx"


@pytest.fixture
def wb2024(shared_file):
    return read_nato_workbook(shared_file(WORKBOOK))


def _v(res, ally, year, indicator, **kw):
    hits = [o for o in res.rows if o.ally == ally and o.year == year and o.indicator == indicator
            and all(getattr(o, k) == v for k, v in kw.items())]
    assert len(hits) == 1, hits
    return hits[0]


def test_named_figures_of_the_real_2024_workbook(wb2024):
    pol = _v(wb2024, "POL", 2024, "defence_expenditure_share_gdp")
    assert round(pol.value, 2) == 4.12 and pol.estimate and pol.price_basis == "constant_2015"
    assert _v(wb2024, "USA", 2024, "defence_expenditure", unit="USD million", price_basis="current").value == 967707
    assert round(_v(wb2024, "GBR", 2024, "defence_expenditure", unit="USD million", price_basis="current").value) == 82107
    assert round(_v(wb2024, "SWE", 2024, "defence_expenditure", unit="SEK million", price_basis="current").value) == 139930
    assert round(_v(wb2024, "POL", 2024, "military_personnel").value, 1) == 216.1
    assert round(_v(wb2024, "POL", 2024, "defence_expenditure|equipment_share").value, 2) == 51.13
    euca = wb2024.aggregates[("EUCA", "Table 3", "defence_expenditure_share_gdp", "percent of GDP", "constant_2015", 2024)]
    assert round(euca, 2) == 2.02


def test_edition_series_and_price_base_are_its_own(wb2024):
    m = wb2024.meta
    assert m["edition"] == "2024-06" and m["price_base"] == 2015 and m["series"] == "defence_expenditure"
    assert "Core" not in m["title"] and "(Defence expenditure" in m["title"]
    assert not any(o.indicator.startswith("core_") for o in wb2024.rows)
    assert any("predates the 'core defence expenditure' wording" in n for n in wb2024.notes)
    assert {o.price_basis for o in wb2024.rows} == {"current", "constant_2015", "n/a"}
    assert any("check rows skipped" in n for n in wb2024.notes)
    assert any(n.startswith("Table 4 (") for n in wb2024.notes)
    # Iceland has GDP rows (Tables 5 and 6) but no defence rows
    assert {o.indicator for o in wb2024.rows if o.ally == "ISL"} == {"gdp", "gdp_per_capita"}


def test_import_compares_every_published_aggregate_including_2015_prices(shared_file, data_dir):
    out = import_file("nato", shared_file(WORKBOOK))
    assert out.dataset_id == "nato-2024" and out.rows == 5126
    checks = out.aggregate_checks
    # Tables 2 (current and 2015 prices), 3 (share, real change), 5 (current and 2015), 6, 7 for EUCA and NATO
    assert {c["table"] for c in checks} == {"Table 2", "Table 3", "Table 5", "Table 6", "Table 7"}
    assert {c["price_basis"] for c in checks if c["table"] == "Table 2"} == {"current", "constant_2015"}
    assert len(checks) == 198 and out.meta["aggregate_check"]["compared"] == 196
    assert [c for c in checks if c["status"] == "differs"] == []
    not_recomputed = [(c["table"], c["year"]) for c in checks if c["status"] == "not recomputed"]
    assert not_recomputed == [("Table 3", 2014), ("Table 3", 2014)]  # real change 2014 needs 2013
    euca = next(c for c in checks if c["group"] == "EUCA" and c["table"] == "Table 3" and c["year"] == 2024
                and c["indicator"].endswith("_share_gdp"))
    assert round(euca["workbook"], 2) == 2.02 and abs(euca["hague"] - euca["workbook"]) < 0.005
    ds = dataset("nato-2024")
    assert round(ds.value("POL", "defence_expenditure_share_gdp", 2024), 2) == 4.12
