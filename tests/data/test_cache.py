"""The start-up cache of parsed embedded files: same values as parsing, safe invalidation, never required."""

from __future__ import annotations

import os
import shutil

import pytest

from hague.data import EMBEDDED_DIR, _cache, _embedded_catalogue, read_csv


@pytest.fixture
def cache(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("HAGUE_CACHE_DIR", str(d))
    return d


@pytest.mark.parametrize("dsid", sorted(k for k in _embedded_catalogue() if k != "allies"))  # allies: a list
def test_cached_dataset_equals_the_parsed_file(cache, dsid):
    fname, meta = _embedded_catalogue()[dsid]
    path = EMBEDDED_DIR / fname
    parsed = read_csv(path.read_text(encoding="utf-8"), name=fname, dataset_id=dsid, meta=meta)
    cold = _cache.embedded_dataset(path, name=fname, dataset_id=dsid, meta=meta)  # builds the entry
    warm = _cache.embedded_dataset(path, name=fname, dataset_id=dsid, meta=meta)  # reads it
    assert len(list(cache.glob(f"dataset_{dsid}-*.marshal"))) == 1
    for ds in (cold, warm):
        assert ds.years() == parsed.years() and ds.indicators() == parsed.indicators()
        assert ds.ally_codes() == parsed.ally_codes() and ds.estimate_years() == parsed.estimate_years()
        assert len(ds) == len(parsed)
        for o in parsed.rows[:: max(1, len(parsed) // 400)]:  # lookups before the rows are made
            assert ds.observations(o.ally, o.indicator, o.year) == parsed.observations(o.ally, o.indicator, o.year)
        assert ds.rows == parsed.rows  # every field of every row, in file order
        assert ds == parsed
        assert ds.frame().equals(parsed.frame())


def test_real_values_through_the_cache(cache):
    fname, meta = _embedded_catalogue()["nato-2026"]
    for _ in range(2):
        ds = _cache.embedded_dataset(EMBEDDED_DIR / fname, name=fname, dataset_id="nato-2026", meta=meta)
        assert ds.value("DEU", "core_defence_expenditure_share_gdp", 2026) == 2.69
        assert ds.value("DEU", "core_defence_expenditure", 2026, unit="EUR million", price_basis="current") == 124660.0
        assert ds.value("XXX", "gdp", 2026) is None


def test_changed_file_is_parsed_again_and_old_entry_dropped(cache, tmp_path):
    src = tmp_path / "nato.csv"
    shutil.copy(EMBEDDED_DIR / "nato_2025_press.csv", src)
    before = _cache.embedded_dataset(src, name="nato.csv", dataset_id="t", meta={})
    first = set(cache.glob("dataset_t-*.marshal"))
    text = src.read_text(encoding="utf-8").splitlines()
    # the same size and a restored modification time: only the contents tell the change
    stat = src.stat()
    row = text[1].split(",")
    i = text[0].split(",").index("value")
    old = row[i]
    row[i] = str(float(old) + 1)[: len(old)].ljust(len(old), "0")
    assert row[i] != old
    src.write_text("\n".join([text[0], ",".join(row), *text[2:]]) + "\n", encoding="utf-8")
    os.utime(src, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = _cache.embedded_dataset(src, name="nato.csv", dataset_id="t", meta={})
    assert after.rows[0].value == float(row[i]) != before.rows[0].value
    second = set(cache.glob("dataset_t-*.marshal"))
    assert len(second) == 1 and second != first


def test_corrupt_entry_is_rebuilt(cache):
    fname, meta = _embedded_catalogue()["nato-2025-press"]
    path = EMBEDDED_DIR / fname
    _cache.embedded_dataset(path, name=fname, dataset_id="nato-2025-press", meta=meta)
    (entry,) = cache.glob("dataset_nato-2025-press-*.marshal")
    entry.write_bytes(entry.read_bytes()[:100])  # truncated, as by a crash of another writer
    ds = _cache.embedded_dataset(path, name=fname, dataset_id="nato-2025-press", meta=meta)
    parsed = read_csv(path.read_text(encoding="utf-8"), name=fname, dataset_id="x", meta=meta)
    assert ds.rows == parsed.rows
    assert len(entry.read_bytes()) > 100  # rewritten


def test_off_and_unwritable_cache_still_work(tmp_path, monkeypatch):
    fname, meta = _embedded_catalogue()["nato-2025-press"]
    monkeypatch.setenv("HAGUE_CACHE_DIR", "off")
    assert _cache.cache_dir() is None
    ds = _cache.embedded_dataset(EMBEDDED_DIR / fname, name=fname, dataset_id="p", meta=meta)
    assert len(ds) > 0
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("HAGUE_CACHE_DIR", str(blocker / "cache"))  # mkdir fails: run without the cache
    assert len(_cache.embedded_dataset(EMBEDDED_DIR / fname, name=fname, dataset_id="p", meta=meta)) == len(ds)
