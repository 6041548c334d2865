"""One figure, one value: a dozen real figures read the same in the CLI table, CSV, JSON, the REST API (JSON and
CSV) and the overview page (issue 11). Values: NATO, Defence Expenditure of NATO Countries (2014-2026), July 2026."""

from __future__ import annotations

import csv
import io
import json
import re
import warnings

import pytest

from hague.cli import main

# (year, code, kind, column, text): every face must show exactly this text
FIGURES = [
    (2026, "ALB", "ally", "spend_usd_bn", "0.722"),      # Table 2: USD 722 million
    # gap from the unrounded share (constant 2021 expenditure / GDP = 2.1449, published 2.15), the same definition as
    # the aggregates (issue 11): (3.5 - 2.1449) pp x GDP USD 33,644 m = USD 455.9 m, computed
    (2026, "ALB", "ally", "gap_35_usd_bn", "0.46"),
    (2026, "ALB", "ally", "gap_35_pp", "1.36"),
    (2026, "DEU", "ally", "share_gdp", "2.69"),
    (2026, "DEU", "ally", "spend_usd_bn", "147.002"),
    (2026, "DEU", "ally", "equipment_share", "32.11"),
    (2025, "POL", "ally", "share_gdp", "4.25"),
    (2026, "POL", "ally", "per_capita", "1007"),
    (2026, "LTU", "ally", "share_gdp", "5.33"),
    (2026, "NATO", "aggregate", "share_gdp", "2.86"),
    (2026, "EUCA", "aggregate", "spend_usd_bn", "777.064"),
    (2026, "EUCA", "aggregate", "gap_35_usd_bn", "297.17"),
    (2014, "NATO", "aggregate", "spend_usd_bn", "943.257"),  # sum of the allies' USD millions (README: 943.3 bn)
]
YEARS = sorted({f[0] for f in FIGURES})


def _cli(capsys, *argv) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def faces(tmp_path_factory):
    """Every face's text for every year: CLI table, CLI CSV, CLI JSON, API JSON, API CSV, page HTML."""
    import contextlib

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from hague.web.app import create_app
    from hague.web.settings import Settings

    db = tmp_path_factory.mktemp("one-figure") / "hague.sqlite3"
    app = create_app(Settings(database_url=f"sqlite:///{db}", admin_password="not-used-0123456789"))
    client = TestClient(app)
    out = {}
    for y in YEARS:
        texts = {}
        for fmt in ("table", "csv", "json"):
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(io.StringIO()):
                assert main(["status", "--year", str(y), "--format", fmt, "--wide"]) == 0
            texts[fmt] = buf.getvalue()
        texts["api_json"] = client.get(f"/api/v1/status?year={y}").text
        texts["api_csv"] = client.get(f"/api/v1/status?year={y}&format=csv").text
        texts["page"] = client.get(f"/?year={y}").text
        out[y] = texts
    app.state.registry.engine.dispose()
    return out


def _table_cell(text: str, code: str, kind: str, key: str) -> str:
    lines = text.splitlines()
    header, rule = lines[1], lines[2]
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", rule)]
    from hague.models.status import STATUS_COLUMNS

    col = [c.key for c in STATUS_COLUMNS].index(key)
    kind_col = [c.key for c in STATUS_COLUMNS].index("kind")
    for line in lines[3:]:
        if line.startswith(code + " "):
            cells = [line[a:b].strip() for a, b in spans]
            if cells[kind_col] == kind:
                return cells[col]
    raise AssertionError(f"{code} {kind} not in the table; header {header!r}")


@pytest.mark.parametrize(("year", "code", "kind", "key", "text"), FIGURES, ids=lambda v: str(v))
def test_same_text_in_every_face(faces, year, code, kind, key, text):
    f = faces[year]
    assert _table_cell(f["table"], code, kind, key) == text
    row = next(r for r in csv.DictReader(io.StringIO(f["csv"])) if r["code"] == code and r["kind"] == kind)
    assert row[key] == text
    doc = json.loads(f["json"])
    jrow = next(r for r in doc["rows"] if r["code"] == code and r["kind"] == kind)
    assert json.dumps(jrow[key]) == text and format_json(jrow[key], key) == text
    api = json.loads(f["api_json"])
    arow = next(r for r in api["rows" if kind == "ally" else "aggregates"] if r["code"] == code)
    assert format_json(arow[key], key) == text and arow[key] == jrow[key]
    crow = next(r for r in csv.DictReader(io.StringIO(f["api_csv"])) if r["code"] == code and r["kind"] == kind)
    assert crow[key] == row[key]


def format_json(value, key) -> str:
    """The JSON number through the formatter (the page and the terminal use the same function)."""
    from hague.models.status import STATUS_COLUMNS
    from hague.render import format_value

    return format_value(value, next(c for c in STATUS_COLUMNS if c.key == key))


@pytest.mark.parametrize(("year", "code", "key", "text"),
                         [(y, c, k, t) for y, c, kind, k, t in FIGURES if kind == "ally" and k != "per_capita"])
def test_same_text_on_the_page(faces, year, code, key, text):
    html = faces[year]["page"]
    row = re.search(rf'<a href="/ally/{code}">.*?</tr>', html, flags=re.S).group(0)
    assert f">{text}</td>" in row


def test_csv_exports_load_as_numbers(tmp_path):
    import pandas as pd

    for argv, numeric in [(["status"], ["share_gdp", "spend_usd_bn", "gap_35_usd_bn", "per_capita"]),
                          (["check"], ["value", "gap_pp", "gap_usd_m"]),
                          (["burden"], ["spend_share", "gdp_share", "ratio_gdp"]),
                          (["path", "DEU"], ["share_gdp", "budget_usd", "extra_usd_2021"]),
                          (["data", "diff", "NATO-2025", "NATO-2026"], ["old", "new", "change"]),
                          (["costs"], ["price"]), (["gdp", "POL"], ["gdp_usd", "deflator", "xr"])]:
        out = tmp_path / f"{argv[0]}.csv"
        assert main([*argv, "--output", str(out)]) == 0
        df = pd.read_csv(out)
        for k in numeric:
            assert df[k].dtype.kind in "fi", (argv, k, df[k].dtype)
        assert (tmp_path / f"{argv[0]}.csv.meta.json").exists()
    st = pd.read_csv(tmp_path / "status.csv")
    assert st.loc[(st.code == "USA") & (st.kind == "ally"), "share_gdp"].item() == 3.17
    assert set(st.kind) == {"ally", "aggregate"}


def test_api_edition_parameter(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from hague.web.app import create_app
    from hague.web.settings import Settings

    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'h.sqlite3'}", admin_password="not-used-0123456789"))
    c = TestClient(app)
    for ed in ("2026", "NATO-2026", "nato-2026"):
        r = c.get(f"/api/v1/status?year=2025&edition={ed}")
        assert r.status_code == 200, r.text
        assert next(x for x in r.json()["rows"] if x["code"] == "POL")["share_gdp"] == 4.25
    assert c.get("/api/v1/allies/POL?edition=2026").status_code == 200
    r = c.get("/api/v1/status?edition=2031")
    assert r.status_code in (400, 404) and "nato-2026" in r.text
    app.state.registry.engine.dispose()
