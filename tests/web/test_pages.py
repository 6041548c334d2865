"""The public dashboard: real figures, reference lines, provenance in every footer."""

from __future__ import annotations

import re


def test_overview_shows_every_ally_lines_and_totals(web):
    html = web.clients["public"].get("/?year=2026").text
    assert html.count('<a href="/ally/') == 32
    for legend in ("2% floor (Wales 2014, Vilnius 2023)", "3.5% core (The Hague 2025, by 2035)"):
        assert legend in html
    # core-only bars carry no 5% line (Lithuania's 5.33% core is not "5% met"); the 5% page has it
    assert "5% core + related (The Hague 2025, by 2035)" not in html and 'href="/five-percent"' in html
    assert "Poland: 4.68" in html and "Germany: 2.69" in html  # bar tooltips carry the NATO 2026 values
    assert "NATO total" in html and "Europe and Canada" in html
    assert "Iceland" in html and "no armed forces" in html


def test_overview_sorts_on_the_server(web):
    html = web.clients["public"].get("/?year=2026&sort=name&order=asc").text
    names = re.findall(r'<a href="/ally/([A-Z]{3})">', html)
    assert names[:3] == ["ALB", "BEL", "BGR"]
    html = web.clients["public"].get("/?year=2026&sort=share_gdp&order=desc").text
    assert re.findall(r'<a href="/ally/([A-Z]{3})">', html)[0] == "LTU"


def test_every_page_footer_names_source_edition_and_licence(web):
    for path in ("/", "/ally/FRA", "/sources", "/plans", "/login", "/api", "/ally/NOPE"):
        html = web.clients["public"].get(path).text
        footer = html[html.index("<footer>"):]
        assert "Source: NATO, Defence Expenditure of NATO Countries (2014-2026), July 2026" in footer
        assert "edition 2026-07" in footer and "Licence terms" in footer and "forbid selling" in footer


def test_ally_page_history_and_iceland(web):
    html = web.clients["public"].get("/ally/POL").text
    assert "<svg" in html and "2025: 4.25 % of GDP (estimate)" in html and "<polyline" in html
    isl = web.clients["public"].get("/ally/ISL").text
    assert "without armed forces" in isl and "<polyline" not in isl
    assert web.clients["public"].get("/ally/GER").status_code == 404


def test_sources_page_lists_every_dataset(web):
    from hague.data import dataset_ids

    html = web.clients["public"].get("/sources").text
    for i in dataset_ids():
        assert f"<code>{i}</code>" in html


def test_ally_page_commitments_national_target_and_required_path(web):
    html = web.clients["public"].get("/ally/DEU").text
    table = html[html.index('id="commitments"'):]
    table = table[:table.index("</table>")]
    # Germany's national target (3.5% in 2029) with its source, and The Hague core target, both "on track" in 2026
    # (the label and source come from the national plans: Defence Ministry, 26 November 2025)
    assert "Germany - NATO target of 3.5% of GDP in 2029" in table and "bmvg.de" in table
    assert "The Hague - core defence at least 3.5% of GDP by 2035" in table and table.count("on track") == 2
    assert "core known, related not reported" in table  # The Hague 5%: core known, nothing related reported
    assert "required path: Germany - NATO target of 3.5% of GDP in 2029 (linear, from 2026)" in html


def test_signed_in_plans_page_lists_every_ally_latest_plan(web):
    from tests.conftest import plan_csv

    web.registry.submit(web.principal("pol-delegate"), "POL", "pol.csv", plan_csv("POL", core0=4.7, step=0.0).encode())
    html = web.clients["deu"].get("/plans").text
    table = html[html.index('id="by-ally"'):]
    table = table[:table.index("</table>")]
    assert table.count("<tr>") == 33  # header + 32 allies
    pol = table[table.index("POL"):]
    assert pol.index("2026") < pol.index("</tr>") and "no plan filed" in table


def test_ally_page_fan_probabilities_and_path(web):
    html = web.clients["public"].get("/ally/LTU").text
    assert html.count("<polygon") == 2 and "Monte Carlo 5-95% range" in html
    path = html[html.index('id="path"'):]
    assert "<td>2035</td>" in path


def test_ally_page_central_path_basis_fan_and_probability_together(web):
    """Germany: the central path is its stated money path (EUR 118bn 2026 -> 161bn 2029, BMVg), the same path the
    probability is counted around; one sentence says why 'on track' (pace) and the probability differ."""
    from hague.models.montecarlo import simulate

    html = web.clients["public"].get("/ally/DEU").text
    central = html[html.index('id="central-path"'):]
    central = central[:central.index("</p>")]
    assert "Central path (plans): budgets fixed in EUR 2027-2029" in central and "bmvg.de" in central
    r = simulate(draws=2048, seed=20250625, allies=["DEU"])
    probs = html[html.index('id="probabilities"'):]
    assert f"in 2029\n<strong>{100 * r.probability('DEU', 2029):.0f}%</strong>" in probs
    assert "recent pace against the pace needed" in html[html.index('id="pace-vs-probability"'):]
    assert "Central path (plans) = Monte Carlo median" in html


def test_burden_and_capabilities_pages(web):
    html = web.clients["public"].get("/burden?year=2026").text
    assert "United States" in html and "57.07" in html and "NATO Europe and Canada" in html
    caps = web.clients["public"].get("/capabilities").text
    assert "a 400 percent increase in air and missile defence" in caps and 'id="ammunition"' in caps
