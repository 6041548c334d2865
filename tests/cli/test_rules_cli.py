"""`hague check`, `hague rules` and `hague plan assess` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from hague.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "plans"


def test_check_json(capsys):
    assert main(["check", "--ally", "DEU", "--commitment", "hague-2025.core", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    row = next(r for r in doc["rows"] if r["code"] == "DEU")
    assert row["gap_pp"] == 0.81 and row["currency"] == "EUR"  # 3.5 - unrounded 2.6943, at the column's 2 decimals
    assert doc["meta"]["year"] == 2026 and doc["meta"]["edition"] == "2026-07"
    assert row["pace"] == "on track" and row["year_reached"] == 2029 and row["status"] == "as likely as not"


def test_check_table_has_aggregates_and_footer(capsys):
    assert main(["check", "--commitment", "hague-2025.core", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "Commitments check, 2025 (estimate)" in out
    assert "NATO total" in out and "NATO Europe and Canada" in out
    assert "Not evaluated (no data series): hague-2025.related" not in out  # filtered to hague-2025.core
    assert "Source: NATO, Defence Expenditure of NATO Countries (2014-2026)" in out


def test_check_status_filter_and_errors(capsys):
    assert main(["check", "--commitment", "hague-2025.core", "--status", "met", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "Poland" in out and "Germany" not in out
    assert main(["check", "--commitment", "hague-2024"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hague: error: unknown commitment 'hague-2024'; accepted:") and err.count("\n") == 1
    assert main(["check", "--ally", "GER"]) == 2
    assert "did you mean DEU (Germany)?" in capsys.readouterr().err


def test_check_output_file_all_or_nothing(tmp_path, capsys):
    out = tmp_path / "check.xlsx"
    assert main(["check", "--ally", "POL", "-o", str(out)]) == 0
    assert out.stat().st_size > 0
    bad = tmp_path / "rules"
    bad.mkdir()
    (bad / "x.yaml").write_text("kind: commitment\nid: x\nid: y\n")
    target = tmp_path / "never.csv"
    assert main(["check", "--rules", str(bad), "-o", str(target)]) == 2
    assert f"{bad / 'x.yaml'}:3: duplicate key 'id'" in capsys.readouterr().err
    assert not target.exists()


def test_rules_listing(capsys):
    assert main(["rules", "--assessment", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "assessment.max_final_step_pp" in out and "LTU +1.30 pp" in out
    assert main(["rules", "--national", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "national.DEU.core-3.5-2029,3.5" in out and "hague-2025.core" not in out


def test_plan_assess_examples(capsys):
    # exit status: 0 credible, 1 not credible or incomplete, 2 error (docs/cli.md)
    assert main(["plan", "assess", str(EXAMPLES / "esp-2026-illustrative.yaml"), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["meta"]["verdict"] == "not credible" and doc["meta"]["illustrative"] is True
    assert {(r["code"], r["year"]) for r in doc["rows"]} == {("back_loaded", 2029), ("below_target", 2035),
                                                             ("total_short", 2035)}
    assert main(["plan", "assess", str(EXAMPLES / "deu-2026-illustrative.csv"),
                 "--previous", str(EXAMPLES / "deu-2025-illustrative-previous.csv")]) == 0
    out = capsys.readouterr().out
    assert "Verdict: CREDIBLE" in out and "slippage" in out and "target_year_slipped" in out
    assert main(["plan", "assess", str(EXAMPLES / "gbr-2026-illustrative-short.csv")]) == 1
    assert "Verdict: INCOMPLETE" in capsys.readouterr().out


def test_plan_assess_bad_plan(tmp_path, capsys):
    p = tmp_path / "bad.csv"
    p.write_text("ally,year,core_share_gdp,related_share_gdp\nDEU,2026,2.7,0.5\nDEU,2027,-1,0.5\n")
    assert main(["plan", "assess", str(p)]) == 2
    err = capsys.readouterr().err
    assert "row 3, column core_share_gdp: must not be negative" in err and err.count("\n") == 1


def test_plan_template_round_trip(tmp_path, capsys):
    out = tmp_path / "deu.csv"
    assert main(["plan", "template", "DEU", "--year", "2026", "-o", str(out)]) == 0
    text = out.read_text()
    assert "DEU,2026,2.69,,124660.0,," in text  # NATO 2026 edition, Tables 1 and 3
    # the blank template is not yet a plan: the reader names the empty cells
    assert main(["plan", "assess", str(out)]) == 2
    assert "row 4, column related_share_gdp: missing value" in capsys.readouterr().err
    filled = []
    for line in text.splitlines():
        if line.startswith("DEU,"):
            _, y, core, _, amount, _, _ = line.split(",")
            core = core or f"{min(3.5, 2.69 + 0.3 * (int(y) - 2026)):.2f}"
            line = f"DEU,{y},{core},1.5,{amount},,"
        filled.append(line)
    out.write_text("\n".join(filled) + "\n")
    assert main(["plan", "assess", str(out), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["meta"]["verdict"] == "credible"
    assert main(["plan", "template", "XXX"]) == 2


def test_help_of_each_command(capsys):

    for argv in (["check", "--help"], ["rules", "--help"], ["plan", "assess", "--help"], ["plan", "template", "--help"]):
        assert main(argv) == 0
        assert "--" in capsys.readouterr().out
