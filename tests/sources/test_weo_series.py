"""Every WEO series present is read, and the summary says exactly which (the real April 2020 file, and an
SDMX-CSV fixture built from the layout note with the embedded October 2025 values)."""

from __future__ import annotations

from hague.cli import main
from hague.data import dataset
from hague.sources import import_file
from hague.sources.weo import read_weo

APR2020 = "data/official/weo/WEOApr2020all.xls"


def _val(res, ally, code, year):
    hits = [o for o in res.rows if o.ally == ally and o.get("weo_code") == code and o.year == year]
    assert len(hits) == 1
    return hits[0]


def test_april_2020_every_series_and_only_those(shared_file):
    r = read_weo(shared_file(APR2020))
    assert set(r.meta["series"]) == {"NGDP_RPCH", "PPPGDP", "NGDPRPPPPCPCH", "PCPIPCH", "PCPIEPCH", "LUR",
                                     "GGXCNL_NGDP", "BCA_NGDPD"}
    # values as in the file (USA line, WEO Country Code 111)
    assert _val(r, "USA", "NGDP_RPCH", 2020).value == -5.907
    o = _val(r, "USA", "PCPIPCH", 2019)
    assert o.value == 1.812 and o.indicator == "weo_pcpipch" and o.unit == "Percent change" and not o.estimate
    ppp = _val(r, "USA", "PPPGDP", 2019)
    assert ppp.value == 21427.68 and ppp.unit == "Purchasing power parity; international dollars, billion"
    nl = _val(r, "POL", "GGXCNL_NGDP", 2020)
    assert nl.value == -6.734 and nl.indicator == "general_government_net_lending" and nl.estimate  # after 2018
    # the summary claims nothing the file lacks
    cov = r.meta["coverage"]
    assert "GDP (USD)" not in cov and "population" not in cov and "deflator" not in cov
    assert "NGDP_RPCH (real GDP growth)" in cov and "GGXCNL_NGDP (net lending)" in cov
    assert "LP (population)" in r.meta["series_absent"] and "NGDPD (GDP (USD))" in r.meta["series_absent"]


def test_april_2020_import_line_and_sidecar(shared_file, data_dir, capsys):
    assert main(["data", "import", "weo", str(shared_file(APR2020))]) == 0
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    assert first.startswith("imported imf-weo-2020-04:") and "population" not in first and "PCPIPCH" in first
    assert "not in this file: NGDPD (GDP (USD))" in out
    import yaml

    meta = yaml.safe_load((data_dir / "datasets" / "imf-weo-2020-04.yaml").read_text())
    assert "deflator" not in meta["coverage"] and meta["series"]["LUR"]["indicator"] == "weo_lur"


def test_sdmx_csv_government_finance_by_content_not_extension(tmp_path, build):
    p = build.weo_sdmx_csv(tmp_path / "weo-download.txt")  # no .csv: the content decides
    r = read_weo(p)
    assert r.meta["format"] == "portal" and r.meta["edition"] == "2025-10"
    assert set(r.meta["series"]) == {"GGXWDG_NGDP", "GGXCNL_NGDP", "GGXONLB_NGDP", "GGR_NGDP", "GGX_NGDP", "NGDPD"}
    assert _val(r, "DEU", "GGXWDG_NGDP", 2024).value == 63.465
    assert _val(r, "ITA", "GGXCNL_NGDP", 2024).value == -3.446
    assert _val(r, "DEU", "NGDPD", 2024).value == dataset("imf-weo-2025-10").value(
        "DEU", "gdp", 2024, unit="USD billion", price_basis="current")


def test_an_imported_weo_with_fiscal_series_serves_fiscal_space(tmp_path, build, data_dir):
    from hague.models.fiscal import fiscal_space

    import_file("weo", build.weo_sdmx_csv(tmp_path / "sdmx.csv"), dataset_id="weo-sdmx")
    a = fiscal_space("DEU", fiscal="weo-sdmx").year(2030)
    b = fiscal_space("DEU").year(2030)
    assert a["gross_debt"] == b["gross_debt"] == 73.583 and a["extra_pct_revenue"] == b["extra_pct_revenue"]
