"""hague plans, hague plans compare, hague related."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd

from hague.cli import main


def run(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_plans_lists_germany_with_sources(capsys):
    rc, out, _ = run(capsys, "plans", "DEU", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rc == 0 and len(rows) == 15
    ep14 = next(r for r in rows if r["id"] == "law-2026-82.69eur")
    assert (ep14["value"], ep14["unit"], ep14["basis"], ep14["source_kind"], ep14["confidence"]) == (
        "82.69", "EUR bn", "national", "parliament", "high")


def test_plans_as_of_and_superseded(capsys):
    rc, out, _ = run(capsys, "plans", "CZE", "--format", "json")
    assert rc == 0 and [r["id"] for r in json.loads(out)["rows"]] == ["core-2-2026"]
    rc, out, _ = run(capsys, "plans", "CZE", "--as-of", "2025-12-31", "--format", "json")
    assert [r["id"] for r in json.loads(out)["rows"]] == ["path-2.2-2026", "core-3-2030"]


def test_plans_compare_keeps_the_national_basis_apart(capsys, tmp_path):
    out_file = tmp_path / "cmp.csv"
    rc, _, err = run(capsys, "plans", "compare", "--output", str(out_file))
    assert rc == 0 and "wrote" in err
    df = pd.read_csv(out_file)
    pol = df[(df.ally == "POL") & (df.id == "law-2026-200.1pln")].iloc[0]
    # Poland's budget act: 4.81 % of GDP on the national definition, NATO core 4.68 %: shown, not compared
    assert (pol.stated, pol.nato, pol.basis) == (4.81, 4.68, "national") and pd.isna(pol.difference)
    deu = df[(df.ally == "DEU") & (df.id == "path-2.8-2026")].iloc[0]
    assert (deu.stated, deu.nato, round(deu.difference, 2)) == (2.8, 2.69, 0.11)
    assert df.difference.dtype == "float64"


def test_related_and_the_five_percent_table(capsys):
    rc, out, _ = run(capsys, "related", "ESP", "--format", "json")
    doc = json.loads(out)
    assert rc == 0 and {r["categories"] for r in doc["rows"]} == {"networks (cyber defence)",
                                                                  "civil preparedness and resilience"}
    assert any("no reporting rules" in n for n in doc["notes"])
    rc, out, _ = run(capsys, "related", "--five", "--format", "csv")
    df = pd.read_csv(io.StringIO(out))
    assert len(df) == 32
    ita = df[df.code == "ITA"].iloc[0]
    # Italy's 0.7% related (think tank, low evidence) is shown apart, never added to its total
    assert (ita.core, ita.known_total) == (2.1, 2.1) and pd.isna(ita.related)
    assert ita.related_apart == "claimed for 2026: 0.7% (low evidence, think_tank source; not added)"


def test_bad_input_exits_2(capsys):
    assert run(capsys, "plans", "GER")[0] == 2
    rc, _, err = run(capsys, "plans", "--as-of", "31/12/2025")
    assert rc == 2 and "--as-of '31/12/2025' is not a date" in err
    assert run(capsys, "plans", "--kind", "law")[0] == 2
    assert run(capsys, "plans", "DEU", "POL")[0] == 2
    assert run(capsys, "related", "--five", "NATO")[0] == 2


def test_path_plan_reads_the_plan_assess_format(capsys):
    # the same file `hague plan assess` reads; its core shares become the path (2028: 3.2 %, 2030: 3.5 %)
    rc, out, _ = run(capsys, "path", "DEU", "--plan", "examples/plans/deu-2026-illustrative.csv", "--format", "csv")
    df = pd.read_csv(io.StringIO(out)).set_index("year")
    assert rc == 0 and df.loc[2028, "share_gdp"] == 3.2 and df.loc[2030, "share_gdp"] == 3.5


def test_plans_money_italy_increments(capsys):
    rc, out, _ = run(capsys, "plans", "money", "ITA", "--format", "csv")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rc == 0 and rows["amount-2028-12eur-nato"]["amount_type"] == "increment"
    assert rows["amount-2028-12eur-nato"]["implied_share"] == "2.5"
    assert rows["amount-2028-12eur-nato"]["verdict"] == "consistent"
