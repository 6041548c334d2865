"""Property-based run of the OpenAPI schema (schemathesis): no input makes the API answer with a server error.

Bounded: a few examples per operation, as an admin (so the registry endpoints run past authentication).
"""

from __future__ import annotations

import warnings

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from tests.conftest import PASSWORD

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: F401  (schemathesis' ASGI transport needs starlette's client)


@pytest.fixture(scope="module")
def api_app(tmp_path_factory):
    from hague.web.app import create_app
    from hague.web.settings import Settings

    db = tmp_path_factory.mktemp("fuzz") / "hague.sqlite3"
    app = create_app(Settings(database_url=f"sqlite:///{db}", admin_username="staff", admin_password=PASSWORD,
                              max_upload_bytes=50_000))
    reg = app.state.registry
    app.state.fuzz_token = reg.create_token(reg.principal_for("staff"), "fuzz")[0]
    yield app
    reg.engine.dispose()


def test_no_server_errors(api_app):
    from hypothesis import given
    from schemathesis.checks import (
        content_type_conformance,
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
    )

    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", api_app)
    auth = {"Authorization": f"Bearer {api_app.state.fuzz_token}"}
    ran, failures = [], []
    # operations that could revoke the fuzzing admin's own token or account run last, so the rest run signed in
    last = ("DELETE /api/v1/tokens/{token_id}", "PATCH /api/v1/users/{username}")
    ops = sorted((r.ok() for r in schema.get_all_operations()), key=lambda o: o.label in last)
    for op in ops:

        @given(case=op.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case):
            case.call_and_validate(headers=auth, checks=[not_a_server_error, status_code_conformance,
                                                         content_type_conformance, response_schema_conformance])

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{op.label}: {str(exc)[:800]} {[str(e)[:300] for e in getattr(exc, 'exceptions', [])]}")
        ran.append(op.label)
    assert len(ran) >= 25, ran
    assert not failures, "\n\n".join(failures)
