"""GET /api/v1/status reads its query with one model (issue 15): same constraints, errors and OpenAPI as before."""

from __future__ import annotations

import httpx
import pytest


def get(server, path, **kw):
    return httpx.get(server.base + path, headers={"Accept": "application/json"}, timeout=30, **kw)


@pytest.mark.parametrize("query,column,message", [
    ("year=abc", "query.year", "valid integer"),
    ("year=2013", "query.year", "greater than or equal to 2014"),  # the years of NATO's data (issue 22)
    ("year=2027", "query.year", "less than or equal to 2026"),
    ("order=up", "query.order", "'asc' or 'desc'"),
    ("sort=" + "x" * 41, "query.sort", "at most 40 characters"),
    ("edition=", "query.edition", "at least 1 character"),
])
def test_bad_query_is_a_422_naming_the_parameter(server, query, column, message):
    r = get(server, "/api/v1/status?" + query)
    assert r.status_code == 422
    body = r.json()
    assert body["detail"] == "request not valid"
    assert body["errors"][0]["column"] == column and message in body["errors"][0]["message"]


def test_unsupported_format_is_a_406_naming_the_parameter(server):
    r = get(server, "/api/v1/status?format=xml")  # content negotiation: 406, in the same error body
    assert r.status_code == 406
    body = r.json()
    assert body["detail"] == "format 'xml' not supported; accepted: csv, json"
    assert body["errors"][0]["column"] == "query.format" and "'json' or 'csv'" in body["errors"][0]["message"]


def test_good_query_and_openapi(server):
    r = get(server, "/api/v1/status?year=2025&sort=share_gdp&order=asc&edition=2026&unknown=1")
    assert r.status_code == 200
    rows = r.json()["rows"]
    shares = [x["share_gdp"] for x in rows if x["share_gdp"] is not None]
    assert shares == sorted(shares) and r.json()["year"] == 2025
    pol = next(x for x in rows if x["code"] == "POL")
    assert pol["share_gdp"] == 4.25  # NATO 2026 edition, Poland 2025
    params = {p["name"]: p for p in get(server, "/api/v1/openapi.json").json()["paths"]["/api/v1/status"]["get"][
        "parameters"]}
    assert set(params) == {"year", "edition", "sort", "order", "format"}
    assert params["year"]["schema"]["anyOf"][0] == {"maximum": 2026, "minimum": 2014, "type": "integer"}
    assert params["order"]["schema"]["anyOf"][0]["enum"] == ["asc", "desc"]
