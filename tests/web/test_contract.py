"""One contract: the OpenAPI schema states the real limits (years of NATO's data, not 1949-2100), OPTIONS is
answered, error bodies have the documented shape, and a bounded schemathesis run of the public data operations
(positive and negative input) finds 0 failures."""

from __future__ import annotations

import warnings

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: F401


#: endpoints answering from NATO's data: their ``year`` is a year of a NATO edition
NATO_DATA = {"/api/v1/status", "/api/v1/check", "/api/v1/burden", "/api/v1/related", "/api/v1/observations"}


def test_years_in_the_schema_are_the_years_of_the_data(web):
    from hague.data import dataset

    doc = web.clients["public"].get("/api/v1/openapi.json").json()
    years = dataset("nato-2026").years()
    found = []
    for path, ops in doc["paths"].items():
        for op in ops.values():
            for p in op.get("parameters", []):
                if p["name"] == "year" and path in NATO_DATA:
                    s = p["schema"].get("anyOf", [p["schema"]])[0]
                    found.append(path)
                    assert (s["minimum"], s["maximum"]) == (years[0], years[-1]) == (2014, 2026), (path, s)
    assert set(found) == NATO_DATA
    r = web.clients["public"].get("/api/v1/status?year=2013")
    assert r.status_code == 422 and r.json()["errors"][0]["column"] == "query.year"


def test_options_is_answered(web):
    c = web.clients["public"]
    r = c.options("/api/v1/status")
    assert r.status_code == 204 and r.headers["allow"] == "GET, HEAD, OPTIONS"
    assert r.headers["access-control-allow-origin"] == "*"
    r = c.options("/api/v1/indicators/core_defence_expenditure_share_gdp.csv")
    assert r.status_code == 204 and "GET" in r.headers["allow"]
    r = c.options("/api/v1/plans/drafts/7")
    assert r.status_code == 204 and set(r.headers["allow"].split(", ")) == {"DELETE", "GET", "HEAD", "OPTIONS", "PUT"}
    assert "access-control-allow-origin" not in r.headers  # the registry is not opened to other origins
    r = c.options("/api/v1/nowhere")
    assert r.status_code == 404 and r.json() == {"detail": "no endpoint at /api/v1/nowhere", "errors": []}
    r = c.put("/api/v1/status")
    assert r.status_code == 405 and "GET" in r.headers["allow"]


def test_error_bodies_have_the_documented_shape(web):
    c = web.clients["public"]
    doc = c.get("/api/v1/openapi.json").json()
    shape = doc["components"]["schemas"]["ErrorPublic"]
    assert shape["required"] == ["detail"] and set(shape["properties"]) == {"detail", "errors"}
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            for code, resp in op["responses"].items():
                if code.startswith("4") and code != "413":
                    ref = resp.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
                    assert ref.endswith("/ErrorPublic"), (method, path, code)
    for url in ["/api/v1/status?year=1990", "/api/v1/status?year=abc", "/api/v1/allies/GER", "/api/v1/check?ally=X",
                "/api/v1/status?edition=2031", "/api/v1/indicators/nosuch.csv", "/api/v1/path/DEU?target=-1",
                "/api/v1/plans/submissions"]:
        r = c.get(url)
        assert 400 <= r.status_code < 500, (url, r.status_code)
        body = r.json()
        assert set(body) <= {"detail", "errors"} and isinstance(body["detail"], str) and body["detail"], (url, body)
        assert isinstance(body.get("errors", []), list)


def test_schemathesis_on_the_public_data_operations(web):
    """Bounded: 12 examples per operation, positive and negative input; checks: no server error, documented
    status codes, content types and response schemas."""
    from hypothesis import given
    from hypothesis.errors import Unsatisfiable
    from schemathesis import GenerationMode
    from schemathesis.checks import (
        content_type_conformance,
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
    )

    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", web.app)
    ops = [r.ok() for r in schema.get_all_operations()]
    ops = [o for o in ops if o.method.upper() == "GET" and not o.path.startswith(("/api/v1/plans", "/api/v1/tokens",
                                                                                  "/api/v1/users"))]
    assert len(ops) >= 15
    failures = []
    for op in ops:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @given(case=op.as_strategy(generation_mode=mode))
            @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
            def run(case):
                case.call_and_validate(checks=[not_a_server_error, status_code_conformance,
                                               content_type_conformance, response_schema_conformance])

            try:
                run()
            except Unsatisfiable:  # an operation without parameters has no negative input to send
                assert mode == GenerationMode.NEGATIVE, op.label
            except Exception as exc:
                failures.append(f"{op.label} {mode}: {str(exc)[:600]}")
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("path", ["/api/v1/status", "/api/v1/indicators/gdp.metadata.json"])
def test_head_is_get_without_a_body(web, path):
    r = web.clients["public"].head(path + ("?unit=USD%20million&price_basis=current" if "gdp" in path else ""))
    assert r.status_code == 200 and r.content == b""
