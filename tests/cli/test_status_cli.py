"""`hague status`, `hague ally`, `hague allies`, `hague sources`, `hague validate`: every option and error."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from hague.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_status_default_is_2026_estimate_with_footer(capsys):
    code, out, _ = run(capsys, "status")
    assert code == 0
    assert "2026 (estimate)" in out.splitlines()[0]
    assert "NATO, Defence Expenditure of NATO Countries (2014-2026), July 2026" in out
    assert "edition 2026-07" in out
    deu = next(line for line in out.splitlines() if line.startswith("DEU"))
    assert "2.69" in deu and "147.0" in deu and "0.81" in deu
    isl = next(line for line in out.splitlines() if line.startswith("ISL"))
    assert "0.00" not in isl and "—" in isl
    assert "ISL: member without armed forces: no defence expenditure reported" in " ".join(out.split())
    assert any(line.startswith("NATO  NATO total") for line in out.splitlines())
    assert any(line.startswith("EUCA  NATO Europe and Canada") for line in out.splitlines())


def test_status_year_and_csv(capsys):
    code, out, _ = run(capsys, "status", "--year", "2025", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    by = {r["code"]: r for r in rows}
    assert float(by["POL"]["share_gdp"]) == 4.25
    assert round(float(by["NATO"]["share_gdp"]), 2) == 2.75
    assert by["ISL"]["share_gdp"] == ""
    assert not [line for line in out.splitlines() if line.startswith("#")]  # header + rows only; provenance in meta


def test_status_json_has_meta_and_units(capsys):
    code, out, _ = run(capsys, "status", "--format", "json")
    doc = json.loads(out)
    assert doc["meta"]["year"] == 2026 and doc["meta"]["estimate"] is True and doc["meta"]["edition"] == "2026-07"
    assert doc["meta"]["columns"]["share_gdp"]["unit"].startswith("percent of GDP")
    assert next(r for r in doc["rows"] if r["code"] == "LTU")["share_gdp"] == 5.33


def test_status_markdown_sorted(capsys):
    code, out, _ = run(capsys, "status", "--format", "md", "--sort", "share_gdp")
    lines = [line for line in out.splitlines() if line.startswith("| ")]
    assert lines[1].startswith("| LTU | Lithuania | ally | 5.33")
    code, out, _ = run(capsys, "status", "--format", "md", "--sort", "share_gdp", "--ascending")
    assert [line for line in out.splitlines() if line.startswith("| ")][1].startswith("| SVN | Slovenia | ally | 1.61")


def test_status_xlsx_output(tmp_path, capsys):
    from openpyxl import load_workbook

    path = tmp_path / "status.xlsx"
    code, _, err = run(capsys, "status", "--year", "2024", "--output", str(path))
    assert code == 0 and "wrote" in err
    wb = load_workbook(path)
    ws = wb["data"]
    header = [c.value for c in ws[1]]
    rows = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["POL"]["% GDP"] == 3.75
    assert "NATO" in rows["NATO"]["Ally"]
    assert any("Defence Expenditure of NATO Countries" in str(c.value) for row in wb["sources"].iter_rows() for c in row)


def test_output_format_from_extension(tmp_path, capsys):
    path = tmp_path / "s.json"
    assert run(capsys, "status", "-o", str(path))[0] == 0
    assert json.loads(path.read_text())["meta"]["year"] == 2026


def test_xlsx_to_terminal_is_refused(capsys):
    code, out, err = run(capsys, "status", "--format", "xlsx")
    assert code == 2 and "needs --output" in err and out == ""


def test_output_into_missing_folder_writes_nothing(tmp_path, capsys):
    target = tmp_path / "nope" / "s.csv"
    code, _, err = run(capsys, "status", "-o", str(target))
    assert code == 2 and "does not exist" in err and not target.exists()


@pytest.mark.parametrize(
    "argv,message",
    [
        (["status", "--year", "2013"], "year 2013 is not in nato-2026 (edition 2026-07); available years: 2014-2026"),
        (["status", "--sort", "gdp"], "unknown sort column 'gdp'; accepted: code, name, share_gdp"),
        (["ally", "GER"], "unknown ally 'GER'; did you mean DEU (Germany)?"),
        (["status", "--edition", "nato-1999"], "unknown edition 'nato-1999'; accepted: a dataset id"),
    ],
)
def test_errors_are_one_line_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert err.startswith("hague: error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_unknown_format_is_rejected_by_the_parser(capsys):
    assert main(["status", "--format", "pdf"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hague: error: Invalid value for '--format': 'pdf' is not one of") and err.count("\n") == 1


def test_ally_history_and_chart(capsys):
    code, out, _ = run(capsys, "ally", "POL")
    assert code == 0
    assert out.startswith("Poland (POL), member since 1999; national currency PLN")
    line25 = next(line for line in out.splitlines() if line.startswith("2025"))
    assert "4.25" in line25 and "44,154" in line25  # PLN 44,154 m current (NATO Table 1)
    assert "share of GDP" in out and "marks: ┆ 2  ┆ 3.5" in out
    years = [line[:4] for line in out.splitlines() if line[:4].isdigit() and line[4:6] == "  "]
    assert "2014" in years and "2026" in years


def test_ally_csv_has_every_indicator(capsys):
    code, out, _ = run(capsys, "ally", "DEU", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 13
    r26 = next(r for r in rows if r["year"] == "2026")
    assert float(r26["core_defence_expenditure[EUR million,current]"]) == 124660
    assert float(r26["military_personnel"]) == 183.2
    assert r26["estimate"] == "e"


def test_ally_iceland_says_no_armed_forces(capsys):
    code, out, _ = run(capsys, "ally", "Iceland")
    assert code == 0 and "member without armed forces" in out


def test_allies_and_sources(capsys):
    code, out, _ = run(capsys, "allies")
    assert code == 0 and "North Macedonia" in out and "2020" in out
    code, out, _ = run(capsys, "sources")
    assert code == 0
    for needle in ("nato-2026", "NATO Public Diplomacy Division", "def-exp-2026-en.xlsx", "imf-weo-2025-10",
                   "licence", "processing", "secondary copy"):
        assert needle in out
    code, out, _ = run(capsys, "sources", "--format", "json")
    assert {r["id"] for r in json.loads(out)["rows"]} >= {"nato-2026", "imf-weo-2025-04", "nato-2025-secondary"}


def test_validate_lists_known_outliers(capsys):
    code, out, _ = run(capsys, "validate", "--wide")
    assert code == 0
    assert "0 errors" in " ".join(out.split()) and "NLD" in out and "LUX" in out and "deflator" in out


def test_console_script_no_traceback():
    r = subprocess.run([sys.executable, "-m", "hague.cli", "ally", "XYZ"], capture_output=True, text=True)
    assert r.returncode == 2 and r.stderr.startswith("hague: error: unknown ally 'XYZ'") and "Traceback" not in r.stderr
    r = subprocess.run([sys.executable, "-m", "hague.cli", "status", "--format", "csv"], capture_output=True, text=True)
    assert r.returncode == 0 and "DEU,Germany,ally,2.69" in r.stdout
