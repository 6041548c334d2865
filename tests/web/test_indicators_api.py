"""Chart data in Our World in Data's manner: /api/v1/indicators/{indicator}.csv|.json|.metadata.json with
allies=POL~DEU, time=2014..2026 and edition=. Figures: NATO, Defence Expenditure of NATO Countries (2014-2026),
July 2026 (Table 3 shares of GDP, Table 2 USD million)."""

from __future__ import annotations

import csv
import io
import re

BASE = "/api/v1/indicators/core_defence_expenditure_share_gdp"


def test_csv_with_allies_and_time(web):
    c = web.clients["public"]
    r = c.get(f"{BASE}.csv?allies=POL~DEU&time=2014..2026")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert list(rows[0]) == ["code", "name", "year", "core_defence_expenditure_share_gdp", "estimate"]
    got = {(x["code"], int(x["year"])): x for x in rows}
    assert len(rows) == 26 and [x["code"] for x in rows[:13]] == ["POL"] * 13  # in the order asked
    assert got[("POL", 2025)]["core_defence_expenditure_share_gdp"] == "4.25" and got[("POL", 2025)]["estimate"] == "True"
    assert got[("DEU", 2026)]["core_defence_expenditure_share_gdp"] == "2.69"
    assert got[("DEU", 2014)]["core_defence_expenditure_share_gdp"] == "1.16" and got[("DEU", 2014)]["estimate"] == "False"
    one = list(csv.DictReader(io.StringIO(c.get(f"{BASE}.csv?time=2026").text)))
    assert len(one) == 31 and {x["year"] for x in one} == {"2026"}  # every ally with armed forces
    later = list(csv.DictReader(io.StringIO(c.get(f"{BASE}.csv?allies=LTU&time=2025..latest").text)))
    assert [(x["year"], x["core_defence_expenditure_share_gdp"]) for x in later] == [("2025", "4.03"), ("2026", "5.33")]


def test_json_and_metadata(web):
    c = web.clients["public"]
    doc = c.get(f"{BASE}.json?allies=POL&time=2025").json()
    assert doc["rows"] == [{"code": "POL", "name": "Poland", "year": 2025, "core_defence_expenditure_share_gdp": 4.25,
                            "estimate": True}]
    col = next(x for x in doc["columns"] if x["key"] == "core_defence_expenditure_share_gdp")
    assert col["unit"] == "percent of GDP, constant 2021 prices" and col["decimals"] == 2
    assert doc["provenance"]["sources"][0]["edition"] == "2026-07"
    usd = c.get("/api/v1/indicators/core_defence_expenditure.json?allies=ALB&time=2026&unit=USD%20million"
                "&price_basis=current").json()
    assert usd["rows"][0]["core_defence_expenditure"] == 722  # Table 2: USD 722 million
    m = c.get(f"{BASE}.metadata.json").json()
    assert m["unit"] == "percent of GDP, constant 2021 prices" and m["edition"] == "2026-07"
    assert m["source"]["url"] == "https://www.nato.int/content/dam/nato/webready/documents/finance/def-exp-2026-en.xlsx"
    assert m["citation"].startswith("Source: NATO, Defence Expenditure of NATO Countries (2014-2026), July 2026")
    assert "No open licence" in m["licence"] and m["years"] == [2014, 2026] and "Table 3" in m["description"]
    old = c.get(f"{BASE.replace('core_defence_expenditure', 'defence_expenditure')}.json?edition=2024&allies=POL").json()
    assert old["provenance"]["sources"][0]["edition"] == "2024-06" and old["rows"]


def test_bad_requests_get_one_line_errors_in_the_documented_shape(web):
    c = web.clients["public"]
    cases = [(f"{BASE}.csv?allies=GER", 404, "unknown ally 'GER'; did you mean DEU (Germany)?"),
             (f"{BASE}.csv?time=1990..2000", 400, "time 1990..2000 is outside the data's years 2014-2026"),
             (f"{BASE}.csv?time=2020..2014", 400, "the first year is after the last"),
             (f"{BASE}.csv?time=abc", 400, "is not a year or a range"),
             ("/api/v1/indicators/core_defence_expenditure.csv", 400, "choose one: unit=USD million"),
             ("/api/v1/indicators/nosuch.json", 422, "unknown indicator 'nosuch'"),
             (f"{BASE}.json?edition=2031", 404, "unknown edition '2031'")]
    for url, status, text in cases:
        r = c.get(url)
        assert r.status_code == status, (url, r.text)
        body = r.json()
        assert set(body) == {"detail", "errors"} and text in body["detail"] and "\n" not in body["detail"], url


def test_cache_headers_and_the_page_links(web):
    c = web.clients["public"]
    r = c.get(f"{BASE}.csv?allies=POL")
    assert r.headers["etag"] and c.get(f"{BASE}.csv?allies=POL", headers={"If-None-Match": r.headers["etag"]}
                                       ).status_code == 304
    html = c.get("/?year=2026").text
    link = re.search(r'href="([^"]+)" download class="dl-csv"', html).group(1).replace("&amp;", "&")
    assert link == f"{BASE}.csv?time=2026&edition=nato-2026"
    rows = list(csv.DictReader(io.StringIO(c.get(link).text)))
    assert next(x for x in rows if x["code"] == "LTU")["core_defence_expenditure_share_gdp"] == "5.33"
