"""Edition diff on the embedded NATO vintages, compare-sources with an imported SIPRI fixture, and the CLI."""

from __future__ import annotations

import json

import pytest

from hague.cli import main
from hague.errors import HagueError, UnknownDatasetError, UnknownIndicatorError
from hague.sources.diff import DEFINITION_NOTE, diff_editions
from hague.sources.store import editions, resolve_edition


def test_diff_embedded_2025_vs_2026_share_of_gdp():
    # SOURCES.md comparability warning: Albania 2023 1.75 -> 1.29, Albania 2024 1.70 -> 1.35, Poland 2025e 4.48 -> 4.25
    d = diff_editions("NATO-2025", "NATO-2026", ally="ALB")
    rows = {r["year"]: r for r in d.rows}
    assert (rows[2023]["old"], rows[2023]["new"]) == (1.75, 1.29)
    assert rows[2023]["change"] == pytest.approx(-0.46)
    assert rows[2023]["change_pct"] == pytest.approx(-26.2857, abs=1e-3)
    assert (rows[2024]["old"], rows[2024]["new"]) == (1.7, 1.35) and rows[2024]["estimate_old"] is True
    assert rows[2023]["indicator_old"] == "defence_expenditure_share_gdp"
    assert rows[2023]["indicator"] == "core_defence_expenditure_share_gdp"
    assert DEFINITION_NOTE in d.notes
    pol = diff_editions("NATO-2025", "NATO-2026", ally="POL", year=2025).rows
    assert [(r["old"], r["new"], r["edition_old"], r["edition_new"]) for r in pol] == [(4.48, 4.25, "2025-08", "2026-07")]
    pol24 = diff_editions("nato-2025-secondary", "nato-2026", ally="Poland", year=2024).rows[0]
    assert pol24["old"] == pytest.approx(3.788951289) and pol24["new"] == 3.75


def test_diff_indicator_filter_accepts_either_name():
    a = diff_editions("NATO-2025", "NATO-2026", indicator="defence_expenditure_share_gdp", year=2014)
    b = diff_editions("NATO-2025", "NATO-2026", indicator="core_defence_expenditure_share_gdp", year=2014)
    assert a.rows == b.rows and len(a.rows) == 31  # the aggregates of the 2025 copy have no 2026 counterpart
    with pytest.raises(UnknownIndicatorError, match="'gdp_growth' is in neither"):
        diff_editions("NATO-2025", "NATO-2026", indicator="gdp_growth")


def test_diff_of_older_editions_via_edition_filter():
    d = diff_editions("NATO-2023", "NATO-2024", ally="POL", include_unmatched=True)
    assert {(r["year"], r["old"], r["new"]) for r in d.rows if r["old"] and r["new"]} == {(2014, 1.88, 1.88)}


def test_resolve_edition_errors():
    with pytest.raises(UnknownDatasetError, match="unknown edition 'NATO-1999'"):
        resolve_edition("NATO-1999")


def test_compare_sources_without_sipri_says_how_to_import(data_dir, capsys):
    from hague.sources.compare import compare_sources

    with pytest.raises(HagueError, match="needs a SIPRI edition and none is imported.*'hague data update sipri'.*"
                                         "'hague data import sipri SIPRI-Milex-data-1949-YYYY.xlsx'"):
        compare_sources(2024)
    assert main(["compare-sources", "--year", "2024"]) == 2
    assert "https://www.sipri.org/databases/milex" in capsys.readouterr().err


def test_compare_sources_with_sipri_fixture(tmp_path, build, data_dir, capsys):
    from hague.sources import import_file
    from hague.sources.compare import compare_sources

    import_file("sipri", build.sipri(tmp_path / "SIPRI-Milex-data-1949-2024_2.xlsx"))
    c = compare_sources(2024)
    rows = {r["ally"]: r for r in c.rows}
    pol = rows["POL"]
    assert pol["nato"] == 3.75 and pol["sipri"] == pytest.approx(4.154394)
    assert pol["nato_minus_sipri"] == pytest.approx(3.75 - 4.154394)
    assert "no ally-specific reason documented" in pol["reason"]
    lux = rows["LUX"]
    assert lux["gdp_gap"] < -30  # NATO's LUX GDP a third below the IMF's (SOURCES.md, Luxembourg)
    assert "plausibly GNI" in lux["reason"]
    assert rows["ISL"]["nato"] is None and "no armed forces" in rows["ISL"]["reason"]
    assert rows["DEU"]["sipri"] == pytest.approx(1.891904) and rows["DEU"]["reason"] == ""
    assert rows["FRA"]["sipri"] is None and "SIPRI has no 2024 share for" in c.notes[0]
    assert main(["compare-sources", "--year", "2024", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert "rows" in out or isinstance(out, (dict, list))


def test_cli_import_editions_diff_and_export(tmp_path, data_dir, capsys, build):
    p = tmp_path / "def-exp-2026-en.xlsx"
    assert main(["data", "export-nato-workbook", str(p)]) == 0
    assert main(["data", "import", "nato", str(p)]) == 2
    assert "is shipped with hague" in capsys.readouterr().err
    assert main(["data", "import", "nato", str(p), "--id", "nato-2026-check", "--dry-run"]) == 0
    assert not (data_dir / "datasets").exists()
    assert main(["data", "import", "nato", str(p), "--id", "nato-2026-check"]) == 0
    out = capsys.readouterr().out
    assert "imported nato-2026-check: 6013 rows, edition 2026-07" in out
    assert "278 of the workbook's NATO rows recomputed from the allies: 278 agree, 0 differ" in out
    assert main(["data", "editions", "--format", "csv"]) == 0
    assert "nato-2026-check,2026-07,imported" in capsys.readouterr().out.replace("nato,", "")
    assert main(["status", "--edition", "nato-2026-check", "--format", "csv"]) == 0
    capsys.readouterr()
    assert main(["data", "diff", "NATO-2025", "NATO-2026", "--ally", "POL", "--format", "csv"]) == 0
    csv_out = capsys.readouterr().out
    assert "POL,2025,core_defence_expenditure_share_gdp,percent of GDP,4.48,4.25" in csv_out
    assert main(["data", "diff", "nato-2026", "nato-2026-check", "--ally", "DEU", "--year", "2026"]) == 0
    table = capsys.readouterr().out
    assert "0.00" in table  # an exact round trip: no change
    assert main(["data", "import", "nato", str(tmp_path / "missing.xlsx"), "--id", "x"]) == 2
    assert "missing.xlsx: no such file" in capsys.readouterr().err


def test_editions_lists_embedded_families():
    fam = {e["id"]: (e["family"], e["origin"]) for e in editions()}
    assert fam["nato-2026"] == ("nato", "embedded") and fam["imf-weo-2025-10"] == ("weo", "embedded")


@pytest.mark.parametrize("argv", [["--help"], ["data", "--help"], ["data", "import", "--help"],
                                  ["data", "diff", "--help"], ["data", "editions", "--help"],
                                  ["data", "export-nato-workbook", "--help"], ["compare-sources", "--help"]])
def test_help_of_every_command(argv, capsys):
    assert main(argv) == 0 and capsys.readouterr().out.startswith("Usage: hague")


def test_every_command_is_documented():
    from pathlib import Path

    doc = (Path(__file__).parents[2] / "docs" / "data-import.md").read_text(encoding="utf-8")
    for cmd in ("hague data import nato", "hague data import sipri", "hague data import weo", "hague data editions",
                "hague data diff", "hague data export-nato-workbook", "hague compare-sources", "--edition",
                "hague.import_source", "hague.editions", "hague.diff_editions", "hague.compare_sources",
                "hague.export_nato_workbook"):
        assert cmd in doc, cmd
