"""The API's check, path and burden responses are rendered from the core Results: same figures as the Python API,
plus the column specs (origin, inputs) and the sources with their editions."""

from __future__ import annotations

import pytest

import hague


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from hague.web.settings import Settings

    db = tmp_path_factory.mktemp("api-results") / "h.sqlite3"
    app = hague.create_app(Settings(database_url=f"sqlite:///{db}", admin_password="not-used-0123456789"))
    with TestClient(app) as c:
        yield c


def test_check_response_is_the_result(client):
    body = client.get("/api/v1/check?ally=DEU&commitment=hague-2025.core&year=2026").json()
    row = body["rows"][0]
    r = hague.check_result(2026, commitment="hague-2025.core", ally="DEU")
    assert (row["value"], row["gap_pp"]) == (2.69, 0.81)  # NATO 2026: DEU 2.69% of GDP, 0.81 pp short of 3.5
    assert row["gap_usd_m"] == round(r.row(code="DEU")["gap_usd_m"]) > 40_000  # one figure: the API's is the core's
    cols = {c["key"]: c for c in body["columns"]}
    assert cols["gap_pp"]["origin"] == "computed by hague" and cols["value"]["origin"] == "source"
    assert body["sources"][0]["dataset"] == "nato-2026" and body["sources"][0]["edition"] == "2026-07"
    assert body["provenance"]["edition"] == "2026-07"  # the older field keeps its shape


def test_path_and_burden_responses(client):
    p = client.get("/api/v1/path/DEU").json()
    y = next(r for r in p["rows"] if r["year"] == 2035)
    assert (y["share_gdp"], y["budget_usd_2021"]) == (3.5, 169465)  # USD million at 2021 prices, as `hague path`
    assert [s["dataset"] for s in p["sources"]] == ["nato-2026", "imf-weo-2025-10"]
    b = client.get("/api/v1/burden?year=2026").json()
    usa = next(r for r in b["rows"] if r["code"] == "USA")
    assert usa["spend_share"] == 57.07 and [g["code"] for g in b["groups"]] == ["USA", "EUCA", "NATO"]
    assert round(b["hhi_equivalent"], 2) == round(hague.burden_result(2026).meta["hhi_equivalent"], 2)


def test_catalog_responses_name_their_catalog(client):
    t = client.get("/api/v1/targets").json()
    assert t["sources"][0]["dataset"] == "catalog:targets"
    assert next(x for x in t["items"] if x["id"] == "air-missile-defence")["change"] == "+400%"
    c = client.get("/api/v1/compare?topic=ammunition").json()
    assert c["sources"][0]["dataset"] == "catalog:adversary"
    assert next(x for x in c["items"] if x["id"] == "ru-shells-rusi-2023")["value"] == 2_500_000
