"""Every table of the REST API answers ``?format=csv`` as CSV (or JSON with ``?format=json``) and refuses any other
format with 406 and the API's error body; where a Result stands behind the route, its CSV is the CLI's CSV, byte
for byte (one figure, one value)."""

from __future__ import annotations

import contextlib
import io

import pytest

import hague
from hague.cli import main


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from hague.web.settings import Settings

    db = tmp_path_factory.mktemp("api-formats") / "h.sqlite3"
    app = hague.create_app(Settings(database_url=f"sqlite:///{db}", admin_password="not-used-0123456789"))
    with TestClient(app) as c:
        yield c


def _cli_csv(*argv) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main([*argv, "--format", "csv"]) == 0
    return out.getvalue()


# (route, a line or cell of its CSV: a named ally's published or computed figure)
ROUTES = [
    ("/api/v1/status?year=2026", "DEU,Germany,ally,2.69,147.002,"),  # NATO 2026: DEU 2.69% of GDP, USD 147.0 bn
    ("/api/v1/allies", "POL,PL,PL,Poland,1999,PLN,True"),  # Poland joined in 1999
    ("/api/v1/allies/POL", "\n2025,e,4.25,"),  # NATO 2026 edition: POL 4.25% of GDP in 2025 (estimate)
    ("/api/v1/indicators", "core_defence_expenditure_share_gdp,percent of GDP,constant_2021,2014,2026,31"),
    ("/api/v1/observations?ally=POL&year=2025",
     "POL,2025,core_defence_expenditure_share_gdp,percent of GDP,constant_2021,True,4.25,"),
    ("/api/v1/check?ally=DEU&commitment=hague-2025.core&year=2026", "DEU,Germany,ally,hague-2025.core,≥ 3.5,2035,2.69,"),
    ("/api/v1/path/DEU", "2035,projection,3.5,"),  # DEU on the linear path reaches 3.5% in 2035
    ("/api/v1/fiscal/DEU", "2035,projection,3.5,0.81,"),  # 0.81 pp above DEU's 2.69% of 2026
    ("/api/v1/simulate?ally=POL", "POL,4.68,trend,"),  # POL 4.68% of GDP in 2026, the simulation's origin
    ("/api/v1/burden?year=2026", "USA,United States,ally,1032.849,57.07,"),  # USD 1,032.8 bn, 57.07% of alliance spending
    ("/api/v1/related", "POL,Poland,4.68,"),
    ("/api/v1/targets", "air-missile-defence,Air and missile defence,+400%,"),  # Rutte, Chatham House, 9 June 2025
    ("/api/v1/compare", "ru-shells-rusi-2023,Russia,artillery rounds produced,production,2023,2500000"),  # RUSI 2023
    ("/api/v1/sources", "nato-2026,primary,NATO Public Diplomacy Division,"),
    ("/api/v1/plans/summary", "verdict,allies"),  # an empty registry: no verdicts, and the footer says 0
]


@pytest.mark.parametrize(("route", "figure"), ROUTES, ids=[r[0].split("?")[0] for r in ROUTES])
def test_csv_format(client, route, figure):
    sep = "&" if "?" in route else "?"
    r = client.get(f"{route}{sep}format=csv")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert figure in r.text
    assert client.get(f"{route}{sep}format=json").headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("route", [r[0] for r in ROUTES], ids=[r[0].split("?")[0] for r in ROUTES])
def test_unsupported_format_is_406(client, route):
    sep = "&" if "?" in route else "?"
    r = client.get(f"{route}{sep}format=xml")
    assert r.status_code == 406
    body = r.json()
    assert body["detail"] == "format 'xml' not supported; accepted: csv, json"
    assert body["errors"][0]["column"] == "query.format"


def test_check_csv_is_the_cli_csv(client):
    api = client.get("/api/v1/check?ally=DEU&commitment=hague-2025.core&year=2026&format=csv")
    cli = _cli_csv("check", "--ally", "DEU", "--commitment", "hague-2025.core", "--year", "2026")
    assert api.content == cli.encode("utf-8")
    assert "DEU,Germany,ally,hague-2025.core,≥ 3.5,2035,2.69,% GDP," in cli  # DEU 2.69% of GDP in 2026


def test_simulate_csv_is_the_cli_csv(client):
    api = client.get("/api/v1/simulate?ally=POL&draws=2048&seed=20250625&format=csv")
    cli = _cli_csv("simulate", "--ally", "POL", "--draws", "2048", "--seed", "20250625", "--no-progress")
    assert api.content == cli.encode("utf-8")
    assert "POL,4.68,trend," in cli


def test_compare_and_targets_csv_are_the_cli_csv(client):
    assert client.get("/api/v1/compare?topic=ammunition&format=csv").content == \
        _cli_csv("compare", "ammunition", "--view", "estimates").encode("utf-8")
    assert client.get("/api/v1/targets?format=csv").content == _cli_csv("targets").encode("utf-8")


def test_simulate_json_is_rounded_by_the_result_columns(client):
    from hague.models.montecarlo import simulate
    from hague.models.montecarlo.result import simulation_result
    from hague.render import data_value

    body = client.get("/api/v1/simulate?ally=POL&draws=2048&seed=20250625").json()
    prob = simulation_result(simulate(draws=2048, seed=20250625, allies=["POL"], scenario="plans"), "probability")
    cols = {c.key: c for c in prob.columns}
    raw = prob.row(ally="POL")
    assert body["probability"]["p_2029"] == data_value(raw["p_2029"], cols["p_2029"]) == 0.995
    assert body["probability"]["p_2029"] != raw["p_2029"]  # the raw share of draws has more digits
    assert body["probability"]["share_last"] == 4.68  # NATO 2026: POL 4.68% of GDP
    assert all(len(repr(p["p50"]).split(".")[-1]) <= 2 for p in body["fan"])
    assert body["central"]["path"][0] == {"year": 2027, "share_gdp": 5.33}


@pytest.mark.parametrize(("route", "argv", "figure"), [
    ("/api/v1/status?year=2026&sort=share_gdp", ("status", "--year", "2026", "--sort", "share_gdp"),
     "POL,Poland,ally,4.68,"),  # NATO 2026: Poland 4.68% of GDP, the highest share
    ("/api/v1/path/DEU", ("path", "DEU"), "2035,projection,3.5,214811,246493,169465,"),  # USD 169,465 m at 2021 prices
    ("/api/v1/fiscal/DEU", ("path", "DEU", "--fiscal"), "2035,projection,3.5,0.81,"),
    ("/api/v1/burden?year=2026", ("burden", "--year", "2026"), "USA,United States,ally,1032.849,57.07,"),
    ("/api/v1/allies", ("allies",), "POL,PL,PL,Poland,1999,PLN,True"),
    ("/api/v1/allies/POL", ("ally", "POL"), "\n2025,e,4.25,"),
    ("/api/v1/allies/ISL", ("ally", "ISL"), "2026"),  # a member without armed forces: rows, no figures
    ("/api/v1/sources", ("sources",), "nato-2026,primary,NATO Public Diplomacy Division,"),
], ids=["status", "path", "fiscal", "burden", "allies", "ally", "ally-without-forces", "sources"])
def test_result_csv_is_the_cli_csv(client, route, argv, figure):
    sep = "&" if "?" in route else "?"
    api = client.get(f"{route}{sep}format=csv")
    cli = _cli_csv(*argv)
    assert api.content == cli.encode("utf-8")
    assert figure in cli
