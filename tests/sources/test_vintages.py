"""Real-time vintages: releases kept as published, their dates, revisions, level differences, vintage backtest."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from tests.conftest import shared_path

from hague.data import dataset
from hague.models.montecarlo.backtest import vintage_backtest
from hague.sources.vintages import as_published, edition_date, level_differences, releases, revision_error


def test_the_embedded_june_2024_release_is_the_official_workbook_as_published():
    """Every share of GDP in nato-2024-table3 equals a fresh import of NATO's June-2024 workbook."""
    from hague.sources.store import import_file

    wb = shared_path("data", "official", "nato", "240617-def-exp-2024-TABLES-en.xlsx")
    out = import_file("nato", wb)
    assert out.dataset_id == "nato-2024" and str(out.meta["published"]).startswith("2024-06-17")
    fresh = {(o.ally, o.year): (o.value, o.estimate) for o in dataset("nato-2024").rows
             if o.indicator == "defence_expenditure_share_gdp"}
    kept = {(o.ally, o.year): (o.value, o.estimate) for o in dataset("nato-2024-table3").rows}
    assert kept == fresh and len(kept) == 341  # 31 allies x 2014-2024
    assert kept[("POL", 2024)] == (pytest.approx(4.120191, abs=1e-6), True)  # 4.12% (2024e), as NATO printed it
    # the imported copy is the same release: the vintage backtest scores it once
    v = vintage_backtest(draws=2048)
    assert [r.published for r in v.releases] == [dt.date(2024, 6, 17), dt.date(2025, 8, 28)]


def test_releases_and_what_was_published_by_a_date():
    rel = {r.key: r for r in releases("nato")}
    assert rel["nato-2023-2024-graphicnews@2023-07"].last_year == 2023
    assert not rel["nato-2023-2024-graphicnews@2023-07"].full  # 2014 and 2023 only: no history to forecast from
    assert rel["nato-2024-table3"].published == dt.date(2024, 6, 17) and rel["nato-2024-table3"].full
    assert rel["nato-2025-secondary"].last_year == 2024  # the August-2025 copy has no 2025 column
    assert as_published("nato", 2024, dt.date(2024, 8, 31)).key == "nato-2024-table3"
    assert as_published("nato", 2024, dt.date(2024, 6, 1)) is None  # before the workbook came out
    assert as_published("nato", 2025, dt.date(2025, 8, 31)) is None  # no full 2025 release before the 2026 edition
    assert edition_date("nato-2026") == dt.date(2026, 7, 31)


def test_revision_error_known_at_a_date():
    # August 2024: the July-2023 edition's 2023 estimates against the June-2024 workbook's 2023 (30 allies)
    rms, n = revision_error("nato", dt.date(2024, 8, 31))
    assert n == 30 and rms == pytest.approx(0.1498, abs=1e-4)
    jul23 = {r.key: r for r in releases("nato")}["nato-2023-2024-graphicnews@2023-07"]
    assert jul23.shares["POL"][2023] == 3.9  # Poland 2023e in July 2023; 3.26 in the June-2024 workbook
    assert revision_error("nato", dt.date(2023, 12, 31)) == (0.0, 0)  # nothing to compare yet


def test_level_difference_june_2024_against_the_2026_core_series():
    d = level_differences("nato-2024-table3", "nato-2026", years=(2023, 2024))
    got = {a: round(x["pp"], 2) for a, x in d.items()}
    assert (got["ALB"], got["MKD"], got["MNE"], got["POL"], got["GRC"]) == (-0.57, -0.26, -0.20, -0.19, -0.17)
    assert sum(abs(x) <= 0.1 for x in got.values()) == 23 and len(got) == 31


def test_vintage_backtest_scores_each_release_against_the_latest_values():
    v = vintage_backtest(draws=2048)
    rows = {r["release"]: r for r in v.rows()}
    jun24 = rows["nato-2024-table3"]
    # forecasts from the June-2024 workbook (2024e as the origin), scored on 2025-26 of the 2026 edition
    assert (jun24["origin"], jun24["n"], jun24["n_estimates"], jun24["outcomes"]) == (2024, 62, 62, "2025-2026")
    assert jun24["cov80"] >= 0.70 and jun24["cov90"] >= 0.85  # the vintage goals (0.94, 0.98)
    assert 0.40 <= jun24["above_median"] <= 0.60  # 33 of 62 above the median
    assert jun24["mdae_ratio"] > 0.9  # not met: median error 0.393 pp vs 0.399 for no change
    assert jun24["revision"] == pytest.approx(0.1498, abs=1e-4)
    pol = {s.horizon: s for s in v.scores["nato-2024-table3"] if s.ally == "POL"}
    assert pol[1].outcome == 4.25 and pol[1].ae_nochange == pytest.approx(4.25 - 4.120191, abs=1e-6)
    assert rows["all"]["n"] == 124
    res = v.result()
    assert "ALB -0.57" in " ".join(res.notes) and "23 of 31 allies within +/-0.1 pp" in " ".join(res.notes)


def test_a_sipri_release_scored_against_the_next(tmp_path):
    """SIPRI's April-2025 workbook (imported) scored against the April-2026 release (secondary copy, shared)."""
    import yaml

    from hague.data import register_directory
    from hague.sources.store import import_file

    import_file("sipri", shared_path("data", "official", "sipri", "SIPRI-Milex-data-1949-2024_2.xlsx"))
    src = shared_path("data", "sipri_milex_2026release_secondary.csv")
    d = tmp_path / "sipri26"
    d.mkdir()
    with open(src, encoding="utf-8") as f, open(d / "sipri-2026.csv", "w", encoding="utf-8", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["ally", "year", "indicator", "unit", "price_basis", "estimate", "value", "source", "edition"])
        for r in csv.DictReader(f):
            if r["series"] == "milex_share_gdp" and r["value"]:
                w.writerow([r["country_iso3"], r["year"], "military_expenditure_share_gdp", "percent of GDP", "",
                            "false" if r["estimate"] == "false" else "true", r["value"], "sipri", "2026"])
    (d / "sipri-2026.yaml").write_text(yaml.safe_dump({
        "id": "sipri-2026", "file": "sipri-2026.csv", "family": "sipri", "edition": "2026", "published": "2026-04-27",
        "title": "SIPRI Military Expenditure Database, April 2026 release (secondary copy)", "producer": "SIPRI"}))
    register_directory(d)
    try:
        v = vintage_backtest(latest="sipri-2026", draws=2048)
        # the rolling backtest on the 2026 release starts its 2024 origin from the April-2025 release (SIPRI
        # publishes a year's data the next April), the 2023 origin from revised data
        from hague.models.montecarlo.backtest import backtest

        r = backtest(history="sipri-2026", origins=[2023, 2024], draws=2048)
        assert r.data[2024] == "as published: sipri-2025 (published 2025-04-30)"
        assert r.data[2023] == "revised (sipri-2026)"
    finally:
        from hague import data as hdata

        hdata._extra_dirs.remove(d)
        dataset.cache_clear()
    row = {r["release"]: r for r in v.rows()}["sipri-2025"]
    assert row["origin"] == 2024 and row["outcomes"] == "2025" and row["n"] == 31
    pol = [s for s in v.scores["sipri-2025"] if s.ally == "POL"][0]
    assert pol.outcome == pytest.approx(4.5, abs=0.05)  # SIPRI 2025: Poland 4.50% of GDP


def test_no_leakage_from_an_import_of_the_june_2024_workbook():
    """nato-2024 (the official June-2024 workbook, imported): published 2024-06-17, read from the file; simulate,
    check and the national targets use nothing announced after it."""
    from hague.models.montecarlo import simulate
    from hague.models.montecarlo.scenarios import central_paths, national_targets_simulated
    from hague.rules.check import check
    from hague.sources.store import import_file

    import_file("nato", shared_path("data", "official", "nato", "240617-def-exp-2024-TABLES-en.xlsx"))
    assert edition_date("nato-2024") == dt.date(2024, 6, 17)
    origin, paths = central_paths(("DEU", "GBR", "SWE"), source="nato-2024", scenario="plans", target=3.5, by=2035)
    # Germany's 3.5% (2025), the UK's 2.5% by 2027 (2025-02-25), Sweden's 3.5% by 2030 (2025-03-31): all later
    assert origin == 2024 and [p.basis for p in paths] == ["trend", "trend", "trend"]
    assert national_targets_simulated(("SVK", "GBR"), 2024, as_of=dt.date(2024, 6, 17)) == []
    r = simulate(draws=2048, seed=1, allies=["DEU", "GBR"], source="nato-2024")
    assert r.national == [] and all(r.path_of(a).basis == "trend" for a in ("DEU", "GBR"))
    c = check(2024, commitment="national", source="nato-2024")
    assert c.rows == []  # every national target was announced after June 2024
    skipped = {x["rule"]: x["reason"] for x in c.not_evaluated}
    assert skipped["national.BEL.core-2-2025"] == "announced 2025-06-24, after nato-2024 was published (2024-06-17)"
    assert len(check(2024, commitment="national").rows) > 20  # the 2026 edition knows them


def test_no_leakage_from_a_sipri_import_with_or_without_its_date():
    """sipri-2025 (SIPRI's April-2025 workbook): with the file's date (2025-04-30) the UK's February-2025 target is
    known and France's plan of 2026-08-18 is not; with no date at all, only what was announced by the end of 2024
    (Slovakia's 2% for 2025, 2024-12-19)."""
    import yaml

    from hague.data import dataset as _ds
    from hague.data import provenance
    from hague.models.montecarlo import simulate
    from hague.sources.store import datasets_dir, import_file

    wb = shared_path("data", "official", "sipri", "SIPRI-Milex-data-1949-2024_2.xlsx")
    import_file("sipri", wb)
    assert edition_date("sipri-2025") == dt.date(2025, 4, 30)
    r = simulate(draws=2048, seed=1, allies=["FRA", "GBR", "SVK"], source="sipri-2025")
    assert r.path_of("FRA").basis == "trend" and r.path_of("GBR").basis == "plans"
    assert sorted(t["id"] for t in r.national) == ["core-2-2025", "core-2.5-2027"]
    # the same file with no publication date: plans after its last data year (2024) are excluded
    side = datasets_dir() / "sipri-2025.yaml"
    meta = yaml.safe_load(side.read_text())
    meta.pop("published")
    side.write_text(yaml.safe_dump(meta))
    _ds.cache_clear()
    assert "published" not in provenance("sipri-2025") and edition_date("sipri-2025") == dt.date(2024, 12, 31)
    r = simulate(draws=2048, seed=1, allies=["FRA", "GBR", "SVK"], source="sipri-2025")
    assert r.path_of("GBR").basis == "trend" and [t["id"] for t in r.national] == ["core-2-2025"]
    # --published sets it at import, and a bad date is one clear error
    out = import_file("sipri", wb, replace=True, published="2025-02-01")
    assert out.meta["published"] == "2025-02-01 (given at import)" and edition_date("sipri-2025") == dt.date(2025, 2, 1)
    with pytest.raises(Exception, match=r"--published: expected a date YYYY-MM-DD .*got '2025-02'"):
        import_file("sipri", wb, replace=True, published="2025-02")


def test_data_import_published_on_the_command_line(capsys):
    from hague.cli import main

    wb = str(shared_path("data", "official", "sipri", "SIPRI-Milex-data-1949-2024_2.xlsx"))
    assert main(["data", "import", "sipri", wb, "--published", "30 April 2025"]) == 2
    assert "hague: error: --published: expected a date YYYY-MM-DD" in capsys.readouterr().err
    assert main(["data", "import", "sipri", wb, "--published", "2025-04-28"]) == 0
    assert "published 2025-04-28 (given at import)" in capsys.readouterr().out
    assert edition_date("sipri-2025") == dt.date(2025, 4, 28)


def test_vintages_against_a_release_sharing_no_year_and_bad_histories(capsys):
    from hague.cli import main

    # the August-2025 press values (2025 only) as the latest: the June-2024 release scored on 15 allies' 2025
    v = vintage_backtest(latest="nato-2025-press", draws=2048)
    row = {r["release"]: r for r in v.rows()}["nato-2024-table3"]
    assert row["outcomes"] == "2025" and row["n"] == 15
    assert "nato-2024-table3 and nato-2025-press share no year: not measured" in " ".join(v.result().notes)
    assert main(["backtest", "--vintages", "--history", "imf-weo-2025-10", "--draws", "500"]) == 2
    assert "imf-weo-2025-10 has no share of GDP" in capsys.readouterr().err
