"""Money against delivery on the web: the API (JSON = the Result, CSV) and the pages render the same figures as
the core, on the real SIPRI/Kiel files (../shared, imported by the delivery_data fixture)."""

from __future__ import annotations

import warnings

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from hague.web.app import create_app
    from hague.web.settings import Settings

    db = tmp_path_factory.mktemp("delivery-web") / "hague.sqlite3"
    app = create_app(Settings(database_url=f"sqlite:///{db}", admin_username="staff",
                              admin_password="correct-horse-battery-staple"))
    with TestClient(app) as c:
        yield c
    app.state.registry.engine.dispose()


def test_api_ledger_json_and_csv(client, delivery_data):
    from hague.models.money_delivery import delivery_result

    doc = client.get("/api/v1/delivery?system=f-35").json()
    total = next(r for r in doc["rows"] if r["code"] == "ALLIES")
    assert (total["ordered"], total["delivered"], total["outstanding"]) == (713, 188, 525)
    assert doc == delivery_result(system="f-35").to_dict()  # the API is the Result, rounded by its columns
    assert doc["provenance"]["sources"][0]["dataset"] == "sipri-trade-2025-03"
    csv = client.get("/api/v1/delivery?system=pac-3-mse&format=csv").text.splitlines()
    assert csv[0].startswith("code,name,deals,ordered,delivered,outstanding")
    assert "ALLIES,Allies (total),9,1601,528,1073" in csv[-1]


def test_api_other_views(client, delivery_data):
    inv = client.get("/api/v1/delivery/investment?year=2021").json()
    assert next(r for r in inv["rows"] if r["code"] == "EU27_2020")["p51g_eur_m"] == 38360
    swe = client.get("/api/v1/delivery/ukraine?ally=SWE").json()
    assert next(r for r in swe["rows"] if r["year"] == 2025)["core_without_ukraine"] == 2.68
    assert client.get("/api/v1/delivery/sweden").json()["meta"]["months"] == 7
    dep = client.get("/api/v1/delivery/dependence?format=csv").text
    assert "NLD,Netherlands," in dep
    sysd = client.get("/api/v1/delivery/systems").json()
    f35 = next(r for r in sysd["rows"] if r["system"] == "f-35")
    assert (f35["rate"], f35["years_to_complete"]) == (36, 14.6)


def test_api_bad_input_is_one_line_not_500(client, delivery_data):
    r = client.get("/api/v1/delivery?ally=GER")
    assert r.status_code == 404 and r.json()["detail"] == "unknown ally 'GER'; did you mean DEU (Germany)?"
    r = client.get("/api/v1/delivery?capability=tanks")
    assert r.status_code == 400 and r.json()["detail"].startswith("unknown capability 'tanks'; accepted:")
    assert client.get("/api/v1/delivery/history?start=3000").status_code == 422


def test_api_without_imports_says_what_to_import(client, tmp_path, monkeypatch):
    monkeypatch.setenv("HAGUE_DATA_DIR", str(tmp_path))
    r = client.get("/api/v1/delivery")
    assert r.status_code == 404 and "hague data import sipri-trade FILE" in r.json()["detail"]
    page = client.get("/delivery")
    assert page.status_code == 200 and "hague data import sipri-trade FILE" in page.text
    # Eurostat and Statskontoret are shipped: these answer without any import
    assert client.get("/api/v1/delivery/investment").status_code == 200


def test_pages(client, delivery_data):
    from hague.models.money_delivery import systems_result
    from hague.render import format_value

    html = client.get("/delivery").text
    res = systems_result()
    f35 = res.row(system="f-35")
    assert f">{format_value(f35['years_to_complete'], res.column('years_to_complete'))}<" in html  # 14.6
    assert "major conventional weapons only" in html
    amd = client.get("/delivery/air-missile-defence")
    assert amd.status_code == 200 and "a 400 percent increase in air and missile defence" in amd.text
    assert "<svg" in amd.text and 'id="delivery-by-ally"' in amd.text
    f = client.get("/delivery/f-35").text
    assert ">713<" in f and ">188<" in f
    assert client.get("/delivery/tanks").status_code == 400


def test_one_figure_in_every_face(client, delivery_data, capsys):
    """F-35 years to come (14.6) and PAC-3 MSE to come (1,073): the same text in the CLI table, CSV and JSON, the
    API's JSON and CSV, and the page."""
    import csv
    import io
    import json

    from hague.cli import main

    assert main(["delivery", "--view", "systems", "--wide"]) == 0
    table = capsys.readouterr().out
    f35_line = next(line for line in table.splitlines() if line.startswith("f-35"))
    assert f35_line.split()[-1] == "14.6" and "1073" in next(line for line in table.splitlines()
                                                              if line.startswith("pac-3-mse")).split()
    assert main(["delivery", "--view", "systems", "--format", "csv"]) == 0
    rows = {r["system"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert rows["f-35"]["years_to_complete"] == "14.6" and rows["pac-3-mse"]["outstanding"] == "1073"
    assert main(["delivery", "--view", "systems", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    cli = {r["system"]: r for r in doc["rows"]}
    api = {r["system"]: r for r in client.get("/api/v1/delivery/systems").json()["rows"]}
    assert cli["f-35"]["years_to_complete"] == api["f-35"]["years_to_complete"] == 14.6
    assert cli["pac-3-mse"]["outstanding"] == api["pac-3-mse"]["outstanding"] == 1073
    api_csv = {r["system"]: r for r in csv.DictReader(io.StringIO(client.get("/api/v1/delivery/systems?format=csv").text))}
    assert api_csv["f-35"]["years_to_complete"] == "14.6"
    html = client.get("/delivery").text
    assert ">14.6<" in html and ">1073<" in html
