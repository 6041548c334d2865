"""Cookies, CSRF, headers, upload limits, throttling through the web layer."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from tests.conftest import PASSWORD, plan_csv
from tests.web.conftest import csrf_of


def test_session_cookie_is_httponly_samesite(web):
    c = TestClient(web.app, follow_redirects=False)
    r = c.post("/login", data={"username": "deu-delegate", "password": PASSWORD, "csrf": csrf_of(c)})
    cookie = next(v for k, v in r.headers.multi_items() if k == "set-cookie" and v.startswith("hague_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    fresh = TestClient(web.app)
    csrf_cookie = next(v for k, v in fresh.get("/login").headers.multi_items() if k == "set-cookie")
    assert csrf_cookie.startswith("hague_csrf=") and "HttpOnly" in csrf_cookie and "SameSite=strict" in csrf_cookie


def test_forms_without_or_with_a_wrong_csrf_token_are_refused(web):
    c = TestClient(web.app, follow_redirects=False)
    r = c.post("/login", data={"username": "deu-delegate", "password": PASSWORD})
    assert r.status_code == 403 and "CSRF" in r.text
    deu = web.clients["deu"]
    r = deu.post("/plans/new", data={"ally": "DEU", "action": "submit", "text": plan_csv("DEU"), "csrf": "forged"})
    assert r.status_code == 403
    # a token from another session does not work either
    other = csrf_of(web.clients["pol"])
    assert deu.post("/account/tokens", data={"name": "x", "csrf": other}).status_code == 403


def test_security_headers_on_every_page(web):
    for path in ("/", "/ally/POL", "/api/v1/status", "/login"):
        h = web.clients["public"].get(path).headers
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"
        assert "default-src 'self'" in h["content-security-policy"] and "frame-ancestors 'none'" in h[
            "content-security-policy"]


def test_no_external_resources_in_pages(web):
    html = web.clients["public"].get("/").text + web.clients["public"].get("/ally/DEU").text
    loaded = re.findall(r'<(?:script|img|iframe)[^>]* src="([^"]+)"', html) + re.findall(r'<link[^>]* href="([^"]+)"', html)
    assert set(loaded) == {"/static/style.css", "/static/hague.js", "/static/favicon.svg"}
    # outside addresses appear only as links to the sources (footer, commitments), never as loaded resources
    assert "https://www.nato.int/" in html and "cdn" not in html.lower()


def test_upload_size_limit(web):
    big = plan_csv("DEU") + "# padding\n" * 3000  # over the 20 000-byte limit of the test app
    r = web.clients["deu"].post("/plans/new", data={"ally": "DEU", "action": "submit", "csrf": csrf_of(web.clients["deu"])},
                                files={"file": ("big.csv", big.encode(), "text/csv")})
    assert r.status_code == 413 and "over the limit of 20000 bytes" in r.text
    huge = "x" * 200_000
    r = TestClient(web.app).post("/api/v1/plans/DEU/submissions",
                                 headers={"Authorization": f"Bearer {web.tokens['deu']}"},
                                 json={"filename": "p.csv", "content": huge})
    assert r.status_code == 413


def test_bad_plan_from_the_web_form_shows_rows_and_columns(web):
    deu = web.clients["deu"]
    bad = plan_csv("DEU").replace("DEU,2027,2.2,1.0", "DEU,2027,2.2,150")
    r = deu.post("/plans/new", data={"ally": "DEU", "action": "submit", "text": bad, "csrf": csrf_of(deu)})
    assert r.status_code == 422
    assert re.search(r"<td>3</td><td></td><td>Related, % of GDP</td><td>[^<]*over 100", r.text), r.text[-2000:]


def test_plan_form_grid_builds_the_plan_and_names_the_year_of_an_error(web):
    deu = web.clients["deu"]
    fields = {"ally": "DEU", "action": "submit", "csrf": csrf_of(deu)}
    for i, y in enumerate(range(2026, 2036)):
        fields[f"core_{y}"] = f"{min(3.5, 2.69 + 0.1 * i):.2f}"
        fields[f"related_{y}"] = "1.0"
    bad = {**fields, "related_2029": "-2"}
    r = deu.post("/plans/new", data=bad)
    assert r.status_code == 422
    assert re.search(r"<td>5</td><td>2029</td><td>Related, % of GDP</td><td>must not be negative", r.text)
    assert 'name="related_2029" id="related_2029" inputmode="decimal" size="8" maxlength="20" value="-2"' in r.text
    r = deu.post("/plans/new", data=fields)  # "Review and file": a draft and the confirmation step, nothing filed
    assert r.status_code == 200 and 'id="confirm-submit"' in r.text and "Filing is final" in r.text
    draft = int(re.search(r'action="/plans/drafts/(\d+)/submit"', r.text).group(1))
    r = deu.post(f"/plans/drafts/{draft}/submit", data={"csrf": csrf_of(deu), "confirm": "yes"})
    assert r.status_code == 303
    x = web.registry.get_submission(web.principal("staff"), int(r.headers["location"].rsplit("/", 1)[1]))
    assert [row["core_share_gdp"] for row in x["plan"]["rows"]][:3] == [2.69, 2.79, 2.89]


def test_generated_password_must_be_replaced_at_first_sign_in(web):
    reg = web.registry
    reg.create_user(None, "nld-delegate", "generated-password-xyz", "delegate", "NLD", must_change_password=True)
    c = TestClient(web.app, follow_redirects=False)
    r = c.post("/login", data={"username": "nld-delegate", "password": "generated-password-xyz", "csrf": csrf_of(c)})
    assert r.status_code == 303 and r.headers["location"] == "/account/password"
    assert c.get("/plans").headers["location"] == "/account/password"  # registry pages wait for the change
    assert c.get("/plans/new").headers["location"] == "/account/password"
    token = re.search(r'name="csrf" value="([^"]+)"', c.get("/account/password").text).group(1)
    r = c.post("/account/password", data={"current": "generated-password-xyz", "new": "my-own-long-password",
                                          "confirm": "my-own-long-password", "csrf": token})
    assert r.status_code == 303 and r.headers["location"] == "/plans"
    assert c.get("/plans").status_code == 200  # same session continues
    assert reg.authenticate("nld-delegate", "my-own-long-password").must_change_password is False
    import pytest

    from hague.store.registry import BadCredentials

    with pytest.raises(BadCredentials):
        reg.authenticate("nld-delegate", "generated-password-xyz")


def test_behind_https_cookies_are_secure_and_hsts_is_sent(tmp_path):
    from hague.web.app import create_app
    from hague.web.settings import Settings

    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'h.sqlite3'}", cookie_secure=True,
                              admin_username="staff", admin_password=PASSWORD))
    c = TestClient(app, base_url="https://testserver", follow_redirects=False)
    r = c.get("/login")
    assert r.headers["strict-transport-security"] == "max-age=31536000"
    assert "Secure" in r.headers["set-cookie"]
    r = c.post("/login", data={"username": "staff", "password": PASSWORD, "csrf": csrf_of(c)})
    assert "Secure" in r.headers["set-cookie"] and "HttpOnly" in r.headers["set-cookie"]
    app.state.registry.engine.dispose()
