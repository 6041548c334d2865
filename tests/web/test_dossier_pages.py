"""The dossier and the claim checker on the web: /dossier/{ally} (print stylesheet), the alliance overview
/dossier, /api/v1/dossier/{ally}, /api/v1/verify and the /verify form."""

from __future__ import annotations

from html import unescape


def test_dossier_page_and_print_stylesheet(web):
    c = web.clients["public"]
    r = c.get("/dossier/POL")
    assert r.status_code == 200
    html = unescape(r.text)
    assert "Poland (POL): dossier for the 2029 review" in html and "Poland: 4.68% of GDP in 2026 (met)" in html
    assert "@media print" in html and html.count("<svg") >= 3  # charts inline as vectors
    for title in ("Trajectory against every dated pledge", "Core and related: the 5%", "The forecast",
                  "What drives the number", "What changed since the previous edition"):
        assert title in html
    assert "dataset nato-2026, edition 2026-07" in html
    r = c.get("/dossier/DEU?recession=2009")
    assert r.status_code == 200 and "What if: recession like 2009" in r.text and "denominator effect" in r.text
    assert c.get("/dossier/GER").status_code == 404
    r = c.get("/dossier/ISL")  # bad input is a 4xx with one line, never a 500
    assert r.status_code == 400 and "Iceland (ISL) has no armed forces" in r.text
    assert c.get("/dossier/DEU?recession=2008").status_code == 400
    assert c.get("/dossier/DEU?related_cap=abc").status_code == 422


def test_dossier_overview_lists_every_ally(web):
    r = web.clients["public"].get("/dossier")
    assert r.status_code == 200
    assert r.text.count('<a href="/dossier/') == 31 and "Iceland has no armed forces" in r.text


def test_dossier_api_json(web):
    c = web.clients["public"]
    d = c.get("/api/v1/dossier/DEU?draws=2048&recession=2009").json()
    assert d["meta"]["ally"] == "DEU" and d["meta"]["manifest"]["toggles"] == {"recession": 2009}
    ids = [s["id"] for s in d["sections"]]
    assert ids[:2] == ["review", "trajectory"] and "whatif" in ids
    review = d["sections"][0]["results"][0]["rows"][0]
    assert review["share_last"] == 2.69 and review["status_35"] == "as likely as not"
    assert any(s["dataset"] == "nato-2026" for s in d["sources"])
    assert c.get("/api/v1/dossier/DEU?draws=10").status_code == 422
    r = c.get("/api/v1/dossier/DEU?weo=1999-01")
    assert r.status_code == 400 and "no IMF WEO vintage of that name" in r.text


def test_verify_api_and_form(web):
    c = web.clients["public"]
    v = c.get("/api/v1/verify", params={"claim": "Poland spent 4.48% of GDP on defence in 2025"}).json()
    assert v["verdict"] == "match" and "since revised to 4.25" in v["reasons"][0]
    assert {r["dataset"] for r in v["result"]["rows"]} == {"nato-2025-press", "nato-2026"}
    v = c.get("/api/v1/verify", params={"ally": "POL", "year": 2026, "value": 4.81, "unit": "pct_GDP"}).json()
    assert v["verdict"] == "match" and "national definition, not NATO's" in v["reasons"][0]
    assert c.get("/api/v1/verify", params={"ally": "POL", "year": 2026, "value": 4.81, "unit": "pct"}).status_code \
        == 400
    assert c.get("/api/v1/verify").status_code == 400
    r = c.get("/verify", params={"claim": "Russian military spending €130bn in 2024 = 7.1% of GDP"})
    assert r.status_code == 200 and "Verdict: cannot verify" in r.text and "Russia is not a NATO ally" in r.text
    r = c.get("/verify", params={"claim": "PL: 2026e 4.68% of GDP"})
    assert "Verdict: match" in r.text and 'id="sources-consulted"' in r.text
    assert c.get("/verify").status_code == 200
