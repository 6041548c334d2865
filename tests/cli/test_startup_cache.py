"""``hague status`` answered from the start-up cache (src/_hague_start.py): the same bytes as the full CLI, without
importing hague, and a new key whenever anything the output depends on changes."""

from __future__ import annotations

import os
import subprocess
import sys

import _hague_start

RUN = ("import sys, _hague_start; sys.argv = ['hague', *sys.argv[1:]]; rc = _hague_start.main(); "
       "print('IMPORTED' if 'hague' in sys.modules else 'NOT-IMPORTED', file=sys.stderr); sys.exit(rc)")


def _hague(tmp_path, *args, **env):
    e = {k: v for k, v in os.environ.items() if k != "HAGUE_OUTPUT_CACHE"}
    e.update({"HAGUE_CACHE_DIR": str(tmp_path / "cache"), "HAGUE_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "160",
              **env})
    r = subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, text=True, env=e, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout, r.stderr.strip().splitlines()[-1]


def test_status_is_served_from_the_cache_with_the_same_bytes(tmp_path):
    first, imported = _hague(tmp_path, "status")
    assert imported == "IMPORTED" and "POL   Poland" in first and " 4.68 " in first  # NATO 2026: Poland 4.68% in 2026
    again, imported = _hague(tmp_path, "status")
    assert again == first and imported == "NOT-IMPORTED"
    assert len(os.listdir(tmp_path / "cache" / "out")) == 1


def test_anything_the_output_depends_on_makes_a_new_key(tmp_path):
    base = _hague_start.key(["status"])
    assert base and _hague_start.key(["status", "--year", "2024"]) != base
    wide, _ = _hague(tmp_path, "status")
    narrow, imported = _hague(tmp_path, "status", COLUMNS="80")  # a narrower terminal: fewer columns
    assert imported == "IMPORTED" and narrow != wide
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "imported.csv").write_text("an imported edition may change the default\n")
    _, imported = _hague(tmp_path, "status")
    assert imported == "IMPORTED"  # the user's data changed: run in full


def test_files_rules_help_and_csv_always_run_in_full(tmp_path):
    for argv in (["status", "--output", "x.csv"], ["status", "--rules", "dir"], ["status", "--help"],
                 ["status", "--format", "csv"], ["ally", "POL"], []):
        assert _hague_start.key(argv) is None, argv
    _, imported = _hague(tmp_path, "status", HAGUE_OUTPUT_CACHE="off")
    _, imported = _hague(tmp_path, "status", HAGUE_OUTPUT_CACHE="off")
    assert imported == "IMPORTED"
