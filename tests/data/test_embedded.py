"""The embedded dataset carries the figures of its sources, with provenance."""

from __future__ import annotations

import csv

import pytest

import hague
from hague.data import STANDARD_COLUMNS, dataset, dataset_ids, provenance


def test_germany_2026_share_and_euro_amount():
    ds = dataset("nato-2026")
    assert ds.value("DEU", "core_defence_expenditure_share_gdp", 2026) == 2.69
    assert ds.value("DEU", "core_defence_expenditure", 2026, unit="EUR million", price_basis="current") == 124660
    assert ds.value("DEU", "core_defence_expenditure_share_gdp", 2025) == 2.22  # SOURCES.md check K


def test_poland_2025_and_2026_shares():
    ds = dataset("nato-2026")
    assert ds.value("POL", "core_defence_expenditure_share_gdp", 2025) == 4.25
    assert ds.value("POL", "core_defence_expenditure_share_gdp", 2026) == 4.68
    # the older edition said 4.48 for 2025 (press); both are kept, labelled by edition
    press = dataset("nato-2025-press")
    assert press.value("POL", "defence_expenditure_share_gdp", 2025) == 4.48
    assert press.edition == "2025-08"


def test_estimate_years_are_2025_and_2026():
    assert dataset("nato-2026").estimate_years() == [2025, 2026]


def test_31_allies_with_armed_forces_and_no_iceland_rows():
    ds = dataset("nato-2026")
    assert len(ds.ally_codes()) == 31
    assert "ISL" not in ds.ally_codes()


def test_every_row_has_unit_price_basis_source_and_edition():
    for i in dataset_ids():
        if i == "allies":
            continue
        for o in dataset(i):
            assert o.unit and o.price_basis and o.source and o.edition, (i, o)


def test_long_frame_has_the_standard_columns():
    df = hague.load()
    assert list(df.columns[: len(STANDARD_COLUMNS)]) == list(STANDARD_COLUMNS)
    assert df.attrs["provenance"]["producer"] == "NATO Public Diplomacy Division"
    assert len(df) == 6013


@pytest.mark.parametrize("dataset_id", ["nato-2026", "nato-2025-secondary", "nato-2025-press",
                                        "nato-2023-2024-graphicnews", "imf-weo-2025-10", "imf-weo-2025-04", "allies"])
def test_every_dataset_has_a_complete_sidecar(dataset_id):
    meta = provenance(dataset_id)
    for key in ("producer", "title", "edition", "url", "licence", "processing", "attribution"):
        assert str(meta.get(key, "")).strip(), f"{dataset_id}: sidecar lacks {key}"


def test_secondary_copies_are_labelled_secondary():
    assert provenance("nato-2025-secondary")["secondary"] is True
    assert provenance("nato-2023-2024-graphicnews")["secondary"] is True
    assert provenance("nato-2026")["secondary"] is False


def test_embedded_values_equal_the_shared_source_file(shared_file):
    ds = dataset("nato-2026")
    n = 0
    with shared_file("data/nato_defence_expenditure_2026ed.csv").open(newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            o = ds.find(r["ally_iso3"], r["indicator"], int(r["year"]), unit=r["unit"],
                        price_basis=r["price_basis"] or "n/a")
            assert o is not None and o.value == float(r["value"]), r
            n += 1
    assert n == len(ds) == 6013


def test_weo_population_and_bulgaria_currency_note():
    weo = dataset("imf-weo-2025-10")
    assert weo.value("ISL", "population", 2026) == 0.4
    assert weo.value("DEU", "gdp", 2021, unit="USD billion", price_basis="current") is not None
    # April 2025 vintage: Montenegro population 2021-22 missing in the source, left out (not zero)
    assert dataset("imf-weo-2025-04").value("MNE", "population", 2021) is None


def test_catalogue_index_matches_the_sidecars():
    """embedded/catalogue.json (read at start instead of parsing YAML) holds exactly the sidecars' content."""
    import json

    from hague.data import CATALOGUE_INDEX, _load_yaml, _sidecar_texts

    idx = json.loads(CATALOGUE_INDEX.read_text(encoding="utf-8"))
    texts = _sidecar_texts()
    assert idx["sidecars"] == texts, "stale index: run python -c 'import hague.data as d; d.write_catalogue_index()'"
    assert idx["catalogue"] == [_load_yaml(t) for t in texts.values()]
    assert {m["id"] for m in idx["catalogue"]} >= {"nato-2026", "imf-weo-2025-10"}
