"""Every bad input of issue 12: one line on stderr, exit 2, nothing written."""

from __future__ import annotations

import os

import openpyxl
import pytest

from hague.cli import main

NATO_2024 = "data/official/nato/240617-def-exp-2024-TABLES-en.xlsx"


def _files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _one_line_error(capsys, argv, data_dir, must):
    before = _files(data_dir)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("hague: error: "), err
    assert "Traceback" not in err
    for m in must:
        assert m in err, err
    assert _files(data_dir) == before
    return err


def test_empty_and_binary_files(tmp_path, data_dir, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(bytes(range(256)) * 8)
    _one_line_error(capsys, ["data", "import", "nato", str(empty)], data_dir, ["empty.csv", "the file is empty"])
    _one_line_error(capsys, ["data", "import", "sipri", str(binary)], data_dir, ["binary.csv", "not an .xlsx"])
    _one_line_error(capsys, ["data", "import", "weo", str(binary)], data_dir,
                    ["binary.csv", "not text in UTF-16, UTF-8 or Windows-1252"])
    csv = tmp_path / "t.xlsx"  # an .xlsx name on a CSV: judged by content
    csv.write_text("a,b\n1,2\n")
    _one_line_error(capsys, ["data", "import", "nato", str(csv)], data_dir, ["not an .xlsx workbook (the content is text)"])


@pytest.mark.parametrize("bad", ["../../evil", "Bad Id!", "UPPER", "a/b", "x_y"])
def test_dataset_ids_are_validated_before_anything_is_read(shared_file, data_dir, capsys, bad, tmp_path):
    _one_line_error(capsys, ["data", "import", "nato", str(shared_file(NATO_2024)), "--id", bad], data_dir,
                    [f"invalid dataset id {bad!r}", "accepted: lower-case letters a-z, digits 0-9 and '-'"])
    assert not (tmp_path.parent / "evil").exists()


def test_diff_year_outside_both_editions(data_dir, capsys):
    _one_line_error(capsys, ["data", "diff", "NATO-2025", "NATO-2026", "--year", "1800"], data_dir,
                    ["year 1800 is in neither NATO-2025 (2014-2025) nor NATO-2026 (2014-2026)"])


def test_status_and_export_refuse_a_non_nato_dataset(tmp_path, data_dir, capsys):
    _one_line_error(capsys, ["status", "--edition", "imf-weo-2025-10"], data_dir,
                    ["'imf-weo-2025-10' is a WEO edition; this needs a NATO edition: ", "nato-2026"])
    out = tmp_path / "out.xlsx"
    _one_line_error(capsys, ["data", "export-nato-workbook", str(out), "--dataset", "imf-weo-2025-10"], data_dir,
                    ["is a WEO edition"])
    assert not out.exists()


def test_status_refuses_an_imported_sipri_edition(tmp_path, data_dir, capsys, build):
    assert main(["data", "import", "sipri", str(build.sipri(tmp_path / "SIPRI-Milex-data-1949-2024.xlsx")),
                 "--id", "sipri-2025"]) == 0
    capsys.readouterr()
    _one_line_error(capsys, ["status", "--edition", "sipri-2025"], data_dir, ["'sipri-2025' is a SIPRI edition"])


def test_exported_workbook_carries_the_nato_credit_line(tmp_path, capsys):
    out = tmp_path / "out.xlsx"
    assert main(["data", "export-nato-workbook", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        last = [c.value for c in ws["A"] if c.value][-1]
        assert last.startswith("Source: NATO, Defence Expenditure of NATO Countries (2014-2026)")
        assert "Credit: NATO" in last
    assert "Credit: NATO" in wb.properties.description


def test_diff_changed_only_and_filtered_to_nothing(data_dir, capsys):
    assert main(["data", "diff", "nato-2026", "nato-2026", "--changed"]) == 0
    assert capsys.readouterr().out.strip() == (
        "nothing changed: all 6013 values in both nato-2026 and nato-2026 (no filter) are equal")
    assert main(["data", "diff", "NATO-2025", "NATO-2026", "--ally", "POL", "--indicator", "gdp_per_capita",
                 "--year", "2024"]) == 0
    assert capsys.readouterr().out.startswith("no values match (ally POL, indicator gdp_per_capita, year 2024)")


def test_diff_changed_decomposes_a_share_revision(shared_file, data_dir, capsys):
    from hague.sources import import_file
    from hague.sources.diff import diff_editions

    import_file("nato", shared_file(NATO_2024))
    d = diff_editions("nato-2024", "nato-2026", ally="TUR", year=2023, changed=True)
    share = next(r for r in d.rows if r["indicator"] == "core_defence_expenditure_share_gdp")
    assert share["price_basis"] == "constant"  # 2015-based and 2021-based shares are compared
    assert share["from_spending"] is not None and share["from_gdp"] is not None
    assert share["from_spending"] + share["from_gdp"] + share["other"] == pytest.approx(share["change"])
    unchanged = diff_editions("nato-2024", "nato-2024", changed=True)
    assert unchanged.rows == [] and unchanged.compared == unchanged.unchanged == 5126
    assert os.environ["HAGUE_DATA_DIR"]
