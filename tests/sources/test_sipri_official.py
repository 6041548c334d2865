"""The SIPRI reader on the real April 2025 workbook (../shared/data/official/sipri), read-only, no warnings,
and no invented "modified" date."""

from __future__ import annotations

import io
import re
import warnings
import zipfile

from hague.sources.sipri import read_sipri_workbook

WORKBOOK = "data/official/sipri/SIPRI-Milex-data-1949-2024_2.xlsx"


def _v(res, ally, year, indicator, **kw):
    hits = [o for o in res.rows if o.ally == ally and o.year == year and o.indicator == indicator
            and all(getattr(o, k) == v for k, v in kw.items())]
    assert len(hits) == 1, hits
    return hits[0]


def test_real_workbook_values_estimates_and_no_style_warning(shared_file):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # openpyxl's "Workbook contains no default style" would fail here
        r = read_sipri_workbook(shared_file(WORKBOOK))
    # shared/data/sipri_milex_2025release.csv (the same release): USA 2024 share 3.419217 %, USD 997,309 m
    assert round(_v(r, "USA", 2024, "military_expenditure_share_gdp").value, 6) == 3.419217
    assert round(_v(r, "USA", 2024, "military_expenditure", price_basis="current").value) == 997309
    assert r.meta["price_base"] == 2023 and r.meta["edition"] == "2025"
    assert r.meta["published"] == "2025-04-30 (workbook last modified)"  # the file's own docProps stamp
    assert "883 values in blue font marked estimate=true (SIPRI estimate)" in r.notes  # fonts read in read-only mode


def test_a_workbook_without_a_modified_stamp_is_not_dated_today(tmp_path, build):
    src = build.sipri(tmp_path / "SIPRI-Milex-data-1949-2024.xlsx")
    out = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>", b"", data)
            zout.writestr(item, data)
    p = tmp_path / "nostamp.xlsx"
    p.write_bytes(out.getvalue())
    r = read_sipri_workbook(p)
    assert r.meta["published"] == "not stated (the workbook has no modified stamp)"
