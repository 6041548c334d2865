"""Authorization as a matrix: every route x every role (public, delegate of DEU, delegate of POL, admin).

Resources in the matrix belong to Germany (DEU), so the Polish delegate is the "delegate of ally B" who must be
refused. A route added to the app without a row here fails :func:`test_matrix_covers_every_route`.
"""

from __future__ import annotations

import itertools

import pytest
from tests.conftest import PASSWORD, plan_csv
from tests.web.conftest import csrf_of

ROLES = ("public", "deu", "pol", "admin")
DEU_PLAN = plan_csv("DEU")
_seq = itertools.count()


def _api(web, role, method, path, **kw):
    from fastapi.testclient import TestClient

    headers = {"Authorization": f"Bearer {web.tokens[role]}"} if role != "public" else {}
    c = web.__dict__.setdefault("_api_client", TestClient(web.app, follow_redirects=False))
    return c.request(method, path, headers=headers, **kw)


def _page(web, role, method, path, data=None, files=None):
    c = web.clients[role]
    if method == "GET":
        return c.get(path)
    return c.post(path, data={**(data or {}), "csrf": csrf_of(c)}, files=files)


def _deu_submission(web) -> int:
    if "_sub" not in web.__dict__:
        web._sub = web.registry.submit(web.principal("deu-delegate"), "DEU", "deu.csv", DEU_PLAN.encode())["id"]
    return web._sub


def _deu_draft(web) -> int:
    return web.registry.create_draft(web.principal("deu-delegate"), "DEU", "draft.csv", DEU_PLAN.encode())["id"]


def _deu_token(web) -> int:
    return web.registry.create_token(web.principal("deu-delegate"), "victim")[1]["id"]


def _target_user(web) -> str:
    name = f"target-{next(_seq)}"
    web.registry.create_user(None, name, PASSWORD, "delegate", "ITA")
    return name


def _plan_json():
    return {"filename": "deu.csv", "content": DEU_PLAN}


def _upload():
    return {"file": ("deu.csv", DEU_PLAN.encode(), "text/csv")}


A, B, C, D = 200, 201, 204, 303
N = 404
# (method, route path) -> (how to call it for a role, expected status: public, deu, pol, admin)
MATRIX = {
    ("GET", "/api/v1/openapi.json"): (lambda w, r: _api(w, r, "GET", "/api/v1/openapi.json"), (A, A, A, A)),
    ("GET", "/api/v1/ping"): (lambda w, r: _api(w, r, "GET", "/api/v1/ping"), (A, A, A, A)),
    ("GET", "/api/v1/status"): (lambda w, r: _api(w, r, "GET", "/api/v1/status"), (A, A, A, A)),
    ("GET", "/api/v1/allies"): (lambda w, r: _api(w, r, "GET", "/api/v1/allies"), (A, A, A, A)),
    ("GET", "/api/v1/allies/{code}"): (lambda w, r: _api(w, r, "GET", "/api/v1/allies/POL"), (A, A, A, A)),
    ("GET", "/api/v1/indicators"): (lambda w, r: _api(w, r, "GET", "/api/v1/indicators"), (A, A, A, A)),
    ("GET", "/api/v1/indicators/{indicator}.csv"): (lambda w, r: _api(
        w, r, "GET", "/api/v1/indicators/core_defence_expenditure_share_gdp.csv?allies=POL~DEU"), (A, A, A, A)),
    ("GET", "/api/v1/indicators/{indicator}.json"): (lambda w, r: _api(
        w, r, "GET", "/api/v1/indicators/core_defence_expenditure_share_gdp.json?time=2026"), (A, A, A, A)),
    ("GET", "/api/v1/indicators/{indicator}.metadata.json"): (lambda w, r: _api(
        w, r, "GET", "/api/v1/indicators/gdp.metadata.json?unit=USD%20million&price_basis=current"), (A, A, A, A)),
    ("GET", "/api/v1/observations"): (lambda w, r: _api(w, r, "GET", "/api/v1/observations?ally=DEU"), (A, A, A, A)),
    ("GET", "/api/v1/check"): (lambda w, r: _api(w, r, "GET", "/api/v1/check?ally=DEU"), (A, A, A, A)),
    ("GET", "/api/v1/path/{code}"): (lambda w, r: _api(w, r, "GET", "/api/v1/path/DEU"), (A, A, A, A)),
    ("GET", "/api/v1/fiscal/{code}"): (lambda w, r: _api(w, r, "GET", "/api/v1/fiscal/DEU"), (A, A, A, A)),
    ("GET", "/api/v1/simulate"): (lambda w, r: _api(w, r, "GET", "/api/v1/simulate?ally=DEU&draws=512"), (A, A, A, A)),
    ("GET", "/api/v1/burden"): (lambda w, r: _api(w, r, "GET", "/api/v1/burden"), (A, A, A, A)),
    ("GET", "/api/v1/targets"): (lambda w, r: _api(w, r, "GET", "/api/v1/targets"), (A, A, A, A)),
    ("GET", "/api/v1/compare"): (lambda w, r: _api(w, r, "GET", "/api/v1/compare"), (A, A, A, A)),
    ("GET", "/burden"): (lambda w, r: _page(w, r, "GET", "/burden"), (A, A, A, A)),
    # money against delivery: public; without a SIPRI/Kiel import in this data dir those routes answer 404 naming the
    # import command, the same for every role; Eurostat and Statskontoret are shipped (200)
    **{("GET", f"/api/v1/delivery{p}"): (lambda w, r, p=p: _api(w, r, "GET", f"/api/v1/delivery{p}"), (N, N, N, N))
       for p in ("", "/systems", "/history", "/ukraine", "/dependence", "/exporters")},
    **{("GET", f"/api/v1/delivery{p}"): (lambda w, r, p=p: _api(w, r, "GET", f"/api/v1/delivery{p}"), (A, A, A, A))
       for p in ("/investment", "/sweden", "/sources")},
    ("GET", "/delivery"): (lambda w, r: _page(w, r, "GET", "/delivery"), (A, A, A, A)),
    ("GET", "/delivery/{key}"): (lambda w, r: _page(w, r, "GET", "/delivery/air-missile-defence"), (A, A, A, A)),
    ("GET", "/capabilities"): (lambda w, r: _page(w, r, "GET", "/capabilities"), (A, A, A, A)),
    ("GET", "/api/v1/sources"): (lambda w, r: _api(w, r, "GET", "/api/v1/sources"), (A, A, A, A)),
    ("GET", "/api/v1/related"): (lambda w, r: _api(w, r, "GET", "/api/v1/related"), (A, A, A, A)),
    ("GET", "/api/v1/plans/summary"): (lambda w, r: _api(w, r, "GET", "/api/v1/plans/summary"), (A, A, A, A)),
    ("GET", "/api/v1/plans/submissions"): (lambda w, r: _api(w, r, "GET", "/api/v1/plans/submissions"),
                                           (401, A, A, A)),
    ("GET", "/api/v1/plans/submissions/{submission_id}"): (
        lambda w, r: _api(w, r, "GET", f"/api/v1/plans/submissions/{_deu_submission(w)}"), (401, A, A, A)),
    ("GET", "/api/v1/plans/submissions/{submission_id}/file"): (
        lambda w, r: _api(w, r, "GET", f"/api/v1/plans/submissions/{_deu_submission(w)}/file"), (401, A, A, A)),
    ("POST", "/api/v1/plans/submissions/{submission_id}/reviews"): (
        lambda w, r: _api(w, r, "POST", f"/api/v1/plans/submissions/{_deu_submission(w)}/reviews",
                          json={"outcome": "noted", "comment": "matrix"}), (401, 403, 403, B)),
    ("POST", "/plans/submissions/{submission_id}/reviews"): (
        lambda w, r: _page(w, r, "POST", f"/plans/submissions/{_deu_submission(w)}/reviews",
                           {"outcome": "accepted", "comment": "ok"}), (401, 403, 403, D)),
    ("POST", "/api/v1/plans/{ally}/submissions"): (
        lambda w, r: _api(w, r, "POST", "/api/v1/plans/DEU/submissions", json=_plan_json()), (401, B, 403, B)),
    ("POST", "/api/v1/plans/{ally}/submissions/upload"): (
        lambda w, r: _api(w, r, "POST", "/api/v1/plans/DEU/submissions/upload", files=_upload()), (401, B, 403, B)),
    ("GET", "/api/v1/plans/drafts"): (lambda w, r: _api(w, r, "GET", "/api/v1/plans/drafts"), (401, A, A, A)),
    ("POST", "/api/v1/plans/{ally}/drafts"): (
        lambda w, r: _api(w, r, "POST", "/api/v1/plans/DEU/drafts", json=_plan_json()), (401, B, 403, B)),
    ("GET", "/api/v1/plans/drafts/{draft_id}"): (
        lambda w, r: _api(w, r, "GET", f"/api/v1/plans/drafts/{_deu_draft(w)}"), (401, A, 404, A)),
    ("PUT", "/api/v1/plans/drafts/{draft_id}"): (
        lambda w, r: _api(w, r, "PUT", f"/api/v1/plans/drafts/{_deu_draft(w)}", json=_plan_json()), (401, A, 404, A)),
    ("DELETE", "/api/v1/plans/drafts/{draft_id}"): (
        lambda w, r: _api(w, r, "DELETE", f"/api/v1/plans/drafts/{_deu_draft(w)}"), (401, C, 404, C)),
    ("POST", "/api/v1/plans/drafts/{draft_id}/submit"): (
        lambda w, r: _api(w, r, "POST", f"/api/v1/plans/drafts/{_deu_draft(w)}/submit"), (401, B, 404, B)),
    ("GET", "/api/v1/tokens"): (lambda w, r: _api(w, r, "GET", "/api/v1/tokens"), (401, A, A, A)),
    ("POST", "/api/v1/tokens"): (lambda w, r: _api(w, r, "POST", "/api/v1/tokens", json={"name": "x"}),
                                 (401, B, B, B)),
    ("DELETE", "/api/v1/tokens/{token_id}"): (
        lambda w, r: _api(w, r, "DELETE", f"/api/v1/tokens/{_deu_token(w)}"), (401, A, 404, A)),
    ("GET", "/api/v1/users"): (lambda w, r: _api(w, r, "GET", "/api/v1/users"), (401, 403, 403, A)),
    ("POST", "/api/v1/users"): (
        lambda w, r: _api(w, r, "POST", "/api/v1/users", json={"username": f"new-{next(_seq)}", "password": PASSWORD,
                                                              "role": "delegate", "ally": "FRA"}), (401, 403, 403, B)),
    ("PATCH", "/api/v1/users/{username}"): (
        lambda w, r: _api(w, r, "PATCH", f"/api/v1/users/{_target_user(w)}", json={"active": False}),
        (401, 403, 403, A)),
    ("GET", "/api/v1/audit"): (lambda w, r: _api(w, r, "GET", "/api/v1/audit"), (401, 403, 403, A)),
    ("GET", "/api/v1/audit/verify"): (lambda w, r: _api(w, r, "GET", "/api/v1/audit/verify"), (401, 403, 403, A)),
    # --- pages ---
    ("GET", "/healthz"): (lambda w, r: _page(w, r, "GET", "/healthz"), (A, A, A, A)),
    ("GET", "/"): (lambda w, r: _page(w, r, "GET", "/"), (A, A, A, A)),
    ("GET", "/ally/{code}"): (lambda w, r: _page(w, r, "GET", "/ally/DEU"), (A, A, A, A)),
    ("GET", "/sources"): (lambda w, r: _page(w, r, "GET", "/sources"), (A, A, A, A)),
    ("GET", "/five-percent"): (lambda w, r: _page(w, r, "GET", "/five-percent"), (A, A, A, A)),
    ("GET", "/dossier"): (lambda w, r: _page(w, r, "GET", "/dossier"), (A, A, A, A)),
    ("GET", "/dossier/{code}"): (lambda w, r: _page(w, r, "GET", "/dossier/LTU"), (A, A, A, A)),
    ("GET", "/verify"): (lambda w, r: _page(w, r, "GET", "/verify?claim=PL%3A+2026e+4.68%25+of+GDP"), (A, A, A, A)),
    ("GET", "/api/v1/dossier/{code}"): (lambda w, r: _api(w, r, "GET", "/api/v1/dossier/LTU?draws=1000"),
                                        (A, A, A, A)),
    ("GET", "/api/v1/verify"): (lambda w, r: _api(w, r, "GET", "/api/v1/verify?ally=POL&year=2026&value=4.68&"
                                                               "unit=pct_GDP"), (A, A, A, A)),
    ("GET", "/api"): (lambda w, r: _page(w, r, "GET", "/api"), (A, A, A, A)),
    ("GET", "/login"): (lambda w, r: _page(w, r, "GET", "/login"), (A, A, A, A)),
    ("POST", "/login"): (lambda w, r: _page(w, r, "POST", "/login", {"username": "nobody-here",
                                                                     "password": "not-a-password"}),
                         (401, 401, 401, 401)),
    ("POST", "/logout"): (lambda w, r: _logout_other(w, r), (D, D, D, D)),
    ("GET", "/plans"): (lambda w, r: _page(w, r, "GET", "/plans"), (A, A, A, A)),
    ("GET", "/plans/new"): (lambda w, r: _page(w, r, "GET", "/plans/new"), (401, A, A, A)),
    ("POST", "/plans/new"): (lambda w, r: _page(w, r, "POST", "/plans/new", {"ally": "DEU", "action": "submit",
                                                                             "text": DEU_PLAN}), (401, A, 403, A)),
    ("GET", "/plans/drafts/{draft_id}/confirm"): (
        lambda w, r: _page(w, r, "GET", f"/plans/drafts/{_deu_draft(w)}/confirm"), (401, A, 404, A)),
    ("GET", "/plans/errors/{token}.csv"): (
        lambda w, r: _page(w, r, "GET", "/plans/errors/AAAAAAAAAAAAAAAAAAAAAA.csv"), (401, 404, 404, 404)),
    ("GET", "/compare"): (lambda w, r: _page(w, r, "GET", "/compare?allies=POL,DEU"), (A, A, A, A)),
    ("GET", "/chart/{name}.{ext}"): (lambda w, r: _page(w, r, "GET", "/chart/overview.csv?year=2026"), (A, A, A, A)),
    ("GET", "/plans/drafts/{draft_id}"): (lambda w, r: _page(w, r, "GET", f"/plans/drafts/{_deu_draft(w)}"),
                                          (401, A, 404, A)),
    ("POST", "/plans/drafts/{draft_id}/submit"): (
        lambda w, r: _page(w, r, "POST", f"/plans/drafts/{_deu_draft(w)}/submit", {"confirm": "yes"}),
        (401, D, 404, D)),
    ("POST", "/plans/drafts/{draft_id}/delete"): (
        lambda w, r: _page(w, r, "POST", f"/plans/drafts/{_deu_draft(w)}/delete"), (401, D, 404, D)),
    ("GET", "/plans/submissions/{submission_id}"): (
        lambda w, r: _page(w, r, "GET", f"/plans/submissions/{_deu_submission(w)}"), (401, A, A, A)),
    ("GET", "/plans/submissions/{submission_id}/file"): (
        lambda w, r: _page(w, r, "GET", f"/plans/submissions/{_deu_submission(w)}/file"), (401, A, A, A)),
    ("GET", "/account/password"): (lambda w, r: _page(w, r, "GET", "/account/password"), (401, A, A, A)),
    ("POST", "/account/password"): (lambda w, r: _page(w, r, "POST", "/account/password", {
        "current": "not-the-password", "new": "another-long-password", "confirm": "another-long-password"}),
        (401, 401, 401, 401)),
    ("POST", "/plans/drafts/{draft_id}"): (
        lambda w, r: _page(w, r, "POST", f"/plans/drafts/{_deu_draft(w)}", {"text": DEU_PLAN}), (401, D, 404, D)),
    ("GET", "/account"): (lambda w, r: _page(w, r, "GET", "/account"), (401, A, A, A)),
    ("POST", "/account/tokens"): (lambda w, r: _page(w, r, "POST", "/account/tokens", {"name": "t"}),
                                  (401, A, A, A)),
    ("POST", "/account/tokens/{token_id}/revoke"): (
        lambda w, r: _page(w, r, "POST", f"/account/tokens/{_deu_token(w)}/revoke"), (401, D, 404, D)),
    ("GET", "/admin/users"): (lambda w, r: _page(w, r, "GET", "/admin/users"), (401, 403, 403, A)),
    ("POST", "/admin/users"): (
        lambda w, r: _page(w, r, "POST", "/admin/users", {"username": f"form-{next(_seq)}", "password": PASSWORD,
                                                          "role": "delegate", "ally": "NOR"}), (401, 403, 403, D)),
    ("POST", "/admin/users/{username}/active"): (
        lambda w, r: _page(w, r, "POST", f"/admin/users/{_target_user(w)}/active", {"active": "false"}),
        (401, 403, 403, D)),
    ("GET", "/admin/audit"): (lambda w, r: _page(w, r, "GET", "/admin/audit?verify=true"), (401, 403, 403, A)),
}


def _logout_other(web, role):
    """Sign out with a second session of the same user, so the role's main client stays signed in."""
    from fastapi.testclient import TestClient

    c = TestClient(web.app, follow_redirects=False)
    user = {"deu": "deu-delegate", "pol": "pol-delegate", "admin": "staff"}.get(role)
    if user:
        c.post("/login", data={"username": user, "password": PASSWORD, "csrf": csrf_of(c)})
    return c.post("/logout", data={"csrf": csrf_of(c)})


def all_routes(routes):
    """Every route, looking inside included routers (newer FastAPI wraps them)."""
    for r in routes:
        inner = getattr(r, "original_router", None)
        if inner is not None:
            yield from all_routes(inner.routes)
        else:
            yield r


def test_matrix_covers_every_route(web):
    routes = set()
    for r in all_routes(web.app.routes):
        for m in getattr(r, "methods", None) or ():
            if m != "HEAD":
                routes.add((m, r.path))
    assert routes == set(MATRIX), f"missing: {routes - set(MATRIX)}; stale: {set(MATRIX) - routes}"


@pytest.mark.parametrize("route", sorted(MATRIX), ids=lambda r: f"{r[0]} {r[1]}")
@pytest.mark.parametrize("role", ROLES)
def test_route_x_role(web, route, role):
    call, expected = MATRIX[route]
    r = call(web, role)
    assert r.status_code == expected[ROLES.index(role)], (route, role, r.status_code, r.text[:300])


def test_delegate_of_another_ally_sees_no_drafts_and_writes_nothing(web):
    draft = _deu_draft(web)
    drafts_pol = _api(web, "pol", "GET", "/api/v1/plans/drafts").json()
    assert draft not in [d["id"] for d in drafts_pol] and all(d["ally"] == "POL" for d in drafts_pol)
    assert draft in [d["id"] for d in _api(web, "deu", "GET", "/api/v1/plans/drafts").json()]
    assert _api(web, "pol", "GET", "/api/v1/plans/drafts?ally=DEU").status_code == 403
    before = _api(web, "admin", "GET", "/api/v1/plans/submissions?ally=DEU").json()["total"]
    r = _page(web, "pol", "POST", "/plans/new", {"ally": "DEU", "action": "draft", "text": DEU_PLAN})
    assert r.status_code == 403
    assert _api(web, "admin", "GET", "/api/v1/plans/submissions?ally=DEU").json()["total"] == before
    # the public sees the aggregate only, never a plan
    public = _page(web, "public", "GET", "/plans").text
    assert "Allies that have filed a plan" in public and "/plans/submissions/" not in public
