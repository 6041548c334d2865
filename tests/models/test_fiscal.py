"""Fiscal space beside the path: IMF WEO October 2025 government finance (SOURCES.md section 6b)."""

from __future__ import annotations

import pytest

from hague.cli import main
from hague.data import dataset
from hague.errors import HagueError
from hague.models.fiscal import fiscal_space


def test_embedded_fiscal_series_carry_the_source_values():
    f = dataset("imf-weo-2025-10-fiscal")
    # spot values of SOURCES.md 6b: gross debt 2024 / 2030
    assert f.value("DEU", "general_government_gross_debt", 2024) == 63.465
    assert f.value("ITA", "general_government_gross_debt", 2030) == 137.01
    assert f.value("USA", "general_government_gross_debt", 2030) == 143.394
    assert f.value("ITA", "general_government_net_lending", 2024) == -3.446
    assert f.meta["edition"] == "2025-10" and "mitsuoxv/imf-weo" in f.meta["accessed"]
    assert {o.ally for o in f.rows} == {o.ally for o in dataset("imf-weo-2025-10").rows}


def test_germany_2030_extra_as_share_of_revenue_and_spending():
    r = fiscal_space("DEU").year(2030)
    assert round(r["share_gdp"], 2) == 3.05 and round(r["extra_pp"], 2) == 0.36  # 2.69 (2026) -> 3.5 by 2035
    assert r["revenue"] == 48.163 and r["expenditure"] == 52.213
    assert r["extra_pct_revenue"] == pytest.approx(100 * r["extra_pp"] / 48.163)
    assert r["extra_pct_expenditure"] == pytest.approx(100 * r["extra_pp"] / 52.213)
    assert r["gross_debt"] == 73.583 and r["net_lending"] == -4.05 and r["imf_projection"] is True


def test_after_2030_no_fiscal_figures_and_the_note_says_so():
    f = fiscal_space("ITA")
    assert f.year(2031)["revenue"] is None and f.year(2031)["extra_pp"] is not None
    assert "end in 2030" in f.footer()


def test_a_dataset_without_the_series_is_a_one_line_error():
    with pytest.raises(HagueError, match="lacks the government-finance series general_government_revenue"):
        fiscal_space("DEU", fiscal="nato-2026")


def test_path_fiscal_cli_csv(capsys):
    assert main(["path", "DEU", "--fiscal", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "extra_pct_revenue" in out and ",73.58," in out


def test_api_and_ally_page_show_it():
    from fastapi.testclient import TestClient

    from hague.web.app import create_app

    c = TestClient(create_app())
    j = c.get("/api/v1/fiscal/DEU").json()
    row = next(r for r in j["rows"] if r["year"] == 2030)
    assert row["gross_debt"] == 73.583 and j["fiscal_provenance"]["dataset"] == "imf-weo-2025-10-fiscal"
    page = c.get("/ally/DEU").text
    assert 'id="fiscal"' in page and "How it is paid for" in page
    assert c.get("/api/v1/fiscal/ISL").status_code in (400, 404, 422)
