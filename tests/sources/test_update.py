"""``hague data update`` and ``hague data status`` end to end against a local HTTP server on 127.0.0.1.

The server (started here, stopped after) serves one page per source that links the real official files of
../shared/data/official (provenance and sha256 in its README); no other network is used.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path

import openpyxl
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


# --- releases keyed by content; a user's import is never replaced; the producers' other link shapes ---------------
@pytest.fixture
def folder_site(tmp_path):
    """A local site whose files the test puts in place (and changes) itself."""
    root = tmp_path / "site2"
    root.mkdir()
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _page(root, src: str, href: str) -> None:
    d = root / src
    d.mkdir(exist_ok=True)
    (d / "index.html").write_text(f'<html><body><a href="guide.pdf">Guide</a> <a href="{href}">Data</a></body></html>',
                                  encoding="utf-8")


def test_release_names_of_other_years_and_imf_media_links():
    from hague.sources.update import _classify

    r = _classify("sipri", "https://www.sipri.org/sites/default/files/SIPRI-Milex-data-1948-2023.xlsx")
    assert (r.file, r.edition) == ("SIPRI-Milex-data-1948-2023.xlsx", "2024")
    r = _classify("weo", "https://www.imf.org/-/media/Files/Publications/WEO/WEO-Database/2024/WEOApr2024all.ashx")
    assert (r.file, r.edition) == ("WEOApr2024all.xls", "2024-04")
    r = _classify("weo", "https://www.imf.org/en/Publications/WEO/weo-database/2025/april/download/WEOApr2025all")
    assert (r.file, r.edition) == ("WEOApr2025all.xls", "2025-04")
    assert _classify("weo", "https://www.imf.org/x/WEOApr2020alla.xls") is None  # the country-group file


def test_an_imf_ashx_link_is_downloaded_and_read_by_its_content(folder_site, shared_file, data_dir, capsys):
    root, base = folder_site
    _page(root, "weo", "WEOApr2020all.ashx")
    (root / "weo" / "WEOApr2020all.ashx").symlink_to(shared_file(FILES["weo"][0]))
    assert main(["data", "update", "weo", "--from", f"weo={base}/weo/"]) == 0
    out = capsys.readouterr().out
    assert "weo: newest release WEOApr2020all.xls (edition 2020-04); imported imf-weo-2020-04" in out
    assert f"sha256 {FILES['weo'][1]}" in out


def test_a_users_own_import_is_never_replaced_without_replace(folder_site, shared_file, data_dir, capsys):
    real = shared_file(FILES["sipri"][0])
    assert main(["data", "import", "sipri", str(real)]) == 0  # the user's own import of the April 2025 release
    root, base = folder_site
    _page(root, "sipri", "SIPRI-Milex-data-1949-2024_2.xlsx")
    wb = openpyxl.load_workbook(real)  # SIPRI revises a figure and serves the file under the same name
    ws = wb["Share of GDP"]
    row = next(r for r in ws.iter_rows(min_row=7) if r[0].value == "United States of America")
    col = next(c.column for c in ws[6] if c.value == 2024)
    row[col - 1].value = 0.035
    wb.save(root / "sipri" / "SIPRI-Milex-data-1949-2024_2.xlsx")
    capsys.readouterr()
    assert main(["data", "update", "sipri", "--from", f"sipri={base}/sipri/"]) == 0
    out = capsys.readouterr().out
    assert "not imported: sipri-2025 is your own import (of SIPRI-Milex-data-1949-2024_2.xlsx, sha256 8a31c2794c80" \
           "...), never replaced without --replace" in out
    dataset.cache_clear()
    assert round(dataset("sipri-2025").value("USA", "military_expenditure_share_gdp", 2024), 6) == 3.419217
    assert main(["data", "update", "sipri", "--replace", "--from", f"sipri={base}/sipri/"]) == 0
    out = capsys.readouterr().out
    assert "imported sipri-2025 (" in out and "replacing your own import (--replace)" in out
    dataset.cache_clear()
    assert dataset("sipri-2025").value("USA", "military_expenditure_share_gdp", 2024) == 3.5


def test_a_new_file_under_an_old_name_is_new(folder_site, shared_file, data_dir, capsys):
    real = shared_file(FILES["sipri"][0])
    root, base = folder_site
    _page(root, "sipri", real.name)
    served = root / "sipri" / real.name
    served.write_bytes(real.read_bytes())
    frm = ["--from", f"sipri={base}/sipri/"]
    assert main(["data", "update", "sipri", *frm]) == 0
    assert "imported sipri-2025" in capsys.readouterr().out
    assert main(["data", "update", "sipri", *frm]) == 0
    assert "already imported as sipri-2025 (same content: sha256 8a31c2794c80...)" in capsys.readouterr().out
    wb = openpyxl.load_workbook(real)  # the same name, new content (a corrected release)
    ws = wb["Share of GDP"]
    row = next(r for r in ws.iter_rows(min_row=7) if r[0].value == "Poland")
    row[next(c.column for c in ws[6] if c.value == 2024) - 1].value = 0.0425
    wb.save(served)
    assert main(["data", "update", "sipri", *frm]) == 0
    out = capsys.readouterr().out
    assert "imported sipri-2025" in out and "replacing an earlier update's import of different content" in out
    dataset.cache_clear()
    assert dataset("sipri-2025").value("POL", "military_expenditure_share_gdp", 2024) == 4.25
    snaps = json.loads((data_dir / "updates.json").read_text())["snapshots"]
    assert len({s["sha256"] for s in snaps}) == 2 and all(Path(s["path"]).is_file() for s in snaps)
