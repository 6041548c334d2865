"""``hague data import --dry-run`` runs every check of the import (id, clash, layout, validation, aggregates) and
writes nothing: it said "layout OK" for ids the real import refuses."""

from __future__ import annotations

from hague.cli import main


def _one_line_error(capsys, argv) -> str:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hague: error: "), err
    return lines[0]


def test_dry_run_refuses_what_the_import_refuses_and_writes_nothing(tmp_path, data_dir, capsys):
    p = tmp_path / "def-exp-2026-en.xlsx"
    assert main(["data", "export-nato-workbook", str(p)]) == 0
    capsys.readouterr()
    dry = ["data", "import", "nato", str(p), "--dry-run"]
    assert "dataset id 'nato-2026' is shipped with hague and is never overwritten" in _one_line_error(capsys, dry)
    assert "invalid dataset id 'bad id'; accepted: lower-case letters" in _one_line_error(capsys, dry + ["--id", "bad id"])
    assert not data_dir.exists()
    assert main(dry + ["--id", "nato-2026-check"]) == 0
    out = capsys.readouterr().out
    assert "layout and validation OK; 6013 rows for nato-2026-check (edition 2026-07); nothing written" in out
    assert "278 of the workbook's NATO rows recomputed from the allies: 278 agree, 0 differ" in out
    assert not data_dir.exists()
    assert main(["data", "import", "nato", str(p), "--id", "nato-2026-check"]) == 0
    written = sorted(f.name for f in (data_dir / "datasets").iterdir())
    assert written == ["nato-2026-check.csv", "nato-2026-check.yaml"]
    assert "dataset 'nato-2026-check' is already imported" in _one_line_error(capsys, dry + ["--id", "nato-2026-check"])
    assert main(dry + ["--id", "nato-2026-check", "--replace"]) == 0
    assert sorted(f.name for f in (data_dir / "datasets").iterdir()) == written
