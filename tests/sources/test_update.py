"""``hague data update`` and ``hague data status`` end to end against a local HTTP server on 127.0.0.1.

The server (started here, stopped after) serves one page per source that links the real official files of
../shared/data/official (provenance and sha256 in its README); no other network is used.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading

import pytest

from hague.cli import main
from hague.data import dataset

FILES = {
    "nato": ("data/official/nato/240617-def-exp-2024-TABLES-en.xlsx",
             "1897e2ead4be252c5c9a9d2f2696a65398c51375c88a2e7425339a8d368a600b", 206548),
    "sipri": ("data/official/sipri/SIPRI-Milex-data-1949-2024_2.xlsx",
              "8a31c2794c8070230b3b9ef26a3249663f6317a8bc86ba3ec3099c791cdb692f", 872274),
    "weo": ("data/official/weo/WEOApr2020all.xls",
            "c11990fed69123f5d6c18797af047be15747b5f0f4b49070490ddfafd43795bf", 1667088),
}


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # a client that stops reading (the size limit) is expected
        pass


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):  # keep the test output clean
        pass


@pytest.fixture
def site(tmp_path, shared_file):
    root = tmp_path / "site"
    for src, (rel, _sha, _n) in FILES.items():
        d = root / src
        d.mkdir(parents=True)
        real = shared_file(rel)
        (d / real.name).symlink_to(real)
        # a page like the official one: the data file among other links (a PDF, an older edition's page)
        (d / "index.html").write_text(
            f'<html><body><a href="report.pdf">Report (PDF)</a> <a href="{real.name}">Data (Excel)</a> '
            f'<a href="/{src}/older.html">Older editions</a></body></html>', encoding="utf-8")
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    yield {src: f"{base}/{src}/" for src in FILES}
    server.shutdown()
    server.server_close()


def _from(site):
    return [a for src, url in site.items() for a in ("--from", f"{src}={url}")]


def test_update_discovers_downloads_records_imports_and_diffs(site, data_dir, capsys):
    assert main(["data", "update", *_from(site)]) == 0
    out = capsys.readouterr().out
    assert "nato: newest release 240617-def-exp-2024-TABLES-en.xlsx (edition 2024-06); imported nato-2024" in out
    assert "sipri: newest release SIPRI-Milex-data-1949-2024_2.xlsx (edition 2025); imported sipri-2025" in out
    assert "weo: newest release WEOApr2020all.xls (edition 2020-04); imported imf-weo-2020-04" in out
    # changed-only summary: the official June 2024 workbook against hague's vintage of that edition (its Table 3)
    assert "changed against nato-2024-table3: 0 of 341 values in both moved" in out
    log = json.loads((data_dir / "updates.json").read_text())
    snaps = {s["source"]: s for s in log["snapshots"]}
    for src, (_rel, sha, n) in FILES.items():
        assert snaps[src]["sha256"] == sha and snaps[src]["bytes"] == n
        assert f"{n:,} bytes, sha256 {sha}" in out
    # imported through the same readers: the named figures are there
    assert round(dataset("nato-2024").value("POL", "defence_expenditure_share_gdp", 2024), 2) == 4.12
    assert dataset("sipri-2025").meta["imported_from"]["sha256"] == FILES["sipri"][1]
    # a second run finds the same files and downloads nothing
    assert main(["data", "update", "nato", "--from", f"nato={site['nato']}"]) == 0
    assert "already imported as nato-2024" in capsys.readouterr().out


def test_size_limit_stops_the_download_and_writes_nothing(site, data_dir, capsys):
    assert main(["data", "update", "sipri", "--from", f"sipri={site['sipri']}", "--max-bytes", "100000"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "872,274 bytes is over the size limit of 100,000 bytes" in err
    assert not (data_dir / "datasets").exists() or not any((data_dir / "datasets").iterdir())
    assert not (data_dir / "downloads").exists() or not any((data_dir / "downloads").iterdir())


def test_status_says_which_newer_release_is_known(site, data_dir, capsys):
    assert main(["data", "status", "--format", "json"]) == 0
    rows = {r["source"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    assert rows["nato"]["edition"] == "2026-07" and rows["nato"]["newer"] == "no"
    assert rows["weo"]["edition"] == "2025-10" and rows["weo"]["newest_known"] == "2026-04"
    assert rows["weo"]["newer"].startswith("yes") and rows["sipri"]["dataset"] is None
    assert main(["data", "update", "sipri", "--check", "--from", f"sipri={site['sipri']}"]) == 0
    assert "checked only (--check): nothing downloaded" in capsys.readouterr().out
    assert not (data_dir / "downloads").exists()
    assert main(["data", "status", "--format", "json"]) == 0
    rows = {r["source"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    assert rows["sipri"]["newest_known"] == "2026-04"  # the known April 2026 release is newer than the one found


def test_bad_from_and_no_link(site, data_dir, capsys, tmp_path):
    assert main(["data", "update", "--from", "natoo=http://127.0.0.1:1/"]) == 2
    assert "expected SOURCE=URL with SOURCE one of nato, sipri, weo" in capsys.readouterr().err
    assert main(["data", "update", "weo", "--from", f"weo={site['nato']}"]) == 0
    assert "no WEO data file linked from" in capsys.readouterr().out
