"""compare-sources as a Result: the SIPRI fixture's figures, provenance naming NATO, SIPRI and IMF editions."""

from __future__ import annotations

import pytest

import hague
from hague.render import render_csv


def test_compare_sources_result(tmp_path, build, data_dir, capsys):
    from hague.cli import main
    from hague.sources import import_file

    import_file("sipri", build.sipri(tmp_path / "SIPRI-Milex-data-1949-2024_2.xlsx"))
    r = hague.compare_sources_result(2024)
    pol = r.row(ally="POL")
    assert pol["nato"] == 3.75 and pol["sipri"] == pytest.approx(4.154394)  # NATO 2026 edition; SIPRI fixture
    assert r.column("nato_minus_sipri").origin == "computed by hague"
    assert r.column("nato_imf").inputs and r.column("sipri").origin == "source"
    ids = [s.dataset for s in r.provenance.sources]
    assert ids[0] == "nato-2026" and ids[1].startswith("sipri") and ids[2].startswith("imf-weo")
    assert main(["compare-sources", "--year", "2024", "--format", "csv"]) == 0
    assert capsys.readouterr().out == render_csv(r)
