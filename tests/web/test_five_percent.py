"""The 5% page and /api/v1/related: core (NATO) + related (claimed) against 3.5 / 1.5 / 5."""

from __future__ import annotations

import csv
import io


def test_five_percent_page(web):
    r = web.clients["public"].get("/five-percent?year=2026")
    html = r.text
    assert r.status_code == 200
    assert "NATO publishes no related-spending figures." in html and "no reporting rules" in html
    assert "5% core + related (The Hague 2025, by 2035)" in html and "3.5% core (The Hague 2025, by 2035)" in html
    # Italy: 2.10 core; its 0.70 related (think tank, low evidence) is shown apart, never added
    assert "claimed for 2026: 0.7% (low evidence, think_tank source; not added)" in html
    assert "2.69 (related not reported)" in html
    assert html.count('<a href="/ally/') >= 32
    assert "networks (cyber defence)" in html  # Spain's cyber line, a claims row
    assert web.clients["public"].get("/five-percent?year=abc").status_code == 422


def test_related_api_json_and_csv(web):
    c = web.clients["public"]
    doc = c.get("/api/v1/related?year=2026").json()
    assert doc["year"] == 2026 and doc["lines"] == {"core": 3.5, "related": 1.5, "total": 5.0}
    assert "no reporting rules" in doc["statement"]
    rows = {x["code"]: x for x in doc["five_percent"]["rows"]}
    assert (rows["DEU"]["core"], rows["DEU"]["related"], rows["DEU"]["status"]) == (
        2.69, None, "core known, related not reported")
    assert len(doc["claims"]["rows"]) == 32
    text = c.get("/api/v1/related?year=2026&format=csv").text
    ita = next(r for r in csv.DictReader(io.StringIO(text)) if r["code"] == "ITA")
    assert (float(ita["core"]), ita["related"], float(ita["known_total"])) == (2.1, "", 2.1)
    assert ita["related_apart"] == "claimed for 2026: 0.7% (low evidence, think_tank source; not added)"
    assert c.get("/api/v1/related?year=1900").status_code == 422
    assert c.get("/api/v1/related?edition=2031").status_code in (400, 404, 422)
