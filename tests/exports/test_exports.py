"""Machine exports (hague export, --format package|parquet|dta|long-csv): every format gives back the figures of
tests/test_one_figure.py exactly (NATO, Defence Expenditure of NATO Countries 2014-2026, July 2026); every data
package passes `frictionless validate`; DuckDB's views recompute `hague status` in SQL."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.test_one_figure import FIGURES

from hague.cli import main
from hague.models.status import STATUS_COLUMNS
from hague.render import format_value

COLS = {c.key: c for c in STATUS_COLUMNS}


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("export")
    assert main(["export", "--package", str(d / "pkg"), "--parquet", str(d / "pq"), "--duckdb", str(d / "h.duckdb"),
                 "--dta", str(d / "dta"), "--long-csv", str(d / "long")]) == 0
    return d


def _frictionless(descriptor: Path) -> dict:
    """`frictionless validate --json` on a package: the report as a dict (0 errors expected)."""
    exe = Path(sys.executable).with_name("frictionless")
    r = subprocess.run([str(exe), "validate", "--json", str(descriptor)], capture_output=True, text=True)
    return json.loads(r.stdout)


def test_frictionless_validates_the_full_package_with_zero_errors(out):
    report = _frictionless(out / "pkg" / "datapackage.json")
    errors = [e for t in report["tasks"] for e in t["errors"]]
    assert report["valid"] and not errors, errors[:5]
    names = {t["name"] for t in report["tasks"]}
    assert {"nato-2026", "imf-weo-2025-10", "nato-2025-secondary", "status", "plans", "rules", "related",
            "allies", "editions"} <= names
    doc = json.loads((out / "pkg" / "datapackage.json").read_text())
    nato = next(r for r in doc["resources"] if r["name"] == "nato-2026")
    assert nato["schema"]["primaryKey"] == ["ally", "year", "indicator", "unit", "price_basis", "edition"]
    assert nato["hash"].startswith("sha256:") and nato["bytes"] == (out / "pkg" / "nato_2026.csv").stat().st_size
    assert nato["sources"][0]["hague:edition"] == "2026-07"
    assert nato["licenses"][0]["path"].startswith("https://www.nato.int/")
    status = next(r for r in doc["resources"] if r["name"] == "status")
    gap = next(f for f in status["schema"]["fields"] if f["name"] == "gap_35_usd_bn")
    assert gap["type"] == "number" and gap["unit"] == "USD billion at the year's current-price GDP"
    assert gap["hague:decimals"] == 2 and gap["hague:origin"] == "computed by hague"


def test_frictionless_catches_a_changed_figure(out, tmp_path):
    """The package's hashes and types are checked: one changed figure or a word in a number column fails."""
    import shutil

    bad = tmp_path / "bad"
    shutil.copytree(out / "pkg", bad)
    text = (bad / "status.csv").read_text()
    assert "2026,ALB,Albania,ally,2.15," in text
    (bad / "status.csv").write_text(text.replace("2026,ALB,Albania,ally,2.15,", "2026,ALB,Albania,ally,n/a,"))
    report = _frictionless(bad / "datapackage.json")
    types = {e["type"] for t in report["tasks"] for e in t["errors"]}
    assert not report["valid"] and {"type-error", "hash-count"} <= types


@pytest.mark.parametrize("argv", [["status", "--year", "2014"], ["check", "--ally", "DEU,POL"], ["plans", "DEU"],
                                  ["related"], ["path", "DEU"], ["burden"]])
def test_any_result_as_a_package_validates(tmp_path, argv):
    assert main([*argv, "--format", "package", "--output", str(tmp_path / "p")]) == 0
    report = _frictionless(tmp_path / "p" / "datapackage.json")
    assert report["valid"], [e["message"] for t in report["tasks"] for e in t["errors"]][:3]


@pytest.fixture(scope="module")
def read_back(out: Path) -> dict[str, dict]:
    """(year, code, kind) -> row, for every format."""
    import duckdb
    import pandas as pd
    import pyarrow.parquet as pq
    import pyreadstat

    faces = {}
    with open(out / "pkg" / "status.csv", newline="") as fh:
        faces["package"] = {(int(r["year"]), r["code"], r["kind"]): r for r in csv.DictReader(fh)}
    df = pq.read_table(out / "pq" / "status.parquet").to_pandas()
    faces["parquet"] = {(int(r["year"]), r["code"], r["kind"]): r for r in df.to_dict("records")}
    con = duckdb.connect(str(out / "h.duckdb"), read_only=True)
    df = con.execute("SELECT * FROM status").fetchdf()
    con.close()
    faces["duckdb"] = {(int(r["year"]), r["code"], r["kind"]): r for r in df.to_dict("records")}
    df, _ = pyreadstat.read_dta(str(out / "dta" / "status.dta"), apply_value_formats=True)
    faces["dta"] = {(int(r["year"]), r["code"], r["kind"]): r for r in df.to_dict("records")}
    df = pd.read_stata(out / "dta" / "status.dta")
    faces["dta-pandas"] = {(int(r["year"]), r["code"], r["kind"]): r for r in df.to_dict("records")}
    long = pd.read_csv(out / "long" / "status.csv")
    faces["long-csv"] = {}
    for r in long.to_dict("records"):
        faces["long-csv"].setdefault((int(r["year"]), r["code"], r["kind"]), {})[r["variable"]] = r["value"]
    return faces


@pytest.mark.parametrize(("year", "code", "kind", "key", "text"), FIGURES, ids=lambda v: str(v))
def test_every_format_gives_back_the_one_figure(read_back, year, code, kind, key, text):
    for face, rows in read_back.items():
        v = rows[(year, code, kind)][key]
        v = float(v) if isinstance(v, str) else v
        assert format_value(v, COLS[key]) == text, (face, v)
        assert float(v) == float(text.replace(",", "")), (face, v)


def test_duckdb_views_recompute_hague_status_in_sql(out):
    """status_allies and status_totals recompute, from the nato-2026 observations in SQL, the figures that
    `hague status` computes in Python: every ally and year, share, USD bn, the 2% test and both gaps."""
    import duckdb

    from hague.models.status import status_result
    from hague.render import data_value

    con = duckdb.connect(str(out / "h.duckdb"), read_only=True)
    sql = {(r[0], r[1]): r for r in con.execute(
        "SELECT code, year, share_gdp, spend_usd_bn, meets_2pct, gap_35_pp, gap_35_usd_bn FROM status_allies"
    ).fetchall()}
    totals = {(r[0], r[1]): r[2] for r in con.execute("SELECT code, year, spend_usd_bn FROM status_totals").fetchall()}
    alb = con.execute("SELECT gap_35_usd_bn FROM status_allies WHERE code = 'ALB' AND year = 2026").fetchone()[0]
    comments = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'status' "
                           "AND column_name = 'gap_35_usd_bn'").fetchone()[0]
    units = con.execute("SELECT unit FROM hague_columns WHERE table_name = 'nato_2026' AND column_name = 'value'"
                        ).fetchone()[0]
    edition = con.execute("SELECT edition FROM hague_sources WHERE table_name = 'status'").fetchone()[0]
    con.close()
    assert alb == 0.46 and totals[("NATO", 2014)] == 943.257 and totals[("EUCA", 2026)] == 777.064
    assert "USD billion" in comments and units == "given in the row's unit and price basis" and edition == "2026-07"
    checked = 0
    for year in range(2014, 2027):
        res = status_result(year, edition="nato-2026")
        cols = {c.key: c for c in res.columns}
        for r in res.rows:
            if r["kind"] != "ally" or r["share_gdp"] is None:
                continue
            got = sql[(r["code"], year)]
            want = [data_value(r[k], cols[k]) for k in ("share_gdp", "spend_usd_bn", "meets_2pct", "gap_35_pp",
                                                        "gap_35_usd_bn")]
            assert list(got[2:]) == want, (r["code"], year, got, want)
            checked += 1
        for code in ("NATO", "EUCA"):
            assert totals[(code, year)] == data_value(res.row(code=code, kind="aggregate")["spend_usd_bn"],
                                                      cols["spend_usd_bn"])
    assert checked >= 31 * 13 - 10


def test_parquet_schema_carries_units_and_provenance(out):
    import pyarrow.parquet as pq

    schema = pq.read_schema(out / "pq" / "status.parquet")
    meta = json.loads(schema.metadata[b"hague"])
    assert meta["provenance"]["sources"][0]["dataset"] == "nato-2026"
    assert meta["provenance"]["sources"][0]["edition"] == "2026-07" and meta["primary_key"] == ["year", "code", "kind"]
    f = schema.field("spend_usd_bn").metadata
    assert f[b"unit"] == b"USD billion, current prices and exchange rates" and f[b"decimals"] == b"3"
    obs = pq.read_table(out / "pq" / "nato_2026.parquet").to_pandas()
    alb = obs[(obs.ally == "ALB") & (obs.year == 2026) & (obs.indicator == "core_defence_expenditure")
              & (obs.unit == "USD million") & (obs.price_basis == "current")]
    assert alb["value"].item() == 722.0 and str(obs["year"].dtype) == "int64"


def test_dta_has_variable_and_value_labels(out):
    import pyreadstat

    df, meta = pyreadstat.read_dta(str(out / "dta" / "status.dta"))
    assert meta.column_names_to_labels["gap_35_usd_bn"] == "Gap 3.5 USD bn (USD billion at the year's current-price GDP)"
    assert meta.variable_value_labels["meets_2pct"] == {0: "no", 1: "yes"}
    assert set(meta.variable_value_labels["kind"].values()) == {"ally", "aggregate"}
    assert meta.file_label.startswith("Status of every ally")
    pol = df[(df.code == "POL") & (df.year == 2025)]
    assert pol["share_gdp"].item() == 4.25 and pol["meets_2pct"].item() == 1
    side = json.loads((out / "dta" / "status.dta.meta.json").read_text())
    assert side["provenance"]["sources"][0]["edition"] == "2026-07"


def test_long_csv_loads_with_numeric_values_and_iso3_codes(out):
    import pandas as pd

    df = pd.read_csv(out / "long" / "nato_2026.csv")
    assert df["value"].dtype.kind == "f" and df["year"].dtype.kind == "i"
    pol = df[(df.ally == "POL") & (df.year == 2025) & (df.indicator == "core_defence_expenditure_share_gdp")]
    assert pol["value"].item() == 4.25 and pol["unit"].item() == "percent of GDP"
    st = pd.read_csv(out / "long" / "status.csv")
    assert st["meets_2pct"].dtype == bool or set(st["meets_2pct"].dropna()) <= {True, False}


def test_bad_targets_are_refused_in_one_line_and_nothing_is_written(tmp_path, capsys):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "mine.txt").write_text("keep me")
    assert main(["export", "--package", str(busy)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "not empty and not an earlier hague export" in err and str(busy) in err
    assert sorted(p.name for p in busy.iterdir()) == ["mine.txt"]
    assert main(["export", "--duckdb", str(tmp_path / "no" / "h.duckdb")]) == 2
    assert "folder" in capsys.readouterr().err and not (tmp_path / "no").exists()
    assert main(["status", "--format", "parquet"]) == 2
    assert capsys.readouterr().err.strip() == "hague: error: format parquet needs --output (FILE.parquet)"
    assert main(["status", "--format", "dta", "--output", str(tmp_path / "s.csv")]) == 2
    assert "FILE.dta" in capsys.readouterr().err
    assert main(["export"]) == 2
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folder left behind


def test_an_export_replaces_an_earlier_export_whole(tmp_path):
    d = tmp_path / "pkg"
    assert main(["status", "--format", "package", "--output", str(d)]) == 0
    assert main(["plans", "--format", "package", "--output", str(d)]) == 0
    assert sorted(p.name for p in d.iterdir() if not p.name.startswith(".")) == ["datapackage.json", "plans.csv"]


def test_deliveries_are_exported_once_a_register_is_imported(delivery_data, tmp_path, capsys):
    """With SIPRI's trade register imported (../shared), the export adds the deliveries ledger and the headline
    systems: F-35, 713 ordered by allies other than the US, 188 delivered by end-2024 (SIPRI, 2025-03)."""
    import duckdb

    assert main(["export", "--package", str(tmp_path / "pkg"), "--duckdb", str(tmp_path / "h.duckdb")]) == 0
    assert "deliveries not exported" not in capsys.readouterr().err
    report = _frictionless(tmp_path / "pkg" / "datapackage.json")
    assert report["valid"] and {"deliveries", "delivery-systems"} <= {t["name"] for t in report["tasks"]}
    con = duckdb.connect(str(tmp_path / "h.duckdb"), read_only=True)
    f35 = con.execute("SELECT ordered, delivered FROM delivery_systems WHERE system = 'f-35'").fetchone()
    src = con.execute("SELECT DISTINCT dataset FROM hague_sources WHERE table_name = 'deliveries'").fetchall()
    con.close()
    assert f35 == (713, 188) and ("sipri-trade-2025-03",) in src


def test_without_a_register_the_export_says_deliveries_are_left_out(tmp_path, capsys):
    assert main(["export", "--package", str(tmp_path / "pkg")]) == 0
    err = capsys.readouterr().err
    assert "hague: deliveries not exported: no SIPRI Arms Transfers Database" in err
    assert not (tmp_path / "pkg" / "deliveries.csv").exists()
